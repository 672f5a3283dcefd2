package web

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
)

type dashboardView struct {
	Counties  []*org.County
	Schools   int
	Educators int
	Backbone  int
	Eligible  bool
	Self      *people.Educator
	ByLevel   []levelCount
	// Running is the number of programmes in scope running today.
	Running int
	// CountyOpen says which counties' pages the actor may open.
	CountyOpen map[int64]bool
	// Work is the actor's work, by role.
	Work *homeWork
}

type levelCount struct {
	Level string
	Count int
	Width int // percent of the largest, for the bar
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := app.ActorOf(ctx)
	if ok, err := s.placementHome(w, r); ok || err != nil {
		return err
	}
	v := dashboardView{}
	if err := s.dashboardFigures(ctx, &v); err != nil {
		return err
	}
	if auth.Can(a, auth.ProgrammeRead) == nil {
		_, n, err := s.cfg.Programmes.Find(ctx, programme.Filter{Status: programme.StatusRunning, Limit: 1})
		if err != nil {
			return err
		}
		v.Running = n
	}
	if a.EducatorID != 0 {
		e, err := s.cfg.People.FindEducatorByID(ctx, a.EducatorID)
		if err != nil && app.ErrorCode(err) != app.NotFound {
			return err
		}
		v.Self = e
	}
	work, err := s.findHomeWork(ctx)
	if err != nil {
		return err
	}
	v.Work = work
	return s.render(w, r, http.StatusOK, "dashboard", "首页", "home", v)
}

// dashboardFigures fills the home page's counts of schools (by level) and
// educators in the actor's scope. They are counted in SQL: the page shows
// no school and no educator.
func (s *Server) dashboardFigures(ctx context.Context, v *dashboardView) error {
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.OrgRead) == nil {
		// Kept under the data's version (org.Service.HomeFigures).
		f, err := s.cfg.Org.HomeFigures(ctx)
		if err != nil {
			return err
		}
		v.Counties = f.Counties
		v.CountyOpen = countiesOpen(a, f.Counties)
		v.Schools, v.ByLevel = levelCounts(f.ByLevel)
	}
	if auth.Can(a, auth.EducatorRead) == nil {
		var err error
		if v.Educators, v.Backbone, err = s.cfg.People.CountEducators(ctx, people.EducatorFilter{}); err != nil {
			return err
		}
	}
	return nil
}

// levelCounts returns the number of schools and the bars of the levels
// that have any, in the order of org.Levels, each as wide as its share of
// the largest.
func levelCounts(counts map[string]int) (int, []levelCount) {
	total, max := 0, 1
	for _, n := range counts {
		total += n
	}
	for _, l := range org.Levels {
		if counts[l.Code] > max {
			max = counts[l.Code]
		}
	}
	var out []levelCount
	for _, l := range org.Levels {
		if counts[l.Code] > 0 {
			out = append(out, levelCount{Level: l.Code, Count: counts[l.Code], Width: counts[l.Code] * 100 / max})
		}
	}
	return total, out
}

// countiesOpen says which of the counties' pages a may open: one sees a
// county in the tree (its name, its figures) from a school in it, but opens
// its page only with a grant over the whole county.
func countiesOpen(a *app.Actor, counties []*org.County) map[int64]bool {
	open := map[int64]bool{}
	for _, c := range counties {
		open[c.ID] = auth.Decide(a, auth.OrgRead, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil
	}
	return open
}

type orgView struct {
	Cities   []*org.City
	Counties []*org.County
	Schools  map[int64][]*org.School
	// CountyOpen says which counties' pages the actor may open.
	CountyOpen map[int64]bool
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cities, err := s.cfg.Org.FindCities(ctx)
	if err != nil {
		return err
	}
	counties, err := s.cfg.Org.FindCounties(ctx)
	if err != nil {
		return err
	}
	schools, _, err := s.cfg.Org.FindSchools(ctx, org.SchoolFilter{})
	if err != nil {
		return err
	}
	v := orgView{Cities: cities, Counties: counties, Schools: map[int64][]*org.School{}, CountyOpen: countiesOpen(app.ActorOf(ctx), counties)}
	for _, sc := range schools {
		v.Schools[sc.CountyID] = append(v.Schools[sc.CountyID], sc)
	}
	return s.render(w, r, http.StatusOK, "org", "组织机构", "org", v)
}

type countyView struct {
	County  *org.County
	Schools []*org.School
	// CanListEducators says whether the actor may list the county's educators.
	CanListEducators bool
}

func (s *Server) countyPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.cfg.Org.FindCountyByID(r.Context(), id)
	if err != nil {
		return err
	}
	schools, _, err := s.cfg.Org.FindSchools(r.Context(), org.SchoolFilter{CountyID: id})
	if err != nil {
		return err
	}
	canList := auth.Decide(app.ActorOf(r.Context()), auth.EducatorRead, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil
	return s.render(w, r, http.StatusOK, "county", c.Name, "org", countyView{County: c, Schools: schools, CanListEducators: canList})
}

// schoolFilter reads a school listing's filter from the query.
func schoolFilter(r *http.Request) (org.SchoolFilter, error) {
	f := org.SchoolFilter{Q: strings.TrimSpace(r.FormValue("q")), Level: r.FormValue("level"), Location: r.FormValue("location")}
	var err error
	if f.CountyID, err = queryID(r, "county"); err != nil {
		return f, err
	}
	if f.Level != "" && !org.Levels.Has(f.Level) {
		return f, invalidParam("level", f.Level)
	}
	if f.Location != "" && !org.Locations.Has(f.Location) {
		return f, invalidParam("location", f.Location)
	}
	switch r.FormValue("weak") {
	case "":
	case "1", "true":
		t := true
		f.Weak = &t
	case "0", "false":
		t := false
		f.Weak = &t
	default:
		return f, invalidParam("weak", r.FormValue("weak"))
	}
	return f, nil
}

func invalidParam(name, value string) error {
	return &app.Error{Code: app.Invalid, Message: "参数 " + name + " 的值无效：" + value, English: "Invalid value for " + name + ": " + value,
		Fields: map[string]string{name: "invalid"}}
}

type schoolsView struct {
	Schools  []*org.School
	Counties []*org.County
	Total    int
	Page     int
	Pages    int
	// ExportURL downloads the listing as filtered.
	ExportURL template.URL
}

func pages(total, per int) int {
	if total == 0 {
		return 1
	}
	return (total + per - 1) / per
}

// limitSchools puts a page into a school filter.
func limitSchools(f *org.SchoolFilter, offset, n int) { f.Offset, f.Limit = offset, n }

func (s *Server) schoolsPage(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 50, schoolFilter, limitSchools, s.cfg.Org.FindSchools)
	if err != nil {
		return err
	}
	schools, total, page, per := l.Items, l.Total, l.Page, l.PerPage
	counties, err := s.cfg.Org.FindCounties(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "schools", "学校||list", "schools",
		schoolsView{Schools: schools, Counties: counties, Total: total, Page: page, Pages: pages(total, per),
			ExportURL: linkTo("/schools/export", listingQuery(r.URL.Query()))})
}

type schoolView struct {
	School    *org.School
	Educators []*people.Educator
	Total     int
	CanList   bool
	// CountyOpen says whether the actor may open the school's county.
	CountyOpen bool
}

func (s *Server) schoolPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sc, err := s.cfg.Org.FindSchoolByID(r.Context(), id)
	if err != nil {
		return err
	}
	a := app.ActorOf(r.Context())
	v := schoolView{School: sc, CountyOpen: auth.Decide(a, auth.OrgRead, app.Place{CityID: sc.CityID, CountyID: sc.CountyID}, "") == nil}
	if auth.Decide(a, auth.EducatorRead, sc.Place(), "") == nil {
		v.CanList = true
		v.Educators, v.Total, err = s.cfg.People.FindEducators(r.Context(), people.EducatorFilter{SchoolID: id, Sort: "name", Limit: 20})
		if err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "school", sc.Name, "schools", v)
}

func (s *Server) apiCounties(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.cfg.Org.FindCounties(r.Context())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []*org.County{}
	}
	writeJSON(w, http.StatusOK, list[*org.County]{Items: cs, Total: len(cs), Page: 1, PerPage: len(cs)})
	return nil
}

func (s *Server) apiCounty(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Org.FindCountyByID)
}

func (s *Server) apiSchools(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 100, schoolFilter, limitSchools, s.cfg.Org.FindSchools)
	if err != nil {
		return err
	}
	schools, total, page, per := l.Items, l.Total, l.Page, l.PerPage
	if schools == nil {
		schools = []*org.School{}
	}
	writeJSON(w, http.StatusOK, list[*org.School]{Items: schools, Total: total, Page: page, PerPage: per})
	return nil
}

func (s *Server) apiSchool(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Org.FindSchoolByID)
}
