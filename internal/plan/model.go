package plan

import (
	"fmt"
	"math"
	"sort"
)

// The model: the moves of teachers of one subject form a circulation among
// the (school, subject) cells. Cell node C(s,j) receives arriving teachers
// through C_in(s,j) and sends leaving ones through C_out(s,j) (these arcs
// count arrivals and departures, which makes them good to branch on); the
// root R balances each cell within its staffing bounds: the arc R→C carries
// out−in when positive, C→R carries in−out. The arc C→C_out is capped by the
// school's outflow cap too. A leaving teacher's unit goes C(s,j) → C_out(s,j)
// → teacher entry arc → group G(s,j,backbone) → C_in(s',j) → C(s',j), the
// group arc carrying the distance term, so that teachers without preferences
// share arcs to every destination. A teacher with preferences has a node of
// their own with direct arcs to the preferred schools and one arc into the
// group (charged the full penalty len(prefs)); a teacher with forbidden
// destinations or a pin has a node with explicit arcs only.
//
// The side constraints (the exact target, the backbone minimum and the
// per-school outflow caps over several subjects) count flow on entry arcs.

type arcKind uint8

const (
	arcBalanceOut   arcKind = iota // R → C: out − in
	arcBalanceIn                   // C → R: in − out
	arcCellOut                     // C → C_out: teachers leaving the cell (capped by the school's cap)
	arcCellIn                      // C_in → C: teachers arriving in the cell
	arcEntry                       // C or C' → teacher node or group: one teacher leaves
	arcTeacherGroup                // teacher node → group
	arcTeacherDest                 // teacher node → destination cell
	arcGroupDest                   // group → destination cell
)

// rowKind is the kind of a side constraint.
type rowKind uint8

const (
	rowTarget rowKind = iota
	rowBackbone
	rowCap
)

// sideRow is one side constraint lo ≤ D x ≤ hi over the entry arcs.
type sideRow struct {
	kind   rowKind
	school int
	lo, hi float64
}

// model is the flow network of an instance with the data to price side
// constraints and to turn flows back into moves.
type model struct {
	x     *index
	g     *FlowNetwork
	kind  []arcKind
	val   []float64 // the value of one unit of flow on each arc
	teach []int32   // entry and teacher arcs: the teacher; -1 for group entries of several
	dest  []int32   // arcs into a cell: the destination school; -1 otherwise
	group []int32   // per node: the group index for group nodes, -1 otherwise

	entries     []int32 // the entry arcs
	entrySchool []int32 // per entry arc (parallel to entries)
	entryBB     []bool
	entryOf     []int32 // per arc: index into entries, -1 when not an entry

	groups     []groupInfo
	rows       []sideRow // target, backbone; cap rows appended lazily
	capRowOf   []int     // per school: its cap row, -1 if none yet
	capNeeded  []bool    // per school: the cap spans several cells and can bind
	maxMoveAbs float64   // the largest |term| of a move value, for rounding margins
	terms      []float64 // the terms of every move value: priorities, distance terms, the preference weight
	reasons    []Reason  // pins that cannot be honoured
}

type groupInfo struct {
	school, subject int
	backbone        bool
	node            int
	members         int
}

// pinning is the resolved Options of one solve.
type pinning struct {
	pinTo     []int          // per teacher: pinned school, -1 if none
	forbidAll []bool         // per teacher: must not move
	forbidden []map[int]bool // per teacher: schools it must not go to
}

func resolvePins(x *index, opts *Options) (*pinning, error) {
	n := len(x.in.Teachers)
	p := &pinning{pinTo: make([]int, n), forbidAll: make([]bool, n), forbidden: make([]map[int]bool, n)}
	for i := range p.pinTo {
		p.pinTo[i] = -1
	}
	teacher := func(kind string, i int, id string) (int, error) {
		t, ok := x.teacher[id]
		if !ok {
			return 0, invalidOption(fmt.Sprintf("%s[%d].teacher", kind, i), fmt.Sprintf("未知教师 %q", id),
				fmt.Sprintf("unknown teacher %q", id))
		}
		return t, nil
	}
	for i, pin := range opts.Pins {
		t, err := teacher("pins", i, pin.Teacher)
		if err != nil {
			return nil, err
		}
		s, ok := x.school[pin.School]
		if !ok {
			return nil, invalidOption(fmt.Sprintf("pins[%d].school", i), fmt.Sprintf("未知学校 %q", pin.School),
				fmt.Sprintf("unknown school %q", pin.School))
		}
		if p.pinTo[t] >= 0 && p.pinTo[t] != s {
			return nil, invalidOption(fmt.Sprintf("pins[%d]", i), fmt.Sprintf("教师 %s 被固定到两所学校", pin.Teacher),
				fmt.Sprintf("teacher %s is pinned to two schools", pin.Teacher))
		}
		p.pinTo[t] = s
	}
	for i, f := range opts.Forbids {
		t, err := teacher("forbids", i, f.Teacher)
		if err != nil {
			return nil, err
		}
		if f.School == "" {
			p.forbidAll[t] = true
			continue
		}
		s, ok := x.school[f.School]
		if !ok {
			return nil, invalidOption(fmt.Sprintf("forbids[%d].school", i), fmt.Sprintf("未知学校 %q", f.School),
				fmt.Sprintf("unknown school %q", f.School))
		}
		if p.forbidden[t] == nil {
			p.forbidden[t] = map[int]bool{}
		}
		p.forbidden[t][s] = true
	}
	return p, nil
}

// buildModel builds the network of an instance under pins and forbids.
func buildModel(x *index, pins *pinning) *model {
	in := x.in
	md := &model{x: x}

	// inflow[c]: how many teachers cell c can take in at most.
	inflow := make([]int, len(x.cells))
	for c := range x.cells {
		cl := &x.cells[c]
		inflow[c] = max(0, cl.max-cl.cur+len(cl.candidates))
	}
	accepts := func(s, j int) (int, bool) {
		c, ok := x.cellOf[cellKey{s, j}]
		return c, ok && x.cells[c].accepts
	}

	// Decide every candidate's routing before numbering nodes.
	routes, groupDests := md.routeCandidates(pins, accepts)
	movable := md.capRows(routes)
	outNode, inNode, teacherNode := md.numberNodes(routes, movable, inflow)
	inCap := md.addMoveArcs(routes, movable, inflow, outNode, inNode, teacherNode, groupDests, accepts)
	md.addCellArcs(movable, inNode, inCap)

	if in.Policy.Target >= 0 { // a negative target (only in relaxations) leaves the count free
		md.rows = append(md.rows, sideRow{kind: rowTarget, lo: float64(in.Policy.Target), hi: float64(in.Policy.Target)})
	}
	if in.Policy.MinBackbone > 0 {
		md.rows = append(md.rows, sideRow{kind: rowBackbone, lo: float64(in.Policy.MinBackbone), hi: math.Inf(1)})
	}
	return md
}

// route is how a candidate leaves its cell: through a teacher node of its
// own, the group of its cell, or both.
type route struct {
	teacher  int
	own      bool  // a teacher node of its own
	direct   []int // with own: destination schools with explicit arcs
	viaGroup bool  // enters (or, with own, may reach) the group
	entryVal float64
	pinned   bool
	groupKey int
}

// routeCandidates decides every candidate's route, per origin cell, and
// the groups they enter (in md.groups), with each group's destinations.
// Pins that cannot be made are recorded in md.reasons.
func (md *model) routeCandidates(pins *pinning, accepts func(s, j int) (int, bool)) ([][]route, [][]int) {
	x := md.x
	in := x.in
	wp := in.Weights.Preference
	groupIndex := map[groupKey]int{}
	groupDests := [][]int{}
	groupKey := func(s, j int, bb bool) int {
		k := groupKey{s, j, bb}
		if g, ok := groupIndex[k]; ok {
			return g
		}
		groupIndex[k] = len(md.groups)
		md.groups = append(md.groups, groupInfo{school: s, subject: j, backbone: bb, node: -1})
		groupDests = append(groupDests, x.groupDests(s, j, bb))
		return len(md.groups) - 1
	}

	// A pin that cannot be made makes the model infeasible; say why.
	for t, s := range pins.pinTo {
		if s >= 0 {
			if reason := pinReason(x, pins, t, s, accepts); reason != nil {
				md.reasons = append(md.reasons, *reason)
			}
		}
	}
	routes := make([][]route, len(x.cells)) // per origin cell
	for c := range x.cells {
		cl := &x.cells[c]
		if x.outCap[cl.school] == 0 {
			continue
		}
		for _, t := range cl.candidates {
			tt := &in.Teachers[t]
			if pins.forbidAll[t] && pins.pinTo[t] < 0 {
				continue
			}
			r := route{teacher: t, groupKey: groupKey(cl.school, cl.subject, tt.Backbone), entryVal: tt.Priority}
			switch {
			case pins.pinTo[t] >= 0:
				s := pins.pinTo[t]
				if pinReason(x, pins, t, s, accepts) != nil {
					continue // reported above
				}
				r.own, r.pinned, r.direct = true, true, []int{s}
			case pins.forbidden[t] != nil:
				r.own = true
				for _, d := range groupDests[r.groupKey] {
					if !pins.forbidden[t][d] {
						r.direct = append(r.direct, d)
					}
				}
			case len(tt.Prefs) > 0 && wp > 0:
				L := len(tt.Prefs)
				for _, id := range tt.Prefs {
					d := x.school[id]
					if x.moveRule(t, d) != ruleOK {
						continue
					}
					if _, ok := accepts(d, cl.subject); ok {
						r.direct = append(r.direct, d)
					}
				}
				if len(r.direct) > 0 {
					r.own = true
					r.viaGroup = len(groupDests[r.groupKey]) > len(r.direct)
				} else {
					r.viaGroup = true
					r.entryVal = tt.Priority - float64(wp*float64(L))
				}
			default:
				r.viaGroup = true
			}
			if !r.own && len(groupDests[r.groupKey]) == 0 {
				continue
			}
			if r.own && len(r.direct) == 0 && !r.viaGroup {
				continue
			}
			routes[c] = append(routes[c], r)
			if r.viaGroup {
				md.groups[r.groupKey].members++
			}
		}
	}
	return routes, groupDests
}

// capRows marks the schools whose outflow cap needs a side row and returns
// how many candidates of each cell have a route.
func (md *model) capRows(routes [][]route) []int {
	x := md.x
	nSchools := len(x.in.Schools)
	// Cap rows: a school whose cap can bind over several cells gets a side
	// row; with one movable cell the cap is an arc capacity.
	movable := make([]int, len(x.cells))
	cellsWithMovers := make([]int, nSchools)
	movers := make([]int, nSchools)
	for c := range x.cells {
		movable[c] = len(routes[c])
		if movable[c] > 0 {
			cellsWithMovers[x.cells[c].school]++
			movers[x.cells[c].school] += movable[c]
		}
	}
	md.capNeeded = make([]bool, nSchools)
	md.capRowOf = make([]int, nSchools)
	for s := range md.capRowOf {
		md.capRowOf[s] = -1
		md.capNeeded[s] = x.outCap[s] >= 0 && cellsWithMovers[s] > 1 && movers[s] > x.outCap[s]
	}
	return movable
}

// numberNodes numbers the network's nodes and makes md.g: the cells' out
// and in nodes (-1 where a cell has none) and the teacher nodes.
func (md *model) numberNodes(routes [][]route, movable, inflow []int) (outNode, inNode []int, teacherNode map[int]int) {
	x := md.x
	// Nodes: R, cells, their out and in nodes, groups, teacher nodes.
	nodes := 1 + len(x.cells)
	outNode = make([]int, len(x.cells))
	inNode = make([]int, len(x.cells))
	for c := range x.cells {
		outNode[c], inNode[c] = -1, -1
		if movable[c] > 0 {
			outNode[c] = nodes
			nodes++
		}
		if inflow[c] > 0 {
			inNode[c] = nodes
			nodes++
		}
	}
	for gi := range md.groups {
		if md.groups[gi].members > 0 {
			md.groups[gi].node = nodes
			nodes++
		}
	}
	teacherNode = map[int]int{}
	for c := range routes {
		for _, r := range routes[c] {
			if r.own {
				teacherNode[r.teacher] = nodes
				nodes++
			}
		}
	}
	md.g = NewFlowNetwork(nodes)
	md.group = make([]int32, nodes)
	for i := range md.group {
		md.group[i] = -1
	}
	for gi, gr := range md.groups {
		if gr.node >= 0 {
			md.group[gr.node] = int32(gi)
		}
	}
	return outNode, inNode, teacherNode
}

// cellNode is the node of cell c.
func cellNode(c int) int { return 1 + c }

// addArc adds an arc with the data to price it and to read moves off it.
func (md *model) addArc(u, v int, lo, hi int64, val float64, k arcKind, teacher, dest int) int {
	a := md.g.AddArc(u, v, lo, hi, 0)
	md.kind = append(md.kind, k)
	md.val = append(md.val, val)
	md.teach = append(md.teach, int32(teacher))
	md.dest = append(md.dest, int32(dest))
	md.entryOf = append(md.entryOf, -1)
	return a
}

// addMoveArcs adds the arcs a leaving teacher's unit takes: out of its
// cell, the entry arc, and on through teacher and group nodes to the
// destinations. It returns the capacity into each cell.
func (md *model) addMoveArcs(routes [][]route, movable, inflow, outNode, inNode []int, teacherNode map[int]int,
	groupDests [][]int, accepts func(s, j int) (int, bool)) []int64 {
	x := md.x
	in := x.in
	wp := in.Weights.Preference
	destNode := func(c int) int { return inNode[c] }
	add := md.addArc
	inCap := make([]int64, len(x.cells)) // capacity of arcs into each cell
	for c := range x.cells {
		cl := &x.cells[c]
		if outNode[c] < 0 {
			continue
		}
		from := outNode[c]
		outMax := int64(movable[c])
		if cp := x.outCap[cl.school]; cp >= 0 {
			outMax = min(outMax, int64(cp))
		}
		add(cellNode(c), from, 0, outMax, 0, arcCellOut, -1, -1)
		for _, r := range routes[c] {
			t := r.teacher
			tt := &in.Teachers[t]
			var lo int64
			if r.pinned {
				lo = 1
			}
			var a int
			if r.own {
				tn := teacherNode[t]
				a = add(from, tn, lo, 1, r.entryVal, arcEntry, t, -1)
				for _, d := range r.direct {
					dc, _ := accepts(d, cl.subject)
					dd := float64(in.Weights.Distance * x.dist(cl.school, d))
					md.terms = append(md.terms, dd)
					v := -dd - float64(wp*float64(x.penalty(t, d)))
					add(tn, destNode(dc), 0, 1, v, arcTeacherDest, t, d)
					inCap[dc]++
				}
				if r.viaGroup {
					add(tn, md.groups[r.groupKey].node, 0, 1, -float64(wp*float64(len(tt.Prefs))), arcTeacherGroup, t, -1)
				}
			} else {
				a = add(from, md.groups[r.groupKey].node, lo, 1, r.entryVal, arcEntry, t, -1)
			}
			md.entryOf[a] = int32(len(md.entries))
			md.entries = append(md.entries, int32(a))
			md.entrySchool = append(md.entrySchool, int32(cl.school))
			md.entryBB = append(md.entryBB, tt.Backbone)
			md.maxMoveAbs = math.Max(md.maxMoveAbs, math.Abs(tt.Priority))
			md.terms = append(md.terms, tt.Priority)
		}
	}
	for gi, gr := range md.groups {
		if gr.node < 0 {
			continue
		}
		for _, d := range groupDests[gi] {
			dc, _ := accepts(d, gr.subject)
			cp := int64(min(gr.members, inflow[dc]))
			dd := float64(in.Weights.Distance * x.dist(gr.school, d))
			md.terms = append(md.terms, dd)
			add(gr.node, destNode(dc), 0, cp, -dd, arcGroupDest, -1, d)
			inCap[dc] += cp
			md.maxMoveAbs = math.Max(md.maxMoveAbs, dd)
		}
	}
	var maxPen float64
	for _, t := range in.Teachers {
		maxPen = math.Max(maxPen, float64(len(t.Prefs)))
	}
	md.maxMoveAbs = math.Max(md.maxMoveAbs, float64(wp*maxPen))
	md.terms = append(md.terms, wp)
	return inCap
}

// addCellArcs adds the arcs into each cell and the balance arcs that keep
// it within its staffing bounds.
func (md *model) addCellArcs(movable, inNode []int, inCap []int64) {
	x := md.x
	add := md.addArc
	for c := range x.cells {
		if inCap[c] > 0 {
			add(inNode[c], cellNode(c), 0, inCap[c], 0, arcCellIn, -1, -1)
		}
	}
	// Balance arcs: f = out − in ∈ [cur − max, cur − min].
	for c := range x.cells {
		cl := &x.cells[c]
		lo, hi := int64(cl.cur-cl.max), int64(cl.cur-cl.min)
		if l, h := max(lo, 0), min(max(hi, 0), int64(movable[c])); h > 0 || l > 0 {
			add(0, cellNode(c), l, h, 0, arcBalanceOut, -1, -1)
		}
		if l, h := max(-hi, 0), min(max(-lo, 0), inCap[c]); h > 0 || l > 0 {
			add(cellNode(c), 0, l, h, 0, arcBalanceIn, -1, -1)
		}
	}
}

// pinReason says why teacher t cannot be pinned to school s, or nil.
func pinReason(x *index, pins *pinning, t, s int, accepts func(s, j int) (int, bool)) *Reason {
	tt := &x.in.Teachers[t]
	id := x.in.Schools[s].ID
	why := func(zh, en string) *Reason {
		return &Reason{Code: CodePin,
			Zh:      fmt.Sprintf("固定的调动 %s→%s 无法执行：%s", tt.ID, id, zh),
			English: fmt.Sprintf("the pinned move %s→%s cannot be made: %s", tt.ID, id, en)}
	}
	switch {
	case !tt.Candidate:
		return why("该教师不是交流候选人", "the teacher is not a candidate")
	case pins.forbidAll[t]:
		return why("该教师同时被禁止交流", "the teacher is also forbidden to move")
	case pins.forbidden[t][s]:
		return why("该去向同时被禁止", "that destination is also forbidden")
	case x.outCap[x.tSchool[t]] == 0:
		return why("原学校不允许调出", "the teacher's school may not send anyone")
	}
	if v := x.ruleViolation(t, s, -1); v != nil {
		return why(v.Zh, v.English)
	}
	if _, ok := accepts(s, x.tSubject[t]); !ok {
		return why("该校该学科不能再调入教师", "the school cannot take in a teacher of that subject")
	}
	return nil
}

// addCapRow adds the outflow cap of school s as a side row.
func (md *model) addCapRow(s int) int {
	md.capRowOf[s] = len(md.rows)
	md.rows = append(md.rows, sideRow{kind: rowCap, school: s, lo: math.Inf(-1), hi: float64(md.x.outCap[s])})
	return md.capRowOf[s]
}

// flowSet is an integral flow, sparse: the arcs with non-zero flow, sorted.
type flowSet struct {
	arcs  []int32
	flows []int32
}

func (f *flowSet) at(a int32) int32 {
	i := sort.Search(len(f.arcs), func(i int) bool { return f.arcs[i] >= a })
	if i < len(f.arcs) && f.arcs[i] == a {
		return f.flows[i]
	}
	return 0
}

// activity returns D x for a flow, all rows in one pass.
func (md *model) activity(f *flowSet) []float64 {
	act := make([]float64, len(md.rows))
	target, backbone := md.targetRow(), md.backboneRow()
	for i, a := range f.arcs {
		e := md.entryOf[a]
		if e < 0 {
			continue
		}
		n := float64(f.flows[i])
		if target >= 0 {
			act[target] += n
		}
		if backbone >= 0 && md.entryBB[e] {
			act[backbone] += n
		}
		if r := md.capRowOf[md.entrySchool[e]]; r >= 0 {
			act[r] += n
		}
	}
	return act
}

// targetRow returns the index of the target row, -1 without one.
func (md *model) targetRow() int {
	if len(md.rows) > 0 && md.rows[0].kind == rowTarget {
		return 0
	}
	return -1
}

// backboneRow returns the index of the backbone row, -1 without one.
func (md *model) backboneRow() int {
	for r := 0; r < len(md.rows) && r < 2; r++ {
		if md.rows[r].kind == rowBackbone {
			return r
		}
	}
	return -1
}

// flowValue returns the network value of a flow, summed in arc order.
func (md *model) flowValue(f *flowSet) float64 {
	var s float64
	for i, a := range f.arcs {
		s += md.val[a] * float64(f.flows[i])
	}
	return s
}

// moves turns an integral flow into moves, sorted by teacher id. Teachers
// who reach a group share its destinations; those with preferences get a
// preferred destination first when the group sends flow there.
func (md *model) moves(f *flowSet) []Move {
	x := md.x
	in := x.in
	type pool struct {
		teachers []int // via the group, instance order
		prefers  []bool
		dests    []int // one entry per unit
	}
	pools := make([]pool, len(md.groups))
	var moves []Move
	add := func(t, d int) {
		moves = append(moves, Move{Teacher: in.Teachers[t].ID, From: in.Schools[x.tSchool[t]].ID, To: in.Schools[d].ID})
	}
	for i, a := range f.arcs {
		n := int(f.flows[i])
		switch md.kind[a] {
		case arcEntry:
			if gi := md.group[md.g.Target(int(a))]; gi >= 0 {
				pools[gi].teachers = append(pools[gi].teachers, int(md.teach[a]))
				pools[gi].prefers = append(pools[gi].prefers, false)
			}
		case arcTeacherDest:
			add(int(md.teach[a]), int(md.dest[a]))
		case arcTeacherGroup:
			gi := md.group[md.g.Target(int(a))]
			pools[gi].teachers = append(pools[gi].teachers, int(md.teach[a]))
			pools[gi].prefers = append(pools[gi].prefers, true)
		case arcGroupDest:
			gi := md.group[md.g.Source(int(a))]
			for k := 0; k < n; k++ {
				pools[gi].dests = append(pools[gi].dests, int(md.dest[a]))
			}
		}
	}
	for gi := range pools {
		p := &pools[gi]
		order := make([]int, len(p.teachers))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return p.teachers[order[a]] < p.teachers[order[b]] })
		used := make([]bool, len(p.dests))
		done := make([]bool, len(p.teachers))
		for _, i := range order {
			if !p.prefers[i] {
				continue
			}
			t := p.teachers[i]
			best, bestPen := -1, len(in.Teachers[t].Prefs)
			for k, d := range p.dests {
				if !used[k] {
					if pen := x.penalty(t, d); pen < bestPen {
						best, bestPen = k, pen
					}
				}
			}
			if best >= 0 {
				used[best], done[i] = true, true
				add(t, p.dests[best])
			}
		}
		k := 0
		for _, i := range order {
			if done[i] {
				continue
			}
			for used[k] {
				k++
			}
			used[k] = true
			add(p.teachers[i], p.dests[k])
		}
	}
	sort.Slice(moves, func(i, j int) bool { return moves[i].Teacher < moves[j].Teacher })
	return moves
}
