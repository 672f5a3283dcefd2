package placement_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a county's seed [000] programme on 20 October 2026 with the
// participant 张一 of 甲县第一中学 placed in its fourth batch (10 October to
// 11 November) at a host with a mentor; accounts for the participant, the
// home school's admin, another school's admin, the county HR (organiser
// and decider over the home school), and the mentor.
type fixture struct {
	t       *testing.T
	db      *store.DB
	clock   *app.FixedClock
	leave   *placement.LeaveService
	notify  *notify.Service
	p       *programme.Programme
	pl      *secondment.Placement
	placeID int64
	part    context.Context
	school  context.Context
	other   context.Context
	hr      context.Context
	mentor  context.Context
}

func actor(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		Grants: u.Grants, EducatorID: u.EducatorID, SchoolID: u.SchoolID, CountyID: u.CountyID})
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	clock := app.NewFixedClock(time.Date(2026, 10, 20, 2, 0, 0, 0, time.UTC))
	log := audit.NewLog(db, clock)
	progs := programme.NewService(db, log, clock)
	accounts := storetest.MustAuthService(t, db, log, clock)
	sec := secondment.NewService(db, progs, accounts, log, clock)
	f := &fixture{t: t, db: db, clock: clock, leave: placement.NewLeaveService(db, progs, log, clock)}
	f.notify = notify.NewService(db, log, clock, notify.Config{}, nil)
	city := storetest.MustCreateCity(t, db, "测试市")
	k := storetest.MustCreateCounty(t, db, city, "甲县")
	home := storetest.MustCreateSchool(t, db, k, "甲县第一中学", func(s *org.School) { s.Level = "junior" })
	away := storetest.MustCreateSchool(t, db, k, "甲县第二中学")
	e := storetest.MustCreateEducator(t, db, home, "张一", func(e *people.Educator) { e.Post = people.PostMiddleCadre })
	hr := storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: city.ID, CountyID: k.ID}, 0,
		app.Grant{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: k.ID})
	f.hr = actor(t, db, hr)
	f.school = actor(t, db, storetest.MustCreateUser(t, db, "school-home", home.Place(), 0,
		app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: home.ID}))
	f.other = actor(t, db, storetest.MustCreateUser(t, db, "school-away", away.Place(), 0,
		app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: away.ID}))
	f.part = actor(t, db, storetest.MustCreateUser(t, db, "part-1", home.Place(), e.ID,
		app.Grant{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: home.ID}))
	p, err := sec.CreateFromTemplate(f.hr, secondment.TemplateInput{Template: "000", Year: 2026, CountyID: k.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.p = p
	if _, err := progs.Enrol(f.hr, p.ID, programme.MemberInput{EducatorID: e.ID, Category: "中层干部"}); err != nil {
		t.Fatal(err)
	}
	batches, err := sec.Batches(f.hr, p)
	if err != nil {
		t.Fatal(err)
	}
	b := batches[3]
	h, err := sec.CreateHost(f.hr, secondment.HostInput{HostDetails: secondment.HostDetails{CountyID: k.ID, Name: "济宁市实验中学",
		Place: "山东济宁"}, Departments: "教务处"})
	if err != nil {
		t.Fatal(err)
	}
	if err := sec.SetBatchHost(f.hr, p.ID, b.ID, h.ID, 3); err != nil {
		t.Fatal(err)
	}
	m, _, err := sec.CreateMentor(f.hr, p.ID, secondment.MentorInput{Username: "jn-mentor", DisplayName: "孙导师", HostID: h.ID})
	if err != nil {
		t.Fatal(err)
	}
	mu, err := db.FindUserByID(context.Background(), m.UserID)
	if err != nil {
		t.Fatal(err)
	}
	f.mentor = actor(t, db, mu)
	if f.pl, err = sec.Place(f.hr, p.ID, e.ID, secondment.PlacementInput{BatchID: b.ID, HostID: h.ID, MentorID: m.UserID}); err != nil {
		t.Fatal(err)
	}
	if f.placeID, err = db.PlacementID(context.Background(), p.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func isoDay(s string) app.Date {
	d, err := app.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (f *fixture) ask(kind, start, end string) *placement.Leave {
	f.t.Helper()
	l, err := f.leave.Ask(f.part, placement.LeaveInput{PlacementID: f.placeID, Kind: kind, Start: isoDay(start), End: isoDay(end), Reason: "发热就医，需休息"})
	if err != nil {
		f.t.Fatal(err)
	}
	return l
}

func inboxHas(t *testing.T, n *notify.Service, ctx context.Context, words string) bool {
	t.Helper()
	items, err := n.Inbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if strings.Contains(it.Title, words) {
			return true
		}
	}
	return false
}

func TestLeaveStateMachine(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Bad input changes nothing.
		_, err := f.leave.Ask(f.part, placement.LeaveInput{PlacementID: f.placeID, Kind: placement.LeavePersonal, Start: isoDay("2026-10-23"),
			End: isoDay("2026-10-22"), Reason: "家中有事"})
		wantCode(t, err, app.Invalid, "结束日期不能早于开始日期")
		_, err = f.leave.Ask(f.part, placement.LeaveInput{PlacementID: f.placeID, Kind: placement.LeavePersonal, Start: isoDay("2026-11-10"),
			End: isoDay("2026-11-13"), Reason: "家中有事"})
		wantCode(t, err, app.Invalid, "挂职期间")
		// Only the participant asks; a stranger does not see the placement.
		_, err = f.leave.Ask(f.school, placement.LeaveInput{PlacementID: f.placeID, Kind: placement.LeavePersonal, Start: isoDay("2026-10-22"),
			End: isoDay("2026-10-22"), Reason: "家中有事"})
		wantCode(t, err, app.Forbidden, "本人")

		l := f.ask(placement.LeaveSick, "2026-10-22", "2026-10-23")
		if l.Status != placement.LeaveRequested || l.Days != 2 || l.PlacementID != f.placeID || l.Reason == "" || !l.Can.Cancel || l.Can.Decide {
			t.Fatalf("asked: %+v", l)
		}
		if _, err := f.leave.Ask(f.part, placement.LeaveInput{PlacementID: f.placeID, Kind: placement.LeavePersonal, Start: isoDay("2026-10-23"),
			End: isoDay("2026-10-24"), Reason: "家中有事"}); app.ErrorCode(err) != app.Conflict {
			t.Errorf("an overlapping request: %v", err)
		}
		if !inboxHas(t, f.notify, f.school, "张一申请病假") || inboxHas(t, f.notify, f.other, "张一") {
			t.Error("the request is not in the home school's inbox alone")
		}
		// Another school answers as if the leave did not exist; the mentor
		// sees it without the sick-leave reason and may not decide.
		_, err = f.leave.Leave(f.other, l.ID)
		wantCode(t, err, app.NotFound)
		seen, err := f.leave.Leave(f.mentor, l.ID)
		if err != nil || seen.Reason != "" || !seen.ReasonHidden {
			t.Fatalf("the mentor reads %+v, %v", seen, err)
		}
		_, err = f.leave.Approve(f.mentor, l.ID, placement.LeaveDecision{})
		wantCode(t, err, app.Forbidden, "派出学校")
		// Forbidden transitions before the decision.
		_, err = f.leave.Acknowledge(f.mentor, l.ID, struct{}{})
		wantCode(t, err, app.Conflict, "待派出学校审批", "不能确认知悉")
		_, err = f.leave.Close(f.part, l.ID, placement.LeaveReturn{ActualStart: isoDay("2026-10-22"), ActualEnd: isoDay("2026-10-22")})
		wantCode(t, err, app.Conflict, "不能销假")
		_, err = f.leave.Approve(f.part, l.ID, placement.LeaveDecision{})
		wantCode(t, err, app.Forbidden)

		seen, err = f.leave.Leave(f.school, l.ID)
		if err != nil || seen.Reason != "发热就医，需休息" || !seen.Can.Decide {
			t.Fatalf("the home school reads %+v, %v", seen, err)
		}
		l, err = f.leave.Approve(f.school, l.ID, placement.LeaveDecision{Note: "同意，注意休息"})
		if err != nil || l.Status != placement.LeaveApproved || l.DecidedBy == "" {
			t.Fatalf("approved: %+v %v", l, err)
		}
		_, err = f.leave.Refuse(f.hr, l.ID, placement.LeaveDecision{})
		wantCode(t, err, app.Conflict, "不能不批准")
		_, err = f.leave.Cancel(f.part, l.ID, struct{}{})
		wantCode(t, err, app.Conflict, "不能撤回")
		if inboxHas(t, f.notify, f.school, "张一申请病假") || !inboxHas(t, f.notify, f.mentor, "已获派出学校批准") ||
			!inboxHas(t, f.notify, f.hr, "告知接收学校") {
			t.Error("the inbox after the approval")
		}
		// The leave days show on the attendance sheet once approved.
		days, err := f.leave.LeaveDays(f.mentor, f.placeID, isoDay("2026-10-01"), isoDay("2026-10-31"))
		if err != nil || len(days) != 2 || days[isoDay("2026-10-22")] != "病假" {
			t.Fatalf("leave days %v %v", days, err)
		}

		_, err = f.leave.Close(f.mentor, l.ID, placement.LeaveReturn{})
		wantCode(t, err, app.Forbidden, "本人")
		if l, err = f.leave.Acknowledge(f.mentor, l.ID, struct{}{}); err != nil || l.Status != placement.LeaveAcknowledged {
			t.Fatalf("acknowledged: %+v %v", l, err)
		}
		if inboxHas(t, f.notify, f.mentor, "已获派出学校批准") || inboxHas(t, f.notify, f.hr, "告知接收学校") {
			t.Error("the acknowledgement left the items open")
		}
		_, err = f.leave.Close(f.part, l.ID, placement.LeaveReturn{ActualStart: isoDay("2026-10-22"), ActualEnd: isoDay("2026-10-21")})
		wantCode(t, err, app.Invalid, "不能早于")
		_, err = f.leave.Close(f.part, l.ID, placement.LeaveReturn{ActualStart: isoDay("2026-10-22"), ActualEnd: isoDay("2026-10-23")})
		wantCode(t, err, app.Invalid, "返岗后方可销假")
		f.clock.Advance(72 * time.Hour)
		l, err = f.leave.Close(f.part, l.ID, placement.LeaveReturn{ActualStart: isoDay("2026-10-22"), ActualEnd: isoDay("2026-10-22")})
		if err != nil || l.Status != placement.LeaveClosed || l.ActualEnd != isoDay("2026-10-22") {
			t.Fatalf("closed: %+v %v", l, err)
		}
		_, err = f.leave.Close(f.part, l.ID, placement.LeaveReturn{ActualStart: isoDay("2026-10-22"), ActualEnd: isoDay("2026-10-22")})
		wantCode(t, err, app.Conflict, "已销假")
		days, err = f.leave.LeaveDays(f.part, f.placeID, isoDay("2026-10-01"), isoDay("2026-10-31"))
		if err != nil || len(days) != 1 {
			t.Fatalf("leave days after the return %v %v", days, err)
		}
		// Every step is audited, and never with a sick-leave reason.
		for _, action := range []string{"placement.leave_request", "placement.leave_approve", "placement.leave_acknowledge", "placement.leave_close"} {
			entries, _, err := db.FindAudit(context.Background(), audit.Filter{Action: action})
			if err != nil || len(entries) != 1 || strings.Contains(entries[0].Detail+entries[0].Summary, "发热") {
				t.Errorf("audit of %s: %v %v", action, entries, err)
			}
		}
		// The mentor lists the leave; a stranger lists nothing.
		if list, err := f.leave.Leaves(f.mentor, placement.LeaveFilter{}); err != nil || len(list) != 1 {
			t.Errorf("the mentor's list %v %v", list, err)
		}
		if list, err := f.leave.Leaves(f.other, placement.LeaveFilter{}); err != nil || len(list) != 0 {
			t.Errorf("a stranger's list %v %v", list, err)
		}
	})
}

func TestLeaveRefusedAndWithdrawn(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		l := f.ask(placement.LeavePersonal, "2026-10-26", "2026-10-26")
		l, err := f.leave.Refuse(f.hr, l.ID, placement.LeaveDecision{Note: "教学周期间不宜离岗"})
		if err != nil || l.Status != placement.LeaveRefused {
			t.Fatalf("refused: %+v %v", l, err)
		}
		_, err = f.leave.Acknowledge(f.mentor, l.ID, struct{}{})
		wantCode(t, err, app.Conflict, "未批准")
		days, err := f.leave.LeaveDays(f.part, f.placeID, isoDay("2026-10-01"), isoDay("2026-11-30"))
		if err != nil || len(days) != 0 {
			t.Fatalf("a refused leave counts days %v %v", days, err)
		}
		l = f.ask(placement.LeavePersonal, "2026-10-26", "2026-10-27")
		if l, err = f.leave.Cancel(f.part, l.ID, struct{}{}); err != nil || l.Status != placement.LeaveCancelled {
			t.Fatalf("withdrawn: %+v %v", l, err)
		}
		_, err = f.leave.Approve(f.school, l.ID, placement.LeaveDecision{})
		wantCode(t, err, app.Conflict, "已撤回")
	})
}

// TestLeaveConcurrentDecisions: the home school's admin and the county
// bureau decide the same request at once, several times over: exactly one
// decision stands, the others are told it was taken.
func TestLeaveConcurrentDecisions(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		l := f.ask(placement.LeavePersonal, "2026-10-28", "2026-10-28")
		const n = 6
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				who := []context.Context{f.school, f.hr}[i%2]
				if i%3 == 0 {
					_, errs[i] = f.leave.Refuse(who, l.ID, placement.LeaveDecision{})
				} else {
					_, errs[i] = f.leave.Approve(who, l.ID, placement.LeaveDecision{})
				}
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
				t.Errorf("a losing decision failed with %v, want a conflict", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d decisions stood, want exactly one", won)
		}
		entries, _, err := db.FindAudit(context.Background(), audit.Filter{Entity: "leave", EntityID: strconv.FormatInt(l.ID, 10)})
		if err != nil || len(entries) != 2 {
			t.Errorf("audit: %d entries (want the request and one decision), %v", len(entries), err)
		}
	})
}
