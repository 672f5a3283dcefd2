package appointment

import (
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// Stage is where a selection stands; it only moves forward, except that an
// upheld objection to the appointee sends it back to the inspection.
type Stage string

// The stages.
const (
	StageRegistration Stage = "registration" // 报名与资格审查
	StageEvaluation   Stage = "evaluation"   // 民主测评
	StageInspection   Stage = "inspection"   // 考察
	StageNotice       Stage = "notice"       // 任前公示
	StageAppointed    Stage = "appointed"    // 已任命
)

// Stages is the vocabulary of stages, in their order.
var Stages = app.Vocab{
	{Code: string(StageRegistration), Zh: "报名与资格审查", En: "Registration and review"},
	{Code: string(StageEvaluation), Zh: "民主测评", En: "Democratic evaluation"},
	{Code: string(StageInspection), Zh: "考察", En: "Inspection"},
	{Code: string(StageNotice), Zh: "任前公示", En: "Appointee's notice"},
	{Code: string(StageAppointed), Zh: "已任命", En: "Appointed"},
}

// Posts are the posts a selection fills.
var Posts = app.Vocab{
	{Code: people.PostPrincipal, Zh: "校长", En: "Principal"},
	{Code: people.PostVicePrincipal, Zh: "副校长", En: "Vice principal"},
}

// Vacancies are why a post is vacant.
var Vacancies = app.Vocab{
	{Code: "rotated", Zh: "原任交流轮岗", En: "Holder rotated"},
	{Code: "retired", Zh: "原任退休", En: "Holder retired"},
	{Code: "moved", Zh: "原任调离", En: "Holder moved"},
	{Code: "other", Zh: "其他原因空缺", En: "Vacant for another reason"},
}

// Selection is one selection for a vacant post.
type Selection struct {
	ID         int64  `json:"id"`
	CityID     int64  `json:"-"`
	CountyID   int64  `json:"county_id"`
	CountyName string `json:"county_name"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	Post       string `json:"post"`
	Vacancy    string `json:"vacancy"`
	// VacatedBy is the former holder, when known.
	VacatedBy     int64  `json:"vacated_by,omitempty"`
	VacatedByName string `json:"vacated_by_name,omitempty"`
	Terms
	// Voters is how many the unit's evaluation counts (参加测评人数).
	Voters            int    `json:"voters"`
	Stage             Stage  `json:"stage"`
	NoticeID          int64  `json:"notice_id,omitempty"`
	AppointeeNoticeID int64  `json:"appointee_notice_id,omitempty"`
	AppointeeID       int64  `json:"appointee_candidate_id,omitempty"`
	AppointeeName     string `json:"appointee_name,omitempty"`
	// The committee's vote (遴选委员会表决).
	Members      int       `json:"members"`
	VotesFor     int       `json:"votes_for"`
	VotesAgainst int       `json:"votes_against"`
	VotesAbstain int       `json:"votes_abstain"`
	DecisionNote string    `json:"decision_note,omitempty"`
	DecidedBy    string    `json:"decided_by,omitempty"`
	DecidedAt    time.Time `json:"decided_at"`
	AppointedOn  app.Date  `json:"appointed_on"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Terms are a selection's published terms and timetable, as entered and as
// kept on the record.
type Terms struct {
	// Conditions are the conditions published beside those the review applies.
	Conditions string `json:"conditions"`
	// MaxAge is the oldest a candidate may be on the last day of registration.
	MaxAge int `json:"max_age"`
	// RegistrationEnd is the last day of registration; the review counts
	// the history up to it.
	RegistrationEnd app.Date `json:"registration_end"`
	EvaluationDate  app.Date `json:"evaluation_date"`
	// NoticeDays is the length of the appointee's notice.
	NoticeDays int `json:"notice_days"`
	// PassPercent is the least share of 优秀 and 称职 among a candidate's
	// valid ballots to go on to the inspection.
	PassPercent int `json:"pass_percent"`
}

// Place is where the selection lies, for access decisions.
func (s *Selection) Place() app.Place {
	return app.Place{CityID: s.CityID, CountyID: s.CountyID, SchoolID: s.SchoolID}
}

// Title names the selection: 某学校校长选聘.
func (s *Selection) Title() string {
	return s.SchoolName + Posts.Label(s.Post, "zh") + "选聘"
}

// Step is one step of the procedure on the record: what, when, by whom.
type Step struct {
	ID          int64     `json:"id"`
	SelectionID int64     `json:"-"`
	Action      string    `json:"action"`
	Summary     string    `json:"summary"`
	Actor       string    `json:"actor"`
	ActorUserID int64     `json:"-"`
	At          time.Time `json:"at"`
}

// Steps names the actions of the record.
var Steps = app.Vocab{
	{Code: "open", Zh: "发布选聘公告", En: "Selection opened"},
	{Code: "register", Zh: "个人报名", En: "Registered"},
	{Code: "recommend", Zh: "组织推荐", En: "Recommended"},
	{Code: "overrule", Zh: "改变资格审查结论", En: "Review overruled"},
	{Code: "evaluation", Zh: "开始民主测评", En: "Evaluation opened"},
	{Code: "codes", Zh: "发放测评码", En: "Codes issued"},
	{Code: "paper", Zh: "录入纸质测评票", En: "Paper ballots entered"},
	{Code: "count", Zh: "统计测评结果", En: "Ballots counted"},
	{Code: "report", Zh: "提交考察报告", En: "Inspection report"},
	{Code: "decision", Zh: "遴选委员会决定", En: "Committee decision"},
	{Code: "withdrawn", Zh: "公示异议成立，取消人选", En: "Appointee withdrawn"},
	{Code: "appoint", Zh: "任命并签订聘约", En: "Appointed"},
	{Code: "assess", Zh: "聘期考核", En: "Contract assessment"},
}

// Detail is a selection with its candidates, steps and contract.
type Detail struct {
	*Selection
	Candidates []*Candidate `json:"candidates"`
	Steps      []*Step      `json:"steps"`
	// CodesIssued and CodesUsed count the one-time codes.
	CodesIssued int       `json:"codes_issued"`
	CodesUsed   int       `json:"codes_used"`
	Contract    *Contract `json:"contract,omitempty"`
	// CanManage is set when the actor runs the selection.
	CanManage bool `json:"can_manage"`
}

// Filter selects selections.
type Filter struct {
	Within   app.Scope
	CountyID int64
	Stage    Stage
}
