package staffing

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

func step(school int64, location, terrain, kind string, start, end app.Date) Step {
	return Step{SchoolID: school, SchoolName: "学校", Location: location, Terrain: terrain, Post: people.PostTeacher, Kind: kind, Start: start, End: end}
}

func candidate(title string, school int64, steps ...Step) *Candidate {
	return &Candidate{EducatorID: 1, Name: "李老师", SchoolID: school, Post: people.PostTeacher, Title: title, Steps: steps}
}

// policy is the default rotation policy with years of continuous rural
// teaching for a higher title.
func policy(years int) *rotation.Policy {
	p := rotation.DefaultPolicy(1, 2026)
	p.TitleRuralYears = years
	return p
}

// The rural rule on its boundary, read from the rotation policy: rural
// teaching since 1 September 2020 completes six years with 31 August 2026
// (the days counted include both ends), not with the day before.
func TestPromotionRuralYearsBoundary(t *testing.T) {
	st := DefaultSettings(1, 2026)
	c := candidate("一级教师", 2, step(2, "rural", "", people.CareerAppointment, app.NewDate(2020, 9, 1), app.Date{}))
	if p := Evaluate(c, policy(6), st, app.NewDate(2026, 8, 30), 0); p.Qualifies {
		t.Errorf("on 30 August 2026: qualifies; want no: %v", p.Reasons)
	}
	p := Evaluate(c, policy(6), st, app.NewDate(2026, 8, 31), 1)
	if !p.Qualifies || p.Next != GradeSenior || len(p.Reasons) == 0 {
		t.Errorf("on 31 August 2026: %+v; want qualifies for 高级 with a reason", p)
	}
	// The policy decides: seven years needed, six are not enough.
	if p := Evaluate(c, policy(7), st, app.NewDate(2026, 8, 31), 0); p.Qualifies {
		t.Error("with seven years required: qualifies")
	}
	// A township school counts as rural unless the policy reads it as urban.
	town := candidate("一级教师", 2, step(2, "township", "", people.CareerAppointment, app.NewDate(2020, 9, 1), app.Date{}))
	if p := Evaluate(town, policy(6), st, app.NewDate(2026, 8, 31), 0); !p.Qualifies {
		t.Error("six years at a township school, township read as rural: does not qualify")
	}
	urbanTownship := policy(6)
	urbanTownship.TownshipUrban = true
	if p := Evaluate(town, urbanTownship, st, app.NewDate(2026, 8, 31), 0); p.Qualifies {
		t.Error("six years at a township school, township read as urban: qualifies")
	}
}

// Rotation experience qualifies at once; support teaching counts as it; a
// secondment does not; nor an exchange that starts after the reference date.
func TestPromotionRotation(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 12, 31)
	urban := step(5, "urban", "", people.CareerAppointment, app.NewDate(2022, 9, 1), app.Date{})
	for _, c := range []struct {
		kind string
		want bool
	}{{people.CareerExchange, true}, {people.CareerSupport, true}, {people.CareerSecondment, false}} {
		away := step(6, "rural", "", c.kind, app.NewDate(2023, 9, 1), app.NewDate(2024, 7, 1))
		if p := Evaluate(candidate("二级教师", 5, urban, away), policy(5), st, ref, 0); p.Qualifies != c.want {
			t.Errorf("%s: qualifies %v, want %v", c.kind, p.Qualifies, c.want)
		}
	}
	later := step(6, "rural", "", people.CareerExchange, app.NewDate(2027, 1, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 5, urban, later), policy(5), st, ref, 0); p.Qualifies {
		t.Error("an exchange after the reference date counted")
	}
}

// Moved from an urban school to a rural one: one grade higher; back in
// town, or always rural, not.
func TestPromotionHigher(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 12, 31)
	town := step(5, "urban", "", people.CareerAppointment, app.NewDate(2015, 9, 1), app.NewDate(2024, 8, 31))
	rural := step(6, "rural", "", people.CareerAppointment, app.NewDate(2024, 9, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 6, town, rural), policy(5), st, ref, 0); !p.Higher {
		t.Error("urban → rural: not one grade higher")
	}
	rural.End = app.NewDate(2025, 8, 31)
	back := step(5, "urban", "", people.CareerAppointment, app.NewDate(2025, 9, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 5, town, rural, back), policy(5), st, ref, 0); p.Higher {
		t.Error("back in town: still one grade higher")
	}
	always := step(6, "rural", "", people.CareerAppointment, app.NewDate(2015, 9, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 6, always), policy(5), st, ref, 0); p.Higher {
		t.Error("always rural: one grade higher")
	}
	// A township school is urban or rural as the policy reads it.
	township := step(5, "township", "", people.CareerAppointment, app.NewDate(2015, 9, 1), app.NewDate(2024, 8, 31))
	if p := Evaluate(candidate("二级教师", 6, township, rural), policy(5), st, ref, 0); p.Higher {
		t.Error("township → rural with township read as rural: one grade higher")
	}
}

// Hardship areas: a 二级 teacher with 15 years in all at mountain rural
// schools, still there, may use a post ahead: teaching since 1 January
// 2012 completes 15 years on 31 December 2026, since the day after not; a
// 一级 teacher needs 25; one who has left the hardship school may not.
func TestPromotionAheadBoundary(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 12, 31)
	mountain := func(from app.Date) Step {
		return step(7, "rural", "mountain", people.CareerAppointment, from, app.Date{})
	}
	if p := Evaluate(candidate("二级教师", 7, mountain(app.NewDate(2012, 1, 1))), policy(5), st, ref, 0); !p.Ahead || p.HardshipYears != 15 {
		t.Errorf("二级, 15 years: ahead %v, %d years", p.Ahead, p.HardshipYears)
	}
	if p := Evaluate(candidate("二级教师", 7, mountain(app.NewDate(2012, 1, 2))), policy(5), st, ref, 0); p.Ahead || p.HardshipYears != 14 {
		t.Errorf("二级, a day short of 15 years: ahead %v, %d years", p.Ahead, p.HardshipYears)
	}
	if p := Evaluate(candidate("一级教师", 7, mountain(app.NewDate(2012, 1, 1))), policy(5), st, ref, 0); p.Ahead {
		t.Error("一级 with 15 years: ahead; needs 25")
	}
	if p := Evaluate(candidate("一级教师", 7, mountain(app.NewDate(2002, 1, 1))), policy(5), st, ref, 0); !p.Ahead {
		t.Error("一级 with 25 years: not ahead")
	}
	// Two mountain schools apart add up: 10 + 5 years.
	first := step(8, "rural", "mountain", people.CareerAppointment, app.NewDate(2000, 9, 1), app.NewDate(2010, 8, 31))
	plain := step(9, "rural", "flat", people.CareerAppointment, app.NewDate(2010, 9, 1), app.NewDate(2021, 12, 31))
	if p := Evaluate(candidate("二级教师", 7, first, plain, mountain(app.NewDate(2022, 1, 1))), policy(5), st, ref, 0); !p.Ahead || p.HardshipYears != 15 {
		t.Errorf("10 + 5 years at two mountain schools: ahead %v, %d years", p.Ahead, p.HardshipYears)
	}
	left := step(7, "rural", "mountain", people.CareerAppointment, app.NewDate(2000, 9, 1), app.NewDate(2025, 8, 31))
	flat := step(8, "rural", "flat", people.CareerAppointment, app.NewDate(2025, 9, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 8, left, flat), policy(5), st, ref, 0); p.Ahead {
		t.Error("left the hardship school: ahead")
	}
}
