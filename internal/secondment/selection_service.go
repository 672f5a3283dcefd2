package secondment

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
)

// SelectionStore is what the selection needs from the database.
type SelectionStore interface {
	audit.Store
	// WaitStore keeps the reviewers' items waiting on their scores (selection_notify.go).
	notify.WaitStore
	FindProgrammeByID(ctx context.Context, id int64) (*programme.Programme, error)
	LockProgramme(ctx context.Context, id int64) error
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
	FindCareer(ctx context.Context, educatorID int64) ([]*people.CareerEntry, error)

	FindCategoryConditions(ctx context.Context, programmeID int64) ([]CategoryConditions, error)
	SaveCategoryConditions(ctx context.Context, programmeID int64, cs []CategoryConditions) error
	// FindSelection returns a programme's selection with its criteria; NotFound when none is open.
	FindSelection(ctx context.Context, programmeID int64) (*Selection, error)
	CreateSelection(ctx context.Context, s *Selection) error
	// UpdateSelection saves the stage, settings and criteria.
	UpdateSelection(ctx context.Context, s *Selection) error
	// FindOpenSelections lists the programmes taking nominations in the
	// given counties and cities (city-wide programmes of the cities), or everywhere.
	FindOpenSelections(ctx context.Context, within app.Scope, today app.Date) ([]*programme.Programme, error)
	// FindSelecting lists the programmes in the scope whose selection is
	// not finished (its list not fixed yet).
	FindSelecting(ctx context.Context, within app.Scope) ([]*programme.Programme, error)

	FindCandidates(ctx context.Context, f CandidateFilter) ([]*Candidate, error)
	FindCandidateByID(ctx context.Context, id int64) (*Candidate, error)
	CreateCandidate(ctx context.Context, c *Candidate) error
	// UpdateCandidate saves c if its version is still c.Version and bumps
	// it; a Conflict when another decision came first.
	UpdateCandidate(ctx context.Context, c *Candidate) error

	// FindReviewers lists the reviewer accounts whose grant covers the
	// programme, marking those on its panel.
	FindReviewers(ctx context.Context, p *programme.Programme) ([]*Reviewer, error)
	SetPanel(ctx context.Context, programmeID int64, userIDs []int64, by string, at time.Time) error
	FindAssignments(ctx context.Context, programmeID int64) ([]ReviewAssignment, error)
	SetAssignments(ctx context.Context, programmeID int64, as []ReviewAssignment) error
	FindScores(ctx context.Context, programmeID int64) ([]*Score, error)
	// SaveScores replaces one reviewer's marks for one candidate.
	SaveScores(ctx context.Context, candidateID, userID int64, ss []*Score) error
}

// CandidateFilter selects candidates. Zero fields do not filter.
type CandidateFilter struct {
	ProgrammeID int64
	EducatorID  int64
	// NominatedByUserID keeps the candidates an account nominated.
	NominatedByUserID int64
	Status            CandidateStatus
}

// SelectionService runs the selection of programmes' participants.
type SelectionService struct {
	store      SelectionStore
	programmes *programme.Service
	// notices and attachments are set by SetNotices and SetAttachments.
	notices     *notice.Service
	attachments *attach.Service
	audit       *audit.Log
	clock       app.Clock
}

// NewSelectionService returns the selection service.
func NewSelectionService(store SelectionStore, programmes *programme.Service, log *audit.Log, clock app.Clock) *SelectionService {
	return &SelectionService{store: store, programmes: programmes, audit: log, clock: clock}
}

// Today is the service's current date.
func (s *SelectionService) Today() app.Date { return app.DateOf(s.clock.Now()) }

var errNotManager = app.Errorf(app.Forbidden, "只有项目组织者可以执行此操作", "Only the programme's organisers may do this")

// managed returns a programme the actor manages, its row locked when in a transaction.
func (s *SelectionService) managed(ctx context.Context, id int64) (*programme.Programme, error) {
	p, err := s.programmes.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.programmes.CanManage(ctx, p) {
		return nil, errNotManager
	}
	if err := s.store.LockProgramme(ctx, id); err != nil {
		return nil, err
	}
	return p, nil
}

// Conditions returns the conditions of each of the programme's categories, in its order.
func (s *SelectionService) Conditions(ctx context.Context, p *programme.Programme) ([]CategoryConditions, error) {
	list, err := s.store.FindCategoryConditions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out := make([]CategoryConditions, len(p.Categories))
	for i, c := range p.Categories {
		out[i] = CategoryConditions{Category: c.Name, Posts: []string{}}
		for _, have := range list {
			if have.Category == c.Name {
				out[i] = have
			}
		}
	}
	return out, nil
}

// conditionsOf returns the conditions of one category (none when unset).
func (s *SelectionService) conditionsOf(ctx context.Context, p *programme.Programme, category string) (CategoryConditions, error) {
	all, err := s.Conditions(ctx, p)
	if err != nil {
		return CategoryConditions{}, err
	}
	for _, c := range all {
		if c.Category == category {
			return c, nil
		}
	}
	return CategoryConditions{Category: category}, nil
}

// SetConditions saves the conditions of the programme's categories.
func (s *SelectionService) SetConditions(ctx context.Context, programmeID int64, cs []CategoryConditions) ([]CategoryConditions, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		names := make([]string, len(p.Categories))
		for i, c := range p.Categories {
			names[i] = c.Name
		}
		seen := map[string]bool{}
		for i := range cs {
			if err := cs[i].validate(names); err != nil {
				return err
			}
			if seen[cs[i].Category] {
				return app.Errorf(app.Invalid, fmt.Sprintf("参训类别“%s”的条件填写了两次", cs[i].Category), "A category's conditions are given twice")
			}
			seen[cs[i].Category] = true
		}
		before, err := s.Conditions(ctx, p)
		if err != nil {
			return err
		}
		if err := s.store.SaveCategoryConditions(ctx, p.ID, cs); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.conditions", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("修改项目“%s”参训类别的条件", p.Name), Before: before, After: cs})
	})
	if err != nil {
		return nil, err
	}
	p, err := s.programmes.FindByID(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	return s.Conditions(ctx, p)
}

// facts reads what the conditions need of an educator for a programme.
func (s *SelectionService) facts(ctx context.Context, p *programme.Programme, ed *people.Educator) (PersonFacts, error) {
	f := PersonFacts{Name: ed.Name, Post: ed.Post, Backbone: ed.Backbone, Birth: ed.BirthDate, ServiceStart: ed.JoinedSchool, On: p.Start}
	career, err := s.store.FindCareer(ctx, ed.ID)
	if err != nil {
		return f, err
	}
	for _, k := range career {
		if !k.Start.IsZero() && (f.ServiceStart.IsZero() || k.Start.Before(f.ServiceStart)) {
			f.ServiceStart = k.Start
		}
	}
	return f, nil
}

// check checks an educator against a category of p: its findings.
func (s *SelectionService) check(ctx context.Context, p *programme.Programme, category string, ed *people.Educator) ([]Finding, error) {
	conds, err := s.conditionsOf(ctx, p, category)
	if err != nil {
		return nil, err
	}
	f, err := s.facts(ctx, p, ed)
	if err != nil {
		return nil, err
	}
	return conds.Check(f), nil
}

// CheckEnrolment refuses, with the reason, an enrolment that breaks the
// category's conditions. Package programme calls it on every enrolment
// (programme.Service.SetEnrolCheck).
func (s *SelectionService) CheckEnrolment(ctx context.Context, p *programme.Programme, category string, ed *people.Educator) error {
	findings, err := s.check(ctx, p, category, ed)
	if err != nil {
		return err
	}
	return Refusal(ed.Name, category, findings)
}

// ensureOpen refuses work on a programme that has finished.
func (s *SelectionService) ensureOpen(p *programme.Programme) error {
	if p.End.Before(s.Today()) {
		return app.Errorf(app.Conflict, fmt.Sprintf("项目“%s”已于%s结束", p.Name, p.End.Chinese()),
			fmt.Sprintf("The programme %q ended on %s", p.Name, p.End))
	}
	return nil
}

// Selection returns a programme's selection for someone who may read the programme.
func (s *SelectionService) Selection(ctx context.Context, p *programme.Programme) (*Selection, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	return s.store.FindSelection(ctx, p.ID)
}

// Open opens the selection of a programme, or saves its settings: the
// criteria with weights and full marks (fixed once scoring starts),
// whether the highest and lowest scores are dropped, and the disagreement threshold.
func (s *SelectionService) Open(ctx context.Context, programmeID int64, in SelectionInput) (*Selection, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Selection
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		if err := s.ensureOpen(p); err != nil {
			return err
		}
		if len(p.Categories) == 0 {
			return app.Errorf(app.Invalid, "请先为项目设置参训类别和名额，再开始选派", "Give the programme its categories and quotas before selecting")
		}
		now := s.clock.Now()
		before, err := s.store.FindSelection(ctx, p.ID)
		if err != nil && app.ErrorCode(err) != app.NotFound {
			return err
		}
		sel := &Selection{ProgrammeID: p.ID, Stage: StageNominating, OpenedBy: app.ActorOf(ctx).Label(), OpenedAt: now}
		if before != nil {
			cp := *before
			sel = &cp
		}
		if before != nil && before.Stage.AtLeast(StageScoring) && !sameCriteria(before.Criteria, in.Criteria) {
			return app.Errorf(app.Conflict, "专家评审已开始，评分指标和权重不能再修改", "Scoring has begun; the criteria and weights are fixed")
		}
		sel.DropExtremes, sel.SpreadThreshold, sel.UpdatedAt = in.DropExtremes, in.SpreadThreshold, now
		if before != nil && before.Stage.AtLeast(StageResults) && (before.DropExtremes != in.DropExtremes || before.SpreadThreshold != in.SpreadThreshold) {
			return app.Errorf(app.Conflict, "评审结果已计算，计分办法不能再修改", "The results are computed; the scoring rules are fixed")
		}
		sel.Criteria = make([]Criterion, len(in.Criteria))
		for i, c := range in.Criteria {
			sel.Criteria[i] = Criterion{Name: c.Name, Weight: c.Weight, MaxScore: c.MaxScore}
			if before != nil {
				for _, old := range before.Criteria {
					if old.Name == c.Name {
						sel.Criteria[i].ID = old.ID
					}
				}
			}
		}
		if before == nil {
			err = s.store.CreateSelection(ctx, sel)
		} else {
			err = s.store.UpdateSelection(ctx, sel)
		}
		if err != nil {
			return err
		}
		out = sel
		summary := fmt.Sprintf("开始项目“%s”的选派，设置评分办法", p.Name)
		if before != nil {
			summary = fmt.Sprintf("修改项目“%s”的选派评分办法", p.Name)
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.selection.settings", Entity: "programme", EntityID: p.ID,
			Summary: summary, Before: before, After: sel})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindSelection(ctx, out.ProgrammeID)
}

func sameCriteria(have []Criterion, in []CriterionInput) bool {
	if len(have) != len(in) {
		return false
	}
	for i, c := range have {
		if c.Name != in[i].Name || c.Weight != in[i].Weight || c.MaxScore != in[i].MaxScore {
			return false
		}
	}
	return true
}

// selectionAt returns the programme's selection, refusing unless it is at stage want.
func (s *SelectionService) selectionAt(ctx context.Context, p *programme.Programme, want SelectionStage) (*Selection, error) {
	sel, err := s.store.FindSelection(ctx, p.ID)
	if app.ErrorCode(err) == app.NotFound {
		return nil, app.Errorf(app.Conflict, fmt.Sprintf("项目“%s”尚未开始选派", p.Name), fmt.Sprintf("The programme %q is not selecting", p.Name))
	}
	if err != nil {
		return nil, err
	}
	if sel.Stage != want {
		return nil, app.Errorf(app.Conflict,
			fmt.Sprintf("选派现处于“%s”阶段，此操作须在“%s”阶段进行", SelectionStages.Label(string(sel.Stage), "zh"), SelectionStages.Label(string(want), "zh")),
			fmt.Sprintf("The selection is at %q; this needs %q", sel.Stage, want))
	}
	return sel, nil
}

// mayNominate reports whether the actor may put ed forward: themself, or
// an account that edits the educator's records (their school or county),
// or one that manages the programme and reads the educator.
func (s *SelectionService) mayNominate(ctx context.Context, p *programme.Programme, ed *people.Educator) (string, bool) {
	a := app.ActorOf(ctx)
	if a != nil && !a.System && a.EducatorID == ed.ID {
		return SourceApplication, true
	}
	if auth.Decide(a, auth.EducatorWrite, ed.Place(), "") == nil {
		return SourceNomination, true
	}
	if auth.Decide(a, auth.EducatorRead, ed.Place(), "") == nil && auth.Decide(a, auth.ProgrammeManage, p.Place(), "") == nil {
		return SourceNomination, true
	}
	return "", false
}

// Nominate puts a person forward for a programme's category: a
// nomination by their school or county, or their own application. The
// category's conditions are checked now; a person who fails them is
// refused with the reason.
func (s *SelectionService) Nominate(ctx context.Context, programmeID int64, in NominationInput) (*Candidate, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, auth.Can(a, auth.ProgrammeRead)
	}
	var c *Candidate
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.store.FindProgrammeByID(ctx, programmeID)
		if err != nil {
			return err
		}
		ed, err := s.store.FindEducatorByID(ctx, in.EducatorID)
		if app.ErrorCode(err) == app.NotFound {
			return app.NotFoundField("educator_id", "教职工")
		} else if err != nil {
			return err
		}
		source, ok := s.mayNominate(ctx, p, ed)
		inUnit := p.CityWide() && ed.CityID == p.CityID || !p.CityWide() && ed.CountyID == p.CountyID
		canRead := auth.Decide(a, auth.ProgrammeRead, p.Place(), "") == nil
		switch {
		case !ok:
			return app.ErrNotFound("教职工")
		case !inUnit && !canRead:
			return app.ErrNotFound("项目")
		case !inUnit:
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("%s不在本项目的组织范围内", ed.Name),
				English: ed.Name + " is outside the programme's organising unit", Fields: map[string]string{"educator_id": "invalid"}}
		}
		if err := s.store.LockProgramme(ctx, p.ID); err != nil {
			return err
		}
		if err := s.ensureOpen(p); err != nil {
			return err
		}
		if _, err := s.selectionAt(ctx, p, StageNominating); err != nil {
			return err
		}
		category := strings.TrimSpace(in.Category)
		if _, ok := p.Category(category); !ok {
			return &app.Error{Code: app.Invalid, Message: "请选择参训类别", English: "Choose the participant category", Fields: map[string]string{"category": "invalid"}}
		}
		reasons := strings.TrimSpace(in.Reasons)
		if source == SourceNomination && utf8.RuneCountInString(reasons) < 4 {
			return &app.Error{Code: app.Invalid, Message: "请填写推荐理由（至少4个字）", English: "Give the reasons for the nomination (at least 4 characters)",
				Fields: map[string]string{"reasons": "required"}}
		}
		if utf8.RuneCountInString(reasons) > 2000 {
			return &app.Error{Code: app.Invalid, Message: "推荐理由不能超过2000字", English: "The reasons may not exceed 2,000 characters",
				Fields: map[string]string{"reasons": "too_long"}}
		}
		have, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID, EducatorID: ed.ID})
		if err != nil {
			return err
		}
		if len(have) > 0 {
			return &app.Error{Code: app.Conflict, Message: ed.Name + "已被推荐或已报名本项目", English: ed.Name + " is already a candidate",
				Fields: map[string]string{"educator_id": "taken"}}
		}
		findings, err := s.check(ctx, p, category, ed)
		if err != nil {
			return err
		}
		if err := Refusal(ed.Name, category, findings); err != nil {
			return err
		}
		now := s.clock.Now()
		c = &Candidate{ProgrammeID: p.ID, EducatorID: ed.ID, Name: ed.Name, Gender: ed.Gender, Post: ed.Post, Backbone: ed.Backbone,
			SchoolID: ed.SchoolID, SchoolName: ed.SchoolName, CountyID: ed.CountyID, CityID: ed.CityID, Category: category,
			Source: source, Reasons: reasons, NominatedBy: a.Label(), NominatedByUserID: a.UserID, Status: CandidateSubmitted,
			CreatedAt: now, UpdatedAt: now, Version: 1, Findings: findings}
		if err := s.store.CreateCandidate(ctx, c); err != nil {
			return err
		}
		summary := fmt.Sprintf("推荐%s参加项目“%s”（%s）", ed.Name, p.Name, category)
		if source == SourceApplication {
			summary = fmt.Sprintf("%s报名参加项目“%s”（%s）", ed.Name, p.Name, category)
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.nominate", Entity: "secondment_candidate", EntityID: c.ID,
			Summary: summary, After: c})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Review decides a candidate's qualification against the category's
// conditions, with reasons. A candidate is qualified only when every
// condition holds; a refusal needs a reason. Of two decisions made on the
// same version of the candidate, exactly one stands.
func (s *SelectionService) Review(ctx context.Context, candidateID int64, in ReviewInput) (*Candidate, error) {
	var out *Candidate
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		c, p, err := s.managedCandidate(ctx, candidateID)
		if err != nil {
			return err
		}
		if _, err := s.selectionAt(ctx, p, StageNominating); err != nil {
			return err
		}
		if in.Version != 0 && in.Version != c.Version {
			return errStale(c.Name)
		}
		if c.Status != CandidateSubmitted && c.Status != CandidateQualified && c.Status != CandidateUnqualified {
			return app.Errorf(app.Conflict, c.Name+"的资格审查已结束", c.Name+"'s review is closed")
		}
		reason := strings.TrimSpace(in.Reason)
		if utf8.RuneCountInString(reason) > 1000 {
			return &app.Error{Code: app.Invalid, Message: "审查意见不能超过1000字", English: "The reasons may not exceed 1,000 characters", Fields: map[string]string{"reason": "too_long"}}
		}
		ed, err := s.store.FindEducatorByID(ctx, c.EducatorID)
		if err != nil {
			return err
		}
		findings, err := s.check(ctx, p, c.Category, ed)
		if err != nil {
			return err
		}
		before := *c
		if in.Qualified {
			if err := Refusal(c.Name, c.Category, findings); err != nil {
				return err
			}
			c.Status = CandidateQualified
		} else {
			if utf8.RuneCountInString(reason) < 2 {
				return &app.Error{Code: app.Invalid, Message: "不予通过资格审查时请填写理由", English: "Give the reason for refusing",
					Fields: map[string]string{"reason": "required"}}
			}
			c.Status = CandidateUnqualified
		}
		c.DecisionReason, c.DecidedBy, c.DecidedAt, c.UpdatedAt = reason, app.ActorOf(ctx).Label(), s.clock.Now(), s.clock.Now()
		if err := s.store.UpdateCandidate(ctx, c); err != nil {
			return err
		}
		c.Findings, out = findings, c
		return s.audit.Record(ctx, audit.Change{Action: "secondment.review", Entity: "secondment_candidate", EntityID: c.ID,
			Summary: fmt.Sprintf("%s资格审查：%s%s", c.Name, CandidateStatuses.Label(string(c.Status), "zh"), bracketed(reason)),
			Before:  before, After: c})
	})
	return out, err
}

func errStale(name string) error {
	return app.Errorf(app.Conflict, name+"的记录已被他人更新，请刷新后重新审查", name+"'s record was changed by someone else; reload and decide again")
}

func bracketed(s string) string {
	if s == "" {
		return ""
	}
	return "（" + s + "）"
}

// managedCandidate returns a candidate and its programme, which the actor
// manages (row locked); a candidate of a programme out of scope is not found.
func (s *SelectionService) managedCandidate(ctx context.Context, id int64) (*Candidate, *programme.Programme, error) {
	c, err := s.store.FindCandidateByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.programmes.FindByID(ctx, c.ProgrammeID)
	if err != nil {
		return nil, nil, app.ErrNotFound("候选人")
	}
	if !s.programmes.CanManage(ctx, p) {
		return nil, nil, app.ErrNotFound("候选人")
	}
	if err := s.store.LockProgramme(ctx, p.ID); err != nil {
		return nil, nil, err
	}
	c, err = s.store.FindCandidateByID(ctx, id)
	return c, p, err
}
