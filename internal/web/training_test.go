package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/training"
)

// TestCertificateVerification: anyone may confirm a certificate by its
// number and learns only the name, the course, the hours and the date; a
// wrong number, however near, answers 404 without a word of anyone's; an
// address that keeps missing is slowed down.
func TestCertificateVerification(t *testing.T) {
	e := newEnv(t, "sqlite")
	// The demo-less world has no course with a certificate: make one that gives it.
	c := &matrixCase{where: "in", educator: e.w.EA1.ID}
	s, course, k := newCourse(e, c, false)
	if _, err := e.db.SQL().Exec(`UPDATE training_courses SET certificate = TRUE WHERE programme_id = $1`, course.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Enrol(system(0), course.ID, training.EnrolInput{EducatorID: e.w.EA1.ID, ClassID: k.ID}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CompleteClass(system(0), k.ID); err != nil {
		t.Fatal(err)
	}
	certs, err := e.db.FindCertificates(system(0), e.w.EA1.ID)
	if err != nil || len(certs) != 1 {
		t.Fatalf("certificates: %v %v", certs, err)
	}
	cert := certs[0]
	page := e.do("GET", "/certificates/"+cert.Number, "", "", "")
	if page.Code != http.StatusOK {
		t.Fatalf("verification page: %d", page.Code)
	}
	for _, want := range []string{"张三", course.Name, "12", "2026年9月1日", cert.Number} {
		if !strings.Contains(page.Body.String(), want) {
			t.Errorf("verification page lacks %q", want)
		}
	}
	for _, not := range []string{e.w.A1.Name, "110105", `href="/educators`, `href="/training`} {
		if strings.Contains(page.Body.String(), not) {
			t.Errorf("verification page shows %q", not)
		}
	}
	api := e.do("GET", "/certificates/"+strings.ToLower(strings.ReplaceAll(cert.Number, "-", "")), "", "", "", "Accept", "application/json")
	var got map[string]any
	if err := json.Unmarshal(api.Body.Bytes(), &got); err != nil || api.Code != http.StatusOK {
		t.Fatalf("verification as JSON: %d %s", api.Code, api.Body)
	}
	if len(got) != 5 || got["holder"] != "张三" || got["hours"] != float64(12) || got["issued_on"] != "2026-09-01" || got["number"] != cert.Number {
		t.Errorf("verification tells %v; want the number, name, course, hours and date only", got)
	}
	// One letter off, garbage, and an injection: 404, naming nobody.
	near := []byte(cert.Number)
	if near[0] == 'A' {
		near[0] = 'B'
	} else {
		near[0] = 'A'
	}
	for _, wrong := range []string{string(near), "0000", "x'%20OR%201=1--"} {
		rec := e.do("GET", "/certificates/"+wrong, "", "", "", "Accept", "application/json")
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "张三") || strings.Contains(rec.Body.String(), course.Name) {
			t.Errorf("wrong number %q: %d %s", wrong, rec.Code, rec.Body)
		}
	}
	// The owner prints it with a QR code of the public address.
	token := e.login(e.w.Actors[auth.RoleParticipant].Username)
	print := e.do("GET", "/training/certificates/"+strconv.FormatInt(cert.ID, 10), token, "", "")
	if print.Code != http.StatusOK || !strings.Contains(print.Body.String(), "<svg") ||
		!strings.Contains(print.Body.String(), "/certificates/"+cert.Number) {
		t.Errorf("print page: %d", print.Code)
	}
	// Misses slow an address down: after 20 (three made above), even a right number waits.
	for range 17 {
		e.do("GET", "/certificates/"+string(near), "", "", "")
	}
	if rec := e.do("GET", "/certificates/"+cert.Number, "", "", ""); rec.Code != http.StatusTooManyRequests {
		t.Errorf("after 20 misses: %d, want 429", rec.Code)
	}
	// The misses are counted in the database: another server process, with
	// its own auth service over the same store, slows the address down too.
	other := storetest.MustAuthService(t, e.db, audit.NewLog(e.db, e.clock), e.clock)
	if _, err := other.Guess(context.Background(), "certificate:192.0.2.1"); app.ErrorCode(err) != app.TooManyRequests {
		t.Errorf("another process: %v; want the address slowed down", err)
	}
	// Right numbers do not count: a lookup that finds gives its count back.
	for range 30 {
		found, err := other.Guess(context.Background(), "certificate:198.51.100.7")
		if err != nil {
			t.Fatalf("right lookups slowed down: %v", err)
		}
		if err := found(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
}

// TestTrainingReportPages shows the hours report a page at a time (the
// whole county's report was one page of every educator), while its export
// carries every line.
func TestTrainingReportPages(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	var all struct {
		Lines []struct {
			Name string `json:"name"`
		} `json:"lines"`
	}
	rec := e.do("GET", "/api/v1/training/report", token, "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &all); err != nil || len(all.Lines) < 2 {
		t.Fatalf("the report: %d lines, %v", len(all.Lines), err)
	}
	rows := func(page string) string {
		rec := e.do("GET", "/training/report?per_page=1&page="+page, token, "", "")
		if rec.Code != http.StatusOK {
			t.Fatalf("page %s: %d", page, rec.Code)
		}
		body := rec.Body.String()
		if n := strings.Count(body, `<a href="/training/educators/`); n != 1 {
			t.Errorf("page %s shows %d lines, want 1", page, n)
		}
		return body
	}
	first, last := rows("1"), rows(strconv.Itoa(len(all.Lines)))
	if !strings.Contains(first, all.Lines[0].Name) || !strings.Contains(first, `rel="next"`) {
		t.Error("the first page lacks the first line or the link to the next")
	}
	if !strings.Contains(last, all.Lines[len(all.Lines)-1].Name) || strings.Contains(last, `rel="next"`) {
		t.Error("the last page lacks the last line or links past it")
	}
}
