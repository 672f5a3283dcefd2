// Command training measures the county's training-hours report (the
// current five-year cycle's hours of every educator, with who is behind)
// over a county of 20,000 educators (by default) with ten years of credited
// hours, against a plain SELECT of the credit rows the report sums, in
// SQLite and in PostgreSQL. It prints the times and their ratio; it
// asserts nothing.
//
//	go run ./bench/training [--educators 20000] [--years 10] [--pg postgres://…] [--runs 5]
//
// Without --pg it starts a throwaway PostgreSQL cluster as the tests do.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jiaoliu/bench/internal/timing"
	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

func main() {
	n := flag.Int("educators", 20000, "number of educators in the county")
	years := flag.Int("years", 10, "years of credited hours")
	pgURL := flag.String("pg", "", "PostgreSQL URL of an empty database (default: a throwaway cluster)")
	runs := flag.Int("runs", 5, "runs of each measurement")
	flag.Parse()
	err := run(*n, *years, *pgURL, *runs)
	storetest.StopPostgres()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/training:", err)
		os.Exit(1)
	}
}

func run(n, years int, pgURL string, runs int) error {
	dir, err := os.MkdirTemp("", "jiaoliu-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if pgURL == "" {
		if pgURL, err = storetest.PostgresDatabase("jiaoliu_bench_training"); err != nil {
			return fmt.Errorf("PostgreSQL: %w (give --pg)", err)
		}
	}
	for _, dsn := range []string{"sqlite:" + filepath.Join(dir, "bench.db"), pgURL} {
		if err := measure(dsn, n, years, runs); err != nil {
			return err
		}
	}
	return nil
}

func measure(dsn string, n, years, runs int) error {
	ctx := context.Background()
	clock := app.NewFixedClock(time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC))
	db, err := store.Open(ctx, dsn, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	county, err := storetest.LoadCounty(ctx, db, n)
	if err != nil {
		return err
	}
	rows, err := loadCredits(ctx, db, years)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d educators, %d credit rows over %d years; loaded in %s\n", db.Dialect().Name(), county.Educators, rows, years,
		time.Since(start).Round(time.Millisecond))
	log := audit.NewLog(db, clock)
	svc := training.NewService(db, programme.NewService(db, log, clock), log, clock)
	hr := app.WithActor(ctx, &app.Actor{Username: "hr", Grants: []app.Grant{{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty,
		ScopeID: county.County.ID, Place: app.Place{CityID: county.County.CityID, CountyID: county.County.ID}}}})
	// Cycles from 2022, so that the current one holds five years of hours.
	if err := db.SetSetting(ctx, training.SettingCycleStart, "2022"); err != nil {
		return err
	}
	cycle, err := svc.CycleOn(ctx, 2026)
	if err != nil {
		return err
	}
	var lines, behind, plainRows, creditRows int
	report := timing.Best(runs, func() error {
		rep, err := svc.HoursReport(hr, county.County.ID, 0, false)
		if err == nil {
			lines, behind = len(rep.Lines), rep.Behind
		}
		return err
	})
	plain := timing.Best(runs, func() error {
		var err error
		plainRows, err = plainSelect(ctx, db, county.County.ID, cycle)
		return err
	})
	credits := timing.Best(runs, func() error {
		var err error
		creditRows, err = creditSelect(ctx, db, cycle)
		return err
	})
	if report.Err != nil || plain.Err != nil || credits.Err != nil {
		return fmt.Errorf("report: %v; plain: %v; credits: %v", report.Err, plain.Err, credits.Err)
	}
	fmt.Printf("  report (%d–%d): %d educators, %d behind: %s\n", cycle.From, cycle.To, lines, behind, report.D.Round(time.Microsecond))
	fmt.Printf("  plain SELECT of the %d rows it is made of (educators with their credits): %s\n", plainRows, plain.D.Round(time.Microsecond))
	fmt.Printf("  plain SELECT of the cycle's %d credit rows alone (educator id, hours): %s\n", creditRows, credits.D.Round(time.Microsecond))
	fmt.Printf("  ratio report / plain SELECT of its rows: %.2f× (target under 2×)\n", float64(report.D)/float64(plain.D))
	fmt.Printf("  ratio report / plain SELECT of the credit rows alone: %.2f×\n", float64(report.D)/float64(credits.D))
	return nil
}

// plainSelect reads the rows the report is made of, as they are: each
// educator of the county with its school and county and each of its
// credits in the cycle, unsummed and unsorted.
func plainSelect(ctx context.Context, db *store.DB, county int64, c training.Cycle) (int, error) {
	rows, err := db.SQL().QueryContext(ctx, `SELECT e.id, e.name, e.post, e.school_id, s.name, co.name, h.hours
		FROM educators e JOIN schools s ON s.id = e.school_id JOIN counties co ON co.id = s.county_id
		LEFT JOIN training_credits h ON h.educator_id = e.id AND h.year >= $1 AND h.year <= $2
		WHERE s.county_id = $3`, c.From, c.To, county)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var ed, school int64
		var name, post, schoolName, countyName string
		var h sql.NullInt64
		if err := rows.Scan(&ed, &name, &post, &school, &schoolName, &countyName, &h); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}

// creditSelect reads the cycle's credit rows, educator and hours, and nothing else.
func creditSelect(ctx context.Context, db *store.DB, c training.Cycle) (int, error) {
	rows, err := db.SQL().QueryContext(ctx, `SELECT educator_id, hours FROM training_credits WHERE year >= $1 AND year <= $2`, c.From, c.To)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var ed int64
		var h int
		if err := rows.Scan(&ed, &h); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}

// loadCredits gives every educator one to three credits a year for the
// years up to 2026, in multi-row INSERTs.
func loadCredits(ctx context.Context, db *store.DB, years int) (int, error) {
	var ids []int64
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM educators ORDER BY id`)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	r := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	var vals []string
	var args []any
	total := 0
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		_, err := db.SQL().ExecContext(ctx, `INSERT INTO training_credits (educator_id, title, hours, credited_on, year, created_by, created_at) VALUES `+
			strings.Join(vals, ", "), args...)
		vals, args = vals[:0], args[:0]
		return err
	}
	for _, id := range ids {
		for y := 2026 - years + 1; y <= 2026; y++ {
			for k := range 1 + r.IntN(3) {
				p := len(args)
				vals = append(vals, fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d)", p+1, p+2, p+3, p+4, p+5, p+6, p+7))
				args = append(args, id, "基准培训", 6+r.IntN(40), app.NewDate(y, time.Month(3+k*3), 10), y, "bench", now)
				total++
			}
			if len(vals) >= 500 {
				if err := flush(); err != nil {
					return 0, err
				}
			}
		}
	}
	return total, flush()
}
