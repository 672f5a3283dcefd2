package placement

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/secondment"
)

// ReportBack is the report-back meeting (汇报会) at home that the organiser
// holds for a batch, or for the whole programme (BatchID 0), after the
// participants return ([001]: 返校后地区组织学习交流汇报会).
type ReportBack struct {
	ID          int64    `json:"id"`
	ProgrammeID int64    `json:"programme_id"`
	BatchID     int64    `json:"batch_id"`
	BatchName   string   `json:"batch_name"`
	Date        app.Date `json:"date"`
	// Time is the hour it begins, "14:30".
	Time      string    `json:"time"`
	Place     string    `json:"place"`
	Attendees string    `json:"attendees"`
	Note      string    `json:"note"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ReportBackInput schedules a meeting.
type ReportBackInput struct {
	BatchID   int64    `json:"batch_id"`
	Date      app.Date `json:"date"`
	Time      string   `json:"time"`
	Place     string   `json:"place"`
	Attendees string   `json:"attendees"`
	Note      string   `json:"note"`
}

func (in *ReportBackInput) check() error {
	in.Time, in.Place, in.Attendees, in.Note = strings.TrimSpace(in.Time), strings.TrimSpace(in.Place), strings.TrimSpace(in.Attendees), strings.TrimSpace(in.Note)
	var f app.Fields
	if in.Date.IsZero() || !in.Date.Valid() {
		f.Add("date", "请填写汇报会日期", "Enter the date of the meeting")
	}
	if !clockTime.MatchString(in.Time) {
		f.Add("time", "请按“14:30”填写开始时间", "Enter the time as 14:30")
	}
	if n := utf8.RuneCountInString(in.Place); n == 0 || n > 100 {
		f.Add("place", "请填写地点（不超过100字）", "Enter the place (at most 100 characters)")
	}
	if utf8.RuneCountInString(in.Attendees) > 500 {
		f.Add("attendees", "参会人员不超过500字", "The attendees take at most 500 characters")
	}
	if utf8.RuneCountInString(in.Note) > 1000 {
		f.Add("note", "备注不超过1000字", "The note takes at most 1000 characters")
	}
	return f.Err()
}

// Speaker is a participant marked to report to the whole district.
type Speaker struct {
	PlacementID int64  `json:"placement_id"`
	Name        string `json:"name"`
	SchoolName  string `json:"school_name"`
	HostName    string `json:"host_name"`
	BatchID     int64  `json:"batch_id"`
}

// BatchChoice is a batch a meeting may be held for.
type BatchChoice struct {
	ID    int64    `json:"id"`
	Name  string   `json:"name"`
	Start app.Date `json:"start"`
	End   app.Date `json:"end"`
}

// ReportBackView is a programme's report-back: its meetings, the
// participants who report to the whole district, and what the actor may do.
type ReportBackView struct {
	ProgrammeID   int64          `json:"programme_id"`
	ProgrammeName string         `json:"programme_name"`
	Meetings      []*ReportBack  `json:"meetings"`
	Outstanding   []*Speaker     `json:"outstanding"`
	Batches       []*BatchChoice `json:"batches"`
	Manage        bool           `json:"manage"`
}

// ReportBacks returns a programme's report-back for anyone who sees its
// placements; each sees the speakers among the placements they see.
func (s *ReturnService) ReportBacks(ctx context.Context, programmeID int64) (*ReportBackView, error) {
	p, list, acc, err := s.day.secondment.Placements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	v := &ReportBackView{ProgrammeID: p.ID, ProgrammeName: p.Name, Meetings: []*ReportBack{}, Outstanding: []*Speaker{}, Batches: []*BatchChoice{},
		Manage: acc.Manage}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, pl := range all {
		if pl.BatchID != 0 && names[pl.BatchID] == "" {
			names[pl.BatchID] = pl.BatchName
			v.Batches = append(v.Batches, &BatchChoice{ID: pl.BatchID, Name: pl.BatchName, Start: pl.BatchStart, End: pl.BatchEnd})
		}
	}
	slices.SortFunc(v.Batches, func(a, b *BatchChoice) int { return a.Start.Compare(b.Start) })
	if v.Meetings, err = s.store.FindReportBacks(ctx, programmeID, app.Date{}, app.Date{}); err != nil {
		return nil, err
	}
	for _, m := range v.Meetings {
		m.BatchName = names[m.BatchID]
	}
	outstanding, err := s.store.FindOutstandingEducators(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, pl := range list {
		if slices.Contains(outstanding, pl.EducatorID) && pl.BatchID != 0 {
			id, err := s.store.PlacementID(ctx, programmeID, pl.EducatorID)
			if err != nil {
				return nil, err
			}
			v.Outstanding = append(v.Outstanding, &Speaker{PlacementID: id, Name: pl.Name, SchoolName: pl.SchoolName, HostName: pl.HostName, BatchID: pl.BatchID})
		}
	}
	return v, nil
}

// ScheduleReportBack schedules (or moves) the report-back meeting of a
// batch or of the whole programme; the participants and their home schools
// are told in their inbox as the date nears (notify.Lead days before it).
func (s *ReturnService) ScheduleReportBack(ctx context.Context, programmeID int64, in ReportBackInput) (*ReportBackView, error) {
	p, err := s.day.managed(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		all, err := s.store.FindPlacements(ctx, programmeID)
		if err != nil {
			return err
		}
		var end app.Date
		for _, pl := range all {
			if pl.BatchID != 0 && (in.BatchID == 0 || pl.BatchID == in.BatchID) && pl.BatchEnd.After(end) {
				end = pl.BatchEnd
			}
		}
		switch {
		case end.IsZero() && in.BatchID != 0:
			return &app.Error{Code: app.Invalid, Message: "本项目没有此批次或批次尚无参训人员", English: "The programme has no such batch with participants",
				Fields: map[string]string{"batch_id": "invalid"}}
		case end.IsZero():
			return app.Errorf(app.Conflict, "本项目尚无参训人员，暂不能安排汇报会", "The programme has no participants yet")
		case in.Date.Before(end):
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("汇报会在返岗后举行，日期不能早于挂职结束日%s", end.Chinese()),
				English: "The meeting is held after the return, not before " + end.English(), Fields: map[string]string{"date": "too_early"}}
		}
		rb := &ReportBack{ProgrammeID: p.ID, BatchID: in.BatchID, Date: in.Date, Time: in.Time, Place: in.Place, Attendees: in.Attendees,
			Note: in.Note, UpdatedBy: app.ActorOf(ctx).Label(), UpdatedAt: s.clock.Now()}
		if err := s.store.SaveReportBack(ctx, rb); err != nil {
			return err
		}
		ds, err := s.meetingDeadlines(ctx, rb, all)
		if err != nil {
			return err
		}
		today := s.Today()
		for _, d := range ds {
			if !notify.Near(d.Due, today) || d.Due.Before(today) {
				continue
			}
			it := notify.Item{Key: notify.DeadlineKey(d.Key), Kind: d.Kind, Title: d.Title, Link: d.Link, Permission: d.Act, Place: d.Place,
				UserID: d.UserID, Due: d.Due, Since: s.clock.Now()}
			if d.UserID != 0 {
				it.Permission, it.Place = "", app.Place{}
			}
			if err := notify.Wait(ctx, s.store, it); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.report_back", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("安排挂职汇报会：%s %s，%s", rb.Date.Chinese(), rb.Time, rb.Place), After: rb})
	})
	if err != nil {
		return nil, err
	}
	return s.ReportBacks(ctx, programmeID)
}

// meetingDeadlines are the dates a meeting puts in the calendars: one for
// each participant of its batch (their own account) and one for each of
// their home schools.
func (s *ReturnService) meetingDeadlines(ctx context.Context, rb *ReportBack, all []*secondment.Placement) ([]notify.Deadline, error) {
	outstanding, err := s.store.FindOutstandingEducators(ctx, rb.ProgrammeID)
	if err != nil {
		return nil, err
	}
	key := "reportback:" + strconv.FormatInt(rb.ID, 10)
	link := ReportBackPath(rb.ProgrammeID)
	when := fmt.Sprintf("挂职汇报会：%s %s，%s", rb.Date.Chinese(), rb.Time, rb.Place)
	var out []notify.Deadline
	schools := map[int64]bool{}
	for _, pl := range all {
		if pl.BatchID == 0 || (rb.BatchID != 0 && pl.BatchID != rb.BatchID) {
			continue
		}
		uid, err := s.store.UserOfEducator(ctx, pl.EducatorID)
		if err != nil {
			return nil, err
		}
		title := when
		if slices.Contains(outstanding, pl.EducatorID) {
			title += "（请作全区典型报告）"
		}
		if uid != 0 {
			out = append(out, notify.Deadline{Key: key + ":u:" + strconv.FormatInt(pl.EducatorID, 10), Kind: "reportback", Title: title, Link: link,
				Due: rb.Date, UserID: uid})
		}
		if !schools[pl.SchoolID] {
			schools[pl.SchoolID] = true
			place := app.Place{CityID: pl.CityID, CountyID: pl.CountyID, SchoolID: pl.SchoolID}
			out = append(out, notify.Deadline{Key: key + ":s:" + strconv.FormatInt(pl.SchoolID, 10), Kind: "reportback",
				Title: when + "，" + pl.SchoolName + "有参训人员汇报", Link: link, Due: rb.Date, Place: place, Read: auth.EducatorWrite, Act: auth.EducatorWrite})
		}
	}
	return out, nil
}

// ReportBackDeadlines is the notify source of the report-back meetings:
// those not yet held, in the calendars and, as they near, the inboxes of
// the participants and their home schools.
func (s *ReturnService) ReportBackDeadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	if today := s.Today(); from.Before(today) {
		from = today
	}
	if to.Before(from) {
		return nil, nil
	}
	list, err := s.store.FindReportBacks(ctx, 0, from, to)
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, rb := range list {
		all, err := s.store.FindPlacements(ctx, rb.ProgrammeID)
		if err != nil {
			return nil, err
		}
		ds, err := s.meetingDeadlines(ctx, rb, all)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

// ReportBackPath is the report-back page of a programme.
func ReportBackPath(programmeID int64) string {
	return "/programmes/" + strconv.FormatInt(programmeID, 10) + "/report-back"
}
