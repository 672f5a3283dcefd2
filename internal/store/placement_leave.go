package store

import (
	"context"
	"database/sql"
	"errors"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// PlacementID returns the id of a participant's placement, giving it one
// the first time it is named.
func (db *DB) PlacementID(ctx context.Context, programmeID, educatorID int64) (int64, error) {
	if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO placements (programme_id, educator_id)
		SELECT programme_id, educator_id FROM secondment_placements WHERE programme_id = $1 AND educator_id = $2
		ON CONFLICT (programme_id, educator_id) DO NOTHING`, programmeID, educatorID); err != nil {
		return 0, app.Wrap("store.PlacementID", err)
	}
	var id int64
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id FROM placements WHERE programme_id = $1 AND educator_id = $2`,
		programmeID, educatorID).Scan(&id)
	return id, notFound(app.Wrap("store.PlacementID", err), "挂职安排")
}

// PlacementKey returns the programme and the participant of placement id.
func (db *DB) PlacementKey(ctx context.Context, id int64) (programmeID, educatorID int64, err error) {
	err = db.q(ctx).QueryRowContext(ctx, `SELECT programme_id, educator_id FROM placements WHERE id = $1`, id).Scan(&programmeID, &educatorID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, app.ErrNotFound("挂职安排")
	}
	return programmeID, educatorID, app.Wrap("store.PlacementKey", err)
}

// FindPlacedProgrammes lists the programmes an educator has a batch in.
func (db *DB) FindPlacedProgrammes(ctx context.Context, educatorID int64) ([]int64, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT programme_id FROM secondment_placements WHERE educator_id = $1 ORDER BY programme_id`, educatorID)
	if err != nil {
		return nil, app.Wrap("store.FindPlacedProgrammes", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, app.Wrap("store.FindPlacedProgrammes", err)
		}
		out = append(out, id)
	}
	return out, app.Wrap("store.FindPlacedProgrammes", rows.Err())
}

// CreateLeave inserts a leave request and sets its ID and its placement's.
func (db *DB) CreateLeave(ctx context.Context, l *placement.Leave) error {
	id, err := db.PlacementID(ctx, l.ProgrammeID, l.EducatorID)
	if err != nil {
		return err
	}
	l.PlacementID = id
	err = db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_leaves (programme_id, educator_id, kind, start_date, end_date, reason, status,
		requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		l.ProgrammeID, l.EducatorID, l.Kind, l.Start, l.End, l.Reason, string(l.Status), l.RequestedBy, l.RequestedAt).Scan(&l.ID)
	return app.Wrap("store.CreateLeave", err)
}

const leaveColumns = `l.id, COALESCE(p.id, 0), l.programme_id, l.educator_id, l.kind, l.start_date, l.end_date, l.reason, l.status,
	l.requested_by, l.requested_at, l.decided_by, l.decided_at, l.decision_note, l.acknowledged_by, l.acknowledged_at,
	l.actual_start, l.actual_end, l.closed_at`

func scanLeave(sc interface{ Scan(...any) error }) (*placement.Leave, error) {
	l := &placement.Leave{}
	var status string
	var decided, acked, closed sql.NullTime
	if err := sc.Scan(&l.ID, &l.PlacementID, &l.ProgrammeID, &l.EducatorID, &l.Kind, &l.Start, &l.End, &l.Reason, &status,
		&l.RequestedBy, &l.RequestedAt, &l.DecidedBy, &decided, &l.DecisionNote, &l.AcknowledgedBy, &acked,
		&l.ActualStart, &l.ActualEnd, &closed); err != nil {
		return nil, err
	}
	l.Status, l.RequestedAt = placement.LeaveStatus(status), l.RequestedAt.UTC()
	l.DecidedAt, l.AcknowledgedAt, l.ClosedAt = timeOf(decided), timeOf(acked), timeOf(closed)
	return l, nil
}

// FindLeaveByID returns one leave request.
func (db *DB) FindLeaveByID(ctx context.Context, id int64) (*placement.Leave, error) {
	l, err := scanLeave(db.q(ctx).QueryRowContext(ctx, `SELECT `+leaveColumns+` FROM placement_leaves l
		LEFT JOIN placements p ON p.programme_id = l.programme_id AND p.educator_id = l.educator_id WHERE l.id = $1`, id))
	return l, notFound(app.Wrap("store.FindLeaveByID", err), "请假")
}

// FindLeaves lists leave requests, newest first.
func (db *DB) FindLeaves(ctx context.Context, f placement.LeaveFilter) ([]*placement.Leave, error) {
	w := &where{}
	if f.PlacementID != 0 {
		w.add("p.id = ?", f.PlacementID)
	}
	if f.ProgrammeID != 0 {
		w.add("l.programme_id = ?", f.ProgrammeID)
	}
	if f.Status != "" {
		w.add("l.status = ?", string(f.Status))
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+leaveColumns+` FROM placement_leaves l
		LEFT JOIN placements p ON p.programme_id = l.programme_id AND p.educator_id = l.educator_id`+w.sql()+`
		ORDER BY l.requested_at DESC, l.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindLeaves", err)
	}
	defer rows.Close()
	out := []*placement.Leave{}
	for rows.Next() {
		l, err := scanLeave(rows)
		if err != nil {
			return nil, app.Wrap("store.FindLeaves", err)
		}
		out = append(out, l)
	}
	return out, app.Wrap("store.FindLeaves", rows.Err())
}

// StepLeave writes a step of leave l if it still stands in one of the
// statuses from, and reports whether it did.
func (db *DB) StepLeave(ctx context.Context, l *placement.Leave, from []placement.LeaveStatus) (bool, error) {
	// The step's values are the first arguments; the conditions follow.
	w := &where{args: []any{string(l.Status), l.DecidedBy, nullTime(l.DecidedAt), l.DecisionNote, l.AcknowledgedBy,
		nullTime(l.AcknowledgedAt), l.ActualStart, l.ActualEnd, nullTime(l.ClosedAt)}}
	w.add("id = ?", l.ID)
	statuses := make([]string, len(from))
	for i, st := range from {
		statuses[i] = string(st)
	}
	w.inStrings("status", statuses)
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE placement_leaves SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4,
		acknowledged_by = $5, acknowledged_at = $6, actual_start = $7, actual_end = $8, closed_at = $9`+w.sql(), w.args...)
	return affected(res, err, "store.StepLeave")
}
