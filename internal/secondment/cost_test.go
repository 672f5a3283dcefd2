package secondment_test

import (
	"context"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestParseYuan(t *testing.T) {
	for in, want := range map[string]int64{"1200": 120000, "1,200.5": 120050, "８００元": 80000, "0.07": 7, "": 0} {
		if got, err := secondment.ParseYuan(in); err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"12.345", "abc", "-5", ".5"} {
		if _, err := secondment.ParseYuan(bad); err == nil {
			t.Errorf("ParseYuan(%q) accepted", bad)
		}
	}
	if got := secondment.Yuan(123456789); got != "1,234,567.89" {
		t.Errorf("Yuan = %s", got)
	}
}

func TestCostSummaries(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		x := newPlaced(t, db, 5)
		// County K's programme enrols K's people only, so the per-county
		// sum is K's; the payer sums cover both payers.
		lines := []secondment.CostInput{
			{BatchID: x.batch.ID, Item: "training", Budget: 2000000, Actual: 1950050},            // prefecture, whole batch
			{EducatorID: x.ek[0].ID, Item: "travel", Budget: 150000, Actual: 162030},             // county (K)
			{EducatorID: x.ek[0].ID, Item: "lodging", Budget: 300000, Actual: 280000},            // county (K)
			{EducatorID: x.ek[1].ID, Item: "board", Budget: 90000},                               // county (K), nothing spent yet
			{EducatorID: x.ek[2].ID, Item: "training", Payer: "county", Budget: 0, Actual: 5000}, // payer chosen by hand
		}
		for _, in := range lines {
			if _, err := x.svc.AddCost(x.hr, x.p.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		_, got, sum, err := x.svc.Costs(x.hr, x.p.ID)
		if err != nil || len(got) != 5 {
			t.Fatal(err, len(got))
		}
		// Hand-computed: prefecture 20,000.00 / 19,500.50; counties 5,400.00 / 4,470.30 (1,620.30 + 2,800 + 0 + 50).
		want := map[string][2]int64{"prefecture": {2000000, 1950050}, "county": {540000, 447030}}
		for _, s := range sum.ByPayer {
			if w := want[s.Key]; s.Budget != w[0] || s.Actual != w[1] {
				t.Errorf("payer %s: %d/%d, want %v", s.Key, s.Budget, s.Actual, w)
			}
		}
		if len(sum.ByCounty) != 1 || sum.ByCounty[0].Label != "甲县" || sum.ByCounty[0].Budget != 540000 || sum.ByCounty[0].Actual != 447030 {
			t.Errorf("by county %+v", sum.ByCounty)
		}
		if sum.Total.Budget != 2540000 || sum.Total.Actual != 2397080 {
			t.Errorf("total %+v", sum.Total)
		}
		if len(sum.ByBatch) != 1 || sum.ByBatch[0].Label != "第四批" {
			t.Errorf("by batch %+v", sum.ByBatch)
		}
		// A county's cost needs a participant; a negative or empty amount is refused; nothing is stored.
		_, err = x.svc.AddCost(x.hr, x.p.ID, secondment.CostInput{Item: "travel", Budget: 100})
		wantRefused(t, err, "指定参训人员")
		_, err = x.svc.AddCost(x.hr, x.p.ID, secondment.CostInput{Item: "training"})
		wantRefused(t, err, "预算或实际金额")
		if _, got, _, _ = x.svc.Costs(x.hr, x.p.ID); len(got) != 5 {
			t.Errorf("%d lines after refusals", len(got))
		}
		// Deleting a line takes it out of the sums.
		if err := x.svc.DeleteCost(x.hr, x.p.ID, got[len(got)-1].ID); err != nil {
			t.Fatal(err)
		}
		if _, _, sum, _ = x.svc.Costs(x.hr, x.p.ID); sum.Total.Actual != 2392080 {
			t.Errorf("total after delete %+v", sum.Total)
		}
	})
}

func TestUninsuredBeforeTheBatch(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		x := newPlaced(t, db, 5)
		// Covers the batch (10/10–11/11); starts too late; none for the rest.
		if _, err := x.svc.SetInsurance(x.hr, x.p.ID, x.ek[0].ID, secondment.InsuranceInput{Insurer: "中国人寿", PolicyNo: "P-001",
			Start: app.NewDate(2026, 10, 9), End: app.NewDate(2026, 11, 30)}); err != nil {
			t.Fatal(err)
		}
		if _, err := x.svc.SetInsurance(x.hr, x.p.ID, x.ek[1].ID, secondment.InsuranceInput{Insurer: "中国人保", PolicyNo: "P-002",
			Start: app.NewDate(2026, 10, 12), End: app.NewDate(2026, 11, 30)}); err != nil {
			t.Fatal(err)
		}
		_, err := x.svc.SetInsurance(x.hr, x.p.ID, x.ek[2].ID, secondment.InsuranceInput{Insurer: "中国人保", PolicyNo: "P-3",
			Start: app.NewDate(2026, 12, 1), End: app.NewDate(2026, 11, 30)})
		wantRefused(t, err, "不能早于")
		policies, missing, err := x.svc.Insurance(x.hr, x.p.ID)
		if err != nil || len(policies) != 2 {
			t.Fatal(err, policies)
		}
		names := map[string]string{}
		for _, u := range missing {
			names[u.Name] = u.Reason
		}
		if len(missing) != 4 || names["张一"] != "" || names["李二"] == "" || names["王三"] != "未办理意外伤害保险" {
			t.Errorf("uninsured %v", names)
		}
	})
}

func TestCoverageCountsTheFifthYearBoundary(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		var heads []*people.Educator
		for i, name := range []string{"正好五年", "差一天", "今年", "未训", "在训"} {
			heads = append(heads, storetest.MustCreateEducator(t, db, f.sk, name, func(e *people.Educator) {
				e.Post = []string{people.PostPrincipal, people.PostPrincipal, people.PostVicePrincipal, people.PostPrincipal, people.PostPrincipal}[i]
			}))
		}
		mk := func(name string, start, end app.Date, who ...*people.Educator) int64 {
			p, err := f.progs.Create(f.hr, programme.Input{CountyID: f.k.ID, Details: programme.Details{Name: name,
				Kind: programme.KindSecondmentTraining, Organiser: "地区教育局", Start: start, End: end}})
			if err != nil {
				t.Fatal(err)
			}
			// Past programmes are history, recorded by the shell: a
			// finished programme takes no enrolment from a user.
			history := app.WithActor(context.Background(), app.SystemActor("history"))
			for _, e := range who {
				if _, err := f.progs.Enrol(history, p.ID, programme.MemberInput{EducatorID: e.ID}); err != nil {
					t.Fatal(err)
				}
			}
			return p.ID
		}
		// Today is 2026-10-08: the window starts 2021-10-08.
		a := mk("2021年校长挂职培训", app.NewDate(2021, 8, 8), app.NewDate(2021, 10, 8), heads[0])
		b := mk("2021年校长挂职培训（早）", app.NewDate(2021, 8, 7), app.NewDate(2021, 10, 7), heads[1])
		c := mk("2026年校长挂职培训", app.NewDate(2026, 3, 1), app.NewDate(2026, 5, 1), heads[2])
		d := mk("2026年秋季校长挂职培训", app.NewDate(2026, 9, 14), app.NewDate(2026, 11, 13), heads[4])
		cov, err := f.svc.Coverage(f.hr, secondment.CoverageInput{ProgrammeIDs: []int64{a, b, c, d}, Until: app.NewDate(2028, 10, 8)})
		if err != nil {
			t.Fatal(err)
		}
		state := map[string]string{}
		for _, p := range cov.People {
			state[p.Name] = map[bool]string{true: "trained"}[p.Trained] + map[bool]string{true: "scheduled"}[p.Scheduled]
		}
		want := map[string]string{"正好五年": "trained", "差一天": "", "今年": "trained", "未训": "", "在训": "scheduled"}
		for k, v := range want {
			if state[k] != v {
				t.Errorf("%s: %q, want %q", k, state[k], v)
			}
		}
		// Two untrained over two years left: one a year.
		k := cov.Counties[0]
		if cov.YearsLeft != 2 || k.Population != 5 || k.Trained != 2 || k.Scheduled != 1 || k.Untrained != 2 || k.PerYear != 1 {
			t.Errorf("county figures %+v, years left %d", k, cov.YearsLeft)
		}
		if cov.WindowStart != app.NewDate(2021, 10, 8) {
			t.Errorf("window starts %s", cov.WindowStart)
		}
		if b, err := cov.Workbook(); err != nil || len(b) < 1000 {
			t.Errorf("workbook: %d bytes, %v", len(b), err)
		}
		// The school admin manages no programme.
		if _, err := f.svc.Coverage(f.school, secondment.CoverageInput{ProgrammeIDs: []int64{a}}); err == nil {
			t.Error("a school admin computed coverage")
		}
	})
}
