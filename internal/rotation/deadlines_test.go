package rotation_test

import (
	"context"
	"slices"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// Deadlines reads only the exchanges and deferrals ending in the range
// (the home page asks for the past year's, on every visit); what it gives
// for a range equals what it gives for a wide one, kept to the range.
func TestDeadlinesOfARangeEqualTheWholeKeptToIt(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-06-01"))
		for i, end := range []string{"2025-08-31", "2026-08-31", "2027-08-31", "2028-08-31"} {
			e := f.educator(f.u1, []string{"甲", "乙", "丙", "丁"}[i]+"老师")
			start := d(end).AddYears(-3).AddDays(1).String()
			x := f.exchange(f.hr, e, f.r1, "support", start, end)
			f.step(f.hr, x, "announced", d(start).AddDays(-30).String(), "")
			f.step(f.hr, x, "active", start, "")
		}
		for i, end := range []string{"2027-01-31", "2027-08-31"} {
			e := f.educator(f.u1, []string{"戊", "己"}[i]+"老师")
			m, err := f.svc.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: e.ID, Reason: "featured_course",
				Detail: "学校书法特色课程领衔教师", Evidence: "县教育局特色课程认定文件", Start: d("2026-09-01"), End: d(end)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Approve: true}); err != nil {
				t.Fatal(err)
			}
		}
		sys := app.WithActor(context.Background(), app.SystemActor("test"))
		whole, err := f.svc.Deadlines(sys, d("2020-01-01"), d("2032-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		ends := 0
		for _, dl := range whole {
			if dl.Kind == "exchange_end" || dl.Kind == "exemption_end" {
				ends++
			}
		}
		if ends != 6 {
			t.Fatalf("%d ends in the wide range, want 6: %v", ends, whole)
		}
		for _, r := range [][2]string{{"2025-06-01", "2026-05-31"}, {"2026-08-31", "2027-08-31"}, {"2026-09-01", "2027-08-30"},
			{"2028-08-31", "2028-08-31"}, {"2029-01-01", "2030-01-01"}} {
			from, to := d(r[0]), d(r[1])
			got, err := f.svc.Deadlines(sys, from, to)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, dl := range whole {
				if !dl.Due.Before(from) && !dl.Due.After(to) {
					want = append(want, dl.Key)
				}
			}
			if keys := keysOf(got); !slices.Equal(keys, want) {
				t.Errorf("%s – %s: %v, the wide range kept to it %v", r[0], r[1], keys, want)
			}
		}
	})
}

func keysOf(ds []notify.Deadline) []string {
	var out []string
	for _, dl := range ds {
		out = append(out, dl.Key)
	}
	return out
}
