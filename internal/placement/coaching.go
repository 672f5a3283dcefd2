package placement

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
)

// CoachingForms are the forms of a mentor's coaching session.
var CoachingForms = app.Vocab{
	{Code: "individual", Zh: "个别指导", En: "One-to-one"},
	{Code: "lesson", Zh: "听评课指导", En: "Lesson observed and discussed"},
	{Code: "seminar", Zh: "座谈研讨", En: "Seminar"},
	{Code: "online", Zh: "线上指导", En: "Online"},
}

// Coaching is a mentor's coaching session with a participant (指导记录),
// with the participant's follow-up.
type Coaching struct {
	ID          int64     `json:"id"`
	PlacementID int64     `json:"placement_id"`
	Date        app.Date  `json:"date"`
	Form        string    `json:"form"`
	Topic       string    `json:"topic"`
	Content     string    `json:"content"`
	FollowUp    string    `json:"follow_up"`
	FollowUpAt  time.Time `json:"follow_up_at,omitzero"`
	AuthorID    int64     `json:"author_id"`
	AuthorName  string    `json:"author_name"`
	CreatedAt   time.Time `json:"created_at"`
}

// CoachingInput is a coaching session as the mentor enters it.
type CoachingInput struct {
	Date    app.Date `json:"date"`
	Form    string   `json:"form"`
	Topic   string   `json:"topic"`
	Content string   `json:"content"`
}

// FollowUpInput is the participant's follow-up of a session.
type FollowUpInput struct {
	FollowUp string `json:"follow_up"`
}

// Evaluation is the mentor's evaluation of a period of the placement (阶段评价).
type Evaluation struct {
	ID          int64     `json:"id"`
	PlacementID int64     `json:"placement_id"`
	Period      string    `json:"period"`
	Grade       string    `json:"grade"`
	Comment     string    `json:"comment"`
	AuthorID    int64     `json:"author_id"`
	AuthorName  string    `json:"author_name"`
	CreatedAt   time.Time `json:"created_at"`
}

// EvaluationInput is an evaluation as entered: the period (a month such as
// 2026年10月, or a stage), a grade (Grades) and a comment.
type EvaluationInput struct {
	Period  string `json:"period"`
	Grade   string `json:"grade"`
	Comment string `json:"comment"`
}

// Mentoring is what the mentor, the coordinator and the group leader have
// done with one participant: coaching, evaluations, check-ins and the
// group's activities with the participant's attendance.
type Mentoring struct {
	Placement   *Placement           `json:"placement"`
	Programme   *programme.Programme `json:"-"`
	Access      Access               `json:"access"`
	Today       app.Date             `json:"today"`
	Coaching    []*Coaching          `json:"coaching"`
	Evaluations []*Evaluation        `json:"evaluations"`
	CheckIns    []*CheckIn           `json:"check_ins"`
	Activities  []*MemberActivity    `json:"activities"`
	// Absences counts the group activities the participant missed.
	Absences int              `json:"absences"`
	Can      MentoringActions `json:"can"`
}

// MentoringActions is what the actor may do on the mentoring page.
type MentoringActions struct {
	Coach    bool `json:"coach"`
	Evaluate bool `json:"evaluate"`
	FollowUp bool `json:"follow_up"`
	// Calendar: the actor opens the group's calendar (a member, its
	// leader, the organiser).
	Calendar bool `json:"calendar"`
}

// MentoringPath is the mentoring page of a placement.
func MentoringPath(placementID int64) string {
	return "/placements/" + strconv.FormatInt(placementID, 10) + "/mentoring"
}

// Mentoring gathers the mentoring of a placement for its readers.
func (s *ContactService) Mentoring(ctx context.Context, placementID int64) (*Mentoring, error) {
	pl, p, acc, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	m := &Mentoring{Placement: pl, Programme: p, Access: acc, Today: s.Today(),
		Can: MentoringActions{Coach: acc.Mentor, Evaluate: acc.Mentor, FollowUp: acc.Own,
			Calendar: pl.GroupID != 0 && (acc.Own || acc.Manage || acc.GroupLeader)}}
	if m.Coaching, err = s.store.FindCoaching(ctx, pl.ID); err != nil {
		return nil, err
	}
	if m.Evaluations, err = s.store.FindEvaluations(ctx, pl.ID); err != nil {
		return nil, err
	}
	if m.CheckIns, err = s.store.FindCheckIns(ctx, pl.ProgrammeID, pl.ID); err != nil {
		return nil, err
	}
	if m.Activities, err = s.memberActivities(ctx, pl); err != nil {
		return nil, err
	}
	for _, a := range m.Activities {
		if a.Status == AttendAbsent {
			m.Absences++
		}
	}
	return m, nil
}

// Coaching lists a placement's coaching sessions, newest first.
func (s *ContactService) Coaching(ctx context.Context, placementID int64) ([]*Coaching, error) {
	pl, _, _, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	return s.store.FindCoaching(ctx, pl.ID)
}

// Evaluations lists a placement's periodic evaluations, newest first.
func (s *ContactService) Evaluations(ctx context.Context, placementID int64) ([]*Evaluation, error) {
	pl, _, _, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	return s.store.FindEvaluations(ctx, pl.ID)
}

// mentorOf returns the placement if the actor is its mentor.
func (s *ContactService) mentorOf(ctx context.Context, placementID int64) (*Placement, error) {
	pl, _, acc, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if !acc.Mentor {
		return nil, app.Errorf(app.Forbidden, "只有该参训人员的导师可以填写", "Only the participant's mentor writes this")
	}
	return pl, nil
}

// AddCoaching records a coaching session; only the placement's mentor does.
func (s *ContactService) AddCoaching(ctx context.Context, placementID int64, in CoachingInput) (*Coaching, error) {
	pl, err := s.mentorOf(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if err := checkDay(pl, in.Date, s.Today()); err != nil {
		return nil, err
	}
	if !CoachingForms.Has(in.Form) {
		return nil, errField("form", "请选择指导形式", "Choose the form of the session")
	}
	if err := clean(&in.Topic, "topic", "指导主题", 100, true); err != nil {
		return nil, err
	}
	if err := clean(&in.Content, "content", "指导内容", 5000, true); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	c := &Coaching{PlacementID: pl.ID, Date: in.Date, Form: in.Form, Topic: in.Topic, Content: in.Content, AuthorID: a.UserID,
		AuthorName: a.Label(), CreatedAt: s.clock.Now().UTC()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateCoaching(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.coaching", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("导师指导%s：%s（%s）", pl.Name, c.Topic, c.Date.Chinese()),
			After:   map[string]any{"id": c.ID, "date": c.Date, "form": c.Form, "topic": c.Topic}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FollowUp records the participant's follow-up of a coaching session.
func (s *ContactService) FollowUp(ctx context.Context, placementID, sessionID int64, in FollowUpInput) (*Coaching, error) {
	pl, _, acc, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if !acc.Own {
		return nil, app.Errorf(app.Forbidden, "落实情况由参训人员本人填写", "Only the participant writes their follow-up")
	}
	if err := clean(&in.FollowUp, "follow_up", "落实情况", 2000, true); err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveCoachingFollowUp(ctx, pl.ID, sessionID, in.FollowUp, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.coaching_follow_up", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("%s填写导师指导的落实情况", pl.Name), After: map[string]any{"session_id": sessionID}})
	})
	if err != nil {
		return nil, err
	}
	list, err := s.store.FindCoaching(ctx, pl.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range list {
		if c.ID == sessionID {
			return c, nil
		}
	}
	return nil, app.ErrNotFound("指导记录")
}

// AddEvaluation records the mentor's evaluation of a period and tells the
// participant in their inbox.
func (s *ContactService) AddEvaluation(ctx context.Context, placementID int64, in EvaluationInput) (*Evaluation, error) {
	pl, err := s.mentorOf(ctx, placementID)
	if err != nil {
		return nil, err
	}
	var f app.Fields
	if !Grades.Has(in.Grade) {
		f.Add("grade", "请评定等次", "Choose the grade")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := clean(&in.Period, "period", "评价阶段", 30, true); err != nil {
		return nil, err
	}
	if err := clean(&in.Comment, "comment", "评语", 1000, true); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	e := &Evaluation{PlacementID: pl.ID, Period: in.Period, Grade: in.Grade, Comment: in.Comment, AuthorID: a.UserID, AuthorName: a.Label(),
		CreatedAt: s.clock.Now().UTC()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateEvaluation(ctx, e); err != nil {
			return err
		}
		users, err := s.store.EducatorUserIDs(ctx, []int64{pl.EducatorID})
		if err != nil {
			return err
		}
		if uid := users[pl.EducatorID]; uid != 0 {
			if err := notify.Wait(ctx, s.store, notify.Item{Key: "placement:" + strconv.FormatInt(pl.ID, 10) + ":evaluation", Kind: "placement",
				Title: fmt.Sprintf("导师对你作出了%s的阶段评价，请查阅", e.Period), Link: MentoringPath(pl.ID), UserID: uid,
				Since: e.CreatedAt}); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.evaluation", Entity: "placement", EntityID: pl.ID,
			Summary: fmt.Sprintf("导师阶段评价%s：%s", pl.Name, e.Period), After: map[string]any{"id": e.ID, "period": e.Period, "grade": e.Grade}})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}
