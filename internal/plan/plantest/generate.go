// Package plantest supports the tests and benchmarks of package plan: it
// generates instances (random ones of many shapes, and realistic counties
// and provinces), writes an instance as a mixed-integer programme in CPLEX
// LP format straight from the rules of PLANNER.md, and solves that with the
// CBC solver, so that the planner can be checked against an independent
// solver. It is not used by the application.
package plantest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"jiaoliu/internal/plan"
)

// Shape describes a random instance.
type Shape struct {
	Teachers       int
	Schools        int
	Subjects       int
	CandidateRate  float64 // share of teachers who are candidates
	BackboneRate   float64
	PrefRate       float64 // share of teachers with preferences
	RowRate        float64 // share of (school, subject) cells with a staffing row
	Slack          int     // how far staffing rows reach around the current number
	TargetRate     float64 // target as a share of candidates
	BackboneShare  float64 // min_backbone as a share of the target
	MaxDistanceKm  float64
	RuralOrWeak    bool
	Consortium     bool
	OutShare       float64
	IntegerValues  bool    // integer priorities and coordinates: many ties
	ForcedRate     float64 // share of staffing rows that force a cell to gain or lose teachers
	DistanceWeight float64
	PrefWeight     float64
}

// RandomShape draws a shape with about n teachers: tight or loose staffing,
// with or without each policy rule. Some of the shapes are infeasible.
func RandomShape(r *rand.Rand, n int) Shape {
	pick := func(p float64) bool { return r.Float64() < p }
	sh := Shape{
		Teachers:       n,
		Schools:        2 + r.IntN(max(1, n/12)+2),
		Subjects:       1 + r.IntN(6),
		CandidateRate:  0.2 + 0.6*r.Float64(),
		BackboneRate:   0.05 + 0.3*r.Float64(),
		PrefRate:       r.Float64(),
		RowRate:        r.Float64(),
		Slack:          r.IntN(4),
		TargetRate:     0.05 + 0.5*r.Float64(),
		BackboneShare:  0.5 * r.Float64(),
		RuralOrWeak:    pick(0.5),
		Consortium:     pick(0.2),
		IntegerValues:  pick(0.3),
		DistanceWeight: float64(r.IntN(3)) * 0.5,
		PrefWeight:     float64(r.IntN(4)),
	}
	if pick(0.5) {
		sh.MaxDistanceKm = 5 + 25*r.Float64()
	}
	if pick(0.5) {
		sh.OutShare = 0.05 + 0.4*r.Float64()
	}
	if pick(0.2) {
		sh.RowRate = 1
	}
	if !pick(0.3) { // most shapes are loose and feasible
		sh.Slack = 1 + r.IntN(3)
		sh.TargetRate = 0.05 + 0.2*r.Float64()
		sh.BackboneShare = 0.35 * r.Float64()
		sh.ForcedRate = 0.03
	} else {
		sh.ForcedRate = 0.125
	}
	return sh
}

// Random generates an instance of the given shape from a seed.
func Random(seed uint64, sh Shape) *plan.Instance {
	r := rand.New(rand.NewPCG(seed, 0x6a69616f6c6975))
	in := &plan.Instance{Version: 1, Weights: plan.Weights{Distance: sh.DistanceWeight, Preference: sh.PrefWeight}}
	subjects := []string{"语文", "数学", "英语", "物理", "音乐", "体育"}[:max(1, min(6, sh.Subjects))]
	coord := func() float64 {
		if sh.IntegerValues {
			return float64(r.IntN(21) - 10)
		}
		return math.Round((r.Float64()*40-20)*1000) / 1000
	}
	for s := 0; s < sh.Schools; s++ {
		in.Schools = append(in.Schools, plan.School{ID: fmt.Sprintf("S%03d", s+1), Rural: r.IntN(3) == 0,
			Weak: r.IntN(4) == 0, XKm: coord(), YKm: coord(), Consortium: fmt.Sprintf("C%d", r.IntN(3))})
	}
	for t := 0; t < sh.Teachers; t++ {
		tt := plan.Teacher{ID: fmt.Sprintf("T%05d", t+1), School: in.Schools[r.IntN(sh.Schools)].ID,
			Subject:  subjects[r.IntN(len(subjects))],
			Backbone: r.Float64() < sh.BackboneRate, Candidate: r.Float64() < sh.CandidateRate}
		if sh.IntegerValues {
			tt.Priority = float64(r.IntN(5))
		} else {
			tt.Priority = math.Round(r.Float64()*2000) / 100
		}
		if r.Float64() < sh.PrefRate {
			for _, k := range r.Perm(sh.Schools)[:r.IntN(min(4, sh.Schools)+1)] {
				tt.Prefs = append(tt.Prefs, in.Schools[k].ID)
			}
		}
		in.Teachers = append(in.Teachers, tt)
	}
	cur := map[[2]string]int{}
	for _, t := range in.Teachers {
		cur[[2]string{t.School, t.Subject}]++
	}
	for _, s := range in.Schools {
		for _, j := range subjects {
			if r.Float64() >= sh.RowRate {
				continue
			}
			c := cur[[2]string{s.ID, j}]
			lo := max(0, c-r.IntN(sh.Slack+1))
			hi := c + r.IntN(sh.Slack+1)
			if r.Float64() < sh.ForcedRate { // understaffed or overstaffed now
				if r.IntN(2) == 0 {
					lo, hi = c+1, c+1+sh.Slack
				} else if c > 0 {
					lo, hi = max(0, c-1-sh.Slack), c-1
				}
			}
			in.Staffing = append(in.Staffing, plan.Staffing{School: s.ID, Subject: j, Min: lo, Max: hi})
		}
	}
	cands := 0
	for _, t := range in.Teachers {
		if t.Candidate {
			cands++
		}
	}
	in.Policy = plan.Policy{
		Target:                int(math.Round(sh.TargetRate * float64(cands))),
		MaxDistanceKm:         sh.MaxDistanceKm,
		BackboneToRuralOrWeak: sh.RuralOrWeak,
		WithinConsortium:      sh.Consortium,
		MaxOutShare:           sh.OutShare,
	}
	in.Policy.MinBackbone = int(math.Round(sh.BackboneShare * float64(in.Policy.Target)))
	return in
}

// County describes a realistic county.
type County struct {
	Teachers int
	// Name prefixes every id, so that counties of a province stay apart.
	Name string
}

// schoolType is a kind of school with its typical size and subject mix.
type schoolType struct {
	name     string
	share    float64
	median   float64 // teachers
	subjects []subjectShare
}

type subjectShare struct {
	name  string
	share float64
}

var primarySubjects = []subjectShare{{"语文", 30}, {"数学", 24}, {"英语", 9}, {"科学", 5}, {"道德与法治", 5},
	{"音乐", 6}, {"体育", 8}, {"美术", 6}, {"信息技术", 4}, {"综合实践", 3}}
var juniorSubjects = []subjectShare{{"语文", 16}, {"数学", 16}, {"英语", 15}, {"物理", 8}, {"化学", 6}, {"生物", 6},
	{"道德与法治", 6}, {"历史", 6}, {"地理", 5}, {"音乐", 3}, {"体育", 7}, {"美术", 3}, {"信息技术", 3}}
var seniorSubjects = []subjectShare{{"语文", 14}, {"数学", 14}, {"英语", 14}, {"物理", 10}, {"化学", 9}, {"生物", 8},
	{"政治", 7}, {"历史", 7}, {"地理", 7}, {"体育", 5}, {"艺术", 3}, {"信息技术", 2}}

var schoolTypes = []schoolType{
	{"primary", 0.62, 32, primarySubjects},
	{"junior", 0.22, 75, juniorSubjects},
	{"nine_year", 0.11, 55, append(append([]subjectShare{}, primarySubjects...), juniorSubjects[3:9]...)},
	{"senior", 0.05, 140, seniorSubjects},
}

// GenerateCounty builds a realistic county of about c.Teachers teachers from
// a seed: log-normal school sizes by school type, schools clustered around
// the county seat and townships, a K-12 subject mix, 35–45 % of teachers
// candidates, 10–15 % backbone, staffing quotas around the current numbers
// with shortages of arts and sports teachers in rural schools, and the
// policy of SPEC §3.1 (target 10 % of candidates, backbone at least 30 % of
// the target, ordinary teachers within 20 km, backbone teachers to rural or
// weak schools, at most 10 % of a school's staff leaving).
//
// Long because the draws from the seed's random stream must stay in this
// order for a seed to keep giving the same county (the golden instances
// depend on it); it reads as one recipe.
func GenerateCounty(seed uint64, c County) *plan.Instance {
	r := rand.New(rand.NewPCG(seed, 0x636f756e7479))
	in := &plan.Instance{Version: 1, Weights: plan.Weights{Distance: 0.3, Preference: 1.5}}
	// Townships: the seat at the origin, others spread over a square of
	// 70 km for 10,000 teachers, growing with the square root of the size
	// (a county of more teachers covers more land).
	nSchoolsGuess := max(3, c.Teachers/45)
	nTowns := max(2, nSchoolsGuess/9)
	side := 70 * math.Sqrt(float64(max(c.Teachers, 1000))/10000)
	type town struct{ x, y, spread float64 }
	towns := []town{{0, 0, 3 * side / 70}} // the seat grows with the county too
	for len(towns) < nTowns {
		towns = append(towns, town{(r.Float64() - 0.5) * side, (r.Float64() - 0.5) * side, 1 + 2*r.Float64()})
	}
	type schoolPlan struct {
		typ  int
		size int
	}
	var plans []schoolPlan
	total := 0
	for total < c.Teachers {
		u := r.Float64()
		k := 0
		for acc := schoolTypes[0].share; u > acc && k < len(schoolTypes)-1; {
			k++
			acc += schoolTypes[k].share
		}
		size := int(math.Round(schoolTypes[k].median * math.Exp(0.55*r.NormFloat64())))
		size = max(4, min(size, c.Teachers-total))
		if c.Teachers-total-size < 4 {
			size = c.Teachers - total
		}
		plans = append(plans, schoolPlan{k, size})
		total += size
	}
	n := 0
	for i, sp := range plans {
		tw := 0
		if r.Float64() > 0.3 {
			tw = 1 + r.IntN(len(towns)-1)
		}
		if schoolTypes[sp.typ].name == "senior" && r.Float64() < 0.7 {
			tw = 0
		}
		t := towns[tw]
		id := fmt.Sprintf("%sS%04d", c.Name, i+1)
		rural := tw != 0 && r.Float64() < 0.8
		in.Schools = append(in.Schools, plan.School{
			ID: id, Rural: rural, Weak: r.Float64() < 0.12 || rural && r.Float64() < 0.25,
			XKm: math.Round((t.x+t.spread*r.NormFloat64())*100) / 100, YKm: math.Round((t.y+t.spread*r.NormFloat64())*100) / 100,
			Consortium: fmt.Sprintf("%sC%02d", c.Name, tw),
		})
		candRate := 0.35 + 0.10*r.Float64()
		bbRate := 0.10 + 0.05*r.Float64()
		mix := schoolTypes[sp.typ].subjects
		var sum float64
		for _, s := range mix {
			sum += s.share
		}
		for k := 0; k < sp.size; k++ {
			u := r.Float64() * sum
			j := 0
			for acc := mix[0].share; u > acc && j < len(mix)-1; {
				j++
				acc += mix[j].share
			}
			n++
			t := plan.Teacher{ID: fmt.Sprintf("%sT%06d", c.Name, n), School: id, Subject: mix[j].name,
				Backbone: r.Float64() < bbRate, Candidate: r.Float64() < candRate}
			if t.Candidate {
				// 量化打分: tenure beyond 6 years, volunteering, assessment points.
				t.Priority = float64(r.IntN(15))
				if r.Float64() < 0.15 {
					t.Priority += 10
				}
				t.Priority += math.Round(r.Float64()*100) / 10
			}
			in.Teachers = append(in.Teachers, t)
		}
	}
	// Preferences: a third of the candidates name 1–3 schools nearby.
	for i := range in.Teachers {
		t := &in.Teachers[i]
		if !t.Candidate || r.Float64() > 0.33 {
			continue
		}
		home := schoolIndex(in, t.School)
		near := nearest(in, home, 8)
		for _, k := range r.Perm(len(near))[:1+r.IntN(min(3, len(near)))] {
			t.Prefs = append(t.Prefs, in.Schools[near[k]].ID)
		}
	}
	// Staffing: every (school, subject) with teachers gets a row around the
	// current number; rural schools lack arts and sports teachers.
	cur := map[[2]string]int{}
	var keys [][2]string
	for _, t := range in.Teachers {
		k := [2]string{t.School, t.Subject}
		if cur[k] == 0 {
			keys = append(keys, k)
		}
		cur[k]++
	}
	rural := map[string]bool{}
	for _, s := range in.Schools {
		rural[s.ID] = s.Rural || s.Weak
	}
	for _, k := range keys {
		c := cur[k]
		lo := c - max(1, c/5)
		hi := c + max(1, c/6)
		switch k[1] {
		case "音乐", "体育", "美术": // taught in most schools, so teachers can come
			if rural[k[0]] && r.Float64() < 0.3 {
				lo = c + 1
			}
		}
		in.Staffing = append(in.Staffing, plan.Staffing{School: k[0], Subject: k[1], Min: max(0, lo), Max: hi})
	}
	cands := 0
	for _, t := range in.Teachers {
		if t.Candidate {
			cands++
		}
	}
	target := int(math.Round(0.10 * float64(cands)))
	in.Policy = plan.Policy{Target: target, MinBackbone: int(math.Ceil(0.30 * float64(target))),
		MaxDistanceKm: 20, BackboneToRuralOrWeak: true, MaxOutShare: 0.1}
	return in
}

func schoolIndex(in *plan.Instance, id string) int {
	for i, s := range in.Schools {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// nearest returns the k schools nearest to school i, nearest first.
func nearest(in *plan.Instance, i, k int) []int {
	type d struct {
		j int
		d float64
	}
	var ds []d
	for j, s := range in.Schools {
		if j != i {
			ds = append(ds, d{j, math.Hypot(s.XKm-in.Schools[i].XKm, s.YKm-in.Schools[i].YKm)})
		}
	}
	sort.Slice(ds, func(a, b int) bool { return ds[a].d < ds[b].d || ds[a].d == ds[b].d && ds[a].j < ds[b].j })
	var out []int
	for _, x := range ds[:min(k, len(ds))] {
		out = append(out, x.j)
	}
	return out
}

// Province generates n counties whose sizes add up to about teachers, with
// log-normal county sizes, one seed per county.
func Province(seed uint64, counties, teachers int) []County {
	r := rand.New(rand.NewPCG(seed, 0x70726f76))
	w := make([]float64, counties)
	var sum float64
	for i := range w {
		w[i] = math.Exp(0.5 * r.NormFloat64())
		sum += w[i]
	}
	out := make([]County, counties)
	for i := range out {
		out[i] = County{Teachers: max(200, int(math.Round(w[i]/sum*float64(teachers)))), Name: fmt.Sprintf("X%03d", i+1)}
	}
	return out
}
