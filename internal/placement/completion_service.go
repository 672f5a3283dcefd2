package placement

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
)

// CompletionStore is what completion needs from the database.
type CompletionStore interface {
	placementReader
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// FindCompletion returns a placement's completion; one with nothing
	// recorded yet when there is none.
	FindCompletion(ctx context.Context, programmeID, educatorID int64) (*Completion, error)
	SavePlacementReport(ctx context.Context, programmeID, educatorID int64, report string, at time.Time) error
	SavePlacementAssessment(ctx context.Context, programmeID, educatorID int64, a *Assessment) error
	SavePlacementResult(ctx context.Context, c *Completion) error
	// ArchiveSecondment writes the placement's row of the career history
	// once; it reports whether it wrote one.
	ArchiveSecondment(ctx context.Context, programmeID, educatorID int64, k *people.CareerEntry) (bool, error)
}

// CompletionService runs a placement's completion (SPEC §4.5): the final
// report, the assessments of the mentor, the host school and the
// organiser, the result, the report-back and the archive.
type CompletionService struct {
	finder
	store  CompletionStore
	audit  *audit.Log
	clock  app.Clock
	scorer TaskScorer
}

// NewCompletionService returns the completion service; the organiser's
// assessment waits for SetTaskScorer.
func NewCompletionService(store CompletionStore, programmes *programme.Service, log *audit.Log, clock app.Clock) *CompletionService {
	return &CompletionService{finder: finder{store: store, programmes: programmes}, store: store, audit: log, clock: clock}
}

// SetTaskScorer sets what computes the task score of the organiser's assessment.
func (s *CompletionService) SetTaskScorer(t TaskScorer) { s.scorer = t }

// CompletionView is a completion with the placement and what the actor may do.
type CompletionView struct {
	*Completion
	Placement *Placed `json:"-"`
	// Why are the reasons of the result, or of why it cannot be decided yet.
	Why []string          `json:"why"`
	Can CompletionActions `json:"can"`
}

// CompletionActions is what the actor may do with a completion.
type CompletionActions struct {
	Report    bool `json:"report"`
	Mentor    bool `json:"mentor"`
	Host      bool `json:"host"`
	Organiser bool `json:"organiser"`
}

// Completion returns a placement's completion for anyone who sees the placement.
func (s *CompletionService) Completion(ctx context.Context, placementID int64) (*CompletionView, error) {
	x, acc, err := s.byID(ctx, placementID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.FindCompletion(ctx, x.pl.ProgrammeID, x.pl.EducatorID)
	if err != nil {
		return nil, err
	}
	c.PlacementID, c.Name = x.id, x.pl.Name
	v := &CompletionView{Completion: c, Placement: &Placed{ID: x.id, Programme: x.p, Placement: x.pl},
		Can: CompletionActions{Report: acc.own && c.Result == "", Mentor: acc.mentor && c.Result == "", Host: acc.manage && c.Result == "",
			Organiser: acc.manage}}
	if _, why, err := FinalResult(c); err != nil {
		v.Why = []string{app.ErrorMessage(err, "zh")}
	} else if c.Result != "" {
		v.Why = why
	}
	return v, nil
}

// ReportInput is the participant's final report.
type ReportInput struct {
	Report string `json:"report"`
}

// SubmitReport saves the participant's final report; it may be revised
// until the result is decided.
func (s *CompletionService) SubmitReport(ctx context.Context, placementID int64, in ReportInput) (*CompletionView, error) {
	report := strings.TrimSpace(in.Report)
	if n := utf8.RuneCountInString(report); n < MinReport || n > 20000 {
		return nil, &app.Error{Code: app.Invalid, Message: fmt.Sprintf("总结报告应为%d至20000字（现%d字）", MinReport, n),
			English: fmt.Sprintf("The report has %d to 20000 characters (now %d)", MinReport, n), Fields: map[string]string{"report": "invalid"}}
	}
	return s.change(ctx, placementID, func(ctx context.Context, x *placed, acc leaveAccess, c *Completion) error {
		if !acc.own {
			return app.Errorf(app.Forbidden, "总结报告由参训人员本人提交", "Only the participant submits their report")
		}
		if err := s.store.SavePlacementReport(ctx, x.pl.ProgrammeID, x.pl.EducatorID, report, s.clock.Now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.report", Entity: "placement", EntityID: x.id,
			Summary: fmt.Sprintf("%s提交挂职总结报告（%d字）", x.pl.Name, utf8.RuneCountInString(report))})
	})
}

// AssessmentInput is the mentor's or the host school's assessment: the
// three items graded with comments, and an overall comment.
type AssessmentInput struct {
	Items   []ItemGrade `json:"items"`
	Comment string      `json:"comment"`
}

func (in AssessmentInput) validate() ([]ItemGrade, error) {
	byItem := map[string]ItemGrade{}
	for _, g := range in.Items {
		byItem[g.Item] = g
	}
	var f app.Fields
	out := []ItemGrade{}
	for _, it := range Items {
		g, ok := byItem[it.Code]
		g.Comment = strings.TrimSpace(g.Comment)
		switch {
		case !ok || !Grades.Has(g.Grade):
			f.Add(it.Code, "请评定“"+it.Zh+"”的等次", "Grade "+it.En)
		case utf8.RuneCountInString(g.Comment) > 500:
			f.Add(it.Code, "“"+it.Zh+"”的评语不超过500字", "The comment on "+it.En+" has at most 500 characters")
		}
		out = append(out, ItemGrade{Item: it.Code, Grade: g.Grade, Comment: g.Comment})
	}
	if len(byItem) != len(Items) && len(in.Items) > len(Items) {
		f.Add("items", "考核项目只有职业道德、敬业精神、学习成效三项", "The items are ethics, dedication and outcomes")
	}
	return out, f.Err()
}

// Assess records the mentor's assessment (by the mentor) or the host
// school's (entered by the organiser from the host's form).
func (s *CompletionService) Assess(ctx context.Context, placementID int64, who string, in AssessmentInput) (*CompletionView, error) {
	if who != AssessorMentor && who != AssessorHost {
		return nil, app.InvalidValue("assessor", who)
	}
	items, err := in.validate()
	if err != nil {
		return nil, err
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > 1000 {
		return nil, &app.Error{Code: app.Invalid, Message: "总体评语不超过1000字", English: "The comment has at most 1000 characters",
			Fields: map[string]string{"comment": "invalid"}}
	}
	return s.change(ctx, placementID, func(ctx context.Context, x *placed, acc leaveAccess, c *Completion) error {
		if (who == AssessorMentor && !acc.mentor) || (who == AssessorHost && !acc.manage) {
			return app.Errorf(app.Forbidden, "导师考核由导师本人填写，接收学校考核由项目组织方录入",
				"The mentor enters their own assessment; the organiser enters the host school's")
		}
		if c.Result != "" {
			return errDecided()
		}
		a := &Assessment{Assessor: who, Items: items, Comment: comment, By: app.ActorOf(ctx).Label(), At: s.clock.Now()}
		if err := s.store.SavePlacementAssessment(ctx, x.pl.ProgrammeID, x.pl.EducatorID, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.assess", Entity: "placement", EntityID: x.id,
			Summary: fmt.Sprintf("%s：%s", Assessors.Label(who, "zh"), x.pl.Name), Before: c.Assessments[who], After: a})
	})
}

func errDecided() error {
	return app.Errorf(app.Conflict, "结果已评定，考核不能再改", "The result is decided; the assessments are fixed")
}

// TasksInput is the organiser's comment on the tasks.
type TasksInput struct {
	Comment string `json:"comment"`
}

// AssessTasks records the organiser's assessment of the tasks: the score
// computed from the records now, its grade, and the organiser's comment.
func (s *CompletionService) AssessTasks(ctx context.Context, placementID int64, in TasksInput) (*CompletionView, error) {
	return s.change(ctx, placementID, func(ctx context.Context, x *placed, acc leaveAccess, c *Completion) error {
		if !acc.manage {
			return app.Errorf(app.Forbidden, "任务考核由项目组织方进行", "The organiser assesses the tasks")
		}
		if c.Result != "" {
			return errDecided()
		}
		if s.scorer == nil {
			return app.Errorf(app.Conflict, "任务完成情况尚无法计算（未接入研修任务进度），暂不能进行任务考核",
				"The task score cannot be computed (no progress of the requirements is available); the tasks cannot be assessed yet")
		}
		score, err := s.scorer.TaskScore(ctx, x.id)
		if err != nil {
			return err
		}
		a := &Assessment{Assessor: AssessorOrganiser, TaskScore: score, Grade: TaskGrade(score), Comment: strings.TrimSpace(in.Comment),
			By: app.ActorOf(ctx).Label(), At: s.clock.Now()}
		if err := s.store.SavePlacementAssessment(ctx, x.pl.ProgrammeID, x.pl.EducatorID, a); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.assess_tasks", Entity: "placement", EntityID: x.id,
			Summary: fmt.Sprintf("任务考核：%s得分%d（%s）", x.pl.Name, score, Grades.Label(a.Grade, "zh")), Before: c.Assessments[AssessorOrganiser], After: a})
	})
}

// Decide applies the programme's rules (FinalResult) and fixes the result;
// the placement then enters the participant's career history as a
// secondment (SPEC §2), once.
func (s *CompletionService) Decide(ctx context.Context, placementID int64, _ struct{}) (*CompletionView, error) {
	return s.change(ctx, placementID, func(ctx context.Context, x *placed, acc leaveAccess, c *Completion) error {
		if !acc.manage {
			return app.Errorf(app.Forbidden, "结果由项目组织方评定", "The organiser decides the result")
		}
		if c.Result != "" {
			return app.Errorf(app.Conflict, "结果已评定为"+Results.Label(c.Result, "zh"), "The result is already decided")
		}
		result, why, err := FinalResult(c)
		if err != nil {
			return err
		}
		c.Result, c.ResultBy, c.ResultAt = result, app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.SavePlacementResult(ctx, c); err != nil {
			return err
		}
		pl := x.pl
		where := strings.Join(strings.Fields(pl.HostName+" "+pl.DepartmentName+" "+pl.PostTitle), " ")
		k := &people.CareerEntry{EducatorID: pl.EducatorID, SchoolID: pl.SchoolID, Post: pl.Post, Kind: people.CareerSecondment,
			Start: pl.BatchStart, End: pl.BatchEnd, Note: fmt.Sprintf("挂职：%s（%s，%s）", where, x.p.Name, Results.Label(result, "zh"))}
		if _, err := s.store.ArchiveSecondment(ctx, pl.ProgrammeID, pl.EducatorID, k); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.result", Entity: "placement", EntityID: x.id,
			Summary: fmt.Sprintf("评定%s挂职结果：%s（%s），记入任职经历", pl.Name, Results.Label(result, "zh"), strings.Join(why, "；"))})
	})
}

// OutstandingInput marks or unmarks an outstanding participant.
type OutstandingInput struct {
	Outstanding bool `json:"outstanding"`
}

// MarkOutstanding marks a participant whose result is 优秀 to report to
// the whole district at the report-back meeting ([001]).
func (s *CompletionService) MarkOutstanding(ctx context.Context, placementID int64, in OutstandingInput) (*CompletionView, error) {
	return s.change(ctx, placementID, func(ctx context.Context, x *placed, acc leaveAccess, c *Completion) error {
		if !acc.manage {
			return app.Errorf(app.Forbidden, "由项目组织方确定全区典型报告人选", "The organiser chooses who reports to the district")
		}
		if in.Outstanding && c.Result != GradeExcellent {
			return app.Errorf(app.Conflict, "结果为优秀的参训人员方可在全区作典型报告", "Only a participant whose result is excellent reports to the district")
		}
		c.Outstanding = in.Outstanding
		if err := s.store.SavePlacementResult(ctx, c); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "placement.outstanding", Entity: "placement", EntityID: x.id,
			Summary: fmt.Sprintf("%s：%s全区典型报告", x.pl.Name, map[bool]string{true: "确定", false: "取消"}[in.Outstanding])})
	})
}

// change runs fn on a placement's completion in one transaction and
// returns the completion after it.
func (s *CompletionService) change(ctx context.Context, placementID int64, fn func(ctx context.Context, x *placed, acc leaveAccess, c *Completion) error) (*CompletionView, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		x, acc, err := s.byID(ctx, placementID)
		if err != nil {
			return err
		}
		c, err := s.store.FindCompletion(ctx, x.pl.ProgrammeID, x.pl.EducatorID)
		if err != nil {
			return err
		}
		return fn(ctx, x, acc, c)
	})
	if err != nil {
		return nil, err
	}
	return s.Completion(ctx, placementID)
}
