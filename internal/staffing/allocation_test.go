package staffing

import (
	"slices"
	"testing"

	"jiaoliu/internal/org"
)

func count(n int) *int { return &n }

// The standards by hand: 小学 380 pupils / 19 = 20; 初中 270 / 13.5 = 20;
// 高中 500 / 12.5 = 40; a nine-year school of 270 pupils is 180 primary /
// 19 + 90 junior / 13.5 = 9.4737 + 6.6667 = 16.1404; 100 boarders at 50 per
// staff add 2; a village point adds 1; 30 pupils of special education at 3
// per staff are 10.
func TestStandardOf(t *testing.T) {
	st := DefaultSettings(1, 2026)
	cases := []struct {
		school org.School
		want   float64
	}{
		{org.School{Level: "primary", Pupils: count(380)}, 20},
		{org.School{Level: "junior", Pupils: count(270)}, 20},
		{org.School{Level: "senior", Pupils: count(500)}, 40},
		{org.School{Level: "nine_year", Pupils: count(270)}, 180.0/19 + 90.0/13.5},
		{org.School{Level: "complete", Pupils: count(540)}, 270/13.5 + 270/12.5},
		{org.School{Level: "junior", Pupils: count(270), Boarders: count(100)}, 22},
		{org.School{Level: "primary", Pupils: count(38), VillagePoint: true}, 3},
		{org.School{Level: "special", Pupils: count(30)}, 10},
		{org.School{Level: "primary"}, 0},
	}
	for _, c := range cases {
		got := StandardOf(&c.school, st)
		if !got.Counted || got.Value < c.want-1e-9 || got.Value > c.want+1e-9 {
			t.Errorf("%s %v pupils: standard %+v, want %v", c.school.Level, c.school.Pupils, got, c.want)
		}
	}
	if got := StandardOf(&org.School{Level: "kindergarten", Pupils: count(200)}, st); got.Counted {
		t.Errorf("a kindergarten is outside the standard, got %+v", got)
	}
}

// Apportion by hand. Standards 20.6, 10.3, 5.1 (sum 36) with a total of 40:
// 36 seats, the quotas are the standards, floors 20+10+5 = 35, the one seat
// left goes to the largest fraction (.6). With a total of 30 the seats are
// 30: quotas 17.1667, 8.5833, 4.25 → 17+8+4 = 29, the seat left to .5833.
func TestApportion(t *testing.T) {
	std := []float64{20.6, 10.3, 5.1}
	cases := []struct {
		total int
		want  []int
	}{
		{40, []int{21, 10, 5}},
		{36, []int{21, 10, 5}},
		{30, []int{17, 9, 4}},
		{1, []int{1, 0, 0}},
		{0, []int{0, 0, 0}},
	}
	for _, c := range cases {
		seats := seatsOf(36, c.total)
		got := Apportion(std, seats)
		if !slices.Equal(got, c.want) {
			t.Errorf("total %d: %v, want %v", c.total, got, c.want)
		}
		sum := 0
		for _, n := range got {
			sum += n
		}
		if sum > c.total || sum != seats {
			t.Errorf("total %d: sum %d, seats %d", c.total, sum, seats)
		}
	}
	// Ties go to the earlier school.
	if got := Apportion([]float64{1, 1, 1}, 2); !slices.Equal(got, []int{1, 1, 0}) {
		t.Errorf("ties: %v", got)
	}
	if got := Apportion([]float64{0, 0}, 5); !slices.Equal(got, []int{0, 0}) {
		t.Errorf("no standard: %v", got)
	}
}

// Never above the total, whatever the standards.
func TestApportionNeverAboveTotal(t *testing.T) {
	for total := 0; total < 60; total++ {
		std := []float64{float64(total%7) + 0.49, 3.5, 11.51, 0, 2.25, float64(total) / 3}
		sum := 0.0
		for _, v := range std {
			sum += v
		}
		seats := seatsOf(sum, total)
		got := 0
		for _, n := range Apportion(std, seats) {
			got += n
		}
		if got > total || got != seats {
			t.Errorf("total %d: allocated %d, seats %d", total, got, seats)
		}
	}
}
