package staffing

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// Step is one row of a career history with where its school stands.
type Step struct {
	SchoolID   int64    `json:"school_id"`
	SchoolName string   `json:"school_name"`
	Location   string   `json:"location_type"`
	Terrain    string   `json:"terrain"`
	Kind       string   `json:"kind"`
	Start      app.Date `json:"start"`
	End        app.Date `json:"end"` // zero for the current one
}

// rural is a school in the countryside (乡村).
func (st Step) rural() bool { return st.Location == "rural" }

// hardship is a school of a hardship area (艰苦边远地区): a rural school
// in the mountains (山区).
func (st Step) hardship() bool { return st.rural() && st.Terrain == "mountain" }

// away is a row of teaching elsewhere (an exchange or support teaching),
// which counts as rotation experience.
func (st Step) away() bool {
	return st.Kind == people.CareerExchange || st.Kind == people.CareerSupport
}

// Candidate is an established educator with a title, their school and their
// history, oldest row first.
type Candidate struct {
	EducatorID int64
	Name       string
	SchoolID   int64
	SchoolName string
	CountyID   int64
	Title      string
	Steps      []Step
}

// Reason is one finding of the promotion rules, in both languages.
type Reason struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// Promotion is what the rules of seed 004 say of one educator in a year.
type Promotion struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	Title      string `json:"title"`
	Grade      string `json:"grade"`
	Next       string `json:"next"`
	// Rotation is rotation experience (an exchange or support teaching).
	Rotation bool `json:"rotation"`
	// RuralYears is the longest run of continuous years at rural schools.
	RuralYears int `json:"rural_years"`
	// HardshipYears is the years in all at hardship-area schools.
	HardshipYears int `json:"hardship_years"`
	// Qualifies: rotation experience, or RuralYears at least the setting.
	Qualifies bool `json:"qualifies"`
	// Higher: moved from a town school to the rural one they teach at now,
	// so may be appointed one grade above their title.
	Higher bool `json:"higher"`
	// Ahead: qualifies, still teaches at a hardship school and has taught
	// there long enough for their grade, so may use a post of the next
	// grade ahead of a vacancy.
	Ahead bool `json:"ahead"`
	// Vacant is the vacant posts of Next in their school's unit.
	Vacant  int      `json:"vacant"`
	Reasons []Reason `json:"reasons"`
}

// day numbers a date, for interval arithmetic.
func day(d app.Date) int { return int(d.Time().Unix() / 86400) }

// dateOfDay is the inverse of day.
func dateOfDay(n int) app.Date { return app.DateOf(app.NewDate(1970, 1, 1).Time().AddDate(0, 0, n)) }

// span is a half-open interval of days [from, to).
type span struct{ from, to int }

// spans returns the rows' intervals up to ref, for the rows keep selects;
// a current row runs to ref.
func spans(steps []Step, ref app.Date, keep func(Step) bool) []span {
	var out []span
	for _, st := range steps {
		if !keep(st) || st.Start.After(ref) {
			continue
		}
		end := ref
		if !st.End.IsZero() && st.End.Before(ref) {
			end = st.End
		}
		if from, to := day(st.Start), day(end); to > from {
			out = append(out, span{from, to})
		}
	}
	return out
}

// merge joins overlapping or touching intervals, and those apart by no
// more than gap days (a summer between two posts).
func merge(in []span, gap int) []span {
	slices.SortFunc(in, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	var out []span
	for _, s := range in {
		if n := len(out); n > 0 && s.from <= out[n-1].to+gap {
			out[n-1].to = max(out[n-1].to, s.to)
			continue
		}
		out = append(out, s)
	}
	return out
}

// subtract removes cut from each interval of in.
func subtract(in, cut []span) []span {
	out := in
	for _, c := range cut {
		var next []span
		for _, s := range out {
			if c.to <= s.from || c.from >= s.to {
				next = append(next, s)
				continue
			}
			if s.from < c.from {
				next = append(next, span{s.from, c.from})
			}
			if c.to < s.to {
				next = append(next, span{c.to, s.to})
			}
		}
		out = next
	}
	return out
}

// years is the whole years of an interval, a year complete on its anniversary.
func years(s span) int {
	y, _ := app.YearsMonthsBetween(dateOfDay(s.from), dateOfDay(s.to))
	return y
}

// summerGap is how far apart two rows may be and still be continuous.
const summerGap = 62

// Evaluate applies the promotion rules of seed 004 to a candidate on ref:
// rotation experience, or RuralYears of continuous rural teaching (time
// away on an exchange at a town school interrupts it); moved from a town
// school to the rural one they teach at now (高聘一级); and, teaching at a
// hardship-area school now with the years the grade needs there in all,
// a post ahead of a vacancy. vacant is the vacant posts of the next grade.
func Evaluate(c *Candidate, st *Settings, ref app.Date, vacant int) *Promotion {
	p := &Promotion{EducatorID: c.EducatorID, Name: c.Name, SchoolID: c.SchoolID, SchoolName: c.SchoolName, Title: c.Title,
		Grade: GradeOfTitle(c.Title), Vacant: vacant, Reasons: []Reason{}}
	p.Next = NextGrade(p.Grade)
	add := func(zh, en string) { p.Reasons = append(p.Reasons, Reason{zh, en}) }
	for _, s := range c.Steps {
		if s.away() && !s.Start.After(ref) {
			p.Rotation = true
			add(fmt.Sprintf("有交流轮岗经历：%s起在%s%s", s.Start.Chinese(), s.SchoolName, people.CareerKinds.Label(s.Kind, "zh")),
				fmt.Sprintf("Rotation experience: %s at %s from %s", people.CareerKinds.Label(s.Kind, "en"), s.SchoolName, s.Start))
			break
		}
	}
	rural := merge(spans(c.Steps, ref, Step.rural), summerGap)
	rural = subtract(rural, spans(c.Steps, ref, func(s Step) bool { return s.away() && !s.rural() }))
	for _, s := range rural {
		p.RuralYears = max(p.RuralYears, years(s))
	}
	p.Qualifies = p.Rotation || p.RuralYears >= st.RuralYears
	switch {
	case p.Rotation:
	case p.Qualifies:
		add(fmt.Sprintf("在农村学校连续任教%d年，满%d年", p.RuralYears, st.RuralYears),
			fmt.Sprintf("%d continuous years at rural schools, at least %d", p.RuralYears, st.RuralYears))
	default:
		add(fmt.Sprintf("无交流轮岗经历，在农村学校连续任教%d年，不满%d年", p.RuralYears, st.RuralYears),
			fmt.Sprintf("No rotation experience and %d continuous years at rural schools, fewer than %d", p.RuralYears, st.RuralYears))
	}
	current := currentStep(c)
	p.Higher = current != nil && current.rural() && movedFromTown(c.Steps, ref)
	if p.Higher {
		add("由城镇学校交流到农村学校任教，岗位等级可高聘一级", "Moved from a town school to a rural one: may be appointed one grade higher")
	}
	hardship := 0
	for _, s := range merge(spans(c.Steps, ref, Step.hardship), 0) {
		hardship += s.to - s.from
	}
	p.HardshipYears = years(span{0, hardship})
	need := map[string]int{GradeSecond: st.HardshipSecondYears, GradeFirst: st.HardshipFirstYears}[p.Grade]
	if current != nil && current.hardship() && need > 0 {
		p.Ahead = p.Qualifies && p.HardshipYears >= need
		if p.Ahead {
			add(fmt.Sprintf("在艰苦边远地区农村学校任教累计%d年（满%d年）且仍在任教，无空缺岗位时可提前使用岗位", p.HardshipYears, need),
				fmt.Sprintf("%d years in all at hardship-area rural schools (at least %d) and still there: may use a post ahead of a vacancy", p.HardshipYears, need))
		} else {
			add(fmt.Sprintf("在艰苦边远地区农村学校任教累计%d年，不满%d年，不能提前使用岗位", p.HardshipYears, need),
				fmt.Sprintf("%d years in all at hardship-area rural schools, fewer than %d: no post ahead of a vacancy", p.HardshipYears, need))
		}
	}
	if p.Qualifies && p.Next != "" {
		if vacant > 0 {
			add(fmt.Sprintf("本单位%s岗位空缺%d个", Grades.Label(p.Next, "zh"), vacant), fmt.Sprintf("%d vacant posts of the next grade", vacant))
		} else if !p.Ahead {
			add(fmt.Sprintf("本单位暂无空缺的%s岗位", Grades.Label(p.Next, "zh")), "No vacant post of the next grade")
		}
	}
	return p
}

// currentStep is the row of the candidate's school without an end, nil if none.
func currentStep(c *Candidate) *Step {
	for i := len(c.Steps) - 1; i >= 0; i-- {
		if s := &c.Steps[i]; s.End.IsZero() && s.SchoolID == c.SchoolID {
			return s
		}
	}
	return nil
}

// movedFromTown reports whether the history holds a move from a town school
// (城区 or 镇区) to a rural one: a rural row that follows a town row.
func movedFromTown(steps []Step, ref app.Date) bool {
	for i := 1; i < len(steps); i++ {
		if steps[i].rural() && !steps[i].Start.After(ref) {
			for _, prev := range steps[:i] {
				if !prev.rural() && !prev.Start.After(steps[i].Start) {
					return true
				}
			}
		}
	}
	return false
}

// PromotionRef is the date a year's promotion list is computed on: the
// year's last day, as title reviews count years of service.
func PromotionRef(year int) app.Date { return app.NewDate(year, 12, 31) }

// Promotions is the year's list of the county's established educators with
// a title below 正高级: who qualifies for the next grade and why.
func (s *Service) Promotions(ctx context.Context, countyID int64, year int) ([]*Promotion, error) {
	c, err := s.county(ctx, countyID, auth.StaffingRead)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, c.ID, year)
	if err != nil {
		return nil, err
	}
	cands, err := s.store.FindPromotionCandidates(ctx, c.ID, 0)
	if err != nil {
		return nil, err
	}
	vacant := map[int64]map[string]int{}
	out := []*Promotion{}
	for _, cand := range cands {
		if NextGrade(GradeOfTitle(cand.Title)) == "" {
			continue
		}
		v, err := s.vacantFor(ctx, cand, vacant)
		if err != nil {
			return nil, err
		}
		p := Evaluate(cand, st, PromotionRef(year), v[NextGrade(GradeOfTitle(cand.Title))])
		out = append(out, p)
	}
	slices.SortStableFunc(out, func(a, b *Promotion) int {
		return cmp.Or(cmp.Compare(boolRank(b.Qualifies), boolRank(a.Qualifies)), cmp.Compare(a.SchoolName, b.SchoolName))
	})
	return out, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vacantFor returns the vacant posts by grade of the candidate's school's
// unit, remembered per school in cache.
func (s *Service) vacantFor(ctx context.Context, c *Candidate, cache map[int64]map[string]int) (map[string]int, error) {
	if v, ok := cache[c.SchoolID]; ok {
		return v, nil
	}
	sc, err := s.store.FindSchoolByID(ctx, c.SchoolID)
	if err != nil {
		return nil, err
	}
	u, err := s.unitOf(ctx, sc)
	if err != nil {
		return nil, err
	}
	posts, err := s.posts(ctx, sc.CountyID, u)
	if err != nil {
		return nil, err
	}
	v := map[string]int{}
	for _, p := range posts {
		v[p.Grade] = p.Vacant
	}
	cache[c.SchoolID] = v
	return v, nil
}

// promotionOf evaluates one educator on today, for an appointment.
func (s *Service) promotionOf(ctx context.Context, ed *people.Educator) (*Promotion, error) {
	st, err := s.settings(ctx, ed.CountyID, s.Today().Year)
	if err != nil {
		return nil, err
	}
	cands, err := s.store.FindPromotionCandidates(ctx, ed.CountyID, ed.ID)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "只能为在编在岗且有职称的教职工聘用岗位",
			English: "Only established staff with a title can be appointed", Fields: map[string]string{"educator_id": "invalid"}}
	}
	return Evaluate(cands[0], st, s.Today(), 0), nil
}
