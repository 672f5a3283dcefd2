package web

import (
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
)

// homeroomSubmit sets on the educator's page whether the person is a
// homeroom teacher (班主任).
func (s *Server) homeroomSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.People.SetHomeroom(r.Context(), id, r.FormValue("homeroom") == "1"); err != nil {
		return err
	}
	return redirect(w, r, "/educators/"+strconv.FormatInt(id, 10), "homeroom_saved")
}

// apiUpdateEducator changes an educator's fields kept outside the roster:
// today whether they are a homeroom teacher. It answers the educator as
// now read, with homeroom_uncertified worked out afresh.
func (s *Server) apiUpdateEducator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Homeroom *bool `json:"homeroom"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Homeroom == nil {
		if _, err := s.cfg.People.FindEducatorByID(r.Context(), id); err != nil {
			return err
		}
		return &app.Error{Code: app.Invalid, Message: "请填写 homeroom（是否担任班主任：true 或 false）", English: "Give homeroom (true or false)",
			Fields: map[string]string{"homeroom": "required"}}
	}
	e, err := s.cfg.People.SetHomeroom(r.Context(), id, *in.Homeroom)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}
