package web

import (
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/staffing"
)

// countyInspectionsView lists the inspections in scope and, for the city, the
// form to record one.
type countyInspectionsView struct {
	Inspections []*staffing.Inspection
	County      int64
	Counties    []*org.County
	// Inspect are the counties the actor inspects.
	Inspect []*org.County
	Today   app.Date
	// Slots number the form's findings.
	Slots []int
}

func (s *Server) countyInspectionsView(r *http.Request) (*countyInspectionsView, error) {
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	v := &countyInspectionsView{County: county, Today: s.cfg.Inspections.Today()}
	for n := 1; n <= maxFindings; n++ {
		v.Slots = append(v.Slots, n)
	}
	if v.Inspections, err = s.cfg.Inspections.Find(r.Context(), staffing.InspectionFilter{CountyID: county}); err != nil {
		return nil, err
	}
	if v.Counties, err = s.supplyCounties(r, auth.InspectionRead); err != nil {
		return nil, err
	}
	if v.Inspect, err = s.supplyCounties(r, auth.InspectionManage); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) countyInspectionsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.countyInspectionsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_inspections", "督导检查", "inspections", v)
}

func (s *Server) apiCountyInspections(w http.ResponseWriter, r *http.Request) error {
	v, err := s.countyInspectionsView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Inspections)
	return nil
}

// maxFindings is how many findings the form offers.
const maxFindings = 5

// countyInspectionForm reads the form of an inspection.
func countyInspectionForm(r *http.Request) (staffing.InspectionInput, error) {
	in := staffing.InspectionInput{Inspectors: r.FormValue("inspectors"), Grade: r.FormValue("grade"), Summary: r.FormValue("summary")}
	var err error
	if in.CountyID, err = queryID(r, "county_id"); err != nil {
		return in, err
	}
	if in.InspectedOn, err = queryDate(r, "inspected_on"); err != nil {
		return in, err
	}
	for _, item := range staffing.ChecklistItems {
		in.Checklist = append(in.Checklist, staffing.CheckEntry{Item: item.Code, Met: r.FormValue("met_"+item.Code) == "1",
			Note: r.FormValue("note_" + item.Code)})
	}
	for n := 1; n <= maxFindings; n++ {
		k := strconv.Itoa(n)
		d, err := queryDate(r, "deadline_"+k)
		if err != nil {
			return in, err
		}
		in.Findings = append(in.Findings, staffing.FindingInput{Finding: r.FormValue("finding_" + k), Deadline: d})
	}
	return in, nil
}

func (s *Server) inspectionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.InspectionManage); err != nil {
		return err
	}
	in, err := countyInspectionForm(r)
	var i *staffing.Inspection
	if err == nil {
		i, err = s.cfg.Inspections.Create(r.Context(), in)
	}
	if err != nil {
		v, verr := s.countyInspectionsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "staffing_inspections", "督导检查", "inspections", v)
	}
	return redirect(w, r, staffing.InspectionLink(i.ID), "inspection_created")
}

func (s *Server) apiCreateInspection(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Inspections.Create)
}

// inspectionView is an inspection's page with what the actor may do.
type inspectionView struct {
	Inspection *staffing.Inspection
	CanAnswer  bool
	CanClose   bool
}

func (s *Server) inspectionView(r *http.Request) (*inspectionView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	i, err := s.cfg.Inspections.FindByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &inspectionView{Inspection: i, CanAnswer: s.cfg.Inspections.Can(r.Context(), i, string(auth.InspectionAnswer)),
		CanClose: s.cfg.Inspections.Can(r.Context(), i, string(auth.InspectionManage))}, nil
}

func (s *Server) inspectionPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.inspectionView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_inspection", v.Inspection.CountyName+" "+v.Inspection.InspectedOn.Chinese(), "inspections", v)
}

func (s *Server) apiInspection(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Inspections.FindByID)
}

// findingStep runs a step on the finding {id} and shows its inspection.
func (s *Server) findingStep(w http.ResponseWriter, r *http.Request, msg string,
	step func(id int64) (*staffing.Inspection, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	i, err := step(id)
	if err != nil {
		f, ferr := s.cfg.Inspections.FindingInspection(r.Context(), id)
		if ferr != nil {
			return ferr
		}
		r.SetPathValue("id", strconv.FormatInt(f, 10))
		v, verr := s.inspectionView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "staffing_inspection", v.Inspection.CountyName, "inspections", v)
	}
	return redirect(w, r, staffing.InspectionLink(i.ID), msg)
}

func (s *Server) findingAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.findingStep(w, r, "finding_answered", func(id int64) (*staffing.Inspection, error) {
		return s.cfg.Inspections.Answer(r.Context(), id, staffing.AnswerInput{Answer: r.FormValue("answer")})
	})
}

func (s *Server) findingCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.findingStep(w, r, "finding_closed", func(id int64) (*staffing.Inspection, error) {
		return s.cfg.Inspections.Close(r.Context(), id)
	})
}

func (s *Server) apiFindingAnswer(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Inspections.Answer)
}

func (s *Server) apiFindingClose(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Inspections.Close)
}
