package pairing

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
)

// InspectionInput is an inspection as entered: the checklist items met,
// the grade and the findings.
type InspectionInput struct {
	InspectedOn app.Date `json:"inspected_on"`
	Met         []string `json:"met"`
	Grade       string   `json:"grade"`
	Findings    string   `json:"findings"`
}

// Inspect records the city's inspection (督查) of a pair. It is published
// at once to every county of the city, and kept as evidence for the
// schools' grading and awards.
func (s *Service) Inspect(ctx context.Context, pairID int64, in InspectionInput) (*Inspection, error) {
	in.Findings = strings.TrimSpace(in.Findings)
	switch {
	case !Grades.Has(in.Grade):
		return nil, &app.Error{Code: app.Invalid, Message: "请选择督查等次", English: "Choose the grade", Fields: map[string]string{"grade": "invalid"}}
	case in.InspectedOn.IsZero() || s.Today().Before(in.InspectedOn):
		return nil, &app.Error{Code: app.Invalid, Message: "请填写督查日期（不晚于今天）", English: "Enter the inspection's date (not in the future)",
			Fields: map[string]string{"inspected_on": "invalid"}}
	case len([]rune(in.Findings)) > 5000:
		return nil, &app.Error{Code: app.Invalid, Message: "督查意见不超过5000字", English: "The findings have at most 5000 characters", Fields: map[string]string{"findings": "invalid"}}
	}
	checklist := map[string]bool{}
	for _, t := range ChecklistItems {
		checklist[t.Code] = false
	}
	for _, m := range in.Met {
		if !ChecklistItems.Has(m) {
			return nil, app.InvalidValue("met", m)
		}
		checklist[m] = true
	}
	var out *Inspection
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.Pair(ctx, pairID)
		if err != nil {
			return err
		}
		if !s.CanInspect(ctx, p) {
			return app.Errorf(app.Forbidden, "督查由市教育局进行", "Inspections are the city bureau's")
		}
		out = &Inspection{PairID: p.ID, InspectedOn: in.InspectedOn, Checklist: checklist, Grade: in.Grade, Findings: in.Findings,
			CreatedBy: app.ActorOf(ctx).Label(), CreatedAt: s.clock.Now()}
		if err := s.store.CreateInspection(ctx, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.inspect", Entity: "pairing_pair", EntityID: p.ID,
			Summary: fmt.Sprintf("督查结对%s—%s：%s（%d/%d项达标）", p.HelperName, p.HelpedName, Grades.Label(out.Grade, "zh"),
				out.Passed(), len(ChecklistItems)), After: out})
	})
	return out, err
}

// PairInspections lists a pair's inspections, latest first.
func (s *Service) PairInspections(ctx context.Context, p *Pair) ([]*Inspection, error) {
	return s.store.FindInspections(ctx, PairFilter{ID: p.ID})
}

// Inspections lists the published inspections of every county of the
// actor's cities, latest first: the city publishes them to all counties.
func (s *Service) Inspections(ctx context.Context) ([]*Inspection, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.PairingRead); err != nil {
		return nil, err
	}
	cities, all := citiesOf(a)
	return s.store.FindInspections(ctx, PairFilter{CityIDs: cities, All: all})
}
