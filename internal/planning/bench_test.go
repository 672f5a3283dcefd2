package planning_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store/storetest"
)

// BenchmarkPlanning measures building a county's instance from the registry
// and solving it, on one county of JIAOLIU_BENCH_EDUCATORS educators (20,000
// by default), on both databases. `go run ./bench/planning` prints the same
// and the approval.
func BenchmarkPlanning(b *testing.B) {
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("JIAOLIU_BENCH_EDUCATORS")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			clock := app.NewFixedClock(time.Date(2027, 3, 1, 2, 0, 0, 0, time.UTC))
			db := storetest.Open(b, dialect, clock)
			c, err := storetest.LoadCounty(context.Background(), db, n)
			if err != nil {
				b.Fatal(err)
			}
			log := audit.NewLog(db, clock)
			runs := jobs.NewService(db, noQueue{}, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
			svc := planning.NewService(db, rotation.NewService(db, log, clock), runs, log, clock)
			ctx := app.WithActor(context.Background(), app.SystemActor("bench"))
			settings := planning.DefaultSettings(planning.ModeTeacher)
			var in *plan.Instance
			b.Run("build", func(b *testing.B) {
				for b.Loop() {
					if in, _, err = svc.BuildInstance(ctx, c.County.ID, 2027, planning.ModeTeacher, settings); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("solve", func(b *testing.B) {
				for b.Loop() {
					p, err := plan.Solve(context.Background(), in, plan.Options{})
					if err != nil || p.Status == plan.StatusInfeasible {
						b.Fatalf("%v %v", p, err)
					}
				}
			})
		})
	}
}
