package demo

import (
	"cmp"
	"context"
	"math"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
)

// demoPlanYear is the school year the demo's planning inputs are for: the
// one after the demo's today, the year a bureau plans in spring.
const demoPlanYear = 2027

// loadDemoPlanning enters the demo counties' planning inputs for 2027, as
// teachers, schools and county HR would: of the teachers who must rotate,
// about one in eight volunteers and names the two or three nearest rural or
// weak schools of their stage, one in ten has a 量化打分 score, a few are
// 末位调岗 cases; the demo participant volunteers. ctx carries the loader's
// transaction and actor.
func loadDemoPlanning(ctx context.Context, s *Services, ids *demoIDs) error {
	counties, err := s.DB.FindCounties(ctx, app.Scope{All: true})
	if err != nil {
		return err
	}
	for _, c := range counties {
		list, _, err := s.Rotation.FindEligible(ctx, rotation.EligibleFilter{AsOf: rotation.ReferenceDate(demoPlanYear), CountyID: c.ID})
		if err != nil {
			return err
		}
		schools, err := s.DB.FindRotationSchools(ctx, []int64{c.ID})
		if err != nil {
			return err
		}
		byID := map[int64]*org.School{}
		for _, sc := range schools {
			byID[sc.ID] = sc
		}
		n := 0
		for _, e := range list {
			if !e.Must || e.Exempt || e.ExchangeID != 0 || e.RuleCodeOf() != rotation.RuleTeacher {
				continue
			}
			n++
			u := planning.InputUpdate{SchoolYear: demoPlanYear}
			if e.EducatorID == ids.participant || n%8 == 3 {
				yes := true
				prefs := nearestHosts(byID[e.SchoolID], schools, 2+n%2)
				u.Volunteer, u.Prefs = &yes, &prefs
			}
			if n%10 == 1 {
				score := float64(60 + n*37%36)
				u.Score = &score
			}
			if n%29 == 7 {
				yes := true
				u.LastRanked = &yes
			}
			if u.Volunteer == nil && u.Score == nil && u.LastRanked == nil {
				continue
			}
			if _, err := s.Planning.SaveInput(ctx, e.EducatorID, u); err != nil {
				return err
			}
		}
	}
	return nil
}

// nearestHosts returns the ids of the n rural or weak schools of the same
// stage nearest to a school.
func nearestHosts(from *org.School, schools []*org.School, n int) []int64 {
	if from == nil || from.Longitude == nil || from.Latitude == nil {
		return []int64{}
	}
	type near struct {
		id int64
		km float64
	}
	var cands []near
	for _, sc := range schools {
		if sc.ID == from.ID || !sc.Compulsory() || sc.Longitude == nil || sc.Latitude == nil ||
			planning.StageOf(sc.Level) != planning.StageOf(from.Level) || (sc.Location == "urban" && !sc.Weak) {
			continue
		}
		dx, dy := (*sc.Longitude-*from.Longitude)*95, (*sc.Latitude-*from.Latitude)*111
		cands = append(cands, near{sc.ID, math.Hypot(dx, dy)})
	}
	slices.SortFunc(cands, func(a, b near) int { return cmp.Or(cmp.Compare(a.km, b.km), cmp.Compare(a.id, b.id)) })
	out := []int64{}
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].id)
	}
	return out
}
