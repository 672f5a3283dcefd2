package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// Run statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// Statuses is the vocabulary of run statuses.
var Statuses = app.Vocab{
	{Code: StatusQueued, Zh: "排队中", En: "Queued"},
	{Code: StatusRunning, Zh: "进行中", En: "Running"},
	{Code: StatusDone, Zh: "已完成", En: "Done"},
	{Code: StatusFailed, Zh: "失败", En: "Failed"},
}

// Run is one piece of background work and what became of it.
type Run struct {
	ID         int64           `json:"id"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"`
	OwnerID    int64           `json:"owner_id"`
	Title      string          `json:"title"`
	Input      json.RawMessage `json:"-"`
	Done       int             `json:"progress_done"`
	Total      int             `json:"progress_total"`
	Message    string          `json:"message"`
	Result     json.RawMessage `json:"result,omitempty"`
	Error      string          `json:"error,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	StartedAt  *time.Time      `json:"started_at,omitempty"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
	// NextRunID is the run that continues this one (a preview's commit),
	// 0 when none has been started.
	NextRunID int64 `json:"next_run_id,omitempty"`
}

// Finished reports whether the run has ended.
func (r *Run) Finished() bool { return r.Status == StatusDone || r.Status == StatusFailed }

// Percent is the progress in whole percent.
func (r *Run) Percent() int {
	if r.Status == StatusDone {
		return 100
	}
	if r.Total <= 0 {
		return 0
	}
	p := r.Done * 100 / r.Total
	if p > 99 {
		p = 99
	}
	return p
}

// Store is what runs need from the database.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	CreateRun(ctx context.Context, r *Run) error
	FindRunByID(ctx context.Context, id int64) (*Run, error)
	// StartRun marks a queued (or re-delivered running) run as running.
	StartRun(ctx context.Context, id int64, at time.Time) error
	UpdateRunProgress(ctx context.Context, id int64, done, total int, message string) error
	FinishRun(ctx context.Context, id int64, status string, result json.RawMessage, errMsg string, at time.Time) error
	CreateUpload(ctx context.Context, runID int64, u *Upload) error
	FindUploads(ctx context.Context, runID int64) ([]Upload, error)
	DeleteUploads(ctx context.Context, runID int64) error
	// CountActiveUploads counts the owner's queued and running runs that
	// work on uploaded files.
	CountActiveUploads(ctx context.Context, ownerID int64) (int, error)
	// ClaimNextRun sets run id's NextRunID to next when it is still seen,
	// and reports whether it did: of two claims made at once, one wins.
	ClaimNextRun(ctx context.Context, id, seen, next int64) (bool, error)
}

// MaxActiveRuns is how many runs on uploaded files (roster checks) one
// user may have queued or running at once, so that no one can fill the
// workers with cheap uploads.
const MaxActiveRuns = 3

// UploadLifetime is how long an uploaded file waits for its commit: the
// queue deletes older ones, so that an abandoned roster does not stay.
const UploadLifetime = 24 * time.Hour

// UploadCipher seals uploaded files at rest with the data key.
type UploadCipher interface {
	SealUpload(plain []byte) ([]byte, error)
	OpenUpload(sealed []byte) ([]byte, error)
}

// Upload is a file a user uploaded for a run, kept in the database so that
// whichever process works the run can read it.
type Upload struct {
	ID      int64
	Name    string
	Content []byte
}

// Queue hands a run to a worker, in the caller's transaction.
type Queue interface {
	Enqueue(ctx context.Context, runID int64) error
}

// MaxRunTime bounds every run: its handler's context ends then and the run
// fails. The queue gives a run this long (and a minute to record its
// outcome) before it counts the run's worker as crashed and hands the run
// to another, so a run interrupted by a crash resumes within minutes.
const MaxRunTime = 10 * time.Minute

var errTooLong = app.Errorf(app.Invalid,
	fmt.Sprintf("任务超过%d分钟未完成，已停止；请缩小范围后重试", int(MaxRunTime.Minutes())),
	fmt.Sprintf("The run took more than %d minutes and was stopped; try a smaller one", int(MaxRunTime.Minutes())))

// Handler does the work of one kind of run. It reports progress through p
// and returns the result, stored as JSON. It runs as the run's owner.
type Handler func(ctx context.Context, run *Run, p *Progress) (result any, err error)

// Service starts runs and executes them when the queue delivers them.
type Service struct {
	store    Store
	queue    Queue
	clock    app.Clock
	log      *slog.Logger
	actorOf  func(ctx context.Context, userID int64) (*app.Actor, error)
	mu       sync.RWMutex
	handlers map[string]Handler
	live     map[int64]*Progress // runs executing in this process
	cipher   UploadCipher
}

// NewService returns the run service. actorOf rebuilds a run owner's actor,
// so a run's work passes the same access checks as a request.
func NewService(store Store, queue Queue, clock app.Clock, log *slog.Logger, actorOf func(ctx context.Context, userID int64) (*app.Actor, error)) *Service {
	return &Service{store: store, queue: queue, clock: clock, log: log, actorOf: actorOf, handlers: map[string]Handler{}, live: map[int64]*Progress{}}
}

// SetQueue sets the queue; the queue needs the service to execute runs, so
// the two are wired in two steps.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// SetUploadCipher sets the cipher that seals uploaded files; a run with
// files cannot start without one.
func (s *Service) SetUploadCipher(c UploadCipher) { s.cipher = c }

// Register sets the handler of a kind of run.
func (s *Service) Register(kind string, h Handler) {
	s.mu.Lock()
	s.handlers[kind] = h
	s.mu.Unlock()
}

// Start records a run owned by the actor, with the files it works on, and
// queues it, in one transaction. The files are sealed with the upload
// cipher. An actor with MaxActiveRuns runs on files queued or running is
// refused another.
func (s *Service) Start(ctx context.Context, kind, title string, input any, files ...Upload) (*Run, error) {
	return s.start(ctx, kind, title, input, files, nil)
}

// Continue starts a run that continues prev (the commit of a preview). A
// run has at most one continuation at a time: while one is queued or
// running, or once one has succeeded, refuse(it) is returned, also to the
// loser of two requests made at once. After a failed one, another may start.
func (s *Service) Continue(ctx context.Context, prev *Run, kind, title string, input any, refuse func(next *Run) error) (*Run, error) {
	refusal := func(ctx context.Context, id int64) error {
		next, err := s.store.FindRunByID(ctx, id)
		if err != nil {
			return err
		}
		return refuse(next)
	}
	if prev.NextRunID != 0 {
		next, err := s.store.FindRunByID(ctx, prev.NextRunID)
		if err != nil {
			return nil, err
		}
		if next.Status != StatusFailed {
			return nil, refuse(next)
		}
	}
	var lost bool
	r, err := s.start(ctx, kind, title, input, nil, func(ctx context.Context, r *Run) error {
		ok, err := s.store.ClaimNextRun(ctx, prev.ID, prev.NextRunID, r.ID)
		if err == nil && !ok {
			lost = true
			return errClaimLost
		}
		return err
	})
	if lost {
		now, err := s.store.FindRunByID(ctx, prev.ID)
		if err != nil {
			return nil, err
		}
		return nil, refusal(ctx, now.NextRunID)
	}
	return r, err
}

// errClaimLost rolls back a continuation another request has claimed.
var errClaimLost = app.Errorf(app.Conflict, "该任务已有后续任务", "The run has a continuation already")

func (s *Service) start(ctx context.Context, kind, title string, input any, files []Upload, claim func(ctx context.Context, r *Run) error) (*Run, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	s.mu.RLock()
	_, ok := s.handlers[kind]
	s.mu.RUnlock()
	if !ok {
		return nil, app.Internalf("jobs.Start", "no handler for %q", kind)
	}
	in, err := json.Marshal(input)
	if err != nil {
		return nil, app.Wrap("jobs.Start", err)
	}
	r := &Run{Kind: kind, Status: StatusQueued, OwnerID: a.UserID, Title: title, Input: in, CreatedAt: s.clock.Now()}
	sealed := make([]Upload, len(files))
	for i, f := range files {
		if s.cipher == nil {
			return nil, app.Internalf("jobs.Start", "no cipher to seal uploads with")
		}
		content, err := s.cipher.SealUpload(f.Content)
		if err != nil {
			return nil, app.Wrap("jobs.Start", err)
		}
		sealed[i] = Upload{Name: f.Name, Content: content}
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if len(sealed) > 0 {
			active, err := s.store.CountActiveUploads(ctx, a.UserID)
			if err != nil {
				return err
			}
			if active >= MaxActiveRuns {
				return app.Errorf(app.TooManyRequests, fmt.Sprintf("您已有 %d 个上传的文件在排队或检查中，请等其中一个完成后再上传", active),
					fmt.Sprintf("You have %d uploads queued or being checked; wait for one to finish before uploading another", active))
			}
		}
		if err := s.store.CreateRun(ctx, r); err != nil {
			return err
		}
		if claim != nil {
			if err := claim(ctx, r); err != nil {
				return err
			}
		}
		for i := range sealed {
			if err := s.store.CreateUpload(ctx, r.ID, &sealed[i]); err != nil {
				return err
			}
			files[i].ID = sealed[i].ID
		}
		return s.queue.Enqueue(ctx, r.ID)
	})
	if err != nil {
		return nil, app.Wrap("jobs.Start", err)
	}
	return r, nil
}

// Find returns a run its owner (or a system admin) may see.
func (s *Service) Find(ctx context.Context, id int64) (*Run, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	r, err := s.store.FindRunByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.OwnerID != a.UserID && !a.System && auth.Decide(a, auth.AuditRead, app.Place{}, "") != nil {
		return nil, app.ErrNotFound("任务")
	}
	s.mu.RLock()
	p := s.live[id]
	s.mu.RUnlock()
	if p != nil && !r.Finished() {
		r.Done, r.Total, r.Message = p.snapshot()
	}
	return r, nil
}

// Uploads returns the files of a run, opened.
func (s *Service) Uploads(ctx context.Context, runID int64) ([]Upload, error) {
	ups, err := s.store.FindUploads(ctx, runID)
	if err != nil {
		return nil, err
	}
	for i := range ups {
		if s.cipher == nil {
			return nil, app.Internalf("jobs.Uploads", "no cipher to open uploads with")
		}
		if ups[i].Content, err = s.cipher.OpenUpload(ups[i].Content); err != nil {
			return nil, app.Wrap("jobs.Uploads", err)
		}
	}
	return ups, nil
}

// DeleteUploads drops the files of a run once nothing needs them.
func (s *Service) DeleteUploads(ctx context.Context, runID int64) error {
	return s.store.DeleteUploads(ctx, runID)
}

// Execute does run id's work; the queue calls it. A failure is the run's
// outcome, recorded with its message; only a failure to record it is
// returned, so the queue retries.
func (s *Service) Execute(ctx context.Context, id int64) error {
	r, err := s.store.FindRunByID(ctx, id)
	if err != nil {
		return err
	}
	if r.Finished() {
		return nil
	}
	s.mu.RLock()
	h := s.handlers[r.Kind]
	s.mu.RUnlock()
	if h == nil {
		return s.store.FinishRun(ctx, id, StatusFailed, nil, "未知任务类型 "+r.Kind, s.clock.Now())
	}
	actor, err := s.actorOf(ctx, r.OwnerID)
	if err != nil {
		return s.store.FinishRun(ctx, id, StatusFailed, nil, app.ErrorMessage(err, "zh"), s.clock.Now())
	}
	if err := s.store.StartRun(ctx, id, s.clock.Now()); err != nil {
		return err
	}
	p := &Progress{store: s.store, log: s.log, id: id}
	s.mu.Lock()
	s.live[id] = p
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.live, id)
		s.mu.Unlock()
	}()
	hctx, cancel := context.WithTimeout(app.WithActor(ctx, actor), MaxRunTime)
	result, err := s.call(hctx, h, r, p)
	cancel()
	// The outcome is recorded even when the run's time is up.
	ctx = context.WithoutCancel(ctx)
	if err != nil && hctx.Err() == context.DeadlineExceeded {
		err = errTooLong
	}
	if err != nil {
		if app.ErrorCode(err) == app.Internal {
			s.log.Error("run failed", "run", id, "kind", r.Kind, "err", err)
		}
		return s.store.FinishRun(ctx, id, StatusFailed, nil, app.ErrorMessage(err, "zh"), s.clock.Now())
	}
	out, err := json.Marshal(result)
	if err != nil {
		return s.store.FinishRun(ctx, id, StatusFailed, nil, app.ErrorMessage(app.Wrap("jobs.Execute", err), "zh"), s.clock.Now())
	}
	return s.store.FinishRun(ctx, id, StatusDone, out, "", s.clock.Now())
}

// call runs h, turning a panic into an internal error.
func (s *Service) call(ctx context.Context, h Handler, r *Run, p *Progress) (result any, err error) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("run panicked", "run", r.ID, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			err = app.Internalf("jobs.Execute", "panic: %v", v)
		}
	}()
	return h(ctx, r, p)
}

// Progress reports a run's progress. Set never blocks on the database: the
// latest figures are kept in memory, where Find in this process reads them,
// and written to the run's row by a goroutine of their own, so a handler may
// report progress while it holds a write transaction (SQLite has one writer).
type Progress struct {
	store    Store
	log      *slog.Logger
	id       int64
	mu       sync.Mutex
	done     int
	total    int
	message  string
	dirty    bool
	flushing bool
}

// Set records done of total with a message.
func (p *Progress) Set(ctx context.Context, done, total int, message string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total, p.message, p.dirty = done, total, message, true
	if !p.flushing {
		p.flushing = true
		go p.flush(context.WithoutCancel(ctx))
	}
}

// snapshot returns the latest figures.
func (p *Progress) snapshot() (done, total int, message string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.done, p.total, p.message
}

// flush writes the latest figures until none are left unwritten.
func (p *Progress) flush(ctx context.Context) {
	for {
		p.mu.Lock()
		if !p.dirty {
			p.flushing = false
			p.mu.Unlock()
			return
		}
		done, total, msg := p.done, p.total, p.message
		p.dirty = false
		p.mu.Unlock()
		// A lost progress write only delays the figures the page polls; the
		// run goes on, and its outcome is written when it ends.
		if err := p.store.UpdateRunProgress(ctx, p.id, done, total, msg); err != nil {
			p.log.Warn("run progress not written", "run", p.id, "err", err)
		}
		time.Sleep(progressEvery)
	}
}

// progressEvery spaces the writes of one run's progress.
const progressEvery = 250 * time.Millisecond
