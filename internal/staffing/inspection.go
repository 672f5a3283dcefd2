package staffing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
)

// InspectionGrades of an inspection (督导检查等次), with the points the yearly score counts.
var InspectionGrades = app.Vocab{
	{Code: "excellent", Zh: "优秀", En: "Excellent"},
	{Code: "good", Zh: "良好", En: "Good"},
	{Code: "pass", Zh: "合格", En: "Pass"},
	{Code: "fail", Zh: "不合格", En: "Fail"},
}

// GradePoints are the points of each grade, out of 100.
var GradePoints = map[string]float64{"excellent": 100, "good": 85, "pass": 70, "fail": 40}

// ChecklistItems are what the city checks of a county's rotation work,
// from seed [004]'s notice.
var ChecklistItems = app.Vocab{
	{Code: "plan", Zh: "制定交流轮岗实施办法和年度计划", En: "Rotation rules and the year's plan are set"},
	{Code: "to_school", Zh: "计划分解落实到每一所学校和每一名教师", En: "The plan reaches every school and every teacher"},
	{Code: "quota", Zh: "交流人数达到应交流人数的规定比例", En: "Those rotated reach the required share"},
	{Code: "backbone", Zh: "骨干教师不低于交流总数的30%", En: "Backbone teachers are at least 30% of those rotated"},
	{Code: "return", Zh: "9月底前报送交流轮岗工作安排及人员情况", En: "The return is filed by the end of September"},
	{Code: "assessment", Zh: "交流人员年度考核并装入本人档案", En: "Those rotated are assessed yearly, into their files"},
	{Code: "establishment", Zh: "编制统筹使用与专业技术岗位设置", En: "Staffing establishment and posts are managed for rotation"},
	{Code: "support", Zh: "农村津贴、交通补贴和周转房保障落实", En: "Rural allowances, transport subsidies and housing are in place"},
}

// FindingStatus is where a finding stands.
type FindingStatus string

// Finding statuses: the county rectifies and answers; the city closes.
const (
	FindingOpen     FindingStatus = "open"
	FindingAnswered FindingStatus = "answered"
	FindingClosed   FindingStatus = "closed"
)

// FindingStatuses is the vocabulary of finding statuses.
var FindingStatuses = app.Vocab{
	{Code: string(FindingOpen), Zh: "待整改", En: "To rectify"},
	{Code: string(FindingAnswered), Zh: "已反馈", En: "Answered"},
	{Code: string(FindingClosed), Zh: "已销号", En: "Closed"},
}

// CheckEntry is one item of the checklist as the inspectors found it.
type CheckEntry struct {
	Item string `json:"item"`
	Met  bool   `json:"met"`
	Note string `json:"note"`
}

// Finding is a problem the inspection found, the deadline to rectify it
// and the county's answer.
type Finding struct {
	ID           int64         `json:"id"`
	InspectionID int64         `json:"inspection_id"`
	Finding      string        `json:"finding"`
	Deadline     app.Date      `json:"deadline"`
	Status       FindingStatus `json:"status"`
	Answer       string        `json:"answer"`
	AnsweredBy   string        `json:"answered_by,omitempty"`
	AnsweredAt   time.Time     `json:"answered_at,omitzero"`
	ClosedBy     string        `json:"closed_by,omitempty"`
	ClosedAt     time.Time     `json:"closed_at,omitzero"`
}

// Inspection is the city's inspection (督导检查) of a county's rotation work.
type Inspection struct {
	ID          int64        `json:"id"`
	CountyID    int64        `json:"county_id"`
	CountyName  string       `json:"county_name"`
	CityID      int64        `json:"city_id"`
	InspectedOn app.Date     `json:"inspected_on"`
	Inspectors  string       `json:"inspectors"`
	Checklist   []CheckEntry `json:"checklist"`
	Grade       string       `json:"grade"`
	Summary     string       `json:"summary"`
	Findings    []*Finding   `json:"findings"`
	CreatedBy   string       `json:"created_by"`
	CreatedAt   time.Time    `json:"created_at"`
}

// Place is the inspected county.
func (i *Inspection) Place() app.Place { return app.Place{CityID: i.CityID, CountyID: i.CountyID} }

// Open counts the findings not yet closed.
func (i *Inspection) Open() int {
	n := 0
	for _, f := range i.Findings {
		if f.Status != FindingClosed {
			n++
		}
	}
	return n
}

// InspectionFilter selects inspections; From and To bound the day of inspection.
type InspectionFilter struct {
	CountyID int64
	From, To app.Date
	Within   app.Scope
}

// FindingInput is a finding as the city records it.
type FindingInput struct {
	Finding  string   `json:"finding"`
	Deadline app.Date `json:"deadline"`
}

// InspectionInput is an inspection as the city records it.
type InspectionInput struct {
	CountyID    int64          `json:"county_id"`
	InspectedOn app.Date       `json:"inspected_on"`
	Inspectors  string         `json:"inspectors"`
	Checklist   []CheckEntry   `json:"checklist"`
	Grade       string         `json:"grade"`
	Summary     string         `json:"summary"`
	Findings    []FindingInput `json:"findings"`
}

// AnswerInput is the county's answer to a finding.
type AnswerInput struct {
	Answer string `json:"answer"`
}

// InspectionStore is what inspections and the yearly score need.
type InspectionStore interface {
	audit.Store
	notify.WaitStore
	FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	FindCountyInspections(ctx context.Context, f InspectionFilter) ([]*Inspection, error)
	FindInspectionByID(ctx context.Context, id int64) (*Inspection, error)
	CreateCountyInspection(ctx context.Context, i *Inspection) error
	FindFindingByID(ctx context.Context, id int64) (*Finding, error)
	// UpdateFinding saves a finding's status, answer and closing when its
	// status is still from; app.Conflict when it moved meanwhile.
	UpdateFinding(ctx context.Context, f *Finding, from FindingStatus) error
	// OpenFindings lists the findings not yet answered with their inspection.
	OpenFindings(ctx context.Context) ([]*OpenFinding, error)
	FindScoreWeights(ctx context.Context, cityID int64, year int) (*Weights, error)
	SaveScoreWeights(ctx context.Context, w *Weights) error
}

// OpenFinding is a finding waiting on the county, for the deadlines.
type OpenFinding struct {
	Finding
	CountyID   int64
	CountyName string
	CityID     int64
}

// InspectionService keeps the city's inspections of the counties and
// computes the counties' yearly target-responsibility scores.
type InspectionService struct {
	store    InspectionStore
	rotation RotationFigures
	audit    *audit.Log
	clock    app.Clock
}

// NewInspectionService returns the inspections' service; rotation gives
// the figures the yearly score counts.
func NewInspectionService(store InspectionStore, rotation RotationFigures, log *audit.Log, clock app.Clock) *InspectionService {
	return &InspectionService{store: store, rotation: rotation, audit: log, clock: clock}
}

// Today is the service's current date in Asia/Shanghai.
func (s *InspectionService) Today() app.Date { return app.DateOf(s.clock.Now()) }

// Find lists the inspections in the actor's scope, latest first.
func (s *InspectionService) Find(ctx context.Context, f InspectionFilter) ([]*Inspection, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.InspectionRead); err != nil {
		return nil, err
	}
	f.Within = auth.ScopeOf(a, auth.InspectionRead)
	return s.store.FindCountyInspections(ctx, f)
}

// FindByID returns an inspection the actor may read, with its findings.
func (s *InspectionService) FindByID(ctx context.Context, id int64) (*Inspection, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.InspectionRead); err != nil {
		return nil, err
	}
	i, err := s.store.FindInspectionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return i, auth.Decide(a, auth.InspectionRead, i.Place(), "督导检查")
}

// Can reports whether the actor may do perm on the inspection.
func (s *InspectionService) Can(ctx context.Context, i *Inspection, perm string) bool {
	return auth.Decide(app.ActorOf(ctx), auth.Permission(perm), i.Place(), "") == nil
}

// findingKey names a finding's deadline across the product.
func findingKey(id int64) string { return fmt.Sprintf("inspection_finding:%d", id) }

// InspectionLink is the page of an inspection.
func InspectionLink(id int64) string { return fmt.Sprintf("/inspections/%d", id) }

// Create records an inspection with its checklist, grade and findings.
// Each finding is a deadline on the county (Deadlines): in its calendar,
// and in its inbox from Lead days before the date until answered.
func (s *InspectionService) Create(ctx context.Context, in InspectionInput) (*Inspection, error) {
	c, err := county(ctx, s.store, in.CountyID, auth.InspectionManage)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	i := &Inspection{CountyID: c.ID, CountyName: c.Name, CityID: c.CityID, InspectedOn: in.InspectedOn,
		Inspectors: strings.TrimSpace(in.Inspectors), Grade: in.Grade, Summary: strings.TrimSpace(in.Summary),
		CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
	if err := i.fill(in, s.Today()); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateCountyInspection(ctx, i); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "inspection.create", Entity: "inspection", EntityID: i.ID,
			Summary: fmt.Sprintf("%s督导检查%s：%s，发现问题%d项", i.InspectedOn.Chinese(), c.Name, InspectionGrades.Label(i.Grade, "zh"), len(i.Findings)),
			After:   i})
	})
	if err != nil {
		return nil, err
	}
	return i, nil
}

// fill validates the input into i.
func (i *Inspection) fill(in InspectionInput, today app.Date) error {
	var f app.Fields
	if i.InspectedOn.IsZero() || i.InspectedOn.After(today) {
		f.Add("inspected_on", "请填写检查日期（不晚于今天）", "Enter the day of inspection (not after today)")
	}
	if i.Inspectors == "" || len([]rune(i.Inspectors)) > 100 {
		f.Add("inspectors", "请填写检查组成员（100字以内）", "Enter the inspectors (at most 100 characters)")
	}
	if !InspectionGrades.Has(i.Grade) {
		f.Add("grade", "请选择检查等次", "Choose the grade")
	}
	if len([]rune(i.Summary)) > 2000 {
		f.Add("summary", "检查意见不超过2000字", "The summary takes at most 2000 characters")
	}
	given := map[string]CheckEntry{}
	for _, e := range in.Checklist {
		if !ChecklistItems.Has(e.Item) {
			f.Add("checklist", "检查项目无效："+e.Item, "Unknown checklist item: "+e.Item)
			continue
		}
		given[e.Item] = e
	}
	for _, item := range ChecklistItems {
		e := given[item.Code]
		i.Checklist = append(i.Checklist, CheckEntry{Item: item.Code, Met: e.Met, Note: strings.TrimSpace(e.Note)})
	}
	i.Findings = []*Finding{}
	for n, fi := range in.Findings {
		text := strings.TrimSpace(fi.Finding)
		if text == "" {
			continue
		}
		if fi.Deadline.IsZero() || !fi.Deadline.After(i.InspectedOn) {
			f.Add(fmt.Sprintf("findings.%d.deadline", n), fmt.Sprintf("问题%d的整改期限应晚于检查日期", n+1),
				fmt.Sprintf("Finding %d's deadline falls after the inspection", n+1))
		}
		i.Findings = append(i.Findings, &Finding{Finding: text, Deadline: fi.Deadline, Status: FindingOpen})
	}
	return f.Err()
}

// Answer records the county's rectification of a finding; it may answer
// again until the city closes it.
func (s *InspectionService) Answer(ctx context.Context, findingID int64, in AnswerInput) (*Inspection, error) {
	return s.step(ctx, findingID, auth.InspectionAnswer, "inspection.answer", func(f *Finding, by string, at time.Time) (FindingStatus, string, error) {
		answer := strings.TrimSpace(in.Answer)
		switch {
		case f.Status == FindingClosed:
			return "", "", app.Errorf(app.Conflict, "该问题已销号", "The finding is closed")
		case answer == "" || len([]rune(answer)) > 2000:
			return "", "", &app.Error{Code: app.Invalid, Message: "请填写整改情况（2000字以内）", English: "Enter the rectification (at most 2000 characters)",
				Fields: map[string]string{"answer": "invalid"}}
		}
		from := f.Status
		f.Status, f.Answer, f.AnsweredBy, f.AnsweredAt = FindingAnswered, answer, by, at
		return from, "反馈整改情况", nil
	})
}

// Close accepts the county's answer to a finding (销号).
func (s *InspectionService) Close(ctx context.Context, findingID int64) (*Inspection, error) {
	return s.step(ctx, findingID, auth.InspectionManage, "inspection.close", func(f *Finding, by string, at time.Time) (FindingStatus, string, error) {
		if f.Status != FindingAnswered {
			return "", "", app.Errorf(app.Conflict, "该问题尚未反馈整改情况或已销号", "The finding is not answered, or already closed")
		}
		f.Status, f.ClosedBy, f.ClosedAt = FindingClosed, by, at
		return FindingAnswered, "销号", nil
	})
}

// step moves one finding on, as the actor with perm over its county.
func (s *InspectionService) step(ctx context.Context, findingID int64, perm auth.Permission, action string,
	move func(f *Finding, by string, at time.Time) (FindingStatus, string, error)) (*Inspection, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, perm); err != nil {
		return nil, err
	}
	var id int64
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		f, err := s.store.FindFindingByID(ctx, findingID)
		if err != nil {
			return err
		}
		i, err := s.FindByID(ctx, f.InspectionID)
		if err != nil {
			return err
		}
		if err := auth.Decide(a, perm, i.Place(), "督导检查问题"); err != nil {
			return err
		}
		before := *f
		now := s.clock.Now()
		from, what, err := move(f, a.Label(), now)
		if err != nil {
			return err
		}
		if err := s.store.UpdateFinding(ctx, f, from); err != nil {
			return err
		}
		if err := notify.Done(ctx, s.store, now, notify.DeadlineKey(findingKey(f.ID))); err != nil {
			return err
		}
		id = i.ID
		return s.audit.Record(ctx, audit.Change{Action: action, Entity: "inspection", EntityID: i.ID,
			Summary: fmt.Sprintf("%s督导检查问题%s：%s", i.CountyName, what, f.Finding), Before: &before, After: f})
	})
	if err != nil {
		return nil, err
	}
	return s.FindByID(ctx, id)
}

// Deadlines is the inspections' source of due dates (notify.Source): each
// finding not yet answered, due by its rectification deadline, on the
// county's HR.
func (s *InspectionService) Deadlines(ctx context.Context, from, to app.Date) ([]notify.Deadline, error) {
	open, err := s.store.OpenFindings(ctx)
	if err != nil {
		return nil, err
	}
	var out []notify.Deadline
	for _, f := range open {
		if f.Deadline.Before(from) || f.Deadline.After(to) {
			continue
		}
		out = append(out, notify.Deadline{Key: findingKey(f.ID), Kind: "inspection", Due: f.Deadline,
			Title: fmt.Sprintf("%s交流轮岗督导检查整改", f.CountyName), Link: InspectionLink(f.InspectionID),
			Place: app.Place{CityID: f.CityID, CountyID: f.CountyID}, Read: auth.InspectionRead, Act: auth.InspectionAnswer})
	}
	return out, nil
}

// FindingInspection returns the inspection a finding the actor may read
// belongs to.
func (s *InspectionService) FindingInspection(ctx context.Context, findingID int64) (int64, error) {
	f, err := s.store.FindFindingByID(ctx, findingID)
	if err != nil {
		return 0, err
	}
	i, err := s.FindByID(ctx, f.InspectionID)
	if err != nil {
		return 0, err
	}
	return i.ID, nil
}
