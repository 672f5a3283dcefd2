package rotation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Statuses of an exchange (SPEC §3.4).
const (
	StatusPlanned     = "planned"     // 计划
	StatusAnnounced   = "announced"   // 已公布
	StatusActive      = "active"      // 交流中
	StatusCompleted   = "completed"   // 期满：the term served; a teacher returns to the origin school
	StatusReturned    = "returned"    // 提前返回：ended before the planned end
	StatusTransferred = "transferred" // 调入交流学校：at the end the teacher moved to the host school
	StatusCancelled   = "cancelled"   // 已取消
)

// Statuses is the vocabulary of exchange statuses, in the order of a life.
var Statuses = app.Vocab{
	{Code: StatusPlanned, Zh: "计划", En: "Planned"},
	{Code: StatusAnnounced, Zh: "已公布", En: "Announced"},
	{Code: StatusActive, Zh: "交流中", En: "Active"},
	{Code: StatusCompleted, Zh: "期满", En: "Completed"},
	{Code: StatusReturned, Zh: "提前返回", En: "Returned early"},
	{Code: StatusTransferred, Zh: "调入交流学校", En: "Transferred to the host"},
	{Code: StatusCancelled, Zh: "已取消", En: "Cancelled"},
}

// transitions are the steps an exchange may take from each status.
var transitions = map[string][]string{
	StatusPlanned:   {StatusAnnounced, StatusCancelled},
	StatusAnnounced: {StatusActive, StatusCancelled},
	StatusActive:    {StatusCompleted, StatusReturned, StatusTransferred},
}

// NextStatuses returns the statuses an exchange in status may move to.
func NextStatuses(status string) []string { return transitions[status] }

// Counted reports whether an exchange in status counts as a rotation of its
// school year: announced or later, not cancelled.
func Counted(status string) bool {
	switch status {
	case StatusAnnounced, StatusActive, StatusCompleted, StatusReturned, StatusTransferred:
		return true
	}
	return false
}

// Open reports whether an exchange in status has not ended.
func Open(status string) bool {
	return status == StatusPlanned || status == StatusAnnounced || status == StatusActive
}

// Forms of exchange (SPEC §3.2).
const (
	FormSupport          = "support"           // 支教 / 帮教
	FormPartTime         = "part_time"         // 兼职教学
	FormSwap             = "swap"              // 顶岗置换 / 双向交流
	FormItinerant        = "itinerant"         // 走教
	FormConsortium       = "consortium"        // 办学联合体
	FormCompetition      = "competition"       // 岗位竞聘
	FormCounterpart      = "counterpart"       // 对口帮扶
	FormReassignment     = "reassignment"      // 末位调岗
	FormTownshipSupport  = "township_support"  // 乡镇内支教
	FormNationalTraining = "national_training" // 国培置换
)

// Forms is the vocabulary of forms.
var Forms = app.Vocab{
	{Code: FormSupport, Zh: "支教/帮教", En: "Support teaching"},
	{Code: FormPartTime, Zh: "兼职教学", En: "Part-time teaching"},
	{Code: FormSwap, Zh: "顶岗置换/双向交流", En: "Swap (two-way exchange)"},
	{Code: FormItinerant, Zh: "走教", En: "Itinerant teaching"},
	{Code: FormConsortium, Zh: "办学联合体", En: "Within a consortium"},
	{Code: FormCompetition, Zh: "岗位竞聘", En: "Competition for posts"},
	{Code: FormCounterpart, Zh: "对口帮扶", En: "Counterpart assistance"},
	{Code: FormReassignment, Zh: "末位调岗", En: "Reassignment of the last-ranked"},
	{Code: FormTownshipSupport, Zh: "乡镇内支教", En: "Support teaching within a township"},
	{Code: FormNationalTraining, Zh: "国培置换", En: "National training replacement"},
}

// QuotaForm reports whether exchanges of the form count towards the quota.
// 国培置换 is a training stint of weeks or months: it is reported, but it is
// not a rotation and has no minimum term.
func QuotaForm(form string) bool { return form != FormNationalTraining }

// Personnel relations (人事关系) during an exchange.
const (
	RelationStays = "stays" // kept by the origin school, which keeps the post
	RelationMoves = "moves" // moves to the host at the start
)

// Relations is the vocabulary of personnel relations.
var Relations = app.Vocab{
	{Code: RelationStays, Zh: "保留在原学校", En: "Stays with the origin school"},
	{Code: RelationMoves, Zh: "转入交流学校", En: "Moves to the host school"},
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
	Post     string   `json:"post"`
	Backbone string   `json:"backbone"`
	Subjects []string `json:"subjects"`
	Form     string   `json:"form"`
	Relation string   `json:"relation"`

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

	Start       app.Date `json:"start"`
	PlannedEnd  app.Date `json:"planned_end"`
	AnnouncedOn app.Date `json:"announced_on"`
	ActualStart app.Date `json:"actual_start"`
	ActualEnd   app.Date `json:"actual_end"`
	Status      string   `json:"status"`
	SchoolYear  int      `json:"school_year"`
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
func (x *Exchange) Direction(p *Policy) string {
	return DirectionOf(p.Urban(x.OriginLocation), p.Urban(x.HostLocation))
}

// Directions of the return (SPEC §3.4).
const (
	DirUrbanUrban = "urban_urban"
	DirRuralRural = "rural_rural"
	DirUrbanRural = "urban_rural"
	DirRuralUrban = "rural_urban"
)

// Directions is the vocabulary of directions.
var Directions = app.Vocab{
	{Code: DirUrbanUrban, Zh: "城区学校之间", En: "Urban to urban"},
	{Code: DirRuralRural, Zh: "农村学校之间", En: "Rural to rural"},
	{Code: DirUrbanRural, Zh: "城区到农村", En: "Urban to rural"},
	{Code: DirRuralUrban, Zh: "农村到城区", En: "Rural to urban"},
}

// DirectionOf names the direction from an origin to a host.
func DirectionOf(originUrban, hostUrban bool) string {
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
func StepWritesCareer(status, relation string) bool {
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
	ID         int64     `json:"id"`
	ExchangeID int64     `json:"exchange_id"`
	Action     string    `json:"action"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	On         app.Date  `json:"on"`
	Note       string    `json:"note"`
	Actor      string    `json:"actor"`
	At         time.Time `json:"at"`
}

// ExchangeFilter selects exchanges. Zero fields do not filter.
type ExchangeFilter struct {
	CountyID   int64   // origin or host county
	CountyIDs  []int64 // origin or host county among these
	SchoolID   int64   // origin or host school
	EducatorID int64
	Status     string
	Form       string
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
	Offset       int
	Limit        int
	// Within is the scope: an exchange is in it when its origin or host is.
	Within app.Scope
}

// ExchangeInput creates an exchange.
type ExchangeInput struct {
	EducatorID   int64    `json:"educator_id"`
	Form         string   `json:"form"`
	HostSchoolID int64    `json:"host_school_id"`
	Start        app.Date `json:"start"`
	PlannedEnd   app.Date `json:"planned_end"`
	// Relation is required only for a vice principal, who may rotate as an
	// administrator (moves) or as a teacher (stays).
	Relation    string `json:"relation"`
	HigherGrade bool   `json:"higher_grade"`
	Allowance   string `json:"allowance"`
	Note        string `json:"note"`
}

// FindExchanges lists the exchanges matching f inside the actor's scope,
// newest first, with the total count.
func (s *Service) FindExchanges(ctx context.Context, f ExchangeFilter) ([]*Exchange, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && !Statuses.Has(f.Status) {
		return nil, 0, app.InvalidValue("status", f.Status)
	}
	if f.Form != "" && !Forms.Has(f.Form) {
		return nil, 0, app.InvalidValue("form", f.Form)
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
	Direction   string        `json:"direction"`
	// MinEnd is the last day of the minimum term from the (planned) start.
	MinEnd app.Date `json:"min_end"`
	// Next are the statuses the actor may move the exchange to.
	Next []string `json:"next"`
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
		MinEnd: TermEnd(x.Begin(), x.minYears(p)), Next: []string{}, Can: []string{}}
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

// CreateExchange records a planned exchange. The origin county's HR makes
// it; the rules of the policy in force for the start's school year apply.
func (s *Service) CreateExchange(ctx context.Context, in ExchangeInput) (*Exchange, error) {
	return s.createExchange(ctx, in, 0)
}

func (s *Service) createExchange(ctx context.Context, in ExchangeInput, roundID int64) (*Exchange, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	e, err := s.store.FindEducatorByID(ctx, in.EducatorID)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, app.NotFoundField("educator_id", "教职工")
		}
		return nil, err
	}
	if auth.Decide(a, auth.RotationRead, app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}, "") != nil {
		return nil, app.NotFoundField("educator_id", "教职工")
	}
	origin, err := s.store.FindSchoolByID(ctx, e.SchoolID)
	if err != nil {
		return nil, err
	}
	if roundID == 0 {
		if err := decideChange(ctx, auth.RotationManage, origin.Place()); err != nil {
			return nil, err
		}
	}
	var f app.Fields
	if !Forms.Has(in.Form) {
		f.Add("form", "请选择交流形式", "Choose the form of the exchange")
	} else if in.Form == FormTownshipSupport && roundID == 0 {
		f.Add("form", "乡镇内支教须经教师申请、量化打分、校内公示、择优选派，请在「乡镇内支教选派」中办理",
			"Township support teaching goes through application, scoring, public notice and selection: use a selection round")
	}
	var host *org.School
	if in.HostSchoolID == 0 {
		f.Add("host_school_id", "请选择交流学校", "Choose the host school")
	} else if host, err = s.store.FindSchoolByID(ctx, in.HostSchoolID); err != nil && app.ErrorCode(err) != app.NotFound {
		return nil, err
	} else if err != nil || (roundID == 0 && !hostVisible(ctx, host, e.CityID)) {
		host = nil
		f.Add("host_school_id", "未找到交流学校", "Host school not found")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.Start.IsZero() || !in.Start.Valid() {
		f.Add("start", "请填写开始日期", "Give the start date")
	}
	if in.PlannedEnd.IsZero() || !in.PlannedEnd.Valid() {
		f.Add("planned_end", "请填写计划结束日期", "Give the planned end")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	ps, err := s.policies(ctx, []int64{origin.CountyID}, SchoolYearOf(in.Start))
	if err != nil {
		return nil, err
	}
	p := ps[origin.CountyID]
	rule := RuleFor(e.Post)
	x := &Exchange{EducatorID: e.ID, EducatorName: e.Name, IDMasked: e.IDMasked, Gender: e.Gender, BirthDate: e.BirthDate,
		Post: e.Post, Backbone: e.Backbone, Subjects: e.Subjects,
		Form: in.Form, Relation: in.Relation, OriginSchoolID: origin.ID, HostSchoolID: host.ID,
		OriginCode: origin.Code, OriginName: origin.Name, OriginLocation: origin.Location, OriginWeak: origin.Weak,
		HostCode: host.Code, HostName: host.Name, HostLocation: host.Location, HostWeak: host.Weak,
		CountyID: origin.CountyID, CountyName: origin.CountyName, CityID: origin.CityID,
		HostCountyID: host.CountyID, HostCountyName: host.CountyName, HostCityID: host.CityID,
		Start: in.Start, PlannedEnd: in.PlannedEnd, Status: StatusPlanned, SchoolYear: SchoolYearOf(in.Start),
		HigherGrade: in.HigherGrade, Allowance: strings.TrimSpace(in.Allowance), Note: strings.TrimSpace(in.Note), RoundID: roundID,
		CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
	x.UpdatedAt = x.CreatedAt
	switch {
	case rule == "":
		f.Add("educator_id", "岗位为"+people.Posts.Label(e.Post, "zh")+"的教职工不在交流轮岗范围", "This post does not rotate")
	case !containsStr(p.StaffStatuses, e.StaffStatus):
		f.Add("educator_id", "只有"+staffLabels(p.StaffStatuses)+"的教职工参加交流（此人为"+people.StaffStatuses.Label(e.StaffStatus, "zh")+"）",
			"Only established staff take part in exchanges")
	}
	switch {
	case e.Post == people.PostPrincipal:
		if x.Relation == "" {
			x.Relation = RelationMoves
		}
		if x.Relation != RelationMoves {
			f.Add("relation", "校长轮岗后人事关系转入新学校", "A rotated principal's personnel relation moves to the new school")
		}
	case e.Post == people.PostVicePrincipal:
		if x.Relation == "" {
			x.Relation = RelationStays
		}
		if !Relations.Has(x.Relation) {
			f.Add("relation", "请选择副校长按管理人员轮岗（人事关系转入）或按教师交流（人事关系保留）", "Choose how the vice principal rotates")
		}
	default:
		if x.Relation == "" {
			x.Relation = RelationStays
		}
		if x.Relation != RelationStays {
			f.Add("relation", "教师交流期间人事关系保留在原学校", "An exchanged teacher's personnel relation stays with the origin school")
		}
	}
	if host.ID == origin.ID {
		f.Add("host_school_id", "交流学校不能是原学校", "The host must differ from the origin school")
	}
	if host.CountyID != origin.CountyID && !CrossCounty(in.Form) {
		f.Add("host_school_id", host.Name+"属于"+host.CountyName+"：交流轮岗在本区县内进行；跨区县只限对口帮扶和国培置换",
			host.Name+" is in another county: exchanges stay within the county, except counterpart assistance and national training")
	}
	if !origin.Compulsory() {
		f.Add("educator_id", origin.Name+"不是义务教育学校", origin.Name+" is not a compulsory-education school")
	}
	if !host.Compulsory() {
		f.Add("host_school_id", host.Name+"不是义务教育学校", host.Name+" is not a compulsory-education school")
	}
	switch in.Form {
	case FormConsortium:
		if origin.ConsortiumID == 0 || origin.ConsortiumID != host.ConsortiumID {
			f.Add("host_school_id", "办学联合体内交流：两所学校须属于同一办学联合体", "Both schools must belong to the same consortium")
		}
	case FormItinerant:
		if !host.VillagePoint && host.Location != "rural" && !host.Weak {
			f.Add("host_school_id", "走教的学校应为农村教学点、农村学校或薄弱学校", "Itinerant teaching goes to village points, rural or weak schools")
		}
	case FormReassignment:
		if rule != RuleTeacher {
			f.Add("form", "末位调岗只适用于教师", "Reassignment applies to teachers only")
		}
	}
	if x.HigherGrade && (!p.Urban(origin.Location) || p.Urban(host.Location)) {
		f.Add("higher_grade", "高聘一级只适用于从城区学校交流到农村学校的教师", "Engagement one grade higher applies to urban teachers rotated to rural schools")
	}
	if !x.PlannedEnd.After(x.Start) {
		f.Add("planned_end", "计划结束日期应晚于开始日期", "The planned end must be after the start")
	} else if y := x.minYears(p); y > 0 && x.PlannedEnd.Before(TermEnd(x.Start, y)) {
		term := fmt.Sprintf("%d学年", y)
		if x.Relation == RelationMoves {
			term = fmt.Sprintf("一届（%d年）", y)
		}
		f.Add("planned_end", fmt.Sprintf("交流期限不少于%s：计划结束日期不能早于%s", term, TermEnd(x.Start, y).Chinese()),
			fmt.Sprintf("The term is at least %d school years: the planned end cannot be before %s", y, TermEnd(x.Start, y)))
	}
	if utf8.RuneCountInString(x.Allowance) > 200 {
		f.Add("allowance", "津贴说明最多200字", "The allowance note has at most 200 characters")
	}
	if utf8.RuneCountInString(x.Note) > 500 {
		f.Add("note", "备注最多500字", "The note has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateExchange(ctx, x); err != nil {
			return err
		}
		if movesHead(x) {
			// Checked once the transaction has made all it makes: a plan's
			// cycle of principals is one set.
			if err := s.store.Defer(ctx, func(ctx context.Context) error { return s.checkHeads(ctx, host.ID, host.Name, x.Start) }); err != nil {
				return err
			}
		}
		if err := s.store.CreateExchangeEvent(ctx, &Event{ExchangeID: x.ID, Action: "create", ToStatus: StatusPlanned,
			On: app.DateOf(x.CreatedAt), Note: x.Note, Actor: x.CreatedBy, At: x.CreatedAt}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exchange.create", Entity: "rotation_exchange", EntityID: x.ID,
			Summary: fmt.Sprintf("新建交流：%s（%s → %s），%s，%s至%s", e.Name, origin.Name, host.Name,
				Forms.Label(x.Form, "zh"), x.Start.Chinese(), x.PlannedEnd.Chinese()),
			After: x})
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

// CrossCounty reports whether exchanges of the form may leave the county.
func CrossCounty(form string) bool { return form == FormCounterpart || form == FormNationalTraining }

// hostVisible reports whether the actor may name a school as host: one they
// see, or any school of the city (the form decides, below, whether the
// exchange may leave the county).
func hostVisible(ctx context.Context, host *org.School, cityID int64) bool {
	return auth.Decide(app.ActorOf(ctx), auth.OrgRead, host.Place(), "") == nil || host.CityID == cityID
}

// FindHostSchools lists the schools an exchange of a form from a county
// may go to, for whoever makes the county's exchanges: the county's
// compulsory schools and, only for the forms that may leave the county
// (对口帮扶, 国培置换), those of the rest of the city after them.
func (s *Service) FindHostSchools(ctx context.Context, countyID int64, form string) ([]*org.School, error) {
	c, err := s.readCounty(ctx, countyID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID}); err != nil {
		return nil, err
	}
	within := app.Scope{CountyIDs: []int64{c.ID}}
	if CrossCounty(form) {
		within = app.Scope{CityIDs: []int64{c.CityID}}
	}
	all, _, err := s.store.FindSchools(ctx, org.SchoolFilter{Within: within})
	if err != nil {
		return nil, err
	}
	out := []*org.School{}
	for _, sc := range all {
		if sc.Compulsory() {
			out = append(out, sc)
		}
	}
	slices.SortStableFunc(out, func(a, b *org.School) int {
		return boolOrder(a.CountyID != countyID) - boolOrder(b.CountyID != countyID)
	})
	return out, nil
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

func staffLabels(codes []string) string {
	var out []string
	for _, c := range codes {
		out = append(out, people.StaffStatuses.Label(c, "zh"))
	}
	return strings.Join(out, "、")
}

// StatusInput moves an exchange to a new status on a date.
type StatusInput struct {
	Status string   `json:"status"`
	Date   app.Date `json:"date"`
	Reason string   `json:"reason"`
}

// ChangeExchangeStatus moves an exchange one step of its life, as the origin
// county's HR. Only the steps of the life are allowed; the status is
// changed only if it is still the one read, so of two concurrent steps
// exactly one wins. Starting, ending and transferring write the career
// history in the same transaction.
func (s *Service) ChangeExchangeStatus(ctx context.Context, id int64, in StatusInput) (*Exchange, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationManage, x.OriginPlace()); err != nil {
		return nil, err
	}
	if !Statuses.Has(in.Status) {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择新的状态", English: "Choose the new status", Fields: map[string]string{"status": "invalid"}}
	}
	if !slices.Contains(transitions[x.Status], in.Status) {
		return nil, &app.Error{Code: app.Conflict,
			Message: fmt.Sprintf("交流当前状态为「%s」，不能变更为「%s」", Statuses.Label(x.Status, "zh"), Statuses.Label(in.Status, "zh")),
			English: fmt.Sprintf("The exchange is %s and cannot become %s", Statuses.Label(x.Status, "en"), Statuses.Label(in.Status, "en")),
			Fields:  map[string]string{"status": "transition"}}
	}
	today := s.Today()
	on := in.Date
	if on.IsZero() {
		on = today
	}
	reason := strings.TrimSpace(in.Reason)
	ps, err := s.policies(ctx, []int64{x.CountyID}, SchoolYearOf(x.Begin()))
	if err != nil {
		return nil, err
	}
	p := ps[x.CountyID]
	var f app.Fields
	switch {
	case !on.Valid():
		f.Add("date", "日期无效", "Invalid date")
	case on.After(today):
		f.Add("date", "日期不能晚于今天（"+today.Chinese()+"）", "The date cannot be in the future")
	}
	if utf8.RuneCountInString(reason) > 500 {
		f.Add("reason", "说明最多500字", "The reason has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	before := *x
	minEnd := TermEnd(x.Begin(), x.minYears(p))
	switch in.Status {
	case StatusAnnounced:
		x.AnnouncedOn = on
	case StatusActive:
		if !x.AnnouncedOn.IsZero() && on.Before(x.AnnouncedOn) {
			f.Add("date", "开始日期不能早于公布日期（"+x.AnnouncedOn.Chinese()+"）", "The start cannot precede the announcement")
		} else if on.Before(x.Start) {
			f.Add("date", "交流计划于"+x.Start.Chinese()+"开始，不能在此之前记为交流中；最短期限从实际开始之日起算",
				"The exchange is planned to start on "+x.Start.English()+" and cannot be under way before then")
		}
		x.ActualStart, x.SchoolYear = on, SchoolYearOf(on)
	case StatusCompleted, StatusTransferred:
		if on.Before(x.ActualStart) {
			f.Add("date", "结束日期不能早于开始日期", "The end cannot precede the start")
		} else if x.minYears(p) > 0 && on.Before(minEnd) {
			f.Add("date", fmt.Sprintf("交流未满最短期限（至%s），不能按期满结束；提前结束请选择「提前返回」", minEnd.Chinese()),
				fmt.Sprintf("The minimum term runs to %s; to end earlier choose 'returned early'", minEnd))
		}
		if in.Status == StatusTransferred {
			switch {
			case x.Relation != RelationStays:
				f.Add("status", "人事关系已在交流开始时转入交流学校，无需调动", "The personnel relation has already moved")
			case x.TransferRequested.IsZero():
				f.Add("status", "调入交流学校须先有本人申请", "A transfer needs the teacher's application first")
			case x.OriginConsentBy == "" || x.HostConsentBy == "":
				f.Add("status", "调入交流学校须经原学校和交流学校同意", "A transfer needs the consent of both schools")
			}
		}
		x.ActualEnd = on
	case StatusReturned:
		switch {
		case x.Relation == RelationMoves:
			f.Add("status", "校长轮岗的人事关系已转入新学校，不能提前返回；如需调整请办理任职变动",
				"A rotated principal's relation has moved; change the appointment instead")
		case on.Before(x.ActualStart):
			f.Add("date", "返回日期不能早于开始日期", "The return cannot precede the start")
		case !on.Before(x.PlannedEnd):
			f.Add("date", "已到计划结束日期，请选择「期满」", "The planned end is reached: choose 'completed'")
		}
		if reason == "" {
			f.Add("reason", "提前返回须说明原因", "Give the reason for returning early")
		}
		x.ActualEnd = on
	case StatusCancelled:
		if reason == "" {
			f.Add("reason", "取消交流须说明原因", "Give the reason for cancelling")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.Status == StatusReturned || in.Status == StatusCancelled || in.Status == StatusCompleted || in.Status == StatusTransferred {
		if reason != "" {
			x.EndReason = reason
		}
	}
	from := x.Status
	x.Status, x.UpdatedAt = in.Status, s.clock.Now()
	a := app.ActorOf(ctx)
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if x.Status == StatusActive && movesHead(x) {
			// Any other principal of the host must be leaving by the same day.
			if err := s.checkHeads(ctx, x.HostSchoolID, x.HostName, on); err != nil {
				return err
			}
		}
		ok, err := s.store.SetExchangeStatus(ctx, x, from)
		if err != nil {
			return err
		}
		if !ok {
			return staleExchange()
		}
		if err := s.careerOnStatus(ctx, x, from, on); err != nil {
			return err
		}
		if err := s.store.CreateExchangeEvent(ctx, &Event{ExchangeID: x.ID, Action: "status", FromStatus: from, ToStatus: x.Status,
			On: on, Note: reason, Actor: a.Label(), At: x.UpdatedAt}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exchange." + x.Status, Entity: "rotation_exchange", EntityID: x.ID,
			Summary: fmt.Sprintf("%s的交流（%s → %s）：%s → %s，日期%s%s", x.EducatorName, x.OriginName, x.HostName,
				Statuses.Label(from, "zh"), Statuses.Label(x.Status, "zh"), on.Chinese(), notePart(reason)),
			Before: &before, After: x})
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func staleExchange() error {
	return app.Errorf(app.Conflict, "该交流记录刚被他人修改，请刷新后重试", "The exchange changed meanwhile; reload and try again")
}

// careerOnStatus writes what a step of an exchange changes in the career
// history (and, when the personnel relation moves, in the registry):
//   - start, relation moves (a principal): the appointment at the origin ends
//     the day before; an appointment at the host begins; the educator now
//     belongs to the host, in the same post;
//   - start, relation stays (a teacher): the appointment at the origin ends the
//     day before; an exchange row at the host begins;
//   - completed or returned early, relation stays: the exchange row ends; a
//     new appointment at the origin in the same post begins the day after;
//   - transferred: the exchange row ends; an appointment at the host begins
//     the day after and the educator now belongs to the host.
func (s *Service) careerOnStatus(ctx context.Context, x *Exchange, from string, on app.Date) error {
	switch {
	case x.Status == StatusActive:
		if err := s.endHomeAppointment(ctx, x, on); err != nil {
			return err
		}
		if x.Relation == RelationMoves {
			k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.HostSchoolID, Post: x.Post, Kind: people.CareerAppointment,
				Start: on, Note: "交流轮岗（" + Forms.Label(x.Form, "zh") + "），人事关系转入"}
			if err := s.store.CreateRotationCareerEntry(ctx, k, x.ID); err != nil {
				return err
			}
			return s.store.MoveEducator(ctx, x.EducatorID, x.HostSchoolID, x.Post, on, on)
		}
		k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.HostSchoolID, Post: people.PostTeacher, Kind: people.CareerExchange,
			Start: on, Note: Forms.Label(x.Form, "zh")}
		return s.store.CreateRotationCareerEntry(ctx, k, x.ID)
	case x.Relation == RelationMoves:
		return nil // completed: the principal stays at the host
	case x.Status == StatusCompleted || x.Status == StatusReturned || x.Status == StatusTransferred:
		rows, err := s.store.FindRotationCareers(ctx, PeopleFilter{EducatorID: x.EducatorID, Within: app.Scope{All: true}})
		if err != nil {
			return err
		}
		var row *CareerRow
		for i := range rows[x.EducatorID] {
			if r := &rows[x.EducatorID][i]; r.ExchangeID == x.ID && r.Kind == people.CareerExchange {
				row = r
			}
		}
		if row == nil {
			return app.Internalf("rotation.careerOnStatus", "exchange %d has no career row", x.ID)
		}
		if err := s.store.EndCareerEntry(ctx, row.ID, on); err != nil {
			return err
		}
		back := on.AddDays(1)
		if x.Status == StatusTransferred {
			k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.HostSchoolID, Post: x.Post, Kind: people.CareerAppointment,
				Start: back, Note: "交流期满调入"}
			if err := s.store.CreateRotationCareerEntry(ctx, k, 0); err != nil {
				return err
			}
			return s.store.MoveEducator(ctx, x.EducatorID, x.HostSchoolID, x.Post, back, back)
		}
		note := "交流期满返回"
		if x.Status == StatusReturned {
			note = "提前返回"
		}
		k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.OriginSchoolID, Post: x.Post, Kind: people.CareerAppointment,
			Start: back, Note: note}
		return s.store.CreateRotationCareerEntry(ctx, k, 0)
	}
	return nil
}

// endHomeAppointment ends the open appointment at the origin school the day
// before on. Where the history lacks it, the registry's 到校日期 and 任现职日期
// stand in, and the rows are written as such.
func (s *Service) endHomeAppointment(ctx context.Context, x *Exchange, on app.Date) error {
	rows, err := s.store.FindRotationCareers(ctx, PeopleFilter{EducatorID: x.EducatorID, Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	last := on.AddDays(-1)
	var open *CareerRow
	for i := range rows[x.EducatorID] {
		r := &rows[x.EducatorID][i]
		if r.Kind == people.CareerAppointment && r.End.IsZero() {
			open = r
		}
	}
	if open != nil {
		if open.SchoolID != x.OriginSchoolID {
			return app.Errorf(app.Conflict, "任职经历中的现任职务不在原学校，请先核对任职经历", "The current appointment in the history is not at the origin school")
		}
		if !open.Start.Before(on) {
			return &app.Error{Code: app.Invalid, Message: "交流开始日期应晚于现任职务的开始日期（" + open.Start.Chinese() + "）",
				English: "The start must be after the current appointment began", Fields: map[string]string{"date": "invalid"}}
		}
		return s.store.EndCareerEntry(ctx, open.ID, last)
	}
	e, err := s.store.FindEducatorByID(ctx, x.EducatorID)
	if err != nil {
		return err
	}
	since := e.PostSince
	if since.IsZero() || since.Before(e.JoinedSchool) {
		since = e.JoinedSchool
	}
	if !since.Before(on) {
		return &app.Error{Code: app.Invalid, Message: "交流开始日期应晚于任现职日期（" + since.Chinese() + "）",
			English: "The start must be after the current post began", Fields: map[string]string{"date": "invalid"}}
	}
	if since.After(e.JoinedSchool) {
		k := &people.CareerEntry{EducatorID: e.ID, SchoolID: x.OriginSchoolID, Kind: people.CareerAppointment,
			Start: e.JoinedSchool, End: since.AddDays(-1), Note: "据到校日期补记，岗位不详"}
		if err := s.store.CreateRotationCareerEntry(ctx, k, 0); err != nil {
			return err
		}
	}
	k := &people.CareerEntry{EducatorID: e.ID, SchoolID: x.OriginSchoolID, Post: x.Post, Kind: people.CareerAppointment,
		Start: since, End: last, Note: "据任现职日期补记"}
	return s.store.CreateRotationCareerEntry(ctx, k, 0)
}

// TransferInput is a step of the transfer at the end of an exchange.
type TransferInput struct {
	Date app.Date `json:"date"`
	Note string   `json:"note"`
	// Side is "origin" or "host" for a consent.
	Side string `json:"side"`
}

// RequestTransfer records the teacher's application to transfer to the host
// school at the end of the exchange, entered by the origin school.
func (s *Service) RequestTransfer(ctx context.Context, id int64, in TransferInput) (*Exchange, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, x.OriginPlace()); err != nil {
		return nil, err
	}
	if err := transferOpen(x); err != nil {
		return nil, err
	}
	if !x.TransferRequested.IsZero() {
		return nil, app.Errorf(app.Conflict, "已登记调动申请", "The application is already recorded")
	}
	on := in.Date
	if on.IsZero() {
		on = s.Today()
	}
	note := strings.TrimSpace(in.Note)
	var f app.Fields
	if on.After(s.Today()) || on.Before(x.ActualStart) {
		f.Add("date", "申请日期应在交流开始之后、不晚于今天", "The application date must lie between the start and today")
	}
	if utf8.RuneCountInString(note) > 500 {
		f.Add("note", "说明最多500字", "The note has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	x.TransferRequested, x.TransferNote = on, note
	return s.transferStep(ctx, x, "request", "登记调动申请", on, note)
}

// ConsentTransfer records a school's consent to the transfer: the origin
// school's or the host school's, by someone of that school (or above).
func (s *Service) ConsentTransfer(ctx context.Context, id int64, in TransferInput) (*Exchange, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var place app.Place
	var label string
	switch in.Side {
	case "origin":
		place, label = x.OriginPlace(), "原学校同意调动："+x.OriginName
	case "host":
		place, label = x.HostPlace(), "交流学校同意调动："+x.HostName
	default:
		return nil, &app.Error{Code: app.Invalid, Message: "请说明是原学校还是交流学校同意", English: "Say which school consents: origin or host",
			Fields: map[string]string{"side": "invalid"}}
	}
	if err := decideChange(ctx, auth.RotationApply, place); err != nil {
		return nil, err
	}
	if err := transferOpen(x); err != nil {
		return nil, err
	}
	if x.TransferRequested.IsZero() {
		return nil, app.Errorf(app.Conflict, "尚无本人的调动申请", "There is no application to transfer yet")
	}
	by, byID, now := app.ActorOf(ctx).Label(), app.ActorOf(ctx).UserID, s.clock.Now()
	if in.Side == "origin" {
		if x.OriginConsentBy != "" {
			return nil, app.Errorf(app.Conflict, "原学校已同意", "The origin school has already consented")
		}
		x.OriginConsentBy, x.OriginConsentUserID, x.OriginConsentAt = by, byID, now
	} else {
		if x.HostConsentBy != "" {
			return nil, app.Errorf(app.Conflict, "交流学校已同意", "The host school has already consented")
		}
		x.HostConsentBy, x.HostConsentUserID, x.HostConsentAt = by, byID, now
	}
	return s.transferStep(ctx, x, in.Side, label, app.DateOf(now), strings.TrimSpace(in.Note))
}

func transferOpen(x *Exchange) error {
	if x.Status != StatusActive {
		return app.Errorf(app.Conflict, "只有交流中的记录可以办理调动", "Only an active exchange can lead to a transfer")
	}
	if x.Relation != RelationStays {
		return app.Errorf(app.Conflict, "人事关系已在交流开始时转入交流学校，无需调动", "The personnel relation has already moved")
	}
	return nil
}

func (s *Service) transferStep(ctx context.Context, x *Exchange, field, label string, on app.Date, note string) (*Exchange, error) {
	x.UpdatedAt = s.clock.Now()
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.SetExchangeTransfer(ctx, x, field)
		if err != nil {
			return err
		}
		if !ok {
			return staleExchange()
		}
		if err := s.store.CreateExchangeEvent(ctx, &Event{ExchangeID: x.ID, Action: "transfer_" + field, FromStatus: x.Status, ToStatus: x.Status,
			On: on, Note: joinNote(label, note), Actor: app.ActorOf(ctx).Label(), At: x.UpdatedAt}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exchange.transfer_" + field, Entity: "rotation_exchange", EntityID: x.ID,
			Summary: fmt.Sprintf("%s的交流（%s → %s）：%s%s", x.EducatorName, x.OriginName, x.HostName, label, notePart(note)),
			After:   map[string]any{"transfer_requested": x.TransferRequested, "origin_consent_by": x.OriginConsentBy, "host_consent_by": x.HostConsentBy}})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindExchangeByID(ctx, x.ID)
}

func joinNote(a, b string) string {
	if b == "" {
		return a
	}
	return a + "；" + b
}
