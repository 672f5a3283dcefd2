package people

import (
	"slices"
	"strings"
	"time"

	"jiaoliu/internal/app"
)

// Genders.
const (
	GenderMale   = "male"
	GenderFemale = "female"
)

// Genders is the vocabulary of 性别.
var Genders = app.Vocab{
	{Code: GenderMale, Zh: "男", En: "Male"},
	{Code: GenderFemale, Zh: "女", En: "Female"},
}

// Posts (岗位).
const (
	PostTeacher       = "teacher"
	PostPrincipal     = "principal"
	PostVicePrincipal = "vice_principal"
	PostMiddleCadre   = "middle_cadre"
	PostGradeHead     = "grade_head"
	PostDirector      = "director"
	PostViceDirector  = "vice_director"
)

// Posts is the vocabulary of 岗位 (ROSTER.md).
var Posts = app.Vocab{
	{Code: PostTeacher, Zh: "教师", En: "Teacher"},
	{Code: PostPrincipal, Zh: "校长", En: "Principal"},
	{Code: PostVicePrincipal, Zh: "副校长", En: "Vice principal"},
	{Code: PostMiddleCadre, Zh: "中层干部", En: "Middle cadre"},
	{Code: PostGradeHead, Zh: "级部主任", En: "Grade head"},
	{Code: PostDirector, Zh: "园长", En: "Kindergarten director"},
	{Code: PostViceDirector, Zh: "副园长", En: "Vice kindergarten director"},
}

// StaffStatus is an educator's 编制状态: whether they hold an established
// post. Rotation covers the statuses a county's policy names.
type StaffStatus string

// Staff statuses (编制状态).
const (
	StaffEstablished StaffStatus = "established" // 在编在岗
	StaffTemporary   StaffStatus = "temporary"   // 临聘
	StaffOther       StaffStatus = "other"
)

// StaffStatuses is the vocabulary of 编制状态.
var StaffStatuses = app.Vocab{
	{Code: string(StaffEstablished), Zh: "在编在岗", En: "Established"},
	{Code: string(StaffTemporary), Zh: "临聘", En: "Temporary"},
	{Code: string(StaffOther), Zh: "其他", En: "Other"},
}

// Backbones is the vocabulary of 骨干级别; the empty code means none.
var Backbones = app.Vocab{
	{Code: "county_backbone", Zh: "县级骨干教师", En: "County backbone teacher"},
	{Code: "city_backbone", Zh: "市级骨干教师", En: "City backbone teacher"},
	{Code: "province_backbone", Zh: "省级骨干教师", En: "Provincial backbone teacher"},
	{Code: "national_backbone", Zh: "国家级骨干教师", En: "National backbone teacher"},
	{Code: "county_leader", Zh: "县级学科带头人", En: "County subject leader"},
	{Code: "city_leader", Zh: "市级学科带头人", En: "City subject leader"},
}

// Career kinds (任职经历 类型).
const (
	CareerAppointment = "appointment" // 任职
	CareerExchange    = "exchange"    // 交流
	CareerSecondment  = "secondment"  // 挂职
	CareerSupport     = "support"     // 支教
)

// CareerKinds is the vocabulary of 类型 in the career history.
var CareerKinds = app.Vocab{
	{Code: CareerAppointment, Zh: "任职", En: "Appointment"},
	{Code: CareerExchange, Zh: "交流", En: "Exchange"},
	{Code: CareerSecondment, Zh: "挂职", En: "Secondment"},
	{Code: CareerSupport, Zh: "支教", En: "Support teaching"},
}

// Educator is a teacher, principal or other member of staff of a school.
// The full ID number is never a field: it lives encrypted in the store and is
// revealed only through an audited call.
type Educator struct {
	ID       int64  `json:"id"`
	IDMasked string `json:"id_number_masked"`
	Name     string `json:"name"`
	// Pinyin is the name's first full reading, by which lists sort.
	Pinyin string `json:"pinyin"`
	Gender string `json:"gender"`
	// BirthDate is shown only to those who may see the full ID number;
	// others get BirthMonth and Age. The mask keeps no digit after the
	// region (MaskIDNumber), so even with the birth date it leaves 500
	// numbers, but a birth date is personal data in its own right.
	BirthDate   app.Date    `json:"birth_date,omitzero"`
	BirthMonth  string      `json:"birth_month"`
	Age         int         `json:"age"`
	SchoolID    int64       `json:"school_id"`
	SchoolCode  string      `json:"school_code"`
	SchoolName  string      `json:"school_name"`
	CountyID    int64       `json:"county_id"`
	CityID      int64       `json:"city_id"`
	Post        string      `json:"post"`
	Subjects    []string    `json:"subjects"`
	StaffStatus StaffStatus `json:"staff_status"`
	Backbone    string      `json:"backbone"`
	Title       string      `json:"title"`
	Honours     []string    `json:"honours"`
	// JoinedSchool is the first day at the current school (到校日期).
	JoinedSchool app.Date `json:"joined_school"`
	// PostSince is the first day in the current post at the current school (任现职日期).
	PostSince app.Date  `json:"post_since"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// Homeroom says the educator is a homeroom teacher (班主任).
	Homeroom bool `json:"homeroom"`
	// HomeroomUncertified says the educator is a homeroom teacher who has
	// not completed a course giving the homeroom teacher's certificate
	// (班主任持证上岗): computed by the store from the training record on
	// every read, never set by hand.
	HomeroomUncertified bool `json:"homeroom_uncertified"`
}

// Place returns the educator's position in the organisation tree.
func (e *Educator) Place() app.Place {
	return app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID, EducatorID: e.ID}
}

// AtSchool is the educator a record is about, with the school, county and
// city they belonged to when it was made (an exemption, an allowance).
type AtSchool struct {
	EducatorID   int64  `json:"educator_id"`
	EducatorName string `json:"educator_name"`
	SchoolID     int64  `json:"school_id"`
	SchoolName   string `json:"school_name"`
	CountyID     int64  `json:"county_id"`
	CityID       int64  `json:"city_id"`
}

// AtSchool is the educator at their present school, to head a record
// about them.
func (e *Educator) AtSchool() AtSchool {
	return AtSchool{EducatorID: e.ID, EducatorName: e.Name, SchoolID: e.SchoolID, SchoolName: e.SchoolName, CountyID: e.CountyID,
		CityID: e.CityID}
}

// IsBackbone reports whether the educator holds any backbone level.
func (e *Educator) IsBackbone() bool { return e.Backbone != "" }

// CareerEntry is one row of the career history: a post held at a school for
// a period, or an exchange or secondment. End is zero for the current one.
type CareerEntry struct {
	ID         int64    `json:"id"`
	EducatorID int64    `json:"educator_id"`
	SchoolID   int64    `json:"school_id"`
	SchoolCode string   `json:"school_code"`
	SchoolName string   `json:"school_name"`
	Post       string   `json:"post"`
	Kind       string   `json:"kind"`
	Start      app.Date `json:"start"`
	End        app.Date `json:"end"`
	Note       string   `json:"note,omitempty"`
	// Derived marks a row the roster import inferred from 到校日期 and
	// 任现职日期 rather than read from a 任职经历 sheet or written by an
	// exchange: a later import may correct it.
	Derived bool `json:"derived,omitempty"`
}

// EducatorSorts are the keys an educator listing sorts by; a leading "-"
// reverses one.
var EducatorSorts = []string{"name", "birth_date", "joined_school", "school"}

// ValidSort reports whether s names a sort of EducatorSorts.
func ValidSort(s string) bool {
	return slices.Contains(EducatorSorts, strings.TrimPrefix(s, "-"))
}

// EducatorFilter selects educators. Zero fields do not filter.
type EducatorFilter struct {
	// Q matches the name (substring), its full pinyin or its pinyin initials
	// (prefix), so 张三 is found by 张, zhangsan, zhangs and zs.
	Q           string
	SchoolID    int64
	SchoolCode  string
	CountyID    int64
	Post        string
	Subject     string
	Backbone    string // a backbone code, "any" or "none"
	Gender      string
	StaffStatus StaffStatus
	MinAge      int // 周岁 on AgeOn
	MaxAge      int
	AgeOn       app.Date
	Sort        string // name, -name, birth_date, -birth_date, joined_school, -joined_school, school
	Offset      int
	Limit       int
	Within      app.Scope
}

// monthOf converts a month number without importing time at call sites.
func monthOf(m int) time.Month { return time.Month(m) }
