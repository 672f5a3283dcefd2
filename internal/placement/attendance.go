package placement

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// Attendance is a day's sign-in (签到) at the host ([000]: the host's hours
// apply, no lateness): by the participant, or by the host (the mentor or a
// coordinator) for them.
type Attendance struct {
	PlacementID int64     `json:"placement_id"`
	Date        app.Date  `json:"date"`
	ByHost      bool      `json:"by_host"`
	SignedBy    string    `json:"signed_by"`
	SignedAt    time.Time `json:"signed_at"`
}

// AttendanceStore is what attendance needs from the database.
type AttendanceStore interface {
	// CreatePlacementSignIn inserts a; a Conflict when the day is signed already.
	CreatePlacementSignIn(ctx context.Context, a *Attendance) error
	// FindPlacementSignIns lists the sign-ins of a programme's placements or,
	// with placementID set, of one.
	FindPlacementSignIns(ctx context.Context, programmeID, placementID int64) ([]*Attendance, error)
}

// LeaveDays reports the leave (请假) of a programme's participants: for each
// educator with leave, the days covered by approved or closed leave, each
// with a short label ("事假"). The leave capability provides it
// (SetLeaveDays); without it nobody is on leave.
type LeaveDays interface {
	LeaveDays(ctx context.Context, programmeID int64) (map[int64]map[app.Date]string, error)
}

// SetLeaveDays sets where the attendance sheet and the progress read leave from.
func (s *Service) SetLeaveDays(l LeaveDays) { s.leave = l }

// leaveDays returns the programme's leave by educator, empty without a source.
func (s *Service) leaveDays(ctx context.Context, programmeID int64) (map[int64]map[app.Date]string, error) {
	if s.leave == nil {
		return map[int64]map[app.Date]string{}, nil
	}
	return s.leave.LeaveDays(ctx, programmeID)
}

// workday reports whether d is a working day (Monday to Friday).
func workday(d app.Date) bool {
	wd := d.Time().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// workdays counts the working days from from to to, both included, that
// are not leave.
func workdays(from, to app.Date, leave map[app.Date]string) int {
	n := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		if workday(d) && leave[d] == "" {
			n++
		}
	}
	return n
}

// SignIn signs the placement in for day: the participant for today only;
// the mentor or a coordinator, for the host, for any day of the placement
// up to today.
func (s *Service) SignIn(ctx context.Context, placementID int64, day app.Date) (*Attendance, error) {
	pl, _, acc, err := s.Find(ctx, placementID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	if day.IsZero() {
		day = today
	}
	switch {
	case acc.SignForHost():
		if err := checkDay(pl, day, today); err != nil {
			return nil, err
		}
	case acc.Own:
		if day != today {
			return nil, errField("date", "本人只能签到当天", "You sign in for today only")
		}
		if err := checkDay(pl, day, today); err != nil {
			return nil, err
		}
	default:
		return nil, app.Errorf(app.Forbidden, "只有本人或接收学校可以签到", "Only the participant or the host signs in")
	}
	a := app.ActorOf(ctx)
	at := &Attendance{PlacementID: pl.ID, Date: day, ByHost: !acc.Own, SignedBy: a.Label(), SignedAt: s.clock.Now().UTC()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreatePlacementSignIn(ctx, at); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.signin", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("%s %s签到", pl.Name, day.Chinese()), After: at})
	})
	if err != nil {
		return nil, err
	}
	return at, nil
}

// Cell is one participant's one day on the attendance sheet.
type Cell struct {
	Date    app.Date `json:"date"`
	Workday bool     `json:"workday"`
	Signed  bool     `json:"signed"`
	ByHost  bool     `json:"by_host"`
	// Leave is the leave's label on a day of leave.
	Leave string `json:"leave,omitempty"`
	// Absent: a past working day without sign-in or leave.
	Absent bool `json:"absent"`
}

// SheetRow is one participant's line of the sheet.
type SheetRow struct {
	PlacementID int64  `json:"placement_id"`
	Name        string `json:"name"`
	HostName    string `json:"host_name"`
	Cells       []Cell `json:"cells"`
	Present     int    `json:"present"`
	Absent      int    `json:"absent"`
	Leave       int    `json:"leave"`
}

// Sheet is a batch's attendance sheet (考勤表).
type Sheet struct {
	ProgrammeID int64      `json:"programme_id"`
	BatchID     int64      `json:"batch_id"`
	BatchName   string     `json:"batch_name"`
	Days        []app.Date `json:"days"`
	Rows        []SheetRow `json:"rows"`
}

// AttendanceSheet is the sheet of the batch of the placement, with every
// participant of the batch the actor sees (a participant: their own line).
func (s *Service) AttendanceSheet(ctx context.Context, placementID int64) (*Sheet, error) {
	pl, _, acc, err := s.Find(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if !acc.ReadRecords() {
		return nil, errNoPlacement
	}
	_, list, _, err := s.secondment.Placements(ctx, pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	keys, err := s.store.FindPlacementKeys(ctx, pl.ProgrammeID, 0)
	if err != nil {
		return nil, err
	}
	ids := map[int64]int64{}
	for _, k := range keys {
		ids[k.EducatorID] = k.ID
	}
	signs, err := s.store.FindPlacementSignIns(ctx, pl.ProgrammeID, 0)
	if err != nil {
		return nil, err
	}
	signed := map[int64]map[app.Date]*Attendance{}
	for _, a := range signs {
		if signed[a.PlacementID] == nil {
			signed[a.PlacementID] = map[app.Date]*Attendance{}
		}
		signed[a.PlacementID][a.Date] = a
	}
	leave, err := s.leaveDays(ctx, pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	sh := &Sheet{ProgrammeID: pl.ProgrammeID, BatchID: pl.BatchID, BatchName: pl.BatchName}
	for d := pl.BatchStart; !d.After(pl.BatchEnd); d = d.AddDays(1) {
		sh.Days = append(sh.Days, d)
	}
	today := s.Today()
	for _, other := range list {
		if other.BatchID != pl.BatchID || ids[other.EducatorID] == 0 {
			continue
		}
		row := SheetRow{PlacementID: ids[other.EducatorID], Name: other.Name, HostName: other.HostName}
		for _, d := range sh.Days {
			c := Cell{Date: d, Workday: workday(d), Leave: leave[other.EducatorID][d]}
			if a := signed[row.PlacementID][d]; a != nil {
				c.Signed, c.ByHost = true, a.ByHost
				row.Present++
			} else if c.Leave != "" {
				row.Leave++
			} else if c.Workday && d.Before(today) {
				c.Absent = true
				row.Absent++
			}
			row.Cells = append(row.Cells, c)
		}
		sh.Rows = append(sh.Rows, row)
	}
	return sh, nil
}
