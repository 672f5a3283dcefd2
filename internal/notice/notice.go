package notice

import (
	"context"
	"time"

	"jiaoliu/internal/app"
)

// Kind names the procedure a notice publishes; the capability that owns it
// registers its Policy under it.
type Kind string

// The kinds of notice.
const (
	KindRotationPlan        Kind = "rotation_plan"        // 交流轮岗方案（planning）
	KindRotationRound       Kind = "rotation_round"       // 乡镇内支教选派（rotation）
	KindSecondmentSelection Kind = "secondment_selection" // 挂职人选（secondment）
	KindPrincipalSelection  Kind = "principal_selection"  // 校长选聘公告（appointment）
	KindAppointee           Kind = "appointee"            // 校长拟任人选任前公示（appointment）
)

// Kinds is the vocabulary of kinds, for the pages.
var Kinds = app.Vocab{
	{Code: string(KindRotationPlan), Zh: "交流轮岗方案", En: "Rotation plan"},
	{Code: string(KindRotationRound), Zh: "乡镇内支教选派", En: "Township support selection"},
	{Code: string(KindSecondmentSelection), Zh: "挂职人选", En: "Secondment selection"},
	{Code: string(KindPrincipalSelection), Zh: "校长选聘", En: "Principal selection"},
	{Code: string(KindAppointee), Zh: "校长拟任人选", En: "Principal appointee"},
}

// Status is where a notice stands, computed from its state and the dates.
type Status string

// The statuses.
const (
	StatusScheduled Status = "scheduled" // published, its first day still ahead
	StatusOpen      Status = "open"      // Start <= today <= End, objections taken
	StatusClosed    Status = "closed"    // past its last day, or closed by its owner
	StatusWithdrawn Status = "withdrawn" // withdrawn by its owner
)

// Statuses is the vocabulary of statuses.
var Statuses = app.Vocab{
	{Code: string(StatusScheduled), Zh: "未开始", En: "Not started"},
	{Code: string(StatusOpen), Zh: "公示中", En: "Open"},
	{Code: string(StatusClosed), Zh: "已结束", En: "Closed"},
	{Code: string(StatusWithdrawn), Zh: "已撤回", En: "Withdrawn"},
}

// State is what the store keeps of a notice's course; Status adds the dates.
type State string

// The states.
const (
	StatePublished State = "published"
	StateClosed    State = "closed"
	StateWithdrawn State = "withdrawn"
)

// Entry is one row of the published record (a person or an item the notice
// names), frozen at publication: later changes to the person or the
// owner's record do not change it.
type Entry struct {
	// Key identifies the entry within its notice (a teacher key, an
	// application id); objections name it.
	Key        string `json:"key"`
	EducatorID int64  `json:"educator_id,omitempty"`
	Label      string `json:"label"`
	Detail     string `json:"detail"`
}

// Notice is one public notice.
type Notice struct {
	ID   int64 `json:"id"`
	Kind Kind  `json:"kind"`
	// SubjectID is the record it publishes: the plan, the round, the selection.
	SubjectID int64 `json:"subject_id"`
	// Place is the owner's scope (county, school, programme).
	Place   app.Place `json:"-"`
	Title   string    `json:"title"`
	Body    string    `json:"body"`
	Entries []Entry   `json:"entries"`
	// Start and End are the first and the last day of the period.
	Start             app.Date  `json:"start"`
	End               app.Date  `json:"end"`
	Status            Status    `json:"status"`
	State             State     `json:"-"`
	StateNote         string    `json:"state_note,omitempty"`
	StateBy           string    `json:"state_by,omitempty"`
	StateAt           time.Time `json:"state_at"`
	PublishedBy       string    `json:"published_by"`
	PublishedByUserID int64     `json:"-"`
	PublishedAt       time.Time `json:"published_at"`
	// Objections are those the reader may see (all, or their own).
	Objections []*Objection `json:"objections"`
	// ObjectionCount counts all objections, and Unanswered those not answered.
	ObjectionCount int `json:"objection_count"`
	Unanswered     int `json:"unanswered"`
}

// statusOn computes the status on a day.
func (n *Notice) statusOn(today app.Date) Status {
	switch {
	case n.State == StateWithdrawn:
		return StatusWithdrawn
	case n.State == StateClosed || today.After(n.End):
		return StatusClosed
	case today.Before(n.Start):
		return StatusScheduled
	}
	return StatusOpen
}

// Open reports whether objections are taken (as of the last computed status).
func (n *Notice) Open() bool { return n.Status == StatusOpen }

// Entry returns the entry with key.
func (n *Notice) Entry(key string) (Entry, bool) {
	for _, e := range n.Entries {
		if e.Key == key {
			return e, true
		}
	}
	return Entry{}, false
}

// Days is the length of the period in days.
func (n *Notice) Days() int {
	return int(n.End.Time().Sub(n.Start.Time()).Hours()/24) + 1
}

// The outcomes of an answered objection.
const (
	OutcomeUpheld    = "upheld"    // 成立
	OutcomeDismissed = "dismissed" // 不成立
)

// Outcomes is the vocabulary of outcomes.
var Outcomes = app.Vocab{
	{Code: OutcomeUpheld, Zh: "异议成立", En: "Upheld"},
	{Code: OutcomeDismissed, Zh: "异议不成立", En: "Dismissed"},
}

// Objection is an objection raised while a notice is open, about one entry
// (EntryKey) or the whole notice, and its answer.
type Objection struct {
	ID       int64  `json:"id"`
	NoticeID int64  `json:"notice_id"`
	EntryKey string `json:"entry_key,omitempty"`
	Text     string `json:"text"`
	RaisedBy string `json:"raised_by"`
	// RaisedByUserID is the account that raised it (0 when unknown, as for
	// objections older than the column that no single account's label matched).
	RaisedByUserID   int64     `json:"-"`
	RaisedOn         app.Date  `json:"raised_on"`
	RaisedAt         time.Time `json:"raised_at"`
	Answer           string    `json:"answer"`
	Outcome          string    `json:"outcome"`
	AnsweredBy       string    `json:"answered_by"`
	AnsweredByUserID int64     `json:"-"`
	AnsweredAt       time.Time `json:"answered_at"`
}

// Answered reports whether the objection has been answered.
func (o *Objection) Answered() bool { return o.Outcome != "" }

// Upheld reports whether the objection was answered as founded.
func (o *Objection) Upheld() bool { return o.Outcome == OutcomeUpheld }

// RaisedByActor reports whether a raised the objection: by account, never by
// the label, which two accounts may share and a rename changes.
func (o *Objection) RaisedByActor(a *app.Actor) bool {
	return a != nil && a.UserID != 0 && o.RaisedByUserID == a.UserID
}

// Policy is what the owning capability decides for its kind of notice.
type Policy interface {
	// CanRead reports whether the actor may read n and, while it is open,
	// object to it.
	CanRead(ctx context.Context, n *Notice) bool
	// CanAnswer reports whether the actor answers n's objections (and
	// publishes, closes and withdraws n).
	CanAnswer(ctx context.Context, n *Notice) bool
	// Upheld runs inside the answering transaction when an objection is
	// upheld (a plan cancels the move's exchange); its error rolls the
	// answer back.
	Upheld(ctx context.Context, n *Notice, o *Objection) error
}

// OpenObjections is implemented by a Policy whose readers see every
// objection (a school's round is discussed in the school). Without it, a
// reader who may not answer sees only the objections they raised.
type OpenObjections interface {
	ObjectionsOpen(ctx context.Context, n *Notice) bool
}

// Auditing is implemented by a Policy whose notices are audited under its
// owner's names (a plan's objection stays rotation.plan.object, recorded
// against the plan). step is one of "publish", "object", "answer",
// "close", "withdraw"; an empty action falls back to the default.
// Without it, actions are notice.<step>, recorded against the notice.
type Auditing interface {
	AuditAs(n *Notice, step string) (action, entity string, entityID int64)
}

// PublishInput publishes a notice.
type PublishInput struct {
	Kind      Kind
	SubjectID int64
	Place     app.Place
	Title     string
	Body      string
	Entries   []Entry
	// Start is the first day; zero means today.
	Start app.Date
	// Days is the length of the period, 1 to 30.
	Days int
}

// Filter selects the notices an actor may read.
type Filter struct {
	Kind   Kind
	Status Status
	Offset int
	Limit  int
}
