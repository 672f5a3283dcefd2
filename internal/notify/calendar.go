package notify

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
)

// CalendarFilter is the range of a calendar: from its first day to its
// last; zero dates mean three months back and a year ahead.
type CalendarFilter struct {
	From app.Date
	To   app.Date
}

// maxCalendarDays bounds one calendar's range.
const maxCalendarDays = 3 * 366

// deadlines gathers what every source returns in [from, to], sorted, as
// the system: the callers filter by actor. What a kept source returned
// (AddKeptSource) comes from its cache while the data it reads is
// unchanged; the rest is computed afresh.
func (s *Service) deadlines(ctx context.Context, from, to app.Date) ([]*Deadline, error) {
	s.mu.RLock()
	sources := append([]*source(nil), s.sources...)
	s.mu.RUnlock()
	sys := app.WithActor(ctx, app.SystemActor("notify"))
	today := s.Today()
	key := from.String() + "|" + to.String() + "|" + today.String()
	// Each counter read once for all the sources kept under it.
	type reading struct {
		v  int64
		ok bool
	}
	versions := map[string]reading{}
	var out []*Deadline
	for _, src := range sources {
		compute := func() ([]Deadline, error) { return src.fn(sys, from, to) }
		var ds []Deadline
		var err error
		if src.kept == nil {
			ds, err = compute()
		} else {
			r, read := versions[src.kept.Name]
			if !read {
				if r.v, r.ok, err = s.store.DataVersion(ctx, src.kept.Name); err != nil {
					return nil, err
				}
				versions[src.kept.Name] = r
			}
			ds, err = src.kept.At(ctx, s.store, r.v, r.ok, key, compute)
		}
		if err != nil {
			return nil, err
		}
		for i := range ds {
			d := ds[i]
			if d.Due.Before(from) || d.Due.After(to) {
				continue
			}
			d.State = StateOn(d.Due, today)
			out = append(out, &d)
		}
	}
	sortDeadlines(out)
	return out, nil
}

// Calendar lists the deadlines within the actor's scope in the range,
// grouped by month.
func (s *Service) Calendar(ctx context.Context, f CalendarFilter) ([]*Month, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	today := s.Today()
	if f.From.IsZero() {
		f.From = today.AddDays(-92)
	}
	if f.To.IsZero() {
		f.To = today.AddYears(1)
	}
	if !f.From.Valid() || !f.To.Valid() || f.To.Before(f.From) {
		return nil, &app.Error{Code: app.Invalid, Message: "日期范围无效", English: "Invalid range of dates", Fields: map[string]string{"from": "invalid"}}
	}
	if f.To.Time().Sub(f.From.Time()).Hours()/24 > maxCalendarDays {
		return nil, &app.Error{Code: app.Invalid, Message: "日期范围最多三年", English: "The range spans at most three years",
			Fields: map[string]string{"to": "too_far"}}
	}
	all, err := s.deadlines(ctx, f.From, f.To)
	if err != nil {
		return nil, err
	}
	var mine []*Deadline
	for _, d := range all {
		if d.visibleTo(a) {
			mine = append(mine, d)
		}
	}
	return byMonth(mine), nil
}

// Overdue lists the overdue deadlines in the actor's scope: those they
// must act on when mine is set (their home page), else all they see (a
// county's or the city's overview).
func (s *Service) Overdue(ctx context.Context, mine bool) ([]*Deadline, error) {
	a := app.ActorOf(ctx)
	today := s.Today()
	all, err := s.deadlines(ctx, today.AddYears(-1), today.AddDays(-1))
	if err != nil {
		return nil, err
	}
	var out []*Deadline
	for _, d := range all {
		if (mine && d.actionableBy(a)) || (!mine && d.visibleTo(a) && (d.Act != "" || d.UserID != 0)) {
			out = append(out, d)
		}
	}
	return out, nil
}

// deadlinePrefix begins the keys of the items made of deadlines.
const deadlinePrefix = "deadline:"

// Sweep turns the actionable deadlines within Lead days, or past due in
// the last year, into inbox items, and clears the items of deadlines that
// have been met. It runs periodically in the queue and after the demo is
// loaded.
func (s *Service) Sweep(ctx context.Context) (opened, closed int, err error) {
	today := s.Today()
	ds, err := s.deadlines(ctx, today.AddYears(-1), today.AddDays(Lead))
	if err != nil {
		return 0, 0, err
	}
	open := map[string]bool{}
	now := s.clock.Now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		for _, d := range ds {
			if (d.Act == "" && d.UserID == 0) || !Near(d.Due, today) {
				continue
			}
			it := Item{Key: DeadlineKey(d.Key), Kind: d.Kind, Title: deadlineTitle(d), Link: d.Link, Permission: d.Act,
				Place: d.Place, UserID: d.UserID, Due: d.Due, Since: now}
			if d.UserID != 0 {
				it.Permission = ""
			}
			if err := Wait(ctx, s.store, it); err != nil {
				return err
			}
			open[it.Key] = true
			opened++
		}
		keys, err := s.store.FindOpenItemKeys(ctx, deadlinePrefix)
		if err != nil {
			return err
		}
		var gone []string
		for _, k := range keys {
			if !open[k] {
				gone = append(gone, k)
			}
		}
		closed = len(gone)
		return Done(ctx, s.store, now, gone...)
	})
	return opened, closed, err
}

// deadlineTitle is the inbox title of a deadline: its title and date.
func deadlineTitle(d *Deadline) string {
	if strings.Contains(d.Title, d.Due.Chinese()) {
		return d.Title
	}
	return fmt.Sprintf("%s（截止%s）", d.Title, d.Due.Chinese())
}

// DeadlineKey is the key of the inbox item made of the deadline of key: a
// procedure that meets a deadline clears it at once with
// Done(ctx, st, at, DeadlineKey(key)), without waiting for the sweep.
func DeadlineKey(key string) string { return deadlinePrefix + key }
