package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"strconv"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store/storetest"
)

// The selection (选派, SPEC §4.2) as the spec states it: the programme's
// organisers run it; schools and counties nominate their own people and a
// person applies for themself; reviewers score only what is assigned to
// them. The shortlist's notice and its objections are the notice pages'
// (matrix_notice_test.go).
const (
	selNominate perm = "selection.nominate"
	selScore    perm = "selection.score"
)

var selectionPermRoles = map[perm]map[string]bool{
	selNominate: {auth.RoleAdmin: true, auth.RoleCity: true, auth.RoleCountyHR: true, auth.RoleCoordinator: true,
		auth.RoleSchoolAdmin: true, auth.RoleParticipant: true},
	selScore: {auth.RoleReviewer: true},
}

// selProgramme makes the case's programme (county A's in scope, the city's
// at the sibling place, county B's at the other) with its selection at
// stage, a criterion, and, unless stage is nominating, EA2 as a qualified
// candidate. It returns the programme and the candidate.
func selProgramme(e *env, c *matrixCase, stage secondment.SelectionStage) (*programme.Programme, *secondment.Candidate) {
	w, ctx := e.w, context.Background()
	county := w.CountyA
	switch c.where {
	case "sibling":
		county = nil
	case "other":
		county = w.CountyB
	}
	p := storetest.MustCreateProgramme(e.t, e.db, w.City, county, unique("选派项目"), []programme.Category{{Name: "中层干部", Quota: 5}})
	now := e.db.Now()
	sel := &secondment.Selection{ProgrammeID: p.ID, Stage: stage, OpenedBy: "matrix", OpenedAt: now, UpdatedAt: now,
		Criteria: []secondment.Criterion{{Name: "工作实绩", Weight: 100, MaxScore: 100}}}
	must(e, e.db.CreateSelection(ctx, sel))
	cand := &secondment.Candidate{ProgrammeID: p.ID, EducatorID: w.EA2.ID, Name: w.EA2.Name, Category: "中层干部", Source: secondment.SourceNomination,
		NominatedBy: "matrix", Status: secondment.CandidateSubmitted, CreatedAt: now, UpdatedAt: now}
	must(e, e.db.CreateCandidate(ctx, cand))
	if stage != secondment.StageNominating {
		cand.Status = secondment.CandidateQualified
		must(e, e.db.UpdateCandidate(ctx, cand))
	}
	c.id = p.ID
	return p, cand
}

func must(e *env, err error) {
	if err != nil {
		e.t.Fatal(err)
	}
}

// atStage prepares a programme at a stage; {id} is the programme.
func atStage(stage secondment.SelectionStage) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) { selProgramme(e, c, stage) }
}

// candidateAt prepares a candidate; {id} is the candidate. At scoring, the
// county's reviewer sits on the panel of county A's programme and scores it.
func candidateAt(stage secondment.SelectionStage) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) {
		p, cand := selProgramme(e, c, stage)
		if stage == secondment.StageScoring && c.where == "in" {
			rid := e.w.Actors[auth.RoleReviewer].ID
			must(e, e.db.SetPanel(context.Background(), p.ID, []int64{rid}, "matrix", e.db.Now()))
			must(e, e.db.SetAssignments(context.Background(), p.ID, []secondment.ReviewAssignment{{CandidateID: cand.ID, UserID: rid}}))
		}
		c.id = cand.ID
	}
}

// nominateTarget prepares county A's programme taking nominations; the
// case's educator is the one put forward.
func nominateTarget(e *env, c *matrixCase) {
	where := c.where
	c.where = "in"
	selProgramme(e, c, secondment.StageNominating)
	c.where = where
}

func selectionSpecs() map[string]spec {
	nominate := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", strconv.FormatInt(c.educator, 10), "category", "中层干部", "reasons", "工作扎实，群众认可")
	}
	apiNominate := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"educator_id":%d,"category":"中层干部","reasons":"工作扎实，群众认可"}`, c.educator)
	}
	settings := func(*env, *matrixCase) (string, string) {
		return formType, form("criteria", "工作实绩 60 100\n综合素质 40 100", "spread_threshold", "15")
	}
	apiSettings := func(*env, *matrixCase) (string, string) {
		return jsonType, `{"criteria":[{"name":"工作实绩","weight":60,"max_score":100}],"spread_threshold":15}`
	}
	conditions := func(*env, *matrixCase) (string, string) {
		return formType, form("category_0", "中层干部", "posts_0", people.PostMiddleCadre, "max_age_0", "50")
	}
	apiConditions := func(*env, *matrixCase) (string, string) {
		return jsonType, `{"conditions":[{"category":"中层干部","posts":["middle_cadre"],"max_age":50}]}`
	}
	criterion := func(e *env, c *matrixCase) int64 {
		cand, err := e.db.FindCandidateByID(context.Background(), c.id)
		must(e, err)
		sel, err := e.db.FindSelection(context.Background(), cand.ProgrammeID)
		must(e, err)
		return sel.Criteria[0].ID
	}
	scores := func(e *env, c *matrixCase) (string, string) {
		return formType, form(fmt.Sprintf("score_%d", criterion(e, c)), "88")
	}
	apiScores := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"scores":[{"criterion_id":%d,"score":88}]}`, criterion(e, c))
	}
	material := func(*env, *matrixCase) (string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		f, _ := mw.CreateFormFile("file", "推荐表.pdf")
		f.Write([]byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"))
		mw.Close()
		return mw.FormDataContentType(), b.String()
	}
	nominating, scoring, results := atStage(secondment.StageNominating), atStage(secondment.StageScoring), atStage(secondment.StageResults)
	submitted, assigned := candidateAt(secondment.StageNominating), candidateAt(secondment.StageScoring)
	return map[string]spec{
		"GET /selection":                                 {perm: anyUser},
		"GET /api/v1/me/applications":                    {perm: anyUser},
		"GET /programmes/{id}/selection":                 {perm: progRead, target: programmeTarget, prep: nominating},
		"GET /api/v1/programmes/{id}/selection":          {perm: progRead, target: programmeTarget, prep: nominating},
		"GET /api/v1/programmes/{id}/candidates":         {perm: progRead, target: programmeTarget, prep: nominating},
		"POST /programmes/{id}/selection":                {perm: progManage, target: programmeTarget, prep: nominating, body: settings},
		"PUT /api/v1/programmes/{id}/selection":          {perm: progManage, target: programmeTarget, prep: nominating, body: apiSettings},
		"POST /programmes/{id}/conditions":               {perm: progManage, target: programmeTarget, prep: nominating, body: conditions},
		"PUT /api/v1/programmes/{id}/conditions":         {perm: progManage, target: programmeTarget, prep: nominating, body: apiConditions},
		"POST /programmes/{id}/candidates":               {perm: selNominate, target: educatorTarget, prep: nominateTarget, body: nominate},
		"POST /api/v1/programmes/{id}/candidates":        {perm: selNominate, target: educatorTarget, prep: nominateTarget, body: apiNominate},
		"POST /programmes/{id}/panel":                    {perm: progManage, target: programmeTarget, prep: nominating, body: func(*env, *matrixCase) (string, string) { return formType, "" }},
		"PUT /api/v1/programmes/{id}/panel":              {perm: progManage, target: programmeTarget, prep: nominating, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"reviewer_ids":[]}` }},
		"POST /programmes/{id}/assignments":              {perm: progManage, target: programmeTarget, prep: scoring, body: func(*env, *matrixCase) (string, string) { return formType, form("all", "1") }},
		"PUT /api/v1/programmes/{id}/assignments":        {perm: progManage, target: programmeTarget, prep: scoring, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"all":true}` }},
		"POST /programmes/{id}/selection/scoring":        {perm: progManage, target: programmeTarget, prep: nominating},
		"POST /api/v1/programmes/{id}/selection/scoring": {perm: progManage, target: programmeTarget, prep: nominating},
		"POST /programmes/{id}/selection/results":        {perm: progManage, target: programmeTarget, prep: scoring},
		"POST /api/v1/programmes/{id}/selection/results": {perm: progManage, target: programmeTarget, prep: scoring},
		"POST /programmes/{id}/selection/notice":         {perm: progManage, target: programmeTarget, prep: results, body: func(*env, *matrixCase) (string, string) { return formType, form("days", "5") }},
		"POST /api/v1/programmes/{id}/selection/notice":  {perm: progManage, target: programmeTarget, prep: results, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"days":5}` }},
		"POST /programmes/{id}/selection/final":          {perm: progManage, target: programmeTarget, prep: results},
		"POST /api/v1/programmes/{id}/selection/final":   {perm: progManage, target: programmeTarget, prep: results},
		"POST /programmes/{id}/selection/fill":           {perm: progManage, target: programmeTarget, prep: results, body: func(*env, *matrixCase) (string, string) { return formType, form("category", "中层干部") }},
		"POST /api/v1/programmes/{id}/selection/fill":    {perm: progManage, target: programmeTarget, prep: results, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"category":"中层干部"}` }},
		"GET /candidates/{id}":                           {perm: progManage, target: programmeTarget, prep: submitted},
		"GET /api/v1/candidates/{id}":                    {perm: progManage, target: programmeTarget, prep: submitted},
		"POST /candidates/{id}/review": {perm: progManage, target: programmeTarget, prep: submitted, body: func(*env, *matrixCase) (string, string) {
			return formType, form("decision", "qualified", "reason", "符合条件")
		}},
		"POST /api/v1/candidates/{id}/review": {perm: progManage, target: programmeTarget, prep: submitted, body: func(*env, *matrixCase) (string, string) {
			return jsonType, `{"qualified":true,"reason":"符合条件"}`
		}},
		"POST /candidates/{id}/scores":       {perm: selScore, target: programmeTarget, prep: assigned, body: scores},
		"PUT /api/v1/candidates/{id}/scores": {perm: selScore, target: programmeTarget, prep: assigned, body: apiScores},
		"POST /candidates/{id}/materials":    {perm: progManage, target: programmeTarget, prep: submitted, body: material},
	}
}
