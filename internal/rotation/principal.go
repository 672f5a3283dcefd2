package rotation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// movesHead reports whether an exchange moves a principal's personnel
// relation, and with it the principal's post, to the host school.
func movesHead(x *Exchange) bool {
	return x.Relation == RelationMoves && x.Post == people.PostPrincipal
}

// head is one principal a school has, or will have, on a day.
type head struct {
	name   string
	coming app.Date // the day an exchange brings them; zero for a sitting principal
}

// headsOn returns the principals a school has on day, as the registry and
// the open exchanges that move principals make them: its principals now,
// less those an exchange not yet under way takes away by that day, plus
// those one brings by then. An exchange under way is already in the
// registry (its start moved the principal).
func (s *Service) headsOn(ctx context.Context, schoolID int64, day app.Date) ([]head, error) {
	sitting, err := s.store.FindRotationPeople(ctx, PeopleFilter{SchoolID: schoolID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	xs, _, err := s.store.FindExchanges(ctx, ExchangeFilter{SchoolID: schoolID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	leaving := map[int64]bool{}
	var out []head
	for _, x := range xs {
		if !movesHead(x) || (x.Status != StatusPlanned && x.Status != StatusAnnounced) || x.Begin().After(day) {
			continue
		}
		switch schoolID {
		case x.OriginSchoolID:
			leaving[x.EducatorID] = true
		case x.HostSchoolID:
			out = append(out, head{name: x.EducatorName, coming: x.Begin()})
		}
	}
	for _, p := range sitting {
		if p.Post == people.PostPrincipal && !leaving[p.ID] {
			out = append(out, head{name: p.Name})
		}
	}
	return out, nil
}

// checkHeads refuses what would give a school two principals on from or on
// any later day an exchange is due to bring one (SPEC §3.1: a rotated
// principal's relation and post move to the new school, which has one
// principal). The school's sitting principal may leave by an exchange of
// the same set taking effect the same day or earlier: a cycle of principals
// made by one plan passes, a principal sent to a school whose principal
// stays does not.
func (s *Service) checkHeads(ctx context.Context, schoolID int64, schoolName string, from app.Date) error {
	xs, _, err := s.store.FindExchanges(ctx, ExchangeFilter{SchoolID: schoolID, Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	days := []app.Date{from}
	for _, x := range xs {
		if movesHead(x) && x.HostSchoolID == schoolID && (x.Status == StatusPlanned || x.Status == StatusAnnounced) && x.Begin().After(from) {
			days = append(days, x.Begin())
		}
	}
	slices.SortFunc(days, func(a, b app.Date) int { return a.Compare(b) })
	for _, day := range slices.Compact(days) {
		heads, err := s.headsOn(ctx, schoolID, day)
		if err != nil {
			return err
		}
		if len(heads) > 1 {
			return twoHeads(day, schoolName, heads)
		}
	}
	return nil
}

// keepsOneHead refuses to cancel the departure of a school's principal
// when on that day, without it, the school would have two: one has
// already arrived (or is due by then) in their place.
func (s *Service) keepsOneHead(ctx context.Context, x *Exchange, on app.Date) error {
	heads, err := s.headsOn(ctx, x.OriginSchoolID, on)
	if err != nil || len(heads) <= 1 {
		return err
	}
	return twoHeads(on, x.OriginName, heads)
}

// twoHeads is the refusal of a school with more than one principal from day.
func twoHeads(day app.Date, schoolName string, heads []head) error {
	names := make([]string, len(heads))
	for i, h := range heads {
		if h.coming.IsZero() {
			names[i] = "现任校长" + h.name
		} else {
			names[i] = h.name + "（" + h.coming.Chinese() + "交流到任）"
		}
	}
	return &app.Error{Code: app.Conflict,
		Message: fmt.Sprintf("%s起%s将有%d名校长：%s。一所学校只能有一名校长：请让现任校长在同一天或之前交流离任（同一方案或同批交流），或另选交流学校",
			day.Chinese(), schoolName, len(heads), strings.Join(names, "、")),
		English: fmt.Sprintf("From %s %s would have %d principals. A school has one principal: have the sitting principal leave by the same day, or choose another host",
			day.English(), schoolName, len(heads)),
		Fields: map[string]string{"host_school_id": "two_principals"}}
}
