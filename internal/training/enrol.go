package training

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// Enrolments lists a course's enrolments the actor may see: all of them for
// its managers, else those of the educators the actor may read.
func (s *Service) Enrolments(ctx context.Context, c *Course, f EnrolmentFilter) ([]*Enrolment, error) {
	f.CourseID = c.ID
	list, err := s.store.FindCourseEnrolments(ctx, f)
	if err != nil || s.CanManage(ctx, c) {
		return list, err
	}
	a := app.ActorOf(ctx)
	out := []*Enrolment{}
	for _, e := range list {
		if auth.Decide(a, auth.EducatorRead, e.Place(), "") == nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// Own returns the actor's own enrolment on a course, or nil.
func (s *Service) Own(ctx context.Context, c *Course) (*Enrolment, error) {
	a := app.ActorOf(ctx)
	if a == nil || a.EducatorID == 0 {
		return nil, nil
	}
	list, err := s.store.FindCourseEnrolments(ctx, EnrolmentFilter{CourseID: c.ID, EducatorID: a.EducatorID})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// CanAssign reports whether the actor may name people for course c: its
// managers, and those who edit educators (a school's office) inside the
// plan's unit, when the course takes assignments.
func (s *Service) CanAssign(ctx context.Context, c *Course) bool {
	if c.Enrolment == EnrolApplication {
		return s.CanManage(ctx, c)
	}
	return s.CanManage(ctx, c) || auth.Can(app.ActorOf(ctx), auth.EducatorWrite) == nil
}

// CanApply reports whether the actor may apply for course c themselves.
func (s *Service) CanApply(ctx context.Context, c *Course) bool {
	a := app.ActorOf(ctx)
	return a != nil && a.EducatorID != 0 && c.Enrolment != EnrolAssigned
}

// lockedCourse returns a course the actor may read, its programme locked
// for the rest of the transaction.
func (s *Service) lockedCourse(ctx context.Context, courseID int64) (*Course, error) {
	c, err := s.Course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if err := s.store.LockProgramme(ctx, c.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// Enrol names an educator for a course, in one of its classes: by the
// course's managers or by whoever edits the educator's record (their
// school), or, when the educator is the actor, as an application that waits
// for approval.
func (s *Service) Enrol(ctx context.Context, courseID int64, in EnrolInput) (*Enrolment, error) {
	a := app.ActorOf(ctx)
	var out *Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.lockedCourse(ctx, courseID)
		if err != nil {
			return err
		}
		ed, err := s.store.FindEducatorByID(ctx, in.EducatorID)
		if err != nil || auth.Decide(a, auth.EducatorRead, ed.Place(), "") != nil {
			switch {
			case err != nil && app.ErrorCode(err) != app.NotFound:
				return err
			case s.CanManage(ctx, c):
				return app.NotFoundField("educator_id", "教职工")
			}
			// Who reads nobody to name finds nothing to enrol them in.
			return app.ErrNotFound("课程")
		}
		via, status := EnrolAssigned, StatusEnrolled
		switch {
		case s.CanManage(ctx, c) && c.Enrolment != EnrolApplication:
		case c.Enrolment != EnrolApplication && auth.Decide(a, auth.EducatorWrite, ed.Place(), "") == nil:
		case a.EducatorID == ed.ID && c.Enrolment != EnrolAssigned:
			via, status = EnrolApplication, StatusApplied
		case s.CanManage(ctx, c):
			return app.Errorf(app.Conflict, "本课程只接受个人申请", "This course takes applications only")
		default:
			// Who may not name this educator finds nothing to enrol them in.
			return app.ErrNotFound("课程")
		}
		if err := inUnit(c, ed); err != nil {
			return err
		}
		k, err := s.openClass(ctx, c, in.ClassID)
		if err != nil {
			return err
		}
		if status == StatusEnrolled {
			if err := s.checkCapacity(c); err != nil {
				return err
			}
		}
		out = &Enrolment{CourseID: c.ID, CourseName: c.Name, ClassID: k.ID, ClassName: k.Name, EducatorID: ed.ID, Name: ed.Name,
			SchoolID: ed.SchoolID, SchoolName: ed.SchoolName, CountyID: ed.CountyID, CityID: ed.CityID, Status: status, Via: via,
			CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
		if err := s.store.CreateEnrolment(ctx, out); err != nil {
			return err
		}
		verb := "报名参加"
		if via == EnrolApplication {
			verb = "申请参加"
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.enrol", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s%s“%s”（%s）", ed.Name, verb, c.Name, k.Name), After: out})
	})
	return out, err
}

// inUnit refuses an educator outside the course's organising unit.
func inUnit(c *Course, ed *people.Educator) error {
	if c.CityWide() && ed.CityID == c.CityID || !c.CityWide() && ed.CountyID == c.CountyID {
		return nil
	}
	unit := c.CountyName
	if c.CityWide() {
		unit = "本市"
	}
	return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("%s不在本课程的组织范围（%s）内", ed.Name, unit),
		English: ed.Name + " is outside the course's organising unit", Fields: map[string]string{"educator_id": "invalid"}}
}

// openClass returns a class of c that still takes people.
func (s *Service) openClass(ctx context.Context, c *Course, classID int64) (*Class, error) {
	k, err := s.store.FindClassByID(ctx, classID)
	if err != nil || k.CourseID != c.ID {
		if err == nil || app.ErrorCode(err) == app.NotFound {
			return nil, &app.Error{Code: app.Invalid, Message: "请选择本课程的班级", English: "Choose a class of this course",
				Fields: map[string]string{"class_id": "invalid"}}
		}
		return nil, err
	}
	if k.Completed {
		return nil, app.Errorf(app.Conflict, k.Name+"已结业，不能再报名", k.Name+" has completed; it takes nobody more")
	}
	return k, nil
}

// checkCapacity refuses one more person on a full course; the caller holds
// the course's lock.
func (s *Service) checkCapacity(c *Course) error {
	if c.Enrolled >= c.Capacity {
		return app.Errorf(app.Conflict, fmt.Sprintf("课程“%s”的%d个名额已满", c.Name, c.Capacity),
			fmt.Sprintf("The %d places of %q are taken", c.Capacity, c.Name))
	}
	return nil
}

// Decide approves or refuses an application.
func (s *Service) Decide(ctx context.Context, enrolmentID int64, approve bool) (*Enrolment, error) {
	var out *Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		e, c, err := s.managedEnrolment(ctx, enrolmentID)
		if err != nil {
			return err
		}
		if e.Status != StatusApplied {
			return app.Errorf(app.Conflict, "该申请已处理", "The application has been decided")
		}
		before := *e
		e.Status, e.DecidedBy = StatusRefused, app.ActorOf(ctx).Label()
		verdict := "未通过"
		if approve {
			if err := s.checkCapacity(c); err != nil {
				return err
			}
			e.Status, verdict = StatusEnrolled, "通过"
		}
		if err := s.store.UpdateEnrolment(ctx, e); err != nil {
			return err
		}
		out = e
		return s.audit.Record(ctx, audit.Change{Action: "training.decide", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s参加“%s”的申请审核%s", e.Name, c.Name, verdict), Before: before, After: e})
	})
	return out, err
}

// managedEnrolment returns an enrolment of a course the actor manages, the
// course locked.
func (s *Service) managedEnrolment(ctx context.Context, id int64) (*Enrolment, *Course, error) {
	list, err := s.store.FindCourseEnrolments(ctx, EnrolmentFilter{ID: id})
	if err != nil {
		return nil, nil, err
	}
	if len(list) == 0 {
		return nil, nil, app.ErrNotFound("报名记录")
	}
	c, err := s.Course(ctx, list[0].CourseID)
	if err != nil {
		return nil, nil, app.ErrNotFound("报名记录")
	}
	if !s.CanManage(ctx, c) {
		return nil, nil, app.ErrNotFound("报名记录")
	}
	if c, err = s.managed(ctx, c.ID); err != nil {
		return nil, nil, err
	}
	list, err = s.store.FindCourseEnrolments(ctx, EnrolmentFilter{ID: id})
	if err != nil {
		return nil, nil, err
	}
	return list[0], c, nil
}

// SetAssignments records how many assignments an enrolled person handed in.
func (s *Service) SetAssignments(ctx context.Context, enrolmentID int64, n int) (*Enrolment, error) {
	var out *Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		e, c, err := s.managedEnrolment(ctx, enrolmentID)
		if err != nil {
			return err
		}
		if e.Status != StatusEnrolled {
			return app.Errorf(app.Conflict, "只能为在读学员登记作业", "Assignments are recorded for enrolled people only")
		}
		if n < 0 || n > 50 {
			return &app.Error{Code: app.Invalid, Message: "作业数应在0至50之间", English: "Assignments must be between 0 and 50",
				Fields: map[string]string{"assignments": "invalid"}}
		}
		before := e.Assignments
		e.Assignments, out = n, e
		if err := s.store.UpdateEnrolment(ctx, e); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.assignments", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s在“%s”提交作业%d份", e.Name, c.Name, n), Before: before, After: n})
	})
	return out, err
}
