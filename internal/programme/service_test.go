package programme_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
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
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a city with counties K and L, a school in each, educators,
// the programme service and actors of the roles that act.
type fixture struct {
	t      *testing.T
	db     *store.DB
	svc    *programme.Service
	people *people.Service
	clock  *app.FixedClock
	city   *org.City
	k, l   *org.County
	sk, sl *org.School
	ek     []*people.Educator // of K
	el     *people.Educator   // of L
	hrK    context.Context
	cityC  context.Context
	school context.Context // school admin in K: no programme screens
}

// actor loads an account as the web layer does, grants resolved by the store.
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
	f := &fixture{t: t, db: db, clock: clock, svc: programme.NewService(db, log, clock),
		people: people.NewService(db, storetest.MustCipher(t), log, clock)}
	f.city = storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, f.city, "甲县")
	f.l = storetest.MustCreateCounty(t, db, f.city, "乙县")
	f.sk = storetest.MustCreateSchool(t, db, f.k, "甲县实验小学")
	f.sl = storetest.MustCreateSchool(t, db, f.l, "乙县实验小学")
	for _, n := range []string{"张三", "李四", "王五", "赵六"} {
		f.ek = append(f.ek, storetest.MustCreateEducator(t, db, f.sk, n))
	}
	f.el = storetest.MustCreateEducator(t, db, f.sl, "钱七")
	grant := func(role, kind string, id int64) app.Grant {
		return app.Grant{Role: role, ScopeKind: kind, ScopeID: id}
	}
	f.hrK = actor(t, db, storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: f.city.ID, CountyID: f.k.ID}, 0,
		grant(auth.RoleCountyHR, auth.ScopeCounty, f.k.ID)))
	f.cityC = actor(t, db, storetest.MustCreateUser(t, db, "city", app.Place{}, 0, grant(auth.RoleCity, auth.ScopeCity, f.city.ID)))
	f.school = actor(t, db, storetest.MustCreateUser(t, db, "school-k", f.sk.Place(), 0, grant(auth.RoleSchoolAdmin, auth.ScopeSchool, f.sk.ID)))
	return f
}

func (f *fixture) input(name string, cats ...programme.CategoryInput) programme.Input {
	return programme.Input{CountyID: f.k.ID, Details: programme.Details{Name: name, Kind: programme.KindSecondment,
		Organiser: "甲县教师进修学校", Hosts: "上海市浦东新区实验学校", Start: app.NewDate(2026, 9, 1), End: app.NewDate(2026, 12, 31)}, Categories: cats}
}

func (f *fixture) create(ctx context.Context, in programme.Input) *programme.Programme {
	f.t.Helper()
	p, err := f.svc.Create(ctx, in)
	if err != nil {
		f.t.Fatalf("create %q: %v", in.Name, err)
	}
	return p
}

// wantError checks the error's code and exact Chinese message.
func wantError(t *testing.T, what string, err error, code app.Code, message string) {
	t.Helper()
	if app.ErrorCode(err) != code || app.ErrorMessage(err, "zh") != message {
		t.Errorf("%s: got %v (%s), want %s %q", what, err, app.ErrorCode(err), code, message)
	}
}

func eachDialect(t *testing.T, fn func(t *testing.T, f *fixture)) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { fn(t, newFixture(t, dialect)) })
	}
}

func TestCreateAndValidate(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		p := f.create(f.hrK, f.input("2026年中层干部挂职锻炼", programme.CategoryInput{Name: "中层干部", Quota: 20},
			programme.CategoryInput{Name: "级部主任", Quota: 13}))
		if p.CountyName != "甲县" || p.Status != programme.StatusRunning || p.Quota() != 33 || len(p.Categories) != 2 {
			t.Errorf("created %+v", p)
		}
		got, err := f.svc.FindByID(f.hrK, p.ID)
		if err != nil || got.Name != p.Name || got.Categories[1].Name != "级部主任" || got.Categories[1].Quota != 13 {
			t.Fatalf("read back %+v, %v", got, err)
		}

		in := f.input("2026年中层干部挂职锻炼")
		_, err = f.svc.Create(f.hrK, in)
		wantError(t, "same name", err, app.Conflict, "同一组织单位已有同名项目")

		in = f.input("")
		in.End = app.NewDate(2026, 8, 1)
		in.Categories = []programme.CategoryInput{{Name: "中层干部", Quota: 0}}
		_, err = f.svc.Create(f.hrK, in)
		wantError(t, "bad input", err, app.Invalid, "请填写项目名称（2至100字）；结束日期（2026年8月1日）不能早于开始日期（2026年9月1日）；参训类别“中层干部”的名额应在1至10000之间（现为0）")

		in = f.input("七年项目", programme.CategoryInput{Name: "骨干", Quota: 3}, programme.CategoryInput{Name: "骨干", Quota: 4})
		in.End = app.NewDate(2033, 9, 1)
		in.Kind = "holiday"
		_, err = f.svc.Create(f.hrK, in)
		wantError(t, "kind, span, duplicate category", err, app.Invalid, "请选择项目类型；项目周期不能超过6年；参训类别“骨干”重复")

		// County HR of K cannot organise in L; the city can, and city-wide.
		in = f.input("乙县项目")
		in.CountyID = f.l.ID
		_, err = f.svc.Create(f.hrK, in)
		wantError(t, "other county", err, app.Invalid, "所选组织单位不存在或不在您的权限范围内")
		f.create(f.cityC, in)
		in = f.input("全市校长赴上海挂职培训")
		in.CountyID, in.CityID = 0, f.city.ID
		_, err = f.svc.Create(f.hrK, in)
		wantError(t, "city-wide by county HR", err, app.Invalid, "所选组织单位不存在或不在您的权限范围内")
		cw := f.create(f.cityC, in)
		if !cw.CityWide() {
			t.Errorf("city-wide programme %+v", cw)
		}
		_, err = f.svc.Create(f.school, f.input("学校的项目"))
		wantError(t, "school admin", err, app.Forbidden, "您没有执行此操作的权限")

		// Listings follow the scope: K's HR sees K's programme only.
		list, total, err := f.svc.Find(f.hrK, programme.Filter{})
		if err != nil || total != 1 || list[0].ID != p.ID || list[0].Quota() != 33 {
			t.Errorf("HR of K lists %d: %v, %v", total, list, err)
		}
		if _, err := f.svc.FindByID(f.hrK, cw.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("HR of K reads the city's programme: %v", err)
		}
		_, total, _ = f.svc.Find(f.cityC, programme.Filter{})
		_, wide, _ := f.svc.Find(f.cityC, programme.Filter{CityWide: true})
		_, upcoming, _ := f.svc.Find(f.cityC, programme.Filter{Status: programme.StatusUpcoming})
		_, byName, _ := f.svc.Find(f.cityC, programme.Filter{Q: "上海"})
		if total != 3 || wide != 1 || upcoming != 0 || byName != 3 {
			t.Errorf("city lists %d, city-wide %d, upcoming %d, 上海 %d; want 3, 1, 0, 3", total, wide, upcoming, byName)
		}
		if _, _, err := f.svc.Find(f.cityC, programme.Filter{Kind: "holiday"}); app.ErrorCode(err) != app.Invalid {
			t.Errorf("bad kind filter: %v", err)
		}
	})
}

func TestEnrolAndWithdraw(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		p := f.create(f.hrK, f.input("中层干部挂职", programme.CategoryInput{Name: "中层干部", Quota: 2}, programme.CategoryInput{Name: "级部主任", Quota: 1}))
		enrol := func(e *people.Educator, cat string) error {
			_, err := f.svc.Enrol(f.hrK, p.ID, programme.MemberInput{EducatorID: e.ID, Category: cat})
			return err
		}
		if err := enrol(f.ek[0], "中层干部"); err != nil {
			t.Fatal(err)
		}
		if err := enrol(f.ek[1], "中层干部"); err != nil {
			t.Fatal(err)
		}
		wantError(t, "full", enrol(f.ek[2], "中层干部"), app.Conflict, "参训类别“中层干部”的2个名额已满")
		wantError(t, "no category", enrol(f.ek[2], ""), app.Invalid, "请选择参训类别")
		wantError(t, "twice", enrol(f.ek[0], "级部主任"), app.Conflict, "张三已在本项目中")
		wantError(t, "other county", enrol(f.el, "级部主任"), app.Invalid, "未找到教职工")
		_, err := f.svc.Enrol(f.cityC, p.ID, programme.MemberInput{EducatorID: f.el.ID, Category: "级部主任"})
		wantError(t, "outside the programme's county", err, app.Invalid, "钱七不在本项目的组织范围（甲县）内")
		if err := enrol(f.ek[2], "级部主任"); err != nil {
			t.Fatal(err)
		}
		members, err := f.svc.Members(f.hrK, p)
		if err != nil || len(members) != 3 || members[2].Category != "级部主任" || members[0].SchoolName != "甲县实验小学" {
			t.Fatalf("members %v, %v", members, err)
		}
		got, _ := f.svc.FindByID(f.hrK, p.ID)
		if got.Participants != 3 || got.Categories[0].Enrolled != 2 || got.Categories[0].Free() != 0 || got.Categories[1].Free() != 0 {
			t.Errorf("counts %+v", got)
		}

		// An edit may not drop a category with participants, nor cut its quota below them.
		in := programme.InputOf(got)
		in.Categories = []programme.CategoryInput{{Name: "中层干部", Quota: 1}}
		_, err = f.svc.Update(f.hrK, p.ID, in)
		wantError(t, "shrink", err, app.Invalid, "参训类别“中层干部”已有2人报名，名额不能少于2；参训类别“级部主任”已有1人报名，不能删除")
		in.Categories = []programme.CategoryInput{{Name: "中层干部", Quota: 3}, {Name: "级部主任", Quota: 1}, {Name: "学科骨干教师", Quota: 16}}
		in.Name, in.CountyID = "中层干部及骨干教师挂职", f.l.ID // the unit stays
		up, err := f.svc.Update(f.hrK, p.ID, in)
		if err != nil || up.Name != "中层干部及骨干教师挂职" || up.CountyID != f.k.ID || up.Quota() != 20 || up.Categories[0].Enrolled != 2 {
			t.Fatalf("update: %+v, %v", up, err)
		}

		// Enrolments show on the educator's record.
		ens, err := f.svc.Enrolments(f.hrK, f.ek[0])
		if err != nil || len(ens) != 1 || ens[0].Programme.ID != p.ID || ens[0].Category != "中层干部" {
			t.Errorf("enrolments %v, %v", ens, err)
		}
		if _, err := f.svc.Enrolments(f.school, f.el); app.ErrorCode(err) != app.NotFound {
			t.Errorf("school admin of K reads an educator of L's enrolments: %v", err)
		}

		if err := f.svc.Withdraw(f.hrK, p.ID, f.ek[1].ID); err != nil {
			t.Fatal(err)
		}
		wantError(t, "withdraw twice", f.svc.Withdraw(f.hrK, p.ID, f.ek[1].ID), app.NotFound, "未找到参训人员")
		if err := f.svc.Withdraw(f.school, p.ID, f.ek[0].ID); app.ErrorCode(err) != app.Forbidden {
			t.Errorf("school admin withdraws: %v", err)
		}

		// Every change is in the audit log.
		entries, _, err := audit.NewLog(f.db, f.clock).Find(app.WithActor(context.Background(), app.SystemActor("test")), audit.Filter{Entity: "programme", Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions["programme.create"] != 1 || actions["programme.enrol"] != 3 || actions["programme.update"] != 1 || actions["programme.withdraw"] != 1 {
			t.Errorf("audit actions %v", actions)
		}
	})
}

// TestProgrammeScope: a coordinator granted over one programme reads it and
// its participants' records, runs it, and reaches nothing else; a withdrawn
// participant is out of reach at once.
func TestProgrammeScope(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		p := f.create(f.hrK, f.input("骨干教师挂职"))
		other := f.create(f.hrK, f.input("另一个项目"))
		for _, e := range f.ek[:2] {
			if _, err := f.svc.Enrol(f.hrK, p.ID, programme.MemberInput{EducatorID: e.ID}); err != nil {
				t.Fatal(err)
			}
		}
		u := storetest.MustCreateUser(t, f.db, "coord-p", app.Place{}, 0,
			app.Grant{Role: auth.RoleCoordinator, ScopeKind: auth.ScopeProgramme, ScopeID: p.ID})
		if g := u.Grants[0]; g.ScopeName != "骨干教师挂职" || g.Place.ProgrammeID != p.ID || g.Place.CountyID != f.k.ID {
			t.Errorf("grant resolved as %+v", g)
		}
		coord := actor(t, f.db, u)
		if _, err := f.svc.FindByID(coord, p.ID); err != nil {
			t.Errorf("reads its programme: %v", err)
		}
		if _, err := f.svc.FindByID(coord, other.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("reads another programme: %v", err)
		}
		list, total, err := f.svc.Find(coord, programme.Filter{})
		if err != nil || total != 1 || list[0].ID != p.ID {
			t.Errorf("lists %d programmes: %v", total, err)
		}
		if _, err := f.people.FindEducatorByID(coord, f.ek[0].ID); err != nil {
			t.Errorf("reads a participant: %v", err)
		}
		if _, err := f.people.FindEducatorByID(coord, f.ek[2].ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("reads a non-participant of the same school: %v", err)
		}
		if _, n, err := f.people.FindEducators(coord, people.EducatorFilter{}); err != nil || n != 2 {
			t.Errorf("educator list holds %d (%v), want the 2 participants", n, err)
		}
		in := programme.InputOf(p)
		in.Hosts = "上海市浦东新区两所实验学校"
		if _, err := f.svc.Update(coord, p.ID, in); err != nil {
			t.Errorf("edits its programme: %v", err)
		}
		if _, err := f.svc.Create(coord, f.input("自建项目")); app.ErrorCode(err) != app.Invalid {
			t.Errorf("creates a programme in the county: %v", err)
		}
		// It cannot enrol someone it cannot see.
		_, err = f.svc.Enrol(coord, p.ID, programme.MemberInput{EducatorID: f.ek[2].ID})
		wantError(t, "enrol an unseen educator", err, app.Invalid, "未找到教职工")
		if err := f.svc.Withdraw(coord, p.ID, f.ek[1].ID); err != nil {
			t.Fatal(err)
		}
		coord = actor(t, f.db, u) // the next request
		if _, err := f.people.FindEducatorByID(coord, f.ek[1].ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("reads a withdrawn participant: %v", err)
		}
		// A mentor over the programme reads it, not the participants' records.
		m := actor(t, f.db, storetest.MustCreateUser(t, f.db, "mentor-p", app.Place{}, 0,
			app.Grant{Role: auth.RoleMentor, ScopeKind: auth.ScopeProgramme, ScopeID: p.ID}))
		if _, err := f.svc.FindByID(m, p.ID); err != nil {
			t.Errorf("mentor reads the programme: %v", err)
		}
		if _, err := f.people.FindEducatorByID(m, f.ek[0].ID); app.ErrorCode(err) == "" {
			t.Errorf("mentor reads a participant's record")
		}
		if _, err := f.svc.Enrol(m, p.ID, programme.MemberInput{EducatorID: f.ek[3].ID}); app.ErrorCode(err) != app.Forbidden {
			t.Errorf("mentor enrols: %v", err)
		}
		// A programme with participants or grants cannot be deleted.
		wantError(t, "delete with a participant", f.svc.Delete(f.hrK, p.ID), app.Conflict, "项目已有1名参训人员，请先全部移出再删除")
		if err := f.svc.Withdraw(f.hrK, p.ID, f.ek[0].ID); err != nil {
			t.Fatal(err)
		}
		wantError(t, "delete with a grant", f.svc.Delete(f.hrK, p.ID), app.Conflict, "有2个账号被授予此项目的角色，请先撤销再删除")
		if err := f.svc.Delete(coord, other.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("the coordinator deletes another programme: %v", err)
		}
		if err := f.svc.Delete(f.hrK, other.ID); err != nil {
			t.Fatalf("delete an empty programme: %v", err)
		}
		if _, err := f.svc.FindByID(f.hrK, other.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("a deleted programme reads: %v", err)
		}
	})
}

// TestConcurrentEnrolment: many enrolments race for the last places of a
// category; exactly the quota wins.
func TestConcurrentEnrolment(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		p := f.create(f.hrK, f.input("名额竞争", programme.CategoryInput{Name: "学科骨干教师", Quota: 2}))
		var more []*people.Educator
		for i := range 6 {
			more = append(more, storetest.MustCreateEducator(t, f.db, f.sk, fmt.Sprintf("竞争者%d", i)))
		}
		var wg sync.WaitGroup
		errs := make([]error, len(more))
		for i, e := range more {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.Enrol(f.hrK, p.ID, programme.MemberInput{EducatorID: e.ID, Category: "学科骨干教师"})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case app.ErrorCode(err) != app.Conflict:
				t.Errorf("a losing enrolment: %v", err)
			}
		}
		got, _ := f.svc.FindByID(f.hrK, p.ID)
		if won != 2 || got.Participants != 2 {
			t.Errorf("%d enrolments won, %d enrolled; want 2", won, got.Participants)
		}
	})
}

func TestParseCategories(t *testing.T) {
	got, err := programme.ParseCategories("中层干部 20\r\n级部主任：13\n\n学科骨干教师,１６\n  名师工作室成员 5 ")
	want := []programme.CategoryInput{{"中层干部", 20}, {"级部主任", 13}, {"学科骨干教师", 16}, {"名师工作室成员", 5}}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ParseCategories = %v, %v; want %v", got, err, want)
	}
	if back, _ := programme.ParseCategories(programme.FormatCategories(want)); fmt.Sprint(back) != fmt.Sprint(want) {
		t.Errorf("round trip %v", back)
	}
	if _, err := programme.ParseCategories("中层干部 -5"); err == nil {
		t.Error("a negative quota reads as a name ending in a minus sign")
	}
	_, err = programme.ParseCategories("中层干部\n20")
	if msg := app.ErrorMessage(err, "zh"); !strings.Contains(msg, "参训类别第1行“中层干部”应写作“类别名称 名额”") ||
		!strings.Contains(msg, "参训类别第2行“20”") {
		t.Errorf("bad lines: %q", msg)
	}
}
