package placement

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// Mentor, group leader, coordinator (SPEC §4.4): the mentor's coaching
// sessions and periodic evaluations of a placement, the coordinator's
// check-ins with every participant (定期沟通, [002]), and the activities of
// the training groups with each member's attendance ([001]).

// ContactStore is what the mentoring and the contacts need from the database.
type ContactStore interface {
	notify.WaitStore
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	FindCoaching(ctx context.Context, placementID int64) ([]*Coaching, error)
	CreateCoaching(ctx context.Context, c *Coaching) error
	// SaveCoachingFollowUp writes the participant's follow-up of a session
	// of the placement; NotFound for a session of another placement.
	SaveCoachingFollowUp(ctx context.Context, placementID, sessionID int64, text string, at time.Time) error
	FindEvaluations(ctx context.Context, placementID int64) ([]*Evaluation, error)
	// CreateEvaluation inserts e; a Conflict for a second of the same period.
	CreateEvaluation(ctx context.Context, e *Evaluation) error
	// FindCheckIns lists the check-ins of a placement or, with placementID
	// zero, of a programme; newest first.
	FindCheckIns(ctx context.Context, programmeID, placementID int64) ([]*CheckIn, error)
	CreateCheckIn(ctx context.Context, c *CheckIn) error
	// FindGroupActivities lists a programme's activities, or with
	// activityID set that one only, by day and time.
	FindGroupActivities(ctx context.Context, programmeID, activityID int64) ([]*GroupActivity, error)
	CreateGroupActivity(ctx context.Context, g *GroupActivity) error
	// FindGroupAttendance lists the attendance recorded at a programme's activities.
	FindGroupAttendance(ctx context.Context, programmeID int64) ([]*GroupAttendance, error)
	SaveGroupAttendance(ctx context.Context, activityID int64, marks []*GroupAttendance) error
	// EducatorUserIDs returns the accounts of educators that have one.
	EducatorUserIDs(ctx context.Context, educatorIDs []int64) (map[int64]int64, error)
}

// ContactService runs the mentoring and the contacts of placements.
type ContactService struct {
	store  ContactStore
	places *Service
	audit  *audit.Log
	clock  app.Clock
}

// NewContactService returns the service of the mentoring and contacts,
// deciding who sees a placement through places.
func NewContactService(store ContactStore, places *Service, log *audit.Log, clock app.Clock) *ContactService {
	return &ContactService{store: store, places: places, audit: log, clock: clock}
}

// Today is the current date in Asia/Shanghai.
func (s *ContactService) Today() app.Date { return app.DateOf(s.clock.Now()) }

// ContactWays are the ways a coordinator contacts a participant.
var ContactWays = app.Vocab{
	{Code: "phone", Zh: "电话", En: "Phone"},
	{Code: "visit", Zh: "走访", En: "Visit"},
	{Code: "online", Zh: "线上", En: "Online"},
	{Code: "meeting", Zh: "座谈", En: "Meeting"},
}

// CheckIn is a coordinator's contact with a participant (定期沟通).
type CheckIn struct {
	ID          int64     `json:"id"`
	PlacementID int64     `json:"placement_id"`
	Name        string    `json:"name"`
	Date        app.Date  `json:"date"`
	Way         string    `json:"way"`
	Notes       string    `json:"notes"`
	AuthorID    int64     `json:"author_id"`
	AuthorName  string    `json:"author_name"`
	CreatedAt   time.Time `json:"created_at"`
}

// CheckInInput is a contact as entered.
type CheckInInput struct {
	PlacementID int64    `json:"placement_id"`
	Date        app.Date `json:"date"`
	Way         string   `json:"way"`
	Notes       string   `json:"notes"`
}

// ContactRow is a participant of a programme with their last contact.
type ContactRow struct {
	PlacementID int64  `json:"placement_id"`
	EducatorID  int64  `json:"educator_id"`
	Name        string `json:"name"`
	SchoolName  string `json:"school_name"`
	HostName    string `json:"host_name"`
	GroupName   string `json:"group_name"`
	Contacts    int    `json:"contacts"`
	// Last is the latest contact, nil when there is none; Since counts the
	// days from it to today, -1 when there is none.
	Last  *CheckIn `json:"last"`
	Since int      `json:"since"`
}

// ContactBoard is a programme's participants with their last contact and
// those not contacted for Days days.
type ContactBoard struct {
	ProgrammeID  int64                `json:"programme_id"`
	Programme    *programme.Programme `json:"-"`
	Days         int                  `json:"days"`
	Today        app.Date             `json:"today"`
	Rows         []*ContactRow        `json:"rows"`
	NotContacted []*ContactRow        `json:"not_contacted"`
	Recent       []*CheckIn           `json:"recent"`
	DefaultDays  int                  `json:"-"`
	CanWrite     bool                 `json:"-"`
}

// DefaultContactDays is how many days without contact count as not contacted
// when the caller names none.
const DefaultContactDays = 14

// CheckDays refuses a number of days outside 1 to 365.
func CheckDays(days int) error {
	if days < 1 || days > 365 {
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("天数应为1至365之间的整数（现为%d）", days),
			English: fmt.Sprintf("The days must be a whole number from 1 to 365 (now %d)", days), Fields: map[string]string{"days": "invalid"}}
	}
	return nil
}

// managed returns the programme's placed participants with their ids if
// the actor organises it; NotFound for anyone who does not see it,
// Forbidden for one who sees it without organising it.
func (s *ContactService) managed(ctx context.Context, programmeID int64) (*programme.Programme, []*Placement, error) {
	p, _, acc, err := s.places.secondment.Placements(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	if !acc.Manage {
		return nil, nil, app.ErrNotFound("项目")
	}
	all, err := s.places.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	ids, err := s.places.placementIDs(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	out := []*Placement{}
	for _, pl := range all {
		if pl.BatchID != 0 && ids[pl.EducatorID] != 0 {
			out = append(out, &Placement{ID: ids[pl.EducatorID], Placement: *pl})
		}
	}
	return p, out, nil
}

// Contacts returns a programme's board of contacts for its organisers.
func (s *ContactService) Contacts(ctx context.Context, programmeID int64, days int) (*ContactBoard, error) {
	if err := CheckDays(days); err != nil {
		return nil, err
	}
	p, list, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.FindCheckIns(ctx, programmeID, 0)
	if err != nil {
		return nil, err
	}
	b := &ContactBoard{ProgrammeID: programmeID, Programme: p, Days: days, Today: s.Today(), Rows: []*ContactRow{}, NotContacted: []*ContactRow{},
		DefaultDays: DefaultContactDays, CanWrite: true}
	rows := map[int64]*ContactRow{}
	for _, pl := range list {
		row := &ContactRow{PlacementID: pl.ID, EducatorID: pl.EducatorID, Name: pl.Name, SchoolName: pl.SchoolName, HostName: pl.HostName,
			GroupName: pl.GroupName, Since: -1}
		rows[pl.ID] = row
		b.Rows = append(b.Rows, row)
	}
	for _, c := range all { // newest first: the first of a placement is its last
		row := rows[c.PlacementID]
		if row == nil {
			continue
		}
		c.Name = row.Name
		row.Contacts++
		if row.Last == nil {
			row.Last, row.Since = c, daysBetween(c.Date, b.Today)
		}
	}
	b.Recent = all[:min(len(all), 20)]
	for _, row := range b.Rows {
		if row.Last == nil || row.Since >= days {
			b.NotContacted = append(b.NotContacted, row)
		}
	}
	sort.SliceStable(b.NotContacted, func(i, j int) bool {
		return sinceRank(b.NotContacted[i]) > sinceRank(b.NotContacted[j])
	})
	return b, nil
}

// sinceRank orders the not contacted: never contacted first, then longest ago.
func sinceRank(r *ContactRow) int {
	if r.Last == nil {
		return 1 << 30
	}
	return r.Since
}

func daysBetween(from, to app.Date) int {
	return int(to.Time().Sub(from.Time()).Hours() / 24)
}

// AddCheckIn records an organiser's contact with a participant of the programme.
func (s *ContactService) AddCheckIn(ctx context.Context, programmeID int64, in CheckInInput) (*CheckIn, error) {
	_, list, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	var pl *Placement
	for _, x := range list {
		if x.ID == in.PlacementID {
			pl = x
		}
	}
	var f app.Fields
	if pl == nil {
		f.Add("placement_id", "请选择本项目的参训人员", "Choose a participant of the programme")
	}
	if !ContactWays.Has(in.Way) {
		f.Add("way", "请选择沟通方式", "Choose the way of contact")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := checkContactDay(in.Date, s.Today()); err != nil {
		return nil, err
	}
	if err := clean(&in.Notes, "notes", "沟通情况", 2000, true); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	c := &CheckIn{PlacementID: pl.ID, Name: pl.Name, Date: in.Date, Way: in.Way, Notes: in.Notes, AuthorID: a.UserID, AuthorName: a.Label(),
		CreatedAt: s.clock.Now().UTC()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateCheckIn(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.check_in", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("与%s%s沟通（%s）", pl.Name, ContactWays.Label(c.Way, "zh"), c.Date.Chinese()),
			After:   map[string]any{"id": c.ID, "date": c.Date, "way": c.Way}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// checkContactDay refuses a missing day or one after today.
func checkContactDay(d, today app.Date) error {
	switch {
	case d.IsZero():
		return &app.Error{Code: app.Invalid, Message: "请填写日期", English: "Fill in the date", Fields: map[string]string{"date": "required"}}
	case d.After(today):
		return errField("date", "日期不能晚于今天", "The date cannot be after today")
	}
	return nil
}

// ContactsPath is the page of a programme's check-ins.
func ContactsPath(programmeID int64) string {
	return "/programmes/" + strconv.FormatInt(programmeID, 10) + "/check-ins"
}

// readable returns the placement if the actor reads its mentoring: who
// reads its records, and the leader of the participant's group.
func (s *ContactService) readable(ctx context.Context, placementID int64) (*Placement, *programme.Programme, Access, error) {
	pl, p, acc, err := s.places.Find(ctx, placementID)
	if err != nil {
		return nil, nil, acc, err
	}
	if !acc.ReadRecords() && !acc.GroupLeader {
		return nil, nil, acc, errNoPlacement
	}
	return pl, p, acc, nil
}

// groupOf returns the group of a programme with that id, nil when none.
func groupOf(groups []*secondment.Group, id int64) *secondment.Group {
	for _, g := range groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}
