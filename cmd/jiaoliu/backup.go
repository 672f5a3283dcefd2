package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
)

// runBackup is `jiaoliu backup --out FILE`: a consistent copy of a SQLite
// database taken while the server runs.
func runBackup(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	out := fs.String("out", "", "备份文件 / backup file")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if *out == "" {
		return usageError("用法 / usage: jiaoliu backup --out FILE [--db DSN]")
	}
	if !strings.HasPrefix(db.dsn, "sqlite:") {
		return store.ErrUsePgDump
	}
	s, err := store.Open(ctx, db.dsn, app.SystemClock{})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, *out); err != nil {
		return err
	}
	version, err := store.CheckBackup(ctx, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已备份到 %s（数据库结构版本 %d）/ backed up to %s\n", *out, version, *out)
	fmt.Fprintf(env.stdout, "请把数据密钥文件 %s 另行妥善备份：没有它，备份中的身份证号无法解密。\n"+
		"Back up the data key %s as well, kept apart: without it the backup's ID numbers cannot be read.\n", db.keyPath(), db.keyPath())
	return nil
}

// runRestore is `jiaoliu restore --in FILE`: it puts a backup in place of
// the SQLite database, after checking that the file is a jiaoliu database
// of a schema this program knows and that the data key fits it. The
// database it replaces is kept beside it. Stop the server first.
func runRestore(ctx context.Context, env *environment, args []string) error {
	fl := flag.NewFlagSet("restore", flag.ContinueOnError)
	db := addDBFlags(fl, env)
	in := fl.String("in", "", "备份文件 / backup file")
	if err := parse(fl, args, env); err != nil {
		return err
	}
	if *in == "" {
		return usageError("用法 / usage: jiaoliu restore --in FILE [--db DSN]")
	}
	target, ok := strings.CutPrefix(db.dsn, "sqlite:")
	if !ok {
		return store.ErrUsePgDump
	}
	if _, err := store.CheckBackup(ctx, *in); err != nil {
		return err
	}
	if env.getenv("JIAOLIU_DATA_KEY") == "" {
		if _, err := os.Stat(db.keyPath()); err != nil {
			return app.Errorf(app.Invalid, "找不到数据密钥文件 "+db.keyPath()+"：请先把与备份一同保存的密钥放回原处",
				"The data key "+db.keyPath()+" is missing: put back the key saved with the backup first")
		}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return app.Wrap("restore", err)
	}
	tmp := target + ".restoring"
	if err := copyFile(*in, tmp); err != nil {
		return err
	}
	defer os.Remove(tmp)
	// Bring the copy's schema up to date and check the key against it
	// before it takes the database's place.
	check := *db
	check.dsn = "sqlite:" + tmp
	check.keyFile = db.keyPath()
	check.anchorFile = tmp + ".audit-anchor" // the copy's heads are not the database's
	s, err := check.open(ctx, env)
	if err != nil {
		return err
	}
	s.close()
	for _, ext := range []string{"-wal", "-shm", ".audit-anchor"} {
		os.Remove(tmp + ext)
	}
	kept := ""
	if _, err := os.Stat(target); err == nil {
		kept = fmt.Sprintf("%s.before-restore-%s", target, time.Now().Format("20060102-150405"))
		for _, ext := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(target+ext, kept+ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return app.Wrap("restore", err)
			}
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return app.Wrap("restore", err)
	}
	if err := anchorRestored(ctx, db, env); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "已从 %s 恢复到 %s / restored\n", *in, target)
	if kept != "" {
		fmt.Fprintf(env.stdout, "原数据库已保留为 %s / the replaced database was kept as %s\n", kept, kept)
	}
	return nil
}

// copyFile copies src to dst and syncs it to disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return app.Wrap("restore", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return app.Wrap("restore", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return app.Wrap("restore", err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return app.Wrap("restore", err)
	}
	return app.Wrap("restore", out.Close())
}

// anchorRestored writes the restored database's head into the audit anchor
// file, so that audit verify checks the chain from the backup on rather than
// against the heads of the database it replaced.
func anchorRestored(ctx context.Context, f *dbFlags, env *environment) error {
	db, err := store.Open(ctx, f.dsn, app.SystemClock{})
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := people.LoadKey(env.getenv("JIAOLIU_DATA_KEY"), f.keyPath())
	if err != nil {
		return err
	}
	return audit.NewKeyedLog(db, app.SystemClock{}, key, f.anchorPath()).AnchorRestored(ctx)
}
