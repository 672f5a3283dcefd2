package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// headSelectionsView is the list of principal selections and, for HR, the
// form that opens one.
type headSelectionsView struct {
	Selections []*appointment.Selection
	CanCreate  bool
	Schools    []*org.School
	Form       appointment.Input
}

func (s *Server) headSelectionsView(r *http.Request, form appointment.Input) (*headSelectionsView, error) {
	ctx := r.Context()
	list, err := s.cfg.Appointment.Find(ctx, appointment.Filter{})
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	v := &headSelectionsView{Selections: list, CanCreate: auth.Can(a, auth.AppointmentManage) == nil, Form: form}
	if v.CanCreate {
		sc := auth.ScopeOf(a, auth.AppointmentManage)
		if v.Schools, _, err = s.cfg.Org.FindSchools(ctx, org.SchoolFilter{Within: sc}); err != nil {
			return nil, err
		}
	}
	if v.Form.RegistrationEnd.IsZero() {
		today := s.cfg.Appointment.Today()
		v.Form = appointment.Input{Post: people.PostPrincipal, Terms: appointment.Terms{MaxAge: 50, NoticeDays: 5, PassPercent: 60,
			RegistrationEnd: today.AddDays(14), EvaluationDate: today.AddDays(21)}}
	}
	return v, nil
}

func (s *Server) headSelectionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.headSelectionsView(r, appointment.Input{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appointment_selections", "校长选聘", "appointment", v)
}

// headSelectionForm reads the form that opens a selection.
func headSelectionForm(r *http.Request) (appointment.Input, error) {
	in := appointment.Input{Post: r.FormValue("post"), Vacancy: r.FormValue("vacancy"),
		Terms: appointment.Terms{Conditions: r.FormValue("conditions")}}
	var err error
	for name, dst := range map[string]*int64{"school_id": &in.SchoolID, "vacated_by": &in.VacatedBy} {
		if *dst, err = queryID(r, name); err != nil {
			return in, err
		}
	}
	for name, dst := range map[string]*int{"max_age": &in.MaxAge, "notice_days": &in.NoticeDays, "pass_percent": &in.PassPercent} {
		if *dst, err = queryInt(r, name, 0); err != nil {
			return in, err
		}
	}
	if in.RegistrationEnd, err = queryDate(r, "registration_end"); err != nil {
		return in, err
	}
	in.EvaluationDate, err = queryDate(r, "evaluation_date")
	return in, err
}

func (s *Server) headSelectionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.AppointmentManage); err != nil {
		return err
	}
	in, err := headSelectionForm(r)
	var sel *appointment.Selection
	if err == nil {
		sel, err = s.cfg.Appointment.Create(r.Context(), in)
	}
	if err != nil {
		v, verr := s.headSelectionsView(r, in)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "appointment_selections", "校长选聘", "appointment", v)
	}
	return redirect(w, r, headSelectionPath(sel.ID), "selection_opened")
}

func headSelectionPath(id int64) string { return "/principal-selections/" + strconv.FormatInt(id, 10) }

// headSelectionView is a selection's page: the whole procedure, and the forms
// of its next step for those who run it.
type headSelectionView struct {
	*appointment.Detail
	Notice          *notice.Notice
	AppointeeNotice *notice.Notice
	CanRegister     bool
	// Codes are one-time codes just issued, shown this once.
	Codes []string
	// Found are educators of the county found to recommend.
	Found []*people.Educator
	Q     string
	// Passed and Qualified are the candidates of the evaluation and the inspection.
	Qualified []*appointment.Candidate
	Passed    []*appointment.Candidate
	Today     app.Date
}

func (s *Server) headSelectionView(r *http.Request, id int64) (*headSelectionView, error) {
	ctx := r.Context()
	d, err := s.cfg.Appointment.FindByID(ctx, id)
	if app.ErrorCode(err) == app.NotFound {
		// An educator of the county finds the selection they may register for.
		list, lerr := s.cfg.Appointment.Find(ctx, appointment.Filter{})
		if lerr != nil {
			return nil, lerr
		}
		for _, sel := range list {
			if sel.ID == id && s.cfg.Appointment.CanRegister(ctx, sel) {
				d, err = &appointment.Detail{Selection: sel}, nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	v := &headSelectionView{Detail: d, CanRegister: s.cfg.Appointment.CanRegister(ctx, d.Selection), Today: s.cfg.Appointment.Today(),
		Q: strings.TrimSpace(r.FormValue("q"))}
	for _, c := range d.Candidates {
		if c.Qualified() {
			v.Qualified = append(v.Qualified, c)
		}
		if c.Status == appointment.CandidatePassed {
			v.Passed = append(v.Passed, c)
		}
	}
	if v.Notice, err = s.readableNotice(r, d.NoticeID); err != nil {
		return nil, err
	}
	if v.AppointeeNotice, err = s.readableNotice(r, d.AppointeeNoticeID); err != nil {
		return nil, err
	}
	if d.CanManage && v.Q != "" && d.Stage == appointment.StageRegistration {
		f := people.EducatorFilter{Q: v.Q, CountyID: d.CountyID, Limit: 20}
		if v.Found, _, err = s.cfg.People.FindEducators(ctx, f); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// readableNotice returns a notice the actor may read, or nil.
func (s *Server) readableNotice(r *http.Request, id int64) (*notice.Notice, error) {
	if id == 0 {
		return nil, nil
	}
	n, err := s.cfg.Notices.FindByID(r.Context(), id)
	if app.ErrorCode(err) == app.NotFound {
		return nil, nil
	}
	return n, err
}

func (s *Server) headSelectionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.headShowSelection(w, r, id, nil, nil)
}

// headShowSelection renders the page, with the error of a failed step or the
// codes just issued.
func (s *Server) headShowSelection(w http.ResponseWriter, r *http.Request, id int64, stepErr error, codes []string) error {
	v, err := s.headSelectionView(r, id)
	if err != nil {
		return err
	}
	v.Codes = codes
	title := v.Title()
	if stepErr != nil {
		return s.renderForm(w, r, stepErr, "appointment_selection", title, "appointment", v)
	}
	return s.render(w, r, http.StatusOK, "appointment_selection", title, "appointment", v)
}

// headSelectionStep runs a step of the selection's page on the {id} of the path.
func (s *Server) headSelectionStep(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, headSelectionPath, act, func(err error) error {
		id, _ := pathID(r, "id")
		return s.headShowSelection(w, r, id, err, nil)
	})
}

func (s *Server) headSelectionCandidateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "candidate_added", func(id int64) error {
		ed, err := queryID(r, "educator_id")
		if err == nil {
			_, err = s.cfg.Appointment.AddCandidate(r.Context(), id, appointment.CandidateInput{EducatorID: ed})
		}
		return err
	})
}

func (s *Server) headSelectionReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "review_overruled", func(id int64) error {
		c, err := pathID(r, "candidate")
		if err == nil {
			_, err = s.cfg.Appointment.Overrule(r.Context(), id, c, appointment.OverruleInput{Qualified: r.FormValue("qualified") == "yes",
				Reason: r.FormValue("reason")})
		}
		return err
	})
}

func (s *Server) headSelectionEvaluationSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionCodes(w, r, func(id int64) (*appointment.Codes, error) {
		voters, err := queryInt(r, "voters", 0)
		if err != nil {
			return nil, err
		}
		n, err := queryInt(r, "codes", 0)
		if err != nil {
			return nil, err
		}
		return s.cfg.Appointment.OpenEvaluation(r.Context(), id, appointment.EvaluationInput{Voters: voters, Codes: n})
	})
}

func (s *Server) headSelectionCodesSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionCodes(w, r, func(id int64) (*appointment.Codes, error) {
		n, err := queryInt(r, "codes", 0)
		if err != nil {
			return nil, err
		}
		return s.cfg.Appointment.IssueCodes(r.Context(), id, n)
	})
}

// headSelectionCodes shows the page with the codes a step issued, once: they
// are not kept.
func (s *Server) headSelectionCodes(w http.ResponseWriter, r *http.Request, act func(id int64) (*appointment.Codes, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := act(id)
	if err != nil {
		return s.headShowSelection(w, r, id, err, nil)
	}
	return s.headShowSelection(w, r, id, nil, c.Codes)
}

func (s *Server) headSelectionBallotsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "ballots_entered", func(id int64) error {
		d, err := s.cfg.Appointment.FindByID(r.Context(), id)
		if err != nil {
			return err
		}
		in := appointment.PaperInput{Counts: map[int64]appointment.Counts{}}
		for _, c := range d.Candidates {
			var n appointment.Counts
			key := strconv.FormatInt(c.ID, 10)
			for name, dst := range map[string]*int{"excellent_": &n.Excellent, "competent_": &n.Competent, "basic_": &n.Basic, "incompetent_": &n.Incompetent} {
				if *dst, err = queryInt(r, name+key, 0); err != nil {
					return err
				}
			}
			if n.Valid() > 0 {
				in.Counts[c.ID] = n
			}
		}
		_, err = s.cfg.Appointment.EnterPaper(r.Context(), id, in)
		return err
	})
}

func (s *Server) headSelectionCountSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "ballots_counted", func(id int64) error {
		_, err := s.cfg.Appointment.Count(r.Context(), id)
		return err
	})
}

func (s *Server) headSelectionReportSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "report_saved", func(id int64) error {
		c, err := pathID(r, "candidate")
		if err == nil {
			_, err = s.cfg.Appointment.Report(r.Context(), id, c, appointment.ReportInput{Report: r.FormValue("report")})
		}
		return err
	})
}

func (s *Server) headSelectionDecisionSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "decision_made", func(id int64) error {
		in := appointment.DecisionInput{Note: r.FormValue("note")}
		var err error
		if in.CandidateID, err = queryID(r, "candidate_id"); err != nil {
			return err
		}
		for name, dst := range map[string]*int{"members": &in.Members, "votes_for": &in.For, "votes_against": &in.Against, "votes_abstain": &in.Abstain} {
			if *dst, err = queryInt(r, name, 0); err != nil {
				return err
			}
		}
		_, err = s.cfg.Appointment.Decide(r.Context(), id, in)
		return err
	})
}

func (s *Server) headSelectionAppointSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.headSelectionStep(w, r, "appointed", func(id int64) error {
		on, err := queryDate(r, "date")
		if err == nil {
			_, err = s.cfg.Appointment.Appoint(r.Context(), id, appointment.AppointInput{Date: on})
		}
		return err
	})
}

// contractsView lists the contracts with their assessments.
type contractsView struct {
	Contracts []*appointment.Contract
	CanManage map[int64]bool
	Today     app.Date
}

func (s *Server) contractsView(r *http.Request) (*contractsView, error) {
	ctx := r.Context()
	list, err := s.cfg.Appointment.Contracts(ctx)
	if err != nil {
		return nil, err
	}
	v := &contractsView{Contracts: list, CanManage: map[int64]bool{}, Today: s.cfg.Appointment.Today()}
	for _, k := range list {
		v.CanManage[k.ID] = auth.Decide(app.ActorOf(ctx), auth.AppointmentManage, k.Place(), "") == nil
	}
	return v, nil
}

func (s *Server) contractsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.contractsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appointment_contracts", "校长聘约", "appointment", v)
}

func (s *Server) contractAssessmentSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "contract_assessed", func(int64) string { return "/contracts" }, func(id int64) error {
		_, err := s.cfg.Appointment.Assess(r.Context(), id, appointment.AssessmentInput{Grade: r.FormValue("grade"), Note: r.FormValue("note")})
		return err
	}, func(err error) error {
		v, verr := s.contractsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "appointment_contracts", "校长聘约", "appointment", v)
	})
}
