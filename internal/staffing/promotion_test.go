package staffing

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

func step(school int64, location, terrain, kind string, start, end app.Date) Step {
	return Step{SchoolID: school, SchoolName: "学校", Location: location, Terrain: terrain, Kind: kind, Start: start, End: end}
}

func candidate(title string, school int64, steps ...Step) *Candidate {
	return &Candidate{EducatorID: 1, Name: "李老师", SchoolID: school, Title: title, Steps: steps}
}

// The rural rule on its boundary: continuous rural teaching from 1
// September 2020 reaches six full years on 1 September 2026, not the day before.
func TestPromotionRuralYearsBoundary(t *testing.T) {
	st := DefaultSettings(1, 2026) // six years
	c := candidate("一级教师", 2, step(2, "rural", "", people.CareerAppointment, app.NewDate(2020, 9, 1), app.Date{}))
	if p := Evaluate(c, st, app.NewDate(2026, 8, 31), 0); p.Qualifies || p.RuralYears != 5 {
		t.Errorf("on 31 August 2026: qualifies %v, %d years; want no, 5", p.Qualifies, p.RuralYears)
	}
	p := Evaluate(c, st, app.NewDate(2026, 9, 1), 1)
	if !p.Qualifies || p.RuralYears != 6 || p.Next != GradeSenior {
		t.Errorf("on 1 September 2026: %+v; want qualifies with 6 years for 高级", p)
	}
	if len(p.Reasons) == 0 {
		t.Error("a yes needs its reason")
	}
	// The setting decides: seven years needed, six are not enough.
	st7 := *st
	st7.RuralYears = 7
	if p := Evaluate(c, &st7, app.NewDate(2026, 9, 1), 0); p.Qualifies {
		t.Errorf("with seven years required: qualifies %v", p.Qualifies)
	}
}

// Two rural schools one after the other, a summer apart, are one run; an
// exchange away to a town school breaks it; a gap of a year breaks it.
func TestPromotionRuralContinuity(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 9, 1)
	joined := candidate("二级教师", 3,
		step(2, "rural", "", people.CareerAppointment, app.NewDate(2020, 9, 1), app.NewDate(2023, 7, 15)),
		step(3, "rural", "", people.CareerAppointment, app.NewDate(2023, 9, 1), app.Date{}))
	if p := Evaluate(joined, st, ref, 0); !p.Qualifies || p.RuralYears != 6 {
		t.Errorf("two rural schools a summer apart: %d years, qualifies %v; want 6, yes", p.RuralYears, p.Qualifies)
	}
	broken := candidate("二级教师", 3,
		step(2, "rural", "", people.CareerAppointment, app.NewDate(2019, 9, 1), app.NewDate(2022, 7, 15)),
		step(9, "urban", "", people.CareerAppointment, app.NewDate(2022, 9, 1), app.NewDate(2023, 7, 15)),
		step(3, "rural", "", people.CareerAppointment, app.NewDate(2023, 9, 1), app.Date{}))
	if p := Evaluate(broken, st, ref, 0); p.Qualifies || p.RuralYears != 3 {
		t.Errorf("a year in town between: %d years, qualifies %v; want 3, no", p.RuralYears, p.Qualifies)
	}
}

// Rotation experience qualifies at once; support teaching counts as it; a
// secondment does not.
func TestPromotionRotation(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 12, 31)
	urban := step(5, "urban", "", people.CareerAppointment, app.NewDate(2022, 9, 1), app.Date{})
	for _, c := range []struct {
		kind string
		want bool
	}{{people.CareerExchange, true}, {people.CareerSupport, true}, {people.CareerSecondment, false}} {
		away := step(6, "rural", "", c.kind, app.NewDate(2023, 9, 1), app.NewDate(2024, 7, 1))
		p := Evaluate(candidate("二级教师", 5, urban, away), st, ref, 0)
		if p.Qualifies != c.want || p.Rotation != c.want {
			t.Errorf("%s: qualifies %v, want %v", c.kind, p.Qualifies, c.want)
		}
	}
	// An exchange that starts after the reference date does not count yet.
	later := step(6, "rural", "", people.CareerExchange, app.NewDate(2027, 1, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 5, urban, later), st, ref, 0); p.Qualifies {
		t.Error("an exchange after the reference date counted")
	}
}

// Moved from a town school to a rural one: one grade higher; the other way
// round, or staying rural, not.
func TestPromotionHigher(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 12, 31)
	town := step(5, "township", "", people.CareerAppointment, app.NewDate(2015, 9, 1), app.NewDate(2024, 8, 31))
	rural := step(6, "rural", "", people.CareerAppointment, app.NewDate(2024, 9, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 6, town, rural), st, ref, 0); !p.Higher {
		t.Error("town → rural: not one grade higher")
	}
	back := step(5, "urban", "", people.CareerAppointment, app.NewDate(2025, 9, 1), app.Date{})
	rural.End = app.NewDate(2025, 8, 31)
	if p := Evaluate(candidate("二级教师", 5, town, rural, back), st, ref, 0); p.Higher {
		t.Error("back in town: still one grade higher")
	}
	if p := Evaluate(candidate("二级教师", 6, step(6, "rural", "", people.CareerAppointment, app.NewDate(2015, 9, 1), app.Date{})), st, ref, 0); p.Higher {
		t.Error("always rural: one grade higher")
	}
}

// Hardship areas: a 二级 teacher with 15 years in all at mountain rural
// schools, still there, may use a post ahead; at 14 years not; a 一级
// teacher needs 25; a teacher who has left the hardship school may not.
func TestPromotionAheadBoundary(t *testing.T) {
	st := DefaultSettings(1, 2026)
	ref := app.NewDate(2026, 12, 31)
	mountain := func(from app.Date) Step {
		return step(7, "rural", "mountain", people.CareerAppointment, from, app.Date{})
	}
	if p := Evaluate(candidate("二级教师", 7, mountain(app.NewDate(2011, 12, 31))), st, ref, 0); !p.Ahead || p.HardshipYears != 15 {
		t.Errorf("二级, 15 years: ahead %v, %d years", p.Ahead, p.HardshipYears)
	}
	if p := Evaluate(candidate("二级教师", 7, mountain(app.NewDate(2012, 1, 1))), st, ref, 0); p.Ahead || p.HardshipYears != 14 {
		t.Errorf("二级, a day short of 15 years: ahead %v, %d years", p.Ahead, p.HardshipYears)
	}
	if p := Evaluate(candidate("一级教师", 7, mountain(app.NewDate(2011, 12, 31))), st, ref, 0); p.Ahead {
		t.Error("一级 with 15 years: ahead; needs 25")
	}
	if p := Evaluate(candidate("一级教师", 7, mountain(app.NewDate(2001, 12, 31))), st, ref, 0); !p.Ahead {
		t.Error("一级 with 25 years: not ahead")
	}
	left := step(7, "rural", "mountain", people.CareerAppointment, app.NewDate(2000, 9, 1), app.NewDate(2025, 8, 31))
	flat := step(8, "rural", "flat", people.CareerAppointment, app.NewDate(2025, 9, 1), app.Date{})
	if p := Evaluate(candidate("二级教师", 8, left, flat), st, ref, 0); p.Ahead {
		t.Error("left the hardship school: ahead")
	}
}
