package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

const exemptionColumns = `m.id, m.educator_id, e.name, m.school_id, s.name, s.county_id, c.city_id, m.reason, m.detail, m.evidence,
	m.start_date, m.end_date, m.status, m.applied_by, m.applied_at, m.decided_by, m.decided_at, m.decision_note`

const exemptionFrom = ` FROM rotation_exemptions m JOIN educators e ON e.id = m.educator_id
	JOIN schools s ON s.id = m.school_id JOIN counties c ON c.id = s.county_id`

func scanExemption(sc interface{ Scan(...any) error }) (*rotation.Exemption, error) {
	m := &rotation.Exemption{}
	var decided sql.NullTime
	err := sc.Scan(&m.ID, &m.EducatorID, &m.EducatorName, &m.SchoolID, &m.SchoolName, &m.CountyID, &m.CityID, &m.Reason, &m.Detail,
		&m.Evidence, &m.Start, &m.End, &m.Status, &m.AppliedBy, &m.AppliedAt, &m.DecidedBy, &decided, &m.DecisionNote)
	if err != nil {
		return nil, err
	}
	m.AppliedAt, m.DecidedAt = m.AppliedAt.UTC(), timeOf(decided)
	return m, nil
}

// FindExemptions lists the exemptions matching f, newest first, with the total.
func (db *DB) FindExemptions(ctx context.Context, f rotation.ExemptionFilter) ([]*rotation.Exemption, int, error) {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "m.school_id", "")
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if len(f.CountyIDs) > 0 {
		w.in("s.county_id", f.CountyIDs)
	}
	if f.SchoolID != 0 {
		w.add("m.school_id = ?", f.SchoolID)
	}
	if f.EducatorID != 0 {
		w.add("m.educator_id = ?", f.EducatorID)
	}
	if f.Status != "" {
		w.add("m.status = ?", f.Status)
	}
	if !f.ActiveOn.IsZero() {
		w.add("m.start_date <= ? AND m.end_date >= ?", f.ActiveOn, f.ActiveOn)
	}
	if !f.EndFrom.IsZero() {
		w.add("m.end_date >= ?", f.EndFrom)
	}
	if !f.EndTo.IsZero() {
		w.add("m.end_date <= ?", f.EndTo)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+exemptionColumns+exemptionFrom+w.sql()+` ORDER BY m.applied_at DESC, m.id DESC`+
		limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindExemptions", err)
	}
	defer rows.Close()
	out := []*rotation.Exemption{}
	for rows.Next() {
		m, err := scanExemption(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindExemptions", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, app.Wrap("store.FindExemptions", err)
	}
	total, err := listTotal(len(out), f.Limit, f.Offset, func() (n int, err error) {
		err = db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+exemptionFrom+w.sql(), w.args...).Scan(&n)
		return n, err
	})
	return out, total, app.Wrap("store.FindExemptions", err)
}

// FindExemptionByID returns an exemption.
func (db *DB) FindExemptionByID(ctx context.Context, id int64) (*rotation.Exemption, error) {
	m, err := scanExemption(db.q(ctx).QueryRowContext(ctx, `SELECT `+exemptionColumns+exemptionFrom+` WHERE m.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "暂缓申请")
	}
	return m, nil
}

// CreateExemption inserts an application and sets its ID.
func (db *DB) CreateExemption(ctx context.Context, m *rotation.Exemption) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_exemptions (educator_id, school_id, reason, detail, evidence, start_date,
		end_date, status, applied_by, applied_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		m.EducatorID, m.SchoolID, m.Reason, m.Detail, m.Evidence, m.Start, m.End, m.Status, m.AppliedBy, m.AppliedAt).Scan(&m.ID)
	return app.Wrap("store.CreateExemption", err)
}

// DecideExemption writes a decision if the application's status is still
// from; ok is false when another decision came first.
func (db *DB) DecideExemption(ctx context.Context, m *rotation.Exemption, from rotation.ExemptionStatus) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE rotation_exemptions SET status = $1, decided_by = $2, decided_at = $3, decision_note = $4
		WHERE id = $5 AND status = $6`, m.Status, m.DecidedBy, m.DecidedAt, m.DecisionNote, m.ID, from)
	return affected(res, err, "store.DecideExemption")
}
