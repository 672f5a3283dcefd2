package pairing

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
)

// Month is the number of activities of a calendar month, for charts.
type Month struct {
	Label      string `json:"label"` // 2026-03
	Activities int    `json:"activities"`
}

// Dashboard is a cycle's activity at a glance: per pair, the idle pairs
// and the last twelve months.
type Dashboard struct {
	Cycle *Cycle `json:"-"`
	// Since is the date before which a pair's last activity makes it idle.
	Since  app.Date `json:"since"`
	Pairs  []*Pair  `json:"pairs"`
	Idle   []*Pair  `json:"idle"`
	Months []Month  `json:"months"`
	// Activities, Hours and Donations sum the ledger.
	Activities int   `json:"activities"`
	Hours      int   `json:"hours"`
	DonatedFen int64 `json:"donated_fen"`
}

// IsIdle reports whether p has had no activity since the dashboard's date.
func (d *Dashboard) IsIdle(p *Pair) bool {
	return p.LastActivity == nil || p.LastActivity.Before(d.Since)
}

// Dashboard returns a cycle's dashboard, over the pairs the actor reads.
func (s *Service) Dashboard(ctx context.Context, id int64) (*Dashboard, error) {
	c, err := s.Cycle(ctx, id)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{Cycle: c, Since: s.sinceWeeks(c.IdleWeeks), Pairs: c.Pairs}
	ids := make([]int64, len(c.Pairs))
	for i, p := range c.Pairs {
		ids[i] = p.ID
		if c.Published() && d.IsIdle(p) {
			d.Idle = append(d.Idle, p)
		}
	}
	acts, err := s.store.FindActivities(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	counts := map[string]int{}
	for _, a := range acts {
		counts[fmt.Sprintf("%04d-%02d", a.HeldOn.Year, a.HeldOn.Month)]++
		d.Activities++
		d.Hours += a.Hours
		d.DonatedFen += a.ValueFen
	}
	for i := 11; i >= 0; i-- {
		m := int(today.Month) - 1 - i
		y := today.Year + m/12
		if m%12 < 0 {
			y--
		}
		label := fmt.Sprintf("%04d-%02d", y, (m%12+12)%12+1)
		d.Months = append(d.Months, Month{Label: label, Activities: counts[label]})
	}
	return d, nil
}

// CountyRow is one county's pairing activity in the running cycles.
type CountyRow struct {
	CountyID   int64  `json:"county_id"`
	CountyName string `json:"county_name"`
	Cycles     int    `json:"cycles"`
	Pairs      int    `json:"pairs"`
	Activities int    `json:"activities"`
	Hours      int    `json:"hours"`
	Idle       int    `json:"idle"`
}

// Counties sums the activity of every running cycle the actor reads
// whole, per county.
func (s *Service) Counties(ctx context.Context) ([]*CountyRow, error) {
	cycles, err := s.Cycles(ctx, 0)
	if err != nil {
		return nil, err
	}
	rows := map[int64]*CountyRow{}
	for _, c := range cycles {
		if !c.Whole || c.Status != programme.StatusRunning {
			continue
		}
		d, err := s.Dashboard(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		r := rows[c.CountyID]
		if r == nil {
			r = &CountyRow{CountyID: c.CountyID, CountyName: c.CountyName}
			rows[c.CountyID] = r
		}
		r.Cycles++
		r.Pairs += len(d.Pairs)
		r.Activities += d.Activities
		r.Hours += d.Hours
		r.Idle += len(d.Idle)
	}
	out := make([]*CountyRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CountyName < out[j].CountyName })
	return out, nil
}

// Deadlines is the inbox's source for pairs going idle: for each pair of a
// published, running cycle, the date by which its schools must record an
// activity (the last one's date, or the publication, plus the cycle's idle
// weeks), once per school of the pair.
func (s *Service) Deadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	cycles, err := s.store.FindPairingCycles(ctx, CycleFilter{All: true})
	if err != nil {
		return nil, err
	}
	today := s.Today()
	var out []notify.Deadline
	for _, c := range cycles {
		if !c.Published() || today.Before(c.Start) || c.End.Before(today) {
			continue
		}
		pairs, err := s.store.FindPairs(ctx, PairFilter{CycleID: c.ID})
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			last := app.DateOf(*c.PublishedAt)
			if p.LastActivity != nil && last.Before(*p.LastActivity) {
				last = *p.LastActivity
			}
			due := last.AddDays(7 * c.IdleWeeks)
			if due.Before(from) || due.After(to) || c.End.Before(due) {
				continue
			}
			for _, sc := range p.Schools() {
				out = append(out, notify.Deadline{Key: "pairing:" + strconv.FormatInt(p.ID, 10) + ":" + strconv.FormatInt(sc, 10), Kind: "pairing",
					Title: fmt.Sprintf("结对%s—%s须在%d周内开展并记录帮扶活动", p.HelperName, p.HelpedName, c.IdleWeeks),
					Link:  "/pairing/pairs/" + strconv.FormatInt(p.ID, 10), Due: due,
					Place: schoolPlace(p, sc), Read: auth.PairingRead, Act: auth.PairingRecord})
			}
		}
	}
	return out, nil
}
