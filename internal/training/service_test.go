package training_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a city with counties K and L, a school in each, five
// educators in K and one in L, and the actors that act.
type fixture struct {
	t      *testing.T
	db     *store.DB
	svc    *training.Service
	clock  *app.FixedClock
	city   *org.City
	k, l   *org.County
	sk     *org.School
	ek     []*people.Educator
	el     *people.Educator
	hrK    context.Context
	hrL    context.Context
	school context.Context   // the office of K's school
	self   []context.Context // the accounts of ek[i]
}

func actor(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		Grants: u.Grants, EducatorID: u.EducatorID})
}

func newFixture(t *testing.T, dialect string) *fixture {
	clock := app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
	db := storetest.Open(t, dialect, clock)
	log := audit.NewLog(db, clock)
	progs := programme.NewService(db, log, clock)
	f := &fixture{t: t, db: db, clock: clock, svc: training.NewService(db, progs, log, clock)}
	f.city = storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, f.city, "甲县")
	f.l = storetest.MustCreateCounty(t, db, f.city, "乙县")
	f.sk = storetest.MustCreateSchool(t, db, f.k, "甲县实验小学")
	sl := storetest.MustCreateSchool(t, db, f.l, "乙县实验小学")
	for _, n := range []string{"张三", "李四", "王五", "赵六", "孙八"} {
		f.ek = append(f.ek, storetest.MustCreateEducator(t, db, f.sk, n))
	}
	f.el = storetest.MustCreateEducator(t, db, sl, "钱七")
	grant := func(role, kind string, id int64) app.Grant {
		return app.Grant{Role: role, ScopeKind: kind, ScopeID: id}
	}
	f.hrK = actor(t, db, storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: f.city.ID, CountyID: f.k.ID}, 0,
		grant(auth.RoleCountyHR, auth.ScopeCounty, f.k.ID)))
	f.hrL = actor(t, db, storetest.MustCreateUser(t, db, "hr-l", app.Place{CityID: f.city.ID, CountyID: f.l.ID}, 0,
		grant(auth.RoleCountyHR, auth.ScopeCounty, f.l.ID)))
	f.school = actor(t, db, storetest.MustCreateUser(t, db, "school-k", f.sk.Place(), 0, grant(auth.RoleSchoolAdmin, auth.ScopeSchool, f.sk.ID)))
	for i, e := range f.ek {
		u := storetest.MustCreateUser(t, db, "self-"+string(rune('a'+i)), f.sk.Place(), e.ID, grant(auth.RoleParticipant, auth.ScopeSchool, f.sk.ID))
		f.self = append(f.self, actor(t, db, u))
	}
	return f
}

// course publishes a course of K between start and end.
func (f *fixture) course(name string, start, end app.Date, edit func(*training.CourseInput)) *training.Course {
	f.t.Helper()
	in := training.CourseInput{Input: programme.Input{CountyID: f.k.ID, Details: programme.Details{Name: name,
		Organiser: "甲县教师进修学校", Start: start, End: end}},
		CourseTerms: training.CourseTerms{Audience: []string{"homeroom"}, Hours: 24, Mode: training.ModeFaceToFace, Capacity: 4, Enrolment: training.EnrolBoth}}
	if edit != nil {
		edit(&in)
	}
	c, err := f.svc.CreateCourse(f.hrK, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) class(c *training.Course, start, end app.Date) *training.Class {
	f.t.Helper()
	k, err := f.svc.AddClass(f.hrK, c.ID, training.ClassInput{Name: "第一期", Start: start, End: end})
	if err != nil {
		f.t.Fatal(err)
	}
	return k
}

// must returns v, or fails the test (by panicking, which the test
// reports with the stack) on an error: a call's two results pass straight in.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestCompletionAndHours runs one course from enrolment to completion on
// both databases and checks the hours, certificates, record and report
// against figures worked out by hand.
func TestCompletionAndHours(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testCompletionAndHours(t, dialect) })
	}
}

func testCompletionAndHours(t *testing.T, dialect string) {
	f := newFixture(t, dialect)
	d := app.NewDate
	// Course A (2026): 24 hours, 75% attendance, one assignment, a
	// certificate that qualifies homeroom teachers; four places.
	a := f.course("2026年班主任全员培训", d(2026, 3, 1), d(2026, 6, 30), func(in *training.CourseInput) {
		in.MinAttendance, in.Assignments, in.Certificate, in.Qualifies = 75, 1, true, training.RequirementHomeroom
	})
	k := f.class(a, d(2026, 3, 1), d(2026, 3, 31))
	var sessions []int64
	for i := range 4 {
		s := must(f.svc.AddSession(f.hrK, k.ID, d(2026, 3, 2+7*i), "班级管理专题"))
		sessions = append(sessions, s.ID)
	}
	ek := f.ek
	// ek0 by the bureau, ek1 by the school, ek2 applies and is approved, ek3 by the bureau.
	must(f.svc.Enrol(f.hrK, a.ID, training.EnrolInput{EducatorID: ek[0].ID, ClassID: k.ID}))
	must(f.svc.Enrol(f.school, a.ID, training.EnrolInput{EducatorID: ek[1].ID, ClassID: k.ID}))
	applied := must(f.svc.Enrol(f.self[2], a.ID, training.EnrolInput{EducatorID: ek[2].ID, ClassID: k.ID}))
	if applied.Status != training.StatusApplied {
		t.Fatalf("an application is %s, want applied", applied.Status)
	}
	if _, err := f.svc.Enrol(f.self[3], a.ID, training.EnrolInput{EducatorID: ek[2].ID, ClassID: k.ID}); err == nil {
		t.Fatal("one educator applied for another")
	}
	must(f.svc.Decide(f.hrK, applied.ID, true))
	must(f.svc.Enrol(f.hrK, a.ID, training.EnrolInput{EducatorID: ek[3].ID, ClassID: k.ID}))
	// Four places, four taken.
	if _, err := f.svc.Enrol(f.hrK, a.ID, training.EnrolInput{EducatorID: ek[4].ID, ClassID: k.ID}); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a fifth enrolment on four places: %v", err)
	}
	// Out of the unit, and out of sight.
	if _, err := f.svc.Enrol(f.hrK, a.ID, training.EnrolInput{EducatorID: f.el.ID, ClassID: k.ID}); err == nil {
		t.Fatal("an educator of L enrolled on K's course by K")
	}
	if _, err := f.svc.Course(f.hrL, a.ID); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("L reads K's course: %v", err)
	}
	// Attendance: ek0 4/4, ek1 3/4, ek2 3/4, ek3 1/4.
	present := [][]int64{{ek[0].ID, ek[1].ID, ek[2].ID, ek[3].ID}, {ek[0].ID, ek[1].ID, ek[2].ID}, {ek[0].ID, ek[1].ID}, {ek[0].ID, ek[2].ID}}
	for i, p := range present {
		if err := f.svc.SetAttendance(f.hrK, k.ID, sessions[i], p); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.svc.SetAttendance(f.school, k.ID, sessions[0], nil); err == nil {
		t.Fatal("a school office took the class's attendance")
	}
	list := must(f.svc.Enrolments(f.hrK, a, training.EnrolmentFilter{}))
	byEd := map[int64]*training.Enrolment{}
	for _, e := range list {
		byEd[e.EducatorID] = e
	}
	// Assignments: ek1 hands in none.
	for i, n := range []int{1, 0, 1, 1} {
		if _, err := f.svc.SetAssignments(f.hrK, byEd[ek[i].ID].ID, n); err != nil {
			t.Fatal(err)
		}
	}
	done, failed := 0, 0
	if done, failed = must2(f.svc.CompleteClass(f.hrK, k.ID)); done != 2 || failed != 2 {
		t.Fatalf("completion: %d done, %d failed; want 2 and 2 (ek1 lacks the assignment, ek3 attended 25%%)", done, failed)
	}
	list = must(f.svc.Enrolments(f.hrK, a, training.EnrolmentFilter{}))
	want := map[int64]string{ek[0].ID: training.StatusCompleted, ek[1].ID: training.StatusFailed, ek[2].ID: training.StatusCompleted,
		ek[3].ID: training.StatusFailed}
	for _, e := range list {
		if e.Status != want[e.EducatorID] {
			t.Errorf("%s: %s, want %s", e.Name, e.Status, want[e.EducatorID])
		}
	}
	if _, _, err := f.svc.CompleteClass(f.hrK, k.ID); app.ErrorCode(err) != app.Conflict {
		t.Fatalf("a class completed twice: %v", err)
	}
	// Course B (2025): 40 hours, no rules; ek0 completes.
	b := f.course("2025年新课程网络培训", d(2025, 7, 1), d(2025, 8, 31), func(in *training.CourseInput) { in.Hours = 40 })
	kb := f.class(b, d(2025, 7, 1), d(2025, 8, 31))
	must(f.svc.Enrol(f.hrK, b.ID, training.EnrolInput{EducatorID: ek[0].ID, ClassID: kb.ID}))
	must2(f.svc.CompleteClass(f.hrK, kb.ID))

	testRecordAndReport(t, f, a)
	testUnitSheet(t, f)
}

// testRecordAndReport reads the record, the gate and the report after
// testCompletionAndHours: ek0 earned 24 hours in 2026 and 40 in 2025.
func testRecordAndReport(t *testing.T, f *fixture, a *training.Course) {
	ek := f.ek
	// Cycles of 60 hours from 2022: 2022–2026 holds both courses.
	ctx := context.Background()
	if err := f.db.SetSetting(ctx, training.SettingCycleHours, "60"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetSetting(ctx, training.SettingCycleStart, "2022"); err != nil {
		t.Fatal(err)
	}
	r := must(f.svc.Record(f.self[0], ek[0]))
	if r.CycleHours != 64 || r.Cycle.From != 2022 || r.Cycle.To != 2026 || r.Cycle.Expected != 60 || r.Behind {
		t.Errorf("ek0's record: %d hours in %d–%d, expected %d, behind %v; want 64 in 2022–2026, expected 60, not behind",
			r.CycleHours, r.Cycle.From, r.Cycle.To, r.Cycle.Expected, r.Behind)
	}
	if len(r.Years) != 2 || r.Years[0] != (training.YearHours{Year: 2026, Hours: 24}) || r.Years[1] != (training.YearHours{Year: 2025, Hours: 40}) {
		t.Errorf("ek0's years: %+v", r.Years)
	}
	if len(r.Certificates) != 1 || r.Certificates[0].Hours != 24 || r.Certificates[0].Course != a.Name {
		t.Fatalf("ek0's certificates: %+v", r.Certificates)
	}
	if _, ok := training.NormalizeNumber(r.Certificates[0].Number); !ok {
		t.Errorf("certificate number %q is not well formed", r.Certificates[0].Number)
	}
	if _, err := f.svc.Record(f.self[1], ek[0]); app.ErrorCode(err) != app.NotFound {
		t.Errorf("one educator read another's record: %v", err)
	}
	// The gate reads completions of qualifying courses only.
	for i, want := range []bool{true, false, true, false} {
		if ok := must(f.svc.Qualified(ctx, ek[i].ID, training.RequirementHomeroom)); ok != want {
			t.Errorf("%s qualified as homeroom teacher: %v, want %v", ek[i].Name, ok, want)
		}
	}
	// The report: ek0 64, ek2 24, the others none; behind under 60.
	rep := must(f.svc.HoursReport(f.hrK, f.k.ID, 0, false))
	hours := map[int64]int{}
	for _, l := range rep.Lines {
		hours[l.EducatorID] = l.Hours
	}
	wantHours := map[int64]int{ek[0].ID: 64, ek[1].ID: 0, ek[2].ID: 24, ek[3].ID: 0, ek[4].ID: 0}
	if len(hours) != 5 || rep.Behind != 4 {
		t.Errorf("report: %d lines, %d behind; want 5 and 4", len(hours), rep.Behind)
	}
	for id, h := range wantHours {
		if hours[id] != h {
			t.Errorf("report: educator %d has %d hours, want %d", id, hours[id], h)
		}
	}
	if rep := must(f.svc.HoursReport(f.hrL, 0, 0, false)); len(rep.Lines) != 1 {
		t.Errorf("L's report holds %d lines, want its one educator", len(rep.Lines))
	}
}

// testUnitSheet scores K's school for 2026 after testCompletionAndHours:
// one of five people on track (40 × 1/5 = 8), two of four finished
// enrolments of 2026 completed (20 × 2/4 = 10), and the bureau's grades.
func testUnitSheet(t *testing.T, f *fixture) {
	if err := f.svc.Grade(f.hrK, f.sk.ID, 2026, "plan", 8); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Grade(f.hrK, f.sk.ID, 2026, "school_based", 12); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Grade(f.hrK, f.sk.ID, 2026, "plan", 11); app.ErrorCode(err) != app.Invalid {
		t.Errorf("11 of 10 points: %v", err)
	}
	if err := f.svc.Grade(f.hrK, f.sk.ID, 2026, training.ItemHours, 40); app.ErrorCode(err) != app.Invalid {
		t.Errorf("a computed item graded by hand: %v", err)
	}
	for _, who := range []context.Context{f.hrL, f.school} {
		if err := f.svc.Grade(who, f.sk.ID, 2026, "plan", 10); app.ErrorCode(err) != app.NotFound {
			t.Errorf("graded by someone who does not run K's training: %v", err)
		}
	}
	find := func(ctx context.Context, id int64) (*people.Educator, error) { return f.db.FindEducatorByID(ctx, id) }
	must(f.svc.Commend(f.hrK, training.CommendationInput{Year: 2026, Kind: training.CommendUnit, Title: "读教育名著、做智慧教师", SchoolID: f.sk.ID}, find))
	must(f.svc.Commend(f.hrK, training.CommendationInput{Year: 2026, Kind: training.CommendPerson, Title: "读教育名著、做智慧教师", EducatorID: f.ek[2].ID}, find))
	if _, err := f.svc.Commend(f.hrL, training.CommendationInput{Year: 2026, Kind: training.CommendPerson, Title: "先进", EducatorID: f.ek[2].ID}, find); err == nil {
		t.Error("L commended K's teacher")
	}
	_, sh := must2s(f.svc.SchoolSheet(f.school, f.sk.ID, 2026))
	want := map[string]int{training.ItemHours: 8, training.ItemCompletion: 10, "plan": 8, "school_based": 12, "funding": 0, "reading": 0}
	for _, sc := range sh.Scores {
		if sc.Points != want[sc.Code] {
			t.Errorf("%s: %d points, want %d", sc.Code, sc.Points, want[sc.Code])
		}
	}
	if sh.Total != 38 || sh.Educators != 5 || sh.OnTrack != 1 || sh.Completed != 2 || sh.Finished != 4 || len(sh.Commendations) != 2 {
		t.Errorf("sheet: %+v", sh)
	}
	if _, _, err := f.svc.SchoolSheet(f.hrL, f.sk.ID, 2026); app.ErrorCode(err) != app.NotFound {
		t.Errorf("L read K's school sheet: %v", err)
	}
	_, sheets, err := f.svc.UnitSheets(f.hrK, f.k.ID, 2026)
	if err != nil || len(sheets) != 1 || sheets[0].Total != 38 {
		t.Errorf("K's sheets: %v %v", sheets, err)
	}
	if r := must(f.svc.Record(f.hrK, f.ek[2])); len(r.Commendations) != 1 || r.Commendations[0].Kind != training.CommendPerson {
		t.Errorf("ek2's commendations: %+v", r.Commendations)
	}
}

func must2s[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func must2(a, b int, err error) (int, int) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// TestPrincipalGate: a principal appointed within three years is flagged
// until they complete a course that gives the principal's qualification;
// one of long standing is not; Qualified reads the same completions.
func TestPrincipalGate(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			f := newFixture(t, dialect)
			d := app.NewDate
			newHead := storetest.MustCreateEducator(t, f.db, f.sk, "周校长", func(e *people.Educator) {
				e.Post, e.PostSince = people.PostPrincipal, d(2025, 9, 1)
			})
			oldHead := storetest.MustCreateEducator(t, f.db, f.sk, "吴校长", func(e *people.Educator) {
				e.Post, e.PostSince = people.PostPrincipal, d(2015, 9, 1)
			})
			if r := must(f.svc.Record(f.hrK, newHead)); len(r.Flags) != 1 || r.Flags[0].Requirement != training.RequirementPrincipal ||
				r.Qualified[training.RequirementPrincipal] {
				t.Fatalf("a new principal without qualification: flags %+v, qualified %v", r.Flags, r.Qualified)
			}
			if r := must(f.svc.Record(f.hrK, oldHead)); len(r.Flags) != 0 {
				t.Errorf("a principal of eleven years flagged: %+v", r.Flags)
			}
			c := f.course("中小学校长任职资格培训", d(2026, 3, 1), d(2026, 6, 30), func(in *training.CourseInput) {
				in.Audience, in.Hours, in.Qualifies = []string{"new_principal"}, 300, training.RequirementPrincipal
			})
			k := f.class(c, d(2026, 3, 1), d(2026, 6, 30))
			must(f.svc.Enrol(f.hrK, c.ID, training.EnrolInput{EducatorID: newHead.ID, ClassID: k.ID}))
			must2(f.svc.CompleteClass(f.hrK, k.ID))
			if r := must(f.svc.Record(f.hrK, newHead)); len(r.Flags) != 0 || !r.Qualified[training.RequirementPrincipal] {
				t.Errorf("after qualification training: flags %+v, qualified %v", r.Flags, r.Qualified)
			}
			if ok := must(f.svc.Qualified(context.Background(), newHead.ID, training.RequirementPrincipal)); !ok {
				t.Error("Qualified does not see the completion")
			}
			if _, err := f.svc.Qualified(context.Background(), newHead.ID, "janitor"); app.ErrorCode(err) != app.Invalid {
				t.Errorf("an unknown requirement: %v", err)
			}
		})
	}
}
