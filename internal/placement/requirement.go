package placement

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
)

// RequirementKind says how a requirement is measured.
type RequirementKind string

// The kinds of requirement.
const (
	// PerDay: Target records every working day of the placement (听课每日2节).
	PerDay RequirementKind = "per_day"
	// Total: Target records by the due date (论文1篇).
	Total RequirementKind = "total"
	// MinChars: a record of at least Target characters (总结2500字).
	MinChars RequirementKind = "min_chars"
	// Deadline: a record handed in by the due date (计划9月15日前).
	Deadline RequirementKind = "deadline"
	// Presence: signed in on Target percent of the working days (时间保证).
	Presence RequirementKind = "presence"
)

// RequirementKinds names the kinds of requirement.
var RequirementKinds = app.Vocab{
	{Code: string(PerDay), Zh: "每日数量", En: "Count per day"},
	{Code: string(Total), Zh: "总数", En: "Count in total"},
	{Code: string(MinChars), Zh: "最少字数", En: "Minimum characters"},
	{Code: string(Deadline), Zh: "按期提交", En: "Deadline"},
	{Code: string(Presence), Zh: "出勤", En: "Presence"},
}

// Requirement is one of a programme's requirements of its participants.
// Counts says which records count: a kind ("observation") or a kind and a
// type ("deliverable:paper"). Due, when set, is the date it must be met by;
// otherwise the end of the participant's batch.
type Requirement struct {
	ID          int64           `json:"id"`
	ProgrammeID int64           `json:"programme_id"`
	Position    int             `json:"position"`
	Name        string          `json:"name"`
	Kind        RequirementKind `json:"kind"`
	Counts      []string        `json:"counts"`
	Target      int             `json:"target"`
	Due         app.Date        `json:"due"`
}

// RequirementInput is a requirement as the coordinator enters it.
type RequirementInput struct {
	Name   string          `json:"name"`
	Kind   RequirementKind `json:"kind"`
	Counts []string        `json:"counts"`
	Target int             `json:"target"`
	Due    app.Date        `json:"due"`
}

// RequirementStore is what the requirements need from the database.
type RequirementStore interface {
	FindPlacementRequirements(ctx context.Context, programmeID int64) ([]*Requirement, error)
	// CreatePlacementRequirement inserts r and sets its ID; a Conflict on a name the programme has.
	CreatePlacementRequirement(ctx context.Context, r *Requirement) error
	DeletePlacementRequirement(ctx context.Context, programmeID, id int64) error
}

// RequirementSet is a built-in list of requirements.
type RequirementSet struct {
	Code  string
	Zh    string
	En    string
	Items []RequirementInput
}

// PlanDueDays is how long after the programme starts the personal plan is
// due ([001]: from 9月1日 to 9月15日).
const PlanDueDays = 14

// RequirementSets are the built-in sets: the task list of [001] and the
// "five haves" (五有) of [002]. A due date of the plan is set from the
// programme's start when the set is applied.
var RequirementSets = []RequirementSet{
	{Code: "001", Zh: "挂职锻炼任务（大兴安岭赴浦东）", En: "Secondment tasks (Daxinganling to Pudong)", Items: []RequirementInput{
		{Name: "个人研修计划", Kind: Deadline, Counts: []string{"plan"}, Target: 1},
		{Name: "研修日志", Kind: PerDay, Counts: []string{"log"}, Target: 1},
		{Name: "听课", Kind: PerDay, Counts: []string{"observation"}, Target: 2},
		{Name: "读书笔记", Kind: Total, Counts: []string{"deliverable:reading_note"}, Target: 1},
		{Name: "论文", Kind: Total, Counts: []string{"deliverable:paper"}, Target: 1},
		{Name: "课件", Kind: Total, Counts: []string{"deliverable:courseware"}, Target: 1},
		{Name: "教学设计", Kind: Total, Counts: []string{"deliverable:lesson_design"}, Target: 1},
		{Name: "示范课", Kind: Total, Counts: []string{"deliverable:demo_lesson"}, Target: 2},
		{Name: "实践课、讲座或报告", Kind: Total, Counts: []string{"deliverable:practice_lesson", "deliverable:talk"}, Target: 3},
		{Name: "教研活动发言", Kind: Total, Counts: []string{"deliverable:research_talk"}, Target: 2},
		{Name: "研修总结", Kind: MinChars, Counts: []string{"deliverable:summary"}, Target: SummaryChars},
		{Name: "管理制度", Kind: Total, Counts: []string{"deliverable:regulation"}, Target: 1},
		{Name: "三年发展规划", Kind: Total, Counts: []string{"deliverable:development_plan"}, Target: 1},
		{Name: "专题调研报告", Kind: Total, Counts: []string{"deliverable:investigation"}, Target: 1},
		{Name: "出勤", Kind: Presence, Target: 100},
	}},
	{Code: "002", Zh: "“五有”（黑河后备干部）", En: "The five haves (Heihe reserve cadres)", Items: []RequirementInput{
		{Name: "学习计划", Kind: Deadline, Counts: []string{"plan"}, Target: 1},
		{Name: "学习笔记", Kind: PerDay, Counts: []string{"log"}, Target: 1},
		{Name: "时间保证", Kind: Presence, Target: 100},
		{Name: "专题研究内容", Kind: Total, Counts: []string{"deliverable:investigation"}, Target: 1},
		{Name: "反思文章", Kind: Total, Counts: []string{"deliverable:reflection"}, Target: 1},
	}},
}

// countable is what a requirement can count.
func countable(c string) bool {
	kind, typ, _ := strings.Cut(c, ":")
	switch RecordKind(kind) {
	case KindDeliverable:
		return typ == "" || DeliverableTypes.Has(typ)
	case KindPlan, KindLog, KindObservation:
		return typ == ""
	}
	return false
}

func (in *RequirementInput) check() error {
	if err := clean(&in.Name, "name", "要求名称", 30, true); err != nil {
		return err
	}
	if !RequirementKinds.Has(string(in.Kind)) {
		return errField("kind", "请选择要求类型", "Choose the kind of requirement")
	}
	if in.Kind == Presence {
		in.Counts = nil
		if in.Target < 1 || in.Target > 100 {
			return errField("target", "出勤要求应为1至100（%）", "Presence is 1 to 100 (%)")
		}
		return nil
	}
	if len(in.Counts) == 0 {
		return errField("counts", "请选择计入的记录", "Choose what counts")
	}
	for _, c := range in.Counts {
		if !countable(c) {
			return errField("counts", "计入的记录无效："+c, "Not a kind of record: "+c)
		}
	}
	if in.Target < 1 || in.Target > 100000 {
		return errField("target", "目标应为正整数", "The target must be a positive whole number")
	}
	return nil
}

// managed returns the programme if the actor manages it.
func (s *Service) managed(ctx context.Context, programmeID int64) (*programme.Programme, error) {
	p, err := s.programmes.FindByID(ctx, programmeID)
	if err != nil {
		return nil, app.ErrNotFound("项目")
	}
	if !s.programmes.CanManage(ctx, p) {
		return nil, app.Errorf(app.Forbidden, "您没有管理此项目的权限", "You do not manage this programme")
	}
	return p, nil
}

// Requirements lists a programme's requirements for anyone who sees it or
// a placement in it.
func (s *Service) Requirements(ctx context.Context, programmeID int64) ([]*Requirement, error) {
	if _, _, _, err := s.secondment.Placements(ctx, programmeID); err != nil {
		return nil, err
	}
	return s.store.FindPlacementRequirements(ctx, programmeID)
}

// AddRequirement adds a requirement to a programme the actor manages.
func (s *Service) AddRequirement(ctx context.Context, programmeID int64, in RequirementInput) (*Requirement, error) {
	p, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	var r *Requirement
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		var err error
		r, err = s.addRequirement(ctx, p, in)
		return err
	})
	return r, err
}

func (s *Service) addRequirement(ctx context.Context, p *programme.Programme, in RequirementInput) (*Requirement, error) {
	have, err := s.store.FindPlacementRequirements(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	r := &Requirement{ProgrammeID: p.ID, Position: len(have) + 1, Name: in.Name, Kind: in.Kind, Counts: in.Counts, Target: in.Target, Due: in.Due}
	if r.Counts == nil {
		r.Counts = []string{}
	}
	if err := s.store.CreatePlacementRequirement(ctx, r); err != nil {
		return nil, err
	}
	return r, s.audit.Record(ctx, audit.Change{Action: "placement.requirement", Entity: "programme", EntityID: p.ID,
		Summary: "添加要求：" + r.Name, After: r})
}

// ApplySet adds a built-in set's requirements a programme does not have yet
// (by name); the plan is due PlanDueDays after the programme starts.
func (s *Service) ApplySet(ctx context.Context, programmeID int64, code string) ([]*Requirement, error) {
	p, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	var set *RequirementSet
	for i := range RequirementSets {
		if RequirementSets[i].Code == code {
			set = &RequirementSets[i]
		}
	}
	if set == nil {
		return nil, errField("set", "请选择内置要求", "Choose a built-in set")
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		have, err := s.store.FindPlacementRequirements(ctx, p.ID)
		if err != nil {
			return err
		}
		named := map[string]bool{}
		for _, r := range have {
			named[r.Name] = true
		}
		for _, in := range set.Items {
			if named[in.Name] {
				continue
			}
			if in.Kind == Deadline {
				in.Due = p.Start.AddDays(PlanDueDays)
			}
			if _, err := s.addRequirement(ctx, p, in); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindPlacementRequirements(ctx, p.ID)
}

// DeleteRequirement removes a requirement of a programme the actor manages.
func (s *Service) DeleteRequirement(ctx context.Context, programmeID, id int64) error {
	p, err := s.managed(ctx, programmeID)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeletePlacementRequirement(ctx, p.ID, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.requirement.delete", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("删除要求%d", id), Before: map[string]any{"id": id}})
	})
}
