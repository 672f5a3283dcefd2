package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"jiaoliu/internal/app"
)

// Status says what a plan proves.
type Status string

// The plan statuses of PLANNER.md.
const (
	// StatusOptimal: the plan is feasible and Bound equals Objective within
	// 1e-6 relative, so no feasible plan is better.
	StatusOptimal Status = "optimal"
	// StatusFeasible: the plan is feasible; Bound - Objective is the proven gap.
	StatusFeasible Status = "feasible"
	// StatusInfeasible: no feasible plan exists; Explanation says why.
	StatusInfeasible Status = "infeasible"
)

// PlanVersion is the plan format version this package writes.
const PlanVersion = 1

// Plan is the planner's answer for one instance. Moves are sorted by teacher
// id and the JSON form is byte-for-byte reproducible.
type Plan struct {
	Version   int     `json:"version"`
	Status    Status  `json:"status"`
	Objective float64 `json:"objective"`
	// Bound is an upper bound on the objective of every feasible plan.
	Bound       float64 `json:"bound"`
	Moves       []Move  `json:"moves"`
	Explanation string  `json:"explanation"`
	// Reasons are the causes of infeasibility behind Explanation, for
	// applications that show one language at a time.
	Reasons []Reason `json:"-"`
	// Stats describe the search; they are not part of the plan file.
	Stats Stats `json:"-"`
}

// Move sends a teacher from their school to another one.
type Move struct {
	Teacher string  `json:"teacher"`
	From    string  `json:"from"`
	To      string  `json:"to"`
	Value   float64 `json:"value"`
}

// Reason is one cause of infeasibility in Chinese and English, with a
// machine code (the same codes as Violation).
type Reason struct {
	Code    string
	Zh      string
	English string
}

// Stats describe how a plan was found.
type Stats struct {
	Nodes      int // branch-and-bound nodes solved
	Pricings   int // min-cost-flow solves
	Columns    int // circulations generated
	Arcs       int // arcs of the flow network
	FlowNodes  int // nodes of the flow network
	SideRows   int // side constraints priced by Lagrangian multipliers
	RootBound  float64
	Incumbents int
}

// WritePlan writes p as indented JSON, moves sorted by teacher id.
func WritePlan(w io.Writer, p *Plan) error {
	out := *p
	out.Moves = append([]Move{}, p.Moves...)
	sort.SliceStable(out.Moves, func(i, j int) bool { return out.Moves[i].Teacher < out.Moves[j].Teacher })
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

// ReadPlan decodes a plan file strictly (unknown fields are an error).
func ReadPlan(r io.Reader) (*Plan, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var p Plan
	if err := dec.Decode(&p); err != nil {
		return nil, &app.Error{Code: app.Invalid, Message: "方案文件格式有误", English: "Malformed plan file",
			Op: "plan.ReadPlan", Err: err}
	}
	if p.Moves == nil {
		p.Moves = []Move{}
	}
	return &p, nil
}

// Evaluate sets the value of every move from the instance (PLANNER.md:
// priority − weights.distance × distance − weights.preference × preference
// penalty) and returns the objective, the sum of the values taken in order
// of teacher id. It fails on a move naming an unknown teacher or school; it
// does not judge feasibility (see Check).
func Evaluate(in *Instance, moves []Move) (float64, error) {
	return newIndex(in).evaluate(moves)
}

func (x *index) evaluate(moves []Move) (float64, error) {
	for i := range moves {
		t, ok := x.teacher[moves[i].Teacher]
		if !ok {
			return 0, app.Errorf(app.Invalid, fmt.Sprintf("未知教师 %q", moves[i].Teacher),
				fmt.Sprintf("unknown teacher %q", moves[i].Teacher))
		}
		s, ok := x.school[moves[i].To]
		if !ok {
			return 0, app.Errorf(app.Invalid, fmt.Sprintf("未知学校 %q", moves[i].To),
				fmt.Sprintf("unknown school %q", moves[i].To))
		}
		moves[i].Value = x.value(t, s)
	}
	return objective(moves), nil
}

// objective sums the move values in order of teacher id, so that the same
// set of moves always gives the same float64.
func objective(moves []Move) float64 {
	order := make([]int, len(moves))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return moves[order[a]].Teacher < moves[order[b]].Teacher })
	var sum float64
	for _, i := range order {
		sum += moves[i].Value
	}
	return sum
}
