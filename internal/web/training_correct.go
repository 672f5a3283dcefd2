package web

import (
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/training"
)

// Corrections to a class's timetable and a course's question bank: pages
// post from the class and course pages and come back to them; the API
// answers with the corrected record, or 204 for a deletion.

// sessionInput is a session as the API takes it.
type sessionInput struct {
	Day   app.Date `json:"day"`
	Topic string   `json:"topic"`
}

func (s *Server) sessionUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "session_updated", classPath, func(id int64) error {
		session, err := pathID(r, "session")
		if err != nil {
			return err
		}
		day, err := queryDate(r, "day")
		if err != nil {
			return err
		}
		_, err = s.cfg.Training.UpdateSession(r.Context(), id, session, day, r.FormValue("topic"))
		return err
	}, s.classAgain(w, r))
}

func (s *Server) sessionDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "session_deleted", classPath, func(id int64) error {
		session, err := pathID(r, "session")
		if err != nil {
			return err
		}
		return s.cfg.Training.DeleteSession(r.Context(), id, session)
	}, s.classAgain(w, r))
}

// apiSession writes a session of class {id}: a new one, or with {session}
// a correction.
func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in sessionInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if r.PathValue("session") == "" {
		ss, err := s.cfg.Training.AddSession(r.Context(), id, in.Day, in.Topic)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, ss)
		return nil
	}
	session, err := pathID(r, "session")
	if err != nil {
		return err
	}
	ss, err := s.cfg.Training.UpdateSession(r.Context(), id, session, in.Day, in.Topic)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ss)
	return nil
}

func (s *Server) apiDeleteSession(w http.ResponseWriter, r *http.Request) error {
	id, session, err := pathIDs(r, "session")
	if err != nil {
		return err
	}
	return noContent(w, s.cfg.Training.DeleteSession(r.Context(), id, session))
}

// questionForm reads a question from the course page's form.
func questionForm(r *http.Request) (training.QuestionInput, error) {
	points, err := queryInt(r, "points", 0)
	if err != nil {
		return training.QuestionInput{}, err
	}
	return training.QuestionInput{Kind: r.FormValue("kind"), Stem: r.FormValue("stem"), Answer: r.FormValue("answer"), Points: points,
		Options: strings.Split(r.FormValue("options"), "\n")}, nil
}

// questionAction reads {question} of course {id} and acts on it, coming
// back to the course page.
func (s *Server) questionAction(w http.ResponseWriter, r *http.Request, msg string, act func(course, question int64) error) error {
	return formAction(w, r, msg, coursePath, func(id int64) error {
		question, err := pathID(r, "question")
		if err != nil {
			return err
		}
		return act(id, question)
	}, s.courseAgain(w, r))
}

func (s *Server) questionUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.questionAction(w, r, "question_updated", func(course, question int64) error {
		in, err := questionForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Training.UpdateQuestion(r.Context(), course, question, in)
		return err
	})
}

func (s *Server) questionDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.questionAction(w, r, "question_deleted", func(course, question int64) error {
		return s.cfg.Training.DeleteQuestion(r.Context(), course, question)
	})
}

func (s *Server) questionRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	retired := r.FormValue("retired") != "0"
	msg := "question_retired"
	if !retired {
		msg = "question_restored"
	}
	return s.questionAction(w, r, msg, func(course, question int64) error {
		_, err := s.cfg.Training.RetireQuestion(r.Context(), course, question, retired)
		return err
	})
}

// apiQuestions lists a course's question bank, for those who run the course.
func (s *Server) apiQuestions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.cfg.Training.Course(r.Context(), id)
	if err != nil {
		return err
	}
	list, err := s.cfg.Training.Questions(r.Context(), c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// apiQuestion writes a question of course {id}: a new one, or with
// {question} a correction.
func (s *Server) apiQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in training.QuestionInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if r.PathValue("question") == "" {
		q, err := s.cfg.Training.AddQuestion(r.Context(), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, q)
		return nil
	}
	question, err := pathID(r, "question")
	if err != nil {
		return err
	}
	q, err := s.cfg.Training.UpdateQuestion(r.Context(), id, question, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) apiDeleteQuestion(w http.ResponseWriter, r *http.Request) error {
	id, question, err := pathIDs(r, "question")
	if err != nil {
		return err
	}
	return noContent(w, s.cfg.Training.DeleteQuestion(r.Context(), id, question))
}

// apiRetireQuestion takes {"retired": true} out of the papers to come, or
// false to put it back.
func (s *Server) apiRetireQuestion(w http.ResponseWriter, r *http.Request) error {
	id, question, err := pathIDs(r, "question")
	if err != nil {
		return err
	}
	var in struct {
		Retired bool `json:"retired"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.cfg.Training.RetireQuestion(r.Context(), id, question, in.Retired)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}
