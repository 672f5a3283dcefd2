package storetest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cluster is the throwaway PostgreSQL server shared by one test binary.
type cluster struct {
	once    sync.Once
	baseURL string // without database name
	dir     string
	pgCtl   string
	asUser  string // run server commands as this user (when the tests run as root)
	err     error
	dbSeq   atomic.Int64
}

var pg cluster

// requirePG reports whether a missing PostgreSQL must fail the tests (CI).
func requirePG() bool { return os.Getenv("JIAOLIU_TEST_REQUIRE_PG") == "1" }

// PostgresURL returns the URL of a new, empty database on the test cluster,
// starting the cluster on first use. Without PostgreSQL the test is skipped,
// or fails when JIAOLIU_TEST_REQUIRE_PG=1. JIAOLIU_TEST_PG_URL names an
// existing server to use instead (a URL whose user may create databases).
func PostgresURL(t testing.TB) string {
	t.Helper()
	pg.once.Do(pg.start)
	if pg.err != nil {
		if requirePG() {
			t.Fatalf("PostgreSQL is required (JIAOLIU_TEST_REQUIRE_PG=1) but unavailable: %v", pg.err)
		}
		t.Skipf("PostgreSQL unavailable: %v", pg.err)
	}
	name := fmt.Sprintf("jiaoliu_test_%d_%d", os.Getpid(), pg.dbSeq.Add(1))
	admin, err := sql.Open("pgx", pg.baseURL+"/postgres?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", pg.baseURL+"/postgres?sslmode=disable")
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	return pg.baseURL + "/" + name + "?sslmode=disable"
}

func (c *cluster) start() {
	if u := os.Getenv("JIAOLIU_TEST_PG_URL"); u != "" {
		c.baseURL = u
		return
	}
	initdb, err := findPGBin("initdb")
	if err != nil {
		c.err = err
		return
	}
	c.pgCtl = filepath.Join(filepath.Dir(initdb), "pg_ctl")
	if _, err := os.Stat(c.pgCtl); err != nil {
		if c.pgCtl, err = findPGBin("pg_ctl"); err != nil {
			c.err = err
			return
		}
	}
	dir, err := os.MkdirTemp("", "jiaoliu-pg-")
	if err != nil {
		c.err = err
		return
	}
	c.dir = dir
	if os.Geteuid() == 0 {
		// initdb refuses to run as root: hand the cluster to the postgres user.
		u, err := user.Lookup("postgres")
		if err != nil {
			c.err = fmt.Errorf("running as root and no postgres user to run the server: %w", err)
			return
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			c.err = err
			return
		}
		c.asUser = "postgres"
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		c.err = fmt.Errorf("initdb: %v: %s", err, out)
		return
	}
	port, err := freePort()
	if err != nil {
		c.err = err
		return
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", port, dir)
	if out, err := c.run(c.pgCtl, "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		c.err = fmt.Errorf("pg_ctl start: %v: %s %s", err, out, log)
		return
	}
	c.baseURL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d", port)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", c.baseURL+"/postgres?sslmode=disable")
	if err != nil {
		c.err = err
		return
	}
	defer db.Close()
	for {
		if err = db.PingContext(ctx); err == nil {
			return
		}
		select {
		case <-ctx.Done():
			c.err = fmt.Errorf("server did not answer: %w", err)
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (c *cluster) run(name string, args ...string) ([]byte, error) {
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", name}, args...)...)
	} else {
		cmd = exec.Command(name, args...)
	}
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// stop shuts the cluster down and removes its files.
func (c *cluster) stop() {
	if c.dir == "" {
		return
	}
	if c.baseURL != "" && c.pgCtl != "" {
		c.run(c.pgCtl, "-D", filepath.Join(c.dir, "data"), "-m", "immediate", "-w", "stop")
	}
	os.RemoveAll(c.dir)
}

// findPGBin finds a PostgreSQL server program on the PATH or in Debian's
// /usr/lib/postgresql/*/bin, newest version first.
func findPGBin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1], nil
	}
	return "", fmt.Errorf("%s not found on PATH or in /usr/lib/postgresql/*/bin", name)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Main runs a test binary's tests and then stops the PostgreSQL cluster they
// used. Call it from TestMain: func TestMain(m *testing.M) { storetest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	pg.stop()
	os.Exit(code)
}

// PGBin finds a PostgreSQL client program (pg_dump, pg_restore) beside the
// server's: on the PATH or in Debian's /usr/lib/postgresql/*/bin.
func PGBin(name string) (string, error) { return findPGBin(name) }
