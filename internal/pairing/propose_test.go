package pairing

import (
	"math/rand/v2"
	"testing"
)

func fp(v float64) *float64 { return &v }

// checkProposal holds the rules every proposal keeps: capacities, no school
// twice, no previous pair unless kept, kept pairs present.
func checkProposal(t *testing.T, pr *Problem, out *Proposal) {
	t.Helper()
	capOf := map[int64]int{}
	for _, h := range pr.Helpers {
		capOf[h.ID] = h.Capacity
	}
	load, seen := map[int64]int{}, map[int64]bool{}
	kept := map[SchoolPair]bool{}
	for _, k := range pr.Keep {
		kept[k] = true
	}
	prev := map[SchoolPair]bool{}
	for _, p := range pr.Previous {
		prev[p] = true
	}
	for _, p := range out.Pairs {
		load[p.Helper]++
		if load[p.Helper] > capOf[p.Helper] {
			t.Errorf("helper %d over its capacity %d", p.Helper, capOf[p.Helper])
		}
		if seen[p.Helped] {
			t.Errorf("school %d paired twice", p.Helped)
		}
		seen[p.Helped] = true
		if _, isHelper := capOf[p.Helped]; isHelper {
			t.Errorf("helper %d is also helped", p.Helped)
		}
		if prev[p] && !kept[p] {
			t.Errorf("previous pair %v repeated without being kept", p)
		}
	}
	for k := range kept {
		found := false
		for _, p := range out.Pairs {
			found = found || p == k
		}
		if !found {
			t.Errorf("kept pair %v missing", k)
		}
	}
}

func TestProposeHoldsCapacitiesAndRepeats(t *testing.T) {
	pr := &Problem{
		Helpers: []HelperSchool{
			{ID: 1, Level: "kindergarten", Capacity: 2, Lon: fp(110.0), Lat: fp(22.6)},
			{ID: 2, Level: "kindergarten", Capacity: 1, Lon: fp(110.3), Lat: fp(22.7)},
		},
		Helped: []HelpedSchool{
			{ID: 10, Level: "kindergarten", Lon: fp(110.01), Lat: fp(22.61)},
			{ID: 11, Level: "kindergarten", Lon: fp(110.02), Lat: fp(22.62)},
			{ID: 12, Level: "kindergarten", Lon: fp(110.31), Lat: fp(22.71)},
			{ID: 13, Level: "kindergarten"},
		},
		Previous: []SchoolPair{{1, 10}, {2, 12}},
		Keep:     []SchoolPair{{2, 12}},
	}
	out, err := pr.Solve()
	if err != nil {
		t.Fatal(err)
	}
	checkProposal(t, pr, out)
	if len(out.Pairs) != 3 || len(out.Unpaired) != 1 {
		t.Fatalf("want 3 pairs and one unpaired, got %+v", out)
	}
	for _, p := range out.Pairs {
		if p == (SchoolPair{1, 10}) {
			t.Errorf("last cycle's pair 1–10 proposed again")
		}
	}
	// Keeping more than a helper takes is refused.
	pr.Keep = []SchoolPair{{2, 12}, {2, 13}}
	if _, err := pr.Solve(); err == nil {
		t.Errorf("keeping two pairs for a helper of capacity 1 was accepted")
	}
}

// bruteForce is the best value over every assignment of helped schools to
// helpers (or none) that keeps the rules.
func bruteForce(pr *Problem) int64 {
	prev := map[SchoolPair]bool{}
	for _, p := range pr.Previous {
		prev[p] = true
	}
	best := int64(-1)
	load := make([]int, len(pr.Helpers))
	var pairs []SchoolPair
	var walk func(i int)
	walk = func(i int) {
		if i == len(pr.Helped) {
			if v := pr.ValueOf(pairs); v > best {
				best = v
			}
			return
		}
		walk(i + 1)
		w := pr.Helped[i]
		for j, h := range pr.Helpers {
			p := SchoolPair{h.ID, w.ID}
			if load[j] >= h.Capacity || prev[p] {
				continue
			}
			load[j]++
			pairs = append(pairs, p)
			walk(i + 1)
			pairs = pairs[:len(pairs)-1]
			load[j]--
		}
	}
	walk(0)
	return best
}

func TestProposeEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 25))
	levels := []string{"primary", "nine_year", "junior"}
	for n := 0; n < 200; n++ {
		pr := &Problem{}
		for j := 0; j < 1+r.IntN(3); j++ {
			pr.Helpers = append(pr.Helpers, HelperSchool{ID: int64(j + 1), Level: levels[r.IntN(3)], Capacity: 1 + r.IntN(2),
				Lon: fp(110 + r.Float64()), Lat: fp(22 + r.Float64())})
		}
		for i := 0; i < 1+r.IntN(5); i++ {
			w := HelpedSchool{ID: int64(100 + i), Level: levels[r.IntN(3)]}
			if r.IntN(4) > 0 {
				w.Lon, w.Lat = fp(110+r.Float64()), fp(22+r.Float64())
			}
			pr.Helped = append(pr.Helped, w)
			if r.IntN(3) == 0 {
				pr.Previous = append(pr.Previous, SchoolPair{pr.Helpers[r.IntN(len(pr.Helpers))].ID, w.ID})
			}
		}
		out, err := pr.Solve()
		if err != nil {
			t.Fatal(err)
		}
		checkProposal(t, pr, out)
		if want := bruteForce(pr); out.Value != want {
			t.Fatalf("case %d: value %d, brute force %d (%+v)", n, out.Value, want, pr)
		}
	}
}
