package app

import (
	"fmt"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestAge(t *testing.T) {
	for _, tc := range []struct {
		birth, on string
		want      int
	}{
		{"1976-09-01", "2026-09-01", 50}, // birthday on the date: 50 周岁 that day
		{"1976-09-02", "2026-09-01", 49}, // birthday the day after
		{"1976-08-31", "2026-09-01", 50},
		{"1975-09-01", "2026-09-01", 51},
		{"2000-02-29", "2026-02-28", 26}, // 29 February: the month's last day stands in
		{"2000-02-29", "2026-02-27", 25},
		{"2000-02-29", "2028-02-28", 27}, // a leap year has its own 29th
		{"2000-02-29", "2028-02-29", 28},
		{"1990-03-31", "2026-04-30", 36},
		{"2026-09-01", "2026-08-31", 0},
	} {
		if got := Age(d(tc.birth), d(tc.on)); got != tc.want {
			t.Errorf("Age(%s, %s) = %d, want %d", tc.birth, tc.on, got, tc.want)
		}
	}
}

func TestYearsMonthsBetween(t *testing.T) {
	for _, tc := range []struct {
		from, to     string
		years, month int
	}{
		{"2020-09-01", "2026-09-01", 6, 0}, // 满6年 on the sixth anniversary
		{"2020-09-01", "2026-08-31", 5, 11},
		{"2018-10-15", "2026-09-01", 7, 10},
		{"2020-01-31", "2020-02-29", 0, 1},
		{"2020-01-31", "2020-02-28", 0, 0},
	} {
		y, m := YearsMonthsBetween(d(tc.from), d(tc.to))
		if y != tc.years || m != tc.month {
			t.Errorf("YearsMonthsBetween(%s, %s) = %d, %d; want %d, %d", tc.from, tc.to, y, m, tc.years, tc.month)
		}
	}
}

func TestDate(t *testing.T) {
	if got := d("2021-02-28").AddDays(1); got != d("2021-03-01") {
		t.Errorf("AddDays: %v", got)
	}
	if got := d("2024-02-29").AddYears(1); got != d("2025-02-28") {
		t.Errorf("AddYears from 29 February: %v", got)
	}
	if NewDate(2021, time.February, 29).Valid() || !NewDate(2024, time.February, 29).Valid() {
		t.Error("Valid is wrong about 29 February")
	}
	if _, err := ParseISODate("2021-02-29"); err == nil {
		t.Error("ParseISODate accepted 2021-02-29")
	}
	if got := d("2026-09-01").Chinese(); got != "2026年9月1日" {
		t.Errorf("Chinese = %q", got)
	}
	var x Date
	if err := x.Scan(time.Date(2020, 5, 6, 0, 0, 0, 0, time.UTC)); err != nil || x != d("2020-05-06") {
		t.Errorf("Scan time: %v %v", x, err)
	}
	if err := x.Scan("2020-05-07T00:00:00Z"); err != nil || x != d("2020-05-07") {
		t.Errorf("Scan text: %v %v", x, err)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Errorf("zero date Value = %v, want NULL", v)
	}
}

// String writes dates by hand; fmt gives the same text, out-of-range
// fields included.
func TestDateStringAgreesWithFmt(t *testing.T) {
	for _, d := range []Date{NewDate(2026, 9, 1), NewDate(1, 1, 1), NewDate(9999, 12, 31), {Year: 12345, Month: 1, Day: 2},
		{Year: -3, Month: 4, Day: 5}, {Year: 2026, Month: 13, Day: 40}, {Year: 0, Month: 0, Day: 1}, {Year: 2026, Month: 100, Day: 1}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
	}
}
