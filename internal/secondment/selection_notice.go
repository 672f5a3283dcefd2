package secondment

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/programme"
)

// AttachmentOwner is the kind of attachment a candidacy's materials are
// (推荐材料): the nominator, the person and the organisers add them; whoever
// reads the candidate reads them.
const AttachmentOwner = "secondment_candidate"

// SetNotices connects the public notice: the selection's notices are of
// kind notice.KindSecondmentSelection, read in the programme's county or
// city, answered by the programme's organisers, and an upheld objection
// about a shortlisted candidate removes them.
func (s *SelectionService) SetNotices(n *notice.Service) {
	s.notices = n
	n.Register(notice.KindSecondmentSelection, selectionPolicy{s})
}

// SetAttachments connects the attachment store for nomination materials.
func (s *SelectionService) SetAttachments(a *attach.Service) {
	s.attachments = a
	a.Register(AttachmentOwner, func(ctx context.Context, id int64) bool {
		_, _, _, _, err := s.readCandidate(ctx, id)
		return err == nil
	}, func(ctx context.Context, id int64) bool {
		c, _, manage, _, err := s.readCandidate(ctx, id)
		return err == nil && (manage || s.ownCandidacy(ctx, c))
	})
}

// selectionPolicy is the selection's notice policy.
type selectionPolicy struct{ s *SelectionService }

// CanRead: those who read the programme, and every account at home in
// its county (or, for a city-wide programme, its city): the notice is
// public to the schools and people it concerns.
func (p selectionPolicy) CanRead(ctx context.Context, n *notice.Notice) bool {
	a := app.ActorOf(ctx)
	if auth.Decide(a, auth.ProgrammeRead, n.Place, "") == nil {
		return true
	}
	if a == nil {
		return false
	}
	within := func(pl app.Place) bool {
		if n.Place.CountyID != 0 {
			return pl.CountyID == n.Place.CountyID
		}
		return pl.CityID != 0 && pl.CityID == n.Place.CityID
	}
	if n.Place.CountyID != 0 && a.CountyID == n.Place.CountyID {
		return true
	}
	for _, g := range a.Grants {
		if within(g.Place) || g.ScopeKind == auth.ScopeCity && n.Place.CountyID == 0 && g.ScopeID == n.Place.CityID {
			return true
		}
	}
	return false
}

// CanAnswer: the programme's organisers.
func (p selectionPolicy) CanAnswer(ctx context.Context, n *notice.Notice) bool {
	return auth.Decide(app.ActorOf(ctx), auth.ProgrammeManage, n.Place, "") == nil
}

// Upheld removes the shortlisted candidate the objection names.
func (p selectionPolicy) Upheld(ctx context.Context, n *notice.Notice, o *notice.Objection) error {
	if o.EntryKey == "" {
		return nil
	}
	id, err := strconv.ParseInt(o.EntryKey, 10, 64)
	if err != nil {
		return app.Internalf("secondment.Upheld", "entry key %q", o.EntryKey)
	}
	c, err := p.s.store.FindCandidateByID(ctx, id)
	if err != nil {
		return err
	}
	if c.ProgrammeID != n.SubjectID || c.Status != CandidateShortlisted {
		return nil
	}
	before := *c
	c.Status, c.DecisionReason, c.DecidedBy, c.DecidedAt, c.UpdatedAt = CandidateRemoved, o.Answer, o.AnsweredBy, o.AnsweredAt, o.AnsweredAt
	if err := p.s.store.UpdateCandidate(ctx, c); err != nil {
		return err
	}
	return p.s.audit.Record(ctx, audit.Change{Action: "secondment.remove", Entity: "secondment_candidate", EntityID: c.ID,
		Summary: fmt.Sprintf("公示异议成立，取消%s的拟选派资格：%s", c.Name, o.Answer), Before: before, After: c})
}

// NoticeInput publishes the shortlist.
type NoticeInput struct {
	Days int    `json:"days"`
	Body string `json:"body"`
}

// Shortlist is, per category, the best-ranked qualified candidates up to
// the category's free places.
func Shortlist(p *programme.Programme, ranked []*Candidate) []*Candidate {
	free := map[string]int{}
	for _, c := range p.Categories {
		free[c.Name] = c.Free()
	}
	var out []*Candidate
	for _, c := range ranked {
		if c.Status == CandidateQualified && c.Scored && free[c.Category] > 0 {
			free[c.Category]--
			out = append(out, c)
		}
	}
	return out
}

// PublishNotice puts the shortlist into a public notice for the given
// number of days: each category's best-ranked candidates up to its places.
func (s *SelectionService) PublishNotice(ctx context.Context, programmeID int64, in NoticeInput) (*notice.Notice, error) {
	var out *notice.Notice
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		sel, err := s.selectionAt(ctx, p, StageResults)
		if err != nil {
			return err
		}
		ranked, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID, Status: CandidateQualified})
		if err != nil {
			return err
		}
		short := Shortlist(p, ranked)
		if len(short) == 0 {
			return app.Errorf(app.Conflict, "没有可以公示的拟选派人选", "Nobody can be shortlisted")
		}
		entries := make([]notice.Entry, len(short))
		for i, c := range short {
			c.Status, c.UpdatedAt = CandidateShortlisted, s.clock.Now()
			if err := s.store.UpdateCandidate(ctx, c); err != nil {
				return err
			}
			entries[i] = notice.Entry{Key: strconv.FormatInt(c.ID, 10), EducatorID: c.EducatorID, Label: c.Name + "（" + c.SchoolName + "）",
				Detail: fmt.Sprintf("%s · 评审得分%.2f · 第%d名", c.Category, c.Score, c.Rank)}
		}
		body := strings.TrimSpace(in.Body)
		if body == "" {
			body = fmt.Sprintf("经单位推荐或个人报名、资格审查和专家评审，拟选派以下%d人参加“%s”（%s至%s）。公示期间如有异议，请实名提出。",
				len(short), p.Name, p.Start.Chinese(), p.End.Chinese())
		}
		n, err := s.notices.Publish(ctx, notice.PublishInput{Kind: notice.KindSecondmentSelection, SubjectID: p.ID, Place: p.Place(),
			Title: p.Name + "拟选派人员名单公示", Body: body, Entries: entries, Days: in.Days})
		if err != nil {
			return err
		}
		sel.Stage, sel.NoticeID, sel.UpdatedAt = StageNotice, n.ID, s.clock.Now()
		if err := s.store.UpdateSelection(ctx, sel); err != nil {
			return err
		}
		out = n
		return s.audit.Record(ctx, audit.Change{Action: "secondment.notice", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("公示项目“%s”的拟选派人员名单（%d人，%s至%s）", p.Name, len(short), n.Start.Chinese(), n.End.Chinese()),
			After:   entries})
	})
	return out, err
}

// Notice returns the selection's notice, as the actor may read it.
func (s *SelectionService) Notice(ctx context.Context, sel *Selection) (*notice.Notice, error) {
	if sel == nil || sel.NoticeID == 0 || s.notices == nil {
		return nil, nil
	}
	n, err := s.notices.FindByID(ctx, sel.NoticeID)
	if app.ErrorCode(err) == app.NotFound {
		return nil, nil
	}
	return n, err
}

// Finalise fixes the final list once the notice period is over and every
// objection is answered: the shortlisted candidates still standing are
// enrolled as members of the programme in their categories, all or none;
// the other qualified candidates form the reserve pool in rank order.
func (s *SelectionService) Finalise(ctx context.Context, programmeID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		sel, err := s.selectionAt(ctx, p, StageNotice)
		if err != nil {
			return err
		}
		n, err := s.notices.FindByID(ctx, sel.NoticeID)
		if err != nil {
			return err
		}
		if n.Status == notice.StatusOpen || n.Status == notice.StatusScheduled {
			return app.Errorf(app.Conflict, fmt.Sprintf("公示期至%s，期满后才能确定名单", n.End.Chinese()),
				fmt.Sprintf("The notice runs until %s; the list is fixed after it", n.End))
		}
		if n.Unanswered > 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("尚有%d条异议未处理", n.Unanswered), fmt.Sprintf("%d objections await an answer", n.Unanswered))
		}
		all, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID})
		if err != nil {
			return err
		}
		var selected, reserve []string
		next := 1
		for _, c := range all {
			switch c.Status {
			case CandidateShortlisted:
				if _, err := s.programmes.Enrol(ctx, p.ID, programme.MemberInput{EducatorID: c.EducatorID, Category: c.Category}); err != nil {
					return err
				}
				c.Status = CandidateSelected
				selected = append(selected, c.Name)
			case CandidateQualified:
				c.Status, c.ReserveRank = CandidateReserve, next
				next++
				reserve = append(reserve, c.Name)
			default:
				continue
			}
			c.UpdatedAt = s.clock.Now()
			if err := s.store.UpdateCandidate(ctx, c); err != nil {
				return err
			}
		}
		sel.Stage, sel.UpdatedAt = StageFinal, s.clock.Now()
		if err := s.store.UpdateSelection(ctx, sel); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.final", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("确定项目“%s”的选派名单（%d人），后备人选%d人", p.Name, len(selected), len(reserve)),
			After:   map[string][]string{"selected": selected, "reserve": reserve}})
	})
}

// FillVacancy fills a free place of a category from the reserve pool: the
// best-placed reserve whose conditions hold for the category (checked
// again now) is enrolled. A selected person who has left the programme
// is marked withdrawn first.
func (s *SelectionService) FillVacancy(ctx context.Context, programmeID int64, category string) (*Candidate, error) {
	var out *Candidate
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		if _, err := s.selectionAt(ctx, p, StageFinal); err != nil {
			return err
		}
		if err := s.ensureOpen(p); err != nil {
			return err
		}
		p, err = s.store.FindProgrammeByID(ctx, p.ID)
		if err != nil {
			return err
		}
		cat, ok := p.Category(strings.TrimSpace(category))
		if !ok {
			return &app.Error{Code: app.Invalid, Message: "请选择有空缺的参训类别", English: "Choose a category with a vacancy", Fields: map[string]string{"category": "invalid"}}
		}
		if cat.Free() == 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("参训类别“%s”没有空缺名额", cat.Name), fmt.Sprintf("%q has no vacancy", cat.Name))
		}
		all, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID})
		if err != nil {
			return err
		}
		if err := s.markWithdrawn(ctx, p, all); err != nil {
			return err
		}
		var reserve []*Candidate
		for _, c := range all {
			if c.Status == CandidateReserve {
				reserve = append(reserve, c)
			}
		}
		slices.SortFunc(reserve, func(a, b *Candidate) int { return a.ReserveRank - b.ReserveRank })
		var skipped []string
		for _, c := range reserve {
			ed, err := s.store.FindEducatorByID(ctx, c.EducatorID)
			if err != nil {
				return err
			}
			if err := s.CheckEnrolment(ctx, p, cat.Name, ed); err != nil {
				skipped = append(skipped, app.ErrorMessage(err, "zh"))
				continue
			}
			if _, err := s.programmes.Enrol(ctx, p.ID, programme.MemberInput{EducatorID: c.EducatorID, Category: cat.Name}); err != nil {
				return err
			}
			before := *c
			c.Status, c.Category, c.UpdatedAt = CandidateSelected, cat.Name, s.clock.Now()
			if err := s.store.UpdateCandidate(ctx, c); err != nil {
				return err
			}
			out = c
			return s.audit.Record(ctx, audit.Change{Action: "secondment.fill", Entity: "secondment_candidate", EntityID: c.ID,
				Summary: fmt.Sprintf("后备人选第%d位%s递补项目“%s”（%s）的空缺%s", before.ReserveRank, c.Name, p.Name, cat.Name, skippedNote(skipped)),
				Before:  before, After: c})
		}
		msg := "后备人选中没有符合该类别条件的人"
		if len(skipped) > 0 {
			msg += "：" + strings.Join(skipped, "；")
		}
		return app.Errorf(app.Conflict, msg, "No reserve meets the category's conditions")
	})
	return out, err
}

func skippedNote(skipped []string) string {
	if len(skipped) == 0 {
		return ""
	}
	return "；跳过：" + strings.Join(skipped, "；")
}

// markWithdrawn marks the selected candidates who are no longer members.
func (s *SelectionService) markWithdrawn(ctx context.Context, p *programme.Programme, all []*Candidate) error {
	for _, c := range all {
		if c.Status != CandidateSelected || c.Member {
			continue
		}
		before := *c
		c.Status, c.UpdatedAt = CandidateWithdrawn, s.clock.Now()
		if err := s.store.UpdateCandidate(ctx, c); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, audit.Change{Action: "secondment.withdrawn", Entity: "secondment_candidate", EntityID: c.ID,
			Summary: fmt.Sprintf("%s已退出项目“%s”，名额空缺", c.Name, p.Name), Before: before, After: c}); err != nil {
			return err
		}
	}
	return nil
}

// Object records an objection about a shortlisted candidate while the notice is open.
func (s *SelectionService) Object(ctx context.Context, candidateID int64, text string) (*notice.Objection, error) {
	c, err := s.store.FindCandidateByID(ctx, candidateID)
	if err != nil {
		return nil, err
	}
	sel, err := s.store.FindSelection(ctx, c.ProgrammeID)
	if err != nil {
		return nil, err
	}
	if sel.NoticeID == 0 {
		return nil, app.ErrNotFound("公示")
	}
	if utf8.RuneCountInString(strings.TrimSpace(text)) < 4 {
		return nil, &app.Error{Code: app.Invalid, Message: "请写明异议的事实和理由（至少4个字）", English: "State the facts and reasons (at least 4 characters)",
			Fields: map[string]string{"text": "required"}}
	}
	return s.notices.Object(ctx, sel.NoticeID, strconv.FormatInt(c.ID, 10), text)
}

// Answer answers an objection to a selection's notice; upheld, it removes the candidate.
func (s *SelectionService) Answer(ctx context.Context, objectionID int64, answer, outcome string) (*notice.Objection, error) {
	_, n, err := s.notices.FindObjection(ctx, objectionID)
	if err != nil {
		return nil, err
	}
	if n.Kind != notice.KindSecondmentSelection || !(selectionPolicy{s}).CanAnswer(ctx, n) {
		return nil, app.ErrNotFound("异议")
	}
	return s.notices.Answer(ctx, objectionID, answer, outcome)
}

// OpenNotices are the selections' notices open for objections that the actor may read, with their entries.
func (s *SelectionService) OpenNotices(ctx context.Context) ([]*notice.Notice, error) {
	out := []*notice.Notice{}
	if s.notices == nil {
		return out, nil
	}
	list, _, err := s.notices.Readable(ctx, notice.Filter{Kind: notice.KindSecondmentSelection, Status: notice.StatusOpen, Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, n := range list {
		full, err := s.notices.FindByID(ctx, n.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, full)
	}
	return out, nil
}
