package appointment

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
)

// The kinds of notice principal selection publishes.
const (
	KindSelection = notice.KindPrincipalSelection // the post, its conditions and timetable
	KindAppointee = notice.KindAppointee          // the appointee before the appointment (任前公示)
)

// SetNotices connects the public notice: both kinds are read by everyone
// at home in the selection's county and by those who read selections, and
// answered by those who run them; an upheld objection to the appointee
// withdraws them.
func (s *Service) SetNotices(n *notice.Service) {
	s.notices = n
	n.Register(KindSelection, noticePolicy{s})
	n.Register(KindAppointee, noticePolicy{s})
}

// noticePolicy is the selection's notice policy.
type noticePolicy struct{ s *Service }

// CanRead: the notice is public to the county it concerns.
func (p noticePolicy) CanRead(ctx context.Context, n *notice.Notice) bool {
	a := app.ActorOf(ctx)
	if auth.Decide(a, auth.AppointmentRead, n.Place, "") == nil {
		return true
	}
	if a == nil {
		return false
	}
	if a.CountyID != 0 && a.CountyID == n.Place.CountyID {
		return true
	}
	for _, g := range a.Grants {
		if g.Place.CountyID == n.Place.CountyID {
			return true
		}
	}
	return false
}

// CanAnswer: those who run the selection.
func (p noticePolicy) CanAnswer(ctx context.Context, n *notice.Notice) bool {
	return auth.Decide(app.ActorOf(ctx), auth.AppointmentManage, n.Place, "") == nil
}

// Answerers: the county's HR gets the objection in their inbox.
func (p noticePolicy) Answerers(ctx context.Context, n *notice.Notice) (auth.Permission, app.Place) {
	return auth.AppointmentManage, n.Place
}

// Upheld withdraws the appointee an upheld objection names: the selection
// goes back to the inspection, where the committee may decide again.
func (p noticePolicy) Upheld(ctx context.Context, n *notice.Notice, o *notice.Objection) error {
	if n.Kind != KindAppointee {
		return nil
	}
	s := p.s
	sel, err := s.store.FindAppointmentSelectionByID(ctx, n.SubjectID)
	if err != nil {
		return err
	}
	if sel.Stage != StageNotice || sel.AppointeeNoticeID != n.ID {
		return nil
	}
	c, err := s.candidate(ctx, sel, sel.AppointeeID)
	if err != nil {
		return err
	}
	c.Status = CandidateWithdrawn
	if err := s.store.UpdateAppointmentCandidate(ctx, c); err != nil {
		return err
	}
	sel.Stage, sel.AppointeeID, sel.AppointeeNoticeID = StageInspection, 0, 0
	if err := s.move(ctx, sel, StageNotice); err != nil {
		return err
	}
	return s.step(ctx, sel, "withdrawn", fmt.Sprintf("任前公示异议成立，取消%s的拟任资格：%s", c.Name, o.Answer), c)
}

// ReportInput is the inspection team's report on one candidate.
type ReportInput struct {
	Report string `json:"report"`
}

// Report records the inspection team's report (考察报告) on a candidate to
// be inspected, during the inspection.
func (s *Service) Report(ctx context.Context, selectionID, candidateID int64, in ReportInput) (*Candidate, error) {
	var out *Candidate
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, c, err := s.managedCandidate(ctx, selectionID, candidateID)
		if err != nil {
			return err
		}
		if sel.Stage != StageInspection {
			return app.Errorf(app.Conflict, "考察在民主测评之后、决定之前进行", "The inspection comes after the evaluation and before the decision")
		}
		if c.Status != CandidatePassed {
			return app.Errorf(app.Conflict, c.Name+"不是考察对象", c.Name+" is not to be inspected")
		}
		text := strings.TrimSpace(in.Report)
		if n := utf8.RuneCountInString(text); n < 10 || n > 5000 {
			return &app.Error{Code: app.Invalid, Message: "考察报告应为10至5000字", English: "The report has 10 to 5000 characters", Fields: map[string]string{"report": "required"}}
		}
		c.Report, c.InspectedBy, c.InspectedAt = text, app.ActorOf(ctx).Label(), s.clock.Now()
		if err := s.store.UpdateAppointmentCandidate(ctx, c); err != nil {
			return err
		}
		out = c
		return s.step(ctx, sel, "report", "提交"+c.Name+"的考察报告", c)
	})
	return out, err
}

// DecisionInput is the selection committee's decision and its vote.
type DecisionInput struct {
	CandidateID int64  `json:"candidate_id"`
	Members     int    `json:"members"`
	For         int    `json:"votes_for"`
	Against     int    `json:"votes_against"`
	Abstain     int    `json:"votes_abstain"`
	Note        string `json:"note"`
}

// Decide records the committee's decision on an inspected candidate, carried
// by more than half its members, and publishes the appointee's notice. Of
// two decisions at once exactly one stands: the stage moves only from the
// inspection.
//
// Long because the vote's checks and the notice belong to the one
// transaction that moves the stage.
func (s *Service) Decide(ctx context.Context, selectionID int64, in DecisionInput) (*Selection, error) {
	var out *Selection
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sel, err := s.managed(ctx, selectionID)
		if err != nil {
			return err
		}
		if sel.Stage != StageInspection {
			if sel.Stage == StageRegistration || sel.Stage == StageEvaluation {
				return app.Errorf(app.Conflict, "考察之前不能作出决定", "No decision before the inspection")
			}
			return app.Errorf(app.Conflict, "遴选委员会已作出决定", "The committee has already decided")
		}
		c, err := s.candidate(ctx, sel, in.CandidateID)
		if err != nil {
			return err
		}
		if c.Status != CandidatePassed || !c.Inspected() {
			return app.Errorf(app.Conflict, c.Name+"尚无考察报告，不能作出决定", "No decision before "+c.Name+"'s inspection report")
		}
		var f app.Fields
		if in.Members < 3 || in.Members > 50 {
			f.Add("members", "遴选委员会应有3至50名委员", "The committee has 3 to 50 members")
		} else if in.For < 0 || in.Against < 0 || in.Abstain < 0 || in.For+in.Against+in.Abstain > in.Members {
			f.Add("votes_for", "表决票数之和不能超过委员人数", "The votes cannot exceed the members")
		} else if in.For*2 <= in.Members {
			f.Add("votes_for", fmt.Sprintf("赞成票%d张，未超过委员半数（%d人），决定不成立", in.For, in.Members),
				fmt.Sprintf("%d votes for do not make more than half of %d members", in.For, in.Members))
		}
		note := strings.TrimSpace(in.Note)
		if utf8.RuneCountInString(note) > 1000 {
			f.Add("note", "说明最多1000字", "The note has at most 1000 characters")
		}
		if err := f.Err(); err != nil {
			return err
		}
		a := app.ActorOf(ctx)
		sel.Stage, sel.AppointeeID, sel.AppointeeName = StageNotice, c.ID, c.Name
		sel.Members, sel.VotesFor, sel.VotesAgainst, sel.VotesAbstain, sel.DecisionNote = in.Members, in.For, in.Against, in.Abstain, note
		sel.DecidedBy, sel.DecidedAt = a.Label(), s.clock.Now()
		if err := s.move(ctx, sel, StageInspection); err != nil {
			return err
		}
		n, err := s.notices.Publish(ctx, notice.PublishInput{Kind: KindAppointee, SubjectID: sel.ID, Place: sel.Place(),
			Title: sel.SchoolName + Posts.Label(sel.Post, "zh") + "拟任人选公示",
			Body: fmt.Sprintf("经民主测评、考察和县遴选委员会审查（委员%d人，赞成%d、反对%d、弃权%d），拟聘任%s为%s%s，聘期三年。公示期间如有异议，请实名提出。",
				in.Members, in.For, in.Against, in.Abstain, c.Name, sel.SchoolName, Posts.Label(sel.Post, "zh")),
			Entries: []notice.Entry{{Key: strconv.FormatInt(c.ID, 10), EducatorID: c.EducatorID, Label: c.Name + "（" + c.SchoolName + "）",
				Detail: "拟任" + sel.SchoolName + Posts.Label(sel.Post, "zh")}},
			Days: sel.NoticeDays})
		if err != nil {
			return err
		}
		sel.AppointeeNoticeID = n.ID
		if err := s.move(ctx, sel, StageNotice); err != nil {
			return err
		}
		c.Status = CandidateAppointee
		if err := s.store.UpdateAppointmentCandidate(ctx, c); err != nil {
			return err
		}
		out = sel
		return s.step(ctx, sel, "decision", fmt.Sprintf("遴选委员会决定拟聘任%s（委员%d人，赞成%d、反对%d、弃权%d）%s；任前公示%s至%s",
			c.Name, in.Members, in.For, in.Against, in.Abstain, notePart(note), n.Start.Chinese(), n.End.Chinese()), sel)
	})
	return out, err
}

func notePart(note string) string {
	if note == "" {
		return ""
	}
	return "，" + note
}
