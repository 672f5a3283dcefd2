package placement_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestRecordsRulesAndVersions(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, startClock())
		log := must[*placement.Record](t)(w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: day(10, 14), Schedule: "跟岗", Reflection: "初稿"}))
		_, err := w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: day(10, 14), Schedule: "又一篇"})
		wantCode(t, err, app.Conflict, "已经写过")
		_, err = w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: day(10, 16), Schedule: "明天"})
		wantCode(t, err, app.Invalid, "不能晚于今天")
		_, err = w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: day(10, 9), Schedule: "挂职前"})
		wantCode(t, err, app.Invalid, "挂职期内")
		_, err = w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: day(10, 13)})
		wantCode(t, err, app.Invalid, "当日安排")
		_, err = w.svc.AddObservation(w.a, w.ida, placement.ObservationInput{Date: day(10, 14), Subject: "数学"})
		wantCode(t, err, app.Invalid, "授课教师")

		// Edits keep the earlier text as a version.
		w.clock.Advance(time.Hour)
		must[*placement.Record](t)(w.svc.UpdateRecord(w.a, w.ida, log.ID, placement.RecordUpdate{Body: "跟岗听课", Reflection: "二稿"}))
		r, vs, err := w.svc.Record(w.mentor, w.ida, log.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Version != 2 || r.Reflection != "二稿" || len(vs) != 1 || vs[0].Version != 1 || vs[0].Reflection != "初稿" {
			t.Errorf("record v%d %q, versions %+v", r.Version, r.Reflection, vs)
		}

		// One assessment lesson, and only a demonstration lesson is one.
		must[*placement.Record](t)(w.svc.AddDeliverable(w.a, w.ida, placement.DeliverableInput{Type: "demo_lesson", Title: "一", Assessment: true}))
		_, err = w.svc.AddDeliverable(w.a, w.ida, placement.DeliverableInput{Type: "demo_lesson", Title: "二", Assessment: true})
		wantCode(t, err, app.Conflict, "考核课")
		_, err = w.svc.AddDeliverable(w.a, w.ida, placement.DeliverableInput{Type: "paper", Title: "三", Assessment: true})
		wantCode(t, err, app.Invalid, "只有示范课")
		_, err = w.svc.AddDeliverable(w.a, w.ida, placement.DeliverableInput{Type: "poem", Title: "四"})
		wantCode(t, err, app.Invalid, "成果类型")

		// The plan is revised, not handed in twice.
		must[*placement.Record](t)(w.svc.SavePlan(w.a, w.ida, "初版计划"))
		plan := must[*placement.Record](t)(w.svc.SavePlan(w.a, w.ida, "与导师修订后的计划"))
		if plan.Version != 2 {
			t.Errorf("plan version %d", plan.Version)
		}

		// The mentor comments; the participant may not, nor write for another.
		c := must[*placement.Comment](t)(w.svc.AddComment(w.mentor, w.ida, log.ID, "反思可以再具体些"))
		_, err = w.svc.AddComment(w.a, w.ida, log.ID, "自评")
		wantCode(t, err, app.Forbidden)
		_, err = w.svc.AddLog(w.mentor, w.ida, placement.LogInput{Date: day(10, 13), Schedule: "代写"})
		wantCode(t, err, app.Forbidden)
		logs := must[[]*placement.Record](t)(w.svc.Records(w.a, w.ida, placement.KindLog))
		if len(logs) != 1 || len(logs[0].Comments) != 1 || logs[0].Comments[0].ID != c.ID {
			t.Errorf("logs %+v", logs)
		}
		// A participant signs in for today only; twice is refused.
		_, err = w.svc.SignIn(w.a, w.ida, day(10, 14))
		wantCode(t, err, app.Invalid, "当天")
		must[*placement.Attendance](t)(w.svc.SignIn(w.a, w.ida, app.Date{}))
		_, err = w.svc.SignIn(w.mentor, w.ida, day(10, 15))
		wantCode(t, err, app.Conflict, "已签到")
		sh := must[*placement.Sheet](t)(w.svc.AttendanceSheet(w.mentor, w.ida))
		if len(sh.Rows) != 2 || len(sh.Days) != 33 || sh.Rows[0].Present+sh.Rows[1].Present != 1 || sh.Rows[0].Absent != 3 {
			t.Errorf("sheet rows %d days %d: %+v", len(sh.Rows), len(sh.Days), sh.Rows[0])
		}
	})
}

func TestPlacementAccess(t *testing.T) {
	storetest.Each(t, startClock(), func(t *testing.T, db *store.DB) {
		w := newWorld(t, db, startClock())
		must[*placement.Record](t)(w.svc.AddLog(w.a, w.ida, placement.LogInput{Date: day(10, 14), Schedule: "跟岗"}))
		for _, c := range []struct {
			name    string
			as      func() placement.Access
			records bool
		}{
			{"participant", func() placement.Access { return access(t, w, w.a) }, true},
			{"mentor", func() placement.Access { return access(t, w, w.mentor) }, true},
			{"coordinator", func() placement.Access { return access(t, w, w.hr) }, true},
			{"home school", func() placement.Access { return access(t, w, w.school) }, true},
		} {
			if acc := c.as(); acc.ReadRecords() != c.records {
				t.Errorf("%s: %+v", c.name, acc)
			}
		}
		for name, ctx := range map[string]context.Context{"another participant": w.b, "an outsider": w.other} {
			_, _, _, err := w.svc.Find(ctx, w.ida)
			wantCode(t, err, app.NotFound)
			_, err = w.svc.Records(ctx, w.ida, placement.KindLog)
			if app.ErrorCode(err) != app.NotFound {
				t.Errorf("%s reads the logs: %v", name, err)
			}
		}
		// b leads a's group: sees a's progress, not the records.
		g, err := w.sec.CreateGroup(w.hr, w.p.ID, secondment.GroupInput{Name: "第一组", LeaderID: w.eduB})
		if err != nil {
			t.Fatal(err)
		}
		pa, _, _, _ := w.svc.Find(w.hr, w.ida)
		if _, err := w.sec.Place(w.hr, w.p.ID, w.eduA, secondment.PlacementInput{BatchID: pa.BatchID, HostID: pa.HostID, MentorID: pa.MentorID, GroupID: g.ID}); err != nil {
			t.Fatal(err)
		}
		if acc := access(t, w, w.b); !acc.GroupLeader || acc.ReadRecords() {
			t.Errorf("group leader: %+v", acc)
		}
		must[*placement.Progress](t)(w.svc.PlacementProgress(w.b, w.ida))
		_, err = w.svc.Records(w.b, w.ida, placement.KindLog)
		wantCode(t, err, app.NotFound)
		// Current is the participant's own placement.
		if cur := must[*placement.Placement](t)(w.svc.Current(w.a)); cur.ID != w.ida {
			t.Errorf("current %d, want %d", cur.ID, w.ida)
		}
		_, err = w.svc.Current(w.other)
		wantCode(t, err, app.NotFound)
	})
}
