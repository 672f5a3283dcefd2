package placement_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// contactWorld is the world with a and b in one training group led by a,
// and the contact service over it.
func contactWorld(t *testing.T, db *store.DB) (*world, *placement.ContactService, *secondment.Group) {
	t.Helper()
	w := newWorld(t, db, startClock())
	c := placement.NewContactService(db, w.svc, audit.NewLog(db, w.clock), w.clock)
	g, err := w.sec.CreateGroup(w.hr, w.p.ID, secondment.GroupInput{Name: "初中一组", LeaderID: w.eduA})
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.FindPlacements(context.Background(), w.p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range all {
		if _, err := w.sec.Place(w.hr, w.p.ID, pl.EducatorID, secondment.PlacementInput{BatchID: pl.BatchID, HostID: pl.HostID,
			MentorID: pl.MentorID, GroupID: g.ID}); err != nil {
			t.Fatal(err)
		}
	}
	return w, c, g
}

func inbox(t *testing.T, db *store.DB, clock app.Clock, ctx context.Context) []string {
	t.Helper()
	items, err := notify.NewService(db, audit.NewLog(db, clock), clock, notify.Config{}, nil).Inbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

// TestCoachingAndEvaluations: only the placement's mentor writes coaching
// and evaluations; the participant answers with a follow-up and is told of
// an evaluation; the home school and the group leader read; another
// participant and an outsider get not found; bad input changes nothing.
func TestCoachingAndEvaluations(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, c, _ := contactWorld(t, db)
		in := placement.CoachingInput{Date: day(10, 14), Form: "lesson", Topic: "初二数学听评课", Content: "课堂提问层次不够，建议分层设问。"}
		_, err := c.AddCoaching(w.a, w.ida, in)
		wantCode(t, err, app.Forbidden, "导师")
		_, err = c.AddCoaching(w.other, w.ida, in)
		wantCode(t, err, app.NotFound)
		bad := in
		bad.Date = day(10, 16)
		_, err = c.AddCoaching(w.mentor, w.ida, bad)
		wantCode(t, err, app.Invalid, "不能晚于今天")
		s := must[*placement.Coaching](t)(c.AddCoaching(w.mentor, w.ida, in))
		_, err = c.FollowUp(w.mentor, w.ida, s.ID, placement.FollowUpInput{FollowUp: "已改"})
		wantCode(t, err, app.Forbidden)
		_, err = c.FollowUp(w.a, w.ida, s.ID+1000, placement.FollowUpInput{FollowUp: "已改"})
		wantCode(t, err, app.NotFound)
		got := must[*placement.Coaching](t)(c.FollowUp(w.a, w.ida, s.ID, placement.FollowUpInput{FollowUp: "重新设计了第三课时的提问"}))
		if got.FollowUp != "重新设计了第三课时的提问" || got.FollowUpAt.IsZero() {
			t.Errorf("follow-up: %+v", got)
		}

		ev := placement.EvaluationInput{Period: "2026年10月", Grade: "good", Comment: "深入课堂，勤于反思。"}
		_, err = c.AddEvaluation(w.mentor, w.ida, placement.EvaluationInput{Period: "2026年10月", Grade: "top", Comment: "好"})
		wantCode(t, err, app.Invalid, "等次")
		_, err = c.AddEvaluation(w.hr, w.ida, ev)
		wantCode(t, err, app.Forbidden)
		must[*placement.Evaluation](t)(c.AddEvaluation(w.mentor, w.ida, ev))
		_, err = c.AddEvaluation(w.mentor, w.ida, ev)
		wantCode(t, err, app.Conflict, "已经写过")
		if titles := inbox(t, db, w.clock, w.a); len(titles) != 1 || !strings.Contains(titles[0], "2026年10月的阶段评价") {
			t.Errorf("participant's inbox: %q", titles)
		}

		for name, ctx := range map[string]context.Context{"school": w.school, "hr": w.hr, "participant": w.a, "leader of b": w.a} {
			id := w.ida
			if name == "leader of b" {
				id = w.idb
			}
			if _, err := c.Mentoring(ctx, id); err != nil {
				t.Errorf("%s reads: %v", name, err)
			}
		}
		_, err = c.Evaluations(w.b, w.ida)
		wantCode(t, err, app.NotFound)
		_, err = c.Coaching(w.other, w.ida)
		wantCode(t, err, app.NotFound)
		m := must[*placement.Mentoring](t)(c.Mentoring(w.school, w.ida))
		if len(m.Coaching) != 1 || len(m.Evaluations) != 1 || m.Can.Coach || m.Can.FollowUp {
			t.Errorf("mentoring as the home school: %+v", m)
		}
	})
}

// TestCheckIns: the organiser records contacts; the board lists every
// participant with their last contact and those not contacted for N days,
// never contacted first; a bad N is refused in Chinese; nobody else sees it.
func TestCheckIns(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, c, _ := contactWorld(t, db)
		_, err := c.AddCheckIn(w.hr, w.p.ID, placement.CheckInInput{PlacementID: w.ida, Date: day(10, 1), Way: "fax", Notes: "x"})
		wantCode(t, err, app.Invalid, "沟通方式")
		_, err = c.AddCheckIn(w.mentor, w.p.ID, placement.CheckInInput{PlacementID: w.ida, Date: day(10, 1), Way: "phone", Notes: "x"})
		wantCode(t, err, app.NotFound)
		must[*placement.CheckIn](t)(c.AddCheckIn(w.hr, w.p.ID, placement.CheckInInput{PlacementID: w.ida, Date: day(10, 1), Way: "phone", Notes: "了解住宿"}))
		must[*placement.CheckIn](t)(c.AddCheckIn(w.hr, w.p.ID, placement.CheckInInput{PlacementID: w.ida, Date: day(10, 12), Way: "visit", Notes: "到校走访"}))
		b := must[*placement.ContactBoard](t)(c.Contacts(w.hr, w.p.ID, 14))
		if len(b.Rows) != 2 || len(b.NotContacted) != 1 || b.NotContacted[0].PlacementID != w.idb || b.NotContacted[0].Last != nil {
			t.Fatalf("board at 14 days: %+v", b.NotContacted)
		}
		for _, r := range b.Rows {
			if r.PlacementID == w.ida && (r.Contacts != 2 || r.Last.Way != "visit" || r.Since != 3) {
				t.Errorf("a's row: %+v %+v", r, r.Last)
			}
		}
		b = must[*placement.ContactBoard](t)(c.Contacts(w.hr, w.p.ID, 3))
		if len(b.NotContacted) != 2 || b.NotContacted[0].PlacementID != w.idb {
			t.Errorf("board at 3 days: %+v", b.NotContacted)
		}
		_, err = c.Contacts(w.hr, w.p.ID, 0)
		wantCode(t, err, app.Invalid, "天数")
		for _, ctx := range []context.Context{w.a, w.mentor, w.other} {
			_, err = c.Contacts(ctx, w.p.ID, 14)
			wantCode(t, err, app.NotFound)
		}
		if m := must[*placement.Mentoring](t)(c.Mentoring(w.a, w.ida)); len(m.CheckIns) != 2 {
			t.Errorf("a's check-ins: %d", len(m.CheckIns))
		}
	})
}

// TestGroupActivities: the leader or the organiser schedules; members are
// told; attendance is recorded on the day, only for members; an absence
// shows on the participant's mentoring; a member sees the upcoming ones.
func TestGroupActivities(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, c, g := contactWorld(t, db)
		in := placement.GroupActivityInput{GroupID: g.ID, ActivityPlan: placement.ActivityPlan{Date: day(10, 16), Start: "13:30", End: "17:00",
			Place: "济宁市实验中学报告厅", Kind: "lecture", Topic: "学校文化建设"}}
		_, err := c.Schedule(w.b, w.p.ID, in)
		wantCode(t, err, app.Forbidden, "组长")
		_, err = c.Schedule(w.other, w.p.ID, in)
		wantCode(t, err, app.NotFound)
		bad := in
		bad.End = "12:00"
		_, err = c.Schedule(w.hr, w.p.ID, bad)
		wantCode(t, err, app.Invalid, "结束时间")
		bad = in
		bad.Date = w.p.End.AddDays(1)
		_, err = c.Schedule(w.hr, w.p.ID, bad)
		wantCode(t, err, app.Invalid, "项目期间")
		act := must[*placement.GroupActivity](t)(c.Schedule(w.a, w.p.ID, in))
		if len(act.Members) != 2 || act.GroupName != "初中一组" {
			t.Errorf("scheduled: %+v", act)
		}
		if titles := inbox(t, db, w.clock, w.b); len(titles) != 1 || !strings.Contains(titles[0], "学校文化建设") {
			t.Errorf("b's inbox: %q", titles)
		}
		if up := must[[]*placement.MemberActivity](t)(c.Upcoming(w.b, w.idb)); len(up) != 1 || up[0].ID != act.ID {
			t.Errorf("upcoming: %+v", up)
		}
		marks := placement.AttendanceInput{Marks: []placement.AttendanceMark{{EducatorID: w.eduA, Status: "present"}, {EducatorID: w.eduB, Status: "absent"}}}
		_, err = c.RecordAttendance(w.a, act.ID, marks)
		wantCode(t, err, app.Conflict, "届时")
		w.clock.Advance(24 * time.Hour)
		_, err = c.RecordAttendance(w.b, act.ID, marks)
		wantCode(t, err, app.Forbidden)
		_, err = c.RecordAttendance(w.a, act.ID, placement.AttendanceInput{Marks: []placement.AttendanceMark{{EducatorID: 999999, Status: "present"}}})
		wantCode(t, err, app.Invalid, "不属于本小组")
		got := must[*placement.GroupActivity](t)(c.RecordAttendance(w.a, act.ID, marks))
		if got.Absent != 1 {
			t.Errorf("recorded: %+v", got)
		}
		m := must[*placement.Mentoring](t)(c.Mentoring(w.mentor, w.idb))
		if m.Absences != 1 || len(m.Activities) != 1 || m.Activities[0].Status != "absent" {
			t.Errorf("b's mentoring: %+v", m.Activities)
		}
		if titles := inbox(t, db, w.clock, w.b); len(titles) != 0 {
			t.Errorf("b's inbox after the attendance: %q", titles)
		}
		cal := must[*placement.GroupCalendar](t)(c.Calendar(w.b, w.p.ID))
		if len(cal.Activities) != 1 || len(cal.Groups) != 0 || cal.Activities[0].CanRecord {
			t.Errorf("b's calendar: %+v", cal)
		}
	})
}
