package placement

import (
	"context"
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// leaveAccess is what the actor is to one participant's leave: the
// participant, who decides at the home school (its admin, or the county
// bureau over it), the mentor, or the programme's organiser.
type leaveAccess struct {
	own, decide, mentor, manage bool
}

func (acc leaveAccess) sees() bool { return acc.own || acc.decide || acc.mentor || acc.manage }

// readsReason reports whether the actor reads the reason of a leave of
// this kind: a sick-leave reason only the participant and who decides.
func (acc leaveAccess) readsReason(kind string) bool {
	return kind != LeaveSick || acc.own || acc.decide
}

// placed is a placement with its programme and id.
type placed struct {
	p  *programme.Programme
	pl *secondment.Placement
	id int64
}

// placementReader is what reading a placement needs from the database.
type placementReader interface {
	PlacementID(ctx context.Context, programmeID, educatorID int64) (int64, error)
	PlacementKey(ctx context.Context, id int64) (programmeID, educatorID int64, err error)
	FindPlacements(ctx context.Context, programmeID int64) ([]*secondment.Placement, error)
	FindProgrammeByID(ctx context.Context, id int64) (*programme.Programme, error)
}

// finder reads placements and decides the actor's part in them, for leave
// and completion alike.
type finder struct {
	store      placementReader
	programmes *programme.Service
}

// byID reads placement id and the actor's part in it; NotFound for anyone
// who has none.
func (s finder) byID(ctx context.Context, id int64) (*placed, leaveAccess, error) {
	pid, eid, err := s.store.PlacementKey(ctx, id)
	if err != nil {
		return nil, leaveAccess{}, err
	}
	x, err := s.placement(ctx, pid, eid)
	if err != nil {
		return nil, leaveAccess{}, err
	}
	acc := s.accessTo(ctx, x)
	if !acc.sees() {
		return nil, acc, app.ErrNotFound("挂职安排")
	}
	return x, acc, nil
}

// placement reads a participant's placement without an access decision;
// the callers decide from it.
func (s finder) placement(ctx context.Context, programmeID, educatorID int64) (*placed, error) {
	p, err := s.store.FindProgrammeByID(ctx, programmeID)
	if err != nil {
		return nil, app.ErrNotFound("挂职安排")
	}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, pl := range all {
		if pl.EducatorID == educatorID && pl.BatchID != 0 {
			id, err := s.store.PlacementID(ctx, programmeID, educatorID)
			if err != nil {
				return nil, err
			}
			return &placed{p: p, pl: pl, id: id}, nil
		}
	}
	return nil, app.ErrNotFound("挂职安排")
}

func (s finder) accessTo(ctx context.Context, x *placed) leaveAccess {
	a := app.ActorOf(ctx)
	var acc leaveAccess
	if a == nil {
		return acc
	}
	acc.own = a.EducatorID != 0 && a.EducatorID == x.pl.EducatorID
	acc.decide = !acc.own && auth.Decide(a, auth.EducatorWrite, x.pl.EducatorPlace(), "") == nil
	acc.mentor = x.pl.MentorID != 0 && x.pl.MentorID == a.UserID
	acc.manage = s.programmes.CanManage(ctx, x.p)
	return acc
}

// dress fills in what the placement says of a leave and what the actor
// may read and do with it.
func dress(l *Leave, x *placed, acc leaveAccess) {
	l.PlacementID, l.Name, l.SchoolName, l.HostName, l.MentorName = x.id, x.pl.Name, x.pl.SchoolName, x.pl.HostName, x.pl.MentorName
	l.Days = DaysOf(l.Start, l.End)
	if !acc.readsReason(l.Kind) {
		l.Reason, l.ReasonHidden = "", true
	}
	l.Can = LeaveActions{
		Decide:      acc.decide && StepApprove.Allows(l.Status),
		Acknowledge: (acc.mentor || acc.manage) && StepAcknowledge.Allows(l.Status),
		Close:       acc.own && StepClose.Allows(l.Status),
		Cancel:      acc.own && StepCancel.Allows(l.Status),
	}
}

// MyPlacements returns the ids of the actor's own placements that have not
// ended, where they may ask for leave.
func (s *LeaveService) MyPlacements(ctx context.Context) ([]*Placed, error) {
	a := app.ActorOf(ctx)
	out := []*Placed{}
	if a == nil || a.EducatorID == 0 {
		return out, nil
	}
	programmeIDs, err := s.store.FindPlacedProgrammes(ctx, a.EducatorID)
	if err != nil {
		return nil, err
	}
	for _, pid := range programmeIDs {
		x, err := s.placement(ctx, pid, a.EducatorID)
		if app.ErrorCode(err) == app.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if x.pl.BatchEnd.Before(s.Today()) {
			continue
		}
		out = append(out, &Placed{ID: x.id, Programme: x.p, Placement: x.pl})
	}
	return out, nil
}

// Placed is a placement as leave shows it: its id, programme and place.
type Placed struct {
	ID        int64                 `json:"id"`
	Programme *programme.Programme  `json:"-"`
	Placement *secondment.Placement `json:"placement"`
}

// Ask records a participant's leave request and puts it in the inbox of
// their home school. Only the participant asks.
func (s *LeaveService) Ask(ctx context.Context, in LeaveInput) (*Leave, error) {
	if in.PlacementID == 0 {
		return nil, errLeave("placement_id", "请选择挂职安排", "Choose the placement")
	}
	pid, eid, err := s.store.PlacementKey(ctx, in.PlacementID)
	if err != nil {
		return nil, err
	}
	var out *Leave
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		x, err := s.placement(ctx, pid, eid)
		if err != nil {
			return err
		}
		acc := s.accessTo(ctx, x)
		if !acc.own {
			if acc.sees() {
				return app.Errorf(app.Forbidden, "请假须由参训人员本人申请", "Only the participant asks for their leave")
			}
			return app.ErrNotFound("挂职安排")
		}
		if err := in.validate(x.pl); err != nil {
			return err
		}
		if err := s.checkOverlap(ctx, x, in); err != nil {
			return err
		}
		now, by := s.clock.Now(), app.ActorOf(ctx).Label()
		l := &Leave{ProgrammeID: pid, EducatorID: eid, Kind: in.Kind, Start: in.Start, End: in.End, Reason: in.Reason,
			Status: LeaveRequested, RequestedBy: by, RequestedAt: now}
		if err := s.store.CreateLeave(ctx, l); err != nil {
			return err
		}
		dress(l, x, acc)
		out = l
		if err := notify.Wait(ctx, s.store, notify.Item{Key: leaveKey(l.ID), Kind: "leave", Since: now,
			Title: fmt.Sprintf("%s申请%s（%s至%s，%d天），待派出学校审批", l.Name, LeaveKinds.Label(l.Kind, "zh"), l.Start.Chinese(), l.End.Chinese(), l.Days),
			Link:  LeavePath(l.ID), Permission: auth.EducatorWrite, Place: x.pl.EducatorPlace()}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.leave_request", Entity: "leave", EntityID: l.ID,
			Summary: fmt.Sprintf("%s申请%s：%s至%s，共%d天", l.Name, LeaveKinds.Label(l.Kind, "zh"), l.Start.Chinese(), l.End.Chinese(), l.Days),
			After:   leaveFacts(l)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkOverlap refuses a request whose dates meet another request of the
// placement that is waiting or approved.
func (s *LeaveService) checkOverlap(ctx context.Context, x *placed, in LeaveInput) error {
	others, err := s.store.FindLeaves(ctx, LeaveFilter{PlacementID: x.id})
	if err != nil {
		return err
	}
	for _, o := range others {
		start, end, ok := o.Taken()
		if o.Status == LeaveRequested {
			start, end, ok = o.Start, o.End, true
		}
		if ok && !in.End.Before(start) && !end.Before(in.Start) {
			return app.Errorf(app.Conflict, fmt.Sprintf("与已有的请假（%s至%s）日期重叠", start.Chinese(), end.Chinese()),
				fmt.Sprintf("The dates overlap another leave (%s to %s)", start.English(), end.English()))
		}
	}
	return nil
}

// LeavePath is the page of a leave request.
func LeavePath(id int64) string { return "/leave-requests/" + strconv.FormatInt(id, 10) }

func leaveKey(id int64) string    { return "leave:" + strconv.FormatInt(id, 10) }
func leaveAckKey(id int64) string { return "leave:" + strconv.FormatInt(id, 10) + ":ack" }
func leaveHostKey(id int64) string {
	return "leave:" + strconv.FormatInt(id, 10) + ":host"
}

// leaveFacts is what the audit keeps of a leave: never the reason of a
// sick leave, which the audit log's readers may not read.
func leaveFacts(l *Leave) map[string]any {
	m := map[string]any{"placement_id": l.PlacementID, "kind": l.Kind, "start": l.Start, "end": l.End, "status": l.Status}
	if !l.ActualStart.IsZero() {
		m["actual_start"], m["actual_end"] = l.ActualStart, l.ActualEnd
	}
	if l.DecisionNote != "" {
		m["note"] = l.DecisionNote
	}
	return m
}

// Leave returns one leave request the actor may see.
func (s *LeaveService) Leave(ctx context.Context, id int64) (*Leave, error) {
	l, _, _, err := s.find(ctx, id)
	return l, err
}

func (s *LeaveService) find(ctx context.Context, id int64) (*Leave, *placed, leaveAccess, error) {
	l, err := s.store.FindLeaveByID(ctx, id)
	if err != nil {
		return nil, nil, leaveAccess{}, err
	}
	x, err := s.placement(ctx, l.ProgrammeID, l.EducatorID)
	if err != nil {
		return nil, nil, leaveAccess{}, app.ErrNotFound("请假")
	}
	acc := s.accessTo(ctx, x)
	if !acc.sees() {
		return nil, nil, acc, app.ErrNotFound("请假")
	}
	dress(l, x, acc)
	return l, x, acc, nil
}

// Leaves lists the leave requests the actor sees: their own, those they
// decide at the home school, their mentees', and those of the programmes
// they organise; newest first.
func (s *LeaveService) Leaves(ctx context.Context, f LeaveFilter) ([]*Leave, error) {
	all, err := s.store.FindLeaves(ctx, f)
	if err != nil {
		return nil, err
	}
	cache := map[[2]int64]*placed{}
	out := []*Leave{}
	for _, l := range all {
		k := [2]int64{l.ProgrammeID, l.EducatorID}
		x, ok := cache[k]
		if !ok {
			if x, err = s.placement(ctx, l.ProgrammeID, l.EducatorID); err != nil && app.ErrorCode(err) != app.NotFound {
				return nil, err
			}
			cache[k] = x
		}
		if x == nil {
			continue
		}
		if acc := s.accessTo(ctx, x); acc.sees() {
			dress(l, x, acc)
			out = append(out, l)
		}
	}
	return out, nil
}

// LeaveDays reports the days of a placement from..to covered by approved
// or closed leave, each with its kind's short label (事假): the attendance
// sheet shows them as neither present nor absent.
func (s *LeaveService) LeaveDays(ctx context.Context, placementID int64, from, to app.Date) (map[app.Date]string, error) {
	pid, eid, err := s.store.PlacementKey(ctx, placementID)
	if err != nil {
		return nil, err
	}
	x, err := s.placement(ctx, pid, eid)
	if err != nil {
		return nil, err
	}
	if !s.accessTo(ctx, x).sees() && auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, x.p.Place(), "") != nil {
		return nil, app.ErrNotFound("挂职安排")
	}
	list, err := s.store.FindLeaves(ctx, LeaveFilter{PlacementID: placementID})
	if err != nil {
		return nil, err
	}
	out := map[app.Date]string{}
	for _, l := range list {
		l.markTaken(out, from, to)
	}
	return out, nil
}

// markTaken marks in days the days that leave l took (approved, or as
// closed), each with its kind's short label; a from or to that is not zero
// bounds them.
func (l *Leave) markTaken(days map[app.Date]string, from, to app.Date) {
	start, end, ok := l.Taken()
	if !ok {
		return
	}
	for d := start; !d.After(end); d = d.AddDays(1) {
		if (from.IsZero() || !d.Before(from)) && (to.IsZero() || !d.After(to)) {
			days[d] = LeaveKinds.Label(l.Kind, "zh")
		}
	}
}
