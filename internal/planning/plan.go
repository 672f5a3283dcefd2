package planning

import (
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/rotation"
)

// Statuses of a plan: a draft is built, solved and edited by county HR;
// approval turns its moves into planned exchanges and opens the public
// notice (公示); once the notice is over and every objection answered, the
// announcement moves the exchanges to announced. A draft may be discarded.
type PlanStatus string

// Statuses of a plan.
const (
	StatusDraft     PlanStatus = "draft"     // 草稿
	StatusNoticed   PlanStatus = "noticed"   // 公示中：approved, exchanges planned
	StatusAnnounced PlanStatus = "announced" // 已公布
	StatusDiscarded PlanStatus = "discarded" // 已放弃
)

// Statuses is the vocabulary of plan statuses.
var Statuses = app.Vocab{
	{Code: string(StatusDraft), Zh: "草稿", En: "Draft"},
	{Code: string(StatusNoticed), Zh: "已批准，公示中", En: "Approved, public notice"},
	{Code: string(StatusAnnounced), Zh: "已公布", En: "Announced"},
	{Code: string(StatusDiscarded), Zh: "已放弃", En: "Discarded"},
}

// SolveState is where the solve of a plan stands.
type SolveState string

// Solve states of a plan.
const (
	SolveNone    SolveState = ""        // never solved
	SolveRunning SolveState = "running" // a run is queued or working
	SolveDone    SolveState = "done"
	SolveFailed  SolveState = "failed"
)

// Plan is one rotation plan (交流轮岗方案) of a county for a school year: the
// settings it was made with, the instance built from the registry, the
// solver's last plan file, the moves as edited, and the pins and forbids the
// next solve must respect.
type Plan struct {
	ID         int64      `json:"id"`
	CountyID   int64      `json:"county_id"`
	CityID     int64      `json:"city_id"`
	CountyName string     `json:"county_name"`
	SchoolYear int        `json:"school_year"`
	Mode       Mode       `json:"mode"`
	Title      string     `json:"title"`
	Status     PlanStatus `json:"status"`
	Settings   Settings   `json:"settings"`

	// The solve: its state, the run doing it, what went wrong.
	SolveState SolveState `json:"solve_state"`
	RunID      int64      `json:"run_id,omitempty"`
	SolveError string     `json:"solve_error,omitempty"`
	SolvedAt   time.Time  `json:"solved_at"`

	// Result is the solver's last answer: status, objective, bound and why
	// there is no plan; RootBound the bound of the first solve, with no
	// pins or forbids, valid for every plan of the instance.
	Result    Result  `json:"result"`
	RootBound float64 `json:"root_bound"`
	// Moves are the plan's moves, the solver's or as edited since; Edited
	// says they differ from the solver's last answer.
	Moves  []plan.Move `json:"moves"`
	Edited bool        `json:"edited"`
	// Pins and Forbids are the edits the next solve respects; SolvedPins
	// and SolvedForbids those the last solve respected.
	Pins          []plan.Pin    `json:"pins"`
	Forbids       []plan.Forbid `json:"forbids"`
	SolvedPins    []plan.Pin    `json:"solved_pins"`
	SolvedForbids []plan.Forbid `json:"solved_forbids"`

	NoticeDays  int       `json:"notice_days,omitempty"`
	NoticeStart app.Date  `json:"notice_start"`
	NoticeEnd   app.Date  `json:"notice_end"`
	ApprovedBy  string    `json:"approved_by,omitempty"`
	ApprovedAt  time.Time `json:"approved_at"`
	AnnouncedBy string    `json:"announced_by,omitempty"`
	AnnouncedAt time.Time `json:"announced_at"`
	Note        string    `json:"note"`

	// Version counts the plan's changes; a change is written only over the
	// version it was made from.
	Version   int       `json:"version"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// The stored files, read by FindPlanByID only.
	Instance []byte `json:"-"` // the instance file, as written
	Facts    []byte `json:"-"` // the Facts, JSON
	Solved   []byte `json:"-"` // the solver's last plan file, as written
}

// Result is what the solver said last.
type Result struct {
	Status    plan.Status `json:"status"`
	Objective float64     `json:"objective"`
	Bound     float64     `json:"bound"`
	// Reasons explain an infeasible instance.
	Reasons []plan.Reason `json:"reasons,omitempty"`
	Nodes   int           `json:"nodes"`
	Seconds float64       `json:"seconds"`
	// RootKnown says a solve without pins or forbids has found a plan, so
	// that the plan's RootBound bounds every plan of the instance.
	RootKnown bool `json:"root_known"`
}

// Place is the plan's county in the tree.
func (p *Plan) Place() app.Place { return app.Place{CityID: p.CityID, CountyID: p.CountyID} }

// Solving reports whether a solve is queued or running.
func (p *Plan) Solving() bool { return p.SolveState == SolveRunning }

// Built reports whether the plan's instance has been built.
func (p *Plan) Built() bool { return len(p.Instance) > 0 }

// PlanFilter selects plans. Zero fields do not filter.
type PlanFilter struct {
	CountyID int64
	Year     int
	Mode     Mode
	Status   PlanStatus
	// Within is the scope of county readers; NoticeWithin (its cities and
	// counties), SchoolIDs and EducatorID add the approved plans whose
	// exchanges concern those places, schools or that educator (the public
	// notice).
	Within       app.Scope
	NoticeWithin app.Scope
	SchoolIDs    []int64
	EducatorID   int64
	Offset       int
	Limit        int
}

// Edit kinds.
const (
	EditPin      = "pin"      // the teacher moves to the school
	EditForbid   = "forbid"   // the teacher does not move to the school
	EditRemove   = "remove"   // the teacher does not move this year
	EditSwap     = "swap"     // two teachers trade places in the plan
	EditUnpin    = "unpin"    // drop a pin
	EditUnforbid = "unforbid" // drop a forbid
)

// EditKinds is the vocabulary of edits.
var EditKinds = app.Vocab{
	{Code: EditPin, Zh: "固定调动", En: "Pin a move"},
	{Code: EditForbid, Zh: "禁止调动", En: "Forbid a move"},
	{Code: EditRemove, Zh: "移出方案", En: "Remove from the plan"},
	{Code: EditSwap, Zh: "对调两人", En: "Swap two teachers"},
	{Code: EditUnpin, Zh: "取消固定", En: "Unpin"},
	{Code: EditUnforbid, Zh: "取消禁止", En: "Allow again"},
	{Code: "solve", Zh: "重新优化", En: "Re-optimise"},
}

// Edit is one edit of a plan, kept as its history.
type Edit struct {
	ID      int64     `json:"id"`
	PlanID  int64     `json:"plan_id"`
	Kind    string    `json:"kind"`
	Teacher string    `json:"teacher"`
	School  string    `json:"school"`
	Other   string    `json:"other"`
	Summary string    `json:"summary"`
	Author  string    `json:"author"`
	At      time.Time `json:"at"`
}

// Objection is an objection raised during a plan's public notice, about one
// move or the whole plan, and county HR's answer. An upheld objection about
// a move cancels its exchange.
type Objection struct {
	ID       int64  `json:"id"`
	PlanID   int64  `json:"plan_id"`
	Teacher  string `json:"teacher,omitempty"`
	Text     string `json:"text"`
	RaisedBy string `json:"raised_by"`
	// RaisedByUserID is the account that raised it (0 when unknown, as for
	// objections older than the column that no single account's label matched).
	RaisedByUserID int64     `json:"-"`
	RaisedOn       app.Date  `json:"raised_on"`
	Upheld         bool      `json:"upheld"`
	Answer         string    `json:"answer"`
	AnsweredBy     string    `json:"answered_by"`
	AnsweredAt     time.Time `json:"answered_at"`
}

// RaisedByActor reports whether a raised the objection: by account, never by
// the label, which two accounts may share and a rename changes.
func (o *Objection) RaisedByActor(a *app.Actor) bool {
	return a != nil && a.UserID != 0 && o.RaisedByUserID == a.UserID
}

// Answered reports whether county HR has answered the objection.
func (o *Objection) Answered() bool { return o.AnsweredBy != "" }

// PlanExchange links a move of an approved plan to the exchange it made.
type PlanExchange struct {
	PlanID     int64                   `json:"plan_id"`
	Teacher    string                  `json:"teacher"`
	ExchangeID int64                   `json:"exchange_id"`
	EducatorID int64                   `json:"educator_id"`
	Status     rotation.ExchangeStatus `json:"status"`
	OriginID   int64                   `json:"origin_school_id"`
	HostID     int64                   `json:"host_school_id"`
}
