package plan

import (
	"sort"
)

// The face heuristic. When column generation converges, every column in
// the master's optimal mix is optimal for the Lagrangian subproblem at the
// final duals. The difference of two such columns is a circulation whose
// conformal decomposition into cycles has only zero-reduced-cost cycles, so
// adding any set of those cycles to one column that keeps the arc bounds
// gives another optimal integral circulation of the subproblem. The target,
// the backbone count and the caps change by each cycle's count; choosing the
// cycles so that they hit the target exactly (a small subset sum) yields a
// feasible plan whose objective is at or near the node's LP bound. This
// finds plans quickly on the degenerate instances (ties everywhere) where
// branching alone would wander.

// faceCycle is one cycle: arcs with directions, and its effect on the rows.
type faceCycle struct {
	arcs  []int32
	dirs  []int8 // +1 forward, -1 backward
	count int    // change of the number of moves
	bb    int    // change of the number of backbone moves
	out   []schoolDelta
}

// schoolDelta is a change of the moves out of a school.
type schoolDelta struct {
	school int32
	delta  int32
}

// faceHeuristic tries to build a plan from the columns of the master's
// mix, based on each of its heaviest columns in turn; it offers what it
// finds as incumbent.
func (s *searcher) faceHeuristic(ms *master) error {
	type member struct {
		pool   int
		weight float64
	}
	var mix []member
	for j, pi := range ms.cols {
		if pi >= 0 && ms.lp.z[j] > 1e-9 {
			mix = append(mix, member{pi, ms.lp.z[j]})
		}
	}
	if len(mix) < 2 {
		return nil
	}
	sort.Slice(mix, func(a, b int) bool {
		if mix[a].weight != mix[b].weight {
			return mix[a].weight > mix[b].weight
		}
		return mix[a].pool < mix[b].pool
	})
	for k, bm := range mix {
		if k == 3 {
			break
		}
		base := bm.pool
		var cycles []faceCycle
		for _, other := range mix {
			if other.pool != base {
				cycles = append(cycles, s.decompose(&s.pool[base].flow, &s.pool[other.pool].flow)...)
			}
		}
		f := s.combine(&s.pool[base].flow, cycles)
		if s.trace != nil {
			st := s.rowStateOf(&s.pool[base].flow)
			s.trace("face: base %d of %d, %d cycles, base count %d bb %d over %d, found %v", k, len(mix), len(cycles), st.count, st.bb, st.over, f != nil)
		}
		if f != nil {
			return s.offer(f)
		}
	}
	return nil
}

// decompose splits the circulation b − a into cycles.
func (s *searcher) decompose(a, b *flowSet) []faceCycle {
	g := s.g
	// Signed difference, sparse.
	diff := map[int32]int32{}
	for i, arc := range b.arcs {
		diff[arc] += b.flows[i]
	}
	for i, arc := range a.arcs {
		diff[arc] -= a.flows[i]
	}
	type step struct {
		arc int32
		dir int8
	}
	out := map[int32][]step{} // node -> residual steps leaving it
	var keys []int32
	for arc, d := range diff {
		if d != 0 {
			keys = append(keys, arc)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	left := map[int32]int32{}
	for _, arc := range keys {
		d := diff[arc]
		u, v := int32(g.Source(int(arc))), int32(g.Target(int(arc)))
		if d > 0 {
			out[u] = append(out[u], step{arc, 1})
			left[arc] = d
		} else {
			out[v] = append(out[v], step{arc, -1})
			left[arc] = -d
		}
	}
	head := func(st step) int32 {
		if st.dir > 0 {
			return int32(g.Target(int(st.arc)))
		}
		return int32(g.Source(int(st.arc)))
	}
	var cycles []faceCycle
	for _, start := range keys {
		for left[start] > 0 {
			// Walk from start until a node repeats; the loop is a cycle.
			st := step{start, 1}
			u := int32(g.Source(int(start)))
			if diff[start] < 0 {
				st = step{start, -1}
				u = int32(g.Target(int(start)))
			}
			path := []step{st}
			pos := map[int32]int{u: 0}
			u = head(st)
			for {
				if i, ok := pos[u]; ok {
					path = path[i:]
					break
				}
				pos[u] = len(path)
				next := step{arc: -1}
				for _, cand := range out[u] {
					if left[cand.arc] > 0 {
						next = cand
						break
					}
				}
				if next.arc < 0 {
					return cycles // cannot happen: b − a is a circulation
				}
				path = append(path, next)
				u = head(next)
			}
			c := faceCycle{}
			n := int32(1 << 30)
			for _, p := range path {
				n = min(n, left[p.arc])
			}
			for _, p := range path {
				left[p.arc] -= n
				c.arcs = append(c.arcs, p.arc)
				c.dirs = append(c.dirs, p.dir)
				if e := s.md.entryOf[p.arc]; e >= 0 {
					c.count += int(p.dir)
					if s.md.entryBB[e] {
						c.bb += int(p.dir)
					}
					c.out = append(c.out, schoolDelta{s.md.entrySchool[e], int32(p.dir)})
				}
			}
			c.out = mergeDeltas(c.out)
			for k := int32(0); k < n; k++ {
				cycles = append(cycles, c)
			}
		}
	}
	return cycles
}

// mergeDeltas sums the changes per school and drops those that cancel.
func mergeDeltas(ds []schoolDelta) []schoolDelta {
	sort.Slice(ds, func(i, j int) bool { return ds[i].school < ds[j].school })
	out := ds[:0]
	for _, d := range ds {
		if n := len(out); n > 0 && out[n-1].school == d.school {
			out[n-1].delta += d.delta
		} else {
			out = append(out, d)
		}
	}
	kept := out[:0]
	for _, d := range out {
		if d.delta != 0 {
			kept = append(kept, d)
		}
	}
	return kept
}

// combine adds cycles to base so that the count of moves hits the target,
// the backbone minimum holds and no school exceeds its cap, keeping arc
// bounds. It first adds, one at a time, the cycle that most reduces the
// total violation; failing that, it solves the subset sum of the counts
// exactly (ignoring caps) and checks the caps after. It returns the
// resulting flow or nil.
func (s *searcher) combine(base *flowSet, cycles []faceCycle) *flowSet {
	if len(cycles) == 0 {
		return nil
	}
	if f := s.combineGreedy(base, cycles); f != nil {
		return f
	}
	return s.combineSubsetSum(base, cycles)
}

// rowState is the count, backbone count and outflows of a flow.
type rowState struct {
	count, bb int
	out       map[int32]int
	over      int // Σ moves beyond the caps
}

func (s *searcher) rowStateOf(f *flowSet) rowState {
	md := s.md
	st := rowState{out: map[int32]int{}}
	for i, a := range f.arcs {
		if e := md.entryOf[a]; e >= 0 {
			n := int(f.flows[i])
			st.count += n
			if md.entryBB[e] {
				st.bb += n
			}
			st.out[md.entrySchool[e]] += n
		}
	}
	for sch, n := range st.out {
		if cp := md.x.outCap[sch]; cp >= 0 && n > cp {
			st.over += n - cp
		}
	}
	return st
}

// violation measures how far a row state, changed by cycle c, is from the
// side rows: the distance to the target, the backbone shortfall and the
// moves beyond the caps.
func (s *searcher) violation(st *rowState, c *faceCycle) int {
	p := &s.md.x.in.Policy
	count, bb := st.count+c.count, st.bb+c.bb
	v := max(0, p.MinBackbone-bb)
	if p.Target >= 0 {
		v += max(count-p.Target, p.Target-count)
	}
	v += st.over
	for _, d := range c.out {
		if cp := s.md.x.outCap[d.school]; cp >= 0 {
			n := st.out[d.school]
			v += max(0, n+int(d.delta)-cp) - max(0, n-cp)
		}
	}
	return v
}

// combineGreedy first adds, one at a time, the cycle that most reduces the
// violation of the side rows (the more valuable among equals); once none is
// left it adds every cycle that raises the value and keeps the rows.
func (s *searcher) combineGreedy(base *flowSet, cycles []faceCycle) *flowSet {
	flow := map[int32]int64{}
	for i, a := range base.arcs {
		flow[a] = int64(base.flows[i])
	}
	st := s.rowStateOf(base)
	none := &faceCycle{}
	used := make([]bool, len(cycles))
	gain := make([]float64, len(cycles))
	for i := range cycles {
		for k, a := range cycles[i].arcs {
			gain[i] += s.md.val[a] * float64(cycles[i].dirs[k])
		}
	}
	fits := func(c *faceCycle) bool {
		for k, a := range c.arcs {
			lo, hi := s.g.Bounds(int(a))
			if v := flow[a] + int64(c.dirs[k]); v < lo || v > hi {
				return false
			}
		}
		return true
	}
	apply := func(i int) {
		c := &cycles[i]
		used[i] = true
		for k, a := range c.arcs {
			flow[a] += int64(c.dirs[k])
		}
		st.count += c.count
		st.bb += c.bb
		for _, d := range c.out {
			if cp := s.md.x.outCap[d.school]; cp >= 0 {
				n := st.out[d.school]
				st.over += max(0, n+int(d.delta)-cp) - max(0, n-cp)
			}
			st.out[d.school] += int(d.delta)
		}
	}
	for cur := s.violation(&st, none); cur > 0; {
		best, bestV := -1, cur
		for i := range cycles {
			if used[i] {
				continue
			}
			v := s.violation(&st, &cycles[i])
			if (v < bestV || v == bestV && best >= 0 && gain[i] > gain[best]) && fits(&cycles[i]) {
				best, bestV = i, v
			}
		}
		if best < 0 {
			return nil
		}
		apply(best)
		cur = bestV
	}
	for {
		best := -1
		for i := range cycles {
			if !used[i] && gain[i] > 1e-9 && (best < 0 || gain[i] > gain[best]) &&
				s.violation(&st, &cycles[i]) == 0 && fits(&cycles[i]) {
				best = i
			}
		}
		if best < 0 {
			return flowFromMap(flow)
		}
		apply(best)
	}
}

func flowFromMap(flow map[int32]int64) *flowSet {
	var f flowSet
	for a, v := range flow {
		if v != 0 {
			f.arcs = append(f.arcs, a)
		}
	}
	sort.Slice(f.arcs, func(i, j int) bool { return f.arcs[i] < f.arcs[j] })
	for _, a := range f.arcs {
		f.flows = append(f.flows, int32(flow[a]))
	}
	return &f
}

// combineSubsetSum chooses cycles whose counts add up to what the target
// needs, preferring backbone moves, by dynamic programming.
func (s *searcher) combineSubsetSum(base *flowSet, cycles []faceCycle) *flowSet {
	md := s.md
	p := &md.x.in.Policy
	st := s.rowStateOf(base)
	count, bb := st.count, st.bb
	need := 0
	if p.Target >= 0 {
		need = p.Target - count
	}
	// Subset sum over the cycle counts, preferring more backbone moves:
	// reach[d] is the best backbone change reaching count change d.
	const span = 64
	if need < -span || need > span || len(cycles) == 0 {
		return nil
	}
	if len(cycles) > 2000 {
		cycles = cycles[:2000]
	}
	type state struct {
		bb   int
		prev int // previous offset
		used int // cycle index
		ok   bool
	}
	table := make([][2*span + 1]state, len(cycles)+1)
	table[0][span] = state{ok: true, used: -1}
	for i, c := range cycles {
		table[i+1] = table[i]
		for d := -span; d <= span; d++ {
			from := table[i][d+span]
			nd := d + c.count
			if !from.ok || nd < -span || nd > span {
				continue
			}
			if to := &table[i+1][nd+span]; !to.ok || from.bb+c.bb > to.bb {
				*to = state{bb: from.bb + c.bb, prev: d, used: i, ok: true}
			}
		}
	}
	end := table[len(cycles)][need+span]
	if !end.ok || bb+end.bb < p.MinBackbone {
		return nil
	}
	var chosen []int
	for i, d := len(cycles), need; i > 0; {
		st := table[i][d+span]
		if st.used < 0 {
			break
		}
		chosen = append(chosen, st.used)
		d = st.prev
		i = st.used
	}
	// Apply the chosen cycles, checking bounds and caps.
	flow := map[int32]int64{}
	for i, a := range base.arcs {
		flow[a] = int64(base.flows[i])
	}
	for _, ci := range chosen {
		c := &cycles[ci]
		for k, a := range c.arcs {
			flow[a] += int64(c.dirs[k])
		}
	}
	for a, v := range flow {
		if lo, hi := s.g.Bounds(int(a)); v < lo || v > hi {
			return nil
		}
	}
	f := flowFromMap(flow)
	if st := s.rowStateOf(f); st.over > 0 {
		return nil
	}
	return f
}
