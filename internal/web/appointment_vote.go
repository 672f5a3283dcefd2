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

// voteLimited answers when a client has tried too many wrong codes.
func (s *Server) voteLimited(r *http.Request) error {
	if !s.codes.allow(s.clientAddr(r), s.cfg.Clock.Now()) {
		return app.Errorf(app.TooManyRequests, "尝试次数过多，请稍后再试", "Too many tries; try again later")
	}
	return nil
}

// voteFailed counts a wrong code and shows the code form again.
func (s *Server) voteFailed(w http.ResponseWriter, r *http.Request, err error, v voteView) error {
	if app.ErrorCode(err) == app.NotFound {
		s.codes.miss(s.clientAddr(r), s.cfg.Clock.Now())
		v.Ballot = nil
		return s.renderFormStatus(w, r, err, http.StatusNotFound, "appointment_vote", "民主测评", "", v)
	}
	return s.renderForm(w, r, err, "appointment_vote", "民主测评", "", v)
}

func (s *Server) votePage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "appointment_vote", "民主测评", "", voteView{})
}

// voteOpen shows the ballot a code opens.
func (s *Server) voteOpen(w http.ResponseWriter, r *http.Request) error {
	if err := s.voteLimited(r); err != nil {
		return err
	}
	v := voteView{Code: strings.TrimSpace(r.FormValue("code"))}
	b, err := s.cfg.Appointment.OpenBallot(r.Context(), v.Code)
	if err != nil {
		return s.voteFailed(w, r, err, v)
	}
	v.Ballot = b
	return s.render(w, r, http.StatusOK, "appointment_vote", "民主测评", "", v)
}

// voteCast records the ballot: a mark per candidate, blank to abstain.
func (s *Server) voteCast(w http.ResponseWriter, r *http.Request) error {
	if err := s.voteLimited(r); err != nil {
		return err
	}
	v := voteView{Code: strings.TrimSpace(r.FormValue("code"))}
	b, err := s.cfg.Appointment.OpenBallot(r.Context(), v.Code)
	if err != nil {
		return s.voteFailed(w, r, err, v)
	}
	v.Ballot = b
	marks := map[int64]string{}
	for _, c := range b.Candidates {
		marks[c.ID] = r.FormValue("mark_" + strconv.FormatInt(c.ID, 10))
	}
	if err := s.cfg.Appointment.Cast(r.Context(), v.Code, marks); err != nil {
		return s.voteFailed(w, r, err, v)
	}
	return s.render(w, r, http.StatusOK, "appointment_vote", "民主测评", "", voteView{Done: true})
}
