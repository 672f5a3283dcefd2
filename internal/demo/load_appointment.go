package demo

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// The demo's principal selection (校长选聘, SPEC §6, seed [004]) in the
// first county, run by county1 and watched by inspector1: one selection
// finished half a year ago, its appointee's three-year contract running;
// another at its democratic evaluation now, some phone ballots cast.
//
// The procedure's days lie in the past, so it runs on a clock of its own
// that the loader moves forward step by step.

// loadDemoAppointment runs both selections through the service.
func loadDemoAppointment(ctx context.Context, s *Services, ids *demoIDs) error {
	hr, err := demoActor(ctx, s, "county1")
	if err != nil {
		return err
	}
	today := app.DateOf(s.Clock.Now())
	clock := app.NewFixedClock(today.AddDays(-200).Time().Add(2 * time.Hour))
	at := func(d app.Date) { clock.Advance(d.Time().Add(2 * time.Hour).Sub(clock.Now())) }
	notices := notice.NewService(s.DB, s.Audit, clock)
	svc := appointment.NewService(s.DB, s.Rotation, s.Audit, clock)
	svc.SetNotices(notices)
	svc.SetQualifier(s.Training)
	schools, _, err := s.DB.FindSchools(ctx, org.SchoolFilter{CountyID: ids.county1, Level: "primary", Location: "urban", Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	// Schools whose principal has held the post since before the first
	// selection opened.
	var posts []*org.School
	for _, sc := range schools {
		if sc.ID == ids.school1 || sc.ID == ids.mentorSchool || len(posts) == 2 {
			continue
		}
		heads, _, err := s.DB.FindEducators(ctx, people.EducatorFilter{SchoolID: sc.ID, Post: people.PostPrincipal, Within: app.Scope{All: true}})
		if err != nil {
			return err
		}
		if len(heads) == 1 && heads[0].PostSince.Before(today.AddDays(-200)) && heads[0].JoinedSchool.Before(today.AddDays(-200)) {
			posts = append(posts, sc)
		}
	}
	if len(posts) < 2 {
		return fmt.Errorf("demo appointment: too few urban primary schools")
	}
	pool, err := demoHeadCandidates(ctx, s, ids, today, posts)
	if err != nil {
		return err
	}
	start := today.AddDays(-200)
	first, err := demoSelection(hr, s, svc, posts[0], start, pool[:3])
	if err != nil {
		return err
	}
	at(start.AddDays(12))
	codes, err := svc.OpenEvaluation(hr, first.ID, appointment.EvaluationInput{Voters: 46, Codes: 12})
	if err != nil {
		return err
	}
	d, err := svc.FindByID(hr, first.ID)
	if err != nil {
		return err
	}
	paper := map[int64]appointment.Counts{}
	for i, c := range d.Candidates {
		if c.Qualified() {
			paper[c.ID] = [...]appointment.Counts{{Excellent: 21, Competent: 10, Basic: 2, Incompetent: 1}, {Excellent: 9, Competent: 12, Basic: 8, Incompetent: 5},
				{Excellent: 6, Competent: 9, Basic: 10, Incompetent: 9}}[i%3]
		}
	}
	if _, err := svc.EnterPaper(hr, first.ID, appointment.PaperInput{Counts: paper}); err != nil {
		return err
	}
	if err := demoPhoneBallots(ctx, svc, codes.Codes[:10], d.Candidates); err != nil {
		return err
	}
	d, err = svc.Count(hr, first.ID)
	if err != nil {
		return err
	}
	at(start.AddDays(20))
	var chosen *appointment.Candidate
	for _, c := range d.Candidates {
		if c.Status != appointment.CandidatePassed {
			continue
		}
		if _, err := svc.Report(hr, first.ID, c.ID, appointment.ReportInput{Report: "考察组经个别谈话、查阅资料和实地走访：政治素质好，熟悉农村学校管理，" +
			"在原单位主持教学工作成效明显，群众公认度高。廉洁自律方面未发现问题。"}); err != nil {
			return err
		}
		if chosen == nil {
			chosen = c
		}
	}
	at(start.AddDays(25))
	if _, err := svc.Decide(hr, first.ID, appointment.DecisionInput{CandidateID: chosen.ID, Members: 9, For: 8, Abstain: 1,
		Note: "县校长遴选委员会第三次会议，纪检监察组列席"}); err != nil {
		return err
	}
	at(start.AddDays(31))
	if _, err := svc.Appoint(hr, first.ID, appointment.AppointInput{}); err != nil {
		return err
	}
	// The second selection, registration closed, evaluation under way today.
	at(today.AddDays(-20))
	second, err := demoSelection(hr, s, svc, posts[1], today.AddDays(-20), pool[3:])
	if err != nil {
		return err
	}
	at(today)
	codes, err = svc.OpenEvaluation(hr, second.ID, appointment.EvaluationInput{Voters: 38, Codes: 20})
	if err != nil {
		return err
	}
	d, err = svc.FindByID(hr, second.ID)
	if err != nil {
		return err
	}
	return demoPhoneBallots(ctx, svc, codes.Codes[:6], d.Candidates)
}

// demoSelection opens a selection for a school's principal post, whose
// principal retired, and adds the candidates: two recommended, the rest
// registering; one not meeting the training gate is let through by HR with
// a written reason.
func demoSelection(hr context.Context, s *Services, svc *appointment.Service, sc *org.School, from app.Date, cands []*people.Educator) (*appointment.Selection, error) {
	holders, err := s.DB.FindPostHolders(hr, sc.ID, people.PostPrincipal)
	if err != nil {
		return nil, err
	}
	in := appointment.Input{SchoolID: sc.ID, Post: people.PostPrincipal, Vacancy: "retired", Terms: appointment.Terms{MaxAge: 50,
		Conditions: "中共党员；中级及以上专业技术职称；具有3年以上学校中层及以上管理经历。", RegistrationEnd: from.AddDays(10),
		EvaluationDate: from.AddDays(12), NoticeDays: 5, PassPercent: 60}}
	if len(holders) > 0 {
		in.VacatedBy = holders[0]
	}
	sel, err := svc.Create(hr, in)
	if err != nil {
		return nil, fmt.Errorf("demo appointment: %w", err)
	}
	for _, e := range cands {
		c, err := svc.AddCandidate(hr, sel.ID, appointment.CandidateInput{EducatorID: e.ID})
		if err != nil {
			return nil, err
		}
		if c.Qualified() {
			continue
		}
		onlyTraining := true
		for _, r := range c.Reasons {
			onlyTraining = onlyTraining && (r.Met || r.Code == "training")
		}
		if onlyTraining {
			if _, err := svc.Overrule(hr, sel.ID, c.ID, appointment.OverruleInput{Qualified: true,
				Reason: "已参加本年度校长任职资格培训，按规定结业后上岗，经局党组研究同意参加选聘"}); err != nil {
				return nil, err
			}
		}
	}
	return sel, nil
}

// demoHeadCandidates picks six vice principals and middle cadres of the
// county, not of the posts' schools, who meet §3.5 as a new principal.
func demoHeadCandidates(ctx context.Context, s *Services, ids *demoIDs, today app.Date, posts []*org.School) ([]*people.Educator, error) {
	var out []*people.Educator
	for _, post := range []string{people.PostVicePrincipal, people.PostMiddleCadre} {
		list, _, err := s.DB.FindEducators(ctx, people.EducatorFilter{CountyID: ids.county1, Post: post, StaffStatus: people.StaffEstablished,
			MinAge: 32, MaxAge: 48, AgeOn: today, Within: app.Scope{All: true}, Limit: 200})
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			if len(out) == 6 || !e.PostSince.Before(today.AddDays(-200)) || !e.JoinedSchool.Before(today.AddDays(-200)) || e.SchoolID == posts[0].ID || e.SchoolID == posts[1].ID || e.SchoolID == ids.school1 || e.ID == ids.participant {
				continue
			}
			prs, err := s.Rotation.PrerequisitesOf(ctx, e.ID, today.AddDays(-190))
			if err != nil {
				return nil, err
			}
			if len(prs) > 0 && prs[0].Met {
				out = append(out, e)
			}
		}
	}
	if len(out) < 6 {
		return nil, fmt.Errorf("demo appointment: %d candidates meet the prerequisites", len(out))
	}
	return out, nil
}

// demoPhoneBallots casts a ballot with each code, mostly favourable.
func demoPhoneBallots(ctx context.Context, svc *appointment.Service, codes []string, cands []*appointment.Candidate) error {
	marks := []string{"excellent", "competent", "excellent", "basic", "competent", "incompetent"}
	for i, code := range codes {
		m := map[int64]string{}
		for j, c := range cands {
			if c.Qualified() {
				m[c.ID] = marks[(i+j*2)%len(marks)]
			}
		}
		if err := svc.Cast(ctx, code, m); err != nil {
			return err
		}
	}
	return nil
}
