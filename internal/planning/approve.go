package planning

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/rotation"
)

// ApproveInput approves a plan: the days of its public notice, counted from
// the day of approval.
type ApproveInput struct {
	NoticeDays int    `json:"notice_days"`
	Note       string `json:"note"`
	// Version is the version of the plan the approver saw; 0 skips the check.
	Version int `json:"version"`
}

// Approve approves a draft whose moves break no rule: in one transaction it
// makes a planned exchange of every move (through package rotation, whose
// rules apply again), opens the public notice, and records who approved.
// Of two approvals at once exactly one succeeds.
func (s *Service) Approve(ctx context.Context, id int64, ai ApproveInput) (*Plan, error) {
	p, err := s.managePlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.editable(ctx, p); err != nil {
		return nil, err
	}
	if ai.Version != 0 && ai.Version != p.Version {
		return nil, stale()
	}
	if ai.NoticeDays < 1 || ai.NoticeDays > 30 {
		return nil, &app.Error{Code: app.Invalid, Message: "公示天数应在1至30之间", English: "The notice lasts 1 to 30 days", Fields: map[string]string{"notice_days": "invalid"}}
	}
	note := strings.TrimSpace(ai.Note)
	if utf8.RuneCountInString(note) > 500 {
		return nil, &app.Error{Code: app.Invalid, Message: "说明最多500字", English: "The note has at most 500 characters", Fields: map[string]string{"note": "invalid"}}
	}
	if !p.Built() || p.Result.Status == "" {
		return nil, app.Errorf(app.Conflict, "方案尚未求解，不能批准", "The plan has not been solved; it cannot be approved")
	}
	if len(p.Moves) == 0 {
		return nil, app.Errorf(app.Conflict, "方案没有任何调动，不能批准", "The plan moves nobody; it cannot be approved")
	}
	in, facts, err := decode(p)
	if err != nil {
		return nil, err
	}
	x := newLookup(in, facts)
	if vs := plan.CheckMoves(in, p.Moves); len(vs) > 0 {
		msgs := make([]string, 0, 3)
		for i, v := range vs {
			if i == 3 {
				msgs = append(msgs, fmt.Sprintf("等%d处", len(vs)))
				break
			}
			msgs = append(msgs, x.violationText(v, "zh"))
		}
		return nil, &app.Error{Code: app.Conflict,
			Message: "方案有" + fmt.Sprint(len(vs)) + "处不符合规则，不能批准：" + strings.Join(msgs, "；") + "。请修改或重新优化后再批准",
			English: fmt.Sprintf("The plan breaks %d rules and cannot be approved; edit or re-optimise it first", len(vs))}
	}
	today := s.Today()
	a := app.ActorOf(ctx)
	p.Status, p.NoticeDays, p.NoticeStart, p.NoticeEnd = StatusNoticed, ai.NoticeDays, today, today.AddDays(ai.NoticeDays-1)
	p.ApprovedBy, p.ApprovedAt = a.Label(), s.clock.Now()
	if note != "" {
		p.Note = strings.TrimSpace(p.Note + "\n" + note)
	}
	pv, err := s.rotation.FindPolicy(ctx, p.CountyID, p.SchoolYear)
	if err != nil {
		return nil, err
	}
	start := rotation.YearStart(p.SchoolYear)
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		// The plan first: a second approval waits here and then finds it
		// approved.
		if err := s.update(ctx, p, audit.Change{Action: "rotation.plan.approve",
			Summary: fmt.Sprintf("批准%s：交流%d人，公示%s至%s（%d天）%s", p.label(), len(p.Moves), p.NoticeStart.Chinese(), p.NoticeEnd.Chinese(),
				p.NoticeDays, notePart(note)),
			After: map[string]any{"moves": p.Moves, "notice_start": p.NoticeStart, "notice_end": p.NoticeEnd}}); err != nil {
			return err
		}
		for i, m := range p.Moves {
			e, err := s.store.FindEducatorByID(ctx, EducatorOf(m.Teacher))
			if err != nil {
				return about(x.name(m.Teacher), err)
			}
			if fact := facts.Schools[m.From]; fact == nil || e.SchoolID != fact.ID {
				return app.Errorf(app.Conflict, x.name(m.Teacher)+"已不在"+x.schoolName(m.From)+"（方案生成后任职有变动），请重新生成方案",
					"A teacher has changed school since the plan was built; build the plan again")
			}
			host := facts.Schools[m.To]
			years, relation := pv.Policy.TeacherMinYears, rotation.RelationStays
			if p.Mode == ModePrincipal {
				years, relation = pv.Policy.HeadMinYears, rotation.RelationMoves
			}
			fact := facts.Teachers[m.Teacher]
			lastRanked := fact != nil && fact.LastRanked && p.Mode == ModeTeacher && e.Post != people.PostVicePrincipal
			form := moveForm(p.Settings.Form, pv.Policy, facts.Schools[m.From], host, lastRanked)
			xch, err := s.rotation.CreateExchange(ctx, rotation.ExchangeInput{EducatorID: e.ID, Form: form, HostSchoolID: host.ID,
				Start: start, PlannedEnd: start.AddYears(years).AddDays(-1), Relation: relation,
				Note: fmt.Sprintf("交流轮岗方案#%d第%d项（%s）", p.ID, i+1, p.Title)})
			if err != nil {
				return about(x.name(m.Teacher), err)
			}
			if err := s.store.CreatePlanExchange(ctx, &PlanExchange{PlanID: p.ID, Teacher: m.Teacher, ExchangeID: xch.ID, EducatorID: e.ID,
				Status: xch.Status, OriginID: xch.OriginSchoolID, HostID: xch.HostSchoolID}); err != nil {
				return err
			}
		}
		return s.publishNotice(ctx, p, x, today)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// moveForm chooses the form of the exchange a move of a plan makes. A move
// within one consortium is 办学联合体, a 末位调岗 teacher's is 末位调岗. The
// plan's form applies to the other moves, except that 支教/帮教 and 走教 go
// where help is needed (SPEC §3.1–3.2, seed [004]: to rural and weak
// schools): a move that does not leave a better-placed school for a rural
// or weak one — between urban schools, between rural ones, from rural to
// urban — is 顶岗置换/双向交流, the exchange of posts the plan makes
// between the two schools.
func moveForm(form rotation.ExchangeForm, p *rotation.Policy, from, to *SchoolFact, lastRanked bool) rotation.ExchangeForm {
	switch {
	case from.Consortium != "" && from.Consortium == to.Consortium:
		return rotation.FormConsortium
	case lastRanked:
		return rotation.FormReassignment
	case (form == rotation.FormSupport || form == rotation.FormItinerant) && !towardNeed(p, from, to):
		return rotation.FormSwap
	}
	return form
}

// towardNeed reports whether a move goes where help is needed: to a school
// less urban than the origin under the policy (urban, then 镇区 unless the
// policy counts it urban, then rural), or to a weak school from one that
// is not.
func towardNeed(p *rotation.Policy, from, to *SchoolFact) bool {
	rank := func(location string) int {
		switch {
		case p.Urban(location):
			return 2
		case location == "township":
			return 1
		}
		return 0
	}
	return rank(to.Location) < rank(from.Location) || (to.Weak && !from.Weak)
}

// about prefixes a person's name to the message of err.
func about(name string, err error) error {
	var e *app.Error
	if !errors.As(err, &e) || e.Code == app.Internal {
		return err
	}
	return &app.Error{Code: e.Code, Message: name + "：" + e.Message, English: name + ": " + e.English, Fields: e.Fields, Err: err}
}

func notePart(note string) string {
	if note == "" {
		return ""
	}
	return "：" + note
}

// Announce ends an approved plan's notice: once the notice period is over
// and every objection answered, every exchange of the plan still planned is
// announced (计划 → 已公布) in one transaction.
func (s *Service) Announce(ctx context.Context, id int64) (*Plan, error) {
	p, err := s.managePlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusNoticed {
		return nil, app.Errorf(app.Conflict, "只有公示中的方案可以公布", "Only a plan in its public notice can be announced")
	}
	today := s.Today()
	if !today.After(p.NoticeEnd) {
		return nil, app.Errorf(app.Conflict, "公示期至"+p.NoticeEnd.Chinese()+"，公示期满后才能公布", "Announce after the notice period")
	}
	nt, err := s.planNotice(ctx, p)
	if err != nil {
		return nil, err
	}
	if nt.Unanswered > 0 {
		return nil, app.Errorf(app.Conflict, "还有未处理的异议，处理后才能公布", "Answer every objection first")
	}
	xs, err := s.store.FindPlanExchanges(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	p.Status, p.AnnouncedBy, p.AnnouncedAt = StatusAnnounced, app.ActorOf(ctx).Label(), s.clock.Now()
	n := 0
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.update(ctx, p, audit.Change{Action: "rotation.plan.announce", Summary: p.label() + "公示期满，正式公布"}); err != nil {
			return err
		}
		if err := s.notices.Close(ctx, nt.ID); err != nil {
			return err
		}
		for _, x := range xs {
			if x.Status != rotation.StatusPlanned {
				continue
			}
			if _, err := s.rotation.ChangeExchangeStatus(ctx, x.ExchangeID, rotation.StatusInput{Status: rotation.StatusAnnounced, Date: today}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Discard gives up a draft.
func (s *Service) Discard(ctx context.Context, id int64, reason string) (*Plan, error) {
	p, err := s.managePlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusDraft {
		return nil, app.Errorf(app.Conflict, "只有草稿可以放弃", "Only a draft can be discarded")
	}
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 2 || n > 500 {
		return nil, &app.Error{Code: app.Invalid, Message: "请说明放弃原因（2至500字）", English: "Give the reason (2 to 500 characters)",
			Fields: map[string]string{"reason": "invalid"}}
	}
	p.Status = StatusDiscarded
	p.Note = strings.TrimSpace(p.Note + "\n放弃原因：" + reason)
	if p.Solving() {
		p.SolveState = SolveFailed
		p.SolveError = "方案已放弃"
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		return s.update(ctx, p, audit.Change{Action: "rotation.plan.discard", Summary: "放弃" + p.label() + "：" + reason})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindProgress returns the run of a plan's solve, for the page to poll.
func (s *Service) FindProgress(ctx context.Context, id int64) (*Plan, *ProgressView, error) {
	p, err := s.readPlan(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !CanReadWhole(ctx, p) {
		return nil, nil, app.ErrNotFound("交流轮岗方案")
	}
	v := &ProgressView{PlanID: p.ID, SolveState: p.SolveState, Status: "done", Percent: 100}
	if p.RunID != 0 && p.Solving() {
		run, err := s.store.FindRunByID(ctx, p.RunID)
		if err != nil {
			return nil, nil, err
		}
		v.Status, v.Percent, v.Message = run.Status, run.Percent(), run.Message
		if run.Finished() {
			v.Status = "done" // the plan records the outcome a moment later
		}
	}
	return p, v, nil
}

// ProgressView is a solve's progress as the plan page polls it: the fields
// of a run that app.js reads.
type ProgressView struct {
	PlanID     int64      `json:"plan_id"`
	SolveState SolveState `json:"solve_state"`
	Status     string     `json:"status"`
	Percent    int        `json:"percent"`
	Message    string     `json:"message"`
}

// canObject reports whether the actor may raise objections to a plan now.
func (s *Service) canObject(ctx context.Context, p *Plan) bool {
	return p.Status == StatusNoticed && !s.Today().After(p.NoticeEnd) && auth.Can(app.ActorOf(ctx), auth.OrgRead) == nil
}
