package training_test

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestUpdateCourse corrects a course on both databases; once a class is
// completed, its hours and completion rules stay, while a typo in the name
// is still corrected.
func TestUpdateCourse(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testUpdateCourse(t, dialect) })
	}
}

func testUpdateCourse(t *testing.T, dialect string) {
	f := newFixture(t, dialect)
	d := app.NewDate
	c := f.course("2026年班主仼培训", d(2026, 3, 1), d(2026, 6, 30), nil)
	k := f.class(c, d(2026, 3, 1), d(2026, 3, 31))
	in := training.InputOf(c)
	in.Name, in.Hours = "2026年班主任培训", 30
	if _, err := f.svc.UpdateCourse(f.hrL, c.ID, in); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("L edits K's course: %v", err)
	}
	got := must(f.svc.UpdateCourse(f.hrK, c.ID, in))
	if got.Name != in.Name || got.Hours != 30 || got.Kind != c.Kind {
		t.Fatalf("after the edit: %q, %d hours, kind %s", got.Name, got.Hours, got.Kind)
	}
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[0].ID, ClassID: k.ID}))
	must2(f.svc.CompleteClass(f.hrK, k.ID))
	for name, edit := range map[string]func(*training.CourseInput){
		"hours":      func(in *training.CourseInput) { in.Hours = 40 },
		"attendance": func(in *training.CourseInput) { in.MinAttendance = 50 },
		"assignment": func(in *training.CourseInput) { in.Assignments = 2 },
	} {
		in := training.InputOf(got)
		edit(&in)
		if _, err := f.svc.UpdateCourse(f.hrK, c.ID, in); app.ErrorCode(err) != app.Conflict {
			t.Fatalf("%s changed after a completion: %v", name, err)
		}
	}
	if now := must(f.svc.Course(f.hrK, c.ID)); now.Hours != 30 || now.MinAttendance != 0 {
		t.Fatalf("a refused edit changed the course: %d hours, %d%%", now.Hours, now.MinAttendance)
	}
	in = training.InputOf(got)
	in.Organiser = "甲县教育局"
	if now := must(f.svc.UpdateCourse(f.hrK, c.ID, in)); now.Organiser != "甲县教育局" || now.Hours != 30 {
		t.Fatalf("a plain correction after completion: %q, %d hours", now.Organiser, now.Hours)
	}
}

// TestWithdraw frees a place on both databases: the organiser withdraws one,
// a person themself another; nobody else may, and a completed enrolment stays.
func TestWithdraw(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testWithdraw(t, dialect) })
	}
}

func testWithdraw(t *testing.T, dialect string) {
	f := newFixture(t, dialect)
	d := app.NewDate
	c := f.course("2026年新教师培训", d(2026, 3, 1), d(2026, 6, 30), func(in *training.CourseInput) { in.Capacity = 2 })
	k := f.class(c, d(2026, 3, 1), d(2026, 3, 31))
	e0 := must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[0].ID, ClassID: k.ID}))
	e1 := must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[1].ID, ClassID: k.ID}))
	if _, err := f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[2].ID, ClassID: k.ID}); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a third on two places: %v", err)
	}
	if _, err := f.svc.Withdraw(f.self[2], e1.ID); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("one educator withdrew another: %v", err)
	}
	if _, err := f.svc.Withdraw(f.hrL, e1.ID); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("L withdrew K's enrolment: %v", err)
	}
	must(f.svc.Withdraw(f.self[1], e1.ID))
	must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: f.ek[2].ID, ClassID: k.ID}))
	if now := must(f.svc.Course(f.hrK, c.ID)); now.Enrolled != 2 {
		t.Fatalf("enrolled after a withdrawal and a new enrolment: %d, want 2", now.Enrolled)
	}
	must2(f.svc.CompleteClass(f.hrK, k.ID))
	if _, err := f.svc.Withdraw(f.hrK, e0.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a completed enrolment withdrawn: %v", err)
	}
	if list := must(f.svc.Enrolments(f.hrK, c, training.EnrolmentFilter{})); len(list) != 2 {
		t.Fatalf("%d enrolments after a refused withdrawal, want 2", len(list))
	}
}
