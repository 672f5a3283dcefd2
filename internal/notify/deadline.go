package notify

import (
	"context"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// Deadline is a date by which something must be done, computed from the
// data by a Source: the annual return's 30 September per county and year,
// the last day of a public notice, the end of an exchange or a deferral.
type Deadline struct {
	// Key names the deadline across the product ("return:3:2026"); the
	// inbox item made of it is keyed "deadline:" + Key.
	Key   string   `json:"key"`
	Kind  string   `json:"kind"`
	Title string   `json:"title"`
	Link  string   `json:"link"`
	Due   app.Date `json:"due"`
	// Place is where the deadline lies; Read at Place is who sees it in
	// the calendar.
	Place app.Place       `json:"-"`
	Read  auth.Permission `json:"-"`
	// Act at Place is who must act by the date: they get an inbox item as
	// it nears and see it on their home page once overdue. Empty for
	// dates that are only to be known (a deferral ending).
	Act auth.Permission `json:"-"`
	// UserID, when set, is the one account that sees and acts on it.
	UserID int64 `json:"-"`
	// State is where the date stands on the day it is listed (StateOn).
	State State `json:"state"`
}

// State is where a deadline stands on a day.
type State string

// States of a deadline.
const (
	StateUpcoming State = "upcoming" // the date is ahead
	StateToday    State = "today"    // the date is today: still in time
	StateOverdue  State = "overdue"  // the date has passed
)

// States is the vocabulary of deadline states.
var States = app.Vocab{
	{Code: string(StateUpcoming), Zh: "未到期", En: "Upcoming"},
	{Code: string(StateToday), Zh: "今日截止", En: "Due today"},
	{Code: string(StateOverdue), Zh: "已逾期", En: "Overdue"},
}

// StateOn is where a deadline due on due stands on day today: the due day
// itself is still in time, the day after is overdue.
func StateOn(due, today app.Date) State {
	switch {
	case today.Before(due):
		return StateUpcoming
	case today.After(due):
		return StateOverdue
	}
	return StateToday
}

// Lead is how many days before its date an actionable deadline enters the
// inbox of whoever must act.
const Lead = 30

// Near reports whether a deadline due on due belongs in the inbox on day
// today: within Lead days of the date, or past it.
func Near(due, today app.Date) bool { return !today.Before(due.AddDays(-Lead)) }

// Source computes the deadlines not yet met whose date lies in [from, to].
// It runs as the system (outside any actor's scope); the calendar filters
// what it returns by each actor's grants.
type Source func(ctx context.Context, from, to app.Date) ([]Deadline, error)

// visibleTo reports whether the actor sees d in the calendar.
func (d *Deadline) visibleTo(a *app.Actor) bool {
	if d.UserID != 0 {
		return a != nil && a.UserID == d.UserID
	}
	return auth.Decide(a, d.Read, d.Place, "") == nil
}

// actionableBy reports whether the actor must act on d.
func (d *Deadline) actionableBy(a *app.Actor) bool {
	if d.UserID != 0 {
		return a != nil && a.UserID == d.UserID
	}
	return d.Act != "" && auth.Decide(a, d.Act, d.Place, "") == nil
}

// Month is the deadlines of one month of a calendar.
type Month struct {
	Year      int         `json:"year"`
	Month     int         `json:"month"`
	Deadlines []*Deadline `json:"deadlines"`
}

// byMonth groups deadlines sorted by date into months.
func byMonth(ds []*Deadline) []*Month {
	var out []*Month
	for _, d := range ds {
		if n := len(out); n == 0 || out[n-1].Year != d.Due.Year || out[n-1].Month != int(d.Due.Month) {
			out = append(out, &Month{Year: d.Due.Year, Month: int(d.Due.Month)})
		}
		m := out[len(out)-1]
		m.Deadlines = append(m.Deadlines, d)
	}
	return out
}

func sortDeadlines(ds []*Deadline) {
	slices.SortFunc(ds, func(a, b *Deadline) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
}
