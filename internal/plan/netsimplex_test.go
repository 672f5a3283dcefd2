package plan

import (
	"math/rand/v2"
	"testing"
)

// sspMinCost solves a min-cost flow by successive shortest paths, as an
// independent reference for the network simplex on small graphs. It returns
// ok=false when no feasible flow exists.
func sspMinCost(n int, src, dst []int, lo, up, cost []int64, supply []int64) (int64, bool) {
	type edge struct {
		to   int
		cap  int64
		cost int64
		rev  int
	}
	N := n + 2
	s, t := n, n+1
	adj := make([][]edge, N)
	add := func(u, v int, c, w int64) {
		adj[u] = append(adj[u], edge{v, c, w, len(adj[v])})
		adj[v] = append(adj[v], edge{u, 0, -w, len(adj[u]) - 1})
	}
	excess := append([]int64(nil), supply...)
	var base int64
	for a := range src {
		u, v := src[a], dst[a]
		excess[u] -= lo[a]
		excess[v] += lo[a]
		base += lo[a] * cost[a]
		c := up[a] - lo[a]
		if cost[a] < 0 {
			// Saturate, then offer the reverse at positive cost.
			excess[u] -= c
			excess[v] += c
			base += c * cost[a]
			add(v, u, c, -cost[a])
		} else {
			add(u, v, c, cost[a])
		}
	}
	var need int64
	for u := 0; u < n; u++ {
		if excess[u] > 0 {
			add(s, u, excess[u], 0)
			need += excess[u]
		} else if excess[u] < 0 {
			add(u, t, -excess[u], 0)
		}
	}
	total := base
	for need > 0 {
		const inf = int64(1) << 60
		dist := make([]int64, N)
		prevV := make([]int, N)
		prevE := make([]int, N)
		for i := range dist {
			dist[i] = inf
		}
		dist[s] = 0
		for changed := true; changed; {
			changed = false
			for u := 0; u < N; u++ {
				if dist[u] == inf {
					continue
				}
				for i, e := range adj[u] {
					if e.cap > 0 && dist[u]+e.cost < dist[e.to] {
						dist[e.to] = dist[u] + e.cost
						prevV[e.to], prevE[e.to] = u, i
						changed = true
					}
				}
			}
		}
		if dist[t] == inf {
			return 0, false
		}
		f := need
		for v := t; v != s; v = prevV[v] {
			if c := adj[prevV[v]][prevE[v]].cap; c < f {
				f = c
			}
		}
		for v := t; v != s; v = prevV[v] {
			e := &adj[prevV[v]][prevE[v]]
			e.cap -= f
			adj[v][e.rev].cap += f
		}
		need -= f
		total += f * dist[t]
	}
	return total, true
}

func TestFlowNetworkAgainstSuccessiveShortestPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 3000; iter++ {
		n := 2 + r.IntN(9)
		m := r.IntN(4 * n)
		g := NewFlowNetwork(n)
		var src, dst []int
		var lo, up, cost []int64
		for a := 0; a < m; a++ {
			u, v := r.IntN(n), r.IntN(n)
			if u == v {
				continue
			}
			l := int64(0)
			if r.IntN(5) == 0 {
				l = int64(r.IntN(3))
			}
			h := l + int64(r.IntN(5))
			c := int64(r.IntN(21) - 10)
			g.AddArc(u, v, l, h, c)
			src, dst = append(src, u), append(dst, v)
			lo, up, cost = append(lo, l), append(up, h), append(cost, c)
		}
		supply := make([]int64, n)
		for k := 0; k < 2; k++ {
			a, b, s := r.IntN(n), r.IntN(n), int64(r.IntN(4))
			supply[a] += s
			supply[b] -= s
		}
		for u, s := range supply {
			g.SetSupply(u, s)
		}
		want, ok := sspMinCost(n, src, dst, lo, up, cost, supply)
		st := g.Solve()
		if !ok {
			if st != FlowInfeasible {
				t.Fatalf("iter %d: status %v, want infeasible", iter, st)
			}
			continue
		}
		if st != FlowOptimal {
			t.Fatalf("iter %d: status %v, want optimal (cost %d)", iter, st, want)
		}
		if got := g.TotalCost(); got != want {
			t.Fatalf("iter %d: cost %d, want %d", iter, got, want)
		}
		checkFlowOptimality(t, g, supply)

		// Warm start after new costs.
		for a := range cost {
			cost[a] = int64(r.IntN(21) - 10)
			g.SetCost(a, cost[a])
		}
		want, _ = sspMinCost(n, src, dst, lo, up, cost, supply)
		if st := g.Solve(); st != FlowOptimal {
			t.Fatalf("iter %d warm: status %v", iter, st)
		}
		if got := g.TotalCost(); got != want {
			t.Fatalf("iter %d warm: cost %d, want %d", iter, got, want)
		}
		checkFlowOptimality(t, g, supply)
	}
}

// checkFlowOptimality checks conservation, bounds and the reduced-cost
// optimality conditions of the potentials.
func checkFlowOptimality(t *testing.T, g *FlowNetwork, supply []int64) {
	t.Helper()
	bal := make([]int64, g.Nodes())
	for a := 0; a < g.Arcs(); a++ {
		f := g.Flow(a)
		l, u := g.Bounds(a)
		if f < l || f > u {
			t.Fatalf("arc %d flow %d outside [%d,%d]", a, f, l, u)
		}
		bal[g.Source(a)] -= f
		bal[g.Target(a)] += f
		rc := g.Cost(a) + g.Potential(g.Source(a)) - g.Potential(g.Target(a))
		if (rc < 0 && f < u) || (rc > 0 && f > l) {
			t.Fatalf("arc %d reduced cost %d with flow %d in [%d,%d]", a, rc, f, l, u)
		}
	}
	for v := range bal {
		if bal[v]+supply[v] != 0 {
			t.Fatalf("node %d unbalanced", v)
		}
	}
}
