package store_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestPlanningStore(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		now := time.Date(2027, 3, 1, 2, 0, 0, 0, time.UTC)

		// Inputs: inserted, then replaced; read by educator or by county.
		score := 81.5
		in := &planning.Input{EducatorID: w.EA1.ID, SchoolYear: 2027, Volunteer: true, Score: &score, Prefs: []int64{w.A2.ID, w.A1.ID},
			Note: "愿意去乡村学校", UpdatedBy: "hr", UpdatedAt: now}
		if err := db.SavePlanningInput(ctx, in); err != nil {
			t.Fatal(err)
		}
		in.Volunteer, in.Score, in.Prefs = false, nil, []int64{w.A2.ID}
		if err := db.SavePlanningInput(ctx, in); err != nil {
			t.Fatal(err)
		}
		byCounty, err := db.FindPlanningInputs(ctx, 2027, nil, w.CountyA.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := byCounty[w.EA1.ID]
		if len(byCounty) != 1 || got == nil || got.Volunteer || got.Score != nil || len(got.Prefs) != 1 || got.Prefs[0] != w.A2.ID || !got.UpdatedAt.Equal(now) {
			t.Fatalf("inputs by county: %+v", got)
		}
		if other, _ := db.FindPlanningInputs(ctx, 2027, nil, w.CountyB.ID); len(other) != 0 {
			t.Fatalf("county B's inputs: %v", other)
		}
		if ids, _ := db.FindPlanningInputs(ctx, 2028, []int64{w.EA1.ID}, 0); len(ids) != 0 {
			t.Fatalf("2028 inputs: %v", ids)
		}

		// Staffing rows: upsert by school, year, mode and subject; delete.
		r := &planning.StaffingRow{StaffingBound: planning.StaffingBound{SchoolID: w.A1.ID, SchoolYear: 2027,
			Mode: planning.ModeTeacher, Subject: "数学", Min: 2, Max: 4}, UpdatedBy: "hr", UpdatedAt: now}
		if err := db.SaveStaffingRow(ctx, r); err != nil {
			t.Fatal(err)
		}
		r.Min = 3
		if err := db.SaveStaffingRow(ctx, r); err != nil {
			t.Fatal(err)
		}
		rows, err := db.FindStaffingRows(ctx, w.CountyA.ID, 2027, planning.ModeTeacher)
		if err != nil || len(rows) != 1 || rows[0].Min != 3 || rows[0].Max != 4 {
			t.Fatalf("staffing rows %+v %v", rows, err)
		}
		if rows, _ := db.FindStaffingRows(ctx, w.CountyA.ID, 2027, planning.ModePrincipal); len(rows) != 0 {
			t.Fatalf("principal rows %+v", rows)
		}
		if ok, err := db.DeleteStaffingRow(ctx, r); !ok || err != nil {
			t.Fatalf("delete: %v %v", ok, err)
		}
		if ok, _ := db.DeleteStaffingRow(ctx, r); ok {
			t.Fatal("deleted twice")
		}

		// A plan: created at version 1, written only over its version.
		p := &planning.Plan{CountyID: w.CountyA.ID, SchoolYear: 2027, Mode: planning.ModeTeacher, Title: "甲区方案", Status: planning.StatusDraft,
			Settings: planning.DefaultSettings(planning.ModeTeacher), SolveState: planning.SolveRunning, CreatedBy: "hr", CreatedAt: now, UpdatedAt: now}
		if err := db.CreatePlan(ctx, p); err != nil || p.ID == 0 || p.Version != 1 {
			t.Fatalf("create: %+v %v", p, err)
		}
		if err := db.SetPlanFiles(ctx, p.ID, []byte(`{"version":1}`), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		p.Moves = []plan.Move{{Teacher: "T1", From: "A", To: "B", Value: 1.5}}
		p.Pins = []plan.Pin{{Teacher: "T1", School: "B"}}
		p.Result = planning.Result{Status: plan.StatusOptimal, Objective: 1.5, Bound: 1.5}
		p.NoticeStart, p.NoticeEnd, p.ApprovedAt = app.NewDate(2027, 3, 1), app.NewDate(2027, 3, 5), now
		if ok, err := db.UpdatePlan(ctx, p, 1); !ok || err != nil {
			t.Fatalf("update: %v %v", ok, err)
		}
		if ok, _ := db.UpdatePlan(ctx, p, 1); ok {
			t.Fatal("an update over a stale version was written")
		}
		back, err := db.FindPlanByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Version != 2 || len(back.Moves) != 1 || back.Moves[0] != p.Moves[0] || len(back.Pins) != 1 || back.Result.Status != plan.StatusOptimal ||
			string(back.Instance) != `{"version":1}` || back.NoticeEnd != p.NoticeEnd || !back.ApprovedAt.Equal(now) || back.CountyName != "甲区" ||
			back.Settings.VolunteerBonus != 10 {
			t.Fatalf("read back %+v", back)
		}
		if _, err := db.FindPlanByID(ctx, p.ID+100); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("missing plan: %v", err)
		}

		// Listing: by county scope; approved plans also by the schools and
		// people of their exchanges.
		list := func(f planning.PlanFilter) int {
			ps, total, err := db.FindPlans(ctx, f)
			if err != nil || len(ps) != total {
				t.Fatalf("find plans: %v", err)
			}
			return total
		}
		if n := list(planning.PlanFilter{Within: app.Scope{CountyIDs: []int64{w.CountyA.ID}}}); n != 1 {
			t.Fatalf("county A lists %d", n)
		}
		if n := list(planning.PlanFilter{Within: app.Scope{CountyIDs: []int64{w.CountyB.ID}}}); n != 0 {
			t.Fatalf("county B lists %d", n)
		}
		if n := list(planning.PlanFilter{SchoolIDs: []int64{w.A1.ID}}); n != 0 {
			t.Fatalf("a school lists a draft: %d", n)
		}
		x := &rotation.Exchange{EducatorID: w.EA1.ID, Post: "teacher", Form: rotation.FormSupport, Relation: rotation.RelationStays,
			OriginSchoolID: w.A1.ID, HostSchoolID: w.A2.ID, Start: app.NewDate(2027, 9, 1), PlannedEnd: app.NewDate(2030, 8, 31),
			Status: rotation.StatusPlanned, SchoolYear: 2027, CreatedBy: "hr", CreatedAt: now, UpdatedAt: now}
		if err := db.CreateExchange(ctx, x); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePlanExchange(ctx, &planning.PlanExchange{PlanID: p.ID, Teacher: "T1", ExchangeID: x.ID}); err != nil {
			t.Fatal(err)
		}
		p.Status = planning.StatusNoticed
		if ok, err := db.UpdatePlan(ctx, p, 2); !ok || err != nil {
			t.Fatalf("approve: %v %v", ok, err)
		}
		for _, f := range []planning.PlanFilter{{SchoolIDs: []int64{w.A2.ID}}, {SchoolIDs: []int64{w.A1.ID}}, {EducatorID: w.EA1.ID},
			{Within: app.Scope{All: true}, Mode: planning.ModeTeacher, Year: 2027, Status: planning.StatusNoticed}} {
			if n := list(f); n != 1 {
				t.Fatalf("%+v lists %d", f, n)
			}
		}
		for _, f := range []planning.PlanFilter{{SchoolIDs: []int64{w.B1.ID}}, {EducatorID: w.EA2.ID}, {Within: app.Scope{All: true}, Year: 2028}} {
			if n := list(f); n != 0 {
				t.Fatalf("%+v lists %d", f, n)
			}
		}
		xs, err := db.FindPlanExchanges(ctx, p.ID)
		if err != nil || len(xs) != 1 || xs[0].EducatorID != w.EA1.ID || xs[0].HostID != w.A2.ID || xs[0].Status != rotation.StatusPlanned {
			t.Fatalf("plan exchanges %+v %v", xs, err)
		}

		// Edits (the objections are the notice's: notice_test.go).
		if err := db.CreatePlanEdit(ctx, &planning.Edit{PlanID: p.ID, Kind: planning.EditPin, Teacher: "T1", School: "B", Summary: "固定", Author: "hr", At: now}); err != nil {
			t.Fatal(err)
		}
		if es, err := db.FindPlanEdits(ctx, p.ID); err != nil || len(es) != 1 || es[0].Summary != "固定" {
			t.Fatalf("edits %+v %v", es, err)
		}
	})
}
