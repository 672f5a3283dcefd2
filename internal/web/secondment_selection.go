package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// The selection of a programme's participants (选派, SPEC §4.2): the
// organisers' page of a round, a candidate's page, and the page where
// schools, counties and people put candidates forward and follow them.

// selectionView is a round's page.
type selectionView struct {
	*secondment.Round
	// ByCandidate are the actor's visible marks, by candidate and criterion.
	ByCandidate map[int64]map[int64]float64
	// Grid is the assignment form: a row per qualified candidate, a cell per panel member.
	Grid []gridRow
	// Panel are the reviewers on the panel.
	Panel    []*secondment.Reviewer
	Criteria string
	// Categories for the conditions form, with the posts and backbone choices.
	Posts     app.Vocab
	Backbones app.Vocab
	Today     app.Date
}

func (s *Server) selectionView(r *http.Request) (*selectionView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	round, err := s.cfg.Selection.Round(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &selectionView{Round: round, ByCandidate: map[int64]map[int64]float64{},
		Posts: people.Posts, Backbones: people.Backbones, Today: s.cfg.Selection.Today()}
	for _, x := range round.Scores {
		if v.ByCandidate[x.CandidateID] == nil {
			v.ByCandidate[x.CandidateID] = map[int64]float64{}
		}
		v.ByCandidate[x.CandidateID][x.CriterionID] = x.Score
	}
	v.grid()
	if round.Selection != nil {
		v.Criteria = secondment.FormatCriteria(round.Selection.Criteria)
	} else {
		v.Criteria = "工作实绩 40 100\n管理能力 30 100\n综合素质 30 100\n"
	}
	return v, nil
}

// gridRow is a candidate's line of the assignment form.
type gridRow struct {
	Candidate *secondment.Candidate
	Cells     []gridCell
}

// gridCell is one candidate/reviewer pair: Key is the form's value "c-u".
type gridCell struct {
	Reviewer string
	Key      string
	On       bool
}

func (v *selectionView) grid() {
	on := map[secondment.ReviewAssignment]bool{}
	for _, a := range v.Assignments {
		on[a] = true
	}
	for _, r := range v.Reviewers {
		if r.OnPanel {
			v.Panel = append(v.Panel, r)
		}
	}
	for _, c := range v.Candidates {
		if c.Status != secondment.CandidateQualified {
			continue
		}
		row := gridRow{Candidate: c}
		for _, r := range v.Panel {
			key := strconv.FormatInt(c.ID, 10) + "-" + strconv.FormatInt(r.UserID, 10)
			row.Cells = append(row.Cells, gridCell{Reviewer: r.DisplayName, Key: key, On: on[secondment.ReviewAssignment{CandidateID: c.ID, UserID: r.UserID}]})
		}
		v.Grid = append(v.Grid, row)
	}
}

// ProgressOf is a reviewer's assigned and scored counts.
func (v *selectionView) ProgressOf(userID int64) [2]int { return v.Progress[userID] }

func (s *Server) selectionPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.selectionView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_selection", "选派", "programmes", v)
}

func selectionPath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) + "/selection" }

// selectionAction runs a form's action on the programme of the path and
// shows its selection page again, with a flash message or the error.
func (s *Server) selectionAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, selectionPath, act, func(err error) error {
		v, verr := s.selectionView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_selection", "选派", "programmes", v)
	})
}

// selectionForm reads the settings form.
func selectionForm(r *http.Request) (secondment.SelectionInput, error) {
	in := secondment.SelectionInput{DropExtremes: r.FormValue("drop_extremes") != ""}
	if t := strings.TrimSpace(r.FormValue("spread_threshold")); t != "" {
		x, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return in, app.InvalidValue("spread_threshold", t)
		}
		in.SpreadThreshold = x
	}
	var err error
	in.Criteria, err = secondment.ParseCriteria(r.FormValue("criteria"))
	return in, err
}

func (s *Server) selectionSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "selection_saved", func(id int64) error {
		in, err := selectionForm(r)
		if err == nil {
			_, err = s.cfg.Selection.Open(r.Context(), id, in)
		}
		return err
	})
}

// conditionsForm reads the conditions form: one block per category, by index.
func conditionsForm(r *http.Request) ([]secondment.CategoryConditions, error) {
	if err := r.ParseForm(); err != nil {
		return nil, app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
	}
	var out []secondment.CategoryConditions
	for i := 0; i < 50; i++ {
		k := strconv.Itoa(i)
		name, ok := r.Form["category_"+k]
		if !ok {
			break
		}
		c := secondment.CategoryConditions{Category: name[0], Posts: r.Form["posts_"+k], Backbone: r.FormValue("backbone_" + k)}
		var err error
		if c.MinYears, err = queryInt(r, "min_years_"+k, 0); err != nil {
			return nil, err
		}
		if c.MaxAge, err = queryInt(r, "max_age_"+k, 0); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *Server) conditionsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "conditions_saved", func(id int64) error {
		cs, err := conditionsForm(r)
		if err == nil {
			_, err = s.cfg.Selection.SetConditions(r.Context(), id, cs)
		}
		return err
	})
}

func (s *Server) panelSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "panel_saved", func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
		}
		ids := []int64{}
		for _, v := range r.Form["reviewer"] {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return app.InvalidValue("reviewer", v)
			}
			ids = append(ids, n)
		}
		return s.cfg.Selection.SetPanel(r.Context(), id, ids)
	})
}

func (s *Server) assignmentsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "assignments_saved", func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
		}
		if r.FormValue("all") != "" {
			return s.cfg.Selection.AssignAll(r.Context(), id)
		}
		as := []secondment.ReviewAssignment{}
		for _, v := range r.Form["pair"] {
			c, u, ok := strings.Cut(v, "-")
			cid, err1 := strconv.ParseInt(c, 10, 64)
			uid, err2 := strconv.ParseInt(u, 10, 64)
			if !ok || err1 != nil || err2 != nil {
				return app.InvalidValue("pair", v)
			}
			as = append(as, secondment.ReviewAssignment{CandidateID: cid, UserID: uid})
		}
		return s.cfg.Selection.Assign(r.Context(), id, as)
	})
}

func (s *Server) scoringSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "scoring_started", func(id int64) error { return s.cfg.Selection.StartScoring(r.Context(), id) })
}

func (s *Server) resultsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "results_computed", func(id int64) error { return s.cfg.Selection.ComputeResults(r.Context(), id) })
}

// nominationForm reads a nomination or an application.
func nominationForm(r *http.Request) (secondment.NominationInput, error) {
	in := secondment.NominationInput{Category: r.FormValue("category"), Reasons: r.FormValue("reasons")}
	var err error
	in.EducatorID, err = queryID(r, "educator_id")
	if err == nil && in.EducatorID == 0 {
		if a := app.ActorOf(r.Context()); a != nil {
			in.EducatorID = a.EducatorID
		}
	}
	return in, err
}

func (s *Server) nominateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := nominationForm(r)
	if err == nil {
		_, err = s.cfg.Selection.Nominate(r.Context(), id, in)
	}
	if err != nil {
		code := app.ErrorCode(err)
		if code == app.NotFound || code == app.Unauthenticated || code == app.Internal {
			return err
		}
		v, verr := s.applicationsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_applications", "选派报名", "selection", v)
	}
	return redirect(w, r, "/selection", "nominated")
}

// applicationsView is the page where schools, counties and people put
// candidates forward and follow their candidacies.
type applicationsView struct {
	Mine []*secondment.Candidacy
	Open []*programme.Programme
	// Self is the actor's own educator id, when the account is a person's.
	Self int64
	// Found are the educators the nomination search found, for Programme.
	Found     []*people.Educator
	Programme int64
	Q         string
	// Notices are the selections' notices open for objections.
	Notices []*notice.Notice
}

func (s *Server) applicationsView(r *http.Request) (*applicationsView, error) {
	ctx := r.Context()
	v := &applicationsView{Q: strings.TrimSpace(r.FormValue("q"))}
	if a := app.ActorOf(ctx); a != nil {
		v.Self = a.EducatorID
	}
	var err error
	if v.Mine, err = s.cfg.Selection.Mine(ctx); err != nil {
		return nil, err
	}
	if v.Open, err = s.cfg.Selection.OpenForNomination(ctx); err != nil {
		return nil, err
	}
	if v.Notices, err = s.cfg.Selection.OpenNotices(ctx); err != nil {
		return nil, err
	}
	if v.Programme, err = queryID(r, "programme"); err != nil {
		return nil, err
	}
	if v.Q != "" && auth.Can(app.ActorOf(ctx), auth.EducatorRead) == nil {
		for _, p := range v.Open {
			if p.ID == v.Programme {
				f := people.EducatorFilter{Q: v.Q, CountyID: p.CountyID, Limit: 20}
				if v.Found, _, err = s.cfg.People.FindEducators(ctx, f); err != nil {
					return nil, err
				}
			}
		}
	}
	return v, nil
}

func (s *Server) applicationsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.applicationsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_applications", "选派报名", "selection", v)
}

// candidateView is a candidate's page.
type candidateView struct {
	*secondment.CandidateView
	// Mine are the actor's own marks, by criterion, for the scoring form.
	Mine map[int64]float64
	// ByReviewer are the visible marks, by reviewer name and criterion.
	ByReviewer map[string]map[int64]float64
	Reviewers  []string
}

func (s *Server) candidateView(r *http.Request) (*candidateView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	cv, err := s.cfg.Selection.Candidate(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &candidateView{CandidateView: cv, Mine: map[int64]float64{}, ByReviewer: map[string]map[int64]float64{}}
	a := app.ActorOf(r.Context())
	for _, x := range cv.Scores {
		if a != nil && x.UserID == a.UserID {
			v.Mine[x.CriterionID] = x.Score
		}
		if v.ByReviewer[x.Reviewer] == nil {
			v.ByReviewer[x.Reviewer] = map[int64]float64{}
			v.Reviewers = append(v.Reviewers, x.Reviewer)
		}
		v.ByReviewer[x.Reviewer][x.CriterionID] = x.Score
	}
	return v, nil
}

func (s *Server) candidatePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.candidateView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_candidate", v.Candidate.Name, "programmes", v)
}

func candidatePath(id int64) string { return "/candidates/" + strconv.FormatInt(id, 10) }

func (s *Server) candidateAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, candidatePath, act, func(err error) error {
		v, verr := s.candidateView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_candidate", v.Candidate.Name, "programmes", v)
	})
}

func (s *Server) reviewSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.candidateAction(w, r, "reviewed", func(id int64) error {
		version, err := queryInt(r, "version", 0)
		if err != nil {
			return err
		}
		var in secondment.ReviewInput
		switch r.FormValue("decision") {
		case "qualified":
			in.Qualified = true
		case "unqualified":
		default:
			return &app.Error{Code: app.Invalid, Message: "请选择审查结论", English: "Choose the decision", Fields: map[string]string{"decision": "required"}}
		}
		in.Reason, in.Version = r.FormValue("reason"), version
		_, err = s.cfg.Selection.Review(r.Context(), id, in)
		return err
	})
}

// selectionScoreForm reads marks given as score_<criterion id>.
func selectionScoreForm(r *http.Request) (secondment.ScoreInput, error) {
	in := secondment.ScoreInput{}
	if err := r.ParseForm(); err != nil {
		return in, app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
	}
	for k, vs := range r.Form {
		idText, ok := strings.CutPrefix(k, "score_")
		if !ok {
			continue
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			return in, app.InvalidValue(k, idText)
		}
		text := strings.TrimSpace(vs[0])
		if text == "" {
			continue
		}
		x, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return in, &app.Error{Code: app.Invalid, Message: fmt.Sprintf("得分应为数字：%s", text), English: "A mark must be a number: " + text,
				Fields: map[string]string{k: "invalid"}}
		}
		in.Scores = append(in.Scores, secondment.CriterionScore{CriterionID: id, Score: x})
	}
	return in, nil
}

func (s *Server) scoresSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.candidateAction(w, r, "scored", func(id int64) error {
		in, err := selectionScoreForm(r)
		if err == nil {
			err = s.cfg.Selection.SubmitScores(r.Context(), id, in)
		}
		return err
	})
}
