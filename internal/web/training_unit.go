package web

import (
	"net/http"
	"net/url"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/training"
)

// Units' yearly training assessment (考核细则) and commendations.

type trainingUnitsView struct {
	County   *org.County
	Counties []*org.County
	Year     int
	Years    []int
	Sheets   []*training.UnitSheet
	Items    []training.UnitItem
	// Commendations are the county's of the year.
	Commendations []*training.Commendation
}

func (s *Server) trainingUnitsData(r *http.Request) (*trainingUnitsView, error) {
	ctx := r.Context()
	if auth.Can(app.ActorOf(ctx), auth.ProgrammeManage) != nil {
		return nil, app.Errorf(app.Forbidden, "您没有评定单位培训工作的权限", "You may not assess units' training")
	}
	year, err := queryInt(r, "year", s.cfg.Training.Today().Year)
	if err != nil {
		return nil, err
	}
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	visible, err := s.visibleCounties(r)
	if err != nil {
		return nil, err
	}
	v := &trainingUnitsView{Year: year, Items: training.UnitItems}
	for _, c := range visible {
		if s.cfg.Training.CanAssessUnits(ctx, c) {
			v.Counties = append(v.Counties, c)
		}
	}
	if county == 0 && len(v.Counties) > 0 {
		county = v.Counties[0].ID
	}
	if county == 0 {
		return nil, app.ErrNotFound("区县")
	}
	if v.County, v.Sheets, err = s.cfg.Training.UnitSheets(ctx, county, year); err != nil {
		return nil, err
	}
	if v.Commendations, err = s.cfg.Training.Commendations(ctx, v.County, year); err != nil {
		return nil, err
	}
	this := s.cfg.Training.Today().Year
	for y := this; y >= this-4; y-- {
		v.Years = append(v.Years, y)
	}
	return v, nil
}

func (s *Server) trainingUnitsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.trainingUnitsData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_units", "单位培训工作考核", "training", v)
}

func (s *Server) apiTrainingUnits(w http.ResponseWriter, r *http.Request) error {
	v, err := s.trainingUnitsData(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"county_id": v.County.ID, "year": v.Year, "sheets": v.Sheets, "commendations": v.Commendations})
	return nil
}

// unitsPath is the units page of a county and year.
func unitsPath(county int64, year int) string {
	return string(linkTo("/training/units", url.Values{"county": {strconv.FormatInt(county, 10)}, "year": {strconv.Itoa(year)}}))
}

func (s *Server) unitGradeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	year, err := queryInt(r, "year", 0)
	if err != nil {
		return err
	}
	points, err := queryInt(r, "points", -1)
	if err != nil {
		return err
	}
	if err := s.cfg.Training.Grade(r.Context(), id, year, r.FormValue("item"), points); err != nil {
		return err
	}
	school, err := s.cfg.Org.FindSchoolByID(r.Context(), id)
	if err != nil {
		return err
	}
	return redirect(w, r, unitsPath(school.CountyID, year), "unit_graded")
}

func (s *Server) commendationSubmit(w http.ResponseWriter, r *http.Request) error {
	year, err := queryInt(r, "year", 0)
	if err != nil {
		return err
	}
	school, err := queryID(r, "school_id")
	if err != nil {
		return err
	}
	educator, err := queryID(r, "educator_id")
	if err != nil {
		return err
	}
	in := training.CommendationInput{Year: year, Kind: r.FormValue("kind"), Title: r.FormValue("title"), SchoolID: school, EducatorID: educator}
	c, err := s.cfg.Training.Commend(r.Context(), in, s.cfg.People.FindEducatorByID)
	if err != nil {
		return err
	}
	sc, err := s.cfg.Org.FindSchoolByID(r.Context(), c.SchoolID)
	if err != nil {
		return err
	}
	return redirect(w, r, unitsPath(sc.CountyID, year), "commended")
}

// schoolTrainingView is a school's training page: its sheet and commendations.
type schoolTrainingView struct {
	School *org.School
	Sheet  *training.UnitSheet
	Year   int
}

func (s *Server) schoolTrainingView(r *http.Request) (*schoolTrainingView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	year, err := queryInt(r, "year", s.cfg.Training.Today().Year)
	if err != nil {
		return nil, err
	}
	school, sheet, err := s.cfg.Training.SchoolSheet(r.Context(), id, year)
	if err != nil {
		return nil, err
	}
	return &schoolTrainingView{School: school, Sheet: sheet, Year: year}, nil
}

func (s *Server) schoolTrainingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.schoolTrainingView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_school", translatef(r, "%s的培训工作", v.School.Name), "training", v)
}

func (s *Server) apiSchoolTraining(w http.ResponseWriter, r *http.Request) error {
	v, err := s.schoolTrainingView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Sheet)
	return nil
}
