package store

import (
	"context"

	"jiaoliu/internal/app"
)

// FindSecondmentHours returns the hours a secondment credits to each
// participant, zero when it credits none.
func (db *DB) FindSecondmentHours(ctx context.Context, programmeID int64) (int, error) {
	var hours int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COALESCE(MAX(hours), 0) FROM secondment_hours WHERE programme_id = $1`,
		programmeID).Scan(&hours)
	return hours, app.Wrap("store.FindSecondmentHours", err)
}

// SetSecondmentHours saves the hours a secondment credits to each participant.
func (db *DB) SetSecondmentHours(ctx context.Context, programmeID int64, hours int) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_hours (programme_id, hours) VALUES ($1, $2)
		ON CONFLICT (programme_id) DO UPDATE SET hours = excluded.hours`, programmeID, hours)
	return app.Wrap("store.SetSecondmentHours", err)
}

// FindSecondmentCredited returns the members of a secondment whose hours
// are on their training record.
func (db *DB) FindSecondmentCredited(ctx context.Context, programmeID int64) (map[int64]bool, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT educator_id FROM secondment_credits WHERE programme_id = $1`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindSecondmentCredited", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, app.Wrap("store.FindSecondmentCredited", err)
		}
		out[id] = true
	}
	return out, app.Wrap("store.FindSecondmentCredited", rows.Err())
}

// CreateSecondmentCredit records that a member's secondment hours are the
// training record's credit creditID.
func (db *DB) CreateSecondmentCredit(ctx context.Context, programmeID, educatorID, creditID int64) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_credits (programme_id, educator_id, credit_id) VALUES ($1, $2, $3)`,
		programmeID, educatorID, creditID)
	return app.Wrap("store.CreateSecondmentCredit", err)
}
