package placement_test

import (
	"context"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func graded(grades ...string) []placement.ItemGrade {
	out := []placement.ItemGrade{}
	for i, g := range grades {
		out = append(out, placement.ItemGrade{Item: placement.Items[i].Code, Grade: g, Comment: "评语"})
	}
	return out
}

func completion(report string, score int, mentor, host []string) *placement.Completion {
	c := &placement.Completion{Report: report, Assessments: map[string]*placement.Assessment{}}
	if mentor != nil {
		c.Assessments[placement.AssessorMentor] = &placement.Assessment{Items: graded(mentor...)}
	}
	if host != nil {
		c.Assessments[placement.AssessorHost] = &placement.Assessment{Items: graded(host...)}
	}
	if score >= 0 {
		c.Assessments[placement.AssessorOrganiser] = &placement.Assessment{TaskScore: score, Grade: placement.TaskGrade(score)}
	}
	return c
}

// TestFinalResult: the programme's rules, case by case at their edges.
func TestFinalResult(t *testing.T) {
	const E, G, P, F = placement.GradeExcellent, placement.GradeGood, placement.GradePass, placement.GradeFail
	all := func(g string) []string { return []string{g, g, g} }
	cases := []struct {
		name string
		c    *placement.Completion
		want string
		miss string
	}{
		{"no report", completion("", 95, all(E), all(E)), "", "总结报告"},
		{"no host assessment", completion("报告", 95, all(E), nil), "", "接收学校考核"},
		{"no task assessment", completion("报告", -1, all(E), all(E)), "", "组织方任务考核"},
		{"all excellent", completion("报告", 90, all(E), all(E)), E, ""},
		{"score 89 is not excellent", completion("报告", 89, all(E), all(E)), P, ""},
		{"half excellent, rest good", completion("报告", 95, []string{E, E, E}, []string{G, G, G}), E, ""},
		{"two of six excellent", completion("报告", 95, []string{E, E, G}, []string{G, G, G}), P, ""},
		{"a pass item keeps it from excellent", completion("报告", 95, []string{E, E, E}, []string{E, E, P}), P, ""},
		{"one fail item fails", completion("报告", 95, []string{E, E, F}, all(E)), F, ""},
		{"score 59 fails", completion("报告", 59, all(E), all(E)), F, ""},
		{"score 60 passes", completion("报告", 60, all(P), all(P)), P, ""},
	}
	for _, tc := range cases {
		got, why, err := placement.FinalResult(tc.c)
		if tc.miss != "" {
			if app.ErrorCode(err) != app.Conflict || !strings.Contains(app.ErrorMessage(err, "zh"), tc.miss) {
				t.Errorf("%s: want a refusal naming %s, got %q %v", tc.name, tc.miss, got, err)
			}
			continue
		}
		if err != nil || got != tc.want || len(why) == 0 {
			t.Errorf("%s: got %q %v %v, want %q", tc.name, got, why, err, tc.want)
		}
	}
	for score, want := range map[int]string{100: E, 90: E, 89: G, 75: G, 74: P, 60: P, 59: F, 0: F} {
		if got := placement.TaskGrade(score); got != want {
			t.Errorf("TaskGrade(%d) = %s, want %s", score, got, want)
		}
	}
}

type fixedScore int

func (f fixedScore) TaskScore(context.Context, int64) (int, error) { return int(f), nil }

// TestCompletion: the report, the three assessments by those whose they
// are, the result by the rules, the archive row once, the report-back mark.
func TestCompletion(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		log := audit.NewLog(db, f.clock)
		svc := placement.NewCompletionService(db, programme.NewService(db, log, f.clock), log, f.clock)
		id := f.placeID
		_, err := svc.SubmitReport(f.part, id, placement.ReportInput{Report: "太短"})
		wantCode(t, err, app.Invalid, "总结报告应为200")
		report := strings.Repeat("挂职期间深入学习接收学校的管理经验。", 12)
		_, err = svc.SubmitReport(f.mentor, id, placement.ReportInput{Report: report})
		wantCode(t, err, app.Forbidden, "本人")
		if _, err := svc.SubmitReport(f.part, id, placement.ReportInput{Report: report}); err != nil {
			t.Fatal(err)
		}
		excellent := placement.AssessmentInput{Items: graded(placement.GradeExcellent, placement.GradeExcellent, placement.GradeGood), Comment: "表现突出"}
		_, err = svc.Assess(f.mentor, id, placement.AssessorMentor, placement.AssessmentInput{Items: graded(placement.GradeExcellent)})
		wantCode(t, err, app.Invalid, "敬业精神")
		_, err = svc.Assess(f.part, id, placement.AssessorMentor, excellent)
		wantCode(t, err, app.Forbidden)
		_, err = svc.Assess(f.other, id, placement.AssessorMentor, excellent)
		wantCode(t, err, app.NotFound)
		if _, err := svc.Assess(f.mentor, id, placement.AssessorMentor, excellent); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Assess(f.mentor, id, placement.AssessorHost, excellent)
		wantCode(t, err, app.Forbidden, "组织方录入")
		if _, err := svc.Assess(f.hr, id, placement.AssessorHost, excellent); err != nil {
			t.Fatal(err)
		}
		_, err = svc.Decide(f.hr, id, struct{}{})
		wantCode(t, err, app.Conflict, "组织方任务考核")
		// Without the progress of the requirements there is no task score.
		_, err = svc.AssessTasks(f.hr, id, placement.TasksInput{})
		wantCode(t, err, app.Conflict, "无法计算")
		svc.SetTaskScorer(fixedScore(93))
		v, err := svc.AssessTasks(f.hr, id, placement.TasksInput{Comment: "任务完成较好"})
		if err != nil || v.Assessments[placement.AssessorOrganiser].Grade != placement.GradeExcellent {
			t.Fatalf("tasks: %+v %v", v, err)
		}
		_, err = svc.MarkOutstanding(f.hr, id, placement.OutstandingInput{Outstanding: true})
		wantCode(t, err, app.Conflict, "优秀")
		if v, err = svc.Decide(f.hr, id, struct{}{}); err != nil || v.Result != placement.GradeExcellent {
			t.Fatalf("decided %+v %v", v, err)
		}
		_, err = svc.Decide(f.hr, id, struct{}{})
		wantCode(t, err, app.Conflict, "已评定")
		_, err = svc.Assess(f.mentor, id, placement.AssessorMentor, excellent)
		wantCode(t, err, app.Conflict, "不能再改")
		if v, err = svc.MarkOutstanding(f.hr, id, placement.OutstandingInput{Outstanding: true}); err != nil || !v.Outstanding {
			t.Fatalf("outstanding %+v %v", v, err)
		}
		career, err := db.FindCareer(context.Background(), f.pl.EducatorID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, k := range career {
			if k.Kind == people.CareerSecondment {
				n++
				if k.Start != isoDay("2026-10-10") || k.End != isoDay("2026-11-11") || !strings.Contains(k.Note, "济宁市实验中学") || !strings.Contains(k.Note, "优秀") {
					t.Errorf("the archive row %+v", k)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d secondment rows in the career history, want 1", n)
		}
	})
}
