package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"time"

	"jiaoliu/bench/internal/proc"
)

// server is a jiaoliu serve process on loopback.
type server struct {
	cmd   *exec.Cmd
	url   string
	pprof string // the pprof listener's address, when built with it
	// transport is shared by every client, so that connections are kept
	// and reused as a browser would.
	transport *http.Transport
}

var listening = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// serve starts jiaoliu serve --demo on dsn and waits until it listens.
func serve(bin, dir, dsn string, withPprof bool) (*server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	c := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0")
	c.Dir = dir
	c.Env = append(os.Environ(), "JIAOLIU_DB="+dsn, "JIAOLIU_DATA_KEY="+strings.Repeat("5a", 32), "USER=bench")
	s := &server{cmd: c}
	if withPprof {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		s.pprof = fmt.Sprintf("127.0.0.1:%d", port)
		c.Env = append(c.Env, "JIAOLIU_PPROF_ADDR="+s.pprof)
	}
	stdout, err := c.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	c.Stderr = &tail{buf: &stderr}
	if err := c.Start(); err != nil {
		return nil, err
	}
	lines := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(5*time.Minute, func() { c.Process.Kill() })
	defer deadline.Stop()
	for lines.Scan() {
		if u := listening.FindString(lines.Text()); u != "" {
			go io.Copy(io.Discard, stdout)
			s.url = u
			s.transport = &http.Transport{MaxIdleConns: 1000, MaxIdleConnsPerHost: 1000, IdleConnTimeout: time.Minute}
			return s, nil
		}
	}
	c.Wait()
	return nil, fmt.Errorf("jiaoliu serve did not start: %s", stderr.String())
}

// tail keeps the last few KiB of the server's log (it logs every request).
type tail struct{ buf *bytes.Buffer }

func (t *tail) Write(p []byte) (int, error) {
	t.buf.Write(p)
	if t.buf.Len() > 64<<10 {
		t.buf.Next(t.buf.Len() - 8<<10)
	}
	return len(p), nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func (s *server) stop() { proc.Stop(s.cmd) }

// peakRSS is the server's peak resident memory in MiB (Linux).
func (s *server) peakRSS() float64 { return proc.PeakRSS(s.cmd) }

// profile writes a CPU profile of the next d and then a heap profile.
func (s *server) profile(prefix string, d time.Duration) error {
	secs := max(1, int(d.Seconds()))
	for _, p := range []struct{ path, ext string }{{fmt.Sprintf("/debug/pprof/profile?seconds=%d", secs), "cpu"}, {"/debug/pprof/heap", "heap"}} {
		resp, err := http.Get("http://" + s.pprof + p.path)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(prefix+"."+p.ext, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// session is one signed-in browser of a demo account.
type session struct {
	user string
	c    *http.Client
}

// login signs a new session of user in through the API.
func (s *server) login(user string) (*session, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: s.transport, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sess := &session{user: user, c: c}
	code, err := s.do(sess, "POST", "/api/v1/login", map[string]string{"username": user, "password": "jiaoliu-demo"}, nil)
	if err != nil || code != http.StatusOK {
		return nil, fmt.Errorf("%s sign-in: %d %v", user, code, err)
	}
	return sess, nil
}

// do sends a request with a JSON body (when not nil) and decodes a 2xx JSON
// answer into v (when not nil); it returns the status, and an error with
// the start of the answer for any other status.
func (s *server) do(sess *session, method, path string, body, v any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := sess.c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return resp.StatusCode, err
		}
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}
