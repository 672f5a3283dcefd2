package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
)

// The demo's staffing (编制, seed 004): every school's classes, pupils and
// boarders, as the 学校 sheet of a roster would bring them, drawn around
// what its staff in post would need by the standard; each county's
// settings for the year with a total a little below (the first county) or
// above (the second) the standards' sum; the allocation computed, the
// first county's adjusted for a weak school with its reason, and both
// filed. The school admin's school has posts by grade with its titled
// teachers appointed and one 高级 post vacant.

// demoSpread is a factor in [0.85, 1.20) fixed by a school's code.
func demoSpread(code string) float64 {
	h := fnv.New32a()
	h.Write([]byte(code))
	return 0.85 + float64(h.Sum32()%350)/1000
}

// demoClassSize is the pupils of a class by level.
func demoClassSize(sc *org.School) int {
	switch {
	case sc.VillagePoint:
		return 15
	case sc.Level == "kindergarten":
		return 30
	case sc.Level == "primary":
		return 40
	case sc.Level == "senior", sc.Level == "vocational":
		return 50
	}
	return 45
}

// demoPupils sets a school's classes, pupils and boarders from its staff
// in post: pupils are the staff times the level's ratio, spread.
func demoPupils(sc *org.School, inPost int, st *staffing.Settings) {
	ratio := map[string]float64{"primary": st.RatioPrimary, "junior": st.RatioJunior, "nine_year": 16, "complete": 13,
		"senior": st.RatioSenior, "special": st.RatioSpecial, "kindergarten": 15, "vocational": 14}[sc.Level]
	pupils := int(float64(max(inPost, 2)) * ratio * demoSpread(sc.Code))
	classes := max(1, (pupils+demoClassSize(sc)-1)/demoClassSize(sc))
	boarders := 0
	if sc.Location == "rural" && sc.Level != "kindergarten" {
		boarders = pupils / 10
		if sc.Level != "primary" {
			boarders = pupils * 2 / 5
		}
	}
	sc.Pupils, sc.Classes, sc.Boarders = &pupils, &classes, &boarders
}

func loadDemoStaffing(ctx context.Context, s *Services, ids *demoIDs) error {
	year := app.DateOf(s.Clock.Now()).Year
	for i, county := range []int64{ids.county1, ids.county2} {
		st := staffing.DefaultSettings(county, year)
		inPost, err := s.DB.CountInPost(ctx, county)
		if err != nil {
			return err
		}
		schools, _, err := s.DB.FindSchools(ctx, org.SchoolFilter{CountyID: county, Within: app.Scope{All: true}})
		if err != nil {
			return err
		}
		sum := 0.0
		var weak *org.School
		for _, sc := range schools {
			n := 0
			if p := inPost[sc.ID]; p != nil {
				n = p.Total
			}
			demoPupils(sc, n, st)
			if err := s.DB.UpdateSchool(ctx, sc); err != nil {
				return err
			}
			if std := staffing.StandardOf(sc, st); std.Counted {
				sum += std.Value
				if weak == nil && sc.Weak {
					weak = sc
				}
			}
		}
		st.Total = int(sum * []float64{0.98, 1.03}[i])
		if _, err := s.Staffing.SaveSettings(ctx, *st); err != nil {
			return fmt.Errorf("demo staffing settings: %w", err)
		}
		a, err := s.Staffing.Compute(ctx, county, year, "按编制标准测算")
		if err != nil {
			return fmt.Errorf("demo staffing: %w", err)
		}
		if i == 0 && weak != nil {
			if a, err = demoAdjust(ctx, s, a, weak.ID); err != nil {
				return err
			}
		}
		if _, err := s.Staffing.File(ctx, a.ID); err != nil {
			return fmt.Errorf("demo staffing filing: %w", err)
		}
	}
	return loadDemoPosts(ctx, s, ids)
}

// demoAdjust gives a weak school two more, taken from the school with the
// largest figure, each with its reason.
func demoAdjust(ctx context.Context, s *Services, a *staffing.Allocation, weak int64) (*staffing.Allocation, error) {
	largest := slices.MaxFunc(a.Lines, func(x, y *staffing.Line) int { return x.Allocated - y.Allocated })
	to := a.Line(weak)
	if to == nil || largest.SchoolID == weak || largest.Allocated < 2 {
		return a, nil
	}
	adj := []staffing.Adjustment{
		{SchoolID: weak, Allocated: to.Allocated + 2, Reason: "薄弱学校开齐开足国家规定课程，增配音乐、美术教师"},
		{SchoolID: largest.SchoolID, Allocated: largest.Allocated - 2, Reason: "生源逐年减少，调出2名支持薄弱学校"},
	}
	out, err := s.Staffing.Adjust(ctx, a.ID, adj, "支持薄弱学校")
	if err != nil {
		return nil, fmt.Errorf("demo staffing adjustment: %w", err)
	}
	return out, nil
}

// loadDemoPosts sets the school admin's school's posts: one per titled
// established teacher of each grade, one 高级 more, and appoints them.
func loadDemoPosts(ctx context.Context, s *Services, ids *demoIDs) error {
	eds, _, err := s.DB.FindEducators(ctx, people.EducatorFilter{SchoolID: ids.school1, StaffStatus: people.StaffEstablished,
		Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	posts := map[string]int{staffing.GradeSenior: 1}
	var appoint []*people.Educator
	for _, e := range eds {
		if g := staffing.GradeOfTitle(e.Title); g != "" {
			posts[g]++
			appoint = append(appoint, e)
		}
	}
	for _, g := range staffing.Grades {
		if _, err := s.Staffing.SetPosts(ctx, ids.school1, g.Code, posts[g.Code]); err != nil {
			return fmt.Errorf("demo posts: %w", err)
		}
	}
	for _, e := range appoint {
		in := staffing.AppointInput{EducatorID: e.ID, Grade: staffing.GradeOfTitle(e.Title), Start: e.JoinedSchool}
		if _, err := s.Staffing.Appoint(ctx, in); err != nil {
			return fmt.Errorf("demo appointment of %s: %w", e.Name, err)
		}
	}
	return nil
}
