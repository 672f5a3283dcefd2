package main

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// approvals kills the server with SIGKILL at a random moment of a rotation
// plan's approval, which makes the plan's exchanges in one transaction.
// County HR of the demo city (county2) generates a teacher plan through the
// API once; each round approves it on a copy of that database, kills the
// server, restarts it, and counts partial writes (the plan approved, its
// exchanges and its audit row neither all there nor all absent), audit
// verify failures, and lost acknowledged approvals (answered 200 but not
// all there after the restart).
func (b *bench) approvals(rounds int) {
	template := b.fresh("approvals")
	s := b.serve(template, "--demo")
	c := client()
	s.signIn(c, "county2", "jiaoliu-demo")
	id, moves := s.solvedPlan(c)
	s.stop()
	exchanges := query(template, `SELECT COUNT(*) FROM rotation_exchanges`)
	outcome := func(path string) outcome {
		noticed := query(path, `SELECT COUNT(*) FROM planning_plans WHERE id = $1 AND status = 'noticed'`, id)
		links := query(path, `SELECT COUNT(*) FROM planning_exchanges WHERE plan_id = $1`, id)
		made := query(path, `SELECT COUNT(*) FROM rotation_exchanges`) - exchanges
		audited := query(path, `SELECT COUNT(*) FROM audit_log WHERE action = 'rotation.plan.approve'`)
		return outcome{whole: noticed == 1 && links == moves && made == moves && audited == 1,
			none:   noticed == 0 && links == 0 && made == 0 && audited == 0,
			detail: fmt.Sprintf("plan noticed %d, its exchanges %d and links %d of %d, audit rows %d", noticed, made, links, moves, audited)}
	}
	// A first approval, not killed, gives the time a whole one takes.
	path := b.copyOf(template)
	s = b.serve(path)
	s.signIn(c, "county2", "jiaoliu-demo")
	start := time.Now()
	if code := s.approve(c, id); code != 200 {
		check(fmt.Errorf("calibration approval of plan %d: %d", id, code))
	}
	whole := time.Since(start)
	s.stop()
	if o := outcome(path); !o.whole {
		check(fmt.Errorf("calibration approval: %s", o.detail))
	}
	t := &tally{}
	for r := range rounds {
		path := b.copyOf(template)
		s := b.serve(path)
		s.signIn(c, "county2", "jiaoliu-demo")
		answer := make(chan int, 1)
		go func() { answer <- s.approve(c, id) }()
		time.Sleep(randomMoment(whole))
		s.kill()
		code := <-answer
		s = b.serve(path)
		t.settle(r, outcome(path), code == 200)
		t.verify(b, path, r)
		s.stop()
		os.RemoveAll(filepath.Dir(path))
	}
	fmt.Printf("kill -9 of the server during plan approvals (demo county, %d moves a plan; restart after each): %d rounds\n", moves, rounds)
	fmt.Printf("  %d killed before the approval was answered, %d answered first; a whole approval takes %s\n",
		rounds-t.acked, t.acked, whole.Round(time.Millisecond))
	t.print()
}

// approve approves plan id with a week's notice; it returns the answer's
// status (0: no answer).
func (s *server) approve(c *http.Client, id int64) int {
	code, err := s.post(c, fmt.Sprintf("/api/v1/rotation/plans/%d/approve", id), "application/json", strings.NewReader(`{"notice_days":7}`), nil)
	if err != nil {
		return 0
	}
	return code
}

// solvedPlan has c, county HR, generate a teacher plan of its county for
// the next school year and waits until it is solved; it returns the plan's
// id and moves, which must break no rule.
func (s *server) solvedPlan(c *http.Client) (id int64, moves int) {
	var counties struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	getJSON(c, s.url+"/api/v1/counties", &counties)
	var inputs struct {
		Items []struct {
			Input struct {
				SchoolYear int `json:"school_year"`
			} `json:"input"`
		} `json:"items"`
	}
	getJSON(c, s.url+"/api/v1/rotation/plan-inputs?per_page=1", &inputs)
	if len(counties.Items) == 0 || len(inputs.Items) == 0 {
		check(fmt.Errorf("the demo county has no planning inputs"))
	}
	var p struct {
		ID int64 `json:"id"`
	}
	body := fmt.Sprintf(`{"county_id":%d,"school_year":%d,"mode":"teacher"}`, counties.Items[0].ID, inputs.Items[0].Input.SchoolYear)
	if code, err := s.post(c, "/api/v1/rotation/plans", "application/json", strings.NewReader(body), &p); err != nil || code != 202 {
		check(fmt.Errorf("create plan: %d %v", code, err))
	}
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		var progress struct {
			Status string `json:"status"`
		}
		getJSON(c, fmt.Sprintf("%s/api/v1/rotation/plans/%d/progress", s.url, p.ID), &progress)
		if progress.Status == "done" {
			break
		}
		if time.Now().After(deadline) {
			check(fmt.Errorf("plan %d: not solved in five minutes", p.ID))
		}
	}
	var v struct {
		CanApprove bool  `json:"can_approve"`
		Violations []any `json:"violations"`
		Plan       struct {
			Moves []any `json:"moves"`
		} `json:"plan"`
	}
	getJSON(c, fmt.Sprintf("%s/api/v1/rotation/plans/%d", s.url, p.ID), &v)
	if !v.CanApprove || len(v.Violations) > 0 || len(v.Plan.Moves) == 0 {
		check(fmt.Errorf("plan %d: cannot be approved (%d moves, %d violations)", p.ID, len(v.Plan.Moves), len(v.Violations)))
	}
	return p.ID, len(v.Plan.Moves)
}
