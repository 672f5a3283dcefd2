package web

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/rotation"
)

// homeWork is what the home page puts before each role: its work, not only
// the registry's counts. Bureaus (county HR, the city) see the deferral
// applications waiting for a decision, the public notices open for
// objections, the plans awaiting approval and the annual return's deadline;
// a school its staff's applications and exchanges; a mentor the
// participants of the programmes they mentor; a participant their own
// exchanges and programmes.
type homeWork struct {
	Bureau bool
	// PendingExemptions counts the deferral applications (暂缓申请) waiting
	// for a decision.
	PendingExemptions int
	PlanNotices       []*planning.Plan
	RoundNotices      []*rotation.Round
	Drafts            []*planning.Plan
	// Return is the dashboard of the school year whose return is due next
	// (or was due last), for its deadline and each county's submission.
	Return *rotation.Dashboard
	// ReturnOverdue is set after the deadline; ReturnDaysLeft counts the
	// days to it, the deadline included.
	ReturnOverdue  bool
	ReturnDaysLeft int

	School bool
	// SchoolExemptions are the school's applications waiting for a
	// decision; SchoolExchanges its staff's exchanges not yet ended.
	SchoolExemptions []*rotation.Exemption
	SchoolExchanges  []*rotation.Exchange

	// Mentored are the programmes the actor mentors, with their participants.
	Mentored []mentored

	// Own is the actor's own rotation file; Enrolments their programmes,
	// EnrolmentOpen those whose page they may open.
	Own           *rotation.File
	Enrolments    []*programme.Enrolment
	EnrolmentOpen map[int64]bool

	// Overdue are the deadlines past due: those the actor must act on, or,
	// for a bureau's overview, all in its scope that someone must.
	Overdue []*notify.Deadline
	// Selection is the actor's part in secondment selections.
	Selection selectionWork
}

type mentored struct {
	Programme *programme.Programme
	// Members are the first participants; Total counts them all.
	Members []*programme.Member
	Total   int
	// CanOpen says whose records the mentor may open.
	CanOpen map[int64]bool
}

// homeListLimit is how many items of each kind the home page lists.
const homeListLimit = 10

// bureauScope reports whether a reads rotation over a whole county or more.
func bureauScope(a *app.Actor) bool {
	sc := auth.ScopeOf(a, auth.RotationRead)
	return sc.All || len(sc.CityIDs) > 0 || len(sc.CountyIDs) > 0
}

// schoolScope reports whether a applies for a school's staff.
func schoolScope(a *app.Actor) bool {
	return auth.Can(a, auth.RotationApply) == nil && len(auth.ScopeOf(a, auth.RotationApply).SchoolIDs) > 0
}

// findHomeWork gathers the actor's work from the services.
func (s *Server) findHomeWork(ctx context.Context) (*homeWork, error) {
	a := app.ActorOf(ctx)
	w := &homeWork{}
	if bureauScope(a) {
		if err := s.bureauWork(ctx, w); err != nil {
			return nil, err
		}
	}
	if schoolScope(a) {
		if err := s.schoolWork(ctx, w); err != nil {
			return nil, err
		}
	}
	if err := s.mentorWork(ctx, w); err != nil {
		return nil, err
	}
	if a.EducatorID != 0 {
		if err := s.ownWork(ctx, w, a.EducatorID); err != nil {
			return nil, err
		}
	}
	if s.cfg.Notify != nil {
		var err error
		if w.Overdue, err = s.cfg.Notify.Overdue(ctx, !w.Bureau); err != nil {
			return nil, err
		}
	}
	if err := s.selectionWork(ctx, w); err != nil {
		return nil, err
	}
	return w, nil
}

func (s *Server) bureauWork(ctx context.Context, w *homeWork) error {
	rs, today := s.cfg.Rotation, s.cfg.Rotation.Today()
	w.Bureau = true
	_, n, err := rs.FindExemptions(ctx, rotation.ExemptionFilter{Status: rotation.ExemptionPending, Limit: 1})
	if err != nil {
		return err
	}
	w.PendingExemptions = n
	noticed, _, err := s.cfg.Planning.FindPlans(ctx, planning.PlanFilter{Status: planning.StatusNoticed})
	if err != nil {
		return err
	}
	for _, p := range noticed {
		if !p.NoticeEnd.Before(today) && len(w.PlanNotices) < homeListLimit {
			w.PlanNotices = append(w.PlanNotices, p)
		}
	}
	rounds, _, err := rs.FindRounds(ctx, rotation.RoundFilter{Status: rotation.RoundPublished})
	if err != nil {
		return err
	}
	for _, r := range rounds {
		if !r.NoticeEnd.Before(today) && len(w.RoundNotices) < homeListLimit {
			w.RoundNotices = append(w.RoundNotices, r)
		}
	}
	if w.Drafts, _, err = s.cfg.Planning.FindPlans(ctx, planning.PlanFilter{Status: planning.StatusDraft, Limit: homeListLimit}); err != nil {
		return err
	}
	if w.Return, err = rs.FindDashboard(ctx, rotation.DashboardFilter{Year: rotation.SchoolYearOf(today)}); err != nil {
		return err
	}
	w.ReturnOverdue = today.After(w.Return.Due)
	if !w.ReturnOverdue {
		w.ReturnDaysLeft = int(w.Return.Due.Time().Sub(today.Time()).Hours()/24) + 1
	}
	return nil
}

func (s *Server) schoolWork(ctx context.Context, w *homeWork) error {
	rs := s.cfg.Rotation
	w.School = true
	var err error
	if w.SchoolExemptions, _, err = rs.FindExemptions(ctx, rotation.ExemptionFilter{Status: rotation.ExemptionPending, Limit: homeListLimit}); err != nil {
		return err
	}
	for _, st := range []rotation.ExchangeStatus{rotation.StatusActive, rotation.StatusAnnounced, rotation.StatusPlanned} {
		xs, _, err := rs.FindExchanges(ctx, rotation.ExchangeFilter{Status: st, Limit: homeListLimit})
		if err != nil {
			return err
		}
		for _, x := range xs {
			if len(w.SchoolExchanges) < homeListLimit {
				w.SchoolExchanges = append(w.SchoolExchanges, x)
			}
		}
	}
	return nil
}

// mentorWork lists the participants of each programme the actor holds a
// mentor's grant over.
func (s *Server) mentorWork(ctx context.Context, w *homeWork) error {
	a := app.ActorOf(ctx)
	for _, g := range a.Grants {
		if g.Role != auth.RoleMentor || g.ScopeKind != auth.ScopeProgramme {
			continue
		}
		p, err := s.cfg.Programmes.FindByID(ctx, g.ScopeID)
		if err != nil {
			return err
		}
		members, err := s.cfg.Programmes.Members(ctx, p)
		if err != nil {
			return err
		}
		m := mentored{Programme: p, Members: members[:min(len(members), homeListLimit)], Total: len(members), CanOpen: map[int64]bool{}}
		for _, mb := range m.Members {
			m.CanOpen[mb.EducatorID] = auth.Decide(a, auth.EducatorRead,
				app.Place{CityID: mb.CityID, CountyID: mb.CountyID, SchoolID: mb.SchoolID, EducatorID: mb.EducatorID}, "") == nil
		}
		w.Mentored = append(w.Mentored, m)
	}
	return nil
}

// ownWork is a participant's own exchanges and programmes.
func (s *Server) ownWork(ctx context.Context, w *homeWork, educatorID int64) error {
	f, err := s.cfg.Rotation.FindFile(ctx, educatorID, app.Date{})
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil
		}
		return err
	}
	w.Own = f
	if w.Enrolments, err = s.cfg.Programmes.Enrolments(ctx, f.Educator); err != nil {
		return err
	}
	w.EnrolmentOpen = map[int64]bool{}
	for _, en := range w.Enrolments {
		w.EnrolmentOpen[en.Programme.ID] = auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, en.Programme.Place(), "") == nil
	}
	return nil
}
