package staffing

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// EstablishmentStore is what the settings and the per-school figures need.
type EstablishmentStore interface {
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	// FindStaffingSettings returns a county's settings of a year; NotFound
	// when it has none.
	FindStaffingSettings(ctx context.Context, countyID int64, year int) (*Settings, error)
	SaveStaffingSettings(ctx context.Context, st *Settings) error
	// CountInPost counts the established (在编在岗) educators of each
	// school of the county, in all and by subject.
	CountInPost(ctx context.Context, countyID int64) (map[int64]*InPost, error)
}

// Post units: where a county sets its professional posts.
const (
	UnitSchool = "school" // per school
	UnitArea   = "area"   // per rotation area (办学联合体)
)

// PostUnits is the vocabulary of where posts are set.
var PostUnits = app.Vocab{
	{Code: UnitSchool, Zh: "按学校设置", En: "Per school"},
	{Code: UnitArea, Zh: "按交流轮岗片区（办学联合体）统一设置", En: "Per rotation area (consortium)"},
}

// Settings are a county's staffing rules for a year: the total
// establishment its 编制 office grants, the unified standard (pupils per
// staff), the additions, and the promotion rules' numbers.
type Settings struct {
	CountyID int64 `json:"county_id"`
	Year     int   `json:"year"`
	// Total is the county's total establishment (核定编制总额).
	Total        int     `json:"total"`
	RatioSenior  float64 `json:"ratio_senior"`  // 高中 pupils per staff
	RatioJunior  float64 `json:"ratio_junior"`  // 初中
	RatioPrimary float64 `json:"ratio_primary"` // 小学
	RatioSpecial float64 `json:"ratio_special"` // 特殊教育学校
	// BoardersPerStaff adds one staff per this many boarders (寄宿生); 0 adds none.
	BoardersPerStaff float64 `json:"boarders_per_staff"`
	// VillagePointStaff is added to each village teaching point (村小、教学点).
	VillagePointStaff float64 `json:"village_point_staff"`
	// HardshipSecondYears and HardshipFirstYears are the years a 二级 or a
	// 一级 teacher must have taught at hardship-area rural schools to use a
	// post of the next grade ahead of a vacancy.
	HardshipSecondYears int    `json:"hardship_second_years"`
	HardshipFirstYears  int    `json:"hardship_first_years"`
	PostUnit            string `json:"post_unit"`
	// Saved is false for the defaults of a county that has saved none.
	Saved     bool      `json:"saved"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// DefaultSettings are the seed's standard (中央编办发〔2014〕72号 as the
// Yulin notice applies it) with the additions most provinces use.
func DefaultSettings(countyID int64, year int) *Settings {
	return &Settings{CountyID: countyID, Year: year, RatioSenior: 12.5, RatioJunior: 13.5, RatioPrimary: 19, RatioSpecial: 3,
		BoardersPerStaff: 50, VillagePointStaff: 1, HardshipSecondYears: 15, HardshipFirstYears: 25, PostUnit: UnitSchool}
}

func (st *Settings) validate() error {
	var f app.Fields
	if st.Year < 2000 || st.Year > 2100 {
		f.Add("year", "年度应在2000至2100之间", "The year must be between 2000 and 2100")
	}
	if st.Total < 0 {
		f.Add("total", "编制总额不能为负数", "The total cannot be negative")
	}
	ratio := func(field string, v float64, zh string) {
		if !(v > 0) || v > 1000 || math.IsInf(v, 0) {
			f.Add(field, zh+"应为大于0的数，如 13.5", zh+" must be a number above 0, e.g. 13.5")
		}
	}
	ratio("ratio_senior", st.RatioSenior, "高中生师比")
	ratio("ratio_junior", st.RatioJunior, "初中生师比")
	ratio("ratio_primary", st.RatioPrimary, "小学生师比")
	ratio("ratio_special", st.RatioSpecial, "特殊教育生师比")
	if st.BoardersPerStaff < 0 || st.BoardersPerStaff > 10000 || math.IsNaN(st.BoardersPerStaff) {
		f.Add("boarders_per_staff", "寄宿生增编标准应为0（不增编）或正数", "Boarders per added staff must be 0 (none) or above")
	}
	if st.VillagePointStaff < 0 || st.VillagePointStaff > 100 || math.IsNaN(st.VillagePointStaff) {
		f.Add("village_point_staff", "教学点增编数应在0至100之间", "Staff added per village point must be between 0 and 100")
	}
	years := func(field string, v int, zh string) {
		if v < 1 || v > 50 {
			f.Add(field, zh+"应在1至50年之间", zh+" must be between 1 and 50 years")
		}
	}
	years("hardship_second_years", st.HardshipSecondYears, "二级教师艰苦边远地区任教年限")
	years("hardship_first_years", st.HardshipFirstYears, "一级教师艰苦边远地区任教年限")
	if !PostUnits.Has(st.PostUnit) {
		f.Add("post_unit", "请选择岗位设置方式", "Choose where posts are set")
	}
	return f.Err()
}

// FindSettings returns the county's settings of a year, or the defaults.
func (s *Service) FindSettings(ctx context.Context, countyID int64, year int) (*Settings, error) {
	if _, err := s.county(ctx, countyID, auth.StaffingRead); err != nil {
		return nil, err
	}
	return s.settings(ctx, countyID, year)
}

func (s *Service) settings(ctx context.Context, countyID int64, year int) (*Settings, error) {
	st, err := s.store.FindStaffingSettings(ctx, countyID, year)
	if app.ErrorCode(err) == app.NotFound {
		return DefaultSettings(countyID, year), nil
	}
	return st, err
}

// SaveSettings stores a county's settings of a year, as county HR.
func (s *Service) SaveSettings(ctx context.Context, in Settings) (*Settings, error) {
	c, err := s.county(ctx, in.CountyID, auth.StaffingManage)
	if err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	in.Saved, in.UpdatedBy, in.UpdatedAt = true, app.ActorOf(ctx).Label(), s.now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		before, err := s.settings(ctx, c.ID, in.Year)
		if err != nil {
			return err
		}
		if err := s.store.SaveStaffingSettings(ctx, &in); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "staffing.settings", Entity: "county", EntityID: c.ID,
			Summary: fmt.Sprintf("设置%s%d年度编制标准：编制总额%d", c.Name, in.Year, in.Total), Before: before, After: in})
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// Standard is a school's establishment by the standard, before rounding,
// with how it was reached; Counted is false for a school outside the
// standard (kindergartens, vocational schools).
type Standard struct {
	Value   float64
	Counted bool
	// Note explains a school the standard cannot count in full.
	Note string
}

// primaryShare is the part of a nine-year school's pupils taken as primary:
// six grades of nine, assumed evenly filled.
const primaryShare = 6.0 / 9.0

// StandardOf computes a school's establishment by the settings: pupils over
// the ratio of its level (a nine-year school as six primary and three
// junior grades, a complete secondary as half junior, half senior), plus
// one staff per BoardersPerStaff boarders, plus VillagePointStaff at a
// village teaching point.
func StandardOf(sc *org.School, st *Settings) Standard {
	pupils := 0.0
	if sc.Pupils != nil {
		pupils = float64(*sc.Pupils)
	}
	var v float64
	switch sc.Level {
	case "primary":
		v = pupils / st.RatioPrimary
	case "junior":
		v = pupils / st.RatioJunior
	case "senior":
		v = pupils / st.RatioSenior
	case "nine_year":
		v = pupils*primaryShare/st.RatioPrimary + pupils*(1-primaryShare)/st.RatioJunior
	case "complete":
		v = pupils/2/st.RatioJunior + pupils/2/st.RatioSenior
	case "special":
		v = pupils / st.RatioSpecial
	default:
		return Standard{Note: "不在中小学编制标准内"}
	}
	if sc.Boarders != nil && st.BoardersPerStaff > 0 {
		v += float64(*sc.Boarders) / st.BoardersPerStaff
	}
	if sc.VillagePoint {
		v += st.VillagePointStaff
	}
	out := Standard{Value: v, Counted: true}
	if sc.Pupils == nil {
		out.Note = "未填在校生数"
	}
	return out
}

// InPost is the established staff of one school.
type InPost struct {
	Total     int
	BySubject map[string]int
}

// SubjectCount is the staff in post teaching one subject.
type SubjectCount struct {
	Subject string `json:"subject"`
	InPost  int    `json:"in_post"`
}

// inPostBySubject is the school's staff in post by subject.
func (sc *SchoolStaffing) inPostBySubject() map[string]int {
	m := make(map[string]int, len(sc.BySubject))
	for _, c := range sc.BySubject {
		m[c.Subject] = c.InPost
	}
	return m
}

// SchoolStaffing is one school's establishment against its staff in post.
type SchoolStaffing struct {
	SchoolID     int64  `json:"school_id"`
	SchoolCode   string `json:"school_code"`
	SchoolName   string `json:"school_name"`
	Level        string `json:"level"`
	Location     string `json:"location_type"`
	Weak         bool   `json:"weak"`
	VillagePoint bool   `json:"village_point"`
	Classes      *int   `json:"classes"`
	Pupils       *int   `json:"pupils"`
	Boarders     *int   `json:"boarders"`
	// Establishment is the school's figure in the latest filed allocation
	// (0 when none is filed).
	Establishment int `json:"establishment"`
	// InPost counts the school's established educators (在编在岗).
	InPost int `json:"in_post"`
	// Vacancies is Establishment - InPost; negative is excess (超编).
	Vacancies int            `json:"vacancies"`
	BySubject []SubjectCount `json:"by_subject"`
}

// CountyStaffing is a county's schools with their establishment, staff in
// post and vacancies, by the latest filed allocation.
type CountyStaffing struct {
	County *org.County `json:"county"`
	// Filed is the allocation the establishment comes from; nil when the
	// county has filed none.
	Filed   *Allocation       `json:"filed"`
	Schools []*SchoolStaffing `json:"schools"`
	// Whole is false when the actor reads only their own school.
	Whole bool `json:"whole"`
}

// Sums returns the establishment, staff in post and vacancies of the listed schools.
func (c *CountyStaffing) Sums() (establishment, inPost, vacancies int) {
	for _, sc := range c.Schools {
		establishment += sc.Establishment
		inPost += sc.InPost
		vacancies += sc.Vacancies
	}
	return
}

// County returns the county's schools with their figures. A school admin
// reads their own school only; a county outside the actor's scope is NotFound.
func (s *Service) County(ctx context.Context, countyID int64) (*CountyStaffing, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.StaffingRead); err != nil {
		return nil, err
	}
	c, err := s.store.FindCountyByID(ctx, countyID)
	if err != nil {
		return nil, err
	}
	schools, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: c.ID, Within: auth.ScopeOf(a, auth.StaffingRead)})
	if err != nil {
		return nil, err
	}
	if len(schools) == 0 {
		return nil, app.ErrNotFound("区县")
	}
	out := &CountyStaffing{County: c, Schools: []*SchoolStaffing{}, Whole: auth.Decide(a, auth.StaffingRead, countyPlace(c), "") == nil}
	filed, err := s.store.LatestFiledAllocation(ctx, c.ID)
	switch {
	case app.ErrorCode(err) == app.NotFound:
	case err != nil:
		return nil, err
	default:
		out.Filed = filed
	}
	inPost, err := s.store.CountInPost(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, sc := range schools {
		row := &SchoolStaffing{SchoolID: sc.ID, SchoolCode: sc.Code, SchoolName: sc.Name, Level: sc.Level, Location: sc.Location,
			Weak: sc.Weak, VillagePoint: sc.VillagePoint, Classes: sc.Classes, Pupils: sc.Pupils, Boarders: sc.Boarders, BySubject: []SubjectCount{}}
		if filed != nil {
			if l := filed.Line(sc.ID); l != nil {
				row.Establishment = l.Allocated
			}
		}
		if n := inPost[sc.ID]; n != nil {
			row.InPost = n.Total
			for subject, k := range n.BySubject {
				row.BySubject = append(row.BySubject, SubjectCount{Subject: subject, InPost: k})
			}
			slices.SortFunc(row.BySubject, func(a, b SubjectCount) int {
				return cmp.Or(cmp.Compare(b.InPost, a.InPost), cmp.Compare(a.Subject, b.Subject))
			})
		}
		row.Vacancies = row.Establishment - row.InPost
		out.Schools = append(out.Schools, row)
	}
	return out, nil
}

// Vacancies returns the county's schools with their establishment, staff in
// post and vacancies, rural and weak schools first, then the most vacancies
// first: the order in which new teachers are placed (seed 004: 新招聘的教师
// … 首先安排到农村学校或薄弱学校任教).
func (s *Service) Vacancies(ctx context.Context, countyID int64) ([]*SchoolStaffing, error) {
	c, err := s.County(ctx, countyID)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(c.Schools)
	first := func(sc *SchoolStaffing) int {
		if sc.Location == "rural" || sc.Weak {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(out, func(a, b *SchoolStaffing) int {
		return cmp.Or(cmp.Compare(first(a), first(b)), cmp.Compare(b.Vacancies, a.Vacancies), cmp.Compare(a.SchoolCode, b.SchoolCode))
	})
	return out, nil
}
