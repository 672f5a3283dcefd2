package rotation

import (
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Prerequisite is one condition of SPEC §3.5 that uses the career history,
// met or not, and why.
type Prerequisite struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Met    bool   `json:"met"`
	Reason string `json:"reason"`
	// ReasonEn is Reason in English.
	ReasonEn string `json:"reason_en"`
}

// PrerequisiteNames are the conditions, in the order they are shown.
var PrerequisiteNames = app.Vocab{
	{Code: "new_principal", Zh: "新任校长", En: "New principal"},
	{Code: "honours", Zh: "参评县级及以上荣誉", En: "County-level or higher honours"},
	{Code: "title", Zh: "评聘高一级职称", En: "Promotion to a higher title"},
}

// period is a stretch of days at rural (or weak) schools.
type period struct{ start, end app.Date }

func (p period) months() int {
	y, m := app.YearsMonthsBetween(p.start, p.end.AddDays(1))
	return y*12 + m
}

// Prerequisites computes, from the career history up to date on, the
// conditions of seed [004] for a new principal (worked at two or more
// schools, or six years or more at rural or weak schools), for county-level
// honours (the same), and for a higher title (rotation experience, or the
// policy's number of continuous years at rural schools). Rural follows the
// policy's reading of 镇区. Schools missing from schools count as urban and
// not weak. Periods add up in whole months.
func Prerequisites(p *Policy, person *Person, career []CareerRow, schools map[int64]*org.School, on app.Date) []Prerequisite {
	rows := career
	if len(rows) == 0 && !person.JoinedSchool.IsZero() {
		rows = []CareerRow{{SchoolID: person.SchoolID, Post: person.Post, Kind: people.CareerAppointment, Start: person.JoinedSchool}}
	}
	rural := func(id int64, weakToo bool) bool {
		sc := schools[id]
		return sc != nil && (!p.Urban(sc.Location) || (weakToo && sc.Weak))
	}
	worked := map[int64]bool{}
	var experience *CareerRow
	var ruralOrWeak, ruralOnly []period
	for i := range rows {
		r := &rows[i]
		if r.Start.After(on) || r.Kind == people.CareerSecondment {
			continue
		}
		end := r.End
		if end.IsZero() || end.After(on) {
			end = on
		}
		worked[r.SchoolID] = true
		if experience == nil && !r.Early && (r.Kind == people.CareerExchange || r.Kind == people.CareerSupport || r.ExchangeID != 0) {
			experience = r
		}
		if rural(r.SchoolID, true) {
			ruralOrWeak = extend(ruralOrWeak, period{r.Start, end})
		}
		if rural(r.SchoolID, false) {
			ruralOnly = extend(ruralOnly, period{r.Start, end})
		}
	}
	total := 0
	for _, pr := range ruralOrWeak {
		total += pr.months()
	}
	longest := 0
	for _, pr := range ruralOnly {
		longest = max(longest, pr.months())
	}
	var out []Prerequisite
	schoolsOK, ruralOK := len(worked) >= 2, total >= 6*12
	var why, whyEn string
	switch {
	case schoolsOK:
		why = fmt.Sprintf("有在%d所学校工作的经历", len(worked))
		whyEn = fmt.Sprintf("has worked at %d schools", len(worked))
	case ruralOK:
		why = fmt.Sprintf("在农村（薄弱）学校工作%s，满6年", ym(total))
		whyEn = fmt.Sprintf("%s at rural (or weak) schools: 6 years reached", ymEn(total))
	default:
		why = fmt.Sprintf("仅在%d所学校工作，在农村（薄弱）学校工作%s，不足6年", len(worked), ym(total))
		whyEn = fmt.Sprintf("has worked at %d school(s) only, and %s at rural (or weak) schools, less than 6 years", len(worked), ymEn(total))
	}
	for _, code := range []string{"new_principal", "honours"} {
		out = append(out, Prerequisite{Code: code, Name: PrerequisiteNames.Label(code, "zh"), Met: schoolsOK || ruralOK, Reason: why, ReasonEn: whyEn})
	}
	title := Prerequisite{Code: "title", Name: PrerequisiteNames.Label("title", "zh")}
	switch {
	case experience != nil:
		title.Met = true
		name, nameEn := "另一所学校", "another school"
		if sc := schools[experience.SchoolID]; sc != nil {
			name, nameEn = sc.Name, sc.Name
		}
		title.Reason = fmt.Sprintf("有交流轮岗经历（%s起，%s）", experience.Start.Chinese(), name)
		title.ReasonEn = fmt.Sprintf("has rotated (from %s, %s)", experience.Start.English(), nameEn)
	case longest >= p.TitleRuralYears*12:
		title.Met = true
		title.Reason = fmt.Sprintf("在农村学校连续任教%s，满%d年", ym(longest), p.TitleRuralYears)
		title.ReasonEn = fmt.Sprintf("%s in a row at rural schools: %d years reached", ymEn(longest), p.TitleRuralYears)
	default:
		title.Reason = fmt.Sprintf("无交流轮岗经历，在农村学校连续任教最长%s，不足%d年", ym(longest), p.TitleRuralYears)
		title.ReasonEn = fmt.Sprintf("no rotation, and at most %s in a row at rural schools, less than %d years", ymEn(longest), p.TitleRuralYears)
	}
	return append(out, title)
}

// extend adds a period, merging it with the last one when they touch.
func extend(ps []period, p period) []period {
	if n := len(ps); n > 0 && !p.start.After(ps[n-1].end.AddDays(1)) {
		if p.end.After(ps[n-1].end) {
			ps[n-1].end = p.end
		}
		return ps
	}
	return append(ps, p)
}

func ym(months int) string { return fmt.Sprintf("%d年%d个月", months/12, months%12) }

// ymEn is ym in English: "6 years 0 months".
func ymEn(months int) string {
	unit := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	return unit(months/12, "year", "years") + " " + unit(months%12, "month", "months")
}

// PrerequisitesOf computes an educator's prerequisites on date on from
// their career history, under their county's policy of that school year,
// for the procedures that decide by them (principal selection). It reads
// as the system: the caller has decided the actor may see the person.
func (s *Service) PrerequisitesOf(ctx context.Context, educatorID int64, on app.Date) ([]Prerequisite, error) {
	all := PeopleFilter{EducatorID: educatorID, Within: app.Scope{All: true}}
	persons, err := s.store.FindRotationPeople(ctx, all)
	if err != nil {
		return nil, err
	}
	if len(persons) != 1 {
		return nil, app.ErrNotFound("教职工")
	}
	e, err := s.store.FindEducatorByID(ctx, educatorID)
	if err != nil {
		return nil, err
	}
	careers, err := s.store.FindRotationCareers(ctx, all)
	if err != nil {
		return nil, err
	}
	ps, err := s.policies(ctx, []int64{e.CountyID}, SchoolYearOf(on))
	if err != nil {
		return nil, err
	}
	// The history may lead through other counties: their schools count too.
	counties := []int64{e.CountyID}
	for _, r := range careers[educatorID] {
		if sc, err := s.store.FindSchoolByID(ctx, r.SchoolID); err == nil && !slices.Contains(counties, sc.CountyID) {
			counties = append(counties, sc.CountyID)
		} else if err != nil && app.ErrorCode(err) != app.NotFound {
			return nil, err
		}
	}
	list, err := s.store.FindRotationSchools(ctx, counties)
	if err != nil {
		return nil, err
	}
	schools := map[int64]*org.School{}
	for _, sc := range list {
		schools[sc.ID] = sc
	}
	return Prerequisites(ps[e.CountyID], persons[0], careers[educatorID], schools, on), nil
}
