package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// costsView is a programme's costs and insurance ([001]): the lines, their
// sums per payer, county and batch, the policies and who is not insured.
type costsView struct {
	Programme  *programme.Programme
	Lines      []*secondment.CostLine
	Summary    secondment.CostSummary
	Policies   []*secondment.Insurance
	Uninsured  []secondment.Uninsured
	Batches    []*secondment.Batch
	Placements []*secondment.Placement
}

func (s *Server) costsView(r *http.Request) (*costsView, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	v := &costsView{}
	if v.Programme, v.Lines, v.Summary, err = s.cfg.Secondment.Costs(ctx, id); err != nil {
		return nil, err
	}
	if v.Policies, v.Uninsured, err = s.cfg.Secondment.Insurance(ctx, id); err != nil {
		return nil, err
	}
	if v.Batches, err = s.cfg.Secondment.Batches(ctx, v.Programme); err != nil {
		return nil, err
	}
	_, v.Placements, _, err = s.cfg.Secondment.Placements(ctx, id)
	return v, err
}

func (s *Server) costsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.costsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_costs", "经费与保险", "programmes", v)
}

func costsPath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) + "/costs" }

func (s *Server) costsAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.costsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_costs", "经费与保险", "programmes", v)
	}
}

func costForm(r *http.Request) (secondment.CostInput, error) {
	in := secondment.CostInput{Item: r.FormValue("item"), Payer: r.FormValue("payer"), Note: r.FormValue("note")}
	var err error
	if in.BatchID, err = queryID(r, "batch_id"); err != nil {
		return in, err
	}
	if in.EducatorID, err = queryID(r, "educator_id"); err != nil {
		return in, err
	}
	if in.Budget, err = secondment.ParseYuan(r.FormValue("budget")); err != nil {
		return in, err
	}
	in.Actual, err = secondment.ParseYuan(r.FormValue("actual"))
	return in, err
}

func (s *Server) costCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "cost_saved", costsPath, func(id int64) error {
		in, err := costForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.AddCost(r.Context(), id, in)
		return err
	}, s.costsAgain(w, r))
}

func (s *Server) costDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "cost_deleted", costsPath, func(id int64) error {
		cost, err := pathID(r, "cost")
		if err != nil {
			return err
		}
		return s.cfg.Secondment.DeleteCost(r.Context(), id, cost)
	}, s.costsAgain(w, r))
}

func insuranceForm(r *http.Request) (secondment.InsuranceInput, error) {
	in := secondment.InsuranceInput{Insurer: r.FormValue("insurer"), PolicyNo: r.FormValue("policy_no")}
	var err error
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	in.End, err = queryDate(r, "end")
	return in, err
}

func (s *Server) insuranceSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "insurance_saved", costsPath, func(id int64) error {
		educator, err := queryID(r, "educator_id")
		if err != nil {
			return err
		}
		in, err := insuranceForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.SetInsurance(r.Context(), id, educator, in)
		return err
	}, s.costsAgain(w, r))
}

// costsJSON is a programme's cost lines and their sums.
type costsJSON struct {
	Lines   []*secondment.CostLine `json:"lines"`
	Summary secondment.CostSummary `json:"summary"`
}

func (s *Server) apiCosts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, lines, sum, err := s.cfg.Secondment.Costs(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, costsJSON{lines, sum})
	return nil
}

func (s *Server) apiCreateCost(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "", http.StatusCreated, func(ctx context.Context, id, _ int64, in secondment.CostInput) (*secondment.CostLine, error) {
		return s.cfg.Secondment.AddCost(ctx, id, in)
	})
}

func (s *Server) apiDeleteCost(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeDelete(w, r, "cost", s.cfg.Secondment.DeleteCost)
}

// insuranceJSON is a programme's policies and the participants not insured.
type insuranceJSON struct {
	Policies  []*secondment.Insurance `json:"policies"`
	Uninsured []secondment.Uninsured  `json:"uninsured"`
}

func (s *Server) apiInsurance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	policies, missing, err := s.cfg.Secondment.Insurance(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, insuranceJSON{policies, missing})
	return nil
}

func (s *Server) apiSetInsurance(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "educator", http.StatusOK, s.cfg.Secondment.SetInsurance)
}

// coverageView is the five-year coverage form and, when programmes are
// chosen, its figures.
type coverageView struct {
	// Programmes are the secondment programmes the actor manages, to choose from.
	Programmes []*programme.Programme
	Chosen     map[int64]bool
	Input      secondment.CoverageInput
	Coverage   *secondment.Coverage
	Export     string
}

// coverageInput reads the coverage's query: programme=…&programme=…, as_of, until, years.
func coverageInput(r *http.Request) (secondment.CoverageInput, error) {
	var in secondment.CoverageInput
	for _, v := range r.URL.Query()["programme"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return in, app.InvalidValue("programme", v)
		}
		in.ProgrammeIDs = append(in.ProgrammeIDs, id)
	}
	var err error
	if in.AsOf, err = queryDate(r, "as_of"); err != nil {
		return in, err
	}
	if in.Until, err = queryDate(r, "until"); err != nil {
		return in, err
	}
	in.Years, err = queryInt(r, "years", 0)
	return in, err
}

func (s *Server) coverageView(r *http.Request) (*coverageView, error) {
	ctx := r.Context()
	if err := auth.Can(app.ActorOf(ctx), auth.ProgrammeManage); err != nil {
		return nil, err
	}
	v := &coverageView{Chosen: map[int64]bool{}}
	list, _, err := s.cfg.Programmes.Find(ctx, programme.Filter{Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if (p.Kind == programme.KindSecondment || p.Kind == programme.KindSecondmentTraining) && s.cfg.Programmes.CanManage(ctx, p) {
			v.Programmes = append(v.Programmes, p)
		}
	}
	if v.Input, err = coverageInput(r); err != nil {
		return v, err
	}
	if _, chosen := r.URL.Query()["programme"]; !chosen {
		// Unasked, the series is every secondment programme listed (the
		// 50 latest).
		for _, p := range v.Programmes[:min(len(v.Programmes), 50)] {
			v.Input.ProgrammeIDs = append(v.Input.ProgrammeIDs, p.ID)
		}
	}
	if len(v.Input.ProgrammeIDs) == 0 {
		return v, nil
	}
	q := url.Values{}
	for _, id := range v.Input.ProgrammeIDs {
		v.Chosen[id] = true
		q.Add("programme", strconv.FormatInt(id, 10))
	}
	for name, d := range map[string]app.Date{"as_of": v.Input.AsOf, "until": v.Input.Until} {
		if !d.IsZero() {
			q.Set(name, d.String())
		}
	}
	if v.Input.Years != 0 {
		q.Set("years", strconv.Itoa(v.Input.Years))
	}
	v.Coverage, err = s.cfg.Secondment.Coverage(ctx, v.Input)
	v.Export = string(linkTo("/coverage.xlsx", q))
	return v, err
}

func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.coverageView(r)
	if err != nil {
		if v == nil {
			return err
		}
		return s.renderForm(w, r, err, "secondment_coverage", "校长培训覆盖", "programmes", v)
	}
	return s.render(w, r, http.StatusOK, "secondment_coverage", "校长培训覆盖", "programmes", v)
}

// coverageOf computes the coverage the query asks for.
func (s *Server) coverageOf(r *http.Request) (*secondment.Coverage, error) {
	in, err := coverageInput(r)
	if err != nil {
		return nil, err
	}
	return s.cfg.Secondment.Coverage(r.Context(), in)
}

func (s *Server) coverageExport(w http.ResponseWriter, r *http.Request) error {
	c, err := s.coverageOf(r)
	if err != nil {
		return err
	}
	b, err := c.Workbook()
	if err != nil {
		return err
	}
	return writeXLSX(w, exportName("校长培训覆盖", s.cfg.Clock.Now()), b)
}

func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.coverageOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
