package demo

import (
	"time"

	"jiaoliu/internal/app"
)

// Small calendar helpers. They work in UTC on plain dates, without the zone
// conversions of app.Date.AddDays, because the generator calls them tens of
// thousands of times.

func addDays(d app.Date, n int) app.Date {
	t := time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC)
	return app.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// sept1 is the first day of the school year starting in year y.
func sept1(y int) app.Date { return app.NewDate(y, time.September, 1) }

// aug31 is the last day of the school year ending in year y.
func aug31(y int) app.Date { return app.NewDate(y, time.August, 31) }

func minDate(a, b app.Date) app.Date {
	if a.Before(b) {
		return a
	}
	return b
}
