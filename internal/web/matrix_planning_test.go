package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strconv"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
)

// noQueue keeps the runs the matrix's preparations start: they solve
// synchronously instead.
type noQueue struct{}

func (noQueue) Enqueue(context.Context, int64) error { return nil }

// planner is a planning service whose runs are solved by the caller, and
// the system admin's context to prepare plans with.
func (e *env) planner() (*planning.Service, context.Context) {
	log := audit.NewLog(e.db, e.clock)
	runs := jobs.NewService(e.db, noQueue{}, e.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ps := planning.NewService(e.db, rotation.NewService(e.db, log, e.clock), runs, log, e.clock)
	runs.Register(planning.RunSolve, ps.SolveHandler())
	admin := e.w.Actors["admin"]
	return ps, app.WithActor(context.Background(), &app.Actor{UserID: admin.ID, Username: admin.Username, Grants: admin.Grants})
}

// matrixSettings make small feasible plans of the World: one move, no
// backbone minimum, no outflow cap.
func matrixSettings() *planning.Settings {
	s := planning.DefaultSettings(planning.ModeTeacher)
	one, zero := 1, 0
	s.Target, s.MinBackbone, s.MaxOutShare = &one, &zero, 0
	return &s
}

// The matrix plans the 2026 school year, whose reference date is the
// clock's today: the rotation lines' fresh teachers must rotate then.

// draftPlan makes a solved draft plan of the case's county; its move is a
// fresh volunteer's, so that the World's own teachers stay free to move.
func (e *env) draftPlan(c *matrixCase) *planning.Plan {
	ps, ctx := e.planner()
	school, host := e.schoolOf(c)
	// The subject may leave the school and come to the host.
	for _, sc := range []int64{school.ID, host.ID} {
		_, err := ps.SaveStaffing(ctx, planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: sc,
			SchoolYear: 2026, Mode: planning.ModeTeacher, Subject: "语文", Min: 0, Max: 500}})
		e.must(err)
	}
	yes := true
	_, err := ps.SaveInput(ctx, e.freshTeacher(school), planning.InputUpdate{SchoolYear: 2026, Volunteer: &yes})
	e.must(err)
	p, err := ps.CreatePlan(ctx, planning.PlanInput{CountyID: c.county, SchoolYear: 2026, Mode: planning.ModeTeacher, Settings: matrixSettings()})
	e.must(err)
	if _, err := ps.Solve(ctx, p.ID, p.RunID, nil); err != nil {
		e.t.Fatal(err)
	}
	p, err = ps.FindPlan(ctx, p.ID)
	e.must(err)
	return p
}

// noticedPlan makes a plan of the case's county whose one move sends the
// educator from their school to the weak school of the county, approved:
// its notice runs.
func (e *env) noticedPlan(c *matrixCase, educatorID int64) *planning.Plan {
	ps, ctx := e.planner()
	_, host := e.schoolOf(c)
	p := e.draftPlan(c)
	_, err := ps.Edit(ctx, p.ID, planning.EditInput{Kind: planning.EditPin, Teacher: planning.TeacherKey(educatorID), School: host.Code})
	e.must(err)
	p, err = ps.Reoptimise(ctx, p.ID)
	e.must(err)
	if _, err := ps.Solve(ctx, p.ID, p.RunID, nil); err != nil {
		e.t.Fatal(err)
	}
	p, err = ps.Approve(ctx, p.ID, planning.ApproveInput{NoticeDays: 5})
	if err != nil {
		e.t.Fatalf("approve the matrix's plan: %v", err)
	}
	return p
}

func planSpecs() map[string]spec {
	ctx := context.Background()
	key := func(kind string, c *matrixCase) string { return kind + "/" + strconv.FormatInt(c.school, 10) }
	plan := func(e *env, id int64) *planning.Plan {
		p, err := e.db.FindPlanByID(ctx, id)
		e.must(err)
		return p
	}
	// draft: a solved draft, reused while it is one and not solving.
	draft := func(kind string) func(e *env, c *matrixCase) {
		return func(e *env, c *matrixCase) {
			c.id = e.reuse(key("plan-"+kind, c), func() int64 { return e.draftPlan(c).ID }, func(id int64) bool {
				p := plan(e, id)
				return p.Status == planning.StatusDraft && !p.Solving()
			})
		}
	}
	// noticed: an approved plan moving the case's educator (so that the
	// school admin and the participant of the case are concerned).
	noticed := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("noticed", c), func() int64 { return e.noticedPlan(c, c.educator).ID }, func(id int64) bool {
			return plan(e, id).Status == planning.StatusNoticed
		})
	}
	// due: an approved plan of a fresh teacher whose notice is over.
	due := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("due", c), func() int64 {
			school, _ := e.schoolOf(c)
			p := e.noticedPlan(c, e.freshTeacher(school))
			p.NoticeStart, p.NoticeEnd = mDate(2026, 8, 20), mDate(2026, 8, 24)
			if ok, err := e.db.UpdatePlan(ctx, p, p.Version); !ok || err != nil {
				e.t.Fatalf("backdate the notice: %v %v", ok, err)
			}
			return p.ID
		}, func(id int64) bool { return plan(e, id).Status == planning.StatusNoticed })
	}
	// objection: an unanswered objection to the case's noticed plan.
	objection := func(e *env, c *matrixCase) {
		noticed(e, c)
		planID := c.id
		c.id = e.reuse(key("objection", c), func() int64 {
			ps, actx := e.planner()
			o, err := ps.RaiseObjection(actx, planID, planning.ObjectionInput{Text: "名单有误"})
			e.must(err)
			return o.ID
		}, func(id int64) bool {
			o, err := e.db.FindNoticeObjectionByID(ctx, id)
			e.must(err)
			n, err := e.db.FindNoticeByID(ctx, o.NoticeID)
			e.must(err)
			return !o.Answered() && n.SubjectID == planID
		})
	}
	educator := func(e *env, c *matrixCase) { c.id = c.educator }
	formBody := func(kv ...string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return formType, form(kv...) }
	}
	jsonBody := func(v any) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) {
			b, _ := json.Marshal(v)
			return jsonType, string(b)
		}
	}
	pin := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			_, host := e.schoolOf(c)
			teacher := planning.TeacherKey(c.educator)
			if asJSON {
				return jsonBody(planning.EditInput{Kind: planning.EditPin, Teacher: teacher, School: host.Code})(e, c)
			}
			return formType, form("kind", "pin", "teacher", teacher, "school", host.Code)
		}
	}
	newPlan := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			if asJSON {
				return jsonBody(planning.PlanInput{CountyID: c.county, SchoolYear: 2026, Mode: planning.ModeTeacher, Settings: matrixSettings()})(e, c)
			}
			return formType, form("county_id", itoa(c.county), "year", "2026", "mode", "teacher")
		}
	}
	staffing := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			if asJSON {
				return jsonBody(planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: e.w.A1.ID,
					SchoolYear: 2026, Mode: planning.ModeTeacher, Subject: "数学", Min: 0, Max: 3}})(e, c)
			}
			return formType, form("county", itoa(e.w.CountyA.ID), "school_id", itoa(e.w.A1.ID), "year", "2026", "mode", "teacher", "subject", "数学", "min", "0", "max", "3")
		}
	}
	// A plan's public notice is read, and objected to, by whoever sees a
	// school it moves people from or to (rotation.CanReadNotice): objections
	// need orgRead over the case's school, whose educator the plan moves.
	return map[string]spec{
		"GET /rotation/plans":                        {perm: anyUser},
		"POST /rotation/plans":                       {perm: rotManage, body: newPlan(false)},
		"GET /rotation/plans/{id}":                   {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /rotation/plans/{id}/instance.json":     {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /rotation/plans/{id}/plan.json":         {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /rotation/plans/{id}/edits.json":        {perm: rotRead, target: countyTarget, prep: draft("read")},
		"POST /rotation/plans/{id}/edits":            {perm: rotManage, target: countyTarget, prep: draft("edit"), body: pin(false)},
		"POST /rotation/plans/{id}/solve":            {perm: rotManage, target: countyTarget, prep: draft("solve")},
		"POST /rotation/plans/{id}/approve":          {perm: rotManage, target: countyTarget, prep: draft("approve"), body: formBody("notice_days", "5")},
		"POST /rotation/plans/{id}/objections":       {perm: orgRead, target: schoolTarget, prep: noticed, body: formBody("text", "名单有误")},
		"POST /rotation/plans/{id}/announce":         {perm: rotManage, target: countyTarget, prep: due},
		"POST /rotation/plans/{id}/discard":          {perm: rotManage, target: countyTarget, prep: draft("discard"), body: formBody("reason", "重新编制")},
		"POST /rotation/plan-objections/{id}/answer": {perm: rotManage, target: countyTarget, prep: objection, body: formBody("answer", "经核实不成立")},
		"GET /rotation/plan-inputs":                  {perm: rotRead},
		"GET /rotation/plan-inputs/{id}":             {perm: rotFile, target: educatorTarget, prep: educator},
		"POST /rotation/plan-inputs/{id}":            {perm: rotApplySelf, target: educatorTarget, prep: educator, body: formBody("year", "2027", "volunteer", "1")},
		"GET /rotation/plan-staffing":                {perm: rotManage},
		"POST /rotation/plan-staffing":               {perm: rotManage, body: staffing(false)},

		"GET /api/v1/rotation/plans":                        {perm: anyUser},
		"POST /api/v1/rotation/plans":                       {perm: rotManage, body: newPlan(true)},
		"GET /api/v1/rotation/plans/{id}":                   {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /api/v1/rotation/plans/{id}/progress":          {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /api/v1/rotation/plans/{id}/instance":          {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /api/v1/rotation/plans/{id}/plan":              {perm: rotRead, target: countyTarget, prep: draft("read")},
		"GET /api/v1/rotation/plans/{id}/edits":             {perm: rotRead, target: countyTarget, prep: draft("read")},
		"POST /api/v1/rotation/plans/{id}/edits":            {perm: rotManage, target: countyTarget, prep: draft("edit"), body: pin(true)},
		"POST /api/v1/rotation/plans/{id}/solve":            {perm: rotManage, target: countyTarget, prep: draft("solve")},
		"POST /api/v1/rotation/plans/{id}/approve":          {perm: rotManage, target: countyTarget, prep: draft("approve"), body: jsonBody(planning.ApproveInput{NoticeDays: 5})},
		"POST /api/v1/rotation/plans/{id}/objections":       {perm: orgRead, target: schoolTarget, prep: noticed, body: jsonBody(planning.ObjectionInput{Text: "名单有误"})},
		"POST /api/v1/rotation/plans/{id}/announce":         {perm: rotManage, target: countyTarget, prep: due},
		"POST /api/v1/rotation/plans/{id}/discard":          {perm: rotManage, target: countyTarget, prep: draft("discard"), body: jsonBody(map[string]string{"reason": "重新编制"})},
		"POST /api/v1/rotation/plan-objections/{id}/answer": {perm: rotManage, target: countyTarget, prep: objection, body: jsonBody(planning.AnswerInput{Answer: "经核实不成立"})},
		"GET /api/v1/rotation/plan-inputs":                  {perm: rotRead},
		"GET /api/v1/rotation/plan-inputs/{id}":             {perm: rotFile, target: educatorTarget, prep: educator},
		"PUT /api/v1/rotation/plan-inputs/{id}":             {perm: rotApplySelf, target: educatorTarget, prep: educator, body: jsonBody(map[string]any{"school_year": 2027, "volunteer": true})},
		"GET /api/v1/rotation/plan-staffing":                {perm: rotManage},
		"PUT /api/v1/rotation/plan-staffing":                {perm: rotManage, body: staffing(true)},
	}
}

// solvedTeacherPlan makes county A's 2026 teacher plan with matrixSettings
// through the API as the account of cookie, and waits for its solve.
func (e *env) solvedTeacherPlan(cookie string) *planning.Plan {
	e.t.Helper()
	settings, _ := json.Marshal(matrixSettings())
	rec := e.do("POST", "/api/v1/rotation/plans", cookie, jsonType,
		`{"county_id":`+strconv.FormatInt(e.w.CountyA.ID, 10)+`,"school_year":2026,"mode":"teacher","settings":`+string(settings)+`}`)
	if rec.Code != 202 {
		e.t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var created planning.Plan
	json.Unmarshal(rec.Body.Bytes(), &created)
	return e.waitSolved(created.ID)
}

// waitSolved waits for the background run of a plan to finish.
func (e *env) waitSolved(id int64) *planning.Plan {
	e.t.Helper()
	for range 300 {
		p, err := e.db.FindPlanByID(context.Background(), id)
		e.must(err)
		if !p.Solving() {
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("plan %d still solving", id)
	return nil
}
