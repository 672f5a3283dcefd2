package demo

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// The demo's rotation: each county's policy for 2025 (its first year, 8 %)
// and 2026 (10 %); exchanges of 2025 and 2026 in every status, made through
// the service like a bureau would, from the people the rules select; two
// deferrals; a 乡镇内支教 selection; assessments; the 2025 returns submitted.
// 澜城区 meets its 2026 quota, 栖云县 does not yet.

// demoRotationPlan says how many exchanges each county gets.
type demoRotationPlan struct {
	done2022, active2025, returned2025   int // from the 2025 list
	announced2026, active2026, planned26 int // from the 2026 list
}

var demoRotationPlans = []demoRotationPlan{
	{done2022: 2, active2025: 17, returned2025: 1, announced2026: 7, active2026: 15, planned26: 2},
	{done2022: 2, active2025: 21, returned2025: 1, announced2026: 4, active2026: 11, planned26: 3},
}

// loadDemoRotation fills in the demo's rotation; ctx carries the loader's
// transaction and actor.
func loadDemoRotation(ctx context.Context, s *Services, ids *demoIDs) error {
	rs := s.Rotation
	counties, err := s.DB.FindCounties(ctx, app.Scope{All: true})
	if err != nil {
		return err
	}
	d := func(y int, m time.Month, day int) app.Date { return app.NewDate(y, m, day) }
	for i, c := range counties {
		// Policies: 2025 is the first year; 2026 carries it on at 10 %.
		v, err := rs.FindPolicy(ctx, c.ID, 2025)
		if err != nil {
			return err
		}
		in := rotation.InputOf(v.Policy)
		in.FirstYear, in.Note = 2025, "依据榆林市《关于推进县域内义务教育学校教师校长交流轮岗工作的通知》制定"
		if _, err := rs.UpdatePolicy(ctx, c.ID, 2025, in); err != nil {
			return err
		}
		in.Note = "沿用2025学年政策，交流比例提高到10%"
		if _, err := rs.UpdatePolicy(ctx, c.ID, 2026, in); err != nil {
			return err
		}
		if i >= len(demoRotationPlans) {
			continue
		}
		plan := demoRotationPlans[i]
		dm := &demoRotation{ctx: ctx, s: s, county: c, used: map[int64]bool{}}
		if err := dm.loadSchools(); err != nil {
			return err
		}
		// 2025: people on that year's list.
		list25, _, err := rs.FindEligible(ctx, rotation.EligibleFilter{AsOf: d(2025, 9, 1), CountyID: c.ID})
		if err != nil {
			return err
		}
		// Long-served exchanges of 2022–2025: completed, and the last one
		// ending in a transfer to the host.
		for n, e := range dm.pick(list25, plan.done2022, false, d(2016, 9, 1)) {
			x, err := dm.exchange(e, d(2022, 9, 1), d(2025, 8, 31), d(2022, 8, 20), rotation.StatusActive)
			if err != nil {
				return err
			}
			if n == plan.done2022-1 {
				if err := dm.transfer(x, d(2025, 8, 31)); err != nil {
					return err
				}
				continue
			}
			if _, err := rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusCompleted, Date: d(2025, 8, 31)}); err != nil {
				return err
			}
		}
		for n, e := range dm.pick(list25, plan.active2025+plan.returned2025, true, d(2025, 9, 1)) {
			x, err := dm.exchange(e, d(2025, 9, 1), d(2028, 8, 31), d(2025, 8, 20), rotation.StatusActive)
			if err != nil {
				return err
			}
			switch {
			case n >= plan.active2025:
				if _, err := rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusReturned, Date: d(2026, 1, 20),
					Reason: "本人身体原因，经批准提前返回原学校"}); err != nil {
					return err
				}
			case n < 5:
				if err := dm.assess(x, 2025, n < 3); err != nil {
					return err
				}
			}
		}
		// 2026: people on this year's list not already moving, backbone
		// teachers first so 30 % of those rotated are backbone.
		list26, _, err := rs.FindEligible(ctx, rotation.EligibleFilter{AsOf: d(2026, 9, 1), CountyID: c.ID})
		if err != nil {
			return err
		}
		if err := dm.principal(list26, d(2026, 9, 1)); err != nil {
			return err
		}
		for n, e := range dm.pick(list26, plan.announced2026+plan.active2026+plan.planned26, true, d(2026, 9, 1)) {
			to := rotation.StatusPlanned
			switch {
			case n < plan.active2026:
				to = rotation.StatusActive
			case n < plan.active2026+plan.announced2026:
				to = rotation.StatusAnnounced
			}
			if _, err := dm.exchange(e, d(2026, 9, 1), d(2029, 8, 31), d(2026, 8, 20), to); err != nil {
				return err
			}
		}
		if err := dm.exemptions(list26, i == 0); err != nil {
			return err
		}
		if i == 1 {
			if err := dm.round(); err != nil {
				return err
			}
		}
		if _, err := rs.SubmitReturn(ctx, c.ID, 2025, rotation.SubmitInput{}); err != nil {
			return err
		}
	}
	return nil
}

// demoRotation makes one county's exchanges.
type demoRotation struct {
	ctx     context.Context
	s       *Services
	county  *org.County
	schools []*org.School
	byID    map[int64]*org.School
	used    map[int64]bool
	turn    int
	// since is the first day of each educator's open appointment.
	since map[int64]app.Date
}

func (dm *demoRotation) loadSchools() error {
	all, _, err := dm.s.DB.FindSchools(dm.ctx, org.SchoolFilter{CountyID: dm.county.ID, Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	careers, err := dm.s.DB.FindRotationCareers(dm.ctx, rotation.PeopleFilter{CountyIDs: []int64{dm.county.ID}, Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	dm.since = map[int64]app.Date{}
	for id, rows := range careers {
		if last := rows[len(rows)-1]; last.Kind == people.CareerAppointment && last.End.IsZero() {
			dm.since[id] = last.Start
		}
	}
	dm.byID = map[int64]*org.School{}
	for _, sc := range all {
		dm.byID[sc.ID] = sc
		if sc.Compulsory() {
			dm.schools = append(dm.schools, sc)
		}
	}
	return nil
}

// pick takes n people of a list who must rotate, not yet used, not exempt,
// teachers (backbone first when asked), whose open appointment began before
// the date (so an exchange from it can split it).
func (dm *demoRotation) pick(list []*rotation.Eligibility, n int, backboneFirst bool, before app.Date) []*rotation.Eligibility {
	var out []*rotation.Eligibility
	take := func(want func(*rotation.Eligibility) bool) {
		for i := 0; i < len(list) && len(out) < n; i++ {
			// Spread the picks over the county: every third person.
			e := list[(i*3+dm.turn)%len(list)]
			if !e.Must || e.Exempt || dm.used[e.EducatorID] || e.RuleCodeOf() != rotation.RuleTeacher || !want(e) || !dm.began(e.EducatorID, before) {
				continue
			}
			dm.used[e.EducatorID] = true
			out = append(out, e)
		}
	}
	if backboneFirst {
		take(func(e *rotation.Eligibility) bool { return e.Backbone != "" && len(out) < (n+2)/3+1 })
	}
	take(func(*rotation.Eligibility) bool { return true })
	dm.turn++
	return out
}

// began reports whether an educator's open appointment began before a date.
func (dm *demoRotation) began(id int64, before app.Date) bool {
	since, ok := dm.since[id]
	return ok && since.Before(before)
}

// host chooses where someone of origin goes: a compatible school of the
// other kind (urban ↔ rural or weak), in turn.
func (dm *demoRotation) host(origin *org.School) *org.School {
	stage := func(l string) int {
		switch l {
		case "primary":
			return 1
		case "junior", "complete":
			return 2
		}
		return 3 // nine-year: either
	}
	urban := origin.Location == "urban"
	var cand []*org.School
	for _, sc := range dm.schools {
		if sc.ID == origin.ID || sc.VillagePoint {
			continue
		}
		if s1, s2 := stage(origin.Level), stage(sc.Level); s1 != s2 && s1 != 3 && s2 != 3 {
			continue
		}
		if urban == (sc.Location == "urban" && !sc.Weak) {
			continue
		}
		cand = append(cand, sc)
	}
	if len(cand) == 0 {
		return nil
	}
	dm.turn++
	return cand[dm.turn%len(cand)]
}

// exchange makes an exchange of e and takes it to status to: announced on
// announce, active from start.
func (dm *demoRotation) exchange(e *rotation.Eligibility, start, end, announce app.Date, to rotation.ExchangeStatus) (*rotation.Exchange, error) {
	rs, ctx := dm.s.Rotation, dm.ctx
	origin := dm.byID[e.SchoolID]
	host := dm.host(origin)
	if host == nil {
		return nil, fmt.Errorf("demo rotation: no host for %s", origin.Name)
	}
	form := rotation.FormSupport
	switch {
	case origin.ConsortiumID != 0 && origin.ConsortiumID == host.ConsortiumID:
		form = rotation.FormConsortium
	case origin.Location != "urban" && host.Location == "urban":
		form = rotation.FormSwap
	case dm.turn%7 == 0:
		form = rotation.FormPartTime
	}
	in := rotation.ExchangeInput{EducatorID: e.EducatorID, Form: form, HostSchoolID: host.ID, Start: start, PlannedEnd: end,
		HigherGrade: origin.Location == "urban" && host.Location == "rural" && e.Backbone != ""}
	if in.HigherGrade {
		in.Allowance = "农村学校任教津贴按城区标准的2倍发放"
	}
	x, err := rs.CreateExchange(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("demo exchange of %s: %w", e.Name, err)
	}
	if to == rotation.StatusPlanned {
		return x, nil
	}
	if x, err = rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusAnnounced, Date: announce}); err != nil || to == rotation.StatusAnnounced {
		return x, err
	}
	return rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusActive, Date: start})
}

// transfer ends an exchange with the teacher moving to the host school.
func (dm *demoRotation) transfer(x *rotation.Exchange, on app.Date) error {
	rs, ctx := dm.s.Rotation, dm.ctx
	if _, err := rs.RequestTransfer(ctx, x.ID, rotation.TransferInput{Date: on.AddDays(-90), Note: "本人申请留任交流学校"}); err != nil {
		return err
	}
	for _, side := range []string{"origin", "host"} {
		if _, err := rs.ConsentTransfer(ctx, x.ID, rotation.TransferInput{Side: side}); err != nil {
			return err
		}
	}
	_, err := rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusTransferred, Date: on})
	return err
}

// assess enters a year's assessment by the host, confirmed or not.
func (dm *demoRotation) assess(x *rotation.Exchange, year int, confirm bool) error {
	grade, comment := "competent", "按时完成交流学校教学任务，参加教研活动积极。"
	if x.ID%2 == 0 {
		grade, comment = "excellent", "所带班级成绩提升明显，承担校级公开课2节，带教青年教师1名。"
	}
	a, err := dm.s.Rotation.EnterAssessment(dm.ctx, x.ID, rotation.AssessmentInput{SchoolYear: year, Grade: grade, Comment: comment})
	if err != nil || !confirm {
		return err
	}
	_, err = dm.s.Rotation.ConfirmAssessment(dm.ctx, a.ID)
	return err
}

// principal rotates one principal on the list, by competition for the post
// (岗位竞聘), for one term of four years: with the principal of a school of
// the same level, who takes the vacated post on the same day (a school has
// one principal).
func (dm *demoRotation) principal(list []*rotation.Eligibility, start app.Date) error {
	for _, e := range list {
		if !e.Must || e.Post != people.PostPrincipal || dm.used[e.EducatorID] || !dm.began(e.EducatorID, start) {
			continue
		}
		origin := dm.byID[e.SchoolID]
		for _, sc := range dm.schools {
			if sc.ID == origin.ID || sc.Level != origin.Level || sc.VillagePoint {
				continue
			}
			heads, err := dm.s.DB.FindRotationPeople(dm.ctx, rotation.PeopleFilter{SchoolID: sc.ID, Within: app.Scope{All: true}})
			if err != nil {
				return err
			}
			var other int64
			for _, h := range heads {
				if h.Post == people.PostPrincipal && !dm.used[h.ID] && dm.began(h.ID, start) {
					other = h.ID
				}
			}
			if other == 0 {
				continue
			}
			rs, ctx := dm.s.Rotation, dm.ctx
			var xs []*rotation.Exchange
			err = dm.s.DB.InTx(ctx, func(ctx context.Context) error {
				for _, m := range []struct{ who, to int64 }{{e.EducatorID, sc.ID}, {other, origin.ID}} {
					x, err := rs.CreateExchange(ctx, rotation.ExchangeInput{EducatorID: m.who, Form: rotation.FormCompetition, HostSchoolID: m.to,
						Start: start, PlannedEnd: start.AddYears(4).AddDays(-1), Note: "校长选聘，聘期一届"})
					if err != nil {
						return err
					}
					xs = append(xs, x)
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, step := range []rotation.StatusInput{{Status: rotation.StatusAnnounced, Date: start.AddDays(-12)}, {Status: rotation.StatusActive, Date: start}} {
				for _, x := range xs {
					if _, err := rs.ChangeExchangeStatus(ctx, x.ID, step); err != nil {
						return err
					}
				}
			}
			dm.used[e.EducatorID], dm.used[other] = true, true
			return nil
		}
	}
	return nil
}

// exemptions defers one teacher on the list: approved in the first county,
// awaiting a decision in the second.
func (dm *demoRotation) exemptions(list []*rotation.Eligibility, approve bool) error {
	rs, ctx := dm.s.Rotation, dm.ctx
	for _, e := range dm.pick(list, 1, false, app.NewDate(2026, time.September, 1)) {
		m, err := rs.ApplyExemption(ctx, rotation.ExemptionInput{EducatorID: e.EducatorID, Reason: "featured_course",
			Detail: "学校" + e.SchoolName + "书法特色课程领衔教师，课程建设处于关键期", Evidence: "县教育局特色课程认定文件；近三年课程方案与学生作品集",
			Start: app.NewDate(2026, time.September, 1), End: app.NewDate(2027, time.August, 31)})
		if err != nil {
			return err
		}
		if approve {
			if _, err := rs.DecideExemption(ctx, m.ID, rotation.DecisionInput{Approve: true, Note: "同意暂缓一年，期满列入交流"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// round opens a 乡镇内支教 selection between a mountain school and a flat
// or weak one, with three scored applications, published in the school.
func (dm *demoRotation) round() error {
	rs, ctx := dm.s.Rotation, dm.ctx
	for _, sc := range dm.schools {
		if sc.Terrain == "" || sc.VillagePoint {
			continue
		}
		hosts, err := rs.FindRoundHosts(ctx, sc.ID)
		if err != nil || len(hosts) == 0 {
			continue
		}
		teachers, err := dm.s.DB.FindRotationPeople(ctx, rotation.PeopleFilter{SchoolID: sc.ID, Within: app.Scope{All: true},
			StaffStatuses: []people.StaffStatus{people.StaffEstablished}})
		if err != nil {
			return err
		}
		var apps []*rotation.Person
		for _, t := range teachers {
			if rotation.RuleFor(t.Post) == rotation.RuleTeacher && !dm.used[t.ID] && len(apps) < 3 {
				apps = append(apps, t)
			}
		}
		if len(apps) < 3 {
			continue
		}
		r, err := rs.CreateRound(ctx, rotation.RoundInput{SchoolID: sc.ID, HostSchoolID: hosts[0].ID, Places: 2, NoticeDays: 5,
			Start: app.NewDate(2027, time.September, 1), PlannedEnd: app.NewDate(2030, time.August, 31), Note: "2027学年乡镇内山区、坝区学校教师交流"})
		if err != nil {
			return err
		}
		scores := map[int64]float64{}
		for i, t := range apps {
			ap, err := rs.Apply(ctx, r.ID, rotation.ApplicationInput{EducatorID: t.ID, Statement: "本人自愿到" + hosts[0].Name + "支教，服从学校安排"})
			if err != nil {
				return err
			}
			scores[ap.ID] = []float64{91.5, 86, 78.5}[i]
		}
		if _, err := rs.ScoreApplications(ctx, r.ID, rotation.ScoreInput{Scores: scores}); err != nil {
			return err
		}
		_, err = rs.PublishRound(ctx, r.ID)
		return err
	}
	return nil
}
