package staffing_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is county K with a primary school of 380 pupils (standard 20), a
// junior school of 270 pupils and 100 boarders (20 + 2), a village point
// of 38 pupils (2 + 1), a kindergarten (outside the standard), and county
// L with one school; county HR of each and K's primary school's admin.
type fixture struct {
	db             *store.DB
	svc            *staffing.Service
	k, l           *org.County
	a, b, c        *org.School
	hrK, hrL, schA context.Context
}

func count(n int) *int { return &n }

func actor(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants})
}

func newFixture(t *testing.T, dialect string) *fixture {
	clock := app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
	db := storetest.Open(t, dialect, clock)
	f := &fixture{db: db, svc: staffing.New(db, audit.NewLog(db, clock), clock)}
	city := storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, city, "甲县")
	f.l = storetest.MustCreateCounty(t, db, city, "乙县")
	f.a = storetest.MustCreateSchool(t, db, f.k, "甲县一小", func(s *org.School) { s.Code, s.Pupils, s.Classes = "K1", count(380), count(12) })
	f.b = storetest.MustCreateSchool(t, db, f.k, "甲县二中", func(s *org.School) {
		s.Code, s.Level, s.Location, s.Pupils, s.Boarders = "K2", "junior", "rural", count(270), count(100)
	})
	f.c = storetest.MustCreateSchool(t, db, f.k, "甲县三村教学点", func(s *org.School) {
		s.Code, s.Location, s.VillagePoint, s.Pupils = "K3", "rural", true, count(38)
	})
	storetest.MustCreateSchool(t, db, f.k, "甲县幼儿园", func(s *org.School) { s.Code, s.Level, s.Pupils = "K4", "kindergarten", count(200) })
	storetest.MustCreateSchool(t, db, f.l, "乙县一小", func(s *org.School) { s.Code, s.Pupils = "L1", count(190) })
	grant := func(role, kind string, id int64) app.Grant {
		return app.Grant{Role: role, ScopeKind: kind, ScopeID: id}
	}
	f.hrK = actor(t, db, storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: city.ID, CountyID: f.k.ID}, 0, grant(auth.RoleCountyHR, auth.ScopeCounty, f.k.ID)))
	f.hrL = actor(t, db, storetest.MustCreateUser(t, db, "hr-l", app.Place{CityID: city.ID, CountyID: f.l.ID}, 0, grant(auth.RoleCountyHR, auth.ScopeCounty, f.l.ID)))
	f.schA = actor(t, db, storetest.MustCreateUser(t, db, "school-a", f.a.Place(), 0, grant(auth.RoleSchoolAdmin, auth.ScopeSchool, f.a.ID)))
	return f
}

func eachDialect(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { fn(t, newFixture(t, dialect)) })
	}
}

func (f *fixture) settings(t *testing.T, total int) {
	t.Helper()
	st := *staffing.DefaultSettings(f.k.ID, 2026)
	st.Total = total
	if _, err := f.svc.SaveSettings(f.hrK, st); err != nil {
		t.Fatal(err)
	}
}

func figures(a *staffing.Allocation) []int {
	var out []int
	for _, l := range a.Lines {
		out = append(out, l.Allocated)
	}
	return out
}

func sameInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The allocation by hand. Standards 20, 22 and 3 sum to 45. With a total of
// 60 the 45 go as they are; with 40, the quotas are 17.78, 19.56 and 2.67:
// 17 + 19 + 2 = 38, and the two seats left go to .78 and .67: 18, 19, 3.
func TestComputeAgainstHandRatios(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		_, err := f.svc.Compute(f.hrK, f.k.ID, 2026, "")
		if app.ErrorCode(err) != app.Invalid {
			t.Errorf("without a total: %v", err)
		}
		f.settings(t, 60)
		a, err := f.svc.Compute(f.hrK, f.k.ID, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		if !sameInts(figures(a), []int{20, 22, 3}) || a.Seats != 45 || a.Reserve != 15 || a.Version != 1 {
			t.Errorf("total 60: %v seats %d reserve %d version %d", figures(a), a.Seats, a.Reserve, a.Version)
		}
		f.settings(t, 40)
		a, err = f.svc.Compute(f.hrK, f.k.ID, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		if !sameInts(figures(a), []int{18, 19, 3}) || a.Allocated != 40 || a.Version != 2 {
			t.Errorf("total 40: %v allocated %d version %d", figures(a), a.Allocated, a.Version)
		}
		if a.Lines[1].Standard != 22 || a.Lines[1].Boarders != 100 {
			t.Errorf("line of the junior school: %+v", a.Lines[1])
		}
		if _, err := f.svc.Compute(f.hrL, f.k.ID, 2026, ""); app.ErrorCode(err) != app.NotFound {
			t.Errorf("another county's HR: %v", err)
		}
		if _, err := f.svc.Compute(f.schA, f.k.ID, 2026, ""); app.ErrorCode(err) != app.Forbidden {
			t.Errorf("a school admin: %v", err)
		}
	})
}

// Adjustments need reasons and stay within the total; each is a new
// version; only the newest is filed, once; a filed version stays as it was.
func TestAdjustAndFile(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		f.settings(t, 40)
		v1, err := f.svc.Compute(f.hrK, f.k.ID, 2026, "")
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Adjust(f.hrK, v1.ID, []staffing.Adjustment{{SchoolID: f.a.ID, Allocated: 20}}, "")
		if app.ErrorCode(err) != app.Invalid {
			t.Errorf("without a reason: %v", err)
		}
		_, err = f.svc.Adjust(f.hrK, v1.ID, []staffing.Adjustment{{SchoolID: f.a.ID, Allocated: 20, Reason: "班额大"}}, "")
		if app.ErrorCode(err) != app.Invalid || app.ErrorMessage(err, "zh") != "分配合计42名，超过编制总额40名" {
			t.Errorf("above the total: %v", err)
		}
		v2, err := f.svc.Adjust(f.hrK, v1.ID, []staffing.Adjustment{{SchoolID: f.a.ID, Allocated: 20, Reason: "班额大"},
			{SchoolID: f.b.ID, Allocated: 17, Reason: "生源减少"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || !sameInts(figures(v2), []int{20, 17, 3}) || v2.Lines[0].Reason != "班额大" || v2.Lines[0].Computed != 18 {
			t.Errorf("version 2: %d %v %+v", v2.Version, figures(v2), v2.Lines[0])
		}
		if _, err := f.svc.File(f.hrK, v1.ID); app.ErrorCode(err) != app.Conflict {
			t.Errorf("filing an older version: %v", err)
		}
		if _, err := f.svc.File(f.hrK, v2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.File(f.hrK, v2.ID); app.ErrorCode(err) != app.Conflict {
			t.Errorf("filing twice: %v", err)
		}
		v3, err := f.svc.Adjust(f.hrK, v2.ID, []staffing.Adjustment{{SchoolID: f.c.ID, Allocated: 2, Reason: "撤并"}}, "")
		if err != nil || v3.Version != 3 || v3.Filed() {
			t.Fatalf("version 3: %+v, %v", v3, err)
		}
		again, err := f.svc.FindAllocation(f.hrK, v2.ID)
		if err != nil || !again.Filed() || !sameInts(figures(again), []int{20, 17, 3}) {
			t.Errorf("the filed version changed: %v %v", figures(again), err)
		}
		if _, wb, err := f.svc.Workbook(f.hrK, v2.ID); err != nil || len(wb) < 1000 {
			t.Errorf("workbook: %d bytes, %v", len(wb), err)
		}

		// Per school: the filed version's figures against those in post.
		for range 3 {
			storetest.MustCreateEducator(t, f.db, f.a, "在编教师")
		}
		storetest.MustCreateEducator(t, f.db, f.a, "临聘教师", func(e *people.Educator) { e.StaffStatus = people.StaffTemporary })
		c, err := f.svc.County(f.hrK, f.k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Filed == nil || c.Filed.ID != v2.ID || len(c.Schools) != 4 {
			t.Fatalf("county: filed %+v, %d schools", c.Filed, len(c.Schools))
		}
		if s := c.Schools[0]; s.Establishment != 20 || s.InPost != 3 || s.Vacancies != 17 || len(s.BySubject) != 1 || s.BySubject[0].InPost != 3 {
			t.Errorf("school A: %+v", s)
		}
		own, err := f.svc.County(f.schA, f.k.ID)
		if err != nil || len(own.Schools) != 1 || own.Schools[0].SchoolID != f.a.ID || own.Whole {
			t.Errorf("a school admin reads their school only: %+v, %v", own, err)
		}
		if _, err := f.svc.County(f.hrL, f.k.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("another county's HR: %v", err)
		}
		vac, err := f.svc.Vacancies(f.hrK, f.k.ID)
		if err != nil || vac[0].SchoolID != f.b.ID || vac[1].SchoolID != f.c.ID {
			t.Errorf("vacancies put rural schools first: %v", err)
		}
	})
}

// Posts: a grade takes as many appointments as posts; above, only a
// long-serving teacher of a hardship school, ahead of a vacancy.
func TestPostsAndAppointments(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.settings(t, 40)
		mountain := storetest.MustCreateSchool(t, f.db, f.k, "甲县山区小学", func(s *org.School) { s.Code, s.Location, s.Terrain = "K5", "rural", "mountain" })
		senior := func(name string) *people.Educator {
			return storetest.MustCreateEducator(t, f.db, f.a, name, func(e *people.Educator) { e.Title = "高级教师" })
		}
		e1, e2 := senior("甲"), senior("乙")
		if _, err := f.svc.SetPosts(f.hrK, f.a.ID, staffing.GradeSenior, 1); err != nil {
			t.Fatal(err)
		}
		start := app.NewDate(2026, 9, 1)
		if _, err := f.svc.Appoint(f.hrK, staffing.AppointInput{EducatorID: e1.ID, Grade: staffing.GradeSenior, Start: start}); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.Appoint(f.hrK, staffing.AppointInput{EducatorID: e2.ID, Grade: staffing.GradeSenior, Start: start})
		if app.ErrorCode(err) != app.Conflict {
			t.Errorf("no vacancy: %v", err)
		}
		if _, err := f.svc.SetPosts(f.hrK, f.a.ID, staffing.GradeSenior, 0); app.ErrorCode(err) != app.Invalid {
			t.Errorf("posts below the appointed: %v", err)
		}
		v, err := f.svc.Posts(f.schA, f.a.ID)
		if err != nil || v.Posts[3].Posts != 1 || v.Posts[3].Appointed != 1 || v.Posts[3].Vacant != 0 || len(v.Appointments) != 1 {
			t.Errorf("posts: %+v, %v", v, err)
		}
		// 二级 with 15 years at the mountain school: the 一级 post ahead.
		veteran := storetest.MustCreateEducator(t, f.db, mountain, "老教师", func(e *people.Educator) { e.Title = "二级教师" })
		if err := f.db.CreateCareerEntries(ctx, []*people.CareerEntry{{EducatorID: veteran.ID, SchoolID: mountain.ID, Post: people.PostTeacher,
			Kind: people.CareerAppointment, Start: app.NewDate(2010, 9, 1)}}); err != nil {
			t.Fatal(err)
		}
		ap, err := f.svc.Appoint(f.hrK, staffing.AppointInput{EducatorID: veteran.ID, Grade: staffing.GradeSecond, Start: start})
		if err == nil || app.ErrorCode(err) != app.Conflict {
			t.Errorf("no 二级 post, and a post ahead is for the next grade: %+v, %v", ap, err)
		}
		_, err = f.svc.Appoint(f.hrK, staffing.AppointInput{EducatorID: e2.ID, Grade: staffing.GradeFullSenior, Start: start})
		if app.ErrorCode(err) != app.Invalid {
			t.Errorf("a grade above the title without qualifying: %v", err)
		}
		list, err := f.svc.Promotions(f.hrK, f.k.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		var found *staffing.Promotion
		for _, p := range list {
			if p.EducatorID == veteran.ID {
				found = p
			}
		}
		if found == nil || !found.Qualifies || !found.Ahead || found.HardshipYears != 16 || len(found.Reasons) == 0 {
			t.Errorf("the veteran: %+v", found)
		}
		ap, err = f.svc.Appoint(f.hrK, staffing.AppointInput{EducatorID: veteran.ID, Grade: staffing.GradeFirst, Start: start})
		if err != nil || !ap.Ahead {
			t.Fatalf("the veteran's 一级 post ahead of a vacancy: %+v, %v", ap, err)
		}
		mv, err := f.svc.Posts(f.hrK, mountain.ID)
		if err != nil || mv.Posts[2].Vacant != -1 || mv.Posts[2].Ahead != 1 {
			t.Errorf("the mountain school's 一级 posts: %+v, %v", mv.Posts[2], err)
		}
		if _, err := f.svc.Promotions(f.hrL, f.k.ID, 2026); app.ErrorCode(err) != app.NotFound {
			t.Errorf("another county's HR: %v", err)
		}
	})
}
