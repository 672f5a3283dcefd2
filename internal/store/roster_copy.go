package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
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

// copyFrom sends the rows of src into the columns of table with one COPY,
// in the transaction ctx carries, readied for bulk inserts. pgx encodes
// the rows, asking src for them, while the server takes in those sent
// before: the work of making the rows is done alongside the server's.
func (db *DB) copyFrom(ctx context.Context, conn *sql.Conn, table string, cols []string, src pgx.CopyFromSource) error {
	if err := db.readyBulk(ctx, ctx.Value(txKey{}).(*sql.Tx), table); err != nil {
		return err
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: COPY needs a pgx connection, not %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		return err
	})
}

// copyDates turns the dates among a row's values into what COPY's binary
// format takes: a time, or nil for none.
func copyDates(row []any) ([]any, error) {
	for i, v := range row {
		if d, ok := v.(app.Date); ok {
			if d.IsZero() {
				row[i] = nil
				continue
			}
			if !d.Valid() {
				return nil, fmt.Errorf("store: invalid date %v", d)
			}
			row[i] = d.Time()
		}
	}
	return row, nil
}

// copyEducators inserts the educators of src with one COPY, giving them
// ids from the table's identity first.
func (db *DB) copyEducators(ctx context.Context, conn *sql.Conn, src *educatorRows) error {
	ids, err := nextIDs(ctx, ctx.Value(txKey{}).(*sql.Tx), "educators", len(src.es))
	if err != nil {
		return err
	}
	for i, e := range src.es {
		e.ID = ids[i]
	}
	return db.copyFrom(ctx, conn, "educators", educatorCopyColumns, src)
}

// educatorRows is the COPY source of new educators (pgx.CopyFromSource):
// it seals their ID numbers a part at a time, as pgx comes to the part,
// and makes each row's values in one slice, used again for the next row
// once pgx has encoded them.
type educatorRows struct {
	es     []*people.Educator
	seal   func(lo, hi int, out []people.SealedID) error
	parts  <-chan []nameKeys // nameKeysAhead's
	keys   []nameKeys        // the current part's
	now    time.Time
	sealed []people.SealedID // the current part's
	row    []any
	i      int // the current row; -1 before the first
	err    error
}

func (r *educatorRows) Next() bool {
	if r.err != nil || r.i+1 >= len(r.es) {
		return false
	}
	r.i++
	if lo := r.i; lo%educatorInsertRows == 0 {
		hi := min(lo+educatorInsertRows, len(r.es))
		if r.err = r.seal(lo, hi, r.sealed[:hi-lo]); r.err != nil {
			return false
		}
		r.keys = <-r.parts
	}
	return true
}

func (r *educatorRows) Values() ([]any, error) {
	e := r.es[r.i]
	r.row = appendEducatorValues(append(r.row[:0], e.ID), e, r.sealed[r.i%educatorInsertRows], r.keys[r.i%educatorInsertRows], r.now)
	return copyDates(r.row)
}

func (r *educatorRows) Err() error { return r.err }

// careerRows is the COPY source of new career rows.
type careerRows struct {
	ks  []*people.CareerEntry
	row []any
	i   int // the current row; -1 before the first
}

func (r *careerRows) Next() bool {
	if r.i+1 >= len(r.ks) {
		return false
	}
	r.i++
	return true
}

func (r *careerRows) Values() ([]any, error) {
	r.row = appendCareerValues(r.row[:0], r.ks[r.i])
	return copyDates(r.row)
}

func (r *careerRows) Err() error { return nil }

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
