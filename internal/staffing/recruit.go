package staffing

import (
	"context"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// RecruitStatus is where a new recruit stands: waiting to be placed, or
// placed (the placement approved, the recruit now an educator of the school).
type RecruitStatus string

// Recruit statuses.
const (
	RecruitWaiting RecruitStatus = "waiting"
	RecruitPlaced  RecruitStatus = "placed"
)

// RecruitStatuses is the vocabulary of recruit statuses.
var RecruitStatuses = app.Vocab{
	{Code: string(RecruitWaiting), Zh: "待分配", En: "Waiting"},
	{Code: string(RecruitPlaced), Zh: "已分配", En: "Placed"},
}

// RecruitLevels are the levels (学段) a recruit is qualified to teach; a
// recruit fits a school of the level, a nine-year school for primary and
// junior, a complete secondary school for junior and senior.
var RecruitLevels = app.Vocab{
	{Code: "kindergarten", Zh: "幼儿园", En: "Kindergarten"},
	{Code: "primary", Zh: "小学", En: "Primary"},
	{Code: "junior", Zh: "初中", En: "Junior secondary"},
	{Code: "senior", Zh: "高中", En: "Senior secondary"},
	{Code: "vocational", Zh: "职业学校", En: "Vocational"},
	{Code: "special", Zh: "特殊教育", En: "Special education"},
}

// Recruit is a newly recruited teacher (新招聘教师) of a county, waiting to be
// placed on a vacancy or placed. SchoolID is the school proposed or chosen
// while waiting, the school of appointment once placed.
type Recruit struct {
	ID             int64         `json:"id"`
	CountyID       int64         `json:"county_id"`
	CityID         int64         `json:"city_id"`
	CountyName     string        `json:"county_name"`
	Name           string        `json:"name"`
	Gender         string        `json:"gender"`
	IDMasked       string        `json:"id_number_masked"`
	Subject        string        `json:"subject"`
	Level          string        `json:"level"`
	Qualifications string        `json:"qualifications"`
	HomeSchoolID   int64         `json:"home_school_id,omitempty"`
	HomeSchoolName string        `json:"home_school_name,omitempty"`
	Status         RecruitStatus `json:"status"`
	SchoolID       int64         `json:"school_id,omitempty"`
	SchoolName     string        `json:"school_name,omitempty"`
	EducatorID     int64         `json:"educator_id,omitempty"`
	Start          app.Date      `json:"start,omitzero"`
	CreatedBy      string        `json:"created_by"`
	CreatedAt      time.Time     `json:"created_at"`
	PlacedBy       string        `json:"placed_by,omitempty"`
	PlacedAt       time.Time     `json:"placed_at,omitzero"`
	// BirthDate is kept for the educator the placement makes; never shown.
	BirthDate app.Date `json:"-"`
}

// Place is where the recruit lies in the tree: their county, and the school
// once one is chosen (its office then reads the recruit).
func (r *Recruit) Place() app.Place {
	return app.Place{CityID: r.CityID, CountyID: r.CountyID, SchoolID: r.SchoolID}
}

// RecruitFilter selects recruits. Zero fields do not filter.
type RecruitFilter struct {
	CountyID int64
	Status   RecruitStatus
	Within   app.Scope
}

// RecruitInput is one recruit as the form or a row of the sheet gives them.
type RecruitInput struct {
	CountyID       int64  `json:"county_id"`
	Name           string `json:"name"`
	IDNumber       string `json:"id_number"`
	Subject        string `json:"subject"`
	Level          string `json:"level"`
	Qualifications string `json:"qualifications"`
	// HomeSchoolID is the school nearest the recruit's home, optional:
	// placements near it are preferred.
	HomeSchoolID int64 `json:"home_school_id"`
}

// validate checks the input's own fields and returns the parsed ID number.
func (in *RecruitInput) validate() (people.IDNumber, error) {
	in.Name, in.Subject, in.Qualifications = strings.TrimSpace(in.Name), strings.TrimSpace(in.Subject), strings.TrimSpace(in.Qualifications)
	var f app.Fields
	if in.Name == "" || len([]rune(in.Name)) > 40 {
		f.Add("name", "请填写姓名（40字以内）", "Enter the name (at most 40 characters)")
	}
	id, err := people.ParseIDNumber(in.IDNumber)
	if err != nil {
		f.Add("id_number", app.ErrorMessage(err, "zh"), app.ErrorMessage(err, "en"))
	}
	if in.Subject == "" || len([]rune(in.Subject)) > 20 {
		f.Add("subject", "请填写任教学科", "Enter the subject")
	}
	if !RecruitLevels.Has(in.Level) {
		f.Add("level", "请选择学段", "Choose the level")
	}
	if len([]rune(in.Qualifications)) > 200 {
		f.Add("qualifications", "学历与资格不超过200字", "Qualifications take at most 200 characters")
	}
	return id, f.Err()
}

// VacancySource gives the vacancies of a county's schools: each school's
// staffing establishment (编制) against its staff in post, the staff in post
// by subject. The establishment service is the source; cmd/jiaoliu wires it.
type VacancySource interface {
	Vacancies(ctx context.Context, countyID int64) ([]*SchoolStaffing, error)
}

// RecruitStore is what the recruits' placement needs from the database.
type RecruitStore interface {
	audit.Store
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindEducatorIDByLookup(ctx context.Context, lookup string) (int64, error)

	FindRecruits(ctx context.Context, f RecruitFilter) ([]*Recruit, error)
	FindRecruitByID(ctx context.Context, id int64) (*Recruit, error)
	// CreateRecruits inserts recruits with their sealed ID numbers and sets their IDs.
	CreateRecruits(ctx context.Context, rs []*Recruit, ids []people.SealedID) error
	// SetRecruitSchool sets a waiting recruit's proposed school (0: none);
	// app.Conflict when the recruit is no longer waiting.
	SetRecruitSchool(ctx context.Context, id, schoolID int64) error
	// PlaceRecruit marks a waiting recruit placed at its school from
	// start; app.Conflict when it is no longer waiting (another approval
	// won), which rolls the whole approval back.
	PlaceRecruit(ctx context.Context, id int64, start app.Date, by string, at time.Time) error
	// LinkRecruitEducator records the educator a placed recruit became.
	LinkRecruitEducator(ctx context.Context, id, educatorID int64) error
	// RecruitSeal returns a recruit's sealed ID number.
	RecruitSeal(ctx context.Context, id int64) (people.SealedID, error)
	CreateEducator(ctx context.Context, e *people.Educator, id people.SealedID) error
	CreateCareerEntries(ctx context.Context, ks []*people.CareerEntry) error
}
