package demo

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// loadDemoPlacementContacts gives the placements their mentors' and
// coordinators' side (SPEC §4.4): mentor1's coaching sessions with
// participant1 (one answered with a follow-up) and an evaluation of the
// first weeks; the city's check-ins with participant1; participant1's
// group's activities, a past one with its attendance (one member absent)
// and the next one; and coordinator1's check-ins with two participants of
// the county's secondment, the others left not contacted. Days after today
// are left out, so a demo loaded before the batch starts has none of the
// placement's.
func loadDemoPlacementContacts(ctx context.Context, s *Services, ids *demoIDs) error {
	if s.Contacts == nil || s.Placement == nil {
		return nil
	}
	if err := demoCountyCheckIns(ctx, s); err != nil {
		return err
	}
	p, err := demoProgrammeByName(ctx, s, demoProgrammes[1].in.Name)
	if err != nil {
		return err
	}
	today := app.DateOf(s.Clock.Now())
	pl, days, err := demoPlacementFirstDays(ctx, s, p.ID, ids.participant, today)
	if err != nil {
		return err
	}
	if len(days) < 5 {
		return nil
	}
	actors := map[string]context.Context{}
	for _, name := range []string{"mentor1", "participant1", "city"} {
		if actors[name], err = demoAccountActor(ctx, s, name); err != nil {
			return err
		}
	}
	if err := demoMentoring(actors["mentor1"], actors["participant1"], s, pl, days); err != nil {
		return err
	}
	city := actors["city"]
	for i, in := range []placement.CheckInInput{
		{Date: days[2], Way: "phone", Notes: "了解到沪后的住宿和交通，已适应；提醒按时填写研修日志。"},
		{Date: days[len(days)-1], Way: "online", Notes: "线上座谈：跟岗校长室情况良好，论文选题已与导师商定。"},
	} {
		in.PlacementID = pl.ID
		if _, err := s.Contacts.AddCheckIn(city, p.ID, in); err != nil {
			return fmt.Errorf("demo check-in %d: %w", i, err)
		}
	}
	return demoGroupActivities(city, s, pl, days, today)
}

// demoMentoring writes mentor1's coaching sessions and evaluation.
func demoMentoring(mentor, part context.Context, s *Services, pl *placement.Placement, days []app.Date) error {
	first, err := s.Contacts.AddCoaching(mentor, pl.ID, placement.CoachingInput{Date: days[1], Form: "lesson", Topic: "听评课：初二数学《一次函数》",
		Content: "一起听课后评课：课堂提问层次不够，建议按基础、提高、拓展三层设问；下周请带回本校的一节课设计。"})
	if err != nil {
		return err
	}
	if _, err := s.Contacts.FollowUp(part, pl.ID, first.ID, placement.FollowUpInput{
		FollowUp: "按三层设问重新设计了本校初二数学的一节课，已发给导师。"}); err != nil {
		return err
	}
	if _, err := s.Contacts.AddCoaching(mentor, pl.ID, placement.CoachingInput{Date: days[4], Form: "individual", Topic: "学校三年发展规划的写法",
		Content: "从学校现状诊断入手，目标要可检验；规划初稿请在月底前完成。"}); err != nil {
		return err
	}
	_, err = s.Contacts.AddEvaluation(mentor, pl.ID, placement.EvaluationInput{Period: "第一阶段（前两周）", Grade: "good",
		Comment: "深入课堂，勤于反思，能主动参与校长室工作；今后应更多结合本校实际思考。"})
	return err
}

// demoGroupActivities schedules the group's exchange on a past day, with
// its attendance, and an expert lecture on the next weekday in the batch.
func demoGroupActivities(city context.Context, s *Services, pl *placement.Placement, days []app.Date, today app.Date) error {
	if pl.GroupID == 0 {
		return nil
	}
	past, err := s.Contacts.Schedule(city, pl.ProgrammeID, placement.GroupActivityInput{GroupID: pl.GroupID, ActivityPlan: placement.ActivityPlan{Date: days[3], Start: "13:30",
		End: "17:00", Place: "上海市进才中学", Kind: "exchange", Topic: "基地校交流：课程领导力建设"}})
	if err != nil {
		return err
	}
	var marks []placement.AttendanceMark
	for i, m := range past.Members {
		status := placement.AttendPresent
		if i == len(past.Members)-1 && m.EducatorID != pl.EducatorID {
			status = placement.AttendAbsent
		}
		marks = append(marks, placement.AttendanceMark{EducatorID: m.EducatorID, Status: status})
	}
	if len(marks) > 0 {
		if _, err := s.Contacts.RecordAttendance(city, past.ID, placement.AttendanceInput{Marks: marks}); err != nil {
			return err
		}
	}
	next := addDays(today, 1)
	for wd := next.Time().Weekday(); wd == time.Saturday || wd == time.Sunday; wd = next.Time().Weekday() {
		next = addDays(next, 1)
	}
	if next.After(pl.BatchEnd) {
		return nil
	}
	_, err = s.Contacts.Schedule(city, pl.ProgrammeID, placement.GroupActivityInput{GroupID: pl.GroupID, ActivityPlan: placement.ActivityPlan{Date: next, Start: "09:00",
		End: "11:30", Place: "浦东教育发展研究院报告厅", Kind: "lecture", Topic: "专家讲座：新课标下的教学评一致性"}})
	return err
}

// demoCountyCheckIns has coordinator1 record contacts with the first two
// participants of the county's secondment.
func demoCountyCheckIns(ctx context.Context, s *Services) error {
	p, err := demoProgrammeByName(ctx, s, demoProgrammes[0].in.Name)
	if err != nil {
		return err
	}
	coord, err := demoAccountActor(ctx, s, "coordinator1")
	if err != nil {
		return err
	}
	b, err := s.Contacts.Contacts(coord, p.ID, placement.DefaultContactDays)
	if err != nil {
		return err
	}
	day := minDate(app.DateOf(s.Clock.Now()), p.End)
	for i, row := range b.Rows[:min(2, len(b.Rows))] {
		if _, err := s.Contacts.AddCheckIn(coord, p.ID, placement.CheckInInput{PlacementID: row.PlacementID, Date: addDays(day, -7*i),
			Way: []string{"visit", "phone"}[i], Notes: "了解挂职进展，接收学校反映良好。"}); err != nil {
			return err
		}
	}
	return nil
}
