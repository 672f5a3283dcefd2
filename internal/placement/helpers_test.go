package placement_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// world is seed [000]'s programme with its fourth batch (2026-10-10 to
// 11-11) and two participants, a and b, at one host with one mentor.
type world struct {
	t      *testing.T
	db     *store.DB
	clock  *app.FixedClock
	svc    *placement.Service
	sec    *secondment.Service
	p      *programme.Programme
	batch  *secondment.Batch
	hr     context.Context // manages the programme
	school context.Context // admin of the participants' school
	mentor context.Context
	a, b   context.Context // the participants
	other  context.Context // an educator of another school, not in the programme
	ida    int64           // a's placement id
	idb    int64
	eduA   int64
	eduB   int64
}

// startClock is 2026-10-15 10:00 in Shanghai, a Thursday of the fourth batch.
func startClock() *app.FixedClock {
	return app.NewFixedClock(time.Date(2026, 10, 15, 2, 0, 0, 0, time.UTC))
}

func ctxOf(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		Grants: u.Grants, EducatorID: u.EducatorID, SchoolID: u.SchoolID, CountyID: u.CountyID})
}

func newWorld(t *testing.T, db *store.DB, clock *app.FixedClock) *world {
	t.Helper()
	log := audit.NewLog(db, clock)
	progs := programme.NewService(db, log, clock)
	accounts := storetest.MustAuthService(t, db, log, clock)
	w := &world{t: t, db: db, clock: clock, sec: secondment.NewService(db, progs, accounts, log, clock)}
	w.svc = placement.New(db, w.sec, progs, log, clock)
	city := storetest.MustCreateCity(t, db, "测试市")
	k := storetest.MustCreateCounty(t, db, city, "甲县")
	sk := storetest.MustCreateSchool(t, db, k, "甲县第一中学", func(s *org.School) { s.Level = "junior" })
	sk2 := storetest.MustCreateSchool(t, db, k, "甲县第二中学", func(s *org.School) { s.Level = "junior" })
	ea := storetest.MustCreateEducator(t, db, sk, "张一")
	eb := storetest.MustCreateEducator(t, db, sk, "李二")
	eo := storetest.MustCreateEducator(t, db, sk2, "王三")
	w.eduA, w.eduB = ea.ID, eb.ID
	w.hr = ctxOf(t, db, storetest.MustCreateUser(t, db, "hr-k", app.Place{CityID: city.ID, CountyID: k.ID}, 0,
		app.Grant{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: k.ID}))
	w.school = ctxOf(t, db, storetest.MustCreateUser(t, db, "school-k", sk.Place(), 0,
		app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: sk.ID}))
	w.a = ctxOf(t, db, storetest.MustCreateUser(t, db, "p-a", sk.Place(), ea.ID, app.Grant{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: sk.ID}))
	w.b = ctxOf(t, db, storetest.MustCreateUser(t, db, "p-b", sk.Place(), eb.ID, app.Grant{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: sk.ID}))
	w.other = ctxOf(t, db, storetest.MustCreateUser(t, db, "p-o", sk2.Place(), eo.ID, app.Grant{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: sk2.ID}))

	p, err := w.sec.CreateFromTemplate(w.hr, secondment.TemplateInput{Template: "000", Year: 2026, CountyID: k.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.p = p
	for _, e := range []int64{ea.ID, eb.ID} {
		if _, err := progs.Enrol(w.hr, p.ID, programme.MemberInput{EducatorID: e, Category: "学科骨干教师"}); err != nil {
			t.Fatal(err)
		}
	}
	batches, err := w.sec.Batches(w.hr, p)
	if err != nil {
		t.Fatal(err)
	}
	w.batch = batches[3]
	h, err := w.sec.CreateHost(w.hr, secondment.HostInput{HostDetails: secondment.HostDetails{CountyID: k.ID, Name: "济宁市实验中学",
		Place: "山东济宁", Level: "middle", ContactName: "孙老师", ContactPhone: "0537-1234567"}, Departments: "数学教研组"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.sec.SetBatchHost(w.hr, p.ID, w.batch.ID, h.ID, 5); err != nil {
		t.Fatal(err)
	}
	m, _, err := w.sec.CreateMentor(w.hr, p.ID, secondment.MentorInput{Username: "jn-mentor", DisplayName: "孙导师", HostID: h.ID, Title: "副校长"})
	if err != nil {
		t.Fatal(err)
	}
	mu, err := db.FindUserByID(context.Background(), m.UserID)
	if err != nil {
		t.Fatal(err)
	}
	w.mentor = ctxOf(t, db, mu)
	for _, e := range []int64{ea.ID, eb.ID} {
		if _, err := w.sec.Place(w.hr, p.ID, e, secondment.PlacementInput{BatchID: w.batch.ID, HostID: h.ID, MentorID: m.UserID}); err != nil {
			t.Fatal(err)
		}
	}
	pa, _, _, err := w.svc.FindByKey(w.hr, p.ID, ea.ID)
	if err != nil {
		t.Fatal(err)
	}
	pb, _, _, err := w.svc.FindByKey(w.hr, p.ID, eb.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.ida, w.idb = pa.ID, pb.ID
	return w
}

func day(m time.Month, d int) app.Date { return app.NewDate(2026, m, d) }

func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantCode(t *testing.T, err error, code app.Code, words ...string) {
	t.Helper()
	if app.ErrorCode(err) != code {
		t.Fatalf("want %s, got %v", code, err)
	}
	for _, w := range words {
		if !strings.Contains(app.ErrorMessage(err, "zh"), w) {
			t.Errorf("%q does not say %q", app.ErrorMessage(err, "zh"), w)
		}
	}
}

func access(t *testing.T, w *world, ctx context.Context) placement.Access {
	t.Helper()
	_, _, acc, err := w.svc.Find(ctx, w.ida)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}
