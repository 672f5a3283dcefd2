package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
)

// TestLeaveAPI walks a leave request through the API with the field names
// scripts use: asked with {placement_id, start, end, reason} and answered
// with its id; approved by the home school; acknowledged by the mentor;
// closed with {actual_start, actual_end}. The mentor reads a sick-leave
// request without its reason; a forbidden step answers 409 in Chinese.
func TestLeaveAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.cases(auth.RoleParticipant)[0]
	leaveIn(placement.LeaveRequested)(e, c)
	as := func(role string) string { return e.login(e.w.Actors[role].Username) }
	part, school, mentor := as(auth.RoleParticipant), as(auth.RoleSchoolAdmin), as(auth.RoleMentor)
	var l struct {
		ID           int64  `json:"id"`
		PlacementID  int64  `json:"placement_id"`
		Status       string `json:"status"`
		Reason       string `json:"reason"`
		ReasonHidden bool   `json:"reason_hidden"`
		ActualEnd    string `json:"actual_end"`
	}
	decode := func(_ any, body string) {
		t.Helper()
		if err := json.Unmarshal([]byte(body), &l); err != nil {
			t.Fatalf("%v: %s", err, body)
		}
	}
	rec := e.do("POST", "/api/v1/leave-requests", part, jsonType,
		fmt.Sprintf(`{"placement_id":%s,"kind":"sick","start":"2027-03-10","end":"2027-03-11","reason":"发热就医"}`, c.params["placement"]))
	if rec.Code != http.StatusCreated {
		t.Fatalf("ask: %d %s", rec.Code, rec.Body)
	}
	decode(rec, rec.Body.String())
	if l.ID == 0 || fmt.Sprint(l.PlacementID) != c.params["placement"] || l.Status != "requested" {
		t.Fatalf("asked: %+v", l)
	}
	id := fmt.Sprint(l.ID)
	rec = e.do("GET", "/api/v1/leave-requests/"+id, mentor, "", "")
	decode(rec, rec.Body.String())
	if rec.Code != http.StatusOK || l.Reason != "" || !l.ReasonHidden {
		t.Errorf("the mentor reads %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/api/v1/leave-requests/"+id+"/acknowledge", mentor, "", "")
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "不能确认知悉") {
		t.Errorf("acknowledging before the decision: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/api/v1/leave-requests/"+id+"/approve", school, jsonType, `{"note":"同意"}`)
	decode(rec, rec.Body.String())
	if rec.Code != http.StatusOK || l.Status != "approved" || l.Reason != "发热就医" {
		t.Fatalf("approve: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/api/v1/leave-requests/"+id+"/acknowledge", mentor, "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/api/v1/leave-requests/"+id+"/close", part, jsonType, `{"actual_start":"2026-08-20","actual_end":"2026-08-20"}`)
	decode(rec, rec.Body.String())
	if rec.Code != http.StatusOK || l.Status != "closed" || l.ActualEnd != "2026-08-20" {
		t.Fatalf("close: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("GET", "/api/v1/leave-requests?status=closed&placement_id="+c.params["placement"], school, "", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id":`+id) {
		t.Errorf("list: %d %s", rec.Code, rec.Body)
	}
}
