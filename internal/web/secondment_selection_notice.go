package web

import (
	"net/http"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// The selection's later steps: the shortlist's notice (objections and
// answers go through the notice pages, /notices/{id}), the final list, the reserve filling vacancies, and the
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
