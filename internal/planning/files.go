package planning

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
)

// readWhole returns a plan a reader of its county may see whole.
func (s *Service) readWhole(ctx context.Context, id int64) (*Plan, error) {
	p, err := s.readPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanReadWhole(ctx, p) {
		return nil, app.ErrNotFound("交流轮岗方案")
	}
	return p, nil
}

// InstanceFile returns a plan's instance file (PLANNER.md), as built.
func (s *Service) InstanceFile(ctx context.Context, id int64) ([]byte, error) {
	p, err := s.readWhole(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.Built() {
		return nil, app.Errorf(app.Conflict, "方案实例尚未生成，请等求解完成", "The instance has not been built yet")
	}
	return p.Instance, nil
}

// EditsFile returns the pins and forbids the plan's last solve respected,
// in the form `jiaoliu plan solve --edits` reads.
func (s *Service) EditsFile(ctx context.Context, id int64) ([]byte, error) {
	p, err := s.readWhole(ctx, id)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct {
		Pins    []plan.Pin    `json:"pins"`
		Forbids []plan.Forbid `json:"forbids"`
	}{cloneMoves(p.SolvedPins), cloneMoves(p.SolvedForbids)}); err != nil {
		return nil, app.Wrap("planning.EditsFile", err)
	}
	return b.Bytes(), nil
}

// PlanFile returns the plan file (PLANNER.md) of a plan as it stands: the
// solver's file, byte for byte, while the moves are the solver's (`jiaoliu
// plan solve --in instance.json [--edits edits.json]` writes the same); once
// edited by hand, a file of status feasible whose bound is that of the
// first solve (valid for every plan of the instance). A plan whose moves
// break a rule has no plan file.
func (s *Service) PlanFile(ctx context.Context, id int64) ([]byte, error) {
	p, err := s.readWhole(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.Built() || len(p.Solved) == 0 {
		return nil, app.Errorf(app.Conflict, "方案尚未求解", "The plan has not been solved yet")
	}
	if !p.Edited {
		return p.Solved, nil
	}
	if !p.Result.RootKnown {
		return nil, app.Errorf(app.Conflict, "方案尚无不加固定、禁止的求解结果，无法给出调整后方案的上界；请先取消全部固定与禁止后重新优化",
			"No solve without pins or forbids has found a plan, so the edited plan has no valid bound; drop every pin and forbid and re-optimise first")
	}
	in, facts, err := decode(p)
	if err != nil {
		return nil, err
	}
	moves := cloneMoves(p.Moves)
	if vs := plan.CheckMoves(in, moves); len(vs) > 0 {
		x := newLookup(in, facts)
		return nil, app.Errorf(app.Conflict, fmt.Sprintf("方案有%d处不符合规则（%s），不能导出为方案文件", len(vs), x.violationText(vs[0], "zh")),
			fmt.Sprintf("The plan breaks %d rules (%s); it has no plan file", len(vs), x.violationText(vs[0], "en")))
	}
	obj, err := plan.Evaluate(in, moves)
	if err != nil {
		return nil, err
	}
	out := &plan.Plan{Version: plan.PlanVersion, Status: plan.StatusFeasible, Objective: obj, Bound: math.Max(p.RootBound, obj), Moves: moves,
		Explanation: strings.TrimSpace(fmt.Sprintf("手工调整后的方案（交流轮岗方案#%d）。\nEdited by hand (plan #%d).", p.ID, p.ID))}
	var b bytes.Buffer
	if err := plan.WritePlan(&b, out); err != nil {
		return nil, app.Wrap("planning.PlanFile", err)
	}
	return b.Bytes(), nil
}
