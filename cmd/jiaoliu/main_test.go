package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/demo"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// syncBuffer is an io.Writer safe to read while a server writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testAnchorDir holds the anchor files of this test process's PostgreSQL
// databases.
var testAnchorDir = filepath.Join(os.TempDir(), fmt.Sprintf("jiaoliu-test-anchors-%d-%d", os.Getpid(), time.Now().UnixNano()))

// testEnv returns a getenv with a fixed data key and the given extras.
func testEnv(kv ...string) func(string) string {
	m := map[string]string{"JIAOLIU_DATA_KEY": strings.Repeat("ab", 32), "USER": "tester"}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	// A PostgreSQL database's anchor file would default to ./data of the
	// package: give each test database its own, outside the tree.
	if dsn := m["JIAOLIU_DB"]; strings.HasPrefix(dsn, "postgres") && m["JIAOLIU_AUDIT_ANCHOR"] == "" {
		sum := sha256.Sum256([]byte(dsn))
		m["JIAOLIU_AUDIT_ANCHOR"] = filepath.Join(testAnchorDir, hex.EncodeToString(sum[:8])+".audit-anchor")
	}
	return func(k string) string { return m[k] }
}

// runCmd runs the program to completion and returns its output.
func runCmd(t *testing.T, getenv func(string) string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exitError); ok {
		return ee.code
	}
	return 1
}

// server is a jiaoliu serve process run in this test process.
type server struct {
	URL    string
	stdout *syncBuffer
	stop   func() error
}

var urlPattern = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// startServer runs `jiaoliu serve` on port 0 and waits for its address.
func startServer(t *testing.T, getenv func(string) string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), getenv, strings.NewReader(""), out, io.Discard)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for {
		if u := urlPattern.FindString(out.String()); u != "" {
			s := &server{URL: u, stdout: out}
			var once sync.Once
			var stopErr error
			s.stop = func() error {
				once.Do(func() { cancel(); stopErr = <-done })
				return stopErr
			}
			t.Cleanup(func() { s.stop() })
			return s
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited before listening: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start: %s", out.String())
		}
	}
}

func TestVersionAndUsage(t *testing.T) {
	out, _, err := runCmd(t, testEnv(), "", "version")
	if err != nil || !strings.HasPrefix(out, "jiaoliu ") {
		t.Fatalf("version: %q %v", out, err)
	}
	if _, _, err := runCmd(t, testEnv(), ""); exitCode(err) != 2 {
		t.Fatalf("no arguments: exit %d", exitCode(err))
	}
	if _, _, err := runCmd(t, testEnv(), "", "frobnicate"); exitCode(err) != 2 {
		t.Fatalf("unknown command: exit %d", exitCode(err))
	}
	if _, _, err := runCmd(t, testEnv(), "", "serve", "--no-such-flag"); exitCode(err) != 2 {
		t.Fatalf("unknown flag: exit %d", exitCode(err))
	}
	if _, _, err := runCmd(t, testEnv(), "", "migrate", "--db", "mysql://x"); err == nil || !strings.Contains(err.Error(), "无法识别") {
		t.Fatalf("bad --db: %v", err)
	}
}

func TestUserAndAuditCommands(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dsn := storetest.DSN(t, dialect)
			anchor := filepath.Join(t.TempDir(), "anchor")
			env := testEnv("JIAOLIU_DB", dsn, "JIAOLIU_AUDIT_ANCHOR", anchor)
			out, _, err := runCmd(t, env, "", "user", "create", "--username", "Root", "--name", "管理员", "--role", "admin", "--scope", "global")
			if err != nil || !strings.Contains(out, "已创建账号 root") || !strings.Contains(out, "密码 / password: ") {
				t.Fatalf("user create: %q %v", out, err)
			}
			if _, _, err := runCmd(t, env, "", "user", "create", "--username", "root", "--name", "x"); err == nil || !strings.Contains(err.Error(), "已被使用") {
				t.Fatalf("duplicate user: %v", err)
			}
			if _, _, err := runCmd(t, env, "new-password-9\n", "user", "reset", "--username", "root", "--password-stdin"); err != nil {
				t.Fatalf("user reset: %v", err)
			}
			if _, _, err := runCmd(t, env, "", "user", "disable", "--username", "root"); err != nil {
				t.Fatalf("user disable: %v", err)
			}
			if _, _, err := runCmd(t, env, "", "user", "disable", "--username", "nobody"); err == nil {
				t.Fatal("disabling an unknown user succeeded")
			}
			if _, _, err := runCmd(t, env, "", "user", "create", "--username", "x1", "--name", "x", "--role", "county_hr", "--scope", "county:没有这个县"); err == nil {
				t.Fatal("a grant to an unknown county succeeded")
			}
			out, _, err = runCmd(t, env, "", "audit", "verify")
			if err != nil || !strings.Contains(out, "审计日志完整") || !strings.Contains(out, "全部记录以密钥签名") || !strings.Contains(out, "锚定文件 "+anchor) {
				t.Fatalf("audit verify: %q %v", out, err)
			}
			// The newest entry deleted: the anchor file still names it.
			s, err := (&dbFlags{dsn: dsn, anchorFile: anchor}).open(context.Background(), &environment{getenv: env})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.SQL().Exec(`DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)`); err != nil {
				t.Fatal(err)
			}
			s.db.Close()
			out, _, err = runCmd(t, env, "", "audit", "verify", "--audit-anchor", anchor)
			if exitCode(err) != 1 || !strings.Contains(out, "最新的1条记录已被删除") {
				t.Fatalf("cut audit verify: %q exit %d", out, exitCode(err))
			}
			// Without the anchor file, an emptied chain would pass; with it, it fails.
			s, err = (&dbFlags{dsn: dsn, anchorFile: anchor}).open(context.Background(), &environment{getenv: env})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.SQL().Exec(`DELETE FROM audit_log`); err != nil {
				t.Fatal(err)
			}
			s.db.Close()
			out, _, err = runCmd(t, env, "", "audit", "verify")
			if exitCode(err) != 1 || !strings.Contains(out, "全部删除") {
				t.Fatalf("emptied audit verify: %q exit %d", out, exitCode(err))
			}
			// A fresh anchor file for the rest.
			os.Remove(anchor)
			for _, u := range []string{"x2", "x3"} {
				if _, _, err := runCmd(t, env, "", "user", "create", "--username", u, "--name", "x"); err != nil {
					t.Fatal(err)
				}
			}
			// Tamper with a row: verify names it and exits 1.
			s, err = (&dbFlags{dsn: dsn, anchorFile: anchor}).open(context.Background(), &environment{getenv: env})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.db.SQL().Exec(`UPDATE audit_log SET summary = 'x' WHERE seq = 2`); err != nil {
				t.Fatal(err)
			}
			s.close()
			out, _, err = runCmd(t, env, "", "audit", "verify")
			if exitCode(err) != 1 || !strings.Contains(out, "第2条") {
				t.Fatalf("tampered audit verify: %q exit %d", out, exitCode(err))
			}
		})
	}
}

func TestDataKeyMustMatch(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	if _, _, err := runCmd(t, testEnv("JIAOLIU_DB", dsn), "", "migrate"); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, testEnv("JIAOLIU_DB", dsn, "JIAOLIU_DATA_KEY", strings.Repeat("cd", 32)), "", "migrate")
	if err == nil || !strings.Contains(err.Error(), "数据密钥与数据库不符") {
		t.Fatalf("another key: %v", err)
	}
}

func TestKeyFileCreated(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "j.db")
	env := func(k string) string {
		if k == "JIAOLIU_DB" {
			return dsn
		}
		return ""
	}
	if _, _, err := runCmd(t, env, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "jiaoliu.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "jiaoliu.audit-anchor")); err != nil {
		t.Fatalf("audit anchor beside the database: %v", err)
	}
	if _, _, err := runCmd(t, env, "", "migrate"); err != nil {
		t.Fatalf("second start with the key file: %v", err)
	}
}

func TestDemoRefusesRealData(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	env := testEnv("JIAOLIU_DB", dsn)
	if _, _, err := runCmd(t, env, "", "user", "create", "--username", "real", "--name", "真实用户"); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, env, "", "serve", "--demo", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "已有正式数据") {
		t.Fatalf("serve --demo on real data: %v", err)
	}
	s, err := (&dbFlags{dsn: dsn}).open(context.Background(), &environment{getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	n, _ := s.db.CountRows(context.Background())
	if n["schools"] != 0 || n["users"] != 1 {
		t.Fatalf("the refused demo changed the database: %v", n)
	}
}

// TestServeDemo starts the demo on SQLite, then again on the same file
// (the demo is kept, not loaded twice), and answers health checks.
func TestServeDemo(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	env := testEnv("JIAOLIU_DB", dsn)
	srv := startServer(t, env, "--demo")
	for _, want := range []string{"admin", "county1", "participant1", "jiaoliu-demo"} {
		if !strings.Contains(srv.stdout.String(), want) {
			t.Errorf("start-up message lacks %q:\n%s", want, srv.stdout.String())
		}
	}
	for _, path := range []string{"/healthz", "/readyz", "/login"} {
		resp, err := httpGet(srv.URL + path)
		if err != nil || resp != 200 {
			t.Errorf("GET %s: %d %v", path, resp, err)
		}
	}
	if err := srv.stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	first := demoCounts(t, env, dsn)
	again := startServer(t, env, "--demo")
	again.stop()
	n := demoCounts(t, env, dsn)
	// The demo accounts, and the host schools' mentors the secondments make.
	if n["educators"] < 3000 || n["users"] < n["logins"] || n["users"] != first["users"] || n["educators"] != first["educators"] {
		t.Fatalf("demo counts after two starts: %v, after one: %v", n, first)
	}
}

// demoCounts counts the rows of the demo database, and its demo logins
// as "logins".
func demoCounts(t *testing.T, env func(string) string, dsn string) map[string]int {
	t.Helper()
	s, err := (&dbFlags{dsn: dsn}).open(context.Background(), &environment{getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	n, err := s.db.CountRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	logins, err := demo.Logins(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	n["logins"] = len(logins)
	return n
}

// repoRoot finds the directory holding go.mod.
func repoRoot(t *testing.T) string {
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// artefactDir is where browser screenshots are kept.
func artefactDir(t *testing.T) string {
	dir := filepath.Join(repoRoot(t), "testartifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
