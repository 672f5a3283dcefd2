package web_test

import (
	"net/http"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// TestPrincipalSelectionPages: HR opens a selection from the form; the
// discipline inspection office reads the record of its steps, with time and
// author, and finds no form of a step, nor may it take one; a bad form
// changes nothing and says why in Chinese; a wrong code opens no ballot.
func TestPrincipalSelectionPages(t *testing.T) {
	e := newEnv(t, "sqlite")
	hr := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	watch := e.login(e.w.Actors[auth.RoleInspector].Username)
	today := app.DateOf(e.clock.Now())
	open := func(end string) *http.Response {
		rec := e.do("POST", "/principal-selections", hr, formType, form("school_id", itoa(e.w.A1.ID), "post", "principal",
			"vacancy", "retired", "max_age", "50", "registration_end", end, "evaluation_date", today.AddDays(20).String()))
		return rec.Result()
	}
	bad := open(today.AddDays(-1).String())
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a registration ending yesterday: %d", bad.StatusCode)
	}
	if n, _ := e.db.FindAppointmentSelections(t.Context(), appointmentAll()); len(n) != 0 {
		t.Fatalf("a refused form made %d selections", len(n))
	}
	res := open(today.AddDays(10).String())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/principal-selections/") {
		t.Fatalf("open: %d %s", res.StatusCode, loc)
	}
	path := strings.Split(loc, "?")[0]
	page := e.do("GET", path, watch, "", "").Body.String()
	for _, want := range []string{"选聘全过程记录", "发布选聘公告", "报名截止", e.w.A1.Name} {
		if !strings.Contains(page, want) {
			t.Errorf("the inspection office's page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="evaluation-form"`) || strings.Contains(page, `id="recommend-search"`) {
		t.Error("the inspection office is offered a step's form")
	}
	if rec := e.do("POST", path+"/evaluation", watch, formType, form("voters", "10")); rec.Code != http.StatusNotFound {
		t.Errorf("the inspection office opened the evaluation: %d", rec.Code)
	}
	if rec := e.do("POST", "/vote", "", formType, form("code", "ABCDEFGHJK")); rec.Code != http.StatusNotFound ||
		!strings.Contains(rec.Body.String(), "测评码无效或已使用") {
		t.Errorf("a wrong code: %d", rec.Code)
	}
}
