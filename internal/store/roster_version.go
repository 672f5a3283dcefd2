package store

import (
	"context"
	"database/sql"
)

// heldVersions are the data versions whose row triggers on educators a
// transaction of bulk inserts holds: "rotation" (migration 00038, which
// also holds it on career_entries) and the home page's two deadline
// counters (migration 00039), which count educators too. They are in
// the order in which PostgreSQL fires a row's triggers (by name), so that
// the bumps take the counters' rows in the order other writers do.
var heldVersions = []string{"deadlines", "rotation", "rotation_deadlines"}

// holdVersion makes the transaction tx bump each of heldVersions once,
// just before it commits, rather than once for every row it writes into
// educators and career_entries: 200,000 bumps of one row for an
// import of 100,000 people. The hold lives as long as the transaction: in
// PostgreSQL a setting local to it, in SQLite a row of data_version_holds
// that only it can see. Both end with a rollback, and the transaction
// ends the hold itself before it commits, so that no committed state ever
// has the row triggers held. The bump is the transaction's last statement:
// in PostgreSQL it takes the counter's row after every other lock, as the
// deferred row triggers did (migration 00029).
func (db *DB) holdVersion(ctx context.Context, tx *sql.Tx) error {
	hold, release := db.dialect.versionHold()
	for _, v := range heldVersions {
		if _, err := tx.ExecContext(ctx, hold, v); err != nil {
			return err
		}
	}
	// Deferred from a deferred check, the bump runs after every check the
	// transaction defers meanwhile.
	return db.Defer(ctx, func(ctx context.Context) error {
		return db.Defer(ctx, func(ctx context.Context) error {
			for _, v := range heldVersions {
				if _, err := tx.ExecContext(ctx, release, v); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `UPDATE data_versions SET n = n + 1 WHERE name = $1`, v); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
