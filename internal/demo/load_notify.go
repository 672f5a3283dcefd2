package demo

import (
	"context"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

// loadDemoNotify leaves work in county1's inbox: a deferral application
// of the first county waiting on its decision (the rotation demo decides
// the first county's and leaves the second's pending), and, through the
// deadline sweep, the annual return due on 30 September. Accounts with
// nothing to do (the mentor, the participant) get nothing.
func loadDemoNotify(ctx context.Context, s *Services, ids *demoIDs) error {
	rs := s.Rotation
	start, end := app.NewDate(2026, time.September, 1), app.NewDate(2027, time.August, 31)
	list, _, err := rs.FindEligible(ctx, rotation.EligibleFilter{AsOf: start, CountyID: ids.county1})
	if err != nil {
		return err
	}
	for i := len(list) - 1; i >= 0; i-- {
		e := list[i]
		if !e.Must || e.Exempt || e.RuleCodeOf() != rotation.RuleTeacher || e.EducatorID == ids.participant {
			continue
		}
		xs, _, err := rs.FindExchanges(ctx, rotation.ExchangeFilter{EducatorID: e.EducatorID, Open: true})
		if err != nil {
			return err
		}
		ms, _, err := rs.FindExemptions(ctx, rotation.ExemptionFilter{EducatorID: e.EducatorID})
		if err != nil {
			return err
		}
		if len(xs) > 0 || len(ms) > 0 {
			continue
		}
		if _, err := rs.ApplyExemption(ctx, rotation.ExemptionInput{EducatorID: e.EducatorID, Reason: "traditional_project",
			Detail: "学校足球传统项目领衔教师，本学年承担县级联赛组训", Evidence: "县教育局传统项目学校认定文件；近两年联赛成绩册",
			Start: start, End: end}); err != nil {
			return err
		}
		break
	}
	if s.Notify == nil {
		return nil
	}
	_, _, err = s.Notify.Sweep(ctx)
	return err
}
