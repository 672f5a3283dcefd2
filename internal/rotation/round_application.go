package rotation

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
)

// Application is a teacher's application in a round, with its score.
type Application struct {
	ID           int64     `json:"id"`
	RoundID      int64     `json:"round_id"`
	EducatorID   int64     `json:"educator_id"`
	EducatorName string    `json:"educator_name"`
	Backbone     string    `json:"backbone"`
	AppliedOn    app.Date  `json:"applied_on"`
	Statement    string    `json:"statement"`
	Score        *float64  `json:"score"`
	ScoreNote    string    `json:"score_note"`
	ScoredBy     string    `json:"scored_by"`
	ScoredAt     time.Time `json:"scored_at"`
	Selected     bool      `json:"selected"`
	ExchangeID   int64     `json:"exchange_id,omitempty"`
}

// ScoreValue returns the score, or 0 before scoring.
func (a *Application) ScoreValue() float64 {
	if a.Score == nil {
		return 0
	}
	return *a.Score
}

// ApplicationInput is a teacher's application.
type ApplicationInput struct {
	EducatorID int64  `json:"educator_id"`
	Statement  string `json:"statement"`
}

// ScoreInput scores applications: scores by application id.
type ScoreInput struct {
	Scores map[int64]float64 `json:"scores"`
	Notes  map[int64]string  `json:"notes"`
}

// Apply records a teacher's application: by the teacher themselves, or by
// the school on their behalf, while the round is open.
func (s *Service) Apply(ctx context.Context, roundID int64, in ApplicationInput) (*Application, error) {
	r, err := s.FindRoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	self := a.EducatorID != 0 && a.EducatorID == in.EducatorID
	if !self && !CanManageRound(ctx, r) {
		return nil, app.Errorf(app.Forbidden, "只能由教师本人申请，或由学校代为登记", "Only the teacher, or the school on their behalf, may apply")
	}
	if r.Status != RoundOpen {
		return nil, app.Errorf(app.Conflict, "选派已"+RoundStatuses.Label(string(r.Status), "zh")+"，不再接受申请", "The round no longer takes applications")
	}
	e, err := s.store.FindEducatorByID(ctx, in.EducatorID)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, app.NotFoundField("educator_id", "教师")
		}
		return nil, err
	}
	statement := strings.TrimSpace(in.Statement)
	var f app.Fields
	if e.SchoolID != r.SchoolID {
		f.Add("educator_id", "只有"+r.SchoolName+"的教师可以申请", "Only teachers of the school may apply")
	} else if RuleFor(e.Post) != RuleTeacher || e.StaffStatus != people.StaffEstablished {
		f.Add("educator_id", "乡镇内支教由在编在岗教师申请", "Established teachers apply")
	}
	if n := utf8.RuneCountInString(statement); n < 2 || n > 1000 {
		f.Add("statement", "请填写申请理由（2至1000字）", "Write the application (2 to 1000 characters)")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	ap := &Application{RoundID: r.ID, EducatorID: e.ID, EducatorName: e.Name, Backbone: e.Backbone, AppliedOn: s.Today(), Statement: statement}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateApplication(ctx, ap); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.round.apply", Entity: "rotation_round", EntityID: r.ID,
			Summary: fmt.Sprintf("%s申请乡镇内支教（%s → %s）", e.Name, r.SchoolName, r.HostName), After: ap})
	})
	if err != nil {
		return nil, err
	}
	return ap, nil
}

// ScoreApplications records the quantified scores (量化打分), 0–100, while
// the round is open.
func (s *Service) ScoreApplications(ctx context.Context, roundID int64, in ScoreInput) (*Round, error) {
	r, err := s.manageRound(ctx, roundID, RoundOpen)
	if err != nil {
		return nil, err
	}
	var f app.Fields
	if len(in.Scores) == 0 {
		f.Add("scores", "请填写分数", "Give the scores")
	}
	byID := map[int64]*Application{}
	for _, ap := range r.Applications {
		byID[ap.ID] = ap
	}
	var changed []*Application
	by, now := app.ActorOf(ctx).Label(), s.clock.Now()
	for id, score := range in.Scores {
		ap := byID[id]
		switch {
		case ap == nil:
			f.Add("scores", fmt.Sprintf("申请 %d 不属于本次选派", id), fmt.Sprintf("Application %d is not of this round", id))
			continue
		case math.IsNaN(score) || score < 0 || score > 100:
			f.Add("scores", fmt.Sprintf("%s的分数应在0至100之间", ap.EducatorName), "Scores lie between 0 and 100")
			continue
		}
		sc := math.Round(score*10) / 10
		ap.Score, ap.ScoreNote, ap.ScoredBy, ap.ScoredAt = &sc, strings.TrimSpace(in.Notes[id]), by, now
		if utf8.RuneCountInString(ap.ScoreNote) > 200 {
			f.Add("notes", "评分说明最多200字", "A score note has at most 200 characters")
		}
		changed = append(changed, ap)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(changed, func(a, b *Application) int { return cmp.Compare(a.ID, b.ID) })
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if ok, err := s.store.SetRoundStatus(ctx, r, RoundOpen); err != nil || !ok {
			return staleRound(err)
		}
		var parts []string
		for _, ap := range changed {
			if err := s.store.SetApplicationScore(ctx, ap); err != nil {
				return err
			}
			parts = append(parts, fmt.Sprintf("%s %.1f分", ap.EducatorName, *ap.Score))
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.round.score", Entity: "rotation_round", EntityID: r.ID,
			Summary: "乡镇内支教量化打分：" + strings.Join(parts, "，"), After: changed})
	})
	if err != nil {
		return nil, err
	}
	return s.FindRoundByID(ctx, roundID)
}

// SelectRound ends the notice with the selection (择优选派): once the notice
// period is over and every objection answered, the best-scored applicants
// (ties: earlier application) up to Places, leaving out those an upheld
// objection names, get planned exchanges of form 乡镇内支教. Of two
// concurrent selections exactly one is made.
func (s *Service) SelectRound(ctx context.Context, roundID int64) (*Round, error) {
	r, err := s.manageRound(ctx, roundID, RoundPublished)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	if !today.After(r.NoticeEnd) {
		return nil, app.Errorf(app.Conflict, "公示期至"+r.NoticeEnd.Chinese()+"，公示期满后才能选派", "Select after the notice period")
	}
	excluded := map[int64]bool{}
	for _, o := range r.Objections {
		if !o.Resolved() {
			return nil, app.Errorf(app.Conflict, "还有未处理的异议，处理后才能选派", "Resolve every objection first")
		}
		if o.Upheld && o.ApplicationID != 0 {
			excluded[o.ApplicationID] = true
		}
	}
	ranked := slices.Clone(r.Applications)
	slices.SortFunc(ranked, func(a, b *Application) int {
		return cmp.Or(cmp.Compare(*b.Score, *a.Score), a.AppliedOn.Compare(b.AppliedOn), cmp.Compare(a.ID, b.ID))
	})
	var chosen []*Application
	for _, ap := range ranked {
		if len(chosen) < r.Places && !excluded[ap.ID] {
			chosen = append(chosen, ap)
		}
	}
	r.Status = RoundSelected
	var names []string
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.store.SetRoundStatus(ctx, r, RoundPublished)
		if err != nil {
			return err
		}
		if !ok {
			return staleRound(nil)
		}
		for _, ap := range chosen {
			x, err := s.createExchange(ctx, ExchangeInput{EducatorID: ap.EducatorID, Form: FormTownshipSupport, HostSchoolID: r.HostSchoolID,
				Start: r.Start, PlannedEnd: r.PlannedEnd, Note: fmt.Sprintf("乡镇内支教选派，量化得分%.1f", *ap.Score)}, r.ID)
			if err != nil {
				return about(ap.EducatorName, err)
			}
			if err := s.store.SelectApplication(ctx, ap.ID, x.ID); err != nil {
				return err
			}
			names = append(names, fmt.Sprintf("%s（%.1f分）", ap.EducatorName, *ap.Score))
		}
		if err := s.audit.Record(ctx, audit.Change{Action: "rotation.round.select", Entity: "rotation_round", EntityID: r.ID,
			Summary: fmt.Sprintf("乡镇内支教择优选派（%s → %s）：%s", r.SchoolName, r.HostName, strings.Join(names, "、"))}); err != nil {
			return err
		}
		return s.endNotice(ctx, r, "")
	})
	if err != nil {
		return nil, err
	}
	return s.FindRoundByID(ctx, roundID)
}

// about prefixes a person's name to the message of err.
func about(name string, err error) error {
	var e *app.Error
	if !errors.As(err, &e) || e.Code == app.Internal {
		return err
	}
	return &app.Error{Code: e.Code, Message: name + "：" + e.Message, English: name + ": " + e.English, Fields: e.Fields, Err: err}
}
