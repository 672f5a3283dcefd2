package rotation

import (
	"cmp"
	"context"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// File is an educator's rotation file (交流轮岗档案): whether they must rotate
// on a date and why (or why not), the prerequisites of SPEC §3.5, and the
// whole history: career, exchanges with their steps, annual assessments,
// exemptions.
type File struct {
	Educator      *people.Educator      `json:"educator"`
	On            app.Date              `json:"reference_date"`
	Policy        *Policy               `json:"policy"`
	Eligibility   *Eligibility          `json:"eligibility"`
	Prerequisites []Prerequisite        `json:"prerequisites"`
	Career        []*people.CareerEntry `json:"career"`
	Exchanges     []*Exchange           `json:"exchanges"`
	Events        []*Event              `json:"events"`
	Assessments   []*Assessment         `json:"assessments"`
	Exemptions    []*Exemption          `json:"exemptions"`
	// CanApplyExemption is set when the actor may apply for a deferral.
	CanApplyExemption bool `json:"can_apply_exemption"`
	// CanCreateExchange is set when the actor may record an exchange.
	CanCreateExchange bool `json:"can_create_exchange"`
}

// FindFile returns an educator's rotation file, as of date on (zero: the
// reference date of the current school year). Everyone may read their own.
// CanReadFile reports whether the actor may open an educator's rotation
// file, so that pages link to it only then.
func (s *Service) CanReadFile(ctx context.Context, educatorID int64) bool {
	e, err := s.store.FindEducatorByID(ctx, educatorID)
	return err == nil && auth.Decide(app.ActorOf(ctx), auth.RotationRead, e.Place(), "") == nil
}

func (s *Service) FindFile(ctx context.Context, educatorID int64, on app.Date) (*File, error) {
	a := app.ActorOf(ctx)
	e, err := s.store.FindEducatorByID(ctx, educatorID)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.RotationRead, e.Place(), "教职工"); err != nil {
		return nil, err
	}
	if on.IsZero() {
		on = s.DefaultAsOf()
	}
	ev, err := s.cachedEvaluate(ctx, evalQuery{within: app.Scope{All: true}, educatorID: e.ID, on: on, all: true})
	if err != nil {
		return nil, err
	}
	f := &File{Educator: e, On: on, Exchanges: []*Exchange{}, Events: []*Event{}, Exemptions: []*Exemption{}}
	for _, r := range ev.rows {
		if r.EducatorID == e.ID {
			row := *r // the evaluation may be kept (cache.go): the file gets its own
			f.Eligibility = &row
			f.Policy = ev.policies[r.CountyID]
		}
	}
	if f.Policy == nil {
		ps, err := s.policies(ctx, []int64{e.CountyID}, SchoolYearOf(on))
		if err != nil {
			return nil, err
		}
		f.Policy = ps[e.CountyID]
	}
	careers, err := s.store.FindRotationCareers(ctx, PeopleFilter{EducatorID: e.ID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	persons, err := s.store.FindRotationPeople(ctx, PeopleFilter{EducatorID: e.ID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	if len(persons) == 1 {
		f.Prerequisites = Prerequisites(f.Policy, persons[0], careers[e.ID], ev.schools, s.Today())
	}
	if f.Career, err = s.store.FindCareer(ctx, e.ID); err != nil {
		return nil, err
	}
	xs, _, err := s.store.FindExchanges(ctx, ExchangeFilter{EducatorID: e.ID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	f.Exchanges = xs
	var ids []int64
	for _, x := range xs {
		ids = append(ids, x.ID)
	}
	if len(ids) > 0 {
		if f.Events, err = s.store.FindExchangeEvents(ctx, ids); err != nil {
			return nil, err
		}
		slices.SortFunc(f.Events, func(a, b *Event) int { return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.ID, a.ID)) })
	}
	if f.Assessments, err = s.store.FindAssessments(ctx, AssessmentFilter{EducatorID: e.ID}); err != nil {
		return nil, err
	}
	if f.Exemptions, _, err = s.store.FindExemptions(ctx, ExemptionFilter{EducatorID: e.ID, Within: app.Scope{All: true}}); err != nil {
		return nil, err
	}
	place := app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}
	f.CanApplyExemption = may(ctx, auth.RotationApply, place)
	f.CanCreateExchange = may(ctx, auth.RotationManage, place)
	// The file goes to the reader: the birth date only to those who may see full ID numbers.
	e.Age = app.Age(e.BirthDate, s.Today())
	e.BirthDate, e.BirthMonth = people.RedactBirthDate(ctx, e.Place(), e.BirthDate)
	return f, nil
}
