package notice

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// Store is what package notice needs from the database.
type Store interface {
	audit.Store
	NoticeStore
	ObjectionStore
}

// NoticeStore keeps notices with their published entries (service.go).
type NoticeStore interface {
	// CreateNotice inserts n with its entries and sets its ID.
	CreateNotice(ctx context.Context, n *Notice) error
	// FindNoticeByID returns a notice with its entries and all its objections.
	FindNoticeByID(ctx context.Context, id int64) (*Notice, error)
	// FindNotices lists notices without entries and objections (with their
	// counts), newest first; a zero kind or subject matches all.
	FindNotices(ctx context.Context, kind Kind, subjectID int64) ([]*Notice, error)
	// LockNotice holds a notice's row until the transaction ends.
	LockNotice(ctx context.Context, id int64) error
	// SetNoticeState writes n's state if it is still from.
	SetNoticeState(ctx context.Context, n *Notice, from State) (bool, error)
}

// ObjectionStore keeps the objections and their answers (objection.go).
type ObjectionStore interface {
	CreateNoticeObjection(ctx context.Context, o *Objection) error
	FindNoticeObjectionByID(ctx context.Context, id int64) (*Objection, error)
	// AnswerNoticeObjection writes the answer of an objection not yet answered.
	AnswerNoticeObjection(ctx context.Context, o *Objection) (bool, error)
}

// Service is the product's public notice: the capabilities publish through
// it and register who reads and answers their kinds.
type Service struct {
	store    Store
	audit    *audit.Log
	clock    app.Clock
	mu       sync.RWMutex
	policies map[Kind]Policy
}

// NewService returns the notice service.
func NewService(store Store, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, audit: log, clock: clock, policies: map[Kind]Policy{}}
}

// Register sets the policy of a kind of notice; its owner calls it once
// when wired.
func (s *Service) Register(k Kind, p Policy) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.policies[k] = p
}

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

func (s *Service) policy(k Kind) (Policy, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.policies[k]
	if !ok {
		return nil, app.Internalf("notice", "no policy registered for notice kind %q", k)
	}
	return p, nil
}

var errNoRight = app.Errorf(app.Forbidden, "您没有执行此操作的权限", "You are not allowed to do this")

func errNotFound() error { return app.ErrNotFound("公示") }

func signedIn(ctx context.Context) error {
	if app.ActorOf(ctx) == nil {
		return app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	return nil
}

// Publish publishes a notice for Days days from Start (today when zero),
// in the caller's transaction when one is open. The actor must be one who
// answers the kind's notices.
func (s *Service) Publish(ctx context.Context, in PublishInput) (*Notice, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	p, err := s.policy(in.Kind)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	n := &Notice{Kind: in.Kind, SubjectID: in.SubjectID, Place: in.Place, Title: strings.TrimSpace(in.Title),
		Body: strings.TrimSpace(in.Body), Entries: slices.Clone(in.Entries), Start: in.Start, State: StatePublished,
		PublishedBy: a.Label(), PublishedByUserID: a.UserID, PublishedAt: s.clock.Now(), Objections: []*Objection{}}
	if n.Entries == nil {
		n.Entries = []Entry{}
	}
	if n.Start.IsZero() {
		n.Start = s.Today()
	}
	var f app.Fields
	if n.Title == "" || utf8.RuneCountInString(n.Title) > 200 {
		f.Add("title", "请填写公示标题（最多200字）", "Give the notice a title (at most 200 characters)")
	}
	if utf8.RuneCountInString(n.Body) > 5000 {
		f.Add("body", "公示内容最多5000字", "The notice text has at most 5000 characters")
	}
	if in.Days < 1 || in.Days > 30 {
		f.Add("notice_days", "公示天数应在1至30之间", "The notice lasts 1 to 30 days")
	}
	if !n.Start.Valid() {
		f.Add("start", "公示开始日期无效", "The first day of the notice is invalid")
	}
	keys := map[string]bool{}
	for _, e := range n.Entries {
		if e.Key == "" || keys[e.Key] {
			f.Add("entries", "公示名单中的条目标识应唯一且不为空", "The entries need distinct, non-empty keys")
			break
		}
		keys[e.Key] = true
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	n.End = n.Start.AddDays(in.Days - 1)
	if !p.CanAnswer(ctx, n) {
		return nil, errNoRight
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateNotice(ctx, n); err != nil {
			return err
		}
		return s.record(ctx, p, n, "notice.publish", fmt.Sprintf("发布公示“%s”：%s至%s（%d天），公示%d项", n.Title, n.Start.Chinese(),
			n.End.Chinese(), in.Days, len(n.Entries)), nil, n)
	})
	if err != nil {
		return nil, err
	}
	n.Status = n.statusOn(s.Today())
	return n, nil
}

// record writes the audit row of an action (notice.publish …), under the
// policy's names when it has its own.
func (s *Service) record(ctx context.Context, p Policy, n *Notice, action, summary string, before, after any) error {
	c := audit.Change{Action: action, Entity: "notice", EntityID: n.ID, Summary: summary, Before: before, After: after}
	if named, ok := p.(Auditing); ok {
		if action, entity, id := named.AuditAs(n, strings.TrimPrefix(action, "notice.")); action != "" {
			c.Action, c.Entity, c.EntityID = action, entity, id
		}
	}
	return s.audit.Record(ctx, c)
}

// find returns a notice the actor may read, with the objections they may
// see, and its policy.
func (s *Service) find(ctx context.Context, id int64) (*Notice, Policy, error) {
	if err := signedIn(ctx); err != nil {
		return nil, nil, err
	}
	n, err := s.store.FindNoticeByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.policy(n.Kind)
	if err != nil {
		return nil, nil, err
	}
	if !p.CanRead(ctx, n) {
		return nil, nil, errNotFound()
	}
	s.prepare(ctx, p, n)
	return n, p, nil
}

// prepare computes n's status and counts, and keeps the objections the
// actor may see.
func (s *Service) prepare(ctx context.Context, p Policy, n *Notice) {
	n.Status = n.statusOn(s.Today())
	n.ObjectionCount, n.Unanswered = len(n.Objections), 0
	for _, o := range n.Objections {
		if !o.Answered() {
			n.Unanswered++
		}
	}
	if p.CanAnswer(ctx, n) {
		return
	}
	if open, ok := p.(OpenObjections); ok && open.ObjectionsOpen(ctx, n) {
		return
	}
	mine := []*Objection{}
	for _, o := range n.Objections {
		if o.RaisedByActor(app.ActorOf(ctx)) {
			mine = append(mine, o)
		}
	}
	n.Objections = mine
}

// FindByID returns a notice the actor may read; to others it does not exist.
func (s *Service) FindByID(ctx context.Context, id int64) (*Notice, error) {
	n, _, err := s.find(ctx, id)
	return n, err
}

// ForSubject returns the notices of a record the actor may read, newest first.
func (s *Service) ForSubject(ctx context.Context, k Kind, subjectID int64) ([]*Notice, error) {
	if err := signedIn(ctx); err != nil {
		return nil, err
	}
	list, err := s.store.FindNotices(ctx, k, subjectID)
	if err != nil {
		return nil, err
	}
	out := []*Notice{}
	for _, head := range list {
		n, _, err := s.find(ctx, head.ID)
		if app.ErrorCode(err) == app.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// CanAnswer reports whether the actor answers n's objections.
func (s *Service) CanAnswer(ctx context.Context, n *Notice) bool {
	p, err := s.policy(n.Kind)
	return err == nil && p.CanAnswer(ctx, n)
}

// CanObject reports whether the actor may object to n now.
func (s *Service) CanObject(ctx context.Context, n *Notice) bool {
	p, err := s.policy(n.Kind)
	return err == nil && n.statusOn(s.Today()) == StatusOpen && p.CanRead(ctx, n)
}

// Readable lists the notices the actor may read: open ones first, then
// the newest; with their counts but without entries and objections.
func (s *Service) Readable(ctx context.Context, f Filter) ([]*Notice, int, error) {
	if err := signedIn(ctx); err != nil {
		return nil, 0, err
	}
	if f.Kind != "" && !Kinds.Has(string(f.Kind)) {
		return nil, 0, app.InvalidValue("kind", string(f.Kind))
	}
	if f.Status != "" && !Statuses.Has(string(f.Status)) {
		return nil, 0, app.InvalidValue("status", string(f.Status))
	}
	all, err := s.store.FindNotices(ctx, f.Kind, 0)
	if err != nil {
		return nil, 0, err
	}
	today := s.Today()
	out := []*Notice{}
	for _, n := range all {
		p, err := s.policy(n.Kind)
		if err != nil || !p.CanRead(ctx, n) {
			continue
		}
		n.Status = n.statusOn(today)
		if f.Status != "" && n.Status != f.Status {
			continue
		}
		out = append(out, n)
	}
	slices.SortStableFunc(out, func(a, b *Notice) int {
		return cmp.Or(cmp.Compare(rank(a.Status), rank(b.Status)), b.PublishedAt.Compare(a.PublishedAt), cmp.Compare(b.ID, a.ID))
	})
	total := len(out)
	out = out[min(max(f.Offset, 0), total):]
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, total, nil
}

// rank orders statuses on the list: open first.
func rank(st Status) int {
	return slices.Index([]Status{StatusOpen, StatusScheduled, StatusClosed, StatusWithdrawn}, st)
}

// Close ends a notice before or after its last day (the owner fixed its
// result); no objection is taken or answered after.
func (s *Service) Close(ctx context.Context, id int64) error {
	return s.end(ctx, id, StateClosed, "")
}

// Withdraw withdraws a notice (its procedure was cancelled), with the reason.
func (s *Service) Withdraw(ctx context.Context, id int64, reason string) error {
	return s.end(ctx, id, StateWithdrawn, reason)
}

func (s *Service) end(ctx context.Context, id int64, to State, note string) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockNotice(ctx, id); err != nil {
			return err
		}
		n, p, err := s.find(ctx, id)
		if err != nil {
			return err
		}
		if !p.CanAnswer(ctx, n) {
			return errNoRight
		}
		if n.State != StatePublished {
			return app.Errorf(app.Conflict, "公示"+Statuses.Label(string(n.Status), "zh"), "The notice is "+Statuses.Label(string(n.Status), "en"))
		}
		a := app.ActorOf(ctx)
		n.State, n.StateNote, n.StateBy, n.StateAt = to, strings.TrimSpace(note), a.Label(), s.clock.Now()
		ok, err := s.store.SetNoticeState(ctx, n, StatePublished)
		if err != nil {
			return err
		}
		if !ok {
			return app.Errorf(app.Conflict, "公示刚被他人修改，请刷新后重试", "The notice changed meanwhile; reload and try again")
		}
		action, verb := "notice.close", "结束"
		if to == StateWithdrawn {
			action, verb = "notice.withdraw", "撤回"
		}
		return s.record(ctx, p, n, action, fmt.Sprintf("%s公示“%s”%s", verb, n.Title, suffix(n.StateNote)), nil,
			map[string]any{"state": n.State, "note": n.StateNote})
	})
}

func suffix(note string) string {
	if note == "" {
		return ""
	}
	return "：" + note
}

// AttachmentOwner is the owner kind of a notice's attached files (the
// signed notice, its annexes) in package attach.
const AttachmentOwner = "notice"

// CanReadID reports whether the actor may read the notice with id: the
// read rule of its attached files.
func (s *Service) CanReadID(ctx context.Context, id int64) bool {
	_, _, err := s.find(ctx, id)
	return err == nil
}

// CanAnswerID reports whether the actor answers the notice with id (and
// so adds its attached files) while it is not closed or withdrawn.
func (s *Service) CanAnswerID(ctx context.Context, id int64) bool {
	n, p, err := s.find(ctx, id)
	return err == nil && n.State == StatePublished && p.CanAnswer(ctx, n)
}
