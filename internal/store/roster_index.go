package store

import (
	"context"
	"database/sql"
)

// rebuildBelow is the size under which a table's secondary indexes are
// built afresh after a bulk insert rather than kept up row by row.
const rebuildBelow = 20_000

// deferIndexes readies table for a SQLite transaction's bulk inserts. Into
// a table of fewer than rebuildBelow rows, 100,000 new rows cost SQLite
// far more through its indexes, each row placed into each index at a
// random page (and the page saved for the statement's undo), than
// building the indexes again once from the sorted rows. So the table's
// indexes that only speed up reads are dropped and created again, as
// sqlite_schema defines them, just before the transaction commits: a
// failed or killed import rolls the drop back with everything else, and
// readers, which see the last commit, never see the table without them.
// Unique indexes stay, so that a duplicate is refused at its row with its
// own message. PostgreSQL keeps its indexes: dropping one there would lock
// out the table's readers until the import commits.
func (db *DB) deferIndexes(ctx context.Context, tx *sql.Tx, table string) error {
	if !db.dialect.rebuildsIndexes() {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM "`+table+`" LIMIT ?)`, rebuildBelow).Scan(&n); err != nil {
		return err
	}
	if n >= rebuildBelow {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?
		AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%' ORDER BY name`, table)
	if err != nil {
		return err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
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
