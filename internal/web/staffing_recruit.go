package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/staffing"
)

// supplyCounties are the counties where the actor may do perm.
func (s *Server) supplyCounties(r *http.Request, perm auth.Permission) ([]*org.County, error) {
	a := app.ActorOf(r.Context())
	if auth.Can(a, perm) != nil {
		return nil, nil
	}
	all, err := s.cfg.Org.FindCounties(r.Context())
	if err != nil {
		return nil, err
	}
	var out []*org.County
	for _, c := range all {
		if auth.Decide(a, perm, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// recruitsView is the list of recruits with the forms to enter more.
type recruitsView struct {
	Recruits []*staffing.Recruit
	Counties []*org.County
	// Manage are the counties where the actor enters recruits; Schools
	// those of the first, for the home school.
	Manage  []*org.County
	Schools []*org.School
	County  int64
	Status  string
	Form    staffing.RecruitInput
}

func (s *Server) recruitsView(r *http.Request) (*recruitsView, error) {
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	v := &recruitsView{County: county, Status: r.FormValue("status")}
	if v.Recruits, err = s.cfg.Recruits.Find(r.Context(), staffing.RecruitFilter{CountyID: county, Status: staffing.RecruitStatus(v.Status)}); err != nil {
		return nil, err
	}
	if v.Counties, err = s.supplyCounties(r, auth.SupplyRead); err != nil {
		return nil, err
	}
	if v.Manage, err = s.supplyCounties(r, auth.SupplyManage); err != nil {
		return nil, err
	}
	if len(v.Manage) > 0 {
		target := v.Manage[0].ID
		for _, c := range v.Manage {
			if c.ID == county {
				target = c.ID
			}
		}
		v.Form.CountyID = target
		if v.Schools, err = s.countySchools(r, target); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// countySchools are a county's schools, for the forms that name one.
func (s *Server) countySchools(r *http.Request, county int64) ([]*org.School, error) {
	list, _, err := s.cfg.Org.FindSchools(r.Context(), org.SchoolFilter{CountyID: county})
	return list, err
}

func (s *Server) recruitsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.recruitsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_recruits", "新招聘教师", "supply", v)
}

func (s *Server) apiRecruits(w http.ResponseWriter, r *http.Request) error {
	county, err := queryID(r, "county")
	if err != nil {
		return err
	}
	list, err := s.cfg.Recruits.Find(r.Context(), staffing.RecruitFilter{CountyID: county, Status: staffing.RecruitStatus(r.FormValue("status"))})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// recruitForm reads the form of one recruit.
func recruitForm(r *http.Request) (staffing.RecruitInput, error) {
	in := staffing.RecruitInput{Name: r.FormValue("name"), IDNumber: r.FormValue("id_number"), Subject: r.FormValue("subject"),
		Level: r.FormValue("level"), Qualifications: r.FormValue("qualifications")}
	var err error
	if in.CountyID, err = queryID(r, "county_id"); err != nil {
		return in, err
	}
	in.HomeSchoolID, err = queryID(r, "home_school_id")
	return in, err
}

func (s *Server) recruitCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := recruitForm(r)
	if err == nil {
		_, err = s.cfg.Recruits.Create(r.Context(), in)
	}
	if err != nil {
		v, verr := s.recruitsView(r)
		if verr != nil {
			return verr
		}
		in.IDNumber = "" // never echoed back into the page
		v.Form = in
		return s.renderForm(w, r, err, "staffing_recruits", "新招聘教师", "supply", v)
	}
	return redirect(w, r, "/recruits/counties/"+strconv.FormatInt(in.CountyID, 10), "recruit_created")
}

func (s *Server) apiCreateRecruit(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Recruits.Create)
}

// recruitImportSubmit enters the recruits of an uploaded sheet, all or none.
func (s *Server) recruitImportSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.SupplyManage); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 10<<20)
	county, err := queryID(r, "county_id")
	if err == nil {
		err = s.importRecruits(r, county)
	}
	if err != nil {
		v, verr := s.recruitsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "staffing_recruits", "新招聘教师", "supply", v)
	}
	return redirect(w, r, "/recruits/counties/"+strconv.FormatInt(county, 10), "recruits_imported")
}

func (s *Server) importRecruits(r *http.Request, county int64) error {
	f, _, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return app.Errorf(app.Invalid, "上传的文件超过10MB", "The file exceeds 10 MB")
	case err != nil:
		return &app.Error{Code: app.Invalid, Message: "请选择新招聘教师名单（.xlsx）", English: "Choose the recruits' sheet (.xlsx)",
			Fields: map[string]string{"file": "required"}}
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return app.Errorf(app.Invalid, "上传不完整，请重试", "The upload is incomplete; try again")
	}
	schools, err := s.countySchools(r, county)
	if err != nil {
		return err
	}
	ins, err := staffing.ParseRecruitSheet(data, county, schools)
	if err != nil {
		return err
	}
	_, err = s.cfg.Recruits.Import(r.Context(), county, ins)
	return err
}

func (s *Server) recruitTemplate(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.SupplyManage); err != nil {
		return err
	}
	b, err := staffing.RecruitTemplate()
	if err != nil {
		return app.Wrap("web.recruitTemplate", err)
	}
	return writeXLSX(w, "新招聘教师名单模板.xlsx", b)
}

// recruitBoardView is a county's placement board.
type recruitBoardView struct {
	Board *staffing.Board
	Today app.Date
}

func (s *Server) recruitBoardView(r *http.Request) (*recruitBoardView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	b, err := s.cfg.Recruits.Board(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &recruitBoardView{Board: b, Today: s.cfg.Recruits.Today()}, nil
}

func (s *Server) recruitBoardPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.recruitBoardView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_recruit_board", "新招聘教师分配", "supply", v)
}

func (s *Server) apiRecruitBoard(w http.ResponseWriter, r *http.Request) error {
	v, err := s.recruitBoardView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Board)
	return nil
}

// boardAgain shows the board once more with a failed form's error.
func (s *Server) boardAgain(w http.ResponseWriter, r *http.Request, err error) error {
	v, verr := s.recruitBoardView(r)
	if verr != nil {
		return verr
	}
	return s.renderForm(w, r, err, "staffing_recruit_board", "新招聘教师分配", "supply", v)
}

func boardLink(id int64) string { return "/recruits/counties/" + strconv.FormatInt(id, 10) }

func (s *Server) recruitProposeSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "placement_proposed", boardLink, func(id int64) error {
		_, err := s.cfg.Recruits.Propose(r.Context(), id)
		return err
	}, func(err error) error { return s.boardAgain(w, r, err) })
}

func (s *Server) apiRecruitPropose(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Recruits.Propose)
}

// approveForm reads the recruits approved and the first day.
func approveForm(r *http.Request) (staffing.ApproveInput, error) {
	var in staffing.ApproveInput
	if err := r.ParseForm(); err != nil {
		return in, app.Errorf(app.Invalid, "表单无效", "Invalid form")
	}
	for _, v := range r.PostForm["recruit_id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return in, app.InvalidValue("recruit_id", v)
		}
		in.RecruitIDs = append(in.RecruitIDs, id)
	}
	var err error
	in.Start, err = queryDate(r, "start")
	return in, err
}

func (s *Server) recruitApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "placement_approved", boardLink, func(id int64) error {
		in, err := approveForm(r)
		if err == nil {
			_, err = s.cfg.Recruits.Approve(r.Context(), id, in)
		}
		return err
	}, func(err error) error { return s.boardAgain(w, r, err) })
}

func (s *Server) apiRecruitApprove(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Recruits.Approve)
}

// recruitChooseSubmit sets one recruit's school from the board.
func (s *Server) recruitChooseSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rc, err := s.cfg.Recruits.FindByID(r.Context(), id)
	if err != nil {
		return err
	}
	school, err := queryID(r, "school_id")
	if err == nil {
		_, err = s.cfg.Recruits.Choose(r.Context(), id, school)
	}
	if err != nil {
		r.SetPathValue("id", strconv.FormatInt(rc.CountyID, 10))
		return s.boardAgain(w, r, err)
	}
	return redirect(w, r, boardLink(rc.CountyID), "recruit_school_set")
}

// schoolChoice is the body of PUT /api/v1/recruits/{id}/school.
type schoolChoice struct {
	SchoolID int64 `json:"school_id"`
}

func (s *Server) apiRecruitChoose(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, func(ctx context.Context, id int64, in schoolChoice) (*staffing.Recruit, error) {
		return s.cfg.Recruits.Choose(ctx, id, in.SchoolID)
	})
}
