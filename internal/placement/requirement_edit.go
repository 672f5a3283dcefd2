package placement

import (
	"context"
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
)

// RequirementEditStore is what editing a requirement and the requirements'
// due dates in the calendar need from the database.
type RequirementEditStore interface {
	FindPlacementRequirementByID(ctx context.Context, id int64) (*Requirement, error)
	// UpdatePlacementRequirement saves r's name, counts, target and due date;
	// a Conflict on a name the programme has.
	UpdatePlacementRequirement(ctx context.Context, r *Requirement) error
	// FindDueRequirementProgrammes lists the programmes with a requirement
	// that has a due date or is a deadline.
	FindDueRequirementProgrammes(ctx context.Context) ([]int64, error)
	UserOfEducator(ctx context.Context, educatorID int64) (int64, error)
}

// RequirementEdit changes a requirement: its target, what counts and its
// due date, and its name. An empty name or no counts keep the requirement's;
// the target is always given. Its kind stays.
type RequirementEdit struct {
	Name   string   `json:"name"`
	Counts []string `json:"counts"`
	Target int      `json:"target"`
	Due    app.Date `json:"due"`
}

// UpdateRequirement edits a requirement of a programme the actor manages;
// the progress, computed from the records on every reading, follows at once.
func (s *Service) UpdateRequirement(ctx context.Context, id int64, in RequirementEdit) (*Requirement, error) {
	old, err := s.store.FindPlacementRequirementByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.managed(ctx, old.ProgrammeID)
	if err != nil {
		if app.ErrorCode(err) == app.Forbidden {
			return nil, app.ErrNotFound("要求")
		}
		return nil, err
	}
	full := RequirementInput{Name: in.Name, Kind: old.Kind, Counts: in.Counts, Target: in.Target, Due: in.Due}
	if full.Name == "" {
		full.Name = old.Name
	}
	if full.Counts == nil {
		full.Counts = old.Counts
	}
	if err := full.check(); err != nil {
		return nil, err
	}
	r := &Requirement{ID: old.ID, ProgrammeID: old.ProgrammeID, Position: old.Position, Name: full.Name, Kind: old.Kind, Counts: full.Counts,
		Target: full.Target, Due: full.Due}
	if r.Counts == nil {
		r.Counts = []string{}
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdatePlacementRequirement(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.requirement.update", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("修改要求：%s（目标%d→%d）", r.Name, old.Target, r.Target), Before: old, After: r})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// RequirementDeadlines is the notify source of the requirements' due
// dates: for each participant of a batch not yet ended, each requirement
// with a due date (the personal plan's 9月15日, a paper's 11月30日) not yet
// met, in their own calendar and inbox; once past, it is late.
func (s *Service) RequirementDeadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	ids, err := s.store.FindDueRequirementProgrammes(ctx)
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, pid := range ids {
		ds, err := s.requirementDeadlines(ctx, pid, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

func (s *Service) requirementDeadlines(ctx context.Context, programmeID int64, from, to app.Date) ([]notify.Deadline, error) {
	reqs, err := s.store.FindPlacementRequirements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	ids, err := s.placementIDs(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	byPlacement, err := s.talliesByPlacement(ctx, programmeID, today)
	if err != nil {
		return nil, err
	}
	leave, err := s.leaveDays(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, pl := range all {
		id := ids[pl.EducatorID]
		if id == 0 || pl.BatchID == 0 || pl.BatchEnd.Before(today) {
			continue
		}
		uid, err := s.store.UserOfEducator(ctx, pl.EducatorID)
		if err != nil {
			return nil, err
		}
		if uid == 0 {
			continue
		}
		for _, r := range reqs {
			if r.Kind == PerDay || r.Kind == Presence || (r.Due.IsZero() && r.Kind != Deadline) {
				continue
			}
			it := measure(r, pl, byPlacement[id], SignIns{}, leave[pl.EducatorID], today)
			if it.Status == StatusDone || it.Due.Before(from) || it.Due.After(to) {
				continue
			}
			out = append(out, notify.Deadline{Key: "requirement:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(r.ID, 10), Kind: "requirement",
				Title: fmt.Sprintf("提交%s", r.Name), Link: requirementLink(id, r), Due: it.Due, UserID: uid})
		}
	}
	return out, nil
}

// requirementLink is the page where a requirement's records are written.
func requirementLink(placementID int64, r *Requirement) string {
	base := "/placements/" + strconv.FormatInt(placementID, 10)
	for _, c := range r.Counts {
		switch RecordKind(c) {
		case KindPlan:
			return base + "/plan"
		case KindLog:
			return base + "/logs"
		case KindObservation:
			return base + "/observations"
		}
	}
	if len(r.Counts) > 0 {
		return base + "/deliverables"
	}
	return base + "/progress"
}
