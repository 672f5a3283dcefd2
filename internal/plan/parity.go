package plan

import (
	"container/heap"
	"math"
)

// The parity bound. When the exact target is odd and every optimal flow of
// the Lagrangian subproblem moves an even number of teachers (or the other
// way round), e.g. because most cells must keep their numbers and moves
// come in swaps, the LP bound can sit far above every plan. Let x* be an
// optimal flow of the subproblem with the wrong parity. Any feasible plan x
// differs from x* by a circulation of the residual network of x*, which
// splits into residual cycles, each of non-negative reduced cost (x* is
// optimal), whose move counts add up to target − count(x*), an odd number:
// one of them at least has an odd count. So every plan is worth at most the
// Lagrangian bound minus the cheapest residual cycle with an odd number of
// moves, and that cycle added to x* is a candidate plan. The cycle is found
// exactly, in the integer reduced costs, by shortest paths from (v, even) to
// (v, odd) in the residual network doubled by parity.

// oddCycleBudget bounds the arcs the search may scan; beyond it the search
// gives up and the bound is not strengthened.
const oddCycleBudget = 20_000_000

// oddCycle returns the cheapest residual cycle, in integer reduced cost,
// that uses an odd number of the arcs marked in flip (counting each arc
// once whatever its direction), as model arcs with directions. ok is false
// when the budget ran out, the flow is not optimal, or no such cycle exists
// (then cost is math.MaxInt64 and ok is true).
func (g *FlowNetwork) oddCycle(flip []bool, sources []int32) (cost int64, arcs []int32, dirs []int8, ok bool) {
	n, m := g.nodeNum, g.arcNum
	// Residual arcs in compressed rows, per node.
	type edge struct {
		to   int32
		cost int64
		arc  int32 // solver's arc
		dir  int8
		flip bool
	}
	start := make([]int32, n+1)
	count := func(u int32) { start[u+1]++ }
	for i := 0; i < m; i++ {
		if g.flow[i] < g.cap[i] {
			count(g.source[i])
		}
		if g.flow[i] > 0 {
			count(g.target[i])
		}
	}
	for v := 0; v < n; v++ {
		start[v+1] += start[v]
	}
	edges := make([]edge, start[n])
	fill := append([]int32(nil), start[:n]...)
	for i := 0; i < m; i++ {
		u, v := g.source[i], g.target[i]
		rc := g.cost[i] + g.pi[u] - g.pi[v]
		f := flip[g.ext[i]]
		if g.flow[i] < g.cap[i] {
			if rc < 0 {
				return 0, nil, nil, false // not optimal
			}
			edges[fill[u]] = edge{v, rc, int32(i), 1, f}
			fill[u]++
		}
		if g.flow[i] > 0 {
			if rc > 0 {
				return 0, nil, nil, false
			}
			edges[fill[v]] = edge{u, -rc, int32(i), -1, f}
			fill[v]++
		}
	}
	best := int64(math.MaxInt64)
	var bestEdges []int32 // the residual arcs of the best walk, backwards
	dist := make([]int64, 2*n)
	prev := make([]int32, 2*n) // previous state
	via := make([]int32, 2*n)  // edge index into edges
	for i := range dist {
		dist[i] = math.MaxInt64
	}
	var touched []int32
	work := 0
	q := &stateQueue{}
	for _, src := range sources {
		for _, t := range touched {
			dist[t] = math.MaxInt64
		}
		touched = touched[:0]
		s0 := 2 * src
		dist[s0] = 0
		prev[s0] = -1
		touched = append(touched, s0)
		*q = (*q)[:0]
		heap.Push(q, stateItem{s0, 0})
		goal := 2*src + 1
		for q.Len() > 0 {
			it := heap.Pop(q).(stateItem)
			if it.d != dist[it.s] || it.d >= best {
				if it.d >= best {
					break
				}
				continue
			}
			if it.s == goal {
				best = it.d
				bestEdges = bestEdges[:0]
				for s := goal; prev[s] >= 0; s = prev[s] {
					bestEdges = append(bestEdges, via[s])
				}
				break
			}
			u, p := it.s/2, it.s%2
			for e := start[u]; e < start[u+1]; e++ {
				work++
				ed := &edges[e]
				np := p
				if ed.flip {
					np ^= 1
				}
				ns := 2*ed.to + np
				if nd := it.d + ed.cost; nd < dist[ns] && nd < best {
					if dist[ns] == math.MaxInt64 {
						touched = append(touched, ns)
					}
					dist[ns], prev[ns], via[ns] = nd, it.s, e
					heap.Push(q, stateItem{ns, nd})
				}
			}
			if work > oddCycleBudget {
				return 0, nil, nil, false
			}
		}
	}
	if best == math.MaxInt64 {
		return best, nil, nil, true
	}
	for _, e := range bestEdges {
		ed := &edges[e]
		arcs = append(arcs, g.ext[ed.arc])
		dirs = append(dirs, ed.dir)
	}
	return best, arcs, dirs, true
}

type stateItem struct {
	s int32
	d int64
}

// stateQueue is a min-heap of states by distance.
type stateQueue []stateItem

func (q stateQueue) Len() int { return len(q) }
func (q stateQueue) Less(i, j int) bool {
	if q[i].d != q[j].d {
		return q[i].d < q[j].d
	}
	return q[i].s < q[j].s
}
func (q stateQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *stateQueue) Push(v any)   { *q = append(*q, v.(stateItem)) }
func (q *stateQueue) Pop() any {
	old := *q
	it := old[len(old)-1]
	*q = old[:len(old)-1]
	return it
}

// parityBound strengthens the Lagrangian bound ub of the pricing that just
// produced col (the network still holds its flow and potentials) when col's
// number of moves has the wrong parity for the target. It returns the
// amount by which ub drops (0 when it does not), and offers col plus the
// cheapest odd cycle as a plan.
func (s *searcher) parityBound(col *column) (float64, error) {
	md := s.md
	t := md.targetRow()
	if t < 0 || len(col.act) <= t {
		return 0, nil
	}
	count := int(math.Round(col.act[t]))
	if (count-int(md.rows[t].lo))%2 == 0 {
		return 0, nil
	}
	if s.flip == nil {
		s.flip = make([]bool, s.g.Arcs())
		for _, a := range md.entries {
			s.flip[a] = true
		}
		seen := map[int32]bool{}
		for _, a := range md.entries {
			if u := int32(s.g.Source(int(a))); !seen[u] {
				seen[u] = true
				s.entrySources = append(s.entrySources, u)
			}
		}
	}
	cost, arcs, dirs, ok := s.g.oddCycle(s.flip, s.entrySources)
	if !ok {
		return 0, nil
	}
	if cost == math.MaxInt64 {
		return math.Inf(1), nil // no plan has the target's parity
	}
	// The candidate plan: col plus the cycle, when it keeps every bound.
	flow := map[int32]int64{}
	for i, a := range col.flow.arcs {
		flow[a] = int64(col.flow.flows[i])
	}
	for k, a := range arcs {
		flow[a] += int64(dirs[k])
	}
	fits := true
	for a, v := range flow {
		if lo, hi := s.g.Bounds(int(a)); v < lo || v > hi {
			fits = false
			break
		}
	}
	if fits {
		f := flowFromMap(flow)
		if st := s.rowStateOf(f); st.over == 0 && st.bb >= md.x.in.Policy.MinBackbone && st.count == int(md.rows[t].lo) {
			if err := s.offer(f); err != nil {
				return 0, err
			}
		}
	}
	return float64(cost) / s.pr.scale, nil
}
