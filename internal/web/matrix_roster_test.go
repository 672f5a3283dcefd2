package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/roster"
)

// importRoles may import rosters: a grant to write educators or schools.
var importRoles = map[string]bool{auth.RoleAdmin: true, auth.RoleCountyHR: true, auth.RoleSchoolAdmin: true}

// multipartCSV is an upload of one small CSV sheet.
func multipartCSV() (string, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "学校.csv")
	fw.Write([]byte("学校代码,学校名称,区县,学段,城乡类型\nM001,矩阵小学,甲区,小学,城区\n"))
	w.Close()
	return w.FormDataContentType(), b.String()
}

// newRun makes a finished preview run: the case's actor owns it in
// scope, someone else owns it at the sibling and other places.
func newRun(e *env, c *matrixCase) {
	owner := e.w.Actors[c.role]
	if c.where != "in" {
		owner = e.w.UserA1
	}
	res, _ := json.Marshal(roster.Result{DryRun: true})
	r := &jobs.Run{Kind: roster.RunPreview, Status: jobs.StatusQueued, OwnerID: owner.ID, Title: "矩阵", Input: []byte("null"), CreatedAt: e.db.Now()}
	ctx := context.Background()
	if err := e.db.CreateRun(ctx, r); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.CreateUpload(ctx, r.ID, &jobs.Upload{Name: "学校.csv", Content: []byte("学校代码,学校名称,区县,学段,城乡类型\n")}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.FinishRun(ctx, r.ID, jobs.StatusDone, res, "", e.db.Now()); err != nil {
		e.t.Fatal(err)
	}
	c.run = r.ID
}

func rosterSpecs() map[string]spec {
	upload := func(*env, *matrixCase) (string, string) { return multipartCSV() }
	return map[string]spec{
		"GET /roster":                             {perm: importRoster},
		"GET /roster/template":                    {perm: anyUser},
		"POST /roster/import":                     {perm: importRoster, body: upload},
		"GET /roster/runs/{id}":                   {perm: anyUser, target: runTarget, prep: newRun},
		"POST /roster/runs/{id}/commit":           {perm: importRoster, target: ownRunTarget, prep: newRun},
		"GET /educators/export":                   {perm: educatorRead},
		"GET /schools/export":                     {perm: orgRead},
		"GET /api/v1/roster/template":             {perm: anyUser},
		"POST /api/v1/roster/imports":             {perm: importRoster, body: upload},
		"POST /api/v1/roster/imports/{id}/commit": {perm: importRoster, target: ownRunTarget, prep: newRun},
		"GET /api/v1/runs/{id}":                   {perm: anyUser, target: runTarget, prep: newRun},
		"GET /api/v1/educators/export":            {perm: educatorRead},
		"GET /api/v1/schools/export":              {perm: orgRead},
	}
}
