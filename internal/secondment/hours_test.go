package secondment_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// A secondment's hours reach every member's training record once the
// programme has ended, once each; a member added later is credited by the
// next run, at the hours set then.
func TestCreditHours(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		p, err := f.svc.CreateFromTemplate(f.hr, secondment.TemplateInput{Template: "000", Year: 2026, CountyID: f.k.ID})
		if err != nil {
			t.Fatal(err)
		}
		cats := []string{"中层干部", "中层干部", "级部主任", "学科骨干教师"}
		for i, e := range f.ek[:4] {
			if _, err := f.progs.Enrol(f.hr, p.ID, programme.MemberInput{EducatorID: e.ID, Category: cats[i]}); err != nil {
				t.Fatal(err)
			}
		}
		tr := training.NewService(db, f.progs, audit.NewLog(db, f.clock), f.clock)
		hoursOf := func(i int) int {
			t.Helper()
			r, err := tr.Record(f.hr, f.ek[i])
			if err != nil {
				t.Fatal(err)
			}
			return r.CycleHours
		}

		if err := f.svc.SetHours(f.school, p.ID, 40); err == nil {
			t.Error("a school admin set the programme's hours")
		}
		if err := f.svc.SetHours(f.hr, p.ID, -1); err == nil {
			t.Error("negative hours accepted")
		}
		if err := f.svc.SetHours(f.hr, p.ID, 40); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CreditHours(f.hr, p.ID)
		wantRefused(t, err, "结束后方可登记学时")
		if got := hoursOf(0); got != 0 {
			t.Fatalf("hours credited before the end: %d", got)
		}

		// The day after the programme ends.
		end := time.Date(p.End.Year, time.Month(p.End.Month), p.End.Day+1, 2, 0, 0, 0, time.UTC)
		f.clock.Advance(end.Sub(f.clock.Now()))
		if _, err := f.svc.CreditHours(f.school, p.ID); err == nil {
			t.Error("a school admin credited the programme's hours")
		}
		n, err := f.svc.CreditHours(f.hr, p.ID)
		if err != nil || n != 4 {
			t.Fatalf("first run credited %d (%v), want 4", n, err)
		}
		if n, err := f.svc.CreditHours(f.hr, p.ID); err != nil || n != 0 {
			t.Fatalf("second run credited %d (%v), want 0", n, err)
		}
		// Added after the end (the shell records history), at 30 hours now.
		system := app.WithActor(context.Background(), app.SystemActor("test"))
		if _, err := f.progs.Enrol(system, p.ID, programme.MemberInput{EducatorID: f.ek[4].ID, Category: "学科骨干教师"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetHours(f.hr, p.ID, 30); err != nil {
			t.Fatal(err)
		}
		if n, err := f.svc.CreditHours(f.hr, p.ID); err != nil || n != 1 {
			t.Fatalf("third run credited %d (%v), want 1", n, err)
		}
		// Hand-computed: four at 40 once, the late one at 30.
		for i, want := range []int{40, 40, 40, 40, 30} {
			if got := hoursOf(i); got != want {
				t.Errorf("%s has %d hours in the cycle, want %d", f.ek[i].Name, got, want)
			}
		}
		r, err := tr.Record(f.hr, f.ek[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Credits) != 1 || r.Credits[0].Title != p.Name || r.Credits[0].CreditedOn != p.End {
			t.Errorf("record's credits %+v, want one of %q on %s", r.Credits, p.Name, p.End)
		}
		h, err := f.svc.Hours(f.hr, p)
		if err != nil || h.Hours != 30 || h.Members != 5 || h.Credited != 5 || !h.CanCredit {
			t.Errorf("Hours = %+v (%v), want 30 each, 5 of 5 credited", h, err)
		}
		changes, _, err := db.FindAudit(context.Background(), audit.Filter{Action: "secondment.hours_credit", Limit: 10})
		if err != nil || len(changes) != 2 {
			t.Errorf("%d credit runs audited (%v), want 2", len(changes), err)
		}
	})
}

// A run with no hours set credits nobody and says so.
func TestCreditHoursNone(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		p, _ := f.programme000()
		f.clock.Advance(time.Duration(400*24) * time.Hour)
		_, err := f.svc.CreditHours(f.hr, p.ID)
		wantRefused(t, err, "未设置学时")
	})
}
