package web

import (
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

type exemptionsView struct {
	Exemptions []*rotation.Exemption
	Total      int
	Page       int
	Per        int
	Pages      int
	// Educator is the person an application is being made for (?educator=),
	// found by name, full pinyin or initials (?q=) among Found.
	Educator  *people.Educator
	Q         string
	Found     []*people.Educator
	Form      rotation.ExemptionInput
	CanApply  bool
	CanDecide map[int64]bool
}

func (s *Server) exemptionsView(r *http.Request, form rotation.ExemptionInput) (*exemptionsView, error) {
	rs := s.cfg.Rotation
	ctx := r.Context()
	f := rotation.ExemptionFilter{Status: rotation.ExemptionStatus(r.URL.Query().Get("status"))}
	var err error
	if f.CountyID, f.SchoolID, err = queryCountySchool(r); err != nil {
		return nil, err
	}
	page, per, err := paging(r, 50)
	if err != nil {
		return nil, err
	}
	f.Offset, f.Limit = (page-1)*per, per
	list, total, err := rs.FindExemptions(ctx, f)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	v := &exemptionsView{Exemptions: list, Total: total, Page: page, Per: per, Pages: pages(total, per), Form: form, CanDecide: map[int64]bool{},
		CanApply: auth.Can(a, auth.RotationApply) == nil}
	for _, m := range list {
		v.CanDecide[m.ID] = m.Status == rotation.ExemptionPending && auth.Decide(a, auth.RotationManage, m.Place(), "") == nil
	}
	if form.EducatorID == 0 {
		if form.EducatorID, err = queryID(r, "educator"); err != nil {
			return nil, err
		}
		v.Form.EducatorID = form.EducatorID
	}
	if v.Form.EducatorID != 0 {
		if e, err := s.cfg.People.FindEducatorByID(ctx, v.Form.EducatorID); err == nil {
			v.Educator = e
		}
	}
	if v.Q = strings.TrimSpace(r.URL.Query().Get("q")); v.Q != "" && v.Educator == nil && v.CanApply {
		found, _, err := s.cfg.People.FindEducators(ctx, people.EducatorFilter{Q: v.Q, Limit: 30})
		if err != nil {
			return nil, err
		}
		if v.Found, err = rs.ExemptionCandidates(ctx, found); err != nil {
			return nil, err
		}
	}
	if v.Form.Start.IsZero() {
		v.Form.Start = rs.DefaultAsOf()
		v.Form.End = rotation.YearEnd(rotation.SchoolYearOf(v.Form.Start))
	}
	return v, nil
}

func (s *Server) exemptionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.exemptionsView(r, rotation.ExemptionInput{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_exemptions", "暂缓交流", "rotation", v)
}

func exemptionForm(r *http.Request) (rotation.ExemptionInput, error) {
	in := rotation.ExemptionInput{Reason: r.FormValue("reason"), Detail: r.FormValue("detail"), Evidence: r.FormValue("evidence")}
	var err error
	if in.EducatorID, err = queryID(r, "educator_id"); err != nil {
		return in, err
	}
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	in.End, err = queryDate(r, "end")
	return in, err
}

func (s *Server) exemptionSubmit(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	in, err := exemptionForm(r)
	if err == nil {
		_, err = rs.ApplyExemption(r.Context(), in)
	}
	if err != nil {
		v, verr := s.exemptionsView(r, in)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "rotation_exemptions", "暂缓交流", "rotation", v)
	}
	return redirect(w, r, "/rotation/exemptions", "exemption_applied")
}

func (s *Server) exemptionDecisionSubmit(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = rs.DecideExemption(r.Context(), id, rotation.DecisionInput{Approve: r.FormValue("approve") == "1", Note: r.FormValue("note")})
	if err != nil {
		v, verr := s.exemptionsView(r, rotation.ExemptionInput{})
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "rotation_exemptions", "暂缓交流", "rotation", v)
	}
	return redirect(w, r, "/rotation/exemptions", "exemption_decided")
}

func (s *Server) apiExemptions(w http.ResponseWriter, r *http.Request) error {
	v, err := s.exemptionsView(r, rotation.ExemptionInput{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*rotation.Exemption]{Items: v.Exemptions, Total: v.Total, Page: v.Page, PerPage: v.Per})
	return nil
}

func (s *Server) apiApplyExemption(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Rotation.ApplyExemption)
}

func (s *Server) apiDecideExemption(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Rotation.DecideExemption)
}
