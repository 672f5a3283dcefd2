package training

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
)

// InputOf is course c as entered, to fill the form that edits it.
func InputOf(c *Course) CourseInput {
	return CourseInput{Input: programme.InputOf(c.Programme), CourseTerms: c.CourseTerms}
}

// creditsLike reports whether c and d credit a completion alike: the same hours,
// the same completion rules, the same qualification.
func (c *Course) creditsLike(d *Course) bool {
	return c.Hours == d.Hours && c.MinAttendance == d.MinAttendance && c.Assignments == d.Assignments &&
		c.Assessment == d.Assessment && c.PassMark == d.PassMark && c.Qualifies == d.Qualifies
}

// UpdateCourse corrects a course: its programme, through the programme
// service, and its training terms, in one transaction. Once a class of the
// course is completed, the hours and completion rules that credited its
// people stay as they were.
func (s *Service) UpdateCourse(ctx context.Context, id int64, in CourseInput) (*Course, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, err := s.managed(ctx, id)
		if err != nil {
			return err
		}
		c := *before
		if err := in.validate(&c); err != nil {
			return err
		}
		if !c.creditsLike(before) {
			classes, err := s.store.FindClasses(ctx, id)
			if err != nil {
				return err
			}
			for _, k := range classes {
				if k.Completed {
					return app.Errorf(app.Conflict,
						fmt.Sprintf("%s已结业，学时已记入参训人员的培训档案，不能再修改学时、结业条件或上岗条件", k.Name),
						fmt.Sprintf("%s is completed and its hours are on people's records; the hours, completion rules and qualification can no longer change", k.Name))
				}
			}
		}
		if c.Enrolled > c.Capacity {
			return app.Errorf(app.Conflict, fmt.Sprintf("已有%d人报名，名额不能少于%d", c.Enrolled, c.Enrolled),
				fmt.Sprintf("%d people are enrolled; the capacity cannot be below that", c.Enrolled))
		}
		in.Kind = programme.KindTraining
		if c.Programme, err = s.programmes.Update(ctx, id, in.Input); err != nil {
			return err
		}
		classes, err := s.store.FindClasses(ctx, id)
		if err != nil {
			return err
		}
		for _, k := range classes {
			if k.Start.Before(c.Start) || c.End.Before(k.End) {
				return app.Errorf(app.Conflict, fmt.Sprintf("%s（%s至%s）不在修改后的课程日期之内", k.Name, k.Start.Chinese(), k.End.Chinese()),
					fmt.Sprintf("%s (%s to %s) would fall outside the course's dates", k.Name, k.Start, k.End))
			}
		}
		if err := s.store.UpdateCourse(ctx, &c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "training.course.update", Entity: "programme", EntityID: id,
			Summary: fmt.Sprintf("修改培训课程“%s”", c.Name), Before: before, After: &c})
	})
	if err != nil {
		return nil, err
	}
	return s.Course(ctx, id)
}
