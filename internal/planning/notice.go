package planning

import (
	"context"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/rotation"
)

// An approved plan's 公示 is a notice of package notice, kind
// rotation_plan: its entries are the moves as approved (key: the teacher
// key), its objections are the plan's. This file is the plan's side of it.

// planPolicy decides for the notices of plans: read by those who read the
// plan (rotation.CanReadNotice), answered by those who run its county's
// rotation; readers of the county see every objection, the others their own.
// An upheld objection about a move cancels that move's exchange.
type planPolicy struct{ s *Service }

func (p planPolicy) plan(ctx context.Context, n *notice.Notice) (*Plan, bool) {
	pl, err := p.s.store.FindPlanByID(ctx, n.SubjectID)
	return pl, err == nil
}

func (p planPolicy) CanRead(ctx context.Context, n *notice.Notice) bool {
	pl, ok := p.plan(ctx, n)
	if !ok || app.ActorOf(ctx) == nil {
		return false
	}
	ok, err := p.s.canRead(ctx, pl)
	return ok && err == nil
}

func (p planPolicy) CanAnswer(ctx context.Context, n *notice.Notice) bool {
	pl, ok := p.plan(ctx, n)
	return ok && CanManage(ctx, pl)
}

func (p planPolicy) ObjectionsOpen(ctx context.Context, n *notice.Notice) bool {
	pl, ok := p.plan(ctx, n)
	return ok && CanReadWhole(ctx, pl)
}

func (p planPolicy) Upheld(ctx context.Context, n *notice.Notice, o *notice.Objection) error {
	pl, err := p.s.store.FindPlanByID(ctx, n.SubjectID)
	if err != nil || o.EntryKey == "" {
		return err
	}
	return p.s.cancelMove(ctx, pl, o.EntryKey, "公示期异议成立："+o.Answer)
}

func (p planPolicy) AuditAs(n *notice.Notice, step string) (string, string, int64) {
	switch step {
	case "object":
		return "rotation.plan.object", "rotation_plan", n.SubjectID
	case "answer":
		return "rotation.plan.answer", "rotation_plan", n.SubjectID
	}
	return "", "", 0
}

// publishNotice publishes an approved plan's moves, from today for its
// NoticeDays, in the approval's transaction.
func (s *Service) publishNotice(ctx context.Context, p *Plan, x *lookup, today app.Date) error {
	entries := make([]notice.Entry, 0, len(p.Moves))
	for _, m := range p.Moves {
		entries = append(entries, notice.Entry{Key: m.Teacher, EducatorID: EducatorOf(m.Teacher), Label: x.name(m.Teacher),
			Detail: x.schoolName(m.From) + " → " + x.schoolName(m.To)})
	}
	_, err := s.notices.Publish(ctx, notice.PublishInput{Kind: notice.KindRotationPlan, SubjectID: p.ID, Place: p.Place(),
		Title: p.label(), Body: strings.TrimSpace(p.Title + "\n" + p.Note), Entries: entries, Start: today, Days: p.NoticeDays})
	return err
}

// planNotice returns an approved plan's notice as the actor sees it.
func (s *Service) planNotice(ctx context.Context, p *Plan) (*notice.Notice, error) {
	ns, err := s.notices.ForSubject(ctx, notice.KindRotationPlan, p.ID)
	if err != nil {
		return nil, err
	}
	if len(ns) == 0 {
		return nil, app.Errorf(app.Conflict, "方案尚未公示", "The plan has not been put on notice")
	}
	return ns[0], nil
}

// objections returns the objections to a plan's notice the actor may see.
func (s *Service) objections(ctx context.Context, p *Plan) ([]*Objection, error) {
	out := []*Objection{}
	ns, err := s.notices.ForSubject(ctx, notice.KindRotationPlan, p.ID)
	if err != nil || len(ns) == 0 {
		return out, err
	}
	for _, o := range ns[0].Objections {
		out = append(out, planObjection(p.ID, o))
	}
	return out, nil
}

// planObjection is the plan's view of an objection to its notice.
func planObjection(planID int64, o *notice.Objection) *Objection {
	return &Objection{ID: o.ID, PlanID: planID, Teacher: o.EntryKey, Text: o.Text, RaisedBy: o.RaisedBy, RaisedByUserID: o.RaisedByUserID,
		RaisedOn: o.RaisedOn, Upheld: o.Upheld(), Answer: o.Answer, AnsweredBy: o.AnsweredBy, AnsweredAt: o.AnsweredAt}
}

// ObjectionInput raises an objection during a plan's notice, about one move
// (Teacher, a teacher key) or the whole plan.
type ObjectionInput struct {
	Teacher string `json:"teacher"`
	Text    string `json:"text"`
}

// AnswerInput answers an objection.
type AnswerInput struct {
	Upheld bool   `json:"upheld"`
	Answer string `json:"answer"`
}

// RaiseObjection records an objection during the public notice, by anyone
// the notice concerns or who reads the county's rotation.
func (s *Service) RaiseObjection(ctx context.Context, id int64, in ObjectionInput) (*Objection, error) {
	p, err := s.readPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusNoticed || s.Today().After(p.NoticeEnd) {
		return nil, app.Errorf(app.Conflict, "只能在公示期内提出异议", "Objections are taken during the notice only")
	}
	text := strings.TrimSpace(in.Text)
	if c := utf8.RuneCountInString(text); c < 2 || c > 1000 {
		return nil, &app.Error{Code: app.Invalid, Message: "请写明异议内容（2至1000字）", English: "State the objection (2 to 1000 characters)",
			Fields: map[string]string{"text": "invalid"}}
	}
	n, err := s.planNotice(ctx, p)
	if err != nil {
		return nil, err
	}
	teacher := strings.TrimSpace(in.Teacher)
	if _, ok := n.Entry(teacher); teacher != "" && !ok {
		return nil, &app.Error{Code: app.Invalid, Message: "异议所指的调动不在方案中", English: "The move is not in the plan", Fields: map[string]string{"teacher": "not_found"}}
	}
	o, err := s.notices.Object(ctx, n.ID, teacher, text)
	if err != nil {
		return nil, err
	}
	return planObjection(p.ID, o), nil
}

// AnswerObjection records county HR's answer to an objection. An upheld
// objection about a move cancels that move's exchange, with the answer as
// the reason, in the same transaction (planPolicy.Upheld).
func (s *Service) AnswerObjection(ctx context.Context, objectionID int64, in AnswerInput) (*Objection, error) {
	if app.ActorOf(ctx) == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	o, n, err := s.notices.FindObjection(ctx, objectionID)
	if err == nil && n.Kind != notice.KindRotationPlan {
		err = app.ErrNotFound("异议")
	}
	if err != nil {
		return nil, err
	}
	p, err := s.readPlan(ctx, n.SubjectID)
	if err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, app.ErrNotFound("异议")
		}
		return nil, err
	}
	if !CanManage(ctx, p) {
		return nil, errNoRight
	}
	if p.Status != StatusNoticed {
		return nil, app.Errorf(app.Conflict, "方案"+Statuses.Label(string(p.Status), "zh")+"，不能再处理异议", "The plan is no longer in its notice")
	}
	if o.Answered() {
		return nil, app.Errorf(app.Conflict, "该异议已处理", "The objection has been answered")
	}
	outcome := notice.OutcomeDismissed
	if in.Upheld {
		outcome = notice.OutcomeUpheld
	}
	answered, err := s.notices.Answer(ctx, o.ID, in.Answer, outcome)
	if err != nil {
		return nil, err
	}
	return planObjection(p.ID, answered), nil
}

// cancelMove cancels the exchange a move of an approved plan made.
func (s *Service) cancelMove(ctx context.Context, p *Plan, teacher, reason string) error {
	xs, err := s.store.FindPlanExchanges(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, x := range xs {
		if x.Teacher != teacher || x.Status != rotation.StatusPlanned {
			continue
		}
		if _, err := s.rotation.ChangeExchangeStatus(ctx, x.ExchangeID, rotation.StatusInput{Status: rotation.StatusCancelled, Reason: reason}); err != nil {
			return err
		}
	}
	return nil
}
