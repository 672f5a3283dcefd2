package placement

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// GroupActivityKinds are the kinds of a training group's activity ([001]:
// half a day or a day a week of exchange between bases, expert lectures).
var GroupActivityKinds = app.Vocab{
	{Code: "exchange", Zh: "基地交流", En: "Exchange between bases"},
	{Code: "lecture", Zh: "专家讲座", En: "Expert lecture"},
	{Code: "seminar", Zh: "专题研讨", En: "Seminar"},
	{Code: "other", Zh: "其他活动", En: "Other activity"},
}

// Attendance at a group activity.
const (
	AttendPresent = "present"
	AttendAbsent  = "absent"
	AttendLeave   = "leave"
)

// AttendStatuses is the vocabulary of attendance at a group activity.
var AttendStatuses = app.Vocab{
	{Code: AttendPresent, Zh: "出席", En: "Present"},
	{Code: AttendAbsent, Zh: "缺席", En: "Absent"},
	{Code: AttendLeave, Zh: "请假", En: "On leave"},
}

// GroupActivity is an activity on a training group's calendar.
type GroupActivity struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	GroupID     int64  `json:"group_id"`
	GroupName   string `json:"group_name"`
	ActivityPlan
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	// Members are the group's members with their attendance, once recorded.
	Members []*GroupAttendance `json:"members"`
	Absent  int                `json:"absent"`
	// CanRecord: the actor records the attendance (the group's leader, the organiser).
	CanRecord bool `json:"can_record"`
}

// GroupAttendance is a member's attendance at an activity; Status is empty
// until recorded.
type GroupAttendance struct {
	ActivityID int64     `json:"activity_id"`
	EducatorID int64     `json:"educator_id"`
	Name       string    `json:"name"`
	Status     string    `json:"status"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

// GroupActivityInput is an activity as scheduled.
type GroupActivityInput struct {
	GroupID int64 `json:"group_id"`
	ActivityPlan
}

// ActivityPlan is when, where and what a group activity is, as scheduled
// and as recorded; times are HH:MM.
type ActivityPlan struct {
	Date  app.Date `json:"date"`
	Start string   `json:"start"`
	End   string   `json:"end"`
	Place string   `json:"place"`
	Kind  string   `json:"kind"`
	Topic string   `json:"topic"`
}

// AttendanceInput is the attendance of an activity's members.
type AttendanceInput struct {
	Marks []AttendanceMark `json:"marks"`
}

// AttendanceMark is one member's attendance.
type AttendanceMark struct {
	EducatorID int64  `json:"educator_id"`
	Status     string `json:"status"`
}

// MemberActivity is an activity of the participant's group with their attendance.
type MemberActivity struct {
	*GroupActivity
	Status string `json:"status"`
}

// GroupCalendar is a programme's group activities as the actor sees them.
type GroupCalendar struct {
	ProgrammeID int64                `json:"programme_id"`
	Programme   *programme.Programme `json:"-"`
	Today       app.Date             `json:"today"`
	Activities  []*GroupActivity     `json:"activities"`
	// Groups are those the actor schedules for.
	Groups []*secondment.Group `json:"-"`
}

// clockTime is a time of day as 14:30.
var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// GroupActivitiesPath is the page of a programme's group activities.
func GroupActivitiesPath(programmeID int64) string {
	return "/programmes/" + strconv.FormatInt(programmeID, 10) + "/group-activities"
}

// groupReach is what the actor is to a programme's groups.
type groupReach struct {
	p       *programme.Programme
	manage  bool
	led     map[int64]bool // groups the actor leads
	own     int64          // the actor's own group as a participant
	groups  []*secondment.Group
	members map[int64][]*secondment.Placement // by group
}

func (g *groupReach) sees(groupID int64) bool { return g.manage || g.led[groupID] || g.own == groupID }
func (g *groupReach) runs(groupID int64) bool { return g.manage || g.led[groupID] }

// reach decides the actor's part in a programme's groups; NotFound for
// anyone who has none.
func (s *ContactService) reach(ctx context.Context, programmeID int64) (*groupReach, error) {
	a := app.ActorOf(ctx)
	p, _, acc, err := s.places.secondment.Placements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	g := &groupReach{p: p, manage: acc.Manage, led: map[int64]bool{}, members: map[int64][]*secondment.Placement{}}
	if g.groups, err = s.places.store.FindGroups(ctx, programmeID); err != nil {
		return nil, err
	}
	all, err := s.places.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, gr := range g.groups {
		g.led[gr.ID] = a.EducatorID != 0 && gr.LeaderID == a.EducatorID
	}
	for _, pl := range all {
		if pl.GroupID == 0 || pl.BatchID == 0 {
			continue
		}
		g.members[pl.GroupID] = append(g.members[pl.GroupID], pl)
		if a.EducatorID != 0 && pl.EducatorID == a.EducatorID {
			g.own = pl.GroupID
		}
	}
	if !g.manage && g.own == 0 && !anyTrue(g.led) {
		return nil, app.ErrNotFound("项目")
	}
	return g, nil
}

func anyTrue(m map[int64]bool) bool {
	for _, v := range m {
		if v {
			return true
		}
	}
	return false
}

// dressActivity fills in the group's name and its members' attendance.
func (g *groupReach) dressActivity(act *GroupActivity, marks map[[2]int64]*GroupAttendance) {
	if gr := groupOf(g.groups, act.GroupID); gr != nil {
		act.GroupName = gr.Name
	}
	act.Members, act.Absent = []*GroupAttendance{}, 0
	for _, pl := range g.members[act.GroupID] {
		m := marks[[2]int64{act.ID, pl.EducatorID}]
		if m == nil {
			m = &GroupAttendance{ActivityID: act.ID, EducatorID: pl.EducatorID}
		}
		m.Name = pl.Name
		if m.Status == AttendAbsent {
			act.Absent++
		}
		act.Members = append(act.Members, m)
	}
	act.CanRecord = g.runs(act.GroupID)
}

// activities lists the programme's activities of the groups keep says,
// with their members' attendance.
func (s *ContactService) activities(ctx context.Context, g *groupReach, keep func(groupID int64) bool) ([]*GroupActivity, error) {
	list, err := s.store.FindGroupActivities(ctx, g.p.ID, 0)
	if err != nil {
		return nil, err
	}
	att, err := s.store.FindGroupAttendance(ctx, g.p.ID)
	if err != nil {
		return nil, err
	}
	marks := map[[2]int64]*GroupAttendance{}
	for _, m := range att {
		marks[[2]int64{m.ActivityID, m.EducatorID}] = m
	}
	out := []*GroupActivity{}
	for _, act := range list {
		if keep(act.GroupID) {
			g.dressActivity(act, marks)
			out = append(out, act)
		}
	}
	return out, nil
}

// Calendar lists the group activities of a programme the actor sees: the
// organiser every group's, a group leader their groups', a participant
// their own group's.
func (s *ContactService) Calendar(ctx context.Context, programmeID int64) (*GroupCalendar, error) {
	g, err := s.reach(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	c := &GroupCalendar{ProgrammeID: programmeID, Programme: g.p, Today: s.Today(), Groups: []*secondment.Group{}}
	if c.Activities, err = s.activities(ctx, g, g.sees); err != nil {
		return nil, err
	}
	// A member reads their own attendance, not the others'.
	me := app.ActorOf(ctx).EducatorID
	for _, act := range c.Activities {
		for _, m := range act.Members {
			if !act.CanRecord && m.EducatorID != me {
				m.Status, m.RecordedBy, m.RecordedAt = "", "", time.Time{}
			}
		}
	}
	for _, gr := range g.groups {
		if g.runs(gr.ID) {
			c.Groups = append(c.Groups, gr)
		}
	}
	return c, nil
}

// validate checks an activity, on a day of the programme p (an activity
// already held may be entered after it).
func (in *GroupActivityInput) validate(p *programme.Programme) error {
	var f app.Fields
	if in.Date.IsZero() {
		f.Add("date", "请填写日期", "Fill in the date")
	} else if in.Date.Before(p.Start) || in.Date.After(p.End) {
		f.Add("date", fmt.Sprintf("活动日期应在项目期间内（%s至%s）", p.Start.Chinese(), p.End.Chinese()),
			fmt.Sprintf("The day must fall within the programme (%s to %s)", p.Start.English(), p.End.English()))
	}
	if !clockTime.MatchString(in.Start) || !clockTime.MatchString(in.End) {
		f.Add("start", "请按“08:30”的格式填写开始和结束时间", "Give the start and end as 08:30")
	} else if in.End <= in.Start {
		f.Add("end", "结束时间应晚于开始时间", "The end must come after the start")
	}
	if !GroupActivityKinds.Has(in.Kind) {
		f.Add("kind", "请选择活动类型", "Choose the kind of activity")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if err := clean(&in.Place, "place", "地点", 100, true); err != nil {
		return err
	}
	return clean(&in.Topic, "topic", "活动主题", 100, true)
}

// Schedule puts an activity on a group's calendar and tells its members;
// the group's leader or the programme's organiser schedules.
func (s *ContactService) Schedule(ctx context.Context, programmeID int64, in GroupActivityInput) (*GroupActivity, error) {
	g, err := s.reach(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	gr := groupOf(g.groups, in.GroupID)
	switch {
	case gr == nil || !g.sees(gr.ID) && !g.manage:
		return nil, errField("group_id", "请选择本项目的研修小组", "Choose a training group of the programme")
	case !g.runs(gr.ID):
		return nil, app.Errorf(app.Forbidden, "小组活动由组长或项目组织方安排", "The group's leader or the organiser schedules its activities")
	}
	if err := in.validate(g.p); err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	act := &GroupActivity{ProgrammeID: programmeID, GroupID: gr.ID, GroupName: gr.Name, ActivityPlan: in.ActivityPlan,
		CreatedBy: app.ActorOf(ctx).Label(), CreatedAt: now}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateGroupActivity(ctx, act); err != nil {
			return err
		}
		if err := s.tellMembers(ctx, g, act); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.group_activity", Entity: "group_activity", EntityID: act.ID,
			Summary: fmt.Sprintf("%s安排%s：%s（%s %s）", gr.Name, GroupActivityKinds.Label(act.Kind, "zh"), act.Topic, act.Date.Chinese(), act.Start),
			After:   map[string]any{"group_id": gr.ID, "date": act.Date, "start": act.Start, "end": act.End, "place": act.Place, "kind": act.Kind}})
	})
	if err != nil {
		return nil, err
	}
	g.dressActivity(act, nil)
	return act, nil
}

func activityKey(id, educatorID int64) string {
	return "group_activity:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatInt(educatorID, 10)
}

// tellMembers puts the activity in the inbox of every member with an account.
func (s *ContactService) tellMembers(ctx context.Context, g *groupReach, act *GroupActivity) error {
	ids := []int64{}
	for _, pl := range g.members[act.GroupID] {
		ids = append(ids, pl.EducatorID)
	}
	users, err := s.store.EducatorUserIDs(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if users[id] == 0 {
			continue
		}
		if err := notify.Wait(ctx, s.store, notify.Item{Key: activityKey(act.ID, id), Kind: "placement", UserID: users[id], Since: act.CreatedAt,
			Title: fmt.Sprintf("%s：%s %s在%s举行%s“%s”", act.GroupName, act.Date.Chinese(), act.Start, act.Place, GroupActivityKinds.Label(act.Kind, "zh"), act.Topic),
			Link:  GroupActivitiesPath(act.ProgrammeID), Due: act.Date}); err != nil {
			return err
		}
	}
	return nil
}

// RecordAttendance records the attendance of an activity's members, all at
// once, on or after its day; the group's leader or the organiser records.
func (s *ContactService) RecordAttendance(ctx context.Context, activityID int64, in AttendanceInput) (*GroupActivity, error) {
	k, err := s.store.FindGroupActivities(ctx, 0, activityID)
	if err != nil || len(k) != 1 {
		return nil, app.ErrNotFound("小组活动")
	}
	g, err := s.reach(ctx, k[0].ProgrammeID)
	if err != nil || !g.sees(k[0].GroupID) {
		return nil, app.ErrNotFound("小组活动")
	}
	act := k[0]
	if !g.runs(act.GroupID) {
		return nil, app.Errorf(app.Forbidden, "出勤由组长或项目组织方记录", "The group's leader or the organiser records the attendance")
	}
	if act.Date.After(s.Today()) {
		return nil, app.Errorf(app.Conflict, fmt.Sprintf("活动在%s举行，届时方可记录出勤", act.Date.Chinese()),
			fmt.Sprintf("The activity is on %s; record the attendance then", act.Date.English()))
	}
	members := map[int64]bool{}
	for _, pl := range g.members[act.GroupID] {
		members[pl.EducatorID] = true
	}
	now, by := s.clock.Now().UTC(), app.ActorOf(ctx).Label()
	marks, keys := []*GroupAttendance{}, []string{}
	var f app.Fields
	for _, m := range in.Marks {
		switch {
		case !members[m.EducatorID]:
			f.Add("marks", "出勤名单中有不属于本小组的人员", "The attendance names someone outside the group")
		case !AttendStatuses.Has(m.Status):
			f.Add("marks", "出勤情况应为出席、缺席或请假", "Attendance is present, absent or on leave")
		default:
			marks = append(marks, &GroupAttendance{ActivityID: act.ID, EducatorID: m.EducatorID, Status: m.Status, RecordedBy: by, RecordedAt: now})
			keys = append(keys, activityKey(act.ID, m.EducatorID))
		}
	}
	if len(in.Marks) == 0 {
		f.Add("marks", "请记录成员的出勤情况", "Record the members' attendance")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SaveGroupAttendance(ctx, act.ID, marks); err != nil {
			return err
		}
		if err := notify.Done(ctx, s.store, now, keys...); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.group_attendance", Entity: "group_activity", EntityID: act.ID,
			Summary: fmt.Sprintf("记录小组活动“%s”（%s）的出勤，%d人", act.Topic, act.Date.Chinese(), len(marks)), After: marks})
	})
	if err != nil {
		return nil, err
	}
	list, err := s.activities(ctx, g, func(id int64) bool { return id == act.GroupID })
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		if a.ID == act.ID {
			return a, nil
		}
	}
	return nil, app.ErrNotFound("小组活动")
}

// memberActivities lists the activities of a participant's group with
// their attendance, without an access decision: the caller made it.
func (s *ContactService) memberActivities(ctx context.Context, pl *Placement) ([]*MemberActivity, error) {
	out := []*MemberActivity{}
	if pl.GroupID == 0 {
		return out, nil
	}
	groups, err := s.places.store.FindGroups(ctx, pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	all, err := s.places.store.FindPlacements(ctx, pl.ProgrammeID)
	if err != nil {
		return nil, err
	}
	g := &groupReach{p: &programme.Programme{ID: pl.ProgrammeID}, groups: groups, led: map[int64]bool{}, members: map[int64][]*secondment.Placement{}}
	for _, x := range all {
		if x.GroupID == pl.GroupID && x.BatchID != 0 {
			g.members[x.GroupID] = append(g.members[x.GroupID], x)
		}
	}
	list, err := s.activities(ctx, g, func(id int64) bool { return id == pl.GroupID })
	if err != nil {
		return nil, err
	}
	for _, act := range list {
		m := &MemberActivity{GroupActivity: act}
		for _, a := range act.Members {
			if a.EducatorID == pl.EducatorID {
				m.Status = a.Status
			}
		}
		act.Members, act.CanRecord = []*GroupAttendance{}, false
		out = append(out, m)
	}
	return out, nil
}

// Upcoming lists the next activities of the participant's group, from
// today, for the workspace: at most three.
func (s *ContactService) Upcoming(ctx context.Context, placementID int64) ([]*MemberActivity, error) {
	pl, _, _, err := s.readable(ctx, placementID)
	if err != nil {
		return nil, err
	}
	list, err := s.memberActivities(ctx, pl)
	if err != nil {
		return nil, err
	}
	today, out := s.Today(), []*MemberActivity{}
	for _, a := range list {
		if !a.Date.Before(today) && len(out) < 3 {
			out = append(out, a)
		}
	}
	return out, nil
}
