package demo

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
)

// demoRecruits are the new teachers each county has recruited this year.
var demoRecruits = []struct{ name, subject, level, quals string }{
	{"高雅文", "语文", "primary", "本科 小学语文教师资格"},
	{"贺子涵", "数学", "primary", "本科 小学数学教师资格"},
	{"拓思远", "英语", "junior", "硕士 初中英语教师资格"},
	{"党欣然", "物理", "junior", "本科 初中物理教师资格"},
	{"惠嘉怡", "音乐", "primary", "本科 小学音乐教师资格"},
}

// loadDemoSupply leaves the teacher supply and support and the city's
// inspections in a state worth showing: each county's new recruits
// waiting to be placed (the first county with a proposal made), turnover
// flats at the first county's rural schools partly lived in by the teachers
// first on the priority list, allowances of the year, and the city's
// inspection of the first county with one finding closed and one open.
func loadDemoSupply(ctx context.Context, s *Services, ids *demoIDs) error {
	if s.Recruits == nil {
		return nil
	}
	today := app.DateOf(s.Clock.Now())
	for k, county := range []int64{ids.county1, ids.county2} {
		var ins []staffing.RecruitInput
		for i, r := range demoRecruits {
			first := fmt.Sprintf("610802%04d%02d%02d9%d%d", 2002, 3+k, 1+i, k, i)
			id := first + string(people.IDCheckChar(first))
			ins = append(ins, staffing.RecruitInput{CountyID: county, Name: r.name, IDNumber: id, Subject: r.subject, Level: r.level,
				Qualifications: r.quals})
		}
		if k == 1 {
			ins = ins[:3]
		}
		if _, err := s.Recruits.Import(ctx, county, ins); err != nil {
			return err
		}
	}
	if _, err := s.Recruits.Propose(ctx, ids.county1); err != nil {
		return err
	}
	if err := loadDemoHousing(ctx, s, ids, today); err != nil {
		return err
	}
	return loadDemoInspection(ctx, s, ids, today)
}

// loadDemoHousing builds two flats at each of the first county's schools
// where entitled teachers work (at most three schools) and moves the first
// of each school's list into one of them; it records their allowances.
func loadDemoHousing(ctx context.Context, s *Services, ids *demoIDs, today app.Date) error {
	list, err := s.Housing.Priority(ctx, ids.county1)
	if err != nil {
		return err
	}
	done := map[int64]bool{}
	var housed []*staffing.HousingCandidate
	for _, c := range list {
		if done[c.WorkSchoolID] || len(done) == 3 {
			continue
		}
		done[c.WorkSchoolID] = true
		var first *staffing.HousingUnit
		for _, name := range []string{"教师周转房1单元101", "教师周转房1单元102"} {
			u, err := s.Housing.Create(ctx, staffing.HousingInput{SchoolID: c.WorkSchoolID, Name: name, AreaM2: 45})
			if err != nil {
				return err
			}
			if first == nil {
				first = u
			}
		}
		if _, err := s.Housing.MoveIn(ctx, first.ID, staffing.MoveInInput{EducatorID: c.EducatorID, MoveIn: today.AddDays(-60)}); err != nil {
			return err
		}
		housed = append(housed, c)
	}
	year := today.Year
	for i, c := range housed {
		in := staffing.AllowanceInput{EducatorID: c.EducatorID, Kind: staffing.AllowanceTransport, Amount: 200, Payer: ids.countyName[ids.county1] + "教育局",
			Start: app.NewDate(year, time.January, 1), End: app.NewDate(year, time.June, 30), Note: "上半年交通补贴"}
		if i == 0 {
			in.Kind, in.Amount, in.Note = staffing.AllowanceAward, 1000, "交流轮岗工作表现突出"
		}
		if _, err := s.Allowances.Create(ctx, in); err != nil {
			return err
		}
	}
	return nil
}

// loadDemoInspection records the city's inspection of the first county a
// few weeks ago: one finding answered and closed, one still open and due
// within the inbox's lead time, so that county1 finds it there.
func loadDemoInspection(ctx context.Context, s *Services, ids *demoIDs, today app.Date) error {
	var checks []staffing.CheckEntry
	for i, item := range staffing.ChecklistItems {
		checks = append(checks, staffing.CheckEntry{Item: item.Code, Met: i != 3 && i != 7})
	}
	checks[3].Note = "骨干教师占交流总数不足30%"
	i, err := s.Inspections.Create(ctx, staffing.InspectionInput{CountyID: ids.county1, InspectedOn: today.AddDays(-21),
		Inspectors: "市教育局人事处、督导室", Checklist: checks, Grade: "good",
		Summary: "交流轮岗计划已分解到校到人，年度报送及时；骨干教师向农村学校流动不足，周转房建设滞后。",
		Findings: []staffing.FindingInput{
			{Finding: "骨干教师占交流人数比例低于30%，须补充选派骨干教师到农村、薄弱学校", Deadline: today.AddDays(25)},
			{Finding: "部分交流教师年度考核结果未装入本人档案", Deadline: today.AddDays(9)},
		}})
	if err != nil {
		return err
	}
	if _, err := s.Inspections.Answer(ctx, i.Findings[1].ID, staffing.AnswerInput{Answer: "已将2025—2026学年交流教师考核结果全部装入本人档案。"}); err != nil {
		return err
	}
	_, err = s.Inspections.Close(ctx, i.Findings[1].ID)
	return err
}
