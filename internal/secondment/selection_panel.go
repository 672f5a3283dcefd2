package secondment

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
)

// Reviewers lists the reviewer accounts granted over the programme (its
// own, its county's or its city's), marking the panel, for its organisers.
func (s *SelectionService) Reviewers(ctx context.Context, p *programme.Programme) ([]*Reviewer, error) {
	if !s.programmes.CanManage(ctx, p) {
		return nil, errNotManager
	}
	return s.store.FindReviewers(ctx, p)
}

// onPanel reports whether the actor sits on the programme's panel.
func (s *SelectionService) onPanel(ctx context.Context, p *programme.Programme) (bool, error) {
	a := app.ActorOf(ctx)
	if a == nil || a.UserID == 0 {
		return false, nil
	}
	list, err := s.store.FindReviewers(ctx, p)
	if err != nil {
		return false, err
	}
	for _, r := range list {
		if r.UserID == a.UserID && r.OnPanel {
			return true, nil
		}
	}
	return false, nil
}

// SetPanel forms the expert panel from reviewers granted over the
// programme. A reviewer taken off the panel loses their assignments and marks.
func (s *SelectionService) SetPanel(ctx context.Context, programmeID int64, userIDs []int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		if _, err := s.selectionAt(ctx, p, StageNominating); app.ErrorCode(err) == app.Conflict {
			if _, err := s.selectionAt(ctx, p, StageScoring); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		all, err := s.store.FindReviewers(ctx, p)
		if err != nil {
			return err
		}
		var names, before []string
		ids := []int64{}
		for _, r := range all {
			if r.OnPanel {
				before = append(before, r.Username)
			}
			if slices.Contains(userIDs, r.UserID) {
				ids, names = append(ids, r.UserID), append(names, r.Username)
			}
		}
		if len(ids) != len(dedupe(userIDs)) {
			return &app.Error{Code: app.Invalid, Message: "评审专家须为被授予本项目评审权限的账号", English: "Panel members must be reviewers granted over the programme",
				Fields: map[string]string{"reviewers": "invalid"}}
		}
		if err := s.store.SetPanel(ctx, p.ID, ids, app.ActorOf(ctx).Label(), s.clock.Now()); err != nil {
			return err
		}
		as, err := s.store.FindAssignments(ctx, p.ID)
		if err != nil {
			return err
		}
		kept := as[:0:0]
		for _, x := range as {
			if slices.Contains(ids, x.UserID) {
				kept = append(kept, x)
			}
		}
		if len(kept) != len(as) {
			if err := s.store.SetAssignments(ctx, p.ID, kept); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.panel", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("组成项目“%s”的评审专家组（%d人）：%s", p.Name, len(ids), strings.Join(names, "、")),
			Before:  before, After: names})
	})
}

func dedupe(ids []int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Assign gives candidates to reviewers to score, replacing the assignments:
// every pair names a qualified candidate and a panel member.
func (s *SelectionService) Assign(ctx context.Context, programmeID int64, as []ReviewAssignment) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		sel, err := s.store.FindSelection(ctx, p.ID)
		if err != nil {
			return err
		}
		if sel.Stage.AtLeast(StageResults) {
			return app.Errorf(app.Conflict, "评审结果已计算，不能再分配评审", "The results are computed; assignments are fixed")
		}
		cands, panel, err := s.assignable(ctx, p)
		if err != nil {
			return err
		}
		out := []ReviewAssignment{}
		for _, x := range as {
			okC := slices.ContainsFunc(cands, func(c *Candidate) bool { return c.ID == x.CandidateID })
			okR := slices.ContainsFunc(panel, func(r *Reviewer) bool { return r.UserID == x.UserID && r.OnPanel })
			if !okC || !okR {
				return &app.Error{Code: app.Invalid, Message: "只能把资格审查通过的候选人分配给评审专家组成员",
					English: "Only qualified candidates may be assigned, and only to panel members", Fields: map[string]string{"assignments": "invalid"}}
			}
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
		before, err := s.store.FindAssignments(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := s.store.SetAssignments(ctx, p.ID, out); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.assign", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("分配项目“%s”的评审任务（%d项）", p.Name, len(out)), Before: before, After: out})
	})
}

// assignable returns what review assignments are made of: the programme's
// qualified candidates and its reviewers.
func (s *SelectionService) assignable(ctx context.Context, p *programme.Programme) ([]*Candidate, []*Reviewer, error) {
	cands, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID, Status: CandidateQualified})
	if err != nil {
		return nil, nil, err
	}
	panel, err := s.store.FindReviewers(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	return cands, panel, nil
}

// AssignAll gives every qualified candidate to every panel member: the
// collective scoring of seed [002].
func (s *SelectionService) AssignAll(ctx context.Context, programmeID int64) error {
	p, err := s.programmes.FindByID(ctx, programmeID)
	if err != nil {
		return err
	}
	if !s.programmes.CanManage(ctx, p) {
		return errNotManager
	}
	cands, panel, err := s.assignable(ctx, p)
	if err != nil {
		return err
	}
	var as []ReviewAssignment
	for _, c := range cands {
		for _, r := range panel {
			if r.OnPanel {
				as = append(as, ReviewAssignment{CandidateID: c.ID, UserID: r.UserID})
			}
		}
	}
	return s.Assign(ctx, programmeID, as)
}

// StartScoring closes nominations and opens the experts' scoring: the
// criteria are set, every candidate has been reviewed, and every qualified
// one is assigned to a reviewer.
func (s *SelectionService) StartScoring(ctx context.Context, programmeID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		sel, err := s.selectionAt(ctx, p, StageNominating)
		if err != nil {
			return err
		}
		cands, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID})
		if err != nil {
			return err
		}
		as, err := s.store.FindAssignments(ctx, p.ID)
		if err != nil {
			return err
		}
		var pending, unassigned []string
		qualified := 0
		for _, c := range cands {
			switch c.Status {
			case CandidateSubmitted:
				pending = append(pending, c.Name)
			case CandidateQualified:
				qualified++
				if !slices.ContainsFunc(as, func(x ReviewAssignment) bool { return x.CandidateID == c.ID }) {
					unassigned = append(unassigned, c.Name)
				}
			}
		}
		switch {
		case len(pending) > 0:
			return app.Errorf(app.Conflict, "尚有候选人未完成资格审查："+strings.Join(pending, "、"), "Some candidates await the qualification review")
		case qualified == 0:
			return app.Errorf(app.Conflict, "还没有资格审查通过的候选人", "No candidate is qualified yet")
		case len(unassigned) > 0:
			return app.Errorf(app.Conflict, "以下候选人尚未分配评审专家："+strings.Join(unassigned, "、"), "Some qualified candidates have no reviewer")
		}
		sel.Stage, sel.UpdatedAt = StageScoring, s.clock.Now()
		if err := s.store.UpdateSelection(ctx, sel); err != nil {
			return err
		}
		if err := s.waitScoring(ctx, p, as); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.scoring", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”截止推荐报名，开始专家评审（%d名候选人）", p.Name, qualified), After: sel})
	})
}

// SubmitScores saves the actor's marks for a candidate assigned to them,
// one per criterion, each between 0 and its full marks. Reviewers score
// blind: nobody reads another reviewer's marks before the results.
func (s *SelectionService) SubmitScores(ctx context.Context, candidateID int64, in ScoreInput) error {
	a := app.ActorOf(ctx)
	return s.store.InTx(ctx, func(ctx context.Context) error {
		c, err := s.store.FindCandidateByID(ctx, candidateID)
		if err != nil {
			return err
		}
		as, err := s.store.FindAssignments(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if a == nil || !slices.Contains(as, ReviewAssignment{CandidateID: c.ID, UserID: a.UserID}) {
			return app.ErrNotFound("候选人")
		}
		p, err := s.store.FindProgrammeByID(ctx, c.ProgrammeID)
		if err != nil {
			return err
		}
		if err := s.store.LockProgramme(ctx, p.ID); err != nil {
			return err
		}
		sel, err := s.selectionAt(ctx, p, StageScoring)
		if err != nil {
			return err
		}
		marks := map[int64]float64{}
		for _, m := range in.Scores {
			marks[m.CriterionID] = m.Score
		}
		var f app.Fields
		now := s.clock.Now()
		var ss []*Score
		for _, k := range sel.Criteria {
			m, ok := marks[k.ID]
			switch {
			case !ok:
				f.Add(fmt.Sprintf("score_%d", k.ID), fmt.Sprintf("请为“%s”评分", k.Name), fmt.Sprintf("Score %q", k.Name))
			case !(m >= 0 && m <= k.MaxScore):
				f.Add(fmt.Sprintf("score_%d", k.ID), fmt.Sprintf("“%s”的得分应在0至%s分之间", k.Name, trimFloat(k.MaxScore)),
					fmt.Sprintf("The mark for %q must be between 0 and %s", k.Name, trimFloat(k.MaxScore)))
			}
			delete(marks, k.ID)
			ss = append(ss, &Score{CandidateID: c.ID, UserID: a.UserID, CriterionID: k.ID, Score: m, ScoredAt: now})
		}
		if len(marks) > 0 {
			f.Add("scores", "评分含有本项目之外的指标", "The marks name criteria the programme does not have")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := s.store.SaveScores(ctx, c.ID, a.UserID, ss); err != nil {
			return err
		}
		if err := s.doneScoring(ctx, p.ID, a.UserID, as); err != nil {
			return err
		}
		// The audit entry names the marks: the record is what makes the
		// scoring open afterwards, and only the audit readers see it now.
		return s.audit.Record(ctx, audit.Change{Action: "secondment.score", Entity: "secondment_candidate", EntityID: c.ID,
			Summary: fmt.Sprintf("评审专家%s为候选人%s评分", a.Label(), c.Name), After: ss})
	})
}

// ComputeResults closes the scoring once every assigned reviewer has
// scored: each reviewer's weighted mean, the mean across reviewers
// (optionally without the highest and lowest), the ranking, and the
// flags of large disagreement. From now on the scores are open to those
// who read the selection.
func (s *SelectionService) ComputeResults(ctx context.Context, programmeID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.managed(ctx, programmeID)
		if err != nil {
			return err
		}
		sel, err := s.selectionAt(ctx, p, StageScoring)
		if err != nil {
			return err
		}
		cands, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID, Status: CandidateQualified})
		if err != nil {
			return err
		}
		as, err := s.store.FindAssignments(ctx, p.ID)
		if err != nil {
			return err
		}
		scores, err := s.store.FindScores(ctx, p.ID)
		if err != nil {
			return err
		}
		marks := map[ReviewAssignment]map[int64]float64{}
		for _, x := range scores {
			k := ReviewAssignment{CandidateID: x.CandidateID, UserID: x.UserID}
			if marks[k] == nil {
				marks[k] = map[int64]float64{}
			}
			marks[k][x.CriterionID] = x.Score
		}
		var missing []string
		for _, c := range cands {
			var per []float64
			for _, x := range as {
				if x.CandidateID != c.ID {
					continue
				}
				m := marks[x]
				if len(m) < len(sel.Criteria) {
					missing = append(missing, c.Name)
					break
				}
				per = append(per, ReviewerScore(sel.Criteria, m))
			}
			r := Combine(per, sel.DropExtremes, sel.SpreadThreshold)
			c.Scored, c.Score, c.Spread, c.Reviewers, c.Flagged = true, r.Score, r.Spread, r.Reviewers, r.Flagged
		}
		if len(missing) > 0 {
			return app.Errorf(app.Conflict, "以下候选人的评分尚未全部提交："+strings.Join(dedupeNames(missing), "、"), "Some reviewers have not scored every candidate assigned to them")
		}
		Rank(cands)
		for _, c := range cands {
			c.UpdatedAt = s.clock.Now()
			if err := s.store.UpdateCandidate(ctx, c); err != nil {
				return err
			}
		}
		sel.Stage, sel.UpdatedAt = StageResults, s.clock.Now()
		if err := s.store.UpdateSelection(ctx, sel); err != nil {
			return err
		}
		type line struct {
			Name  string  `json:"name"`
			Score float64 `json:"score"`
			Rank  int     `json:"rank"`
		}
		lines := make([]line, len(cands))
		for i, c := range cands {
			lines[i] = line{c.Name, c.Score, c.Rank}
		}
		if err := s.doneAllScoring(ctx, p.ID, as); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.results", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("计算并公布项目“%s”的评审结果（%d名候选人）", p.Name, len(cands)), After: lines})
	})
}

func dedupeNames(ss []string) []string {
	out := []string{}
	for _, x := range ss {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Rank orders candidates by score, highest first (equal scores by the
// earlier candidacy), and numbers them from 1.
func Rank(cands []*Candidate) {
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].Score != cands[j].Score {
			return cands[i].Score > cands[j].Score
		}
		return cands[i].ID < cands[j].ID
	})
	for i, c := range cands {
		c.Rank = i + 1
	}
}

// visibleScores are the marks the actor may read: all of them once the
// results are computed (for those who read the selection), before that
// only the actor's own.
func (s *SelectionService) visibleScores(ctx context.Context, p *programme.Programme, sel *Selection) ([]*Score, error) {
	a := app.ActorOf(ctx)
	all, err := s.store.FindScores(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if sel.Stage.AtLeast(StageResults) {
		panel, err := s.onPanel(ctx, p)
		if err != nil {
			return nil, err
		}
		if panel || s.programmes.CanManage(ctx, p) {
			return all, nil
		}
	}
	own := []*Score{}
	for _, x := range all {
		if a != nil && x.UserID == a.UserID && a.UserID != 0 {
			own = append(own, x)
		}
	}
	return own, nil
}
