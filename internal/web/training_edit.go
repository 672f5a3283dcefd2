package web

import (
	"fmt"
	"net/http"

	"jiaoliu/internal/app"

	"jiaoliu/internal/training"
)

// Corrections to the training plan (issue 12): editing a course,
// withdrawing an enrolment.

// courseUnit is the organising unit of c as the course form's select names it.
func courseUnit(c *training.Course) string {
	if c.CityWide() {
		return fmt.Sprintf("city:%d", c.CityID)
	}
	return fmt.Sprintf("county:%d", c.CountyID)
}

// managedCourse returns the course of the path's id, which the actor
// manages; those who only read it find nothing to edit.
func (s *Server) managedCourse(r *http.Request) (*training.Course, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	c, err := s.cfg.Training.Course(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !s.cfg.Training.CanManage(r.Context(), c) {
		return nil, app.ErrNotFound("课程")
	}
	return c, nil
}

func (s *Server) courseEditPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.managedCourse(r)
	if err != nil {
		return err
	}
	units, err := s.organiserUnits(r)
	if err != nil {
		return err
	}
	v := courseFormView{Units: units, Form: training.InputOf(c), Unit: courseUnit(c), Course: c}
	return s.render(w, r, http.StatusOK, "training_course_form", "修改培训课程", "training", v)
}

func (s *Server) courseUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.managedCourse(r)
	if err != nil {
		return err
	}
	in, err := courseForm(r)
	if err == nil {
		_, err = s.cfg.Training.UpdateCourse(r.Context(), c.ID, in)
	}
	if err != nil {
		units, uerr := s.organiserUnits(r)
		if uerr != nil {
			return uerr
		}
		v := courseFormView{Units: units, Form: in, Unit: r.FormValue("unit"), Course: c}
		return s.renderForm(w, r, err, "training_course_form", "修改培训课程", "training", v)
	}
	return redirect(w, r, coursePath(c.ID), "course_updated")
}

func (s *Server) apiUpdateCourse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in training.CourseInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.cfg.Training.UpdateCourse(r.Context(), id, in)
	if err != nil {
		return err
	}
	classes, err := s.cfg.Training.Classes(r.Context(), c)
	if err != nil {
		return err
	}
	list, err := s.cfg.Training.Enrolments(r.Context(), c, training.EnrolmentFilter{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, courseJSON{Course: c, Classes: classes, Enrolments: list})
	return nil
}

func (s *Server) enrolmentWithdrawSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.enrolmentAction(w, r, "enrolment_withdrawn", func(id int64) (*training.Enrolment, error) {
		return s.cfg.Training.Withdraw(r.Context(), id)
	})
}

func (s *Server) apiWithdrawEnrolment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.cfg.Training.Withdraw(r.Context(), id)
	return noContent(w, err)
}
