package web

import (
	"html/template"
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/staffing"
)

// Professional posts (专业技术岗位, seed 004): a school's posts by grade, the
// appointments against them, and the year's promotion list.

// postsPath is a school's posts page.
func postsPath(school int64) string { return "/schools/" + strconv.FormatInt(school, 10) + "/posts" }

type postsPageView struct {
	*staffing.PostsView
	Today app.Date
	Back  string
}

// BackLink is the staffing page of the school's county.
func (v *postsPageView) BackLink() template.URL { return template.URL(v.Back) }

func (s *Server) postsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.cfg.Staffing.Posts(r.Context(), id)
	if err != nil {
		return err
	}
	pv := &postsPageView{PostsView: v, Today: s.cfg.Staffing.Today(), Back: staffingPath(v.School.CountyID, s.cfg.Staffing.Today().Year)}
	return s.render(w, r, http.StatusOK, "staffing_posts", translatef(r, "%s的专业技术岗位", v.School.Name), "staffing", pv)
}

func (s *Server) apiPosts(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.StaffingRead); err != nil {
		return err
	}
	school, err := queryID(r, "school")
	if err != nil {
		return err
	}
	if school == 0 {
		return &app.Error{Code: app.Invalid, Message: "请指定学校（school）", English: "Name the school (school=)", Fields: map[string]string{"school": "required"}}
	}
	v, err := s.cfg.Staffing.Posts(r.Context(), school)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) postsSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := queryInt(r, "posts", -1)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Staffing.SetPosts(r.Context(), id, r.FormValue("grade"), n); err != nil {
		return err
	}
	return redirect(w, r, postsPath(id), "posts_saved")
}

// postsInput is the body of PUT /api/v1/posts.
type postsInput struct {
	SchoolID int64  `json:"school_id"`
	Grade    string `json:"grade"`
	Posts    int    `json:"posts"`
}

func (s *Server) apiSetPosts(w http.ResponseWriter, r *http.Request) error {
	var in postsInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.cfg.Staffing.SetPosts(r.Context(), in.SchoolID, in.Grade, in.Posts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) appointSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := auth.Can(app.ActorOf(r.Context()), auth.StaffingManage); err != nil {
		return err
	}
	if _, err := s.cfg.Staffing.Posts(r.Context(), id); err != nil {
		return err
	}
	educator, err := queryID(r, "educator_id")
	if err != nil {
		return err
	}
	start, err := app.ParseISODate(r.FormValue("start"))
	if err != nil {
		return &app.Error{Code: app.Invalid, Message: "请填写聘用日期", English: "Give the start date", Fields: map[string]string{"start": "invalid"}}
	}
	in := staffing.AppointInput{EducatorID: educator, Grade: r.FormValue("grade"), Start: start, Note: r.FormValue("note")}
	if _, err := s.cfg.Staffing.Appoint(r.Context(), in); err != nil {
		return err
	}
	return redirect(w, r, postsPath(id), "appointed")
}

func (s *Server) apiAppoint(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Staffing.Appoint)
}

// endDate reads the end date of a form or body, today when empty.
func (s *Server) endDate(v string) (app.Date, error) {
	if v == "" {
		return s.cfg.Staffing.Today(), nil
	}
	d, err := app.ParseISODate(v)
	if err != nil {
		return d, &app.Error{Code: app.Invalid, Message: "结束日期格式不正确", English: "The end date is not a date", Fields: map[string]string{"end": "invalid"}}
	}
	return d, nil
}

func (s *Server) appointmentEndSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	end, err := s.endDate(r.FormValue("end"))
	if err != nil {
		return err
	}
	ap, err := s.cfg.Staffing.EndAppointment(r.Context(), id, end)
	if err != nil {
		return err
	}
	target := staffingPath(ap.CountyID, end.Year)
	if ap.UnitKind == staffing.UnitSchool {
		target = postsPath(ap.UnitID)
	}
	return redirect(w, r, target, "appointment_ended")
}

func (s *Server) apiEndAppointment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		End string `json:"end"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	end, err := s.endDate(in.End)
	if err != nil {
		return err
	}
	ap, err := s.cfg.Staffing.EndAppointment(r.Context(), id, end)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ap)
	return nil
}

type promotionsView struct {
	Staffing   *staffing.CountyStaffing
	Counties   []*staffingCountyLink
	Year       int
	Years      []int
	Ref        app.Date
	Settings   *staffing.Settings
	Promotions []*staffing.Promotion
	Qualified  int
	Back       string
}

// BackLink is the staffing page of the county and year.
func (v *promotionsView) BackLink() template.URL { return template.URL(v.Back) }

// staffingCountyLink is a county in a page's county switch.
type staffingCountyLink struct {
	ID   int64
	Name string
}

func (s *Server) promotionsData(r *http.Request) (*promotionsView, error) {
	ctx := r.Context()
	cs, year, err := s.staffingCountyYear(r)
	if err != nil {
		return nil, err
	}
	this := s.cfg.Staffing.Today().Year
	v := &promotionsView{Staffing: cs, Year: year, Ref: staffing.PromotionRef(year), Back: staffingPath(cs.County.ID, year)}
	for y := this; y >= this-3; y-- {
		v.Years = append(v.Years, y)
	}
	visible, err := s.visibleCounties(r)
	if err != nil {
		return nil, err
	}
	for _, c := range s.cfg.Staffing.Counties(ctx, visible) {
		v.Counties = append(v.Counties, &staffingCountyLink{ID: c.ID, Name: c.Name})
	}
	if v.Settings, err = s.cfg.Staffing.FindSettings(ctx, cs.County.ID, year); err != nil {
		return nil, err
	}
	if v.Promotions, err = s.cfg.Staffing.Promotions(ctx, cs.County.ID, year); err != nil {
		return nil, err
	}
	for _, p := range v.Promotions {
		if p.Qualifies {
			v.Qualified++
		}
	}
	return v, nil
}

func (s *Server) promotionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.promotionsData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_promotions", translatef(r, "%d年度职称晋升资格", v.Year), "staffing", v)
}

func (s *Server) apiPromotions(w http.ResponseWriter, r *http.Request) error {
	v, err := s.promotionsData(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"county_id": v.Staffing.County.ID, "year": v.Year, "reference_date": v.Ref,
		"promotions": v.Promotions})
	return nil
}
