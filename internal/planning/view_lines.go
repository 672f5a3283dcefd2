package planning

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"

	"jiaoliu/internal/plan"
)

// cellKey names a (school, subject) of an instance.
type cellKey struct{ school, subject string }

// cell is a (school, subject) before and after the moves.
type cell struct {
	cur, in, out, min, max int
	hasRow                 bool
}

// cells counts every (school, subject) before and after the moves.
func (x *lookup) cells(moves []plan.Move) map[cellKey]*cell {
	out := map[cellKey]*cell{}
	get := func(k cellKey) *cell {
		c := out[k]
		if c == nil {
			c = &cell{}
			out[k] = c
		}
		return c
	}
	for _, t := range x.in.Teachers {
		get(cellKey{t.School, t.Subject}).cur++
	}
	for _, c := range out {
		c.min, c.max = c.cur, c.cur
	}
	for _, r := range x.in.Staffing {
		c := get(cellKey{r.School, r.Subject})
		c.min, c.max, c.hasRow = r.Min, r.Max, true
	}
	for _, m := range moves {
		t := x.teacher[m.Teacher]
		if t == nil {
			continue
		}
		get(cellKey{t.School, t.Subject}).out++
		get(cellKey{m.To, t.Subject}).in++
	}
	return out
}

func (c *cell) after() int { return c.cur - c.out + c.in }

func (c *cell) broken() bool { return c.after() < c.min || c.after() > c.max }

// distance is the Euclidean distance of PLANNER.md between two schools.
func (x *lookup) distance(a, b string) float64 {
	sa, sb := x.school[a], x.school[b]
	if sa == nil || sb == nil {
		return 0
	}
	return math.Hypot(sa.XKm-sb.XKm, sa.YKm-sb.YKm)
}

func (x *lookup) moveLine(i int, m plan.Move, cells map[cellKey]*cell, pinned bool) *MoveLine {
	t := x.teacher[m.Teacher]
	line := &MoveLine{Index: i + 1, Teacher: m.Teacher, EducatorID: EducatorOf(m.Teacher), Name: m.Teacher, From: m.From, FromName: x.schoolName(m.From),
		To: m.To, ToName: x.schoolName(m.To), Value: m.Value, Pinned: pinned, WishRank: -1, Wishes: []string{}}
	if t != nil {
		line.Subject, line.SubjectName, line.Priority = t.Subject, x.subjectName(t.Subject, t.School), t.Priority
		line.Backbone = ""
		if t.Backbone {
			line.Backbone = "backbone"
		}
		for k, code := range t.Prefs {
			line.Wishes = append(line.Wishes, x.schoolName(code))
			if code == m.To {
				line.WishRank = k
			}
		}
		if h := cells[cellKey{m.To, t.Subject}]; h != nil {
			line.HostCur, line.HostAfter, line.HostMin, line.HostMax = h.cur, h.after(), h.min, h.max
		}
		if o := cells[cellKey{t.School, t.Subject}]; o != nil {
			line.OriginCur, line.OriginAfter, line.OriginMin = o.cur, o.after(), o.min
		}
	}
	if f := x.facts.Teachers[m.Teacher]; f != nil {
		line.Name, line.Post, line.Rule, line.Reason, line.ReasonEn, line.TenureYears = f.Name, f.Post, f.Rule, f.Reason, f.ReasonEn, f.TenureYears
		if f.Backbone != "" {
			line.Backbone = f.Backbone
		}
		line.PriorityParts = f.PriorityParts
		line.NewPrincipal = f.NewPrincipal
	}
	line.DistanceKm = math.Round(x.distance(m.From, m.To)*10) / 10
	if h := x.facts.Schools[m.To]; h != nil {
		line.HostLocation, line.HostRural, line.HostWeak = h.Location, h.Rural, h.Weak
	}
	if a, b := x.school[m.From], x.school[m.To]; a != nil && b != nil {
		line.SameConsortium = a.Consortium != "" && a.Consortium == b.Consortium
	}
	return line
}

func (x *lookup) summary(p *Plan, moves []*MoveLine, f *Facts) *Summary {
	in := x.in
	sm := &Summary{Schools: len(in.Schools), Teachers: len(in.Teachers), Candidates: f.Candidates, Exempt: f.Exempt, Busy: f.Busy,
		Target: in.Policy.Target, MinBackbone: in.Policy.MinBackbone, Base: f.Base, Existing: f.Existing, QuotaPercent: f.QuotaPercent,
		BackbonePercent: f.BackbonePercent, QuotaTarget: f.QuotaTarget, Moves: len(moves), Status: p.Result.Status, Edited: p.Edited,
		Nodes: p.Result.Nodes, Seconds: p.Result.Seconds}
	sm.QuotaNeeded = ceilPercent(f.Base, f.QuotaPercent)
	total := 0.0
	for _, m := range moves {
		if m.Backbone != "" {
			sm.Backbone++
		}
		if m.HostRural || m.HostWeak {
			sm.ToRuralOrWeak++
		}
		if m.Volunteer {
			sm.Volunteers++
		}
		if m.WishRank >= 0 {
			sm.Wished++
		}
		if m.WishRank == 0 {
			sm.FirstChoice++
		}
		total += m.DistanceKm
		sm.MaxKm = math.Max(sm.MaxKm, m.DistanceKm)
		sm.Objective += m.Value
	}
	if len(moves) > 0 {
		sm.MeanKm = math.Round(total/float64(len(moves))*10) / 10
		sm.BackboneShare = pct(sm.Backbone, len(moves))
	}
	sm.Rotated = f.Existing + len(moves)
	sm.Share = pct(sm.Rotated, f.Base)
	sm.QuotaMet = sm.Rotated >= sm.QuotaNeeded
	sm.BackboneMet = f.ExistingBackbone+sm.Backbone >= ceilPercent(sm.Rotated, f.BackbonePercent)
	sm.Objective = math.Round(sm.Objective*1e6) / 1e6
	if !p.Edited && p.Result.Status != plan.StatusInfeasible {
		sm.Objective, sm.Bound = p.Result.Objective, p.Result.Bound
	} else if p.Result.RootKnown {
		sm.Bound = math.Max(p.RootBound, sm.Objective)
	}
	if p.Result.RootKnown || (!p.Edited && p.Result.Status != plan.StatusInfeasible) {
		sm.Gap = math.Max(0, math.Round((sm.Bound-sm.Objective)*1e6)/1e6)
	}
	return sm
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return math.Round(float64(a)*1000/float64(b)) / 10
}

// staffing lists each school's staffing before and after; the subjects
// shown are those the moves touch or whose bounds break.
func (x *lookup) staffing(cells map[cellKey]*cell, only string) []*SchoolLine {
	bySchool := map[string]*SchoolLine{}
	var out []*SchoolLine
	for _, sc := range x.in.Schools {
		if only != "" && sc.ID != only {
			continue
		}
		f := x.facts.Schools[sc.ID]
		line := &SchoolLine{Code: sc.ID, Name: x.schoolName(sc.ID), Rural: sc.Rural, Weak: sc.Weak, Cells: []*CellLine{}}
		if f != nil {
			line.Location = f.Location
		}
		bySchool[sc.ID] = line
		out = append(out, line)
	}
	keys := make([]cellKey, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cellKey) int {
		return cmp.Or(cmp.Compare(a.school, b.school), cmp.Compare(a.subject, b.subject))
	})
	for _, k := range keys {
		c, line := cells[k], bySchool[k.school]
		if line == nil {
			continue
		}
		line.Before += c.cur
		line.After += c.after()
		line.In += c.in
		line.Out += c.out
		broken := c.broken()
		line.Broken = line.Broken || broken
		if c.in > 0 || c.out > 0 || broken || only != "" {
			line.Cells = append(line.Cells, &CellLine{Subject: k.subject, Before: c.cur, After: c.after(), Min: c.min, Max: c.max, In: c.in, Out: c.out, Broken: broken})
		}
	}
	return out
}

func (x *lookup) mapData(moves []plan.Move) *MapData {
	d := &MapData{MinX: math.Inf(1), MinY: math.Inf(1), MaxX: math.Inf(-1), MaxY: math.Inf(-1)}
	count := map[string]int{}
	for _, m := range moves {
		count[m.From]++
		count[m.To]++
	}
	for _, sc := range x.in.Schools {
		d.MinX, d.MaxX = math.Min(d.MinX, sc.XKm), math.Max(d.MaxX, sc.XKm)
		d.MinY, d.MaxY = math.Min(d.MinY, sc.YKm), math.Max(d.MaxY, sc.YKm)
		d.Schools = append(d.Schools, MapSchool{Code: sc.ID, Name: x.schoolName(sc.ID), X: sc.XKm, Y: sc.YKm, Rural: sc.Rural, Weak: sc.Weak, Moves: count[sc.ID]})
	}
	for _, m := range moves {
		a, b, t := x.school[m.From], x.school[m.To], x.teacher[m.Teacher]
		if a == nil || b == nil || t == nil {
			continue
		}
		d.Moves = append(d.Moves, MapMove{X1: a.XKm, Y1: a.YKm, X2: b.XKm, Y2: b.YKm, Backbone: t.Backbone,
			Label: x.facts.Teachers[m.Teacher].nameOr(m.Teacher) + "：" + x.schoolName(m.From) + " → " + x.schoolName(m.To)})
	}
	if len(d.Schools) == 0 {
		d.MinX, d.MinY, d.MaxX, d.MaxY = -1, -1, 1, 1
	}
	return d
}

func (f *TeacherFact) nameOr(key string) string {
	if f == nil {
		return key
	}
	return f.Name
}

// subjectName is an instance's subject without the stage of the school
// that a plan by stage puts before it.
func (x *lookup) subjectName(subject, school string) string {
	if f := x.facts.Schools[school]; f != nil {
		if rest, ok := strings.CutPrefix(subject, StageOf(f.Level)); ok && rest != "" {
			return rest
		}
	}
	return subject
}

// codeRef matches the teacher keys and school codes in the planner's
// messages.
var codeRef = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// withNames words a planner's message with people's and schools' names
// instead of the instance's keys and codes, as the bureau knows them.
func (x *lookup) withNames(msg string) string {
	return codeRef.ReplaceAllStringFunc(msg, func(code string) string {
		if f := x.facts.Teachers[code]; f != nil && f.Name != "" {
			return f.Name
		}
		if x.school[code] != nil {
			return x.schoolName(code)
		}
		return code
	})
}

// violationText words a violation with names instead of ids.
func (x *lookup) violationText(v plan.Violation, lang string) string {
	if lang == "en" {
		return x.withNames(v.English)
	}
	return x.withNames(v.Zh)
}

// reasonText words the reasons of an infeasible plan with names, in one
// language, each reason a sentence of its own.
func (x *lookup) reasonText(rs []plan.Reason, lang string) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		msg := r.Zh
		if lang == "en" {
			msg = r.English
		}
		msg = x.withNames(msg)
		if lang == "en" {
			msg = strings.Replace(msg, "the pinned move ", "the fixed move ", 1)
		} else {
			msg = strings.Replace(msg, "固定的调动 ", "固定的调动", 1)
			msg = strings.Replace(msg, " 无法执行", "无法执行", 1)
		}
		out[i] = msg
	}
	if lang == "en" {
		return strings.Join(out, "; ")
	}
	return strings.Join(out, "；")
}
