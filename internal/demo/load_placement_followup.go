package demo

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// loadDemoPlacementFollowup gives the first county's programme (seed
// [000], four batches in 2026) what follows the return: the report-back
// meeting of the fourth batch (ended 11 November) and, for the first batch
// (back since 15 April, so its 6-month follow-up fell on 15 October), the
// home school's review of one participant's progress while the organiser's
// review of it and both reviews of the others stay due, overdue on
// coordinator1's home page once the date has passed. Each step is taken by
// the account whose step it is: the organiser (coordinator1) and the
// county bureau over the home schools (county1).
func loadDemoPlacementFollowup(ctx context.Context, s *Services, ids *demoIDs) error {
	returns := placement.NewReturnService(s.DB, s.Placement, s.Programmes, s.Audit, s.Clock)
	as := func(username string) (context.Context, error) {
		u, err := s.DB.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, fmt.Errorf("demo follow-up: %s: %w", username, err)
		}
		return app.WithActor(ctx, &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants,
			EducatorID: u.EducatorID, CountyID: u.CountyID, SchoolID: u.SchoolID}), nil
	}
	organiser, err := as("coordinator1")
	if err != nil {
		return err
	}
	county, err := as("county1")
	if err != nil {
		return err
	}
	p, err := demoProgrammeByName(ctx, s, demoProgrammes[0].in.Name)
	if err != nil {
		return err
	}
	all, err := s.DB.FindPlacements(ctx, p.ID)
	if err != nil {
		return err
	}
	var first, last int64
	var firstEducator int64
	for _, pl := range all {
		switch {
		case pl.BatchName == "第一批" && firstEducator == 0:
			firstEducator = pl.EducatorID
			first = pl.BatchID
		case pl.BatchName == "第四批":
			last = pl.BatchID
		}
	}
	if first == 0 || last == 0 {
		return fmt.Errorf("demo follow-up: the programme %s has no first or fourth batch placed", p.Name)
	}
	if _, err := returns.ScheduleReportBack(organiser, p.ID, placement.ReportBackInput{BatchID: last, Date: app.NewDate(2026, 12, 18), Time: "14:30",
		Place: "区教师进修学校报告厅", Attendees: "第四批全体挂职人员、派出学校校长、接收学校分管领导",
		Note: "每人汇报10分钟，附挂职总结；请提前一天将汇报课件交教师进修学校培训部。"}); err != nil {
		return err
	}
	id, err := s.DB.PlacementID(ctx, p.ID, firstEducator)
	if err != nil {
		return err
	}
	v, err := returns.FollowUps(county, id)
	if err != nil {
		return err
	}
	six := v.Items[0]
	if returns.Today().Before(six.Opens) {
		return nil // the follow-up is not open yet on this date: it stays due
	}
	_, err = returns.Review(county, six.ID, placement.ReviewSchool, placement.ReviewInput{
		Review: "返岗后牵头修订了学校的教学常规管理制度，推行集体备课和推门听课，本学期数学组教研活动由每月一次改为每周一次，学生作业量明显下降。"})
	return err
}
