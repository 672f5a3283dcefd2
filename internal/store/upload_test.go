package store_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// idleQueue queues nothing: runs stay queued.
type idleQueue struct{}

func (idleQueue) Enqueue(context.Context, int64) error { return nil }

func actorOf(u *auth.User) *app.Actor {
	return &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants}
}

func runService(t *testing.T, db *store.DB) *jobs.Service {
	svc := jobs.NewService(db, idleQueue{}, app.SystemClock{}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	svc.SetUploadCipher(storetest.MustCipher(t))
	svc.Register("work", func(ctx context.Context, r *jobs.Run, p *jobs.Progress) (any, error) { return nil, nil })
	return svc
}

// An uploaded roster is kept sealed: the table holds no byte of it in clear.
func TestUploadsSealed(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		svc := runService(t, db)
		actx := app.WithActor(ctx, actorOf(w.Actors["county_hr"]))
		plain := []byte("身份证号,110101199003071234\n")
		r, err := svc.Start(actx, "work", "测试", nil, jobs.Upload{Name: "a.csv", Content: plain})
		if err != nil {
			t.Fatal(err)
		}
		var stored []byte
		if err := db.SQL().QueryRowContext(ctx, `SELECT content FROM uploads WHERE run_id = $1`, r.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte("110101199003071234")) {
			t.Errorf("the upload is stored in clear: %q", stored)
		}
		ups, err := svc.Uploads(ctx, r.ID)
		if err != nil || len(ups) != 1 || !bytes.Equal(ups[0].Content, plain) || ups[0].Name != "a.csv" {
			t.Errorf("Uploads = %+v, %v", ups, err)
		}
	})
}

// A deleted row leaves no trace in the SQLite file: secure_delete is on.
func TestSQLiteSecureDelete(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, "sqlite")
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	marker := strings.Repeat("SECRET-110101199003071234-", 400)
	if _, err := db.SQL().ExecContext(ctx, `INSERT INTO uploads (name, size, content, created_at) VALUES ('x', 1, $1, $2)`,
		[]byte(marker), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM uploads`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(strings.TrimPrefix(dsn, "sqlite:"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte("SECRET-110101199003071234")) {
		t.Error("the deleted upload is still in the database file")
	}
}

// The queue deletes uploads older than a day, and keeps younger ones.
func TestStaleUploadsPurged(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		for name, age := range map[string]time.Duration{"old": jobs.UploadLifetime + time.Hour, "young": time.Hour} {
			if _, err := db.SQL().ExecContext(ctx, `INSERT INTO uploads (name, size, content, created_at) VALUES ($1, 1, $2, $3)`,
				name, []byte("x"), time.Now().Add(-age)); err != nil {
				t.Fatal(err)
			}
		}
		q, err := db.NewQueue(func(context.Context, int64) error { return nil }, 1, logger)
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(ctx)
		names := func() string {
			rows, err := db.SQL().QueryContext(ctx, `SELECT name FROM uploads ORDER BY name`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var n string
				rows.Scan(&n)
				out = append(out, n)
			}
			return strings.Join(out, ",")
		}
		deadline := time.Now().Add(20 * time.Second)
		for names() != "young" && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if got := names(); got != "young" {
			t.Errorf("uploads left: %q, want young", got)
		}
	})
}

// One user may have MaxActiveRuns runs on uploads queued or running; the
// next upload is refused, a run without files is not.
func TestActiveRunLimit(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		w := storetest.NewWorld(t, db)
		svc := runService(t, db)
		actx := app.WithActor(context.Background(), actorOf(w.Actors["county_hr"]))
		file := jobs.Upload{Name: "a.csv", Content: []byte("x")}
		for i := 0; i < jobs.MaxActiveRuns; i++ {
			if _, err := svc.Start(actx, "work", "测试", nil, file); err != nil {
				t.Fatal(err)
			}
		}
		_, err := svc.Start(actx, "work", "测试", nil, file)
		if app.ErrorCode(err) != app.TooManyRequests || !strings.Contains(app.ErrorMessage(err, "zh"), "排队或检查中") {
			t.Errorf("run over the limit: %v", err)
		}
		if _, err := svc.Start(actx, "work", "测试", nil); err != nil {
			t.Errorf("a run without files: %v", err)
		}
		// Another user is not held up.
		if _, err := svc.Start(app.WithActor(context.Background(), actorOf(w.Actors["school_admin"])), "work", "测试", nil, file); err != nil {
			t.Errorf("another user's run: %v", err)
		}
	})
}

// Of concurrent continuations of one run exactly one starts; none follows
// one that succeeded, another may follow one that failed.
func TestContinueOnce(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		svc := runService(t, db)
		actx := app.WithActor(ctx, actorOf(w.Actors["county_hr"]))
		prev, err := svc.Start(actx, "work", "预览", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.FinishRun(ctx, prev.ID, jobs.StatusDone, nil, "", time.Now()); err != nil {
			t.Fatal(err)
		}
		refuse := func(next *jobs.Run) error {
			return app.Errorf(app.Conflict, "已有后续任务："+next.Status, "continued: "+next.Status)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		started, refused := 0, 0
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.Continue(actx, prev, "work", "提交", nil, refuse)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					started++
				case app.ErrorCode(err) == app.Conflict:
					refused++
				default:
					t.Errorf("continue: %v", err)
				}
			}()
		}
		wg.Wait()
		if started != 1 || refused != 1 {
			t.Fatalf("started %d, refused %d; want 1 and 1", started, refused)
		}
		prev, _ = db.FindRunByID(ctx, prev.ID)
		if prev.NextRunID == 0 {
			t.Fatal("the continuation is not recorded")
		}
		_, err = svc.Continue(actx, prev, "work", "提交", nil, refuse)
		if app.ErrorCode(err) != app.Conflict || !strings.Contains(app.ErrorMessage(err, "zh"), jobs.StatusQueued) {
			t.Errorf("continuing while one is queued: %v", err)
		}
		db.FinishRun(ctx, prev.NextRunID, jobs.StatusFailed, nil, "失败", time.Now())
		next, err := svc.Continue(actx, prev, "work", "提交", nil, refuse)
		if err != nil {
			t.Fatalf("continuing after a failure: %v", err)
		}
		db.FinishRun(ctx, next.ID, jobs.StatusDone, nil, "", time.Now())
		prev, _ = db.FindRunByID(ctx, prev.ID)
		_, err = svc.Continue(actx, prev, "work", "提交", nil, refuse)
		if app.ErrorCode(err) != app.Conflict || !strings.Contains(app.ErrorMessage(err, "zh"), jobs.StatusDone) {
			t.Errorf("continuing after a success: %v", err)
		}
	})
}
