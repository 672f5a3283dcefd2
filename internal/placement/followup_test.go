package placement_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// returnWorld is the world with the service of what follows the placement
// and an inbox that reads its deadlines.
func returnWorld(t *testing.T, db *store.DB) (*world, *placement.ReturnService, *notify.Service) {
	t.Helper()
	w := newWorld(t, db, startClock())
	log := audit.NewLog(db, w.clock)
	rs := placement.NewReturnService(db, w.svc, programme.NewService(db, log, w.clock), log, w.clock)
	n := notify.NewService(db, log, w.clock, notify.Config{}, nil)
	n.AddSource(rs.FollowUpDeadlines)
	n.AddSource(rs.ReportBackDeadlines)
	n.AddSource(w.svc.RequirementDeadlines)
	return w, rs, n
}

func keysOf(ds []notify.Deadline) map[string]notify.Deadline {
	out := map[string]notify.Deadline{}
	for _, d := range ds {
		out[d.Key] = d
	}
	return out
}

// TestFollowUp: the follow-ups fall 6 and 12 months after the batch ends
// (2026-11-11); the home school and the organiser review them from 30 days
// before; until they do, they are deadlines, overdue on the organiser's
// home page afterwards.
func TestFollowUp(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, rs, n := returnWorld(t, db)
		v := must[*placement.FollowUpView](t)(rs.FollowUps(w.a, w.ida))
		if len(v.Items) != 2 || v.Items[0].Due != app.NewDate(2027, 5, 11) || v.Items[1].Due != app.NewDate(2027, 11, 11) || v.School || v.Organiser {
			t.Fatalf("follow-ups %+v", v)
		}
		_, err := rs.FollowUps(w.other, w.ida)
		wantCode(t, err, app.NotFound)
		six := v.Items[0].ID
		good := placement.ReviewInput{Review: "返岗后牵头建立校本教研制度，数学组获评县优秀教研组。"}
		_, err = rs.Review(w.school, six, placement.ReviewSchool, good)
		wantCode(t, err, app.Conflict, "2027年4月11日起")

		ds := must[[]notify.Deadline](t)(rs.FollowUpDeadlines(context.Background(), app.NewDate(2027, 5, 1), app.NewDate(2027, 5, 31)))
		if len(ds) != 4 {
			t.Fatalf("deadlines %+v", ds)
		}

		w.clock.Advance(time.Date(2027, 6, 1, 2, 0, 0, 0, time.UTC).Sub(w.clock.Now()))
		_, err = rs.Review(w.a, six, placement.ReviewSchool, good)
		wantCode(t, err, app.Forbidden, "派出学校")
		_, err = rs.Review(w.mentor, six, placement.ReviewOrganiser, placement.ReviewInput{Review: good.Review, Grade: placement.GradeGood})
		wantCode(t, err, app.Forbidden)
		_, err = rs.Review(w.other, six, placement.ReviewSchool, good)
		wantCode(t, err, app.NotFound)
		_, err = rs.Review(w.school, six, placement.ReviewSchool, placement.ReviewInput{Review: "有进步"})
		wantCode(t, err, app.Invalid, "10至2000字")
		_, err = rs.Review(w.hr, six, placement.ReviewOrganiser, good)
		wantCode(t, err, app.Invalid, "等次")
		f := must[*placement.FollowUp](t)(rs.Review(w.school, six, placement.ReviewSchool, good))
		if f.SchoolReview != good.Review || f.State != "overdue" {
			t.Errorf("after the school: %+v", f)
		}
		// The organiser's part of a's follow-up, and b's, are overdue on the organiser's home page.
		over := must[[]*notify.Deadline](t)(n.Overdue(w.hr, true))
		titles := ""
		for _, d := range over {
			titles += d.Title + "|"
		}
		if !strings.Contains(titles, "张一挂职返岗6个月：组织方跟踪问效评定") || !strings.Contains(titles, "李二挂职返岗6个月：组织方跟踪问效评定") {
			t.Errorf("overdue for the organiser: %s", titles)
		}
		f = must[*placement.FollowUp](t)(rs.Review(w.hr, six, placement.ReviewOrganiser, placement.ReviewInput{Review: good.Review, Grade: placement.GradeGood}))
		if f.State != "done" || f.OrganiserGrade != placement.GradeGood {
			t.Errorf("after the organiser: %+v", f)
		}
		left := keysOf(must[[]notify.Deadline](t)(rs.FollowUpDeadlines(context.Background(), app.NewDate(2027, 5, 1), app.NewDate(2027, 5, 31))))
		if len(left) != 2 {
			t.Errorf("deadlines left after a's reviews: %v", left)
		}
		for k := range left {
			if strings.HasPrefix(k, "followup:"+strconv.FormatInt(w.ida, 10)+":") {
				t.Errorf("a's follow-up is still due: %s", k)
			}
		}
	})
}

// TestReportBack: the organiser schedules the meeting after the batch
// ends; the participants and their home school find it in their inbox as
// it nears; moving it replaces it.
func TestReportBack(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, rs, n := returnWorld(t, db)
		in := placement.ReportBackInput{BatchID: w.batch.ID, Date: app.NewDate(2026, 11, 12), Time: "14:30", Place: "县教师进修学校报告厅", Attendees: "各校校长"}
		_, err := rs.ScheduleReportBack(w.a, w.p.ID, in)
		if code := app.ErrorCode(err); code != app.Forbidden && code != app.NotFound {
			t.Fatalf("a participant schedules: %v", err)
		}
		bad := in
		bad.Time = "25:00"
		_, err = rs.ScheduleReportBack(w.hr, w.p.ID, bad)
		wantCode(t, err, app.Invalid, "14:30")
		bad = in
		bad.Date = app.NewDate(2026, 11, 1)
		_, err = rs.ScheduleReportBack(w.hr, w.p.ID, bad)
		wantCode(t, err, app.Invalid, "不能早于挂职结束日2026年11月11日")
		bad = in
		bad.BatchID = 999999
		_, err = rs.ScheduleReportBack(w.hr, w.p.ID, bad)
		wantCode(t, err, app.Invalid, "批次")
		v := must[*placement.ReportBackView](t)(rs.ScheduleReportBack(w.hr, w.p.ID, in))
		if len(v.Meetings) != 1 || v.Meetings[0].Place != in.Place || v.Meetings[0].BatchName == "" {
			t.Fatalf("meetings %+v", v.Meetings)
		}
		for who, ctx := range map[string]context.Context{"a": w.a, "b": w.b, "school": w.school} {
			items := must[[]*notify.Item](t)(n.Inbox(ctx))
			found := false
			for _, it := range items {
				found = found || (it.Kind == "reportback" && strings.Contains(it.Title, "县教师进修学校报告厅"))
			}
			if !found {
				t.Errorf("%s is not told: %+v", who, items)
			}
		}
		for _, it := range must[[]*notify.Item](t)(n.Inbox(w.other)) {
			if it.Kind == "reportback" {
				t.Errorf("another school's educator is told: %+v", it)
			}
		}
		in.Place = "县政府会议室"
		v = must[*placement.ReportBackView](t)(rs.ScheduleReportBack(w.hr, w.p.ID, in))
		if len(v.Meetings) != 1 || v.Meetings[0].Place != "县政府会议室" {
			t.Errorf("moved meeting %+v", v.Meetings)
		}
		ds := must[[]notify.Deadline](t)(rs.ReportBackDeadlines(context.Background(), app.NewDate(2026, 10, 1), app.NewDate(2026, 12, 31)))
		if len(ds) != 3 {
			t.Errorf("report-back deadlines %+v", ds)
		}
		// Once held, it is no one's deadline.
		w.clock.Advance(time.Date(2026, 11, 13, 2, 0, 0, 0, time.UTC).Sub(w.clock.Now()))
		if ds := must[[]notify.Deadline](t)(rs.ReportBackDeadlines(context.Background(), app.NewDate(2026, 10, 1), app.NewDate(2026, 12, 31))); len(ds) != 0 {
			t.Errorf("a held meeting is still due: %+v", ds)
		}
	})
}

// TestRequirementEdit: the organiser changes a target; bad input changes
// nothing; the progress follows at once.
func TestRequirementEdit(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, _, _ := returnWorld(t, db)
		r := must[*placement.Requirement](t)(w.svc.AddRequirement(w.hr, w.p.ID, placement.RequirementInput{Name: "论文", Kind: placement.Total,
			Counts: []string{"deliverable:paper"}, Target: 1, Due: day(11, 1)}))
		must[*placement.Record](t)(w.svc.AddDeliverable(w.a, w.ida, placement.DeliverableInput{Type: "paper", Title: "论文一"}))
		p := must[*placement.Progress](t)(w.svc.PlacementProgress(w.a, w.ida))
		if p.Items[0].Status != placement.StatusDone {
			t.Fatalf("before: %+v", p.Items[0])
		}
		for _, target := range []int{0, -3} {
			_, err := w.svc.UpdateRequirement(w.hr, r.ID, placement.RequirementEdit{Target: target})
			wantCode(t, err, app.Invalid, "正整数")
		}
		_, err := w.svc.UpdateRequirement(w.hr, r.ID, placement.RequirementEdit{Target: 2, Counts: []string{"deliverable:poem"}})
		wantCode(t, err, app.Invalid, "计入的记录无效")
		for _, ctx := range []context.Context{w.a, w.mentor, w.other} {
			_, err = w.svc.UpdateRequirement(ctx, r.ID, placement.RequirementEdit{Target: 2})
			wantCode(t, err, app.NotFound)
		}
		reqs := must[[]*placement.Requirement](t)(w.svc.Requirements(w.hr, w.p.ID))
		if reqs[0].Target != 1 {
			t.Fatalf("bad input changed the target: %+v", reqs[0])
		}
		got := must[*placement.Requirement](t)(w.svc.UpdateRequirement(w.hr, r.ID, placement.RequirementEdit{Target: 2}))
		if got.Target != 2 || got.Name != "论文" || len(got.Counts) != 1 || got.Due != (app.Date{}) {
			t.Errorf("updated %+v", got)
		}
		p = must[*placement.Progress](t)(w.svc.PlacementProgress(w.a, w.ida))
		if it := p.Items[0]; it.Target != 2 || it.Done != 1 || it.Status == placement.StatusDone {
			t.Errorf("after: %+v", it)
		}
	})
}

// TestRequirementDeadlines: the plan's due date and a paper's are in the
// participant's own calendar until handed in; a past one is late.
func TestRequirementDeadlines(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, _, n := returnWorld(t, db)
		must[*placement.Requirement](t)(w.svc.AddRequirement(w.hr, w.p.ID, placement.RequirementInput{Name: "个人研修计划", Kind: placement.Deadline,
			Counts: []string{"plan"}, Target: 1, Due: day(10, 20)}))
		must[*placement.Requirement](t)(w.svc.AddRequirement(w.hr, w.p.ID, placement.RequirementInput{Name: "论文", Kind: placement.Total,
			Counts: []string{"deliverable:paper"}, Target: 1, Due: day(10, 12)}))
		must[*placement.Requirement](t)(w.svc.AddRequirement(w.hr, w.p.ID, placement.RequirementInput{Name: "听课", Kind: placement.PerDay,
			Counts: []string{"observation"}, Target: 2}))
		ds := must[[]notify.Deadline](t)(w.svc.RequirementDeadlines(context.Background(), day(10, 1), day(12, 31)))
		if len(ds) != 4 {
			t.Fatalf("deadlines %+v", ds)
		}
		months := must[[]*notify.Month](t)(n.Calendar(w.a, notify.CalendarFilter{From: day(10, 1), To: day(12, 31)}))
		states := map[string]notify.State{}
		for _, m := range months {
			for _, d := range m.Deadlines {
				states[d.Title] = d.State
			}
		}
		if len(states) != 2 || states["提交个人研修计划"] != notify.StateUpcoming || states["提交论文"] != notify.StateOverdue {
			t.Errorf("a's calendar %v", states)
		}
		must[*placement.Record](t)(w.svc.SavePlan(w.a, w.ida, "个人研修计划"))
		ds = must[[]notify.Deadline](t)(w.svc.RequirementDeadlines(context.Background(), day(10, 1), day(12, 31)))
		if len(ds) != 3 {
			t.Errorf("after a's plan: %+v", ds)
		}
	})
}

// TestExports: the batch's workbook holds a line per participant with the
// progress, leave and result; only the organiser exports it; the attendance
// sheet's workbook has the page's marks.
func TestExports(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w, rs, _ := returnWorld(t, db)
		must[*placement.Requirement](t)(w.svc.AddRequirement(w.hr, w.p.ID, placement.RequirementInput{Name: "论文", Kind: placement.Total,
			Counts: []string{"deliverable:paper"}, Target: 1}))
		must[*placement.Attendance](t)(w.svc.SignIn(w.a, w.ida, app.Date{}))
		_, err := rs.ExportBatch(w.mentor, w.p.ID, placement.ExportFilter{})
		wantCode(t, err, app.Forbidden)
		_, err = rs.ExportBatch(w.other, w.p.ID, placement.ExportFilter{})
		if code := app.ErrorCode(err); code != app.NotFound && code != app.Forbidden {
			t.Errorf("out of scope: %v", err)
		}
		b := must[*placement.BatchExport](t)(rs.ExportBatch(w.hr, w.p.ID, placement.ExportFilter{BatchID: w.batch.ID}))
		book := must[[]byte](t)(placement.BatchWorkbook(b))
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("挂职名册")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 || !strings.Contains(strings.Join(rows[1], ","), "论文") || !strings.Contains(strings.Join(rows[2], ","), "0/1") ||
			!strings.Contains(strings.Join(rows[2], ","), "未评定") {
			t.Errorf("rows %q", rows)
		}
		if b := must[*placement.BatchExport](t)(rs.ExportBatch(w.hr, w.p.ID, placement.ExportFilter{BatchID: w.batch.ID + 1000})); len(b.Rows) != 0 {
			t.Errorf("another batch's export holds %d rows", len(b.Rows))
		}
		sh := must[*placement.Sheet](t)(w.svc.AttendanceSheet(w.hr, w.ida))
		f, err = excelize.OpenReader(bytes.NewReader(must[[]byte](t)(placement.SheetWorkbook(sh))))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ = f.GetRows("考勤表")
		joined := ""
		for _, r := range rows[2:] {
			joined += strings.Join(r, ",") + "\n"
		}
		if !strings.Contains(joined, "张一") || !strings.Contains(joined, "✓") || !strings.Contains(joined, "✗") {
			t.Errorf("sheet %q", rows)
		}
	})
}
