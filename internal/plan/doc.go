// Package plan is the rotation planner (交流轮岗方案): it turns an instance
// (PLANNER.md: the county's policy, schools, staffing quotas and teachers)
// into the plan of maximum objective, proves it optimal, explains in a
// bureau's words why no plan exists when none does, and checks any plan —
// the solver's or one a person edited — against every rule.
//
// # Model
//
// The moves of the teachers of one subject form a circulation among the
// (school, subject) cells; the staffing quota of a cell bounds its net flow
// to a root node. Teachers of one school, subject and backbone class share
// a group node whose arcs to the destination cells carry the distance term,
// so the network grows with schools² × subjects rather than teachers ×
// schools; a teacher with preferences has a node of their own with direct
// arcs to the preferred schools. Per-move rules (distance, backbone to rural
// or weak schools, consortia, pins and forbids) decide which arcs exist. The
// rules that do not fit a network are a few side rows over the arcs where a
// teacher leaves: the exact target, the backbone minimum, and the outflow
// caps of schools that teach several subjects (a cap over one subject is an
// arc capacity).
//
// # Method
//
// Branch and bound over the arcs of the network; at each node, the linear
// relaxation is solved by column generation (Dantzig–Wolfe): the master is a
// small dense LP that mixes integral circulations under the side rows, and
// its duals price the side rows into the arc values of a min-cost-flow
// problem solved by a network simplex written here (spanning tree with
// thread indices, block search, a crash basis, warm starts after cost
// changes, within 1.5× of LEMON's on the same graphs). Each pricing is the
// Lagrangian relaxation of the side rows and yields an upper bound; dual
// smoothing (Wentges) and a box around the best duals damp the oscillation
// of plain cutting planes. Cap rows join the master only when the mix of
// columns breaks them. A heuristic recombines the cycles by which the mixed
// columns differ into a plan that meets the target exactly, which closes
// most searches at the root. Where moves come in swaps (cells without a
// staffing row must keep their numbers) an odd target opens a parity gap
// between the LP and every plan; the parity bound closes it: when the
// Lagrangian optimum moves the wrong number of teachers modulo 2, every plan
// differs from it by a residual cycle with an odd number of moves, so the
// cheapest such cycle (shortest paths in the residual network doubled by
// parity) lowers the bound, and completes a plan.
//
// # Proof
//
// The bound of a plan is always valid: every Lagrangian bound is computed
// from the min-cost flow solved in exact integer arithmetic on costs scaled
// by a power of two, plus the exact rounding error of every arc's cost times
// its capacity, plus a margin for the float rounding of the values and of
// the sums. When every value is a multiple of a power of two (integral data)
// bounds are rounded down to it. A plan the search finds is checked
// against every rule (CheckMoves) before it is kept. The plan is optimal when the bound and the
// objective agree within 1e-6 relative (the search closes nodes at 0.9e-6,
// so that the proof always reaches it). Infeasibility is proven by a phase-1 Lagrangian certificate at every
// leaf, and explained by counting arguments (too few candidates for the
// target, too few backbone candidates able to reach rural or weak schools,
// caps, staffing quotas that cannot hold, distance limits), or, when
// counting does not show it, by naming the conditions whose relaxation alone
// would allow a plan.
//
// # Determinism
//
// A solve is sequential and uses no maps in an order that matters: the same
// instance and options give byte-identical plan files. Moves are sorted by
// teacher id; the objective sums values in that order.
package plan
