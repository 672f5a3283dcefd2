package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver

	"jiaoliu/internal/app"
)

//go:embed migrations
var migrations embed.FS

// DB is a jiaoliu database: a connection pool and its dialect. Methods that
// write run in the transaction carried by their context when there is one
// (see InTx), so a service can make several writes and an audit row atomic.
type DB struct {
	db *sql.DB
	// w is the pool writes go through: in SQLite one connection of its
	// own, so that writers queue here rather than spin on the file's lock
	// while reads go on beside them on db; in PostgreSQL db itself.
	w       *sql.DB
	dialect Dialect
	// dsn is the connection string as given, with any password masked, for messages.
	dsn   string
	clock app.Clock
	// bulk keeps the roster import's prepared multi-row inserts.
	bulk bulkStatements
	// stmts keeps SQLite's reads prepared (nil in PostgreSQL).
	stmts *stmtCache
}

// DefaultDSN is the database used when neither --db nor JIAOLIU_DB is given.
const DefaultDSN = "sqlite:./data/jiaoliu.db"

// Open connects to the database named by dsn: "sqlite:PATH" (the file and its
// directory are created) or a "postgres://" / "postgresql://" URL. It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string, clock app.Clock) (*DB, error) {
	if clock == nil {
		clock = app.SystemClock{}
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"), clock)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(ctx, dsn, clock)
	}
	return nil, app.Errorf(app.Invalid,
		fmt.Sprintf("无法识别的数据库地址 %q：应为 sqlite:路径 或 postgres://…", dsn),
		fmt.Sprintf("unrecognised database %q: want sqlite:PATH or postgres://…", dsn))
}

// sqliteReaders is the size of SQLite's pool of readers. modernc's SQLite
// runs in the calling goroutine, so a reader's connection costs no thread,
// only its page cache (2 MiB at most): with more connections than queries
// under way the Go scheduler shares the cores between the requests, and a
// page's time follows its work rather than the number of its queries,
// each of which would otherwise queue for a connection. Under the
// notice-day crowd (bench/load, 200 clients, 2 cores), measured back to
// back: 8 readers 421 requests/s, p99 2.36 s, home pages' p99 about 2.9 s,
// peak memory 282 MiB; 32 readers 454/s, p99 1.57 s, home pages' 1.5–1.7 s,
// 319 MiB; 64 readers no faster (459/s, p99 2.65 s, a run other work
// disturbed) and 441 MiB. Since web.admitReads lets only 4 reads per
// processor run at once, the size matters less (8 readers 640–688/s,
// 32 readers 609–629/s, p99 within 0.1 s of each other, back to back);
// the pool stays larger for what the gate does not queue: writes' reads,
// background jobs and the commands.
const sqliteReaders = 32

func openSQLite(ctx context.Context, path string, clock app.Clock) (*DB, error) {
	if path == "" {
		return nil, app.Errorf(app.Invalid, "sqlite: 后应给出数据库文件路径", "sqlite: needs a file path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, app.Wrap("store.Open", err)
		}
	}
	// A new database file is readable by its owner only; SQLite gives its
	// journal files the same mode.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, app.Wrap("store.Open", err)
	}
	q := url.Values{}
	// secure_delete overwrites freed pages with zeros, so that a deleted
	// upload or person leaves no personal data in the file.
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(15000)", "secure_delete(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, app.Wrap("store.Open", err)
	}
	// One writer at a time is SQLite's rule: writes have a connection of
	// their own, and a pool of readers proceeds beside it in WAL mode.
	sqldb.SetMaxOpenConns(sqliteReaders)
	sqldb.SetMaxIdleConns(sqliteReaders)
	// The writer keeps its statement journals in memory: a multi-row insert
	// in a transaction already under way (the roster import's) saves every
	// page it touches for the first time so that the statement alone can be
	// undone, and SQLite writes that journal to a temporary file past 64 KiB
	// — for 100,000 new educators most of a gigabyte of writes. A statement's
	// journal is a few megabytes.
	q.Add("_pragma", "temp_store(MEMORY)")
	writer, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		sqldb.Close()
		return nil, app.Wrap("store.Open", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	db := &DB{db: sqldb, w: writer, dialect: SQLite, dsn: "sqlite:" + path, clock: clock, stmts: newStmtCache(maxCachedStatements)}
	if err := db.ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPostgres(ctx context.Context, dsn string, clock app.Clock) (*DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, app.Wrap("store.Open", err)
	}
	// Sized to the machine, and every connection kept: opening one costs
	// the server a process. The server's processes share the machine's
	// cores with jiaoliu's: more of them than a few per core only take
	// turns. Under the notice-day crowd (bench/load, 200 clients, 2 cores)
	// 8 connections answered 373 requests/s with p99 1.70 s, 16 326/s and
	// 1.83 s, measured back to back.
	conns := max(8, 4*runtime.NumCPU())
	sqldb.SetMaxOpenConns(conns)
	sqldb.SetMaxIdleConns(conns)
	db := &DB{db: sqldb, w: sqldb, dialect: Postgres, dsn: redactDSN(dsn), clock: clock}
	if err := db.ping(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) ping(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return &app.Error{Code: app.Internal, Op: "store.Open " + db.dsn, Err: err,
			Message: "无法连接数据库 " + db.dsn, English: "cannot connect to database " + db.dsn}
	}
	return nil
}

func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	if db.w != db.db {
		return errors.Join(db.w.Close(), db.db.Close())
	}
	return db.db.Close()
}

// Dialect returns the database's SQL dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// String names the database for logs, without a password.
func (db *DB) String() string { return db.dsn }

// SQL returns the underlying pool, for tests and benchmarks.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) goose() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+db.dialect.name)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(db.dialect.goose, db.db, sub)
}

// OpenMigrated opens the database at dsn and brings its schema up to date,
// for the programs that measure it; it closes the database again when the
// migration fails.
func OpenMigrated(ctx context.Context, dsn string, clock app.Clock) (*DB, error) {
	db, err := Open(ctx, dsn, clock)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Migrate applies every pending migration.
func (db *DB) Migrate(ctx context.Context) error {
	p, err := db.goose()
	if err != nil {
		return app.Wrap("store.Migrate", err)
	}
	applied, err := p.Up(ctx)
	if err != nil {
		return app.Wrap("store.Migrate", err)
	}
	for _, m := range applied {
		// The migration that drops the uploads kept in clear: rewrite the
		// file, so that the pages they were freed from before
		// secure_delete was set are gone too.
		if vacuum := db.dialect.vacuum(); m.Source != nil && m.Source.Version == sealedUploadsMigration && vacuum != "" {
			if _, err := db.db.ExecContext(ctx, vacuum); err != nil {
				return app.Wrap("store.Migrate vacuum", err)
			}
		}
	}
	return app.Wrap("store.Migrate queue", db.migrateQueue(ctx))
}

// sealedUploadsMigration is the version of 00013_sealed_uploads.sql.
const sealedUploadsMigration = 13

// MigrationsCurrent reports whether every embedded migration is applied.
func (db *DB) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := db.goose()
	if err != nil {
		return false, app.Wrap("store.MigrationsCurrent", err)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, app.Wrap("store.MigrationsCurrent", err)
	}
	return !pending, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.db.PingContext(ctx) }

type txKey struct{}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q returns the transaction carried by ctx, or the pools: reads to the
// readers, writes to the writer.
func (db *DB) q(ctx context.Context) queryer {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	if db.w != db.db {
		return pools{r: db.db, w: db.w, stmts: db.stmts}
	}
	return db.db
}

// pools sends a statement outside a transaction to the readers when it
// reads (SELECT, WITH … SELECT) and to the writer otherwise; the reads
// through statements kept prepared.
type pools struct {
	r, w  *sql.DB
	stmts *stmtCache
}

func (p pools) pick(query string) *sql.DB {
	if reads(query) {
		return p.r
	}
	return p.w
}

// reads reports whether a statement only reads.
func reads(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	return len(q) >= 6 && (strings.EqualFold(q[:6], "SELECT") || strings.EqualFold(q[:4], "WITH") && !writesWith(q))
}

// writesWith reports whether a WITH statement writes.
func writesWith(q string) bool {
	u := strings.ToUpper(q)
	return strings.Contains(u, "INSERT ") || strings.Contains(u, "UPDATE ") || strings.Contains(u, "DELETE ")
}

func (p pools) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.w.ExecContext(ctx, query, args...)
}

func (p pools) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if p.stmts != nil && reads(query) {
		return p.stmts.query(ctx, p.r, query, args...)
	}
	return p.pick(query).QueryContext(ctx, query, args...)
}

func (p pools) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if p.stmts != nil && reads(query) {
		return p.stmts.queryRow(ctx, p.r, query, args...)
	}
	return p.pick(query).QueryRowContext(ctx, query, args...)
}

type deferKey struct{}

// Defer runs check at the end of the outermost transaction ctx carries,
// after everything else in it and before it commits; its error rolls the
// whole transaction back. A rule over several rows that one transaction
// writes together (a set of exchanges a plan makes at once) is so checked
// on the whole set, not on the first row alone. Outside a transaction the
// check runs at once.
func (db *DB) Defer(ctx context.Context, check func(ctx context.Context) error) error {
	if checks, ok := ctx.Value(deferKey{}).(*[]func(ctx context.Context) error); ok {
		*checks = append(*checks, check)
		return nil
	}
	return check(ctx)
}

// InTx runs fn in one transaction: every store call made with the context fn
// receives joins it. fn's error, or a panic, rolls everything back. Nested
// calls join the outer transaction.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if _, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx)
	}
	// In PostgreSQL the transaction holds its connection by name, so that a
	// bulk insert can COPY on it (copyRows).
	var conn *sql.Conn
	if db.dialect.copiesRows() {
		if conn, err = db.w.Conn(ctx); err != nil {
			return app.Wrap("store.InTx", err)
		}
		defer conn.Close()
	}
	tx, err := beginOn(ctx, db.w, conn)
	if err != nil {
		return app.Wrap("store.InTx", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	var checks []func(ctx context.Context) error
	ctx = context.WithValue(context.WithValue(ctx, txKey{}, tx), deferKey{}, &checks)
	if conn != nil {
		ctx = context.WithValue(ctx, connKey{}, conn)
	}
	if err = fn(ctx); err != nil {
		return err
	}
	// A check may defer another; each runs once, in the order deferred.
	for i := 0; i < len(checks); i++ {
		if err = checks[i](ctx); err != nil {
			return err
		}
	}
	if err = tx.Commit(); err != nil {
		return app.Wrap("store.InTx commit", err)
	}
	return nil
}

// notFound turns sql.ErrNoRows into the application's not-found error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return app.ErrNotFound(what)
	}
	return err
}
