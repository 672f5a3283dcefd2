package plan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/plan/plantest"
)

func solve(t *testing.T, in *plan.Instance, opts plan.Options) *plan.Plan {
	t.Helper()
	p, err := plan.Solve(context.Background(), in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if vs := plan.Check(in, p); len(vs) > 0 {
		t.Fatalf("plan fails Check:\n%s", describe(vs))
	}
	return p
}

func TestSolveSmall(t *testing.T) {
	in := checkInstance()
	p := solve(t, in, plan.Options{})
	if p.Status != plan.StatusOptimal || len(p.Moves) != 2 {
		t.Fatalf("plan %+v", p)
	}
	// T1 (backbone) must reach a rural or weak school: S2, its second
	// preference (12.5 − 5 − 2), beats S3 (12.5 − 10); T2 adds the most.
	want := []plan.Move{{Teacher: "T1", From: "S1", To: "S2", Value: 5.5}, {Teacher: "T2", From: "S1", To: "S2", Value: 3}}
	if fmt.Sprint(p.Moves) != fmt.Sprint(want) || p.Objective != 8.5 {
		t.Errorf("moves %v objective %v, want %v", p.Moves, p.Objective, want)
	}
}

// backboneShortInstance has 11 backbone candidates who can reach the one
// rural school and 5 more already there, where 18 must move.
func backboneShortInstance() *plan.Instance {
	in := &plan.Instance{
		Version: 1,
		Policy:  plan.Policy{Target: 20, MinBackbone: 18, BackboneToRuralOrWeak: true},
		Schools: []plan.School{{ID: "S1"}, {ID: "S2", Rural: true, XKm: 5}},
		Staffing: []plan.Staffing{
			{School: "S1", Subject: "数学", Min: 0, Max: 100},
			{School: "S2", Subject: "数学", Min: 0, Max: 100},
		},
	}
	for i := 0; i < 40; i++ {
		t := plan.Teacher{ID: fmt.Sprintf("T%02d", i), School: "S1", Subject: "数学", Candidate: true, Priority: float64(i)}
		switch {
		case i < 11:
			t.Backbone = true
		case i < 16:
			t.Backbone, t.School = true, "S2"
		}
		in.Teachers = append(in.Teachers, t)
	}
	return in
}

// pairsInstance has no staffing rows: every school must keep its number of
// teachers, so moves come in swaps and a single move is impossible, which
// only the search can show.
func pairsInstance() *plan.Instance {
	in := &plan.Instance{Version: 1, Policy: plan.Policy{Target: 1}}
	for s := 1; s <= 3; s++ {
		in.Schools = append(in.Schools, plan.School{ID: fmt.Sprintf("S%d", s), XKm: float64(s)})
		for k := 0; k < 2; k++ {
			in.Teachers = append(in.Teachers, plan.Teacher{ID: fmt.Sprintf("T%d%d", s, k), School: fmt.Sprintf("S%d", s),
				Subject: "数学", Candidate: true, Priority: float64(s + k)})
		}
	}
	return in
}

func TestInfeasibleExplanations(t *testing.T) {
	tests := []struct {
		name string
		in   func() *plan.Instance
		code string
		zh   string
	}{
		{"backbone cannot reach rural or weak schools", backboneShortInstance, plan.CodeMinBackbone,
			"只有11名骨干候选人能去农村或薄弱学校，至少需要18名"},
		{"target above candidates", func() *plan.Instance {
			in := checkInstance()
			in.Policy.Target = 5
			return in
		}, plan.CodeTarget, "目标需要5名"},
		{"backbone above target", func() *plan.Instance {
			in := checkInstance()
			in.Policy.MinBackbone = 3
			return in
		}, plan.CodeMinBackbone, "至少需要3名骨干教师交流，但交流总人数目标只有2名"},
		{"staffing minimum out of reach", func() *plan.Instance {
			in := checkInstance()
			in.Staffing[3].Min, in.Staffing[3].Max = 3, 4
			return in
		}, plan.CodeStaffingMin, "S4数学教师至少需要3名，现有0名"},
		{"caps too tight", func() *plan.Instance {
			in := backboneShortInstance()
			in.Policy.MinBackbone, in.Policy.BackboneToRuralOrWeak, in.Policy.MaxOutShare = 0, false, 0.2
			return in
		}, plan.CodeOutShare, "每校调出不超过在编人数的20%，全县最多只能交流8名，目标需要20名"},
		{"moves must come in pairs", pairsInstance, plan.CodeInfeasible, "交流人数目标（1名）"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in()
			p := solve(t, in, plan.Options{})
			if p.Status != plan.StatusInfeasible {
				t.Fatalf("status %s", p.Status)
			}
			if len(p.Reasons) == 0 || p.Reasons[0].Code != tc.code {
				t.Errorf("reasons %+v, want code %s", p.Reasons, tc.code)
			}
			if !strings.Contains(p.Explanation, tc.zh) {
				t.Errorf("explanation %q lacks %q", p.Explanation, tc.zh)
			}
			if zh, _, _ := strings.Cut(p.Explanation, "\n"); strings.ContainsAny(zh, "abcdefghijklmnopqrstuvwxyz") &&
				!strings.Contains(zh, "S") {
				t.Errorf("the first line must be Chinese: %q", zh)
			}
			if len(p.Moves) != 0 {
				t.Error("an infeasible plan lists moves")
			}
		})
	}
}

func TestPinsAndForbids(t *testing.T) {
	in := checkInstance()
	in.Policy.MaxOutShare = 0
	// Pin T2 to S3 (its second-best), forbid T1 from S3: T1 must go to S2.
	p := solve(t, in, plan.Options{Pins: []plan.Pin{{Teacher: "T2", School: "S3"}},
		Forbids: []plan.Forbid{{Teacher: "T1", School: "S3"}}})
	if p.Status != plan.StatusOptimal || fmt.Sprint(p.Moves) != "[{T1 S1 S2 5.5} {T2 S1 S3 -2}]" {
		t.Errorf("plan %s %v", p.Status, p.Moves)
	}
	// Forbid T2 from moving at all: T4 takes its place.
	p = solve(t, in, plan.Options{Forbids: []plan.Forbid{{Teacher: "T2"}}})
	if p.Status != plan.StatusOptimal || len(p.Moves) != 2 || p.Moves[1].Teacher != "T4" {
		t.Errorf("plan %s %v", p.Status, p.Moves)
	}
	// A pin that breaks a rule makes the plan infeasible and says why.
	p = solve(t, in, plan.Options{Pins: []plan.Pin{{Teacher: "T1", School: "S4"}}})
	if p.Status != plan.StatusInfeasible || p.Reasons[0].Code != plan.CodePin || !strings.Contains(p.Explanation, "T1→S4") {
		t.Errorf("plan %s %q", p.Status, p.Explanation)
	}
	// So does a pin of a teacher who is not a candidate.
	p = solve(t, in, plan.Options{Pins: []plan.Pin{{Teacher: "T3", School: "S1"}}})
	if p.Status != plan.StatusInfeasible || p.Reasons[0].Code != plan.CodePin || !strings.Contains(p.Explanation, "不是交流候选人") {
		t.Errorf("plan %s %q", p.Status, p.Explanation)
	}
	// Pins naming unknown people are an invalid request.
	_, err := plan.Solve(context.Background(), in, plan.Options{Pins: []plan.Pin{{Teacher: "T9", School: "S1"}}})
	if app.ErrorCode(err) != app.Invalid || !strings.Contains(err.Error(), "pins[0].teacher") {
		t.Errorf("error %v", err)
	}
}

// TestPinsAgainstCBC re-optimises random instances around pins and forbids
// taken from their optimal plans and compares with CBC.
func TestPinsAgainstCBC(t *testing.T) {
	requireCBC(t)
	n := 0
	for seed := uint64(1); n < 8 && seed < 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		sh := plantest.RandomShape(r, 60+r.IntN(200))
		in := plantest.Random(seed, sh)
		p, err := plan.Solve(context.Background(), in, plan.Options{})
		if err != nil || p.Status != plan.StatusOptimal || len(p.Moves) < 3 {
			continue
		}
		n++
		m := p.Moves
		opts := plan.Options{
			Pins:    []plan.Pin{{Teacher: m[0].Teacher, School: m[1].To}},
			Forbids: []plan.Forbid{{Teacher: m[1].Teacher}, {Teacher: m[2].Teacher, School: m[2].To}},
		}
		crossCheck(t, fmt.Sprintf("seed %d with pins", seed), in, opts)
		q, err := plan.Solve(context.Background(), in, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, mv := range q.Moves {
			if mv.Teacher == m[1].Teacher || mv.Teacher == m[2].Teacher && mv.To == m[2].To {
				t.Errorf("seed %d: forbidden move %v", seed, mv)
			}
		}
		if q.Status != plan.StatusInfeasible && !slicesContainsPin(q.Moves, m[0].Teacher, m[1].To) {
			t.Errorf("seed %d: pin %s→%s not honoured: %v", seed, m[0].Teacher, m[1].To, q.Moves)
		}
	}
	if n < 5 {
		t.Fatalf("only %d instances to pin", n)
	}
}

func slicesContainsPin(ms []plan.Move, teacher, school string) bool {
	for _, m := range ms {
		if m.Teacher == teacher && m.To == school {
			return true
		}
	}
	return false
}

func TestDeterministic(t *testing.T) {
	for _, seed := range []uint64{3, 4, 5} {
		r := rand.New(rand.NewPCG(seed, 7))
		in := plantest.Random(seed, plantest.RandomShape(r, 400))
		var first []byte
		for i := 0; i < 3; i++ {
			p := solve(t, in, plan.Options{})
			var buf bytes.Buffer
			if err := plan.WritePlan(&buf, p); err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = buf.Bytes()
			} else if !bytes.Equal(first, buf.Bytes()) {
				t.Fatalf("seed %d: solve %d differs", seed, i)
			}
		}
	}
}

func TestLimits(t *testing.T) {
	// Moves must come in pairs here; proving that takes more than one node.
	_, err := plan.Solve(context.Background(), pairsInstance(), plan.Options{MaxNodes: 1})
	if app.ErrorCode(err) != app.Conflict {
		t.Errorf("with one node: %v, want a conflict (nothing found, nothing proven)", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := plan.Solve(ctx, checkInstance(), plan.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// Progress reports every node with a valid bound.
	var calls int
	solve(t, checkInstance(), plan.Options{Progress: func(p plan.Progress) {
		calls++
		if p.Feasible && p.Bound < p.Objective {
			t.Errorf("progress bound %v below objective %v", p.Bound, p.Objective)
		}
	}})
	if calls == 0 {
		t.Error("no progress reported")
	}
}
