package placement

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
)

// ReturnStore is what the time after the placement needs from the database:
// the report-back meetings, the follow-ups, and the completions and leave
// that the printable record and the batch's export read.
type ReturnStore interface {
	placementReader
	notify.WaitStore
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	FindCompletion(ctx context.Context, programmeID, educatorID int64) (*Completion, error)
	FindLeaves(ctx context.Context, f LeaveFilter) ([]*Leave, error)
	// FindReportBacks lists a programme's report-back meetings or, with
	// programmeID zero, every meeting held from..to.
	FindReportBacks(ctx context.Context, programmeID int64, from, to app.Date) ([]*ReportBack, error)
	// SaveReportBack writes the meeting of (programme, batch), replacing it, and sets its ID.
	SaveReportBack(ctx context.Context, rb *ReportBack) error
	// FindOutstandingEducators lists the participants of a programme marked
	// to report to the whole district.
	FindOutstandingEducators(ctx context.Context, programmeID int64) ([]int64, error)
	// EnsureFollowUps gives a placement its follow-ups of the months given, once.
	EnsureFollowUps(ctx context.Context, placementID int64, months []int) error
	// FindFollowUps lists the follow-ups of a placement or, with
	// placementID zero, of every placement of a programme.
	FindFollowUps(ctx context.Context, programmeID, placementID int64) ([]*FollowUp, error)
	FindFollowUpByID(ctx context.Context, id int64) (*FollowUp, error)
	SaveFollowUp(ctx context.Context, f *FollowUp) error
	// FindProgrammesEnded lists the programmes with a batch ending from..to.
	FindProgrammesEnded(ctx context.Context, from, to app.Date) ([]int64, error)
	// UserOfEducator returns the enabled account of an educator, 0 when none.
	UserOfEducator(ctx context.Context, educatorID int64) (int64, error)
}

// ReturnService runs what follows the placement at home (SPEC §4.5,
// [001]): the report-back meeting, the follow-up 6 and 12 months after the
// return, the printable record of a placement and the batch's export.
type ReturnService struct {
	finder
	store ReturnStore
	day   *Service
	audit *audit.Log
	clock app.Clock
}

// NewReturnService returns the service; day is the placement day by day,
// whose progress the record and the export show.
func NewReturnService(store ReturnStore, day *Service, programmes *programme.Service, log *audit.Log, clock app.Clock) *ReturnService {
	return &ReturnService{finder: finder{store: store, programmes: programmes}, store: store, day: day, audit: log, clock: clock}
}

// Today is the current date in Asia/Shanghai.
func (s *ReturnService) Today() app.Date { return app.DateOf(s.clock.Now()) }

// FollowUpMonths are when a placement is followed up: 6 and 12 months
// after the return.
var FollowUpMonths = []int{6, 12}

// addMonths returns d moved by n months; where the month has no such day
// the last day of the month, as AddYears counts.
func addMonths(d app.Date, n int) app.Date {
	m := d.Year*12 + int(d.Month) - 1 + n
	e := app.Date{Year: m / 12, Month: time.Month(m%12 + 1), Day: d.Day}
	for !e.Valid() && e.Day > 28 {
		e.Day--
	}
	return e
}

// FollowUpDue is when the follow-up of months after a batch ending on end falls.
func FollowUpDue(end app.Date, months int) app.Date { return addMonths(end, months) }

// FollowUp is a follow-up (跟踪问效) of a placement: months after the
// return, the home school writes what progress the school has made and the
// organiser reviews it with a grade ([001]).
type FollowUp struct {
	ID              int64     `json:"id"`
	PlacementID     int64     `json:"placement_id"`
	Months          int       `json:"months"`
	Due             app.Date  `json:"due"`
	SchoolReview    string    `json:"school_review"`
	SchoolBy        string    `json:"school_by"`
	SchoolAt        time.Time `json:"school_at,omitzero"`
	OrganiserReview string    `json:"organiser_review"`
	OrganiserGrade  string    `json:"organiser_grade"`
	OrganiserBy     string    `json:"organiser_by"`
	OrganiserAt     time.Time `json:"organiser_at,omitzero"`
	// State is the date's: upcoming, today or overdue while a review is missing; done when both are in.
	State string `json:"state"`
	// Opens is the first day the reviews may be written.
	Opens app.Date `json:"opens"`
}

// Done reports whether both reviews are in.
func (f *FollowUp) Done() bool { return f.SchoolReview != "" && f.OrganiserReview != "" }

// FollowUpStates names the states of a follow-up.
var FollowUpStates = app.Vocab{
	{Code: string(notify.StateUpcoming), Zh: "未到期", En: "Upcoming"},
	{Code: string(notify.StateToday), Zh: "今日到期", En: "Due today"},
	{Code: string(notify.StateOverdue), Zh: "已逾期", En: "Overdue"},
	{Code: "done", Zh: "已完成", En: "Done"},
}

// dressFollowUp computes a follow-up's date and state from the batch's end.
func dressFollowUp(f *FollowUp, end, today app.Date) {
	f.Due = FollowUpDue(end, f.Months)
	f.Opens = f.Due.AddDays(-notify.Lead)
	f.State = string(notify.StateOn(f.Due, today))
	if f.Done() {
		f.State = "done"
	}
}

// FollowUpView is a placement's follow-ups with what the actor may do.
type FollowUpView struct {
	Placement *Placed     `json:"-"`
	Items     []*FollowUp `json:"follow_ups"`
	// School: the actor writes the home school's review; Organiser the organiser's.
	School    bool `json:"school"`
	Organiser bool `json:"organiser"`
}

// FollowUps returns a placement's follow-ups for anyone who sees it.
func (s *ReturnService) FollowUps(ctx context.Context, placementID int64) (*FollowUpView, error) {
	x, acc, err := s.byID(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if err := s.store.EnsureFollowUps(ctx, x.id, FollowUpMonths); err != nil {
		return nil, err
	}
	list, err := s.store.FindFollowUps(ctx, 0, x.id)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	for _, f := range list {
		dressFollowUp(f, x.pl.BatchEnd, today)
	}
	return &FollowUpView{Placement: &Placed{ID: x.id, Programme: x.p, Placement: x.pl}, Items: list, School: acc.decide, Organiser: acc.manage}, nil
}

// ReviewInput is a review of a follow-up: the home school's text, or the
// organiser's text and grade.
type ReviewInput struct {
	Review string `json:"review"`
	Grade  string `json:"grade"`
}

// Reviewers of a follow-up.
const (
	ReviewSchool    = "school"
	ReviewOrganiser = "organiser"
)

func (in *ReviewInput) check(who string) error {
	in.Review = strings.TrimSpace(in.Review)
	var f app.Fields
	if n := utf8.RuneCountInString(in.Review); n < 10 || n > 2000 {
		f.Add("review", fmt.Sprintf("跟踪问效意见应为10至2000字（现%d字）", n), fmt.Sprintf("The review has 10 to 2000 characters (now %d)", n))
	}
	if who == ReviewOrganiser && !Grades.Has(in.Grade) {
		f.Add("grade", "请评定等次", "Choose a grade")
	}
	if who == ReviewSchool {
		in.Grade = ""
	}
	return f.Err()
}

// Review records the home school's review of a follow-up (who ==
// ReviewSchool: its admin or the bureau over it) or the organiser's
// (ReviewOrganiser: the programme's coordinators), from 30 days before its
// date; a review may be revised.
func (s *ReturnService) Review(ctx context.Context, id int64, who string, in ReviewInput) (*FollowUp, error) {
	if who != ReviewSchool && who != ReviewOrganiser {
		return nil, app.InvalidValue("reviewer", who)
	}
	var out *FollowUp
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		f, err := s.store.FindFollowUpByID(ctx, id)
		if err != nil {
			return err
		}
		x, acc, err := s.byID(ctx, f.PlacementID)
		if err != nil {
			return app.ErrNotFound("跟踪问效")
		}
		if (who == ReviewSchool && !acc.decide) || (who == ReviewOrganiser && !acc.manage) {
			return app.Errorf(app.Forbidden, "跟踪问效由派出学校填写进展，项目组织方评定", "The home school writes its progress; the organiser reviews it")
		}
		if err := in.check(who); err != nil {
			return err
		}
		today := s.Today()
		dressFollowUp(f, x.pl.BatchEnd, today)
		if today.Before(f.Opens) {
			return app.Errorf(app.Conflict, fmt.Sprintf("返岗%d个月跟踪问效自%s起填写", f.Months, f.Opens.Chinese()),
				fmt.Sprintf("The %d-month follow-up opens on %s", f.Months, f.Opens.English()))
		}
		before := *f
		now, by := s.clock.Now(), app.ActorOf(ctx).Label()
		action, what := "placement.follow_up.school", "派出学校填写进展"
		if who == ReviewSchool {
			f.SchoolReview, f.SchoolBy, f.SchoolAt = in.Review, by, now
		} else {
			action, what = "placement.follow_up.organiser", "组织方评定"
			f.OrganiserReview, f.OrganiserGrade, f.OrganiserBy, f.OrganiserAt = in.Review, in.Grade, by, now
		}
		if err := s.store.SaveFollowUp(ctx, f); err != nil {
			return err
		}
		dressFollowUp(f, x.pl.BatchEnd, today)
		out = f
		if err := notify.Done(ctx, s.store, now, notify.DeadlineKey(followUpKey(f, who))); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: action, Entity: "placement", EntityID: x.id,
			Summary: fmt.Sprintf("%s返岗%d个月跟踪问效：%s", x.pl.Name, f.Months, what),
			Before:  before, After: f})
	})
	return out, err
}

// followUpKey names the deadline of one side of a follow-up.
func followUpKey(f *FollowUp, who string) string {
	return "followup:" + strconv.FormatInt(f.PlacementID, 10) + ":" + strconv.Itoa(f.Months) + ":" + who
}

// FollowUpDeadlines is the notify source of the follow-ups: each
// placement's follow-up at 6 and 12 months, for the home school (its
// review of the progress) and for the organiser (theirs), until written.
// Overdue ones show on the organiser's home page.
func (s *ReturnService) FollowUpDeadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	ids, err := s.store.FindProgrammesEnded(ctx, addMonths(from, -FollowUpMonths[len(FollowUpMonths)-1]), addMonths(to, -FollowUpMonths[0]))
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, pid := range ids {
		ds, err := s.programmeFollowUps(ctx, pid, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

func (s *ReturnService) programmeFollowUps(ctx context.Context, programmeID int64, from, to app.Date) ([]notify.Deadline, error) {
	p, err := s.store.FindProgrammeByID(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	have, err := s.store.FindFollowUps(ctx, programmeID, 0)
	if err != nil {
		return nil, err
	}
	reviewed := map[string]bool{}
	for _, f := range have {
		reviewed[followUpKey(f, ReviewSchool)] = f.SchoolReview != ""
		reviewed[followUpKey(f, ReviewOrganiser)] = f.OrganiserReview != ""
	}
	// The ids kept, read at once: PlacementID, which makes a missing one,
	// writes, and a source of deadlines runs on every home page.
	ids, err := s.day.placementIDs(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, pl := range all {
		if pl.BatchID == 0 {
			continue
		}
		for _, m := range FollowUpMonths {
			due := FollowUpDue(pl.BatchEnd, m)
			if due.Before(from) || due.After(to) {
				continue
			}
			id := ids[pl.EducatorID]
			if id == 0 {
				if id, err = s.store.PlacementID(ctx, programmeID, pl.EducatorID); err != nil {
					return nil, err
				}
				ids[pl.EducatorID] = id
			}
			f := &FollowUp{PlacementID: id, Months: m}
			link := FollowUpsPath(id)
			if k := followUpKey(f, ReviewSchool); !reviewed[k] {
				out = append(out, notify.Deadline{Key: k, Kind: "followup", Link: link, Due: due, Place: pl.EducatorPlace(),
					Title: fmt.Sprintf("%s挂职返岗%d个月：派出学校填写跟踪问效", pl.Name, m), Read: auth.EducatorWrite, Act: auth.EducatorWrite})
			}
			if k := followUpKey(f, ReviewOrganiser); !reviewed[k] {
				out = append(out, notify.Deadline{Key: k, Kind: "followup", Link: link, Due: due, Place: p.Place(),
					Title: fmt.Sprintf("%s挂职返岗%d个月：组织方跟踪问效评定", pl.Name, m), Read: auth.ProgrammeManage, Act: auth.ProgrammeManage})
			}
		}
	}
	return out, nil
}

// FollowUpsPath is the follow-up page of a placement.
func FollowUpsPath(placementID int64) string {
	return "/placements/" + strconv.FormatInt(placementID, 10) + "/follow-ups"
}
