package placement

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// LeaveRule is the programme's rule on leave ([000]: 原则上不请假; in special
// cases the home school approves first and the host is told), shown
// wherever leave is asked for or decided.
const LeaveRule = "挂职期间原则上不请假；确需请假的，须经派出学校批准，并告知接收学校和导师；返岗后及时销假。"

// LeaveStatus is where a leave request (请假) stands.
type LeaveStatus string

// The statuses of a leave request.
const (
	LeaveRequested    LeaveStatus = "requested"    // waits on the home school
	LeaveApproved     LeaveStatus = "approved"     // approved; the host and mentor are told
	LeaveRefused      LeaveStatus = "refused"      // refused by the home school
	LeaveAcknowledged LeaveStatus = "acknowledged" // the host side has acknowledged it
	LeaveClosed       LeaveStatus = "closed"       // the participant is back (销假)
	LeaveCancelled    LeaveStatus = "cancelled"    // withdrawn before the decision
)

// LeaveStatuses is the vocabulary of leave statuses.
var LeaveStatuses = app.Vocab{
	{Code: string(LeaveRequested), Zh: "待派出学校审批", En: "Waiting for the home school"},
	{Code: string(LeaveApproved), Zh: "已批准，待接收方知悉", En: "Approved, the host to acknowledge"},
	{Code: string(LeaveRefused), Zh: "未批准", En: "Refused"},
	{Code: string(LeaveAcknowledged), Zh: "接收方已知悉，待销假", En: "Acknowledged, to be closed on return"},
	{Code: string(LeaveClosed), Zh: "已销假", En: "Closed"},
	{Code: string(LeaveCancelled), Zh: "已撤回", En: "Withdrawn"},
}

// Leave kinds.
const (
	LeavePersonal = "personal" // 事假
	LeaveSick     = "sick"     // 病假: its reason is shown only to those who decide
	LeaveOther    = "other"    // 其他
)

// LeaveKinds is the vocabulary of leave kinds.
var LeaveKinds = app.Vocab{
	{Code: LeavePersonal, Zh: "事假", En: "Personal leave"},
	{Code: LeaveSick, Zh: "病假", En: "Sick leave"},
	{Code: LeaveOther, Zh: "其他", En: "Other"},
}

// LeaveStep is one step a leave request may take.
type LeaveStep string

// The steps of a leave request.
const (
	StepApprove     LeaveStep = "approve"
	StepRefuse      LeaveStep = "refuse"
	StepAcknowledge LeaveStep = "acknowledge"
	StepClose       LeaveStep = "close"
	StepCancel      LeaveStep = "cancel"
)

// leaveFrom is, for each step, the statuses it may leave from, and where
// it goes. Every other step is a forbidden transition.
var leaveFrom = map[LeaveStep]struct {
	from []LeaveStatus
	to   LeaveStatus
}{
	StepApprove:     {[]LeaveStatus{LeaveRequested}, LeaveApproved},
	StepRefuse:      {[]LeaveStatus{LeaveRequested}, LeaveRefused},
	StepCancel:      {[]LeaveStatus{LeaveRequested}, LeaveCancelled},
	StepAcknowledge: {[]LeaveStatus{LeaveApproved}, LeaveAcknowledged},
	StepClose:       {[]LeaveStatus{LeaveApproved, LeaveAcknowledged}, LeaveClosed},
}

// Allows reports whether step may be taken from status st.
func (step LeaveStep) Allows(st LeaveStatus) bool {
	for _, f := range leaveFrom[step].from {
		if f == st {
			return true
		}
	}
	return false
}

// Leave is one leave request of a participant during their placement.
type Leave struct {
	ID          int64  `json:"id"`
	PlacementID int64  `json:"placement_id"`
	ProgrammeID int64  `json:"programme_id"`
	EducatorID  int64  `json:"educator_id"`
	Name        string `json:"name"`
	SchoolName  string `json:"school_name"`
	HostName    string `json:"host_name"`
	MentorName  string `json:"mentor_name"`

	Kind  string   `json:"kind"`
	Start app.Date `json:"start"`
	End   app.Date `json:"end"`
	Days  int      `json:"days"`
	// Reason is empty with ReasonHidden set when the actor may not read
	// it: a sick-leave reason is for the participant and who decides.
	Reason       string      `json:"reason"`
	ReasonHidden bool        `json:"reason_hidden"`
	Status       LeaveStatus `json:"status"`

	RequestedBy    string    `json:"requested_by"`
	RequestedAt    time.Time `json:"requested_at"`
	DecidedBy      string    `json:"decided_by"`
	DecidedAt      time.Time `json:"decided_at,omitzero"`
	DecisionNote   string    `json:"decision_note"`
	AcknowledgedBy string    `json:"acknowledged_by"`
	AcknowledgedAt time.Time `json:"acknowledged_at,omitzero"`
	ActualStart    app.Date  `json:"actual_start,omitzero"`
	ActualEnd      app.Date  `json:"actual_end,omitzero"`
	ClosedAt       time.Time `json:"closed_at,omitzero"`

	// Can is what the actor may do with it now.
	Can LeaveActions `json:"can"`
}

// LeaveActions is what the actor may do with a leave request.
type LeaveActions struct {
	Decide      bool `json:"decide"`
	Acknowledge bool `json:"acknowledge"`
	Close       bool `json:"close"`
	Cancel      bool `json:"cancel"`
}

// DaysOf counts the days from start to end, both included.
func DaysOf(start, end app.Date) int {
	return int(end.Time().Sub(start.Time()).Hours()/24) + 1
}

// Taken returns the days the leave covers: the real ones once closed, the
// approved ones before; none while asked, refused or withdrawn.
func (l *Leave) Taken() (start, end app.Date, ok bool) {
	switch l.Status {
	case LeaveClosed:
		return l.ActualStart, l.ActualEnd, true
	case LeaveApproved, LeaveAcknowledged:
		return l.Start, l.End, true
	}
	return app.Date{}, app.Date{}, false
}

// LeaveInput is a leave request as the participant asks it.
type LeaveInput struct {
	PlacementID int64    `json:"placement_id"`
	Kind        string   `json:"kind"`
	Start       app.Date `json:"start"`
	End         app.Date `json:"end"`
	Reason      string   `json:"reason"`
}

// LeaveDecision is the home school's answer, with an optional note.
type LeaveDecision struct {
	Note string `json:"note"`
}

// LeaveReturn closes a leave on return with the real dates (销假).
type LeaveReturn struct {
	ActualStart app.Date `json:"actual_start"`
	ActualEnd   app.Date `json:"actual_end"`
}

// LeaveFilter selects leave requests; zero fields do not filter.
type LeaveFilter struct {
	PlacementID int64
	ProgrammeID int64
	Status      LeaveStatus
}

// LeaveStore is what leave needs from the database.
type LeaveStore interface {
	notify.WaitStore
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// PlacementID returns the id of a placement, giving it one when it has
	// none yet; PlacementKey is the way back.
	PlacementID(ctx context.Context, programmeID, educatorID int64) (int64, error)
	PlacementKey(ctx context.Context, id int64) (programmeID, educatorID int64, err error)
	FindPlacements(ctx context.Context, programmeID int64) ([]*secondment.Placement, error)
	// FindPlacedProgrammes lists the programmes an educator is placed in.
	FindPlacedProgrammes(ctx context.Context, educatorID int64) ([]int64, error)
	FindProgrammeByID(ctx context.Context, id int64) (*programme.Programme, error)
	CreateLeave(ctx context.Context, l *Leave) error
	FindLeaveByID(ctx context.Context, id int64) (*Leave, error)
	FindLeaves(ctx context.Context, f LeaveFilter) ([]*Leave, error)
	// StepLeave moves leave l from one of the statuses from to l.Status
	// with the step's fields, only if it still stands in one of them; it
	// reports whether it did, so that of two people deciding at once
	// exactly one decision stands.
	StepLeave(ctx context.Context, l *Leave, from []LeaveStatus) (bool, error)
}

// LeaveService runs leave requests (请销假, SPEC §4.4, [000][002]).
type LeaveService struct {
	finder
	store LeaveStore
	audit *audit.Log
	clock app.Clock
}

// NewLeaveService returns the leave service.
func NewLeaveService(store LeaveStore, programmes *programme.Service, log *audit.Log, clock app.Clock) *LeaveService {
	return &LeaveService{finder: finder{store: store, programmes: programmes}, store: store, audit: log, clock: clock}
}

// Today is the service's date in Asia/Shanghai.
func (s *LeaveService) Today() app.Date { return app.DateOf(s.clock.Now()) }

func errLeave(field, zh, en string) error {
	return &app.Error{Code: app.Invalid, Message: zh, English: en, Fields: map[string]string{field: "invalid"}}
}

// validate checks in against the participant's batch.
func (in *LeaveInput) validate(pl *secondment.Placement) error {
	in.Reason = strings.TrimSpace(in.Reason)
	var f app.Fields
	if !LeaveKinds.Has(in.Kind) {
		f.Add("kind", "请选择请假类别", "Choose the kind of leave")
	}
	switch {
	case in.Start.IsZero() || !in.Start.Valid():
		f.Add("start", "请填写请假开始日期", "Give the first day of leave")
	case in.End.IsZero() || !in.End.Valid():
		f.Add("end", "请填写请假结束日期", "Give the last day of leave")
	case in.End.Before(in.Start):
		f.Add("end", "结束日期不能早于开始日期", "The last day cannot be before the first")
	case !pl.BatchStart.IsZero() && (in.Start.Before(pl.BatchStart) || in.End.After(pl.BatchEnd)):
		f.Add("start", "请假日期须在挂职期间（"+pl.BatchStart.Chinese()+"至"+pl.BatchEnd.Chinese()+"）",
			"The leave must fall within the placement ("+pl.BatchStart.English()+" to "+pl.BatchEnd.English()+")")
	}
	if n := utf8.RuneCountInString(in.Reason); n < 2 || n > 500 {
		f.Add("reason", "请填写请假事由（2至500字）", "Give the reason (2 to 500 characters)")
	}
	return f.Err()
}

// validate checks the real dates of a return.
func (in LeaveReturn) validate(today app.Date) error {
	switch {
	case in.ActualStart.IsZero() || !in.ActualStart.Valid():
		return errLeave("actual_start", "请填写实际离岗日期", "Give the first day actually away")
	case in.ActualEnd.IsZero() || !in.ActualEnd.Valid():
		return errLeave("actual_end", "请填写实际返岗前最后一天", "Give the last day actually away")
	case in.ActualEnd.Before(in.ActualStart):
		return errLeave("actual_end", "实际结束日期不能早于实际开始日期", "The last day cannot be before the first")
	case in.ActualEnd.After(today):
		return errLeave("actual_end", "返岗后方可销假：实际结束日期不能晚于今天", "Close the leave on return: the last day cannot be after today")
	}
	return nil
}
