package plan

import (
	"math"
	"sort"
)

// index is the read-only lookup structure of a valid instance that the
// checker, the evaluator and the solver share, so that all three read the
// rules of PLANNER.md the same way.
type index struct {
	in       *Instance
	school   map[string]int // school id -> index in in.Schools
	teacher  map[string]int // teacher id -> index in in.Teachers
	subjects []string       // subject names, sorted
	tSchool  []int          // per teacher: school index
	tSubject []int          // per teacher: subject index
	staff    []int          // per school: listed teachers
	outCap   []int          // per school: floor(max_out_share × staff), -1 without a cap
	cells    []cell         // every (school, subject) with teachers or a staffing row
	cellOf   map[cellKey]int
	dests    map[groupKey][]int // cache of groupDests
}

// groupKey names the teachers of one school, subject and backbone class:
// the per-move rules treat them alike.
type groupKey struct {
	school, subject int
	backbone        bool
}

type cellKey struct{ school, subject int }

// cell is one (school, subject): its current teachers and the bounds the
// number after the moves must keep.
type cell struct {
	school, subject int
	cur             int
	min, max        int
	hasRow          bool
	candidates      []int // candidate teachers, in instance order
	accepts         bool  // can take in a teacher: max − cur + candidates > 0
}

func newIndex(in *Instance) *index {
	x := &index{
		in:      in,
		school:  make(map[string]int, len(in.Schools)),
		teacher: make(map[string]int, len(in.Teachers)),
		cellOf:  make(map[cellKey]int),
	}
	for i, s := range in.Schools {
		x.school[s.ID] = i
	}
	for i, t := range in.Teachers {
		x.teacher[t.ID] = i
	}
	seen := map[string]bool{}
	for _, t := range in.Teachers {
		seen[t.Subject] = true
	}
	for _, r := range in.Staffing {
		seen[r.Subject] = true
	}
	for j := range seen {
		x.subjects = append(x.subjects, j)
	}
	sort.Strings(x.subjects)
	subject := make(map[string]int, len(x.subjects))
	for j, name := range x.subjects {
		subject[name] = j
	}
	x.staff = make([]int, len(in.Schools))
	x.tSchool = make([]int, len(in.Teachers))
	x.tSubject = make([]int, len(in.Teachers))
	for i, t := range in.Teachers {
		s, j := x.school[t.School], subject[t.Subject]
		x.tSchool[i], x.tSubject[i] = s, j
		x.staff[s]++
		c := x.cellIndex(s, j)
		x.cells[c].cur++
		if t.Candidate {
			x.cells[c].candidates = append(x.cells[c].candidates, i)
		}
	}
	for _, r := range in.Staffing {
		c := x.cellIndex(x.school[r.School], subject[r.Subject])
		x.cells[c].min, x.cells[c].max, x.cells[c].hasRow = r.Min, r.Max, true
	}
	for c := range x.cells {
		cl := &x.cells[c]
		if !cl.hasRow {
			cl.min, cl.max = cl.cur, cl.cur
		}
		cl.accepts = cl.max-cl.cur+len(cl.candidates) > 0
	}
	x.dests = map[groupKey][]int{}
	x.outCap = make([]int, len(in.Schools))
	for s := range in.Schools {
		x.outCap[s] = outCap(in.Policy.MaxOutShare, x.staff[s])
	}
	return x
}

// outCap is the cap on moves out of a school of staff teachers, -1 for none.
// It is floor(share × staff) computed in float64, exactly as PLANNER.md says.
func outCap(share float64, staff int) int {
	if share <= 0 {
		return -1
	}
	return int(math.Floor(share * float64(staff)))
}

func (x *index) cellIndex(s, j int) int {
	k := cellKey{s, j}
	if c, ok := x.cellOf[k]; ok {
		return c
	}
	x.cells = append(x.cells, cell{school: s, subject: j})
	x.cellOf[k] = len(x.cells) - 1
	return len(x.cells) - 1
}

// dist is the Euclidean distance between two schools in kilometres.
func (x *index) dist(a, b int) float64 {
	sa, sb := &x.in.Schools[a], &x.in.Schools[b]
	return math.Hypot(sa.XKm-sb.XKm, sa.YKm-sb.YKm)
}

// rule names a per-move rule of PLANNER.md a move can break.
type rule int

const (
	ruleOK rule = iota
	ruleSameSchool
	ruleBackboneDestination
	ruleDistance
	ruleConsortium
)

// moveRule reports the first per-move rule (feasibility rules 1, 6, 7 and 8)
// that moving teacher t to school to breaks, ruleOK when none does. It does
// not look at candidacy.
func (x *index) moveRule(t, to int) rule {
	from := x.tSchool[t]
	return x.schoolRule(from, to, x.in.Teachers[t].Backbone)
}

// schoolRule is moveRule for any teacher of school from with the given
// backbone flag: the per-move rules depend on nothing else.
func (x *index) schoolRule(from, to int, backbone bool) rule {
	p := &x.in.Policy
	if from == to {
		return ruleSameSchool
	}
	dst := &x.in.Schools[to]
	if backbone && p.BackboneToRuralOrWeak && !dst.Rural && !dst.Weak {
		return ruleBackboneDestination
	}
	if !backbone && p.MaxDistanceKm > 0 && x.dist(from, to) > p.MaxDistanceKm {
		return ruleDistance
	}
	if p.WithinConsortium {
		c := x.in.Schools[from].Consortium
		if c == "" || c != dst.Consortium {
			return ruleConsortium
		}
	}
	return ruleOK
}

// groupDests returns the schools, in order, that teachers of school s,
// subject j and the backbone class may move to under the per-move rules and
// whose cell for subject j can take teachers in.
func (x *index) groupDests(s, j int, backbone bool) []int {
	k := groupKey{s, j, backbone}
	if d, ok := x.dests[k]; ok {
		return d
	}
	d := []int{}
	for to := range x.in.Schools {
		if c, ok := x.cellOf[cellKey{to, j}]; ok && x.cells[c].accepts && x.schoolRule(s, to, backbone) == ruleOK {
			d = append(d, to)
		}
	}
	x.dests[k] = d
	return d
}

// penalty is pen(t, to) of PLANNER.md: the rank of to in the teacher's
// prefs, len(prefs) when it is not listed, 0 when prefs is empty.
func (x *index) penalty(t, to int) int {
	prefs := x.in.Teachers[t].Prefs
	id := x.in.Schools[to].ID
	for k, p := range prefs {
		if p == id {
			return k
		}
	}
	return len(prefs)
}

// value is the value of moving teacher t to school to. The products are
// converted explicitly so that no platform fuses them into one rounding.
func (x *index) value(t, to int) float64 {
	w := &x.in.Weights
	d := x.dist(x.tSchool[t], to)
	return x.in.Teachers[t].Priority - float64(w.Distance*d) - float64(w.Preference*float64(x.penalty(t, to)))
}
