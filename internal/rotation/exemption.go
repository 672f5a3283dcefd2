package rotation

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/people"
)

// ExemptionStatus is where an exemption (暂缓交流) application stands.
type ExemptionStatus string

// Statuses of an exemption (暂缓交流) application.
const (
	ExemptionPending  ExemptionStatus = "pending"
	ExemptionApproved ExemptionStatus = "approved"
	ExemptionRejected ExemptionStatus = "rejected"
)

// ExemptionStatuses is the vocabulary of exemption statuses.
var ExemptionStatuses = app.Vocab{
	{Code: string(ExemptionPending), Zh: "待审批", En: "Pending"},
	{Code: string(ExemptionApproved), Zh: "已批准", En: "Approved"},
	{Code: string(ExemptionRejected), Zh: "未批准", En: "Rejected"},
}

// ExemptionReasons are the grounds of a deferral: the leading teacher of a
// traditional project or of a featured course (seed [004]), or another
// ground under local rules.
var ExemptionReasons = app.Vocab{
	{Code: "featured_course", Zh: "特色课程领衔教师", En: "Leading teacher of a featured course"},
	{Code: "traditional_project", Zh: "传统项目领衔教师", En: "Leading teacher of a traditional project"},
	{Code: "other", Zh: "其他原因（按本地规定）", En: "Other ground under local rules"},
}

// Exemption is a school's application to defer one educator's rotation, and
// the county's decision. An approved exemption covering a date marks the
// person exempt on it; they stay counted among those who must rotate.
type Exemption struct {
	ID int64 `json:"id"`
	people.AtSchool
	Reason       string          `json:"reason"`
	Detail       string          `json:"detail"`
	Evidence     string          `json:"evidence"`
	Start        app.Date        `json:"start"`
	End          app.Date        `json:"end"`
	Status       ExemptionStatus `json:"status"`
	AppliedBy    string          `json:"applied_by"`
	AppliedAt    time.Time       `json:"applied_at"`
	DecidedBy    string          `json:"decided_by"`
	DecidedAt    time.Time       `json:"decided_at"`
	DecisionNote string          `json:"decision_note"`
}

// Place is where the exemption lies in the tree: the applying school.
func (e *Exemption) Place() app.Place {
	return app.Place{CityID: e.CityID, CountyID: e.CountyID, SchoolID: e.SchoolID}
}

// ExemptionFilter selects exemptions. Zero fields do not filter.
type ExemptionFilter struct {
	CountyID   int64
	CountyIDs  []int64
	SchoolID   int64
	EducatorID int64
	Status     ExemptionStatus
	// ActiveOn keeps approved exemptions covering the date.
	ActiveOn app.Date
	// EndFrom and EndTo keep the exemptions ending within the dates (each
	// bound when given).
	EndFrom, EndTo app.Date
	Offset         int
	Limit          int
	Within         app.Scope
}

// ExemptionInput is a school's application.
type ExemptionInput struct {
	EducatorID int64    `json:"educator_id"`
	Reason     string   `json:"reason"`
	Detail     string   `json:"detail"`
	Evidence   string   `json:"evidence"`
	Start      app.Date `json:"start"`
	End        app.Date `json:"end"`
}

// DecisionInput is county HR's decision on an application.
type DecisionInput struct {
	Approve bool   `json:"approve"`
	Note    string `json:"note"`
}

// FindExemptions lists exemptions inside the actor's scope, newest first.
func (s *Service) FindExemptions(ctx context.Context, f ExemptionFilter) ([]*Exemption, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, 0, err
	}
	if f.Status != "" && !ExemptionStatuses.Has(string(f.Status)) {
		return nil, 0, app.InvalidValue("status", string(f.Status))
	}
	f.Within = auth.ScopeOf(a, auth.RotationRead)
	return s.store.FindExemptions(ctx, f)
}

// ApplyExemption records a school's application to defer a person who must
// rotate. The deferral of one person lasts at most the policy's
// MaxExemptionYears in all, counted from the start of their first one.
func (s *Service) ApplyExemption(ctx context.Context, in ExemptionInput) (*Exemption, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	ed, err := s.store.FindEducatorByID(ctx, in.EducatorID)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, app.NotFoundField("educator_id", "教职工")
		}
		return nil, err
	}
	place := app.Place{CityID: ed.CityID, CountyID: ed.CountyID, SchoolID: ed.SchoolID}
	if auth.Decide(a, auth.RotationRead, place, "") != nil {
		return nil, app.NotFoundField("educator_id", "教职工")
	}
	if err := decideChange(ctx, auth.RotationApply, place); err != nil {
		return nil, err
	}
	e := &Exemption{AtSchool: ed.AtSchool(), Reason: in.Reason, Detail: strings.TrimSpace(in.Detail), Evidence: strings.TrimSpace(in.Evidence),
		Start: in.Start, End: in.End, Status: ExemptionPending, AppliedBy: a.Label(), AppliedAt: s.clock.Now()}
	var f app.Fields
	if !ExemptionReasons.Has(e.Reason) {
		f.Add("reason", "请选择暂缓理由", "Choose the ground")
	}
	if n := utf8.RuneCountInString(e.Detail); n < 2 || n > 500 {
		f.Add("detail", "请说明暂缓的具体理由（2至500字）", "Explain the ground (2 to 500 characters)")
	}
	if n := utf8.RuneCountInString(e.Evidence); n < 2 || n > 500 {
		f.Add("evidence", "请列明证明材料（2至500字）", "List the evidence (2 to 500 characters)")
	}
	switch {
	case e.Start.IsZero() || !e.Start.Valid():
		f.Add("start", "请填写暂缓开始日期", "Give the start date")
	case e.End.IsZero() || !e.End.Valid():
		f.Add("end", "请填写暂缓结束日期", "Give the end date")
	case e.End.Before(e.Start):
		f.Add("end", "结束日期不能早于开始日期", "The end cannot precede the start")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	ps, err := s.policies(ctx, []int64{ed.CountyID}, SchoolYearOf(e.Start))
	if err != nil {
		return nil, err
	}
	p := ps[ed.CountyID]
	if p.MaxExemptionYears == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "本区县政策不允许暂缓交流", English: "The county's policy allows no deferral",
			Fields: map[string]string{"start": "invalid"}}
	}
	v, err := s.verdictOf(ctx, ed.ID, e.Start)
	if err != nil {
		return nil, err
	}
	if !v.Must {
		return nil, &app.Error{Code: app.Invalid,
			Message: fmt.Sprintf("%s在%s不属于应交流人员（%s），无需申请暂缓", ed.Name, e.Start.Chinese(), v.Reason),
			English: "This person need not rotate on the start date; no deferral is needed", Fields: map[string]string{"educator_id": "not_eligible"}}
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.LockEducator(ctx, ed.ID); err != nil {
			return err
		}
		prior, _, err := s.store.FindExemptions(ctx, ExemptionFilter{EducatorID: ed.ID, Within: app.Scope{All: true}})
		if err != nil {
			return err
		}
		first := e.Start
		for _, o := range prior {
			if o.Status == ExemptionRejected {
				continue
			}
			if !o.End.Before(e.Start) && !e.End.Before(o.Start) {
				return app.Errorf(app.Conflict, fmt.Sprintf("与已有的暂缓申请（%s至%s，%s）时间重叠", o.Start.Chinese(), o.End.Chinese(),
					ExemptionStatuses.Label(string(o.Status), "zh")), "Overlaps an existing application")
			}
			if o.Start.Before(first) {
				first = o.Start
			}
		}
		if limit := minTermEnd(first, p.MaxExemptionYears); e.End.After(limit) {
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("暂缓交流累计不超过%d年：结束日期不能晚于%s", p.MaxExemptionYears, limit.Chinese()),
				English: fmt.Sprintf("A deferral lasts at most %d years in all: the end cannot be after %s", p.MaxExemptionYears, limit),
				Fields:  map[string]string{"end": "too_late"}}
		}
		if err := s.store.CreateExemption(ctx, e); err != nil {
			return err
		}
		if err := s.waitExemption(ctx, e); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exemption.apply", Entity: "rotation_exemption", EntityID: e.ID,
			Summary: fmt.Sprintf("%s申请%s暂缓交流：%s至%s，%s", e.SchoolName, e.EducatorName, e.Start.Chinese(), e.End.Chinese(),
				ExemptionReasons.Label(e.Reason, "zh")),
			After: e})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindExemptionByID(ctx, e.ID)
}

// DecideExemption approves or rejects a pending application, as the
// county's HR. Of two concurrent decisions exactly one is taken.
func (s *Service) DecideExemption(ctx context.Context, id int64, in DecisionInput) (*Exemption, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	e, err := s.store.FindExemptionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if auth.Decide(a, auth.RotationRead, e.Place(), "") != nil {
		return nil, app.ErrNotFound("暂缓申请")
	}
	if err := decideChange(ctx, auth.RotationManage, e.Place()); err != nil {
		return nil, err
	}
	if e.Status != ExemptionPending {
		return nil, app.Errorf(app.Conflict, "该申请已审批（"+ExemptionStatuses.Label(string(e.Status), "zh")+"）", "The application has been decided")
	}
	note := strings.TrimSpace(in.Note)
	var f app.Fields
	if !in.Approve && note == "" {
		f.Add("note", "不予批准须说明理由", "Give the reason for rejecting")
	}
	if utf8.RuneCountInString(note) > 500 {
		f.Add("note", "审批意见最多500字", "The note has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	before := *e
	e.Status = ExemptionRejected
	if in.Approve {
		e.Status = ExemptionApproved
	}
	e.DecidedBy, e.DecidedAt, e.DecisionNote = a.Label(), s.clock.Now(), note
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.DecideExemption(ctx, e, ExemptionPending)
		if err != nil {
			return err
		}
		if !ok {
			return app.Errorf(app.Conflict, "该申请刚被他人审批，请刷新查看", "The application was decided meanwhile")
		}
		if err := notify.Done(ctx, s.store, e.DecidedAt, ExemptionKey(e.ID)); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.exemption." + string(e.Status), Entity: "rotation_exemption", EntityID: e.ID,
			Summary: fmt.Sprintf("%s%s的暂缓交流申请（%s至%s）%s", ExemptionStatuses.Label(string(e.Status), "zh"), e.EducatorName,
				e.Start.Chinese(), e.End.Chinese(), notePart(note)),
			Before: &before, After: e})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindExemptionByID(ctx, id)
}
