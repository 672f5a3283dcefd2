package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/secondment"
)

// returnedIn places the World's first teacher in county A's programme, in
// a batch that ended on 2026-01-10, so that on the env's day (2026-09-01)
// the 6-month follow-up (2026-07-10) is overdue; it returns the programme,
// the batch and the placement.
func returnedIn(t *testing.T, e *env) (c *matrixCase, batch, placementID int64) {
	t.Helper()
	ctx := context.Background()
	c = &matrixCase{role: auth.RoleCoordinator, where: "in", county: e.w.CountyA.ID, school: e.w.A1.ID, educator: e.w.EA1.ID}
	withSecondment(e, c)
	b := &secondment.Batch{ProgrammeID: c.id, Name: "上学期批次", Start: app.NewDate(2025, time.December, 1), End: app.NewDate(2026, time.January, 10),
		Quotas: []secondment.BatchQuota{{Category: "中层干部", Capacity: 5}}}
	if err := e.db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	host, _ := strconv.ParseInt(c.params["host"], 10, 64)
	if err := e.db.SavePlacement(ctx, &secondment.Placement{ProgrammeID: c.id, EducatorID: c.educator, BatchID: b.ID,
		HostAssignment: secondment.HostAssignment{HostID: host}, UpdatedBy: "t", UpdatedAt: e.db.Now()}); err != nil {
		t.Fatal(err)
	}
	id, err := e.db.PlacementID(ctx, c.id, c.educator)
	if err != nil {
		t.Fatal(err)
	}
	return c, b.ID, id
}

// TestFollowUpOnOrganiserHome: an overdue follow-up is on the organiser's
// home page until reviewed; the home school's review is written from its
// page; the printable record shows it.
func TestFollowUpOnOrganiserHome(t *testing.T) {
	e := newEnv(t, "sqlite")
	_, _, id := returnedIn(t, e)
	organiser := e.login(e.w.Actors[auth.RoleCoordinator].Username)
	rec := e.do("GET", "/", organiser, "", "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "挂职返岗6个月：组织方跟踪问效评定") {
		t.Fatalf("organiser's home: %d %.2000s", rec.Code, rec.Body)
	}
	school := e.login(e.w.Actors[auth.RoleSchoolAdmin].Username)
	base := "/placements/" + strconv.FormatInt(id, 10)
	var fs struct {
		FollowUps []placement.FollowUp `json:"follow_ups"`
		School    bool                 `json:"school"`
	}
	rec = e.do("GET", "/api/v1"+base+"/follow-ups", school, "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &fs); err != nil || len(fs.FollowUps) != 2 || !fs.School || fs.FollowUps[0].State != "overdue" {
		t.Fatalf("follow-ups: %v %s", err, rec.Body)
	}
	six := strconv.FormatInt(fs.FollowUps[0].ID, 10)
	rec = e.do("POST", base+"/follow-ups/"+six+"/school-review", school, formType, form("review", "太短"))
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "10至2000字") {
		t.Errorf("short review: %d", rec.Code)
	}
	review := "返岗后牵头建立校本教研制度，数学组获评县优秀教研组。"
	rec = e.do("POST", base+"/follow-ups/"+six+"/school-review", school, formType, form("review", review))
	if rec.Code != 303 {
		t.Fatalf("school review: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/api/v1/follow-ups/"+six+"/organiser-review", organiser, jsonType, `{"review":"`+review+`","grade":"excellent"}`)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"state":"done"`) {
		t.Fatalf("organiser review: %d %s", rec.Code, rec.Body)
	}
	if rec = e.do("GET", "/", organiser, "", ""); strings.Contains(rec.Body.String(), "挂职返岗6个月：组织方跟踪问效评定") {
		t.Errorf("a reviewed follow-up is still overdue on the home page")
	}
	rec = e.do("GET", base+"/record", school, "", "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "挂职锻炼鉴定表") || !strings.Contains(rec.Body.String(), review) {
		t.Errorf("record: %d %.500s", rec.Code, rec.Body)
	}
}

// TestReportBackAndExports: a bad meeting is refused in Chinese and not
// saved; a good one is; the placements' workbook keeps the batch it was
// asked for and opens; the attendance sheet downloads.
func TestReportBackAndExports(t *testing.T) {
	e := newEnv(t, "sqlite")
	c, batch, id := returnedIn(t, e)
	organiser := e.login(e.w.Actors[auth.RoleCoordinator].Username)
	page := "/programmes/" + strconv.FormatInt(c.id, 10) + "/report-back"
	rec := e.do("POST", page, organiser, formType, form("batch_id", "0", "date", "2026-09-20", "time", "下午", "place", "进修学校"))
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "14:30") {
		t.Errorf("bad time: %d", rec.Code)
	}
	rec = e.do("GET", "/api/v1"+page, organiser, "", "")
	if !strings.Contains(rec.Body.String(), `"meetings":[]`) {
		t.Fatalf("a refused meeting was saved: %s", rec.Body)
	}
	rec = e.do("POST", page, organiser, formType, form("batch_id", strconv.FormatInt(batch, 10), "date", "2026-09-20", "time", "14:30", "place", "进修学校报告厅"))
	if rec.Code != 303 {
		t.Fatalf("meeting: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("GET", page, organiser, "", "")
	body := rec.Body.String()
	if !strings.Contains(body, "进修学校报告厅") || !strings.Contains(body, `action="/programmes/`+strconv.FormatInt(c.id, 10)+`/placements.xlsx"`) ||
		!strings.Contains(body, `<option value="`+strconv.FormatInt(batch, 10)+`">`) {
		t.Fatalf("report-back page: %.3000s", body)
	}
	rec = e.do("GET", "/programmes/"+strconv.FormatInt(c.id, 10)+"/placements.xlsx?batch="+strconv.FormatInt(batch, 10), organiser, "", "")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", rec.Code, rec.Header())
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("挂职名册")
	if len(rows) != 3 || !strings.Contains(rows[0][0], "上学期批次") || rows[2][1] != e.w.EA1.Name {
		t.Errorf("export rows %q", rows)
	}
	// The board's export keeps its filter.
	rec = e.do("GET", "/programmes/"+strconv.FormatInt(c.id, 10)+"/board?behind=1", organiser, "", "")
	if !strings.Contains(rec.Body.String(), "/placements.xlsx?behind=1") {
		t.Errorf("the board's export link drops its filter: %.3000s", rec.Body)
	}
	rec = e.do("GET", "/placements/"+strconv.FormatInt(id, 10)+"/attendance.xlsx", organiser, "", "")
	if _, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes())); rec.Code != 200 || err != nil {
		t.Errorf("attendance export: %d %v", rec.Code, err)
	}
}

// TestRequirementEditAPI: a zero target is refused in Chinese and changes
// nothing; a good edit is audited.
func TestRequirementEditAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	c, _, _ := returnedIn(t, e)
	organiser := e.login(e.w.Actors[auth.RoleCoordinator].Username)
	rec := e.do("POST", "/api/v1/programmes/"+strconv.FormatInt(c.id, 10)+"/requirements", organiser, jsonType,
		`{"name":"论文","kind":"total","counts":["deliverable:paper"],"target":1}`)
	var r placement.Requirement
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || r.ID == 0 {
		t.Fatalf("requirement: %s", rec.Body)
	}
	path := "/api/v1/requirements/" + strconv.FormatInt(r.ID, 10)
	rec = e.do("PUT", path, organiser, jsonType, `{"target":0}`)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "目标应为正整数") {
		t.Errorf("zero target: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("PUT", path, organiser, jsonType, `{"target":3}`)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"target":3`) {
		t.Fatalf("edit: %d %s", rec.Code, rec.Body)
	}
	if entries, _, err := e.db.FindAudit(t.Context(), auditFilter("placement.requirement.update")); err != nil || len(entries) != 1 {
		t.Errorf("audit rows %d: %v", len(entries), err)
	}
	rec = e.do("POST", "/programmes/"+strconv.FormatInt(c.id, 10)+"/requirements/"+strconv.FormatInt(r.ID, 10), organiser, formType,
		form("name", "论文", "counts", "deliverable:paper", "target", "-2"))
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "目标应为正整数") {
		t.Errorf("negative target in the form: %d", rec.Code)
	}
}
