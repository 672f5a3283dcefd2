package rotation_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// race runs fn n times at once and returns how many succeeded; every
// failure must be a conflict.
func race(t *testing.T, n int, fn func(i int) error) int {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
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
			t.Errorf("a losing racer failed with %v, want a conflict", err)
		}
	}
	return won
}

func TestConcurrentDecisions(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		ctx := context.Background()
		const n = 8
		auditRows := func(action string) int {
			es, _, err := db.FindAudit(ctx, audit.Filter{Action: action})
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}

		// One exchange, eight people announcing it at once.
		e := f.educator(f.u1, "并发甲")
		x := f.exchange(f.hr, e, f.r1, "support", "2026-09-01", "2029-08-31")
		if won := race(t, n, func(i int) error {
			_, err := f.svc.ChangeExchangeStatus(f.hr, x.ID, rotation.StatusInput{Status: "announced", Date: d("2026-08-20")})
			return err
		}); won != 1 || auditRows("rotation.exchange.announced") != 1 {
			t.Fatalf("announce: %d won, %d audit rows", won, auditRows("rotation.exchange.announced"))
		}
		// Starting and cancelling at once: one of them.
		if won := race(t, n, func(i int) error {
			in := rotation.StatusInput{Status: "active", Date: d("2026-09-01")}
			if i%2 == 1 {
				in = rotation.StatusInput{Status: "cancelled", Date: d("2026-09-01"), Reason: "并发取消"}
			}
			_, err := f.svc.ChangeExchangeStatus(f.hr, x.ID, in)
			return err
		}); won != 1 {
			t.Fatalf("start or cancel: %d won", won)
		}
		got, _ := db.FindExchangeByID(ctx, x.ID)
		career, _ := db.FindCareer(ctx, e.ID)
		if got.Status == "active" && len(career) != 2 || got.Status == "cancelled" && len(career) != 0 {
			t.Fatalf("status %s with %d career rows", got.Status, len(career))
		}

		// Eight exchanges of one person made at once: one.
		e2 := f.educator(f.u1, "并发乙")
		if won := race(t, n, func(i int) error {
			_, err := f.svc.CreateExchange(f.hr, rotation.ExchangeInput{EducatorID: e2.ID, Form: "support", HostSchoolID: f.r1.ID,
				Start: d("2026-09-01"), PlannedEnd: d("2029-08-31")})
			return err
		}); won != 1 {
			t.Fatalf("create: %d won", won)
		}

		// Approve and reject one application at once.
		e3 := f.educator(f.u1, "并发丙")
		m, err := f.svc.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: e3.ID, Reason: "traditional_project", Detail: "足球传统项目领衔",
			Evidence: "县级传统项目学校认定", Start: d("2026-09-01"), End: d("2027-08-31")})
		if err != nil {
			t.Fatal(err)
		}
		if won := race(t, n, func(i int) error {
			_, err := f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: i%2 == 0, Note: "审批意见"})
			return err
		}); won != 1 || auditRows("rotation.exemption.approved")+auditRows("rotation.exemption.rejected") != 1 {
			t.Fatalf("decide: %d won", won)
		}
		// Two overlapping applications at once: one.
		e4 := f.educator(f.u1, "并发丁")
		if won := race(t, n, func(i int) error {
			_, err := f.svc.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: e4.ID, Reason: "other", Detail: "病休康复期",
				Evidence: "医院证明", Start: d("2026-09-01"), End: d("2027-08-31")})
			return err
		}); won != 1 {
			t.Fatalf("apply: %d won", won)
		}

		// Confirm one assessment at once.
		e5 := f.educator(f.u1, "并发戊")
		x5 := f.exchange(f.hr, e5, f.r1, "support", "2025-09-01", "2028-08-31")
		f.step(f.hr, x5, "announced", "2025-08-01", "")
		f.step(f.hr, x5, "active", "2025-09-01", "")
		a, err := f.svc.EnterAssessment(f.host, x5.ID, rotation.AssessmentInput{SchoolYear: 2025, Grade: "competent", Comment: "合格"})
		if err != nil {
			t.Fatal(err)
		}
		if won := race(t, n, func(i int) error { _, err := f.svc.ConfirmAssessment(f.hr, a.ID); return err }); won != 1 {
			t.Fatalf("confirm: %d won", won)
		}

		// Two policy edits from the same version: one.
		if won := race(t, n, func(i int) error {
			in := rotation.InputOf(rotation.DefaultPolicy(f.k.ID, 2026))
			in.QuotaPercent = 10 + i
			_, err := f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in)
			return err
		}); won != 1 {
			t.Fatalf("policy: %d won", won)
		}

		// Select a round at once: one selection, its exchanges made once.
		clock := f.clock
		school := as(auth.RoleSchoolAdmin, auth.ScopeSchool, f.t1.ID, "school-t1")
		r, err := f.svc.CreateRound(school, rotation.RoundInput{SchoolID: f.t1.ID, HostSchoolID: f.r1.ID, Places: 1, NoticeDays: 1,
			Start: d("2027-09-01"), PlannedEnd: d("2030-08-31")})
		if err != nil {
			t.Fatal(err)
		}
		applicant := f.educator(f.t1, "并发己", func(e *people.Educator) {})
		ap, err := f.svc.Apply(school, r.ID, rotation.ApplicationInput{EducatorID: applicant.ID, Statement: "申请"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ScoreApplications(school, r.ID, rotation.ScoreInput{Scores: map[int64]float64{ap.ID: 80}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.PublishRound(school, r.ID); err != nil {
			t.Fatal(err)
		}
		clock.Advance(48 * time.Hour)
		if won := race(t, 4, func(i int) error { _, err := f.svc.SelectRound(school, r.ID); return err }); won != 1 {
			t.Fatalf("select: %d won", won)
		}
		if xs, _, _ := db.FindExchanges(ctx, rotation.ExchangeFilter{RoundID: r.ID, Within: app.Scope{All: true}}); len(xs) != 1 {
			t.Fatalf("selection made %d exchanges", len(xs))
		}
	})
}
