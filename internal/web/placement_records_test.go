package web_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/secondment"
)

// TestPlacementAPIFieldNames: scripts written against the API keep
// working — /api/v1/me gives a participant's current_placement with its
// id, a log is {date, schedule, reflection}, an observation {date, period,
// class, subject, teacher, topic, notes, reflection}; the participant's
// home page is the workspace, and the progress counts what was posted.
func TestPlacementAPIFieldNames(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	c := &matrixCase{role: auth.RoleParticipant, where: "in", county: e.w.CountyA.ID, school: e.w.A1.ID, educator: e.w.EA1.ID}
	withSecondment(e, c)
	// A batch running today (2026-09-01), placed there.
	b := &secondment.Batch{ProgrammeID: c.id, Name: "进行中的批次", Start: app.NewDate(2026, time.August, 24), End: app.NewDate(2026, time.September, 30),
		Quotas: []secondment.BatchQuota{{Category: "中层干部", Capacity: 5}}}
	if err := e.db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SavePlacement(ctx, &secondment.Placement{ProgrammeID: c.id, EducatorID: c.educator, BatchID: b.ID, UpdatedBy: "t", UpdatedAt: e.db.Now()}); err != nil {
		t.Fatal(err)
	}
	token := e.login(e.w.Actors[auth.RoleParticipant].Username)
	var me struct {
		CurrentPlacement struct {
			ID int64 `json:"id"`
		} `json:"current_placement"`
	}
	rec := e.do("GET", "/api/v1/me", token, "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &me); err != nil || me.CurrentPlacement.ID == 0 {
		t.Fatalf("me: %v %s", err, rec.Body)
	}
	base := "/api/v1/placements/" + strconv.FormatInt(me.CurrentPlacement.ID, 10)
	rec = e.do("POST", base+"/logs", token, jsonType, `{"date":"2026-09-01","schedule":"上午听课","reflection":"有收获"}`)
	if rec.Code != 201 {
		t.Fatalf("log: %d %s", rec.Code, rec.Body)
	}
	var log map[string]any
	json.Unmarshal(rec.Body.Bytes(), &log)
	if log["date"] != "2026-09-01" || log["schedule"] != "上午听课" || log["reflection"] != "有收获" || log["id"] == nil {
		t.Errorf("log answered %v", log)
	}
	rec = e.do("POST", base+"/observations", token, jsonType,
		`{"date":"2026-09-01","period":"第2节","class":"初二1班","subject":"数学","teacher":"周老师","topic":"函数","notes":"笔记","reflection":"反思"}`)
	if rec.Code != 201 {
		t.Fatalf("observation: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("GET", base+"/observations", token, "", "")
	var obs []map[string]any
	json.Unmarshal(rec.Body.Bytes(), &obs)
	if len(obs) != 1 {
		t.Fatalf("observations %s", rec.Body)
	}
	for k, v := range map[string]string{"date": "2026-09-01", "period": "第2节", "class": "初二1班", "subject": "数学", "teacher": "周老师",
		"topic": "函数", "notes": "笔记", "reflection": "反思"} {
		if obs[0][k] != v {
			t.Errorf("observation %s = %v, want %s", k, obs[0][k], v)
		}
	}
	// A second log of the day is refused in Chinese and changes nothing.
	rec = e.do("POST", base+"/logs", token, jsonType, `{"date":"2026-09-01","schedule":"又一篇"}`)
	if rec.Code != 409 || !strings.Contains(rec.Body.String(), "已经写过") {
		t.Errorf("second log: %d %s", rec.Code, rec.Body)
	}
	// The home page is the workspace.
	rec = e.do("GET", "/", token, "", "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `id="workspace"`) {
		t.Errorf("home: %d %.300s", rec.Code, rec.Body)
	}
	// Progress counts what was posted.
	rec = e.do("POST", "/api/v1/programmes/"+strconv.Itoa(int(c.id))+"/requirements", e.login(e.w.Actors[auth.RoleCountyHR].Username), jsonType,
		`{"name":"听课","kind":"per_day","counts":["observation"],"target":2}`)
	if rec.Code != 201 {
		t.Fatalf("requirement: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("GET", base+"/progress", token, "", "")
	if !strings.Contains(rec.Body.String(), "听课 1 节 / 应 14 节（每日2节）") {
		t.Errorf("progress: %s", rec.Body)
	}
}
