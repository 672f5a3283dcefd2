package store

import (
	"context"
	"database/sql"
	"strings"
)

// rebuildBelow is the size under which a table's secondary indexes are
// built afresh after a bulk insert rather than kept up row by row.
const rebuildBelow = 20_000

// deferSchema readies table for a SQLite transaction's bulk inserts by
// setting aside, until just before the transaction commits, the parts of
// its schema that cost every new row work the transaction does better
// once:
//   - Into a table of fewer than rebuildBelow rows, 100,000 new rows cost
//     SQLite far more through its indexes, each row placed into each index
//     at a random page (and the page saved for the statement's undo), than
//     building the indexes again once from the sorted rows. So the table's
//     indexes that only speed up reads are dropped and created again.
//     Unique indexes stay, so that a duplicate is refused at its row with
//     its own message.
//   - The row triggers that count a data version and yield to its hold
//     (holdVersion, which readyBulk has already taken) do nothing for the
//     rest of the transaction but cost each row a call; they are dropped
//     too, and holdVersion bumps their versions once.
//
// Each comes back as sqlite_schema defines it: a failed or killed import
// rolls the drop back with everything else, and readers, which see the
// last commit, never see the table without them. PostgreSQL keeps its
// indexes, as dropping one there would lock out the table's readers until
// the import commits, and its triggers, which test the hold without a
// query.
func (db *DB) deferSchema(ctx context.Context, tx *sql.Tx, table string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM "`+table+`" LIMIT ?)`, rebuildBelow).Scan(&n); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? AND sql IS NOT NULL
		AND (type = 'index' AND ? AND upper(sql) NOT LIKE 'CREATE UNIQUE%' OR type = 'trigger' AND sql LIKE '%data_version_holds%')
		ORDER BY type, name`, table, n < rebuildBelow)
	if err != nil {
		return err
	}
	var drops, defs []string
	for rows.Next() {
		var kind, name, def string
		if err := rows.Scan(&kind, &name, &def); err != nil {
			rows.Close()
			return err
		}
		drops, defs = append(drops, `DROP `+strings.ToUpper(kind)+` "`+name+`"`), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, drop := range drops {
		if _, err := tx.ExecContext(ctx, drop); err != nil {
			return err
		}
	}
	return db.Defer(ctx, func(ctx context.Context) error {
		for _, def := range defs {
			if _, err := tx.ExecContext(ctx, def); err != nil {
				return err
			}
		}
		return nil
	})
}
