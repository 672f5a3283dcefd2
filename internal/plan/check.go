package plan

import (
	"fmt"
	"math"
)

// Violation is one way a plan breaks the rules of PLANNER.md. The element
// fields name what breaks (a teacher, a school, a subject); Move is the index
// of the offending move in the plan, -1 when the violation is about the plan
// as a whole or a school.
type Violation struct {
	Code    string
	Teacher string
	School  string
	Subject string
	Move    int
	Zh      string
	English string
}

// The violation codes, also used as Reason codes for infeasibility.
const (
	CodeVersion             = "version"              // plan version is not 1
	CodeStatus              = "status"               // unknown status, or optimal without proof
	CodeInfeasibleMoves     = "infeasible_moves"     // an infeasible plan lists moves
	CodeUnknownTeacher      = "unknown_teacher"      // a move names no listed teacher
	CodeDuplicateTeacher    = "duplicate_teacher"    // a teacher moves twice (rule 1)
	CodeNotCandidate        = "not_candidate"        // a teacher who is not a candidate moves (rule 1)
	CodeWrongOrigin         = "wrong_origin"         // from is not the teacher's school
	CodeUnknownSchool       = "unknown_school"       // to names no listed school (rule 1)
	CodeSameSchool          = "same_school"          // to equals from (rule 1)
	CodeStaffingMin         = "staffing_min"         // a school falls below its staffing minimum (rule 3)
	CodeStaffingMax         = "staffing_max"         // a school exceeds its staffing maximum (rule 3)
	CodeTarget              = "target"               // the number of moves is not the target (rule 4)
	CodeMinBackbone         = "min_backbone"         // too few backbone teachers move (rule 5)
	CodeBackboneDestination = "backbone_destination" // a backbone teacher goes to a school neither rural nor weak (rule 6)
	CodeDistance            = "distance"             // a teacher who is not backbone moves too far (rule 7)
	CodeConsortium          = "consortium"           // a move leaves the consortium (rule 8)
	CodeOutShare            = "out_share"            // too many moves out of one school (rule 9)
	CodeValue               = "value"                // a move's value is not the value of the model
	CodeObjective           = "objective"            // the objective is not the sum of the values
	CodeBound               = "bound"                // the bound is below the objective
	CodePin                 = "pin"                  // a pinned move cannot be made (solver reasons only)
	CodeInfeasible          = "infeasible"           // proven infeasible for a reason not named above (solver reasons only)
)

// valueTolerance is the relative tolerance of Check on values and objective.
const valueTolerance = 1e-9

// OptimalityTolerance is the relative gap within which a plan is optimal:
// |bound − objective| ≤ OptimalityTolerance × max(1, |objective|).
const OptimalityTolerance = 1e-6

// Check verifies a plan against an instance independently of the solver:
// every feasibility rule of PLANNER.md, the values of the moves, the
// objective, and the claims of the status. It returns nil for a plan with
// nothing wrong. The instance must be valid (see Validate). It judges a
// whole plan file (the tests check the solver with it); after an edit of
// a plan, applications call CheckMoves.
func Check(in *Instance, p *Plan) []Violation {
	x := newIndex(in)
	var vs []Violation
	add := func(v Violation) { vs = append(vs, v) }
	if p.Version != PlanVersion {
		add(Violation{Code: CodeVersion, Move: -1,
			Zh:      fmt.Sprintf("方案版本为 %d，应为 %d", p.Version, PlanVersion),
			English: fmt.Sprintf("plan version is %d, want %d", p.Version, PlanVersion)})
	}
	switch p.Status {
	case StatusOptimal, StatusFeasible:
	case StatusInfeasible:
		if len(p.Moves) > 0 {
			add(Violation{Code: CodeInfeasibleMoves, Move: -1,
				Zh:      "无可行方案的结果不应包含调动",
				English: "an infeasible plan must list no moves"})
		}
		return vs
	default:
		add(Violation{Code: CodeStatus, Move: -1,
			Zh:      fmt.Sprintf("未知的方案状态 %q", p.Status),
			English: fmt.Sprintf("unknown plan status %q", p.Status)})
	}
	vs = append(vs, x.checkMoves(p.Moves)...)

	if sum := objective(p.Moves); !near(p.Objective, sum, valueTolerance) {
		add(Violation{Code: CodeObjective, Move: -1,
			Zh:      fmt.Sprintf("目标值 %g 不等于各调动分值之和 %g", p.Objective, sum),
			English: fmt.Sprintf("objective %g is not the sum of the move values %g", p.Objective, sum)})
	}
	if p.Bound < p.Objective-valueTolerance*math.Max(1, math.Abs(p.Objective)) {
		add(Violation{Code: CodeBound, Move: -1,
			Zh:      fmt.Sprintf("上界 %g 低于目标值 %g", p.Bound, p.Objective),
			English: fmt.Sprintf("bound %g is below the objective %g", p.Bound, p.Objective)})
	}
	if p.Status == StatusOptimal && !near(p.Bound, p.Objective, OptimalityTolerance) {
		add(Violation{Code: CodeStatus, Move: -1,
			Zh:      fmt.Sprintf("标为最优，但上界 %g 与目标值 %g 不一致", p.Bound, p.Objective),
			English: fmt.Sprintf("marked optimal but bound %g differs from objective %g", p.Bound, p.Objective)})
	}
	return vs
}

// CheckMoves verifies a set of moves against every feasibility rule of
// PLANNER.md and the model values of the moves, without the claims of a
// plan file. It is what an editor of a plan re-checks after every edit.
func CheckMoves(in *Instance, moves []Move) []Violation {
	return newIndex(in).checkMoves(moves)
}

func (x *index) checkMoves(moves []Move) []Violation {
	in := x.in
	var vs []Violation
	moved := make(map[int]int, len(moves)) // teacher -> first move index
	outOf := make([]int, len(in.Schools))
	net := make(map[cellKey]int) // in − out per cell
	backbone := 0
	for i, m := range moves {
		t, ok := x.teacher[m.Teacher]
		if !ok {
			vs = append(vs, Violation{Code: CodeUnknownTeacher, Teacher: m.Teacher, Move: i,
				Zh:      fmt.Sprintf("第%d项调动：未知教师 %q", i+1, m.Teacher),
				English: fmt.Sprintf("move %d: unknown teacher %q", i+1, m.Teacher)})
			continue
		}
		tt := &in.Teachers[t]
		if first, dup := moved[t]; dup {
			vs = append(vs, Violation{Code: CodeDuplicateTeacher, Teacher: tt.ID, Move: i,
				Zh:      fmt.Sprintf("教师 %s 被调动了两次（第%d项和第%d项）", tt.ID, first+1, i+1),
				English: fmt.Sprintf("teacher %s moves twice (moves %d and %d)", tt.ID, first+1, i+1)})
			continue
		}
		moved[t] = i
		if !tt.Candidate {
			vs = append(vs, Violation{Code: CodeNotCandidate, Teacher: tt.ID, Move: i,
				Zh:      fmt.Sprintf("教师 %s 不在本年度交流候选名单中", tt.ID),
				English: fmt.Sprintf("teacher %s is not a candidate for rotation", tt.ID)})
		}
		if m.From != tt.School {
			vs = append(vs, Violation{Code: CodeWrongOrigin, Teacher: tt.ID, School: m.From, Move: i,
				Zh:      fmt.Sprintf("教师 %s 所在学校是 %s，不是 %s", tt.ID, tt.School, m.From),
				English: fmt.Sprintf("teacher %s is at school %s, not %s", tt.ID, tt.School, m.From)})
		}
		s, ok := x.school[m.To]
		if !ok {
			vs = append(vs, Violation{Code: CodeUnknownSchool, Teacher: tt.ID, School: m.To, Move: i,
				Zh:      fmt.Sprintf("教师 %s 的去向 %q 不是名单中的学校", tt.ID, m.To),
				English: fmt.Sprintf("teacher %s goes to %q, which is not a listed school", tt.ID, m.To)})
			continue
		}
		from := x.tSchool[t]
		outOf[from]++
		net[cellKey{from, x.tSubject[t]}]--
		net[cellKey{s, x.tSubject[t]}]++
		if tt.Backbone {
			backbone++
		}
		if v := x.ruleViolation(t, s, i); v != nil {
			vs = append(vs, *v)
		}
		if want := x.value(t, s); !near(m.Value, want, valueTolerance) {
			vs = append(vs, Violation{Code: CodeValue, Teacher: tt.ID, School: m.To, Move: i,
				Zh:      fmt.Sprintf("教师 %s 调往 %s 的分值应为 %g，而不是 %g", tt.ID, m.To, want, m.Value),
				English: fmt.Sprintf("moving teacher %s to %s is worth %g, not %g", tt.ID, m.To, want, m.Value)})
		}
	}

	for c := range x.cells {
		cl := &x.cells[c]
		after := cl.cur + net[cellKey{cl.school, cl.subject}]
		if v := staffingViolation(x, cl.school, cl.subject, cl.cur, after, cl.min, cl.max, cl.hasRow); v != nil {
			vs = append(vs, *v)
		}
	}
	// Moves into a subject the school neither has nor has a quota for.
	for s := range in.Schools {
		for j := range x.subjects {
			k := cellKey{s, j}
			if _, ok := x.cellOf[k]; ok || net[k] == 0 {
				continue
			}
			if v := staffingViolation(x, s, j, 0, net[k], 0, 0, false); v != nil {
				vs = append(vs, *v)
			}
		}
	}

	p := &in.Policy
	if p.Target >= 0 && len(moves) != p.Target { // a negative target is free (relaxations only)
		vs = append(vs, Violation{Code: CodeTarget, Move: -1,
			Zh:      fmt.Sprintf("交流人数为 %d 人，目标是 %d 人", len(moves), p.Target),
			English: fmt.Sprintf("%d teachers move; the target is %d", len(moves), p.Target)})
	}
	if backbone < p.MinBackbone {
		vs = append(vs, Violation{Code: CodeMinBackbone, Move: -1,
			Zh:      fmt.Sprintf("只有 %d 名骨干教师交流，至少需要 %d 名", backbone, p.MinBackbone),
			English: fmt.Sprintf("only %d backbone teachers move; at least %d are required", backbone, p.MinBackbone)})
	}
	for s, n := range outOf {
		if c := x.outCap[s]; c >= 0 && n > c {
			id := in.Schools[s].ID
			vs = append(vs, Violation{Code: CodeOutShare, School: id, Move: -1,
				Zh: fmt.Sprintf("%s 调出 %d 人，超过上限 %d 人（在编 %d 人的 %s%%）", id, n, c, x.staff[s],
					num(100*p.MaxOutShare)),
				English: fmt.Sprintf("%d teachers leave %s; at most %d may (%s%% of %d staff)", n, id, c,
					num(100*p.MaxOutShare), x.staff[s])})
		}
	}
	return vs
}

// ruleViolation reports the per-move rule (6, 7 or 8) that move i of teacher
// t to school s breaks, or nil.
func (x *index) ruleViolation(t, s, i int) *Violation {
	tt := &x.in.Teachers[t]
	to := x.in.Schools[s].ID
	v := &Violation{Teacher: tt.ID, School: to, Move: i}
	switch x.moveRule(t, s) {
	case ruleOK:
		return nil
	case ruleSameSchool:
		v.Code = CodeSameSchool
		v.Zh = fmt.Sprintf("教师 %s 的去向就是原学校 %s", tt.ID, to)
		v.English = fmt.Sprintf("teacher %s would move to their own school %s", tt.ID, to)
	case ruleBackboneDestination:
		v.Code = CodeBackboneDestination
		v.Zh = fmt.Sprintf("骨干教师 %s 只能去农村或薄弱学校，%s 两者都不是", tt.ID, to)
		v.English = fmt.Sprintf("backbone teacher %s may go only to a rural or weak school; %s is neither", tt.ID, to)
	case ruleDistance:
		d := x.dist(x.tSchool[t], s)
		v.Code = CodeDistance
		v.Zh = fmt.Sprintf("教师 %s 调往 %s 距离 %s 公里，超过 %s 公里的就近限制", tt.ID, to, num(d), num(x.in.Policy.MaxDistanceKm))
		v.English = fmt.Sprintf("teacher %s would move %s km to %s, beyond the %s km limit", tt.ID, num(d), to,
			num(x.in.Policy.MaxDistanceKm))
	case ruleConsortium:
		v.Code = CodeConsortium
		v.Zh = fmt.Sprintf("教师 %s 调往 %s 跨出了办学联合体", tt.ID, to)
		v.English = fmt.Sprintf("teacher %s would leave the consortium by moving to %s", tt.ID, to)
	}
	return v
}

func staffingViolation(x *index, s, j, cur, after, min, max int, hasRow bool) *Violation {
	id, subj := x.in.Schools[s].ID, x.subjects[j]
	v := &Violation{School: id, Subject: subj, Move: -1}
	switch {
	case after < min && hasRow:
		v.Code = CodeStaffingMin
		v.Zh = fmt.Sprintf("%s %s教师调整后 %d 名，低于编制下限 %d 名", id, subj, after, min)
		v.English = fmt.Sprintf("%s would have %d %s teachers, below the minimum %d", id, after, subj, min)
	case after > max && hasRow:
		v.Code = CodeStaffingMax
		v.Zh = fmt.Sprintf("%s %s教师调整后 %d 名，超过编制上限 %d 名", id, subj, after, max)
		v.English = fmt.Sprintf("%s would have %d %s teachers, above the maximum %d", id, after, subj, max)
	case after != cur && !hasRow:
		v.Code = CodeStaffingMax
		if after < cur {
			v.Code = CodeStaffingMin
		}
		v.Zh = fmt.Sprintf("%s %s没有编制行，须调出调入对等（现有 %d 名，调整后 %d 名）", id, subj, cur, after)
		v.English = fmt.Sprintf("%s has no %s quota, so moves in and out must balance (%d now, %d after)",
			id, subj, cur, after)
	default:
		return nil
	}
	return v
}

// near reports |a − b| ≤ tol × max(1, |b|).
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}
