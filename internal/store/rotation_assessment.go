package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

const assessmentColumns = `a.id, a.exchange_id, x.educator_id, e.name, a.school_year, a.grade, a.comment, x.host_school_id, h.name,
	a.status, a.entered_by, a.entered_at, a.confirmed_by, a.confirmed_at`

const assessmentFrom = ` FROM rotation_assessments a JOIN rotation_exchanges x ON x.id = a.exchange_id
	JOIN educators e ON e.id = x.educator_id JOIN schools h ON h.id = x.host_school_id`

func scanAssessment(sc interface{ Scan(...any) error }) (*rotation.Assessment, error) {
	a := &rotation.Assessment{}
	var confirmed sql.NullTime
	err := sc.Scan(&a.ID, &a.ExchangeID, &a.EducatorID, &a.EducatorName, &a.SchoolYear, &a.Grade, &a.Comment, &a.HostSchoolID, &a.HostName,
		&a.Status, &a.EnteredBy, &a.EnteredAt, &a.ConfirmedBy, &confirmed)
	a.EnteredAt, a.ConfirmedAt = a.EnteredAt.UTC(), timeOf(confirmed)
	return a, err
}

// FindAssessments lists assessments, by school year.
func (db *DB) FindAssessments(ctx context.Context, f rotation.AssessmentFilter) ([]*rotation.Assessment, error) {
	var w where
	if f.ExchangeID != 0 {
		w.add("a.exchange_id = ?", f.ExchangeID)
	}
	if f.EducatorID != 0 {
		w.add("x.educator_id = ?", f.EducatorID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+assessmentColumns+assessmentFrom+w.sql()+` ORDER BY a.school_year, a.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindAssessments", err)
	}
	defer rows.Close()
	out := []*rotation.Assessment{}
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, app.Wrap("store.FindAssessments", err)
		}
		out = append(out, a)
	}
	return out, app.Wrap("store.FindAssessments", rows.Err())
}

// FindAssessmentByID returns an assessment.
func (db *DB) FindAssessmentByID(ctx context.Context, id int64) (*rotation.Assessment, error) {
	a, err := scanAssessment(db.q(ctx).QueryRowContext(ctx, `SELECT `+assessmentColumns+assessmentFrom+` WHERE a.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "考核记录")
	}
	return a, nil
}

// SaveAssessment writes a year's assessment of an exchange: a new one, or
// a correction of one not yet confirmed (ok is false when it is confirmed).
func (db *DB) SaveAssessment(ctx context.Context, a *rotation.Assessment) (bool, error) {
	err := db.q(ctx).QueryRowContext(ctx, `UPDATE rotation_assessments SET grade = $1, comment = $2, entered_by = $3, entered_at = $4
		WHERE exchange_id = $5 AND school_year = $6 AND status = 'entered' RETURNING id`,
		a.Grade, a.Comment, a.EnteredBy, a.EnteredAt, a.ExchangeID, a.SchoolYear).Scan(&a.ID)
	if err == nil {
		return true, nil
	}
	if err != sql.ErrNoRows {
		return false, app.Wrap("store.SaveAssessment", err)
	}
	var n int
	if err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM rotation_assessments WHERE exchange_id = $1 AND school_year = $2`,
		a.ExchangeID, a.SchoolYear).Scan(&n); err != nil {
		return false, app.Wrap("store.SaveAssessment", err)
	}
	if n > 0 {
		return false, nil
	}
	err = db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_assessments (exchange_id, school_year, grade, comment, status, entered_by, entered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.ExchangeID, a.SchoolYear, a.Grade, a.Comment, a.Status, a.EnteredBy, a.EnteredAt).Scan(&a.ID)
	if isUniqueViolation(err) {
		return false, app.Errorf(app.Conflict, "该学年的考核刚被他人登记，请刷新查看", "That year's assessment was entered meanwhile")
	}
	return err == nil, app.Wrap("store.SaveAssessment", err)
}

// ConfirmAssessment confirms an assessment still awaiting confirmation.
func (db *DB) ConfirmAssessment(ctx context.Context, a *rotation.Assessment) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE rotation_assessments SET status = $1, confirmed_by = $2, confirmed_at = $3
		WHERE id = $4 AND status = 'entered'`, a.Status, a.ConfirmedBy, a.ConfirmedAt, a.ID)
	return affected(res, err, "store.ConfirmAssessment")
}
