package plan_test

import (
	"context"
	"testing"

	"jiaoliu/internal/plan"
)

// solveSmall solves an instance and checks the plan against the instance.
func solveSmall(t *testing.T, in *plan.Instance) *plan.Plan {
	t.Helper()
	p, err := plan.Solve(context.Background(), in, plan.Options{MaxNodes: 200})
	if err != nil {
		return nil
	}
	if vs := plan.Check(in, p); len(vs) > 0 {
		t.Fatalf("plan fails Check: %s", vs[0].English)
	}
	return p
}
