package plan

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDenseLPOptimality solves random bounded LPs that are feasible by
// construction and checks the optimality conditions: Az = b within bounds,
// and every nonbasic column at a bound its reduced cost allows.
func TestDenseLPOptimality(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for iter := 0; iter < 2000; iter++ {
		m, n := 1+r.IntN(5), 1+r.IntN(10)
		var cols [][]float64
		var lo, hi, c, z0 []float64
		for j := 0; j < n+m; j++ {
			a := make([]float64, m)
			if j < n {
				for i := range a {
					a[i] = float64(r.IntN(7) - 3)
				}
			} else {
				a[j-n] = -1 // a slack per row, as the master has
			}
			l, h := float64(r.IntN(3)), float64(3+r.IntN(4))
			switch r.IntN(4) {
			case 0:
				l = math.Inf(-1)
			case 1:
				h = math.Inf(1)
			}
			cols, lo, hi = append(cols, a), append(lo, l), append(hi, h)
			c = append(c, float64(r.IntN(11)-5))
			v := l
			if math.IsInf(l, -1) {
				v = h - 1
			}
			z0 = append(z0, v)
		}
		b := make([]float64, m)
		for j, a := range cols {
			for i := range a {
				b[i] += a[i] * z0[j]
			}
		}
		lp := newDenseLP(b)
		for j := range cols {
			lp.addColumn(append([]float64(nil), cols[j]...), c[j], lo[j], hi[j])
		}
		st := lp.solve()
		if st == lpUnbounded {
			continue
		}
		if st != lpOptimal {
			t.Fatalf("iter %d: status %d for a feasible LP", iter, st)
		}
		for i := 0; i < m; i++ {
			var s float64
			for j := range cols {
				s += cols[j][i] * lp.z[j]
			}
			if math.Abs(s-b[i]) > 1e-7 {
				t.Fatalf("iter %d: row %d: %v ≠ %v", iter, i, s, b[i])
			}
		}
		for j := range cols {
			if lp.z[j] < lo[j]-1e-7 || lp.z[j] > hi[j]+1e-7 {
				t.Fatalf("iter %d: column %d = %v outside [%v, %v]", iter, j, lp.z[j], lo[j], hi[j])
			}
			if lp.where[j] >= 0 {
				continue
			}
			d := c[j]
			for i := range cols[j] {
				d -= lp.y[i] * cols[j][i]
			}
			if d > 1e-7 && lp.z[j] < hi[j]-1e-7 || d < -1e-7 && lp.z[j] > lo[j]+1e-7 {
				t.Fatalf("iter %d: column %d reduced cost %v at %v in [%v, %v]", iter, j, d, lp.z[j], lo[j], hi[j])
			}
		}
	}
}
