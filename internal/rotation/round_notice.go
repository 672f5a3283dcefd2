package rotation

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
)

// A round's 校内公示 is a notice of package notice, kind rotation_round:
// its entries are the scored applications (key: the application id), its
// objections are the round's. This file is the round's side of it.

// roundPolicy decides for the notices of rounds: read by those who read
// the round (its school, those over it, its applicants), answered by
// those who run the school's rounds; every reader sees every objection.
type roundPolicy struct{ s *Service }

func (p roundPolicy) round(ctx context.Context, n *notice.Notice) (*Round, bool) {
	r, err := p.s.store.FindRoundByID(ctx, n.SubjectID)
	return r, err == nil
}

func (p roundPolicy) CanRead(ctx context.Context, n *notice.Notice) bool {
	r, ok := p.round(ctx, n)
	return ok && auth.Can(app.ActorOf(ctx), auth.OrgRead) == nil && canReadRound(app.ActorOf(ctx), r) == nil
}

func (p roundPolicy) CanAnswer(ctx context.Context, n *notice.Notice) bool {
	r, ok := p.round(ctx, n)
	return ok && decideChange(ctx, auth.RotationApply, r.Place()) == nil
}

// Upheld changes nothing at once: the selection leaves out the
// applications an upheld objection names (SelectRound).
func (p roundPolicy) Upheld(context.Context, *notice.Notice, *notice.Objection) error { return nil }

func (p roundPolicy) ObjectionsOpen(context.Context, *notice.Notice) bool { return true }

func (p roundPolicy) AuditAs(n *notice.Notice, step string) (string, string, int64) {
	switch step {
	case "object":
		return "rotation.round.object", "rotation_round", n.SubjectID
	case "answer":
		return "rotation.round.resolve", "rotation_round", n.SubjectID
	}
	return "", "", 0
}

// UseNotices makes the round's notices those of ns, the product's one
// notice service; without it the service keeps its own (tests).
func (s *Service) UseNotices(ns *notice.Service) {
	s.notices = ns
	ns.Register(notice.KindRotationRound, roundPolicy{s})
}

// Notices is the notice service the rounds publish through.
func (s *Service) Notices() *notice.Service { return s.notices }

// publishNotice publishes a round's scored applications.
func (s *Service) publishNotice(ctx context.Context, r *Round) error {
	entries := make([]notice.Entry, 0, len(r.Applications))
	for _, ap := range r.Applications {
		entries = append(entries, notice.Entry{Key: strconv.FormatInt(ap.ID, 10), EducatorID: ap.EducatorID, Label: ap.EducatorName,
			Detail: fmt.Sprintf("量化得分%.1f", ap.ScoreValue())})
	}
	body := fmt.Sprintf("%s选派%d名教师到%s支教（%s至%s），以下为申请教师及量化打分结果。", r.SchoolName, r.Places, r.HostName,
		r.Start.Chinese(), r.PlannedEnd.Chinese())
	_, err := s.notices.Publish(ctx, notice.PublishInput{Kind: notice.KindRotationRound, SubjectID: r.ID, Place: r.Place(),
		Title: r.SchoolName + "乡镇内支教选派公示", Body: strings.TrimSpace(body + "\n" + r.Note), Entries: entries,
		Start: r.NoticeStart, Days: r.NoticeDays})
	return err
}

// roundNotice returns the round's notice as the actor sees it.
func (s *Service) roundNotice(ctx context.Context, r *Round) (*notice.Notice, error) {
	ns, err := s.notices.ForSubject(ctx, notice.KindRotationRound, r.ID)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, app.Errorf(app.Conflict, "选派尚未公示", "The round has not been published")
	}
	return ns[0], nil
}

// endNotice closes (selection) or, with a reason, withdraws (cancellation)
// the round's notice.
func (s *Service) endNotice(ctx context.Context, r *Round, reason string) error {
	n, err := s.roundNotice(ctx, r)
	if err != nil {
		return err
	}
	if reason == "" {
		return s.notices.Close(ctx, n.ID)
	}
	return s.notices.Withdraw(ctx, n.ID, reason)
}

// fillObjections sets the round's objections from its notice.
func (s *Service) fillObjections(ctx context.Context, r *Round) error {
	r.Objections = []*Objection{}
	ns, err := s.notices.ForSubject(ctx, notice.KindRotationRound, r.ID)
	if err != nil || len(ns) == 0 {
		return err
	}
	for _, o := range ns[0].Objections {
		r.Objections = append(r.Objections, roundObjection(r.ID, o))
	}
	return nil
}

// roundObjection is the round's view of an objection to its notice.
func roundObjection(roundID int64, o *notice.Objection) *Objection {
	appID, _ := strconv.ParseInt(o.EntryKey, 10, 64)
	return &Objection{ID: o.ID, RoundID: roundID, ApplicationID: appID, Text: o.Text, RaisedBy: o.RaisedBy, RaisedByUserID: o.RaisedByUserID,
		RaisedOn: o.RaisedOn, Upheld: o.Upheld(), Resolution: o.Answer, ResolvedBy: o.AnsweredBy, ResolvedAt: o.AnsweredAt}
}

// RaiseObjection records an objection during the notice, by anyone who can
// see the notice.
func (s *Service) RaiseObjection(ctx context.Context, roundID int64, in ObjectionInput) (*Objection, error) {
	r, err := s.FindRoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if r.Status != RoundPublished || s.Today().After(r.NoticeEnd) {
		return nil, app.Errorf(app.Conflict, "只能在公示期内提出异议", "Objections are taken during the notice only")
	}
	if in.ApplicationID != 0 && !slices.ContainsFunc(r.Applications, func(ap *Application) bool { return ap.ID == in.ApplicationID }) {
		return nil, &app.Error{Code: app.Invalid, Message: "异议所指的申请不属于本次选派", English: "The application is not of this round",
			Fields: map[string]string{"application_id": "invalid"}}
	}
	n, err := s.roundNotice(ctx, r)
	if err != nil {
		return nil, err
	}
	key := ""
	if in.ApplicationID != 0 {
		key = strconv.FormatInt(in.ApplicationID, 10)
	}
	o, err := s.notices.Object(ctx, n.ID, key, in.Text)
	if err != nil {
		return nil, err
	}
	return roundObjection(r.ID, o), nil
}

// ResolveObjection records the school's answer to an objection; an upheld
// objection about an application excludes it from the selection.
func (s *Service) ResolveObjection(ctx context.Context, objectionID int64, in ResolutionInput) (*Objection, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.OrgRead); err != nil {
		return nil, err
	}
	o, n, err := s.notices.FindObjection(ctx, objectionID)
	if err == nil && n.Kind != notice.KindRotationRound {
		err = app.ErrNotFound("异议")
	}
	if err != nil {
		return nil, err
	}
	r, err := s.FindRoundByID(ctx, n.SubjectID)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, app.ErrNotFound("异议")
		}
		return nil, err
	}
	if err := decideChange(ctx, auth.RotationApply, r.Place()); err != nil {
		return nil, err
	}
	if r.Status != RoundPublished {
		return nil, app.Errorf(app.Conflict, "选派已"+RoundStatuses.Label(string(r.Status), "zh"), "The round is closed")
	}
	if o.Answered() {
		return nil, app.Errorf(app.Conflict, "该异议已处理", "The objection is already resolved")
	}
	res := strings.TrimSpace(in.Resolution)
	if c := utf8.RuneCountInString(res); c < 2 || c > 1000 {
		return nil, &app.Error{Code: app.Invalid, Message: "请填写处理意见（2至1000字）", English: "Write the resolution (2 to 1000 characters)",
			Fields: map[string]string{"resolution": "invalid"}}
	}
	outcome := notice.OutcomeDismissed
	if in.Upheld {
		outcome = notice.OutcomeUpheld
	}
	answered, err := s.notices.Answer(ctx, o.ID, res, outcome)
	if err != nil {
		return nil, err
	}
	return roundObjection(r.ID, answered), nil
}
