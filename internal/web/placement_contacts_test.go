package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/auth"
)

// TestContactsAPI walks the mentoring and the contacts through the API and
// the pages: the mentor records a session and an evaluation (a second of
// the period answers 409), the participant answers with a follow-up; the
// organiser sees who was not contacted (a bad N answers 422 in Chinese),
// records a contact, schedules group activities and records an absence,
// which the participant's mentoring page shows; the participant's
// workspace lists the group's next activity.
func TestContactsAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	c := e.cases(auth.RoleParticipant)[0]
	withContacts("placement")(e, c)
	e.clock.Advance(time.Date(2027, 3, 10, 2, 0, 0, 0, time.UTC).Sub(e.clock.Now()))
	as := func(role string) string { return e.login(e.w.Actors[role].Username) }
	part, mentor, admin := as(auth.RoleParticipant), as(auth.RoleMentor), as(auth.RoleAdmin)
	pl, prog := "/api/v1/placements/"+c.params["placement"], "/api/v1/programmes/"+c.params["programme"]
	want := func(rec interface {
		Result() *http.Response
	}, body string, code int, words ...string) {
		t.Helper()
		if got := rec.Result().StatusCode; got != code {
			t.Fatalf("want %d, got %d: %s", code, got, body)
		}
		for _, w := range words {
			if !strings.Contains(body, w) {
				t.Errorf("%q lacks %q", body, w)
			}
		}
	}
	coaching := `{"date":"2027-03-09","form":"individual","topic":"三年发展规划","content":"目标要可检验"}`
	rec := e.do("POST", pl+"/coaching", part, jsonType, coaching)
	want(rec, rec.Body.String(), http.StatusForbidden, "导师")
	rec = e.do("POST", pl+"/coaching", mentor, jsonType, coaching)
	want(rec, rec.Body.String(), http.StatusCreated, `"topic":"三年发展规划"`)
	rec = e.do("PUT", pl+"/coaching/"+c.params["session"]+"/follow-up", part, jsonType, `{"follow_up":"已写出初稿"}`)
	want(rec, rec.Body.String(), http.StatusOK, `"follow_up":"已写出初稿"`)
	ev := `{"period":"2027年3月","grade":"good","comment":"勤于反思"}`
	rec = e.do("POST", pl+"/evaluations", mentor, jsonType, ev)
	want(rec, rec.Body.String(), http.StatusCreated, `"grade":"good"`)
	rec = e.do("POST", pl+"/evaluations", mentor, jsonType, ev)
	want(rec, rec.Body.String(), http.StatusConflict, "已经写过")

	rec = e.do("GET", prog+"/not-contacted?days=abc", admin, "", "")
	want(rec, rec.Body.String(), http.StatusUnprocessableEntity, "应为整数")
	rec = e.do("GET", prog+"/not-contacted?days=0", admin, "", "")
	want(rec, rec.Body.String(), http.StatusUnprocessableEntity, "天数应为1至365")
	rec = e.do("GET", prog+"/not-contacted", admin, "", "")
	want(rec, rec.Body.String(), http.StatusOK, `"placement_id":`+c.params["placement"], `"since":-1`)
	rec = e.do("POST", prog+"/check-ins", admin, jsonType, `{"placement_id":`+c.params["placement"]+`,"date":"2027-03-08","way":"phone","notes":"了解情况"}`)
	want(rec, rec.Body.String(), http.StatusCreated)
	rec = e.do("GET", prog+"/not-contacted?days=7", admin, "", "")
	want(rec, strings.TrimSpace(rec.Body.String()), http.StatusOK, "[]")
	rec = e.do("GET", prog+"/check-ins", part, "", "")
	want(rec, rec.Body.String(), http.StatusNotFound)

	rec = e.do("PUT", "/api/v1/group-activities/"+c.params["activity"]+"/attendance", admin, jsonType,
		`{"marks":[{"educator_id":`+itoa(c.educator)+`,"status":"absent"}]}`)
	want(rec, rec.Body.String(), http.StatusOK, `"absent":1`)
	rec = e.do("POST", prog+"/group-activities", admin, jsonType,
		`{"group_id":`+c.params["group"]+`,"date":"2027-03-12","start":"09:00","end":"11:30","place":"报告厅","kind":"lecture","topic":"教学评一致性"}`)
	want(rec, rec.Body.String(), http.StatusCreated)
	rec = e.do("GET", pl+"/mentoring", part, "", "")
	want(rec, rec.Body.String(), http.StatusOK, `"absences":1`, "已写出初稿", "了解情况")

	rec = e.do("GET", "/placements/"+c.params["placement"]+"/mentoring", part, "", "")
	want(rec, rec.Body.String(), http.StatusOK, "三年发展规划", "缺席1次", "2027年3月")
	// The mentor does not open the group's calendar: the page must not link it.
	rec = e.do("GET", "/placements/"+c.params["placement"]+"/mentoring", mentor, "", "")
	if want(rec, rec.Body.String(), http.StatusOK, "三年发展规划"); strings.Contains(rec.Body.String(), "/group-activities") {
		t.Errorf("the mentor's mentoring page links the group's calendar")
	}
	rec = e.do("GET", "/placements/"+c.params["placement"], part, "", "")
	want(rec, rec.Body.String(), http.StatusOK, "教学评一致性")
	rec = e.do("GET", "/programmes/"+c.params["programme"]+"/check-ins?days=x", admin, "", "")
	want(rec, rec.Body.String(), http.StatusUnprocessableEntity, "参数 days 应为整数")
	rec = e.do("GET", "/programmes/"+c.params["programme"]+"/group-activities", part, "", "")
	want(rec, rec.Body.String(), http.StatusOK, "教学评一致性", "缺席")
}
