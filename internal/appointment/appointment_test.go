package appointment_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

var _ appointment.Store = (*store.DB)(nil)

func d(s string) app.Date {
	v, err := app.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func as(role, kind string, id int64, name string) context.Context {
	return app.WithActor(context.Background(), &app.Actor{UserID: id, Username: name, DisplayName: name,
		Grants: []app.Grant{{Role: role, ScopeKind: kind, ScopeID: id}}})
}

// trained is the training record as the review asks it: who completed the
// principal's qualification training.
type trained map[int64]bool

func (q trained) Qualified(_ context.Context, id int64, requirement string) (bool, error) {
	return requirement == "principal" && q[id], nil
}

type fixture struct {
	t       *testing.T
	db      *store.DB
	clock   *app.FixedClock
	svc     *appointment.Service
	notices *notice.Service
	trained trained
	k       *org.County
	u1, u2  *org.School // urban schools; u1 has the vacancy
	r1      *org.School // a rural school
	hr      context.Context
	hrL     context.Context // HR of another county
	watch   context.Context // the discipline inspection office of the county
}

func newFixture(t *testing.T, db *store.DB, today string) *fixture {
	clock := app.NewFixedClock(d(today).Time().Add(2 * time.Hour))
	log := audit.NewLog(db, clock)
	f := &fixture{t: t, db: db, clock: clock, trained: trained{}}
	f.notices = notice.NewService(db, log, clock)
	f.svc = appointment.NewService(db, rotation.NewService(db, log, clock), log, clock)
	f.svc.SetNotices(f.notices)
	f.svc.SetQualifier(f.trained)
	city := storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, city, "甲县")
	l := storetest.MustCreateCounty(t, db, city, "乙县")
	f.u1 = storetest.MustCreateSchool(t, db, f.k, "甲县实验小学")
	f.u2 = storetest.MustCreateSchool(t, db, f.k, "甲县第二小学")
	f.r1 = storetest.MustCreateSchool(t, db, f.k, "甲县王家村小学", func(s *org.School) { s.Location = "rural" })
	f.hr = as(auth.RoleCountyHR, auth.ScopeCounty, f.k.ID, "hr-k")
	f.hrL = as(auth.RoleCountyHR, auth.ScopeCounty, l.ID, "hr-l")
	f.watch = as(auth.RoleInspector, auth.ScopeCounty, f.k.ID, "jijian")
	return f
}

// person makes an established educator with a career history: rows of
// school, post, start and end ("" open), the last being the present post.
func (f *fixture) person(name, born string, rows ...[4]any) *people.Educator {
	f.t.Helper()
	last := rows[len(rows)-1]
	e := storetest.MustCreateEducator(f.t, f.db, last[0].(*org.School), name, func(e *people.Educator) {
		e.BirthDate, e.Post, e.JoinedSchool, e.PostSince = d(born), last[1].(string), d(last[2].(string)), d(last[2].(string))
	})
	for _, r := range rows {
		k := &people.CareerEntry{EducatorID: e.ID, SchoolID: r[0].(*org.School).ID, Post: r[1].(string), Kind: people.CareerAppointment, Start: d(r[2].(string))}
		if r[1] == "secondment" {
			k.Post, k.Kind = people.PostTeacher, people.CareerSecondment
		}
		if r[3] != "" {
			k.End = d(r[3].(string))
		}
		if err := f.db.CreateRotationCareerEntry(context.Background(), k, 0); err != nil {
			f.t.Fatal(err)
		}
	}
	f.trained[e.ID] = true
	return e
}

func (f *fixture) open(post string) *appointment.Selection {
	f.t.Helper()
	sel, err := f.svc.Create(f.hr, appointment.Input{SchoolID: f.u1.ID, Post: post, Vacancy: "rotated", Terms: appointment.Terms{MaxAge: 50,
		RegistrationEnd: d("2025-08-31"), EvaluationDate: d("2025-09-10"), NoticeDays: 5, PassPercent: 60}})
	if err != nil {
		f.t.Fatal(err)
	}
	return sel
}

func (f *fixture) add(sel *appointment.Selection, e *people.Educator) *appointment.Candidate {
	f.t.Helper()
	c, err := f.svc.AddCandidate(f.hr, sel.ID, appointment.CandidateInput{EducatorID: e.ID})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) day(s string) {
	f.clock.Advance(d(s).Time().Add(2 * time.Hour).Sub(f.clock.Now()))
}

func wantErr(t *testing.T, err error, c app.Code, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s error %q, got none", c, msg)
	}
	if app.ErrorCode(err) != c || !strings.Contains(app.ErrorMessage(err, "zh"), msg) {
		t.Fatalf("want %s %q, got %s %q (%v)", c, msg, app.ErrorCode(err), app.ErrorMessage(err, "zh"), err)
	}
}

func reason(c *appointment.Candidate, code string) appointment.Reason {
	for _, r := range c.Reasons {
		if r.Code == code {
			return r
		}
	}
	return appointment.Reason{Code: code, Text: "absent"}
}

// TestPrerequisitesFromHistory: the review decides by the history on the
// last day of registration, at the edges of §3.5's six years at rural
// schools and two schools, the age limit and the training.
func TestPrerequisitesFromHistory(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2025-08-01")
		sel := f.open(people.PostPrincipal)
		vp := people.PostVicePrincipal
		for _, tc := range []struct {
			name string
			born string
			rows [][4]any
			want map[string]bool
		}{
			// Six years at a rural school to the day.
			{"满六年", "1980-01-01", [][4]any{{f.r1, vp, "2019-09-01", ""}}, map[string]bool{"new_principal": true}},
			// A day short: five years eleven months.
			{"差一天", "1980-01-01", [][4]any{{f.r1, vp, "2019-09-02", ""}}, map[string]bool{"new_principal": false}},
			// Two schools, however short the first.
			{"两所学校", "1980-01-01", [][4]any{{f.u2, people.PostTeacher, "2024-09-01", "2024-12-31"}, {f.u1, vp, "2025-01-01", ""}},
				map[string]bool{"new_principal": true}},
			// A secondment is not a school one worked at.
			{"挂职不算", "1980-01-01", [][4]any{{f.r1, "secondment", "2020-03-01", "2020-06-30"}, {f.u2, vp, "2015-09-01", ""}},
				map[string]bool{"new_principal": false}},
			// A post begun after registration closed does not count.
			{"截止后", "1980-01-01", [][4]any{{f.u2, vp, "2015-09-01", "2025-08-31"}, {f.u1, people.PostMiddleCadre, "2025-09-01", ""}},
				map[string]bool{"new_principal": false}},
			// Fifty on the last day of registration is within the limit; fifty-one is not.
			{"五十周岁", "1975-08-31", [][4]any{{f.r1, vp, "2010-09-01", ""}}, map[string]bool{"age": true, "new_principal": true}},
			{"五十一周岁", "1974-08-31", [][4]any{{f.r1, vp, "2010-09-01", ""}}, map[string]bool{"age": false}},
			{"教师", "1980-01-01", [][4]any{{f.r1, people.PostTeacher, "2010-09-01", ""}}, map[string]bool{"post": false}},
		} {
			e := f.person(tc.name, tc.born, tc.rows...)
			c := f.add(sel, e)
			for code, met := range tc.want {
				if r := reason(c, code); r.Met != met {
					t.Errorf("%s: %s met=%v (%s), want %v", tc.name, code, r.Met, r.Text, met)
				}
			}
			if qualified := c.Status == appointment.CandidateQualified; qualified != (len(c.Reasons) > 0 && allTrue(tc.want)) {
				t.Errorf("%s: status %s with %+v", tc.name, c.Status, c.Reasons)
			}
		}
		// Untrained: the training gate of the principal's post.
		e := f.person("未培训", "1980-01-01", [4]any{f.r1, vp, "2010-09-01", ""})
		f.trained[e.ID] = false
		if c := f.add(sel, e); c.Status != appointment.CandidateUnqualified || reason(c, "training").Met {
			t.Fatalf("untrained: %s %+v", c.Status, c.Reasons)
		}
		// A vice principal's post asks neither §3.5 nor the training.
		vsel := f.open(people.PostVicePrincipal)
		c := f.add(vsel, e)
		if c.Status != appointment.CandidateQualified || reason(c, "new_principal").Text != "absent" {
			t.Fatalf("vice principal's post: %s %+v", c.Status, c.Reasons)
		}
	})
}

func allTrue(m map[string]bool) bool {
	for _, v := range m {
		if !v {
			return false
		}
	}
	return true
}
