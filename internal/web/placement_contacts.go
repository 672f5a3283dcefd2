package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// Mentor, group leader, coordinator (SPEC §4.4): a placement's mentoring
// page (the mentor's coaching sessions and periodic evaluations, the
// coordinator's check-ins, the group's activities with the participant's
// attendance), a programme's check-ins with those not contacted for N
// days, and the group activities' calendar with attendance.

// formInt64 reads an id field; empty or bad gives 0, which the service refuses.
func formInt64(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue(name)), 10, 64)
	return n
}

// contactDays reads ?days=, the default when absent, refusing a bad one in Chinese.
func contactDays(r *http.Request) (int, error) {
	days, err := queryInt(r, "days", placement.DefaultContactDays)
	if err != nil {
		return 0, err
	}
	return days, placement.CheckDays(days)
}

func (s *Server) mentoringPage(w http.ResponseWriter, r *http.Request) error {
	return s.mentoringRender(w, r, nil)
}

// mentoringRender shows a placement's mentoring page, with the error of a
// form that failed.
func (s *Server) mentoringRender(w http.ResponseWriter, r *http.Request, formErr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.cfg.Contacts.Mentoring(r.Context(), id)
	if err != nil {
		return err
	}
	title := translatef(r, "%s的指导与沟通", m.Placement.Name)
	if formErr != nil {
		return s.renderForm(w, r, formErr, "placement_mentoring", title, "programmes", m)
	}
	return s.render(w, r, http.StatusOK, "placement_mentoring", title, "programmes", m)
}

// mentoringAction runs a form of the mentoring page and shows the page
// again, with the flash on success or the error on failure.
func (s *Server) mentoringAction(msg string, act func(ctx context.Context, id int64, r *http.Request) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := act(r.Context(), id, r); err != nil {
			return s.mentoringRender(w, r, err)
		}
		return redirect(w, r, placement.MentoringPath(id), msg)
	}
}

func (s *Server) coachingSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.mentoringAction("coaching_saved", func(ctx context.Context, id int64, r *http.Request) error {
		d, err := formDate(r, "date")
		if err != nil {
			return err
		}
		_, err = s.cfg.Contacts.AddCoaching(ctx, id, placement.CoachingInput{Date: d, Form: r.FormValue("form"), Topic: r.FormValue("topic"),
			Content: r.FormValue("content")})
		return err
	})(w, r)
}

func (s *Server) coachingFollowUpSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.mentoringAction("follow_up_saved", func(ctx context.Context, id int64, r *http.Request) error {
		sid, err := pathID(r, "session")
		if err != nil {
			return err
		}
		_, err = s.cfg.Contacts.FollowUp(ctx, id, sid, placement.FollowUpInput{FollowUp: r.FormValue("follow_up")})
		return err
	})(w, r)
}

func (s *Server) evaluationSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.mentoringAction("evaluation_saved", func(ctx context.Context, id int64, r *http.Request) error {
		_, err := s.cfg.Contacts.AddEvaluation(ctx, id, placement.EvaluationInput{Period: r.FormValue("period"), Grade: r.FormValue("grade"),
			Comment: r.FormValue("comment")})
		return err
	})(w, r)
}

// checkInsView is a programme's check-ins page with the links of its day choices.
type checkInsView struct {
	*placement.ContactBoard
	DayLinks []dayLink
}

// dayLink is a choice of N on the check-ins page.
type dayLink struct {
	Days    int
	URL     string
	Current bool
}

func (s *Server) checkInsRender(w http.ResponseWriter, r *http.Request, days int, formErr error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.cfg.Contacts.Contacts(r.Context(), id, days)
	if err != nil {
		return err
	}
	v := &checkInsView{ContactBoard: b}
	for _, n := range []int{7, 14, 30} {
		v.DayLinks = append(v.DayLinks, dayLink{Days: n, URL: placement.ContactsPath(id) + "?days=" + strconv.Itoa(n), Current: n == days})
	}
	if formErr != nil {
		return s.renderForm(w, r, formErr, "placement_check_ins", "定期沟通", "programmes", v)
	}
	return s.render(w, r, http.StatusOK, "placement_check_ins", "定期沟通", "programmes", v)
}

func (s *Server) checkInsPage(w http.ResponseWriter, r *http.Request) error {
	days, err := contactDays(r)
	if err != nil {
		return err
	}
	return s.checkInsRender(w, r, days, nil)
}

func (s *Server) checkInSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "check_in_saved", placement.ContactsPath, func(id int64) error {
		d, err := formDate(r, "date")
		if err != nil {
			return err
		}
		_, err = s.cfg.Contacts.AddCheckIn(r.Context(), id, placement.CheckInInput{PlacementID: formInt64(r, "placement_id"), Date: d,
			Way: r.FormValue("way"), Notes: r.FormValue("notes")})
		return err
	}, func(err error) error { return s.checkInsRender(w, r, placement.DefaultContactDays, err) })
}

func (s *Server) groupActivitiesRender(w http.ResponseWriter, r *http.Request, id int64, formErr error) error {
	c, err := s.cfg.Contacts.Calendar(r.Context(), id)
	if err != nil {
		return err
	}
	if formErr != nil {
		return s.renderForm(w, r, formErr, "placement_group_activities", "小组活动", "programmes", c)
	}
	return s.render(w, r, http.StatusOK, "placement_group_activities", "小组活动", "programmes", c)
}

func (s *Server) groupActivitiesPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.groupActivitiesRender(w, r, id, nil)
}

func (s *Server) groupActivitySubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "group_activity_saved", placement.GroupActivitiesPath, func(id int64) error {
		d, err := formDate(r, "date")
		if err != nil {
			return err
		}
		_, err = s.cfg.Contacts.Schedule(r.Context(), id, placement.GroupActivityInput{GroupID: formInt64(r, "group_id"), ActivityPlan: placement.ActivityPlan{Date: d,
			Start: strings.TrimSpace(r.FormValue("start")), End: strings.TrimSpace(r.FormValue("end")), Place: r.FormValue("place"),
			Kind: r.FormValue("kind"), Topic: r.FormValue("topic")}})
		return err
	}, func(err error) error {
		id, _ := pathID(r, "id")
		return s.groupActivitiesRender(w, r, id, err)
	})
}

// attendanceForm reads the marks of an attendance form: a field m_<educator>
// per member, its status.
func attendanceForm(r *http.Request) placement.AttendanceInput {
	in := placement.AttendanceInput{}
	for k, vs := range r.PostForm {
		if rest, ok := strings.CutPrefix(k, "m_"); ok && len(vs) > 0 && vs[0] != "" {
			id, _ := strconv.ParseInt(rest, 10, 64)
			in.Marks = append(in.Marks, placement.AttendanceMark{EducatorID: id, Status: vs[0]})
		}
	}
	return in
}

func (s *Server) groupAttendanceSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return app.Errorf(app.Invalid, "表单无效", "The form is invalid")
	}
	act, err := s.cfg.Contacts.RecordAttendance(r.Context(), id, attendanceForm(r))
	if err != nil {
		// The form names its programme, to show the calendar again with the error.
		if pid := formInt64(r, "programme_id"); pid != 0 && app.ErrorCode(err) != app.NotFound {
			return s.groupActivitiesRender(w, r, pid, err)
		}
		return err
	}
	return redirect(w, r, placement.GroupActivitiesPath(act.ProgrammeID)+"#activity-"+strconv.FormatInt(act.ID, 10), "attendance_saved")
}

// The API.

func (s *Server) apiMentoring(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Contacts.Mentoring)
}

func (s *Server) apiCoaching(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Contacts.Coaching)
}

func (s *Server) apiAddCoaching(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Contacts.AddCoaching)
}

func (s *Server) apiCoachingFollowUp(w http.ResponseWriter, r *http.Request) error {
	sid, err := pathID(r, "session")
	if err != nil {
		return err
	}
	return apiWrite(w, r, http.StatusOK, func(ctx context.Context, id int64, in placement.FollowUpInput) (*placement.Coaching, error) {
		return s.cfg.Contacts.FollowUp(ctx, id, sid, in)
	})
}

func (s *Server) apiEvaluations(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Contacts.Evaluations)
}

func (s *Server) apiAddEvaluation(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Contacts.AddEvaluation)
}

// apiContacts answers with the programme's contact board at ?days=.
func (s *Server) apiContacts(w http.ResponseWriter, r *http.Request, only bool) error {
	days, err := contactDays(r)
	if err != nil {
		return err
	}
	return apiByID(w, r, func(ctx context.Context, id int64) (any, error) {
		b, err := s.cfg.Contacts.Contacts(ctx, id, days)
		if err != nil || !only {
			return b, err
		}
		return b.NotContacted, nil
	})
}

func (s *Server) apiCheckIns(w http.ResponseWriter, r *http.Request) error {
	return s.apiContacts(w, r, false)
}

func (s *Server) apiNotContacted(w http.ResponseWriter, r *http.Request) error {
	return s.apiContacts(w, r, true)
}

func (s *Server) apiAddCheckIn(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Contacts.AddCheckIn)
}

func (s *Server) apiGroupActivities(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Contacts.Calendar)
}

func (s *Server) apiScheduleActivity(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Contacts.Schedule)
}

func (s *Server) apiGroupAttendance(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Contacts.RecordAttendance)
}

// workspaceView is the participant's workspace with their group's next activities.
type workspaceView struct {
	*placement.Workspace
	Upcoming []*placement.MemberActivity
}
