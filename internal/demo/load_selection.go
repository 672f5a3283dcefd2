package demo

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// The demo's selection (SPEC §4.2, seed [002]): the first county's reserve
// cadres' secondment, a pool of 28 recommended candidates for a first batch
// of 13, scored by reviewer1, its shortlist published by coordinator1 on
// public notice now. coordinator1 runs it;
// reviewer1 finds it on their home page.

// demoPool and demoBatch are seed [002]'s numbers.
const (
	demoPool  = 28
	demoBatch = 13
)

// demoCriteria are the panel's criteria.
var demoCriteria = []secondment.CriterionInput{
	{Name: "政治素质", Weight: 20, MaxScore: 100}, {Name: "工作实绩", Weight: 40, MaxScore: 100},
	{Name: "管理能力", Weight: 25, MaxScore: 100}, {Name: "民主测评", Weight: 15, MaxScore: 100},
}

// loadDemoSelection registers the programme with programme.Create and runs
// its selection through the service up to the notice.
func loadDemoSelection(ctx context.Context, s *Services, ids *demoIDs) error {
	today := app.DateOf(s.Clock.Now())
	start := today.AddDays(45)
	p, err := s.Programmes.Create(ctx, programme.Input{CountyID: ids.county1, Details: programme.Details{Name: fmt.Sprintf("%d年后备干部挂职锻炼", start.Year),
		Kind: programme.KindSecondment, Organiser: "区委组织部、区教育局", Hosts: "省内外优质学校（分批派出）", Start: start, End: start.AddDays(105),
		Description: fmt.Sprintf("后备干部人选库%d人，经推荐、资格审查、专家评审和公示，第一批选派%d人挂职锻炼一个学期；其余人选按名次进入后备库，递补空缺和以后批次。", demoPool, demoBatch)},
		Categories: []programme.CategoryInput{{Name: "后备干部", Quota: demoBatch}}})
	if err != nil {
		return fmt.Errorf("demo selection: %w", err)
	}
	sel := s.Selection
	if _, err := sel.SetConditions(ctx, p.ID, []secondment.CategoryConditions{{Category: "后备干部",
		Posts: []string{people.PostMiddleCadre, people.PostGradeHead, people.PostVicePrincipal}, MinYears: 5, MaxAge: 45}}); err != nil {
		return err
	}
	if _, err := sel.Open(ctx, p.ID, secondment.SelectionInput{Criteria: demoCriteria, SpreadThreshold: 12}); err != nil {
		return err
	}
	cands, err := demoNominate(ctx, s, p, ids)
	if err != nil {
		return err
	}
	for _, c := range cands {
		if _, err := sel.Review(ctx, c.ID, secondment.ReviewInput{Qualified: true, Reason: "符合后备干部人选条件", Version: c.Version}); err != nil {
			return err
		}
	}
	reviewer, err := demoActor(ctx, s, "reviewer1")
	if err != nil {
		return err
	}
	if err := sel.SetPanel(ctx, p.ID, []int64{app.ActorOf(reviewer).UserID}); err != nil {
		return err
	}
	if err := sel.AssignAll(ctx, p.ID); err != nil {
		return err
	}
	if err := sel.StartScoring(ctx, p.ID); err != nil {
		return err
	}
	round, err := sel.Round(ctx, p.ID)
	if err != nil {
		return err
	}
	for i, c := range cands {
		var in secondment.ScoreInput
		for k, cr := range round.Selection.Criteria {
			// Marks fall with the candidate's place and vary by criterion.
			in.Scores = append(in.Scores, secondment.CriterionScore{CriterionID: cr.ID, Score: float64(95 - i - (k*2+i)%7)})
		}
		if err := sel.SubmitScores(reviewer, c.ID, in); err != nil {
			return err
		}
	}
	if err := sel.ComputeResults(ctx, p.ID); err != nil {
		return err
	}
	coordinator, err := demoActor(ctx, s, "coordinator1")
	if err != nil {
		return err
	}
	_, err = sel.PublishNotice(coordinator, p.ID, secondment.NoticeInput{Days: 7})
	return err
}

// demoNominate puts forward the first 28 cadres of the first county who
// meet the category's conditions, nominated by the bureau.
func demoNominate(ctx context.Context, s *Services, p *programme.Programme, ids *demoIDs) ([]*secondment.Candidate, error) {
	var out []*secondment.Candidate
	for _, post := range []string{people.PostMiddleCadre, people.PostGradeHead, people.PostVicePrincipal} {
		list, err := demoCandidates(ctx, s, ids, ids.county1, post)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			if len(out) == demoPool {
				return out, nil
			}
			if s.Selection.CheckEnrolment(ctx, p, "后备干部", e) != nil {
				continue
			}
			c, err := s.Selection.Nominate(ctx, p.ID, secondment.NominationInput{EducatorID: e.ID, Category: "后备干部",
				Reasons: fmt.Sprintf("%s%s，任职以来工作实绩突出，群众基础好，推荐为后备干部人选。", e.SchoolName, people.Posts.Label(e.Post, "zh"))})
			if err != nil {
				return nil, fmt.Errorf("demo selection: %w", err)
			}
			out = append(out, c)
		}
	}
	if len(out) < demoPool {
		return nil, fmt.Errorf("demo selection: only %d cadres meet the conditions", len(out))
	}
	return out, nil
}

// demoActor is the acting context of a demo account.
func demoActor(ctx context.Context, s *Services, username string) (context.Context, error) {
	u, err := s.DB.FindUserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return app.WithActor(ctx, &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants,
		CountyID: u.CountyID, SchoolID: u.SchoolID}), nil
}
