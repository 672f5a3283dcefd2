package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/staffing"
)

// Staffing establishment (编制, seed 004): a county's settings, the
// establishment, staff in post and vacancies per school, the allocation's
// versions, their adjustment and filing.

type staffingView struct {
	// Counties are those whose staffing the actor reads as a whole.
	Counties  []*org.County
	Year      int
	Years     []int
	Staffing  *staffing.CountyStaffing
	Settings  *staffing.Settings
	Versions  []*staffing.Allocation
	CanManage bool
	// Sums of the listed schools.
	Establishment, InPost, Vacancies int
}

// PromotionsLink is the promotion list of the page's county and year.
func (v *staffingView) PromotionsLink() template.URL {
	return linkTo("/staffing/promotions", url.Values{"county": {strconv.FormatInt(v.Staffing.County.ID, 10)}, "year": {strconv.Itoa(v.Year)}})
}

// staffingPath is the staffing page of a county and year.
func staffingPath(county int64, year int) string {
	return string(linkTo("/staffing", url.Values{"county": {strconv.FormatInt(county, 10)}, "year": {strconv.Itoa(year)}}))
}

// staffingCounty reads the county of ?county=, or the first the actor
// reads any school of.
func (s *Server) staffingCounty(r *http.Request) (*staffing.CountyStaffing, error) {
	ctx := r.Context()
	if err := auth.Can(app.ActorOf(ctx), auth.StaffingRead); err != nil {
		return nil, err
	}
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	if county != 0 {
		return s.cfg.Staffing.County(ctx, county)
	}
	visible, err := s.visibleCounties(r)
	if err != nil {
		return nil, err
	}
	for _, c := range visible {
		cs, err := s.cfg.Staffing.County(ctx, c.ID)
		if app.ErrorCode(err) == app.NotFound {
			continue
		}
		return cs, err
	}
	return nil, app.ErrNotFound("区县")
}

func (s *Server) staffingData(r *http.Request) (*staffingView, error) {
	ctx := r.Context()
	cs, year, err := s.staffingCountyYear(r)
	if err != nil {
		return nil, err
	}
	this := s.cfg.Staffing.Today().Year
	visible, err := s.visibleCounties(r)
	if err != nil {
		return nil, err
	}
	v := &staffingView{Counties: s.cfg.Staffing.Counties(ctx, visible), Year: year, Staffing: cs}
	for y := this + 1; y >= this-3; y-- {
		v.Years = append(v.Years, y)
	}
	v.Establishment, v.InPost, v.Vacancies = cs.Sums()
	if !cs.Whole {
		return v, nil
	}
	if v.Settings, err = s.cfg.Staffing.FindSettings(ctx, cs.County.ID, year); err != nil {
		return nil, err
	}
	if v.Versions, err = s.cfg.Staffing.Versions(ctx, cs.County.ID, year); err != nil {
		return nil, err
	}
	v.CanManage = s.cfg.Staffing.CanManage(ctx, cs.County)
	return v, nil
}

func (s *Server) staffingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.staffingData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_county", "编制与岗位", "staffing", v)
}

func (s *Server) apiStaffing(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.staffingCounty(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cs)
	return nil
}

// settingsForm reads the settings form; a field left empty or not a number
// is named in the error.
func settingsForm(r *http.Request) (staffing.Settings, error) {
	var st staffing.Settings
	var f app.Fields
	num := func(name string) float64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(r.FormValue(name)), 64)
		if err != nil {
			f.Add(name, "请填写数字", "Enter a number")
		}
		return v
	}
	whole := func(name string) int {
		v, err := strconv.Atoi(strings.TrimSpace(r.FormValue(name)))
		if err != nil {
			f.Add(name, "请填写整数", "Enter a whole number")
		}
		return v
	}
	county, err := queryID(r, "county_id")
	if err != nil {
		return st, err
	}
	st = staffing.Settings{CountyID: county, Year: whole("year"), Total: whole("total"), RatioSenior: num("ratio_senior"),
		RatioJunior: num("ratio_junior"), RatioPrimary: num("ratio_primary"), RatioSpecial: num("ratio_special"),
		BoardersPerStaff: num("boarders_per_staff"), VillagePointStaff: num("village_point_staff"),
		HardshipSecondYears: whole("hardship_second_years"), HardshipFirstYears: whole("hardship_first_years"), PostUnit: r.FormValue("post_unit")}
	return st, f.Err()
}

func (s *Server) staffingSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.StaffingManage); err != nil {
		return err
	}
	in, err := settingsForm(r)
	if err != nil {
		return err
	}
	st, err := s.cfg.Staffing.SaveSettings(r.Context(), in)
	if err != nil {
		return err
	}
	return redirect(w, r, staffingPath(st.CountyID, st.Year), "staffing_settings_saved")
}

// staffingCountyYear is the county of ?county= (see staffingCounty) and the
// year of ?year=, this year by default.
func (s *Server) staffingCountyYear(r *http.Request) (*staffing.CountyStaffing, int, error) {
	cs, err := s.staffingCounty(r)
	if err != nil {
		return nil, 0, err
	}
	year, err := queryInt(r, "year", s.cfg.Staffing.Today().Year)
	return cs, year, err
}

func (s *Server) apiStaffingSettings(w http.ResponseWriter, r *http.Request) error {
	cs, year, err := s.staffingCountyYear(r)
	if err != nil {
		return err
	}
	st, err := s.cfg.Staffing.FindSettings(r.Context(), cs.County.ID, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) apiSaveStaffingSettings(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusOK, s.cfg.Staffing.SaveSettings)
}

// allocationPath is a version's page.
func allocationPath(id int64) string { return "/staffing/allocations/" + strconv.FormatInt(id, 10) }

func (s *Server) allocationComputeSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.StaffingManage); err != nil {
		return err
	}
	county, err := queryID(r, "county_id")
	if err != nil {
		return err
	}
	year, err := queryInt(r, "year", 0)
	if err != nil {
		return err
	}
	a, err := s.cfg.Staffing.Compute(r.Context(), county, year, r.FormValue("note"))
	if err != nil {
		return err
	}
	return redirect(w, r, allocationPath(a.ID), "allocation_computed")
}

// computeInput is the body of POST /api/v1/staffing/allocations.
type computeInput struct {
	CountyID int64  `json:"county_id"`
	Year     int    `json:"year"`
	Note     string `json:"note"`
}

func (s *Server) apiComputeAllocation(w http.ResponseWriter, r *http.Request) error {
	var in computeInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.cfg.Staffing.Compute(r.Context(), in.CountyID, in.Year, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiAllocations(w http.ResponseWriter, r *http.Request) error {
	cs, year, err := s.staffingCountyYear(r)
	if err != nil {
		return err
	}
	list, err := s.cfg.Staffing.Versions(r.Context(), cs.County.ID, year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"allocations": list})
	return nil
}

type allocationView struct {
	Allocation *staffing.Allocation
	// Newest is whether it is the newest version: only it may be filed.
	Newest    bool
	CanManage bool
	Back      string
}

// BackLink is the staffing page of the version's county and year.
func (v *allocationView) BackLink() template.URL { return template.URL(v.Back) }

func (s *Server) allocationData(r *http.Request) (*allocationView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	a, err := s.cfg.Staffing.FindAllocation(ctx, id)
	if err != nil {
		return nil, err
	}
	versions, err := s.cfg.Staffing.Versions(ctx, a.CountyID, a.Year)
	if err != nil {
		return nil, err
	}
	c, err := s.cfg.Org.FindCountyByID(ctx, a.CountyID)
	if err != nil {
		return nil, err
	}
	return &allocationView{Allocation: a, Newest: len(versions) > 0 && versions[0].ID == a.ID,
		CanManage: s.cfg.Staffing.CanManage(ctx, c), Back: staffingPath(a.CountyID, a.Year)}, nil
}

func (s *Server) allocationPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.allocationData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_allocation", translatef(r, "%d年度编制分配（第%d版）", v.Allocation.Year, v.Allocation.Version), "staffing", v)
}

func (s *Server) apiAllocation(w http.ResponseWriter, r *http.Request) error {
	v, err := s.allocationData(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Allocation)
	return nil
}

// adjustForm reads the figure and reason of every line of the version.
func (s *Server) adjustForm(r *http.Request, id int64) ([]staffing.Adjustment, error) {
	a, err := s.cfg.Staffing.FindAllocation(r.Context(), id)
	if err != nil {
		return nil, err
	}
	var out []staffing.Adjustment
	var f app.Fields
	for _, l := range a.Lines {
		key := strconv.FormatInt(l.SchoolID, 10)
		raw := strings.TrimSpace(r.FormValue("allocated_" + key))
		if raw == "" {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			f.Add("allocated_"+key, l.SchoolName+"：编制数应为整数", l.SchoolCode+": the figure must be a whole number")
			continue
		}
		out = append(out, staffing.Adjustment{SchoolID: l.SchoolID, Allocated: n, Reason: r.FormValue("reason_" + key)})
	}
	return out, f.Err()
}

func (s *Server) allocationAdjustSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	adj, err := s.adjustForm(r, id)
	if err != nil {
		return err
	}
	a, err := s.cfg.Staffing.Adjust(r.Context(), id, adj, r.FormValue("note"))
	if err != nil {
		return err
	}
	return redirect(w, r, allocationPath(a.ID), "allocation_adjusted")
}

// adjustInput is the body of POST /api/v1/staffing/allocations/{id}/adjustments.
type adjustInput struct {
	Lines []staffing.Adjustment `json:"lines"`
	Note  string                `json:"note"`
}

func (s *Server) apiAdjustAllocation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in adjustInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.cfg.Staffing.Adjust(r.Context(), id, in.Lines, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) allocationFileSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.cfg.Staffing.File(r.Context(), id)
	if err != nil {
		return err
	}
	return redirect(w, r, allocationPath(a.ID), "allocation_filed")
}

func (s *Server) apiFileAllocation(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Staffing.File)
}

func (s *Server) allocationWorkbook(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, b, err := s.cfg.Staffing.Workbook(r.Context(), id)
	if err != nil {
		return err
	}
	return writeXLSX(w, a.WorkbookName(), b)
}
