package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"jiaoliu/internal/app"
)

// In PostgreSQL the roster import's new rows go in with COPY, on the
// connection of the import's transaction: the server takes rows in its
// own format rather than parsing and planning statements of 19,000
// parameters. COPY keeps every constraint, trigger and lock an INSERT has,
// and fails as a whole, with the same errors, in the same transaction.

// connKey carries the connection of a PostgreSQL transaction (InTx).
type connKey struct{}

// beginOn begins a transaction on conn, or on the pool when conn is nil.
func beginOn(ctx context.Context, pool *sql.DB, conn *sql.Conn) (*sql.Tx, error) {
	if conn != nil {
		return conn.BeginTx(ctx, nil)
	}
	return pool.BeginTx(ctx, nil)
}

// copyConn returns the connection of the PostgreSQL transaction ctx
// carries, nil outside one and in SQLite.
func copyConn(ctx context.Context) *sql.Conn {
	conn, _ := ctx.Value(connKey{}).(*sql.Conn)
	return conn
}

// copyRows sends rows into the columns of table with COPY, in the
// transaction ctx carries, readied for bulk inserts. Dates go as dates:
// COPY's binary format takes no text for them.
func (db *DB) copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error {
	if err := db.readyBulk(ctx, ctx.Value(txKey{}).(*sql.Tx), table); err != nil {
		return err
	}
	for _, row := range rows {
		for i, v := range row {
			if d, ok := v.(app.Date); ok {
				if d.IsZero() {
					row[i] = nil
					continue
				}
				if !d.Valid() {
					return fmt.Errorf("store: invalid date %v", d)
				}
				row[i] = d.Time()
			}
		}
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: COPY needs a pgx connection, not %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
}

// nextIDs takes n ids from the identity of table's id column, in order,
// for rows that COPY inserts with their ids given. The sequence is looked
// up once: in the select list pg_get_serial_sequence, a catalog search,
// would run for every id, six times the cost of the ids themselves.
func nextIDs(ctx context.Context, tx *sql.Tx, table string, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq)
		SELECT nextval(s.seq) FROM s, generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, rows.Err()
}
