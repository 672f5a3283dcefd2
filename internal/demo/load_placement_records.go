package demo

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// loadDemoPlacementRecords gives participant1's placement in the city's
// principals programme (seed [001]) its first two weeks: the programme's
// built-in requirements, the personal plan, a log and observations every
// working day (two a day, one on two days), the host's sign-ins, a reading
// note and mentor1's comment on a log. Days after today are left out, so a
// demo loaded before the batch starts has none.
func loadDemoPlacementRecords(ctx context.Context, s *Services, ids *demoIDs) error {
	if s.Placement == nil {
		return nil
	}
	p, err := demoProgrammeByName(ctx, s, demoProgrammes[1].in.Name)
	if err != nil {
		return err
	}
	if _, err := s.Placement.ApplySet(ctx, p.ID, "001"); err != nil {
		return err
	}
	part, err := demoAccountActor(ctx, s, "participant1")
	if err != nil {
		return err
	}
	mentor, err := demoAccountActor(ctx, s, "mentor1")
	if err != nil {
		return err
	}
	pl, days, err := demoPlacementFirstDays(ctx, s, p.ID, ids.participant, app.DateOf(s.Clock.Now()))
	if err != nil {
		return err
	}
	if len(days) == 0 {
		return nil
	}
	if _, err := s.Placement.SavePlan(part, pl.ID, "一、研修目标：学习浦东学校的课程领导与教学管理。\n二、研修内容：跟岗校长室，每日听课两节，参加教研活动。\n三、成果：论文一篇、三年发展规划一份、专题调研报告一份。"); err != nil {
		return err
	}
	return demoPlacementDays(part, mentor, s, pl, days)
}

// demoPlacementFirstDays finds the educator's placement in the programme
// and its first working days up to today, ten at the most: the days the
// demo writes records and contacts on.
func demoPlacementFirstDays(ctx context.Context, s *Services, programmeID, educatorID int64, today app.Date) (*placement.Placement, []app.Date, error) {
	pl, _, _, err := s.Placement.FindByKey(ctx, programmeID, educatorID)
	if err != nil {
		return nil, nil, err
	}
	var days []app.Date
	for d := pl.BatchStart; len(days) < 10 && !d.After(today) && !d.After(pl.BatchEnd); d = addDays(d, 1) {
		if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	return pl, days, nil
}

// demoPlacementDays writes the logs, observations and sign-ins of days.
func demoPlacementDays(part, mentor context.Context, s *Services, pl *placement.Placement, days []app.Date) error {
	subjects := []string{"数学", "语文", "英语", "物理", "道德与法治"}
	var first *placement.Record
	for i, d := range days {
		log, err := s.Placement.AddLog(part, pl.ID, placement.LogInput{Date: d,
			Schedule:   fmt.Sprintf("上午随校长参加行政会、听课；下午参加%s教研组活动。", subjects[i%len(subjects)]),
			Reflection: "浦东学校的教研以问题为导向，值得带回本校。"})
		if err != nil {
			return err
		}
		if first == nil {
			first = log
		}
		n := 2
		if i == 2 || i == 6 {
			n = 1
		}
		for j := 0; j < n; j++ {
			in := placement.ObservationInput{Date: d, Period: fmt.Sprintf("第%d节", 2+j*2), Class: fmt.Sprintf("初%s（%d）班", []string{"一", "二"}[j], i%6+1),
				Subject: subjects[(i+j)%len(subjects)], Teacher: []string{"陈老师", "王老师", "李老师"}[(i+j)%3], Topic: "课堂观察",
				Notes: "导入简洁，小组合作充分。", Reflection: "可借鉴分层作业设计。"}
			if _, err := s.Placement.AddObservation(part, pl.ID, in); err != nil {
				return err
			}
		}
		if _, err := s.Placement.SignIn(mentor, pl.ID, d); err != nil {
			return err
		}
	}
	if _, err := s.Placement.AddDeliverable(part, pl.ID, placement.DeliverableInput{Type: "reading_note", Title: "《学校的课程领导》读书笔记",
		Body: "课程领导的核心是把国家课程校本化实施，而不是另起炉灶。"}); err != nil {
		return err
	}
	_, err := s.Placement.AddComment(mentor, pl.ID, first.ID, "反思很好，下周请结合本校情况写出改进设想。")
	return err
}

// demoAccountActor is a demo account's acting context with its educator.
func demoAccountActor(ctx context.Context, s *Services, username string) (context.Context, error) {
	u, err := s.DB.FindUserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return app.WithActor(ctx, &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants,
		EducatorID: u.EducatorID, CountyID: u.CountyID, SchoolID: u.SchoolID}), nil
}
