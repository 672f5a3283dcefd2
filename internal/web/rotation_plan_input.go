package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/planning"
)

// planInputsView is the list of who must rotate with their planning inputs.
type planInputsView struct {
	Lines    []*planning.InputLine
	Total    int
	Page     int
	Pages    int
	Year     int
	Years    []int
	CountyID int64
	SchoolID int64
	Q        string
	Counties []*org.County
}

func (s *Server) planInputsView(r *http.Request) (*planInputsView, error) {
	ps := s.cfg.Planning
	ctx := r.Context()
	if err := auth.Can(app.ActorOf(ctx), auth.RotationRead); err != nil {
		return nil, err
	}
	page, per, err := paging(r, 100)
	if err != nil {
		return nil, err
	}
	v := &planInputsView{Page: page, Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	if v.Year, err = s.yearOr(r, ps); err != nil {
		return nil, err
	}
	if v.CountyID, v.SchoolID, err = queryCountySchool(r); err != nil {
		return nil, err
	}
	v.Lines, v.Total, err = ps.FindInputs(ctx, planning.InputFilter{CountyID: v.CountyID, SchoolID: v.SchoolID, Year: v.Year, Q: v.Q,
		Offset: (page - 1) * per, Limit: per})
	if err != nil {
		return nil, err
	}
	v.Pages = pages(v.Total, per)
	if v.Counties, err = s.cfg.Org.FindCounties(ctx); err != nil && app.ErrorCode(err) != app.Forbidden {
		return nil, err
	}
	next := ps.NextYear()
	for y := next + 1; y >= next-2; y-- {
		v.Years = append(v.Years, y)
	}
	return v, nil
}

func (s *Server) planInputsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planInputsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_plan_inputs", "规划信息：自愿、志愿与量化打分", "rotation", v)
}

// planInputView is one teacher's planning inputs as a form.
type planInputView struct {
	*planning.InputForm
	// Slots are the wish selects: the chosen school ids, padded.
	Slots []int64
	Years []int
}

func (s *Server) planInputView(r *http.Request) (*planInputView, error) {
	ps := s.cfg.Planning
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	year, err := s.yearOr(r, ps)
	if err != nil {
		return nil, err
	}
	f, err := ps.FindInput(r.Context(), id, year)
	if err != nil {
		return nil, err
	}
	v := &planInputView{InputForm: f, Slots: make([]int64, planning.MaxPrefs)}
	copy(v.Slots, f.Input.Prefs)
	next := ps.NextYear()
	for y := next; y >= next-1; y-- {
		v.Years = append(v.Years, y)
	}
	return v, nil
}

func (s *Server) planInputPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planInputView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_plan_input", "交流意愿", "rotation", v)
}

// inputForm reads the planning inputs form; the score and the 末位调岗 flag
// only when the form offered them (county HR).
func inputForm(r *http.Request) (planning.InputUpdate, error) {
	u := planning.InputUpdate{}
	var err error
	if u.SchoolYear, err = queryInt(r, "year", 0); err != nil {
		return u, err
	}
	vol := r.FormValue("volunteer") == "1"
	u.Volunteer = &vol
	note := r.FormValue("note")
	u.Note = &note
	prefs := []int64{}
	for i := 1; i <= planning.MaxPrefs; i++ {
		id, err := queryID(r, "pref"+strconv.Itoa(i))
		if err != nil {
			return u, err
		}
		prefs = append(prefs, id)
	}
	u.Prefs = &prefs
	if r.FormValue("hr") == "1" {
		last := r.FormValue("last_ranked") == "1"
		u.LastRanked = &last
		if v := strings.TrimSpace(r.FormValue("score")); v != "" {
			score, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return u, &app.Error{Code: app.Invalid, Message: "量化打分应为数字：" + v, English: "The score must be a number", Fields: map[string]string{"score": "invalid"}}
			}
			u.Score = &score
		} else {
			u.ClearScore = true
		}
	}
	return u, nil
}

func (s *Server) planInputSubmit(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := inputForm(r)
	if err == nil {
		_, err = ps.SaveInput(r.Context(), id, u)
	}
	if err != nil {
		v, verr := s.planInputView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "rotation_plan_input", "交流意愿", "rotation", v)
	}
	return redirect(w, r, "/rotation/plan-inputs/"+itoa(id)+"?year="+strconv.Itoa(u.SchoolYear), "input_saved")
}

// planStaffingView is a county's staffing bounds for a year and mode.
type planStaffingView struct {
	*planning.StaffingView
	Counties []*org.County
	Years    []int
	SchoolID int64
	// TooMany is set when the county is too large to list whole: choose a school.
	TooMany bool
	Form    planning.StaffingInput
}

// maxStaffingRows bounds the rows the staffing page lists without a school.
const maxStaffingRows = 800

func (s *Server) planStaffingView(r *http.Request, form *planning.StaffingInput) (*planStaffingView, error) {
	ps := s.cfg.Planning
	ctx := r.Context()
	// Staffing bounds are county HR's tool.
	if err := auth.Can(app.ActorOf(ctx), auth.RotationManage); err != nil {
		return nil, err
	}
	counties, err := ps.ManagedCounties(ctx)
	if err != nil {
		return nil, err
	}
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	if county == 0 && len(counties) > 0 {
		county = counties[0].ID
	}
	if county == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择区县", English: "Choose the county", Fields: map[string]string{"county": "required"}}
	}
	year, err := s.yearOr(r, ps)
	if err != nil {
		return nil, err
	}
	mode := planning.Mode(r.FormValue("mode"))
	if mode == "" {
		mode = planning.ModeTeacher
	}
	school, err := queryID(r, "school")
	if err != nil {
		return nil, err
	}
	sv, err := ps.FindStaffing(ctx, county, year, mode, school)
	if err != nil {
		return nil, err
	}
	v := &planStaffingView{StaffingView: sv, Counties: counties, SchoolID: school}
	next := ps.NextYear()
	for y := next + 1; y >= next-1; y-- {
		v.Years = append(v.Years, y)
	}
	if form != nil {
		v.Form = *form
	} else {
		v.Form = planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: school, SchoolYear: year, Mode: mode}}
	}
	return v, nil
}

func (s *Server) planStaffingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planStaffingView(r, nil)
	if err != nil {
		return err
	}
	if v.SchoolID == 0 && len(v.Cells) > maxStaffingRows {
		v.TooMany, v.Cells = true, nil
	}
	return s.render(w, r, http.StatusOK, "rotation_plan_staffing", "方案编制设定", "rotation", v)
}

func staffingForm(r *http.Request) (planning.StaffingInput, error) {
	in := planning.StaffingInput{StaffingBound: planning.StaffingBound{Mode: planning.Mode(r.FormValue("mode")),
		Subject: r.FormValue("subject")}, Clear: r.FormValue("clear") == "1"}
	var err error
	if in.SchoolID, err = queryID(r, "school_id"); err != nil {
		return in, err
	}
	if in.SchoolYear, err = queryInt(r, "year", 0); err != nil {
		return in, err
	}
	if in.Min, err = queryInt(r, "min", 0); err != nil {
		return in, err
	}
	in.Max, err = queryInt(r, "max", 0)
	return in, err
}

func (s *Server) planStaffingSubmit(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	in, err := staffingForm(r)
	if err == nil {
		_, err = ps.SaveStaffing(r.Context(), in)
	}
	if err != nil {
		v, verr := s.planStaffingView(r, &in)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "rotation_plan_staffing", "方案编制设定", "rotation", v)
	}
	q := "?county=" + r.FormValue("county") + "&year=" + strconv.Itoa(in.SchoolYear) + "&mode=" + string(in.Mode)
	if school := r.FormValue("school"); school != "" {
		q += "&school=" + school
	}
	return redirect(w, r, "/rotation/plan-staffing"+q, "staffing_saved")
}

func (s *Server) apiPlanInputs(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planInputsView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*planning.InputLine]{Items: v.Lines, Total: v.Total, Page: v.Page, PerPage: len(v.Lines)})
	return nil
}

func (s *Server) apiPlanInput(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planInputView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.InputForm)
	return nil
}

func (s *Server) apiSavePlanInput(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Planning.SaveInput)
}

func (s *Server) apiPlanStaffing(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planStaffingView(r, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.StaffingView)
	return nil
}

func (s *Server) apiSavePlanStaffing(w http.ResponseWriter, r *http.Request) error {
	ps := s.cfg.Planning
	var in planning.StaffingInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	row, err := ps.SaveStaffing(r.Context(), in)
	if err != nil {
		return err
	}
	if in.Clear {
		writeJSON(w, http.StatusOK, map[string]any{"cleared": true, "school_id": in.SchoolID, "subject": strings.TrimSpace(in.Subject)})
		return nil
	}
	writeJSON(w, http.StatusOK, row)
	return nil
}
