package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

type policyView struct {
	*rotation.PolicyView
	Year       int
	Years      []int
	Form       rotation.PolicyInput
	CanEdit    bool
	Compulsory []string
	Statuses   []string
}

func (s *Server) policyView(r *http.Request) (*policyView, error) {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	year, err := queryYear(r)
	if err != nil {
		return nil, err
	}
	if year == 0 {
		year = rotation.SchoolYearOf(rs.Today())
	}
	pv, err := rs.FindPolicy(r.Context(), id, year)
	if err != nil {
		return nil, err
	}
	v := &policyView{PolicyView: pv, Year: year, Form: rotation.InputOf(pv.Policy), Compulsory: org.CompulsoryLevels,
		CanEdit: !pv.Locked && auth.Decide(app.ActorOf(r.Context()), auth.RotationPolicy, app.Place{CityID: pv.County.CityID, CountyID: pv.County.ID}, "") == nil}
	if pv.Policy.InheritedFrom != 0 {
		v.Form.BaseVersion = 0
	}
	for _, t := range people.StaffStatuses {
		v.Statuses = append(v.Statuses, t.Code)
	}
	this := rotation.SchoolYearOf(rs.Today())
	for y := this + 1; y >= this-4; y-- {
		v.Years = append(v.Years, y)
	}
	return v, nil
}

func (s *Server) policyPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.policyView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_policy", v.County.Name+"交流轮岗政策", "rotation", v)
}

// policyForm reads a policy edit from a form.
func policyForm(r *http.Request) (rotation.PolicyInput, error) {
	in := rotation.PolicyInput{Note: r.FormValue("note")}
	in.Levels = r.Form["levels"]
	for _, st := range r.Form["staff_statuses"] {
		in.StaffStatuses = append(in.StaffStatuses, people.StaffStatus(st))
	}
	in.HeadTenureCombined, in.TownshipUrban = r.FormValue("head_tenure_combined") == "1", r.FormValue("township_urban") == "1"
	ints := []struct {
		name string
		dst  *int
	}{
		{"base_version", &in.BaseVersion}, {"teacher_max_age_male", &in.TeacherMaxAgeMale}, {"teacher_max_age_female", &in.TeacherMaxAgeFemale},
		{"head_max_age_male", &in.HeadMaxAgeMale}, {"head_max_age_female", &in.HeadMaxAgeFemale},
		{"teacher_tenure_years", &in.TeacherTenureYears}, {"head_tenure_years", &in.HeadTenureYears}, {"first_year", &in.FirstYear},
		{"quota_percent", &in.QuotaPercent}, {"first_year_quota_percent", &in.FirstYearQuotaPercent}, {"backbone_percent", &in.BackbonePercent},
		{"teacher_min_years", &in.TeacherMinYears}, {"head_min_years", &in.HeadMinYears}, {"max_exemption_years", &in.MaxExemptionYears},
		{"title_rural_years", &in.TitleRuralYears},
	}
	for _, f := range ints {
		n, err := queryInt(r, f.name, 0)
		if err != nil {
			return in, err
		}
		*f.dst = n
	}
	return in, nil
}

func (s *Server) policySubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.policyView(r)
	if err != nil {
		return err
	}
	rs := s.cfg.Rotation
	in, err := policyForm(r)
	if err == nil {
		_, err = rs.UpdatePolicy(r.Context(), v.County.ID, v.Year, in)
	}
	if err != nil {
		v.Form = in
		return s.renderForm(w, r, err, "rotation_policy", v.County.Name+"交流轮岗政策", "rotation", v)
	}
	return redirect(w, r, "/rotation/counties/"+itoa(v.County.ID)+"/policy?year="+strconv.Itoa(v.Year), "policy_saved")
}

func (s *Server) apiPolicy(w http.ResponseWriter, r *http.Request) error {
	v, err := s.policyView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.PolicyView)
	return nil
}

func (s *Server) apiUpdatePolicy(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		SchoolYear int `json:"school_year"`
		rotation.PolicyInput
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.SchoolYear == 0 {
		return &app.Error{Code: app.Invalid, Message: "请给出学年 school_year", English: "Give the school_year", Fields: map[string]string{"school_year": "required"}}
	}
	p, err := rs.UpdatePolicy(r.Context(), id, in.SchoolYear, in.PolicyInput)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// LevelChecked reports whether a level is ticked in a policy form.
func (v *policyView) LevelChecked(level string) bool { return containsString(v.Form.Levels, level) }

// StatusChecked reports whether a staff status is ticked in a policy form.
func (v *policyView) StatusChecked(status string) bool {
	return containsString(v.Form.StaffStatuses, status)
}

func containsString[S ~string](xs []S, x string) bool {
	for _, y := range xs {
		if strings.TrimSpace(string(y)) == x {
			return true
		}
	}
	return false
}

type rotationFileView struct {
	*rotation.File
	Years []int
}

func (s *Server) rotationFile(r *http.Request) (*rotation.File, error) {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	on, err := queryDate(r, "as_of")
	if err != nil {
		return nil, err
	}
	return rs.FindFile(r.Context(), id, on)
}

// rotationSummary is the rotation file of an educator for the educator
// page, or nil when the actor may not see it.
func (s *Server) rotationSummary(r *http.Request, educatorID int64) (*rotation.File, error) {
	f, err := s.cfg.Rotation.FindFile(r.Context(), educatorID, app.Date{})
	if code := app.ErrorCode(err); code == app.NotFound || code == app.Forbidden {
		return nil, nil
	}
	return f, err
}

func (s *Server) rotationFilePage(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rotationFile(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_file", translatef(r, "%s的交流轮岗档案", f.Educator.Name), "rotation", rotationFileView{File: f})
}

func (s *Server) apiRotationFile(w http.ResponseWriter, r *http.Request) error {
	f, err := s.rotationFile(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}
