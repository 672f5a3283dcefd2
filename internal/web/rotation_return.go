package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

type returnView struct {
	*rotation.Return
	Today     app.Date
	Years     []int
	CountyID  int64
	CanSubmit map[int64]bool
	// Directions and Forms are the city's (or county's) charts.
	Directions chart
	Forms      chart
	// Annex1URL and Annex2URL download the annexes of this year and county.
	Annex1URL, Annex2URL template.URL
}

func (s *Server) findReturn(r *http.Request) (*rotation.Return, int64, error) {
	rs := s.cfg.Rotation
	year, err := queryYear(r)
	if err != nil {
		return nil, 0, err
	}
	county, err := queryID(r, "county")
	if err != nil {
		return nil, 0, err
	}
	rt, err := rs.FindReturn(r.Context(), rotation.ReturnFilter{Year: year, CountyID: county})
	return rt, county, err
}

func (s *Server) returnPage(w http.ResponseWriter, r *http.Request) error {
	rt, county, err := s.findReturn(r)
	if err != nil {
		return err
	}
	rs := s.cfg.Rotation
	lang := langOf(r)
	v := &returnView{Return: rt, Today: rs.Today(), CountyID: county, CanSubmit: map[int64]bool{}}
	annex := url.Values{"year": {strconv.Itoa(rt.SchoolYear)}}
	if county != 0 {
		annex.Set("county", itoa(county))
	}
	v.Annex1URL, v.Annex2URL = linkTo("/rotation/return/annex1.xlsx", annex), linkTo("/rotation/return/annex2.xlsx", annex)
	this := rotation.SchoolYearOf(rs.Today())
	for y := this; y >= this-5; y-- {
		v.Years = append(v.Years, y)
	}
	for _, c := range rt.Counties {
		v.CanSubmit[c.County.ID] = c.Submission == nil && canManageCounty(r, c.County.CityID, c.County.ID) && !rs.Today().Before(rotation.YearStart(rt.SchoolYear))
	}
	var labels []string
	dirs := make([]int, len(rotation.Directions))
	for i, t := range rotation.Directions {
		labels = append(labels, termZhEn(lang, t))
		for _, p := range rt.Total.ByPost {
			dirs[i] += p.Counts[i]
		}
	}
	v.Directions = stackChart(lang, "交流方向", labels, dirs)
	var formLabels []string
	var forms []int
	for _, fc := range rt.Total.Forms {
		if fc.Count > 0 {
			formLabels = append(formLabels, rotation.Forms.Label(fc.Form, lang))
			forms = append(forms, fc.Count)
		}
	}
	v.Forms = stackChart(lang, "交流形式", formLabels, forms)
	return s.render(w, r, http.StatusOK, "rotation_return", "交流轮岗年度报送", "rotation", v)
}

func termZhEn(lang string, t app.Term) string {
	if lang == "en" {
		return t.En
	}
	return t.Zh
}

func (s *Server) annex(w http.ResponseWriter, r *http.Request, n int) error {
	rt, _, err := s.findReturn(r)
	if err != nil {
		return err
	}
	var b []byte
	if n == 1 {
		b, err = rt.Annex1()
	} else {
		b, err = rt.Annex2()
	}
	if err != nil {
		return err
	}
	scope := "全市"
	if len(rt.Counties) == 1 {
		scope = rt.Counties[0].County.Name
	}
	return writeXLSX(w, fmt.Sprintf("附件%d_%s_%d学年交流轮岗.xlsx", n, scope, rt.SchoolYear), b)
}

func (s *Server) annex1(w http.ResponseWriter, r *http.Request) error { return s.annex(w, r, 1) }

func (s *Server) annex2(w http.ResponseWriter, r *http.Request) error { return s.annex(w, r, 2) }

func (s *Server) returnSubmit(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	county, err := queryID(r, "county")
	if err != nil {
		return err
	}
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	if county == 0 || year == 0 {
		return &app.Error{Code: app.Invalid, Message: "请给出区县和学年", English: "Give the county and the school year",
			Fields: map[string]string{"county": "required", "year": "required"}}
	}
	if _, err := rs.SubmitReturn(r.Context(), county, year); err != nil {
		return err
	}
	return redirect(w, r, fmt.Sprintf("/rotation/return?year=%d&county=%d", year, county), "return_submitted")
}

func (s *Server) apiReturn(w http.ResponseWriter, r *http.Request) error {
	rt, _, err := s.findReturn(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rt)
	return nil
}

func (s *Server) apiSubmitReturn(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	var in struct {
		CountyID   int64 `json:"county_id"`
		SchoolYear int   `json:"school_year"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.CountyID == 0 || in.SchoolYear == 0 {
		return &app.Error{Code: app.Invalid, Message: "请给出区县 county_id 和学年 school_year", English: "Give county_id and school_year",
			Fields: map[string]string{"county_id": "required", "school_year": "required"}}
	}
	sub, err := rs.SubmitReturn(r.Context(), in.CountyID, in.SchoolYear)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sub)
	return nil
}
