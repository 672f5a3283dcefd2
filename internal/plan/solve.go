package plan

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"jiaoliu/internal/app"
)

// Options steer one solve. The zero value solves to proven optimality.
type Options struct {
	// Pins are moves the plan must contain (a bureau's decision the solver
	// re-optimises around).
	Pins []Pin
	// Forbids are moves the plan must not contain.
	Forbids []Forbid
	// Progress, when set, is called after every node of the search.
	Progress func(Progress)
	// MaxNodes stops the search after that many nodes; 0 is no limit.
	MaxNodes int
	// TimeLimit stops the search after that long; 0 is no limit. A search
	// stopped early returns the best plan found with status feasible.
	TimeLimit time.Duration
}

// Pin requires teacher Teacher to move to school School.
type Pin struct {
	Teacher string `json:"teacher"`
	School  string `json:"school"`
}

// Forbid keeps teacher Teacher from moving to school School, or from
// moving at all when School is empty.
type Forbid struct {
	Teacher string `json:"teacher"`
	School  string `json:"school,omitempty"`
}

// Progress reports the state of a running search.
type Progress struct {
	Nodes     int
	Open      int
	Feasible  bool    // a feasible plan has been found
	Objective float64 // its objective; NaN before
	Bound     float64 // the best proven upper bound so far
	Elapsed   time.Duration
}

// Solve finds a plan of maximum objective for a valid instance (PLANNER.md).
// The plan is optimal when the search proves it, feasible with a proven gap
// when Options stopped the search early, or infeasible with an explanation.
// Bound is always a valid upper bound. The result depends on nothing but the
// instance and the options (not on timing, unless a limit stops the search).
// Errors: app.Invalid for an invalid instance or pins naming unknown
// teachers or schools; the context's error when it is cancelled.
func Solve(ctx context.Context, in *Instance, opts Options) (*Plan, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	x := newIndex(in)
	pins, err := resolvePins(x, &opts)
	if err != nil {
		return nil, err
	}
	if rs := diagnose(x, pins); len(rs) > 0 {
		return infeasiblePlan(rs, Stats{}), nil
	}
	out, err := search(ctx, x, pins, &opts, false)
	if err != nil {
		return nil, err
	}
	switch {
	case out.infeasible && len(out.reasons) == 0:
		rs, err := fallbackReasons(ctx, in, opts)
		if err != nil {
			return nil, err
		}
		return infeasiblePlan(rs, out.stats), nil
	case out.infeasible:
		return infeasiblePlan(out.reasons, out.stats), nil
	case !out.found:
		return nil, &app.Error{Code: app.Conflict, Op: "plan.Solve",
			Message: "在限定的时间或节点数内没有找到可行方案，也未能证明无解",
			English: "No feasible plan was found within the limits, nor proven impossible"}
	}
	p := &Plan{Version: PlanVersion, Status: StatusFeasible, Objective: out.objective, Bound: math.Max(out.bound, out.objective),
		Moves: out.moves, Stats: out.stats}
	if near(p.Bound, p.Objective, OptimalityTolerance) {
		p.Status = StatusOptimal
	}
	return p, nil
}

func infeasiblePlan(rs []Reason, st Stats) *Plan {
	return &Plan{Version: PlanVersion, Status: StatusInfeasible, Moves: []Move{}, Explanation: explanation(rs),
		Reasons: rs, Stats: st}
}

// invalidOption is the error of options naming unknown teachers or schools.
func invalidOption(path, zh, en string) error {
	return &app.Error{Code: app.Invalid, Op: "plan.Solve", Message: path + "：" + zh, English: path + ": " + en}
}

type outcome struct {
	found      bool // a feasible plan was found
	infeasible bool // no feasible plan exists (proven)
	moves      []Move
	objective  float64
	bound      float64
	reasons    []Reason
	stats      Stats
}

// search runs the branch and bound; firstOnly stops at the first feasible plan.
func search(ctx context.Context, x *index, pins *pinning, opts *Options, firstOnly bool) (outcome, error) {
	md := buildModel(x, pins)
	if len(md.reasons) > 0 {
		return outcome{infeasible: true, reasons: md.reasons}, nil
	}
	s := newSearcher(ctx, md, pins, opts)
	s.firstOnly = firstOnly
	bound, finished, err := s.run()
	s.stats.SideRows = len(md.rows)
	if err != nil {
		return outcome{}, err
	}
	if !s.hasInc {
		return outcome{infeasible: finished, stats: s.stats}, nil
	}
	return outcome{found: true, moves: s.incMoves, objective: s.incObj, bound: bound, stats: s.stats}, nil
}

// fallbackReasons explains an infeasibility that counting did not: it drops
// one group of constraints at a time and reports the groups whose removal
// alone lets a plan exist; when the staffing quotas are one, it names the
// quota gaps that cannot all be closed together.
func fallbackReasons(ctx context.Context, in *Instance, opts Options) ([]Reason, error) {
	var fixes []relaxation
	staffingFixes := false
	for _, r := range relaxations(in, &opts) {
		cp := *in
		o := opts
		r.apply(&cp, &o)
		ok, err := feasibleWith(ctx, &cp, o)
		if err != nil {
			return nil, err
		}
		if ok {
			fixes = append(fixes, r)
			staffingFixes = staffingFixes || r.staffing
		}
	}
	var rs []Reason
	if staffingFixes {
		r, err := staffingGaps(ctx, in, opts)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r...)
	}
	const zhHead = "不存在同时满足全部条件的方案（求解器已排除所有可能）"
	const enHead = "no plan meets all the conditions together (the solver ruled out every possibility)"
	if len(fixes) == 0 {
		return append(rs, Reason{Code: CodeInfeasible,
			Zh:      zhHead + "；单独放宽任何一项条件都不够，需要同时调整多项条件",
			English: enHead + "; relaxing any single condition is not enough, several must change together"}), nil
	}
	zh := make([]string, len(fixes))
	en := make([]string, len(fixes))
	for i, f := range fixes {
		zh[i], en[i] = f.zh, f.en
	}
	return append(rs, Reason{Code: CodeInfeasible,
		Zh:      fmt.Sprintf("%s；单独放宽以下任一条件即可排出方案：%s", zhHead, strings.Join(zh, "、")),
		English: fmt.Sprintf("%s; relaxing any one of these would allow a plan: %s", enHead, strings.Join(en, "; "))}), nil
}

// explainNodes bounds the search for each variant the explanation tries: a
// node count, not a time, so that the explanation is reproducible.
const explainNodes = 60

// feasibleWith reports whether a plan is found for a variant of the
// instance within a small search (false may also mean "not found within
// explainNodes nodes").
func feasibleWith(ctx context.Context, in *Instance, opts Options) (bool, error) {
	o := Options{Pins: opts.Pins, Forbids: opts.Forbids, MaxNodes: explainNodes}
	x := newIndex(in)
	pins, err := resolvePins(x, &o)
	if err != nil {
		return false, err
	}
	out, err := search(ctx, x, pins, &o, true)
	return out.found, err
}

// maxGapRows bounds the staffing rows the explanation tests one by one.
const maxGapRows = 40

// staffingGaps finds a minimal set of staffing rows that the current staff
// breaks (a shortage to fill or a surplus to place) whose quotas cannot all
// be met: relaxing them to today's numbers allows a plan, and each one of
// them is needed for that. It returns nothing when that is not so.
func staffingGaps(ctx context.Context, in *Instance, opts Options) ([]Reason, error) {
	x := newIndex(in)
	var gaps []int // staffing rows
	for i, r := range in.Staffing {
		c := x.cells[x.cellOf[cellKey{x.school[r.School], subjectIndex(x, r.Subject)}]]
		if c.cur < r.Min || c.cur > r.Max {
			gaps = append(gaps, i)
		}
	}
	if len(gaps) == 0 || len(gaps) > maxGapRows {
		return nil, nil
	}
	relaxed := map[int]bool{}
	for _, i := range gaps {
		relaxed[i] = true
	}
	variant := func() *Instance {
		cp := *in
		cp.Staffing = append([]Staffing(nil), in.Staffing...)
		for i := range relaxed {
			r := &cp.Staffing[i]
			c := x.cells[x.cellOf[cellKey{x.school[r.School], subjectIndex(x, r.Subject)}]]
			r.Min, r.Max = min(r.Min, c.cur), max(r.Max, c.cur)
		}
		return &cp
	}
	if ok, err := feasibleWith(ctx, variant(), opts); err != nil || !ok {
		return nil, err
	}
	for _, i := range gaps {
		delete(relaxed, i)
		ok, err := feasibleWith(ctx, variant(), opts)
		if err != nil {
			return nil, err
		}
		if !ok {
			relaxed[i] = true
		}
	}
	var zh, en []string
	for _, i := range gaps {
		if !relaxed[i] {
			continue
		}
		r := in.Staffing[i]
		c := x.cells[x.cellOf[cellKey{x.school[r.School], subjectIndex(x, r.Subject)}]]
		if c.cur < r.Min {
			zh = append(zh, fmt.Sprintf("%s%s（现有%d名，编制下限%d名）", r.School, r.Subject, c.cur, r.Min))
			en = append(en, fmt.Sprintf("%s %s (%d now, minimum %d)", r.School, r.Subject, c.cur, r.Min))
		} else {
			zh = append(zh, fmt.Sprintf("%s%s（现有%d名，编制上限%d名）", r.School, r.Subject, c.cur, r.Max))
			en = append(en, fmt.Sprintf("%s %s (%d now, maximum %d)", r.School, r.Subject, c.cur, r.Max))
		}
	}
	return []Reason{{Code: CodeStaffingMin,
		Zh:      "在其他条件下，以下学校学科的编制缺口无法同时补足：" + strings.Join(zh, "、"),
		English: "under the other conditions these staffing gaps cannot all be closed: " + strings.Join(en, ", ")}}, nil
}

func subjectIndex(x *index, name string) int {
	for j, s := range x.subjects {
		if s == name {
			return j
		}
	}
	return -1
}
