package pairing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a city with county K (two demonstration kindergartens and
// three rural ones) and county L, with the contexts of K's HR, the city,
// the helper's and a helped school's offices, and L's HR.
type fixture struct {
	t                          *testing.T
	db                         *store.DB
	clock                      *app.FixedClock
	svc                        *pairing.Service
	k, l                       *org.County
	demo1, demo2               *org.School
	rural                      []*org.School
	teacher, ruralTeacher      *people.Educator
	hr, city, helper, helped   context.Context
	otherHR, otherRural, other context.Context
}

func actorCtx(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		Grants: u.Grants, EducatorID: u.EducatorID})
}

func newFixture(t *testing.T, db *store.DB, clock *app.FixedClock) *fixture {
	log := audit.NewLog(db, clock)
	f := &fixture{t: t, db: db, clock: clock, svc: pairing.NewService(db, programme.NewService(db, log, clock), log, clock)}
	city := storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, city, "甲县")
	f.l = storetest.MustCreateCounty(t, db, city, "乙县")
	kg := func(demo, loc string) func(*org.School) {
		return func(s *org.School) { s.Level, s.Demonstration, s.Location = "kindergarten", demo, loc }
	}
	f.demo1 = storetest.MustCreateSchool(t, db, f.k, "甲县实验幼儿园", kg("province", "urban"))
	f.demo2 = storetest.MustCreateSchool(t, db, f.k, "甲县第二幼儿园", kg("county", "urban"))
	for _, n := range []string{"甲县东乡幼儿园", "甲县西乡幼儿园", "甲县南乡幼儿园"} {
		f.rural = append(f.rural, storetest.MustCreateSchool(t, db, f.k, n, kg("", "rural")))
	}
	lRural := storetest.MustCreateSchool(t, db, f.l, "乙县北乡幼儿园", kg("", "rural"))
	f.teacher = storetest.MustCreateEducator(t, db, f.demo1, "周老师")
	f.ruralTeacher = storetest.MustCreateEducator(t, db, f.rural[0], "吴老师")
	county := func(c *org.County, role string) app.Grant {
		return app.Grant{Role: role, ScopeKind: auth.ScopeCounty, ScopeID: c.ID}
	}
	school := func(s *org.School) app.Grant {
		return app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: s.ID}
	}
	f.hr = actorCtx(t, db, storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: city.ID, CountyID: f.k.ID}, 0, county(f.k, auth.RoleCountyHR)))
	f.otherHR = actorCtx(t, db, storetest.MustCreateUser(t, db, "hr-l", app.Place{CityID: city.ID, CountyID: f.l.ID}, 0, county(f.l, auth.RoleCountyHR)))
	f.city = actorCtx(t, db, storetest.MustCreateUser(t, db, "city", app.Place{CityID: city.ID}, 0,
		app.Grant{Role: auth.RoleCity, ScopeKind: auth.ScopeCity, ScopeID: city.ID}))
	f.helper = actorCtx(t, db, storetest.MustCreateUser(t, db, "s-demo1", f.demo1.Place(), 0, school(f.demo1)))
	f.helped = actorCtx(t, db, storetest.MustCreateUser(t, db, "s-rural0", f.rural[0].Place(), 0, school(f.rural[0])))
	f.other = actorCtx(t, db, storetest.MustCreateUser(t, db, "s-rural2", f.rural[2].Place(), 0, school(f.rural[2])))
	f.otherRural = actorCtx(t, db, storetest.MustCreateUser(t, db, "s-l", lRural.Place(), 0, school(lRural)))
	return f
}

func fixedClock() *app.FixedClock {
	return app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
}

func wantRefused(t *testing.T, err error, part string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted; want refused with %q", part)
	}
	var e *app.Error
	if !errorsAs(err, &e) || !strings.Contains(e.Message, part) {
		t.Fatalf("refused with %v; want %q", err, part)
	}
}

// openCycle opens and fills a kindergarten cycle of county K from the
// helper's proposal and publishes it.
func (f *fixture) openCycle() *pairing.Cycle {
	t := f.t
	c, err := f.svc.OpenCycle(f.hr, pairing.CycleInput{CountyID: f.k.ID, Name: "2026—2028学年幼儿园结对帮扶", SchoolKind: pairing.KindKindergarten,
		Start: app.NewDate(2026, 9, 1), Capacities: pairing.DefaultCapacities})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.OpenCycle(f.helper, pairing.CycleInput{CountyID: f.k.ID, Name: "学校自开", SchoolKind: pairing.KindKindergarten,
		Start: app.NewDate(2026, 9, 1)}); err == nil {
		t.Error("a school admin opened a cycle")
	}
	n, err := f.svc.ApplyProposal(f.hr, c.ID, nil)
	if err != nil || n != 3 {
		t.Fatalf("proposal applied %d pairs (%v), want 3 (capacity 2 + 1)", n, err)
	}
	if _, err := f.svc.Cycle(f.helped, c.ID); app.ErrorCode(err) != app.NotFound {
		t.Errorf("a school saw the pairs before publication: %v", err)
	}
	if err := f.svc.Publish(f.hr, c.ID); err != nil {
		t.Fatal(err)
	}
	c, err = f.svc.Cycle(f.hr, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The ledger: both schools write it, people of other schools are refused,
// hours reach the training record, a donation needs its items, and the
// self-review closes the period. Schools see their own pairs only; other
// counties' staff see nothing.
func TestLedger(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		c := f.openCycle()
		load := map[int64]int{}
		for _, p := range c.Pairs {
			load[p.HelperSchoolID]++
		}
		if load[f.demo1.ID] != 2 || load[f.demo2.ID] != 1 {
			t.Fatalf("capacities not held: %v", load)
		}
		var p *pairing.Pair
		for _, q := range c.Pairs {
			if q.HelpedSchoolID == f.rural[0].ID {
				p = q
			}
		}
		if p == nil {
			t.Fatal("rural kindergarten 0 unpaired")
		}
		mine, err := f.svc.Cycle(f.helped, c.ID)
		if err != nil || len(mine.Pairs) != 1 || mine.Whole {
			t.Fatalf("the helped school sees %v (%v), want its one pair", mine, err)
		}
		if _, err := f.svc.Pair(f.otherHR, p.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("another county's HR read the pair: %v", err)
		}
		in := pairing.ActivityInput{Kind: "send_teaching", HeldOn: app.NewDate(2026, 9, 20), Title: "送教下乡：绘本教学",
			Hours: 4, People: []int64{f.ruralTeacher.ID}}
		if p.HelperSchoolID == f.demo1.ID {
			in.People = append(in.People, f.teacher.ID)
		}
		act, err := f.svc.RecordActivity(f.helped, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if act.Period != 1 || act.SchoolID != f.rural[0].ID || len(act.People) != len(in.People) || !act.People[0].Credited {
			t.Fatalf("activity %+v", act)
		}
		tr := training.NewService(db, programme.NewService(db, audit.NewLog(db, f.clock), f.clock), audit.NewLog(db, f.clock), f.clock)
		rec, err := tr.Record(f.hr, f.ruralTeacher)
		if err != nil {
			t.Fatal(err)
		}
		if rec.CycleHours != 4 {
			t.Errorf("the activity credited %d hours to the training record, want 4", rec.CycleHours)
		}
		_, err = f.svc.RecordActivity(f.other, p.ID, in)
		if app.ErrorCode(err) != app.NotFound {
			t.Errorf("a school outside the pair wrote its ledger: %v", err)
		}
		bad := in
		bad.People = []int64{storetest.MustCreateEducator(t, db, f.rural[2], "郑老师").ID}
		_, err = f.svc.RecordActivity(f.helped, p.ID, bad)
		wantRefused(t, err, "结对双方学校的教职工")
		don := pairing.ActivityInput{Kind: pairing.ActivityDonation, HeldOn: app.NewDate(2026, 10, 1), Title: "捐赠图书"}
		_, err = f.svc.RecordActivity(f.helped, p.ID, don)
		wantRefused(t, err, "物资名称")
		don.Items, don.Quantity, don.ValueFen = "绘本", 200, 600000
		if _, err := f.svc.RecordActivity(f.helped, p.ID, don); err != nil {
			t.Fatal(err)
		}
		future := in
		future.HeldOn = app.NewDate(2026, 12, 1)
		_, err = f.svc.RecordActivity(f.helped, p.ID, future)
		wantRefused(t, err, "不能晚于今天")

		if err := f.svc.SetGoal(f.helped, p.ID, pairing.Goal{Period: 1, Area: "teachers", Goal: "每学期送教两次"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SelfReview(f.helped, p.ID, 1, "完成年度目标"); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.RecordActivity(f.helped, p.ID, in)
		wantRefused(t, err, "已完成自评")
		acts, err := f.svc.Activities(f.hr, p)
		if err != nil || len(acts) != 2 {
			t.Fatalf("ledger %d entries (%v), want 2", len(acts), err)
		}
		d, err := f.svc.Dashboard(f.hr, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Activities != 2 || d.Hours != 4 || d.DonatedFen != 600000 || len(d.Idle) != 2 {
			t.Errorf("dashboard %d activities, %d hours, %d fen, %d idle; want 2, 4, 600000, 2", d.Activities, d.Hours, d.DonatedFen, len(d.Idle))
		}
	})
}

// Inspections: the city inspects, a school cannot; every county of the
// city reads the published grades; the pair shows its latest grade.
func TestInspection(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		c := f.openCycle()
		p := c.Pairs[0]
		in := pairing.InspectionInput{InspectedOn: app.NewDate(2026, 10, 8), Met: []string{"plan", "ledger"}, Grade: "good", Findings: "台账规范"}
		if _, err := f.svc.Inspect(f.hr, p.ID, in); app.ErrorCode(err) != app.Forbidden {
			t.Errorf("county HR inspected: %v", err)
		}
		if _, err := f.svc.Inspect(f.city, p.ID, pairing.InspectionInput{InspectedOn: in.InspectedOn, Grade: "perfect"}); err == nil {
			t.Error("an unknown grade accepted")
		}
		got, err := f.svc.Inspect(f.city, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Passed() != 2 || len(got.Checklist) != len(pairing.ChecklistItems) {
			t.Errorf("checklist %v", got.Checklist)
		}
		for name, ctx := range map[string]context.Context{"other county": f.otherHR, "other county's school": f.otherRural, "city": f.city} {
			list, err := f.svc.Inspections(ctx)
			if err != nil || len(list) != 1 || list[0].Grade != "good" {
				t.Errorf("%s reads %d published inspections (%v), want 1", name, len(list), err)
			}
		}
		p, err = f.svc.Pair(f.hr, p.ID)
		if err != nil || p.Grade != "good" {
			t.Errorf("the pair's grade %q (%v)", p.Grade, err)
		}
	})
}

// Re-pairing: the next cycle repeats no pair of the last one unless kept.
func TestRepair(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		c := f.openCycle()
		first := c.Pairs[0]
		if err := f.svc.ReviewCycle(f.hr, c.ID, "结对成效明显"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Commend(f.hr, c.ID, pairing.CommendationInput{PairID: first.ID, Title: "优秀结对"}); err != nil {
			t.Fatal(err)
		}
		next, err := f.svc.OpenCycle(f.hr, pairing.CycleInput{CountyID: f.k.ID, Name: "2028—2030学年幼儿园结对帮扶", SchoolKind: pairing.KindKindergarten,
			Start: app.NewDate(2028, 9, 1), Capacities: pairing.DefaultCapacities, PreviousID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		keep := []pairing.SchoolPair{{Helper: first.HelperSchoolID, Helped: first.HelpedSchoolID}}
		prop, err := f.svc.Propose(f.hr, next.ID, keep)
		if err != nil {
			t.Fatal(err)
		}
		old := map[pairing.SchoolPair]bool{}
		for _, p := range c.Pairs {
			old[pairing.SchoolPair{Helper: p.HelperSchoolID, Helped: p.HelpedSchoolID}] = true
		}
		for _, sp := range prop.Pairs {
			if old[sp] && sp != keep[0] {
				t.Errorf("pair %v repeated without being kept", sp)
			}
		}
		if _, err := f.svc.ApplyProposal(f.hr, next.ID, keep); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AddPair(f.hr, next.ID, pairing.PairInput{HelperSchoolID: f.demo2.ID, HelpedSchoolID: f.demo1.ID})
		wantRefused(t, err, "既帮扶又受扶")
		_, err = f.svc.AddPair(f.hr, next.ID, pairing.PairInput{HelperSchoolID: f.demo2.ID, HelpedSchoolID: first.HelpedSchoolID})
		wantRefused(t, err, "已有结对学校")
	})
}

// Consortia: county HR defines one, its lead joins it, a school moves in
// (audited) and rotation's "within a consortium" sees it on the school's
// record; the lead cannot leave; a member school reads its consortium, a
// school outside it and another county's HR do not.
func TestConsortia(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		k, err := f.svc.CreateConsortium(f.hr, pairing.ConsortiumInput{CountyID: f.k.ID, Name: "城东学前联合体", Kind: "primary",
			Area: "城东学区", LeadSchoolID: f.demo1.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CreateConsortium(f.hr, pairing.ConsortiumInput{CountyID: f.k.ID, Name: "城东学前联合体", Kind: "primary", LeadSchoolID: f.demo2.ID})
		wantRefused(t, err, "同名")
		if _, err := f.svc.CreateConsortium(f.hr, pairing.ConsortiumInput{CountyID: f.k.ID, Name: "乡村牵头", Kind: "primary",
			LeadSchoolID: f.rural[1].ID}); err == nil {
			t.Error("a rural school leads a consortium")
		}
		if err := f.svc.MoveSchool(f.helper, f.rural[0].ID, k.ID); err == nil {
			t.Error("a school admin moved a school")
		}
		if _, err := f.svc.Consortium(f.helped, k.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("a school outside the consortium read it: %v", err)
		}
		if err := f.svc.MoveSchool(f.hr, f.rural[0].ID, k.ID); err != nil {
			t.Fatal(err)
		}
		sc, err := db.FindSchoolByID(context.Background(), f.rural[0].ID)
		if err != nil || sc.ConsortiumID != k.ID || sc.Consortium != "城东学前联合体" {
			t.Fatalf("the school's consortium is %d %q (%v)", sc.ConsortiumID, sc.Consortium, err)
		}
		got, err := f.svc.Consortium(f.helped, k.ID)
		if err != nil || len(got.Schools) != 2 {
			t.Fatalf("a member reads %v (%v), want 2 members", got, err)
		}
		if _, err := f.svc.Consortium(f.otherHR, k.ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("another county's HR read the consortium: %v", err)
		}
		err = f.svc.MoveSchool(f.hr, f.demo1.ID, 0)
		wantRefused(t, err, "牵头学校")
		var moves int
		if err := db.SQL().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'consortium.move'`).Scan(&moves); err != nil {
			t.Fatal(err)
		}
		if moves != 2 {
			t.Errorf("%d moves audited, want 2 (the lead joining, the school moving)", moves)
		}
	})
}
