package training_test

import (
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestAssessment marks every kind of question, holds the time limit at its
// boundary (the deadline itself is in time, a second later is not) and
// allows retakes by the course's rule, on both databases.
func TestAssessment(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testAssessment(t, dialect) })
	}
}

func testAssessment(t *testing.T, dialect string) {
	f := newFixture(t, dialect)
	d := app.NewDate
	c := f.course("2026年新课程网络培训考核", d(2026, 9, 1), d(2026, 12, 31), func(in *training.CourseInput) {
		in.Mode, in.Assessment, in.PassMark, in.TimeLimitMinutes, in.PaperSize, in.MaxAttempts = training.ModeOnline, true, 60, 30, 4, 2
	})
	k := f.class(c, d(2026, 9, 1), d(2026, 12, 31))
	bank := []training.QuestionInput{
		{Kind: training.KindSingle, Stem: "新课程的核心是？", Options: []string{"分数", "学生发展", "升学率"}, Answer: "b", Points: 10},
		{Kind: training.KindMultiple, Stem: "校本培训的形式有？", Options: []string{"专题讲座", "打牌", "课题研究", "喝茶"}, Answer: "C,A", Points: 10},
		{Kind: training.KindTrueFalse, Stem: "班主任应持证上岗。", Answer: "对", Points: 10},
		{Kind: training.KindShort, Stem: "简述“四个一”培训活动。", Answer: "读一本书、上一节课……", Points: 10},
	}
	for _, q := range bank {
		must(f.svc.AddQuestion(f.hrK, c.ID, q))
	}
	if _, err := f.svc.AddQuestion(f.hrK, c.ID, training.QuestionInput{Kind: training.KindSingle, Stem: "两个答案的单选", Options: []string{"甲", "乙"}, Answer: "AB", Points: 5}); err == nil {
		t.Fatal("a single choice with two right answers was taken")
	}
	if _, err := f.svc.AddQuestion(f.school, c.ID, bank[0]); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("a school office wrote the question bank: %v", err)
	}
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[0].ID, ClassID: k.ID}))
	me := f.self[0]
	if _, err := f.svc.Start(f.self[1], c.ID); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("someone not enrolled started the assessment: %v", err)
	}
	// Attempt 1: answers handed in at the deadline itself.
	a := must(f.svc.Start(me, c.ID))
	if len(a.Items) != 4 || a.MaxScore != 40 {
		t.Fatalf("paper of %d questions worth %d, want 4 worth 40", len(a.Items), a.MaxScore)
	}
	for _, it := range a.Items {
		if it.Question.Answer != "" {
			t.Fatalf("an open paper shows its key: %+v", it.Question)
		}
	}
	if _, err := f.svc.Start(me, c.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a second attempt opened beside the first: %v", err)
	}
	answers := func(a *training.Attempt, byKind map[string]string) map[int]string {
		out := map[int]string{}
		for _, it := range a.Items {
			out[it.Position] = byKind[it.Question.Kind]
		}
		return out
	}
	f.clock.Advance(30 * time.Minute)
	got := must(f.svc.Submit(me, a.ID, answers(a, map[string]string{training.KindSingle: "B", training.KindMultiple: "A",
		training.KindTrueFalse: "T", training.KindShort: "读书、上课、写反思"})))
	// Single right 10, multiple half right 0, true right 10; the short answer waits.
	if got.Status != training.AttemptSubmitted || got.Score != 20 || got.Passed {
		t.Fatalf("after hand-in: %s %d/%d passed %v; want submitted 20/40, not passed", got.Status, got.Score, got.MaxScore, got.Passed)
	}
	if _, err := f.svc.Mark(me, a.ID, map[int]int{}); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("the taker marked their own paper: %v", err)
	}
	short := 0
	for _, it := range got.Items {
		if it.Question.Kind == training.KindShort {
			short = it.Position
		}
	}
	if _, err := f.svc.Mark(f.hrK, a.ID, map[int]int{short: 11}); err == nil {
		t.Fatal("11 of 10 points taken")
	}
	got = must(f.svc.Mark(f.hrK, a.ID, map[int]int{short: 3}))
	if got.Status != training.AttemptMarked || got.Score != 23 || got.Passed {
		t.Fatalf("marked: %s %d/%d passed %v; want 23/40, under 60%%", got.Status, got.Score, got.MaxScore, got.Passed)
	}
	// Attempt 2, the last the rule allows: one second late.
	b := must(f.svc.Start(me, c.ID))
	f.clock.Advance(30*time.Minute + time.Second)
	late, err := f.svc.Submit(me, b.ID, answers(b, map[string]string{training.KindSingle: "B", training.KindMultiple: "AC",
		training.KindTrueFalse: "对", training.KindShort: "x"}))
	if app.ErrorCode(err) != app.Conflict || late == nil || late.Status != training.AttemptExpired || late.Score != 0 {
		t.Fatalf("a late hand-in: %v, %+v; want a conflict and the attempt timed out with 0", err, late)
	}
	if _, err := f.svc.Start(me, c.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a third attempt where the rule allows two: %v", err)
	}
	// The marked paper shows its taker the marks, never the keys the bank
	// still uses; its organisers see both.
	seen, _, err := f.svc.Attempt(me, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range seen.Items {
		if it.Question.Answer != "" || it.Awarded == nil {
			t.Errorf("the taker's marked paper: key %q, mark %v", it.Question.Answer, it.Awarded)
		}
	}
	if full, _, err := f.svc.Attempt(f.hrK, a.ID); err != nil || full.Items[0].Question.Answer == "" {
		t.Errorf("the organiser's view of the paper lacks the keys: %v", err)
	}
	// Another taker answers every choice right and passes on the short answer's mark.
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[2].ID, ClassID: k.ID}))
	x := must(f.svc.Start(f.self[2], c.ID))
	got = must(f.svc.Submit(f.self[2], x.ID, answers(x, map[string]string{training.KindSingle: "b", training.KindMultiple: "ca",
		training.KindTrueFalse: "√", training.KindShort: "读一本书"})))
	if got.Score != 30 {
		t.Fatalf("all choices right: %d, want 30", got.Score)
	}
	for _, it := range got.Items {
		if it.Question.Kind == training.KindShort {
			short = it.Position
		}
	}
	got = must(f.svc.Mark(f.hrK, x.ID, map[int]int{short: 0}))
	if got.Score != 30 || !got.Passed {
		t.Fatalf("30/40 is 75%%: %d passed %v", got.Score, got.Passed)
	}
	if ok := must(f.db.HasPassed(f.hrK, got.EnrolmentID)); !ok {
		t.Fatal("the pass is not on the enrolment")
	}
}
