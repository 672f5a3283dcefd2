package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

// queryDate parses an optional YYYY-MM-DD parameter.
func queryDate(r *http.Request, name string) (app.Date, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return app.Date{}, nil
	}
	d, err := app.ParseISODate(v)
	if err != nil {
		return app.Date{}, &app.Error{Code: app.Invalid, Message: "参数 " + name + " 应为日期（YYYY-MM-DD）：" + v,
			English: "Parameter " + name + " must be a date (YYYY-MM-DD): " + v, Fields: map[string]string{name: "invalid"}}
	}
	return d, nil
}

// queryYear parses an optional school year parameter.
func queryYear(r *http.Request) (int, error) {
	y, err := queryInt(r, "year", 0)
	if err != nil {
		return 0, err
	}
	if y != 0 && (y < 2000 || y > 2100) {
		return 0, invalidParam("year", r.FormValue("year"))
	}
	return y, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// rotationDashboardView is the quota dashboard with its charts.
type rotationDashboardView struct {
	*rotation.Dashboard
	CountyChart   chart
	BackboneChart chart
	SchoolChart   chart
	CountyID      int64
	CountyName    string
	CanSubmit     bool
}

func (s *Server) rotationDashboard(r *http.Request, countyID, schoolID int64) (*rotationDashboardView, error) {
	rs := s.cfg.Rotation
	year, err := queryYear(r)
	if err != nil {
		return nil, err
	}
	d, err := rs.FindDashboard(r.Context(), rotation.DashboardFilter{Year: year, CountyID: countyID, SchoolID: schoolID})
	if err != nil {
		return nil, err
	}
	lang := langOf(r)
	v := &rotationDashboardView{Dashboard: d, CountyID: countyID}
	var share, backbone []bar
	for _, c := range d.Counties {
		share = append(share, bar{Label: c.County.Name, Value: c.Share, Target: float64(c.QuotaPercent), Good: c.MeetsQuota,
			Note: strconv.Itoa(c.Rotated) + "/" + strconv.Itoa(c.MustRotate), Href: "/rotation/counties/" + itoa(c.County.ID) + "?year=" + strconv.Itoa(d.SchoolYear)})
		backbone = append(backbone, bar{Label: c.County.Name, Value: c.BackboneShare, Target: float64(c.BackbonePercent), Good: c.MeetsBackbone,
			Note: strconv.Itoa(c.Backbone) + "/" + strconv.Itoa(c.Rotated)})
		if c.County.ID == countyID {
			v.CountyName = c.County.Name
			v.CanSubmit = canManageCounty(r, c.County.CityID, c.County.ID)
		}
	}
	v.CountyChart = barChart(lang, "交流比例", share)
	v.BackboneChart = barChart(lang, "骨干教师占比", backbone)
	var schools []bar
	for _, sc := range d.Schools {
		if sc.MustRotate == 0 && sc.Rotated == 0 {
			continue
		}
		schools = append(schools, bar{Label: sc.School.Name, Value: sc.Share, Target: float64(sc.QuotaPercent), Good: sc.MeetsQuota,
			Note: strconv.Itoa(sc.Rotated) + "/" + strconv.Itoa(sc.MustRotate), Href: "/rotation/schools/" + itoa(sc.School.ID) + "?year=" + strconv.Itoa(d.SchoolYear)})
	}
	v.SchoolChart = barChart(lang, "各校交流比例", schools)
	return v, nil
}

func (s *Server) rotationPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.rotationDashboard(r, 0, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation", "交流轮岗", "rotation", v)
}

func (s *Server) rotationCountyPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.rotationDashboard(r, id, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_county", v.CountyName+"交流轮岗", "rotation", v)
}

// rotationSchoolView is one school's drill-down: its figures, everyone with
// the verdict, its exchanges and exemptions.
type rotationSchoolView struct {
	*rotationDashboardView
	School     *rotation.SchoolFigures
	People     []*rotation.Eligibility
	Exchanges  []*rotation.Exchange
	Exemptions []*rotation.Exemption
}

func (s *Server) rotationSchoolPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.rotationDashboard(r, 0, id)
	if err != nil {
		return err
	}
	rs := s.cfg.Rotation
	sv := &rotationSchoolView{rotationDashboardView: v}
	for _, sc := range v.Schools {
		if sc.School.ID == id {
			sv.School = sc
		}
	}
	if sv.School == nil {
		return app.ErrNotFound("学校")
	}
	ctx := r.Context()
	if sv.People, _, err = rs.FindEligible(ctx, rotation.EligibleFilter{AsOf: v.On, SchoolID: id, All: true}); err != nil {
		return err
	}
	if sv.Exchanges, _, err = rs.FindExchanges(ctx, rotation.ExchangeFilter{SchoolID: id, SchoolYear: v.SchoolYear}); err != nil {
		return err
	}
	if sv.Exemptions, _, err = rs.FindExemptions(ctx, rotation.ExemptionFilter{SchoolID: id}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_school", sv.School.School.Name+"交流轮岗", "rotation", sv)
}

func (s *Server) apiRotationDashboard(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	year, err := queryYear(r)
	if err != nil {
		return err
	}
	county, school, err := queryCountySchool(r)
	if err != nil {
		return err
	}
	d, err := rs.FindDashboard(r.Context(), rotation.DashboardFilter{Year: year, CountyID: county, SchoolID: school})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
