package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
)

// Pairing assistance (结对帮扶, SPEC §5): the cycles, a cycle's pairs with
// its dashboard, the proposal, publication, the end-of-cycle review.

func cyclePath(id int64) string { return "/pairing/cycles/" + itoa(id) }
func pairPath(id int64) string  { return "/pairing/pairs/" + itoa(id) }

// pairingView is the pairing home: the cycles the actor reads, activity
// per county and, for HR, the form to open a cycle.
type pairingView struct {
	Cycles   []*pairing.Cycle
	Counties []*pairing.CountyRow
	Chart    chart
	// Open are the counties where the actor opens cycles.
	Open  []*org.County
	Today app.Date
}

func (s *Server) pairingData(r *http.Request) (*pairingView, error) {
	ctx := r.Context()
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	v := &pairingView{Today: s.cfg.Pairing.Today()}
	if v.Cycles, err = s.cfg.Pairing.Cycles(ctx, county); err != nil {
		return nil, err
	}
	if v.Counties, err = s.cfg.Pairing.Counties(ctx); err != nil {
		return nil, err
	}
	var bars []countBar
	for _, c := range v.Counties {
		bars = append(bars, countBar{Label: c.CountyName, Value: c.Activities, Note: translatef(r, "%d对，%d对无活动", c.Pairs, c.Idle)})
	}
	v.Chart = countChart(langOf(r), "各区县帮扶活动次数", bars)
	if s.cfg.Pairing.CanOpen(ctx) {
		visible, err := s.visibleCounties(r)
		if err != nil {
			return nil, err
		}
		for _, c := range visible {
			if auth.Decide(app.ActorOf(ctx), auth.PairingManage, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil {
				v.Open = append(v.Open, c)
			}
		}
	}
	return v, nil
}

func (s *Server) pairingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.pairingData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "pairing", "结对帮扶", "pairing", v)
}

func (s *Server) cycleInput(r *http.Request) (pairing.CycleInput, error) {
	in := pairing.CycleInput{Name: r.FormValue("name"), SchoolKind: r.FormValue("school_kind")}
	var err error
	if in.CountyID, err = queryID(r, "county_id"); err != nil {
		return in, err
	}
	if in.PreviousID, err = queryID(r, "previous_id"); err != nil {
		return in, err
	}
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	caps := []*int{&in.Capacities.Province, &in.Capacities.City, &in.Capacities.County, &in.Capacities.Quality}
	defs := []int{pairing.DefaultCapacities.Province, pairing.DefaultCapacities.City, pairing.DefaultCapacities.County, pairing.DefaultCapacities.Quality}
	for i, name := range []string{"capacity_province", "capacity_city", "capacity_county", "capacity_quality"} {
		if *caps[i], err = queryInt(r, name, defs[i]); err != nil {
			return in, err
		}
	}
	in.IdleWeeks, err = queryInt(r, "idle_weeks", 8)
	return in, err
}

func (s *Server) cycleCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := s.cycleInput(r)
	var c *pairing.Cycle
	if err == nil {
		c, err = s.cfg.Pairing.OpenCycle(r.Context(), in)
	}
	if err != nil {
		v, verr := s.pairingData(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "pairing", "结对帮扶", "pairing", v)
	}
	return redirect(w, r, cyclePath(c.ID), "cycle_opened")
}

// proposalRow is one proposed pair with the schools' names.
type proposalRow struct {
	Helper, Helped         int64
	HelperName, HelpedName string
}

// cycleView is a cycle's page.
type cycleView struct {
	Cycle     *pairing.Cycle
	Dashboard *pairing.Dashboard
	Chart     chart
	CanManage bool
	// For those who run the cycle: the helper's proposal (before
	// publication), the schools that may pair, partners, commendations.
	Proposal      []proposalRow
	Unpaired      []string
	ProposalError string
	Candidates    *pairing.Candidates
	Partners      []*pairing.Partner
	Commendations []*pairing.Commendation
	Cycles        []*pairing.Cycle
}

func (s *Server) cycleData(r *http.Request) (*cycleView, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	d, err := s.cfg.Pairing.Dashboard(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &cycleView{Cycle: d.Cycle, Dashboard: d, CanManage: s.cfg.Pairing.CanManage(ctx, d.Cycle)}
	var bars []countBar
	for _, m := range d.Months {
		bars = append(bars, countBar{Label: m.Label, Value: m.Activities})
	}
	v.Chart = countChart(langOf(r), "近12个月帮扶活动次数", bars)
	if v.Commendations, err = s.cfg.Pairing.Commendations(ctx, d.Cycle); err != nil {
		return nil, err
	}
	if !v.CanManage {
		return v, nil
	}
	if v.Candidates, err = s.cfg.Pairing.Candidates(ctx, id); err != nil {
		return nil, err
	}
	if v.Partners, err = s.cfg.Pairing.Partners(ctx, d.Cycle); err != nil {
		return nil, err
	}
	if v.Cycles, err = s.cfg.Pairing.Cycles(ctx, d.Cycle.CountyID); err != nil {
		return nil, err
	}
	if d.Cycle.Published() {
		return v, nil
	}
	names := map[int64]string{}
	for _, sc := range append(append([]*org.School{}, v.Candidates.Helpers...), v.Candidates.Helped...) {
		names[sc.ID] = sc.Name
	}
	prop, err := s.cfg.Pairing.Propose(ctx, id, keptPairs(d.Cycle))
	if err != nil {
		v.ProposalError = app.ErrorMessage(err, langOf(r))
		return v, nil
	}
	for _, p := range prop.Pairs {
		v.Proposal = append(v.Proposal, proposalRow{Helper: p.Helper, Helped: p.Helped, HelperName: names[p.Helper], HelpedName: names[p.Helped]})
	}
	for _, id := range prop.Unpaired {
		v.Unpaired = append(v.Unpaired, names[id])
	}
	return v, nil
}

// keptPairs are the pairs of a cycle marked kept: a new proposal keeps them.
func keptPairs(c *pairing.Cycle) []pairing.SchoolPair {
	var out []pairing.SchoolPair
	for _, p := range c.Pairs {
		if p.Kept && p.HelperSchoolID != 0 {
			out = append(out, pairing.SchoolPair{Helper: p.HelperSchoolID, Helped: p.HelpedSchoolID})
		}
	}
	return out
}

func (s *Server) cyclePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.cycleData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "pairing_cycle", v.Cycle.Name, "pairing", v)
}

// cycleAgain shows the cycle page once more with a failed form's error.
func (s *Server) cycleAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.cycleData(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "pairing_cycle", v.Cycle.Name, "pairing", v)
	}
}

// keepInput reads the kept pairs of a proposal form: keep=helper:helped.
func keepInput(r *http.Request) ([]pairing.SchoolPair, error) {
	if err := r.ParseForm(); err != nil {
		return nil, app.Errorf(app.Invalid, "表单无法读取", "The form cannot be read")
	}
	var out []pairing.SchoolPair
	for _, v := range r.Form["keep"] {
		a, b, ok := strings.Cut(v, ":")
		h, err1 := strconv.ParseInt(a, 10, 64)
		w, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, invalidParam("keep", v)
		}
		out = append(out, pairing.SchoolPair{Helper: h, Helped: w})
	}
	return out, nil
}

func (s *Server) proposalSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "proposal_applied", cyclePath, func(id int64) error {
		keep, err := keepInput(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Pairing.ApplyProposal(r.Context(), id, keep)
		return err
	}, s.cycleAgain(w, r))
}

func (s *Server) pairInput(r *http.Request) (pairing.PairInput, error) {
	var in pairing.PairInput
	var err error
	if in.HelperSchoolID, err = queryID(r, "helper_school_id"); err != nil {
		return in, err
	}
	if in.PartnerID, err = queryID(r, "partner_id"); err != nil {
		return in, err
	}
	in.HelpedSchoolID, err = queryID(r, "helped_school_id")
	in.Kept = r.FormValue("kept") == "1"
	return in, err
}

func (s *Server) pairCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "pair_added", cyclePath, func(id int64) error {
		in, err := s.pairInput(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Pairing.AddPair(r.Context(), id, in)
		return err
	}, s.cycleAgain(w, r))
}

// pairOf reads the pair of the path's {id}.
func (s *Server) pairOf(r *http.Request) (*pairing.Pair, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.cfg.Pairing.Pair(r.Context(), id)
}

func (s *Server) pairDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pairOf(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Pairing.RemovePair(r.Context(), p.ID); err != nil {
		return err
	}
	return redirect(w, r, cyclePath(p.CycleID), "pair_removed")
}

func (s *Server) cyclePublishSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "cycle_published", cyclePath, func(id int64) error {
		return s.cfg.Pairing.Publish(r.Context(), id)
	}, s.cycleAgain(w, r))
}

func (s *Server) cycleReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "cycle_reviewed", cyclePath, func(id int64) error {
		return s.cfg.Pairing.ReviewCycle(r.Context(), id, r.FormValue("review"))
	}, s.cycleAgain(w, r))
}

func (s *Server) pairingCommendSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "pair_commended", cyclePath, func(id int64) error {
		in := pairing.CommendationInput{Title: r.FormValue("title")}
		var err error
		if in.PairID, err = queryID(r, "pair_id"); err != nil {
			return err
		}
		if in.EducatorID, err = queryID(r, "educator_id"); err != nil {
			return err
		}
		_, err = s.cfg.Pairing.Commend(r.Context(), id, in)
		return err
	}, s.cycleAgain(w, r))
}

func (s *Server) partnerCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "partner_created", cyclePath, func(id int64) error {
		_, err := s.cfg.Pairing.CreatePartner(r.Context(), id, pairing.PartnerInput{Name: r.FormValue("name"), Kind: r.FormValue("kind"),
			Region: r.FormValue("region"), Contact: r.FormValue("contact")})
		return err
	}, s.cycleAgain(w, r))
}

// countBar is one row of a count chart.
type countBar struct {
	Label string
	Value int
	Note  string
}

// countChart draws horizontal bars of counts as an SVG per row, with the
// labels and figures as HTML text (readable on a phone), in the classes of
// the rotation charts.
func countChart(lang, title string, bars []countBar) chart {
	if len(bars) == 0 {
		return ""
	}
	top := 1
	for _, b := range bars {
		top = max(top, b.Value)
	}
	var sb strings.Builder
	esc := template.HTMLEscapeString
	fmt.Fprintf(&sb, `<div class="rot-chart rot-bars pairing-chart" role="figure" aria-label="%s">`, esc(translate(lang, title)))
	for _, b := range bars {
		fmt.Fprintf(&sb, `<div class="rot-bar-row"><span class="rot-label">%s</span>`, esc(b.Label))
		sb.WriteString(`<svg class="rot-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">`)
		fmt.Fprintf(&sb, `<rect class="rot-track" x="0" y="0" width="100" height="10"></rect><rect class="rot-good" x="0" y="0" width="%.2f" height="10"></rect>`,
			100*float64(b.Value)/float64(top))
		note := strconv.Itoa(b.Value)
		if b.Note != "" {
			note += " · " + b.Note
		}
		fmt.Fprintf(&sb, `</svg><span class="rot-note">%s</span></div>`, esc(note))
	}
	sb.WriteString(`</div>`)
	return chart(sb.String())
}
