package store

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivermigrate"

	"jiaoliu/internal/app"
	"jiaoliu/internal/jobs"
)

// runArgs is the one kind of River job jiaoliu queues: do run RunID.
type runArgs struct {
	RunID int64 `json:"run_id"`
}

func (runArgs) Kind() string { return "jiaoliu.run" }

// runWorker hands a delivered job to the run service.
type runWorker struct {
	river.WorkerDefaults[runArgs]
	exec func(ctx context.Context, runID int64) error
}

func (w *runWorker) Work(ctx context.Context, job *river.Job[runArgs]) error {
	return w.exec(ctx, job.Args.RunID)
}

// Timeout is a run's limit and a minute to record its outcome.
func (w *runWorker) Timeout(*river.Job[runArgs]) time.Duration { return jobs.MaxRunTime + time.Minute }

// rescueAfter is how long a run may stay taken before the queue counts its
// worker as dead (a crash, kill -9) and hands it to another: just past the
// longest a live run can last, so a crashed import or plan resumes within
// minutes and a live one is never worked twice.
const rescueAfter = jobs.MaxRunTime + 2*time.Minute

// purgeArgs is the periodic job that deletes the uploads no commit took
// within jobs.UploadLifetime. River's leader alone inserts periodic jobs,
// so several processes on one database purge once.
type purgeArgs struct{}

func (purgeArgs) Kind() string { return "jiaoliu.purge_uploads" }

type purgeWorker struct {
	river.WorkerDefaults[purgeArgs]
	db *DB
}

func (w *purgeWorker) Work(ctx context.Context, job *river.Job[purgeArgs]) error {
	_, err := w.db.DeleteUploadsBefore(ctx, w.db.clock.Now().Add(-jobs.UploadLifetime))
	return err
}

// purgeEvery is how often stale uploads are looked for.
const purgeEvery = time.Hour

// Queue is the database-backed job queue (River) that runs background work.
type Queue struct {
	db     *DB
	client *river.Client[*sql.Tx]
}

// migrateQueue applies River's own migrations.
func (db *DB) migrateQueue(ctx context.Context) error {
	m, err := rivermigrate.New(db.dialect.riverDriver(db.db), &rivermigrate.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	return err
}

// NewQueue returns a queue whose worker calls exec for each run. workers is
// how many runs this process works at once. With a Notifier the queue also
// sends the inbox's messages and runs its periodic work.
func (db *DB) NewQueue(exec func(ctx context.Context, runID int64) error, workers int, logger *slog.Logger, n ...Notifier) (*Queue, error) {
	ws := river.NewWorkers()
	if err := river.AddWorkerSafely(ws, &runWorker{exec: exec}); err != nil {
		return nil, app.Wrap("store.NewQueue", err)
	}
	if err := river.AddWorkerSafely(ws, &purgeWorker{db: db}); err != nil {
		return nil, app.Wrap("store.NewQueue", err)
	}
	periodic := []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(purgeEvery),
		func() (river.JobArgs, *river.InsertOpts) { return purgeArgs{}, nil }, &river.PeriodicJobOpts{RunOnStart: true})}
	if len(n) > 0 {
		more, err := addNotifyWorkers(ws, n[0])
		if err != nil {
			return nil, app.Wrap("store.NewQueue", err)
		}
		periodic = append(periodic, more...)
	}
	client, err := river.NewClient(db.dialect.riverDriver(db.db), &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: workers}},
		Workers:              ws,
		Logger:               quiet(logger),
		MaxAttempts:          3,
		FetchPollInterval:    200 * time.Millisecond,
		FetchCooldown:        50 * time.Millisecond,
		RescueStuckJobsAfter: rescueAfter,
		PeriodicJobs:         periodic,
	})
	if err != nil {
		return nil, app.Wrap("store.NewQueue", err)
	}
	return &Queue{db: db, client: client}, nil
}

// Enqueue queues a run in the transaction carried by ctx (or on its own).
func (q *Queue) Enqueue(ctx context.Context, runID int64) error {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		_, err := q.client.InsertTx(ctx, tx, runArgs{RunID: runID}, nil)
		return app.Wrap("store.Enqueue", err)
	}
	_, err := q.client.Insert(ctx, runArgs{RunID: runID}, nil)
	return app.Wrap("store.Enqueue", err)
}

// Start starts working queued runs until ctx ends or Stop.
func (q *Queue) Start(ctx context.Context) error {
	return app.Wrap("store.Queue.Start", q.client.Start(ctx))
}

// Stop waits for the runs being worked to finish.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// quiet passes on the queue library's own records at Warn and above only:
// at Info it reports its job counts every few seconds.
func quiet(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		return nil
	}
	return slog.New(warnHandler{logger.Handler()})
}

type warnHandler struct{ slog.Handler }

func (h warnHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}
func (h warnHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return warnHandler{h.Handler.WithAttrs(as)}
}
func (h warnHandler) WithGroup(name string) slog.Handler {
	return warnHandler{h.Handler.WithGroup(name)}
}
