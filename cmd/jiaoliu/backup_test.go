package main

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
)

// importOne loads a school and one educator named name into the database of env.
func importOne(t *testing.T, env func(string) string, dir, name, idPrefix string) {
	t.Helper()
	id := idPrefix
	id += string(people.IDCheckChar(id))
	schools := filepath.Join(dir, "学校.csv")
	educators := filepath.Join(dir, "教职工.csv")
	os.WriteFile(schools, []byte("学校代码,学校名称,区县,学段,城乡类型,薄弱学校\nS1,第一小学,东区,小学,城区,否\n"), 0o644)
	os.WriteFile(educators, []byte("身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,到校日期\n"+
		id+","+name+",男,1980-01-01,S1,教师,语文,在编在岗,2012-09-01\n"), 0o644)
	if out, _, err := runCmd(t, env, "", "import", "roster", schools, educators); err != nil {
		t.Fatalf("import %s: %v\n%s", name, err, out)
	}
}

func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "data", "jiaoliu.db")
	env := testEnv("JIAOLIU_DB", "sqlite:"+dbPath)
	importOne(t, env, dir, "张三", "51990219800101001")
	before, _, _ := runCmd(t, env, "", "educators", "list")

	backup := filepath.Join(dir, "backup.db")
	out, _, err := runCmd(t, env, "", "backup", "--out", backup)
	if err != nil || !strings.Contains(out, "已备份") || !strings.Contains(out, "数据密钥") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, env, "", "backup", "--out", backup); exitCode(err) != 1 {
		t.Fatalf("a second backup over the first: %v", err)
	}
	importOne(t, env, dir, "李四", "51990219800101003")
	out, _, err = runCmd(t, env, "", "restore", "--in", backup)
	if err != nil || !strings.Contains(out, "已从") || !strings.Contains(out, "before-restore") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	after, _, _ := runCmd(t, env, "", "educators", "list")
	if after != before || !strings.Contains(after, "张三") {
		t.Fatalf("restored list:\n%s\nwant:\n%s", after, before)
	}
	if out, _, err := runCmd(t, env, "", "audit", "verify"); err != nil {
		t.Fatalf("audit verify after restore: %v %s", err, out)
	}

	// Refusals leave the database as it is.
	text := filepath.Join(dir, "notes.db")
	os.WriteFile(text, []byte("not a database at all, just some notes\n"), 0o644)
	other := filepath.Join(dir, "other.db")
	newer := filepath.Join(dir, "newer.db")
	sqlExec(t, other, `CREATE TABLE things (x INTEGER)`)
	data, _ := os.ReadFile(backup)
	os.WriteFile(newer, data, 0o644)
	sqlExec(t, newer, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`)
	for file, want := range map[string]string{text: "不是 jiaoliu", other: "不是 jiaoliu", newer: "比本程序所知的"} {
		out, errOut, err := runCmd(t, env, "", "restore", "--in", file)
		if exitCode(err) != 1 || !strings.Contains(message(err), want) {
			t.Errorf("restore %s: exit %d %v %s %s", filepath.Base(file), exitCode(err), err, out, errOut)
		}
	}
	if again, _, _ := runCmd(t, env, "", "educators", "list"); again != before {
		t.Fatalf("a refused restore changed the database:\n%s", again)
	}
	// A wrong data key is refused before the database is replaced.
	wrong := testEnv("JIAOLIU_DB", "sqlite:"+dbPath, "JIAOLIU_DATA_KEY", strings.Repeat("cd", 32))
	if _, _, err := runCmd(t, wrong, "", "restore", "--in", backup); exitCode(err) != 1 || !strings.Contains(message(err), "数据密钥") {
		t.Fatalf("restore with another key: %v", err)
	}
	if again, _, _ := runCmd(t, env, "", "educators", "list"); again != before {
		t.Fatal("a restore with the wrong key changed the database")
	}
}

func sqlExec(t *testing.T, file, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// TestPgDumpRestores: what the README tells a bureau on PostgreSQL works on
// the test cluster: pg_dump -Fc, pg_restore into an empty database, and
// jiaoliu reads the same data from it with an intact audit chain.
func TestPgDumpRestores(t *testing.T) {
	dsn := storetest.DSN(t, "postgres")
	dir := t.TempDir()
	// The bureau's anchor file stays where it was; the restored database
	// is checked against it once the restore is anchored.
	anchor := filepath.Join(dir, "jiaoliu.audit-anchor")
	env := testEnv("JIAOLIU_DB", dsn, "JIAOLIU_AUDIT_ANCHOR", anchor)
	if _, _, err := runCmd(t, env, "", "backup", "--out", filepath.Join(dir, "x.db")); exitCode(err) != 1 || !strings.Contains(message(err), "pg_dump") {
		t.Fatalf("backup of PostgreSQL should point at pg_dump: %v", err)
	}
	importOne(t, env, dir, "张三", "51990219800101001")
	before, _, _ := runCmd(t, env, "", "educators", "list")
	pgDump, err := storetest.PGBin("pg_dump")
	if err != nil {
		t.Fatal(err)
	}
	pgRestore, err := storetest.PGBin("pg_restore")
	if err != nil {
		t.Fatal(err)
	}
	dump := filepath.Join(dir, "jiaoliu.dump")
	if out, err := exec.CommandContext(context.Background(), pgDump, "-Fc", "--no-owner", "-f", dump, dsn).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v %s", err, out)
	}
	restored := storetest.DSN(t, "postgres")
	if out, err := exec.CommandContext(context.Background(), pgRestore, "--no-owner", "--exit-on-error", "-d", restored, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v %s", err, out)
	}
	renv := testEnv("JIAOLIU_DB", restored, "JIAOLIU_AUDIT_ANCHOR", anchor)
	if out, _, err := runCmd(t, renv, "", "audit", "restored"); err != nil {
		t.Fatalf("audit restored: %v %s", err, out)
	}
	after, _, err := runCmd(t, renv, "", "educators", "list")
	if err != nil || after != before || !strings.Contains(after, "张三") {
		t.Fatalf("restored list: %v\n%s\nwant:\n%s", err, after, before)
	}
	if out, _, err := runCmd(t, renv, "", "audit", "verify"); err != nil {
		t.Fatalf("audit verify on the restored database: %v %s", err, out)
	}
}
