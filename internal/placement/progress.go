package placement

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// Tally counts one placement's records of one kind and type: in all, on
// the day asked about, the longest text and the first day.
type Tally struct {
	PlacementID int64
	Kind        RecordKind
	Type        string
	Count       int
	Today       int
	MaxChars    int
	First       app.Date
}

// SignIns counts one placement's sign-ins up to a day, and whether the day itself is signed.
type SignIns struct {
	PlacementID int64
	Days        int
	Today       bool
}

// ProgressStore is what progress needs from the database: the records
// counted, never read one by one.
type ProgressStore interface {
	// FindPlacementTallies tallies the records of a programme's placements or, with
	// placementID set, of one; Today counts those dated today.
	FindPlacementTallies(ctx context.Context, programmeID, placementID int64, today app.Date) ([]Tally, error)
	// FindPlacementSignInCounts counts the sign-ins up to today the same way.
	FindPlacementSignInCounts(ctx context.Context, programmeID, placementID int64, today app.Date) ([]SignIns, error)
}

// ProgressStatus says where a requirement stands.
type ProgressStatus string

// The statuses of a requirement's progress.
const (
	StatusDone    ProgressStatus = "done"
	StatusOnTrack ProgressStatus = "on_track"
	StatusBehind  ProgressStatus = "behind"
	StatusLate    ProgressStatus = "late"
)

// ProgressStatuses names the statuses.
var ProgressStatuses = app.Vocab{
	{Code: string(StatusDone), Zh: "已完成", En: "Done"},
	{Code: string(StatusOnTrack), Zh: "进行中", En: "On track"},
	{Code: string(StatusBehind), Zh: "落后", En: "Behind"},
	{Code: string(StatusLate), Zh: "逾期", En: "Overdue"},
}

// Item is one requirement's progress, computed from the records: Done of
// Expected by today, of Target in all.
type Item struct {
	Requirement *Requirement   `json:"requirement"`
	Done        int            `json:"done"`
	Expected    int            `json:"expected"`
	Target      int            `json:"target"`
	Due         app.Date       `json:"due"`
	Status      ProgressStatus `json:"status"`
	// Today and TodayTarget are a per-day requirement's count of today.
	Today       int    `json:"today"`
	TodayTarget int    `json:"today_target"`
	Text        string `json:"text"`
	TextEn      string `json:"text_en"`
}

// Behind reports whether the item needs the participant's attention.
func (it *Item) Behind() bool { return it.Status == StatusBehind || it.Status == StatusLate }

// Progress is a placement's progress on every requirement of its programme.
type Progress struct {
	PlacementID int64  `json:"placement_id"`
	EducatorID  int64  `json:"educator_id"`
	Name        string `json:"name"`
	HostName    string `json:"host_name"`
	MentorName  string `json:"mentor_name"`
	GroupName   string `json:"group_name"`
	// Workdays counts the working days so far, leave excluded.
	Workdays int `json:"workdays"`
	// SignedToday says whether today is signed in.
	SignedToday bool    `json:"signed_today"`
	Items       []*Item `json:"items"`
	// Behind counts the items behind or overdue.
	Behind int `json:"behind"`
}

// unit is the measure word of what a requirement counts.
func unit(r *Requirement) (string, string) {
	switch {
	case r.Kind == Presence:
		return "天", "days"
	case r.Kind == MinChars:
		return "字", "characters"
	case slices.Contains(r.Counts, "observation") || slices.Contains(r.Counts, "deliverable:demo_lesson") ||
		slices.Contains(r.Counts, "deliverable:practice_lesson"):
		return "节", ""
	}
	return "篇", ""
}

// counts reports whether a tally counts towards r.
func (r *Requirement) counts(t Tally) bool {
	return slices.Contains(r.Counts, string(t.Kind)) || slices.Contains(r.Counts, string(t.Kind)+":"+t.Type)
}

// measure computes one requirement's progress for a placement from its
// tallies, sign-ins and leave, on today.
func measure(r *Requirement, pl *secondment.Placement, ts []Tally, pr SignIns, leave map[app.Date]string, today app.Date) *Item {
	it := &Item{Requirement: r, Target: r.Target, Due: r.Due}
	if it.Due.IsZero() {
		it.Due = pl.BatchEnd
	}
	end := today
	if today.After(pl.BatchEnd) {
		end = pl.BatchEnd
	}
	elapsed, total := workdays(pl.BatchStart, end, leave), workdays(pl.BatchStart, pl.BatchEnd, leave)
	var first app.Date
	for _, t := range ts {
		if !r.counts(t) {
			continue
		}
		switch r.Kind {
		case MinChars:
			it.Done = max(it.Done, t.MaxChars)
		default:
			it.Done += t.Count
		}
		it.Today += t.Today
		if first.IsZero() || t.First.Before(first) {
			first = t.First
		}
	}
	u, uEn := unit(r)
	name := r.Name
	switch r.Kind {
	case PerDay:
		it.Target, it.Expected, it.TodayTarget = r.Target*total, r.Target*elapsed, r.Target
		it.Status = status(it.Done >= it.Target, it.Done < it.Expected, false)
		it.Text = fmt.Sprintf("%s %d %s / 应 %d %s（每日%d%s）", name, it.Done, u, it.Expected, u, r.Target, u)
		it.TextEn = fmt.Sprintf("%s %d / %d due (%d a day)", name, it.Done, it.Expected, r.Target)
	case Presence:
		it.Done = pr.Days
		it.Target, it.Expected = (total*r.Target+99)/100, (elapsed*r.Target+99)/100
		it.Status = status(it.Done >= it.Target, it.Done < it.Expected, false)
		it.Text = fmt.Sprintf("%s %d %s / 应 %d %s", name, it.Done, u, it.Expected, u)
		it.TextEn = fmt.Sprintf("%s %d / %d %s", name, it.Done, it.Expected, plural(it.Expected, uEn))
	case Deadline:
		it.Done, it.Expected = min(it.Done, 1), 0
		if !today.Before(it.Due) {
			it.Expected = 1
		}
		it.Status = status(it.Done >= 1, false, it.Done == 0 && today.After(it.Due))
		if it.Done >= 1 {
			it.Text, it.TextEn = fmt.Sprintf("%s 已交（%s）", name, monthDay(first)), fmt.Sprintf("%s handed in (%s)", name, first.English())
			if first.After(it.Due) {
				it.Text += "，逾期"
				it.TextEn += ", late"
			}
		} else {
			it.Text, it.TextEn = fmt.Sprintf("%s 未交，截止%s", name, monthDay(it.Due)), fmt.Sprintf("%s not handed in, due %s", name, it.Due.English())
		}
	default: // Total, MinChars
		if !today.Before(it.Due) {
			it.Expected = it.Target
		}
		it.Status = status(it.Done >= it.Target, false, today.After(it.Due))
		it.Text = fmt.Sprintf("%s %d/%d%s，截止%s", name, it.Done, it.Target, strings.TrimPrefix(u, "篇"), monthDay(it.Due))
		it.TextEn = strings.Replace(fmt.Sprintf("%s %d/%d %s, due %s", name, it.Done, it.Target, plural(it.Target, uEn), it.Due.English()), " , ", ", ", 1)
	}
	return it
}

func status(done, behind, late bool) ProgressStatus {
	switch {
	case done:
		return StatusDone
	case late:
		return StatusLate
	case behind:
		return StatusBehind
	}
	return StatusOnTrack
}

// plural makes an English unit agree with n ("1 day", "2 days").
func plural(n int, unit string) string {
	if n == 1 {
		return strings.TrimSuffix(unit, "s")
	}
	return unit
}

// monthDay writes a date as 11月30日.
func monthDay(d app.Date) string { return fmt.Sprintf("%d月%d日", int(d.Month), d.Day) }

// compute is a placement's progress.
func compute(pl *Placement, reqs []*Requirement, ts []Tally, pr SignIns, leave map[app.Date]string, today app.Date) *Progress {
	p := &Progress{PlacementID: pl.ID, EducatorID: pl.EducatorID, Name: pl.Name, HostName: pl.HostName, MentorName: pl.MentorName,
		GroupName: pl.GroupName, SignedToday: pr.Today, Items: []*Item{}}
	end := today
	if end.After(pl.BatchEnd) {
		end = pl.BatchEnd
	}
	p.Workdays = workdays(pl.BatchStart, end, leave)
	for _, r := range reqs {
		it := measure(r, &pl.Placement, ts, pr, leave, today)
		if it.Behind() {
			p.Behind++
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// PlacementProgress is one placement's progress, for those who see it:
// the participant, their mentor, their group leader, the coordinators.
func (s *Service) PlacementProgress(ctx context.Context, placementID int64) (*Progress, error) {
	pl, _, _, err := s.Find(ctx, placementID)
	if err != nil {
		return nil, err
	}
	reqs, err := s.store.FindPlacementRequirements(ctx, pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	ts, err := s.store.FindPlacementTallies(ctx, 0, pl.ID, today)
	if err != nil {
		return nil, err
	}
	prs, err := s.store.FindPlacementSignInCounts(ctx, 0, pl.ID, today)
	if err != nil {
		return nil, err
	}
	var pr SignIns
	if len(prs) > 0 {
		pr = prs[0]
	}
	leave, err := s.leaveDays(ctx, pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	return compute(pl, reqs, ts, pr, leave[pl.EducatorID], today), nil
}

// Board is a programme's progress board: every placement the actor sees,
// those behind first.
type Board struct {
	ProgrammeID  int64          `json:"programme_id"`
	Requirements []*Requirement `json:"requirements"`
	Rows         []*Progress    `json:"rows"`
	// Behind counts the participants behind on something.
	Behind int `json:"behind"`
}

// Board computes the progress of a programme's placements that the actor
// sees (coordinators: all; a mentor: theirs; a group leader: the group's),
// from one tally of the records.
func (s *Service) Board(ctx context.Context, programmeID int64, onlyBehind bool) (*Board, error) {
	_, list, _, err := s.secondment.Placements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	list, err = s.withGroup(ctx, programmeID, list)
	if err != nil {
		return nil, err
	}
	ids, err := s.placementIDs(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	b := &Board{ProgrammeID: programmeID, Rows: []*Progress{}}
	if b.Requirements, err = s.store.FindPlacementRequirements(ctx, programmeID); err != nil {
		return nil, err
	}
	today := s.Today()
	byPlacement, err := s.talliesByPlacement(ctx, programmeID, today)
	if err != nil {
		return nil, err
	}
	prs, err := s.store.FindPlacementSignInCounts(ctx, programmeID, 0, today)
	if err != nil {
		return nil, err
	}
	presence := map[int64]SignIns{}
	for _, pr := range prs {
		presence[pr.PlacementID] = pr
	}
	leave, err := s.leaveDays(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, sp := range list {
		id := ids[sp.EducatorID]
		if id == 0 || sp.BatchID == 0 {
			continue
		}
		p := compute(&Placement{ID: id, Placement: *sp}, b.Requirements, byPlacement[id], presence[id], leave[sp.EducatorID], today)
		if p.Behind > 0 {
			b.Behind++
		}
		if !onlyBehind || p.Behind > 0 {
			b.Rows = append(b.Rows, p)
		}
	}
	slices.SortStableFunc(b.Rows, func(x, y *Progress) int { return y.Behind - x.Behind })
	return b, nil
}

// talliesByPlacement are the tallies of a programme's placements on today,
// by placement id.
func (s *Service) talliesByPlacement(ctx context.Context, programmeID int64, today app.Date) (map[int64][]Tally, error) {
	ts, err := s.store.FindPlacementTallies(ctx, programmeID, 0, today)
	if err != nil {
		return nil, err
	}
	byPlacement := map[int64][]Tally{}
	for _, t := range ts {
		byPlacement[t.PlacementID] = append(byPlacement[t.PlacementID], t)
	}
	return byPlacement, nil
}

// withGroup adds to list the members of the groups the actor leads.
func (s *Service) withGroup(ctx context.Context, programmeID int64, list []*secondment.Placement) ([]*secondment.Placement, error) {
	a := app.ActorOf(ctx)
	if a == nil || a.EducatorID == 0 {
		return list, nil
	}
	groups, err := s.store.FindGroups(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	led := map[int64]bool{}
	for _, g := range groups {
		if g.LeaderID == a.EducatorID {
			led[g.ID] = true
		}
	}
	if len(led) == 0 {
		return list, nil
	}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	have := map[int64]bool{}
	for _, pl := range list {
		have[pl.EducatorID] = true
	}
	for _, pl := range all {
		if led[pl.GroupID] && !have[pl.EducatorID] {
			list = append(list, pl)
		}
	}
	return list, nil
}
