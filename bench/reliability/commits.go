package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// commits imports rosters the way the web page does — upload, preview,
// commit — and kills the server with SIGKILL at a random moment after the
// commit request, while the commit runs as a background run inside it. It
// restarts the server and counts partial writes (the batch's school and
// educators neither all there nor all absent), audit verify failures, and
// lost acknowledged writes: a commit the server reported done, or a run it
// answered 202 for, missing after the restart.
func (b *bench) commits(rounds int) {
	path := b.fresh("commits")
	b.user(path, "importer", "导入员", "importer-password-1")
	rb := &rosterBatches{dir: filepath.Dir(path)}
	s := b.serve(path)
	c := client()
	s.signIn(c, "importer", "importer-password-1")
	// A first commit, not killed, gives the time a whole one takes.
	files, code := rb.batch()
	preview := s.preview(c, files)
	start := time.Now()
	run, err := s.startCommit(c, preview)
	check(err)
	if st, _ := s.waitRun(c, run, 5*time.Minute); st.Status != "done" || !rosterOutcome(path, code).whole {
		check(fmt.Errorf("calibration commit: %s %s", st.Status, st.Error))
	}
	whole := time.Since(start)
	t := &tally{}
	atKill, stillQueued := map[string]int{}, 0
	for r := range rounds {
		files, code := rb.batch()
		preview := s.preview(c, files)
		seen := make(chan commitSeen, 1)
		go func() { seen <- s.commitAndWatch(c, preview) }()
		time.Sleep(randomMoment(whole))
		s.kill()
		sn := <-seen
		// The round's commit run as the kill left it: none when the request
		// had not come in.
		var run int64
		status := "none"
		scan(path, []any{&run, &status}, `SELECT id, status FROM runs WHERE kind = 'roster.commit' AND id > $1
			UNION ALL SELECT 0, 'none' ORDER BY 1 DESC LIMIT 1`, preview)
		atKill[status]++
		s = b.serve(path)
		if status == "queued" {
			// The restarted server works it, unless the kill came after
			// the queue had handed it out: then it waits for the rescue.
			if _, ok := s.waitRun(c, run, 30*time.Second); !ok {
				stillQueued++
			}
		}
		if sn.run != 0 && query(path, `SELECT COUNT(*) FROM runs WHERE id = $1`, sn.run) != 1 {
			t.lost++
			fmt.Printf("  round %d: the server answered 202 for run %d, which is gone after the restart\n", r, sn.run)
		}
		t.settle(r, rosterOutcome(path, code), sn.done)
		t.verify(b, path, r)
	}
	s.stop()
	fmt.Printf("kill -9 of the server during roster commits (web: upload, preview, commit as a background run; restart after each): %d rounds\n", rounds)
	fmt.Printf("  %d killed before the commit was reported done, %d reported done first; a whole commit of %d takes %s\n",
		rounds-t.acked, t.acked, importSize, whole.Round(time.Millisecond))
	fmt.Printf("  the round's run at the kill: not yet requested %d; queued %d (of which %d not worked by the restarted server within 30s: left queued until the queue rescues it); running %d (shown as running after the restart until the queue rescues it); done %d; failed %d\n",
		atKill["none"], atKill["queued"], stillQueued, atKill["running"], atKill["done"], atKill["failed"])
	t.print()
}

// commitSeen is what a client saw of a commit before the kill: the run the
// server answered 202 for (0: none), and whether it was reported done.
type commitSeen struct {
	run  int64
	done bool
}

// commitAndWatch starts the commit of a preview and polls its run until it
// is done, failed, or the server is gone.
func (s *server) commitAndWatch(c *http.Client, preview int64) commitSeen {
	var sn commitSeen
	run, err := s.startCommit(c, preview)
	if err != nil {
		return sn
	}
	sn.run = run
	for {
		st, err := s.run(c, sn.run)
		if err != nil || st.Status == "failed" {
			return sn
		}
		if st.Status == "done" {
			sn.done = true
			return sn
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runState is a background run as the API shows it.
type runState struct {
	ID     int64           `json:"id"`
	Status string          `json:"status"`
	Result json.RawMessage `json:"result"`
	Error  string          `json:"error"`
}

func (s *server) run(c *http.Client, id int64) (runState, error) {
	var st runState
	resp, err := c.Get(fmt.Sprintf("%s/api/v1/runs/%d", s.url, id))
	if err != nil {
		return st, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return st, fmt.Errorf("GET run %d: %d", id, resp.StatusCode)
	}
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

// waitRun polls run id until it finishes, for at most the given time; it
// reports whether it did.
func (s *server) waitRun(c *http.Client, id int64, within time.Duration) (runState, bool) {
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		st, err := s.run(c, id)
		check(err)
		if st.Status == "done" || st.Status == "failed" {
			return st, true
		}
	}
	return runState{}, false
}

// preview uploads roster files as the import page does and waits for the
// preview run, which must find no error; it returns the run's id.
func (s *server) preview(c *http.Client, files []string) int64 {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, err := mw.CreateFormFile("file", filepath.Base(f))
		check(err)
		content, err := os.ReadFile(f)
		check(err)
		_, err = w.Write(content)
		check(err)
	}
	check(mw.Close())
	var m struct {
		Run runState `json:"run"`
	}
	code, err := s.post(c, "/api/v1/roster/imports", mw.FormDataContentType(), &body, &m)
	if err != nil || code != 202 {
		check(fmt.Errorf("upload: %d %v", code, err))
	}
	st, _ := s.waitRun(c, m.Run.ID, 5*time.Minute)
	var res struct {
		Errors int `json:"errors"`
	}
	if st.Status != "done" || json.Unmarshal(st.Result, &res) != nil || res.Errors > 0 {
		check(fmt.Errorf("preview run %d: %q %s %s", m.Run.ID, st.Status, st.Error, st.Result))
	}
	return st.ID
}

// startCommit starts the commit of a preview and returns its run's id.
func (s *server) startCommit(c *http.Client, preview int64) (int64, error) {
	var m struct {
		Run runState `json:"run"`
	}
	code, err := s.post(c, fmt.Sprintf("/api/v1/roster/imports/%d/commit", preview), "application/json", nil, &m)
	if err == nil && code != 202 {
		err = fmt.Errorf("commit of preview %d: %d", preview, code)
	}
	return m.Run.ID, err
}
