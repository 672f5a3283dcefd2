package training

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// UnitStore is what the units' yearly assessment needs from the database.
type UnitStore interface {
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	// UnitFigures counts, per school of the filter, its educators, those on
	// track in the cycle, and its people's completed and finished enrolments
	// on courses of the year.
	UnitFigures(ctx context.Context, f UnitFilter) ([]*UnitFigures, error)
	FindUnitGrades(ctx context.Context, year int, schoolIDs []int64) (map[int64]map[string]int, error)
	SaveUnitGrade(ctx context.Context, schoolID int64, year int, item string, points int, by string, at time.Time) error
	CreateCommendation(ctx context.Context, c *Commendation) error
	FindCommendations(ctx context.Context, f CommendationFilter) ([]*Commendation, error)
}

// UnitItem is one item of the bureau's scoring rules (考核细则) for a
// school's training work: computed from its people's hours and completions,
// or graded by the bureau.
type UnitItem struct {
	Code   string `json:"code"`
	Zh     string `json:"name"`
	En     string `json:"name_en"`
	Max    int    `json:"max"`
	Graded bool   `json:"graded"`
}

// Computed items.
const (
	ItemHours      = "hours"
	ItemCompletion = "completion"
)

// UnitItems are the scoring rules, 100 points in all, after seed [003]'s
// 考核细则: hours and completion computed; plans and measures, school-based
// training, funding and reading graded by the bureau.
var UnitItems = []UnitItem{
	{Code: ItemHours, Zh: "教师培训学时达标", En: "Teachers' hours on track", Max: 40},
	{Code: ItemCompletion, Zh: "参训结业", En: "Courses completed", Max: 20},
	{Code: "plan", Zh: "培训计划与工作措施", En: "Training plan and measures", Max: 10, Graded: true},
	{Code: "school_based", Zh: "校本培训", En: "School-based training", Max: 15, Graded: true},
	{Code: "funding", Zh: "培训经费保障", En: "Training funding", Max: 10, Graded: true},
	{Code: "reading", Zh: "读书活动", En: "Reading campaign", Max: 5, Graded: true},
}

func unitItem(code string) (UnitItem, bool) {
	for _, it := range UnitItems {
		if it.Code == code {
			return it, true
		}
	}
	return UnitItem{}, false
}

// UnitFilter selects the schools of the sheets.
type UnitFilter struct {
	CountyID int64
	SchoolID int64
	Year     int
	// FromYear, ToYear and Expected are the cycle a person is on track in.
	FromYear, ToYear, Expected int
}

// UnitFigures are a school's counts for its sheet.
type UnitFigures struct {
	SchoolID   int64
	SchoolName string
	CountyID   int64
	Educators  int
	OnTrack    int
	Completed  int
	Finished   int
}

// UnitScore is one item's points on a school's sheet; a graded item not yet
// graded has Set false.
type UnitScore struct {
	UnitItem
	Points int  `json:"points"`
	Set    bool `json:"set"`
}

// UnitSheet is a school's scoring sheet for a year.
type UnitSheet struct {
	SchoolID      int64           `json:"school_id"`
	SchoolName    string          `json:"school_name"`
	Year          int             `json:"year"`
	Educators     int             `json:"educators"`
	OnTrack       int             `json:"on_track"`
	Completed     int             `json:"completed"`
	Finished      int             `json:"finished"`
	Scores        []UnitScore     `json:"scores"`
	Total         int             `json:"total"`
	Commendations []*Commendation `json:"commendations"`
}

// share is part of max points in proportion to n of all, rounded down;
// nothing of nothing earns nothing.
func share(max, n, all int) int {
	if all == 0 {
		return 0
	}
	return max * n / all
}

// scoreSheet scores a school's figures and grades.
func scoreSheet(fig *UnitFigures, year int, grades map[string]int) *UnitSheet {
	sh := &UnitSheet{SchoolID: fig.SchoolID, SchoolName: fig.SchoolName, Year: year, Educators: fig.Educators, OnTrack: fig.OnTrack,
		Completed: fig.Completed, Finished: fig.Finished, Commendations: []*Commendation{}}
	for _, it := range UnitItems {
		sc := UnitScore{UnitItem: it, Set: true}
		switch it.Code {
		case ItemHours:
			sc.Points = share(it.Max, fig.OnTrack, fig.Educators)
		case ItemCompletion:
			sc.Points = share(it.Max, fig.Completed, fig.Finished)
		default:
			sc.Points, sc.Set = grades[it.Code]
		}
		sh.Scores = append(sh.Scores, sc)
		sh.Total += sc.Points
	}
	return sh
}

// unitFilter is the filter of a year's sheets: the cycle that year is in.
func (s *Service) unitFilter(ctx context.Context, year int) (UnitFilter, error) {
	c, err := s.CycleOn(ctx, year)
	return UnitFilter{Year: year, FromYear: c.From, ToYear: c.To, Expected: c.Expected}, err
}

// CanAssessUnits reports whether the actor runs training in the county:
// grades its schools and records commendations.
func (s *Service) CanAssessUnits(ctx context.Context, county *org.County) bool {
	return auth.Decide(app.ActorOf(ctx), auth.ProgrammeManage, app.Place{CityID: county.CityID, CountyID: county.ID}, "") == nil
}

// UnitSheets are the scoring sheets of every school of a county for a year,
// for those who run training there.
func (s *Service) UnitSheets(ctx context.Context, countyID int64, year int) (*org.County, []*UnitSheet, error) {
	county, err := s.store.FindCountyByID(ctx, countyID)
	if err != nil {
		return nil, nil, err
	}
	if !s.CanAssessUnits(ctx, county) {
		return nil, nil, app.ErrNotFound("区县")
	}
	f, err := s.unitFilter(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	f.CountyID = countyID
	sheets, err := s.sheets(ctx, f)
	return county, sheets, err
}

func (s *Service) sheets(ctx context.Context, f UnitFilter) ([]*UnitSheet, error) {
	figs, err := s.store.UnitFigures(ctx, f)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(figs))
	for i, fig := range figs {
		ids[i] = fig.SchoolID
	}
	grades, err := s.store.FindUnitGrades(ctx, f.Year, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*UnitSheet, len(figs))
	for i, fig := range figs {
		out[i] = scoreSheet(fig, f.Year, grades[fig.SchoolID])
	}
	return out, nil
}

// SchoolSheet is one school's sheet for a year with its commendations, for
// those who read the school.
func (s *Service) SchoolSheet(ctx context.Context, schoolID int64, year int) (*org.School, *UnitSheet, error) {
	school, err := s.store.FindSchoolByID(ctx, schoolID)
	if err != nil {
		return nil, nil, err
	}
	if err := auth.Decide(app.ActorOf(ctx), auth.OrgRead, school.Place(), "学校"); err != nil {
		return nil, nil, err
	}
	f, err := s.unitFilter(ctx, year)
	if err != nil {
		return nil, nil, err
	}
	f.SchoolID = schoolID
	sheets, err := s.sheets(ctx, f)
	if err != nil {
		return nil, nil, err
	}
	if len(sheets) == 0 {
		return nil, nil, app.ErrNotFound("学校")
	}
	sh := sheets[0]
	if sh.Commendations, err = s.store.FindCommendations(ctx, CommendationFilter{SchoolID: schoolID}); err != nil {
		return nil, nil, err
	}
	return school, sh, nil
}

// managedSchool returns a school of a county where the actor runs training.
func (s *Service) managedSchool(ctx context.Context, schoolID int64) (*org.School, error) {
	school, err := s.store.FindSchoolByID(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	if !s.CanAssessUnits(ctx, &org.County{ID: school.CountyID, CityID: school.CityID}) {
		return nil, app.ErrNotFound("学校")
	}
	return school, nil
}

// Grade records the bureau's points for one graded item of a school's year.
func (s *Service) Grade(ctx context.Context, schoolID int64, year int, item string, points int) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		school, err := s.managedSchool(ctx, schoolID)
		if err != nil {
			return err
		}
		it, ok := unitItem(item)
		var f app.Fields
		switch {
		case !ok || !it.Graded:
			f.Add("item", "请选择由教育局评分的考核项目", "Choose an item the bureau grades")
		case points < 0 || points > it.Max:
			f.Add("points", fmt.Sprintf("“%s”的得分应在0至%d之间", it.Zh, it.Max), fmt.Sprintf("%q earns between 0 and %d", it.En, it.Max))
		}
		if year < 2000 || year > 2100 {
			f.Add("year", "年度无效", "Invalid year")
		}
		if err := f.Err(); err != nil {
			return err
		}
		a := app.ActorOf(ctx)
		if err := s.store.SaveUnitGrade(ctx, school.ID, year, item, points, a.Label(), s.clock.Now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.unit.grade", Entity: "school", EntityID: school.ID,
			Summary: fmt.Sprintf("%s %d年度培训工作考核“%s”评%d分", school.Name, year, it.Zh, points)})
	})
}

// Commendation kinds.
const (
	CommendUnit   = "unit"   // 先进集体
	CommendPerson = "person" // 先进个人
)

// CommendationKinds is the vocabulary of commendations.
var CommendationKinds = app.Vocab{
	{Code: CommendUnit, Zh: "先进集体", En: "Outstanding unit"},
	{Code: CommendPerson, Zh: "先进个人", En: "Outstanding individual"},
}

// Commendation is a 先进集体 (a school) or 先进个人 (an educator) of a year.
type Commendation struct {
	ID         int64     `json:"id"`
	Year       int       `json:"year"`
	Kind       string    `json:"kind"`
	Title      string    `json:"title"`
	SchoolID   int64     `json:"school_id"`
	SchoolName string    `json:"school_name"`
	EducatorID int64     `json:"educator_id"`
	Name       string    `json:"name"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
}

// CommendationFilter selects commendations; zero fields do not filter.
type CommendationFilter struct {
	SchoolID   int64
	EducatorID int64
	CountyID   int64
	Year       int
}

// CommendationInput is a commendation as entered: a school, or an educator.
type CommendationInput struct {
	Year       int    `json:"year"`
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	SchoolID   int64  `json:"school_id"`
	EducatorID int64  `json:"educator_id"`
}

// Commend records a commendation of a school or of an educator by the
// bureau of their county.
func (s *Service) Commend(ctx context.Context, in CommendationInput, find func(context.Context, int64) (*people.Educator, error)) (*Commendation, error) {
	c := &Commendation{Year: in.Year, Kind: in.Kind, Title: strings.TrimSpace(in.Title)}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		var f app.Fields
		if !CommendationKinds.Has(c.Kind) {
			f.Add("kind", "请选择表彰类别", "Choose the kind of commendation")
		}
		if n := utf8.RuneCountInString(c.Title); n < 2 || n > 100 {
			f.Add("title", "请填写表彰名称（2至100字）", "Give the commendation's title (2 to 100 characters)")
		}
		if c.Year < 2000 || c.Year > 2100 {
			f.Add("year", "年度无效", "Invalid year")
		}
		if err := f.Err(); err != nil {
			return err
		}
		schoolID := in.SchoolID
		if c.Kind == CommendPerson {
			ed, err := find(ctx, in.EducatorID)
			if err != nil {
				return app.NotFoundField("educator_id", "教职工")
			}
			c.EducatorID, c.Name, schoolID = ed.ID, ed.Name, ed.SchoolID
		}
		school, err := s.managedSchool(ctx, schoolID)
		if err != nil {
			return err
		}
		c.SchoolID, c.SchoolName = school.ID, school.Name
		c.CreatedBy, c.CreatedAt = app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.CreateCommendation(ctx, c); err != nil {
			return err
		}
		who := school.Name
		if c.Name != "" {
			who = c.Name + "（" + school.Name + "）"
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.commend", Entity: "school", EntityID: school.ID,
			Summary: fmt.Sprintf("%s获%d年度“%s”%s", who, c.Year, c.Title, CommendationKinds.Label(c.Kind, "zh")), After: c})
	})
	return c, err
}

// Commendations lists a county's commendations of a year, for those who
// run training there.
func (s *Service) Commendations(ctx context.Context, county *org.County, year int) ([]*Commendation, error) {
	if !s.CanAssessUnits(ctx, county) {
		return nil, app.ErrNotFound("区县")
	}
	return s.store.FindCommendations(ctx, CommendationFilter{CountyID: county.ID, Year: year})
}
