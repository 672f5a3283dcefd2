package rotation_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a county K with schools of every location, a neighbour county
// L, the rotation service, and actors of the roles that act.
type fixture struct {
	t      *testing.T
	db     *store.DB
	svc    *rotation.Service
	clock  *app.FixedClock
	city   *org.City
	k, l   *org.County
	u1, u2 *org.School // urban primary, urban junior
	t1     *org.School // township primary (mountain)
	r1     *org.School // rural primary, weak (flat)
	v1     *org.School // village point
	h1     *org.School // senior high
	x1     *org.School // urban primary of L
	hr     context.Context
	hrL    context.Context
	city1  context.Context
	school context.Context // school admin of u1
	host   context.Context // school admin of r1
	other  context.Context // school admin of x1 (county L)
}

func d(s string) app.Date {
	v, err := app.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func as(role, kind string, id int64, name string) context.Context {
	return app.WithActor(context.Background(), &app.Actor{UserID: id, Username: name, DisplayName: name,
		Grants: []app.Grant{{Role: role, ScopeKind: kind, ScopeID: id}}})
}

func newFixture(t *testing.T, db *store.DB, clock *app.FixedClock) *fixture {
	f := &fixture{t: t, db: db, clock: clock}
	f.svc = rotation.NewService(db, audit.NewLog(db, clock), clock)
	f.city = storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, f.city, "甲县")
	f.l = storetest.MustCreateCounty(t, db, f.city, "乙县")
	f.u1 = storetest.MustCreateSchool(t, db, f.k, "甲县实验小学")
	f.u2 = storetest.MustCreateSchool(t, db, f.k, "甲县第一初中", func(s *org.School) { s.Level = "junior" })
	f.t1 = storetest.MustCreateSchool(t, db, f.k, "甲县山区小学", func(s *org.School) { s.Location, s.Terrain = "township", "mountain" })
	f.r1 = storetest.MustCreateSchool(t, db, f.k, "甲县坝区小学", func(s *org.School) { s.Location, s.Terrain, s.Weak = "rural", "flat", true })
	f.v1 = storetest.MustCreateSchool(t, db, f.k, "甲县村教学点", func(s *org.School) { s.Location, s.VillagePoint = "rural", true })
	f.h1 = storetest.MustCreateSchool(t, db, f.k, "甲县高级中学", func(s *org.School) { s.Level = "senior" })
	f.x1 = storetest.MustCreateSchool(t, db, f.l, "乙县实验小学")
	f.hr = as(auth.RoleCountyHR, auth.ScopeCounty, f.k.ID, "hr-k")
	f.hrL = as(auth.RoleCountyHR, auth.ScopeCounty, f.l.ID, "hr-l")
	f.city1 = as(auth.RoleCity, auth.ScopeCity, f.city.ID, "city")
	f.school = as(auth.RoleSchoolAdmin, auth.ScopeSchool, f.u1.ID, "school-u1")
	f.host = as(auth.RoleSchoolAdmin, auth.ScopeSchool, f.r1.ID, "school-r1")
	f.other = as(auth.RoleSchoolAdmin, auth.ScopeSchool, f.x1.ID, "school-x1")
	return f
}

// educator makes an established teacher at school, male, born 1980, at
// the school since 2015 unless edit says otherwise.
func (f *fixture) educator(school *org.School, name string, edit ...func(*people.Educator)) *people.Educator {
	f.t.Helper()
	base := func(e *people.Educator) {
		e.Gender, e.BirthDate = people.GenderMale, d("1980-03-03")
		e.JoinedSchool, e.PostSince = d("2015-09-01"), d("2015-09-01")
	}
	return storetest.MustCreateEducator(f.t, f.db, school, name, append([]func(*people.Educator){base}, edit...)...)
}

func (f *fixture) exchange(ctx context.Context, e *people.Educator, host *org.School, form rotation.ExchangeForm, start, end string) *rotation.Exchange {
	f.t.Helper()
	x, err := f.svc.CreateExchange(ctx, rotation.ExchangeInput{EducatorID: e.ID, Form: form, HostSchoolID: host.ID, Start: d(start), PlannedEnd: d(end)})
	if err != nil {
		f.t.Fatalf("create exchange of %s: %v", e.Name, err)
	}
	return x
}

func (f *fixture) step(ctx context.Context, x *rotation.Exchange, status rotation.ExchangeStatus, on, reason string) *rotation.Exchange {
	f.t.Helper()
	y, err := f.svc.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: status, Date: d(on), Reason: reason})
	if err != nil {
		f.t.Fatalf("exchange of %s → %s: %v", x.EducatorName, status, err)
	}
	return y
}

func code(err error) app.Code { return app.ErrorCode(err) }

func wantErr(t *testing.T, err error, c app.Code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s error %q, got none", c, msg)
	}
	if code(err) != c || !strings.Contains(app.ErrorMessage(err, "zh"), msg) {
		t.Fatalf("want %s %q, got %s %q (%v)", c, msg, code(err), app.ErrorMessage(err, "zh"), err)
	}
}

func clockAt(s string) *app.FixedClock {
	return app.NewFixedClock(d(s).Time().Add(2 * time.Hour))
}

func TestPolicyVersions(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		v, err := f.svc.FindPolicy(f.hr, f.k.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if v.Policy.Version != 0 || v.Policy.TeacherMaxAgeMale != 50 || v.Policy.Quota() != 8 || len(v.Versions) != 0 {
			t.Fatalf("default policy: %+v", v.Policy)
		}
		in := rotation.InputOf(v.Policy)
		in.FirstYear, in.Note = 2025, "2025学年起实施"
		p1, err := f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in)
		if err != nil || p1.Version != 1 || p1.Quota() != 10 {
			t.Fatalf("first edit: %+v %v", p1, err)
		}
		// An edit made from the stale defaults is refused.
		in.QuotaPercent = 12
		_, err = f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in)
		wantErr(t, err, app.Conflict, "政策已被他人修改（现为第1版）")
		in.BaseVersion = 1
		p2, err := f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in)
		if err != nil || p2.Version != 2 || p2.Quota() != 12 {
			t.Fatalf("second edit: %+v %v", p2, err)
		}
		// 2027 carries 2026's version 2 over; 2025 still has the defaults.
		v, _ = f.svc.FindPolicy(f.hr, f.k.ID, 2027)
		if v.Policy.Version != 2 || v.Policy.InheritedFrom != 2026 || len(v.Versions) != 2 {
			t.Fatalf("2027: %+v", v.Policy)
		}
		v, _ = f.svc.FindPolicy(f.hr, f.k.ID, 2025)
		if v.Policy.Version != 0 {
			t.Fatalf("2025: %+v", v.Policy)
		}
		// Bad input changes nothing.
		bad := in
		bad.BaseVersion, bad.Levels, bad.TeacherMaxAgeMale = 2, []string{"kindergarten"}, 80
		_, err = f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, bad)
		wantErr(t, err, app.Invalid, "男教师年龄上限应在20至65之间（现为80）")
		// Others may read but not edit; the other county's HR sees nothing.
		_, err = f.svc.UpdatePolicy(f.school, f.k.ID, 2026, in)
		if code(err) != app.NotFound && code(err) != app.Forbidden {
			t.Fatalf("school admin edited the policy: %v", err)
		}
		if _, err := f.svc.FindPolicy(f.hrL, f.k.ID, 2026); code(err) != app.NotFound {
			t.Fatalf("other county's HR read the policy: %v", err)
		}
		if _, err := f.svc.UpdatePolicy(f.city1, f.k.ID, 2026, in); code(err) != app.Forbidden {
			t.Fatalf("city edited the policy: %v", err)
		}
		v, _ = f.svc.FindPolicy(f.hr, f.k.ID, 2026)
		if v.Policy.Version != 2 || len(v.Versions) != 2 {
			t.Fatalf("refused edits changed the policy: %+v", v.Policy)
		}
		// A submitted return locks its year's policy.
		if _, err := f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{}); err != nil {
			t.Fatal(err)
		}
		in.BaseVersion = 2
		_, err = f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in)
		wantErr(t, err, app.Conflict, "年度报送已提交")
		entries, _, _ := db.FindAudit(context.Background(), audit.Filter{Action: "rotation.policy.update"})
		if len(entries) != 2 {
			t.Fatalf("%d policy audit rows, want 2", len(entries))
		}
	})
}

func TestExchangeLife(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		zhang := f.educator(f.u1, "张三", func(e *people.Educator) { e.JoinedSchool, e.PostSince = d("2012-09-01"), d("2012-09-01") })
		ctx := context.Background()
		// Bad input: each refused with a Chinese message, nothing created.
		for _, tc := range []struct {
			in  rotation.ExchangeInput
			msg string
		}{
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.r1.ID, Start: d("2022-09-01"), PlannedEnd: d("2024-08-31")},
				"交流期限不少于3学年：计划结束日期不能早于2025年8月31日"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.u1.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")},
				"交流学校不能是原学校"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "township_support", HostSchoolID: f.r1.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")},
				"乡镇内支教须经教师申请"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.x1.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")},
				"乙县实验小学属于乙县：交流轮岗在本区县内进行；跨区县只限对口帮扶和国培置换"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.h1.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")},
				"甲县高级中学不是义务教育学校"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.r1.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31"), Relation: "moves"},
				"教师交流期间人事关系保留在原学校"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "itinerant", HostSchoolID: f.u2.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")},
				"走教的学校应为农村教学点"},
			{rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.u2.ID, Start: d("2022-09-01"), PlannedEnd: d("2025-08-31"), HigherGrade: true},
				"高聘一级只适用于从城区学校交流到农村学校的教师"},
		} {
			_, err := f.svc.CreateExchange(f.hr, tc.in)
			wantErr(t, err, app.Invalid, tc.msg)
		}
		if _, err := f.svc.CreateExchange(f.school, rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.r1.ID,
			Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")}); code(err) != app.Forbidden {
			t.Fatalf("a school admin made an exchange: %v", err)
		}
		if xs, _, _ := db.FindExchanges(ctx, rotation.ExchangeFilter{Within: app.Scope{All: true}}); len(xs) != 0 {
			t.Fatalf("refused input created %d exchanges", len(xs))
		}

		x := f.exchange(f.hr, zhang, f.r1, "support", "2022-09-01", "2025-08-31")
		if x.Status != "planned" || x.SchoolYear != 2022 || x.Relation != "stays" {
			t.Fatalf("created: %+v", x)
		}
		// A second open exchange of the same person is refused.
		_, err := f.svc.CreateExchange(f.hr, rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.t1.ID,
			Start: d("2022-09-01"), PlannedEnd: d("2025-08-31")})
		wantErr(t, err, app.Conflict, "已有未结束的交流")

		// Every forbidden step is refused with a Chinese message and changes nothing.
		forbidden := map[rotation.ExchangeStatus][]rotation.ExchangeStatus{
			"planned":   {"active", "completed", "returned", "transferred", "planned"},
			"announced": {"planned", "completed", "returned", "transferred", "announced"},
			"active":    {"planned", "announced", "cancelled", "active"},
		}
		check := func(status rotation.ExchangeStatus) {
			t.Helper()
			before, _, _ := db.FindAudit(ctx, audit.Filter{})
			for _, to := range forbidden[status] {
				_, err := f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: to, Date: d("2025-09-01"), Reason: "测试"})
				wantErr(t, err, app.Conflict, "交流当前状态为「"+rotation.Statuses.Label(string(status), "zh")+"」，不能变更为「"+rotation.Statuses.Label(string(to), "zh")+"」")
			}
			after, _, _ := db.FindAudit(ctx, audit.Filter{})
			got, _ := db.FindExchangeByID(ctx, x.ID)
			if got.Status != status || len(after) != len(before) {
				t.Fatalf("forbidden steps from %s changed something: status %s, audit %d → %d", status, got.Status, len(before), len(after))
			}
		}
		check("planned")
		// The school may see the exchange but not move it.
		if _, err := f.svc.ChangeExchangeStatus(f.school, x.ID, rotation.StatusInput{Status: "announced", Date: d("2022-07-01")}); code(err) != app.Forbidden {
			t.Fatalf("school admin announced: %v", err)
		}
		if _, err := f.svc.ChangeExchangeStatus(f.hrL, x.ID, rotation.StatusInput{Status: "announced", Date: d("2022-07-01")}); code(err) != app.NotFound {
			t.Fatalf("other county's HR reached the exchange: %v", err)
		}
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "announced", Date: d("2026-10-01")})
		wantErr(t, err, app.Invalid, "日期不能晚于今天")
		x = f.step(f.hr, x, "announced", "2022-07-01", "")
		check("announced")
		x = f.step(f.hr, x, "active", "2022-09-01", "")
		check("active")
		career, _ := db.FindCareer(ctx, zhang.ID)
		if len(career) != 2 || career[0].End != d("2022-08-31") || career[1].Kind != "exchange" || career[1].SchoolID != f.r1.ID || !career[1].End.IsZero() {
			t.Fatalf("career after the start: %+v %+v", career[0], career[len(career)-1])
		}
		// Before the minimum term the exchange cannot complete, and the
		// early return needs a reason.
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "completed", Date: d("2025-06-30")})
		wantErr(t, err, app.Invalid, "交流未满最短期限（至2025年8月31日）")
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "returned", Date: d("2025-06-30")})
		wantErr(t, err, app.Invalid, "提前返回须说明原因")
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "transferred", Date: d("2025-08-31")})
		wantErr(t, err, app.Invalid, "调入交流学校须先有本人申请")
		x = f.step(f.hr, x, "completed", "2025-08-31", "")
		for _, to := range []rotation.ExchangeStatus{"active", "returned", "cancelled", "planned"} {
			_, err := f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: to, Date: d("2025-09-01"), Reason: "测试"})
			wantErr(t, err, app.Conflict, "交流当前状态为「期满」")
		}
		career, _ = db.FindCareer(ctx, zhang.ID)
		last := career[len(career)-1]
		if len(career) != 3 || career[1].End != d("2025-08-31") || last.Kind != "appointment" || last.SchoolID != f.u1.ID || last.Start != d("2025-09-01") {
			t.Fatalf("career after completion: %+v", career)
		}
		// The tenure clock restarted on return.
		file, err := f.svc.FindFile(f.hr, zhang.ID, d("2026-09-01"))
		if err != nil {
			t.Fatal(err)
		}
		if e := file.Eligibility; e.Must || e.Reason != "在本校连续任教1年0个月，未满6年" || e.TenureNote == "" {
			t.Fatalf("after the completed exchange: %+v", e)
		}
		if len(file.Events) != 4 || len(file.Exchanges) != 1 || !file.Prerequisites[2].Met {
			t.Fatalf("file: %d events, %d exchanges, %+v", len(file.Events), len(file.Exchanges), file.Prerequisites)
		}
		entries, _, _ := db.FindAudit(ctx, audit.Filter{Entity: "rotation_exchange"})
		if len(entries) != 4 {
			t.Fatalf("%d exchange audit rows, want 4", len(entries))
		}
	})
}

func TestPrincipalMovesAtStart(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		head := f.educator(f.u2, "王校长", func(e *people.Educator) {
			e.Post, e.BirthDate, e.JoinedSchool, e.PostSince = people.PostPrincipal, d("1975-05-05"), d("2010-09-01"), d("2016-09-01")
		})
		_, err := f.svc.CreateExchange(f.hr, rotation.ExchangeInput{EducatorID: head.ID, Form: "competition", HostSchoolID: f.u1.ID,
			Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")})
		wantErr(t, err, app.Invalid, "交流期限不少于一届（4年）")
		x := f.exchange(f.hr, head, f.u1, "competition", "2026-09-01", "2030-08-31")
		if x.Relation != "moves" {
			t.Fatalf("principal relation %s", x.Relation)
		}
		f.step(f.hr, x, "announced", "2026-08-20", "")
		f.step(f.hr, x, "active", "2026-09-01", "")
		e, _ := db.FindEducatorByID(context.Background(), head.ID)
		if e.SchoolID != f.u1.ID || e.JoinedSchool != d("2026-09-01") || e.PostSince != d("2026-09-01") {
			t.Fatalf("after the start: school %d joined %s since %s", e.SchoolID, e.JoinedSchool, e.PostSince)
		}
		career, _ := db.FindCareer(context.Background(), head.ID)
		if len(career) != 3 || career[0].Note != "据到校日期补记，岗位不详" || career[1].End != d("2026-08-31") || career[2].SchoolID != f.u1.ID {
			t.Fatalf("career: %+v", career)
		}
		// This year the principal is judged at the origin (still in the
		// base); next year at the new school, with a new clock.
		list, _, err := f.svc.FindEligible(f.hr, rotation.EligibleFilter{AsOf: d("2026-09-01")})
		if err != nil || len(list) != 1 || list[0].SchoolID != f.u2.ID || list[0].Reason != "男，51周岁，任现职10年0个月，满8年" {
			t.Fatalf("2026 list: %v %+v", err, list)
		}
		list, _, _ = f.svc.FindEligible(f.hr, rotation.EligibleFilter{AsOf: d("2027-09-01")})
		if len(list) != 0 {
			t.Fatalf("2027 list: %+v", list[0])
		}
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "returned", Date: d("2026-09-10"), Reason: "调整"})
		wantErr(t, err, app.Invalid, "不能提前返回")
	})
}

func TestTransfer(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		li := f.educator(f.u1, "李四")
		x := f.exchange(f.hr, li, f.r1, "support", "2022-09-01", "2025-08-31")
		f.step(f.hr, x, "announced", "2022-07-01", "")
		f.step(f.hr, x, "active", "2022-09-01", "")
		_, err := f.svc.ConsentTransfer(f.school, x.ID, rotation.TransferInput{Side: "origin"})
		wantErr(t, err, app.Conflict, "尚无本人的调动申请")
		if _, err := f.svc.RequestTransfer(f.host, x.ID, rotation.TransferInput{Note: "本人申请"}); code(err) != app.Forbidden {
			t.Fatalf("the host recorded the application: %v", err)
		}
		if _, err := f.svc.RequestTransfer(f.school, x.ID, rotation.TransferInput{Date: d("2025-06-01"), Note: "本人申请调入"}); err != nil {
			t.Fatal(err)
		}
		// Each school consents for itself only.
		if _, err := f.svc.ConsentTransfer(f.school, x.ID, rotation.TransferInput{Side: "host"}); code(err) != app.Forbidden {
			t.Fatalf("the origin consented for the host: %v", err)
		}
		if _, err := f.svc.ConsentTransfer(f.school, x.ID, rotation.TransferInput{Side: "origin"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "transferred", Date: d("2025-08-31")})
		wantErr(t, err, app.Invalid, "须经原学校和交流学校同意")
		if _, err := f.svc.ConsentTransfer(f.host, x.ID, rotation.TransferInput{Side: "host"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.ConsentTransfer(f.host, x.ID, rotation.TransferInput{Side: "host"})
		wantErr(t, err, app.Conflict, "交流学校已同意")
		// Each consent keeps its account as well as its label.
		if got, err := f.svc.FindExchangeByID(f.hr, x.ID); err != nil || got.OriginConsentUserID != app.ActorOf(f.school).UserID ||
			got.HostConsentUserID != app.ActorOf(f.host).UserID || got.OriginConsentUserID == 0 || got.HostConsentBy != app.ActorOf(f.host).Label() {
			t.Fatalf("consents: %v %+v", err, got)
		}
		f.step(f.hr, x, "transferred", "2025-08-31", "")
		e, _ := db.FindEducatorByID(context.Background(), li.ID)
		if e.SchoolID != f.r1.ID || e.JoinedSchool != d("2025-09-01") {
			t.Fatalf("after the transfer: school %d joined %s", e.SchoolID, e.JoinedSchool)
		}
		v, err := f.svc.FindFile(f.hr, li.ID, d("2026-09-01"))
		if err != nil || v.Eligibility.Reason != "在本校连续任教1年0个月，未满6年" {
			t.Fatalf("after the transfer: %v %+v", err, v.Eligibility)
		}
	})
}

func TestExemptions(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		wang := f.educator(f.u1, "王五")
		young := f.educator(f.u1, "赵六", func(e *people.Educator) { e.JoinedSchool = d("2023-09-01") })
		in := rotation.ExemptionInput{EducatorID: wang.ID, Reason: "featured_course", Detail: "学校书法特色课程领衔教师",
			Evidence: "县教育局特色课程认定文件", Start: d("2026-09-01"), End: d("2027-08-31")}
		bad := in
		bad.EducatorID = young.ID
		_, err := f.svc.ApplyExemption(f.school, bad)
		wantErr(t, err, app.Invalid, "不属于应交流人员（在本校连续任教3年0个月，未满6年），无需申请暂缓")
		bad = in
		bad.End = d("2029-09-01")
		_, err = f.svc.ApplyExemption(f.school, bad)
		wantErr(t, err, app.Invalid, "暂缓交流累计不超过3年：结束日期不能晚于2029年8月31日")
		bad = in
		bad.Evidence = ""
		_, err = f.svc.ApplyExemption(f.school, bad)
		wantErr(t, err, app.Invalid, "请列明证明材料")
		if _, err := f.svc.ApplyExemption(f.other, in); code(err) != app.Invalid {
			t.Fatalf("another county's school applied: %v", err)
		}
		m, err := f.svc.ApplyExemption(f.school, in)
		if err != nil || m.Status != "pending" {
			t.Fatalf("apply: %+v %v", m, err)
		}
		_, err = f.svc.ApplyExemption(f.school, in)
		wantErr(t, err, app.Conflict, "时间重叠")
		if _, err := f.svc.DecideExemption(f.school, m.ID, rotation.DecisionInput{Approve: true}); code(err) != app.Forbidden {
			t.Fatalf("the school approved its own application: %v", err)
		}
		_, err = f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: false})
		wantErr(t, err, app.Invalid, "不予批准须说明理由")
		if m, err = f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: true, Note: "同意"}); err != nil || m.Status != "approved" {
			t.Fatalf("approve: %+v %v", m, err)
		}
		_, err = f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: false, Note: "改变主意"})
		wantErr(t, err, app.Conflict, "该申请已审批（已批准）")
		// Exempt and still counted; after the end, back on the list.
		list, _, _ := f.svc.FindEligible(f.hr, rotation.EligibleFilter{AsOf: d("2026-09-01")})
		if len(list) != 1 || !list[0].Exempt || list[0].ExemptUntil != d("2027-08-31") {
			t.Fatalf("2026: %+v", list)
		}
		list, _, _ = f.svc.FindEligible(f.hr, rotation.EligibleFilter{AsOf: d("2027-09-01")})
		if len(list) != 1 || list[0].Exempt {
			t.Fatalf("2027: %+v", list)
		}
		d26, _ := f.svc.FindDashboard(f.hr, rotation.DashboardFilter{Year: 2026})
		if d26.Counties[0].MustRotate != 1 || d26.Counties[0].Exempt != 1 {
			t.Fatalf("dashboard: %+v", d26.Counties[0].Figures)
		}
		// The cumulative limit counts from the first deferral.
		next := in
		next.Start, next.End = d("2027-09-01"), d("2029-09-30")
		_, err = f.svc.ApplyExemption(f.school, next)
		wantErr(t, err, app.Invalid, "结束日期不能晚于2029年8月31日")
	})
}

func TestRound(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		clock := clockAt("2026-06-01")
		f := newFixture(t, db, clock)
		a := f.educator(f.t1, "甲老师")
		b := f.educator(f.t1, "乙老师", func(e *people.Educator) { e.Backbone = "county_backbone" })
		c := f.educator(f.t1, "丙老师")
		outsider := f.educator(f.u1, "丁老师")
		school := as(auth.RoleSchoolAdmin, auth.ScopeSchool, f.t1.ID, "school-t1")
		_, err := f.svc.CreateRound(school, rotation.RoundInput{SchoolID: f.t1.ID, HostSchoolID: f.x1.ID, Places: 1, NoticeDays: 5,
			Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")})
		wantErr(t, err, app.Invalid, "未找到支教学校")
		hosts, err := f.svc.FindRoundHosts(school, f.t1.ID)
		if err != nil || len(hosts) != 1 || hosts[0].ID != f.r1.ID {
			t.Fatalf("hosts: %v %v", hosts, err)
		}
		_, err = f.svc.CreateRound(f.hr, rotation.RoundInput{SchoolID: f.t1.ID, HostSchoolID: f.u1.ID, Places: 1, NoticeDays: 5,
			Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")})
		wantErr(t, err, app.Invalid, "山区学校与坝区学校之间")
		r, err := f.svc.CreateRound(school, rotation.RoundInput{SchoolID: f.t1.ID, HostSchoolID: f.r1.ID, Places: 2, NoticeDays: 5,
			Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")})
		if err != nil {
			t.Fatal(err)
		}
		// The teacher applies for themselves; the school may enter one on
		// a teacher's behalf; a teacher of another school may not apply.
		self := app.WithActor(context.Background(), &app.Actor{UserID: 99, Username: "jia", EducatorID: a.ID,
			Grants: []app.Grant{{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: f.t1.ID}}})
		if _, err := f.svc.Apply(self, r.ID, rotation.ApplicationInput{EducatorID: a.ID, Statement: "自愿到坝区支教"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Apply(self, r.ID, rotation.ApplicationInput{EducatorID: b.ID, Statement: "替人申请"}); code(err) != app.Forbidden {
			t.Fatalf("applied for someone else: %v", err)
		}
		for _, e := range []*people.Educator{b, c} {
			if _, err := f.svc.Apply(school, r.ID, rotation.ApplicationInput{EducatorID: e.ID, Statement: "申请支教"}); err != nil {
				t.Fatal(err)
			}
		}
		_, err = f.svc.Apply(school, r.ID, rotation.ApplicationInput{EducatorID: outsider.ID, Statement: "申请支教"})
		wantErr(t, err, app.Invalid, "只有甲县山区小学的教师可以申请")
		_, err = f.svc.PublishRound(school, r.ID)
		wantErr(t, err, app.Conflict, "尚未评分")
		r, _ = f.svc.FindRoundByID(school, r.ID)
		ids := map[int64]int64{}
		for _, ap := range r.Applications {
			ids[ap.EducatorID] = ap.ID
		}
		_, err = f.svc.ScoreApplications(school, r.ID, rotation.ScoreInput{Scores: map[int64]float64{ids[a.ID]: 120}})
		wantErr(t, err, app.Invalid, "分数应在0至100之间")
		if _, err := f.svc.ScoreApplications(school, r.ID, rotation.ScoreInput{Scores: map[int64]float64{ids[a.ID]: 92, ids[b.ID]: 88.5, ids[c.ID]: 75}}); err != nil {
			t.Fatal(err)
		}
		if r, err = f.svc.PublishRound(school, r.ID); err != nil || r.NoticeEnd != d("2026-06-05") {
			t.Fatalf("publish: %v %+v", err, r)
		}
		// An objection during the notice, upheld against the best score.
		o, err := f.svc.RaiseObjection(as(auth.RoleMentor, auth.ScopeSchool, f.t1.ID, "mentor"), r.ID,
			rotation.ObjectionInput{ApplicationID: ids[a.ID], Text: "甲老师的量化分计入了不属实的获奖"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SelectRound(school, r.ID)
		wantErr(t, err, app.Conflict, "公示期满后才能选派")
		clock.Advance(5 * 24 * time.Hour)
		_, err = f.svc.RaiseObjection(school, r.ID, rotation.ObjectionInput{Text: "太晚了"})
		wantErr(t, err, app.Conflict, "只能在公示期内提出异议")
		_, err = f.svc.SelectRound(school, r.ID)
		wantErr(t, err, app.Conflict, "还有未处理的异议")
		if _, err := f.svc.ResolveObjection(school, o.ID, rotation.ResolutionInput{Upheld: true, Resolution: "经核实，获奖证书不属实，取消资格"}); err != nil {
			t.Fatal(err)
		}
		r, err = f.svc.SelectRound(school, r.ID)
		if err != nil || r.Status != "selected" {
			t.Fatalf("select: %v %+v", err, r)
		}
		xs, _, _ := db.FindExchanges(context.Background(), rotation.ExchangeFilter{RoundID: r.ID, Within: app.Scope{All: true}})
		names := map[string]bool{}
		for _, x := range xs {
			names[x.EducatorName] = x.Form == "township_support" && x.Status == "planned" && x.HostSchoolID == f.r1.ID
		}
		if len(xs) != 2 || !names["乙老师"] || !names["丙老师"] {
			t.Fatalf("selected: %+v", names)
		}
		if _, err := f.svc.SelectRound(school, r.ID); code(err) != app.Conflict {
			t.Fatalf("second selection: %v", err)
		}
	})
}

func TestAssessments(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		e := f.educator(f.u1, "钱七")
		x := f.exchange(f.hr, e, f.r1, "support", "2024-09-01", "2027-08-31")
		_, err := f.svc.EnterAssessment(f.host, x.ID, rotation.AssessmentInput{SchoolYear: 2024, Grade: "excellent", Comment: "表现突出"})
		wantErr(t, err, app.Conflict, "交流尚未开始")
		f.step(f.hr, x, "announced", "2024-07-01", "")
		f.step(f.hr, x, "active", "2024-09-01", "")
		if _, err := f.svc.EnterAssessment(f.school, x.ID, rotation.AssessmentInput{SchoolYear: 2024, Grade: "excellent", Comment: "表现突出"}); code(err) != app.Forbidden {
			t.Fatalf("the origin entered the host's assessment: %v", err)
		}
		_, err = f.svc.EnterAssessment(f.host, x.ID, rotation.AssessmentInput{SchoolYear: 2023, Grade: "excellent", Comment: "表现突出"})
		wantErr(t, err, app.Invalid, "考核学年应在2024—2025学年至2026—2027学年之间")
		a, err := f.svc.EnterAssessment(f.host, x.ID, rotation.AssessmentInput{SchoolYear: 2024, Grade: "competent", Comment: "完成教学任务"})
		if err != nil || a.Grade != "competent" {
			t.Fatalf("first assessment: %+v %v", a, err)
		}
		a, err = f.svc.EnterAssessment(f.host, x.ID, rotation.AssessmentInput{SchoolYear: 2024, Grade: "excellent", Comment: "教学成绩突出"})
		if err != nil || a.Grade != "excellent" {
			t.Fatalf("correction: %+v %v", a, err)
		}
		if _, err := f.svc.ConfirmAssessment(f.host, a.ID); code(err) != app.Forbidden {
			t.Fatalf("the host confirmed: %v", err)
		}
		if a, err = f.svc.ConfirmAssessment(f.hr, a.ID); err != nil || a.Status != "confirmed" {
			t.Fatalf("confirm: %+v %v", a, err)
		}
		_, err = f.svc.EnterAssessment(f.host, x.ID, rotation.AssessmentInput{SchoolYear: 2024, Grade: "fail", Comment: "改判"})
		wantErr(t, err, app.Conflict, "考核已经确认")
		file, _ := f.svc.FindFile(f.hr, e.ID, app.Date{})
		if len(file.Assessments) != 1 || file.Assessments[0].Grade != "excellent" {
			t.Fatalf("file: %+v", file.Assessments)
		}
	})
}
