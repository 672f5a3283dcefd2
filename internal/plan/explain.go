package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// diagnose finds the common causes of infeasibility by counting: each
// reason it returns is a proof on its own that no feasible plan exists,
// put in the words of a bureau. It returns nil when counting proves nothing.
//
// Long because it is one counting pass (movers per school, inflow per cell,
// sums per subject) followed by the checks that read those counts, in the
// order a bureau should read the reasons.
func diagnose(x *index, pins *pinning) []Reason {
	in := x.in
	p := &in.Policy
	var rs []Reason
	add := func(code, zh, en string) { rs = append(rs, Reason{Code: code, Zh: zh, English: en}) }

	// Which candidates can go anywhere at all, and where. Teachers of one
	// school, subject and backbone class share their destinations, so they
	// are counted per group; a teacher with forbidden destinations alone.
	nSchools := len(in.Schools)
	movable := make([]bool, len(in.Teachers))
	candidates, movers, bbCandidates, bbMovers := 0, 0, 0, 0
	moversOf := make([]int, nSchools)
	bbMoversOf := make([]int, nSchools)
	inflowMax := make([]int, len(x.cells)) // movable teachers who can reach each cell
	arrive := func(dests []int, j, n int) {
		for _, d := range dests {
			inflowMax[x.cellOf[cellKey{d, j}]] += n
		}
	}
	for c := range x.cells {
		cl := &x.cells[c]
		var group [2]int // movable teachers without forbidden schools, per backbone class
		for _, t := range cl.candidates {
			tt := &in.Teachers[t]
			candidates++
			if tt.Backbone {
				bbCandidates++
			}
			if pins.forbidAll[t] && pins.pinTo[t] < 0 || x.outCap[cl.school] == 0 {
				continue
			}
			dests := x.groupDests(cl.school, cl.subject, tt.Backbone)
			if f := pins.forbidden[t]; f != nil {
				var own []int
				for _, d := range dests {
					if !f[d] {
						own = append(own, d)
					}
				}
				arrive(own, cl.subject, 1)
				movable[t] = len(own) > 0
			} else if len(dests) > 0 {
				movable[t] = true
				if tt.Backbone {
					group[1]++
				} else {
					group[0]++
				}
			}
			if movable[t] {
				movers++
				moversOf[cl.school]++
				if tt.Backbone {
					bbMovers++
					bbMoversOf[cl.school]++
				}
			}
		}
		for b, n := range group {
			if n > 0 {
				arrive(x.groupDests(cl.school, cl.subject, b == 1), cl.subject, n)
			}
		}
	}
	capped := func(per []int) int {
		n := 0
		for s, v := range per {
			if c := x.outCap[s]; c >= 0 && v > c {
				v = c
			}
			n += v
		}
		return n
	}
	dest := destinationWords(p)

	if p.Target > movers {
		if movers == candidates {
			add(CodeTarget, fmt.Sprintf("只有%d名候选教师可以交流，目标需要%d名", movers, p.Target),
				fmt.Sprintf("only %d candidates may rotate; the target is %d", movers, p.Target))
		} else {
			add(CodeTarget, fmt.Sprintf("%d名候选教师中只有%d名能调往%s，目标需要%d名", candidates, movers, dest.zh, p.Target),
				fmt.Sprintf("only %d of %d candidates can reach %s; the target is %d", movers, candidates, dest.en, p.Target))
		}
	} else if n := capped(moversOf); p.Target > n {
		add(CodeOutShare, fmt.Sprintf("每校调出不超过在编人数的%s%%，全县最多只能交流%d名，目标需要%d名", num(100*p.MaxOutShare), n, p.Target),
			fmt.Sprintf("with at most %s%% of each school's staff leaving, only %d teachers can rotate; the target is %d",
				num(100*p.MaxOutShare), n, p.Target))
	}
	if p.MinBackbone > p.Target {
		add(CodeMinBackbone, fmt.Sprintf("至少需要%d名骨干教师交流，但交流总人数目标只有%d名", p.MinBackbone, p.Target),
			fmt.Sprintf("at least %d backbone teachers must rotate but the target is only %d", p.MinBackbone, p.Target))
	}
	if p.MinBackbone > bbMovers {
		if p.BackboneToRuralOrWeak {
			add(CodeMinBackbone, fmt.Sprintf("只有%d名骨干候选人能去%s，至少需要%d名", bbMovers, dest.bbZh, p.MinBackbone),
				fmt.Sprintf("only %d backbone candidates can reach %s; %d are required", bbMovers, dest.bbEn, p.MinBackbone))
		} else {
			add(CodeMinBackbone, fmt.Sprintf("只有%d名骨干候选人可以交流（骨干候选人共%d名），至少需要%d名", bbMovers, bbCandidates, p.MinBackbone),
				fmt.Sprintf("only %d backbone candidates can rotate (of %d); %d are required", bbMovers, bbCandidates, p.MinBackbone))
		}
	} else if n := capped(bbMoversOf); p.MinBackbone > n {
		add(CodeOutShare, fmt.Sprintf("每校调出不超过在编人数的%s%%，最多只能交流%d名骨干教师，至少需要%d名", num(100*p.MaxOutShare), n, p.MinBackbone),
			fmt.Sprintf("with at most %s%% of each school's staff leaving, only %d backbone teachers can rotate; %d are required",
				num(100*p.MaxOutShare), n, p.MinBackbone))
	}

	// Staffing of each cell, and of each subject over the county.
	type subjectSum struct{ total, min, max, mustLeave, mustArrive int }
	subj := make([]subjectSum, len(x.subjects))
	for c := range x.cells {
		cl := &x.cells[c]
		outMax := 0
		for _, t := range cl.candidates {
			if movable[t] {
				outMax++
			}
		}
		if cp := x.outCap[cl.school]; cp >= 0 && outMax > cp {
			outMax = cp
		}
		id, name := in.Schools[cl.school].ID, x.subjects[cl.subject]
		if cl.cur-cl.max > outMax {
			add(CodeStaffingMax, fmt.Sprintf("%s%s教师现有%d名，编制上限%d名，但最多只能调出%d名", id, name, cl.cur, cl.max, outMax),
				fmt.Sprintf("%s has %d %s teachers and a maximum of %d, but at most %d can leave", id, cl.cur, name, cl.max, outMax))
		}
		if cl.min-cl.cur > inflowMax[c] {
			add(CodeStaffingMin, fmt.Sprintf("%s%s教师至少需要%d名，现有%d名，最多只能调入%d名", id, name, cl.min, cl.cur, inflowMax[c]),
				fmt.Sprintf("%s needs at least %d %s teachers and has %d, but at most %d can arrive", id, cl.min, name, cl.cur, inflowMax[c]))
		}
		s := &subj[cl.subject]
		s.total += cl.cur
		s.min += cl.min
		s.max += cl.max
		s.mustLeave += max(0, cl.cur-cl.max)
		s.mustArrive += max(0, cl.min-cl.cur)
	}
	forced := 0
	for j, s := range subj {
		name := x.subjects[j]
		if s.min > s.total {
			add(CodeStaffingMin, fmt.Sprintf("全县%s教师共%d名，各校编制下限合计%d名", name, s.total, s.min),
				fmt.Sprintf("the county has %d %s teachers but the schools' minimums add up to %d", s.total, name, s.min))
		}
		if s.max < s.total {
			add(CodeStaffingMax, fmt.Sprintf("全县%s教师共%d名，各校编制上限合计只有%d名", name, s.total, s.max),
				fmt.Sprintf("the county has %d %s teachers but the schools' maximums add up to only %d", s.total, name, s.max))
		}
		forced += max(s.mustLeave, s.mustArrive)
	}
	if forced > p.Target {
		add(CodeTarget, fmt.Sprintf("编制要求至少调整%d名教师（超编须调出、缺编须调入），而目标只有%d名", forced, p.Target),
			fmt.Sprintf("the staffing quotas require at least %d moves (surpluses must leave, shortages be filled) but the target is %d",
				forced, p.Target))
	}
	pinned := 0
	for _, s := range pins.pinTo {
		if s >= 0 {
			pinned++
		}
	}
	if pinned > p.Target {
		add(CodePin, fmt.Sprintf("已固定%d名教师的调动，超过目标%d名", pinned, p.Target),
			fmt.Sprintf("%d moves are pinned, more than the target of %d", pinned, p.Target))
	}
	return rs
}

type destWords struct{ zh, en, bbZh, bbEn string }

// destinationWords names the schools the policy lets teachers go to.
func destinationWords(p *Policy) destWords {
	var zh, en []string
	if p.MaxDistanceKm > 0 {
		zh = append(zh, fmt.Sprintf("%s公里以内", num(p.MaxDistanceKm)))
		en = append(en, fmt.Sprintf("within %s km", num(p.MaxDistanceKm)))
	}
	if p.WithinConsortium {
		zh = append(zh, "本联合体内")
		en = append(en, "in their consortium")
	}
	d := destWords{zh: "符合规则的学校", en: "an allowed school", bbZh: "农村或薄弱学校", bbEn: "a rural or weak school"}
	if len(zh) > 0 {
		d.zh = strings.Join(zh, "、") + "可接收的学校"
		d.en = "a school that can take them " + strings.Join(en, " and ")
	}
	if p.WithinConsortium {
		d.bbZh = "本联合体内的农村或薄弱学校"
		d.bbEn = "a rural or weak school in their consortium"
	}
	return d
}

// relaxation is one group of constraints the fallback explanation drops to
// see whether it alone stands in the way.
type relaxation struct {
	zh, en   string
	apply    func(in *Instance, opts *Options)
	staffing bool // the staffing quotas
}

func relax(zh, en string, apply func(*Instance, *Options)) relaxation {
	return relaxation{zh: zh, en: en, apply: apply}
}

func relaxations(in *Instance, opts *Options) []relaxation {
	p := &in.Policy
	var rs []relaxation
	rs = append(rs, relax(fmt.Sprintf("交流人数目标（%d名）", p.Target), fmt.Sprintf("the target of %d moves", p.Target),
		func(in *Instance, _ *Options) { in.Policy.Target = -1 }))
	if p.MinBackbone > 0 {
		rs = append(rs, relax(fmt.Sprintf("骨干教师下限（%d名）", p.MinBackbone),
			fmt.Sprintf("the minimum of %d backbone teachers", p.MinBackbone),
			func(in *Instance, _ *Options) { in.Policy.MinBackbone = 0 }))
	}
	if p.MaxOutShare > 0 {
		rs = append(rs, relax(fmt.Sprintf("每校调出比例上限（%s%%）", num(100*p.MaxOutShare)),
			fmt.Sprintf("the cap of %s%% of staff leaving each school", num(100*p.MaxOutShare)),
			func(in *Instance, _ *Options) { in.Policy.MaxOutShare = 0 }))
	}
	if p.MaxDistanceKm > 0 {
		rs = append(rs, relax(fmt.Sprintf("就近交流距离限制（%s公里）", num(p.MaxDistanceKm)),
			fmt.Sprintf("the distance limit of %s km", num(p.MaxDistanceKm)),
			func(in *Instance, _ *Options) { in.Policy.MaxDistanceKm = 0 }))
	}
	if p.BackboneToRuralOrWeak {
		rs = append(rs, relax("骨干教师只去农村或薄弱学校", "backbone teachers going only to rural or weak schools",
			func(in *Instance, _ *Options) { in.Policy.BackboneToRuralOrWeak = false }))
	}
	if p.WithinConsortium {
		rs = append(rs, relax("在办学联合体内交流", "rotation within consortia",
			func(in *Instance, _ *Options) { in.Policy.WithinConsortium = false }))
	}
	rs = append(rs, relaxation{zh: "各校各学科编制（调出调入须对等或在编制上下限之内）",
		en: "the staffing quotas of each school and subject",
		apply: func(in *Instance, _ *Options) {
			in.Staffing = nil
			for s := range in.Schools {
				for _, j := range subjectsOf(in) {
					in.Staffing = append(in.Staffing, Staffing{School: in.Schools[s].ID, Subject: j, Min: 0, Max: len(in.Teachers)})
				}
			}
		}, staffing: true})
	if len(opts.Pins)+len(opts.Forbids) > 0 {
		rs = append(rs, relax("人工固定或禁止的调动", "the pinned and forbidden moves",
			func(_ *Instance, o *Options) { o.Pins, o.Forbids = nil, nil }))
	}
	return rs
}

func subjectsOf(in *Instance) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range in.Teachers {
		if !seen[t.Subject] {
			seen[t.Subject] = true
			out = append(out, t.Subject)
		}
	}
	return out
}

// num formats a number for people: at most two decimals, no trailing zeros.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// explanation joins reasons into the plan's explanation: Chinese first,
// then English.
func explanation(rs []Reason) string {
	zh := make([]string, len(rs))
	en := make([]string, len(rs))
	for i, r := range rs {
		zh[i] = r.Zh
		en[i] = r.English
	}
	return strings.Join(zh, "；") + "。\n" + strings.Join(en, "; ") + "."
}
