package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"

	"jiaoliu/internal/app"
	"jiaoliu/internal/notify"
)

// Notifier is the inbox's work the queue does: sending one delivery, and
// the periodic dispatch, deadline sweep and daily digest.
type Notifier interface {
	Send(ctx context.Context, deliveryID int64, final bool) error
	Dispatch(ctx context.Context) (int, error)
	Sweep(ctx context.Context) (opened, closed int, err error)
	Digest(ctx context.Context) (int, error)
}

// sendArgs sends one delivery; unique by delivery, so that it is queued once.
type sendArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

func (sendArgs) Kind() string { return "jiaoliu.notify.send" }

type sendWorker struct {
	river.WorkerDefaults[sendArgs]
	n Notifier
}

func (w *sendWorker) Work(ctx context.Context, job *river.Job[sendArgs]) error {
	return w.n.Send(ctx, job.Args.DeliveryID, job.Attempt >= job.MaxAttempts)
}

// Timeout bounds one attempt: a mail server or a robot that hangs.
func (w *sendWorker) Timeout(*river.Job[sendArgs]) time.Duration { return time.Minute }

// NextRetry tries again after 2, 4, 8, 16 seconds: a robot's or a mail
// server's hiccup passes quickly, and a message is worth little late.
func (w *sendWorker) NextRetry(job *river.Job[sendArgs]) time.Time {
	return time.Now().Add(time.Duration(1<<min(job.Attempt, 10)) * time.Second)
}

// notifyTickArgs is the periodic work: dispatch new items, sweep deadlines,
// make the day's digests. River's leader alone inserts periodic jobs; the
// deliveries' unique keys keep any overlap from sending twice.
type notifyTickArgs struct {
	Work string `json:"work"`
}

func (notifyTickArgs) Kind() string { return "jiaoliu.notify.tick" }

type tickWorker struct {
	river.WorkerDefaults[notifyTickArgs]
	n Notifier
}

func (w *tickWorker) Work(ctx context.Context, job *river.Job[notifyTickArgs]) error {
	var err error
	switch job.Args.Work {
	case "dispatch":
		_, err = w.n.Dispatch(ctx)
	case "sweep":
		_, _, err = w.n.Sweep(ctx)
	case "digest":
		_, err = w.n.Digest(ctx)
	}
	return err
}

// How often the inbox's periodic work runs.
const (
	dispatchEvery = 5 * time.Second
	sweepEvery    = 15 * time.Minute
	digestEvery   = 30 * time.Minute
)

func addNotifyWorkers(ws *river.Workers, n Notifier) ([]*river.PeriodicJob, error) {
	if err := river.AddWorkerSafely(ws, &sendWorker{n: n}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(ws, &tickWorker{n: n}); err != nil {
		return nil, err
	}
	tick := func(work string, every time.Duration) *river.PeriodicJob {
		return river.NewPeriodicJob(river.PeriodicInterval(every), func() (river.JobArgs, *river.InsertOpts) {
			return notifyTickArgs{Work: work}, &river.InsertOpts{MaxAttempts: 1}
		}, &river.PeriodicJobOpts{RunOnStart: true})
	}
	return []*river.PeriodicJob{tick("dispatch", dispatchEvery), tick("sweep", sweepEvery), tick("digest", digestEvery)}, nil
}

// EnqueueDelivery queues the sending of a delivery in the transaction ctx
// carries (or on its own).
func (q *Queue) EnqueueDelivery(ctx context.Context, deliveryID int64) error {
	opts := &river.InsertOpts{MaxAttempts: notify.MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		_, err := q.client.InsertTx(ctx, tx, sendArgs{DeliveryID: deliveryID}, opts)
		return app.Wrap("store.EnqueueDelivery", err)
	}
	_, err := q.client.Insert(ctx, sendArgs{DeliveryID: deliveryID}, opts)
	return app.Wrap("store.EnqueueDelivery", err)
}
