package planning

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/plan"
)

// EditInput is one edit of a draft plan. Teacher and Other are teacher keys
// (T and the educator id) or, typed by a person, a candidate's exact name;
// School is a school code of the instance.
type EditInput struct {
	Kind    string `json:"kind"`
	Teacher string `json:"teacher"`
	School  string `json:"school"`
	Other   string `json:"other"`
}

// Edit applies an edit to a draft plan's moves and constraints and checks
// every rule again (plan.CheckMoves); the violations come back with the plan.
//
//   - pin: the teacher moves to the school (their current destination when
//     School is empty); the next solve keeps it.
//   - forbid: the teacher does not go to the school (anywhere, when School
//     is empty); a move breaking it leaves the plan.
//   - remove: the teacher leaves the plan and does not move this year.
//   - swap: two teachers of the plan trade destinations, or a teacher
//     outside the plan takes the place of one in it; the results are pinned.
//   - unpin, unforbid: drop a constraint.
func (s *Service) Edit(ctx context.Context, id int64, e EditInput) (*Plan, error) {
	p, err := s.managePlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.editable(ctx, p); err != nil {
		return nil, err
	}
	if !p.Built() || p.Result.Status == "" {
		return nil, app.Errorf(app.Conflict, "方案尚未求解，不能修改", "The plan has not been solved yet")
	}
	in, facts, err := decode(p)
	if err != nil {
		return nil, err
	}
	x := newLookup(in, facts)
	if !EditKinds.Has(e.Kind) || e.Kind == "solve" {
		return nil, &app.Error{Code: app.Invalid, Message: "未知的修改类型：" + e.Kind, English: "Unknown edit: " + e.Kind, Fields: map[string]string{"kind": "invalid"}}
	}
	t, err := x.teacherOf(e.Teacher, "teacher")
	if err != nil {
		return nil, err
	}
	var school string
	if e.School != "" {
		if _, ok := x.school[e.School]; !ok {
			return nil, &app.Error{Code: app.Invalid, Message: "未找到学校：" + e.School, English: "Unknown school " + e.School, Fields: map[string]string{"school": "not_found"}}
		}
		school = e.School
	}
	ed := &editing{p: p, x: x, t: t, school: school, moves: slices.Clone(p.Moves)}
	ed.at = slices.IndexFunc(ed.moves, func(m plan.Move) bool { return m.Teacher == t.ID })
	var summary, otherKey string
	switch e.Kind {
	case EditPin:
		summary, err = ed.pin()
	case EditForbid, EditRemove:
		if e.Kind == EditRemove {
			ed.school = ""
		}
		summary = ed.forbid()
	case EditSwap:
		summary, otherKey, err = ed.swap(e.Other)
	case EditUnpin:
		summary, err = ed.unpin()
	case EditUnforbid:
		summary, err = ed.unforbid()
	}
	if err != nil {
		return nil, err
	}
	moves, school := ed.moves, ed.school
	if _, err := plan.Evaluate(in, moves); err != nil {
		return nil, err
	}
	slices.SortFunc(moves, func(a, b plan.Move) int { return strings.Compare(a.Teacher, b.Teacher) })
	changed := !slices.Equal(moves, p.Moves)
	p.Moves = moves
	if changed {
		p.Edited = !sameMoves(p)
	}
	vs := plan.CheckMoves(in, p.Moves)
	if len(vs) > 0 {
		summary += fmt.Sprintf("；复核：%d处不符合规则", len(vs))
	} else {
		summary += "；复核：全部规则满足"
	}
	rec := &Edit{PlanID: p.ID, Kind: e.Kind, Teacher: t.ID, School: school, Other: otherKey, Summary: summary,
		Author: app.ActorOf(ctx).Label(), At: s.clock.Now()}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreatePlanEdit(ctx, rec); err != nil {
			return err
		}
		return s.update(ctx, p, audit.Change{Action: "rotation.plan.edit", Summary: p.label() + " " + summary, After: rec})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// editing is one edit under way: the plan, its teacher, the school named
// (if any) and the moves as they change; at is the teacher's move or -1.
type editing struct {
	p      *Plan
	x      *lookup
	t      *plan.Teacher
	school string
	moves  []plan.Move
	at     int
}

func (ed *editing) dropPin(key string) {
	ed.p.Pins = slices.DeleteFunc(ed.p.Pins, func(pn plan.Pin) bool { return pn.Teacher == key })
}

func (ed *editing) setPin(key, to string) {
	ed.dropPin(key)
	ed.p.Pins = append(ed.p.Pins, plan.Pin{Teacher: key, School: to})
	ed.p.Forbids = slices.DeleteFunc(ed.p.Forbids, func(f plan.Forbid) bool { return f.Teacher == key && (f.School == "" || f.School == to) })
}

func (ed *editing) moveTo(key, from, to string) {
	i := slices.IndexFunc(ed.moves, func(m plan.Move) bool { return m.Teacher == key })
	if i < 0 {
		ed.moves = append(ed.moves, plan.Move{Teacher: key, From: from, To: to})
	} else {
		ed.moves[i].To = to
	}
}

// pin moves the teacher to the school (their destination when none is
// named) and keeps it there.
func (ed *editing) pin() (string, error) {
	x, t := ed.x, ed.t
	if ed.school == "" {
		if ed.at < 0 {
			return "", &app.Error{Code: app.Invalid, Message: x.name(t.ID) + "不在方案中：请选择调往的学校", English: "Choose the school to pin the teacher to",
				Fields: map[string]string{"school": "required"}}
		}
		ed.school = ed.moves[ed.at].To
	}
	school := ed.school
	if school == t.School {
		return "", &app.Error{Code: app.Invalid, Message: x.name(t.ID) + "已在" + x.schoolName(school) + "，不能调往原学校",
			English: "A teacher cannot move to their own school", Fields: map[string]string{"school": "invalid"}}
	}
	ed.moveTo(t.ID, t.School, school)
	ed.setPin(t.ID, school)
	return fmt.Sprintf("固定：%s调往%s", x.name(t.ID), x.schoolName(school)), nil
}

// forbid keeps the teacher from the school (from moving at all when none
// is named).
func (ed *editing) forbid() string {
	x, t, p, school := ed.x, ed.t, ed.p, ed.school
	if ed.at >= 0 && (school == "" || ed.moves[ed.at].To == school) {
		ed.moves = slices.Delete(ed.moves, ed.at, ed.at+1)
	}
	ed.dropPin(t.ID)
	if !slices.Contains(p.Forbids, plan.Forbid{Teacher: t.ID, School: school}) {
		p.Forbids = append(p.Forbids, plan.Forbid{Teacher: t.ID, School: school})
	}
	if school == "" {
		return fmt.Sprintf("移出方案：%s本年度不交流", x.name(t.ID))
	}
	return fmt.Sprintf("禁止：%s调往%s", x.name(t.ID), x.schoolName(school))
}

// swap trades the destinations of two teachers of the plan, or puts one
// outside it in the place of one in it; it returns the other's key too.
func (ed *editing) swap(other string) (string, string, error) {
	x, t, p := ed.x, ed.t, ed.p
	o, err := x.teacherOf(other, "other")
	if err != nil {
		return "", "", err
	}
	if o.ID == t.ID {
		return "", "", &app.Error{Code: app.Invalid, Message: "请选择两名不同的教师", English: "Choose two different teachers", Fields: map[string]string{"other": "invalid"}}
	}
	at := ed.at
	ot := slices.IndexFunc(ed.moves, func(m plan.Move) bool { return m.Teacher == o.ID })
	switch {
	case at >= 0 && ot >= 0:
		a, b := ed.moves[at].To, ed.moves[ot].To
		if err := x.swapProblem(t, o, b, a); err != nil {
			return "", "", err
		}
		ed.moves[at].To, ed.moves[ot].To = b, a
		ed.setPin(t.ID, b)
		ed.setPin(o.ID, a)
		return fmt.Sprintf("对调：%s改调往%s，%s改调往%s", x.name(t.ID), x.schoolName(b), x.name(o.ID), x.schoolName(a)), o.ID, nil
	case at >= 0 || ot >= 0:
		in, out := o, t // the one outside the plan takes the other's place
		if ot >= 0 {
			in, out = t, o
		}
		j := slices.IndexFunc(ed.moves, func(m plan.Move) bool { return m.Teacher == out.ID })
		to := ed.moves[j].To
		if err := x.swapProblem(in, out, to, ""); err != nil {
			return "", "", err
		}
		ed.moves = slices.Delete(ed.moves, j, j+1)
		ed.moveTo(in.ID, in.School, to)
		ed.dropPin(out.ID)
		ed.setPin(in.ID, to)
		if !slices.Contains(p.Forbids, plan.Forbid{Teacher: out.ID}) {
			p.Forbids = append(p.Forbids, plan.Forbid{Teacher: out.ID})
		}
		return fmt.Sprintf("替换：%s代替%s调往%s", x.name(in.ID), x.name(out.ID), x.schoolName(to)), o.ID, nil
	default:
		return "", "", &app.Error{Code: app.Invalid, Message: "对调的两人中至少一人应在方案中", English: "At least one of the two must be in the plan",
			Fields: map[string]string{"teacher": "invalid"}}
	}
}

// unpin drops the teacher's pin.
func (ed *editing) unpin() (string, error) {
	x, t, p := ed.x, ed.t, ed.p
	if !slices.ContainsFunc(p.Pins, func(pn plan.Pin) bool { return pn.Teacher == t.ID }) {
		return "", &app.Error{Code: app.Invalid, Message: x.name(t.ID) + "没有被固定", English: "The teacher is not pinned", Fields: map[string]string{"teacher": "invalid"}}
	}
	ed.dropPin(t.ID)
	return "取消固定：" + x.name(t.ID), nil
}

// unforbid drops the teacher's forbid of the school (or of moving at all).
func (ed *editing) unforbid() (string, error) {
	x, t, p, school := ed.x, ed.t, ed.p, ed.school
	f := plan.Forbid{Teacher: t.ID, School: school}
	if !slices.Contains(p.Forbids, f) {
		return "", &app.Error{Code: app.Invalid, Message: "没有这项禁止", English: "There is no such forbid", Fields: map[string]string{"teacher": "invalid"}}
	}
	p.Forbids = slices.DeleteFunc(p.Forbids, func(g plan.Forbid) bool { return g == f })
	summary := "取消禁止：" + x.name(t.ID)
	if school != "" {
		summary += "调往" + x.schoolName(school)
	}
	return summary, nil
}

// sameMoves reports whether a plan's moves are the solver's last answer.
func sameMoves(p *Plan) bool {
	if len(p.Solved) == 0 {
		return false
	}
	solved, err := plan.ReadPlan(bytes.NewReader(p.Solved))
	if err != nil || solved.Status == plan.StatusInfeasible {
		return false
	}
	return slices.Equal(solved.Moves, p.Moves)
}

// decode reads a plan's instance and facts.
func decode(p *Plan) (*plan.Instance, *Facts, error) {
	in, err := plan.ReadInstance(bytes.NewReader(p.Instance))
	if err != nil {
		return nil, nil, err
	}
	f := &Facts{}
	if err := json.Unmarshal(p.Facts, f); err != nil {
		return nil, nil, app.Wrap("planning.decode", err)
	}
	return in, f, nil
}

// lookup indexes an instance and its facts.
type lookup struct {
	in      *plan.Instance
	facts   *Facts
	teacher map[string]*plan.Teacher
	school  map[string]*plan.School
	byName  map[string][]string // candidate name → keys
}

func newLookup(in *plan.Instance, f *Facts) *lookup {
	x := &lookup{in: in, facts: f, teacher: map[string]*plan.Teacher{}, school: map[string]*plan.School{}, byName: map[string][]string{}}
	for i := range in.Teachers {
		x.teacher[in.Teachers[i].ID] = &in.Teachers[i]
	}
	for i := range in.Schools {
		x.school[in.Schools[i].ID] = &in.Schools[i]
	}
	for key, t := range f.Teachers {
		x.byName[t.Name] = append(x.byName[t.Name], key)
	}
	for _, keys := range x.byName {
		slices.Sort(keys)
	}
	return x
}

// teacherOf finds a teacher by key or, among the candidates, by exact name.
func (x *lookup) teacherOf(s, field string) (*plan.Teacher, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择教师", English: "Choose the teacher", Fields: map[string]string{field: "required"}}
	}
	if t, ok := x.teacher[s]; ok {
		return t, nil
	}
	switch keys := x.byName[s]; len(keys) {
	case 1:
		return x.teacher[keys[0]], nil
	case 0:
		return nil, &app.Error{Code: app.Invalid, Message: "方案的候选人中没有" + s, English: "No candidate is called " + s, Fields: map[string]string{field: "not_found"}}
	default:
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = x.name(k) + "，" + x.schoolName(x.teacher[k].School)
		}
		return nil, &app.Error{Code: app.Invalid, Message: "候选人中有多人名为" + s + "，请选择其一：" + strings.Join(names, "；"),
			English: "Several candidates are called " + s, Fields: map[string]string{field: "ambiguous"}}
	}
}

// name is a teacher's name with their key, or the key alone.
func (x *lookup) name(key string) string {
	if f := x.facts.Teachers[key]; f != nil {
		return f.Name + "（" + key + "）"
	}
	return key
}

// schoolName is a school's name, or its code.
func (x *lookup) schoolName(code string) string {
	if f := x.facts.Schools[code]; f != nil {
		return f.Name
	}
	return code
}
