package rotation_test

import (
	"context"
	"reflect"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// figures is everything the list of who must rotate and the dashboards
// show to one actor.
type figures struct {
	Must, All   []*rotation.Eligibility
	MustTotal   int
	Dashboard   *rotation.Dashboard
	County      *rotation.Dashboard
	AsOf2027    []*rotation.Eligibility
	SchoolLines []*rotation.Eligibility
	Files       []*rotation.File
}

func figuresOf(t *testing.T, svc *rotation.Service, ctx context.Context, f *fixture, files ...*people.Educator) figures {
	t.Helper()
	var g figures
	var err error
	for _, e := range files {
		file, err := svc.FindFile(ctx, e.ID, app.Date{})
		if app.ErrorCode(err) == app.NotFound {
			continue // removed, or out of the actor's scope
		} else if err != nil {
			t.Fatal(err)
		}
		g.Files = append(g.Files, file)
	}
	if g.Must, g.MustTotal, err = svc.FindEligible(ctx, rotation.EligibleFilter{AsOf: d("2026-09-01")}); err != nil {
		t.Fatal(err)
	}
	if g.All, _, err = svc.FindEligible(ctx, rotation.EligibleFilter{AsOf: d("2026-09-01"), All: true}); err != nil {
		t.Fatal(err)
	}
	if g.AsOf2027, _, err = svc.FindEligible(ctx, rotation.EligibleFilter{AsOf: d("2027-09-01")}); err != nil {
		t.Fatal(err)
	}
	if g.SchoolLines, _, err = svc.FindEligible(ctx, rotation.EligibleFilter{AsOf: d("2026-09-01"), SchoolID: f.u1.ID, All: true}); err != nil {
		t.Fatal(err)
	}
	if g.Dashboard, err = svc.FindDashboard(ctx, rotation.DashboardFilter{Year: 2026}); err != nil {
		t.Fatal(err)
	}
	if g.County, err = svc.FindDashboard(ctx, rotation.DashboardFilter{Year: 2026, CountyID: f.k.ID}); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestCachedFiguresEqualFresh: after every kind of write to the data the
// rules read, the service that keeps evaluations (cache.go) shows exactly
// what a new service, which has nothing kept, computes afresh.
func TestCachedFiguresEqualFresh(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, clockAt("2026-09-20"))
		wang := f.educator(f.u1, "王五")
		zhao := f.educator(f.u2, "赵六")
		qian := f.educator(f.t1, "钱七", func(e *people.Educator) { e.BirthDate = d("1985-01-01") })
		li := f.educator(f.u1, "李四")
		zhou := f.educator(f.u1, "周九")
		check := func(after string) {
			t.Helper()
			fresh := rotation.NewService(db, audit.NewLog(db, f.clock), f.clock)
			for _, ctx := range []context.Context{f.hr, f.city1} {
				kept, now := figuresOf(t, f.svc, ctx, f, wang, zhao, qian, li, zhou), figuresOf(t, fresh, ctx, f, wang, zhao, qian, li, zhou)
				if !reflect.DeepEqual(kept, now) {
					t.Fatalf("after %s the kept figures differ from fresh ones:\nkept %d must (%d listed), fresh %d must (%d listed)",
						after, kept.MustTotal, len(kept.All), now.MustTotal, len(now.All))
				}
			}
		}
		exec := func(q string, args ...any) func() {
			return func() {
				if _, err := db.SQL().Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		}
		var exemption *rotation.Exemption
		var exchange *rotation.Exchange
		writes := []struct {
			name string
			do   func()
		}{
			{"nothing", func() {}},
			{"an educator is added", func() { f.educator(f.u1, "孙八") }},
			{"an educator's school start changes", exec(`UPDATE educators SET joined_school = $1, post_since = $1 WHERE id = $2`, d("2023-09-01"), wang.ID)},
			{"an educator's birth date changes", exec(`UPDATE educators SET birth_date = $1 WHERE id = $2`, d("1960-01-01"), zhao.ID)},
			{"a career entry is added", exec(`INSERT INTO career_entries (educator_id, school_id, post, kind, start_date) VALUES ($1, $2, $3, $4, $5)`,
				qian.ID, f.t1.ID, people.PostTeacher, people.CareerAppointment, d("2024-09-01"))},
			{"a career entry changes", exec(`UPDATE career_entries SET start_date = $1 WHERE educator_id = $2`, d("2016-09-01"), qian.ID)},
			{"a career entry is removed", exec(`DELETE FROM career_entries WHERE educator_id = $1`, qian.ID)},
			{"an exemption is applied for", func() {
				var err error
				exemption, err = f.svc.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: zhou.ID, Reason: "featured_course",
					Detail: "学校书法特色课程领衔教师", Evidence: "县教育局特色课程认定文件", Start: d("2026-09-01"), End: d("2027-08-31")})
				if err != nil {
					t.Fatal(err)
				}
			}},
			{"an exemption is approved", func() {
				if _, err := f.svc.DecideExemption(f.hr, exemption.ID, rotation.DecisionInput{Approve: true, Note: "同意"}); err != nil {
					t.Fatal(err)
				}
			}},
			{"another exemption is applied for and refused", func() {
				m, err := f.svc.ApplyExemption(f.school, rotation.ExemptionInput{EducatorID: li.ID, Reason: "featured_course",
					Detail: "学校书法特色课程领衔教师", Evidence: "县教育局特色课程认定文件", Start: d("2026-09-01"), End: d("2027-08-31")})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := f.svc.DecideExemption(f.hr, m.ID, rotation.DecisionInput{Note: "材料不足"}); err != nil {
					t.Fatal(err)
				}
			}},
			{"an approved exemption is removed", func() { exec(`DELETE FROM rotation_exemptions WHERE id = $1`, exemption.ID)() }},
			{"the policy changes", func() {
				v, err := f.svc.FindPolicy(f.hr, f.k.ID, 2026)
				if err != nil {
					t.Fatal(err)
				}
				in := rotation.InputOf(v.Policy)
				in.TeacherMaxAgeMale, in.Note = 40, "放宽年龄"
				if _, err := f.svc.UpdatePolicy(f.hr, f.k.ID, 2026, in); err != nil {
					t.Fatal(err)
				}
			}},
			{"an exchange is planned", func() {
				exchange = f.exchange(f.hr, li, f.r1, rotation.FormSupport, "2026-09-01", "2029-08-31")
			}},
			{"an exchange is announced", func() { exchange = f.step(f.hr, exchange, rotation.StatusAnnounced, "2026-08-20", "") }},
			{"an exchange starts", func() { exchange = f.step(f.hr, exchange, rotation.StatusActive, "2026-09-01", "") }},
			{"a school changes location", exec(`UPDATE schools SET location = 'rural' WHERE id = $1`, f.u2.ID)},
			{"a school moves county", exec(`UPDATE schools SET county_id = $1 WHERE id = $2`, f.l.ID, f.u2.ID)},
			{"a county is renamed", exec(`UPDATE counties SET name = '甲县（新）' WHERE id = $1`, f.k.ID)},
			{"an educator is removed", exec(`DELETE FROM educators WHERE id = $1`, zhao.ID)},
		}
		for _, w := range writes {
			w.do()
			check(w.name)
			check(w.name + ", asked again")
		}
	})
}
