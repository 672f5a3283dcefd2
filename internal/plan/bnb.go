package plan

import (
	"container/heap"
	"context"
	"math"
	"sort"
	"time"

	"jiaoliu/internal/app"
)

// The search. Every node of the branch-and-bound tree is the flow network
// with some arc bounds tightened. Its LP relaxation (network + side rows) is
// solved by column generation: the master LP mixes integral circulations
// (columns) under the side rows; its duals y price the side rows into the
// arc values, and the network simplex finds the best circulation for
// v − yD. That pricing problem is the Lagrangian relaxation of the side
// rows, so every pricing also yields an upper bound
//
//	g(y) = max_x (v − yD)·x + Σ_r h_r(y_r),  h_r(y) = y·hi_r if y ≥ 0 else y·lo_r,
//
// made rigorous in price (integer costs, exact rounding errors, margins),
// and lowered further by the parity bound (parity.go). A node is pruned when
// its bound cannot beat the incumbent; when the mix of columns is integral
// it is a plan; otherwise heuristics look for a plan in the mix and the
// node branches on an arc with fractional flow.

const (
	pruneTol      = 0.9 * OptimalityTolerance // relative: nodes whose bound is within this of the incumbent are closed
	dwTol         = 1e-9                      // relative: column generation stops when no column improves more
	dwMaxIter     = 400                       // pricings per node before the node is branched on with its bound so far
	integerTol    = 1e-6
	smoothing     = 0.8  // Wentges: the weight of the stability centre in the pricing duals
	capGap        = 1e-3 // relative gap below which broken caps join the master
	maxNewCaps    = 16   // cap rows added at once
	maxMasterCols = 150  // pooled columns a node's master starts with (and keeps, purged at twice as many)
	costBits      = 62   // integer costs, potentials and reduced costs stay below 2^costBits
)

// column is a circulation of the network found by pricing.
type column struct {
	flow  flowSet
	value float64   // network value Σ val_a x_a
	act   []float64 // activity in each side row
}

type arcBound struct {
	arc    int32
	lo, hi int64
}

type bbNode struct {
	id     int
	depth  int
	bound  float64
	bounds []arcBound // changes from the root network, sorted by arc
	y      []float64  // the parent's duals
}

// nodeQueue orders open nodes best bound first, then deepest, then oldest.
type nodeQueue []*bbNode

func (q nodeQueue) Len() int { return len(q) }
func (q nodeQueue) Less(i, j int) bool {
	if q[i].bound != q[j].bound {
		return q[i].bound > q[j].bound
	}
	if q[i].depth != q[j].depth {
		return q[i].depth > q[j].depth
	}
	return q[i].id < q[j].id
}
func (q nodeQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *nodeQueue) Push(v any)   { *q = append(*q, v.(*bbNode)) }
func (q *nodeQueue) Pop() any {
	old := *q
	n := old[len(old)-1]
	*q = old[:len(old)-1]
	return n
}

type searcher struct {
	ctx   context.Context
	md    *model
	g     *FlowNetwork
	pins  *pinning
	opts  *Options
	start time.Time

	pool      []*column
	seen      map[string]bool // flows already in the pool
	incMoves  []Move
	incObj    float64
	hasInc    bool
	closed    float64 // the largest bound of a closed leaf
	baseLo    []int64
	baseHi    []int64
	curBounds []arcBound
	stats     Stats
	firstOnly bool                             // stop at the first feasible plan
	trace     func(format string, args ...any) // tests' view of the column generation

	quantum float64 // every plan objective is a multiple of it; 0 when none is known
	pr      *pricer
	penalty float64 // the price of violating a side row in the master

	xbar []float64 // scratch: the master's mix of columns

	flip         []bool  // per arc: an entry arc (changes the number of moves)
	entrySources []int32 // the tails of the entry arcs

	nzArcs  []int32 // scratch of price: the flow found
	nzFlows []int64
	nzOrder []int32
}

func newSearcher(ctx context.Context, md *model, pins *pinning, opts *Options) *searcher {
	s := &searcher{ctx: ctx, md: md, g: md.g, pins: pins, opts: opts, start: time.Now(),
		seen: map[string]bool{}, closed: math.Inf(-1), incObj: math.Inf(-1)}
	m := md.g.Arcs()
	s.baseLo, s.baseHi = make([]int64, m), make([]int64, m)
	for a := 0; a < m; a++ {
		s.baseLo[a], s.baseHi[a] = md.g.Bounds(a)
	}
	s.xbar = make([]float64, m)
	s.stats.Arcs, s.stats.FlowNodes = m, md.g.Nodes()
	s.pr = newPricer(md)
	s.penalty = 8 * (3*md.maxMoveAbs + 1)
	s.quantum = valueQuantum(md.terms)
	return s
}

// valueQuantum returns the largest power of two 2^-k (k ≤ 30) of which
// every term of every move value (priorities, distance terms, the preference
// weight) is an exact multiple, or 0. Then every operation on them is exact
// (they stay below 2^40 quanta), so every move value and plan objective is
// a multiple of the quantum too, and bounds may be rounded down to it.
func valueQuantum(vals []float64) float64 {
	for k := 0; k <= 30; k++ {
		q := math.Ldexp(1, -k)
		ok := true
		for _, v := range vals {
			if s := v / q; s != math.Trunc(s) || math.Abs(s) > 1<<40 {
				ok = false
				break
			}
		}
		if ok {
			return q
		}
	}
	return 0
}

// roundBound rounds a valid upper bound down to the value quantum.
func (s *searcher) roundBound(b float64) float64 {
	if s.quantum == 0 || math.IsInf(b, 0) {
		return b
	}
	return math.Floor(b/s.quantum) * s.quantum
}

// initialDuals guesses the target's multiplier for the root: halfway
// between the target-th and the next best value of a teacher's best move,
// so that the first pricing moves about the target number of teachers.
func (s *searcher) initialDuals() []float64 {
	md, g := s.md, s.g
	y := make([]float64, len(md.rows))
	t := md.targetRow()
	if t < 0 {
		return y
	}
	// best[v]: the best value of a path from node v into a cell, over
	// group and teacher nodes (groups first: teacher nodes lead to them).
	n := g.Nodes()
	best := make([]float64, n)
	for v := range best {
		best[v] = math.Inf(-1)
	}
	for pass := 0; pass < 2; pass++ {
		for a := 0; a < g.Arcs(); a++ {
			switch k := md.kind[a]; {
			case pass == 0 && k == arcGroupDest, pass == 1 && k == arcTeacherDest:
				best[g.Source(a)] = math.Max(best[g.Source(a)], md.val[a])
			case pass == 1 && k == arcTeacherGroup:
				best[g.Source(a)] = math.Max(best[g.Source(a)], md.val[a]+best[g.Target(a)])
			}
		}
	}
	vals := make([]float64, 0, len(md.entries))
	for _, a := range md.entries {
		if b := best[g.Target(int(a))]; !math.IsInf(b, -1) {
			vals = append(vals, md.val[a]+b)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(vals)))
	k := int(md.rows[t].lo)
	switch {
	case k <= 0 || len(vals) == 0:
	case k >= len(vals):
		y[t] = vals[len(vals)-1] - 1
	default:
		y[t] = (vals[k-1] + vals[k]) / 2
	}
	return y
}

// cutoff is the bound at or below which a node cannot improve the incumbent.
func (s *searcher) cutoff() float64 {
	if !s.hasInc {
		return math.Inf(-1)
	}
	return s.incObj + pruneTol*math.Max(1, math.Abs(s.incObj))
}

// run searches the tree. It returns the global upper bound and whether the
// search finished (the bound is then proven for the whole tree).
func (s *searcher) run() (bound float64, finished bool, err error) {
	q := &nodeQueue{}
	root := &bbNode{bound: math.Inf(1), y: s.initialDuals()}
	heap.Push(q, root)
	nextID := 1
	for q.Len() > 0 {
		if err := s.ctx.Err(); err != nil {
			return 0, false, err
		}
		if s.opts.MaxNodes > 0 && s.stats.Nodes >= s.opts.MaxNodes ||
			s.opts.TimeLimit > 0 && time.Since(s.start) > s.opts.TimeLimit ||
			s.firstOnly && s.hasInc {
			break
		}
		nd := heap.Pop(q).(*bbNode)
		if nd.bound <= s.cutoff() {
			s.close(nd.bound)
			continue
		}
		res, err := s.solveNode(nd)
		if err != nil {
			return 0, false, err
		}
		s.stats.Nodes++
		res.bound = math.Min(res.bound, nd.bound) // a part is worth no more than the whole
		if nd.id == 0 {
			s.stats.RootBound = res.bound
		}
		if res.branchArc < 0 {
			s.close(res.bound)
		} else {
			a := res.branchArc
			v := res.branchValue
			lo, hi := s.boundsOf(nd, a)
			down := &bbNode{id: nextID, depth: nd.depth + 1, bound: res.bound, y: res.y,
				bounds: withBound(nd.bounds, arcBound{a, lo, int64(math.Floor(v))})}
			up := &bbNode{id: nextID + 1, depth: nd.depth + 1, bound: res.bound, y: res.y,
				bounds: withBound(nd.bounds, arcBound{a, int64(math.Ceil(v)), hi})}
			nextID += 2
			// The child nearer the LP point goes first among equals.
			if v-math.Floor(v) >= 0.5 {
				down.id, up.id = up.id, down.id
			}
			heap.Push(q, down)
			heap.Push(q, up)
		}
		if s.opts.Progress != nil {
			s.opts.Progress(s.progress(q))
		}
	}
	bound = s.closed
	if s.hasInc {
		bound = math.Max(bound, s.incObj)
	}
	for _, nd := range *q {
		bound = math.Max(bound, nd.bound)
	}
	return bound, q.Len() == 0, nil
}

func (s *searcher) close(b float64) {
	if b > s.closed {
		s.closed = b
	}
}

func (s *searcher) progress(q *nodeQueue) Progress {
	p := Progress{Nodes: s.stats.Nodes, Open: q.Len(), Elapsed: time.Since(s.start), Objective: math.NaN(),
		Bound: math.Max(s.closed, s.incObj), Feasible: s.hasInc}
	if s.hasInc {
		p.Objective = s.incObj
	}
	for _, nd := range *q {
		p.Bound = math.Max(p.Bound, nd.bound)
	}
	return p
}

// boundsOf returns the bounds of arc a at node nd.
func (s *searcher) boundsOf(nd *bbNode, a int32) (int64, int64) {
	for _, b := range nd.bounds {
		if b.arc == a {
			return b.lo, b.hi
		}
	}
	return s.baseLo[a], s.baseHi[a]
}

func withBound(bs []arcBound, b arcBound) []arcBound {
	out := make([]arcBound, 0, len(bs)+1)
	placed := false
	for _, x := range bs {
		switch {
		case x.arc == b.arc:
			out = append(out, b)
			placed = true
		case x.arc > b.arc && !placed:
			out = append(out, b, x)
			placed = true
		default:
			out = append(out, x)
		}
	}
	if !placed {
		out = append(out, b)
	}
	return out
}

// applyBounds sets the network's bounds to those of nd.
func (s *searcher) applyBounds(nd *bbNode) {
	for _, b := range s.curBounds {
		s.g.SetBounds(int(b.arc), s.baseLo[b.arc], s.baseHi[b.arc])
	}
	for _, b := range nd.bounds {
		s.g.SetBounds(int(b.arc), b.lo, b.hi)
	}
	s.curBounds = nd.bounds
}

// eligible reports whether a column respects the bounds of nd.
func eligible(c *column, nd *bbNode) bool {
	for _, b := range nd.bounds {
		f := int64(c.flow.at(b.arc))
		if f < b.lo || f > b.hi {
			return false
		}
	}
	return true
}

type nodeResult struct {
	bound       float64
	branchArc   int32 // -1: the node is closed
	branchValue float64
	y           []float64
}

// master is the restricted master LP; cols maps its columns back to pool
// columns.
type master struct {
	lp      *denseLP
	cols    []int // per LP column: pool index, -1 for slacks and artificials
	in      map[int]bool
	nrows   int
	elastic []int   // LP columns that let a row be violated at a penalty
	penalty float64 // 0: rows are hard
}

// newMaster builds the master of a node: the convexity row, one row per
// side constraint with its slack (and, when penalty > 0, two elastic columns
// that let the row be violated at that price per unit, which keeps the
// master feasible and its duals within ±penalty), and the pooled columns
// the node's bounds allow.
func (s *searcher) newMaster(nd *bbNode, penalty float64) *master {
	rows := s.md.rows
	b := make([]float64, 1+len(rows))
	b[0] = 1
	ms := &master{lp: newDenseLP(b), in: map[int]bool{}, penalty: penalty}
	for r := range rows {
		s.addSlacks(ms, r)
	}
	ms.nrows = len(rows)
	// The pooled columns the node allows, the most attractive under the
	// parent's duals first, at most maxMasterCols of them.
	y := s.clampDuals(nd.y)
	type cand struct {
		pool int
		rc   float64
	}
	var cs []cand
	for i, c := range s.pool {
		if eligible(c, nd) {
			rc := c.value
			for r, v := range y {
				if r < len(c.act) {
					rc -= v * c.act[r]
				}
			}
			cs = append(cs, cand{i, rc})
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].rc > cs[b].rc })
	for k, c := range cs {
		if k == maxMasterCols {
			break
		}
		s.addToMaster(ms, c.pool)
	}
	return ms
}

// purgeMaster drops from the master the nonbasic columns that price worst,
// when it holds more than twice maxMasterCols columns: the dense master's
// work grows with its columns, and old columns rarely come back.
func (s *searcher) purgeMaster(ms *master) {
	if len(ms.in) <= 2*maxMasterCols {
		return
	}
	lp := ms.lp
	type cand struct {
		j  int
		rc float64
	}
	var cs []cand
	for j, pi := range ms.cols {
		if pi < 0 || lp.where[j] >= 0 {
			continue
		}
		d := lp.c[j]
		for i, a := range lp.cols[j] {
			d -= lp.y[i] * a
		}
		cs = append(cs, cand{j, d})
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].rc < cs[b].rc })
	drop := map[int]bool{}
	for _, c := range cs[:max(0, len(ms.in)-maxMasterCols)] {
		drop[c.j] = true
	}
	keep := lp.dropColumns(drop)
	cols := ms.cols[:0]
	for _, j := range keep {
		if j < len(ms.cols) {
			cols = append(cols, ms.cols[j])
		} else {
			cols = append(cols, -1)
		}
	}
	ms.cols = cols
	ms.in = map[int]bool{}
	for _, pi := range ms.cols {
		if pi >= 0 {
			ms.in[pi] = true
		}
	}
	ms.elastic = ms.elastic[:0]
	for j, pi := range ms.cols {
		if pi < 0 && lp.c[j] < 0 { // elastic columns are the only ones priced negative
			ms.elastic = append(ms.elastic, j)
		}
	}
}

func (s *searcher) addToMaster(ms *master, i int) {
	c := s.pool[i]
	a := make([]float64, 1+ms.nrows)
	a[0] = 1
	copy(a[1:], c.act)
	ms.lp.addColumn(a, c.value, 0, math.Inf(1))
	for len(ms.cols) < len(ms.lp.cols)-1 {
		ms.cols = append(ms.cols, -1) // artificials kept by the LP
	}
	ms.cols = append(ms.cols, i)
	ms.in[i] = true
}

// addRow extends the master with side row r (already in md.rows).
func (s *searcher) addRow(ms *master, r int) {
	row := &s.md.rows[r]
	coef := make([]float64, len(ms.lp.cols))
	var act float64
	for j, pi := range ms.cols {
		if pi >= 0 {
			coef[j] = s.pool[pi].act[r]
			act += coef[j] * ms.lp.z[j]
		}
	}
	ms.lp.addRow(coef, 0)
	ms.nrows++
	slack, plus, minus := s.addSlacks(ms, r)
	// Extend the basis so that the master stays feasible: the slack takes
	// the row's activity, or an elastic column its violation.
	switch {
	case ms.penalty == 0:
	case act > row.hi:
		ms.lp.z[slack] = row.hi
		ms.lp.extendBasis(minus)
	case act < row.lo:
		ms.lp.z[slack] = row.lo
		ms.lp.extendBasis(plus)
	default:
		ms.lp.extendBasis(slack)
	}
}

// addSlacks adds the slack of row r to the master (for the row added
// last), and its elastic columns when the master has a penalty. It returns
// their LP column numbers (-1 without elastic columns).
func (s *searcher) addSlacks(ms *master, r int) (slack, plus, minus int) {
	row := &s.md.rows[r]
	col := func(coef float64) []float64 {
		a := make([]float64, ms.lp.m)
		a[1+r] = coef
		return a
	}
	slack = ms.lp.addColumn(col(-1), 0, row.lo, row.hi)
	ms.cols = append(ms.cols, -1)
	plus, minus = -1, -1
	if ms.penalty > 0 {
		plus = ms.lp.addColumn(col(1), -ms.penalty, 0, math.Inf(1))
		minus = ms.lp.addColumn(col(-1), -ms.penalty, 0, math.Inf(1))
		ms.cols = append(ms.cols, -1, -1)
		ms.elastic = append(ms.elastic, plus, minus)
	}
	return slack, plus, minus
}

// violation is the total use of elastic columns in the master's solution.
func (ms *master) violation() float64 {
	var v float64
	for _, j := range ms.elastic {
		v += ms.lp.z[j]
	}
	return v
}

// solveNode solves the LP relaxation of a node by column generation with
// Wentges dual smoothing: pricing happens at a mix of the master's duals and
// the duals of the best bound so far (the stability centre), which damps the
// oscillation of plain cutting planes; when the mix prices out no improving
// column ("mispricing") the mix moves toward the master's duals.
//
// Long because the column-generation loop carries its smoothing state (the
// stability centre, the mix, the best bound, the mispricing count) from
// round to round; split, every piece would take all of it.
func (s *searcher) solveNode(nd *bbNode) (nodeResult, error) {
	md := s.md
	s.applyBounds(nd)
	ms := s.newMaster(nd, s.penalty)
	res := nodeResult{branchArc: -1}
	best, bestRaw := math.Inf(1), math.Inf(1) // best bound, rounded to the quantum and not
	var centre []float64
	box := 0.05 * (3*md.maxMoveAbs + 1)
	bound := func(ub float64, y []float64) bool {
		raw := ub + s.hTerm(y) + s.valueMargin()
		if raw < bestRaw {
			bestRaw = raw
			centre = append(centre[:0], y...)
		}
		best = math.Min(best, s.roundBound(raw))
		return best <= s.cutoff()
	}
	if len(ms.in) == 0 {
		// No column yet: price the parent's duals.
		y := s.clampDuals(nd.y)
		col, _, ub, ok, err := s.price(y, false)
		if err != nil || !ok {
			res.bound = math.Inf(-1)
			return res, err
		}
		if bound(ub, y) {
			res.bound = best
			return res, nil
		}
		s.addToMaster(ms, s.addColumn(col))
	}
	for iter := 0; ; iter++ {
		if err := s.ctx.Err(); err != nil {
			return res, err
		}
		st := ms.lp.solve()
		if s.trace != nil && st != lpOptimal {
			s.trace("master status %d rows %d cols %d", st, ms.lp.m, len(ms.lp.cols))
		}
		if st == lpInfeasible {
			// Phase-1 duals price columns that reduce the infeasibility; when
			// none can, g(ty) → −∞ along the phase-1 duals y: infeasible.
			y := s.clampDuals(ms.lp.y[1:])
			col, z, ub, ok, err := s.price(y, true)
			if err != nil {
				return res, err
			}
			if !ok || ub+s.hTerm(y) < -lpFeasTol {
				res.bound = math.Inf(-1)
				return res, nil
			}
			if i, _ := s.addColumnIfNew(col); !ms.in[i] && z-ms.lp.y[0] > dwTol && iter < dwMaxIter {
				s.addToMaster(ms, i)
				continue
			}
			// No improving column and no proof: numerical trouble. Fall back
			// on exact enumeration by branching.
			return s.fallbackBranch(nd, best, res)
		}
		if st != lpOptimal {
			return s.fallbackBranch(nd, best, res)
		}
		s.purgeMaster(ms)
		lpObj := ms.lp.objective()
		// Caps over several subjects join the master when the mix breaks
		// them once it is close to the optimum of the rows it has (early
		// mixes break many caps that do not bind in the end).
		if bestRaw-lpObj <= capGap*math.Max(1, math.Abs(lpObj)) && s.addViolatedCaps(ms) {
			continue
		}
		yM := s.clampDuals(ms.lp.y[1:])
		sigma := ms.lp.y[0]
		res.y = yM
		if centre != nil {
			res.y = append([]float64(nil), centre...)
		}
		tol := dwTol * math.Max(1, math.Abs(lpObj))
		for len(centre) < len(yM) {
			centre = append(centre, 0) // rows added since
		}
		improved := false
		for k := 1; bestRaw-lpObj > tol && iter < dwMaxIter; k++ {
			a := math.Max(0, 1-float64(k)*(1-smoothing))
			if centre == nil {
				a = 0
			}
			y := make([]float64, len(yM))
			clamped := false
			for r := range y {
				y[r] = a*centre[r] + (1-a)*yM[r]
				// Box step: early master duals swing to the elastic penalty;
				// pricing stays within a box around the centre that widens
				// whenever it keeps the master's duals out of reach.
				if centre != nil && math.Abs(y[r]-centre[r]) > box {
					y[r] = centre[r] + math.Copysign(box, y[r]-centre[r])
					clamped = true
				}
			}
			col, _, ub, ok, err := s.price(y, false)
			if err != nil || !ok {
				res.bound = math.Inf(-1)
				return res, err
			}
			if s.trace != nil {
				s.trace("iter %d k %d rows %d cols %d lp %.6f best %.6f pivots %d", iter, k, len(md.rows), len(ms.cols), lpObj, bestRaw, s.g.Pivots)
			}
			if bound(ub, y) {
				res.bound = best
				return res, nil
			}
			// Improving for the master?
			rc := col.value - sigma
			for r, v := range yM {
				rc -= v * col.act[r]
			}
			if rc > tol {
				if i, _ := s.addColumnIfNew(col); !ms.in[i] {
					s.addToMaster(ms, i)
					improved = true
					break
				}
			}
			if a == 0 && !clamped {
				break // priced at the master's duals: nothing improves
			}
			if clamped {
				box *= 4
			}
		}
		if improved || s.addViolatedCaps(ms) {
			continue
		}
		// Converged. With elastic rows still violated the node's LP may be
		// infeasible: continue with hard rows, where phase 1 decides.
		if ms.penalty > 0 && ms.violation() > integerTol {
			ms = s.newMaster(nd, 0)
			continue
		}
		// The LP optimum of this node's rows is reached.
		res.bound = best
		a, v, integral := s.fractionalArc()
		if integral {
			// The mix is a plan; the node closes at its bound.
			return res, s.acceptXbar()
		}
		if err := s.faceHeuristic(ms); err != nil {
			return res, err
		}
		if best <= s.cutoff() {
			return res, nil
		}
		// Parity: at the best duals, a Lagrangian optimum with the wrong
		// number of moves modulo 2 lowers the bound by its cheapest odd cycle.
		if centre != nil {
			col, _, ub, ok, err := s.price(centre, false)
			if err != nil || !ok {
				res.bound = math.Inf(-1)
				return res, err
			}
			drop, err := s.parityBound(col)
			if err != nil {
				return res, err
			}
			if drop > 0 {
				best = math.Min(best, s.roundBound(ub-drop+s.hTerm(centre)+s.valueMargin()))
				res.bound = best
				if s.trace != nil {
					s.trace("parity: bound %.6f (drop %.6f)", best, drop)
				}
				if best <= s.cutoff() {
					return res, nil
				}
			}
		}
		res.branchArc, res.branchValue = a, v
		return res, nil
	}
}

// fallbackBranch branches on the first arc the node has not fixed that can
// still take more than one value, when the LP cannot be solved reliably.
func (s *searcher) fallbackBranch(nd *bbNode, best float64, res nodeResult) (nodeResult, error) {
	if s.trace != nil {
		s.trace("fallback at node %d best %v", nd.id, best)
	}
	res.bound = best
	for a := int32(0); int(a) < s.g.Arcs(); a++ {
		lo, hi := s.boundsOf(nd, a)
		if hi > lo && hi-lo < FlowInf {
			res.branchArc, res.branchValue = a, float64(lo)+0.5
			return res, nil
		}
	}
	return res, app.Internalf("plan.Solve", "the relaxation cannot be solved and nothing is left to branch on")
}

// clampDuals gives each dual the sign its row allows, so that h_r is finite.
func (s *searcher) clampDuals(y []float64) []float64 {
	out := make([]float64, len(s.md.rows))
	for r := range out {
		if r >= len(y) {
			continue
		}
		v := y[r]
		row := &s.md.rows[r]
		if math.IsInf(row.hi, 1) && v > 0 {
			v = 0
		}
		if math.IsInf(row.lo, -1) && v < 0 {
			v = 0
		}
		out[r] = v
	}
	return out
}

// hTerm is Σ_r h_r(y_r).
func (s *searcher) hTerm(y []float64) float64 {
	var h float64
	for r, v := range y {
		row := &s.md.rows[r]
		switch {
		case v > 0:
			h += v * row.hi
		case v < 0:
			h += v * row.lo
		}
	}
	return h
}

// valueMargin covers the difference between a plan's objective (each move
// value rounded once as PLANNER.md computes it) and the network's value of
// the same moves (the value split over several arcs).
func (s *searcher) valueMargin() float64 {
	return float64(len(s.md.entries)+1) * 8 * epsilon * (3*s.md.maxMoveAbs + 1)
}

const epsilon = 0x1p-52

// addColumn puts a column in the pool and returns its index.
func (s *searcher) addColumn(c *column) int {
	i, _ := s.addColumnIfNew(c)
	return i
}

// addColumnIfNew adds a column unless the same flow is pooled already.
func (s *searcher) addColumnIfNew(c *column) (int, bool) {
	key := flowKey(&c.flow)
	if s.seen[key] {
		for i, p := range s.pool {
			if flowKey(&p.flow) == key {
				return i, false
			}
		}
	}
	s.seen[key] = true
	s.pool = append(s.pool, c)
	s.stats.Columns++
	return len(s.pool) - 1, true
}

func flowKey(f *flowSet) string {
	b := make([]byte, 0, 8*len(f.arcs))
	for i, a := range f.arcs {
		b = append(b, byte(a), byte(a>>8), byte(a>>16), byte(a>>24),
			byte(f.flows[i]), byte(f.flows[i]>>8), byte(f.flows[i]>>16), byte(f.flows[i]>>24))
	}
	return string(b)
}

// extendActivities computes the activities of the pool in new rows.
func (s *searcher) extendActivities() {
	for _, c := range s.pool {
		if len(c.act) < len(s.md.rows) {
			c.act = s.md.activity(&c.flow)
		}
	}
}

// computeXbar sets xbar to the master's mix of columns.
func (s *searcher) computeXbar(ms *master) {
	for i := range s.xbar {
		s.xbar[i] = 0
	}
	for j, pi := range ms.cols {
		if pi < 0 {
			continue
		}
		if a := ms.lp.z[j]; a > 1e-12 {
			f := &s.pool[pi].flow
			for k, arc := range f.arcs {
				s.xbar[arc] += a * float64(f.flows[k])
			}
		}
	}
}

// addViolatedCaps adds to the master the rows of the schools whose cap the
// mix breaks most (at most maxNewCaps) and reports whether it added any.
func (s *searcher) addViolatedCaps(ms *master) bool {
	md := s.md
	s.computeXbar(ms)
	out := make([]float64, len(md.x.in.Schools))
	for e, a := range md.entries {
		out[md.entrySchool[e]] += s.xbar[a]
	}
	type violated struct {
		school int
		by     float64
	}
	var vs []violated
	for sch, v := range out {
		if by := v - float64(md.x.outCap[sch]); md.capNeeded[sch] && md.capRowOf[sch] < 0 && by > integerTol {
			vs = append(vs, violated{sch, by})
		}
	}
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].by != vs[j].by {
			return vs[i].by > vs[j].by
		}
		return vs[i].school < vs[j].school
	})
	if len(vs) > maxNewCaps {
		vs = vs[:maxNewCaps]
	}
	rows := make([]int, len(vs))
	for i, v := range vs {
		rows[i] = md.addCapRow(v.school)
	}
	s.extendActivities()
	for _, r := range rows {
		s.addRow(ms, r)
	}
	return len(vs) > 0
}

// branchRank orders arc kinds for branching: aggregate decisions first.
var branchRank = [...]int{arcCellOut: 0, arcCellIn: 0, arcBalanceOut: 1, arcBalanceIn: 1, arcGroupDest: 2,
	arcEntry: 3, arcTeacherGroup: 4, arcTeacherDest: 4}

// fractionalArc picks the arc to branch on: the most fractional flow,
// aggregate arcs first among near ties, then the lowest arc number.
func (s *searcher) fractionalArc() (int32, float64, bool) {
	best := int32(-1)
	var bestScore float64
	for a, v := range s.xbar {
		f := v - math.Floor(v)
		d := math.Min(f, 1-f)
		if d <= integerTol {
			continue
		}
		score := d - 0.01*float64(branchRank[s.md.kind[a]])
		if best < 0 || score > bestScore {
			best, bestScore = int32(a), score
		}
	}
	if best < 0 {
		return -1, 0, true
	}
	return best, s.xbar[best], false
}

// acceptXbar turns an integral mix into a plan and offers it as incumbent.
func (s *searcher) acceptXbar() error {
	var f flowSet
	for a, v := range s.xbar {
		if n := int32(math.Round(v)); n != 0 {
			f.arcs = append(f.arcs, int32(a))
			f.flows = append(f.flows, n)
		}
	}
	return s.offer(&f)
}

// tryIncumbent offers a priced column when it meets every side row.
func (s *searcher) tryIncumbent(c *column) error {
	md := s.md
	in := md.x.in
	count, bb := 0, 0
	out := map[int32]int{}
	for i, a := range c.flow.arcs {
		if e := md.entryOf[a]; e >= 0 {
			n := int(c.flow.flows[i])
			count += n
			if md.entryBB[e] {
				bb += n
			}
			out[md.entrySchool[e]] += n
		}
	}
	if in.Policy.Target >= 0 && count != in.Policy.Target || bb < in.Policy.MinBackbone {
		return nil
	}
	for sch, n := range out {
		if cp := md.x.outCap[sch]; cp >= 0 && n > cp {
			return nil
		}
	}
	return s.offer(&c.flow)
}

// offer decodes an integral flow, checks the plan independently and keeps
// it when it beats the incumbent.
func (s *searcher) offer(f *flowSet) error {
	md := s.md
	moves := md.moves(f)
	obj, err := md.x.evaluate(moves)
	if err != nil {
		return app.Wrap("plan.Solve", err)
	}
	if s.hasInc && obj <= s.incObj {
		return nil
	}
	if vs := md.x.checkMoves(moves); len(vs) > 0 {
		return app.Internalf("plan.Solve", "decoded plan breaks %s: %s", vs[0].Code, vs[0].English)
	}
	if v := checkPins(md.x, s.pins, moves); v != "" {
		return app.Internalf("plan.Solve", "decoded plan breaks a pin: %s", v)
	}
	s.incMoves, s.incObj, s.hasInc = moves, obj, true
	s.stats.Incumbents++
	return nil
}

// checkPins reports the first pin or forbid a set of moves breaks.
func checkPins(x *index, p *pinning, moves []Move) string {
	to := map[int]int{}
	for _, m := range moves {
		to[x.teacher[m.Teacher]] = x.school[m.To]
	}
	for t, s := range p.pinTo {
		if d, ok := to[t]; s >= 0 && (!ok || d != s) {
			return x.in.Teachers[t].ID + " pinned"
		}
	}
	ts := make([]int, 0, len(to))
	for t := range to {
		ts = append(ts, t)
	}
	sort.Ints(ts)
	for _, t := range ts {
		if p.forbidAll[t] || p.forbidden[t][to[t]] {
			return x.in.Teachers[t].ID + " forbidden"
		}
	}
	return ""
}
