package training_test

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestCorrectTimetable moves and deletes a class's sessions on both
// databases: only within the class's dates, never a session of another
// class, never one with attendance taken, nothing once the class is completed.
func TestCorrectTimetable(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testCorrectTimetable(t, dialect) })
	}
}

func testCorrectTimetable(t *testing.T, dialect string) {
	f := newFixture(t, dialect)
	d := app.NewDate
	c := f.course("2026年班主任培训", d(2026, 3, 1), d(2026, 6, 30), nil)
	k := f.class(c, d(2026, 3, 1), d(2026, 3, 31))
	other := must(f.svc.AddClass(f.hrK, c.ID, training.ClassInput{Name: "第二期", Start: d(2026, 4, 1), End: d(2026, 4, 30)}))
	s1 := must(f.svc.AddSession(f.hrK, k.ID, d(2026, 3, 2), "开班典礼"))
	s2 := must(f.svc.AddSession(f.hrK, k.ID, d(2026, 3, 9), "班级管理"))
	s3 := must(f.svc.AddSession(f.hrK, k.ID, d(2026, 3, 16), "家校沟通"))
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[0].ID, ClassID: k.ID}))

	if _, err := f.svc.UpdateSession(f.hrL, k.ID, s1.ID, d(2026, 3, 3), "开班典礼"); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("L moved K's session: %v", err)
	}
	if _, err := f.svc.UpdateSession(f.hrK, other.ID, s1.ID, d(2026, 4, 3), "开班典礼"); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("a session moved through another class: %v", err)
	}
	for _, day := range []app.Date{d(2026, 2, 28), d(2026, 4, 1), {}} {
		if _, err := f.svc.UpdateSession(f.hrK, k.ID, s1.ID, day, "开班典礼"); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("moved to %v, outside the class: %v", day, err)
		}
	}
	if _, err := f.svc.UpdateSession(f.hrK, k.ID, s1.ID, d(2026, 3, 3), " "); app.ErrorCode(err) != app.Invalid {
		t.Fatalf("an empty topic: %v", err)
	}
	got := must(f.svc.UpdateSession(f.hrK, k.ID, s1.ID, d(2026, 3, 31), " 开班典礼暨动员会 "))
	if got.Day != d(2026, 3, 31) || got.Topic != "开班典礼暨动员会" {
		t.Fatalf("moved: %v %q", got.Day, got.Topic)
	}

	must0(f.svc.SetAttendance(f.hrK, k.ID, s2.ID, []int64{f.ek[0].ID}))
	if err := f.svc.DeleteSession(f.hrK, k.ID, s2.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a session with attendance deleted: %v", err)
	}
	must0(f.svc.DeleteSession(f.hrK, k.ID, s3.ID))
	class, _ := must2s(f.svc.Class(f.hrK, k.ID))
	if n := len(class.Sessions); n != 2 || class.Sessions[0].ID != s2.ID || class.Sessions[1].ID != s1.ID {
		t.Fatalf("after the corrections the class has %d sessions: %+v", n, class.Sessions)
	}

	// Completed: the timetable decided the completion and stays.
	must2(f.svc.CompleteClass(f.hrK, k.ID))
	if _, err := f.svc.UpdateSession(f.hrK, k.ID, s1.ID, d(2026, 3, 30), "开班典礼"); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a completed class's session moved: %v", err)
	}
	if err := f.svc.DeleteSession(f.hrK, k.ID, s1.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a completed class's session deleted: %v", err)
	}
	if _, err := f.svc.AddSession(f.hrK, k.ID, d(2026, 3, 20), "补课"); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a session added to a completed class: %v", err)
	}
}

// TestCorrectQuestionBank corrects, deletes and retires questions on both
// databases: a question drawn into a paper no longer changes and is not
// deleted, only retired; retired questions are not drawn again, and the
// paper that holds one is marked as it was.
func TestCorrectQuestionBank(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testCorrectQuestionBank(t, dialect) })
	}
}

func testCorrectQuestionBank(t *testing.T, dialect string) {
	f := newFixture(t, dialect)
	d := app.NewDate
	c := f.course("2026年师德网络培训", d(2026, 9, 1), d(2026, 12, 31), func(in *training.CourseInput) {
		in.Mode, in.Assessment, in.PassMark, in.TimeLimitMinutes, in.PaperSize, in.MaxAttempts = training.ModeOnline, true, 60, 30, 1, 3
	})
	k := f.class(c, d(2026, 9, 1), d(2026, 12, 31))
	q1 := must(f.svc.AddQuestion(f.hrK, c.ID, training.QuestionInput{Kind: training.KindTrueFalse, Stem: "教师可以有偿补课。", Answer: "对", Points: 10}))
	q2 := must(f.svc.AddQuestion(f.hrK, c.ID, training.QuestionInput{Kind: training.KindShort, Stem: "简述师德规范。", Points: 10}))
	other := f.course("2026年班主任培训", d(2026, 9, 1), d(2026, 12, 31), nil)

	fixed := training.QuestionInput{Kind: training.KindTrueFalse, Stem: "教师不得有偿补课。", Answer: "对", Points: 10}
	if _, err := f.svc.UpdateQuestion(f.school, c.ID, q1.ID, fixed); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("a school office corrected the bank: %v", err)
	}
	if _, err := f.svc.UpdateQuestion(f.hrK, other.ID, q1.ID, fixed); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("a question corrected through another course: %v", err)
	}
	if _, err := f.svc.UpdateQuestion(f.hrK, c.ID, q1.ID, training.QuestionInput{Kind: training.KindTrueFalse, Stem: "教师不得有偿补课。", Answer: "也许", Points: 10}); app.ErrorCode(err) != app.Invalid {
		t.Fatalf("a true-or-false answer of 也许: %v", err)
	}
	got := must(f.svc.UpdateQuestion(f.hrK, c.ID, q1.ID, fixed))
	if got.Stem != fixed.Stem || got.Answer != "T" {
		t.Fatalf("corrected: %q %q", got.Stem, got.Answer)
	}

	// Retire the short answer: every paper draws the true-or-false one.
	if r := must(f.svc.RetireQuestion(f.hrK, c.ID, q2.ID, true)); !r.Retired {
		t.Fatal("not retired")
	}
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[0].ID, ClassID: k.ID}))
	me := f.self[0]
	a := must(f.svc.Start(me, c.ID))
	if len(a.Items) != 1 || a.Items[0].Question.ID != q1.ID {
		t.Fatalf("the paper drew %+v, want the one question still in use", a.Items[0].Question)
	}
	// Drawn: no longer corrected or deleted, only retired.
	if _, err := f.svc.UpdateQuestion(f.hrK, c.ID, q1.ID, fixed); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a drawn question corrected: %v", err)
	}
	if err := f.svc.DeleteQuestion(f.hrK, c.ID, q1.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a drawn question deleted: %v", err)
	}
	must(f.svc.RetireQuestion(f.hrK, c.ID, q1.ID, true))
	marked := must(f.svc.Submit(me, a.ID, map[int]string{1: "对"}))
	if marked.Score != 10 || !marked.Passed {
		t.Fatalf("the paper of a retired question: %d, passed %v", marked.Score, marked.Passed)
	}
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[1].ID, ClassID: k.ID}))
	if _, err := f.svc.Start(f.self[1], c.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a paper drawn from a bank all retired: %v", err)
	}
	// The unused one is deleted once restored or not.
	must(f.svc.RetireQuestion(f.hrK, c.ID, q2.ID, false))
	must0(f.svc.DeleteQuestion(f.hrK, c.ID, q2.ID))
	bank := must(f.svc.Questions(f.hrK, c))
	if len(bank) != 1 || bank[0].ID != q1.ID || !bank[0].Retired || bank[0].Drawn != 1 {
		t.Fatalf("the bank after: %+v", bank)
	}
}

func must0(err error) {
	if err != nil {
		panic(err)
	}
}
