package pairing

import (
	"math"
	"sort"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
)

// The pairing helper: helpers (demonstration and quality schools) to helped
// (rural or weak) schools, as one min-cost flow solved by the planner's
// network simplex (plan.FlowNetwork):
//
//	source → helped (1) → helper (1, −value) → sink (≤ the helper's capacity)
//	helped → sink (1, 0): left unpaired
//
// Every pair is worth valuePaired, so the optimum pairs as many schools as
// the capacities allow, then prefers the same level and the shorter
// distance. Last cycle's pairs are not proposed again, except those kept on
// purpose, which are fixed before the flow.

// Values of a pair, as integers for the exact network simplex.
const (
	valuePaired = 100000
	valueLevel  = 2000 // the same school level (a nine-year school pairs with both)
	// kmCost is the value a kilometre of distance costs, up to maxKm.
	kmCost = 10
	maxKm  = 200
	// unknownKm is the distance assumed without coordinates.
	unknownKm = 50
)

// HelperSchool is a school that helps, as the helper sees it.
type HelperSchool struct {
	ID       int64
	Level    string
	Capacity int
	Lon, Lat *float64
}

// HelpedSchool is a school to be helped.
type HelpedSchool struct {
	ID       int64
	Level    string
	Lon, Lat *float64
}

// SchoolPair is a helper and a helped school.
type SchoolPair struct {
	Helper, Helped int64
}

// Problem is one cycle's pairing problem.
type Problem struct {
	Helpers []HelperSchool
	Helped  []HelpedSchool
	// Previous are last cycle's pairs; none is proposed again unless kept.
	Previous []SchoolPair
	// Keep are last cycle's pairs kept on purpose: fixed in the proposal.
	Keep []SchoolPair
}

// Proposal is the helper's answer: the pairs, the helped schools left
// unpaired, and the value of the pairs.
type Proposal struct {
	Pairs    []SchoolPair `json:"pairs"`
	Unpaired []int64      `json:"unpaired"`
	Value    int64        `json:"value"`
}

// distanceKm is the great-circle distance between two positions, or
// unknownKm when one is missing.
func distanceKm(lon1, lat1, lon2, lat2 *float64) float64 {
	if lon1 == nil || lat1 == nil || lon2 == nil || lat2 == nil {
		return unknownKm
	}
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (*lat2-*lat1)*rad, (*lon2-*lon1)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(*lat1*rad)*math.Cos(*lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// pairValue is the value of helper h helping school w.
func pairValue(h HelperSchool, w HelpedSchool) int64 {
	v := int64(valuePaired)
	if h.Level == w.Level || h.Level == "nine_year" || w.Level == "nine_year" {
		v += valueLevel
	}
	km := math.Min(distanceKm(h.Lon, h.Lat, w.Lon, w.Lat), maxKm)
	return v - int64(math.Round(km*kmCost))
}

// ValueOf sums the values of pairs, for checking an edited proposal
// against the helper's.
func (pr *Problem) ValueOf(pairs []SchoolPair) int64 {
	hs, ws := map[int64]HelperSchool{}, map[int64]HelpedSchool{}
	for _, h := range pr.Helpers {
		hs[h.ID] = h
	}
	for _, w := range pr.Helped {
		ws[w.ID] = w
	}
	var v int64
	for _, p := range pairs {
		v += pairValue(hs[p.Helper], ws[p.Helped])
	}
	return v
}

// Solve proposes the pairs of the largest value that hold every helper's
// capacity, pair no school twice and repeat no previous pair not kept.
func (pr *Problem) Solve() (*Proposal, error) {
	out := &Proposal{}
	load := map[int64]int{}
	fixed := map[int64]bool{}
	helpers := map[int64]HelperSchool{}
	for _, h := range pr.Helpers {
		helpers[h.ID] = h
	}
	for _, k := range pr.Keep {
		h, ok := helpers[k.Helper]
		if !ok || fixed[k.Helped] || load[k.Helper] >= h.Capacity {
			return nil, app.Errorf(app.Conflict, "保留的结对超出帮扶学校的名额或重复，请检查",
				"The pairs kept exceed a helper's capacity or repeat a school")
		}
		load[k.Helper]++
		fixed[k.Helped] = true
		out.Pairs = append(out.Pairs, k)
	}
	previous := map[SchoolPair]bool{}
	for _, p := range pr.Previous {
		previous[p] = true
	}
	for _, k := range pr.Keep {
		delete(previous, k)
	}
	var helped []HelpedSchool
	for _, w := range pr.Helped {
		if !fixed[w.ID] && !isHelper(helpers, w.ID) {
			helped = append(helped, w)
		}
	}
	nw, nh := len(helped), len(pr.Helpers)
	source, sink := 0, 1
	g := plan.NewFlowNetwork(2 + nw + nh)
	g.SetSupply(source, int64(nw))
	g.SetSupply(sink, -int64(nw))
	for j, h := range pr.Helpers {
		g.AddArc(2+nw+j, sink, 0, int64(max(h.Capacity-load[h.ID], 0)), 0)
	}
	type pairArc struct{ arc, w, h int }
	var arcs []pairArc
	for i, w := range helped {
		g.AddArc(source, 2+i, 0, 1, 0)
		g.AddArc(2+i, sink, 0, 1, 0)
		for j, h := range pr.Helpers {
			if h.ID == w.ID || previous[SchoolPair{h.ID, w.ID}] {
				continue
			}
			arcs = append(arcs, pairArc{g.AddArc(2+i, 2+nw+j, 0, 1, -pairValue(h, w)), i, j})
		}
	}
	if st := g.Solve(); st != plan.FlowOptimal {
		return nil, app.Internalf("pairing.Solve", "pairing flow: %v", st)
	}
	paired := map[int64]bool{}
	for _, a := range arcs {
		if g.Flow(a.arc) == 1 {
			p := SchoolPair{Helper: pr.Helpers[a.h].ID, Helped: helped[a.w].ID}
			out.Pairs = append(out.Pairs, p)
			paired[p.Helped] = true
		}
	}
	for _, w := range helped {
		if !paired[w.ID] {
			out.Unpaired = append(out.Unpaired, w.ID)
		}
	}
	sort.Slice(out.Pairs, func(i, j int) bool {
		a, b := out.Pairs[i], out.Pairs[j]
		return a.Helper < b.Helper || a.Helper == b.Helper && a.Helped < b.Helped
	})
	out.Value = pr.ValueOf(out.Pairs)
	return out, nil
}

func isHelper(helpers map[int64]HelperSchool, id int64) bool {
	_, ok := helpers[id]
	return ok
}
