package web_test

import (
	"context"
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// Principal selection (校长选聘, SPEC §6) as the spec states it: county HR
// runs its county's selections; the city reads them; the discipline
// inspection office (纪检监察) reads its county's whole procedure and
// changes nothing; an educator of the county may see a selection open for
// registration and register themself; voters vote without an account (the
// public /vote pages).
const (
	apptRead   perm = "appointment.read"
	apptManage perm = "appointment.manage"
)

var appointmentPermRoles = map[perm]map[string]bool{
	apptRead:   {auth.RoleAdmin: true, auth.RoleCity: true, auth.RoleCountyHR: true, auth.RoleInspector: true},
	apptManage: {auth.RoleAdmin: true, auth.RoleCountyHR: true},
}

// apptSelection makes a selection open for registration at the case's
// school (county A's two in scope, county B's at the other), with EA2 as a
// candidate, and names it and the candidate in the path.
func apptSelection(e *env, c *matrixCase) {
	ctx, today := context.Background(), app.DateOf(e.clock.Now())
	now := e.clock.Now()
	sel := &appointment.Selection{SchoolID: c.school, Post: people.PostPrincipal, Vacancy: "retired",
		Terms: appointment.Terms{RegistrationEnd: today.AddDays(10), EvaluationDate: today.AddDays(12), NoticeDays: 5, PassPercent: 60},
		Stage: appointment.StageRegistration, CreatedBy: "matrix",
		CreatedAt: now, UpdatedAt: now}
	must(e, e.db.CreateAppointmentSelection(ctx, sel))
	cand := &appointment.Candidate{SelectionID: sel.ID, EducatorID: e.w.EA2.ID, Name: e.w.EA2.Name, Source: "recommended", By: "matrix",
		Status: appointment.CandidateQualified, Reasons: []appointment.Reason{}, Auto: true, CreatedAt: now}
	must(e, e.db.CreateAppointmentCandidate(ctx, cand))
	c.id = sel.ID
	c.params = map[string]string{"candidate": strconv.FormatInt(cand.ID, 10)}
}

// apptContract makes a contract begun a year ago at the case's school, its
// first year due for assessment.
func apptContract(e *env, c *matrixCase) {
	apptSelection(e, c)
	today := app.DateOf(e.clock.Now())
	k := &appointment.Contract{SelectionID: c.id, EducatorID: c.educator, SchoolID: c.school, Post: people.PostPrincipal,
		Start: today.AddDays(-360), End: today.AddDays(-360).AddYears(3).AddDays(-1), CreatedAt: e.clock.Now()}
	must(e, e.db.CreateContract(context.Background(), k))
	c.id = k.ID
}

// readsSelection: its readers within reach.
func readsSelection(role, where string) bool {
	return appointmentPermRoles[apptRead][role] && reach(role, where, schoolTarget)
}

func runsSelection(role, where string) bool {
	return appointmentPermRoles[apptManage][role] && reach(role, where, schoolTarget)
}

// registers: an educator of the selection's county (the participant, EA1
// of county A) sees it and registers.
func registers(role, where string) bool {
	return runsSelection(role, where) || role == auth.RoleParticipant && where != "other"
}

func appointmentSpecs() map[string]spec {
	run := spec{perm: apptManage, target: schoolTarget, prep: apptSelection}
	jsonBody := func(b string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return jsonType, b }
	}
	formBody := func(kv ...string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return formType, form(kv...) }
	}
	with := func(s spec, body func(*env, *matrixCase) (string, string)) spec { s.body = body; return s }
	create := func(ct string) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			today := app.DateOf(e.clock.Now())
			if ct == jsonType {
				return ct, fmt.Sprintf(`{"school_id":%d,"post":"principal","vacancy":"rotated","registration_end":%q,"evaluation_date":%q}`,
					c.school, today.AddDays(10), today.AddDays(12))
			}
			return ct, form("school_id", strconv.FormatInt(c.school, 10), "post", "principal", "vacancy", "rotated",
				"registration_end", today.AddDays(10).String(), "evaluation_date", today.AddDays(12).String())
		}
	}
	return map[string]spec{
		"GET /principal-selections":  {perm: anyUser},
		"POST /principal-selections": {perm: apptManage, body: create(formType)},
		"GET /principal-selections/{id}": {perm: apptRead, target: schoolTarget, prep: apptSelection, allow: func(role, where string) bool {
			return readsSelection(role, where) || role == auth.RoleParticipant && where != "other"
		}},
		"POST /principal-selections/{id}/candidates":                    {perm: apptManage, target: schoolTarget, prep: apptSelection, allow: registers},
		"POST /principal-selections/{id}/candidates/{candidate}/review": with(run, formBody("qualified", "no", "reason", "不符合任职条件")),
		"POST /principal-selections/{id}/evaluation":                    with(run, formBody("voters", "10", "codes", "2")),
		"POST /principal-selections/{id}/codes":                         with(run, formBody("codes", "2")),
		"POST /principal-selections/{id}/ballots":                       run,
		"POST /principal-selections/{id}/count":                         run,
		"POST /principal-selections/{id}/candidates/{candidate}/report": with(run, formBody("report", "考察组意见：德才兼备，群众公认。")),
		"POST /principal-selections/{id}/decision":                      with(run, formBody("members", "5", "votes_for", "5")),
		"POST /principal-selections/{id}/appoint":                       run,
		"GET /contracts":                                             {perm: apptRead},
		"POST /contracts/{id}/assessments":                           {perm: apptManage, target: schoolTarget, prep: apptContract, body: formBody("grade", "competent")},
		"GET /api/v1/selections":                                     {perm: anyUser},
		"POST /api/v1/selections":                                    {perm: apptManage, body: create(jsonType)},
		"GET /api/v1/selections/{id}":                                {perm: apptRead, target: schoolTarget, prep: apptSelection},
		"POST /api/v1/selections/{id}/candidates":                    {perm: apptManage, target: schoolTarget, prep: apptSelection, allow: registers, body: jsonBody(`{}`)},
		"POST /api/v1/selections/{id}/candidates/{candidate}/review": with(run, jsonBody(`{"qualified":false,"reason":"不符合任职条件"}`)),
		"POST /api/v1/selections/{id}/evaluation":                    with(run, jsonBody(`{"voters":10,"codes":2}`)),
		"POST /api/v1/selections/{id}/codes":                         with(run, jsonBody(`{"count":2}`)),
		"POST /api/v1/selections/{id}/ballots":                       with(run, jsonBody(`{"counts":{}}`)),
		"POST /api/v1/selections/{id}/count":                         run,
		"POST /api/v1/selections/{id}/candidates/{candidate}/report": with(run, jsonBody(`{"report":"考察组意见：德才兼备，群众公认。"}`)),
		"POST /api/v1/selections/{id}/decision":                      with(run, jsonBody(`{"candidate_id":1,"members":5,"votes_for":5}`)),
		"POST /api/v1/selections/{id}/appoint":                       with(run, jsonBody(`{}`)),
		"GET /api/v1/contracts":                                      {perm: apptRead},
		"POST /api/v1/contracts/{id}/assessments":                    {perm: apptManage, target: schoolTarget, prep: apptContract, body: jsonBody(`{"grade":"competent"}`)},
	}
}

func appointmentAll() appointment.Filter { return appointment.Filter{Within: app.Scope{All: true}} }
