package staffing

import (
	"math/rand/v2"
	"testing"
)

// bruteForce is the best value of placing the recruits (or not) on the
// vacancies under their open posts, by trying every choice.
func bruteForce(pr *AssignProblem) int64 {
	schools := map[int64]AssignSchool{}
	for _, s := range pr.Schools {
		schools[s.ID] = s
	}
	left := make([]int, len(pr.Vacancies))
	for j, v := range pr.Vacancies {
		left[j] = v.Open
	}
	var best int64 = -1
	var rec func(i int, val int64)
	rec = func(i int, val int64) {
		if i == len(pr.Recruits) {
			best = max(best, val)
			return
		}
		rec(i+1, val)
		for j, v := range pr.Vacancies {
			pv, ok := placementValue(pr.Recruits[i], v, schools[v.School])
			if !ok || left[j] == 0 {
				continue
			}
			left[j]--
			rec(i+1, val+pv)
			left[j]++
		}
	}
	rec(0, 0)
	return best
}

// randomPlacement makes a small problem: schools of every location, some
// weak, some without a position; recruits of a few subjects and levels,
// some with a home, some already given a school.
func randomPlacement(r *rand.Rand) *AssignProblem {
	pr := &AssignProblem{}
	levels := []string{"primary", "junior", "senior", "nine_year", "complete"}
	locations := []string{"urban", "township", "rural"}
	subjects := []string{"语文", "数学", "英语"}
	for k := 0; k < 1+r.IntN(4); k++ {
		s := AssignSchool{ID: int64(100 + k), Level: levels[r.IntN(len(levels))], Location: locations[r.IntN(3)], Weak: r.IntN(3) == 0}
		s.SubjectStaff = map[string]int{subjects[r.IntN(3)]: r.IntN(3), subjects[r.IntN(3)]: r.IntN(3)}
		if r.IntN(4) > 0 {
			s.At = &Point{Longitude: 109 + r.Float64()*0.5, Latitude: 38 + r.Float64()*0.5}
		}
		pr.Schools = append(pr.Schools, s)
	}
	for j := 0; j < 1+r.IntN(4); j++ {
		v := AssignVacancy{School: pr.Schools[r.IntN(len(pr.Schools))].ID, Open: r.IntN(3)}
		if r.IntN(4) > 0 {
			v.Subject = subjects[r.IntN(3)]
		}
		pr.Vacancies = append(pr.Vacancies, v)
	}
	for i := 0; i < 1+r.IntN(6); i++ {
		rc := AssignRecruit{ID: int64(i + 1), Subject: subjects[r.IntN(3)], Level: levels[r.IntN(3)]}
		if r.IntN(2) == 0 {
			rc.Home = &Point{Longitude: 109 + r.Float64()*0.5, Latitude: 38 + r.Float64()*0.5}
		}
		if r.IntN(3) == 0 {
			rc.School = pr.Schools[r.IntN(len(pr.Schools))].ID
		}
		pr.Recruits = append(pr.Recruits, rc)
	}
	return pr
}

func TestPlacementEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 2))
	for n := 0; n < 500; n++ {
		pr := randomPlacement(r)
		got, err := pr.Solve()
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteForce(pr); got.Value != want {
			t.Fatalf("case %d: flow value %d, brute force %d (%+v)", n, got.Value, want, pr)
		}
		// The solver's own placement passes the edit check at its value.
		if v, err := pr.Check(got.School); err != nil || v != got.Value {
			t.Fatalf("case %d: check of the optimum gives %d, %v; want %d", n, v, err, got.Value)
		}
	}
}

// A rural weak school's post goes to the recruit before an urban one's,
// and a recruit of another subject or level is not placed on it.
func TestPlacementRuralAndWeakFirst(t *testing.T) {
	pr := &AssignProblem{
		Schools: []AssignSchool{{ID: 1, Level: "primary", Location: "urban"}, {ID: 2, Level: "primary", Location: "rural", Weak: true},
			{ID: 3, Level: "junior", Location: "rural"}},
		Vacancies: []AssignVacancy{{School: 1, Subject: "数学", Open: 1}, {School: 2, Subject: "数学", Open: 1}, {School: 3, Subject: "语文", Open: 1}},
		Recruits:  []AssignRecruit{{ID: 7, Subject: "数学", Level: "primary"}, {ID: 8, Subject: "英语", Level: "primary"}},
	}
	got, err := pr.Solve()
	if err != nil {
		t.Fatal(err)
	}
	if got.School[7] != 2 {
		t.Errorf("the mathematics recruit went to %d, want the rural weak school 2", got.School[7])
	}
	if s, ok := got.School[8]; ok {
		t.Errorf("the English recruit fits no vacancy but went to %d", s)
	}
	if _, err := pr.Check(map[int64]int64{7: 3}); err == nil {
		t.Error("a primary mathematics recruit on a junior Chinese post passed the check")
	}
}
