package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/training"
)

// Cadre and teacher training (干部教师培训, SPEC §7): the year's plan, its
// courses and classes, enrolment, attendance and completion.

type trainingPlanView struct {
	Courses   []*training.Course
	Total     int
	Page      int
	Per       int
	Pages     int
	Year      int
	Years     []int
	CanCreate bool
	CanReport bool
	Educator  int64
}

func (s *Server) trainingPlanView(r *http.Request) (*trainingPlanView, error) {
	ctx := r.Context()
	year, err := queryInt(r, "year", s.cfg.Training.Today().Year)
	if err != nil {
		return nil, err
	}
	page, per, err := paging(r, 50)
	if err != nil {
		return nil, err
	}
	f := training.CourseFilter{Q: r.FormValue("q"), Year: year, Status: r.FormValue("status"), Offset: (page - 1) * per, Limit: per}
	list, total, err := s.cfg.Training.Courses(ctx, f)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	v := &trainingPlanView{Courses: list, Total: total, Page: page, Per: per, Pages: pages(total, per), Year: year,
		CanCreate: s.cfg.Training.CanCreate(ctx), CanReport: training.CanReport(a), Educator: a.EducatorID}
	this := s.cfg.Training.Today().Year
	for y := this + 1; y >= this-4; y-- {
		v.Years = append(v.Years, y)
	}
	return v, nil
}

func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.trainingPlanView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training", "干部教师培训", "training", v)
}

func (s *Server) apiCourses(w http.ResponseWriter, r *http.Request) error {
	v, err := s.trainingPlanView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*training.Course]{Items: v.Courses, Total: v.Total, Page: v.Page, PerPage: v.Per})
	return nil
}

// courseFormView is the form to publish a course.
type courseFormView struct {
	Units programme.Units
	Form  training.CourseInput
	Unit  string
	// Course is the course edited, nil for a new one.
	Course *training.Course
}

// Has reports whether the form's audience holds code, for its check boxes.
func (v courseFormView) Has(code string) bool {
	for _, a := range v.Form.Audience {
		if a == code {
			return true
		}
	}
	return false
}

func (s *Server) courseNewPage(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Training.CanCreate(r.Context()) {
		return app.Errorf(app.Forbidden, "您没有发布培训课程的权限", "You may not publish courses")
	}
	units, err := s.organiserUnits(r)
	if err != nil {
		return err
	}
	today := s.cfg.Training.Today()
	v := courseFormView{Units: units, Form: training.CourseInput{Input: programme.Input{Details: programme.Details{Start: today,
		End: today.AddDays(30)}},
		CourseTerms: training.CourseTerms{Hours: 24, Mode: training.ModeFaceToFace, Capacity: 50, Enrolment: training.EnrolBoth,
			MinAttendance: 80, PassMark: 60, TimeLimitMinutes: 30, PaperSize: 10, MaxAttempts: 2}}}
	return s.render(w, r, http.StatusOK, "training_course_form", "发布培训课程", "training", v)
}

// courseForm reads the form of a course.
func courseForm(r *http.Request) (training.CourseInput, error) {
	p, _, err := programmeForm(r)
	in := training.CourseInput{Input: p, CourseTerms: training.CourseTerms{Mode: r.FormValue("mode"), Enrolment: r.FormValue("enrolment"),
		Qualifies: r.FormValue("qualifies"), Assessment: r.FormValue("assessment") != "", Certificate: r.FormValue("certificate") != ""}}
	if err := r.ParseForm(); err != nil {
		return in, app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
	}
	in.Audience = r.Form["audience"]
	if err != nil {
		return in, err
	}
	for name, dst := range map[string]*int{"hours": &in.Hours, "capacity": &in.Capacity, "min_attendance": &in.MinAttendance,
		"assignments": &in.Assignments, "pass_mark": &in.PassMark, "time_limit_minutes": &in.TimeLimitMinutes,
		"paper_size": &in.PaperSize, "max_attempts": &in.MaxAttempts} {
		if *dst, err = queryInt(r, name, 0); err != nil {
			return in, err
		}
	}
	return in, nil
}

func (s *Server) courseCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if !s.cfg.Training.CanCreate(r.Context()) {
		return app.Errorf(app.Forbidden, "您没有发布培训课程的权限", "You may not publish courses")
	}
	in, err := courseForm(r)
	var c *training.Course
	if err == nil {
		c, err = s.cfg.Training.CreateCourse(r.Context(), in)
	}
	if err != nil {
		units, uerr := s.organiserUnits(r)
		if uerr != nil {
			return uerr
		}
		v := courseFormView{Units: units, Form: in, Unit: r.FormValue("unit")}
		return s.renderForm(w, r, err, "training_course_form", "发布培训课程", "training", v)
	}
	return redirect(w, r, coursePath(c.ID), "course_created")
}

func (s *Server) apiCreateCourse(w http.ResponseWriter, r *http.Request) error {
	var in training.CourseInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c, err := s.cfg.Training.CreateCourse(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, courseJSON{Course: c, Classes: []*training.Class{}, Enrolments: []*training.Enrolment{}})
	return nil
}

func coursePath(id int64) string { return "/training/courses/" + strconv.FormatInt(id, 10) }
func classPath(id int64) string  { return "/training/classes/" + strconv.FormatInt(id, 10) }

// courseView is a course's page.
type courseView struct {
	Course     *training.Course
	Classes    []*training.Class
	Enrolments []*training.Enrolment
	Own        *training.Enrolment
	CanManage  bool
	CanAssign  bool
	CanApply   bool
	// CanOpen says whose records the actor may open.
	CanOpen    map[int64]bool
	Candidates []*people.Educator
	Enrolled   map[int64]bool
	Q          string
	Assessment *assessmentPanel
}

func (s *Server) courseView(r *http.Request) (*courseView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	c, err := s.cfg.Training.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &courseView{Course: c, CanManage: s.cfg.Training.CanManage(ctx, c), CanAssign: s.cfg.Training.CanAssign(ctx, c),
		CanApply: s.cfg.Training.CanApply(ctx, c), CanOpen: map[int64]bool{}, Enrolled: map[int64]bool{}, Q: strings.TrimSpace(r.FormValue("q"))}
	if v.Classes, err = s.cfg.Training.Classes(ctx, c); err != nil {
		return nil, err
	}
	if v.Enrolments, err = s.cfg.Training.Enrolments(ctx, c, training.EnrolmentFilter{}); err != nil {
		return nil, err
	}
	if v.Own, err = s.cfg.Training.Own(ctx, c); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	for _, e := range v.Enrolments {
		v.Enrolled[e.EducatorID] = true
		v.CanOpen[e.EducatorID] = auth.Decide(a, auth.EducatorRead, e.Place(), "") == nil
	}
	if v.CanAssign && v.Q != "" && auth.Can(a, auth.EducatorRead) == nil {
		f := people.EducatorFilter{Q: v.Q, CountyID: c.CountyID, Limit: 20}
		if v.Candidates, _, err = s.cfg.People.FindEducators(ctx, f); err != nil {
			return nil, err
		}
	}
	if v.Assessment, err = s.assessmentPanel(r, c, v.Own); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) coursePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.courseView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_course", v.Course.Name, "training", v)
}

// courseJSON is a course with its classes and the enrolments the actor sees.
type courseJSON struct {
	*training.Course
	Classes    []*training.Class     `json:"classes"`
	Enrolments []*training.Enrolment `json:"enrolments"`
}

func (s *Server) apiCourse(w http.ResponseWriter, r *http.Request) error {
	v, err := s.courseView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, courseJSON{v.Course, v.Classes, v.Enrolments})
	return nil
}

// courseAgain shows the course page once more with a failed form's error.
func (s *Server) courseAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.courseView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "training_course", v.Course.Name, "training", v)
	}
}

func (s *Server) classCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "class_created", coursePath, func(id int64) error {
		in := training.ClassInput{Name: r.FormValue("name"), Venue: r.FormValue("venue")}
		var err error
		if in.Start, err = queryDate(r, "start"); err != nil {
			return err
		}
		if in.End, err = queryDate(r, "end"); err != nil {
			return err
		}
		_, err = s.cfg.Training.AddClass(r.Context(), id, in)
		return err
	}, s.courseAgain(w, r))
}

func (s *Server) courseEnrolSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "course_enrolled", coursePath, func(id int64) error {
		educator, err := queryID(r, "educator_id")
		if err != nil {
			return err
		}
		class, err := queryID(r, "class_id")
		if err != nil {
			return err
		}
		_, err = s.cfg.Training.Enrol(r.Context(), id, training.EnrolInput{EducatorID: educator, ClassID: class})
		return err
	}, s.courseAgain(w, r))
}

func (s *Server) apiCourseEnrol(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Training.Course(r.Context(), id); err != nil {
		return err
	}
	var in training.EnrolInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	e, err := s.cfg.Training.Enrol(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

// enrolmentAction runs a manager's action on an enrolment and shows its course.
func (s *Server) enrolmentAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) (*training.Enrolment, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := act(id)
	if err != nil {
		return err
	}
	return redirect(w, r, coursePath(e.CourseID), msg)
}

func (s *Server) enrolmentDecisionSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.enrolmentAction(w, r, "enrolment_decided", func(id int64) (*training.Enrolment, error) {
		switch r.FormValue("decision") {
		case "approve":
			return s.cfg.Training.Decide(r.Context(), id, true)
		case "refuse":
			return s.cfg.Training.Decide(r.Context(), id, false)
		}
		return nil, app.InvalidValue("decision", r.FormValue("decision"))
	})
}

func (s *Server) enrolmentAssignmentsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.enrolmentAction(w, r, "assignments_saved", func(id int64) (*training.Enrolment, error) {
		n, err := queryInt(r, "assignments", -1)
		if err != nil {
			return nil, err
		}
		return s.cfg.Training.SetAssignments(r.Context(), id, n)
	})
}

// classView is a class's page: its sessions and the attendance grid.
type classView struct {
	Class      *training.Class
	Course     *training.Course
	Enrolments []*training.Enrolment
	// Present says, per enrolment and session, who attended.
	Present   map[int64]map[int64]bool
	CanManage bool
	CanClose  bool
}

func (s *Server) classView(r *http.Request) (*classView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	k, c, err := s.cfg.Training.Class(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &classView{Class: k, Course: c, CanManage: s.cfg.Training.CanManage(ctx, c), Present: map[int64]map[int64]bool{}}
	if v.Enrolments, err = s.cfg.Training.Enrolments(ctx, c, training.EnrolmentFilter{ClassID: k.ID}); err != nil {
		return nil, err
	}
	att, err := s.cfg.Training.Attendance(ctx, k)
	if err != nil {
		return nil, err
	}
	for e, sessions := range att {
		v.Present[e] = map[int64]bool{}
		for _, ss := range sessions {
			v.Present[e][ss] = true
		}
	}
	v.CanClose = v.CanManage && !k.Completed && !s.cfg.Training.Today().Before(k.End)
	return v, nil
}

func (s *Server) classPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.classView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_class", v.Course.Name+" · "+v.Class.Name, "training", v)
}

func (s *Server) classAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.classView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "training_class", v.Course.Name+" · "+v.Class.Name, "training", v)
	}
}

func (s *Server) sessionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "session_created", classPath, func(id int64) error {
		day, err := queryDate(r, "day")
		if err != nil {
			return err
		}
		_, err = s.cfg.Training.AddSession(r.Context(), id, day, r.FormValue("topic"))
		return err
	}, s.classAgain(w, r))
}

func (s *Server) attendanceSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "attendance_saved", classPath, func(id int64) error {
		session, err := queryID(r, "session_id")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return app.Errorf(app.Invalid, "表单无法读取", "The form could not be read")
		}
		var present []int64
		for _, v := range r.Form["present"] {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return app.InvalidValue("present", v)
			}
			present = append(present, n)
		}
		return s.cfg.Training.SetAttendance(r.Context(), id, session, present)
	}, s.classAgain(w, r))
}

func (s *Server) classCompleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "class_completed", classPath, func(id int64) error {
		_, _, err := s.cfg.Training.CompleteClass(r.Context(), id)
		return err
	}, s.classAgain(w, r))
}
