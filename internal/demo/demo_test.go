package demo

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// referenceDate is 1 September of the school year asOf is in: the date the
// rotation rules of SPEC §3.1 count ages and years on.
func referenceDate(asOf app.Date) app.Date {
	y := asOf.Year
	if asOf.Month < time.September {
		y--
	}
	return app.NewDate(y, time.September, 1)
}

// mustRotate counts the educators the rotation rules of SPEC §3.1 select,
// written independently of the generator: teachers of compulsory schools,
// established, men ≤ 50 and women ≤ 45, with ≥ 6 years at the school since
// arrival or the return from the last completed exchange; principals and
// vice principals (not of village points), men ≤ 55 and women ≤ 50, with
// ≥ 8 years in office at the school.
func mustRotate(ds *Dataset) (teachers, heads int) {
	ref := referenceDate(ds.AsOf)
	schools := make(map[string]School, len(ds.Schools))
	for _, s := range ds.Schools {
		schools[s.Code] = s
	}
	for _, e := range ds.Educators {
		s := schools[e.SchoolCode]
		if !s.Compulsory() || e.StaffStatus != people.StaffEstablished {
			continue
		}
		age := app.Age(e.BirthDate, ref)
		male := e.Gender == people.GenderMale
		switch e.Post {
		case people.PostPrincipal, people.PostVicePrincipal:
			if s.VillagePoint {
				continue
			}
			if (male && age <= 55 || !male && age <= 50) && app.Age(e.PostSince, ref) >= 8 {
				heads++
			}
		default:
			clock := e.JoinedSchool
			for _, c := range e.Career {
				if c.Kind == people.CareerExchange && !c.End.Before(e.JoinedSchool) && c.End.Before(ref) {
					if back := c.End.AddDays(1); back.After(clock) {
						clock = back
					}
				}
			}
			if (male && age <= 50 || !male && age <= 45) && app.Age(clock, ref) >= 6 {
				teachers++
			}
		}
	}
	return teachers, heads
}

func TestRotationSelectsAFewHundred(t *testing.T) {
	for _, seed := range []int64{DefaultSeed, 1, 2, 3, 42} {
		ds := Generate(seed, DefaultAsOf)
		teachers, heads := mustRotate(ds)
		t.Logf("seed %d: %d educators, %d teachers and %d heads must rotate", seed, len(ds.Educators), teachers, heads)
		if n := teachers + heads; n < 200 || n > 800 {
			t.Errorf("seed %d: %d must rotate, want 200–800", seed, n)
		}
		if heads < 5 {
			t.Errorf("seed %d: only %d principals must rotate", seed, heads)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := Generate(7, DefaultAsOf)
	b := Generate(7, DefaultAsOf)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different datasets")
	}
	c := Generate(8, DefaultAsOf)
	if reflect.DeepEqual(a.Educators, c.Educators) || reflect.DeepEqual(a.Schools, c.Schools) {
		t.Fatal("different seeds gave the same dataset")
	}
}

func TestInvariants(t *testing.T) {
	cases := []struct {
		seed int64
		asOf app.Date
	}{
		{DefaultSeed, DefaultAsOf},
		{1, DefaultAsOf},
		{2, app.NewDate(2026, time.March, 15)},
		{3, app.NewDate(2025, time.August, 31)},
		{4, app.NewDate(2030, time.December, 31)},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d_%s", c.seed, c.asOf), func(t *testing.T) {
			ds := Generate(c.seed, c.asOf)
			checkSchools(t, ds)
			checkEducators(t, ds)
		})
	}
}

func checkSchools(t *testing.T, ds *Dataset) {
	t.Helper()
	if ds.City.Name == "" || len(ds.Counties) != 2 {
		t.Fatalf("city %q with %d counties", ds.City.Name, len(ds.Counties))
	}
	counties := map[string]string{}
	for _, c := range ds.Counties {
		if len(c.Code) != 6 || c.Name == "" || counties[c.Code] != "" {
			t.Errorf("bad or duplicate county %+v", c)
		}
		counties[c.Code] = c.Name
	}
	if n := len(ds.Schools); n < 130 || n > 170 {
		t.Errorf("%d schools, want about 150", n)
	}
	codes, names := map[string]School{}, map[string]bool{}
	levels, locations := map[string]int{}, map[string]int{}
	var weak, demo, village, terrain, consortium int
	for i, s := range ds.Schools {
		if _, dup := codes[s.Code]; dup || names[s.Name] {
			t.Errorf("duplicate school %s %s", s.Code, s.Name)
		}
		if i > 0 && ds.Schools[i-1].Code >= s.Code {
			t.Errorf("schools not in code order at %s", s.Code)
		}
		codes[s.Code], names[s.Name] = s, true
		if counties[s.CountyCode] != s.CountyName || !strings.HasPrefix(s.Code, s.CountyCode) {
			t.Errorf("%s: county %s %s", s.Name, s.CountyCode, s.CountyName)
		}
		if !org.Levels.Has(s.Level) || !org.Locations.Has(s.Location) ||
			(s.Terrain != "" && !org.Terrains.Has(s.Terrain)) ||
			(s.Demonstration != "" && !org.Demonstrations.Has(s.Demonstration)) {
			t.Errorf("%s: bad vocabulary %q %q %q %q", s.Name, s.Level, s.Location, s.Terrain, s.Demonstration)
		}
		if s.Demonstration != "" && s.Level != "kindergarten" {
			t.Errorf("%s: demonstration level on a %s", s.Name, s.Level)
		}
		if s.Longitude == nil || s.Latitude == nil || *s.Longitude < 103.5 || *s.Longitude > 105.5 || *s.Latitude < 30.5 || *s.Latitude > 31.8 {
			t.Errorf("%s: position out of the city", s.Name)
		}
		levels[s.Level]++
		locations[s.Location]++
		weak += b2i(s.Weak)
		demo += b2i(s.Demonstration != "")
		village += b2i(s.VillagePoint)
		terrain += b2i(s.Terrain != "")
		consortium += b2i(s.Consortium != "")
	}
	for _, l := range org.Levels {
		if levels[l.Code] == 0 {
			t.Errorf("no %s school", l.Zh)
		}
	}
	for _, l := range org.Locations {
		if locations[l.Code] == 0 {
			t.Errorf("no %s school", l.Zh)
		}
	}
	if weak == 0 || demo == 0 || village == 0 || terrain == 0 || consortium == 0 || len(ds.Consortia) == 0 {
		t.Errorf("weak %d, demonstration %d, village points %d, terrain %d, in consortia %d, consortia %d",
			weak, demo, village, terrain, consortium, len(ds.Consortia))
	}
	for _, k := range ds.Consortia {
		lead, ok := codes[k.LeadSchoolCode]
		if !ok || lead.Consortium != k.Name || lead.Location != "urban" || lead.CountyCode != k.CountyCode {
			t.Errorf("consortium %s: bad lead %s", k.Name, k.LeadSchoolCode)
		}
		members := 0
		for _, s := range ds.Schools {
			if s.Consortium == k.Name {
				members++
				if s.CountyCode != k.CountyCode {
					t.Errorf("consortium %s: member %s in another county", k.Name, s.Name)
				}
			}
		}
		if members < 4 || members > 7 {
			t.Errorf("consortium %s: %d schools with the lead", k.Name, members)
		}
	}
}

func checkEducators(t *testing.T, ds *Dataset) {
	t.Helper()
	if n := len(ds.Educators); n < 3800 || n > 4200 {
		t.Errorf("%d educators, want about 4,000", n)
	}
	schools := map[string]School{}
	for _, s := range ds.Schools {
		schools[s.Code] = s
	}
	ids := map[people.IDNumber]bool{}
	heads := map[string]int{}
	for _, e := range ds.Educators {
		s, ok := schools[e.SchoolCode]
		if !ok || s.Name != e.SchoolName {
			t.Fatalf("%s: unknown school %s", e.Name, e.SchoolCode)
		}
		id, err := people.ParseIDNumber(string(e.IDNumber))
		if err != nil || id != e.IDNumber {
			t.Fatalf("%s: ID number: %v", e.Name, err)
		}
		if ids[id] {
			t.Fatalf("%s: duplicate ID number", e.Name)
		}
		ids[id] = true
		if id.BirthDate() != e.BirthDate || id.Gender() != e.Gender || e.IDMasked != id.Masked() {
			t.Errorf("%s: ID number disagrees with birth date %s or gender %s", e.Name, e.BirthDate, e.Gender)
		}
		if r := []rune(e.Name); len(r) < 2 || len(r) > 4 {
			t.Errorf("odd name %q", e.Name)
		}
		age := app.Age(e.BirthDate, ds.AsOf)
		if age < 22 || age >= 60 || (e.Gender == people.GenderFemale && age >= 55) {
			t.Errorf("%s: %s aged %d", e.Name, e.Gender, age)
		}
		if !people.Posts.Has(e.Post) || !people.StaffStatuses.Has(string(e.StaffStatus)) ||
			(e.Backbone != "" && !people.Backbones.Has(e.Backbone)) || len(e.Subjects) == 0 {
			t.Errorf("%s: bad post %q, status %q, backbone %q or subjects %v", e.Name, e.Post, e.StaffStatus, e.Backbone, e.Subjects)
		}
		kg := s.Level == "kindergarten"
		switch e.Post {
		case people.PostPrincipal, people.PostDirector:
			heads[e.SchoolCode]++
			fallthrough
		case people.PostVicePrincipal, people.PostViceDirector:
			if kg != (e.Post == people.PostDirector || e.Post == people.PostViceDirector) {
				t.Errorf("%s: post %s at a %s", e.Name, e.Post, s.Level)
			}
			if e.PostSince.IsZero() {
				t.Errorf("%s: head without PostSince", e.Name)
			}
		}
		checkCareer(t, ds, schools, e)
	}
	for _, s := range ds.Schools {
		if heads[s.Code] != 1 {
			t.Errorf("%s has %d heads", s.Name, heads[s.Code])
		}
	}
}

func checkCareer(t *testing.T, ds *Dataset, schools map[string]School, e Educator) {
	t.Helper()
	c := e.Career
	if len(c) == 0 {
		t.Fatalf("%s: no career", e.Name)
	}
	last := c[len(c)-1]
	if last.Kind != people.CareerAppointment || !last.End.IsZero() || last.SchoolCode != e.SchoolCode || last.Post != e.Post {
		t.Errorf("%s: last career entry %+v is not the current post", e.Name, last)
	}
	if c[0].Kind != people.CareerAppointment {
		t.Errorf("%s: first career entry is a %s", e.Name, c[0].Kind)
	}
	// Established staff started at 21–25; temporary staff may have been
	// engaged later in life.
	if a := app.Age(e.BirthDate, c[0].Start); a < 21 || (a > 25 && e.StaffStatus == people.StaffEstablished) {
		t.Errorf("%s: first appointment at %d", e.Name, a)
	}
	for i, r := range c {
		s, ok := schools[r.SchoolCode]
		if !ok || s.Name != r.SchoolName {
			t.Errorf("%s: career at unknown school %s", e.Name, r.SchoolCode)
		}
		if !people.CareerKinds.Has(r.Kind) || !people.Posts.Has(r.Post) {
			t.Errorf("%s: career kind %q post %q", e.Name, r.Kind, r.Post)
		}
		if !r.Start.Valid() || r.Start.After(ds.AsOf) || (!r.End.IsZero() && (r.End.Before(r.Start) || r.End.After(ds.AsOf))) {
			t.Errorf("%s: career entry %s–%s", e.Name, r.Start, r.End)
		}
		if i < len(c)-1 && (r.End.IsZero() || !r.End.Before(c[i+1].Start)) {
			t.Errorf("%s: entry %s–%s overlaps the next from %s", e.Name, r.Start, r.End, c[i+1].Start)
		}
		if r.Kind != people.CareerAppointment && (i == 0 || c[i-1].SchoolCode != c[i+1].SchoolCode || r.SchoolCode == c[i-1].SchoolCode) {
			t.Errorf("%s: %s at %s does not interrupt an appointment elsewhere", e.Name, r.Kind, r.SchoolName)
		}
		if r.Kind == people.CareerExchange && (r.Start.Month != time.September || r.Start.Day != 1 || r.End.Month != time.August || r.End.Day != 31) {
			t.Errorf("%s: exchange %s–%s is not whole school years", e.Name, r.Start, r.End)
		}
	}
	// JoinedSchool and PostSince begin the trailing rows at the school and
	// in the post, exchanges and secondments in between not counting.
	joined, since := app.Date{}, app.Date{}
	inPost := true
	for i := len(c) - 1; i >= 0; i-- {
		r := c[i]
		if r.Kind != people.CareerAppointment {
			continue
		}
		if r.SchoolCode != e.SchoolCode {
			break
		}
		joined = r.Start
		if inPost && r.Post == e.Post {
			since = r.Start
		} else {
			inPost = false
		}
	}
	if joined != e.JoinedSchool || since != e.PostSince {
		t.Errorf("%s: joined %s since %s, history says %s and %s", e.Name, e.JoinedSchool, e.PostSince, joined, since)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSummary logs the figures of the default city (go test -v -run Summary)
// and checks the shares the generator promises: about one educator in eight
// a backbone teacher, at least one national backbone, both genders and
// temporary staff present, and careers that include past exchanges and
// secondments.
func TestSummary(t *testing.T) {
	ds := Generate(DefaultSeed, DefaultAsOf)
	byLevel := map[string][3]int{}
	var villages, weak, consortium int
	for _, s := range ds.Schools {
		n := byLevel[s.Level]
		n[slices.IndexFunc(org.Locations, func(l app.Term) bool { return l.Code == s.Location })]++
		byLevel[s.Level] = n
		villages += b2i(s.VillagePoint)
		weak += b2i(s.Weak)
		consortium += b2i(s.Consortium != "")
	}
	t.Logf("%s: %d schools (%d village points, %d weak, %d in %d consortia)", ds.City.Name, len(ds.Schools), villages, weak, consortium, len(ds.Consortia))
	for _, l := range org.Levels {
		n := byLevel[l.Code]
		t.Logf("  %-6s 城区 %2d 镇区 %2d 乡村 %2d", l.Zh, n[0], n[1], n[2])
	}
	rows, backbone, temp, female, exchanges, secondments := 0, 0, 0, 0, 0, 0
	posts, backbones, titles := map[string]int{}, map[string]int{}, map[string]int{}
	for _, e := range ds.Educators {
		rows += len(e.Career)
		backbone += b2i(e.Backbone != "")
		temp += b2i(e.StaffStatus == people.StaffTemporary)
		female += b2i(e.Gender == people.GenderFemale)
		posts[e.Post]++
		backbones[e.Backbone]++
		titles[e.Title]++
		for _, c := range e.Career {
			exchanges += b2i(c.Kind == people.CareerExchange)
			secondments += b2i(c.Kind == people.CareerSecondment)
		}
	}
	n := len(ds.Educators)
	t.Logf("%d educators, %d career rows (%d exchanges, %d secondments), %.1f%% female, %.1f%% temporary, %.1f%% backbone",
		n, rows, exchanges, secondments, 100*float64(female)/float64(n), 100*float64(temp)/float64(n), 100*float64(backbone)/float64(n))
	t.Logf("posts %v", posts)
	t.Logf("backbones %v", backbones)
	t.Logf("titles %v", titles)
	teachers, heads := mustRotate(ds)
	t.Logf("must rotate: %d teachers, %d heads", teachers, heads)
	if share := float64(backbone) / float64(n); share < 1.0/16 || share > 1.0/4 {
		t.Errorf("backbone share %.3f, want about one in eight", share)
	}
	if backbones["national_backbone"] == 0 {
		t.Error("no national backbone teacher")
	}
	if female == 0 || female == n || temp == 0 || temp == n {
		t.Errorf("%d female and %d temporary of %d educators", female, temp, n)
	}
	if exchanges == 0 || secondments == 0 || rows <= n {
		t.Errorf("%d career rows of %d educators: %d exchanges, %d secondments", rows, n, exchanges, secondments)
	}
	for _, e := range ds.Educators[:3] {
		t.Logf("%s %s %s %s %s %v %s %s %v", e.Name, e.Gender, e.BirthDate, e.IDMasked, e.Post, e.Subjects, e.Title, e.Backbone, e.Honours)
		for _, c := range e.Career {
			t.Logf("    %s–%s %s %s %s %s", c.Start, c.End, c.Kind, c.Post, c.SchoolName, c.Note)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(DefaultSeed, DefaultAsOf)
	}
}
