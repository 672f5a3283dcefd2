package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/secondment"
)

// TestSecondmentThroughThePages starts the seed [001] programme from its
// template, registers a host, creates a mentor's account from the
// secondment page (its password shown once), places a participant there
// with the mentor, and signs in as the mentor, who sees that participant.
func TestSecondmentThroughThePages(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	coord := e.login(w.Actors[auth.RoleCoordinator].Username)
	rec := e.do("POST", "/programmes/templates", coord, formType, form("template", "001", "year", "2027", "unit", "county:"+id(w.CountyA.ID)))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("template: %d %s", rec.Code, rec.Body.String())
	}
	m := regexp.MustCompile(`/programmes/(\d+)/batches`).FindStringSubmatch(rec.Header().Get("Location"))
	if m == nil {
		t.Fatalf("redirect to %s", rec.Header().Get("Location"))
	}
	pid := m[1]
	var detail struct {
		Categories []struct{ Name string } `json:"categories"`
		Batches    []secondment.Batch      `json:"batches"`
		Groups     []secondment.Group      `json:"groups"`
	}
	rec = e.do("GET", "/api/v1/programmes/"+pid, coord, "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &detail); err != nil || len(detail.Batches) != 1 || len(detail.Groups) != 5 || len(detail.Categories) != 2 {
		t.Fatalf("programme from template 001: %v %s", err, rec.Body.String())
	}
	batch := detail.Batches[0]
	if batch.Start.String() != "2027-09-14" || batch.End.String() != "2027-11-13" {
		t.Errorf("batch %s–%s", batch.Start, batch.End)
	}
	rec = e.do("POST", "/hosts", coord, formType, form("unit", "county:"+id(w.CountyA.ID), "name", "上海市建平中学", "place", "上海浦东",
		"level", "middle", "departments", "校长室\n数学教研组"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("host: %d %s", rec.Code, rec.Body.String())
	}
	hostID := strings.TrimPrefix(strings.Split(rec.Header().Get("Location"), "?")[0], "/hosts/")
	h, err := e.db.FindHostByID(context.Background(), mustInt(t, hostID))
	if err != nil || len(h.Departments) != 2 || h.Departments[1].Kind != secondment.DeptSubjects || h.Departments[1].Subject != "数学" {
		t.Fatalf("host %+v %v", h, err)
	}
	pp := "/programmes/" + pid
	if rec = e.do("POST", pp+"/batches/"+id(batch.ID)+"/hosts", coord, formType, form("host_id", hostID, "capacity", "1")); rec.Code != http.StatusSeeOther {
		t.Fatalf("batch host: %d %s", rec.Code, rec.Body.String())
	}
	rec = e.do("POST", pp+"/mentors", coord, formType, form("username", "pd-cheng", "display_name", "程校长", "host_id", hostID,
		"department_id", id(h.Departments[0].ID), "title", "校长"))
	password := regexp.MustCompile(`<code id="mentor-password">([A-Za-z0-9]{12})</code>`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || password == nil {
		t.Fatalf("mentor: %d %s", rec.Code, rec.Body.String())
	}
	if again := e.do("GET", pp+"/batches", coord, "", ""); strings.Contains(again.Body.String(), password[1]) {
		t.Error("the initial password is shown a second time")
	}
	mentor, err := e.db.FindUserByUsername(context.Background(), "pd-cheng")
	if err != nil {
		t.Fatal(err)
	}
	// Enrol two; place the first with the mentor; the host takes only one.
	for _, ed := range []int64{w.EA1.ID, w.EA2.ID} {
		if rec = e.do("POST", "/api/v1/programmes/"+pid+"/members", coord, jsonType, `{"educator_id":`+id(ed)+`,"category":"中学校长"}`); rec.Code != 201 {
			t.Fatalf("enrol: %d %s", rec.Code, rec.Body.String())
		}
	}
	rec = e.do("POST", pp+"/placements/"+id(w.EA1.ID), coord, formType, form("batch_id", id(batch.ID), "host_id", hostID,
		"department_id", id(h.Departments[0].ID), "mentor_id", id(mentor.ID), "post_title", "校长助理"))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("place: %d %s", rec.Code, rec.Body.String())
	}
	rec = e.do("POST", pp+"/placements/"+id(w.EA2.ID), coord, formType, form("batch_id", id(batch.ID), "host_id", hostID))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "上海市建平中学本批次接收1人，已满") {
		t.Errorf("over capacity: %d", rec.Code)
	}
	// The mentor signs in with the password shown once and sees their participant only.
	g, err := e.auth.Login(context.Background(), auth.Attempt{Username: "pd-cheng", Password: password[1], ClientAddr: "192.0.2.9", UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var seen []secondment.Placement
	rec = e.do("GET", "/api/v1/programmes/"+pid+"/placements", g.Token, "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &seen); err != nil || len(seen) != 1 || seen[0].EducatorID != w.EA1.ID || seen[0].PostTitle != "校长助理" {
		t.Fatalf("mentor sees %s", rec.Body.String())
	}
	// The agreement names both parties and the mentor, ready to print.
	rec = e.do("GET", pp+"/placements/"+id(w.EA1.ID)+"/agreement", g.Token, "", "")
	for _, want := range []string{"挂职协议", "上海市建平中学", "程校长", "校长助理", "2027年9月14日", "data-print"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("agreement lacks %q", want)
		}
	}
	if rec = e.do("GET", pp+"/placements/"+id(w.EA2.ID)+"/agreement", g.Token, "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("the mentor reads another's agreement: %d", rec.Code)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
