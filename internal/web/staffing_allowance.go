package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/staffing"
)

// allowancesView lists a year's allowances, their sums per county and the
// form to record one.
type allowancesView struct {
	Year       int
	Years      []int
	County     int64
	Counties   []*org.County
	Allowances []*staffing.Allowance
	Sums       []*staffing.CountyAllowances
	CanManage  bool
	Form       staffing.AllowanceInput
}

func (s *Server) allowancesView(r *http.Request) (*allowancesView, error) {
	today := s.cfg.Recruits.Today()
	year, err := queryInt(r, "year", today.Year)
	if err != nil {
		return nil, err
	}
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	v := &allowancesView{Year: year, County: county, CanManage: auth.Can(app.ActorOf(ctx), auth.SupplyManage) == nil,
		Form: staffing.AllowanceInput{Kind: staffing.AllowanceRuralSpecial, Start: app.NewDate(year, 1, 1), End: app.NewDate(year, 12, 31)}}
	for y := today.Year + 1; y >= today.Year-4; y-- {
		v.Years = append(v.Years, y)
	}
	if v.Allowances, err = s.cfg.Allowances.Find(ctx, staffing.AllowanceFilter{Year: year, CountyID: county}); err != nil {
		return nil, err
	}
	if v.Sums, err = s.cfg.Allowances.Sums(ctx, year); err != nil {
		return nil, err
	}
	if v.Counties, err = s.supplyCounties(r, auth.SupplyRead); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) allowancesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.allowancesView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_allowances", "津贴补贴", "supply", v)
}

func (s *Server) apiAllowances(w http.ResponseWriter, r *http.Request) error {
	v, err := s.allowancesView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"year": v.Year, "items": v.Allowances, "sums": v.Sums})
	return nil
}

// allowanceForm reads the form of an allowance.
func allowanceForm(r *http.Request) (staffing.AllowanceInput, error) {
	in := staffing.AllowanceInput{Kind: r.FormValue("kind"), Payer: r.FormValue("payer"), Note: r.FormValue("note")}
	var err error
	if in.EducatorID, err = queryID(r, "educator_id"); err != nil {
		return in, err
	}
	money := func(name string) (float64, error) {
		v := strings.TrimSpace(r.FormValue(name))
		if v == "" {
			return 0, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, &app.Error{Code: app.Invalid, Message: "金额应为数字（元）：" + v, English: "The amount is a number of yuan: " + v,
				Fields: map[string]string{name: "invalid"}}
		}
		return f, nil
	}
	if in.Amount, err = money("amount"); err != nil {
		return in, err
	}
	if in.TownRate, err = money("town_rate"); err != nil {
		return in, err
	}
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	in.End, err = queryDate(r, "end")
	return in, err
}

func (s *Server) allowanceCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.SupplyManage); err != nil {
		return err
	}
	in, err := allowanceForm(r)
	if err == nil {
		_, err = s.cfg.Allowances.Create(r.Context(), in)
	}
	if err != nil {
		v, verr := s.allowancesView(r)
		if verr != nil {
			return verr
		}
		v.Form = in
		return s.renderForm(w, r, err, "staffing_allowances", "津贴补贴", "supply", v)
	}
	return redirect(w, r, "/allowances", "allowance_created")
}

func (s *Server) apiCreateAllowance(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Allowances.Create)
}
