package planning_test

import (
	"context"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// A school at or over its filed establishment (编制) gains no teacher by
// default; one with a vacancy gains at most that many in each subject; a
// school filed at 0 and a county without a filed allocation keep the
// settings' room.
func TestStaffingBoundsTakeTheEstablishment(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-05-10")
		room := planning.DefaultSettings(planning.ModeTeacher).StaffingRoom
		before, err := f.svc.FindStaffing(f.hr, f.k.ID, 2027, planning.ModeTeacher, 0)
		if err != nil {
			t.Fatal(err)
		}
		staff := map[int64]int{}
		for _, c := range before.Cells {
			staff[c.SchoolID] += c.Current
			if c.DefMax != c.Current+room {
				t.Fatalf("without a filed allocation %+v: default max %d, want %d", c, c.DefMax, c.Current+room)
			}
		}
		if staff[f.u1.ID] == 0 || staff[f.u2.ID] == 0 || staff[f.r1.ID] == 0 {
			t.Fatalf("the fixture's staff: %v", staff)
		}
		sys := app.WithActor(context.Background(), &app.Actor{Username: "test", System: true})
		svc := staffing.New(db, audit.NewLog(db, f.clock), f.clock)
		st := *staffing.DefaultSettings(f.k.ID, 2027)
		st.Total = 1000
		if _, err := svc.SaveSettings(sys, st); err != nil {
			t.Fatal(err)
		}
		al, err := svc.Compute(sys, f.k.ID, 2027, "")
		if err != nil {
			t.Fatal(err)
		}
		filed := map[int64]int{f.u1.ID: staff[f.u1.ID], f.u2.ID: staff[f.u2.ID] - 1, f.t1.ID: staff[f.t1.ID] + 1, f.r1.ID: 0}
		var adj []staffing.Adjustment
		for _, l := range al.Lines {
			n := filed[l.SchoolID] // 0 for the schools not named
			adj = append(adj, staffing.Adjustment{SchoolID: l.SchoolID, Allocated: n, Reason: "核定"})
		}
		if al, err = svc.Adjust(sys, al.ID, adj, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.File(sys, al.ID); err != nil {
			t.Fatal(err)
		}
		after, err := f.svc.FindStaffing(f.hr, f.k.ID, 2027, planning.ModeTeacher, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range after.Cells {
			want := c.Current + room
			switch c.SchoolID {
			case f.u1.ID, f.u2.ID:
				want = c.Current // at or over its establishment
			case f.t1.ID:
				want = c.Current + min(room, 1) // one vacancy
			}
			if c.DefMax != want {
				t.Errorf("%s %s: default max %d, want %d (current %d)", before.Names[c.SchoolID], c.Subject, c.DefMax, want, c.Current)
			}
		}
		// With more room in the settings, the vacancy still caps each subject.
		settings := planning.DefaultSettings(planning.ModeTeacher)
		settings.StaffingRoom = 3
		in, _, err := f.svc.BuildInstance(f.hr, f.k.ID, 2027, planning.ModeTeacher, settings)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, r := range in.Staffing {
			if r.School == f.t1.Code {
				seen++
				cur := 0
				for _, c := range after.Cells {
					if c.SchoolID == f.t1.ID && c.Key == r.Subject {
						cur = c.Current
					}
				}
				if r.Max != cur+1 {
					t.Errorf("%s %s: max %d, want %d", f.t1.Name, r.Subject, r.Max, cur+1)
				}
			}
		}
		if seen == 0 {
			t.Fatalf("no staffing row of %s in %+v", f.t1.Name, in.Staffing)
		}
	})
}
