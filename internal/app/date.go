package app

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Shanghai is the zone every time is shown in. Times are stored in UTC.
var Shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}

// Date is a calendar date without time or zone: birth dates, school years,
// the start and end of an appointment. The zero Date means "none".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d; it does not normalise.
func NewDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

// DateOf returns the calendar date of t in Asia/Shanghai.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Shanghai).Date()
	return Date{y, m, d}
}

// ParseISODate parses YYYY-MM-DD strictly and rejects impossible dates.
func ParseISODate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, &Error{Code: Invalid, Message: fmt.Sprintf("日期“%s”无效：应为真实存在的日期，格式 YYYY-MM-DD", s),
			English: fmt.Sprintf("date %q: want a real day as YYYY-MM-DD", s)}
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// IsZero reports whether d is the zero date.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// Valid reports whether d names a real day of the proleptic Gregorian calendar.
func (d Date) Valid() bool {
	if d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	return t.Day() == d.Day
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String formats d as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	// By hand: every date a roster import writes goes through here.
	y, m := d.Year, int(d.Month)
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d.Day/10), byte('0' + d.Day%10)}
	return string(b[:])
}

// Chinese formats d as 2026年9月1日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// English formats d as 1 Sep 2026.
func (d Date) English() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	default:
		return cmp(d.Day, e.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	t := d.Time().AddDate(0, 0, n)
	return Date{t.Year(), t.Month(), t.Day()}
}

// AddYears returns the anniversary of d n years later. Where the month has
// no such day (29 February in a common year) the anniversary is the last day
// of the month, as Civil Code art. 201 counts periods.
func (d Date) AddYears(n int) Date {
	e := Date{d.Year + n, d.Month, d.Day}
	for !e.Valid() && e.Day > 28 {
		e.Day--
	}
	return e
}

// YearsMonthsBetween returns the whole years and remaining whole months from
// d to e (e not before d), counting a year complete on its anniversary.
func YearsMonthsBetween(d, e Date) (years, months int) {
	if e.Before(d) {
		return 0, 0
	}
	total := (e.Year-d.Year)*12 + int(e.Month) - int(d.Month)
	if e.Day < d.Day && !lastDayOfMonth(e, d.Day) {
		total--
	}
	return total / 12, total % 12
}

// lastDayOfMonth reports whether e is the last day of its month and the
// month is too short to hold day; an anniversary of 31 March falls on 30 April.
func lastDayOfMonth(e Date, day int) bool {
	return e.AddDays(1).Month != e.Month && e.Day < day
}

// Age returns the age in whole years (周岁) on date on of someone born on birth.
func Age(birth, on Date) int {
	y, _ := YearsMonthsBetween(birth, on)
	return y
}

// Scan implements sql.Scanner for DATE columns (time.Time from PostgreSQL and
// SQLite, or text).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		y, m, day := v.Date()
		*d = Date{y, m, day}
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("app.Date: cannot scan %T", src)
	}
	return nil
}

func (d *Date) scanString(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	if len(s) > 10 {
		s = s[:10]
	}
	v, err := ParseISODate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: NULL for the zero date, else YYYY-MM-DD.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// MarshalText formats d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD; empty text is the zero date.
func (d *Date) UnmarshalText(b []byte) error { return d.scanString(string(b)) }
