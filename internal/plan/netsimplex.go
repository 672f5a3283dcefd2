package plan

import (
	"math"
)

// FlowStatus is the outcome of a min-cost-flow solve.
type FlowStatus int

// The outcomes of FlowNetwork.Solve.
const (
	FlowOptimal    FlowStatus = iota // an optimal flow was found
	FlowInfeasible                   // no flow meets the supplies and bounds
	FlowUnbounded                    // a negative cycle of unbounded capacity exists
)

func (s FlowStatus) String() string {
	switch s {
	case FlowOptimal:
		return "optimal"
	case FlowInfeasible:
		return "infeasible"
	default:
		return "unbounded"
	}
}

// FlowInf is the capacity that stands for "no upper bound".
const FlowInf = int64(1) << 50

// Tree states of an arc and directions of a tree arc.
const (
	stateUpper = -1
	stateTree  = 0
	stateLower = 1
	dirUp      = 1  // the tree arc points from the node to its parent
	dirDown    = -1 // the tree arc points from the parent to the node
)

// FlowNetwork is a min-cost flow problem with lower and upper bounds on
// the arcs, integer costs and integer node supplies, solved by the primal
// network simplex method: a strongly feasible spanning tree stored as parent,
// thread and subtree-size arrays, with block search pricing (the design of
// LEMON's NetworkSimplex). It is the core of the planner and is exported
// only so that benchmarks can compare it on the same graphs with other
// implementations.
//
// After a solve, costs may be changed and the problem re-solved from the
// previous spanning tree, which stays primal feasible; the planner prices
// its Lagrangian subproblems this way.
type FlowNetwork struct {
	nodeNum, arcNum int
	// The arcs as added.
	arcSrc, arcTgt []int32
	lower, upper   []int64
	arcCost        []int64
	supply         []int64 // per node, as given
	// The solver's arcs: the real arcs in a mixed order (pos maps an arc to
	// its place), then one artificial arc per node.
	pos            []int32
	ext            []int32 // the inverse of pos
	low            []int64 // lower bounds in the solver's order
	source, target []int32
	cost           []int64
	cap            []int64 // upper − lower
	flow           []int64 // flow − lower
	state          []int8

	// Spanning tree; the root is node nodeNum.
	pi        []int64
	parent    []int32
	pred      []int32
	predDir   []int8
	thread    []int32
	revThread []int32
	succNum   []int32
	lastSucc  []int32
	dirtyRevs []int32
	root      int32
	ready     bool // the tree is a feasible basis of the current bounds
	artCost   int64
	costBound int64 // when > 0, a bound on |cost| the caller guarantees

	// Pivot state.
	blockSize      int
	nextArc        int
	useList        bool    // candidate list pivoting (warm starts) instead of block search
	list           []int32 // candidate arcs of the list rule
	minor          int     // pivots taken from the current list
	minorLimit     int     // pivots to take from it before a new scan
	inArc          int32
	join, uIn, vIn int32
	uOut           int32
	delta          int64
	Pivots         int // pivots of the last solve
	TotalPivots    int // pivots of all solves
}

// NewFlowNetwork returns a network of n nodes (numbered from 0) and no arcs.
func NewFlowNetwork(n int) *FlowNetwork {
	return &FlowNetwork{nodeNum: n, supply: make([]int64, n)}
}

// Nodes returns the number of nodes.
func (g *FlowNetwork) Nodes() int { return g.nodeNum }

// Arcs returns the number of arcs.
func (g *FlowNetwork) Arcs() int { return g.arcNum }

// AddArc adds an arc from u to v with flow bounds [lower, upper] and a cost
// per unit of flow, and returns its number. Arcs are numbered from 0 in the
// order they are added.
func (g *FlowNetwork) AddArc(u, v int, lower, upper, cost int64) int {
	g.arcSrc = append(g.arcSrc, int32(u))
	g.arcTgt = append(g.arcTgt, int32(v))
	g.lower = append(g.lower, lower)
	g.upper = append(g.upper, upper)
	g.arcCost = append(g.arcCost, cost)
	g.arcNum++
	g.pos = nil
	g.ready = false
	return g.arcNum - 1
}

// SetSupply sets the supply of node u (negative for a demand).
func (g *FlowNetwork) SetSupply(u int, s int64) {
	g.supply[u] = s
	g.ready = false
}

// Source returns the tail of arc a; Target its head.
func (g *FlowNetwork) Source(a int) int { return int(g.arcSrc[a]) }

// Target returns the head of arc a.
func (g *FlowNetwork) Target(a int) int { return int(g.arcTgt[a]) }

// Bounds returns the lower and upper bound of arc a.
func (g *FlowNetwork) Bounds(a int) (lower, upper int64) { return g.lower[a], g.upper[a] }

// Cost returns the cost of arc a.
func (g *FlowNetwork) Cost(a int) int64 { return g.arcCost[a] }

// Supply returns the supply of node u.
func (g *FlowNetwork) Supply(u int) int64 { return g.supply[u] }

// SetCost changes the cost of arc a. The next Solve starts from the last
// optimal spanning tree.
func (g *FlowNetwork) SetCost(a int, c int64) {
	g.arcCost[a] = c
	if g.pos != nil {
		g.cost[g.pos[a]] = c
	}
}

// setCostBound promises |cost| ≤ b on every arc from now on, which saves a
// pass over the arcs per solve; 0 withdraws the promise.
func (g *FlowNetwork) setCostBound(b int64) { g.costBound = b }

// SetBounds changes the bounds of arc a. The next Solve starts afresh.
func (g *FlowNetwork) SetBounds(a int, lower, upper int64) {
	if g.lower[a] != lower || g.upper[a] != upper {
		g.lower[a], g.upper[a] = lower, upper
		g.ready = false
	}
}

// Flow returns the flow on arc a after a successful Solve.
func (g *FlowNetwork) Flow(a int) int64 { return g.flow[g.pos[a]] + g.lower[a] }

// Potential returns the potential of node u after Solve: every arc a=(u,v)
// has reduced cost cost(a) + Potential(u) − Potential(v), which is ≥ 0 when
// the arc is below its upper bound and ≤ 0 when it is above its lower bound.
func (g *FlowNetwork) Potential(u int) int64 { return g.pi[u] - g.pi[g.root] }

// nonZero appends the arcs with non-zero flow and their flows, in the
// solver's order (a sequential pass, unlike calls of Flow).
func (g *FlowNetwork) nonZero(arcs []int32, flows []int64) ([]int32, []int64) {
	flow, low := g.flow[:g.arcNum], g.low[:g.arcNum]
	for i, f := range flow {
		if v := f + low[i]; v != 0 {
			arcs = append(arcs, g.ext[i])
			flows = append(flows, v)
		}
	}
	return arcs, flows
}

// TotalCost returns the cost of the flow after Solve.
func (g *FlowNetwork) TotalCost() int64 {
	var c int64
	for a := 0; a < g.arcNum; a++ {
		c += g.Flow(a) * g.arcCost[a]
	}
	return c
}

// Solve finds a min-cost flow. After only costs changed since the last
// optimal solve it continues from that basis (a warm start).
func (g *FlowNetwork) Solve() FlowStatus {
	g.Pivots = 0
	var sum int64
	for _, s := range g.supply {
		sum += s
	}
	if sum != 0 {
		return FlowInfeasible
	}
	for a := 0; a < g.arcNum; a++ {
		if g.upper[a] < g.lower[a] {
			return FlowInfeasible
		}
	}
	if g.nodeNum == 0 {
		return FlowOptimal
	}
	if g.ready {
		g.setArtCost()
		g.recomputePotentials()
		g.useList = true
	} else {
		g.init()
		g.useList = false
		if !g.initialPivots() {
			return FlowUnbounded
		}
	}
	g.list = g.list[:0]
	st := g.run()
	g.ready = st == FlowOptimal
	return st
}

// maxAbsCost returns the largest |cost| of a real arc, or the bound the
// caller set with setCostBound.
func (g *FlowNetwork) maxAbsCost() int64 {
	if g.costBound > 0 {
		return g.costBound
	}
	var m int64
	for _, c := range g.arcCost {
		if c < 0 {
			c = -c
		}
		if c > m {
			m = c
		}
	}
	return m
}

// setArtCost sets the cost of the artificial arcs that carry demand from the
// root: larger than any path of real arcs, so that they carry flow only when
// no feasible flow exists.
func (g *FlowNetwork) setArtCost() {
	g.artCost = (g.maxAbsCost() + 1) * int64(g.nodeNum+1)
	for u := 0; u < g.nodeNum; u++ {
		e := g.arcNum + u
		if g.source[e] == g.root {
			g.cost[e] = g.artCost
		}
	}
}

// init builds the starting basis: every real arc at its lower bound and one
// artificial arc per node to or from the root carrying its imbalance.
func (g *FlowNetwork) init() {
	n, m := g.nodeNum, g.arcNum
	all := m + n
	g.source = resize(g.source, all)
	g.target = resize(g.target, all)
	g.cost = resize(g.cost, all)
	g.cap = resize(g.cap, all)
	g.flow = resize(g.flow, all)
	g.state = resize(g.state, all)
	g.pi = resize(g.pi, n+1)
	g.parent = resize(g.parent, n+1)
	g.pred = resize(g.pred, n+1)
	g.predDir = resize(g.predDir, n+1)
	g.thread = resize(g.thread, n+1)
	g.revThread = resize(g.revThread, n+1)
	g.succNum = resize(g.succNum, n+1)
	g.lastSucc = resize(g.lastSucc, n+1)

	// Mix the arcs as LEMON does: consecutive blocks of the pivot search
	// then see arcs of many nodes.
	g.pos = resize(g.pos, m)
	g.ext = resize(g.ext, m)
	g.low = resize(g.low, m)
	skip := max(m/max(n, 1), 3)
	for a, i, j := 0, 0, 0; a < m; a++ {
		g.pos[a] = int32(i)
		g.ext[i] = int32(a)
		g.low[i] = g.lower[a]
		if i += skip; i >= m {
			j++
			i = j
		}
	}
	excess := make([]int64, n)
	copy(excess, g.supply)
	for a := 0; a < m; a++ {
		i := g.pos[a]
		lo, up := g.lower[a], g.upper[a]
		g.source[i], g.target[i], g.cost[i] = g.arcSrc[a], g.arcTgt[a], g.arcCost[a]
		if up >= FlowInf {
			g.cap[i] = FlowInf
		} else {
			g.cap[i] = up - lo
		}
		g.flow[i] = 0
		g.state[i] = stateLower
		excess[g.arcSrc[a]] -= lo
		excess[g.arcTgt[a]] += lo
	}
	g.root = int32(n)
	root := g.root
	g.parent[root] = -1
	g.pred[root] = -1
	g.thread[root] = 0
	g.revThread[0] = root
	g.succNum[root] = int32(n + 1)
	g.lastSucc[root] = root - 1
	g.pi[root] = 0
	g.artCost = (g.maxAbsCost() + 1) * int64(n+1)
	for u := 0; u < n; u++ {
		e := int32(m + u)
		uu := int32(u)
		g.parent[u] = root
		g.pred[u] = e
		g.thread[u] = uu + 1
		g.revThread[u+1] = uu
		g.succNum[u] = 1
		g.lastSucc[u] = uu
		g.cap[e] = FlowInf
		g.state[e] = stateTree
		if excess[u] >= 0 {
			g.predDir[u] = dirUp
			g.pi[u] = 0
			g.source[e], g.target[e] = uu, root
			g.flow[e] = excess[u]
			g.cost[e] = 0
		} else {
			g.predDir[u] = dirDown
			g.pi[u] = g.artCost
			g.source[e], g.target[e] = root, uu
			g.flow[e] = -excess[u]
			g.cost[e] = g.artCost
		}
	}
	g.blockSize = int(math.Sqrt(float64(m)))
	if g.blockSize < 10 {
		g.blockSize = 10
	}
	g.nextArc = 0
	g.crash(excess)
}

// crash improves the starting tree: a node without excess hangs, where it
// can, on a real arc with zero flow that points from it toward a node
// already in the tree (so that it can still send flow toward the root: the
// tree stays strongly feasible) instead of on its artificial arc. Every arc
// is at its lower bound, so flows do not change; the potentials then carry
// real path costs and the simplex starts from "nothing moves" rather than
// from an all-artificial basis.
func (g *FlowNetwork) crash(excess []int64) {
	n, m := g.nodeNum, g.arcNum
	root := g.root
	// Incoming real arcs of every node, by internal arc number.
	start := make([]int32, n+2)
	for i := 0; i < m; i++ {
		if g.cap[i] > 0 {
			start[g.target[i]+1]++
		}
	}
	for v := 0; v < n; v++ {
		start[v+1] += start[v]
	}
	in := make([]int32, start[n])
	fill := append([]int32(nil), start[:n]...)
	for i := 0; i < m; i++ {
		if g.cap[i] > 0 {
			v := g.target[i]
			in[fill[v]] = int32(i)
			fill[v]++
		}
	}
	attached := make([]bool, n)
	queue := make([]int32, 0, n)
	for u := 0; u < n; u++ {
		if excess[u] != 0 {
			attached[u] = true
			queue = append(queue, int32(u))
		}
	}
	next := 0 // the next node to start from when the queue runs dry
	for head := 0; ; head++ {
		if head == len(queue) {
			for next < n && attached[next] {
				next++
			}
			if next == n {
				break
			}
			attached[next] = true // keeps its artificial arc
			queue = append(queue, int32(next))
		}
		u := queue[head]
		for _, a := range in[start[u]:start[u+1]] {
			v := g.source[a]
			if attached[v] {
				continue
			}
			attached[v] = true
			art := int32(m) + v
			g.state[art] = stateLower
			g.flow[art] = 0
			g.parent[v] = u
			g.pred[v] = a
			g.predDir[v] = dirUp
			g.state[a] = stateTree
			queue = append(queue, v)
		}
	}
	// Thread (preorder), subtree sizes and last successors.
	child := make([]int32, n+1)
	sibling := make([]int32, n+1)
	for i := range child {
		child[i] = -1
	}
	for v := n - 1; v >= 0; v-- {
		p := g.parent[v]
		sibling[v] = child[p]
		child[p] = int32(v)
	}
	order := make([]int32, 0, n+1)
	stack := []int32{root}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order = append(order, u)
		// Push children in reverse so that they come out in order.
		k := len(stack)
		for c := child[u]; c >= 0; c = sibling[c] {
			stack = append(stack, c)
		}
		for i, j := k, len(stack)-1; i < j; i, j = i+1, j-1 {
			stack[i], stack[j] = stack[j], stack[i]
		}
	}
	for i, u := range order {
		nx := order[(i+1)%len(order)]
		g.thread[u] = nx
		g.revThread[nx] = u
	}
	for i := len(order) - 1; i >= 0; i-- {
		u := order[i]
		g.succNum[u] = 1
		g.lastSucc[u] = u
	}
	for i := len(order) - 1; i > 0; i-- {
		u := order[i]
		p := g.parent[u]
		g.succNum[p] += g.succNum[u]
		if g.lastSucc[p] == p {
			g.lastSucc[p] = g.lastSucc[u] // the last child in preorder comes last
		}
	}
	g.recomputePotentials()
}

func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// recomputePotentials sets the potentials from the tree after a cost change.
func (g *FlowNetwork) recomputePotentials() {
	pi, parent, pred, dir, cost := g.pi, g.parent, g.pred, g.predDir, g.cost
	pi[g.root] = 0
	for u := g.thread[g.root]; u != g.root; u = g.thread[u] {
		e := pred[u]
		if dir[u] == dirUp {
			pi[u] = pi[parent[u]] - cost[e]
		} else {
			pi[u] = pi[parent[u]] + cost[e]
		}
	}
}

// initialPivots brings the cheapest arc into each demand node first, which
// saves many pivots on assignment-like networks (as LEMON does).
func (g *FlowNetwork) initialPivots() bool {
	m := g.arcNum
	best := make([]int32, g.nodeNum)
	for i := range best {
		best[i] = -1
	}
	demand := false
	for u := 0; u < g.nodeNum; u++ {
		if g.source[m+u] == g.root && g.flow[m+u] > 0 {
			demand = true
		}
	}
	if !demand {
		return true
	}
	for a := 0; a < m; a++ {
		v := g.target[a]
		if g.source[m+int(v)] != g.root {
			continue
		}
		if b := best[v]; b < 0 || g.cost[a] < g.cost[b] {
			best[v] = int32(a)
		}
	}
	for _, a := range best {
		if a < 0 {
			continue
		}
		g.inArc = a
		if int64(g.state[a])*(g.cost[a]+g.pi[g.source[a]]-g.pi[g.target[a]]) >= 0 {
			continue
		}
		if !g.pivot() {
			return false
		}
	}
	return true
}

// run pivots until no arc has a negative reduced cost.
func (g *FlowNetwork) run() FlowStatus {
	find := g.findEnteringArc
	if g.useList {
		find = g.findEnteringArcList
	}
	for find() {
		if !g.pivot() {
			return FlowUnbounded
		}
	}
	for u := 0; u < g.nodeNum; u++ {
		if g.flow[g.arcNum+u] != 0 {
			return FlowInfeasible
		}
	}
	return FlowOptimal
}

// pivot brings inArc into the tree; false means the cycle is unbounded.
func (g *FlowNetwork) pivot() bool {
	g.Pivots++
	g.TotalPivots++
	g.findJoinNode()
	change := g.findLeavingArc()
	if g.delta >= FlowInf {
		return false
	}
	g.changeFlow(change)
	if change {
		g.updateTreeStructure()
		g.updatePotential()
	}
	return true
}

// findEnteringArc is the block search pivot rule: scan blocks of arcs
// from where the last search stopped and take the most negative reduced
// cost of the first block that has one.
func (g *FlowNetwork) findEnteringArc() bool {
	m := g.arcNum
	src, tgt, cost, state := g.source[:m], g.target[:m], g.cost[:m], g.state[:m]
	pi := g.pi
	var min int64
	in := int32(-1)
	cnt := g.blockSize
	next := g.nextArc
	// From where the last search stopped to the end, then from the start.
	for _, span := range [2][2]int{{next, m}, {0, next}} {
		for e := span[0]; e < span[1]; e++ {
			c := int64(state[e]) * (cost[e] + pi[src[e]] - pi[tgt[e]])
			if c < min {
				min, in = c, int32(e)
			}
			if cnt--; cnt == 0 {
				if min < 0 {
					g.inArc, g.nextArc = in, e
					return true
				}
				cnt = g.blockSize
			}
		}
	}
	if min < 0 {
		g.inArc, g.nextArc = in, next
		return true
	}
	return false
}

// findEnteringArcList is the candidate list pivot rule, for re-solves
// after a cost change, when few arcs are eligible and block search would
// scan most arcs for every pivot: a major scan collects up to a list of
// eligible arcs, and minor iterations pivot on the best of the list until
// it runs dry.
func (g *FlowNetwork) findEnteringArcList() bool {
	m := g.arcNum
	src, tgt, cost, state := g.source[:m], g.target[:m], g.cost[:m], g.state[:m]
	pi := g.pi
	listLen := max(g.blockSize/2, 10)
	if g.minor < g.minorLimit && len(g.list) > 0 {
		var min int64
		in := int32(-1)
		keep := g.list[:0]
		for _, e := range g.list {
			c := int64(state[e]) * (cost[e] + pi[src[e]] - pi[tgt[e]])
			if c < 0 {
				keep = append(keep, e)
				if c < min {
					min, in = c, e
				}
			}
		}
		g.list = keep
		if in >= 0 {
			g.minor++
			g.inArc = in
			return true
		}
	}
	// Major iteration: collect eligible arcs from where the last scan ended.
	g.list = g.list[:0]
	g.minor = 0
	var min int64
	in := int32(-1)
	e := g.nextArc
	k := 0
	for ; k < m; k++ {
		c := int64(state[e]) * (cost[e] + pi[src[e]] - pi[tgt[e]])
		if c < 0 {
			g.list = append(g.list, int32(e))
			if c < min {
				min, in = c, int32(e)
			}
		}
		if e++; e == m {
			e = 0
		}
		if len(g.list) >= listLen {
			break
		}
	}
	g.nextArc = e
	// A scan of every arc found few candidates: use them all up before the
	// next one. Otherwise refresh the list now and then.
	g.minorLimit = listLen
	if k == m {
		g.minorLimit = m
	}
	if in < 0 {
		return false
	}
	g.minor++
	g.inArc = in
	return true
}

func (g *FlowNetwork) findJoinNode() {
	u, v := g.source[g.inArc], g.target[g.inArc]
	succ, parent := g.succNum, g.parent
	for u != v {
		if succ[u] < succ[v] {
			u = parent[u]
		} else {
			v = parent[v]
		}
	}
	g.join = u
}

// findLeavingArc finds the arc leaving the basis by the strongly feasible
// rule and reports whether it differs from the entering arc.
func (g *FlowNetwork) findLeavingArc() bool {
	in := g.inArc
	var first, second int32
	if g.state[in] == stateLower {
		first, second = g.source[in], g.target[in]
	} else {
		first, second = g.target[in], g.source[in]
	}
	g.delta = g.cap[in]
	result := 0
	for u := first; u != g.join; u = g.parent[u] {
		e := g.pred[u]
		d := g.flow[e]
		if g.predDir[u] == dirDown {
			c := g.cap[e]
			if c >= FlowInf {
				d = FlowInf
			} else {
				d = c - d
			}
		}
		if d < g.delta {
			g.delta = d
			g.uOut = u
			result = 1
		}
	}
	for u := second; u != g.join; u = g.parent[u] {
		e := g.pred[u]
		d := g.flow[e]
		if g.predDir[u] == dirUp {
			c := g.cap[e]
			if c >= FlowInf {
				d = FlowInf
			} else {
				d = c - d
			}
		}
		if d <= g.delta {
			g.delta = d
			g.uOut = u
			result = 2
		}
	}
	if result == 1 {
		g.uIn, g.vIn = first, second
	} else {
		g.uIn, g.vIn = second, first
	}
	return result != 0
}

func (g *FlowNetwork) changeFlow(change bool) {
	in := g.inArc
	if g.delta > 0 {
		val := int64(g.state[in]) * g.delta
		g.flow[in] += val
		for u := g.source[in]; u != g.join; u = g.parent[u] {
			g.flow[g.pred[u]] -= int64(g.predDir[u]) * val
		}
		for u := g.target[in]; u != g.join; u = g.parent[u] {
			g.flow[g.pred[u]] += int64(g.predDir[u]) * val
		}
	}
	if change {
		g.state[in] = stateTree
		out := g.pred[g.uOut]
		if g.flow[out] == 0 {
			g.state[out] = stateLower
		} else {
			g.state[out] = stateUpper
		}
	} else {
		g.state[in] = -g.state[in]
	}
}

// updateTreeStructure re-hangs the subtree cut off by the leaving arc.
func (g *FlowNetwork) updateTreeStructure() {
	parent, thread, revThread := g.parent, g.thread, g.revThread
	succNum, lastSucc, pred, predDir := g.succNum, g.lastSucc, g.pred, g.predDir
	uIn, vIn, uOut, join := g.uIn, g.vIn, g.uOut, g.join
	inArc := g.inArc

	oldRevThread := revThread[uOut]
	oldSuccNum := succNum[uOut]
	oldLastSucc := lastSucc[uOut]
	vOut := parent[uOut]

	if uIn == uOut {
		parent[uIn] = vIn
		pred[uIn] = inArc
		if uIn == g.source[inArc] {
			predDir[uIn] = dirUp
		} else {
			predDir[uIn] = dirDown
		}
		if thread[vIn] != uOut {
			after := thread[oldLastSucc]
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
			after = thread[vIn]
			thread[vIn] = uOut
			revThread[uOut] = vIn
			thread[oldLastSucc] = after
			revThread[after] = oldLastSucc
		}
	} else {
		var threadContinue int32
		if oldRevThread == vIn {
			threadContinue = thread[oldLastSucc]
		} else {
			threadContinue = thread[vIn]
		}
		stem := uIn
		parStem := vIn
		last := lastSucc[uIn]
		after := thread[last]
		thread[vIn] = uIn
		dirty := g.dirtyRevs[:0]
		dirty = append(dirty, vIn)
		for stem != uOut {
			nextStem := parent[stem]
			thread[last] = nextStem
			dirty = append(dirty, last)

			before := revThread[stem]
			thread[before] = after
			revThread[after] = before

			parent[stem] = parStem
			parStem = stem
			stem = nextStem

			if lastSucc[stem] == lastSucc[parStem] {
				last = revThread[parStem]
			} else {
				last = lastSucc[stem]
			}
			after = thread[last]
		}
		parent[uOut] = parStem
		thread[last] = threadContinue
		revThread[threadContinue] = last
		lastSucc[uOut] = last

		if oldRevThread != vIn {
			thread[oldRevThread] = after
			revThread[after] = oldRevThread
		}
		for _, u := range dirty {
			revThread[thread[u]] = u
		}
		g.dirtyRevs = dirty

		tmpSc, tmpLs := int32(0), lastSucc[uOut]
		for u, p := uOut, parent[uOut]; u != uIn; u, p = p, parent[p] {
			pred[u] = pred[p]
			predDir[u] = -predDir[p]
			tmpSc += succNum[u] - succNum[p]
			succNum[u] = tmpSc
			lastSucc[p] = tmpLs
		}
		pred[uIn] = inArc
		if uIn == g.source[inArc] {
			predDir[uIn] = dirUp
		} else {
			predDir[uIn] = dirDown
		}
		succNum[uIn] = oldSuccNum
	}

	upLimitOut := int32(-1)
	if lastSucc[join] == vIn {
		upLimitOut = join
	}
	lastSuccOut := lastSucc[uOut]
	for u := vIn; u != -1 && lastSucc[u] == vIn; u = parent[u] {
		lastSucc[u] = lastSuccOut
	}
	if join != oldRevThread && vIn != oldRevThread {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = oldRevThread
		}
	} else if lastSuccOut != oldLastSucc {
		for u := vOut; u != upLimitOut && lastSucc[u] == oldLastSucc; u = parent[u] {
			lastSucc[u] = lastSuccOut
		}
	}
	for u := vIn; u != join; u = parent[u] {
		succNum[u] += oldSuccNum
	}
	for u := vOut; u != join; u = parent[u] {
		succNum[u] -= oldSuccNum
	}
}

func (g *FlowNetwork) updatePotential() {
	uIn := g.uIn
	sigma := g.pi[g.vIn] - g.pi[uIn] - int64(g.predDir[uIn])*g.cost[g.inArc]
	end := g.thread[g.lastSucc[uIn]]
	for u := uIn; u != end; u = g.thread[u] {
		g.pi[u] += sigma
	}
}
