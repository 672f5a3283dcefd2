package appointment_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestProcedureInOrder: every step waits for the one before it; ballots
// from paper and phones are counted together; the appointment waits for
// the notice, moves the appointee and the former principal, and starts the
// contract; the inspection office reads every step and changes nothing.
func TestProcedureInOrder(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2025-08-01")
		ctx := context.Background()
		vp := people.PostVicePrincipal
		old := f.person("原校长", "1968-05-01", [4]any{f.u1, people.PostPrincipal, "2012-09-01", ""})
		wang := f.person("王副校长", "1980-01-01", [4]any{f.u2, people.PostTeacher, "2008-09-01", "2016-08-31"}, [4]any{f.r1, vp, "2016-09-01", ""})
		li := f.person("李主任", "1982-01-01", [4]any{f.u2, people.PostMiddleCadre, "2014-09-01", ""})
		sel := f.open(people.PostPrincipal)
		if _, err := f.svc.Create(f.hrL, appointment.Input{SchoolID: f.u1.ID, Post: people.PostPrincipal, Vacancy: "rotated",
			Terms: appointment.Terms{RegistrationEnd: d("2025-08-31"), EvaluationDate: d("2025-09-10")}}); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("another county's HR opened a selection here: %v", err)
		}
		cw, cl := f.add(sel, wang), f.add(sel, li)
		if cw.Status != appointment.CandidateQualified || cl.Status != appointment.CandidateUnqualified {
			t.Fatalf("review: %s %s", cw.Status, cl.Status)
		}
		_, err := f.svc.Overrule(f.hr, sel.ID, cl.ID, appointment.OverruleInput{Qualified: true})
		wantErr(t, err, app.Invalid, "请写明改变审查结论的理由")
		if _, err := f.svc.Overrule(f.hr, sel.ID, cl.ID, appointment.OverruleInput{Qualified: true, Reason: "县委组织部认定其援藏三年视同农村学校工作经历"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cw.ID, Members: 7, For: 6})
		wantErr(t, err, app.Conflict, "考察之前不能作出决定")
		_, err = f.svc.OpenEvaluation(f.hr, sel.ID, appointment.EvaluationInput{Voters: 20, Codes: 5})
		wantErr(t, err, app.Conflict, "报名截止（2025年8月31日）后才能开始民主测评")

		f.day("2025-09-10")
		codes, err := f.svc.OpenEvaluation(f.hr, sel.ID, appointment.EvaluationInput{Voters: 20, Codes: 5})
		if err != nil || len(codes.Codes) != 5 {
			t.Fatalf("evaluation: %v %v", codes, err)
		}
		_, err = f.svc.Report(f.hr, sel.ID, cw.ID, appointment.ReportInput{Report: "政治立场坚定，熟悉农村学校管理，群众基础好。"})
		wantErr(t, err, app.Conflict, "考察在民主测评之后")
		if _, err := f.svc.EnterPaper(f.hr, sel.ID, appointment.PaperInput{Counts: map[int64]appointment.Counts{
			cw.ID: {Excellent: 9, Competent: 4, Basic: 1, Incompetent: 1}, cl.ID: {Excellent: 2, Competent: 5, Basic: 3, Incompetent: 5}}}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.EnterPaper(f.hr, sel.ID, appointment.PaperInput{Counts: map[int64]appointment.Counts{cw.ID: {Excellent: 6}}})
		wantErr(t, err, app.Invalid, "超过参加测评人数20")
		for i, c := range codes.Codes {
			marks := map[int64]string{cw.ID: "excellent", cl.ID: "incompetent"}
			if i == 4 {
				marks = map[int64]string{cw.ID: "competent"} // abstains on 李
			}
			if err := f.svc.Cast(ctx, c, marks); err != nil {
				t.Fatal(err)
			}
		}
		wantErr(t, f.svc.Cast(ctx, codes.Codes[0], map[int64]string{cw.ID: "excellent"}), app.NotFound, "测评码无效或已使用")
		wantErr(t, f.svc.Cast(ctx, "ABCDEFGHJK", map[int64]string{cw.ID: "excellent"}), app.NotFound, "测评码无效或已使用")
		detail, err := f.svc.Count(f.hr, sel.ID)
		if err != nil {
			t.Fatal(err)
		}
		tw, tl := detail.Candidates[0].Tally, detail.Candidates[1].Tally
		// 王: paper 9/4/1/1 and phones 4 excellent, 1 competent: 20 valid,
		// 18 good (90.0%), 1 poor (5.0%). 李: paper 2/5/3/5 and 4 phones
		// incompetent: 19 valid, 7 good (36.8%), 9 poor (47.3%).
		if tw.ValidBallots != 20 || tw.Excellent != 13 || tw.GoodRate != 900 || tw.PoorRate != 50 || !tw.Passes {
			t.Fatalf("王's tally %+v", tw)
		}
		if tl.ValidBallots != 19 || tl.Incompetent != 9 || tl.GoodRate != 368 || tl.PoorRate != 473 || tl.Passes {
			t.Fatalf("李's tally %+v", tl)
		}
		if detail.Candidates[0].Status != appointment.CandidatePassed || detail.Candidates[1].Status != appointment.CandidateFailed {
			t.Fatalf("after the count: %s %s", detail.Candidates[0].Status, detail.Candidates[1].Status)
		}
		_, err = f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cw.ID, Members: 7, For: 6})
		wantErr(t, err, app.Conflict, "尚无考察报告")
		if _, err := f.svc.Report(f.hr, sel.ID, cw.ID, appointment.ReportInput{Report: "政治立场坚定，熟悉农村学校管理，群众基础好。"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cw.ID, Members: 7, For: 3, Against: 4})
		wantErr(t, err, app.Invalid, "未超过委员半数")
		if _, err := f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cw.ID, Members: 7, For: 6, Abstain: 1}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Appoint(f.hr, sel.ID, appointment.AppointInput{})
		wantErr(t, err, app.Conflict, "公示期间不能任命")

		f.day("2025-09-16")
		if _, err := f.svc.Appoint(f.watch, sel.ID, appointment.AppointInput{}); app.ErrorCode(err) != app.NotFound {
			t.Fatalf("the inspection office appointed: %v", err)
		}
		k, err := f.svc.Appoint(f.hr, sel.ID, appointment.AppointInput{})
		if err != nil {
			t.Fatal(err)
		}
		if k.Start != d("2025-09-16") || k.End != d("2028-09-15") {
			t.Fatalf("contract %s to %s", k.Start, k.End)
		}
		holders, _ := db.FindPostHolders(ctx, f.u1.ID, people.PostPrincipal)
		if len(holders) != 1 || holders[0] != wang.ID {
			t.Fatalf("principals of the school: %v", holders)
		}
		career := func(e *people.Educator) []*people.CareerEntry {
			rows, err := db.FindCareer(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		kw := career(wang)
		if last := kw[len(kw)-1]; last.SchoolID != f.u1.ID || last.Post != people.PostPrincipal || last.Start != d("2025-09-16") || !last.End.IsZero() {
			t.Fatalf("王's new post: %+v", last)
		}
		if prev := kw[len(kw)-2]; prev.End != d("2025-09-15") {
			t.Fatalf("王's post at the rural school did not end: %+v", prev)
		}
		ko := career(old)
		if ko[0].End != d("2025-09-15") || ko[len(ko)-1].Post != people.PostTeacher {
			t.Fatalf("the former principal's history: %+v", ko)
		}
		// The inspection office reads the whole record, with authors.
		seen, err := f.svc.FindByID(f.watch, sel.ID)
		if err != nil || seen.CanManage || len(seen.Steps) < 9 || seen.Contract == nil {
			t.Fatalf("the inspection office's view: %v %v", seen, err)
		}
		for _, st := range seen.Steps {
			if st.Actor == "" || st.At.IsZero() || !appointment.Steps.Has(st.Action) {
				t.Fatalf("a step without author, time or name: %+v", st)
			}
		}
		deadlines, err := f.svc.Deadlines(ctx, d("2026-01-01"), d("2029-01-01"))
		if err != nil || len(deadlines) != 1 || deadlines[0].Due != d("2026-09-15") {
			t.Fatalf("deadlines: %+v %v", deadlines, err)
		}
	})
}

// TestConcurrentDecisions: two decisions on one selection at once: exactly
// one stands, and one appointee notice is published.
func TestConcurrentDecisions(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2025-08-01")
		sel, cs := f.inspected()
		var wg sync.WaitGroup
		errs := make([]error, len(cs))
		start := make(chan struct{})
		for i, c := range cs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: c.ID, Members: 5, For: 5})
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case app.ErrorCode(err) != app.Conflict:
				t.Errorf("a losing decision failed with %v, want a conflict", err)
			}
		}
		got, err := db.FindAppointmentSelectionByID(context.Background(), sel.ID)
		if err != nil {
			t.Fatal(err)
		}
		notices, err := db.FindNotices(context.Background(), appointment.KindAppointee, sel.ID)
		if err != nil {
			t.Fatal(err)
		}
		if won != 1 || got.Stage != appointment.StageNotice || len(notices) != 1 {
			t.Fatalf("%d decisions stood, stage %s, %d appointee notices", won, got.Stage, len(notices))
		}
	})
}

// inspected runs a vice principal's selection to its inspection with two
// candidates passed and reported on.
func (f *fixture) inspected() (*appointment.Selection, []*appointment.Candidate) {
	f.t.Helper()
	sel := f.open(people.PostVicePrincipal)
	var cs []*appointment.Candidate
	for i, s := range []*org.School{f.u2, f.r1} {
		e := f.person("候选人"+strconv.Itoa(i), "1982-01-01", [4]any{s, people.PostMiddleCadre, "2014-09-01", ""})
		cs = append(cs, f.add(sel, e))
	}
	f.day("2025-09-10")
	if _, err := f.svc.OpenEvaluation(f.hr, sel.ID, appointment.EvaluationInput{Voters: 10}); err != nil {
		f.t.Fatal(err)
	}
	counts := map[int64]appointment.Counts{}
	for _, c := range cs {
		counts[c.ID] = appointment.Counts{Excellent: 8, Competent: 2}
	}
	if _, err := f.svc.EnterPaper(f.hr, sel.ID, appointment.PaperInput{Counts: counts}); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.svc.Count(f.hr, sel.ID); err != nil {
		f.t.Fatal(err)
	}
	for _, c := range cs {
		if _, err := f.svc.Report(f.hr, sel.ID, c.ID, appointment.ReportInput{Report: "考察组意见：德才兼备，群众公认。"}); err != nil {
			f.t.Fatal(err)
		}
	}
	return sel, cs
}

// TestObjectionWithdrawsAppointee: an objection to the appointee, upheld,
// withdraws them and sends the selection back to the committee, which may
// then decide on another; an objection dismissed leaves the appointment to
// follow the notice; each year of the contract is assessed once, the third
// being the final one that closes its deadlines.
func TestObjectionWithdrawsAppointee(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2025-08-01")
		ctx := context.Background()
		sel, cs := f.inspected()
		decided, err := f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cs[0].ID, Members: 5, For: 4, Against: 1})
		if err != nil {
			t.Fatal(err)
		}
		// A school office of the county, at home there, reads the notice.
		teacher := app.WithActor(ctx, &app.Actor{UserID: 99, Username: "school-u1", CountyID: f.k.ID, SchoolID: f.u1.ID,
			Grants: []app.Grant{{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: f.u1.ID}}})
		o, err := f.notices.Object(teacher, decided.AppointeeNoticeID, strconv.FormatInt(cs[0].ID, 10), "该同志任职期间有违规收费问题，请核查")
		if err != nil {
			t.Fatal(err)
		}
		f.day("2025-09-20")
		_, err = f.svc.Appoint(f.hr, sel.ID, appointment.AppointInput{})
		wantErr(t, err, app.Conflict, "任前公示尚有1条异议未答复")
		if _, err := f.notices.Answer(f.hr, o.ID, "经纪检监察组核查，反映问题属实", notice.OutcomeUpheld); err != nil {
			t.Fatal(err)
		}
		seen, err := f.svc.FindByID(f.watch, sel.ID)
		if err != nil || seen.Stage != appointment.StageInspection || seen.Candidates[0].Status != appointment.CandidateWithdrawn {
			t.Fatalf("after the upheld objection: %v %v", seen, err)
		}
		if _, err := f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cs[0].ID, Members: 5, For: 5}); err == nil {
			t.Fatal("the withdrawn appointee was chosen again")
		}
		if _, err := f.svc.Decide(f.hr, sel.ID, appointment.DecisionInput{CandidateID: cs[1].ID, Members: 5, For: 5}); err != nil {
			t.Fatal(err)
		}
		f.day("2025-09-30")
		k, err := f.svc.Appoint(f.hr, sel.ID, appointment.AppointInput{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Assess(f.hr, k.ID, appointment.AssessmentInput{Grade: "excellent"})
		wantErr(t, err, app.Conflict, "聘期第1年考核自2026年8月30日起进行")
		for y, day := range []string{"2026-09-20", "2027-09-20", "2028-09-20"} {
			f.day(day)
			k, err = f.svc.Assess(f.hr, k.ID, appointment.AssessmentInput{Grade: "competent"})
			if err != nil || len(k.Assessments) != y+1 {
				t.Fatalf("year %d: %v %v", y+1, k, err)
			}
		}
		if !k.Assessments[2].Final || k.Next() != 0 {
			t.Fatalf("the third assessment is not the final one: %+v", k.Assessments[2])
		}
		if ds, err := f.svc.Deadlines(ctx, d("2025-01-01"), d("2030-01-01")); err != nil || len(ds) != 0 {
			t.Fatalf("deadlines after the final assessment: %+v %v", ds, err)
		}
	})
}
