package staffing

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

func TestHousingPriorityOrder(t *testing.T) {
	today := app.NewDate(2026, 9, 1)
	d := app.NewDate
	ps := []HousingPerson{
		// Rural for exactly six years to the day before today's end: 2020-09-02 … 2026-09-01 is 2191 days ≥ 6×365.25.
		{EducatorID: 1, Name: "甲", Pinyin: "jia", SchoolID: 10, Location: "rural",
			Stints: []Stint{{SchoolID: 10, Location: "rural", Kind: people.CareerAppointment, Start: d(2020, 9, 2)}}},
		// Rural a day short of six years: not entitled.
		{EducatorID: 2, Name: "乙", Pinyin: "yi", SchoolID: 10, Location: "rural",
			Stints: []Stint{{SchoolID: 10, Location: "rural", Kind: people.CareerAppointment, Start: d(2020, 9, 3)}}},
		// On exchange from a town school to a rural one: moved, first.
		{EducatorID: 3, Name: "丙", Pinyin: "bing", SchoolID: 20, Location: "urban",
			Stints: []Stint{{SchoolID: 20, Location: "urban", Kind: people.CareerAppointment, Start: d(2010, 9, 1)},
				{SchoolID: 11, Location: "rural", Kind: people.CareerExchange, Start: d(2025, 9, 1), End: d(2028, 8, 31)}}},
		// Twenty rural years, with an exchange to a rural school that overlaps their post: counted once.
		{EducatorID: 4, Name: "丁", Pinyin: "ding", SchoolID: 10, Location: "rural",
			Stints: []Stint{{SchoolID: 10, Location: "rural", Kind: people.CareerAppointment, Start: d(2006, 9, 1)},
				{SchoolID: 11, Location: "rural", Kind: people.CareerExchange, Start: d(2012, 9, 1), End: d(2015, 8, 31)}}},
		// Transferred from a town school to a rural post last year: moved.
		{EducatorID: 5, Name: "戊", Pinyin: "wu", SchoolID: 10, Location: "rural",
			Stints: []Stint{{SchoolID: 21, Location: "township", Kind: people.CareerAppointment, Start: d(2015, 9, 1), End: d(2025, 8, 31)},
				{SchoolID: 10, Location: "rural", Kind: people.CareerAppointment, Start: d(2025, 9, 1)}}},
		// Entitled but already housed: not listed.
		{EducatorID: 6, Name: "己", Pinyin: "ji", SchoolID: 10, Location: "rural", Housed: true,
			Stints: []Stint{{SchoolID: 10, Location: "rural", Kind: people.CareerAppointment, Start: d(2000, 9, 1)}}},
		// A past exchange to a rural school, back in town: neither.
		{EducatorID: 7, Name: "庚", Pinyin: "geng", SchoolID: 20, Location: "urban",
			Stints: []Stint{{SchoolID: 20, Location: "urban", Kind: people.CareerAppointment, Start: d(2010, 9, 1)},
				{SchoolID: 11, Location: "rural", Kind: people.CareerExchange, Start: d(2020, 9, 1), End: d(2023, 8, 31)}}},
	}
	got := Priority(ps, today, func(id int64) string { return "" })
	var order []int64
	for _, c := range got {
		order = append(order, c.EducatorID)
	}
	// The two who moved (丙 has taught one rural year, 戊 one too: 丙 by name
	// "bing" before "wu"), then 丁's twenty years, then 甲's six.
	want := []int64{3, 5, 4, 1}
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
	if got[0].WorkSchoolID != 11 || got[2].RuralDays != int(d(2026, 9, 1).Time().Sub(d(2006, 9, 1).Time()).Hours()/24)+1 {
		t.Fatalf("丙 works at %d; 丁's rural days %d", got[0].WorkSchoolID, got[2].RuralDays)
	}
}
