// Command planning measures rotation planning in the application on SQLite
// and PostgreSQL: building a county's instance from the registry (who must
// rotate, where everyone teaches, priorities, staffing), solving it, the
// whole background run as the web application does it (build, solve, store),
// and the approval that makes one planned exchange per move. It does so for
// a county of the demo city and for one large county of copies of the demo
// (--educators, 40,000 by default). It prints figures; it asserts nothing.
//
//	go run ./bench/planning [--educators 40000] [--runs 3] [--pg postgres://…] [--sqlite-only]
//
// Without --pg it starts a throwaway PostgreSQL cluster as the tests do.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/org"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// year is the school year planned; the clock stands in the spring before it.
const year = 2027

func main() {
	n := flag.Int("educators", 40000, "educators of the large county")
	runs := flag.Int("runs", 3, "runs of each measurement")
	pgURL := flag.String("pg", "", "PostgreSQL URL of an empty database (default: a throwaway cluster)")
	sqliteOnly := flag.Bool("sqlite-only", false, "measure SQLite only")
	flag.Parse()
	err := run(*n, *runs, *pgURL, *sqliteOnly)
	storetest.StopPostgres()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/planning:", err)
		os.Exit(1)
	}
}

func run(n, runs int, pgURL string, sqliteOnly bool) error {
	dir, err := os.MkdirTemp("", "jiaoliu-bench-planning-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dsns := [][2]string{{"sqlite:" + filepath.Join(dir, "demo.db"), "sqlite:" + filepath.Join(dir, "county.db")}}
	if !sqliteOnly {
		a, b := pgURL, pgURL
		if pgURL == "" {
			if a, err = storetest.PostgresDatabase("jiaoliu_bench_plan_demo"); err != nil {
				return fmt.Errorf("PostgreSQL: %w (give --pg or --sqlite-only)", err)
			}
			if b, err = storetest.PostgresDatabase("jiaoliu_bench_plan_county"); err != nil {
				return err
			}
		}
		dsns = append(dsns, [2]string{a, b})
	}
	for _, d := range dsns {
		if err := measure(d[0], "demo", 4000, runs); err != nil {
			return err
		}
		if d[1] == d[0] {
			continue // one given database holds the demo already
		}
		if err := measure(d[1], "large", n, runs); err != nil {
			return err
		}
	}
	return nil
}

// noQueue keeps runs for the caller to work, so that the run's work is timed.
type noQueue struct{}

func (noQueue) Enqueue(context.Context, int64) error { return nil }

func measure(dsn, what string, n, runs int) error {
	ctx := context.Background()
	clock := app.NewFixedClock(time.Date(year, 3, 1, 2, 0, 0, 0, time.UTC))
	db, err := store.OpenMigrated(ctx, dsn, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	var county *org.County
	var educators, schools int
	if what == "demo" {
		city, err := storetest.LoadCity(ctx, db, n)
		if err != nil {
			return err
		}
		county, educators, schools = city.Counties[0], city.Educators, city.Schools
	} else {
		c, err := storetest.LoadCounty(ctx, db, n)
		if err != nil {
			return err
		}
		county, educators, schools = c.County, c.Educators, c.Schools
	}
	fmt.Printf("%s, %s: %s — %d educators, %d schools in the database; loaded in %s\n", db.Dialect().Name(), what, county.Name, educators, schools,
		time.Since(start).Round(time.Millisecond))

	log := audit.NewLog(db, clock)
	runsSvc := jobs.NewService(db, noQueue{}, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	svc := planning.NewService(db, rotation.NewService(db, log, clock), runsSvc, log, clock)
	runsSvc.Register(planning.RunSolve, svc.SolveHandler())
	actx := app.WithActor(ctx, app.SystemActor("bench"))
	settings := planning.DefaultSettings(planning.ModeTeacher)

	report := func(label string, times []time.Duration) {
		slices.Sort(times)
		fmt.Printf("  %-52s min %9s  median %9s  max %9s\n", label, times[0].Round(time.Millisecond), times[len(times)/2].Round(time.Millisecond),
			times[len(times)-1].Round(time.Millisecond))
	}
	var in *plan.Instance
	var facts *planning.Facts
	var builds, solves []time.Duration
	var p *plan.Plan
	for range runs {
		t := time.Now()
		if in, facts, err = svc.BuildInstance(actx, county.ID, year, planning.ModeTeacher, settings); err != nil {
			return err
		}
		builds = append(builds, time.Since(t))
		t = time.Now()
		if p, err = plan.Solve(ctx, in, plan.Options{}); err != nil {
			return err
		}
		solves = append(solves, time.Since(t))
	}
	var buf bytes.Buffer
	plan.WriteInstance(&buf, in)
	fmt.Printf("  instance: %d schools, %d teachers, %d candidates, %d staffing rows, target %d, backbone ≥ %d (%d KB)\n",
		len(in.Schools), len(in.Teachers), facts.Candidates, len(in.Staffing), in.Policy.Target, in.Policy.MinBackbone, buf.Len()/1024)
	report("build the instance from the registry", builds)
	report("solve (plan.Solve, to proven optimality)", solves)
	fmt.Printf("  plan: %s, %d moves, objective %.2f, bound %.2f, %d nodes\n", p.Status, len(p.Moves), p.Objective, p.Bound, p.Stats.Nodes)

	// The background run as the application does it, then the approval.
	t := time.Now()
	pl, err := svc.CreatePlan(actx, planning.PlanInput{CountyID: county.ID, SchoolYear: year, Mode: planning.ModeTeacher})
	if err != nil {
		return err
	}
	if _, err := svc.Solve(actx, pl.ID, pl.RunID, nil); err != nil {
		return err
	}
	report("the plan's run: build, solve, store", []time.Duration{time.Since(t)})
	t = time.Now()
	v, err := svc.FindView(actx, pl.ID, planning.MoveFilter{Limit: 100})
	if err != nil {
		return err
	}
	report("the plan page's data (moves explained, staffing, map)", []time.Duration{time.Since(t)})
	if !v.CanApprove {
		fmt.Printf("  approval skipped: %d violations, %d moves\n", len(v.Violations), len(v.Plan.Moves))
		return nil
	}
	t = time.Now()
	if _, err := svc.Approve(actx, pl.ID, planning.ApproveInput{NoticeDays: 5}); err != nil {
		return err
	}
	report(fmt.Sprintf("approve: %d planned exchanges in one transaction", len(v.Plan.Moves)), []time.Duration{time.Since(t)})
	return nil
}
