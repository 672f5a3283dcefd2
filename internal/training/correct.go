package training

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// Corrections to a class's timetable and a course's question bank. What
// has already counted stays as it counted: the sessions of a completed
// class (its people's attendance share decided their completion), and a
// question drawn into a paper (its attempts were marked against it), which
// can only be retired from the papers still to be drawn.

// validate checks a session of class k as entered.
func (ss *Session) validate(k *Class) error {
	if k.Completed {
		return errClassCompleted(k)
	}
	var f app.Fields
	if ss.Day.IsZero() || !ss.Day.Valid() || ss.Day.Before(k.Start) || k.End.Before(ss.Day) {
		f.Add("day", fmt.Sprintf("请填写%s至%s之间的日期", k.Start.Chinese(), k.End.Chinese()),
			fmt.Sprintf("Give a day between %s and %s", k.Start, k.End))
	}
	if n := utf8.RuneCountInString(ss.Topic); n < 1 || n > 100 {
		f.Add("topic", "请填写课程内容（1至100字）", "Give the session's topic (1 to 100 characters)")
	}
	return f.Err()
}

func errClassCompleted(k *Class) error {
	return app.Errorf(app.Conflict, fmt.Sprintf("%s已结业，课程安排不能再修改", k.Name),
		fmt.Sprintf("%s is completed; its timetable can no longer change", k.Name))
}

// managedSession returns a session of class classID, the class and its
// course, which the actor manages, the course locked. A session of another
// class is not found.
func (s *Service) managedSession(ctx context.Context, classID, sessionID int64) (*Session, int, *Class, *Course, error) {
	k, c, err := s.managedClass(ctx, classID)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	ss, present, err := s.store.FindClassSession(ctx, sessionID)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	if ss.ClassID != k.ID {
		return nil, 0, nil, nil, app.ErrNotFound("课程安排")
	}
	return ss, present, k, c, nil
}

// UpdateSession moves a session of a class to another day or corrects its
// topic, while the class is not completed.
func (s *Service) UpdateSession(ctx context.Context, classID, sessionID int64, day app.Date, topic string) (*Session, error) {
	var out *Session
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, _, k, c, err := s.managedSession(ctx, classID, sessionID)
		if err != nil {
			return err
		}
		ss := &Session{ID: before.ID, ClassID: before.ClassID, Day: day, Topic: strings.TrimSpace(topic)}
		if err := ss.validate(k); err != nil {
			return err
		}
		if err := s.store.UpdateClassSession(ctx, ss); err != nil {
			return err
		}
		out = ss
		return s.audit.Record(ctx, audit.Change{Action: "training.session.update", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s·%s修改课程安排：%s %s", c.Name, k.Name, day.Chinese(), ss.Topic), Before: before, After: ss})
	})
	return out, err
}

// DeleteSession removes a session of a class that is not completed and
// whose attendance has not been taken.
func (s *Service) DeleteSession(ctx context.Context, classID, sessionID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		ss, present, k, c, err := s.managedSession(ctx, classID, sessionID)
		if err != nil {
			return err
		}
		if k.Completed {
			return errClassCompleted(k)
		}
		if present > 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("%s的课已记录%d人的考勤，请先清除这次课的考勤再删除", ss.Day.Chinese(), present),
				fmt.Sprintf("Attendance of %d people is recorded for the session on %s; clear it before deleting the session", present, ss.Day))
		}
		if err := s.store.DeleteClassSession(ctx, ss.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.session.delete", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s·%s删除课程安排：%s %s", c.Name, k.Name, ss.Day.Chinese(), ss.Topic), Before: ss})
	})
}

// managedQuestion returns a question of course courseID's bank and the
// course, which the actor manages, locked. A question of another course is
// not found.
func (s *Service) managedQuestion(ctx context.Context, courseID, questionID int64) (*Question, *Course, error) {
	c, err := s.managed(ctx, courseID)
	if err != nil {
		return nil, nil, err
	}
	q, err := s.store.FindQuestionByID(ctx, questionID)
	if err != nil {
		return nil, nil, err
	}
	if q.CourseID != c.ID {
		return nil, nil, app.ErrNotFound("试题")
	}
	return q, c, nil
}

func errQuestionDrawn(q *Question) error {
	return app.Errorf(app.Conflict, fmt.Sprintf("该题已抽入%d份试卷，按原题评分，不能修改或删除；可将其停用，再新增一题", q.Drawn),
		fmt.Sprintf("The question is in %d papers, marked against it; it cannot change or be deleted, but it can be retired and a new one added", q.Drawn))
}

// UpdateQuestion corrects a question that no paper holds yet.
func (s *Service) UpdateQuestion(ctx context.Context, courseID, questionID int64, in QuestionInput) (*Question, error) {
	var out *Question
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, c, err := s.managedQuestion(ctx, courseID, questionID)
		if err != nil {
			return err
		}
		if before.Drawn > 0 {
			return errQuestionDrawn(before)
		}
		q := &Question{ID: before.ID, CourseID: before.CourseID, Retired: before.Retired}
		if err := in.validate(q); err != nil {
			return err
		}
		if err := s.store.UpdateQuestion(ctx, q); err != nil {
			return err
		}
		out = q
		return s.audit.Record(ctx, audit.Change{Action: "training.question.update", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("课程“%s”题库修改一道%s", c.Name, QuestionKinds.Label(q.Kind, "zh")), Before: before, After: q})
	})
	return out, err
}

// DeleteQuestion removes a question that no paper holds yet.
func (s *Service) DeleteQuestion(ctx context.Context, courseID, questionID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		q, c, err := s.managedQuestion(ctx, courseID, questionID)
		if err != nil {
			return err
		}
		if q.Drawn > 0 {
			return errQuestionDrawn(q)
		}
		if err := s.store.DeleteQuestion(ctx, q.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.question.delete", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("课程“%s”题库删除一道%s", c.Name, QuestionKinds.Label(q.Kind, "zh")), Before: q})
	})
}

// RetireQuestion takes a question out of the papers still to be drawn, or
// with retired false puts it back; papers already drawn keep it.
func (s *Service) RetireQuestion(ctx context.Context, courseID, questionID int64, retired bool) (*Question, error) {
	var out *Question
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, c, err := s.managedQuestion(ctx, courseID, questionID)
		if err != nil {
			return err
		}
		q := *before
		q.Retired = retired
		if err := s.store.UpdateQuestion(ctx, &q); err != nil {
			return err
		}
		out = &q
		action, zh := "training.question.retire", "停用"
		if !retired {
			action, zh = "training.question.restore", "恢复启用"
		}
		return s.audit.Record(ctx, audit.Change{Action: action, Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("课程“%s”题库%s一道%s", c.Name, zh, QuestionKinds.Label(q.Kind, "zh")), Before: before, After: &q})
	})
	return out, err
}
