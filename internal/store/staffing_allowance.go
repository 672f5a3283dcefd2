package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/staffing"
)

// FindAllowances lists the allowances matching f, latest period first.
func (db *DB) FindAllowances(ctx context.Context, f staffing.AllowanceFilter) ([]*staffing.Allowance, error) {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "e.school_id", "a.educator_id")
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.EducatorID != 0 {
		w.add("a.educator_id = ?", f.EducatorID)
	}
	if f.Year != 0 {
		w.add("a.period_start >= ? AND a.period_start <= ?", app.NewDate(f.Year, 1, 1), app.NewDate(f.Year, 12, 31))
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT a.id, a.educator_id, e.name, e.school_id, s.name, s.county_id, c.city_id, a.kind,
		a.amount_fen, a.town_rate_fen, a.payer, a.period_start, a.period_end, a.note, a.created_by, a.created_at
		FROM staffing_allowances a JOIN educators e ON e.id = a.educator_id JOIN schools s ON s.id = e.school_id
		JOIN counties c ON c.id = s.county_id`+w.sql()+` ORDER BY a.period_start DESC, a.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindAllowances", err)
	}
	defer rows.Close()
	out := []*staffing.Allowance{}
	for rows.Next() {
		a := &staffing.Allowance{}
		if err := rows.Scan(&a.ID, &a.EducatorID, &a.EducatorName, &a.SchoolID, &a.SchoolName, &a.CountyID, &a.CityID, &a.Kind,
			&a.AmountFen, &a.TownRateFen, &a.Payer, &a.Start, &a.End, &a.Note, &a.CreatedBy, &a.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindAllowances", err)
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, app.Wrap("store.FindAllowances", rows.Err())
}

// CreateAllowance inserts an allowance and sets its ID.
func (db *DB) CreateAllowance(ctx context.Context, a *staffing.Allowance) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_allowances (educator_id, kind, amount_fen, town_rate_fen, payer,
		period_start, period_end, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		a.EducatorID, a.Kind, a.AmountFen, a.TownRateFen, a.Payer, a.Start, a.End, a.Note, a.CreatedBy, a.CreatedAt).Scan(&a.ID)
	return app.Wrap("store.CreateAllowance", err)
}
