package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
)

// DataVersion returns the counter of the data behind one kind of derived
// figure ("rotation": who must rotate and the quota figures). Triggers
// bump it in the transaction of every change to the tables the figures
// are computed from (migration 00029), so two equal readings taken before
// and after a computation mean it saw no change. Inside a transaction it
// reports ok false: what the transaction wrote is not yet everyone's, and
// no figure computed there may be kept.
func (db *DB) DataVersion(ctx context.Context, name string) (v int64, ok bool, err error) {
	if _, inTx := ctx.Value(txKey{}).(*sql.Tx); inTx {
		return 0, false, nil
	}
	if vs := app.VersionsOf(ctx); vs != nil {
		if v, ok, err := vs.First(name, func() (map[string]int64, error) { return db.dataVersions(ctx) }); err != nil || ok {
			return v, ok, err
		}
	}
	// Through the readers (in SQLite by a statement kept prepared): it is
	// read on every request.
	if err := db.q(ctx).QueryRowContext(ctx, `SELECT n FROM data_versions WHERE name = $1`, name).Scan(&v); err != nil {
		return 0, false, app.Wrap("store.DataVersion", err)
	}
	return v, true, nil
}

// dataVersions reads every counter of changes at once, for a read that
// asks for several (app.Versions).
func (db *DB) dataVersions(ctx context.Context) (map[string]int64, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT name, n FROM data_versions`)
	if err != nil {
		return nil, app.Wrap("store.DataVersion", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, app.Wrap("store.DataVersion", err)
		}
		out[name] = n
	}
	return out, app.Wrap("store.DataVersion", rows.Err())
}
