// Command rotation measures the rotation computations on a city of 100,000
// educators (by default) in SQLite and in PostgreSQL: the list of who must
// rotate for the whole city, and the quota dashboard of the city and of one
// county. It prints figures; it asserts nothing.
//
//	go run ./bench/rotation [--educators 100000] [--pg postgres://…] [--runs 5]
//
// Without --pg it starts a throwaway PostgreSQL cluster as the tests do
// (initdb and pg_ctl on the PATH or in /usr/lib/postgresql/*/bin).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func main() {
	n := flag.Int("educators", 100000, "number of educators in the city")
	pgURL := flag.String("pg", "", "PostgreSQL URL of an empty database (default: a throwaway cluster)")
	runs := flag.Int("runs", 5, "runs of each measurement")
	flag.Parse()
	err := run(*n, *pgURL, *runs)
	storetest.StopPostgres()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/rotation:", err)
		os.Exit(1)
	}
}

func run(n int, pgURL string, runs int) error {
	dir, err := os.MkdirTemp("", "jiaoliu-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if pgURL == "" {
		if pgURL, err = storetest.PostgresDatabase("jiaoliu_bench"); err != nil {
			return fmt.Errorf("PostgreSQL: %w (give --pg)", err)
		}
	}
	for _, dsn := range []string{"sqlite:" + filepath.Join(dir, "bench.db"), pgURL} {
		if err := measure(dsn, n, runs); err != nil {
			return err
		}
	}
	return nil
}

func measure(dsn string, n, runs int) error {
	ctx := context.Background()
	clock := app.NewFixedClock(time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC))
	db, err := store.OpenMigrated(ctx, dsn, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	city, err := storetest.LoadCity(ctx, db, n)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d educators, %d career rows, %d schools, %d counties, %d exchanges; loaded in %s\n", db.Dialect().Name(),
		city.Educators, city.Careers, city.Schools, len(city.Counties), city.Exchanges, time.Since(start).Round(time.Millisecond))
	svc := rotation.NewService(db, audit.NewLog(db, clock), clock)
	cityCtx := app.WithActor(ctx, &app.Actor{Username: "city", Grants: []app.Grant{{Role: auth.RoleCity, ScopeKind: auth.ScopeCity, ScopeID: city.City.ID}}})
	county := city.Counties[len(city.Counties)/2]
	countyCtx := app.WithActor(ctx, &app.Actor{Username: "county", Grants: []app.Grant{{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: county.ID}}})

	var listed, must int
	report := func(what string, fn func() error) error {
		var ds []time.Duration
		for range runs {
			t := time.Now()
			if err := fn(); err != nil {
				return err
			}
			ds = append(ds, time.Since(t))
		}
		slices.Sort(ds)
		fmt.Printf("  %-44s min %8s  median %8s  max %8s\n", what, ds[0].Round(time.Millisecond), ds[len(ds)/2].Round(time.Millisecond),
			ds[len(ds)-1].Round(time.Millisecond))
		return nil
	}
	if err := report("eligibility, whole city (who must rotate)", func() error {
		rows, total, err := svc.FindEligible(cityCtx, rotation.EligibleFilter{AsOf: app.NewDate(2026, time.September, 1)})
		listed, must = len(rows), total
		return err
	}); err != nil {
		return err
	}
	var d *rotation.Dashboard
	if err := report("dashboard, whole city", func() error {
		d, err = svc.FindDashboard(cityCtx, rotation.DashboardFilter{Year: 2026})
		return err
	}); err != nil {
		return err
	}
	if err := report("dashboard, one county with its schools", func() error {
		_, err := svc.FindDashboard(countyCtx, rotation.DashboardFilter{Year: 2026, CountyID: county.ID})
		return err
	}); err != nil {
		return err
	}
	if err := report("eligibility, one county, everyone with reasons", func() error {
		_, _, err := svc.FindEligible(countyCtx, rotation.EligibleFilter{CountyID: county.ID, All: true})
		return err
	}); err != nil {
		return err
	}
	fmt.Printf("  figures: %d must rotate (%d listed), %d rotated, %.1f%% against a target of %d; %d counties meet their quota\n",
		must, listed, d.Total.Rotated, d.Total.Share, d.Total.Target, countMeeting(d))
	return nil
}

func countMeeting(d *rotation.Dashboard) int {
	n := 0
	for _, c := range d.Counties {
		if c.MeetsQuota {
			n++
		}
	}
	return n
}
