package appointment

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/people"
)

// AppointInput is the day the appointment takes effect (today when zero).
type AppointInput struct {
	Date app.Date `json:"date"`
}

// Appoint appoints the appointee once their notice is over with every
// objection answered: the career history gains the post at the school, the
// former holders leave it, the registry follows, and a three-year contract
// starts.
func (s *Service) Appoint(ctx context.Context, selectionID int64, in AppointInput) (*Contract, error) {
	var out *Contract
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, err := s.managed(ctx, selectionID)
		if err != nil {
			return err
		}
		if sel.Stage != StageNotice {
			if sel.Stage == StageAppointed {
				return app.Errorf(app.Conflict, "已任命", "Already appointed")
			}
			return app.Errorf(app.Conflict, "遴选委员会决定并经任前公示后才能任命", "Appointment follows the decision and its notice")
		}
		n, err := s.notices.FindByID(ctx, sel.AppointeeNoticeID)
		if err != nil {
			return err
		}
		on := in.Date
		if on.IsZero() {
			on = s.Today()
		}
		switch {
		case n.Status == notice.StatusOpen || n.Status == notice.StatusScheduled:
			return app.Errorf(app.Conflict, fmt.Sprintf("任前公示至%s，公示期间不能任命", n.End.Chinese()),
				fmt.Sprintf("The notice runs until %s: no appointment during it", n.End.English()))
		case n.Unanswered > 0:
			return app.Errorf(app.Conflict, fmt.Sprintf("任前公示尚有%d条异议未答复", n.Unanswered), fmt.Sprintf("%d objections await an answer", n.Unanswered))
		case !on.Valid() || !on.After(n.End) || on.After(s.Today()):
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("任命日期应在公示期满（%s）之后、不晚于今天", n.End.Chinese()),
				English: "The appointment falls after the notice and not after today", Fields: map[string]string{"date": "invalid"}}
		}
		c, err := s.candidate(ctx, sel, sel.AppointeeID)
		if err != nil {
			return err
		}
		left, err := s.vacate(ctx, sel, c.EducatorID, on)
		if err != nil {
			return err
		}
		if err := s.take(ctx, sel, c.EducatorID, on); err != nil {
			return err
		}
		if err := s.oneHolder(ctx, sel); err != nil {
			return err
		}
		c.Status = CandidateAppointed
		if err := s.store.UpdateAppointmentCandidate(ctx, c); err != nil {
			return err
		}
		sel.Stage, sel.AppointedOn = StageAppointed, on
		if err := s.move(ctx, sel, StageNotice); err != nil {
			return err
		}
		k := &Contract{SelectionID: sel.ID, EducatorID: c.EducatorID, Name: c.Name, SchoolID: sel.SchoolID, SchoolName: sel.SchoolName,
			CountyID: sel.CountyID, CityID: sel.CityID, Post: sel.Post, Start: on, End: on.AddYears(ContractYears).AddDays(-1),
			CreatedAt: s.clock.Now()}
		if err := s.store.CreateContract(ctx, k); err != nil {
			return err
		}
		out = k
		summary := fmt.Sprintf("自%s起聘任%s为%s%s，签订聘约至%s", on.Chinese(), c.Name, sel.SchoolName, Posts.Label(sel.Post, "zh"), k.End.Chinese())
		if len(left) > 0 {
			summary += "；" + strings.Join(left, "、") + "不再担任该职务"
		}
		return s.step(ctx, sel, "appoint", summary, k)
	})
	return out, err
}

// vacate ends the post of its former holders still in it at the school:
// for a principal's post every principal there, for a vice principal's the
// named former holder. They stay at the school as teachers. It returns
// their names.
func (s *Service) vacate(ctx context.Context, sel *Selection, appointee int64, on app.Date) ([]string, error) {
	ids, err := s.store.FindPostHolders(ctx, sel.SchoolID, sel.Post)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, id := range ids {
		if id == appointee || sel.Post == people.PostVicePrincipal && id != sel.VacatedBy {
			continue
		}
		e, err := s.store.FindEducatorByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if err := s.endOpen(ctx, e, on); err != nil {
			return nil, err
		}
		k := &people.CareerEntry{EducatorID: id, SchoolID: sel.SchoolID, Post: people.PostTeacher, Kind: people.CareerAppointment,
			Start: on, Note: "不再担任" + Posts.Label(sel.Post, "zh") + "（" + sel.Title() + "）"}
		if err := s.store.CreateRotationCareerEntry(ctx, k, 0); err != nil {
			return nil, err
		}
		if err := s.store.MoveEducator(ctx, id, sel.SchoolID, people.PostTeacher, e.JoinedSchool, on); err != nil {
			return nil, err
		}
		names = append(names, e.Name)
	}
	return names, nil
}

// take gives the appointee the post at the school from on.
func (s *Service) take(ctx context.Context, sel *Selection, id int64, on app.Date) error {
	e, err := s.store.FindEducatorByID(ctx, id)
	if err != nil {
		return err
	}
	if err := s.endOpen(ctx, e, on); err != nil {
		return err
	}
	k := &people.CareerEntry{EducatorID: id, SchoolID: sel.SchoolID, Post: sel.Post, Kind: people.CareerAppointment, Start: on,
		Note: "选聘任职（" + sel.Title() + "），聘期三年"}
	if err := s.store.CreateRotationCareerEntry(ctx, k, 0); err != nil {
		return err
	}
	joined := e.JoinedSchool
	if e.SchoolID != sel.SchoolID {
		joined = on
	}
	return s.store.MoveEducator(ctx, id, sel.SchoolID, sel.Post, joined, on)
}

// endOpen ends a person's open appointments the day before on.
func (s *Service) endOpen(ctx context.Context, e *people.Educator, on app.Date) error {
	rows, err := s.store.FindCareer(ctx, e.ID)
	if err != nil {
		return err
	}
	open := false
	for _, r := range rows {
		if r.Kind != people.CareerAppointment || !r.End.IsZero() {
			continue
		}
		if !r.Start.Before(on) {
			return app.Errorf(app.Conflict, e.Name+"的现任职务始于"+r.Start.Chinese()+"，任命日期应在其后", "The appointment must follow the present one")
		}
		if err := s.store.EndCareerEntry(ctx, r.ID, on.AddDays(-1)); err != nil {
			return err
		}
		open = true
	}
	// Where the history lacks the present post, the registry's 任现职日期
	// (or 到校日期) stands in, written as such.
	since := e.PostSince
	if since.IsZero() || since.Before(e.JoinedSchool) {
		since = e.JoinedSchool
	}
	if open || since.IsZero() || !since.Before(on) {
		return nil
	}
	k := &people.CareerEntry{EducatorID: e.ID, SchoolID: e.SchoolID, Post: e.Post, Kind: people.CareerAppointment,
		Start: since, End: on.AddDays(-1), Note: "据任现职日期补记"}
	return s.store.CreateRotationCareerEntry(ctx, k, 0)
}

// oneHolder checks, after the moves, that a principal's post has one holder.
func (s *Service) oneHolder(ctx context.Context, sel *Selection) error {
	if sel.Post != people.PostPrincipal {
		return nil
	}
	ids, err := s.store.FindPostHolders(ctx, sel.SchoolID, sel.Post)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return app.Internalf("appointment.oneHolder", "school %d has %d principals after the appointment", sel.SchoolID, len(ids))
	}
	return nil
}
