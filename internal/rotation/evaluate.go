package rotation

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// PeopleFilter selects the educators, and their careers, the rules look at.
// Zero fields do not filter.
type PeopleFilter struct {
	Within     app.Scope
	CountyIDs  []int64
	SchoolID   int64
	EducatorID int64
	// OriginYear also admits educators whose exchange of that school year
	// (not cancelled) left a school the other conditions admit: they are
	// judged at that school.
	OriginYear int
	// Levels, StaffStatuses and BornAfter narrow to those the rules might
	// select: schools of the levels, the staff statuses, born after the date.
	Levels        []string
	StaffStatuses []people.StaffStatus
	BornAfter     app.Date
	// Lean loads only what the rules read, not names nor row ids.
	Lean bool
}

// StaffCount is a county's established staff of compulsory schools, for the
// return: schools, principals, vice principals and teachers (every other post).
type StaffCount struct {
	CountyID       int64 `json:"county_id"`
	Schools        int   `json:"schools"`
	Principals     int   `json:"principals"`
	VicePrincipals int   `json:"vice_principals"`
	Teachers       int   `json:"teachers"`
}

// Eligibility is one educator's line in the list of who must rotate: the
// person, where they were judged, the rule in words, and the verdict.
type Eligibility struct {
	EducatorID  int64              `json:"educator_id"`
	Name        string             `json:"name"`
	IDMasked    string             `json:"id_number_masked"`
	Gender      string             `json:"gender"`
	BirthDate   app.Date           `json:"-"` // withheld: with the masked ID number it would give the number away
	Post        string             `json:"post"`
	StaffStatus people.StaffStatus `json:"staff_status"`
	Backbone    string             `json:"backbone"`
	Subjects    []string           `json:"subjects"`
	SchoolID    int64              `json:"school_id"`
	SchoolCode  string             `json:"school_code"`
	SchoolName  string             `json:"school_name"`
	CountyID    int64              `json:"county_id"`
	CountyName  string             `json:"county_name"`
	// Rule is the rule that applies, in words; the verdict's Rule (RuleCodeOf) names it.
	Rule string `json:"rule"`
	Verdict
	sortKey string
}

// evalQuery says whose verdicts to compute, on which date.
type evalQuery struct {
	within     app.Scope
	countyIDs  []int64
	schoolID   int64
	educatorID int64
	on         app.Date
	// all evaluates everyone, not only those the rules might select.
	all bool
	// counts is set when only the verdicts count (a dashboard): the rows
	// then hold only those who must rotate, unsorted, without names.
	counts bool
}

// evaluation is the outcome of the rules for many people on one date, with
// what it was computed from.
type evaluation struct {
	on       app.Date
	year     int
	counties map[int64]*org.County
	policies map[int64]*Policy
	schools  map[int64]*org.School
	rows     []*Eligibility
	// exchanges are the exchanges read, by educator; relevant is the same
	// list: not cancelled, of this school year or still running.
	exchanges map[int64][]*Exchange
	relevant  []*Exchange
}

// peopleFilter is who an evaluation reads: those in q, and unless q asks
// for all, only those a policy of the counties could cover (levels, staff
// statuses, age).
func peopleFilter(q evalQuery, ev *evaluation) PeopleFilter {
	pf := PeopleFilter{Within: q.within, CountyIDs: q.countyIDs, SchoolID: q.schoolID, EducatorID: q.educatorID, OriginYear: ev.year, Lean: q.counts}
	if !q.all {
		maxAge := 0
		for _, p := range ev.policies {
			maxAge = max(maxAge, p.TeacherMaxAgeMale, p.TeacherMaxAgeFemale, p.HeadMaxAgeMale, p.HeadMaxAgeFemale)
			for _, l := range p.Levels {
				if !slices.Contains(pf.Levels, l) {
					pf.Levels = append(pf.Levels, l)
				}
			}
			for _, st := range p.StaffStatuses {
				if !slices.Contains(pf.StaffStatuses, st) {
					pf.StaffStatuses = append(pf.StaffStatuses, st)
				}
			}
		}
		// 周岁 ≤ maxAge on the date: born after the (maxAge+1)th birthday's date.
		pf.BornAfter = q.on.AddYears(-(maxAge + 1))
	}
	return pf
}

// evaluate loads what the rules need in a few bulk queries and applies them.
func (s *Service) evaluate(ctx context.Context, q evalQuery) (*evaluation, error) {
	ev := &evaluation{on: q.on, year: SchoolYearOf(q.on), counties: map[int64]*org.County{}, schools: map[int64]*org.School{}}
	counties, err := s.store.FindRotationCounties(ctx, countyScope(q))
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, c := range counties {
		ev.counties[c.ID] = c
		ids = append(ids, c.ID)
	}
	if len(ids) == 0 {
		return ev, nil
	}
	if ev.policies, err = s.policies(ctx, ids, ev.year); err != nil {
		return nil, err
	}
	pf := peopleFilter(q, ev)
	// The bulk loads, side by side where the store can.
	var persons []*Person
	var careers map[int64][]CareerRow
	var exemptions []*Exemption
	var xs []*Exchange
	var schools []*org.School
	err = s.store.Concurrently(ctx,
		func(ctx context.Context) (err error) {
			schools, err = s.store.FindRotationSchools(ctx, ids)
			return err
		},
		func(ctx context.Context) (err error) { persons, err = s.store.FindRotationPeople(ctx, pf); return err },
		func(ctx context.Context) (err error) { careers, err = s.store.FindRotationCareers(ctx, pf); return err },
		func(ctx context.Context) (err error) {
			exemptions, _, err = s.store.FindExemptions(ctx, ExemptionFilter{CountyIDs: ids, EducatorID: q.educatorID, Status: ExemptionApproved,
				ActiveOn: q.on, Within: app.Scope{All: true}})
			return err
		},
		func(ctx context.Context) (err error) {
			xs, _, err = s.store.FindExchanges(ctx, ExchangeFilter{CountyIDs: ids, EducatorID: q.educatorID, RelevantYear: ev.year, RelevantOn: q.on,
				Within: app.Scope{All: true}})
			return err
		})
	if err != nil {
		return nil, err
	}
	for _, sc := range schools {
		ev.schools[sc.ID] = sc
	}
	byPerson := map[int64][]*Exemption{}
	for _, e := range exemptions {
		byPerson[e.EducatorID] = append(byPerson[e.EducatorID], e)
	}
	ev.exchanges, ev.relevant = map[int64][]*Exchange{}, xs
	for _, x := range xs {
		ev.exchanges[x.EducatorID] = append(ev.exchanges[x.EducatorID], x)
	}
	ruleText := map[*Policy]map[string]string{}
	textOf := func(p *Policy, rule string) string {
		if ruleText[p] == nil {
			ruleText[p] = map[string]string{RuleTeacher: p.RuleText(RuleTeacher), RuleHead: p.RuleText(RuleHead)}
		}
		return ruleText[p][rule]
	}
	ev.rows = make([]*Eligibility, 0, len(persons))
	for _, p := range persons {
		school := ev.schools[p.SchoolID]
		if school == nil {
			continue // a school outside the counties read: not this evaluation's
		}
		c := Case{Person: p, School: school, Career: careers[p.ID], Exemptions: byPerson[p.ID], Exchanges: ev.exchanges[p.ID], Schools: ev.schools,
			Brief: q.counts}
		pol := ev.policies[school.CountyID]
		if x := exchangeThisYear(c.Exchanges, ev.year); x != nil {
			if o := ev.schools[x.OriginSchoolID]; o != nil {
				pol = ev.policies[o.CountyID]
			}
		}
		if pol == nil {
			continue
		}
		v := Evaluate(pol, c, q.on)
		judged := ev.schools[v.SchoolID]
		if !q.admits(judged) || (q.counts && !v.Must) {
			continue // counts read only those who must rotate
		}
		county := ev.counties[judged.CountyID]
		row := &Eligibility{EducatorID: p.ID, Name: p.Name, IDMasked: p.IDMasked, Gender: p.Gender, BirthDate: p.BirthDate,
			Post: p.Post, StaffStatus: p.StaffStatus, Backbone: p.Backbone, Subjects: p.Subjects,
			SchoolID: judged.ID, SchoolCode: judged.Code, SchoolName: judged.Name, CountyID: judged.CountyID,
			Rule: textOf(pol, v.Rule), Verdict: v, sortKey: p.SortKey}
		if x := exchangeThisYear(c.Exchanges, ev.year); x != nil {
			row.Post = x.Post
		}
		if county != nil {
			row.CountyName = county.Name
		}
		ev.rows = append(ev.rows, row)
	}
	if !q.counts {
		slices.SortFunc(ev.rows, func(a, b *Eligibility) int {
			return cmp.Or(cmp.Compare(a.SchoolCode, b.SchoolCode), cmp.Compare(ruleOrder(a.RuleCodeOf()), ruleOrder(b.RuleCodeOf())),
				cmp.Compare(a.sortKey, b.sortKey), cmp.Compare(a.EducatorID, b.EducatorID))
		})
	}
	return ev, nil
}

// RuleCodeOf returns the code of the rule of the verdict.
func (e *Eligibility) RuleCodeOf() string { return e.Verdict.Rule }

func ruleOrder(rule string) int {
	switch rule {
	case RuleHead:
		return 0
	case RuleTeacher:
		return 1
	}
	return 2
}

// countyScope is the part of the tree whose counties an evaluation reads.
func countyScope(q evalQuery) app.Scope {
	if len(q.countyIDs) > 0 {
		return app.Scope{CountyIDs: q.countyIDs}
	}
	return q.within
}

// admits reports whether a school at which a person was judged belongs to
// the query.
func (q evalQuery) admits(sc *org.School) bool {
	if sc == nil || !q.within.Contains(sc.Place()) {
		return false
	}
	if len(q.countyIDs) > 0 && !slices.Contains(q.countyIDs, sc.CountyID) {
		return false
	}
	return q.schoolID == 0 || q.schoolID == sc.ID
}

// EligibleFilter selects lines of the list of who must rotate.
type EligibleFilter struct {
	// AsOf is the reference date; zero means 1 September of the current school year.
	AsOf     app.Date
	CountyID int64
	SchoolID int64
	// Rule keeps one rule (teacher or head).
	Rule string
	// Exempt keeps the exempt ("1") or those not exempt ("0").
	Exempt string
	// Backbone keeps backbone teachers ("1") or the others ("0").
	Backbone string
	// Q matches the name (substring).
	Q string
	// All lists everyone, with why they need not rotate.
	All    bool
	Offset int
	Limit  int
}

// DefaultAsOf returns the reference date of the current school year.
func (s *Service) DefaultAsOf() app.Date { return ReferenceDate(SchoolYearOf(s.Today())) }

// FindEligible lists, inside the actor's scope, who must rotate on a date,
// each with the rule and the figures behind it; with All, everyone with why
// they need not. It returns the page asked for and the total.
func (s *Service) FindEligible(ctx context.Context, f EligibleFilter) ([]*Eligibility, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, 0, err
	}
	switch {
	case f.Rule != "" && !Rules.Has(f.Rule):
		return nil, 0, app.InvalidValue("rule", f.Rule)
	case f.Exempt != "" && f.Exempt != "0" && f.Exempt != "1":
		return nil, 0, app.InvalidValue("exempt", f.Exempt)
	case f.Backbone != "" && f.Backbone != "0" && f.Backbone != "1":
		return nil, 0, app.InvalidValue("backbone", f.Backbone)
	}
	q := evalQuery{within: auth.ScopeOf(a, auth.RotationRead), on: f.AsOf, all: f.All, schoolID: f.SchoolID}
	if q.on.IsZero() {
		q.on = s.DefaultAsOf()
	}
	if f.CountyID != 0 {
		if _, err := s.ReadCounty(ctx, f.CountyID); err != nil {
			return nil, 0, err
		}
		q.countyIDs = []int64{f.CountyID}
	}
	if f.SchoolID != 0 {
		if _, err := s.readSchool(ctx, f.SchoolID); err != nil {
			return nil, 0, err
		}
	}
	ev, err := s.cachedEvaluate(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	name := strings.TrimSpace(f.Q)
	out := []*Eligibility{}
	for _, r := range ev.rows {
		switch {
		case !f.All && !r.Must,
			f.Rule != "" && r.Verdict.Rule != f.Rule,
			f.Exempt == "1" && !r.Exempt, f.Exempt == "0" && r.Exempt,
			f.Backbone == "1" && r.Backbone == "", f.Backbone == "0" && r.Backbone != "",
			name != "" && !strings.Contains(r.Name, name):
			continue
		}
		out = append(out, r)
	}
	total := len(out)
	if f.Offset > 0 {
		out = out[min(f.Offset, len(out)):]
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	// The rows may be a kept evaluation's (cache.go): the caller gets its own.
	for i, r := range out {
		c := *r
		out[i] = &c
	}
	return out, total, nil
}

// verdictOf returns the verdict on one educator on a date, computed like the list's.
func (s *Service) verdictOf(ctx context.Context, educatorID int64, on app.Date) (Verdict, error) {
	ev, err := s.cachedEvaluate(ctx, evalQuery{within: app.Scope{All: true}, educatorID: educatorID, on: on, all: true})
	if err != nil {
		return Verdict{}, err
	}
	for _, r := range ev.rows {
		if r.EducatorID == educatorID {
			return r.Verdict, nil
		}
	}
	return Verdict{Reason: "学校不在任何区县"}, nil
}
