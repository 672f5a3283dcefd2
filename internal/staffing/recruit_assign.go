package staffing

import (
	"fmt"
	"math"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
)

// The recruits' placement (新招聘教师分配): new teachers to the vacancies of
// a county's schools, rural and weak schools first (seed [004]: 新招聘的教师
// 首先安排到农村学校或薄弱学校任教), as one min-cost flow solved by the
// planner's network simplex (plan.FlowNetwork):
//
//	source → recruit (1) → vacancy (1, −value) → sink (≤ open posts)
//	recruit → sink (1, 0): left unplaced
//
// A recruit fits a vacancy of their subject (or of any subject) at a school
// that teaches their level. Every placement is worth placeValue, far more
// than every bonus together, so the optimum places as many recruits as fit;
// among those placements it prefers rural and weak schools, schools that
// lack teachers of the recruit's subject, schools near the recruit's home,
// then the school HR already chose.

// Values of a placement, as integers for the exact network simplex.
const (
	placeValue   = 1000 // any fitting vacancy
	ruralValue   = 60   // a rural (乡村) school
	weakValue    = 40   // a weak school (薄弱学校)
	townValue    = 20   // a township (镇区) school, before urban ones
	nearMaxValue = 20   // a school at the recruit's home, less 1 per 2 km
	keptValue    = 5    // the school HR chose for the recruit (keeps edits)
	lackValue    = 30   // the school has no teacher of the recruit's subject
	fewValue     = 15   // the school has one teacher of the recruit's subject
)

// AssignRecruit is a recruit as the placement sees them.
type AssignRecruit struct {
	ID      int64
	Subject string
	// Level is the recruit's 学段 (RecruitLevels).
	Level string
	// Home, when set, is where the recruit lives (a school's position).
	Home *Point
	// School is the school HR chose, 0 for none.
	School int64
}

// Point is a position in degrees.
type Point struct{ Longitude, Latitude float64 }

// AssignSchool is a school with open posts.
type AssignSchool struct {
	ID       int64
	Level    string // org.Levels
	Location string // org.Locations
	Weak     bool
	At       *Point
	// SubjectStaff counts the school's staff in post by subject: a school
	// with none or one teacher of the recruit's subject needs them most.
	SubjectStaff map[string]int
}

// AssignVacancy is a number of open posts of one subject ("" for any) at a
// school. The establishment is per school, so its vacancies are of any
// subject; a subject's own posts are for a county that sets them so.
type AssignVacancy struct {
	School  int64
	Subject string
	Open    int
}

// AssignProblem is one county's placement problem.
type AssignProblem struct {
	Recruits  []AssignRecruit
	Schools   []AssignSchool
	Vacancies []AssignVacancy
}

// Placement is the answer: a school per recruit (absent: none fits or
// no post is left) and the total value.
type Placement struct {
	School map[int64]int64
	Value  int64
}

// levelFits reports whether a school of level sl teaches a recruit of level rl.
func levelFits(rl, sl string) bool {
	switch {
	case rl == sl:
		return true
	case sl == "nine_year":
		return rl == "primary" || rl == "junior"
	case sl == "complete":
		return rl == "junior" || rl == "senior"
	}
	return false
}

// distanceKm is the great-circle distance between two points.
func distanceKm(a, b Point) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLng := (b.Latitude-a.Latitude)*rad, (b.Longitude-a.Longitude)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Latitude*rad)*math.Cos(b.Latitude*rad)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// placementValue is the value of placing r on v at school s, and whether
// r fits v at all.
func placementValue(r AssignRecruit, v AssignVacancy, s AssignSchool) (int64, bool) {
	if v.Subject != "" && v.Subject != r.Subject || !levelFits(r.Level, s.Level) {
		return 0, false
	}
	val := int64(placeValue)
	switch s.Location {
	case "rural":
		val += ruralValue
	case "township":
		val += townValue
	}
	if s.Weak {
		val += weakValue
	}
	switch s.SubjectStaff[r.Subject] {
	case 0:
		val += lackValue
	case 1:
		val += fewValue
	}
	if r.Home != nil && s.At != nil {
		val += max(0, nearMaxValue-int64(distanceKm(*r.Home, *s.At)/2))
	}
	if r.School == s.ID {
		val += keptValue
	}
	return val, true
}

// Solve computes the placement of the largest value.
func (pr *AssignProblem) Solve() (*Placement, error) {
	out := &Placement{School: map[int64]int64{}}
	nr, nv := len(pr.Recruits), len(pr.Vacancies)
	if nr == 0 {
		return out, nil
	}
	schools := map[int64]AssignSchool{}
	for _, s := range pr.Schools {
		schools[s.ID] = s
	}
	source, sink := 0, 1
	rNode := func(i int) int { return 2 + i }
	vNode := func(j int) int { return 2 + nr + j }
	g := plan.NewFlowNetwork(2 + nr + nv)
	g.SetSupply(source, int64(nr))
	g.SetSupply(sink, -int64(nr))
	for j, v := range pr.Vacancies {
		g.AddArc(vNode(j), sink, 0, int64(max(v.Open, 0)), 0)
	}
	type pairArc struct{ arc, r, v int }
	var pairs []pairArc
	for i, r := range pr.Recruits {
		g.AddArc(source, rNode(i), 0, 1, 0)
		g.AddArc(rNode(i), sink, 0, 1, 0)
		for j, v := range pr.Vacancies {
			s, ok := schools[v.School]
			if !ok {
				continue
			}
			if val, ok := placementValue(r, v, s); ok {
				pairs = append(pairs, pairArc{g.AddArc(rNode(i), vNode(j), 0, 1, -val), i, j})
			}
		}
	}
	if st := g.Solve(); st != plan.FlowOptimal {
		return nil, app.Internalf("staffing.AssignProblem.Solve", "placement flow: %v", st)
	}
	for _, pa := range pairs {
		if g.Flow(pa.arc) == 1 {
			out.School[pr.Recruits[pa.r].ID] = pr.Vacancies[pa.v].School
		}
	}
	out.Value = -g.TotalCost()
	return out, nil
}

// Check is the value of an edited placement, or why it does not hold: a
// recruit on a school where no open post of their subject and level is
// left. Posts of the recruit's subject are taken before posts of any
// subject, which keeps the latter for those no specific post fits, so a
// placement that can hold passes.
func (pr *AssignProblem) Check(school map[int64]int64) (int64, error) {
	schools := map[int64]AssignSchool{}
	for _, s := range pr.Schools {
		schools[s.ID] = s
	}
	left := make([]int, len(pr.Vacancies))
	for j, v := range pr.Vacancies {
		left[j] = v.Open
	}
	var total int64
	placed := map[int64]bool{}
	for pass := 0; pass < 2; pass++ {
		for _, r := range pr.Recruits {
			sid := school[r.ID]
			if sid == 0 || placed[r.ID] {
				continue
			}
			for j, v := range pr.Vacancies {
				if v.School != sid || left[j] == 0 || (pass == 0) != (v.Subject != "") {
					continue
				}
				if val, ok := placementValue(r, v, schools[sid]); ok {
					left[j]--
					total += val
					placed[r.ID] = true
					break
				}
			}
		}
	}
	for _, r := range pr.Recruits {
		if sid := school[r.ID]; sid != 0 && !placed[r.ID] {
			return 0, fmt.Errorf("recruit %d has no open post at school %d", r.ID, sid)
		}
	}
	return total, nil
}
