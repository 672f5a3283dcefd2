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
	Version   int
	Current   bool
	CanSubmit map[int64]bool
	// Annex1 and Annex2 download what the page shows; CurrentURL and
	// SubmittedURL switch between the submitted and the current figures.
	Annex1, Annex2, CurrentURL, SubmittedURL template.URL
	// Directions and Forms are the city's (or county's) charts.
	Directions chart
	Forms      chart
}

// returnURL builds a link to the return page or one of its downloads for
// a year, a county (0: all), a version (0: the latest) and the current
// figures.
func returnURL(path string, year int, county int64, version int, current bool) template.URL {
	q := url.Values{}
	q.Set("year", strconv.Itoa(year))
	if county != 0 {
		q.Set("county", itoa(county))
	}
	if version != 0 {
		q.Set("version", strconv.Itoa(version))
	}
	if current {
		q.Set("current", "1")
	}
	return linkTo(path, q)
}

// VersionAnnex links to annex n of one submitted version of a county's return.
func (v *returnView) VersionAnnex(n int, sub *rotation.Submission) template.URL {
	return returnURL(fmt.Sprintf("/rotation/return/annex%d.xlsx", n), sub.SchoolYear, sub.CountyID, sub.Version, false)
}

// VersionPage links to the page of one submitted version of a county's return.
func (v *returnView) VersionPage(sub *rotation.Submission) template.URL {
	return returnURL("/rotation/return", sub.SchoolYear, sub.CountyID, sub.Version, false)
}

func (s *Server) returnFilter(r *http.Request) (rotation.ReturnFilter, error) {
	year, err := queryYear(r)
	if err != nil {
		return rotation.ReturnFilter{}, err
	}
	county, err := queryID(r, "county")
	if err != nil {
		return rotation.ReturnFilter{}, err
	}
	version, err := queryInt(r, "version", 0)
	if err != nil {
		return rotation.ReturnFilter{}, err
	}
	if version < 0 {
		return rotation.ReturnFilter{}, invalidParam("version", r.FormValue("version"))
	}
	return rotation.ReturnFilter{Year: year, CountyID: county, Version: version, Current: r.FormValue("current") == "1"}, nil
}

func (s *Server) findReturn(r *http.Request) (*rotation.Return, rotation.ReturnFilter, error) {
	f, err := s.returnFilter(r)
	if err != nil {
		return nil, f, err
	}
	rt, err := s.cfg.Rotation.FindReturn(r.Context(), f)
	return rt, f, err
}

func (s *Server) returnPage(w http.ResponseWriter, r *http.Request) error {
	rt, f, err := s.findReturn(r)
	if err != nil {
		return err
	}
	rs := s.cfg.Rotation
	lang := langOf(r)
	v := &returnView{Return: rt, Today: rs.Today(), CountyID: f.CountyID, Version: f.Version, Current: f.Current, CanSubmit: map[int64]bool{}}
	v.Annex1 = returnURL("/rotation/return/annex1.xlsx", rt.SchoolYear, f.CountyID, f.Version, f.Current)
	v.Annex2 = returnURL("/rotation/return/annex2.xlsx", rt.SchoolYear, f.CountyID, f.Version, f.Current)
	v.CurrentURL = returnURL("/rotation/return", rt.SchoolYear, f.CountyID, 0, true)
	v.SubmittedURL = returnURL("/rotation/return", rt.SchoolYear, f.CountyID, 0, false)
	this := rotation.SchoolYearOf(rs.Today())
	for y := this; y >= this-5; y-- {
		v.Years = append(v.Years, y)
	}
	for _, c := range rt.Counties {
		v.CanSubmit[c.County.ID] = canManageCounty(r, c.County.CityID, c.County.ID) && !rs.Today().Before(rotation.YearStart(rt.SchoolYear))
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
			formLabels = append(formLabels, rotation.Forms.Label(string(fc.Form), lang))
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
	f, err := s.returnFilter(r)
	if err != nil {
		return err
	}
	b, rt, err := s.cfg.Rotation.ReturnAnnex(r.Context(), f, n)
	if err != nil {
		return err
	}
	return writeXLSX(w, annexName(rt, n), b)
}

// annexName names an annex file after what it holds: the scope, the
// year, and the version submitted or the current figures.
func annexName(rt *rotation.Return, n int) string {
	scope, state := "全市", ""
	if len(rt.Counties) == 1 {
		c := rt.Counties[0]
		scope = c.County.Name
		if c.Snapshot {
			state = fmt.Sprintf("_报送第%d版", c.Submission.Version)
		} else if c.Submission != nil {
			state = "_当前数据"
		}
	}
	return fmt.Sprintf("附件%d_%s_%d学年交流轮岗%s.xlsx", n, scope, rt.SchoolYear, state)
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
	if _, err := rs.SubmitReturn(r.Context(), county, year, rotation.SubmitInput{Reason: r.PostFormValue("reason")}); err != nil {
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
		CountyID   int64  `json:"county_id"`
		SchoolYear int    `json:"school_year"`
		Reason     string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.CountyID == 0 || in.SchoolYear == 0 {
		return &app.Error{Code: app.Invalid, Message: "请给出区县 county_id 和学年 school_year", English: "Give county_id and school_year",
			Fields: map[string]string{"county_id": "required", "school_year": "required"}}
	}
	sub, err := rs.SubmitReturn(r.Context(), in.CountyID, in.SchoolYear, rotation.SubmitInput{Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sub)
	return nil
}
