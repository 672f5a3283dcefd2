package placement_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// leaveOf is a fixed leave source.
type leaveOf map[int64]map[app.Date]string

func (l leaveOf) LeaveDays(context.Context, int64) (map[int64]map[app.Date]string, error) {
	return l, nil
}

// TestProgressAgainstHandCountedRecords counts, by hand, every kind of
// requirement for two participants on 2026-10-23 (a Friday; the batch began
// Saturday 10-10, so ten working days have passed, 23 in all):
//
//	a: 8 logs, 21 observations (3 today), the plan on 10-15, a demonstration
//	   and a practice lesson, a summary of 2,600 characters, signed in 10 days;
//	b: nothing, on leave 10-12 and 10-13 (so 8 working days).
func TestProgressAgainstHandCountedRecords(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, startClock())
		w.svc.SetLeaveDays(leaveOf{w.eduB: {day(10, 12): "事假", day(10, 13): "事假"}})
		for _, in := range []placement.RequirementInput{
			{Name: "个人研修计划", Kind: placement.Deadline, Counts: []string{"plan"}, Target: 1, Due: day(10, 20)},
			{Name: "研修日志", Kind: placement.PerDay, Counts: []string{"log"}, Target: 1},
			{Name: "听课", Kind: placement.PerDay, Counts: []string{"observation"}, Target: 2},
			{Name: "论文", Kind: placement.Total, Counts: []string{"deliverable:paper"}, Target: 1, Due: day(10, 20)},
			{Name: "示范课、实践课", Kind: placement.Total, Counts: []string{"deliverable:demo_lesson", "deliverable:practice_lesson"}, Target: 3},
			{Name: "研修总结", Kind: placement.MinChars, Counts: []string{"deliverable:summary"}, Target: 2500},
			{Name: "出勤", Kind: placement.Presence, Target: 100},
		} {
			must[*placement.Requirement](t)(w.svc.AddRequirement(w.hr, w.p.ID, in))
		}
		must[*placement.Record](t)(w.svc.SavePlan(w.a, w.ida, "九月：跟岗听课；十月：参与教研。"))
		w.clock.Advance(8 * 24 * time.Hour) // 2026-10-23
		var workdays []app.Date
		for d := day(10, 12); d.Before(day(10, 23)); d = d.AddDays(1) {
			if wd := d.Time().Weekday(); wd != time.Saturday && wd != time.Sunday {
				workdays = append(workdays, d)
			}
		}
		for _, d := range workdays[:8] {
			must[*placement.Record](t)(w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: d, Schedule: "上午听课，下午教研", Reflection: "有收获"}))
		}
		for _, d := range append(append(workdays, workdays...), day(10, 23), day(10, 23), day(10, 23)) {
			must[*placement.Record](t)(w.svc.AddObservation(w.a, w.ida, placement.ObservationInput{Date: d, Period: "第2节", Subject: "数学", Teacher: "周老师"}))
		}
		for _, in := range []placement.DeliverableInput{
			{Type: "demo_lesson", Title: "函数的单调性", Assessment: true},
			{Type: "practice_lesson", Title: "一次函数"},
			{Type: "summary", Title: "挂职总结", Body: strings.Repeat("研修 总结\n", 650)},
			{Type: "summary", Title: "短总结", Body: "短总结"},
		} {
			must[*placement.Record](t)(w.svc.AddDeliverable(w.a, w.ida, in))
		}
		for _, d := range workdays {
			must[*placement.Attendance](t)(w.svc.SignIn(w.mentor, w.ida, d))
		}
		must[*placement.Attendance](t)(w.svc.SignIn(w.a, w.ida, app.Date{}))

		pa := must[*placement.Progress](t)(w.svc.PlacementProgress(w.a, w.ida))
		wantItems(t, pa, 10, []string{
			"done|个人研修计划 已交（10月15日）",
			"behind|研修日志 8 篇 / 应 10 篇（每日1篇）",
			"on_track|听课 21 节 / 应 20 节（每日2节）",
			"late|论文 0/1，截止10月20日",
			"on_track|示范课、实践课 2/3节，截止11月11日",
			"done|研修总结 2600/2500字，截止11月11日",
			"on_track|出勤 10 天 / 应 10 天",
		})
		if it := pa.Items[2]; it.Today != 3 || it.TodayTarget != 2 || it.Target != 46 {
			t.Errorf("observations today %d of %d, in all %d; want 3 of 2, 46", it.Today, it.TodayTarget, it.Target)
		}
		if pa.Behind != 2 || !pa.SignedToday {
			t.Errorf("a behind on %d, signed today %v; want 2, true", pa.Behind, pa.SignedToday)
		}
		pb := must[*placement.Progress](t)(w.svc.PlacementProgress(w.b, w.idb))
		wantItems(t, pb, 8, []string{
			"late|个人研修计划 未交，截止10月20日",
			"behind|研修日志 0 篇 / 应 8 篇（每日1篇）",
			"behind|听课 0 节 / 应 16 节（每日2节）",
			"late|论文 0/1，截止10月20日",
			"on_track|示范课、实践课 0/3节，截止11月11日",
			"on_track|研修总结 0/2500字，截止11月11日",
			"behind|出勤 0 天 / 应 8 天",
		})
		board := must[*placement.Board](t)(w.svc.Board(w.hr, w.p.ID, false))
		if len(board.Rows) != 2 || board.Rows[0].Name != "李二" || board.Rows[0].Behind != 5 || board.Rows[1].Behind != 2 || board.Behind != 2 {
			t.Errorf("board %d rows, first %s behind on %d", len(board.Rows), board.Rows[0].Name, board.Rows[0].Behind)
		}
		// The mentor's board is the same two; a participant's only their own.
		if b := must[*placement.Board](t)(w.svc.Board(w.mentor, w.p.ID, true)); len(b.Rows) != 2 {
			t.Errorf("mentor's board has %d rows", len(b.Rows))
		}
		if b := must[*placement.Board](t)(w.svc.Board(w.a, w.p.ID, false)); len(b.Rows) != 1 || b.Rows[0].PlacementID != w.ida {
			t.Errorf("a's board has %d rows", len(b.Rows))
		}
	})
}

func wantItems(t *testing.T, p *placement.Progress, workdays int, want []string) {
	t.Helper()
	if p.Workdays != workdays {
		t.Errorf("%s: %d working days, want %d", p.Name, p.Workdays, workdays)
	}
	if len(p.Items) != len(want) {
		t.Fatalf("%s: %d items, want %d", p.Name, len(p.Items), len(want))
	}
	for i, it := range p.Items {
		if got := string(it.Status) + "|" + it.Text; got != want[i] {
			t.Errorf("%s item %d: %q, want %q", p.Name, i, got, want[i])
		}
	}
}
