package notice

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
)

// Object records an objection by the actor to an open notice they may
// read, about the entry with entryKey or ("") the whole notice.
func (s *Service) Object(ctx context.Context, noticeID int64, entryKey, text string) (*Objection, error) {
	var o *Objection
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		// The notice is held, so that a close waits for the objection.
		if err := s.store.LockNotice(ctx, noticeID); err != nil {
			return err
		}
		n, p, err := s.find(ctx, noticeID)
		if err != nil {
			return err
		}
		if n.Status != StatusOpen {
			return app.Errorf(app.Conflict, "只能在公示期内提出异议", "Objections are taken during the notice only")
		}
		text = strings.TrimSpace(text)
		entryKey = strings.TrimSpace(entryKey)
		var f app.Fields
		if c := utf8.RuneCountInString(text); c < 2 || c > 1000 {
			f.Add("text", "请写明异议内容（2至1000字）", "State the objection (2 to 1000 characters)")
		}
		if _, ok := n.Entry(entryKey); entryKey != "" && !ok {
			f.Add("entry_key", "异议所指的对象不在公示名单中", "The objection names no entry of the notice")
		}
		if err := f.Err(); err != nil {
			return err
		}
		a, now := app.ActorOf(ctx), s.clock.Now()
		o = &Objection{NoticeID: n.ID, EntryKey: entryKey, Text: text, RaisedBy: a.Label(), RaisedByUserID: a.UserID,
			RaisedOn: app.DateOf(now), RaisedAt: now}
		if err := s.store.CreateNoticeObjection(ctx, o); err != nil {
			return err
		}
		return s.record(ctx, p, n, "notice.object", fmt.Sprintf("%s公示期异议%s：%s", n.Title, about(n, entryKey), text), nil, o)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// about names the entry an objection is about, for the audit summary.
func about(n *Notice, key string) string {
	if e, ok := n.Entry(key); ok {
		return "（" + e.Label + "）"
	}
	return ""
}

// FindObjection returns an objection of a notice the actor may read, with
// its notice; whoever may not see it does not find it.
func (s *Service) FindObjection(ctx context.Context, objectionID int64) (*Objection, *Notice, error) {
	if err := signedIn(ctx); err != nil {
		return nil, nil, err
	}
	o, err := s.store.FindNoticeObjectionByID(ctx, objectionID)
	if err != nil {
		return nil, nil, err
	}
	n, _, err := s.find(ctx, o.NoticeID)
	if app.ErrorCode(err) == app.NotFound {
		return nil, nil, app.ErrNotFound("异议")
	}
	if err != nil {
		return nil, nil, err
	}
	for _, seen := range n.Objections {
		if seen.ID == o.ID {
			return o, n, nil
		}
	}
	return nil, nil, app.ErrNotFound("异议")
}

// Answer records the answer to an objection, with its outcome (upheld or
// dismissed), by one who answers the notice's objections, until the notice
// is closed or withdrawn. An upheld objection runs the kind's Upheld hook in
// the same transaction; its error rolls the answer back.
func (s *Service) Answer(ctx context.Context, objectionID int64, answer, outcome string) (*Objection, error) {
	var o *Objection
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		found, err := s.store.FindNoticeObjectionByID(ctx, objectionID)
		if err != nil {
			return err
		}
		if err := s.store.LockNotice(ctx, found.NoticeID); err != nil {
			return err
		}
		o, _, err = s.FindObjection(ctx, objectionID)
		if err != nil {
			return err
		}
		n, p, err := s.find(ctx, o.NoticeID)
		if err != nil {
			return err
		}
		if !p.CanAnswer(ctx, n) {
			return errNoRight
		}
		if n.State != StatePublished {
			return app.Errorf(app.Conflict, "公示"+Statuses.Label(string(n.Status), "zh")+"，不能再处理异议",
				"The notice is "+Statuses.Label(string(n.Status), "en")+"; objections are no longer answered")
		}
		if o.Answered() {
			return app.Errorf(app.Conflict, "该异议已处理", "The objection has been answered")
		}
		answer = strings.TrimSpace(answer)
		var f app.Fields
		if c := utf8.RuneCountInString(answer); c < 2 || c > 1000 {
			f.Add("answer", "请填写处理意见（2至1000字）", "Write the answer (2 to 1000 characters)")
		}
		if !Outcomes.Has(outcome) {
			f.Add("outcome", "请选择异议是否成立", "Choose whether the objection is upheld")
		}
		if err := f.Err(); err != nil {
			return err
		}
		a := app.ActorOf(ctx)
		o.Answer, o.Outcome, o.AnsweredBy, o.AnsweredByUserID, o.AnsweredAt = answer, outcome, a.Label(), a.UserID, s.clock.Now()
		ok, err := s.store.AnswerNoticeObjection(ctx, o)
		if err != nil {
			return err
		}
		if !ok {
			return app.Errorf(app.Conflict, "该异议刚被他人处理", "The objection was answered meanwhile")
		}
		if o.Upheld() {
			if err := p.Upheld(ctx, n, o); err != nil {
				return err
			}
		}
		return s.record(ctx, p, n, "notice.answer", fmt.Sprintf("处理%s的公示期异议%s：%s；%s：%s", n.Title, about(n, o.EntryKey), o.Text,
			Outcomes.Label(outcome, "zh"), answer), nil, o)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}
