package placement

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// PlacementRecord is the printable record of a placement (挂职档案·鉴定表):
// the participant, the host and mentor, the dates, the progress on every
// requirement, the leave taken, the assessments, the result and the
// follow-ups, on one A4 page.
type PlacementRecord struct {
	Placement  *Placed     `json:"-"`
	Progress   *Progress   `json:"progress"`
	Leaves     []*Leave    `json:"leaves"`
	LeaveDays  int         `json:"leave_days"`
	Completion *Completion `json:"completion"`
	FollowUps  []*FollowUp `json:"follow_ups"`
	Printed    app.Date    `json:"printed"`
}

// Record gathers the printable record of a placement for anyone who sees
// it; a sick-leave reason stays hidden as on the leave pages.
func (s *ReturnService) Record(ctx context.Context, placementID int64) (*PlacementRecord, error) {
	x, acc, err := s.byID(ctx, placementID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	rec := &PlacementRecord{Placement: &Placed{ID: x.id, Programme: x.p, Placement: x.pl}, Leaves: []*Leave{}, Printed: today}
	if rec.Progress, err = s.progressOf(ctx, x); err != nil {
		return nil, err
	}
	leaves, err := s.store.FindLeaves(ctx, LeaveFilter{PlacementID: x.id})
	if err != nil {
		return nil, err
	}
	days := map[app.Date]string{}
	for _, l := range leaves {
		if _, _, ok := l.Taken(); !ok {
			continue
		}
		dress(l, x, acc)
		l.markTaken(days, x.pl.BatchStart, x.pl.BatchEnd)
		rec.Leaves = append(rec.Leaves, l)
	}
	rec.LeaveDays = len(days)
	if rec.Completion, err = s.store.FindCompletion(ctx, x.pl.ProgrammeID, x.pl.EducatorID); err != nil {
		return nil, err
	}
	have, err := s.store.FindFollowUps(ctx, 0, x.id)
	if err != nil {
		return nil, err
	}
	rec.FollowUps = withAllMonths(have, x.id)
	for _, f := range rec.FollowUps {
		dressFollowUp(f, x.pl.BatchEnd, today)
	}
	return rec, nil
}

// withAllMonths adds to a placement's follow-ups, as empty ones, those of
// FollowUpMonths it has no row for yet.
func withAllMonths(have []*FollowUp, placementID int64) []*FollowUp {
	out := []*FollowUp{}
	for _, m := range FollowUpMonths {
		f := &FollowUp{PlacementID: placementID, Months: m}
		for _, h := range have {
			if h.Months == m {
				f = h
			}
		}
		out = append(out, f)
	}
	return out
}

// progressOf is a placement's progress without a second access decision:
// the caller has made it.
func (s *ReturnService) progressOf(ctx context.Context, x *placed) (*Progress, error) {
	st := s.day.store
	reqs, err := st.FindPlacementRequirements(ctx, x.pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	ts, err := st.FindPlacementTallies(ctx, 0, x.id, today)
	if err != nil {
		return nil, err
	}
	prs, err := st.FindPlacementSignInCounts(ctx, 0, x.id, today)
	if err != nil {
		return nil, err
	}
	var pr SignIns
	if len(prs) > 0 {
		pr = prs[0]
	}
	leave, err := s.day.leaveDays(ctx, x.pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	return compute(&Placement{ID: x.id, Placement: *x.pl}, reqs, ts, pr, leave[x.pl.EducatorID], today), nil
}

// ExportRow is one participant's line of a batch's export.
type ExportRow struct {
	Placement  *secondment.Placement
	Progress   *Progress
	LeaveDays  int
	Completion *Completion
}

// BatchExport is what a batch's (or a programme's) workbook holds.
type BatchExport struct {
	ProgrammeName string
	BatchName     string
	Requirements  []*Requirement
	Rows          []*ExportRow
}

// ExportFilter is the board's filters an export keeps: a batch (0: all)
// and only those behind.
type ExportFilter struct {
	BatchID    int64
	OnlyBehind bool
}

// ExportBatch gathers the export of a programme's placements, one line per
// participant, for its organisers: the board's progress with the leave
// days, the assessments and the result.
func (s *ReturnService) ExportBatch(ctx context.Context, programmeID int64, f ExportFilter) (*BatchExport, error) {
	p, _, acc, err := s.day.secondment.Placements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	if !acc.Manage {
		return nil, app.Errorf(app.Forbidden, "挂职名册由项目组织方导出", "The organiser exports the placements")
	}
	b, err := s.day.Board(ctx, programmeID, f.OnlyBehind)
	if err != nil {
		return nil, err
	}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	out := &BatchExport{ProgrammeName: p.Name, Requirements: b.Requirements, Rows: []*ExportRow{}}
	byEducator := map[int64]*secondment.Placement{}
	for _, pl := range all {
		byEducator[pl.EducatorID] = pl
		if f.BatchID != 0 && pl.BatchID == f.BatchID {
			out.BatchName = pl.BatchName
		}
	}
	leave, err := s.day.leaveDays(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, row := range b.Rows {
		pl := byEducator[row.EducatorID]
		if pl == nil || (f.BatchID != 0 && pl.BatchID != f.BatchID) {
			continue
		}
		c, err := s.store.FindCompletion(ctx, programmeID, pl.EducatorID)
		if err != nil {
			return nil, err
		}
		n := 0
		for d := range leave[pl.EducatorID] {
			if !d.Before(pl.BatchStart) && !d.After(pl.BatchEnd) {
				n++
			}
		}
		out.Rows = append(out.Rows, &ExportRow{Placement: pl, Progress: row, LeaveDays: n, Completion: c})
	}
	return out, nil
}
