package roster

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// An ID number the actor may not use gets one answer, whether its person
// is in another county, at another school, or nowhere: the file must not
// tell a school admin that someone exists elsewhere. Each use is audited
// against the person; an account that does it again alerts the person's
// county (an audit entry of its own, which the county's roster page shows).

// Audit actions of refused ID numbers.
const (
	ActionIDRefused = "roster.id_refused"
	ActionIDProbe   = "roster.id_probe"
)

// refusedID is an ID number of the file the actor may not use; person is
// nil when it is in no record the actor could see either.
type refusedID struct {
	masked string
	person *people.Educator
}

// refuseID reports an ID number the actor may not use, saying nothing of
// whether it is registered.
func (p *plan) refuseID(k sheetKind, row int, id people.IDNumber, person *people.Educator) {
	p.fail(k, row, keyColumn(k), id.Masked(), "该身份证号不能由本账号使用：本工作簿的“教职工”表中没有此人，或此人不在您的管理范围内",
		"this ID number cannot be used from this account: the workbook's 教职工 sheet lacks the person, or the person is outside your scope")
	if person != nil {
		p.refused = append(p.refused, refusedID{masked: id.Masked(), person: person})
	}
}

func keyColumn(k sheetKind) int {
	if k == careersSheet {
		return caID
	}
	return edID
}

// auditRefused records the registered people whose ID numbers the actor
// could not use and, when the actor has done so before, alerts their counties.
func (s *Service) auditRefused(ctx context.Context, p *plan) error {
	if len(p.refused) == 0 {
		return nil
	}
	_, before, err := s.audit.Find(ctx, audit.Filter{ActorID: p.actor.UserID, Action: ActionIDRefused, Limit: 1})
	if err != nil {
		return err
	}
	counties := map[int64]int{}
	for _, r := range p.refused {
		if err := s.audit.Record(ctx, audit.Change{Action: ActionIDRefused, Entity: "educator", EntityID: r.person.ID,
			Summary: "导入花名册时使用了本账号管理范围之外人员的身份证号 " + r.masked + "，已拒绝"}); err != nil {
			return err
		}
		counties[r.person.CountyID]++
	}
	if before == 0 {
		return nil
	}
	for county, n := range counties {
		if err := s.audit.Record(ctx, audit.Change{Action: ActionIDProbe, Entity: "county", EntityID: county,
			Summary: fmt.Sprintf("账号 %s 再次在导入花名册时使用本区县人员的身份证号（本次 %d 个，此前 %d 次），请核实", p.actor.Username, n, before),
			After:   map[string]any{"user_id": p.actor.UserID, "count": n, "before": before}}); err != nil {
			return err
		}
	}
	return nil
}

// IDProbe is an alert for a county: an account used its people's ID numbers
// in a roster import again, though they are outside the account's scope.
type IDProbe struct {
	At      time.Time `json:"at"`
	County  string    `json:"county"`
	Summary string    `json:"summary"`
}

// idProbeLimit is how many of the newest alerts are read.
const idProbeLimit = 200

// FindIDProbes lists, newest first, the alerts (ActionIDProbe) of the
// counties whose rosters the actor imports: the people whose numbers were
// tried are theirs to look after. Others get none.
func (s *Service) FindIDProbes(ctx context.Context, limit int) ([]*IDProbe, error) {
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.EducatorWrite) != nil {
		return nil, nil
	}
	counties, err := s.store.FindCounties(ctx, auth.ScopeOf(a, auth.EducatorWrite))
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, c := range counties {
		if auth.Decide(a, auth.EducatorWrite, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil {
			names[strconv.FormatInt(c.ID, 10)] = c.Name
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	entries, _, err := s.audit.Find(ctx, audit.Filter{Entity: "county", Action: ActionIDProbe, Limit: idProbeLimit})
	if err != nil {
		return nil, err
	}
	var out []*IDProbe
	for _, e := range entries {
		if name, ok := names[e.EntityID]; ok && len(out) < limit {
			out = append(out, &IDProbe{At: e.At, County: name, Summary: e.Summary})
		}
	}
	return out, nil
}
