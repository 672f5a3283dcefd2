package rotation

import (
	"context"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// ExchangeStatus is a step in the life of an exchange (SPEC §3.4).
type ExchangeStatus string

// Statuses of an exchange (SPEC §3.4).
const (
	StatusPlanned     ExchangeStatus = "planned"     // 计划
	StatusAnnounced   ExchangeStatus = "announced"   // 已公布
	StatusActive      ExchangeStatus = "active"      // 交流中
	StatusCompleted   ExchangeStatus = "completed"   // 期满：the term served; a teacher returns to the origin school
	StatusReturned    ExchangeStatus = "returned"    // 提前返回：ended before the planned end
	StatusTransferred ExchangeStatus = "transferred" // 调入交流学校：at the end the teacher moved to the host school
	StatusCancelled   ExchangeStatus = "cancelled"   // 已取消
)

// Statuses is the vocabulary of exchange statuses, in the order of a life.
var Statuses = app.Vocab{
	{Code: string(StatusPlanned), Zh: "计划", En: "Planned"},
	{Code: string(StatusAnnounced), Zh: "已公布", En: "Announced"},
	{Code: string(StatusActive), Zh: "交流中", En: "Active"},
	{Code: string(StatusCompleted), Zh: "期满", En: "Completed"},
	{Code: string(StatusReturned), Zh: "提前返回", En: "Returned early"},
	{Code: string(StatusTransferred), Zh: "调入交流学校", En: "Transferred to the host"},
	{Code: string(StatusCancelled), Zh: "已取消", En: "Cancelled"},
}

// transitions are the steps an exchange may take from each status.
var transitions = map[ExchangeStatus][]ExchangeStatus{
	StatusPlanned:   {StatusAnnounced, StatusCancelled},
	StatusAnnounced: {StatusActive, StatusCancelled},
	StatusActive:    {StatusCompleted, StatusReturned, StatusTransferred},
}

// NextStatuses returns the statuses an exchange in status may move to.
func NextStatuses(status ExchangeStatus) []ExchangeStatus { return transitions[status] }

// Counted reports whether an exchange in status counts as a rotation of its
// school year: announced or later, not cancelled.
func Counted(status ExchangeStatus) bool {
	switch status {
	case StatusAnnounced, StatusActive, StatusCompleted, StatusReturned, StatusTransferred:
		return true
	}
	return false
}

// Open reports whether an exchange in status has not ended.
func Open(status ExchangeStatus) bool {
	return status == StatusPlanned || status == StatusAnnounced || status == StatusActive
}

// ExchangeForm is the form an exchange takes (SPEC §3.2).
type ExchangeForm string

// Forms of exchange (SPEC §3.2).
const (
	FormSupport          ExchangeForm = "support"           // 支教 / 帮教
	FormPartTime         ExchangeForm = "part_time"         // 兼职教学
	FormSwap             ExchangeForm = "swap"              // 顶岗置换 / 双向交流
	FormItinerant        ExchangeForm = "itinerant"         // 走教
	FormConsortium       ExchangeForm = "consortium"        // 办学联合体
	FormCompetition      ExchangeForm = "competition"       // 岗位竞聘
	FormCounterpart      ExchangeForm = "counterpart"       // 对口帮扶
	FormReassignment     ExchangeForm = "reassignment"      // 末位调岗
	FormTownshipSupport  ExchangeForm = "township_support"  // 乡镇内支教
	FormNationalTraining ExchangeForm = "national_training" // 国培置换
)

// Forms is the vocabulary of forms.
var Forms = app.Vocab{
	{Code: string(FormSupport), Zh: "支教/帮教", En: "Support teaching"},
	{Code: string(FormPartTime), Zh: "兼职教学", En: "Part-time teaching"},
	{Code: string(FormSwap), Zh: "顶岗置换/双向交流", En: "Swap (two-way exchange)"},
	{Code: string(FormItinerant), Zh: "走教", En: "Itinerant teaching"},
	{Code: string(FormConsortium), Zh: "办学联合体", En: "Within a consortium"},
	{Code: string(FormCompetition), Zh: "岗位竞聘", En: "Competition for posts"},
	{Code: string(FormCounterpart), Zh: "对口帮扶", En: "Counterpart assistance"},
	{Code: string(FormReassignment), Zh: "末位调岗", En: "Reassignment of the last-ranked"},
	{Code: string(FormTownshipSupport), Zh: "乡镇内支教", En: "Support teaching within a township"},
	{Code: string(FormNationalTraining), Zh: "国培置换", En: "National training replacement"},
}

// QuotaForm reports whether exchanges of the form count towards the quota.
// 国培置换 is a training stint of weeks or months: it is reported, but it is
// not a rotation and has no minimum term.
func QuotaForm(form ExchangeForm) bool { return form != FormNationalTraining }

// Relation is where an educator's personnel relation (人事关系) sits during an exchange.
type Relation string

// Personnel relations (人事关系) during an exchange.
const (
	RelationStays Relation = "stays" // kept by the origin school, which keeps the post
	RelationMoves Relation = "moves" // moves to the host at the start
)

// Relations is the vocabulary of personnel relations.
var Relations = app.Vocab{
	{Code: string(RelationStays), Zh: "保留在原学校", En: "Stays with the origin school"},
	{Code: string(RelationMoves), Zh: "转入交流学校", En: "Moves to the host school"},
}

// Exchange is one educator's exchange (交流) from an origin school to a host
// school, through its life.
type Exchange struct {
	ID           int64    `json:"id"`
	EducatorID   int64    `json:"educator_id"`
	EducatorName string   `json:"educator_name"`
	IDMasked     string   `json:"id_number_masked"`
	Gender       string   `json:"gender"`
	BirthDate    app.Date `json:"-"` // withheld: with the masked ID number it would give the number away
	// Post, Backbone and Subjects are as they were when the exchange was made.
	Post     string       `json:"post"`
	Backbone string       `json:"backbone"`
	Subjects []string     `json:"subjects"`
	Form     ExchangeForm `json:"form"`
	Relation Relation     `json:"relation"`

	OriginSchoolID int64  `json:"origin_school_id"`
	OriginCode     string `json:"origin_school_code"`
	OriginName     string `json:"origin_school_name"`
	OriginLocation string `json:"origin_location_type"`
	OriginWeak     bool   `json:"origin_weak"`
	CountyID       int64  `json:"county_id"`
	CountyName     string `json:"county_name"`
	CityID         int64  `json:"city_id"`
	HostSchoolID   int64  `json:"host_school_id"`
	HostCode       string `json:"host_school_code"`
	HostName       string `json:"host_school_name"`
	HostLocation   string `json:"host_location_type"`
	HostWeak       bool   `json:"host_weak"`
	HostCountyID   int64  `json:"host_county_id"`
	HostCountyName string `json:"host_county_name"`
	HostCityID     int64  `json:"host_city_id"`

	Start       app.Date       `json:"start"`
	PlannedEnd  app.Date       `json:"planned_end"`
	AnnouncedOn app.Date       `json:"announced_on"`
	ActualStart app.Date       `json:"actual_start"`
	ActualEnd   app.Date       `json:"actual_end"`
	Status      ExchangeStatus `json:"status"`
	SchoolYear  int            `json:"school_year"`
	// HigherGrade records that an urban teacher rotated to a rural school is
	// engaged one post grade higher (高聘一级); Allowance records the
	// allowance agreed (SPEC §3.5: recorded, not computed).
	HigherGrade bool   `json:"higher_grade"`
	Allowance   string `json:"allowance"`
	Note        string `json:"note"`
	EndReason   string `json:"end_reason"`
	RoundID     int64  `json:"round_id,omitempty"`

	// The transfer at the end: the teacher's application and the consent of
	// both schools; county HR then decides.
	TransferRequested app.Date  `json:"transfer_requested"`
	TransferNote      string    `json:"transfer_note"`
	OriginConsentBy   string    `json:"origin_consent_by"`
	OriginConsentAt   time.Time `json:"origin_consent_at"`
	HostConsentBy     string    `json:"host_consent_by"`
	HostConsentAt     time.Time `json:"host_consent_at"`
	// OriginConsentUserID and HostConsentUserID are the accounts that
	// consented (0 when unknown); the labels above are for display.
	OriginConsentUserID int64 `json:"-"`
	HostConsentUserID   int64 `json:"-"`

	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Begin is the day the exchange began, or is planned to begin.
func (x *Exchange) Begin() app.Date {
	if !x.ActualStart.IsZero() {
		return x.ActualStart
	}
	return x.Start
}

// OriginPlace and HostPlace are the exchange's two places in the tree.
func (x *Exchange) OriginPlace() app.Place {
	return app.Place{CityID: x.CityID, CountyID: x.CountyID, SchoolID: x.OriginSchoolID}
}

// HostPlace is the host school's place in the tree.
func (x *Exchange) HostPlace() app.Place {
	return app.Place{CityID: x.HostCityID, CountyID: x.HostCountyID, SchoolID: x.HostSchoolID}
}

// IsBackbone reports whether the educator was a backbone teacher when the exchange was made.
func (x *Exchange) IsBackbone() bool { return x.Backbone != "" }

// Direction returns the direction of the exchange under a policy.
func (x *Exchange) Direction(p *Policy) Direction {
	return DirectionOf(p.Urban(x.OriginLocation), p.Urban(x.HostLocation))
}

// Direction is where an exchange goes between urban and rural schools, as
// the annual return counts it.
type Direction string

// Directions of the return (SPEC §3.4).
const (
	DirUrbanUrban Direction = "urban_urban"
	DirRuralRural Direction = "rural_rural"
	DirUrbanRural Direction = "urban_rural"
	DirRuralUrban Direction = "rural_urban"
)

// Directions is the vocabulary of directions.
var Directions = app.Vocab{
	{Code: string(DirUrbanUrban), Zh: "城区学校之间", En: "Urban to urban"},
	{Code: string(DirRuralRural), Zh: "农村学校之间", En: "Rural to rural"},
	{Code: string(DirUrbanRural), Zh: "城区到农村", En: "Urban to rural"},
	{Code: string(DirRuralUrban), Zh: "农村到城区", En: "Rural to urban"},
}

// DirectionOf names the direction from an origin to a host.
func DirectionOf(originUrban, hostUrban bool) Direction {
	switch {
	case originUrban && hostUrban:
		return DirUrbanUrban
	case originUrban:
		return DirUrbanRural
	case hostUrban:
		return DirRuralUrban
	}
	return DirRuralRural
}

// PostGroup is the post an exchange is reported under: principal, vice
// principal, or teacher (every other post).
func PostGroup(post string) string {
	switch post {
	case people.PostPrincipal, people.PostVicePrincipal:
		return post
	}
	return people.PostTeacher
}

// minTermEnd is the last day of a span of whole calendar years from start.
func minTermEnd(start app.Date, years int) app.Date { return start.AddYears(years).AddDays(-1) }

// TermEnd is the last day of the minimum term of an exchange that begins
// (really, once under way) on start: years whole school years (学年, 1
// September to 31 August; SPEC §3.1), the term ending on 31 August. The
// school year of the start counts when the exchange begins in its first
// term (September to January), however many days after 1 September
// school opened; begun in its second term it would be half served, so
// counting starts with the next school year.
func TermEnd(start app.Date, years int) app.Date {
	first := SchoolYearOf(start)
	if start.Month >= time.February && start.Month < time.September {
		first++
	}
	return YearEnd(first + years - 1)
}

// StepWritesCareer reports whether an exchange's step to status writes its
// career history: the start does, and so does the end of a teacher's
// exchange; a principal's ends where the start put them.
func StepWritesCareer(status ExchangeStatus, relation Relation) bool {
	switch status {
	case StatusActive:
		return true
	case StatusCompleted, StatusReturned, StatusTransferred:
		return relation != RelationMoves
	}
	return false
}

// minYears is the minimum term in years of an exchange under a policy, or
// 0 when its form has none.
func (x *Exchange) minYears(p *Policy) int {
	if !QuotaForm(x.Form) {
		return 0
	}
	if x.Relation == RelationMoves {
		return p.HeadMinYears
	}
	return p.TeacherMinYears
}

// Event is one dated step of an exchange, kept for its page; the audit log
// holds the same with before and after.
type Event struct {
	ID         int64          `json:"id"`
	ExchangeID int64          `json:"exchange_id"`
	Action     string         `json:"action"`
	FromStatus ExchangeStatus `json:"from_status"`
	ToStatus   ExchangeStatus `json:"to_status"`
	On         app.Date       `json:"on"`
	Note       string         `json:"note"`
	Actor      string         `json:"actor"`
	At         time.Time      `json:"at"`
}

// ExchangeFilter selects exchanges. Zero fields do not filter.
type ExchangeFilter struct {
	CountyID   int64   // origin or host county
	CountyIDs  []int64 // origin or host county among these
	SchoolID   int64   // origin or host school
	EducatorID int64
	Status     ExchangeStatus
	Form       ExchangeForm
	SchoolYear int
	RoundID    int64
	// EducatorIDs keeps the exchanges of these educators; Open those not
	// ended (planned, announced or active).
	EducatorIDs []int64
	Open        bool
	// Relevant keeps, for the rules on a date in a school year, the
	// exchanges not cancelled that begin in that year or began earlier and
	// have not ended before the date.
	RelevantYear int
	RelevantOn   app.Date
	// PlannedEndFrom and PlannedEndTo keep the exchanges planned to end
	// within the dates (each bound when given).
	PlannedEndFrom, PlannedEndTo app.Date
	Offset                       int
	Limit                        int
	// Within is the scope: an exchange is in it when its origin or host is.
	Within app.Scope
}

// ExchangeInput creates an exchange.
type ExchangeInput struct {
	EducatorID   int64        `json:"educator_id"`
	Form         ExchangeForm `json:"form"`
	HostSchoolID int64        `json:"host_school_id"`
	Start        app.Date     `json:"start"`
	PlannedEnd   app.Date     `json:"planned_end"`
	// Relation is required only for a vice principal, who may rotate as an
	// administrator (moves) or as a teacher (stays).
	Relation    Relation `json:"relation"`
	HigherGrade bool     `json:"higher_grade"`
	Allowance   string   `json:"allowance"`
	Note        string   `json:"note"`
}

// FindExchanges lists the exchanges matching f inside the actor's scope,
// newest first, with the total count.
func (s *Service) FindExchanges(ctx context.Context, f ExchangeFilter) ([]*Exchange, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && !Statuses.Has(string(f.Status)) {
		return nil, 0, app.InvalidValue("status", string(f.Status))
	}
	if f.Form != "" && !Forms.Has(string(f.Form)) {
		return nil, 0, app.InvalidValue("form", string(f.Form))
	}
	f.Within = auth.ScopeOf(a, auth.RotationRead)
	return s.store.FindExchanges(ctx, f)
}

// canRead reports whether the actor may see an exchange: its origin or its
// host is in their rotation scope.
func canRead(ctx context.Context, x *Exchange) bool {
	return may(ctx, auth.RotationRead, x.OriginPlace()) || may(ctx, auth.RotationRead, x.HostPlace())
}

// FindExchangeByID returns an exchange the actor may see.
func (s *Service) FindExchangeByID(ctx context.Context, id int64) (*Exchange, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.RotationRead); err != nil {
		return nil, err
	}
	x, err := s.store.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canRead(ctx, x) {
		return nil, app.ErrNotFound("交流记录")
	}
	return x, nil
}

// ExchangeDetail is an exchange with its history and what the actor may do.
type ExchangeDetail struct {
	*Exchange
	Events      []*Event      `json:"events"`
	Assessments []*Assessment `json:"assessments"`
	Policy      *Policy       `json:"policy"`
	Direction   Direction     `json:"direction"`
	// MinEnd is the last day of the minimum term from the (planned) start.
	MinEnd app.Date `json:"min_end"`
	// Next are the statuses the actor may move the exchange to.
	Next []ExchangeStatus `json:"next"`
	// Can lists the actor's other possible actions: transfer_request,
	// consent_origin, consent_host, assess.
	Can []string `json:"can"`
}

// FindExchangeDetail returns an exchange with its events, assessments and
// the actions open to the actor.
func (s *Service) FindExchangeDetail(ctx context.Context, id int64) (*ExchangeDetail, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	events, err := s.store.FindExchangeEvents(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	as, err := s.store.FindAssessments(ctx, AssessmentFilter{ExchangeID: id})
	if err != nil {
		return nil, err
	}
	ps, err := s.policies(ctx, []int64{x.CountyID}, SchoolYearOf(x.Begin()))
	if err != nil {
		return nil, err
	}
	p := ps[x.CountyID]
	d := &ExchangeDetail{Exchange: x, Events: events, Assessments: as, Policy: p, Direction: x.Direction(p),
		MinEnd: TermEnd(x.Begin(), x.minYears(p)), Next: []ExchangeStatus{}, Can: []string{}}
	if y := x.minYears(p); y == 0 {
		d.MinEnd = app.Date{}
	}
	if may(ctx, auth.RotationManage, x.OriginPlace()) {
		d.Next = slices.Clone(transitions[x.Status])
	}
	if x.Status == StatusActive && x.Relation == RelationStays {
		if x.TransferRequested.IsZero() && may(ctx, auth.RotationApply, x.OriginPlace()) {
			d.Can = append(d.Can, "transfer_request")
		}
		if !x.TransferRequested.IsZero() && x.OriginConsentBy == "" && may(ctx, auth.RotationApply, x.OriginPlace()) {
			d.Can = append(d.Can, "consent_origin")
		}
		if !x.TransferRequested.IsZero() && x.HostConsentBy == "" && may(ctx, auth.RotationApply, x.HostPlace()) {
			d.Can = append(d.Can, "consent_host")
		}
	}
	if x.Status != StatusPlanned && x.Status != StatusAnnounced && x.Status != StatusCancelled && may(ctx, auth.RotationApply, x.HostPlace()) {
		d.Can = append(d.Can, "assess")
	}
	return d, nil
}
