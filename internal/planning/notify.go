package planning

import (
	"context"
	"strconv"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/plan"
)

// ApprovalKey names the inbox item of a solved draft waiting on the
// county's approval.
func ApprovalKey(id int64) string { return "plan:" + strconv.FormatInt(id, 10) + ":approve" }

// waitApproval opens the item of a draft whose solve found moves: it waits
// on the county's HR to approve it (or discard it); a solve that finds
// none clears it.
func (s *Service) waitApproval(ctx context.Context, p *Plan) error {
	if p.Status != StatusDraft || len(p.Moves) == 0 || p.Result.Status == plan.StatusInfeasible {
		return notify.Done(ctx, s.store, s.clock.Now(), ApprovalKey(p.ID))
	}
	return notify.Wait(ctx, s.store, notify.Item{Key: ApprovalKey(p.ID), Kind: "plan",
		Title: "交流轮岗方案待批准：" + p.label(), Link: "/rotation/plans/" + strconv.FormatInt(p.ID, 10),
		Permission: auth.RotationManage, Place: p.Place(), Since: s.clock.Now()})
}
