package roster_test

import (
	"testing"

	"jiaoliu/internal/demo"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/rotation"
)

// The demo city's histories, which name every post, and the histories the
// roster import derives from the same people's 到校日期 and 任现职日期 give
// every demo educator the same verdict and tenure under the default policy:
// a demo exported without its 任职经历 sheet and imported again keeps its
// list of who must rotate.
func TestDemoAgreesWithDerivedCareers(t *testing.T) {
	ds := demo.Generate(demo.DefaultSeed, demo.DefaultAsOf)
	schools := map[string]*org.School{}
	for i := range ds.Schools {
		sc := ds.Schools[i].School
		sc.ID = int64(i + 1)
		schools[sc.Code] = &sc
	}
	rows := func(ks []people.CareerEntry) []rotation.CareerRow {
		out := make([]rotation.CareerRow, len(ks))
		for i, k := range ks {
			out[i] = rotation.CareerRow{ID: int64(i + 1), SchoolID: schools[k.SchoolCode].ID, Post: k.Post, Kind: k.Kind, Start: k.Start, End: k.End}
		}
		return out
	}
	on := rotation.ReferenceDate(rotation.SchoolYearOf(demo.DefaultAsOf))
	policy := rotation.DefaultPolicy(0, rotation.SchoolYearOf(on))
	split, differ := 0, 0
	for i := range ds.Educators {
		de := &ds.Educators[i]
		e := de.Educator
		sc := schools[e.SchoolCode]
		e.SchoolID = sc.ID
		// The derived history: the demo's rows before 到校日期, and those
		// of exchanges and secondments, with the appointments at the school
		// from 到校日期 on replaced by what the roster row gives.
		var derived []people.CareerEntry
		for _, k := range de.Career {
			if k.Kind != people.CareerAppointment || k.SchoolCode != e.SchoolCode || k.Start.Before(e.JoinedSchool) {
				derived = append(derived, k)
			}
		}
		ks := roster.DerivedCareer(&e, e.JoinedSchool)
		split += len(ks) - 1
		for _, k := range ks {
			derived = append(derived, *k)
		}
		sortCareer(derived)
		person := &rotation.Person{ID: int64(i + 1), Name: e.Name, Gender: e.Gender, BirthDate: e.BirthDate, SchoolID: sc.ID, Post: e.Post,
			StaffStatus: e.StaffStatus, JoinedSchool: e.JoinedSchool, PostSince: e.PostSince}
		full := rotation.Evaluate(policy, rotation.Case{Person: person, School: sc, Career: rows(de.Career)}, on)
		got := rotation.Evaluate(policy, rotation.Case{Person: person, School: sc, Career: rows(derived)}, on)
		if full.Must != got.Must || full.TenureSince != got.TenureSince {
			differ++
			if differ <= 5 {
				t.Errorf("%s (%s): from the demo's history must %v since %s, from the derived one must %v since %s",
					e.Name, e.Post, full.Must, full.TenureSince, got.Must, got.TenureSince)
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d educators differ", differ, len(ds.Educators))
	}
	if split == 0 {
		t.Error("no demo educator was promoted at their school: the comparison proves nothing")
	}
}

// sortCareer orders rows by start, as the store returns them.
func sortCareer(ks []people.CareerEntry) {
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j].Start.Before(ks[j-1].Start); j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
}
