package store

import (
	"context"
	"database/sql"
)

// heldVersion is the data version whose row triggers a transaction of bulk
// inserts holds (migration 00039): the one the tables it writes,
// educators and career_entries, count towards.
const heldVersion = "rotation"

// holdVersion makes the transaction tx bump the "rotation" data version
// once, just before it commits, rather than once for every row it writes
// into educators and career_entries: 200,000 bumps of one row for an
// import of 100,000 people. The hold lives as long as the transaction: in
// PostgreSQL a setting local to it, in SQLite a row of data_version_holds
// that only it can see. Both end with a rollback, and the transaction
// ends the hold itself before it commits, so that no committed state ever
// has the row triggers held. The bump is the transaction's last statement:
// in PostgreSQL it takes the counter's row after every other lock, as the
// deferred row triggers did (migration 00029).
func (db *DB) holdVersion(ctx context.Context, tx *sql.Tx) error {
	hold, release := `INSERT INTO data_version_holds (name) VALUES ($1)`, `DELETE FROM data_version_holds WHERE name = $1`
	if db.dialect == Postgres {
		hold, release = `SELECT set_config('jiaoliu.hold_' || $1, 'on', true)`, `SELECT set_config('jiaoliu.hold_' || $1, 'off', true)`
	}
	if _, err := tx.ExecContext(ctx, hold, heldVersion); err != nil {
		return err
	}
	// Deferred from a deferred check, the bump runs after every check the
	// transaction defers meanwhile.
	return db.Defer(ctx, func(ctx context.Context) error {
		return db.Defer(ctx, func(ctx context.Context) error {
			if _, err := tx.ExecContext(ctx, release, heldVersion); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE data_versions SET n = n + 1 WHERE name = $1`, heldVersion)
			return err
		})
	})
}
