package plantest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/plan"
)

// WriteLP writes the instance as a mixed-integer programme in CPLEX LP
// format, straight from PLANNER.md and independently of package plan's
// model: one binary x_t_s per candidate t and school s the per-move rules
// allow (pins fixed to 1, forbidden moves left out), the staffing of every
// (school, subject) as a range on arrivals minus departures, the exact
// target, the backbone minimum and the outflow caps.
//
// Long because the LP file is written section by section in the order the
// format wants (objective, constraints, bounds, binaries) from one set of
// variables, to be read against PLANNER.md as one text.
func WriteLP(w io.Writer, in *plan.Instance, pins []plan.Pin, forbids []plan.Forbid) error {
	bw := bufio.NewWriter(w)
	school := map[string]int{}
	for i, s := range in.Schools {
		school[s.ID] = i
	}
	staff := make([]int, len(in.Schools))
	type cellKey struct {
		s int
		j string
	}
	cur := map[cellKey]int{}
	var cells []cellKey
	for _, t := range in.Teachers {
		k := cellKey{school[t.School], t.Subject}
		if _, ok := cur[k]; !ok {
			cells = append(cells, k)
		}
		cur[k]++
		staff[k.s]++
	}
	type bounds struct{ min, max int }
	row := map[cellKey]bounds{}
	for _, r := range in.Staffing {
		k := cellKey{school[r.School], r.Subject}
		if _, ok := cur[k]; !ok {
			cells = append(cells, k)
			cur[k] = 0
		}
		row[k] = bounds{r.Min, r.Max}
	}
	forbidAll := map[string]bool{}
	forbidden := map[[2]string]bool{}
	for _, f := range forbids {
		if f.School == "" {
			forbidAll[f.Teacher] = true
		} else {
			forbidden[[2]string{f.Teacher, f.School}] = true
		}
	}
	pinned := map[string]string{}
	for _, p := range pins {
		pinned[p.Teacher] = p.School
	}
	p := in.Policy
	type variable struct {
		name     string
		t, s     int
		value    float64
		backbone bool
	}
	var vars []variable
	inVars := map[cellKey][]int{}
	outVars := map[cellKey][]int{}
	schoolOut := make([][]int, len(in.Schools))
	perTeacher := map[int][]int{}
	var fixed []int
	hasPinVar := map[string]bool{}
	for ti, t := range in.Teachers {
		if !t.Candidate || forbidAll[t.ID] {
			continue
		}
		from := school[t.School]
		for si, s := range in.Schools {
			if si == from || forbidden[[2]string{t.ID, s.ID}] {
				continue
			}
			if pin, ok := pinned[t.ID]; ok && pin != s.ID {
				continue
			}
			o := in.Schools[from]
			d := math.Hypot(o.XKm-s.XKm, o.YKm-s.YKm)
			if t.Backbone && p.BackboneToRuralOrWeak && !s.Rural && !s.Weak {
				continue
			}
			if !t.Backbone && p.MaxDistanceKm > 0 && d > p.MaxDistanceKm {
				continue
			}
			if p.WithinConsortium && (o.Consortium == "" || o.Consortium != s.Consortium) {
				continue
			}
			pen := len(t.Prefs)
			for k, id := range t.Prefs {
				if id == s.ID {
					pen = k
					break
				}
			}
			v := t.Priority - float64(in.Weights.Distance*d) - float64(in.Weights.Preference*float64(pen))
			i := len(vars)
			vars = append(vars, variable{fmt.Sprintf("x_%d_%d", ti, si), ti, si, v, t.Backbone})
			kin := cellKey{si, t.Subject}
			if _, ok := cur[kin]; !ok {
				cells = append(cells, kin)
				cur[kin] = 0
			}
			inVars[kin] = append(inVars[kin], i)
			kout := cellKey{from, t.Subject}
			outVars[kout] = append(outVars[kout], i)
			schoolOut[from] = append(schoolOut[from], i)
			perTeacher[ti] = append(perTeacher[ti], i)
			if _, ok := pinned[t.ID]; ok {
				fixed = append(fixed, i)
				hasPinVar[t.ID] = true
			}
		}
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) }
	line := newLineWriter(bw)
	fmt.Fprintln(bw, "\\ jiaoliu rotation plan, from PLANNER.md")
	fmt.Fprintln(bw, "Maximize")
	line.start(" obj:")
	for _, v := range vars {
		line.term(num(v.value), v.name)
	}
	if len(vars) == 0 {
		line.raw(" 0 dummy")
	}
	line.end("")
	fmt.Fprintln(bw, "Subject To")
	sum := func(name string, idx []int, op string, rhs int) {
		line.start(" " + name + ":")
		for _, i := range idx {
			line.term("1", vars[i].name)
		}
		if len(idx) == 0 {
			line.raw(" 0 dummy")
		}
		line.end(fmt.Sprintf(" %s %d", op, rhs))
	}
	all := make([]int, len(vars))
	var bb []int
	for i := range vars {
		all[i] = i
		if vars[i].backbone {
			bb = append(bb, i)
		}
	}
	sum("target", all, "=", p.Target)
	if p.MinBackbone > 0 {
		sum("backbone", bb, ">=", p.MinBackbone)
	}
	for ti := range in.Teachers {
		if idx := perTeacher[ti]; len(idx) > 1 {
			sum(fmt.Sprintf("once_%d", ti), idx, "<=", 1)
		}
	}
	for ci, k := range cells {
		lo, hi := 0, 0
		if b, ok := row[k]; ok {
			lo, hi = b.min-cur[k], b.max-cur[k]
		}
		ins, outs := inVars[k], outVars[k]
		write := func(name, op string, rhs int) {
			line.start(" " + name + ":")
			for _, i := range ins {
				line.term("1", vars[i].name)
			}
			for _, i := range outs {
				line.term("-1", vars[i].name)
			}
			if len(ins)+len(outs) == 0 {
				line.raw(" 0 dummy")
			}
			line.end(fmt.Sprintf(" %s %d", op, rhs))
		}
		if lo == hi {
			write(fmt.Sprintf("staff_%d", ci), "=", lo)
		} else {
			write(fmt.Sprintf("staffmin_%d", ci), ">=", lo)
			write(fmt.Sprintf("staffmax_%d", ci), "<=", hi)
		}
	}
	if p.MaxOutShare > 0 {
		for s := range in.Schools {
			c := int(math.Floor(p.MaxOutShare * float64(staff[s])))
			if len(schoolOut[s]) > c {
				sum(fmt.Sprintf("cap_%d", s), schoolOut[s], "<=", c)
			}
		}
	}
	// A pin the rules do not allow cannot be met.
	for k, p := range pins {
		if !hasPinVar[p.Teacher] {
			fmt.Fprintf(bw, " pin_%d: dummy >= 1\n", k)
		}
	}
	fmt.Fprintln(bw, "Bounds")
	fmt.Fprintln(bw, " dummy = 0")
	for _, i := range fixed {
		fmt.Fprintf(bw, " %s = 1\n", vars[i].name)
	}
	fmt.Fprintln(bw, "Binaries")
	for _, v := range vars {
		fmt.Fprintf(bw, " %s\n", v.name)
	}
	fmt.Fprintln(bw, "End")
	return bw.Flush()
}

// lineWriter keeps LP lines short: CBC's reader limits their length.
type lineWriter struct {
	w   *bufio.Writer
	n   int
	any bool
}

func newLineWriter(w *bufio.Writer) *lineWriter { return &lineWriter{w: w} }

func (l *lineWriter) start(s string) { l.w.WriteString(s); l.n = len(s); l.any = false }
func (l *lineWriter) raw(s string)   { l.w.WriteString(s); l.n += len(s) }
func (l *lineWriter) term(coef, name string) {
	var s string
	switch {
	case coef == "1" && l.any:
		s = " + " + name
	case coef == "1":
		s = " " + name
	case strings.HasPrefix(coef, "-"):
		s = " - " + strings.TrimPrefix(coef, "-") + " " + name
	case l.any:
		s = " + " + coef + " " + name
	default:
		s = " " + coef + " " + name
	}
	if coef == "-1" {
		s = " - " + name
	}
	if l.n+len(s) > 200 {
		l.w.WriteString("\n   ")
		l.n = 3
	}
	l.w.WriteString(s)
	l.n += len(s)
	l.any = true
}
func (l *lineWriter) end(s string) { l.w.WriteString(s + "\n") }

// Result is CBC's answer for an instance.
type Result struct {
	Status    string // "optimal" or "infeasible"
	Objective float64
	Time      time.Duration // wall time of the cbc process
	Values    map[string]float64
}

// ErrNoCBC is returned when the cbc binary cannot be found.
var ErrNoCBC = errors.New("cbc not found in PATH")

// SolveCBC writes the instance as an LP file in dir and solves it with CBC
// to optimality (no gap allowed).
func SolveCBC(ctx context.Context, in *plan.Instance, pins []plan.Pin, forbids []plan.Forbid, dir string) (*Result, error) {
	bin, err := exec.LookPath("cbc")
	if err != nil {
		return nil, ErrNoCBC
	}
	lp := filepath.Join(dir, "model.lp")
	sol := filepath.Join(dir, "solution.txt")
	f, err := os.Create(lp)
	if err != nil {
		return nil, err
	}
	if err := WriteLP(f, in, pins, forbids); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	os.Remove(sol)
	start := time.Now()
	cmd := exec.CommandContext(ctx, bin, lp, "-ratioGap", "0", "-allowableGap", "0", "-increment", "1e-9",
		"-threads", "1", "-solve", "-solution", sol)
	out, err := cmd.CombinedOutput()
	elapsed := time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("cbc: %v\n%s", err, out)
	}
	res, err := readSolution(sol)
	if err != nil {
		return nil, fmt.Errorf("cbc: %v\n%s", err, out)
	}
	res.Time = elapsed
	return res, nil
}

func readSolution(path string) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if !sc.Scan() {
		return nil, errors.New("empty solution file")
	}
	head := sc.Text()
	res := &Result{Values: map[string]float64{}}
	switch {
	case strings.HasPrefix(head, "Optimal"):
		res.Status = "optimal"
		i := strings.LastIndex(head, "objective value")
		if i < 0 {
			return nil, fmt.Errorf("no objective in %q", head)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(head[i+len("objective value"):]), 64)
		if err != nil {
			return nil, err
		}
		res.Objective = v
	case strings.Contains(head, "nfeasible"):
		res.Status = "infeasible"
		return res, nil
	default:
		return nil, fmt.Errorf("unexpected status %q", head)
	}
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 3 && fs[0] != "**" {
			v, err := strconv.ParseFloat(fs[2], 64)
			if err == nil {
				res.Values[fs[1]] = v
			}
		}
	}
	return res, sc.Err()
}
