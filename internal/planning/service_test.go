package planning_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is county K with schools of every kind, a neighbour county L,
// the teachers and principals the plans move, and actors of the roles.
type fixture struct {
	t      *testing.T
	db     *store.DB
	clock  *app.FixedClock
	rs     *rotation.Service
	svc    *planning.Service
	k, l   *org.County
	u1, u2 *org.School // urban primary schools
	r1     *org.School // rural primary, weak
	t1     *org.School // township primary
	j1     *org.School // urban junior
	v1     *org.School // rural village point
	h1     *org.School // senior high: not compulsory
	x1     *org.School // county L
	// Teachers by name.
	e map[string]*people.Educator
	// Actors.
	hr, hrL, city, school, host, other, self context.Context
}

func d(s string) app.Date {
	v, err := app.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// noQueue records runs without working them: tests call Solve themselves.
type noQueue struct{}

func (noQueue) Enqueue(context.Context, int64) error { return nil }

func as(userID int64, role, kind string, id int64, name string) context.Context {
	return app.WithActor(context.Background(), &app.Actor{UserID: userID, Username: name, DisplayName: name,
		Grants: []app.Grant{{Role: role, ScopeKind: kind, ScopeID: id}}})
}

func at(lon, lat float64) func(*org.School) {
	return func(s *org.School) { s.Longitude, s.Latitude = &lon, &lat }
}

func newFixture(t *testing.T, db *store.DB, today string) *fixture {
	clock := app.NewFixedClock(d(today).Time().Add(2 * time.Hour))
	f := &fixture{t: t, db: db, clock: clock, e: map[string]*people.Educator{}}
	log := audit.NewLog(db, clock)
	f.rs = rotation.NewService(db, log, clock)
	runs := jobs.NewService(db, noQueue{}, clock, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	f.svc = planning.NewService(db, f.rs, runs, log, clock)
	runs.Register(planning.RunSolve, f.svc.SolveHandler())
	city := storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, city, "甲县")
	f.l = storetest.MustCreateCounty(t, db, city, "乙县")
	f.u1 = storetest.MustCreateSchool(t, db, f.k, "甲县实验小学", at(104.50, 31.20))
	f.u2 = storetest.MustCreateSchool(t, db, f.k, "甲县第二小学", at(104.52, 31.20))
	f.r1 = storetest.MustCreateSchool(t, db, f.k, "甲县坝区小学", at(104.60, 31.15), func(s *org.School) { s.Location, s.Weak = "rural", true })
	f.t1 = storetest.MustCreateSchool(t, db, f.k, "甲县镇中心小学", at(104.55, 31.25), func(s *org.School) { s.Location = "township" })
	f.j1 = storetest.MustCreateSchool(t, db, f.k, "甲县第一初中", at(104.51, 31.21), func(s *org.School) { s.Level = "junior" })
	f.v1 = storetest.MustCreateSchool(t, db, f.k, "甲县村教学点", func(s *org.School) { s.Location, s.VillagePoint = "rural", true })
	f.h1 = storetest.MustCreateSchool(t, db, f.k, "甲县高级中学", at(104.5, 31.2), func(s *org.School) { s.Level = "senior" })
	f.x1 = storetest.MustCreateSchool(t, db, f.l, "乙县实验小学", at(105.0, 31.0))
	hr := storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: city.ID, CountyID: f.k.ID}, 0,
		app.Grant{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: f.k.ID})
	f.hr = as(hr.ID, auth.RoleCountyHR, auth.ScopeCounty, f.k.ID, "hr-k")
	f.hrL = as(hr.ID+1000, auth.RoleCountyHR, auth.ScopeCounty, f.l.ID, "hr-l")
	f.city = as(hr.ID+1001, auth.RoleCity, auth.ScopeCity, city.ID, "city")
	f.school = as(hr.ID+1002, auth.RoleSchoolAdmin, auth.ScopeSchool, f.u1.ID, "school-u1")
	f.host = as(hr.ID+1003, auth.RoleSchoolAdmin, auth.ScopeSchool, f.r1.ID, "school-r1")
	f.other = as(hr.ID+1004, auth.RoleSchoolAdmin, auth.ScopeSchool, f.x1.ID, "school-x1")

	must := func(e *people.Educator) { // male, born 1980, at the school since 2015: must rotate in 2027
		e.Gender, e.BirthDate, e.JoinedSchool, e.PostSince = people.GenderMale, d("1980-03-03"), d("2015-09-01"), d("2015-09-01")
	}
	recent := func(e *people.Educator) { e.JoinedSchool, e.PostSince = d("2024-09-01"), d("2024-09-01") }
	subject := func(s ...string) func(*people.Educator) { return func(e *people.Educator) { e.Subjects = s } }
	post := func(p string) func(*people.Educator) { return func(e *people.Educator) { e.Post = p } }
	add := func(sc *org.School, name string, edit ...func(*people.Educator)) {
		f.e[name] = storetest.MustCreateEducator(t, db, sc, name, edit...)
	}
	add(f.u1, "甲一", must, subject("数学"), func(e *people.Educator) { e.Backbone = "county_backbone" })
	add(f.u1, "甲二", must, subject("数学"))
	add(f.u1, "甲三", recent, subject("数学"))
	add(f.u1, "甲四", must, subject("语文"))
	add(f.u1, "甲五", must, subject("语文", "数学"))
	add(f.u1, "甲校长", must, post(people.PostPrincipal), func(e *people.Educator) { e.BirthDate = d("1975-05-05") })
	add(f.u2, "乙一", must, subject("数学"))
	add(f.u2, "乙二", recent, subject("数学"))
	add(f.u2, "乙三", must, subject("数学"))
	add(f.u2, "乙校长", must, post(people.PostPrincipal), func(e *people.Educator) { e.PostSince = d("2016-09-01") })
	add(f.r1, "丙一", recent, subject("数学"))
	add(f.r1, "丙二", must, subject("语文"))
	add(f.r1, "丙校长", must, post(people.PostPrincipal), func(e *people.Educator) { e.PostSince = d("2010-09-01") })
	add(f.r1, "丙副校长", must, post(people.PostVicePrincipal))
	add(f.t1, "丁一", must, subject("数学"))
	add(f.t1, "丁二", recent, subject("语文"))
	add(f.t1, "丁三", recent, subject("数学"))
	add(f.t1, "丁校长", must, post(people.PostPrincipal))
	add(f.j1, "戊一", must, subject("数学"))
	add(f.v1, "己一", must, subject("数学"))
	add(f.h1, "庚一", must, subject("数学"))
	add(f.x1, "辛一", must, subject("数学"))
	add(f.u2, "子一", must, subject("数学"))
	f.self = app.WithActor(context.Background(), &app.Actor{UserID: hr.ID + 1005, Username: "self", EducatorID: f.e["甲二"].ID,
		Grants: []app.Grant{{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: f.u1.ID}}})

	// 子一 has been on an exchange at 丙 (r1) since 2025: they teach there.
	x, err := f.rs.CreateExchange(f.hr, rotation.ExchangeInput{EducatorID: f.e["子一"].ID, Form: rotation.FormSupport, HostSchoolID: f.r1.ID,
		Start: d("2025-09-01"), PlannedEnd: d("2028-08-31")})
	f.must(err)
	_, err = f.rs.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: rotation.StatusAnnounced, Date: d("2025-08-20")})
	f.must(err)
	_, err = f.rs.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: rotation.StatusActive, Date: d("2025-09-01")})
	f.must(err)
	// 甲四 is deferred for 2027.
	m, err := f.rs.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: f.e["甲四"].ID, Reason: "featured_course", Detail: "书法特色课程领衔教师",
		Evidence: "认定文件", Start: d("2027-09-01"), End: d("2028-08-31")})
	f.must(err)
	_, err = f.rs.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: true, Note: "同意"})
	f.must(err)
	return f
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) key(name string) string { return planning.TeacherKey(f.e[name].ID) }

func wantErr(t *testing.T, err error, c app.Code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s error %q, got none", c, msg)
	}
	if app.ErrorCode(err) != c || !strings.Contains(app.ErrorMessage(err, "zh"), msg) {
		t.Fatalf("want %s %q, got %s %q (%v)", c, msg, app.ErrorCode(err), app.ErrorMessage(err, "zh"), err)
	}
}

func teacherOf(in *plan.Instance, key string) *plan.Teacher {
	for i := range in.Teachers {
		if in.Teachers[i].ID == key {
			return &in.Teachers[i]
		}
	}
	return nil
}

func staffingOf(in *plan.Instance, school, subject string) *plan.Staffing {
	for i := range in.Staffing {
		if in.Staffing[i].School == school && in.Staffing[i].Subject == subject {
			return &in.Staffing[i]
		}
	}
	return nil
}

// TestBuildInstance checks the instance built from the registry: schools,
// where everyone teaches, candidates, priorities and wishes, staffing
// defaults and edits, the target from the quota.
func TestBuildInstance(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		vol, score, last := true, 80.0, true
		prefs := []int64{f.r1.ID, f.t1.ID, f.r1.ID}
		// A duplicate wish is refused, changing nothing.
		_, err := f.svc.SaveInput(f.self, f.e["甲二"].ID, planning.InputUpdate{SchoolYear: 2027, Volunteer: &vol, Prefs: &prefs})
		wantErr(t, err, app.Invalid, "志愿学校「甲县坝区小学」重复")
		prefs = prefs[:2]
		// The teacher enters their wishes, not their score.
		_, err = f.svc.SaveInput(f.self, f.e["甲二"].ID, planning.InputUpdate{SchoolYear: 2027, Score: &score})
		wantErr(t, err, app.Forbidden, "量化打分和末位调岗由区县人事科填写")
		if _, err := f.svc.SaveInput(f.self, f.e["甲二"].ID, planning.InputUpdate{SchoolYear: 2027, Volunteer: &vol, Prefs: &prefs}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SaveInput(f.hr, f.e["甲二"].ID, planning.InputUpdate{SchoolYear: 2027, Score: &score}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SaveInput(f.hr, f.e["乙一"].ID, planning.InputUpdate{SchoolYear: 2027, LastRanked: &last}); err != nil {
			t.Fatal(err)
		}
		other := []int64{f.x1.ID}
		_, err = f.svc.SaveInput(f.hr, f.e["乙一"].ID, planning.InputUpdate{SchoolYear: 2027, Prefs: &other})
		wantErr(t, err, app.Invalid, "不是本区县的其他义务教育学校")
		// Others' teachers are out of reach.
		_, err = f.svc.SaveInput(f.school, f.e["乙一"].ID, planning.InputUpdate{SchoolYear: 2027, Volunteer: &vol})
		wantErr(t, err, app.NotFound, "未找到")
		// An edited staffing bound replaces the default.
		if _, err := f.svc.SaveStaffing(f.hr, planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: f.r1.ID,
			SchoolYear: 2027, Mode: planning.ModeTeacher, Subject: "语文", Min: 2, Max: 3}}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SaveStaffing(f.hr, planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: f.r1.ID,
			SchoolYear: 2027, Mode: planning.ModeTeacher, Subject: "语文", Min: 3, Max: 2}})
		wantErr(t, err, app.Invalid, "下限 ≤ 上限")
		_, err = f.svc.SaveStaffing(f.school, planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: f.u1.ID,
			SchoolYear: 2027, Mode: planning.ModeTeacher, Subject: "语文", Min: 1, Max: 2}})
		wantErr(t, err, app.Forbidden, "")

		in, facts, err := f.svc.BuildInstance(f.hr, f.k.ID, 2027, planning.ModeTeacher, planning.DefaultSettings(planning.ModeTeacher))
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, s := range in.Schools {
			codes = append(codes, s.ID)
		}
		if want := []string{f.u1.Code, f.u2.Code, f.r1.Code, f.t1.Code, f.j1.Code, f.v1.Code}; !slices.Equal(codes, want) {
			t.Fatalf("schools %v, want %v (the senior high and county L left out)", codes, want)
		}
		r1 := in.Schools[2]
		if !r1.Rural || !r1.Weak || in.Schools[3].Rural != true || in.Schools[0].Rural {
			t.Fatalf("rural and weak flags: %+v", in.Schools)
		}
		// 0.1° of longitude at 31.2° N is about 9.5 km.
		if dx := in.Schools[1].XKm - in.Schools[0].XKm; dx < 1.85 || dx > 1.95 {
			t.Fatalf("u1 to u2 is %.3f km east, want about 1.9", dx)
		}
		if len(facts.Warnings) != 1 || !strings.Contains(facts.Warnings[0], "甲县村教学点") {
			t.Fatalf("warnings %v: the village point has no coordinates", facts.Warnings)
		}
		// Candidates: who must rotate, not deferred, not on an exchange,
		// not principals (a teacher plan), at listed schools.
		var cands []string
		for _, tch := range in.Teachers {
			if tch.Candidate {
				cands = append(cands, facts.Teachers[tch.ID].Name)
			}
		}
		slices.Sort(cands)
		if want := []string{"丁一", "丙二", "乙一", "乙三", "己一", "戊一", "甲一", "甲二", "甲五"}; !slices.Equal(cands, want) {
			t.Fatalf("candidates %v, want %v", cands, want)
		}
		if facts.Base != 10 || facts.Exempt != 1 || facts.Candidates != 9 {
			t.Fatalf("base %d exempt %d candidates %d, want 10, 1, 9", facts.Base, facts.Exempt, facts.Candidates)
		}
		// 子一 teaches at r1 during the year; 甲五 teaches their first subject.
		if z := teacherOf(in, f.key("子一")); z == nil || z.School != f.r1.Code || z.Candidate {
			t.Fatalf("子一 on exchange: %+v", z)
		}
		if a5 := teacherOf(in, f.key("甲五")); a5.Subject != "小学语文" {
			t.Fatalf("甲五 teaches %q, want 小学语文", a5.Subject)
		}
		if e1 := teacherOf(in, f.key("戊一")); e1.Subject != "初中数学" {
			t.Fatalf("戊一 teaches %q, want 初中数学", e1.Subject)
		}
		if teacherOf(in, f.key("甲校长")) != nil || teacherOf(in, f.key("庚一")) != nil || teacherOf(in, f.key("辛一")) != nil {
			t.Fatal("principals, senior high and other counties' teachers are not in a teacher plan")
		}
		// Priorities: tenure 12 years; 甲二 volunteers (+10) with 80 points (+8); 乙一 is 末位调岗 (+5).
		a2 := teacherOf(in, f.key("甲二"))
		if a2.Priority != 30 || !slices.Equal(a2.Prefs, []string{f.r1.Code, f.t1.Code}) {
			t.Fatalf("甲二: %+v", a2)
		}
		if b1 := teacherOf(in, f.key("乙一")); b1.Priority != 17 {
			t.Fatalf("乙一 priority %v, want 17", b1.Priority)
		}
		if a1 := teacherOf(in, f.key("甲一")); a1.Priority != 12 || !a1.Backbone {
			t.Fatalf("甲一: %+v", a1)
		}
		// Staffing: u1 has 3 math teachers (2 to 4); r1 has 2 (丙一 and 子一);
		// r1's Chinese is edited to 2–3.
		if s := staffingOf(in, f.u1.Code, "小学数学"); s == nil || s.Min != 2 || s.Max != 4 {
			t.Fatalf("u1 math staffing %+v", s)
		}
		if s := staffingOf(in, f.r1.Code, "小学数学"); s == nil || s.Min != 1 || s.Max != 3 {
			t.Fatalf("r1 math staffing %+v", s)
		}
		if s := staffingOf(in, f.r1.Code, "小学语文"); s == nil || s.Min != 2 || s.Max != 3 {
			t.Fatalf("r1 Chinese staffing %+v, want the edited 2–3", s)
		}
		// The quota: 8 % (the first year) of 10 is 1; backbone 30 % of 1 is 1.
		if in.Policy.Target != 1 || in.Policy.MinBackbone != 1 || facts.QuotaTarget != 1 || in.Policy.MaxDistanceKm != 20 || !in.Policy.BackboneToRuralOrWeak {
			t.Fatalf("policy %+v, quota target %d", in.Policy, facts.QuotaTarget)
		}
		// The same registry gives the same file.
		in2, _, err := f.svc.BuildInstance(f.hr, f.k.ID, 2027, planning.ModeTeacher, planning.DefaultSettings(planning.ModeTeacher))
		if err != nil {
			t.Fatal(err)
		}
		var b1, b2 bytes.Buffer
		plan.WriteInstance(&b1, in)
		plan.WriteInstance(&b2, in2)
		if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Fatal("two builds of the same registry differ")
		}
		// Access: other counties and schools cannot build it.
		if _, _, err := f.svc.BuildInstance(f.hrL, f.k.ID, 2027, planning.ModeTeacher, planning.DefaultSettings(planning.ModeTeacher)); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("county L's HR built K's instance: %v", err)
		}
		if _, _, err := f.svc.BuildInstance(f.city, f.k.ID, 2027, planning.ModeTeacher, planning.DefaultSettings(planning.ModeTeacher)); app.ErrorCode(err) != app.Forbidden {
			t.Fatalf("the city built K's instance: %v", err)
		}
		// The list of inputs shows who must rotate with what they entered.
		lines, total, err := f.svc.FindInputs(f.hr, planning.InputFilter{CountyID: f.k.ID, Year: 2027})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range lines {
			if l.EducatorID == f.e["甲二"].ID {
				found = l.Input != nil && l.Input.Volunteer && slices.Equal(l.Prefs, []string{"甲县坝区小学", "甲县镇中心小学"})
			}
		}
		if !found || total < 10 {
			t.Fatalf("inputs list (%d): %+v", total, lines)
		}
	})
}

// solved creates a plan with the settings and solves it as its run would.
func (f *fixture) solved(ctx context.Context, mode planning.Mode, edit func(*planning.Settings)) *planning.Plan {
	f.t.Helper()
	s := planning.DefaultSettings(mode)
	if edit != nil {
		edit(&s)
	}
	p, err := f.svc.CreatePlan(ctx, planning.PlanInput{CountyID: f.k.ID, SchoolYear: 2027, Mode: mode, Settings: &s})
	f.must(err)
	if !p.Solving() || p.RunID == 0 {
		f.t.Fatalf("a new plan is queued for solving: %+v", p)
	}
	return f.solve(ctx, p.ID)
}

// solve works the plan's queued run.
func (f *fixture) solve(ctx context.Context, id int64) *planning.Plan {
	f.t.Helper()
	p, err := f.svc.FindPlan(ctx, id)
	f.must(err)
	if _, err := f.svc.Solve(ctx, id, p.RunID, nil); err != nil {
		f.t.Fatalf("solve: %v", err)
	}
	p, err = f.svc.FindPlan(ctx, id)
	f.must(err)
	return p
}

func three(s *planning.Settings) { n := 3; s.Target, s.MaxOutShare = &n, 0 }

// reproduce solves the plan's instance file with its last solve's edits,
// as `jiaoliu plan solve --edits` does, and compares the plan files.
func reproduce(t *testing.T, p *planning.Plan) {
	t.Helper()
	in, err := plan.ReadInstance(bytes.NewReader(p.Instance))
	if err != nil {
		t.Fatal(err)
	}
	again, err := plan.Solve(context.Background(), in, plan.Options{Pins: p.SolvedPins, Forbids: p.SolvedForbids})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	plan.WritePlan(&b, again)
	if !bytes.Equal(b.Bytes(), p.Solved) {
		t.Fatalf("the instance file does not reproduce the plan:\n%s\nvs stored\n%s", b.Bytes(), p.Solved)
	}
}

func movesOf(p *planning.Plan) map[string]string {
	out := map[string]string{}
	for _, m := range p.Moves {
		out[m.Teacher] = m.To
	}
	return out
}

func TestPlanLife(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		// r1 needs a second Chinese teacher: only 甲五 can be it.
		if _, err := f.svc.SaveStaffing(f.hr, planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: f.r1.ID,
			SchoolYear: 2027, Mode: planning.ModeTeacher, Subject: "语文", Min: 2, Max: 3}}); err != nil {
			t.Fatal(err)
		}
		// Bad input and the wrong people make nothing.
		bad := planning.DefaultSettings(planning.ModeTeacher)
		bad.MaxOutShare, bad.Form = 2, "township_support"
		_, err := f.svc.CreatePlan(f.hr, planning.PlanInput{CountyID: f.k.ID, SchoolYear: 2027, Mode: planning.ModeTeacher, Settings: &bad})
		wantErr(t, err, app.Invalid, "每校调出比例上限应在0至1之间；请选择交流形式")
		_, err = f.svc.CreatePlan(f.city, planning.PlanInput{CountyID: f.k.ID, SchoolYear: 2027, Mode: planning.ModeTeacher})
		wantErr(t, err, app.Forbidden, "")
		_, err = f.svc.CreatePlan(f.hrL, planning.PlanInput{CountyID: f.k.ID, SchoolYear: 2027, Mode: planning.ModeTeacher})
		wantErr(t, err, app.Invalid, "未找到区县")
		if ps, _, _ := f.svc.FindPlans(f.hr, planning.PlanFilter{}); len(ps) != 0 {
			t.Fatalf("refused creations made plans: %d", len(ps))
		}

		p := f.solved(f.hr, planning.ModeTeacher, three)
		if p.Result.Status != plan.StatusOptimal || len(p.Moves) != 3 || p.Edited || p.RootBound < p.Result.Objective {
			t.Fatalf("solved: %+v", p.Result)
		}
		if movesOf(p)[f.key("甲五")] != f.r1.Code {
			t.Fatalf("甲五 must fill r1's Chinese: %v", movesOf(p))
		}
		reproduce(t, p)
		v, err := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Violations) != 0 || !v.CanApprove || v.Summary.Moves != 3 || v.Summary.Backbone < 1 || v.Summary.Gap > 1e-6 || !v.Summary.QuotaMet {
			t.Fatalf("view: %+v violations %+v", v.Summary, v.Violations)
		}
		for _, m := range v.Moves {
			if m.Name == "" || m.Reason == "" || m.HostMax == 0 || m.Priority <= 0 {
				t.Fatalf("move unexplained: %+v", m)
			}
		}
		// The city reads the plan but may not edit it; county L and the
		// schools do not see a draft.
		if _, err := f.svc.FindView(f.city, p.ID, planning.MoveFilter{}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Edit(f.city, p.ID, planning.EditInput{Kind: planning.EditRemove, Teacher: f.key("甲五")})
		wantErr(t, err, app.Forbidden, "")
		for _, ctx := range []context.Context{f.hrL, f.school, f.self} {
			if _, err := f.svc.FindView(ctx, p.ID, planning.MoveFilter{}); app.ErrorCode(err) != app.NotFound {
				t.Fatalf("a draft was shown outside the county: %v", err)
			}
		}

		// Remove 甲五: two rules break, and the plan cannot be approved.
		p, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditRemove, Teacher: "甲五"})
		if err != nil {
			t.Fatal(err)
		}
		v, _ = f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		var codes []string
		for _, vl := range v.Violations {
			codes = append(codes, vl.Code)
		}
		slices.Sort(codes)
		if !slices.Equal(codes, []string{plan.CodeStaffingMin, plan.CodeTarget}) || !p.Edited || v.CanApprove {
			t.Fatalf("after removing 甲五: %v edited=%v", codes, p.Edited)
		}
		if !strings.Contains(v.Violations[0].Zh+v.Violations[1].Zh, "甲县坝区小学") {
			t.Fatalf("violations name schools by name: %+v", v.Violations)
		}
		_, err = f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 5})
		wantErr(t, err, app.Conflict, "不符合规则，不能批准")
		// Re-optimising around the removal finds no plan, and says why.
		if _, err := f.svc.Reoptimise(f.hr, p.ID); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditUnforbid, Teacher: f.key("甲五")})
		wantErr(t, err, app.Conflict, "正在生成")
		p = f.solve(f.hr, p.ID)
		if p.Result.Status != plan.StatusInfeasible || len(p.Result.Reasons) == 0 || len(p.Moves) != 2 {
			t.Fatalf("infeasible re-optimisation: %+v, %d moves kept", p.Result, len(p.Moves))
		}
		reproduce(t, p)
		// Allow 甲五 again, pin 乙三 to the township school, re-optimise.
		if p, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditUnforbid, Teacher: f.key("甲五")}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditPin, Teacher: "乙三", School: f.u2.Code})
		wantErr(t, err, app.Invalid, "不能调往原学校")
		_, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditPin, Teacher: "无此人", School: f.t1.Code})
		wantErr(t, err, app.Invalid, "方案的候选人中没有无此人")
		if p, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditPin, Teacher: "乙三", School: f.t1.Code}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Reoptimise(f.hr, p.ID); err != nil {
			t.Fatal(err)
		}
		p = f.solve(f.hr, p.ID)
		got := movesOf(p)
		if p.Result.Status != plan.StatusOptimal || got[f.key("乙三")] != f.t1.Code || got[f.key("甲五")] != f.r1.Code || len(got) != 3 ||
			len(p.SolvedPins) != 1 {
			t.Fatalf("re-optimised around the pin: %v %+v", got, p.Result)
		}
		reproduce(t, p)
		// Swap: someone outside the plan takes 乙三's place.
		outside := ""
		for _, name := range []string{"乙一", "丁一", "己一"} {
			if _, in := got[f.key(name)]; !in {
				outside = name
				break
			}
		}
		if p, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditSwap, Teacher: f.key("乙三"), Other: outside}); err != nil {
			t.Fatal(err)
		}
		got = movesOf(p)
		if _, still := got[f.key("乙三")]; still || got[f.key(outside)] != f.t1.Code {
			t.Fatalf("swap: %s should go to t1 instead of 乙三: %v", outside, got)
		}
		// An edited plan that keeps every rule has a plan file of its own:
		// feasible, bounded by the first solve's bound, and checking clean.
		if v, _ := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{}); len(v.Violations) == 0 {
			b, err := f.svc.PlanFile(f.hr, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			edited, err := plan.ReadPlan(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			in, _ := plan.ReadInstance(bytes.NewReader(p.Instance))
			t.Logf("edited plan file checked: %d moves, objective %.2f, bound %.2f", len(edited.Moves), edited.Objective, edited.Bound)
			if vs := plan.Check(in, edited); len(vs) != 0 || edited.Status != plan.StatusFeasible || edited.Bound < edited.Objective {
				t.Fatalf("the edited plan's file: %+v %+v", edited, vs)
			}
		}
		// Back to the solver's plan for the approval.
		if p, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditSwap, Teacher: f.key(outside), Other: f.key("乙三")}); err != nil {
			t.Fatal(err)
		}
		v, _ = f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		if got = movesOf(p); len(v.Violations) != 0 || got[f.key("乙三")] != f.t1.Code || p.Edited {
			t.Fatalf("swapped back: %+v %v edited=%v", v.Violations, got, p.Edited)
		}
		edits, _ := db.FindPlanEdits(context.Background(), p.ID)
		if len(edits) != 7 {
			t.Fatalf("%d edits recorded", len(edits))
		}

		// Approve: three planned exchanges and a five-day notice.
		_, err = f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 0})
		wantErr(t, err, app.Invalid, "公示天数应在1至30之间")
		p, err = f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 5, Version: p.Version})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != planning.StatusNoticed || p.NoticeStart != d("2027-03-01") || p.NoticeEnd != d("2027-03-05") {
			t.Fatalf("approved: %+v", p)
		}
		_, err = f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 5})
		wantErr(t, err, app.Conflict, "不能再修改")
		xs, _, err := f.rs.FindExchanges(f.hr, rotation.ExchangeFilter{SchoolYear: 2027})
		if err != nil || len(xs) != 3 {
			t.Fatalf("%d exchanges of 2027: %v", len(xs), err)
		}
		for _, x := range xs {
			if x.Status != rotation.StatusPlanned || x.Start != d("2027-09-01") || x.PlannedEnd != d("2030-08-31") || x.Relation != rotation.RelationStays ||
				got[planning.TeacherKey(x.EducatorID)] != codeOf(f, x.HostSchoolID) {
				t.Fatalf("exchange %+v", x)
			}
		}
		// The notice: the schools and people concerned see it and object.
		if _, err := f.svc.FindView(f.school, p.ID, planning.MoveFilter{}); err != nil {
			t.Fatalf("u1's school admin, whose teachers move, sees the notice: %v", err)
		}
		if _, err := f.svc.FindView(f.other, p.ID, planning.MoveFilter{}); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("county L's school sees K's notice: %v", err)
		}
		_, err = f.svc.RaiseObjection(f.school, p.ID, planning.ObjectionInput{Teacher: f.key("甲五"), Text: "x"})
		wantErr(t, err, app.Invalid, "请写明异议内容")
		o, err := f.svc.RaiseObjection(f.school, p.ID, planning.ObjectionInput{Teacher: f.key("甲五"), Text: "甲五老师家有重病老人需照顾"})
		if err != nil {
			t.Fatal(err)
		}
		whole, err := f.svc.RaiseObjection(f.host, p.ID, planning.ObjectionInput{Text: "希望多派一名数学教师"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AnswerObjection(f.school, o.ID, planning.AnswerInput{Upheld: true, Answer: "同意"})
		wantErr(t, err, app.Forbidden, "")
		// Announcing waits for the end of the notice and the answers.
		_, err = f.svc.Announce(f.hr, p.ID)
		wantErr(t, err, app.Conflict, "公示期满后才能公布")
		if _, err := f.svc.AnswerObjection(f.hr, o.ID, planning.AnswerInput{Upheld: true, Answer: "经核实情况属实，甲五本年度不交流"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AnswerObjection(f.hr, o.ID, planning.AnswerInput{Answer: "再次处理"})
		wantErr(t, err, app.Conflict, "该异议已处理")
		f.clock.Advance(5 * 24 * time.Hour)
		_, err = f.svc.RaiseObjection(f.school, p.ID, planning.ObjectionInput{Text: "公示期后的异议"})
		wantErr(t, err, app.Conflict, "只能在公示期内提出异议")
		_, err = f.svc.Announce(f.hr, p.ID)
		wantErr(t, err, app.Conflict, "还有未处理的异议")
		if _, err := f.svc.AnswerObjection(f.hr, whole.ID, planning.AnswerInput{Answer: "编制已满，不再增派"}); err != nil {
			t.Fatal(err)
		}
		if p, err = f.svc.Announce(f.hr, p.ID); err != nil {
			t.Fatal(err)
		}
		xs, _, _ = f.rs.FindExchanges(f.hr, rotation.ExchangeFilter{SchoolYear: 2027})
		statuses := map[rotation.ExchangeStatus]int{}
		for _, x := range xs {
			statuses[x.Status]++
			if x.EducatorID == f.e["甲五"].ID && x.Status != rotation.StatusCancelled {
				t.Fatalf("the upheld objection's exchange is %s", x.Status)
			}
		}
		if p.Status != planning.StatusAnnounced || statuses[rotation.StatusAnnounced] != 2 || statuses[rotation.StatusCancelled] != 1 {
			t.Fatalf("announced: %s %v", p.Status, statuses)
		}
		for _, action := range []string{"rotation.plan.create", "rotation.plan.solve", "rotation.plan.edit", "rotation.plan.approve",
			"rotation.plan.object", "rotation.plan.answer", "rotation.plan.announce", "rotation.exchange.create", "rotation.exchange.announced"} {
			if es, _, _ := db.FindAudit(context.Background(), audit.Filter{Action: action}); len(es) == 0 {
				t.Errorf("no audit row %s", action)
			}
		}
	})
}

func codeOf(f *fixture, id int64) string {
	for _, s := range []*org.School{f.u1, f.u2, f.r1, f.t1, f.j1, f.v1} {
		if s.ID == id {
			return s.Code
		}
	}
	return ""
}

// TestConcurrentApproval: eight people approve one plan at once; exactly
// one approval is made, with one set of exchanges.
func TestConcurrentApproval(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		p := f.solved(f.hr, planning.ModeTeacher, three)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 5})
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case app.ErrorCode(err) != app.Conflict:
				t.Errorf("a losing approval failed with %v, want a conflict", err)
			}
		}
		xs, _, _ := f.rs.FindExchanges(f.hr, rotation.ExchangeFilter{SchoolYear: 2027})
		approvals, _, _ := db.FindAudit(context.Background(), audit.Filter{Action: "rotation.plan.approve"})
		links, _ := db.FindPlanExchanges(context.Background(), p.ID)
		if won != 1 || len(xs) != 3 || len(approvals) != 1 || len(links) != 3 {
			t.Fatalf("%d approvals won, %d exchanges, %d audit rows, %d links", won, len(xs), len(approvals), len(links))
		}
	})
}

// TestPrincipalPlan: principals move between principal posts, one per
// school, so moves form cycles; the approval moves their personnel
// relation for one term.
func TestPrincipalPlan(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		p := f.solved(f.hr, planning.ModePrincipal, func(s *planning.Settings) { n := 2; s.Target, s.IncludeVice = &n, false })
		in, _ := plan.ReadInstance(bytes.NewReader(p.Instance))
		var cands []string
		for _, tch := range in.Teachers {
			if tch.Candidate {
				cands = append(cands, tch.ID)
			}
			if tch.Subject != "小学校长" {
				t.Fatalf("principal plan lists %+v", tch)
			}
		}
		if len(cands) != 4 || len(in.Schools) != 5 || teacherOf(in, f.key("甲一")) != nil {
			t.Fatalf("principal candidates %v in %d schools (no village point)", cands, len(in.Schools))
		}
		for _, s := range in.Staffing {
			if s.Min != 1 || s.Max != 1 {
				t.Fatalf("one principal per school: %+v", s)
			}
		}
		if p.Result.Status != plan.StatusOptimal || len(p.Moves) != 2 {
			t.Fatalf("principal plan: %+v %v", p.Result, p.Moves)
		}
		// A cycle: whoever leaves a school is replaced by whoever arrives.
		from, to := map[string]bool{}, map[string]bool{}
		for _, m := range p.Moves {
			from[m.From], to[m.To] = true, true
		}
		for s := range from {
			if !to[s] {
				t.Fatalf("school %s loses its principal: %v", s, p.Moves)
			}
		}
		v, err := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range v.Moves {
			if m.NewPrincipal == nil {
				t.Fatalf("principal move without the new-principal prerequisite: %+v", m)
			}
		}
		if _, err := f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 3}); err != nil {
			t.Fatal(err)
		}
		xs, _, _ := f.rs.FindExchanges(f.hr, rotation.ExchangeFilter{SchoolYear: 2027})
		if len(xs) != 2 {
			t.Fatalf("%d exchanges", len(xs))
		}
		for _, x := range xs {
			if x.Relation != rotation.RelationMoves || x.PlannedEnd != d("2031-08-31") || x.Post != people.PostPrincipal {
				t.Fatalf("principal exchange %+v", x)
			}
		}
	})
}
