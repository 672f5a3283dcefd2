package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"strconv"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
)

func upload(files map[string]string) (string, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for name, text := range files {
		fw, _ := w.CreateFormFile("file", name)
		fw.Write([]byte(text))
	}
	w.Close()
	return w.FormDataContentType(), b.String()
}

type runJSON struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Error   string `json:"error"`
	Percent int    `json:"percent"`
	Result  struct {
		Errors    int  `json:"errors"`
		Committed bool `json:"committed"`
		Educators struct {
			Created int `json:"created"`
		} `json:"educators"`
		Issues []struct {
			Sheet, Column, Value, Message string
			Row                           int
		} `json:"issues"`
	} `json:"result"`
}

// waitRun polls a run until it ends.
func (e *env) waitRun(t *testing.T, token string, id int64) runJSON {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		rec := e.do("GET", "/api/v1/runs/"+strconv.FormatInt(id, 10), token, "", "")
		var r runJSON
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || rec.Code != 200 {
			t.Fatalf("run %d: %d %s", id, rec.Code, rec.Body)
		}
		if r.Status == "done" || r.Status == "failed" {
			return r
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("run %d did not finish", id)
	return runJSON{}
}

func TestImportOverHTTP(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	id1 := "51990219800101001"
	id1 += string(people.IDCheckChar(id1))
	header := "身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,骨干级别,职称,到校日期,任现职日期\n"
	bad := header + id1[:17] + "0,赵六,男,1980-01-01," + e.w.A1.Code + ",教师,语文,在编在岗,,,2021-02-29,\n"
	ct, body := upload(map[string]string{"教职工.csv": bad})
	rec := e.do("POST", "/api/v1/roster/imports", token, ct, body)
	if rec.Code != 202 {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	var started struct{ Run runJSON }
	json.Unmarshal(rec.Body.Bytes(), &started)
	run := e.waitRun(t, token, started.Run.ID)
	if run.Status != "done" || run.Result.Errors != 2 || run.Result.Committed {
		t.Fatalf("preview of a bad file: %+v", run)
	}
	msgs := run.Result.Issues[0].Message + "|" + run.Result.Issues[1].Message
	if !strings.Contains(msgs, "校验码应为") || !strings.Contains(msgs, "日期不存在") {
		t.Fatalf("issues: %+v", run.Result.Issues)
	}
	if strings.Contains(rec.Body.String()+msgs, id1[:17]) {
		t.Fatal("a full ID number in the response")
	}
	// Committing a preview with errors is refused.
	if rec := e.do("POST", "/api/v1/roster/imports/"+strconv.FormatInt(run.ID, 10)+"/commit", token, "", ""); rec.Code != 422 {
		t.Fatalf("commit of a bad preview: %d %s", rec.Code, rec.Body)
	}
	// The page of the preview lists the errors.
	page := e.do("GET", "/roster/runs/"+strconv.FormatInt(run.ID, 10), token, "", "")
	if !strings.Contains(page.Body.String(), "发现 2 处错误") || !strings.Contains(page.Body.String(), "教职工") {
		t.Fatalf("preview page: %s", page.Body)
	}

	good := header + id1 + ",赵六,男,1980-01-01," + e.w.A1.Code + ",教师,语文,在编在岗,,,2021-02-28,\n"
	ct, body = upload(map[string]string{"教职工.csv": good})
	rec = e.do("POST", "/api/v1/roster/imports", token, ct, body)
	json.Unmarshal(rec.Body.Bytes(), &started)
	run = e.waitRun(t, token, started.Run.ID)
	if run.Result.Errors != 0 || run.Result.Educators.Created != 1 {
		t.Fatalf("preview of the fixed file: %+v", run)
	}
	rec = e.do("POST", "/api/v1/roster/imports/"+strconv.FormatInt(run.ID, 10)+"/commit", token, "", "")
	if rec.Code != 202 {
		t.Fatalf("commit: %d %s", rec.Code, rec.Body)
	}
	json.Unmarshal(rec.Body.Bytes(), &started)
	run = e.waitRun(t, token, started.Run.ID)
	if !run.Result.Committed || run.Result.Educators.Created != 1 || run.Percent != 100 {
		t.Fatalf("commit run: %+v", run)
	}
	if rec := e.do("GET", "/api/v1/educators?q=zl", token, "", ""); !strings.Contains(rec.Body.String(), "赵六") {
		t.Fatalf("imported educator not listed: %s", rec.Body)
	}
	// A second commit of the same preview finds its upload gone.
	rec = e.do("POST", "/api/v1/roster/imports/"+strconv.FormatInt(run.ID, 10)+"/commit", token, "", "")
	if rec.Code != 404 {
		t.Fatalf("commit of a commit run: %d", rec.Code)
	}
	// Exports: an xlsx for a school admin (ID numbers masked).
	sa := e.login(e.w.Actors[auth.RoleSchoolAdmin].Username)
	rec = e.do("GET", "/api/v1/educators/export", sa, "", "")
	if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "PK") || !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", rec.Code, rec.Header())
	}
	// Not a multipart upload, and no file at all.
	if rec := e.do("POST", "/api/v1/roster/imports", token, jsonType, `{}`); rec.Code != 422 {
		t.Fatalf("JSON upload: %d", rec.Code)
	}
	ct, body = upload(nil)
	if rec := e.do("POST", "/api/v1/roster/imports", token, ct, body); rec.Code != 422 || !strings.Contains(rec.Body.String(), "请选择") {
		t.Fatalf("empty upload: %d %s", rec.Code, rec.Body)
	}
}

// An upload of several files (a workbook and a CSV file) is one import; its
// preview page lists the people it creates; a refused file shows its errors
// and no counts.
func TestImportSeveralFilesOverHTTP(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	id1 := "51990219800101001"
	id1 += string(people.IDCheckChar(id1))
	var schools bytes.Buffer
	if err := roster.Write(&schools, &roster.Workbook{Schools: []roster.SchoolRow{{Code: "NEW001", Name: "甲区新建小学", County: e.w.CountyA.Name,
		Level: "primary", Location: "rural"}}}, roster.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	header := "身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,骨干级别,职称,到校日期,任现职日期\n"
	educators := header + id1 + ",赵六,男,1980-01-01,NEW001,校长,语文,在编在岗,,,2012-09-01,2020-09-01\n"
	preview := func(files map[string]string) (runJSON, string) {
		t.Helper()
		ct, body := upload(files)
		rec := e.do("POST", "/api/v1/roster/imports", token, ct, body)
		var started struct{ Run runJSON }
		if err := json.Unmarshal(rec.Body.Bytes(), &started); err != nil || rec.Code != 202 {
			t.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}
		run := e.waitRun(t, token, started.Run.ID)
		page := e.do("GET", "/roster/runs/"+strconv.FormatInt(run.ID, 10), token, "", "")
		return run, page.Body.String()
	}
	run, page := preview(map[string]string{"学校.xlsx": schools.String(), "教职工.csv": educators})
	if run.Status != "done" || run.Result.Errors != 0 || run.Result.Educators.Created != 1 {
		t.Fatalf("preview of two files: %+v", run)
	}
	for _, want := range []string{"将新建或修改的记录（2）", "赵六", "519902************", "甲区新建小学", `id="educators-created"`} {
		if !strings.Contains(page, want) {
			t.Errorf("preview page lacks %q", want)
		}
	}
	if strings.Contains(page, id1[:17]) {
		t.Error("a full ID number on the preview page")
	}
	// The same with an error in the CSV file.
	run, page = preview(map[string]string{"学校.xlsx": schools.String(), "教职工.csv": strings.Replace(educators, "2012-09-01", "2012-02-30", 1)})
	if run.Result.Errors != 1 || run.Result.Educators.Created != 0 {
		t.Fatalf("preview with an error: %+v", run)
	}
	if !strings.Contains(page, "发现 1 处错误，未作任何改动") || strings.Contains(page, `id="educators-created"`) || strings.Contains(page, "将新建") {
		t.Errorf("a refused file's page shows counts or changes:\n%s", page)
	}
}
