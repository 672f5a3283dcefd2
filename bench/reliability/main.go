// Command reliability prints the reliability figures of issue 16, each
// from jiaoliu processes run on this machine, on loopback only, bounded in
// rounds and time:
//
//   - kill:      kill -9 at a random moment of a roster import (the CLI, one
//     transaction), N rounds: partial writes, audit verify failures and lost
//     acknowledged writes (each must be 0);
//
//   - commits:   the same for roster commits on the web (upload, preview,
//     commit as a background run in the server): the server is killed at a
//     random moment after the commit request and restarted;
//
//   - approvals: the same for rotation plan approvals (a demo county's plan,
//     generated through the API; each round on a copy of the database);
//
//   - deciders:  N concurrent county HR sessions decide one pending
//     exemption: winners (exactly 1 a round), 500s and "database is
//     locked" (0);
//
//   - backup:    jiaoliu backup under write load, restore, compare: rounds
//     whose restored copy is an intact prefix of the live database;
//
//   - flood:     200 parallel wrong passwords for one account: passwords
//     evaluated (≤ auth.FreeFailures) and the server's peak memory.
//
//     go run ./bench/reliability [-only kill,commits,approvals,deciders,backup,flood] [-rounds 5]
//
// It builds jiaoliu once into a temporary directory and works there.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	_ "modernc.org/sqlite"

	"jiaoliu/bench/internal/proc"
)

// dataKey is the data key of every database the bench makes.
var dataKey = strings.Repeat("5a", 32)

func main() {
	only := flag.String("only", "kill,commits,approvals,deciders,backup,flood", "which figures to measure")
	rounds := flag.Int("rounds", 5, "rounds of each (at most 50)")
	flag.Parse()
	*rounds = max(1, min(*rounds, 50))
	began := time.Now()
	dir, err := os.MkdirTemp("", "jiaoliu-reliability-")
	check(err)
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "jiaoliu")
	out, err := exec.Command("go", "build", "-o", bin, "./cmd/jiaoliu").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build ./cmd/jiaoliu (run from the repository root): %v\n%s", err, out)
		os.Exit(1)
	}
	b := &bench{bin: bin, dir: dir}
	for _, what := range strings.Split(*only, ",") {
		start := time.Now()
		switch strings.TrimSpace(what) {
		case "kill":
			b.kill(*rounds)
		case "commits":
			b.commits(*rounds)
		case "approvals":
			b.approvals(*rounds)
		case "deciders":
			b.deciders(*rounds)
		case "backup":
			b.backup(*rounds)
		case "flood":
			b.flood()
		default:
			fmt.Fprintf(os.Stderr, "unknown figure %q\n", what)
			os.Exit(2)
		}
		fmt.Printf("  (%s)\n", time.Since(start).Round(time.Millisecond))
	}
	fmt.Printf("total %s, the build included\n", time.Since(began).Round(time.Millisecond))
}

type bench struct {
	bin, dir string
	seq      int
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		os.Exit(1)
	}
}

// fresh returns a new database path in the bench's directory.
func (b *bench) fresh(name string) string {
	b.seq++
	d := filepath.Join(b.dir, fmt.Sprintf("%s-%d", name, b.seq))
	check(os.MkdirAll(d, 0o700))
	return filepath.Join(d, "jiaoliu.db")
}

// copyOf copies the database at path, stopped, with the files beside it
// (its audit anchor) into a fresh directory and returns the copy's path.
func (b *bench) copyOf(path string) string {
	dst := b.fresh("copy")
	entries, err := os.ReadDir(filepath.Dir(path))
	check(err)
	for _, e := range entries {
		if e.Type().IsRegular() {
			content, err := os.ReadFile(filepath.Join(filepath.Dir(path), e.Name()))
			check(err)
			check(os.WriteFile(filepath.Join(filepath.Dir(dst), e.Name()), content, 0o600))
		}
	}
	return dst
}

// cmd returns a jiaoliu command on the database at path.
func (b *bench) cmd(ctx context.Context, path string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, b.bin, args...)
	c.Env = append(os.Environ(), "JIAOLIU_DB=sqlite:"+path, "JIAOLIU_DATA_KEY="+dataKey, "USER=bench")
	return c
}

// jiaoliu runs a command to completion and returns its output.
func (b *bench) jiaoliu(path string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := b.cmd(ctx, path, args...).CombinedOutput()
	return string(out), err
}

// server is a jiaoliu serve process on loopback.
type server struct {
	cmd *exec.Cmd
	url string
}

var listening = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// serve starts jiaoliu serve on the database at path and waits until it listens.
func (b *bench) serve(path string, args ...string) *server {
	c := b.cmd(context.Background(), path, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := c.StdoutPipe()
	check(err)
	c.Stderr = io.Discard
	check(c.Start())
	lines := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(3*time.Minute, func() { c.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		if u := listening.FindString(lines.Text()); u != "" {
			go io.Copy(io.Discard, stdout)
			return &server{cmd: c, url: u}
		}
	}
	check(fmt.Errorf("jiaoliu serve did not start"))
	return nil
}

// kill ends the server with SIGKILL, as a power cut or the OOM killer would.
func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
}

func (s *server) stop() { proc.Stop(s.cmd) }

// peakRSS is the server's peak resident memory in MiB (Linux).
func (s *server) peakRSS() float64 { return proc.PeakRSS(s.cmd) }

// client is a browser: a cookie jar on the server.
func client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 2 * time.Minute}
}

// login signs c in through the API.
func (s *server) login(c *http.Client, user, password string) (int, error) {
	return s.post(c, "/api/v1/login", "application/json", strings.NewReader(`{"username":"`+user+`","password":"`+password+`"}`), nil)
}

// signIn signs c in and stops the bench when that fails.
func (s *server) signIn(c *http.Client, user, password string) {
	if code, err := s.login(c, user, password); err != nil || code != 200 {
		check(fmt.Errorf("%s sign-in: %d %v", user, code, err))
	}
}

// post sends body to the server and decodes a JSON answer of 2xx into v
// (when not nil); it returns the answer's status.
func (s *server) post(c *http.Client, path, contentType string, body io.Reader, v any) (int, error) {
	resp, err := c.Post(s.url+path, contentType, body)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if v != nil && resp.StatusCode/100 == 2 {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return resp.StatusCode, err
		}
	}
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// user creates a global administrator in the database at path.
func (b *bench) user(path, username, name, password string) {
	out, err := b.jiaoliu(path, "user", "create", "--username", username, "--name", name, "--role", "admin",
		"--scope", "global", "--password", password)
	if err != nil {
		check(fmt.Errorf("user create: %v %s", err, out))
	}
}

// query opens the database at path read-only for a count.
func query(path, q string, args ...any) int {
	var n int
	scan(path, []any{&n}, q, args...)
	return n
}

// scan opens the database at path read-only and reads one row into dest.
func scan(path string, dest []any, q string, args ...any) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(15000)")
	check(err)
	defer db.Close()
	check(db.QueryRow(q, args...).Scan(dest...))
}
