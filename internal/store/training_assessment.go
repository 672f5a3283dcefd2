package store

import (
	"context"

	"jiaoliu/internal/app"
)

// HasPassed reports whether an enrolment has a passed attempt.
func (db *DB) HasPassed(ctx context.Context, enrolmentID int64) (bool, error) {
	var n int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM training_attempts WHERE enrolment_id = $1 AND passed`, enrolmentID).Scan(&n)
	return n > 0, app.Wrap("store.HasPassed", err)
}
