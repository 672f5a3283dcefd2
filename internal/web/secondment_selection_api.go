package web

import (
	"context"
	"net/http"

	"jiaoliu/internal/secondment"
)

// selectionWork is the home page's part of the selections: the actor's
// candidacies and nominations, the programmes open to nominations, the
// selections they score for and those they organise.
type selectionWork struct {
	Mine       []*secondment.Candidacy
	Open       int
	Panel      []*secondment.Task
	Organising []*secondment.Task
}

// Any reports whether there is anything to show.
func (w selectionWork) Any() bool {
	return len(w.Mine) > 0 || w.Open > 0 || len(w.Panel) > 0 || len(w.Organising) > 0
}

func (s *Server) selectionWork(ctx context.Context, w *homeWork) error {
	var err error
	if w.Selection.Mine, err = s.cfg.Selection.Mine(ctx); err != nil {
		return err
	}
	open, err := s.cfg.Selection.OpenForNomination(ctx)
	if err != nil {
		return err
	}
	w.Selection.Open = len(open)
	w.Selection.Panel, w.Selection.Organising, err = s.cfg.Selection.Tasks(ctx)
	return err
}

// selectionBody reads the {id} of a programme the actor may see, then the
// JSON body into in: a programme out of scope answers 404 whatever the body.
func (s *Server) selectionBody(r *http.Request, in any) (int64, error) {
	return s.programmeBody(r, in)
}

func (s *Server) apiSelection(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Selection.Round)
}

func (s *Server) apiCandidates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	round, err := s.cfg.Selection.Round(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*secondment.Candidate]{Items: round.Candidates, Total: len(round.Candidates), Page: 1, PerPage: len(round.Candidates)})
	return nil
}

func (s *Server) apiNominate(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Selection.Nominate)
}

func (s *Server) apiSelectionSettings(w http.ResponseWriter, r *http.Request) error {
	var in secondment.SelectionInput
	id, err := s.selectionBody(r, &in)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Open(r.Context(), id, in); err != nil {
		return err
	}
	return s.apiSelection(w, r)
}

// conditionsJSON is the body of PUT …/conditions.
type conditionsJSON struct {
	Conditions []secondment.CategoryConditions `json:"conditions"`
}

func (s *Server) apiConditions(w http.ResponseWriter, r *http.Request) error {
	var in conditionsJSON
	id, err := s.selectionBody(r, &in)
	if err != nil {
		return err
	}
	cs, err := s.cfg.Selection.SetConditions(r.Context(), id, in.Conditions)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, conditionsJSON{cs})
	return nil
}

// panelJSON is the body of PUT …/panel.
type panelJSON struct {
	ReviewerIDs []int64 `json:"reviewer_ids"`
}

func (s *Server) apiPanel(w http.ResponseWriter, r *http.Request) error {
	var in panelJSON
	id, err := s.selectionBody(r, &in)
	if err != nil {
		return err
	}
	if err := s.cfg.Selection.SetPanel(r.Context(), id, in.ReviewerIDs); err != nil {
		return err
	}
	return s.apiSelection(w, r)
}

// assignmentsJSON is the body of PUT …/assignments: the pairs, or all.
type assignmentsJSON struct {
	All         bool                          `json:"all"`
	Assignments []secondment.ReviewAssignment `json:"assignments"`
}

func (s *Server) apiAssignments(w http.ResponseWriter, r *http.Request) error {
	var in assignmentsJSON
	id, err := s.selectionBody(r, &in)
	if err != nil {
		return err
	}
	if in.All {
		err = s.cfg.Selection.AssignAll(r.Context(), id)
	} else {
		err = s.cfg.Selection.Assign(r.Context(), id, in.Assignments)
	}
	if err != nil {
		return err
	}
	return s.apiSelection(w, r)
}

// apiSelectionStep answers POST …/selection/{step} by running it and
// returning the round.
func (s *Server) apiSelectionStep(step func(ctx context.Context, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := step(r.Context(), id); err != nil {
			return err
		}
		return s.apiSelection(w, r)
	}
}

func (s *Server) apiCandidate(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Selection.Candidate)
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Candidate(r.Context(), id); err != nil {
		return err
	}
	var in secondment.ReviewInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Review(r.Context(), id, in); err != nil {
		return err
	}
	return s.apiCandidate(w, r)
}

func (s *Server) apiScores(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Candidate(r.Context(), id); err != nil {
		return err
	}
	var in secondment.ScoreInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.cfg.Selection.SubmitScores(r.Context(), id, in); err != nil {
		return err
	}
	return s.apiCandidate(w, r)
}

// applicationsJSON is GET /api/v1/me/applications.
type applicationsJSON struct {
	Items []*secondment.Candidacy `json:"items"`
	// Open are the programmes taking nominations or applications from the actor.
	Open []*openProgrammeJSON `json:"open"`
}

type openProgrammeJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func (s *Server) apiMyApplications(w http.ResponseWriter, r *http.Request) error {
	mine, err := s.cfg.Selection.Mine(r.Context())
	if err != nil {
		return err
	}
	open, err := s.cfg.Selection.OpenForNomination(r.Context())
	if err != nil {
		return err
	}
	out := applicationsJSON{Items: mine, Open: []*openProgrammeJSON{}}
	for _, p := range open {
		out.Open = append(out.Open, &openProgrammeJSON{ID: p.ID, Name: p.Name})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
