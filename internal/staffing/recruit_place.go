package staffing

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// Propose lets the solver choose a school for every waiting recruit of a
// county, replacing HR's choices; a recruit no vacancy fits is left
// without one.
func (s *RecruitService) Propose(ctx context.Context, countyID int64) (*Board, error) {
	c, err := county(ctx, s.store, countyID, auth.SupplyManage)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		rs, err := s.waiting(ctx, c.ID)
		if err != nil {
			return err
		}
		for i := range rs {
			rs[i].SchoolID = 0 // the proposal starts afresh
		}
		pr, _, err := s.problem(ctx, c, rs)
		if err != nil {
			return err
		}
		best, err := pr.Solve()
		if err != nil {
			return err
		}
		placed := 0
		for _, r := range rs {
			if best.School[r.ID] != 0 {
				placed++
			}
			if err := s.store.SetRecruitSchool(ctx, r.ID, best.School[r.ID]); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Change{Action: "recruit.propose", Entity: "county", EntityID: c.ID,
			Summary: fmt.Sprintf("%s生成新招聘教师分配方案：%d人中%d人有岗位", c.Name, len(rs), placed), After: best.School})
	})
	if err != nil {
		return nil, err
	}
	return s.Board(ctx, c.ID)
}

// Choose sets the school of one waiting recruit (0: none), HR's edit of
// the proposal. The school must have an open post of the recruit's subject
// and level left once the other choices are counted.
func (s *RecruitService) Choose(ctx context.Context, id, schoolID int64) (*Recruit, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		r, err := s.FindByID(ctx, id)
		if err != nil {
			return err
		}
		c, err := county(ctx, s.store, r.CountyID, auth.SupplyManage)
		if err != nil {
			return err
		}
		if r.Status != RecruitWaiting {
			return app.Errorf(app.Conflict, r.Name+"已分配，不能再改", r.Name+" is already placed")
		}
		rs, err := s.waiting(ctx, c.ID)
		if err != nil {
			return err
		}
		pr, _, err := s.problem(ctx, c, rs)
		if err != nil {
			return err
		}
		chosen := map[int64]int64{}
		for _, w := range rs {
			chosen[w.ID] = w.SchoolID
		}
		chosen[r.ID] = schoolID
		var schoolName string
		if schoolID != 0 {
			sc, err := s.store.FindSchoolByID(ctx, schoolID)
			if err != nil || sc.CountyID != c.ID {
				return app.NotFoundField("school_id", "学校")
			}
			schoolName = sc.Name
			if _, err := pr.Check(chosen); err != nil {
				return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("%s没有适合%s（%s%s）的空缺岗位", sc.Name, r.Name,
					RecruitLevels.Label(r.Level, "zh"), r.Subject), English: fmt.Sprintf("%s has no open post that fits %s", sc.Name, r.Name),
					Fields: map[string]string{"school_id": "invalid"}}
			}
		}
		if err := s.store.SetRecruitSchool(ctx, r.ID, schoolID); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s的拟分配学校改为%s", r.Name, schoolName)
		if schoolID == 0 {
			summary = fmt.Sprintf("取消%s的拟分配学校", r.Name)
		}
		return s.audit.Record(ctx, audit.Change{Action: "recruit.choose", Entity: "recruit", EntityID: r.ID, Summary: summary,
			Before: map[string]any{"school_id": r.SchoolID}, After: map[string]any{"school_id": schoolID}})
	})
	if err != nil {
		return nil, err
	}
	return s.FindByID(ctx, id)
}

// ApproveInput is HR's approval of a placement: the recruits approved, as
// the approver saw them, and the first day at the school.
type ApproveInput struct {
	RecruitIDs []int64  `json:"recruit_ids"`
	Start      app.Date `json:"start"`
}

// Approve places the listed recruits on the schools chosen for them, all
// or none: each becomes an educator of the school (在编在岗 teacher of
// their subject) with the appointment in the career history. Of two
// approvals of the same recruits at once exactly one succeeds; the other
// finds them placed and changes nothing.
func (s *RecruitService) Approve(ctx context.Context, countyID int64, in ApproveInput) ([]*Recruit, error) {
	c, err := county(ctx, s.store, countyID, auth.SupplyManage)
	if err != nil {
		return nil, err
	}
	if len(in.RecruitIDs) == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择要批准分配的新招聘教师", English: "Choose the recruits to place",
			Fields: map[string]string{"recruit_ids": "invalid"}}
	}
	if in.Start.IsZero() {
		in.Start = s.Today()
	}
	a := app.ActorOf(ctx)
	var placed []*Recruit
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		rs, err := s.waiting(ctx, c.ID)
		if err != nil {
			return err
		}
		byID := map[int64]*Recruit{}
		for _, r := range rs {
			byID[r.ID] = r
		}
		chosen := map[int64]int64{}
		for _, id := range in.RecruitIDs {
			r := byID[id]
			switch {
			case r == nil:
				return app.Errorf(app.Conflict, "所选新招聘教师已分配或不在本区县，请刷新后重试",
					"A chosen recruit is already placed or not of this county; reload and try again")
			case r.SchoolID == 0:
				return &app.Error{Code: app.Invalid, Message: r.Name + "尚未选定学校", English: r.Name + " has no school yet",
					Fields: map[string]string{"recruit_ids": "invalid"}}
			}
			chosen[r.ID] = r.SchoolID
			placed = append(placed, r)
		}
		pr, _, err := s.problem(ctx, c, placed)
		if err != nil {
			return err
		}
		if _, err := pr.Check(chosen); err != nil {
			return app.Errorf(app.Conflict, "所选学校的空缺岗位已不足，请重新生成或调整分配方案",
				"The chosen schools no longer have enough open posts; propose again or edit the placement")
		}
		now := s.clock.Now()
		for _, r := range placed {
			if err := s.placeOne(ctx, r, in.Start, a.Label()); err != nil {
				return err
			}
			r.Status, r.Start, r.PlacedBy, r.PlacedAt = RecruitPlaced, in.Start, a.Label(), now
		}
		names := make([]string, len(placed))
		for i, r := range placed {
			names[i] = r.Name + "→" + r.SchoolName
		}
		return s.audit.Record(ctx, audit.Change{Action: "recruit.approve", Entity: "county", EntityID: c.ID,
			Summary: fmt.Sprintf("%s批准新招聘教师分配%d人（%s起）：%s", c.Name, len(placed), in.Start.Chinese(), strings.Join(names, "、")),
			After:   placed})
	})
	if err != nil {
		return nil, err
	}
	return placed, nil
}

// placeOne claims a waiting recruit, makes them an educator of the school
// and writes the appointment into their career history.
func (s *RecruitService) placeOne(ctx context.Context, r *Recruit, start app.Date, by string) error {
	if err := s.store.PlaceRecruit(ctx, r.ID, start, by, s.clock.Now()); err != nil {
		return err
	}
	sealed, err := s.store.RecruitSeal(ctx, r.ID)
	if err != nil {
		return err
	}
	ed := &people.Educator{Name: r.Name, Gender: r.Gender, BirthDate: r.BirthDate, SchoolID: r.SchoolID, Post: people.PostTeacher,
		Subjects: []string{r.Subject}, StaffStatus: people.StaffEstablished, Honours: []string{}, JoinedSchool: start, PostSince: start}
	if err := s.store.CreateEducator(ctx, ed, sealed); err != nil {
		return err
	}
	r.EducatorID = ed.ID
	if err := s.store.LinkRecruitEducator(ctx, r.ID, ed.ID); err != nil {
		return err
	}
	return s.store.CreateCareerEntries(ctx, []*people.CareerEntry{{EducatorID: ed.ID, SchoolID: r.SchoolID, Post: people.PostTeacher,
		Kind: people.CareerAppointment, Start: start, Note: "新招聘教师分配"}})
}
