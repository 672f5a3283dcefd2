package web_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store/storetest"
)

// homeFigures is what the home page and the bell show one actor of the
// inbox and the deadlines.
type homeFigures struct {
	Mine, Overview []*notify.Deadline
	Calendar       []*notify.Month
	Unread         int
}

func homeFiguresOf(t *testing.T, n *notify.Service, ctx context.Context) homeFigures {
	t.Helper()
	var f homeFigures
	var err error
	if f.Mine, err = n.Overdue(ctx, true); err != nil {
		t.Fatal(err)
	}
	if f.Overview, err = n.Overdue(ctx, false); err != nil {
		t.Fatal(err)
	}
	if f.Calendar, err = n.Calendar(ctx, notify.CalendarFilter{}); err != nil {
		t.Fatal(err)
	}
	if f.Unread, err = n.Unread(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// freshNotify is an inbox and calendar with nothing kept, over the sources
// the server's has, each a new service.
func (e *env) freshNotify() *notify.Service {
	log := audit.NewLog(e.db, e.clock)
	rot := rotation.NewService(e.db, log, e.clock)
	progs := programme.NewService(e.db, log, e.clock)
	placements := placement.New(e.db, secondment.NewService(e.db, progs, e.auth, log, e.clock), progs, log, e.clock)
	placements.SetLeaveDays(placement.ProgrammeLeave{Leave: placement.NewLeaveService(e.db, progs, log, e.clock)})
	returns := placement.NewReturnService(e.db, placements, progs, log, e.clock)
	n := notify.NewService(e.db, log, e.clock, notify.Config{}, nil)
	// Asked afresh every time (AddSource).
	n.AddSource(rot.Deadlines)
	n.AddSource(appointment.NewService(e.db, rot, log, e.clock).Deadlines)
	n.AddSource(returns.FollowUpDeadlines)
	n.AddSource(returns.ReportBackDeadlines)
	n.AddSource(placements.RequirementDeadlines)
	return n
}

// TestHomeFiguresEqualFresh: after every kind of write to what the home
// page's overdue deadlines, the calendar and the bell are computed from
// (cache.go in package notify), the inbox that keeps them shows each actor
// exactly what one with nothing kept computes afresh; and two actors never
// share what they see.
func TestHomeFiguresEqualFresh(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			// The sources the server's inbox has.
			kept := e.notes
			roles := []string{auth.RoleAdmin, auth.RoleCity, auth.RoleCountyHR, auth.RoleSchoolAdmin, auth.RoleParticipant}
			actors := map[string]context.Context{}
			for _, role := range roles {
				token := e.login(e.w.Actors[role].Username)
				a, err := e.auth.Authenticate(context.Background(), token, "192.0.2.1")
				if err != nil {
					t.Fatal(err)
				}
				actors[role] = app.WithActor(context.Background(), a)
			}
			// The home page's organisation figures, kept (org.HomeFigures).
			keptOrg := org.NewService(e.db)
			changed := 0
			var last homeFigures
			check := func(after string) {
				t.Helper()
				fresh := e.freshNotify()
				for _, role := range roles {
					// Each asking as a GET request does: its counters of
					// changes read once (app.Versions).
					read := func() context.Context { return app.WithVersions(actors[role]) }
					// Twice: the second answer comes from what was kept.
					homeFiguresOf(t, kept, read())
					got, want := homeFiguresOf(t, kept, read()), homeFiguresOf(t, fresh, actors[role])
					checkOrgFigures(t, e, keptOrg, read, after, role)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("after %s %s's kept home figures differ from fresh ones:\nkept  %d mine, %d overview, %d months, %d unread\nfresh %d mine, %d overview, %d months, %d unread",
							after, role, len(got.Mine), len(got.Overview), len(got.Calendar), got.Unread,
							len(want.Mine), len(want.Overview), len(want.Calendar), want.Unread)
					}
					if role == auth.RoleCountyHR {
						if !reflect.DeepEqual(got, last) {
							changed++
						}
						last = got
					}
				}
			}
			check("nothing")
			rs, sys, _ := e.rotation()
			place := app.Place{CityID: e.w.City.ID, CountyID: e.w.CountyA.ID, SchoolID: e.w.A1.ID}
			if err := notify.Wait(context.Background(), e.db, notify.Item{Key: "test:cache", Kind: "exemption", Title: "暂缓交流申请待审批",
				Link: "/rotation/exemptions", Permission: auth.RotationManage, Place: place, Since: e.clock.Now()}); err != nil {
				t.Fatal(err)
			}
			check("an item opened")
			items, err := kept.Inbox(actors[auth.RoleCountyHR])
			if err != nil || len(items) != 1 {
				t.Fatalf("county HR's inbox: %v %v", items, err)
			}
			if _, err := kept.MarkRead(actors[auth.RoleCountyHR], items[0].ID); err != nil {
				t.Fatal(err)
			}
			check("an item read")
			if err := notify.Done(context.Background(), e.db, e.clock.Now(), "test:cache"); err != nil {
				t.Fatal(err)
			}
			check("an item done")
			if _, err := rs.SubmitReturn(sys, e.w.CountyA.ID, 2025, rotation.SubmitInput{}); err != nil {
				t.Fatal(err)
			}
			check("a return submitted")
			x, err := rs.CreateExchange(sys, rotation.ExchangeInput{EducatorID: e.freshTeacher(e.w.A1), Form: rotation.FormSupport,
				HostSchoolID: e.w.A2.ID, Start: mDate(2023, 9, 1), PlannedEnd: mDate(2026, 8, 31)})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range []rotation.ExchangeStatus{rotation.StatusAnnounced, rotation.StatusActive} {
				if _, err := rs.ChangeExchangeStatus(sys, x.ID, rotation.StatusInput{Status: st, Date: mDate(2023, 9, 1)}); err != nil {
					t.Fatal(err)
				}
			}
			check("an exchange begun")
			m, err := rs.ApplyExemption(sys, rotation.ExemptionInput{EducatorID: e.freshTeacher(e.w.A1), Reason: "featured_course",
				Detail: "特色课程领衔教师", Evidence: "认定文件", Start: mDate(2026, 9, 1), End: mDate(2026, 12, 31)})
			if err != nil {
				t.Fatal(err)
			}
			check("a deferral applied for")
			if _, err := rs.DecideExemption(sys, m.ID, rotation.DecisionInput{Approve: true}); err != nil {
				t.Fatal(err)
			}
			check("a deferral approved")
			e.roundAt(&matrixCase{school: e.w.A1.ID}, "due")
			check("a round's notice over")
			if _, err := e.db.SQL().ExecContext(context.Background(), `UPDATE counties SET name = '甲区（新）' WHERE id = $1`, e.w.CountyA.ID); err != nil {
				t.Fatal(err)
			}
			check("a county renamed")
			if _, err := e.db.SQL().ExecContext(context.Background(), `UPDATE educators SET name = '改名' WHERE id = $1`, x.EducatorID); err != nil {
				t.Fatal(err)
			}
			check("an educator renamed")
			// A principal's contract (appointment's source, under the other
			// counter), its first year overdue, then assessed.
			var selection int64
			if err := e.db.SQL().QueryRowContext(context.Background(), `INSERT INTO appointment_selections (school_id, post, vacancy,
				registration_end, evaluation_date, notice_days, pass_percent, stage, created_by, created_at, updated_at)
				VALUES ($1, 'principal', 'new', '2025-04-01', '2025-04-10', 5, 50, 'appointed', 'test', $2, $2) RETURNING id`,
				e.w.A1.ID, e.clock.Now()).Scan(&selection); err != nil {
				t.Fatal(err)
			}
			k := &appointment.Contract{SelectionID: selection, EducatorID: e.w.EA1.ID, SchoolID: e.w.A1.ID, Post: "principal",
				Start: mDate(2025, 6, 1), End: mDate(2029, 5, 31), CreatedAt: e.clock.Now()}
			if err := e.db.CreateContract(context.Background(), k); err != nil {
				t.Fatal(err)
			}
			check("a contract signed")
			if err := e.db.CreateContractAssessment(context.Background(), &appointment.Assessment{ContractID: k.ID, Year: 1, Grade: "competent",
				By: "test", At: e.clock.Now()}); err != nil {
				t.Fatal(err)
			}
			check("a contract year assessed")
			e.clock.Advance(24 * time.Hour)
			check("a day gone by")
			if changed < 10 {
				t.Fatalf("county HR's figures changed %d times: the writes do not reach the home page", changed)
			}
		})
	}
}

// checkOrgFigures compares the organisation figures kept for the home page
// with those counted afresh.
func checkOrgFigures(t *testing.T, e *env, kept *org.Service, read func() context.Context, after, role string) {
	t.Helper()
	a := app.ActorOf(read())
	if auth.Can(a, auth.OrgRead) != nil {
		return
	}
	if _, err := kept.HomeFigures(read()); err != nil {
		t.Fatal(err)
	}
	got, err := kept.HomeFigures(read())
	if err != nil {
		t.Fatal(err)
	}
	within := auth.ScopeOf(a, auth.OrgRead)
	counties, err := e.db.FindCounties(context.Background(), within)
	if err != nil {
		t.Fatal(err)
	}
	byLevel, err := e.db.CountSchoolsByLevel(context.Background(), within)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Counties, counties) || !reflect.DeepEqual(got.ByLevel, byLevel) {
		t.Fatalf("after %s %s's kept organisation figures differ from fresh ones:\nkept  %v %v\nfresh %v %v",
			after, role, got.Counties, got.ByLevel, counties, byLevel)
	}
}
