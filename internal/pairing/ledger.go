package pairing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/training"
)

// Limits of a ledger entry.
const (
	MaxActivityHours = 100
	maxPeople        = 100
	maxValueFen      = 100_000_000_00 // a hundred million yuan
	maxQuantity      = 1_000_000
)

// AttachmentOwner is the attachment owner kind of an activity's photos and files.
const AttachmentOwner = "pairing_activity"

// Pair returns a pair the actor reads: the county's and city's staff, and
// the pair's two schools once the cycle is published.
func (s *Service) Pair(ctx context.Context, id int64) (*Pair, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, errUnauthenticated
	}
	list, err := s.store.FindPairs(ctx, PairFilter{ID: id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("结对")
	}
	p := list[0]
	c, err := s.store.FindPairingCycleByID(ctx, p.CycleID)
	if err != nil {
		return nil, err
	}
	if readsWhole(a, c) || c.Published() && canPair(a, auth.PairingRead, p) {
		return p, nil
	}
	return nil, app.ErrNotFound("结对")
}

// recordable returns a pair whose ledger the actor writes, and its cycle;
// the cycle must be published and running.
func (s *Service) recordable(ctx context.Context, id int64) (*Pair, *Cycle, error) {
	p, err := s.Pair(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !canPair(app.ActorOf(ctx), auth.PairingRecord, p) {
		return nil, nil, app.Errorf(app.Forbidden, "您没有填写此结对台账的权限", "You may not write this pair's ledger")
	}
	c, err := s.store.FindPairingCycleByID(ctx, p.CycleID)
	if err != nil {
		return nil, nil, err
	}
	if !c.Published() {
		return nil, nil, app.Errorf(app.Conflict, "结对名单尚未公布", "The pairs are not published yet")
	}
	return p, c, nil
}

// Goals lists a pair's goals.
func (s *Service) Goals(ctx context.Context, p *Pair) ([]Goal, error) {
	return s.store.FindPairGoals(ctx, p.ID)
}

// SetGoal sets a pair's goal in one area for a period, until the period's
// self-review closes it.
func (s *Service) SetGoal(ctx context.Context, pairID int64, g Goal) error {
	g.Goal = strings.TrimSpace(g.Goal)
	if !GoalAreas.Has(g.Area) {
		return app.InvalidValue("area", g.Area)
	}
	if g.Period < 1 || g.Period > Periods {
		return app.InvalidValue("period", fmt.Sprint(g.Period))
	}
	if len([]rune(g.Goal)) > 1000 {
		return &app.Error{Code: app.Invalid, Message: "目标不超过1000字", English: "A goal has at most 1000 characters", Fields: map[string]string{"goal": "invalid"}}
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.recordable(ctx, pairID)
		if err != nil {
			return err
		}
		if err := s.checkOpen(ctx, p, g.Period); err != nil {
			return err
		}
		g.PairID = p.ID
		if err := s.store.SetPairGoal(ctx, g); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.goal", Entity: "pairing_pair", EntityID: p.ID,
			Summary: fmt.Sprintf("结对%s—%s第%d年度目标（%s）", p.HelperName, p.HelpedName, g.Period, GoalAreas.Label(g.Area, "zh")), After: g})
	})
}

// checkOpen refuses a period closed by its self-review.
func (s *Service) checkOpen(ctx context.Context, p *Pair, period int) error {
	reviews, err := s.store.FindPairReviews(ctx, p.ID)
	if err != nil {
		return err
	}
	if slices.ContainsFunc(reviews, func(r *Review) bool { return r.Period == period }) {
		return app.Errorf(app.Conflict, fmt.Sprintf("第%d年度已完成自评，不能再修改", period), fmt.Sprintf("Period %d is closed by its self-review", period))
	}
	return nil
}

// Activities lists a pair's ledger, latest first.
func (s *Service) Activities(ctx context.Context, p *Pair) ([]*Activity, error) {
	return s.store.FindActivities(ctx, []int64{p.ID})
}

// ActivityInput is a ledger entry as entered.
type ActivityInput struct {
	Kind     string   `json:"kind"`
	HeldOn   app.Date `json:"held_on"`
	Title    string   `json:"title"`
	Place    string   `json:"place"`
	Hours    int      `json:"hours"`
	SchoolID int64    `json:"school_id"`
	People   []int64  `json:"people"`
	Items    string   `json:"items"`
	Quantity int      `json:"quantity"`
	ValueFen int64    `json:"value_fen"`
	Note     string   `json:"note"`
}

func (in *ActivityInput) validate(c *Cycle, today app.Date) error {
	bad := func(field, zh, en string) error {
		return &app.Error{Code: app.Invalid, Message: zh, English: en, Fields: map[string]string{field: "invalid"}}
	}
	in.Title, in.Place, in.Items, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place), strings.TrimSpace(in.Items), strings.TrimSpace(in.Note)
	switch {
	case !ActivityKinds.Has(in.Kind):
		return bad("kind", "请选择活动类型", "Choose the kind of activity")
	case in.HeldOn.IsZero() || !in.HeldOn.Valid():
		return bad("held_on", "请填写活动日期", "Enter the activity's date")
	case in.HeldOn.Before(c.Start) || c.End.Before(in.HeldOn):
		return bad("held_on", fmt.Sprintf("活动日期应在结对周期内（%s至%s）", c.Start.Chinese(), c.End.Chinese()),
			fmt.Sprintf("The date must lie in the cycle (%s to %s)", c.Start, c.End))
	case today.Before(in.HeldOn):
		return bad("held_on", "活动日期不能晚于今天", "The date cannot be in the future")
	case in.Title == "" || len([]rune(in.Title)) > 200:
		return bad("title", "请填写活动主题（不超过200字）", "Enter the activity's title (at most 200 characters)")
	case len([]rune(in.Place)) > 200 || len([]rune(in.Note)) > 2000 || len([]rune(in.Items)) > 500:
		return bad("note", "地点、物资或说明过长", "The place, items or note is too long")
	case in.Hours < 0 || in.Hours > MaxActivityHours:
		return bad("hours", fmt.Sprintf("学时应在0至%d之间", MaxActivityHours), fmt.Sprintf("The hours must be between 0 and %d", MaxActivityHours))
	case len(in.People) > maxPeople:
		return bad("people", fmt.Sprintf("参加人员不超过%d人", maxPeople), fmt.Sprintf("At most %d people", maxPeople))
	}
	if in.Kind == ActivityDonation {
		switch {
		case in.Items == "":
			return bad("items", "捐赠请填写物资名称", "A donation names its items")
		case in.Quantity < 1 || in.Quantity > maxQuantity:
			return bad("quantity", "捐赠请填写数量（正整数）", "A donation has a quantity (a positive whole number)")
		case in.ValueFen < 0 || in.ValueFen > maxValueFen:
			return bad("value", "捐赠价值应为不小于0的金额", "The donation's value must be zero or more")
		}
	} else {
		in.Items, in.Quantity, in.ValueFen = "", 0, 0
	}
	return nil
}

// RecordActivity writes an entry to a pair's ledger, by one of its schools
// (or the county), in the period of its date, unless that period is
// closed. The people listed must work at one of the pair's schools; with
// hours, each gets them on their training record (学时).
func (s *Service) RecordActivity(ctx context.Context, pairID int64, in ActivityInput) (*Activity, error) {
	var out *Activity
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, c, err := s.recordable(ctx, pairID)
		if err != nil {
			return err
		}
		if err := in.validate(c, s.Today()); err != nil {
			return err
		}
		period := c.PeriodOf(in.HeldOn)
		if err := s.checkOpen(ctx, p, period); err != nil {
			return err
		}
		a := app.ActorOf(ctx)
		if in.SchoolID == 0 {
			for _, sc := range p.Schools() {
				if auth.Decide(a, auth.PairingRecord, schoolPlace(p, sc), "") == nil && !readsWhole(a, c) {
					in.SchoolID = sc
				}
			}
		}
		if in.SchoolID != 0 && !p.Has(in.SchoolID) {
			return &app.Error{Code: app.Invalid, Message: "填报学校须是结对双方之一", English: "The recording school must be one of the pair's", Fields: map[string]string{"school_id": "invalid"}}
		}
		people := slices.Compact(slices.Sorted(slices.Values(in.People)))
		schools, err := s.store.FindEducatorSchools(ctx, people)
		if err != nil {
			return err
		}
		for _, id := range people {
			if !p.Has(schools[id]) {
				return &app.Error{Code: app.Invalid, Message: "参加人员须是结对双方学校的教职工", English: "The people must work at one of the pair's schools",
					Fields: map[string]string{"people": "invalid"}}
			}
		}
		act := &Activity{PairID: p.ID, Period: period, Kind: in.Kind, HeldOn: in.HeldOn, Title: in.Title, Place: in.Place, Hours: in.Hours,
			SchoolID: in.SchoolID, Items: in.Items, Quantity: in.Quantity, ValueFen: in.ValueFen, Note: in.Note, CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
		for _, id := range people {
			act.People = append(act.People, Person{EducatorID: id})
		}
		if err := s.store.CreateActivity(ctx, act); err != nil {
			return err
		}
		if act.Hours > 0 {
			for i := range act.People {
				cr := &training.Credit{EducatorID: act.People[i].EducatorID, Title: "结对帮扶：" + act.Title, Hours: act.Hours,
					CreditedOn: act.HeldOn, Year: act.HeldOn.Year, CreatedBy: act.CreatedBy, CreatedAt: act.CreatedAt}
				if err := s.store.CreateCredit(ctx, cr); err != nil {
					return err
				}
				if err := s.store.SetActivityCredit(ctx, act.ID, act.People[i].EducatorID, cr.ID); err != nil {
					return err
				}
				act.People[i].Credited = true
			}
		}
		out = act
		return s.audit.Record(ctx, audit.Change{Action: "pairing.activity", Entity: "pairing_activity", EntityID: act.ID,
			Summary: fmt.Sprintf("结对%s—%s记录活动：%s（%s，%s，%d人，%d学时）", p.HelperName, p.HelpedName, act.Title,
				ActivityKinds.Label(act.Kind, "zh"), act.HeldOn.Chinese(), len(act.People), act.Hours), After: act})
	})
	if err != nil {
		return nil, err
	}
	return s.Activity(ctx, out.ID)
}

// Activity returns a ledger entry the actor reads.
func (s *Service) Activity(ctx context.Context, id int64) (*Activity, error) {
	act, err := s.store.FindActivityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.Pair(ctx, act.PairID); err != nil {
		return nil, app.ErrNotFound("活动")
	}
	return act, nil
}

// CanReadActivity and CanAddFiles decide an activity's attachments.
func (s *Service) CanReadActivity(ctx context.Context, id int64) bool {
	_, err := s.Activity(ctx, id)
	return err == nil
}

// CanAddFiles reports whether the actor adds photos and files to activity id.
func (s *Service) CanAddFiles(ctx context.Context, id int64) bool {
	act, err := s.Activity(ctx, id)
	if err != nil {
		return false
	}
	p, err := s.Pair(ctx, act.PairID)
	return err == nil && s.CanRecord(ctx, p)
}

// Staff lists the people of a pair's schools, for naming them in an
// activity: names and schools only, for those who write the ledger.
func (s *Service) Staff(ctx context.Context, p *Pair) ([]Person, error) {
	if !s.CanRecord(ctx, p) {
		return nil, nil
	}
	return s.store.FindSchoolStaff(ctx, p.Schools())
}

// Reviews lists a pair's self-reviews.
func (s *Service) Reviews(ctx context.Context, p *Pair) ([]*Review, error) {
	return s.store.FindPairReviews(ctx, p.ID)
}

// SelfReview closes a pair's period with its self-review (自评); the
// period's goals and ledger are fixed from then on.
func (s *Service) SelfReview(ctx context.Context, pairID int64, period int, summary string) error {
	summary = strings.TrimSpace(summary)
	if period < 1 || period > Periods {
		return app.InvalidValue("period", fmt.Sprint(period))
	}
	if summary == "" || len([]rune(summary)) > 5000 {
		return &app.Error{Code: app.Invalid, Message: "请填写自评（不超过5000字）", English: "Write the self-review (at most 5000 characters)",
			Fields: map[string]string{"summary": "invalid"}}
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.recordable(ctx, pairID)
		if err != nil {
			return err
		}
		if err := s.checkOpen(ctx, p, period); err != nil {
			return err
		}
		r := &Review{PairID: p.ID, Period: period, Summary: summary, CreatedBy: app.ActorOf(ctx).Label(), CreatedAt: s.clock.Now()}
		if err := s.store.CreatePairReview(ctx, r); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "pairing.self_review", Entity: "pairing_pair", EntityID: p.ID,
			Summary: fmt.Sprintf("结对%s—%s完成第%d年度自评", p.HelperName, p.HelpedName, period), After: r})
	})
}
