package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names a supported database and holds its few differences. SQL is
// written once with $1 placeholders, which both drivers accept.
type Dialect struct {
	name  string
	goose goose.Dialect
}

// The supported dialects.
var (
	SQLite   = Dialect{name: "sqlite", goose: goose.DialectSQLite3}
	Postgres = Dialect{name: "postgres", goose: goose.DialectPostgres}
)

// Name is "sqlite" or "postgres".
func (d Dialect) Name() string { return d.name }

// isUniqueViolation reports whether err is a unique-constraint failure.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// likeEscape escapes the wildcards of a LIKE pattern; queries use ESCAPE '\'.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// oneOf returns the condition that col is one of a list of strings bound
// as a single argument (with its ? placeholder), and that argument: in
// PostgreSQL an array, in SQLite a JSON array read by json_each. A list
// of thousands as one argument is parsed and bound once, where an IN list
// of as many placeholders has SQLite look each numbered one up by a linear
// search, binding quadratic in their number.
func (d Dialect) oneOf(col string, vals []string) (string, any) {
	if d.name == "postgres" {
		return col + " = ANY(?)", vals
	}
	b, _ := json.Marshal(vals) // strings always marshal
	return col + " IN (SELECT value FROM json_each(?))", string(b)
}

// lockAuditHead returns the statement that serialises writers of the audit
// chain for the rest of the transaction. SQLite needs none: its write
// transactions already run one at a time (BEGIN IMMEDIATE).
func (d Dialect) lockAuditHead() string {
	if d.name == "postgres" {
		return "SELECT pg_advisory_xact_lock(7261001)"
	}
	return ""
}

// bulkMark returns the placeholder for the n-th (1-based) argument of a
// multi-row statement. SQLite looks named and numbered parameters up by
// name, one linear search each, so thousands of $n make a statement's
// binding quadratic; plain ? binds by position.
func (d Dialect) bulkMark(n int) string {
	if d.name == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

// forUpdate returns the clause that locks the rows a SELECT reads until the
// transaction ends. SQLite has none and needs none: its write transactions
// already run one at a time (BEGIN IMMEDIATE).
func (d Dialect) forUpdate() string {
	if d.name == "postgres" {
		return " FOR UPDATE"
	}
	return ""
}

// lockRow holds the row id of table until the transaction ends; what names
// the thing for the not-found message. On SQLite it does nothing (see
// forUpdate).
func (db *DB) lockRow(ctx context.Context, table string, id int64, what string) error {
	lock := db.dialect.forUpdate()
	if lock == "" {
		return nil
	}
	var got int64
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE id = $1`+lock, id).Scan(&got)
	return notFound(err, what)
}

// vacuum returns the statement that rewrites the database file without its
// freed pages, or "" where the server manages its own files (PostgreSQL).
func (d Dialect) vacuum() string {
	if d.name == "sqlite" {
		return "VACUUM"
	}
	return ""
}

// copiesItself reports whether Backup can write a copy of the database
// (SQLite's VACUUM INTO); PostgreSQL is backed up with pg_dump.
func (d Dialect) copiesItself() bool { return d.name == "sqlite" }

// copiesRows reports whether bulk inserts COPY rows on the transaction's
// own connection (PostgreSQL), which InTx then holds by name.
func (d Dialect) copiesRows() bool { return d.name == "postgres" }

// tunesBulk reports whether a transaction of bulk inserts tunes the
// database for them (SQLite, readyBulk): its own page cache (roomForBulk),
// and the tables' read indexes and held triggers set aside until it
// commits (deferSchema). PostgreSQL's cache is the server's, and dropping
// an index there would lock the table's readers out meanwhile.
func (d Dialect) tunesBulk() bool { return d.name == "sqlite" }

// versionHold returns the statements that hold and release a data
// version's row triggers for the rest of a transaction (holdVersion): in
// PostgreSQL a setting local to the transaction, in SQLite a row of
// data_version_holds that only the transaction sees.
func (d Dialect) versionHold() (hold, release string) {
	if d.name == "postgres" {
		return `SELECT set_config('jiaoliu.hold_' || $1, 'on', true)`, `SELECT set_config('jiaoliu.hold_' || $1, 'off', true)`
	}
	return `INSERT INTO data_version_holds (name) VALUES ($1)`, `DELETE FROM data_version_holds WHERE name = $1`
}

// riverDriver returns the job queue's driver for the database.
func (d Dialect) riverDriver(sqldb *sql.DB) riverdriver.Driver[*sql.Tx] {
	if d.name == "sqlite" {
		return riversqlite.New(sqldb)
	}
	return riverdatabasesql.New(sqldb)
}
