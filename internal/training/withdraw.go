package training

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// Withdraw takes an enrolment off its course, freeing its place: the
// course's organisers may, and so may the person themself. A completed
// enrolment has credited hours and stays.
func (s *Service) Withdraw(ctx context.Context, enrolmentID int64) (*Enrolment, error) {
	var out *Enrolment
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		list, err := s.store.FindCourseEnrolments(ctx, EnrolmentFilter{ID: enrolmentID})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return app.ErrNotFound("报名记录")
		}
		c, err := s.Course(ctx, list[0].CourseID)
		if err != nil {
			return app.ErrNotFound("报名记录")
		}
		a := app.ActorOf(ctx)
		own := a.EducatorID != 0 && a.EducatorID == list[0].EducatorID
		if !own && !s.CanManage(ctx, c) {
			return app.ErrNotFound("报名记录")
		}
		if err := s.store.LockProgramme(ctx, c.ID); err != nil {
			return err
		}
		if list, err = s.store.FindCourseEnrolments(ctx, EnrolmentFilter{ID: enrolmentID}); err != nil {
			return err
		}
		if len(list) == 0 {
			return app.ErrNotFound("报名记录")
		}
		e := list[0]
		if e.Status == StatusCompleted {
			return app.Errorf(app.Conflict, fmt.Sprintf("%s已结业，学时已记入培训档案，不能退出", e.Name),
				fmt.Sprintf("%s has completed the course and its hours are on the record; the enrolment cannot be withdrawn", e.Name))
		}
		if err := s.store.DeleteEnrolment(ctx, e.ID); err != nil {
			return err
		}
		out = e
		return s.audit.Record(ctx, audit.Change{Action: "training.withdraw", Entity: "programme", EntityID: c.ID,
			Summary: fmt.Sprintf("%s退出“%s”（%s）", e.Name, c.Name, e.ClassName), Before: e})
	})
	return out, err
}
