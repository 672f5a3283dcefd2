package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/training"
)

// The online assessment: the question bank, sitting a paper, marking.

// assessmentPanel is the assessment's part of a course page: the taker's
// attempts and whether they may start one; for managers the bank.
type assessmentPanel struct {
	Attempts  []*training.Attempt
	CanStart  bool
	Why       string
	Questions []*training.Question
}

func (s *Server) assessmentPanel(r *http.Request, c *training.Course, own *training.Enrolment) (*assessmentPanel, error) {
	if !c.Assessment {
		return nil, nil
	}
	ctx := r.Context()
	p := &assessmentPanel{}
	var err error
	if own != nil {
		if p.Attempts, err = s.cfg.Training.Attempts(ctx, own); err != nil {
			return nil, err
		}
		if err := c.CanStart(own, p.Attempts); err != nil {
			p.Why = app.ErrorMessage(err, langOf(r))
		} else {
			p.CanStart = true
		}
	}
	if s.cfg.Training.CanManage(ctx, c) {
		if p.Questions, err = s.cfg.Training.Questions(ctx, c); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (s *Server) questionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "question_added", coursePath, func(id int64) error {
		in, err := questionForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Training.AddQuestion(r.Context(), id, in)
		return err
	}, s.courseAgain(w, r))
}

func attemptPath(id int64) string { return "/training/assessments/" + strconv.FormatInt(id, 10) }

func (s *Server) attemptStartSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.cfg.Training.Start(r.Context(), id)
	if err != nil {
		return s.courseAgain(w, r)(err)
	}
	return redirect(w, r, attemptPath(a.ID), "")
}

func (s *Server) apiAttemptStart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.cfg.Training.Start(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// attemptView is a paper: to answer while open, with its marks after.
type attemptView struct {
	Attempt   *training.Attempt
	Course    *training.Course
	Taker     bool
	CanMark   bool
	Remaining int // seconds left
	Minutes   int
	Seconds   int
	Letters   []string
}

func (s *Server) attemptView(r *http.Request) (*attemptView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	a, c, err := s.cfg.Training.Attempt(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &attemptView{Attempt: a, Course: c, Taker: app.ActorOf(ctx).EducatorID == a.EducatorID,
		CanMark: a.Status == training.AttemptSubmitted && s.cfg.Training.CanManage(ctx, c),
		Letters: []string{"A", "B", "C", "D", "E", "F", "G", "H"}}
	if left := a.Deadline.Sub(s.cfg.Clock.Now()); left > 0 && a.Status == training.AttemptOpen {
		v.Remaining = int(left / time.Second)
		v.Minutes, v.Seconds = v.Remaining/60, v.Remaining%60
	}
	return v, nil
}

func (s *Server) attemptPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.attemptView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_attempt", v.Course.Name+" · "+translate(langOf(r), "在线考核"), "training", v)
}

func (s *Server) apiAttempt(w http.ResponseWriter, r *http.Request) error {
	v, err := s.attemptView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Attempt)
	return nil
}

// formAnswers reads a paper's form: answer_N for position N, several
// values for a multiple choice.
func formAnswers(r *http.Request) (map[int]string, error) {
	if err := r.ParseForm(); err != nil {
		return nil, app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
	}
	out := map[int]string{}
	for k, vs := range r.Form {
		pos, ok := strings.CutPrefix(k, "answer_")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(pos)
		if err != nil || n < 1 {
			return nil, app.InvalidValue(k, pos)
		}
		out[n] = strings.Join(vs, "")
	}
	return out, nil
}

func (s *Server) attemptAnswersSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	answers, err := formAnswers(r)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Training.Submit(r.Context(), id, answers); err != nil {
		if app.ErrorCode(err) != app.Conflict {
			return err
		}
		v, verr := s.attemptView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "training_attempt", v.Course.Name, "training", v)
	}
	return redirect(w, r, attemptPath(id), "answers_submitted")
}

// answersJSON is an answer sheet: the answers by question position.
type answersJSON struct {
	Answers map[int]string `json:"answers"`
}

func (s *Server) apiAttemptAnswers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, _, err := s.cfg.Training.Attempt(r.Context(), id); err != nil {
		return err
	}
	var in answersJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.cfg.Training.Submit(r.Context(), id, in.Answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) attemptMarksSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "attempt_marked", attemptPath, func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
		}
		marks := map[int]int{}
		for k := range r.Form {
			pos, ok := strings.CutPrefix(k, "mark_")
			if !ok {
				continue
			}
			n, err := strconv.Atoi(pos)
			if err != nil {
				return app.InvalidValue(k, pos)
			}
			if marks[n], err = queryInt(r, k, -1); err != nil {
				return err
			}
		}
		_, err := s.cfg.Training.Mark(r.Context(), id, marks)
		return err
	}, func(err error) error {
		v, verr := s.attemptView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "training_attempt", v.Course.Name, "training", v)
	})
}
