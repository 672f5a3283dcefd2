package placement

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
)

// stepWords names each step in Chinese and English, for messages and the audit.
var stepWords = map[LeaveStep][2]string{
	StepApprove:     {"批准", "approved"},
	StepRefuse:      {"不批准", "refused"},
	StepAcknowledge: {"确认知悉", "acknowledged"},
	StepClose:       {"销假", "closed"},
	StepCancel:      {"撤回", "withdrawn"},
}

// mayTake says whether acc may take step, with the refusal when not.
func (acc leaveAccess) mayTake(step LeaveStep) error {
	switch step {
	case StepApprove, StepRefuse:
		if acc.decide {
			return nil
		}
		return app.Errorf(app.Forbidden, "请假由参训人员所在的派出学校审批", "The participant's home school decides on leave")
	case StepAcknowledge:
		if acc.mentor || acc.manage {
			return nil
		}
		return app.Errorf(app.Forbidden, "请假由导师或项目组织方代接收学校确认知悉", "The mentor or the organiser acknowledges leave for the host")
	case StepClose, StepCancel:
		if acc.own {
			return nil
		}
		return app.Errorf(app.Forbidden, "销假和撤回须由参训人员本人办理", "Only the participant closes or withdraws their leave")
	}
	return app.Errorf(app.Invalid, "未知的操作", "Unknown step")
}

// Approve approves a waiting leave request (the home school).
func (s *LeaveService) Approve(ctx context.Context, id int64, in LeaveDecision) (*Leave, error) {
	return s.step(ctx, id, StepApprove, "placement.leave_approve", in.Note, LeaveReturn{})
}

// Refuse refuses a waiting leave request (the home school).
func (s *LeaveService) Refuse(ctx context.Context, id int64, in LeaveDecision) (*Leave, error) {
	return s.step(ctx, id, StepRefuse, "placement.leave_refuse", in.Note, LeaveReturn{})
}

// Acknowledge records that the host side knows of an approved leave (the
// mentor, or the organiser for the host school).
func (s *LeaveService) Acknowledge(ctx context.Context, id int64, _ struct{}) (*Leave, error) {
	return s.step(ctx, id, StepAcknowledge, "placement.leave_acknowledge", "", LeaveReturn{})
}

// Close closes an approved leave on return with the real dates (销假).
func (s *LeaveService) Close(ctx context.Context, id int64, in LeaveReturn) (*Leave, error) {
	return s.step(ctx, id, StepClose, "placement.leave_close", "", in)
}

// Cancel withdraws a leave request not yet decided.
func (s *LeaveService) Cancel(ctx context.Context, id int64, _ struct{}) (*Leave, error) {
	return s.step(ctx, id, StepCancel, "placement.leave_cancel", "", LeaveReturn{})
}

// step takes one step of a leave request: who may take it and from which
// status is fixed by the step; the update is conditional on the status
// read, so that of two taking a step at once exactly one succeeds and the
// other is told what happened.
func (s *LeaveService) step(ctx context.Context, id int64, step LeaveStep, action, note string, ret LeaveReturn) (*Leave, error) {
	var out *Leave
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		l, x, acc, err := s.find(ctx, id)
		if err != nil {
			return err
		}
		if err := acc.mayTake(step); err != nil {
			return err
		}
		words := stepWords[step]
		if !step.Allows(l.Status) {
			return app.Errorf(app.Conflict, fmt.Sprintf("该请假%s，不能%s", LeaveStatuses.Label(string(l.Status), "zh"), words[0]),
				fmt.Sprintf("The leave is %s and cannot be %s", strings.ToLower(LeaveStatuses.Label(string(l.Status), "en")), words[1]))
		}
		note = strings.TrimSpace(note)
		if utf8.RuneCountInString(note) > 200 {
			return errLeave("note", "审批意见不超过200字", "The note has at most 200 characters")
		}
		before := *l
		now, by := s.clock.Now(), app.ActorOf(ctx).Label()
		switch step {
		case StepApprove, StepRefuse:
			l.DecidedBy, l.DecidedAt, l.DecisionNote = by, now, note
		case StepAcknowledge:
			l.AcknowledgedBy, l.AcknowledgedAt = by, now
		case StepClose:
			if err := ret.validate(s.Today()); err != nil {
				return err
			}
			l.ActualStart, l.ActualEnd, l.ClosedAt = ret.ActualStart, ret.ActualEnd, now
		}
		l.Status = leaveFrom[step].to
		ok, err := s.store.StepLeave(ctx, l, leaveFrom[step].from)
		if err != nil {
			return err
		}
		if !ok {
			now, err := s.store.FindLeaveByID(ctx, id)
			if err != nil {
				return err
			}
			return app.Errorf(app.Conflict, fmt.Sprintf("该请假已由他人处理（%s），未再%s", LeaveStatuses.Label(string(now.Status), "zh"), words[0]),
				fmt.Sprintf("Someone else has acted on the leave (%s); it was not %s again", LeaveStatuses.Label(string(now.Status), "en"), words[1]))
		}
		if err := s.tell(ctx, l, x, step); err != nil {
			return err
		}
		dress(l, x, acc)
		out = l
		return s.audit.Record(ctx, audit.Change{Action: action, Entity: "leave", EntityID: l.ID,
			Summary: fmt.Sprintf("%s：%s的%s（%s至%s）%s", words[0], l.Name, LeaveKinds.Label(l.Kind, "zh"), l.Start.Chinese(), l.End.Chinese(),
				leaveSuffix(l)), Before: leaveFacts(&before), After: leaveFacts(l)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func leaveSuffix(l *Leave) string {
	switch {
	case l.Status == LeaveClosed:
		return fmt.Sprintf("，实际%s至%s", l.ActualStart.Chinese(), l.ActualEnd.Chinese())
	case l.DecisionNote != "" && (l.Status == LeaveApproved || l.Status == LeaveRefused):
		return "，意见：" + l.DecisionNote
	}
	return ""
}

// tell updates the inbox after a step: a decision clears the home
// school's item; an approval tells the mentor and the organiser (for the
// host school), until one of them acknowledges it.
func (s *LeaveService) tell(ctx context.Context, l *Leave, x *placed, step LeaveStep) error {
	now := s.clock.Now()
	switch step {
	case StepApprove:
		if err := notify.Done(ctx, s.store, now, leaveKey(l.ID)); err != nil {
			return err
		}
		title := fmt.Sprintf("%s请假%s至%s已获派出学校批准，请知悉", x.pl.Name, l.Start.Chinese(), l.End.Chinese())
		if x.pl.MentorID != 0 {
			if err := notify.Wait(ctx, s.store, notify.Item{Key: leaveAckKey(l.ID), Kind: "leave", Title: title, Link: LeavePath(l.ID),
				UserID: x.pl.MentorID, Since: now}); err != nil {
				return err
			}
		}
		return notify.Wait(ctx, s.store, notify.Item{Key: leaveHostKey(l.ID), Kind: "leave", Title: title + "，并告知接收学校" + x.pl.HostName,
			Link: LeavePath(l.ID), Permission: auth.ProgrammeManage, Place: x.p.Place(), Since: now})
	case StepRefuse, StepCancel:
		return notify.Done(ctx, s.store, now, leaveKey(l.ID))
	case StepAcknowledge, StepClose:
		return notify.Done(ctx, s.store, now, leaveAckKey(l.ID), leaveHostKey(l.ID))
	}
	return nil
}
