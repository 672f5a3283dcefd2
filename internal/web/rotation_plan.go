package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
)

// plansView is the list of plans with the form that makes one.
type plansView struct {
	Plans    []*planning.Plan
	Total    int
	Page     int
	Pages    int
	Counties []*org.County
	Years    []int
	Form     planForm
	Filter   planning.PlanFilter
}

// planForm is the new-plan form as typed.
type planForm struct {
	CountyID int64
	Year     int
	Mode     planning.Mode
	Title    string
	Custom   bool
	Target   string
	Backbone string
	planning.Settings
}

func (s *Server) plansView(r *http.Request, form *planForm) (*plansView, error) {
	ps := s.cfg.Planning
	ctx := r.Context()
	page, per, err := paging(r, 50)
	if err != nil {
		return nil, err
	}
	f := planning.PlanFilter{Mode: planning.Mode(r.URL.Query().Get("mode")), Status: planning.PlanStatus(r.URL.Query().Get("status")), Offset: (page - 1) * per, Limit: per}
	if f.CountyID, err = queryID(r, "county"); err != nil {
		return nil, err
	}
	if f.Year, err = queryYear(r); err != nil {
		return nil, err
	}
	list, total, err := ps.FindPlans(ctx, f)
	if err != nil {
		return nil, err
	}
	counties, err := ps.ManagedCounties(ctx)
	if err != nil {
		return nil, err
	}
	v := &plansView{Plans: list, Total: total, Page: page, Pages: pages(total, per), Counties: counties, Filter: f}
	next := ps.NextYear()
	for y := next + 1; y >= next-3; y-- {
		v.Years = append(v.Years, y)
	}
	if form != nil {
		v.Form = *form
	} else {
		v.Form = planForm{Year: next, Mode: planning.ModeTeacher, Settings: planning.DefaultSettings(planning.ModeTeacher)}
		if len(counties) == 1 {
			v.Form.CountyID = counties[0].ID
		}
	}
	return v, nil
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.plansView(r, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_plans", "交流轮岗方案", "rotation", v)
}

// readPlanForm reads the new-plan form: the settings only when customised.
func readPlanForm(r *http.Request) (planForm, planning.PlanInput, error) {
	f := planForm{Mode: planning.Mode(r.FormValue("mode")), Title: r.FormValue("title"), Custom: r.FormValue("custom") == "1",
		Target: strings.TrimSpace(r.FormValue("target")), Backbone: strings.TrimSpace(r.FormValue("min_backbone"))}
	var err error
	if f.CountyID, err = queryID(r, "county_id"); err != nil {
		return f, planning.PlanInput{}, err
	}
	if f.Year, err = queryInt(r, "year", 0); err != nil {
		return f, planning.PlanInput{}, err
	}
	f.Settings = planning.DefaultSettings(f.Mode)
	in := planning.PlanInput{CountyID: f.CountyID, SchoolYear: f.Year, Mode: f.Mode, Title: f.Title, Note: r.FormValue("note")}
	if !f.Custom {
		return f, in, nil
	}
	num := func(name string, dst *float64) {
		if err != nil {
			return
		}
		v := strings.TrimSpace(r.FormValue(name))
		if v == "" {
			return
		}
		var x float64
		if x, err = strconv.ParseFloat(v, 64); err != nil {
			err = &app.Error{Code: app.Invalid, Message: "参数 " + name + " 应为数字：" + v, English: name + " must be a number", Fields: map[string]string{name: "invalid"}}
			return
		}
		*dst = x
	}
	whole := func(name string, dst *int) {
		if err != nil {
			return
		}
		*dst, err = queryInt(r, name, *dst)
	}
	optional := func(name, v string) *int {
		if err != nil || v == "" {
			return nil
		}
		n, perr := strconv.Atoi(v)
		if perr != nil {
			err = &app.Error{Code: app.Invalid, Message: "参数 " + name + " 应为整数：" + v, English: name + " must be an integer", Fields: map[string]string{name: "invalid"}}
			return nil
		}
		return &n
	}
	st := &f.Settings
	num("volunteer_bonus", &st.VolunteerBonus)
	num("tenure_weight", &st.TenureWeight)
	num("score_weight", &st.ScoreWeight)
	num("reassign_bonus", &st.ReassignBonus)
	num("max_distance_km", &st.MaxDistanceKm)
	num("max_out_share", &st.MaxOutShare)
	num("distance_weight", &st.DistanceWeight)
	num("preference_weight", &st.PreferenceWeight)
	whole("staffing_out", &st.StaffingOut)
	whole("staffing_room", &st.StaffingRoom)
	whole("time_limit_seconds", &st.TimeLimitSeconds)
	st.Target = optional("target", f.Target)
	st.MinBackbone = optional("min_backbone", f.Backbone)
	st.BackboneToRuralOrWeak = r.FormValue("backbone_to_rural_or_weak") == "1"
	st.WithinConsortium = r.FormValue("within_consortium") == "1"
	st.ByStage = r.FormValue("by_stage") == "1"
	st.IncludeVice = r.FormValue("include_vice") == "1"
	if v := r.FormValue("form"); v != "" {
		st.Form = rotation.ExchangeForm(v)
	}
	in.Settings = &f.Settings
	return f, in, err
}

func (s *Server) planCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	form, in, err := readPlanForm(r)
	var p *planning.Plan
	if err == nil {
		p, err = ps.CreatePlan(r.Context(), in)
	}
	if err != nil {
		v, verr := s.plansView(r, &form)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "rotation_plans", "交流轮岗方案", "rotation", v)
	}
	return redirect(w, r, "/rotation/plans/"+itoa(p.ID), "plan_created")
}

// planPageView is the plan page: the view with the page's own parts.
type planPageView struct {
	*planning.View
	Filter  planning.MoveFilter
	Query   url.Values
	Page    int
	Pages   int
	Map     chart
	Command string
	// Notice is the plan's notice (its page), once approved.
	Notice int64 `json:"-"`
}

// moveFilter reads the moves' filters and page.
func moveFilter(r *http.Request) (planning.MoveFilter, int, int, error) {
	q := r.URL.Query()
	f := planning.MoveFilter{School: q.Get("school"), Subject: q.Get("subject"), Backbone: q.Get("backbone"), Dest: q.Get("dest"), Q: q.Get("q")}
	switch {
	case f.Backbone != "" && f.Backbone != "0" && f.Backbone != "1":
		return f, 0, 0, invalidParam("backbone", f.Backbone)
	case f.Dest != "" && f.Dest != "rural" && f.Dest != "weak" && f.Dest != "urban":
		return f, 0, 0, invalidParam("dest", f.Dest)
	}
	page, per, err := paging(r, 100)
	if err != nil {
		return f, 0, 0, err
	}
	f.Offset, f.Limit = (page-1)*per, per
	return f, page, per, nil
}

func (s *Server) planPageView(r *http.Request) (*planPageView, error) {
	ps := s.cfg.Planning
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	f, page, per, err := moveFilter(r)
	if err != nil {
		return nil, err
	}
	v, err := ps.FindView(r.Context(), id, f)
	if err != nil {
		return nil, err
	}
	pv := &planPageView{View: v, Filter: f, Query: r.URL.Query(), Page: page, Pages: pages(v.MovesTotal, per)}
	if v.Map != nil {
		pv.Map = planMap(langOf(r), v.Map)
	}
	if pv.Notice, err = s.noticeOf(r, notice.KindRotationPlan, v.Plan.ID); err != nil {
		return nil, err
	}
	pv.Command = "jiaoliu plan solve --in instance.json --out plan.json"
	if len(v.Plan.SolvedPins)+len(v.Plan.SolvedForbids) > 0 {
		pv.Command += " --edits edits.json"
	}
	return pv, nil
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planPageView(r)
	if err != nil {
		return err
	}
	if target, ok := solveEnded(r, v.View); ok {
		// The page was reloaded when the solve ended: say how it ended
		// instead of the message that it runs.
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "rotation_plan", v.Plan.Title, "rotation", v)
}

// solveEnded returns where to send a plan page whose message says a solve
// runs (after creating or re-solving) once the solve has ended: the same
// page with the message of how it ended.
func solveEnded(r *http.Request, v *planning.View) (string, bool) {
	q := r.URL.Query()
	if msg := q.Get("msg"); (msg != "plan_created" && msg != "plan_solving") || v.Progress != nil {
		return "", false
	}
	q.Set("msg", "plan_solved")
	if v.Failed != "" || len(v.Explanation) > 0 {
		q.Set("msg", "plan_solve_failed")
	}
	return r.URL.Path + "?" + q.Encode(), true
}

// planAction runs a form action on a plan and shows the plan again: the
// page with the error, or after a redirect with the message.
func (s *Server) planAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	target := func(id int64) string {
		back := "/rotation/plans/" + itoa(id)
		if q := r.FormValue("back"); strings.HasPrefix(q, "?") {
			back += q
		}
		return back
	}
	return formAction(w, r, msg, target, act,
		func(err error) error {
			v, verr := s.planPageView(r)
			if verr != nil {
				return verr
			}
			return s.renderForm(w, r, err, "rotation_plan", v.Plan.Title, "rotation", v)
		})
}

func (s *Server) planEditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.planAction(w, r, "plan_edited", func(id int64) error {
		in := planning.EditInput{Kind: r.FormValue("kind"), Teacher: r.FormValue("teacher"), School: r.FormValue("school"), Other: r.FormValue("other")}
		// The swap form's one select carries "teacher:other", offering only compatible pairs.
		if pair := r.FormValue("pair"); pair != "" {
			in.Teacher, in.Other, _ = strings.Cut(pair, ":")
		}
		_, err := s.cfg.Planning.Edit(r.Context(), id, in)
		return err
	})
}

func (s *Server) planSolveSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.planAction(w, r, "plan_solving", func(id int64) error {
		_, err := s.cfg.Planning.Reoptimise(r.Context(), id)
		return err
	})
}

func (s *Server) planApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.planAction(w, r, "plan_approved", func(id int64) error {
		days, err := queryInt(r, "notice_days", 0)
		if err != nil {
			return err
		}
		version, err := queryInt(r, "version", 0)
		if err != nil {
			return err
		}
		_, err = s.cfg.Planning.Approve(r.Context(), id, planning.ApproveInput{NoticeDays: days, Note: r.FormValue("note"), Version: version})
		return err
	})
}

func (s *Server) planObjectionSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.planAction(w, r, "objection_raised", func(id int64) error {
		_, err := s.cfg.Planning.RaiseObjection(r.Context(), id, planning.ObjectionInput{Teacher: r.FormValue("teacher"), Text: r.FormValue("text")})
		return err
	})
}

func (s *Server) planAnnounceSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.planAction(w, r, "plan_announced", func(id int64) error {
		_, err := s.cfg.Planning.Announce(r.Context(), id)
		return err
	})
}

func (s *Server) planDiscardSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.planAction(w, r, "plan_discarded", func(id int64) error {
		_, err := s.cfg.Planning.Discard(r.Context(), id, r.FormValue("reason"))
		return err
	})
}

func (s *Server) planAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := ps.AnswerObjection(r.Context(), id, planning.AnswerInput{Upheld: r.FormValue("upheld") == "1", Answer: r.FormValue("answer")})
	if err != nil {
		return err
	}
	return redirect(w, r, "/rotation/plans/"+itoa(o.PlanID), "objection_answered")
}

// download answers a plan's file as a JSON attachment.
func download(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b)
	return err
}

func (s *Server) planFile(w http.ResponseWriter, r *http.Request, name string, get func(ps *planning.Service, id int64) ([]byte, error)) error {
	ps := s.cfg.Planning
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := get(ps, id)
	if err != nil {
		return err
	}
	return download(w, name+"-"+itoa(id)+".json", b)
}

func (s *Server) planInstanceFile(w http.ResponseWriter, r *http.Request) error {
	return s.planFile(w, r, "instance", func(ps *planning.Service, id int64) ([]byte, error) { return ps.InstanceFile(r.Context(), id) })
}

func (s *Server) planPlanFile(w http.ResponseWriter, r *http.Request) error {
	return s.planFile(w, r, "plan", func(ps *planning.Service, id int64) ([]byte, error) { return ps.PlanFile(r.Context(), id) })
}

func (s *Server) planEditsFile(w http.ResponseWriter, r *http.Request) error {
	return s.planFile(w, r, "edits", func(ps *planning.Service, id int64) ([]byte, error) { return ps.EditsFile(r.Context(), id) })
}

// The JSON API.

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) error {
	v, err := s.plansView(r, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*planning.Plan]{Items: v.Plans, Total: v.Total, Page: v.Page, PerPage: len(v.Plans)})
	return nil
}

func (s *Server) apiCreatePlan(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	var in planning.PlanInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := ps.CreatePlan(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/rotation/plans/"+itoa(p.ID))
	writeJSON(w, http.StatusAccepted, p)
	return nil
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planPageView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.View)
	return nil
}

func (s *Server) apiPlanProgress(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, v, err := ps.FindProgress(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, v)
	return nil
}

// apiPlanStep decodes a step's body, runs it, and answers with its result.
func apiPlanStep[T any](s *Server, w http.ResponseWriter, r *http.Request, status int, act func(ps *planning.Service, id int64, in T) (any, error)) error {
	return apiStep(s.cfg.Planning, w, r, status, act)
}

// planAfterEdit is what an edit answers: the plan and what its moves break.
type planAfterEdit struct {
	Plan       *planning.Plan            `json:"plan"`
	Violations []*planning.ViolationLine `json:"violations"`
}

func (s *Server) apiPlanEdit(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusOK, func(ps *planning.Service, id int64, in planning.EditInput) (any, error) {
		if _, err := ps.Edit(r.Context(), id, in); err != nil {
			return nil, err
		}
		v, err := ps.FindView(r.Context(), id, planning.MoveFilter{Limit: 1})
		if err != nil {
			return nil, err
		}
		return planAfterEdit{Plan: v.Plan, Violations: v.Violations}, nil
	})
}

func (s *Server) apiPlanSolve(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusAccepted, func(ps *planning.Service, id int64, _ noBody) (any, error) {
		return ps.Reoptimise(r.Context(), id)
	})
}

func (s *Server) apiPlanApprove(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusOK, func(ps *planning.Service, id int64, in planning.ApproveInput) (any, error) {
		return ps.Approve(r.Context(), id, in)
	})
}

func (s *Server) apiPlanObjection(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusCreated, func(ps *planning.Service, id int64, in planning.ObjectionInput) (any, error) {
		return ps.RaiseObjection(r.Context(), id, in)
	})
}

func (s *Server) apiPlanAnnounce(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusOK, func(ps *planning.Service, id int64, _ noBody) (any, error) {
		return ps.Announce(r.Context(), id)
	})
}

func (s *Server) apiPlanDiscard(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusOK, func(ps *planning.Service, id int64, in struct {
		Reason string `json:"reason"`
	}) (any, error) {
		return ps.Discard(r.Context(), id, in.Reason)
	})
}

func (s *Server) apiPlanAnswer(w http.ResponseWriter, r *http.Request) error {
	return apiPlanStep(s, w, r, http.StatusOK, func(ps *planning.Service, id int64, in planning.AnswerInput) (any, error) {
		return ps.AnswerObjection(r.Context(), id, in)
	})
}

// yearOr reads the year parameter, defaulting to the next school year.
func (s *Server) yearOr(r *http.Request, ps *planning.Service) (int, error) {
	y, err := queryYear(r)
	if err != nil || y != 0 {
		return y, err
	}
	return ps.NextYear(), nil
}
