package plan_test

import (
	"context"
	"testing"

	"jiaoliu/internal/plan"
	"jiaoliu/internal/plan/plantest"
)

func benchmarkCounty(b *testing.B, teachers int) {
	in := plantest.GenerateCounty(1, plantest.County{Teachers: teachers})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := plan.Solve(context.Background(), in, plan.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if p.Status != plan.StatusOptimal {
			b.Fatalf("status %s: %s", p.Status, p.Explanation)
		}
		b.ReportMetric(float64(p.Stats.Nodes), "nodes")
		b.ReportMetric(float64(p.Stats.Pricings), "pricings")
	}
}

// BenchmarkSolveCounty2k solves a realistic county of 2,000 teachers.
func BenchmarkSolveCounty2k(b *testing.B) { benchmarkCounty(b, 2000) }

// BenchmarkSolveCounty10k solves a realistic county of 10,000 teachers.
func BenchmarkSolveCounty10k(b *testing.B) { benchmarkCounty(b, 10000) }

// BenchmarkSolveCounty50k solves a realistic county of 50,000 teachers.
func BenchmarkSolveCounty50k(b *testing.B) { benchmarkCounty(b, 50000) }
