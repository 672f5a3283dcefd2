package rotation_test

import (
	"context"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestTermInSchoolYears: the minimum term is whole school years (1
// September to 31 August) counted from the real start, which cannot precede
// the planned one.
func TestTermInSchoolYears(t *testing.T) {
	for _, tc := range []struct {
		start string
		years int
		want  string
	}{
		{"2026-09-01", 3, "2029-08-31"},
		{"2026-09-07", 3, "2029-08-31"}, // school opened a few days late: still the 2026 school year
		{"2027-01-31", 3, "2029-08-31"}, // first term
		{"2027-02-20", 3, "2030-08-31"}, // begun in the second term: counting starts in September
		{"2027-08-31", 3, "2030-08-31"},
		{"2026-10-08", 4, "2030-08-31"},
	} {
		if got := rotation.TermEnd(d(tc.start), tc.years); got != d(tc.want) {
			t.Errorf("TermEnd(%s, %d) = %s, want %s", tc.start, tc.years, got, tc.want)
		}
	}
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2029-09-20"))
		zhang := f.educator(f.u1, "张三", func(e *people.Educator) { e.JoinedSchool, e.PostSince = d("2012-09-01"), d("2012-09-01") })
		// Begun in spring, three school years end in August three years on,
		// not on the calendar anniversary.
		_, err := f.svc.CreateExchange(f.hr, rotation.ExchangeInput{EducatorID: zhang.ID, Form: "support", HostSchoolID: f.r1.ID,
			Start: d("2027-02-20"), PlannedEnd: d("2030-02-19")})
		wantErr(t, err, app.Invalid, "交流期限不少于3学年：计划结束日期不能早于2030年8月31日")

		x := f.exchange(f.hr, zhang, f.r1, "support", "2026-09-01", "2029-08-31")
		x = f.step(f.hr, x, "announced", "2026-07-01", "")
		_, err = f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "active", Date: d("2026-08-25")})
		wantErr(t, err, app.Invalid, "交流计划于2026年9月1日开始，不能在此之前记为交流中")
		if got, _ := db.FindExchangeByID(context.Background(), x.ID); got.Status != "announced" {
			t.Fatalf("refused start changed the status to %s", got.Status)
		}
		x = f.step(f.hr, x, "active", "2026-09-07", "")
		detail, err := f.svc.FindExchangeDetail(f.hr, x.ID)
		if err != nil || detail.MinEnd != d("2029-08-31") {
			t.Fatalf("minimum term from the real start: %s %v", detail.MinEnd, err)
		}
		// Three school years served on 31 August 2029, six days short of the
		// calendar anniversary.
		x = f.step(f.hr, x, "completed", "2029-08-31", "")
		if x.Status != "completed" {
			t.Fatalf("status %s", x.Status)
		}
	})
}

// TestOnePrincipalPerSchool: an exchange that would give its host school a
// second principal is refused, when made and when it starts, unless the
// school's principal leaves in the same set by the same day.
func TestOnePrincipalPerSchool(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2027-09-20"))
		ctx := context.Background()
		principal := func(e *people.Educator) {
			e.Post, e.BirthDate, e.JoinedSchool, e.PostSince = people.PostPrincipal, d("1975-05-05"), d("2010-09-01"), d("2016-09-01")
		}
		li := f.educator(f.u1, "李校长", principal)
		wang := f.educator(f.u2, "王校长", principal)
		zhao := f.educator(f.t1, "赵校长", principal)
		in := func(e *people.Educator, host int64, start string) rotation.ExchangeInput {
			return rotation.ExchangeInput{EducatorID: e.ID, Form: "competition", HostSchoolID: host, Start: d(start),
				PlannedEnd: rotation.TermEnd(d(start), 4)}
		}
		// Alone, 王 would join 李 at the 实验小学.
		_, err := f.svc.CreateExchange(f.hr, in(wang, f.u1.ID, "2027-09-01"))
		wantErr(t, err, app.Conflict, "2027年9月1日起甲县实验小学将有2名校长：王校长（2027年9月1日交流到任）、现任校长李校长")
		// 李 leaving a day later does not help: for a day the school has two.
		if _, err := f.svc.CreateExchange(f.hr, in(li, f.r1.ID, "2027-09-02")); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CreateExchange(f.hr, in(wang, f.u1.ID, "2027-09-01"))
		wantErr(t, err, app.Conflict, "甲县实验小学将有2名校长")
		if xs, _, _ := db.FindExchanges(ctx, rotation.ExchangeFilter{Within: app.Scope{All: true}}); len(xs) != 1 {
			t.Fatalf("refused exchanges were recorded: %d", len(xs))
		}
		first, _, _ := db.FindExchanges(ctx, rotation.ExchangeFilter{EducatorID: li.ID, Within: app.Scope{All: true}})
		f.step(f.hr, first[0], "cancelled", "2027-08-01", "改期")

		// A cycle made as one set (as a plan's approval makes it): 王 to the
		// 实验小学, 李 to the 山区小学, 赵 to the 第一初中, all on 1 September.
		var xs []*rotation.Exchange
		err = db.InTx(f.hr, func(ctx context.Context) error {
			for _, x := range []rotation.ExchangeInput{in(wang, f.u1.ID, "2027-09-01"), in(li, f.t1.ID, "2027-09-01"), in(zhao, f.u2.ID, "2027-09-01")} {
				y, err := f.svc.CreateExchange(ctx, x)
				if err != nil {
					return err
				}
				xs = append(xs, y)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("a cycle of principals made as one set: %v", err)
		}
		// 赵 is taken out of the cycle: 李 would then find 赵 at the 山区小学.
		for _, x := range xs {
			f.step(f.hr, x, "announced", "2027-08-20", "")
		}
		f.step(f.hr, xs[2], "cancelled", "2027-08-25", "另有任用")
		f.step(f.hr, xs[0], "active", "2027-09-01", "") // 李 is leaving the 实验小学 the same day
		_, err = f.svc.ChangeExchangeStatus(f.hr, xs[1].ID, rotation.StatusInput{Status: "active", Date: d("2027-09-01")})
		wantErr(t, err, app.Conflict, "2027年9月1日起甲县山区小学将有2名校长：李校长（2027年9月1日交流到任）、现任校长赵校长")
		e, _ := db.FindEducatorByID(ctx, li.ID)
		if got, _ := db.FindExchangeByID(ctx, xs[1].ID); got.Status != "announced" || e.SchoolID != f.u1.ID {
			t.Fatalf("the refused start changed something: %s, school %d", got.Status, e.SchoolID)
		}
	})
}

// TestExchangeOffers: the form offers host schools of the county (the rest
// of the city only for the forms that may leave it) and only people who
// rotate, in the actor's county, with no exchange open.
func TestExchangeOffers(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		names := func(form rotation.ExchangeForm) map[string]bool {
			t.Helper()
			hosts, err := f.svc.FindHostSchools(f.hr, f.k.ID, form)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, h := range hosts {
				out[h.Name] = true
			}
			return out
		}
		if got := names(rotation.FormSupport); got[f.x1.Name] || got[f.h1.Name] || !got[f.u2.Name] || !got[f.v1.Name] {
			t.Fatalf("support teaching offers %v", got)
		}
		if got := names(rotation.FormCounterpart); !got[f.x1.Name] || !got[f.u2.Name] {
			t.Fatalf("counterpart assistance offers %v", got)
		}
		if _, err := f.svc.FindHostSchools(f.hrL, f.k.ID, rotation.FormCounterpart); code(err) != app.NotFound {
			t.Fatalf("another county's HR listed the hosts: %v", err)
		}

		zhang := f.educator(f.u1, "张三")
		busy := f.educator(f.u1, "李四")
		director := f.educator(f.u1, "王园长", func(e *people.Educator) { e.Post = people.PostDirector })
		other := f.educator(f.x1, "赵六")
		x := f.exchange(f.hr, busy, f.r1, "support", "2026-09-01", "2029-08-31")
		c, err := f.svc.ExchangeCandidates(f.hr, []*people.Educator{zhang, busy, director, other})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Offered) != 1 || c.Offered[0].ID != zhang.ID || c.Busy[busy.ID] == nil || c.Busy[busy.ID].ID != x.ID {
			t.Fatalf("offered %v, busy %v", c.Offered, c.Busy)
		}
		// Once the exchange ends, the person is offered again.
		f.step(f.hr, x, "cancelled", "2026-09-10", "改期")
		if c, _ := f.svc.ExchangeCandidates(f.hr, []*people.Educator{busy}); len(c.Offered) != 1 {
			t.Fatalf("after the cancellation: %v", c.Offered)
		}
		if _, err := f.svc.ExchangeCandidates(f.school, []*people.Educator{zhang}); code(err) != app.Forbidden {
			t.Fatalf("a school admin got candidates: %v", err)
		}
	})
}

// TestRoundWithinTownship: a 乡镇内支教 round goes to schools of the same
// township (as the schools' names give it), offered and checked alike.
func TestRoundWithinTownship(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-06-01"))
		town := storetest.MustCreateSchool(t, db, f.k, "甲县柳树镇中心小学", func(s *org.School) { s.Location, s.Terrain = "township", "flat" })
		village := storetest.MustCreateSchool(t, db, f.k, "柳树镇王家村小学", func(s *org.School) {
			s.Location, s.Terrain, s.VillagePoint = "rural", "mountain", true
		})
		elsewhere := storetest.MustCreateSchool(t, db, f.k, "甲县白马镇中心小学", func(s *org.School) {
			s.Location, s.Terrain, s.Weak = "township", "mountain", true
		})
		school := as(auth.RoleSchoolAdmin, auth.ScopeSchool, town.ID, "school-town")
		hosts, err := f.svc.FindRoundHosts(school, town.ID)
		if err != nil || len(hosts) != 1 || hosts[0].ID != village.ID {
			t.Fatalf("hosts of 柳树镇: %v %v", hosts, err)
		}
		in := func(host int64) rotation.RoundInput {
			return rotation.RoundInput{SchoolID: town.ID, HostSchoolID: host, Places: 1, NoticeDays: 5, Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")}
		}
		_, err = f.svc.CreateRound(school, in(elsewhere.ID))
		wantErr(t, err, app.Invalid, "乡镇内支教在同一乡镇内进行：甲县柳树镇中心小学在柳树镇，甲县白马镇中心小学在白马镇")
		_, err = f.svc.CreateRound(school, in(f.t1.ID)) // the county seat's mountain school
		wantErr(t, err, app.Invalid, "甲县山区小学在县城（校名未含乡镇）")
		if rs, _, _ := db.FindRounds(context.Background(), rotation.RoundFilter{Within: app.Scope{All: true}}); len(rs) != 0 {
			t.Fatalf("refused rounds were recorded: %d", len(rs))
		}
		if _, err := f.svc.CreateRound(school, in(village.ID)); err != nil {
			t.Fatal(err)
		}
	})
}

// TestExemptionCandidates: the deferral form finds people by search and
// offers those of the actor's schools whose post rotates.
func TestExemptionCandidates(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-06-01"))
		mine := f.educator(f.u1, "张三")
		director := f.educator(f.u1, "王园长", func(e *people.Educator) { e.Post = people.PostDirector })
		theirs := f.educator(f.u2, "李四")
		got, err := f.svc.ExemptionCandidates(f.school, []*people.Educator{mine, director, theirs})
		if err != nil || len(got) != 1 || got[0].ID != mine.ID {
			t.Fatalf("a school's candidates: %v %v", got, err)
		}
		if got, _ := f.svc.ExemptionCandidates(f.hr, []*people.Educator{mine, theirs}); len(got) != 2 {
			t.Fatalf("the county's candidates: %v", got)
		}
	})
}

// TestCancelKeepsOnePrincipal: once a principal has arrived at a school
// whose own principal was to leave the same day, that departure cannot be
// cancelled: the school would keep two principals.
func TestCancelKeepsOnePrincipal(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2027-09-20"))
		ctx := context.Background()
		principal := func(e *people.Educator) {
			e.Post, e.BirthDate, e.JoinedSchool, e.PostSince = people.PostPrincipal, d("1975-05-05"), d("2010-09-01"), d("2016-09-01")
		}
		li := f.educator(f.u1, "李校长", principal)
		wang := f.educator(f.u2, "王校长", principal)
		in := func(e *people.Educator, host int64) rotation.ExchangeInput {
			return rotation.ExchangeInput{EducatorID: e.ID, Form: "competition", HostSchoolID: host, Start: d("2027-09-01"),
				PlannedEnd: rotation.TermEnd(d("2027-09-01"), 4)}
		}
		var toU1, fromU1 *rotation.Exchange
		err := db.InTx(f.hr, func(ctx context.Context) error {
			var err error
			if toU1, err = f.svc.CreateExchange(ctx, in(wang, f.u1.ID)); err != nil {
				return err
			}
			fromU1, err = f.svc.CreateExchange(ctx, in(li, f.r1.ID))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		toU1 = f.step(f.hr, toU1, "announced", "2027-08-20", "")
		fromU1 = f.step(f.hr, fromU1, "announced", "2027-08-20", "")
		f.step(f.hr, toU1, "active", "2027-09-01", "") // 王 arrives; 李 is due to leave the same day
		_, err = f.svc.ChangeExchangeStatus(f.hr, fromU1.ID, rotation.StatusInput{Status: "cancelled", Date: d("2027-09-02"), Reason: "另有任用"})
		wantErr(t, err, app.Conflict, "甲县实验小学将有2名校长")
		if got, _ := db.FindExchangeByID(ctx, fromU1.ID); got.Status != "announced" {
			t.Fatalf("the refused cancellation changed the status to %s", got.Status)
		}
		heads := 0
		for _, e := range []*people.Educator{li, wang} {
			if got, _ := db.FindEducatorByID(ctx, e.ID); got.SchoolID == f.u1.ID && got.Post == people.PostPrincipal {
				heads++
			}
		}
		if heads != 2 {
			t.Fatalf("fixture: %d principals at the school, want 李 still there and 王 arrived", heads)
		}
	})
}
