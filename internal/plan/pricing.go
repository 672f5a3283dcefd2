package plan

import (
	"math"
	"slices"

	"jiaoliu/internal/app"
)

// pricer keeps the integer costs of the network for the Lagrangian
// subproblems. Only entry arcs carry side rows, so between pricings only
// their costs change; the scale from float values to integer costs stays
// fixed until a multiplier grows beyond it.
type pricer struct {
	scale   float64
	phase1  bool      // the costs are those of phase 1 (values zero)
	limit   float64   // the largest |integer cost| allowed
	reach   []float64 // per arc: max(|lower|, |upper|) of the root bounds
	maxBase float64   // max |value| of the arcs that are not entries
	baseErr float64   // Σ over non-entry arcs of |rounding error| × reach, in scaled units
	ready   bool
	entryW  []float64
	yCap    []float64 // per school: the dual of its cap row
}

func newPricer(md *model) *pricer {
	g := md.g
	m := g.Arcs()
	p := &pricer{reach: make([]float64, m), entryW: make([]float64, len(md.entries)),
		yCap: make([]float64, len(md.x.in.Schools))}
	var total float64
	for a := 0; a < m; a++ {
		lo, hi := g.Bounds(a)
		p.reach[a] = float64(max(hi, -lo))
		total += p.reach[a]
		if md.entryOf[a] < 0 {
			p.maxBase = math.Max(p.maxBase, math.Abs(md.val[a]))
		}
	}
	// |cost| ≤ limit keeps the artificial cost, the potentials, the reduced
	// costs and Σ cost × flow inside int64.
	p.limit = math.Min(math.Ldexp(1, costBits)/(8*float64(g.Nodes()+2)), math.Ldexp(1, 61)/math.Max(1, total))
	return p
}

// price solves the Lagrangian subproblem max (v − yD)·x over the node's
// network (v = 0 in phase 1). It returns the flow as a column, its value z
// under v − yD, and ub, a rigorous upper bound on that maximum.
//
// The bound: with integer costs c_a = −round(S·w_a) (S a power of two, so
// S·w_a and its rounding error e_a are exact), for every feasible integral
// or fractional x, w·x = (−c·x + Σ e_a x_a)/S ≤ (−c·x* + Σ |e_a| reach_a)/S,
// where x* is the min-cost flow the network simplex proves optimal in exact
// integer arithmetic. A margin covers the float rounding of w_a from v_a and
// y, and of the final sums.
func (s *searcher) price(y []float64, phase1 bool) (*column, float64, float64, bool, error) {
	md, g, p := s.md, s.g, s.pr
	// Entry values under y.
	target, backbone := md.targetRow(), md.backboneRow()
	var yT, yB float64
	if target >= 0 {
		yT = y[target]
	}
	if backbone >= 0 {
		yB = y[backbone]
	}
	for i := range p.yCap {
		p.yCap[i] = 0
	}
	for sch, r := range md.capRowOf {
		if r >= 0 && r < len(y) {
			p.yCap[sch] = y[r]
		}
	}
	maxAbs := 0.0
	if !phase1 {
		maxAbs = p.maxBase
	}
	var wMargin float64
	for e, a := range md.entries {
		w, mag := -yT, math.Abs(yT)
		if !phase1 {
			w += md.val[a]
			mag += math.Abs(md.val[a])
		}
		if md.entryBB[e] {
			w -= yB
			mag += math.Abs(yB)
		}
		if yc := p.yCap[md.entrySchool[e]]; yc != 0 {
			w -= yc
			mag += math.Abs(yc)
		}
		p.entryW[e] = w
		maxAbs = math.Max(maxAbs, math.Abs(w))
		wMargin += 4 * epsilon * mag * p.reach[a]
	}
	if !p.ready || p.phase1 != phase1 || maxAbs*p.scale > p.limit {
		s.rescale(phase1, maxAbs)
	}
	scale := p.scale
	var entryErr float64
	for e, a := range md.entries {
		v := p.entryW[e] * scale
		r := math.Round(v)
		g.SetCost(int(a), -int64(r))
		entryErr += math.Abs(v-r) * p.reach[a]
	}
	s.stats.Pricings++
	switch g.Solve() {
	case FlowOptimal:
	case FlowInfeasible:
		return nil, 0, 0, false, nil
	default:
		return nil, 0, 0, false, app.Internalf("plan.Solve", "the flow network is unbounded")
	}
	col := &column{}
	var z float64
	var cost int64
	s.nzArcs, s.nzFlows = g.nonZero(s.nzArcs[:0], s.nzFlows[:0])
	order := s.nzOrder[:0]
	for i := range s.nzArcs {
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(a, b int32) int { return int(s.nzArcs[a] - s.nzArcs[b]) })
	s.nzOrder = order
	col.flow.arcs = make([]int32, len(order))
	col.flow.flows = make([]int32, len(order))
	for k, i := range order {
		a, f := s.nzArcs[i], s.nzFlows[i]
		col.flow.arcs[k], col.flow.flows[k] = a, int32(f)
		cost += g.arcCost[a] * f
		w := 0.0
		if e := md.entryOf[a]; e >= 0 {
			w = p.entryW[e]
		} else if !phase1 {
			w = md.val[a]
		}
		z += w * float64(f)
	}
	col.value = md.flowValue(&col.flow)
	col.act = md.activity(&col.flow)
	num := float64(-cost) + p.baseErr + entryErr
	ub := num/scale + 4*epsilon*(math.Abs(float64(cost))+p.baseErr+entryErr)/scale + wMargin
	if err := s.tryIncumbent(col); err != nil {
		return nil, 0, 0, false, err
	}
	return col, z, ub, true, nil
}

// rescale picks the scale for values up to maxAbs (with room to grow) and
// sets every arc's integer cost.
func (s *searcher) rescale(phase1 bool, maxAbs float64) {
	md, g, p := s.md, s.g, s.pr
	p.ready, p.phase1 = true, phase1
	p.scale = 1
	if maxAbs > 0 {
		p.scale = math.Ldexp(1, int(math.Floor(math.Log2(p.limit/(4*maxAbs)))))
	}
	g.setCostBound(int64(p.limit) + 1)
	p.baseErr = 0
	m := g.Arcs()
	for a := 0; a < m; a++ {
		if md.entryOf[a] >= 0 {
			continue
		}
		v := 0.0
		if !phase1 {
			v = md.val[a] * p.scale
		}
		r := math.Round(v)
		g.SetCost(a, -int64(r))
		p.baseErr += math.Abs(v-r) * p.reach[a]
	}
}
