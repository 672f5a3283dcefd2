package planning

import (
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/plan"
)

// stageFits reports whether a teacher of a school of level from may teach
// at a school of level to: the same stage (教师资格 is for primary or junior
// secondary school); a nine-year school's teachers, whose qualification
// the registry does not say, and its posts fit either.
func stageFits(from, to string) bool {
	a, b := StageOf(from), StageOf(to)
	return a == b || a == "" || b == "" || a == "九年一贯制" || b == "九年一贯制"
}

// bareSubject is a teacher's subject without the stage a plan by stage
// prefixes it with.
func bareSubject(t *plan.Teacher) string {
	for _, st := range []string{"九年一贯制", "小学", "初中"} {
		if s, ok := strings.CutPrefix(t.Subject, st); ok {
			return s
		}
	}
	return t.Subject
}

// level is the level of an instance's school, or "" when unknown.
func (x *lookup) level(code string) string {
	if f := x.facts.Schools[code]; f != nil {
		return f.Level
	}
	return ""
}

// swapProblem says why teacher in cannot take destination to in exchange
// for other (who goes to back, or leaves the plan when back is ""): a swap
// or a replacement keeps every school's teaching, so the two teach the same
// subject, and each goes only to a school of a stage they may teach.
func (x *lookup) swapProblem(in, other *plan.Teacher, to, back string) error {
	if a, b := bareSubject(in), bareSubject(other); a != b {
		return &app.Error{Code: app.Invalid,
			Message: fmt.Sprintf("只能与同学科的教师对调或替换：%s任教%s，%s任教%s", x.name(in.ID), in.Subject, x.name(other.ID), other.Subject),
			English: "Only teachers of the same subject can be swapped or replaced", Fields: map[string]string{"other": "incompatible"}}
	}
	check := func(t *plan.Teacher, dest string) error {
		if dest == "" || stageFits(x.level(t.School), x.level(dest)) {
			return nil
		}
		return &app.Error{Code: app.Invalid,
			Message: fmt.Sprintf("学段不符：%s在%s（%s）任教，不能调往%s（%s）", x.name(t.ID), x.schoolName(t.School),
				org.Levels.Label(x.level(t.School), "zh"), x.schoolName(dest), org.Levels.Label(x.level(dest), "zh")),
			English: "The stages do not match: a teacher goes only to a school of the stage they teach", Fields: map[string]string{"other": "incompatible"}}
	}
	if err := check(in, to); err != nil {
		return err
	}
	return check(other, back)
}

// swapOptions are the swaps and replacements a plan's swap form offers:
// each teacher of the plan with every candidate who may trade places with
// them, keyed "teacher:other".
func (x *lookup) swapOptions(moves []plan.Move) []*Option {
	dest := map[string]string{}
	for _, m := range moves {
		dest[m.Teacher] = m.To
	}
	out := []*Option{}
	for _, m := range moves {
		t := x.teacher[m.Teacher]
		if t == nil {
			continue
		}
		for i := range x.in.Teachers {
			o := &x.in.Teachers[i]
			// A swap of two teachers of the plan is offered once.
			if !o.Candidate || o.ID == t.ID || (dest[o.ID] != "" && o.ID < t.ID) || x.swapProblem(o, t, m.To, dest[o.ID]) != nil {
				continue
			}
			label := x.personName(t.ID) + " → " + x.schoolName(m.To) + " ⇄ " + x.personName(o.ID) + " · " + x.schoolName(o.School)
			if to := dest[o.ID]; to != "" {
				label += " → " + x.schoolName(to)
			}
			out = append(out, &Option{Key: t.ID + ":" + o.ID, Label: label + " · " + x.subjectName(o.Subject, o.School)})
		}
	}
	return out
}

// personName is a teacher's name as HR staff read it (the plan's key
// only when the name is unknown).
func (x *lookup) personName(key string) string {
	if f := x.facts.Teachers[key]; f != nil {
		return f.Name
	}
	return key
}
