package store_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestCrashedRunIsRescued: a run whose worker died (kill -9) twelve and a
// half minutes ago is handed to a live worker within seconds, not after
// River's hours.
func TestCrashedRunIsRescued(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		owner := w.Actors["county_hr"]
		svc, q := queuedRunService(t, db, 1)
		svc.Register("import", func(ctx context.Context, r *jobs.Run, p *jobs.Progress) (any, error) { return "done", nil })
		actx := app.WithActor(ctx, &app.Actor{UserID: owner.ID, Username: owner.Username, Grants: owner.Grants})
		r, err := svc.Start(actx, "import", "导入", nil)
		if err != nil {
			t.Fatal(err)
		}
		// The run was taken by a worker that then died, 12.5 minutes ago.
		ago := `strftime('%Y-%m-%d %H:%M:%f', 'now', '-750 seconds')`
		if db.Dialect() == store.Postgres {
			ago = `now() - interval '750 seconds'`
		}
		if _, err := db.SQL().ExecContext(ctx, `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = `+ago); err != nil {
			t.Fatal(err)
		}
		if err := db.StartRun(ctx, r.ID, time.Now().Add(-750*time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(ctx)
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			got, err := svc.Find(actx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Finished() {
				if got.Status != jobs.StatusDone {
					t.Fatalf("rescued run: %+v", got)
				}
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatal("a run whose worker died 12.5 minutes ago was not rescued")
	})
}
