package rotation_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// inbox lists the keys of the items waiting on the actor of ctx.
func inbox(t *testing.T, n *notify.Service, ctx context.Context) []string {
	t.Helper()
	items, err := n.Inbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Link+" "+it.Title)
	}
	return keys
}

// has reports whether one of the inbox's lines contains want.
func holds(lines []string, want string) bool {
	return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, want) })
}

func newNotify(db *store.DB, clock app.Clock, svc *rotation.Service) *notify.Service {
	n := notify.NewService(db, audit.NewLog(db, clock), clock, notify.Config{}, nil)
	n.AddSource(svc.Deadlines)
	return n
}

// Each procedure that waits on someone opens its item for those who must
// act, and no one else, and the action clears it for everyone.
func TestProceduresOpenAndClearItems(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-06-01"))
		n := newNotify(db, f.clock, f.svc)

		// A deferral application waits on the county's HR.
		wang := f.educator(f.u1, "王五")
		m, err := f.svc.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: wang.ID, Reason: "featured_course",
			Detail: "学校书法特色课程领衔教师", Evidence: "县教育局特色课程认定文件", Start: d("2026-09-01"), End: d("2027-08-31")})
		if err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.hr); !holds(got, "暂缓交流申请待审批：王五（甲县实验小学）") {
			t.Fatalf("county HR's inbox: %v", got)
		}
		for name, ctx := range map[string]context.Context{"school": f.school, "other county": f.hrL, "city": f.city1} {
			if got := inbox(t, n, ctx); holds(got, "王五") {
				t.Fatalf("%s sees the application to decide: %v", name, got)
			}
		}
		if _, err := f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: true}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.hr); holds(got, "王五") {
			t.Fatalf("decided, still waiting: %v", got)
		}

		// A transfer waits on each school's consent, then on the county.
		li := f.educator(f.u1, "李四")
		x := f.exchange(f.hr, li, f.r1, "support", "2022-09-01", "2025-08-31")
		f.step(f.hr, x, "announced", "2022-07-01", "")
		f.step(f.hr, x, "active", "2022-09-01", "")
		if _, err := f.svc.RequestTransfer(f.school, x.ID, rotation.TransferInput{Date: d("2025-06-01"), Note: "本人申请调入"}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.school); !holds(got, "调动申请待原学校同意：李四") || holds(got, "待交流学校同意") {
			t.Fatalf("origin school's inbox: %v", got)
		}
		if got := inbox(t, n, f.host); !holds(got, "调动申请待交流学校同意：李四") || holds(got, "待原学校同意") {
			t.Fatalf("host school's inbox: %v", got)
		}
		if _, err := f.svc.ConsentTransfer(f.school, x.ID, rotation.TransferInput{Side: "origin"}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.school); holds(got, "李四") {
			t.Fatalf("consented, origin still asked: %v", got)
		}
		if got := inbox(t, n, f.hr); holds(got, "待区县审批") {
			t.Fatalf("the county is asked before the host consented: %v", got)
		}
		if _, err := f.svc.ConsentTransfer(f.host, x.ID, rotation.TransferInput{Side: "host"}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.host); holds(got, "李四") {
			t.Fatalf("consented, host still asked: %v", got)
		}
		if got := inbox(t, n, f.hr); !holds(got, "调入交流学校待区县审批：李四") {
			t.Fatalf("county HR's inbox after both consents: %v", got)
		}
		f.step(f.hr, x, "transferred", "2025-08-31", "")
		if got := inbox(t, n, f.hr); holds(got, "李四") {
			t.Fatalf("transferred, still waiting: %v", got)
		}

		// A host's assessment waits on the origin county's confirmation;
		// the item never names the grade.
		qian := f.educator(f.u1, "钱七")
		y := f.exchange(f.hr, qian, f.r1, "support", "2024-09-01", "2027-08-31")
		f.step(f.hr, y, "announced", "2024-07-01", "")
		f.step(f.hr, y, "active", "2024-09-01", "")
		a, err := f.svc.EnterAssessment(f.host, y.ID, rotation.AssessmentInput{SchoolYear: 2024, Grade: "excellent", Comment: "表现突出"})
		if err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.hr); !holds(got, "交流年度考核待确认：钱七") || holds(got, "优秀") {
			t.Fatalf("county HR's inbox: %v", got)
		}
		if _, err := f.svc.ConfirmAssessment(f.hr, a.ID); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.hr); holds(got, "钱七") {
			t.Fatalf("confirmed, still waiting: %v", got)
		}

		// A township round's applications wait on the school until published.
		teacher := f.educator(f.t1, "甲老师")
		school := as(auth.RoleSchoolAdmin, auth.ScopeSchool, f.t1.ID, "school-t1")
		r, err := f.svc.CreateRound(school, rotation.RoundInput{SchoolID: f.t1.ID, HostSchoolID: f.r1.ID, Places: 1, NoticeDays: 5,
			Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")})
		if err != nil {
			t.Fatal(err)
		}
		ap, err := f.svc.Apply(school, r.ID, rotation.ApplicationInput{EducatorID: teacher.ID, Statement: "申请支教"})
		if err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, school); !holds(got, "乡镇内支教申请待评分公示") {
			t.Fatalf("the round's school inbox: %v", got)
		}
		if got := inbox(t, n, f.school); holds(got, "乡镇内支教") {
			t.Fatalf("another school is asked: %v", got)
		}
		if _, err := f.svc.ScoreApplications(school, r.ID, rotation.ScoreInput{Scores: map[int64]float64{ap.ID: 90}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.PublishRound(school, r.ID); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, school); holds(got, "待评分公示") {
			t.Fatalf("published, still waiting: %v", got)
		}
		// An objection to its notice waits on the school, which answers it.
		o, err := f.svc.RaiseObjection(f.hr, r.ID, rotation.ObjectionInput{ApplicationID: ap.ID, Text: "申请人本学年已有交流安排"})
		if err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, school); !holds(got, "公示异议待答复") {
			t.Fatalf("the objection in the school's inbox: %v", got)
		}
		for name, ctx := range map[string]context.Context{"another school": f.school, "other county": f.hrL} {
			if got := inbox(t, n, ctx); holds(got, "公示异议待答复") {
				t.Fatalf("%s is asked to answer: %v", name, got)
			}
		}
		if _, err := f.svc.ResolveObjection(school, o.ID, rotation.ResolutionInput{Resolution: "经核实，安排不冲突"}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, school); holds(got, "公示异议待答复") {
			t.Fatalf("answered, still waiting: %v", got)
		}
		// Its notice's last day is a deadline of the school's, swept into
		// its inbox, and gone once the school selects.
		if _, _, err := n.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, school); !holds(got, "乡镇内支教校内公示期满") {
			t.Fatalf("the notice's end in the school's inbox: %v", got)
		}
		f.clock.Advance(5 * 24 * time.Hour)
		if _, err := f.svc.SelectRound(school, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := n.Sweep(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, school); holds(got, "乡镇内支教") {
			t.Fatalf("selected, still waiting: %v", got)
		}
	})
}

// The annual return is due on 30 September: thirty days before, it enters
// the inbox of the county's HR; on the day it is due today, the day after
// overdue; submitting clears it at once, and the sweep leaves it cleared.
func TestReturnDeadline(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-08-30"))
		n := newNotify(db, f.clock, f.svc)
		f.educator(f.u1, "王五", func(e *people.Educator) { e.JoinedSchool = d("2010-09-01") })
		sweep := func() {
			t.Helper()
			if _, _, err := n.Sweep(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		state := func(ctx context.Context) notify.State {
			t.Helper()
			months, err := n.Calendar(ctx, notify.CalendarFilter{From: d("2026-09-01"), To: d("2026-12-31")})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range months {
				for _, dl := range m.Deadlines {
					if dl.Kind == "return" && strings.Contains(dl.Title, "甲县2026") {
						return dl.State
					}
				}
			}
			return ""
		}
		sweep()
		if got := inbox(t, n, f.hr); holds(got, "2026—2027学年交流轮岗年度报送") || !holds(got, "甲县2025—2026学年交流轮岗年度报送（截止2025年9月30日）") {
			t.Fatalf("31 days before, the inbox (last year's return, never submitted, is overdue): %v", got)
		}
		f.clock.Advance(24 * time.Hour) // 31 August, thirty days before
		sweep()
		if got := inbox(t, n, f.hr); !holds(got, "甲县2026—2027学年交流轮岗年度报送（截止2026年9月30日）") || holds(got, "乙县") {
			t.Fatalf("thirty days before, county HR's inbox: %v", got)
		}
		if got := inbox(t, n, f.school); holds(got, "年度报送") {
			t.Fatalf("a school is asked for the return: %v", got)
		}
		for day, want := range map[string]notify.State{"2026-09-29": notify.StateUpcoming, "2026-09-30": notify.StateToday,
			"2026-10-01": notify.StateOverdue} {
			f.clock.Advance(d(day).Time().Add(2 * time.Hour).Sub(f.clock.Now()))
			if got := state(f.hr); got != want {
				t.Errorf("on %s the return is %q, want %q", day, got, want)
			}
			if got := state(f.city1); got != want {
				t.Errorf("the city's calendar on %s: %q, want %q", day, got, want)
			}
			if got := state(f.school); got != "" {
				t.Errorf("a school's calendar shows the county's return: %q", got)
			}
			overdue, err := n.Overdue(f.hr, true)
			if err != nil {
				t.Fatal(err)
			}
			late := slices.ContainsFunc(overdue, func(dl *notify.Deadline) bool { return strings.Contains(dl.Title, "甲县2026") })
			if late != (want == notify.StateOverdue) {
				t.Errorf("on %s the home page's overdue: %+v", day, overdue)
			}
		}
		if _, err := f.svc.SubmitReturn(f.hr, f.k.ID, 2026, rotation.SubmitInput{}); err != nil {
			t.Fatal(err)
		}
		if got := inbox(t, n, f.hr); holds(got, "甲县2026—2027学年") {
			t.Fatalf("submitted, still waiting: %v", got)
		}
		sweep()
		if got := inbox(t, n, f.hr); holds(got, "甲县2026—2027学年") {
			t.Fatalf("submitted, the sweep opened it again: %v", got)
		}
		if got := state(f.hr); got != "" {
			t.Fatalf("submitted, still in the calendar: %q", got)
		}
		if got := inbox(t, n, f.hrL); !holds(got, "乙县2026—2027学年") {
			t.Fatalf("the other county has not submitted: %v", got)
		}
	})
}
