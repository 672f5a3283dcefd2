package demo

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/pairing"
)

// The demo's pairing (结对帮扶, seed [002]): county2's kindergarten cycle,
// opened the school year before the current one and published then, with
// a year and more of activities recorded by both schools, the first year
// closed by each pair's self-review, the city's inspection of one pair,
// and one pair with no activity for two months (the inbox and the
// dashboard flag it). The consortia get their kind and district.

// demoPairActivities are the ledger entries a pair records in turn.
var demoPairActivities = []pairing.ActivityInput{
	{Kind: "observation", Title: "半日活动观摩", Hours: 4},
	{Kind: "send_teaching", Title: "送教下乡：绘本阅读活动", Hours: 6},
	{Kind: "training", Title: "保教常规专题培训", Hours: 8},
	{Kind: "shadowing", Title: "跟班学习一周", Hours: 20},
	{Kind: pairing.ActivityDonation, Title: "捐赠图书和玩教具", Items: "绘本、积木", Quantity: 300, ValueFen: 1200000},
	{Kind: "co_teaching", Title: "大班配班教学", Hours: 4},
	{Kind: "lecture", Title: "幼小衔接专题讲座", Hours: 3},
	{Kind: "works", Title: "幼儿美术作品交流展"},
}

func loadDemoPairing(ctx context.Context, s *Services, ids *demoIDs) error {
	if err := loadDemoConsortia(ctx, s); err != nil {
		return err
	}
	today := app.DateOf(s.Clock.Now())
	year := today.Year
	if today.Month < time.September {
		year--
	}
	start := sept1(year - 1)
	c, err := s.Pairing.OpenCycle(ctx, pairing.CycleInput{CountyID: ids.county2, Name: fmt.Sprintf("%d—%d学年幼儿园结对帮扶", year-1, year+1),
		SchoolKind: pairing.KindKindergarten, Start: start, Capacities: pairing.DefaultCapacities, IdleWeeks: 8})
	if err != nil {
		return fmt.Errorf("demo pairing cycle: %w", err)
	}
	if _, err := s.Pairing.ApplyProposal(ctx, c.ID, nil); err != nil {
		return fmt.Errorf("demo pairing proposal: %w", err)
	}
	if err := s.Pairing.Publish(ctx, c.ID); err != nil {
		return err
	}
	// Published when the cycle began, not on the day the demo loads.
	if c, err = s.Pairing.Cycle(ctx, c.ID); err != nil {
		return err
	}
	at := start.Time().Add(2 * time.Hour)
	c.PublishedAt = &at
	if err := s.DB.UpdatePairingCycle(ctx, c); err != nil {
		return err
	}
	for i, p := range c.Pairs {
		// The last pair went quiet two months ago.
		last := today.AddDays(-3)
		if i == len(c.Pairs)-1 {
			last = today.AddDays(-63)
		}
		if err := demoLedger(ctx, s, c, p, i, last); err != nil {
			return fmt.Errorf("demo pair %s—%s: %w", p.HelperName, p.HelpedName, err)
		}
	}
	if len(c.Pairs) > 0 {
		_, err = s.Pairing.Inspect(ctx, c.Pairs[0].ID, pairing.InspectionInput{InspectedOn: today.AddDays(-20), Grade: "good",
			Met: []string{"plan", "ledger", "frequency", "evidence"}, Findings: "帮扶计划明确，台账规范，送教活动扎实；建议加强成效总结。"})
	}
	return err
}

// demoLedger records a pair's activities about every five weeks from the
// cycle's start to last, closing the first year with its self-review.
func demoLedger(ctx context.Context, s *Services, c *pairing.Cycle, p *pairing.Pair, seq int, last app.Date) error {
	staff, err := s.DB.FindSchoolStaff(ctx, p.Schools())
	if err != nil {
		return err
	}
	var helper, helped []int64
	for _, st := range staff {
		if st.SchoolName == p.HelpedName {
			helped = append(helped, st.EducatorID)
		} else {
			helper = append(helper, st.EducatorID)
		}
	}
	goals := map[string]string{"conditions": "改善活动室和户外场地，补充图书玩具", "management": "建立一日生活常规管理制度",
		"teachers": "每学期送教、跟岗各两次", "development": "开展区域活动，促进幼儿全面发展"}
	for period := 1; period <= pairing.Periods; period++ {
		for area, g := range goals {
			if err := s.Pairing.SetGoal(ctx, p.ID, pairing.Goal{Period: period, Area: area, Goal: g}); err != nil {
				return err
			}
		}
	}
	secondYear := app.NewDate(c.Start.Year+1, c.Start.Month, c.Start.Day)
	reviewed := false
	var days []app.Date
	for d := c.Start.AddDays(10 + 3*seq); !last.Before(d); d = d.AddDays(35) {
		days = append(days, d)
	}
	if len(days) > 0 && days[len(days)-1] != last {
		days = append(days, last)
	}
	for k, d := range days {
		if !reviewed && !d.Before(secondYear) {
			if err := s.Pairing.SelfReview(ctx, p.ID, 1, "完成第一学年帮扶目标：送教、跟岗按计划开展，受援园保教常规明显改善。"); err != nil {
				return err
			}
			reviewed = true
		}
		in := demoPairActivities[(k+seq)%len(demoPairActivities)]
		in.HeldOn = d
		in.People = nil
		if in.Kind != pairing.ActivityDonation {
			if len(helper) > 0 {
				in.People = append(in.People, helper[k%len(helper)])
			}
			if len(helped) > 0 {
				in.People = append(in.People, helped[k%len(helped)])
			}
		}
		if _, err := s.Pairing.RecordActivity(ctx, p.ID, in); err != nil {
			return err
		}
	}
	return nil
}

// loadDemoConsortia gives the demo's consortia their kind (primary or
// middle, from the lead school) and their district or area.
func loadDemoConsortia(ctx context.Context, s *Services) error {
	list, err := s.DB.FindConsortiumList(ctx, nil, true)
	if err != nil {
		return err
	}
	for _, k := range list {
		k.Kind, k.Area = "primary", k.Name+"学区"
		if lead, err := s.DB.FindSchoolByID(ctx, k.LeadSchoolID); err == nil && lead.Level != "primary" && lead.Level != "kindergarten" {
			k.Kind, k.Area = "middle", k.Name+"片区"
		}
		if err := s.DB.UpdateConsortium(ctx, k); err != nil {
			return err
		}
	}
	return nil
}
