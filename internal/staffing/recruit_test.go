package staffing_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// vacancies is a fixture of the establishment: open posts by school.
type vacancies map[int64]int

func (v vacancies) Vacancies(_ context.Context, countyID int64) ([]*staffing.SchoolStaffing, error) {
	var out []*staffing.SchoolStaffing
	for id, n := range v {
		out = append(out, &staffing.SchoolStaffing{SchoolID: id, Vacancies: n, BySubject: []staffing.SubjectCount{{Subject: "语文", InPost: 3}}})
	}
	return out, nil
}

func hrOf(c *org.County) context.Context {
	return app.WithActor(context.Background(), &app.Actor{Username: "hr", Grants: []app.Grant{{Role: auth.RoleCountyHR,
		ScopeKind: auth.ScopeCounty, ScopeID: c.ID, Place: app.Place{CityID: c.CityID, CountyID: c.ID}}}})
}

// recruitFixture is a county with an urban, a rural weak and a junior
// school, each with vacancies, and its HR.
type recruitFixture struct {
	db                   *store.DB
	svc                  *staffing.RecruitService
	county               *org.County
	urban, rural, junior *org.School
	hr                   context.Context
}

func newRecruitFixture(t *testing.T, db *store.DB, clock app.Clock) *recruitFixture {
	city := storetest.MustCreateCity(t, db, "榆林市")
	f := &recruitFixture{db: db, county: storetest.MustCreateCounty(t, db, city, "甲县")}
	f.urban = storetest.MustCreateSchool(t, db, f.county, "城区小学")
	f.rural = storetest.MustCreateSchool(t, db, f.county, "乡村小学", func(s *org.School) { s.Location = "rural"; s.Weak = true })
	f.junior = storetest.MustCreateSchool(t, db, f.county, "乡村初中", func(s *org.School) { s.Location = "rural"; s.Level = "junior" })
	vs := vacancies{f.urban.ID: 2, f.rural.ID: 1, f.junior.ID: 1}
	f.svc = staffing.NewRecruitService(db, vs, storetest.MustCipher(t), audit.NewLog(db, clock), clock)
	f.hr = hrOf(f.county)
	return f
}

func (f *recruitFixture) in(name string, serial int, subject, level string) staffing.RecruitInput {
	id := storetest.IDNumber(app.NewDate(1999, time.May, 1+serial), serial%2 == 0, 700+serial)
	return staffing.RecruitInput{CountyID: f.county.ID, Name: name, IDNumber: string(id), Subject: subject, Level: level, Qualifications: "本科 小学教师资格"}
}

func TestRecruitsPlacedAndApproved(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 20, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newRecruitFixture(t, db, clock)
		// A bad row names its row and enters nothing.
		bad := f.in("", 1, "数学", "primary")
		if _, err := f.svc.Import(f.hr, f.county.ID, []staffing.RecruitInput{f.in("赵一", 2, "数学", "primary"), bad}); err == nil ||
			!strings.Contains(app.ErrorMessage(err, "zh"), "第3行") {
			t.Fatalf("a sheet with a bad row: %v", err)
		}
		if rs, _ := f.svc.Find(f.hr, staffing.RecruitFilter{}); len(rs) != 0 {
			t.Fatalf("a refused sheet entered %d recruits", len(rs))
		}
		if _, err := f.svc.Import(f.hr, f.county.ID, []staffing.RecruitInput{f.in("赵一", 2, "数学", "primary"),
			f.in("钱二", 3, "语文", "junior"), f.in("孙三", 4, "英语", "senior")}); err != nil {
			t.Fatal(err)
		}
		b, err := f.svc.Propose(f.hr, f.county.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range b.Recruits {
			got[r.Name] = r.SchoolID
		}
		if got["赵一"] != f.rural.ID || got["钱二"] != f.junior.ID || got["孙三"] != 0 {
			t.Fatalf("proposal %v: want the primary recruit at the rural weak school, the junior one at the junior school, the senior one nowhere", got)
		}
		// HR's edit: a school without a post left for the recruit is refused.
		var zhao, qian int64
		for _, r := range b.Recruits {
			switch r.Name {
			case "赵一":
				zhao = r.ID
			case "钱二":
				qian = r.ID
			}
		}
		if _, err := f.svc.Choose(f.hr, qian, f.urban.ID); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("a junior recruit on a primary school: %v", err)
		}
		if _, err := f.svc.Choose(f.hr, zhao, f.urban.ID); err != nil {
			t.Fatal(err)
		}
		placed, err := f.svc.Approve(f.hr, f.county.ID, staffing.ApproveInput{RecruitIDs: []int64{zhao, qian}, Start: app.NewDate(2026, 9, 1)})
		if err != nil || len(placed) != 2 {
			t.Fatalf("approve: %v, %d", err, len(placed))
		}
		for _, r := range placed {
			ed, err := db.FindEducatorByID(context.Background(), r.EducatorID)
			if err != nil {
				t.Fatal(err)
			}
			career, err := db.FindCareer(context.Background(), ed.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ed.SchoolID != r.SchoolID || ed.StaffStatus != people.StaffEstablished || len(career) != 1 ||
				career[0].Kind != people.CareerAppointment || career[0].Start != app.NewDate(2026, 9, 1) || career[0].SchoolID != r.SchoolID {
				t.Fatalf("%s: educator at %d, career %+v", r.Name, ed.SchoolID, career)
			}
		}
		if ed, _ := db.FindEducatorByID(context.Background(), placed[0].EducatorID); ed.SchoolID != f.urban.ID {
			t.Fatalf("HR's edit was not kept: %d", ed.SchoolID)
		}
		// Approved again: nothing is waiting, nothing changes.
		if _, err := f.svc.Approve(f.hr, f.county.ID, staffing.ApproveInput{RecruitIDs: []int64{zhao}}); app.ErrorCode(err) != app.Conflict {
			t.Fatalf("a second approval: %v", err)
		}
		// Out of scope answers as absent.
		other := storetest.MustCreateCounty(t, db, &org.City{ID: f.county.CityID}, "乙县")
		if _, err := f.svc.Approve(hrOf(other), f.county.ID, staffing.ApproveInput{RecruitIDs: []int64{zhao}}); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("another county's HR: %v", err)
		}
	})
}

// Of two approvals of the same recruits at once exactly one wins; the
// loser changes nothing (no second educator, no half placement).
func TestRecruitApprovalsRace(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 20, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newRecruitFixture(t, db, clock)
		rs, err := f.svc.Import(f.hr, f.county.ID, []staffing.RecruitInput{f.in("周四", 5, "数学", "primary"), f.in("吴五", 6, "语文", "primary")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Propose(f.hr, f.county.ID); err != nil {
			t.Fatal(err)
		}
		ids := []int64{rs[0].ID, rs[1].ID}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.Approve(f.hr, f.county.ID, staffing.ApproveInput{RecruitIDs: ids})
			}()
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case app.ErrorCode(err) != app.Conflict:
				t.Errorf("a losing approval: %v", err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d approvals won, want exactly 1 (%v)", wins, errs)
		}
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM educators e JOIN schools s ON s.id = e.school_id WHERE s.county_id = $1`, f.county.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 2 {
			t.Fatalf("%d educators made, want 2", n)
		}
	})
}
