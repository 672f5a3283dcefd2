package plan_test

import (
	"fmt"
	"slices"
	"testing"

	"jiaoliu/internal/plan"
)

// checkInstance is a small county: S1 urban, S2 rural 5 km away, S3 weak 10
// km away, S4 urban and 30 km away in another consortium.
func checkInstance() *plan.Instance {
	return &plan.Instance{
		Version: 1,
		Policy:  plan.Policy{Target: 2, MinBackbone: 1, MaxDistanceKm: 15, BackboneToRuralOrWeak: true},
		Weights: plan.Weights{Distance: 1, Preference: 2},
		Schools: []plan.School{
			{ID: "S1", XKm: 0, YKm: 0, Consortium: "C1"},
			{ID: "S2", Rural: true, XKm: 3, YKm: 4, Consortium: "C1"},
			{ID: "S3", Weak: true, XKm: -6, YKm: 8, Consortium: "C1"},
			{ID: "S4", XKm: 30, YKm: 0, Consortium: "C2"},
		},
		Staffing: []plan.Staffing{
			{School: "S1", Subject: "数学", Min: 1, Max: 4},
			{School: "S2", Subject: "数学", Min: 1, Max: 3},
			{School: "S3", Subject: "数学", Min: 0, Max: 1},
			{School: "S4", Subject: "数学", Min: 0, Max: 2},
		},
		Teachers: []plan.Teacher{
			{ID: "T1", School: "S1", Subject: "数学", Backbone: true, Candidate: true, Priority: 12.5, Prefs: []string{"S3", "S2"}},
			{ID: "T2", School: "S1", Subject: "数学", Candidate: true, Priority: 8},
			{ID: "T3", School: "S2", Subject: "数学"},
			{ID: "T4", School: "S1", Subject: "数学", Candidate: true, Priority: 3},
			{ID: "T5", School: "S4", Subject: "语文", Candidate: true, Priority: 3},
		},
	}
}

func move(teacher, from, to string) plan.Move { return plan.Move{Teacher: teacher, From: from, To: to} }

// planOf builds a plan with model values and the objective filled in.
func planOf(t *testing.T, in *plan.Instance, moves ...plan.Move) *plan.Plan {
	t.Helper()
	obj, err := plan.Evaluate(in, moves)
	if err != nil {
		t.Fatal(err)
	}
	return &plan.Plan{Version: 1, Status: plan.StatusFeasible, Objective: obj, Bound: obj + 1, Moves: moves}
}

func TestCheck(t *testing.T) {
	good := []plan.Move{move("T1", "S1", "S3"), move("T2", "S1", "S2")}
	tests := []struct {
		name   string
		policy func(*plan.Policy)
		plan   func(in *plan.Instance) *plan.Plan
		want   []string // violation codes, in order
	}{
		{"feasible", nil, func(in *plan.Instance) *plan.Plan { return planOf(t, in, good...) }, nil},
		{"not a candidate", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T3", "S2", "S1"))
		}, []string{plan.CodeNotCandidate, plan.CodeStaffingMin}},
		{"moves twice", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T1", "S1", "S2"))
		}, []string{plan.CodeDuplicateTeacher}},
		{"unknown teacher", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Moves = append(p.Moves, move("T9", "S1", "S2"))
			return p
		}, []string{plan.CodeUnknownTeacher, plan.CodeTarget}},
		{"wrong origin", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S2", "S3"), move("T2", "S1", "S2"))
		}, []string{plan.CodeWrongOrigin}},
		{"same school", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T2", "S1", "S1"))
		}, []string{plan.CodeSameSchool}},
		{"staffing maximum", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T2", "S1", "S3"))
		}, []string{plan.CodeStaffingMax}},
		{"balanced cell without a row", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T5", "S4", "S3"))
		}, []string{plan.CodeDistance, plan.CodeStaffingMin, plan.CodeStaffingMax}},
		{"target", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"))
		}, []string{plan.CodeTarget}},
		{"backbone minimum", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T4", "S1", "S3"), move("T2", "S1", "S2"))
		}, []string{plan.CodeMinBackbone}},
		{"backbone to an urban school", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S4"), move("T2", "S1", "S2"))
		}, []string{plan.CodeBackboneDestination}},
		{"too far", nil, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T2", "S1", "S4"))
		}, []string{plan.CodeDistance}},
		{"consortium", func(p *plan.Policy) { p.WithinConsortium, p.MaxDistanceKm = true, 0 }, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, move("T1", "S1", "S3"), move("T2", "S1", "S4"))
		}, []string{plan.CodeConsortium}},
		{"out share", func(p *plan.Policy) { p.MaxOutShare = 0.5 }, func(in *plan.Instance) *plan.Plan {
			return planOf(t, in, good...)
		}, []string{plan.CodeOutShare}},
		{"value", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Moves[0].Value += 0.5
			p.Objective += 0.5
			return p
		}, []string{plan.CodeValue}},
		{"objective", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Objective += 1
			return p
		}, []string{plan.CodeObjective}},
		{"bound below objective", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Bound = p.Objective - 1
			return p
		}, []string{plan.CodeBound}},
		{"optimal without proof", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Status = plan.StatusOptimal
			return p
		}, []string{plan.CodeStatus}},
		{"infeasible with moves", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Status = plan.StatusInfeasible
			return p
		}, []string{plan.CodeInfeasibleMoves}},
		{"version", nil, func(in *plan.Instance) *plan.Plan {
			p := planOf(t, in, good...)
			p.Version = 2
			return p
		}, []string{plan.CodeVersion}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := checkInstance()
			if tc.policy != nil {
				tc.policy(&in.Policy)
			}
			vs := plan.Check(in, tc.plan(in))
			var got []string
			for _, v := range vs {
				got = append(got, v.Code)
				if v.Zh == "" || v.English == "" {
					t.Errorf("violation %s lacks a message: %+v", v.Code, v)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("codes %v, want %v\n%s", got, tc.want, describe(vs))
			}
		})
	}
}

func describe(vs []plan.Violation) string {
	s := ""
	for _, v := range vs {
		s += fmt.Sprintf("  %s: %s / %s\n", v.Code, v.Zh, v.English)
	}
	return s
}

func TestEvaluate(t *testing.T) {
	in := checkInstance()
	moves := []plan.Move{move("T2", "S1", "S2"), move("T1", "S1", "S3")}
	obj, err := plan.Evaluate(in, moves)
	if err != nil {
		t.Fatal(err)
	}
	// T1 → S3: 12.5 − 1×10 − 2×0 (first preference); T2 → S2: 8 − 1×5 − 0 (no preferences).
	if moves[1].Value != 2.5 || moves[0].Value != 3 || obj != 5.5 {
		t.Errorf("values %v, objective %v", moves, obj)
	}
	// T1 → S2 is the second preference; S1 → S4 unlisted costs len(prefs).
	if _, err := plan.Evaluate(in, []plan.Move{move("T9", "S1", "S2")}); err == nil {
		t.Error("an unknown teacher must be an error")
	}
	m := []plan.Move{move("T1", "S1", "S2"), move("T1", "S1", "S4")}
	plan.Evaluate(in, m)
	if m[0].Value != 12.5-5-2 || m[1].Value != 12.5-30-4 {
		t.Errorf("preference penalties: %v", m)
	}
}
