package rotation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// StatusInput moves an exchange to a new status on a date.
type StatusInput struct {
	Status ExchangeStatus `json:"status"`
	Date   app.Date       `json:"date"`
	Reason string         `json:"reason"`
}

// ChangeExchangeStatus moves an exchange one step of its life, as the origin
// county's HR. Only the steps of the life are allowed; the status is
// changed only if it is still the one read, so of two concurrent steps
// exactly one wins. Starting, ending and transferring write the career
// history in the same transaction.
//
// Long because the checks of each step sit beside the step in one switch,
// read once against the exchange as read, before the one transaction.
func (s *Service) ChangeExchangeStatus(ctx context.Context, id int64, in StatusInput) (*Exchange, error) {
	x, err := s.FindExchangeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationManage, x.OriginPlace()); err != nil {
		return nil, err
	}
	if !Statuses.Has(string(in.Status)) {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择新的状态", English: "Choose the new status", Fields: map[string]string{"status": "invalid"}}
	}
	if !slices.Contains(transitions[x.Status], in.Status) {
		return nil, &app.Error{Code: app.Conflict,
			Message: fmt.Sprintf("交流当前状态为「%s」，不能变更为「%s」", Statuses.Label(string(x.Status), "zh"), Statuses.Label(string(in.Status), "zh")),
			English: fmt.Sprintf("The exchange is %s and cannot become %s", Statuses.Label(string(x.Status), "en"), Statuses.Label(string(in.Status), "en")),
			Fields:  map[string]string{"status": "transition"}}
	}
	today := s.Today()
	on := in.Date
	if on.IsZero() {
		on = today
	}
	reason := strings.TrimSpace(in.Reason)
	ps, err := s.policies(ctx, []int64{x.CountyID}, SchoolYearOf(x.Begin()))
	if err != nil {
		return nil, err
	}
	p := ps[x.CountyID]
	var f app.Fields
	switch {
	case !on.Valid():
		f.Add("date", "日期无效", "Invalid date")
	case on.After(today):
		f.Add("date", "日期不能晚于今天（"+today.Chinese()+"）", "The date cannot be in the future")
	}
	if utf8.RuneCountInString(reason) > 500 {
		f.Add("reason", "说明最多500字", "The reason has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	before := *x
	minEnd := TermEnd(x.Begin(), x.minYears(p))
	switch in.Status {
	case StatusAnnounced:
		x.AnnouncedOn = on
	case StatusActive:
		if !x.AnnouncedOn.IsZero() && on.Before(x.AnnouncedOn) {
			f.Add("date", "开始日期不能早于公布日期（"+x.AnnouncedOn.Chinese()+"）", "The start cannot precede the announcement")
		} else if on.Before(x.Start) {
			f.Add("date", "交流计划于"+x.Start.Chinese()+"开始，不能在此之前记为交流中；最短期限从实际开始之日起算",
				"The exchange is planned to start on "+x.Start.English()+" and cannot be under way before then")
		}
		x.ActualStart, x.SchoolYear = on, SchoolYearOf(on)
	case StatusCompleted, StatusTransferred:
		if on.Before(x.ActualStart) {
			f.Add("date", "结束日期不能早于开始日期", "The end cannot precede the start")
		} else if x.minYears(p) > 0 && on.Before(minEnd) {
			f.Add("date", fmt.Sprintf("交流未满最短期限（至%s），不能按期满结束；提前结束请选择「提前返回」", minEnd.Chinese()),
				fmt.Sprintf("The minimum term runs to %s; to end earlier choose 'returned early'", minEnd))
		}
		if in.Status == StatusTransferred {
			switch {
			case x.Relation != RelationStays:
				f.Add("status", "人事关系已在交流开始时转入交流学校，无需调动", "The personnel relation has already moved")
			case x.TransferRequested.IsZero():
				f.Add("status", "调入交流学校须先有本人申请", "A transfer needs the teacher's application first")
			case x.OriginConsentBy == "" || x.HostConsentBy == "":
				f.Add("status", "调入交流学校须经原学校和交流学校同意", "A transfer needs the consent of both schools")
			}
		}
		x.ActualEnd = on
	case StatusReturned:
		switch {
		case x.Relation == RelationMoves:
			f.Add("status", "校长轮岗的人事关系已转入新学校，不能提前返回；如需调整请办理任职变动",
				"A rotated principal's relation has moved; change the appointment instead")
		case on.Before(x.ActualStart):
			f.Add("date", "返回日期不能早于开始日期", "The return cannot precede the start")
		case !on.Before(x.PlannedEnd):
			f.Add("date", "已到计划结束日期，请选择「期满」", "The planned end is reached: choose 'completed'")
		}
		if reason == "" {
			f.Add("reason", "提前返回须说明原因", "Give the reason for returning early")
		}
		x.ActualEnd = on
	case StatusCancelled:
		if reason == "" {
			f.Add("reason", "取消交流须说明原因", "Give the reason for cancelling")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if in.Status == StatusReturned || in.Status == StatusCancelled || in.Status == StatusCompleted || in.Status == StatusTransferred {
		if reason != "" {
			x.EndReason = reason
		}
	}
	from := x.Status
	x.Status, x.UpdatedAt = in.Status, s.clock.Now()
	a := app.ActorOf(ctx)
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if x.Status == StatusActive && movesHead(x) {
			// Any other principal of the host must be leaving by the same day.
			if err := s.checkHeads(ctx, x.HostSchoolID, x.HostName, on); err != nil {
				return err
			}
		}
		ok, err := s.store.SetExchangeStatus(ctx, x, from)
		if err != nil {
			return err
		}
		if !ok {
			return staleExchange()
		}
		if x.Status == StatusCancelled && movesHead(x) {
			// The principal stays: whoever came in their place must not make two.
			if err := s.keepsOneHead(ctx, x, on); err != nil {
				return err
			}
		}
		if err := s.careerOnStatus(ctx, x, from, on); err != nil {
			return err
		}
		if !Open(x.Status) {
			if err := s.doneExchange(ctx, x); err != nil {
				return err
			}
		}
		if err := s.store.CreateExchangeEvent(ctx, &Event{ExchangeID: x.ID, Action: "status", FromStatus: from, ToStatus: x.Status,
			On: on, Note: reason, Actor: a.Label(), At: x.UpdatedAt}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exchange." + string(x.Status), Entity: "rotation_exchange", EntityID: x.ID,
			Summary: fmt.Sprintf("%s的交流（%s → %s）：%s → %s，日期%s%s", x.EducatorName, x.OriginName, x.HostName,
				Statuses.Label(string(from), "zh"), Statuses.Label(string(x.Status), "zh"), on.Chinese(), notePart(reason)),
			Before: &before, After: x})
	})
	if err != nil {
		return nil, err
	}
	return x, nil
}

func staleExchange() error {
	return app.Errorf(app.Conflict, "该交流记录刚被他人修改，请刷新后重试", "The exchange changed meanwhile; reload and try again")
}

// careerOnStatus writes what a step of an exchange changes in the career
// history (and, when the personnel relation moves, in the registry):
//   - start, relation moves (a principal): the appointment at the origin ends
//     the day before; an appointment at the host begins; the educator now
//     belongs to the host, in the same post;
//   - start, relation stays (a teacher): the appointment at the origin ends the
//     day before; an exchange row at the host begins;
//   - completed or returned early, relation stays: the exchange row ends; a
//     new appointment at the origin in the same post begins the day after;
//   - transferred: the exchange row ends; an appointment at the host begins
//     the day after and the educator now belongs to the host.
func (s *Service) careerOnStatus(ctx context.Context, x *Exchange, from ExchangeStatus, on app.Date) error {
	switch {
	case x.Status == StatusActive:
		if err := s.endHomeAppointment(ctx, x, on); err != nil {
			return err
		}
		if x.Relation == RelationMoves {
			k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.HostSchoolID, Post: x.Post, Kind: people.CareerAppointment,
				Start: on, Note: "交流轮岗（" + Forms.Label(string(x.Form), "zh") + "），人事关系转入"}
			if err := s.store.CreateRotationCareerEntry(ctx, k, x.ID); err != nil {
				return err
			}
			return s.store.MoveEducator(ctx, x.EducatorID, x.HostSchoolID, x.Post, on, on)
		}
		k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.HostSchoolID, Post: people.PostTeacher, Kind: people.CareerExchange,
			Start: on, Note: Forms.Label(string(x.Form), "zh")}
		return s.store.CreateRotationCareerEntry(ctx, k, x.ID)
	case x.Relation == RelationMoves:
		return nil // completed: the principal stays at the host
	case x.Status == StatusCompleted || x.Status == StatusReturned || x.Status == StatusTransferred:
		rows, err := s.store.FindRotationCareers(ctx, PeopleFilter{EducatorID: x.EducatorID, Within: app.Scope{All: true}})
		if err != nil {
			return err
		}
		var row *CareerRow
		for i := range rows[x.EducatorID] {
			if r := &rows[x.EducatorID][i]; r.ExchangeID == x.ID && r.Kind == people.CareerExchange {
				row = r
			}
		}
		if row == nil {
			return app.Internalf("rotation.careerOnStatus", "exchange %d has no career row", x.ID)
		}
		if err := s.store.EndCareerEntry(ctx, row.ID, on); err != nil {
			return err
		}
		back := on.AddDays(1)
		if x.Status == StatusTransferred {
			k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.HostSchoolID, Post: x.Post, Kind: people.CareerAppointment,
				Start: back, Note: "交流期满调入"}
			if err := s.store.CreateRotationCareerEntry(ctx, k, 0); err != nil {
				return err
			}
			return s.store.MoveEducator(ctx, x.EducatorID, x.HostSchoolID, x.Post, back, back)
		}
		note := "交流期满返回"
		if x.Status == StatusReturned {
			note = "提前返回"
		}
		k := &people.CareerEntry{EducatorID: x.EducatorID, SchoolID: x.OriginSchoolID, Post: x.Post, Kind: people.CareerAppointment,
			Start: back, Note: note}
		return s.store.CreateRotationCareerEntry(ctx, k, 0)
	}
	return nil
}

// endHomeAppointment ends the open appointment at the origin school the day
// before on. Where the history lacks it, the registry's 到校日期 and 任现职日期
// stand in, and the rows are written as such.
func (s *Service) endHomeAppointment(ctx context.Context, x *Exchange, on app.Date) error {
	rows, err := s.store.FindRotationCareers(ctx, PeopleFilter{EducatorID: x.EducatorID, Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	last := on.AddDays(-1)
	var open *CareerRow
	for i := range rows[x.EducatorID] {
		r := &rows[x.EducatorID][i]
		if r.Kind == people.CareerAppointment && r.End.IsZero() {
			open = r
		}
	}
	if open != nil {
		if open.SchoolID != x.OriginSchoolID {
			return app.Errorf(app.Conflict, "任职经历中的现任职务不在原学校，请先核对任职经历", "The current appointment in the history is not at the origin school")
		}
		if !open.Start.Before(on) {
			return &app.Error{Code: app.Invalid, Message: "交流开始日期应晚于现任职务的开始日期（" + open.Start.Chinese() + "）",
				English: "The start must be after the current appointment began", Fields: map[string]string{"date": "invalid"}}
		}
		return s.store.EndCareerEntry(ctx, open.ID, last)
	}
	e, err := s.store.FindEducatorByID(ctx, x.EducatorID)
	if err != nil {
		return err
	}
	since := e.PostSince
	if since.IsZero() || since.Before(e.JoinedSchool) {
		since = e.JoinedSchool
	}
	if !since.Before(on) {
		return &app.Error{Code: app.Invalid, Message: "交流开始日期应晚于任现职日期（" + since.Chinese() + "）",
			English: "The start must be after the current post began", Fields: map[string]string{"date": "invalid"}}
	}
	if since.After(e.JoinedSchool) {
		k := &people.CareerEntry{EducatorID: e.ID, SchoolID: x.OriginSchoolID, Kind: people.CareerAppointment,
			Start: e.JoinedSchool, End: since.AddDays(-1), Note: "据到校日期补记，岗位不详"}
		if err := s.store.CreateRotationCareerEntry(ctx, k, 0); err != nil {
			return err
		}
	}
	k := &people.CareerEntry{EducatorID: e.ID, SchoolID: x.OriginSchoolID, Post: x.Post, Kind: people.CareerAppointment,
		Start: since, End: last, Note: "据任现职日期补记"}
	return s.store.CreateRotationCareerEntry(ctx, k, 0)
}
