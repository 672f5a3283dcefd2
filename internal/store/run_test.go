package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// queuedRunService is a run service over db whose runs act as their owner, with
// a queue of workers that is not yet started.
func queuedRunService(t *testing.T, db *store.DB, workers int) (*jobs.Service, *store.Queue) {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := jobs.NewService(db, nil, app.SystemClock{}, logger, func(ctx context.Context, id int64) (*app.Actor, error) {
		u, err := db.FindUserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		return &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants}, nil
	})
	q, err := db.NewQueue(svc.Execute, workers, logger)
	if err != nil {
		t.Fatal(err)
	}
	svc.SetQueue(q)
	return svc, q
}

func TestRuns(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		owner := w.Actors["county_hr"]
		svc, q := queuedRunService(t, db, 2)
		svc.Register("count", func(ctx context.Context, r *jobs.Run, p *jobs.Progress) (any, error) {
			if a := app.ActorOf(ctx); a == nil || a.UserID != owner.ID {
				return nil, errors.New("the run does not act as its owner")
			}
			for i := 1; i <= 3; i++ {
				p.Set(ctx, i, 3, "counting")
			}
			return map[string]int{"counted": 3}, nil
		})
		svc.Register("fail", func(ctx context.Context, r *jobs.Run, p *jobs.Progress) (any, error) {
			return nil, app.Errorf(app.Invalid, "文件有3处错误", "3 errors")
		})
		svc.Register("panic", func(ctx context.Context, r *jobs.Run, p *jobs.Progress) (any, error) {
			panic("boom")
		})
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(ctx)

		actx := app.WithActor(ctx, &app.Actor{UserID: owner.ID, Username: owner.Username, Grants: owner.Grants})
		wait := func(kind string) *jobs.Run {
			r, err := svc.Start(actx, kind, "测试", map[string]string{"x": "y"})
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				got, err := svc.Find(actx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Finished() {
					return got
				}
				time.Sleep(50 * time.Millisecond)
			}
			t.Fatalf("run %s did not finish", kind)
			return nil
		}
		if r := wait("count"); r.Status != jobs.StatusDone || string(r.Result) != `{"counted":3}` || r.Percent() != 100 {
			t.Errorf("count run: %+v %s", r, r.Result)
		}
		if r := wait("fail"); r.Status != jobs.StatusFailed || r.Error != "文件有3处错误" {
			t.Errorf("failing run: %+v", r)
		}
		if r := wait("panic"); r.Status != jobs.StatusFailed || !strings.Contains(r.Error, "系统内部错误") {
			t.Errorf("panicking run: %+v", r)
		}
		// Someone else's run is not found.
		other := w.Actors["school_admin"]
		r, _ := svc.Start(actx, "count", "测试", nil)
		if _, err := svc.Find(app.WithActor(ctx, &app.Actor{UserID: other.ID, Grants: other.Grants}), r.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("another user's run: %v", err)
		}
	})
}
