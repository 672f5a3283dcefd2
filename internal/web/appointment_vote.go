package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
)

// voteView is the voter's page of a democratic evaluation (民主测评), opened
// with a one-time code on a phone, without an account.
type voteView struct {
	Code   string
	Ballot *appointment.BallotPaper
	// Done is set once the ballot is cast.
	Done bool
}

// voteFailed shows the code form again after a wrong code or a refused ballot.
func (s *Server) voteFailed(w http.ResponseWriter, r *http.Request, err error, v voteView) error {
	if app.ErrorCode(err) == app.NotFound {
		v.Ballot = nil
		return s.renderFormStatus(w, r, err, http.StatusNotFound, "appointment_vote", "民主测评", "", v)
	}
	return s.renderForm(w, r, err, "appointment_vote", "民主测评", "", v)
}

func (s *Server) votePage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "appointment_vote", "民主测评", "", voteView{})
}

// openVote opens the ballot of the posted code, the try counted. When the
// code opens none, the answer is written (the code form again) and ok is false.
func (s *Server) openVote(w http.ResponseWriter, r *http.Request) (v voteView, ok bool, err error) {
	found, err := s.cfg.Auth.Guess(r.Context(), "ballot-code:"+s.clientAddr(r))
	if err != nil {
		return v, false, err
	}
	v.Code = strings.TrimSpace(r.FormValue("code"))
	if v.Ballot, err = s.cfg.Appointment.OpenBallot(r.Context(), v.Code); err != nil {
		return v, false, s.voteFailed(w, r, err, v)
	}
	return v, true, found(r.Context())
}

// voteOpen shows the ballot a code opens.
func (s *Server) voteOpen(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.openVote(w, r)
	if !ok || err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appointment_vote", "民主测评", "", v)
}

// voteCast records the ballot: a mark per candidate, blank to abstain.
func (s *Server) voteCast(w http.ResponseWriter, r *http.Request) error {
	v, ok, err := s.openVote(w, r)
	if !ok || err != nil {
		return err
	}
	marks := map[int64]string{}
	for _, c := range v.Ballot.Candidates {
		marks[c.ID] = r.FormValue("mark_" + strconv.FormatInt(c.ID, 10))
	}
	if err := s.cfg.Appointment.Cast(r.Context(), v.Code, marks); err != nil {
		return s.voteFailed(w, r, err, v)
	}
	return s.render(w, r, http.StatusOK, "appointment_vote", "民主测评", "", voteView{Done: true})
}
