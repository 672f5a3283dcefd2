package staffing_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func cityOf(c *org.City) context.Context {
	return app.WithActor(context.Background(), &app.Actor{Username: "city", Grants: []app.Grant{{Role: auth.RoleCity,
		ScopeKind: auth.ScopeCity, ScopeID: c.ID, Place: app.Place{CityID: c.ID}}}})
}

func scoreOf(t *testing.T, svc *staffing.InspectionService, ctx context.Context, county int64) *staffing.CountyScore {
	t.Helper()
	as, err := svc.Assess(ctx, 2026)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range as.Counties {
		if c.County.ID == county {
			return c
		}
	}
	t.Fatalf("county %d is not assessed", county)
	return nil
}

// The county score is counted from the records each time: an inspection
// recorded, the city's weights changed and a return filed all move it.
func TestCountyScoreRecomputed(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 10, 15, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		city := storetest.MustCreateCity(t, db, "榆林市")
		k := storetest.MustCreateCounty(t, db, city, "甲县")
		sc := storetest.MustCreateSchool(t, db, k, "甲县实验小学")
		for _, n := range []string{"甲", "乙", "丙"} {
			storetest.MustCreateEducator(t, db, sc, n) // women of 41 with eleven years at the school: must rotate
		}
		log := audit.NewLog(db, clock)
		rot := rotation.NewService(db, log, clock)
		svc := staffing.NewInspectionService(db, rot, log, clock)
		ctx := cityOf(city)
		// Three must rotate, none did; the return is overdue; no exemption; no inspection yet (not counted):
		// quota 0×30, backbone 0×20, return 0×15, exemptions 100×15 over 80 = 18.75.
		s := scoreOf(t, svc, ctx, k.ID)
		if s.Total != 18.8 || s.Parts[4].Counted {
			t.Fatalf("before: %v %+v", s.Total, s.Parts)
		}
		// An inspection graded good (85) counts with its weight.
		i, err := svc.Create(ctx, staffing.InspectionInput{CountyID: k.ID, InspectedOn: app.NewDate(2026, 10, 10), Inspectors: "市教育局人事科",
			Grade: "good", Checklist: []staffing.CheckEntry{{Item: "plan", Met: true}},
			Findings: []staffing.FindingInput{{Finding: "骨干教师交流比例不足", Deadline: app.NewDate(2026, 12, 31)}}})
		if err != nil {
			t.Fatal(err)
		}
		if s = scoreOf(t, svc, ctx, k.ID); s.Total != 32 {
			t.Fatalf("after an inspection: %v %+v", s.Total, s.Parts)
		}
		// The city's weights: all on inspections.
		if _, err := svc.SetWeights(ctx, staffing.WeightsInput{CityID: city.ID, SchoolYear: 2026, Inspections: 100, ExemptionLimitPercent: 5}); err != nil {
			t.Fatal(err)
		}
		if s = scoreOf(t, svc, ctx, k.ID); s.Total != 85 {
			t.Fatalf("after the weights: %v %+v", s.Total, s.Parts)
		}
		if _, err := svc.SetWeights(ctx, staffing.WeightsInput{CityID: city.ID, SchoolYear: 2026, Quota: 50, Inspections: 40}); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("weights summing to 90: %v", err)
		}
		// The county files its return late: half the return's part.
		hr := hrOf(k)
		if _, err := svc.SetWeights(ctx, staffing.WeightsInput{CityID: city.ID, SchoolYear: 2026, ReturnOnTime: 100}); err != nil {
			t.Fatal(err)
		}
		if s = scoreOf(t, svc, ctx, k.ID); s.Total != 0 {
			t.Fatalf("an overdue return: %v", s.Total)
		}
		if _, err := rot.SubmitReturn(hr, k.ID, 2026, rotation.SubmitInput{}); err != nil {
			t.Fatal(err)
		}
		if s = scoreOf(t, svc, ctx, k.ID); s.Total != 50 {
			t.Fatalf("a late return: %v %+v", s.Total, s.Parts)
		}
		// The open finding is a deadline on the county until answered.
		due := func() int {
			ds, err := svc.Deadlines(context.Background(), app.NewDate(2026, 10, 1), app.NewDate(2027, 1, 31))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, d := range ds {
				if d.Due == app.NewDate(2026, 12, 31) && d.Act == auth.InspectionAnswer && d.Place.CountyID == k.ID {
					n++
				}
			}
			return n
		}
		if due() != 1 {
			t.Fatal("the open finding is not a deadline")
		}
		// The county answers the finding; the city closes it.
		if _, err := svc.Answer(hr, i.Findings[0].ID, staffing.AnswerInput{Answer: "已补充选派骨干教师2名"}); err != nil {
			t.Fatal(err)
		}
		if due() != 0 {
			t.Fatal("the answered finding is still a deadline")
		}
		if _, err := svc.Answer(ctx, i.Findings[0].ID, staffing.AnswerInput{Answer: "市局代答"}); app.ErrorCode(err) != app.Forbidden {
			t.Fatalf("the city answering for the county: %v", err)
		}
		got, err := svc.Close(ctx, i.Findings[0].ID)
		if err != nil || got.Findings[0].Status != staffing.FindingClosed {
			t.Fatalf("close: %v", err)
		}
	})
}
