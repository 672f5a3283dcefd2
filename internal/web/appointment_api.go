package web

import (
	"context"
	"net/http"

	"jiaoliu/internal/appointment"
)

func (s *Server) apiSelections(w http.ResponseWriter, r *http.Request) error {
	items, err := s.cfg.Appointment.Find(r.Context(), appointment.Filter{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*appointment.Selection]{Items: items, Total: len(items), Page: 1, PerPage: len(items)})
	return nil
}

func (s *Server) apiCreateSelection(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Appointment.Create)
}

func (s *Server) apiHeadSelection(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Appointment.FindByID)
}

func (s *Server) apiSelectionCandidate(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Appointment.AddCandidate)
}

// apiCandidateStep runs a step on the {candidate} of the {id} selection.
func apiCandidateStep[In any](w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id, candidate int64, in In) (*appointment.Candidate, error)) error {
	c, err := pathID(r, "candidate")
	if err != nil {
		return err
	}
	return apiWrite(w, r, http.StatusOK, func(ctx context.Context, id int64, in In) (*appointment.Candidate, error) {
		return act(ctx, id, c, in)
	})
}

func (s *Server) apiSelectionReview(w http.ResponseWriter, r *http.Request) error {
	return apiCandidateStep(w, r, s.cfg.Appointment.Overrule)
}

func (s *Server) apiSelectionReport(w http.ResponseWriter, r *http.Request) error {
	return apiCandidateStep(w, r, s.cfg.Appointment.Report)
}

func (s *Server) apiSelectionEvaluation(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Appointment.OpenEvaluation)
}

// codesInput asks for more one-time codes.
type codesInput struct {
	Count int `json:"count"`
}

func (s *Server) apiSelectionCodes(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, func(ctx context.Context, id int64, in codesInput) (*appointment.Codes, error) {
		return s.cfg.Appointment.IssueCodes(ctx, id, in.Count)
	})
}

func (s *Server) apiSelectionBallots(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Appointment.EnterPaper)
}

func (s *Server) apiSelectionCount(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s.cfg.Appointment, w, r, http.StatusOK, func(svc *appointment.Service, id int64, _ struct{}) (any, error) {
		return svc.Count(r.Context(), id)
	})
}

func (s *Server) apiSelectionDecision(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Appointment.Decide)
}

func (s *Server) apiSelectionAppoint(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s.cfg.Appointment, w, r, http.StatusCreated, func(svc *appointment.Service, id int64, in appointment.AppointInput) (any, error) {
		return svc.Appoint(r.Context(), id, in)
	})
}

func (s *Server) apiContracts(w http.ResponseWriter, r *http.Request) error {
	items, err := s.cfg.Appointment.Contracts(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*appointment.Contract]{Items: items, Total: len(items), Page: 1, PerPage: len(items)})
	return nil
}

func (s *Server) apiContractAssessment(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Appointment.Assess)
}
