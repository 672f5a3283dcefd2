package secondment_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is a city with county K, a school there, educators, the
// services and the contexts of a county HR (manages K's programmes) and
// the participant's school admin.
type fixture struct {
	t      *testing.T
	db     *store.DB
	clock  *app.FixedClock
	progs  *programme.Service
	svc    *secondment.Service
	city   *org.City
	k      *org.County
	sk     *org.School
	ek     []*people.Educator
	hr     context.Context
	school context.Context
}

// today of the fixture: 2026-10-08.
func newFixture(t *testing.T, db *store.DB, clock *app.FixedClock) *fixture {
	log := audit.NewLog(db, clock)
	f := &fixture{t: t, db: db, clock: clock, progs: programme.NewService(db, log, clock)}
	f.svc = secondment.NewService(db, f.progs, storetest.MustAuthService(t, db, log, clock), log, clock)
	f.city = storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, f.city, "甲县")
	f.sk = storetest.MustCreateSchool(t, db, f.k, "甲县第一中学", func(s *org.School) { s.Level = "junior" })
	for i, post := range []string{people.PostMiddleCadre, people.PostMiddleCadre, people.PostGradeHead, people.PostTeacher, people.PostTeacher} {
		e := storetest.MustCreateEducator(t, db, f.sk, []string{"张一", "李二", "王三", "赵四", "钱五"}[i], func(e *people.Educator) {
			e.Post = post
			if post == people.PostTeacher {
				e.Subjects = []string{[]string{"数学", "语文"}[i%2]}
			}
		})
		f.ek = append(f.ek, e)
	}
	hr := storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: f.city.ID, CountyID: f.k.ID}, 0,
		app.Grant{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: f.k.ID})
	f.hr = actorCtx(t, db, hr)
	sa := storetest.MustCreateUser(t, db, "school-k", f.sk.Place(), 0, app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: f.sk.ID})
	f.school = actorCtx(t, db, sa)
	return f
}

func actorCtx(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		Grants: u.Grants, EducatorID: u.EducatorID})
}

func fixedClock() *app.FixedClock {
	return app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
}

// programme000 starts the seed [000] programme of 2026 for county K and
// enrols the fixture's educators: two cadres, a grade head, two teachers.
func (f *fixture) programme000() (*programme.Programme, []*secondment.Batch) {
	t := f.t
	p, err := f.svc.CreateFromTemplate(f.hr, secondment.TemplateInput{Template: "000", Year: 2026, CountyID: f.k.ID})
	if err != nil {
		t.Fatal(err)
	}
	cats := []string{"中层干部", "中层干部", "级部主任", "学科骨干教师", "学科骨干教师"}
	for i, e := range f.ek {
		if _, err := f.progs.Enrol(f.hr, p.ID, programme.MemberInput{EducatorID: e.ID, Category: cats[i]}); err != nil {
			t.Fatal(err)
		}
	}
	batches, err := f.svc.Batches(f.hr, p)
	if err != nil {
		t.Fatal(err)
	}
	return p, batches
}

func wantRefused(t *testing.T, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want a refusal naming %v, got success", words)
	}
	msg := app.ErrorMessage(err, "zh")
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("refusal %q does not name %q", msg, w)
		}
	}
}

func TestTemplate000MakesFourBatches(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, fixedClock())
		p, batches := f.programme000()
		if len(p.Categories) != 3 || p.Quota() != 49 {
			t.Fatalf("categories %+v", p.Categories)
		}
		want := [][2]string{{"2026-03-14", "2026-04-15"}, {"2026-05-09", "2026-06-10"}, {"2026-09-01", "2026-09-30"}, {"2026-10-10", "2026-11-11"}}
		if len(batches) != 4 {
			t.Fatalf("%d batches", len(batches))
		}
		sums := map[string]int{}
		for i, b := range batches {
			if b.Start.String() != want[i][0] || b.End.String() != want[i][1] {
				t.Errorf("batch %d: %s–%s, want %v", i, b.Start, b.End, want[i])
			}
			for _, q := range b.Quotas {
				sums[q.Category] += q.Capacity
			}
		}
		if sums["中层干部"] != 20 || sums["级部主任"] != 13 || sums["学科骨干教师"] != 16 {
			t.Errorf("places over the batches %v, want the categories' quotas", sums)
		}
		if batches[3].Status != secondment.BatchUpcoming || batches[0].Status != secondment.BatchFinished {
			t.Errorf("statuses %s %s", batches[0].Status, batches[3].Status)
		}
	})
}

func TestEnrolmentRefusals(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		clock := fixedClock()
		f := newFixture(t, db, clock)
		p, batches := f.programme000()
		first, fourth := batches[0], batches[3]
		// A finished batch (3/14–4/15; today is 10/8).
		_, err := f.svc.Place(f.hr, p.ID, f.ek[0].ID, secondment.PlacementInput{BatchID: first.ID})
		wantRefused(t, err, "第一批", "已于2026年4月15日结束")
		// A closed batch.
		in := secondment.BatchInput{Name: fourth.Name, Start: fourth.Start, End: fourth.End, Closed: true}
		for _, q := range fourth.Quotas {
			in.Quotas = append(in.Quotas, secondment.QuotaInput{Category: q.Category, Capacity: q.Capacity})
		}
		if _, err := f.svc.UpdateBatch(f.hr, p.ID, fourth.ID, in); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Place(f.hr, p.ID, f.ek[0].ID, secondment.PlacementInput{BatchID: fourth.ID})
		wantRefused(t, err, "第四批", "已截止")
		// Reopened with one place for cadres: the first cadre gets in, the second not.
		in.Closed = false
		in.Quotas[0].Capacity = 1
		if _, err := f.svc.UpdateBatch(f.hr, p.ID, fourth.ID, in); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Place(f.hr, p.ID, f.ek[0].ID, secondment.PlacementInput{BatchID: fourth.ID}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Place(f.hr, p.ID, f.ek[1].ID, secondment.PlacementInput{BatchID: fourth.ID})
		wantRefused(t, err, "第四批", "中层干部", "已满")
		// Places cannot fall below those in the batch.
		in.Quotas[0].Capacity = 0
		_, err = f.svc.UpdateBatch(f.hr, p.ID, fourth.ID, in)
		wantRefused(t, err, "已有1人")
		// Once the programme is over, nobody is enrolled.
		clock.Advance(60 * 24 * time.Hour) // 12/7, after 11/11
		_, err = f.svc.Place(f.hr, p.ID, f.ek[2].ID, secondment.PlacementInput{BatchID: fourth.ID})
		wantRefused(t, err, "已于2026年11月11日结束")
		// The school admin manages nothing here.
		if _, err := f.svc.Place(f.school, p.ID, f.ek[2].ID, secondment.PlacementInput{BatchID: fourth.ID}); err == nil {
			t.Error("a school admin placed a participant")
		}
	})
}
