package secondment

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
)

// Placement is one participant of a programme and where they are placed:
// batch, host school, department or 教研组, mentor and training group. A
// participant not yet in a batch has BatchID zero. The next stage (the
// placement day by day) hangs its plans, logs and assessments on it.
type Placement struct {
	ProgrammeID int64    `json:"programme_id"`
	EducatorID  int64    `json:"educator_id"`
	Name        string   `json:"name"`
	Gender      string   `json:"gender"`
	Post        string   `json:"post"`
	Subjects    []string `json:"subjects"`
	Backbone    string   `json:"backbone"`
	Category    string   `json:"category"`
	SchoolID    int64    `json:"school_id"`
	SchoolName  string   `json:"school_name"`
	SchoolLevel string   `json:"school_level"`
	CountyID    int64    `json:"county_id"`
	CountyName  string   `json:"county_name"`
	CityID      int64    `json:"city_id"`

	BatchID    int64    `json:"batch_id"`
	BatchName  string   `json:"batch_name"`
	BatchStart app.Date `json:"batch_start"`
	BatchEnd   app.Date `json:"batch_end"`
	HostAssignment
	GroupLeader string `json:"group_leader"`
	// PostTitle is the post held at the host, e.g. 校长助理 ([001]).
	PostTitle string    `json:"post_title"`
	UpdatedBy string    `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// HostAssignment is where a participant is (or would be) placed: the host, its
// department, the mentor and the training group, with their names.
type HostAssignment struct {
	HostID         int64  `json:"host_id"`
	HostName       string `json:"host_name"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentName string `json:"department_name"`
	MentorID       int64  `json:"mentor_id"`
	MentorName     string `json:"mentor_name"`
	GroupID        int64  `json:"group_id"`
	GroupName      string `json:"group_name"`
}

// Placed reports whether the placement names a host, a mentor and a group.
func (p *Placement) Placed() bool { return p.HostID != 0 && p.MentorID != 0 }

// EducatorPlace is where the participant's own record lies.
func (p *Placement) EducatorPlace() app.Place {
	return app.Place{CityID: p.CityID, CountyID: p.CountyID, SchoolID: p.SchoolID, EducatorID: p.EducatorID}
}

// PlacementInput places a participant. Zero fields leave the place empty;
// a batch is required.
type PlacementInput struct {
	BatchID      int64  `json:"batch_id"`
	HostID       int64  `json:"host_id"`
	DepartmentID int64  `json:"department_id"`
	MentorID     int64  `json:"mentor_id"`
	GroupID      int64  `json:"group_id"`
	PostTitle    string `json:"post_title"`
}

// Mentor is a programme's mentor (导师): an account, often of host staff
// outside the organisation tree, at a host's department.
type Mentor struct {
	ProgrammeID    int64  `json:"programme_id"`
	UserID         int64  `json:"user_id"`
	Username       string `json:"username"`
	DisplayName    string `json:"display_name"`
	HostID         int64  `json:"host_id"`
	HostName       string `json:"host_name"`
	DepartmentID   int64  `json:"department_id"`
	DepartmentName string `json:"department_name"`
	Title          string `json:"title"`
	// Load is the number of participants placed with the mentor.
	Load int `json:"load"`
}

// MentorInput creates a mentor's account and places them at a host.
type MentorInput struct {
	Username     string `json:"username"`
	DisplayName  string `json:"display_name"`
	HostID       int64  `json:"host_id"`
	DepartmentID int64  `json:"department_id"`
	Title        string `json:"title"`
}

// Group is a training group (培训小组) with its leader ([001]: five groups,
// two middle-school and three primary, each with a leader).
type Group struct {
	ID          int64  `json:"id"`
	ProgrammeID int64  `json:"programme_id"`
	Position    int    `json:"position"`
	Name        string `json:"name"`
	// Level is middle, primary or empty for a group of any level.
	Level      string `json:"level"`
	LeaderID   int64  `json:"leader_id"`
	LeaderName string `json:"leader_name"`
	Members    int    `json:"members"`
}

// GroupLevels are the levels of a training group.
var GroupLevels = app.Vocab{
	{Code: "middle", Zh: "中学组", En: "Secondary"},
	{Code: "primary", Zh: "小学组", En: "Primary"},
}

// GroupInput is a group as entered.
type GroupInput struct {
	Name     string `json:"name"`
	Level    string `json:"level"`
	LeaderID int64  `json:"leader_id"`
}

// PlacementStore is what placements need from the database.
type PlacementStore interface {
	FindPlacements(ctx context.Context, programmeID int64) ([]*Placement, error)
	SavePlacement(ctx context.Context, p *Placement) error
	FindMentors(ctx context.Context, programmeID int64) ([]*Mentor, error)
	CreateMentor(ctx context.Context, m *Mentor) error
	FindGroups(ctx context.Context, programmeID int64) ([]*Group, error)
	CreateGroup(ctx context.Context, g *Group) error
	UpdateGroup(ctx context.Context, g *Group) error
	DeleteGroup(ctx context.Context, programmeID, groupID int64) error
	// FindProgrammeByID reads a programme without an access decision; the
	// caller decides from the placements in it.
	FindProgrammeByID(ctx context.Context, id int64) (*programme.Programme, error)
}

// PlacementAccess says what of a programme's placements the actor sees.
type PlacementAccess struct {
	// Manage: every placement, and may change them.
	Manage bool
	// All: every placement, read only (a city or county bureau reading).
	All bool
	// MentorID: the placements this mentor has.
	MentorID int64
	// EducatorID: the actor's own placement.
	EducatorID int64
	// StaffOf: placements of the staff of these schools (a school
	// admin's); bureaus see placements through the programme instead.
	StaffOf []int64
}

// access decides what the actor sees of p's placements: its managers
// everything; a mentor only their participants; a participant only their
// own; a school admin their staff's. Anyone else gets not found.
func (s *Service) access(ctx context.Context, p *programme.Programme) (PlacementAccess, error) {
	a := app.ActorOf(ctx)
	var acc PlacementAccess
	if a == nil {
		return acc, auth.Decide(a, auth.ProgrammeRead, p.Place(), "项目")
	}
	if s.programmes.CanManage(ctx, p) {
		acc.Manage, acc.All = true, true
		return acc, nil
	}
	readable := auth.Decide(a, auth.ProgrammeRead, p.Place(), "项目") == nil
	if readable && a.HasRole(auth.RoleMentor) {
		acc.MentorID = a.UserID
	}
	acc.EducatorID = a.EducatorID
	for _, g := range a.Grants {
		if g.Role == auth.RoleSchoolAdmin && g.ScopeKind == auth.ScopeSchool {
			acc.StaffOf = append(acc.StaffOf, g.ScopeID)
		}
	}
	return acc, nil
}

// sees reports whether acc lets its holder see pl.
func (acc PlacementAccess) sees(pl *Placement) bool {
	switch {
	case acc.All:
		return true
	case acc.MentorID != 0 && pl.MentorID == acc.MentorID:
		return true
	case acc.EducatorID != 0 && pl.EducatorID == acc.EducatorID:
		return true
	}
	for _, id := range acc.StaffOf {
		if pl.SchoolID == id {
			return true
		}
	}
	return false
}

// Placements lists the placements of programme id the actor may see, with
// what they may do. The programme answers not found to anyone who sees
// neither it nor a placement in it.
func (s *Service) Placements(ctx context.Context, id int64) (*programme.Programme, []*Placement, PlacementAccess, error) {
	p, err := s.programmes.FindByID(ctx, id)
	var acc PlacementAccess
	if err != nil {
		if app.ErrorCode(err) != app.NotFound && app.ErrorCode(err) != app.Forbidden {
			return nil, nil, acc, err
		}
		// A school admin or participant without programme rights reaches
		// the programme through their staff's or their own placement.
		if p, err = s.store.FindProgrammeByID(ctx, id); err != nil {
			return nil, nil, acc, app.ErrNotFound("项目")
		}
	}
	if acc, err = s.access(ctx, p); err != nil {
		return nil, nil, acc, err
	}
	all, err := s.store.FindPlacements(ctx, p.ID)
	if err != nil {
		return nil, nil, acc, err
	}
	out := []*Placement{}
	for _, pl := range all {
		if acc.sees(pl) {
			out = append(out, pl)
		}
	}
	canRead := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "") == nil
	if !canRead && len(out) == 0 {
		return nil, nil, acc, app.ErrNotFound("项目")
	}
	if !canRead {
		p.Status = programme.StatusRunning
		if today := s.Today(); p.End.Before(today) {
			p.Status = programme.StatusFinished
		} else if today.Before(p.Start) {
			p.Status = programme.StatusUpcoming
		}
	}
	return p, out, acc, nil
}

// Placement returns one participant's placement, if the actor may see it.
func (s *Service) Placement(ctx context.Context, programmeID, educatorID int64) (*programme.Programme, *Placement, error) {
	p, list, _, err := s.Placements(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	for _, pl := range list {
		if pl.EducatorID == educatorID {
			return p, pl, nil
		}
	}
	return nil, nil, app.ErrNotFound("参训人员")
}

// placementContext is what checking a placement needs: the programme's
// batches, hosts, mentors, groups and placements.
type placementContext struct {
	batches    map[int64]*Batch
	hosts      map[int64]*Host
	mentors    map[int64]*Mentor
	groups     map[int64]*Group
	placements []*Placement
}

func (s *Service) loadPlacementContext(ctx context.Context, programmeID int64) (*placementContext, error) {
	pc := &placementContext{batches: map[int64]*Batch{}, hosts: map[int64]*Host{}, mentors: map[int64]*Mentor{}, groups: map[int64]*Group{}}
	batches, err := s.store.FindBatches(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, b := range batches {
		pc.batches[b.ID] = b
		for _, h := range b.Hosts {
			if pc.hosts[h.HostID] == nil {
				if pc.hosts[h.HostID], err = s.store.FindHostByID(ctx, h.HostID); err != nil {
					return nil, err
				}
			}
		}
	}
	mentors, err := s.store.FindMentors(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, m := range mentors {
		pc.mentors[m.UserID] = m
	}
	groups, err := s.store.FindGroups(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		pc.groups[g.ID] = g
	}
	pc.placements, err = s.store.FindPlacements(ctx, programmeID)
	return pc, err
}

func errPlace(field, zh, en string) error {
	return &app.Error{Code: app.Invalid, Message: zh, English: en, Fields: map[string]string{field: "invalid"}}
}

// check validates in for the participant pl and writes it to pl.
func (pc *placementContext) check(p *programme.Programme, pl *Placement, in PlacementInput, today app.Date) error {
	b := pc.batches[in.BatchID]
	if b == nil {
		return errPlace("batch_id", "请选择批次", "Choose the batch")
	}
	if pl.BatchID != b.ID {
		m := &programme.Member{Category: pl.Category}
		if err := checkEnrol(p, b, m, today); err != nil {
			return err
		}
	}
	pl.BatchID, pl.HostID, pl.DepartmentID, pl.MentorID, pl.GroupID = b.ID, 0, 0, 0, 0
	pl.PostTitle = strings.TrimSpace(in.PostTitle)
	if utf8.RuneCountInString(pl.PostTitle) > 30 {
		return errPlace("post_title", "挂职岗位不超过30字", "The post at the host has at most 30 characters")
	}
	if in.HostID != 0 {
		bh, ok := b.Host(in.HostID)
		if !ok {
			return errPlace("host_id", "所选学校不是本批次的接收学校", "The school is not a host of this batch")
		}
		placed := 0
		for _, other := range pc.placements {
			if other.EducatorID != pl.EducatorID && other.BatchID == b.ID && other.HostID == in.HostID {
				placed++
			}
		}
		if placed >= bh.Capacity {
			return errPlace("host_id", fmt.Sprintf("%s本批次接收%d人，已满", bh.HostName, bh.Capacity),
				fmt.Sprintf("%s takes %d in this batch and is full", bh.HostName, bh.Capacity))
		}
		pl.HostID = in.HostID
	}
	if in.DepartmentID != 0 {
		h := pc.hosts[pl.HostID]
		if h == nil {
			return errPlace("department_id", "请先选择接收学校", "Choose the host first")
		}
		if _, ok := h.Department(in.DepartmentID); !ok {
			return errPlace("department_id", "所选部门不属于该接收学校", "The department is not the host's")
		}
		pl.DepartmentID = in.DepartmentID
	}
	if in.MentorID != 0 {
		m := pc.mentors[in.MentorID]
		if m == nil {
			return errPlace("mentor_id", "所选导师不是本项目的导师", "The mentor is not one of the programme's")
		}
		if m.HostID != pl.HostID {
			return errPlace("mentor_id", fmt.Sprintf("导师%s在%s，与所选接收学校不符", m.DisplayName, m.HostName),
				fmt.Sprintf("Mentor %s works at %s, not at the chosen host", m.DisplayName, m.HostName))
		}
		pl.MentorID = in.MentorID
	}
	if in.GroupID != 0 {
		if pc.groups[in.GroupID] == nil {
			return errPlace("group_id", "所选小组不属于本项目", "The group is not the programme's")
		}
		pl.GroupID = in.GroupID
	}
	return nil
}

// loadPlacement loads the programme's placement context and the
// participant's row in it.
func (s *Service) loadPlacement(ctx context.Context, programmeID, educatorID int64) (*placementContext, *Placement, error) {
	pc, err := s.loadPlacementContext(ctx, programmeID)
	if err != nil {
		return nil, nil, err
	}
	pl, err := pc.find(educatorID)
	if err != nil {
		return nil, nil, err
	}
	return pc, pl, nil
}

// find returns the participant's row among pc's placements.
func (pc *placementContext) find(educatorID int64) (*Placement, error) {
	for _, pl := range pc.placements {
		if pl.EducatorID == educatorID {
			return pl, nil
		}
	}
	return nil, app.ErrNotFound("参训人员")
}

// Place enrols a participant into a batch and places them there; the
// coordinator's edit of a proposal is this call too.
func (s *Service) Place(ctx context.Context, programmeID, educatorID int64, in PlacementInput) (*Placement, error) {
	var out *Placement
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		pc, pl, err := s.loadPlacement(ctx, programmeID, educatorID)
		if err != nil {
			return err
		}
		before := *pl
		if err := pc.check(p, pl, in, s.Today()); err != nil {
			return err
		}
		pl.UpdatedBy, pl.UpdatedAt = app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.SavePlacement(ctx, pl); err != nil {
			return err
		}
		out = pl
		return s.audit.Record(ctx, audit.Change{Action: "secondment.place", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("安排%s：%s", pl.Name, pc.describe(pl)), Before: placementFacts(&before), After: placementFacts(pl)})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// describe says where pl is placed, in words.
func (pc *placementContext) describe(pl *Placement) string {
	parts := []string{}
	if b := pc.batches[pl.BatchID]; b != nil {
		parts = append(parts, b.Name)
	}
	if h := pc.hosts[pl.HostID]; h != nil {
		parts = append(parts, h.Name)
		if d, ok := h.Department(pl.DepartmentID); ok {
			parts = append(parts, d.Name)
		}
	}
	if m := pc.mentors[pl.MentorID]; m != nil {
		parts = append(parts, "导师"+m.DisplayName)
	}
	if g := pc.groups[pl.GroupID]; g != nil {
		parts = append(parts, g.Name)
	}
	return strings.Join(parts, "，")
}

// placementFacts is what the audit keeps of a placement.
func placementFacts(pl *Placement) map[string]any {
	return map[string]any{"educator_id": pl.EducatorID, "batch_id": pl.BatchID, "host_id": pl.HostID, "department_id": pl.DepartmentID,
		"mentor_id": pl.MentorID, "group_id": pl.GroupID, "post_title": pl.PostTitle}
}

// Agreement is what the secondment agreement (挂职协议, [001]) states: the
// programme (goals and content), the two parties (the organiser and the
// host), the participant, the dates of their batch, their department and
// mentor.
type Agreement struct {
	Programme *programme.Programme
	Placement *Placement
	// Host and Mentor are nil while the participant is not yet placed.
	Host   *Host
	Mentor *Mentor
}

// Agreement returns the agreement of a participant whose placement the
// actor may see.
func (s *Service) Agreement(ctx context.Context, programmeID, educatorID int64) (*Agreement, error) {
	p, pl, err := s.Placement(ctx, programmeID, educatorID)
	if err != nil {
		return nil, err
	}
	out := &Agreement{Programme: p, Placement: pl}
	if pl.HostID != 0 {
		if out.Host, err = s.store.FindHostByID(ctx, pl.HostID); err != nil {
			return nil, err
		}
	}
	if pl.MentorID != 0 {
		mentors, err := s.store.FindMentors(ctx, programmeID)
		if err != nil {
			return nil, err
		}
		for _, m := range mentors {
			if m.UserID == pl.MentorID {
				out.Mentor = m
			}
		}
	}
	return out, nil
}
