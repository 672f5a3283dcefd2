package plan_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"
	"time"

	"jiaoliu/internal/plan"
	"jiaoliu/internal/plan/plantest"
)

// requireCBC skips the test when cbc is missing, or fails it when
// JIAOLIU_TEST_REQUIRE_CBC=1 (as in CI).
func requireCBC(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("cbc"); err != nil {
		if os.Getenv("JIAOLIU_TEST_REQUIRE_CBC") == "1" {
			t.Fatalf("cbc is required (JIAOLIU_TEST_REQUIRE_CBC=1) but not found: %v", err)
		}
		t.Skip("cbc not installed; install coinor-cbc to run the cross-check")
	}
}

// crossCheck solves an instance with the planner and with CBC and requires
// the same verdict, the same optimum and a plan that passes Check. It returns
// the planner's plan and both solving times.
func crossCheck(t *testing.T, name string, in *plan.Instance, opts plan.Options) (p *plan.Plan, ours, cbc time.Duration) {
	t.Helper()
	ctx := context.Background()
	start := time.Now()
	p, err := plan.Solve(ctx, in, opts)
	ours = time.Since(start)
	if err != nil {
		t.Fatalf("%s: Solve: %v", name, err)
	}
	res, err := plantest.SolveCBC(ctx, in, opts.Pins, opts.Forbids, t.TempDir())
	if errors.Is(err, plantest.ErrNoCBC) {
		t.Fatalf("%s: %v", name, err)
	}
	if err != nil {
		t.Fatalf("%s: CBC: %v", name, err)
	}
	cbc = res.Time
	if vs := plan.Check(in, p); len(vs) > 0 {
		t.Fatalf("%s: plan fails Check: %s (%s)", name, vs[0].English, vs[0].Code)
	}
	switch res.Status {
	case "infeasible":
		if p.Status != plan.StatusInfeasible {
			t.Fatalf("%s: CBC says infeasible, planner says %s with objective %g", name, p.Status, p.Objective)
		}
		if p.Explanation == "" {
			t.Fatalf("%s: infeasible without explanation", name)
		}
	case "optimal":
		if p.Status != plan.StatusOptimal {
			t.Fatalf("%s: CBC optimum %g, planner says %s (%s)", name, res.Objective, p.Status, p.Explanation)
		}
		if d := math.Abs(p.Objective - res.Objective); d > 1e-6*math.Max(1, math.Abs(res.Objective)) {
			t.Fatalf("%s: objective %.9f, CBC %.9f (bound %.9f)", name, p.Objective, res.Objective, p.Bound)
		}
		if p.Bound < res.Objective-1e-6*math.Max(1, math.Abs(res.Objective)) {
			t.Fatalf("%s: bound %.9f below CBC's optimum %.9f", name, p.Bound, res.Objective)
		}
	}
	return p, ours, cbc
}

// TestAgainstCBC cross-checks the planner with CBC on random instances. By
// default it solves a sample (two instances of each size up to 500) that
// keeps CI within its time; JIAOLIU_TEST_CBC_SWEEP=full runs the whole sweep
// (six instances of each size up to 2,000, about two minutes on two cores).
// The sample's instances are the first of the sweep's.
func TestAgainstCBC(t *testing.T) {
	requireCBC(t)
	sizes := []int{3, 5, 8, 12, 20, 30, 50, 80, 120, 200, 300, 500, 800, 1200, 2000}
	perSize := 6
	switch {
	case os.Getenv("JIAOLIU_TEST_CBC_SWEEP") == "full":
	case testing.Short():
		sizes, perSize = []int{3, 5, 8, 12, 20, 30, 50, 80, 120, 200}, 1
	default:
		sizes, perSize = []int{3, 5, 8, 12, 20, 30, 50, 80, 120, 200, 300, 500}, 2
	}
	var ours, theirs time.Duration
	infeasible := 0
	for _, n := range sizes {
		for k := 0; k < perSize; k++ {
			seed := uint64(n*1000 + k)
			r := rand.New(rand.NewPCG(seed, 7))
			sh := plantest.RandomShape(r, n)
			in := plantest.Random(seed, sh)
			name := fmt.Sprintf("n=%d seed=%d", n, seed)
			p, o, c := crossCheck(t, name, in, plan.Options{})
			if o > 200*time.Millisecond {
				t.Logf("%s: planner %v, CBC %v", name, o, c)
			}
			ours += o
			theirs += c
			if p.Status == plan.StatusInfeasible {
				infeasible++
			}
		}
	}
	t.Logf("planner %v, CBC %v, %d infeasible", ours, theirs, infeasible)
}
