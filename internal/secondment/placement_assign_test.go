package secondment

import (
	"math/rand/v2"
	"testing"
)

// bruteForce is the best value of pairing participants with mentors (or
// none) under the hosts' capacities and the mentors' load, by trying every
// choice.
func bruteForce(pr *AssignProblem) int64 {
	hostCap := map[int64]int{}
	for _, h := range pr.Hosts {
		hostCap[h.ID] = h.Capacity
	}
	load := make([]int, len(pr.Mentors))
	used := map[int64]int{}
	var best int64 = -1
	var rec func(i int, v int64)
	rec = func(i int, v int64) {
		if i == len(pr.Participants) {
			best = max(best, v)
			return
		}
		rec(i+1, v) // left unplaced
		for j, m := range pr.Mentors {
			pv, ok := pairValue(pr.Participants[i], m)
			if _, hosted := hostCap[m.Host]; !ok || !hosted || load[j] >= pr.PerMentor || used[m.Host] >= hostCap[m.Host] {
				continue
			}
			load[j]++
			used[m.Host]++
			rec(i+1, v+pv)
			load[j]--
			used[m.Host]--
		}
	}
	rec(0, 0)
	return best
}

// randomProblem makes a small problem: posts, subjects and levels drawn
// so that some participants compete and some fit no one.
func randomProblem(r *rand.Rand) *AssignProblem {
	pr := &AssignProblem{PerMentor: 1 + r.IntN(2)}
	wants := []string{DeptOffice, DeptGrade, DeptSubjects, DeptSubjects}
	subjects := []string{"语文", "数学", "英语"}
	levels := []string{"primary", "middle"}
	for k := 0; k < 1+r.IntN(3); k++ {
		pr.Hosts = append(pr.Hosts, AssignHost{ID: int64(100 + k), Capacity: r.IntN(4)})
	}
	for j := 0; j < 1+r.IntN(4); j++ {
		m := AssignMentor{ID: int64(200 + j), Host: int64(100 + r.IntN(len(pr.Hosts)+1)), HostLevel: levels[r.IntN(2)]}
		switch r.IntN(4) {
		case 0:
			m.DeptKind = DeptOffice
		case 1:
			m.DeptKind = DeptGrade
		case 2:
			m.DeptKind, m.Subject = DeptSubjects, subjects[r.IntN(3)]
		}
		pr.Mentors = append(pr.Mentors, m)
	}
	for i := 0; i < 1+r.IntN(6); i++ {
		p := AssignParticipant{ID: int64(i + 1), Want: wants[r.IntN(4)], Level: levels[r.IntN(2)], Subjects: []string{subjects[r.IntN(3)]}}
		if r.IntN(3) == 0 {
			p.Mentor = pr.Mentors[r.IntN(len(pr.Mentors))].ID
		}
		pr.Participants = append(pr.Participants, p)
	}
	for g := 0; g < r.IntN(4); g++ {
		pr.Groups = append(pr.Groups, AssignGroup{ID: int64(300 + g), Level: []string{"", "primary", "middle"}[r.IntN(3)]})
	}
	return pr
}

func TestAssignmentEqualsBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for n := 0; n < 400; n++ {
		pr := randomProblem(r)
		a, err := pr.Solve()
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteForce(pr); a.Value != want {
			t.Fatalf("case %d: value %d, brute force %d: %+v", n, a.Value, want, pr)
		}
		// The answer itself: its value, the loads and the capacities.
		v, err := pr.ValueOf(a.Mentor)
		if err != nil || v != a.Value {
			t.Fatalf("case %d: pairs worth %d (%v), reported %d", n, v, err, a.Value)
		}
		load, used := map[int64]int{}, map[int64]int{}
		host := map[int64]int64{}
		for _, m := range pr.Mentors {
			host[m.ID] = m.Host
		}
		for _, m := range a.Mentor {
			load[m]++
			used[host[m]]++
		}
		for m, n := range load {
			if n > pr.PerMentor {
				t.Fatalf("mentor %d takes %d > %d", m, n, pr.PerMentor)
			}
		}
		for _, h := range pr.Hosts {
			if used[h.ID] > h.Capacity {
				t.Fatalf("host %d takes %d > %d", h.ID, used[h.ID], h.Capacity)
			}
		}
		checkGroupsBalanced(t, pr, a)
	}
}

// checkGroupsBalanced: every participant is in a group when there are any,
// of their level when such groups exist, and groups of one level differ
// by at most one member.
func checkGroupsBalanced(t *testing.T, pr *AssignProblem, a *Assignment) {
	t.Helper()
	if len(pr.Groups) == 0 {
		return
	}
	size := map[int64]int{}
	level := map[int64]string{}
	for _, g := range pr.Groups {
		size[g.ID], level[g.ID] = 0, g.Level
	}
	for _, p := range pr.Participants {
		g, ok := a.Group[p.ID]
		if !ok {
			t.Fatalf("participant %d has no group: %+v", p.ID, pr)
		}
		size[g]++
		own := false
		for _, gr := range pr.Groups {
			own = own || gr.Level == p.Level
		}
		if own && level[g] != p.Level {
			t.Fatalf("participant %d (%s) in a %q group", p.ID, p.Level, level[g])
		}
	}
	for _, g := range pr.Groups {
		for _, h := range pr.Groups {
			if g.Level == h.Level && g.Level != "" && size[g.ID]-size[h.ID] > 1 {
				t.Fatalf("groups %d (%d) and %d (%d) of level %s unbalanced", g.ID, size[g.ID], h.ID, size[h.ID], g.Level)
			}
		}
	}
}
