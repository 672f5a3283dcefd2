package pairing

import (
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
)

// School kinds a cycle pairs.
const (
	KindKindergarten = "kindergarten"
	KindPrimary      = "primary"
	KindMiddle       = "middle"
)

// SchoolKinds is the vocabulary of the kinds of school a cycle pairs.
var SchoolKinds = app.Vocab{
	{Code: KindKindergarten, Zh: "幼儿园", En: "Kindergartens"},
	{Code: KindPrimary, Zh: "小学", En: "Primary schools"},
	{Code: KindMiddle, Zh: "中学", En: "Middle schools"},
}

// kindLevels are the school levels of each kind.
var kindLevels = map[string][]string{
	KindKindergarten: {"kindergarten"},
	KindPrimary:      {"primary", "nine_year"},
	KindMiddle:       {"junior", "complete", "nine_year", "senior"},
}

// Periods is the number of periods (school years) of a cycle.
const Periods = 2

// GoalAreas are the areas a pair sets goals in for a period.
var GoalAreas = app.Vocab{
	{Code: "conditions", Zh: "办学条件", En: "Conditions"},
	{Code: "management", Zh: "管理水平", En: "Management"},
	{Code: "teachers", Zh: "师资素质", En: "Teacher quality"},
	{Code: "development", Zh: "幼儿（学生）发展", En: "Children's or pupils' development"},
}

// Activity kinds of the ledger.
const (
	ActivityDonation = "donation"
)

// ActivityKinds is the vocabulary of ledger entries.
var ActivityKinds = app.Vocab{
	{Code: "observation", Zh: "教学观摩", En: "Teaching observation"},
	{Code: "training", Zh: "业务培训", En: "Professional training"},
	{Code: "send_teaching", Zh: "送教下乡", En: "Sending teaching to the countryside"},
	{Code: "shadowing", Zh: "跟班学习", En: "Shadowing"},
	{Code: "co_teaching", Zh: "配班", En: "Co-teaching a class"},
	{Code: "lecture", Zh: "专题讲座", En: "Lecture"},
	{Code: ActivityDonation, Zh: "捐赠物资", En: "Donation"},
	{Code: "works", Zh: "作品交流", En: "Exchange of children's work"},
}

// Grades of an inspection.
var Grades = app.Vocab{
	{Code: "excellent", Zh: "优秀", En: "Excellent"},
	{Code: "good", Zh: "良好", En: "Good"},
	{Code: "pass", Zh: "合格", En: "Pass"},
	{Code: "fail", Zh: "不合格", En: "Fail"},
}

// ChecklistItems are what an inspection checks for each pair.
var ChecklistItems = app.Vocab{
	{Code: "plan", Zh: "有帮扶计划和目标", En: "A plan and goals"},
	{Code: "ledger", Zh: "台账完整", En: "A complete ledger"},
	{Code: "frequency", Zh: "活动次数达到要求", En: "Enough activities"},
	{Code: "evidence", Zh: "影像资料齐全", En: "Photos and evidence"},
	{Code: "effect", Zh: "帮扶成效明显", En: "Visible results"},
}

// PartnerKinds are the kinds of external partner of counterpart assistance.
var PartnerKinds = app.Vocab{
	{Code: "school", Zh: "县外学校", En: "School outside the county"},
	{Code: "university", Zh: "高等院校", En: "University"},
}

// Capacities are how many schools a helper takes, by its demonstration level
// (省级、市级、县级示范) or, without one, as a quality school.
type Capacities struct {
	Province int `json:"province"`
	City     int `json:"city"`
	County   int `json:"county"`
	Quality  int `json:"quality"`
}

// DefaultCapacities: provincial and municipal demonstration units take two
// schools, county ones and quality schools one.
var DefaultCapacities = Capacities{Province: 2, City: 2, County: 1, Quality: 1}

// Of is the capacity of a helper of demonstration level demo.
func (c Capacities) Of(demo string) int {
	switch demo {
	case "province":
		return c.Province
	case "city":
		return c.City
	case "county":
		return c.County
	}
	return c.Quality
}

// Cycle is a pairing cycle: a programme of kind pairing and its settings.
type Cycle struct {
	*programme.Programme
	SchoolKind  string     `json:"school_kind"`
	Capacities  Capacities `json:"capacities"`
	IdleWeeks   int        `json:"idle_weeks"`
	PreviousID  int64      `json:"previous_id,omitempty"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
	Review      string     `json:"review,omitempty"`
	ReviewedAt  *time.Time `json:"reviewed_at,omitempty"`
	ReviewedBy  string     `json:"reviewed_by,omitempty"`
	// Pairs are the pairs the reader may see, when the cycle is read whole.
	Pairs []*Pair `json:"pairs,omitempty"`
	// Whole is false when the reader sees only their own school's pairs.
	Whole bool `json:"whole"`
}

// Published reports whether the cycle's pairs are published.
func (c *Cycle) Published() bool { return c.PublishedAt != nil }

// PeriodOf is the period of a date in the cycle: 1 in its first school
// year, 2 after.
func (c *Cycle) PeriodOf(d app.Date) int {
	second := app.NewDate(c.Start.Year+1, c.Start.Month, c.Start.Day)
	if d.Before(second) {
		return 1
	}
	return 2
}

// Partner is an external partner of counterpart assistance (对口帮扶).
type Partner struct {
	ID        int64     `json:"id"`
	CountyID  int64     `json:"county_id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	Region    string    `json:"region"`
	Contact   string    `json:"contact"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Pair is one helper (a school or an external partner) and one helped school.
type Pair struct {
	ID                  int64  `json:"id"`
	CycleID             int64  `json:"cycle_id"`
	CycleName           string `json:"cycle_name"`
	CityID              int64  `json:"city_id"`
	CountyID            int64  `json:"county_id"`
	CountyName          string `json:"county_name"`
	HelperSchoolID      int64  `json:"helper_school_id,omitempty"`
	HelperName          string `json:"helper_name"`
	HelperDemonstration string `json:"helper_demonstration,omitempty"`
	PartnerID           int64  `json:"partner_id,omitempty"`
	HelpedSchoolID      int64  `json:"helped_school_id"`
	HelpedName          string `json:"helped_name"`
	Kept                bool   `json:"kept"`
	// Activities, Hours and LastActivity sum the ledger when listed.
	Activities   int       `json:"activities"`
	Hours        int       `json:"hours"`
	LastActivity *app.Date `json:"last_activity,omitempty"`
	// Grade is the latest inspection's, if any.
	Grade     string    `json:"grade,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Place is where the cycle of the pair lies.
func (p *Pair) Place() app.Place { return app.Place{CityID: p.CityID, CountyID: p.CountyID} }

// Last is the date of the pair's last activity, zero without one.
func (p *Pair) Last() app.Date {
	if p.LastActivity == nil {
		return app.Date{}
	}
	return *p.LastActivity
}

// Schools are the pair's schools in the county: the helped one and, unless
// the helper is an external partner, the helper.
func (p *Pair) Schools() []int64 {
	if p.HelperSchoolID == 0 {
		return []int64{p.HelpedSchoolID}
	}
	return []int64{p.HelperSchoolID, p.HelpedSchoolID}
}

// Has reports whether school is one of the pair's.
func (p *Pair) Has(school int64) bool {
	return school != 0 && (school == p.HelperSchoolID || school == p.HelpedSchoolID)
}

// Goal is a pair's goal in one area for a period.
type Goal struct {
	PairID int64  `json:"pair_id"`
	Period int    `json:"period"`
	Area   string `json:"area"`
	Goal   string `json:"goal"`
}

// Person is one who took part in an activity, and whether its hours went
// to their training record.
type Person struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	SchoolName string `json:"school_name"`
	Credited   bool   `json:"credited"`
}

// Activity is one entry of a pair's ledger.
type Activity struct {
	ID         int64    `json:"id"`
	PairID     int64    `json:"pair_id"`
	Period     int      `json:"period"`
	Kind       string   `json:"kind"`
	HeldOn     app.Date `json:"held_on"`
	Title      string   `json:"title"`
	Place      string   `json:"place"`
	Hours      int      `json:"hours"`
	SchoolID   int64    `json:"school_id,omitempty"`
	SchoolName string   `json:"school_name,omitempty"`
	// Items, Quantity and ValueFen describe a donation.
	Items     string    `json:"items,omitempty"`
	Quantity  int       `json:"quantity,omitempty"`
	ValueFen  int64     `json:"value_fen,omitempty"`
	Note      string    `json:"note"`
	People    []Person  `json:"people"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Review is the self-review that closes a pair's period.
type Review struct {
	PairID    int64     `json:"pair_id"`
	Period    int       `json:"period"`
	Summary   string    `json:"summary"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Inspection is one inspection (督查) of a pair by the city bureau.
type Inspection struct {
	ID          int64           `json:"id"`
	PairID      int64           `json:"pair_id"`
	InspectedOn app.Date        `json:"inspected_on"`
	Checklist   map[string]bool `json:"checklist"`
	Grade       string          `json:"grade"`
	Findings    string          `json:"findings"`
	// Pair names the pair, when inspections are listed across pairs.
	HelperName string    `json:"helper_name,omitempty"`
	HelpedName string    `json:"helped_name,omitempty"`
	CountyName string    `json:"county_name,omitempty"`
	CycleID    int64     `json:"cycle_id,omitempty"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// Passed counts the checklist's items met.
func (in *Inspection) Passed() int {
	n := 0
	for _, ok := range in.Checklist {
		if ok {
			n++
		}
	}
	return n
}

// Commendation commends an outstanding pair or person at the end of a cycle.
type Commendation struct {
	ID         int64     `json:"id"`
	CycleID    int64     `json:"cycle_id"`
	PairID     int64     `json:"pair_id,omitempty"`
	EducatorID int64     `json:"educator_id,omitempty"`
	Name       string    `json:"name"`
	Title      string    `json:"title"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}
