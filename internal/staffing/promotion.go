package staffing

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// Step is one row of a career history with where its school stands.
type Step struct {
	SchoolID   int64    `json:"school_id"`
	SchoolName string   `json:"school_name"`
	Location   string   `json:"location_type"`
	Terrain    string   `json:"terrain"`
	Weak       bool     `json:"weak"`
	Post       string   `json:"post"`
	Kind       string   `json:"kind"`
	Start      app.Date `json:"start"`
	End        app.Date `json:"end"` // zero for the current one
	// ExchangeID links a row an exchange wrote; Early marks an exchange
	// cut short, which is no rotation experience (package rotation).
	ExchangeID int64 `json:"exchange_id,omitempty"`
	Early      bool  `json:"early,omitempty"`
}

// Candidate is an established educator with a title, their school and their
// history, oldest row first.
type Candidate struct {
	EducatorID   int64
	Name         string
	SchoolID     int64
	SchoolName   string
	CountyID     int64
	Post         string
	Title        string
	JoinedSchool app.Date
	Steps        []Step
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
	// Qualifies is the rotation policy's condition for a higher title:
	// rotation experience, or its number of continuous years at rural
	// schools (rotation.Prerequisites, the same rule the educator's file shows).
	Qualifies bool `json:"qualifies"`
	// Higher: moved from an urban school to the rural one they teach at
	// now, so may be appointed one grade above their title.
	Higher bool `json:"higher"`
	// HardshipYears is the years in all at hardship-area rural schools.
	HardshipYears int `json:"hardship_years"`
	// Ahead: qualifies, still teaches at a hardship-area school and has
	// taught at such schools long enough for their grade, so may use a post
	// of the next grade ahead of a vacancy.
	Ahead bool `json:"ahead"`
	// Vacant is the vacant posts of Next in their school's unit.
	Vacant  int      `json:"vacant"`
	Reasons []Reason `json:"reasons"`
}

// hardship is a school of a hardship area (艰苦边远地区): a rural school
// in the mountains (山区), rural as the rotation policy reads 镇区.
func hardship(pol *rotation.Policy, st Step) bool {
	return !pol.Urban(st.Location) && st.Terrain == "mountain"
}

// hardshipYears is the whole years in all, up to ref, at hardship schools:
// each run of touching or overlapping rows counted in whole months, as
// package rotation counts periods, the months added up.
func hardshipYears(pol *rotation.Policy, steps []Step, ref app.Date) int {
	type run struct{ start, end app.Date } // end inclusive
	var runs []run
	for _, st := range steps {
		if !hardship(pol, st) || st.Start.After(ref) {
			continue
		}
		end := ref
		if !st.End.IsZero() && st.End.Before(ref) {
			end = st.End
		}
		runs = append(runs, run{st.Start, end})
	}
	slices.SortFunc(runs, func(a, b run) int { return a.start.Compare(b.start) })
	months := 0
	for i := 0; i < len(runs); {
		r := runs[i]
		for i++; i < len(runs) && !runs[i].start.After(r.end.AddDays(1)); i++ {
			if runs[i].end.After(r.end) {
				r.end = runs[i].end
			}
		}
		y, m := app.YearsMonthsBetween(r.start, r.end.AddDays(1))
		months += y*12 + m
	}
	return months / 12
}

// Evaluate applies the promotion rules of seed 004 to a candidate on ref:
// the rotation policy's condition for a higher title; moved from an urban
// school to the rural one they teach at now (高聘一级); and, teaching at a
// hardship-area school now with the years the grade needs at such schools
// in all, a post ahead of a vacancy. vacant is the vacant posts of the
// next grade in their unit.
func Evaluate(c *Candidate, pol *rotation.Policy, st *Settings, ref app.Date, vacant int) *Promotion {
	p := &Promotion{EducatorID: c.EducatorID, Name: c.Name, SchoolID: c.SchoolID, SchoolName: c.SchoolName, Title: c.Title,
		Grade: GradeOfTitle(c.Title), Vacant: vacant, Reasons: []Reason{}}
	p.Next = NextGrade(p.Grade)
	add := func(zh, en string) { p.Reasons = append(p.Reasons, Reason{zh, en}) }
	rows := make([]rotation.CareerRow, len(c.Steps))
	schools := map[int64]*org.School{}
	for i, s := range c.Steps {
		rows[i] = rotation.CareerRow{SchoolID: s.SchoolID, Post: s.Post, Kind: s.Kind, Start: s.Start, End: s.End, ExchangeID: s.ExchangeID, Early: s.Early}
		schools[s.SchoolID] = &org.School{ID: s.SchoolID, Name: s.SchoolName, Location: s.Location, Terrain: s.Terrain, Weak: s.Weak}
	}
	person := &rotation.Person{ID: c.EducatorID, Name: c.Name, SchoolID: c.SchoolID, Post: c.Post, Title: c.Title, JoinedSchool: c.JoinedSchool}
	for _, pre := range rotation.Prerequisites(pol, person, rows, schools, ref) {
		if pre.Code == "title" {
			p.Qualifies = pre.Met
			add(pre.Reason, pre.ReasonEn)
		}
	}
	current := currentStep(c)
	p.Higher = current != nil && !pol.Urban(current.Location) && movedFromUrban(pol, c.Steps, ref)
	if p.Higher {
		add("由城区学校交流到农村学校任教，岗位等级可高聘一级", "Moved from an urban school to a rural one: may be appointed one grade higher")
	}
	p.HardshipYears = hardshipYears(pol, c.Steps, ref)
	need := map[string]int{GradeSecond: st.HardshipSecondYears, GradeFirst: st.HardshipFirstYears}[p.Grade]
	if current != nil && hardship(pol, *current) && need > 0 {
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

// movedFromUrban reports whether the history holds a move from an urban
// school to a rural one (as the policy reads 镇区): a rural row starting,
// by ref, after an urban row started.
func movedFromUrban(pol *rotation.Policy, steps []Step, ref app.Date) bool {
	for i, s := range steps {
		if pol.Urban(s.Location) || s.Start.After(ref) {
			continue
		}
		for _, prev := range steps[:i] {
			if pol.Urban(prev.Location) && prev.Start.Before(s.Start) {
				return true
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
	pol, err := s.policy(ctx, c.ID, year)
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
		p := Evaluate(cand, pol, st, PromotionRef(year), v[NextGrade(GradeOfTitle(cand.Title))])
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
	pol, err := s.policy(ctx, ed.CountyID, s.Today().Year)
	if err != nil {
		return nil, err
	}
	return Evaluate(cands[0], pol, st, s.Today(), 0), nil
}

// policy is the county's rotation policy in force for the year, whose
// TitleRuralYears the promotion rule reads.
func (s *Service) policy(ctx context.Context, countyID int64, year int) (*rotation.Policy, error) {
	versions, err := s.store.FindPolicies(ctx, []int64{countyID})
	if err != nil {
		return nil, err
	}
	return rotation.InForce(countyID, year, versions), nil
}
