package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
)

// TestKey is the data key of test databases.
var TestKey = []byte("jiaoliu-test-key-32-bytes-long!!")

// MustCipher returns the cipher of TestKey.
func MustCipher(t testing.TB) *people.Cipher {
	t.Helper()
	c, err := people.NewCipher(TestKey)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var seq atomic.Int64

func next() int64 { return seq.Add(1) }

// MustCreateCity creates a city.
func MustCreateCity(t testing.TB, db *store.DB, name string) *org.City {
	t.Helper()
	c := &org.City{Name: name}
	if err := db.CreateCity(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// MustCreateCounty creates a county of the city.
func MustCreateCounty(t testing.TB, db *store.DB, city *org.City, name string) *org.County {
	t.Helper()
	c := &org.County{CityID: city.ID, Code: fmt.Sprintf("C%04d", next()), Name: name}
	if err := db.CreateCounty(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// MustCreateSchool creates a primary school in the county; edit sets other fields.
func MustCreateSchool(t testing.TB, db *store.DB, county *org.County, name string, edit ...func(*org.School)) *org.School {
	t.Helper()
	s := &org.School{Code: fmt.Sprintf("S%05d", next()), Name: name, CountyID: county.ID, CityID: county.CityID,
		CountyName: county.Name, Level: "primary", Location: "urban"}
	for _, f := range edit {
		f(s)
	}
	if err := db.CreateSchool(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

// IDNumber makes a valid ID number for a birth date, gender and serial: 500
// serials per birth date and gender are distinct.
func IDNumber(birth app.Date, male bool, serial int) people.IDNumber {
	seq := serial % 500 * 2 // the sequence's last digit is odd for men, even for women
	if male {
		seq++
	}
	first := fmt.Sprintf("110105%04d%02d%02d%03d", birth.Year, int(birth.Month), birth.Day, seq)
	return people.IDNumber(first + string(people.IDCheckChar(first)))
}

// MustCreateEducator creates an educator at the school with a valid,
// encrypted ID number; edit sets other fields before the insert.
func MustCreateEducator(t testing.TB, db *store.DB, school *org.School, name string, edit ...func(*people.Educator)) *people.Educator {
	t.Helper()
	n := next()
	// 500 serials a day over 28 days: ID numbers repeat only after 14,000
	// educators, however many a test makes in one database.
	e := &people.Educator{Name: name, Gender: people.GenderFemale, BirthDate: app.NewDate(1985, time.March, 1+int(n/500%28)),
		SchoolID: school.ID, SchoolCode: school.Code, SchoolName: school.Name, CountyID: school.CountyID, CityID: school.CityID,
		Post: people.PostTeacher, Subjects: []string{"语文"}, StaffStatus: people.StaffEstablished,
		JoinedSchool: app.NewDate(2015, time.September, 1), PostSince: app.NewDate(2015, time.September, 1)}
	for _, f := range edit {
		f(e)
	}
	id := IDNumber(e.BirthDate, e.Gender == people.GenderMale, int(n))
	c := MustCipher(t)
	sealed, err := c.Seal(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateEducator(context.Background(), e, store.SealedID{Cipher: sealed, Lookup: c.Lookup(id), Masked: id.Masked()}); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestPassword is the password of users made by MustCreateUser.
const TestPassword = "test-password-1"

// CheapArgon2 makes hashing cheap, for tests only (production uses
// auth.DefaultArgon2).
var CheapArgon2 = auth.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1}

// MustAuthService returns the account service with cheap hashing.
func MustAuthService(t testing.TB, db *store.DB, log *audit.Log, clock app.Clock) *auth.Service {
	t.Helper()
	svc, err := auth.NewService(db, log, clock, CheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// MustCreateUser creates an account homed at home (a school or county place,
// or zero) with one grant per role/scope pair.
func MustCreateUser(t testing.TB, db *store.DB, username string, home app.Place, educatorID int64, grants ...app.Grant) *auth.User {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(TestPassword, CheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	now := db.Now()
	u := &auth.User{Username: username, DisplayName: username, PasswordHash: hash, CountyID: home.CountyID, SchoolID: home.SchoolID,
		EducatorID: educatorID, PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	for _, g := range grants {
		if err := db.CreateGrant(ctx, u.ID, &g, now); err != nil {
			t.Fatal(err)
		}
	}
	u, err = db.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// MustCreateProgramme creates a secondment programme of the county, or of
// the city when county is nil, running through the 2026–2027 school year,
// with the categories ("中层干部" and its quota …) and enrolled educators.
func MustCreateProgramme(t testing.TB, db *store.DB, city *org.City, county *org.County, name string,
	categories []programme.Category, members ...*people.Educator) *programme.Programme {
	t.Helper()
	now := db.Now()
	p := &programme.Programme{CityID: city.ID, Details: programme.Details{Name: name, Kind: programme.KindSecondment, Organiser: "市教师进修学校",
		Start: app.NewDate(2026, time.September, 1), End: app.NewDate(2027, time.July, 15)}, Categories: categories,
		CreatedBy: "storetest", CreatedAt: now, UpdatedAt: now}
	if county != nil {
		p.CountyID, p.CountyName = county.ID, county.Name
	}
	ctx := context.Background()
	if err := db.CreateProgramme(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, e := range members {
		category := ""
		if len(categories) > 0 {
			category = categories[0].Name
		}
		m := &programme.Member{ProgrammeID: p.ID, EducatorID: e.ID, Category: category, AddedBy: "storetest", AddedAt: now}
		if err := db.CreateMember(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	return p
}
