package secondment

import (
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
)

// The assignment helper: participants of a batch to mentors (and so to the
// mentor's host and department), then to training groups, as two min-cost
// flows solved by the planner's network simplex (plan.FlowNetwork). The
// first is a transportation problem with two capacity layers:
//
//	source → participant (1) → mentor (1, −value) → host (≤ per mentor) → sink (≤ host capacity)
//	participant → sink (1, 0): left unplaced
//
// so its optimum respects every host's capacity and every mentor's load and
// maximises the total value. The second spreads the participants over the
// groups of their level with bounds ⌊n/k⌋ … ⌈n/k⌉, preferring each
// participant's present group.

// Values of a pairing, as integers for the exact network simplex.
const (
	valuePlaced    = 100 // any fitting mentor
	valueDeptFits  = 20  // the mentor's department is the one the participant's post or subject asks for
	valueLevelFits = 10  // the host teaches the participant's level
	valueKept      = 5   // the participant already has this mentor (keeps the coordinator's edits)
)

// AssignParticipant is a participant as the helper sees them.
type AssignParticipant struct {
	ID int64
	// Want is the department kind the post asks for (DeptOffice for cadres
	// and principals, DeptGrade for grade heads, DeptSubjects for teachers).
	Want     string
	Subjects []string
	// Level is middle or primary, from the home school.
	Level  string
	Mentor int64
	Group  int64
}

// AssignMentor is a mentor at a host's department.
type AssignMentor struct {
	ID        int64
	Host      int64
	DeptKind  string // empty when the mentor has no department: fits anyone, without the department's value
	Subject   string
	HostLevel string
}

// AssignHost is a host of the batch and its capacity there.
type AssignHost struct {
	ID       int64
	Capacity int
}

// AssignGroup is a training group and its level ("" for any).
type AssignGroup struct {
	ID    int64
	Level string
}

// AssignProblem is one batch's placement problem.
type AssignProblem struct {
	Participants []AssignParticipant
	Mentors      []AssignMentor
	Hosts        []AssignHost
	Groups       []AssignGroup
	// PerMentor is the most participants one mentor takes.
	PerMentor int
}

// Assignment is the helper's answer: a mentor (0: none fits) and a group
// (0: none) per participant, and the value of the mentor pairing.
type Assignment struct {
	Mentor map[int64]int64
	Group  map[int64]int64
	Value  int64
}

// pairValue is the value of giving participant p mentor m, and whether m
// fits p at all (a teacher goes to their subject's 教研组, a cadre to an
// office, a grade head to a grade).
func pairValue(p AssignParticipant, m AssignMentor) (int64, bool) {
	v := int64(valuePlaced)
	switch {
	case m.DeptKind == "":
	case p.Want != "" && m.DeptKind != p.Want:
		return 0, false
	case m.DeptKind == DeptSubjects && !slices.Contains(p.Subjects, m.Subject):
		return 0, false
	default:
		v += valueDeptFits
	}
	if levelFits(m.HostLevel, p.Level) {
		v += valueLevelFits
	}
	if p.Mentor == m.ID {
		v += valueKept
	}
	return v, true
}

// levelFits reports whether a host of level hl teaches level l.
func levelFits(hl, l string) bool {
	return hl != "" && l != "" && (hl == l || hl == "nine_year")
}

// Solve computes the assignment of the largest value.
func (pr *AssignProblem) Solve() (*Assignment, error) {
	out := &Assignment{Mentor: map[int64]int64{}, Group: map[int64]int64{}}
	if err := pr.solveMentors(out); err != nil {
		return nil, err
	}
	if err := pr.solveGroups(out); err != nil {
		return nil, err
	}
	return out, nil
}

func (pr *AssignProblem) solveMentors(out *Assignment) error {
	np, nm, nh := len(pr.Participants), len(pr.Mentors), len(pr.Hosts)
	source, sink := 0, 1
	pNode := func(i int) int { return 2 + i }
	mNode := func(j int) int { return 2 + np + j }
	hNode := func(k int) int { return 2 + np + nm + k }
	g := plan.NewFlowNetwork(2 + np + nm + nh)
	g.SetSupply(source, int64(np))
	g.SetSupply(sink, -int64(np))
	hostIndex := map[int64]int{}
	for k, h := range pr.Hosts {
		hostIndex[h.ID] = k
		g.AddArc(hNode(k), sink, 0, int64(max(h.Capacity, 0)), 0)
	}
	perMentor := int64(max(pr.PerMentor, 0))
	for j, m := range pr.Mentors {
		if k, ok := hostIndex[m.Host]; ok {
			g.AddArc(mNode(j), hNode(k), 0, perMentor, 0)
		}
	}
	type pairArc struct{ arc, p, m int }
	var pairs []pairArc
	for i, p := range pr.Participants {
		g.AddArc(source, pNode(i), 0, 1, 0)
		g.AddArc(pNode(i), sink, 0, 1, 0)
		for j, m := range pr.Mentors {
			if _, ok := hostIndex[m.Host]; !ok {
				continue
			}
			if v, ok := pairValue(p, m); ok {
				pairs = append(pairs, pairArc{g.AddArc(pNode(i), mNode(j), 0, 1, -v), i, j})
			}
		}
	}
	if st := g.Solve(); st != plan.FlowOptimal {
		return app.Internalf("secondment.solveMentors", "placement flow: %v", st)
	}
	for _, pa := range pairs {
		if g.Flow(pa.arc) == 1 {
			out.Mentor[pr.Participants[pa.p].ID] = pr.Mentors[pa.m].ID
		}
	}
	out.Value = -g.TotalCost()
	return nil
}

// groupClass is the groups a participant of a level may join: those of the
// level, else those of any level, else every group.
func (pr *AssignProblem) groupClass(level string) []int {
	var same, any, all []int
	for k, gr := range pr.Groups {
		all = append(all, k)
		switch gr.Level {
		case level:
			same = append(same, k)
		case "":
			any = append(any, k)
		}
	}
	switch {
	case level != "" && len(same) > 0:
		return same
	case len(any) > 0:
		return any
	}
	return all
}

func (pr *AssignProblem) solveGroups(out *Assignment) error {
	np, ng := len(pr.Participants), len(pr.Groups)
	if ng == 0 || np == 0 {
		return nil
	}
	// Participants by the class of groups they may join; classes that
	// share a group merge, so the bounds below are consistent.
	classOf := make([]int, ng) // group → class id (−1: none yet)
	for k := range classOf {
		classOf[k] = -1
	}
	nextClass := 0
	partClass := make([]int, np)
	for i, p := range pr.Participants {
		ks := pr.groupClass(p.Level)
		c := -1
		for _, k := range ks {
			if classOf[k] >= 0 {
				c = classOf[k]
			}
		}
		if c < 0 {
			c = nextClass
			nextClass++
		}
		for _, k := range ks {
			if old := classOf[k]; old >= 0 && old != c {
				for kk := range classOf {
					if classOf[kk] == old {
						classOf[kk] = c
					}
				}
				for ii := 0; ii < i; ii++ {
					if partClass[ii] == old {
						partClass[ii] = c
					}
				}
			}
			classOf[k] = c
		}
		partClass[i] = c
	}
	source, sink := 0, 1
	g := plan.NewFlowNetwork(2 + np + ng)
	g.SetSupply(source, int64(np))
	g.SetSupply(sink, -int64(np))
	for k := range pr.Groups {
		n, groups := 0, 0
		for i := range pr.Participants {
			if partClass[i] == classOf[k] {
				n++
			}
		}
		for kk := range pr.Groups {
			if classOf[kk] == classOf[k] {
				groups++
			}
		}
		lo, hi := int64(0), int64(0)
		if groups > 0 {
			lo, hi = int64(n/groups), int64((n+groups-1)/groups)
		}
		g.AddArc(2+np+k, sink, lo, hi, 0)
	}
	type pairArc struct{ arc, p, k int }
	var pairs []pairArc
	for i, p := range pr.Participants {
		g.AddArc(source, 2+i, 0, 1, 0)
		for k, gr := range pr.Groups {
			if classOf[k] != partClass[i] {
				continue
			}
			cost := int64(0)
			if p.Group == gr.ID {
				cost = -1
			}
			pairs = append(pairs, pairArc{g.AddArc(2+i, 2+np+k, 0, 1, cost), i, k})
		}
	}
	if st := g.Solve(); st != plan.FlowOptimal {
		return app.Internalf("secondment.solveGroups", "group flow: %v", st)
	}
	for _, pa := range pairs {
		if g.Flow(pa.arc) == 1 {
			out.Group[pr.Participants[pa.p].ID] = pr.Groups[pa.k].ID
		}
	}
	return nil
}

// wantOf is the department kind a participant's post asks for.
func wantOf(post string) string {
	switch post {
	case "middle_cadre", "principal", "vice_principal", "director", "vice_director":
		return DeptOffice
	case "grade_head":
		return DeptGrade
	case "teacher":
		return DeptSubjects
	}
	return ""
}

// levelOf is the level of a school for groups and hosts: primary for
// kindergartens and primary schools, middle otherwise.
func levelOf(schoolLevel string) string {
	switch schoolLevel {
	case "":
		return ""
	case "kindergarten", "primary":
		return "primary"
	}
	return "middle"
}

// Value sums the values of an assignment's mentor pairings, for checking
// an edited placement against the proposal.
func (pr *AssignProblem) ValueOf(mentor map[int64]int64) (int64, error) {
	ms := map[int64]AssignMentor{}
	for _, m := range pr.Mentors {
		ms[m.ID] = m
	}
	var v int64
	for _, p := range pr.Participants {
		id := mentor[p.ID]
		if id == 0 {
			continue
		}
		pv, ok := pairValue(p, ms[id])
		if !ok {
			return 0, fmt.Errorf("mentor %d does not fit participant %d", id, p.ID)
		}
		v += pv
	}
	return v, nil
}
