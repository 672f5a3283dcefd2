package rotation

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// Candidates are the educators a search offers for a new exchange, and
// those it leaves out because an exchange of theirs is still open.
type Candidates struct {
	Offered []*people.Educator
	// Busy are the open exchanges of the educators left out, by educator.
	Busy map[int64]*Exchange
}

// ExchangeCandidates keeps, of the educators a registry search found, those
// the actor may put on an exchange now: of a post that rotates, in a county
// whose exchanges the actor makes, with no exchange open (a second one would
// be refused).
func (s *Service) ExchangeCandidates(ctx context.Context, found []*people.Educator) (*Candidates, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.RotationManage); err != nil {
		return nil, err
	}
	out := &Candidates{Offered: []*people.Educator{}, Busy: map[int64]*Exchange{}}
	var ids []int64
	for _, e := range found {
		ids = append(ids, e.ID)
	}
	if len(ids) == 0 {
		return out, nil
	}
	xs, _, err := s.store.FindExchanges(ctx, ExchangeFilter{EducatorIDs: ids, Open: true, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		out.Busy[x.EducatorID] = x
	}
	for _, e := range found {
		place := app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}
		if out.Busy[e.ID] == nil && RuleFor(e.Post) != "" && may(ctx, auth.RotationManage, place) {
			out.Offered = append(out.Offered, e)
		}
	}
	for id, x := range out.Busy {
		if !canRead(ctx, x) {
			delete(out.Busy, id)
		}
	}
	return out, nil
}

// ExemptionCandidates keeps, of the educators a registry search found,
// those the actor may apply to defer: of a post that rotates, at a school
// whose applications the actor makes.
func (s *Service) ExemptionCandidates(ctx context.Context, found []*people.Educator) ([]*people.Educator, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.RotationApply); err != nil {
		return nil, err
	}
	out := []*people.Educator{}
	for _, e := range found {
		if RuleFor(e.Post) != "" && may(ctx, auth.RotationApply, app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}) {
			out = append(out, e)
		}
	}
	return out, nil
}
