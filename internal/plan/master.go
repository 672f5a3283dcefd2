package plan

import (
	"math"
)

// denseLP is a small linear programme max c·z subject to A z = b and
// l ≤ z ≤ u, solved by the bounded primal simplex method with an explicit
// dense basis inverse. It is the master problem of the column generation:
// a few rows (the convexity row and the side constraints) and a few
// hundred columns. Phase 1 starts from one artificial column per row.
type denseLP struct {
	m      int
	b      []float64
	cols   [][]float64 // dense column vectors, len m
	c      []float64
	lo, hi []float64
	art    int // index of the first artificial column; artificials are the last m columns while phase 1 is on

	z      []float64 // values of all columns
	basis  []int     // basic column of each row
	where  []int     // per column: its row in the basis, -1 when nonbasic
	binv   []float64 // m×m, row-major
	y      []float64 // duals of the last solve
	pivots int
}

const (
	lpFeasTol  = 1e-9
	lpDualTol  = 1e-9
	lpPivotTol = 1e-9
	lpMaxIter  = 20000
)

// lpStatus is the outcome of denseLP.solve.
type lpStatus int

const (
	lpOptimal lpStatus = iota
	lpInfeasible
	lpUnbounded
	lpIterLimit
)

func newDenseLP(b []float64) *denseLP {
	return &denseLP{m: len(b), b: append([]float64(nil), b...), art: -1}
}

// addColumn adds a column and returns its index. New columns start
// nonbasic at the bound nearest zero.
func (lp *denseLP) addColumn(a []float64, c, lo, hi float64) int {
	lp.cols = append(lp.cols, a)
	lp.c = append(lp.c, c)
	lp.lo = append(lp.lo, lo)
	lp.hi = append(lp.hi, hi)
	lp.z = append(lp.z, nearestBound(lo, hi))
	lp.where = append(lp.where, -1)
	return len(lp.cols) - 1
}

func nearestBound(lo, hi float64) float64 {
	switch {
	case lo > 0:
		return lo
	case hi < 0:
		return hi
	case lo > math.Inf(-1):
		return math.Max(lo, math.Min(0, hi))
	default:
		return math.Min(0, hi)
	}
}

// solve runs phase 1 (when the basis is missing or infeasible) and phase 2.
func (lp *denseLP) solve() lpStatus {
	if len(lp.basis) != lp.m || !lp.primalFeasible() {
		if st := lp.phase1(); st != lpOptimal {
			return st
		}
	}
	return lp.iterate(lp.c)
}

// primalFeasible reports whether the basic values are within their bounds.
func (lp *denseLP) primalFeasible() bool {
	lp.refactor()
	for _, j := range lp.basis {
		if lp.z[j] < lp.lo[j]-lpFeasTol*(1+math.Abs(lp.lo[j])) || lp.z[j] > lp.hi[j]+lpFeasTol*(1+math.Abs(lp.hi[j])) {
			return false
		}
	}
	return true
}

// phase1 finds a feasible basis with artificial columns, then removes them.
func (lp *denseLP) phase1() lpStatus {
	n := len(lp.cols)
	for j := range lp.z {
		lp.where[j] = -1
		if lp.z[j] < lp.lo[j] || lp.z[j] > lp.hi[j] || math.IsInf(lp.z[j], 0) {
			lp.z[j] = nearestBound(lp.lo[j], lp.hi[j])
		}
	}
	r := append([]float64(nil), lp.b...)
	for j := 0; j < n; j++ {
		if lp.z[j] != 0 {
			for i, a := range lp.cols[j] {
				r[i] -= a * lp.z[j]
			}
		}
	}
	lp.art = n
	cost := make([]float64, n+lp.m)
	lp.basis = make([]int, lp.m)
	for i := 0; i < lp.m; i++ {
		a := make([]float64, lp.m)
		a[i] = 1
		if r[i] < 0 {
			a[i] = -1
		}
		j := lp.addColumn(a, 0, 0, math.Inf(1))
		lp.z[j] = math.Abs(r[i])
		lp.basis[i] = j
		lp.where[j] = i
		cost[j] = -1
	}
	lp.refactor()
	st := lp.iterate(cost)
	if st != lpOptimal {
		lp.dropArtificials()
		return st
	}
	var infeas float64
	for j := lp.art; j < len(lp.cols); j++ {
		infeas += lp.z[j]
	}
	if infeas > lpFeasTol*float64(lp.m) {
		lp.dropArtificials()
		return lpInfeasible
	}
	// Drive basic artificials out where a structural column can replace them.
	for i := 0; i < lp.m; i++ {
		j := lp.basis[i]
		if j < lp.art {
			continue
		}
		best, bestAbs := -1, lpPivotTol*100
		for k := 0; k < lp.art; k++ {
			if lp.where[k] >= 0 {
				continue
			}
			var v float64
			for r, a := range lp.cols[k] {
				v += lp.binv[i*lp.m+r] * a
			}
			if math.Abs(v) > bestAbs {
				best, bestAbs = k, math.Abs(v)
			}
		}
		if best >= 0 {
			lp.replace(i, best)
		}
	}
	lp.dropArtificials()
	return lpOptimal
}

// dropArtificials removes the artificial columns; those still basic (on
// redundant rows) stay, fixed at zero, and are renumbered after the others.
func (lp *denseLP) dropArtificials() {
	if lp.art < 0 {
		return
	}
	keep := lp.art
	for j := lp.art; j < len(lp.cols); j++ {
		if lp.where[j] < 0 {
			continue
		}
		lp.cols[keep], lp.c[keep], lp.lo[keep], lp.hi[keep], lp.z[keep], lp.where[keep] =
			lp.cols[j], 0, 0, 0, 0, lp.where[j]
		lp.basis[lp.where[j]] = keep
		keep++
	}
	lp.cols, lp.c, lp.lo, lp.hi, lp.z, lp.where = lp.cols[:keep], lp.c[:keep], lp.lo[:keep], lp.hi[:keep], lp.z[:keep], lp.where[:keep]
	lp.art = -1
}

// replace makes column k basic in row i by a degenerate pivot.
func (lp *denseLP) replace(i, k int) {
	old := lp.basis[i]
	lp.where[old] = -1
	lp.basis[i] = k
	lp.where[k] = i
	lp.refactor()
}

// refactor recomputes the basis inverse and the basic values.
func (lp *denseLP) refactor() {
	m := lp.m
	a := make([]float64, m*m)
	for i, j := range lp.basis {
		for r := 0; r < m; r++ {
			a[r*m+i] = lp.cols[j][r]
		}
	}
	inv := make([]float64, m*m)
	for i := 0; i < m; i++ {
		inv[i*m+i] = 1
	}
	for col := 0; col < m; col++ {
		p := col
		for r := col + 1; r < m; r++ {
			if math.Abs(a[r*m+col]) > math.Abs(a[p*m+col]) {
				p = r
			}
		}
		if a[p*m+col] == 0 {
			// Singular basis: should not happen; keep the previous inverse.
			return
		}
		if p != col {
			for k := 0; k < m; k++ {
				a[p*m+k], a[col*m+k] = a[col*m+k], a[p*m+k]
				inv[p*m+k], inv[col*m+k] = inv[col*m+k], inv[p*m+k]
			}
		}
		d := a[col*m+col]
		for k := 0; k < m; k++ {
			a[col*m+k] /= d
			inv[col*m+k] /= d
		}
		for r := 0; r < m; r++ {
			if r == col {
				continue
			}
			f := a[r*m+col]
			if f == 0 {
				continue
			}
			for k := 0; k < m; k++ {
				a[r*m+k] -= f * a[col*m+k]
				inv[r*m+k] -= f * inv[col*m+k]
			}
		}
	}
	lp.binv = inv
	lp.computeBasic()
}

// computeBasic sets the basic values from the nonbasic ones.
func (lp *denseLP) computeBasic() {
	m := lp.m
	r := append([]float64(nil), lp.b...)
	for j := range lp.cols {
		if lp.where[j] < 0 && lp.z[j] != 0 {
			for i, a := range lp.cols[j] {
				r[i] -= a * lp.z[j]
			}
		}
	}
	for i := 0; i < m; i++ {
		var v float64
		for k := 0; k < m; k++ {
			v += lp.binv[i*m+k] * r[k]
		}
		lp.z[lp.basis[i]] = v
	}
}

// iterate runs the primal simplex from a feasible basis with costs c.
//
// Long because one iteration (duals, pricing, ratio test, update of the
// values and of the basis inverse) works on the basis in place and each
// step reads the one before; it is the textbook loop in the textbook order.
func (lp *denseLP) iterate(c []float64) lpStatus {
	m := lp.m
	y := make([]float64, m)
	alpha := make([]float64, m)
	degenerate := 0
	sinceRefactor := 0
	for iter := 0; iter < lpMaxIter; iter++ {
		// Duals y = c_B B^-1.
		for k := 0; k < m; k++ {
			var v float64
			for i := 0; i < m; i++ {
				v += c[lp.basis[i]] * lp.binv[i*m+k]
			}
			y[k] = v
		}
		// Pricing: Dantzig, or Bland after a run of degenerate pivots.
		enter, dir := -1, 0.0
		var best float64
		bland := degenerate > 50
		for j := range lp.cols {
			if lp.where[j] >= 0 || lp.lo[j] == lp.hi[j] {
				continue
			}
			d := c[j]
			for i, a := range lp.cols[j] {
				d -= y[i] * a
			}
			scale := 1 + math.Abs(c[j])
			var s float64
			switch {
			case d > lpDualTol*scale && lp.z[j] < lp.hi[j]:
				s = 1
			case d < -lpDualTol*scale && lp.z[j] > lp.lo[j]:
				s = -1
			default:
				continue
			}
			if bland {
				enter, dir = j, s
				break
			}
			if math.Abs(d) > best {
				best, enter, dir = math.Abs(d), j, s
			}
		}
		if enter < 0 {
			lp.y = append(lp.y[:0], y...)
			return lpOptimal
		}
		// alpha = B^-1 a_enter.
		a := lp.cols[enter]
		for i := 0; i < m; i++ {
			var v float64
			for k := 0; k < m; k++ {
				v += lp.binv[i*m+k] * a[k]
			}
			alpha[i] = v
		}
		// Ratio test: z_B changes by −dir·t·alpha.
		// The entering column moves at most to its own other bound (it may
		// sit between its bounds, e.g. a slack at zero).
		t := lp.hi[enter] - lp.z[enter]
		if dir < 0 {
			t = lp.z[enter] - lp.lo[enter]
		}
		leave := -1
		var leaveAbs float64
		for i := 0; i < m; i++ {
			ai := -dir * alpha[i]
			if math.Abs(ai) <= lpPivotTol {
				continue
			}
			j := lp.basis[i]
			var lim float64
			if ai < 0 {
				lim = (lp.z[j] - lp.lo[j]) / -ai
			} else {
				lim = (lp.hi[j] - lp.z[j]) / ai
			}
			if lim < 0 {
				lim = 0
			}
			switch {
			case lim < t-1e-12:
				t, leave, leaveAbs = lim, i, math.Abs(ai)
			case lim > t+1e-12 || leave < 0:
			case bland && j < lp.basis[leave]: // Bland: the lowest index among ties
				t, leave, leaveAbs = math.Min(t, lim), i, math.Abs(ai)
			case !bland && math.Abs(ai) > leaveAbs: // otherwise the most stable pivot
				t, leave, leaveAbs = math.Min(t, lim), i, math.Abs(ai)
			}
		}
		if math.IsInf(t, 1) {
			return lpUnbounded
		}
		if t <= 1e-12 {
			degenerate++
		} else {
			degenerate = 0
		}
		// Update values.
		lp.z[enter] += dir * t
		for i := 0; i < m; i++ {
			lp.z[lp.basis[i]] -= dir * t * alpha[i]
		}
		lp.pivots++
		if leave < 0 {
			// Bound flip.
			if dir > 0 {
				lp.z[enter] = lp.hi[enter]
			} else {
				lp.z[enter] = lp.lo[enter]
			}
			continue
		}
		out := lp.basis[leave]
		if -dir*alpha[leave] < 0 {
			lp.z[out] = lp.lo[out]
		} else {
			lp.z[out] = lp.hi[out]
		}
		lp.where[out] = -1
		lp.basis[leave] = enter
		lp.where[enter] = leave
		// Update the inverse by the eta of the pivot.
		piv := alpha[leave]
		row := lp.binv[leave*m : leave*m+m]
		for k := range row {
			row[k] /= piv
		}
		for i := 0; i < m; i++ {
			if i == leave || alpha[i] == 0 {
				continue
			}
			f := alpha[i]
			ri := lp.binv[i*m : i*m+m]
			for k := range ri {
				ri[k] -= f * row[k]
			}
		}
		sinceRefactor++
		if sinceRefactor >= 64 {
			lp.refactor()
			sinceRefactor = 0
		}
	}
	return lpIterLimit
}

// dropColumns removes nonbasic columns and returns, for each column kept in
// its new order, its old number. The basis keeps its order, so its inverse
// stays valid.
func (lp *denseLP) dropColumns(drop map[int]bool) []int {
	var keep []int
	for j := range lp.cols {
		if drop[j] && lp.where[j] < 0 {
			continue
		}
		k := len(keep)
		keep = append(keep, j)
		lp.cols[k], lp.c[k], lp.lo[k], lp.hi[k], lp.z[k], lp.where[k] = lp.cols[j], lp.c[j], lp.lo[j], lp.hi[j], lp.z[j], lp.where[j]
		if lp.where[k] >= 0 {
			lp.basis[lp.where[k]] = k
		}
	}
	n := len(keep)
	lp.cols, lp.c, lp.lo, lp.hi, lp.z, lp.where = lp.cols[:n], lp.c[:n], lp.lo[:n], lp.hi[:n], lp.z[:n], lp.where[:n]
	return keep
}

// objective returns c·z.
func (lp *denseLP) objective() float64 {
	var s float64
	for j, v := range lp.z {
		s += lp.c[j] * v
	}
	return s
}

// addRow appends a row with the given coefficients of the existing columns
// and right-hand side. Unless extendBasis names a basic column for it, the
// next solve starts again from phase 1.
func (lp *denseLP) addRow(coef []float64, rhs float64) {
	lp.m++
	lp.b = append(lp.b, rhs)
	for j := range lp.cols {
		lp.cols[j] = append(lp.cols[j], coef[j])
	}
}

// extendBasis makes column j basic for the row added last; j must have a
// non-zero coefficient there.
func (lp *denseLP) extendBasis(j int) {
	if len(lp.basis) != lp.m-1 {
		return
	}
	lp.basis = append(lp.basis, j)
	lp.where[j] = lp.m - 1
	lp.refactor()
}
