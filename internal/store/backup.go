package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
)

// Backup writes a consistent copy of the SQLite database to file while the
// server keeps running: VACUUM INTO reads one snapshot of the database
// (writers go on in the WAL) and writes a compact, self-contained file.
// PostgreSQL is backed up with pg_dump (README).
func (db *DB) Backup(ctx context.Context, file string) error {
	if !db.dialect.copiesItself() {
		return ErrUsePgDump
	}
	if _, err := os.Stat(file); err == nil {
		return app.Errorf(app.Invalid, "备份文件 "+file+" 已存在，未覆盖", "The backup file "+file+" exists; it was left alone")
	}
	_, err := db.db.ExecContext(ctx, `VACUUM INTO $1`, file)
	return app.Wrap("store.Backup", err)
}

// ErrUsePgDump says that PostgreSQL is backed up and restored with its own tools.
var ErrUsePgDump = app.Errorf(app.Invalid,
	"PostgreSQL 数据库请用 pg_dump 备份、pg_restore 恢复：pg_dump -Fc -f jiaoliu.dump \"$JIAOLIU_DB\"；见 README",
	"Back up a PostgreSQL database with pg_dump and restore it with pg_restore: pg_dump -Fc -f jiaoliu.dump \"$JIAOLIU_DB\"; see the README")

// LatestSchema is the newest migration version this program knows for d.
func LatestSchema(d Dialect) (int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+d.name)
	if err != nil {
		return 0, app.Wrap("store.LatestSchema", err)
	}
	var latest int64
	for _, e := range entries {
		n, err := strconv.ParseInt(strings.SplitN(e.Name(), "_", 2)[0], 10, 64)
		if err == nil && n > latest {
			latest = n
		}
	}
	return latest, nil
}

// CheckBackup checks, without changing it, that file is a jiaoliu SQLite
// database whose schema this program knows (no newer than LatestSchema),
// intact, and returns its schema version.
func CheckBackup(ctx context.Context, file string) (int64, error) {
	notOurs := app.Errorf(app.Invalid, "文件 "+file+" 不是 jiaoliu 的 SQLite 数据库，未恢复",
		"The file "+file+" is not a jiaoliu SQLite database; nothing was restored")
	f, err := os.Open(file)
	if err != nil {
		return 0, app.Wrap("store.CheckBackup", err)
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return 0, notOurs
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "query_only(1)")
	sqldb, err := sql.Open("sqlite", "file:"+(&url.URL{Path: file}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return 0, app.Wrap("store.CheckBackup", err)
	}
	defer sqldb.Close()
	var n int
	err = sqldb.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('goose_db_version', 'settings', 'users', 'educators', 'audit_log')`).Scan(&n)
	if err != nil || n != 5 {
		return 0, notOurs
	}
	var version int64
	if err := sqldb.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return 0, notOurs
	}
	latest, err := LatestSchema(SQLite)
	if err != nil {
		return 0, err
	}
	if version > latest {
		return version, app.Errorf(app.Invalid,
			fmt.Sprintf("备份的数据库结构版本为%d，比本程序所知的%d新：请用更新版本的 jiaoliu 恢复", version, latest),
			fmt.Sprintf("The backup's schema version %d is newer than this program's %d: restore it with a newer jiaoliu", version, latest))
	}
	var ok string
	if err := sqldb.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return 0, app.Errorf(app.Invalid, "备份文件 "+path.Base(file)+" 已损坏（完整性检查未通过），未恢复",
			"The backup "+path.Base(file)+" is damaged (integrity check failed); nothing was restored")
	}
	return version, nil
}
