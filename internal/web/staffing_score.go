package web

import (
	"net/http"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/staffing"
)

// scoreView compares the counties' yearly scores side by side.
type scoreView struct {
	Assessment *staffing.Assessment
	Years      []int
	// Cities are those whose weights the actor sets.
	Cities  []*org.City
	Weights *staffing.Weights
}

func (s *Server) scoreView(r *http.Request) (*scoreView, error) {
	year, err := queryYear(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	as, err := s.cfg.Inspections.Assess(ctx, year)
	if err != nil {
		return nil, err
	}
	v := &scoreView{Assessment: as}
	this := rotation.SchoolYearOf(s.cfg.Inspections.Today())
	for y := this + 1; y >= this-4; y-- {
		v.Years = append(v.Years, y)
	}
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.InspectionManage) == nil {
		cities, err := s.cfg.Org.FindCities(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range cities {
			if auth.Decide(a, auth.InspectionManage, app.Place{CityID: c.ID}, "") == nil {
				v.Cities = append(v.Cities, c)
			}
		}
		if len(v.Cities) > 0 {
			if v.Weights, err = s.cfg.Inspections.Weights(ctx, v.Cities[0].ID, as.SchoolYear); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

func (s *Server) scorePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.scoreView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_score", "年度目标责任考核", "inspections", v)
}

func (s *Server) apiCountyScores(w http.ResponseWriter, r *http.Request) error {
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	as, err := s.cfg.Inspections.Assess(r.Context(), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, as)
	return nil
}

// weightsForm reads the city's weights.
func weightsForm(r *http.Request) (staffing.WeightsInput, error) {
	var in staffing.WeightsInput
	var err error
	if in.CityID, err = queryID(r, "city_id"); err != nil {
		return in, err
	}
	for _, f := range []struct {
		name string
		to   *int
	}{{"year", &in.SchoolYear}, {"quota", &in.Quota}, {"backbone", &in.Backbone}, {"return_on_time", &in.ReturnOnTime},
		{"exemptions", &in.Exemptions}, {"inspections", &in.Inspections}, {"exemption_limit_percent", &in.ExemptionLimitPercent}} {
		if *f.to, err = queryInt(r, f.name, 0); err != nil {
			return in, err
		}
	}
	return in, nil
}

func (s *Server) weightsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.InspectionManage); err != nil {
		return err
	}
	in, err := weightsForm(r)
	if err == nil {
		_, err = s.cfg.Inspections.SetWeights(r.Context(), in)
	}
	if err != nil {
		v, verr := s.scoreView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "staffing_score", "年度目标责任考核", "inspections", v)
	}
	return redirect(w, r, string(linkTo("/assessments/counties", map[string][]string{"year": {r.FormValue("year")}})), "weights_saved")
}

func (s *Server) apiSetWeights(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusOK, s.cfg.Inspections.SetWeights)
}
