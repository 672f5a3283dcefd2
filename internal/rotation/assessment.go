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
)

// Grades of the annual assessment (年度考核).
var Grades = app.Vocab{
	{Code: "excellent", Zh: "优秀", En: "Excellent"},
	{Code: "competent", Zh: "合格", En: "Competent"},
	{Code: "basic", Zh: "基本合格", En: "Basically competent"},
	{Code: "fail", Zh: "不合格", En: "Not competent"},
}

// AssessmentStatus is where an annual assessment stands: entered by the
// host school, then confirmed by the county's HR.
type AssessmentStatus string

// Assessment statuses.
const (
	AssessmentEntered   AssessmentStatus = "entered"
	AssessmentConfirmed AssessmentStatus = "confirmed"
)

// AssessmentStatuses is the vocabulary of assessment statuses.
var AssessmentStatuses = app.Vocab{
	{Code: string(AssessmentEntered), Zh: "待确认", En: "Awaiting confirmation"},
	{Code: string(AssessmentConfirmed), Zh: "已确认", En: "Confirmed"},
}

// Assessment is the annual assessment of one educator on exchange for one
// school year: entered by the host school, confirmed by the county's HR,
// and kept in the person's file (档案).
type Assessment struct {
	ID           int64            `json:"id"`
	ExchangeID   int64            `json:"exchange_id"`
	EducatorID   int64            `json:"educator_id"`
	EducatorName string           `json:"educator_name"`
	SchoolYear   int              `json:"school_year"`
	Grade        string           `json:"grade"`
	Comment      string           `json:"comment"`
	HostSchoolID int64            `json:"host_school_id"`
	HostName     string           `json:"host_school_name"`
	Status       AssessmentStatus `json:"status"`
	EnteredBy    string           `json:"entered_by"`
	EnteredAt    time.Time        `json:"entered_at"`
	ConfirmedBy  string           `json:"confirmed_by"`
	ConfirmedAt  time.Time        `json:"confirmed_at"`
}

// AssessmentFilter selects assessments.
type AssessmentFilter struct {
	ExchangeID int64
	EducatorID int64
}

// AssessmentInput is a host school's entry.
type AssessmentInput struct {
	SchoolYear int    `json:"school_year"`
	Grade      string `json:"grade"`
	Comment    string `json:"comment"`
}

// EnterAssessment records (or, before confirmation, corrects) the annual
// assessment of an exchange for a school year, as the host school.
func (s *Service) EnterAssessment(ctx context.Context, exchangeID int64, in AssessmentInput) (*Assessment, error) {
	x, err := s.FindExchangeByID(ctx, exchangeID)
	if err != nil {
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, x.HostPlace()); err != nil {
		return nil, err
	}
	if x.Status == StatusPlanned || x.Status == StatusAnnounced || x.Status == StatusCancelled {
		return nil, app.Errorf(app.Conflict, "交流尚未开始，不能考核", "The exchange has not started; there is nothing to assess")
	}
	first := SchoolYearOf(x.ActualStart)
	last := SchoolYearOf(s.Today())
	if !x.ActualEnd.IsZero() {
		last = SchoolYearOf(x.ActualEnd)
	}
	comment := strings.TrimSpace(in.Comment)
	var f app.Fields
	if in.SchoolYear < first || in.SchoolYear > last {
		f.Add("school_year", fmt.Sprintf("考核学年应在%s至%s之间", YearLabel(first), YearLabel(last)),
			fmt.Sprintf("The school year must lie between %d and %d", first, last))
	}
	if !Grades.Has(in.Grade) {
		f.Add("grade", "请选择考核等次", "Choose the grade")
	}
	if n := utf8.RuneCountInString(comment); n < 2 || n > 1000 {
		f.Add("comment", "请填写考核评语（2至1000字）", "Write the assessment (2 to 1000 characters)")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	as := &Assessment{ExchangeID: x.ID, EducatorID: x.EducatorID, EducatorName: x.EducatorName, SchoolYear: in.SchoolYear, Grade: in.Grade,
		Comment: comment, HostSchoolID: x.HostSchoolID, HostName: x.HostName, Status: AssessmentEntered,
		EnteredBy: a.Label(), EnteredAt: s.clock.Now()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.SaveAssessment(ctx, as)
		if err != nil {
			return err
		}
		if !ok {
			return app.Errorf(app.Conflict, YearLabel(in.SchoolYear)+"的考核已经确认，不能再修改", "That year's assessment is confirmed and can no longer change")
		}
		if err := s.waitAssessment(ctx, x, as); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.assessment.enter", Entity: "rotation_assessment", EntityID: as.ID,
			Summary: fmt.Sprintf("%s登记%s%s年度考核：%s", x.HostName, x.EducatorName, YearLabel(in.SchoolYear), Grades.Label(in.Grade, "zh")),
			After:   as})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindAssessmentByID(ctx, as.ID)
}

// ConfirmAssessment confirms an entered assessment, as the HR of the
// exchange's origin county. Of two concurrent confirmations one is taken.
func (s *Service) ConfirmAssessment(ctx context.Context, id int64) (*Assessment, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.RotationRead); err != nil {
		return nil, err
	}
	as, err := s.store.FindAssessmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	x, err := s.store.FindExchangeByID(ctx, as.ExchangeID)
	if err != nil {
		return nil, err
	}
	if !canRead(ctx, x) {
		return nil, app.ErrNotFound("考核记录")
	}
	if err := decideChange(ctx, auth.RotationManage, x.OriginPlace()); err != nil {
		return nil, err
	}
	if as.Status != AssessmentEntered {
		return nil, app.Errorf(app.Conflict, "该考核已经确认", "The assessment is already confirmed")
	}
	before := *as
	as.Status, as.ConfirmedBy, as.ConfirmedAt = AssessmentConfirmed, app.ActorOf(ctx).Label(), s.clock.Now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.ConfirmAssessment(ctx, as)
		if err != nil {
			return err
		}
		if !ok {
			return app.Errorf(app.Conflict, "该考核刚被他人确认或修改，请刷新查看", "The assessment changed meanwhile")
		}
		if err := notify.Done(ctx, s.store, as.ConfirmedAt, AssessmentKey(as.ID)); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.assessment.confirm", Entity: "rotation_assessment", EntityID: as.ID,
			Summary: fmt.Sprintf("确认%s%s年度考核：%s，记入本人档案", as.EducatorName, YearLabel(as.SchoolYear), Grades.Label(as.Grade, "zh")),
			Before:  &before, After: as})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindAssessmentByID(ctx, id)
}
