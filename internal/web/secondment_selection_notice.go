package web

import (
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// The selection's later steps: the shortlist's notice, objections and
// answers, the final list, the reserve filling vacancies, and the
// nomination materials.

func (s *Server) noticeSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "notice_published", func(id int64) error {
		days, err := queryInt(r, "days", 0)
		if err == nil {
			_, err = s.cfg.Selection.PublishNotice(r.Context(), id, secondment.NoticeInput{Days: days, Body: r.FormValue("body")})
		}
		return err
	})
}

func (s *Server) finalSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "list_fixed", func(id int64) error { return s.cfg.Selection.Finalise(r.Context(), id) })
}

func (s *Server) fillSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.selectionAction(w, r, "vacancy_filled", func(id int64) error {
		_, err := s.cfg.Selection.FillVacancy(r.Context(), id, r.FormValue("category"))
		return err
	})
}

// objectSubmit records an objection about a candidate of an open notice,
// from the page of open notices.
func (s *Server) objectSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Object(r.Context(), id, r.FormValue("text")); err != nil {
		code := app.ErrorCode(err)
		if code != app.Invalid && code != app.Conflict {
			return err
		}
		v, verr := s.applicationsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_applications", "选派报名", "selection", v)
	}
	return redirect(w, r, "/selection", "objected")
}

// answerSubmit answers an objection ({id} is the objection) and shows the
// selection page of its programme.
func (s *Server) answerSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, n, err := s.cfg.Notices.FindObjection(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Answer(r.Context(), id, r.FormValue("answer"), r.FormValue("outcome")); err != nil {
		code := app.ErrorCode(err)
		if code != app.Invalid && code != app.Conflict && code != app.Forbidden {
			return err
		}
		r.SetPathValue("id", strconv.FormatInt(n.SubjectID, 10))
		v, verr := s.selectionView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_selection", "选派", "programmes", v)
	}
	return redirect(w, r, selectionPath(n.SubjectID), "answered")
}

func (s *Server) materialSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.Candidate(r.Context(), id); err != nil {
		return err
	}
	return s.candidateAction(w, r, "material_added", func(id int64) error {
		f, h, err := r.FormFile("file")
		if err != nil {
			return &app.Error{Code: app.Invalid, Message: "请选择要上传的文件", English: "Choose a file to upload", Fields: map[string]string{"file": "required"}}
		}
		defer f.Close()
		_, err = s.cfg.Selection.AddMaterial(r.Context(), id, h.Filename, f)
		return err
	})
}

// objectionJSON is the body of POST …/objections.
type objectionJSON struct {
	Text string `json:"text"`
}

func (s *Server) apiObject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in objectionJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := s.cfg.Selection.Object(r.Context(), id, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

// answerJSON is the body of POST …/answer.
type answerJSON struct {
	Answer  string `json:"answer"`
	Outcome string `json:"outcome"`
}

func (s *Server) apiAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, _, err := s.cfg.Notices.FindObjection(r.Context(), id); err != nil {
		return err
	}
	var in answerJSON
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	o, err := s.cfg.Selection.Answer(r.Context(), id, in.Answer, in.Outcome)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiPublishNotice(w http.ResponseWriter, r *http.Request) error {
	var in secondment.NoticeInput
	id, err := s.selectionBody(r, &in)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Selection.PublishNotice(r.Context(), id, in); err != nil {
		return err
	}
	return s.apiSelection(w, r)
}

// fillJSON is the body of POST …/selection/fill.
type fillJSON struct {
	Category string `json:"category"`
}

func (s *Server) apiFill(w http.ResponseWriter, r *http.Request) error {
	var in fillJSON
	id, err := s.selectionBody(r, &in)
	if err != nil {
		return err
	}
	c, err := s.cfg.Selection.FillVacancy(r.Context(), id, in.Category)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
