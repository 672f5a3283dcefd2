package training

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
)

// Modes of a course (培训形式).
const (
	ModeFaceToFace  = "face_to_face" // 集中面授
	ModeOnline      = "online"       // 网络研修
	ModeSchoolBased = "school_based" // 校本培训
)

// Modes is the vocabulary of course modes.
var Modes = app.Vocab{
	{Code: ModeFaceToFace, Zh: "集中面授", En: "Face to face"},
	{Code: ModeOnline, Zh: "网络研修", En: "Online"},
	{Code: ModeSchoolBased, Zh: "校本培训", En: "School-based"},
}

// Audiences of a course (培训对象): posts, levels and groups of seed [003].
var Audiences = app.Vocab{
	{Code: "principal", Zh: "校长", En: "Principals"},
	{Code: "new_principal", Zh: "新任校长", En: "New principals"},
	{Code: "director", Zh: "幼儿园园长", En: "Kindergarten directors"},
	{Code: "middle_cadre", Zh: "中层干部", En: "Middle cadres"},
	{Code: "reserve_cadre", Zh: "后备干部", En: "Reserve cadres"},
	{Code: "backbone", Zh: "骨干教师", En: "Backbone teachers"},
	{Code: "homeroom", Zh: "班主任", En: "Homeroom teachers"},
	{Code: "new_teacher", Zh: "新教师", En: "New teachers"},
	{Code: "all_teachers", Zh: "全体教师", En: "All teachers"},
	{Code: "trainer", Zh: "培训者", En: "Trainers"},
}

// Enrolment ways of a course (报名方式).
const (
	EnrolAssigned    = "assigned"    // 指派
	EnrolApplication = "application" // 个人申请，审核
	EnrolBoth        = "both"
)

// EnrolWays is the vocabulary of enrolment ways.
var EnrolWays = app.Vocab{
	{Code: EnrolAssigned, Zh: "单位指派", En: "Assigned"},
	{Code: EnrolApplication, Zh: "个人申请、审核", En: "Application with approval"},
	{Code: EnrolBoth, Zh: "指派或申请", En: "Assigned or by application"},
}

// Requirements are the qualifications a post's rules ask for (上岗条件),
// granted by completing a course that qualifies for them.
const (
	// RequirementHomeroom is the homeroom teacher's certificate (班主任持证上岗).
	RequirementHomeroom = "homeroom"
	// RequirementPrincipal is a new principal's qualification training (校长任职资格培训).
	RequirementPrincipal = "principal"
)

// Requirements is the vocabulary of requirements.
var Requirements = app.Vocab{
	{Code: RequirementHomeroom, Zh: "班主任持证上岗", En: "Homeroom teacher's certificate"},
	{Code: RequirementPrincipal, Zh: "校长任职资格", En: "Principal's qualification"},
}

// Course is one course of the year's plan: a training programme with its
// training terms.
type Course struct {
	*programme.Programme
	CourseTerms
	// Enrolled counts the people enrolled (not applicants, not refused).
	Enrolled int `json:"enrolled"`
}

// CourseTerms are a course's training terms, as entered and as kept.
type CourseTerms struct {
	Audience []string `json:"audience"`
	// Hours are the 学时 a completion credits.
	Hours     int    `json:"hours"`
	Mode      string `json:"mode"`
	Capacity  int    `json:"capacity"`
	Enrolment string `json:"enrolment"`
	// MinAttendance is the share of sessions, in percent, a completion needs.
	MinAttendance int `json:"min_attendance"`
	// Assignments is the number of assignments (作业) a completion needs.
	Assignments int `json:"assignments"`
	// Assessment says a completion needs a passed online assessment.
	Assessment       bool `json:"assessment"`
	PassMark         int  `json:"pass_mark"`
	TimeLimitMinutes int  `json:"time_limit_minutes"`
	PaperSize        int  `json:"paper_size"`
	MaxAttempts      int  `json:"max_attempts"`
	// Qualifies names the requirement a completion meets, if any.
	Qualifies   string `json:"qualifies"`
	Certificate bool   `json:"certificate"`
}

// Year is the year the course starts in, the year of its plan.
func (c *Course) Year() int { return c.Start.Year }

// TimeLimit is the assessment's time limit.
func (c *Course) TimeLimit() time.Duration { return time.Duration(c.TimeLimitMinutes) * time.Minute }

// CourseInput is a course as entered: its programme and its terms.
type CourseInput struct {
	programme.Input
	CourseTerms
}

// validate checks the training terms of in and writes them to c.
func (in CourseInput) validate(c *Course) error {
	var f app.Fields
	var audience []string
	for _, a := range in.Audience {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		if !Audiences.Has(a) {
			f.Add("audience", "培训对象“"+a+"”无效", "Unknown audience "+a)
			continue
		}
		audience = append(audience, a)
	}
	if len(audience) == 0 {
		f.Add("audience", "请选择培训对象", "Choose the audience")
	}
	bound := func(field string, v, lo, hi int, zh, en string) {
		if v < lo || v > hi {
			f.Add(field, fmt.Sprintf("%s应在%d至%d之间（现为%d）", zh, lo, hi, v), fmt.Sprintf("%s must be between %d and %d (is %d)", en, lo, hi, v))
		}
	}
	bound("hours", in.Hours, 1, 360, "学时", "The hours")
	bound("capacity", in.Capacity, 1, 5000, "容量", "The capacity")
	bound("min_attendance", in.MinAttendance, 0, 100, "出勤率要求（%）", "The attendance share (%)")
	bound("assignments", in.Assignments, 0, 50, "作业数", "The assignments")
	if !Modes.Has(in.Mode) {
		f.Add("mode", "请选择培训形式", "Choose the mode")
	}
	if !EnrolWays.Has(in.Enrolment) {
		f.Add("enrolment", "请选择报名方式", "Choose how people enrol")
	}
	if in.Qualifies != "" && !Requirements.Has(in.Qualifies) {
		f.Add("qualifies", "上岗条件无效", "Unknown requirement")
	}
	if in.Assessment {
		bound("pass_mark", in.PassMark, 1, 100, "合格分数线（%）", "The pass mark (%)")
		bound("time_limit_minutes", in.TimeLimitMinutes, 1, 600, "答题时限（分钟）", "The time limit (minutes)")
		bound("paper_size", in.PaperSize, 1, 200, "每卷题数", "The questions per paper")
		bound("max_attempts", in.MaxAttempts, 1, 10, "考核次数", "The attempts")
	}
	c.CourseTerms = in.CourseTerms
	c.Audience = audience
	if !in.Assessment {
		c.PassMark, c.TimeLimitMinutes, c.PaperSize, c.MaxAttempts = 0, 0, 0, 0
	}
	return f.Err()
}

// CourseFilter selects courses. Zero fields do not filter.
type CourseFilter struct {
	Q    string
	Year int
	// Status is a programme status; Today resolves it.
	Status string
	Today  app.Date
	Offset int
	Limit  int
	// Within is the programmes the actor reads as a manager; Units the
	// counties and cities whose published plan they read.
	Within app.Scope
	Units  Units
}

// Units are the places whose published plan an actor reads: every course of
// the listed counties and cities (AllOfCity), the city-wide ones of the
// listed cities (CityWide).
type Units struct {
	All       bool
	Counties  []int64
	AllOfCity []int64
	CityWide  []int64
}

// Class is one class (班) of a course.
type Class struct {
	ID        int64    `json:"id"`
	CourseID  int64    `json:"course_id"`
	Name      string   `json:"name"`
	Start     app.Date `json:"start"`
	End       app.Date `json:"end"`
	Venue     string   `json:"venue"`
	Completed bool     `json:"completed"`
	// Status follows the dates.
	Status   string     `json:"status"`
	Enrolled int        `json:"enrolled"`
	Sessions []*Session `json:"sessions"`
}

// ClassInput is a class as entered.
type ClassInput struct {
	Name  string   `json:"name"`
	Start app.Date `json:"start"`
	End   app.Date `json:"end"`
	Venue string   `json:"venue"`
}

func (in ClassInput) validate(c *Course, k *Class) error {
	var f app.Fields
	k.Name, k.Venue, k.Start, k.End = strings.TrimSpace(in.Name), strings.TrimSpace(in.Venue), in.Start, in.End
	if n := utf8.RuneCountInString(k.Name); n < 1 || n > 50 {
		f.Add("name", "请填写班级名称（1至50字）", "Give the class's name (1 to 50 characters)")
	}
	if utf8.RuneCountInString(k.Venue) > 100 {
		f.Add("venue", "地点不能超过100字", "The venue may not exceed 100 characters")
	}
	switch {
	case !k.Start.Valid() || k.Start.IsZero():
		f.Add("start", "请填写开班日期", "Give the start date")
	case !k.End.Valid() || k.End.IsZero():
		f.Add("end", "请填写结业日期", "Give the end date")
	case k.End.Before(k.Start):
		f.Add("end", "结业日期不能早于开班日期", "The end is before the start")
	case k.Start.Before(c.Start) || c.End.Before(k.End):
		f.Add("start", fmt.Sprintf("班级日期应在课程日期（%s至%s）之内", c.Start.Chinese(), c.End.Chinese()),
			fmt.Sprintf("The class must fall within the course's dates (%s to %s)", c.Start, c.End))
	}
	return f.Err()
}

// statusOn is the class's status on day, like a programme's.
func (k *Class) statusOn(day app.Date) string { return programme.StatusOn(k.Start, k.End, day) }

// Session is one session (一次课) of a class, on a day.
type Session struct {
	ID      int64    `json:"id"`
	ClassID int64    `json:"class_id"`
	Day     app.Date `json:"day"`
	Topic   string   `json:"topic"`
}

// Enrolment statuses.
const (
	StatusApplied   = "applied"   // 待审核
	StatusEnrolled  = "enrolled"  // 已报名
	StatusRefused   = "refused"   // 未通过审核
	StatusCompleted = "completed" // 已结业
	StatusFailed    = "failed"    // 未结业
)

// EnrolmentStatuses is the vocabulary of enrolment statuses.
var EnrolmentStatuses = app.Vocab{
	{Code: StatusApplied, Zh: "待审核", En: "Awaiting approval"},
	{Code: StatusEnrolled, Zh: "已报名", En: "Enrolled"},
	{Code: StatusRefused, Zh: "未通过审核", En: "Refused"},
	{Code: StatusCompleted, Zh: "已结业", En: "Completed"},
	{Code: StatusFailed, Zh: "未结业", En: "Not completed"},
}

// Enrolment is one educator on a course, in a class.
type Enrolment struct {
	ID         int64  `json:"id"`
	CourseID   int64  `json:"course_id"`
	CourseName string `json:"course_name"`
	ClassID    int64  `json:"class_id"`
	ClassName  string `json:"class_name"`
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	CountyID   int64  `json:"county_id"`
	CityID     int64  `json:"city_id"`
	Status     string `json:"status"`
	// Via is how the enrolment came: assigned or application.
	Via         string    `json:"via"`
	Assignments int       `json:"assignments"`
	Attended    int       `json:"attended"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	DecidedBy   string    `json:"decided_by"`
}

// Place is the enrolled educator's place.
func (e *Enrolment) Place() app.Place {
	return app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID, EducatorID: e.EducatorID}
}

// Active reports whether the enrolment takes a place in its class.
func (e *Enrolment) Active() bool {
	return e.Status == StatusEnrolled || e.Status == StatusCompleted || e.Status == StatusFailed
}

// EnrolInput names an educator and a class.
type EnrolInput struct {
	EducatorID int64 `json:"educator_id"`
	ClassID    int64 `json:"class_id"`
}
