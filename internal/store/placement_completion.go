package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/placement"
)

// FindCompletion returns a placement's completion with its assessments;
// an empty one when nothing is recorded yet.
func (db *DB) FindCompletion(ctx context.Context, programmeID, educatorID int64) (*placement.Completion, error) {
	c := &placement.Completion{ProgrammeID: programmeID, EducatorID: educatorID, Assessments: map[string]*placement.Assessment{}}
	var reportAt, resultAt sql.NullTime
	err := db.q(ctx).QueryRowContext(ctx, `SELECT report, report_at, result, result_by, result_at, outstanding FROM placement_completions
		WHERE programme_id = $1 AND educator_id = $2`, programmeID, educatorID).Scan(&c.Report, &reportAt, &c.Result, &c.ResultBy, &resultAt, &c.Outstanding)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, app.Wrap("store.FindCompletion", err)
	}
	c.ReportAt, c.ResultAt = timeOf(reportAt), timeOf(resultAt)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT assessor, items, task_score, grade, comment, assessed_by, assessed_at FROM placement_assessments
		WHERE programme_id = $1 AND educator_id = $2`, programmeID, educatorID)
	if err != nil {
		return nil, app.Wrap("store.FindCompletion", err)
	}
	defer rows.Close()
	for rows.Next() {
		a := &placement.Assessment{}
		var items string
		if err := rows.Scan(&a.Assessor, &items, &a.TaskScore, &a.Grade, &a.Comment, &a.By, &a.At); err != nil {
			return nil, app.Wrap("store.FindCompletion", err)
		}
		if err := json.Unmarshal([]byte(items), &a.Items); err != nil {
			return nil, app.Wrap("store.FindCompletion items", err)
		}
		a.At = a.At.UTC()
		c.Assessments[a.Assessor] = a
	}
	return c, app.Wrap("store.FindCompletion", rows.Err())
}

// SaveReport saves the participant's final report.
func (db *DB) SavePlacementReport(ctx context.Context, programmeID, educatorID int64, report string, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO placement_completions (programme_id, educator_id, report, report_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (programme_id, educator_id) DO UPDATE SET report = excluded.report, report_at = excluded.report_at`,
		programmeID, educatorID, report, at)
	return app.Wrap("store.SavePlacementReport", err)
}

// SavePlacementAssessment writes one assessor's assessment, replacing theirs.
func (db *DB) SavePlacementAssessment(ctx context.Context, programmeID, educatorID int64, a *placement.Assessment) error {
	items, err := json.Marshal(a.Items)
	if err != nil {
		return app.Wrap("store.SavePlacementAssessment", err)
	}
	if a.Items == nil {
		items = []byte("[]")
	}
	_, err = db.q(ctx).ExecContext(ctx, `INSERT INTO placement_assessments (programme_id, educator_id, assessor, items, task_score, grade, comment,
		assessed_by, assessed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (programme_id, educator_id, assessor) DO UPDATE SET items = excluded.items, task_score = excluded.task_score,
		grade = excluded.grade, comment = excluded.comment, assessed_by = excluded.assessed_by, assessed_at = excluded.assessed_at`,
		programmeID, educatorID, a.Assessor, string(items), a.TaskScore, a.Grade, a.Comment, a.By, a.At)
	return app.Wrap("store.SavePlacementAssessment", err)
}

// SavePlacementResult writes a completion's result and report-back mark.
func (db *DB) SavePlacementResult(ctx context.Context, c *placement.Completion) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO placement_completions (programme_id, educator_id, result, result_by, result_at, outstanding)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (programme_id, educator_id) DO UPDATE SET result = excluded.result, result_by = excluded.result_by,
		result_at = excluded.result_at, outstanding = excluded.outstanding`,
		c.ProgrammeID, c.EducatorID, c.Result, c.ResultBy, nullTime(c.ResultAt), c.Outstanding)
	return app.Wrap("store.SavePlacementResult", err)
}

// ArchiveSecondment writes the placement's secondment row into the career
// history, unless it has one; it reports whether it wrote it.
func (db *DB) ArchiveSecondment(ctx context.Context, programmeID, educatorID int64, k *people.CareerEntry) (bool, error) {
	var have sql.NullInt64
	err := db.q(ctx).QueryRowContext(ctx, `SELECT career_entry_id FROM placement_completions WHERE programme_id = $1 AND educator_id = $2`,
		programmeID, educatorID).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, app.Wrap("store.ArchiveSecondment", err)
	}
	if have.Valid {
		return false, nil
	}
	if err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO career_entries (educator_id, school_id, post, kind, start_date, end_date, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, k.EducatorID, k.SchoolID, k.Post, k.Kind, k.Start, k.End, k.Note).Scan(&k.ID); err != nil {
		return false, app.Wrap("store.ArchiveSecondment", err)
	}
	_, err = db.q(ctx).ExecContext(ctx, `INSERT INTO placement_completions (programme_id, educator_id, career_entry_id) VALUES ($1, $2, $3)
		ON CONFLICT (programme_id, educator_id) DO UPDATE SET career_entry_id = excluded.career_entry_id`, programmeID, educatorID, k.ID)
	return true, app.Wrap("store.ArchiveSecondment", err)
}
