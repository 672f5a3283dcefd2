package secondment

import (
	"context"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/programme"
)

// ScoringKey names the inbox item of a reviewer who has candidates of a
// programme to score.
func ScoringKey(programmeID, userID int64) string {
	return "selection:" + strconv.FormatInt(programmeID, 10) + ":score:" + strconv.FormatInt(userID, 10)
}

// waitScoring opens, when the scoring starts, an item for every reviewer
// with candidates assigned: it names the programme, never a mark.
func (s *SelectionService) waitScoring(ctx context.Context, p *programme.Programme, as []ReviewAssignment) error {
	done := map[int64]bool{}
	for _, x := range as {
		if done[x.UserID] {
			continue
		}
		done[x.UserID] = true
		err := notify.Wait(ctx, s.store, notify.Item{Key: ScoringKey(p.ID, x.UserID), Kind: "scoring",
			Title: "挂职选派待评分：" + p.Name, Link: "/programmes/" + strconv.FormatInt(p.ID, 10) + "/selection",
			UserID: x.UserID, Since: s.clock.Now()})
		if err != nil {
			return err
		}
	}
	return nil
}

// doneScoring clears a reviewer's item once they have scored every
// candidate assigned to them.
func (s *SelectionService) doneScoring(ctx context.Context, programmeID, userID int64, as []ReviewAssignment) error {
	scores, err := s.store.FindScores(ctx, programmeID)
	if err != nil {
		return err
	}
	scored := map[int64]bool{}
	for _, sc := range scores {
		if sc.UserID == userID {
			scored[sc.CandidateID] = true
		}
	}
	for _, x := range as {
		if x.UserID == userID && !scored[x.CandidateID] {
			return nil
		}
	}
	return notify.Done(ctx, s.store, s.clock.Now(), ScoringKey(programmeID, userID))
}

// doneAllScoring clears every reviewer's item: the results are computed.
func (s *SelectionService) doneAllScoring(ctx context.Context, programmeID int64, as []ReviewAssignment) error {
	var keys []string
	for _, x := range as {
		keys = append(keys, ScoringKey(programmeID, x.UserID))
	}
	return notify.Done(ctx, s.store, s.clock.Now(), keys...)
}

// Answerers: a selection's objections wait on the programme's organisers.
func (selectionPolicy) Answerers(_ context.Context, n *notice.Notice) (auth.Permission, app.Place) {
	return auth.ProgrammeManage, n.Place
}
