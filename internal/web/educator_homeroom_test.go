package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
)

// TestHomeroomAPI: county HR sets an educator as a homeroom teacher; the
// educator then reads as one without the certificate, on the API and on
// the page; a body without homeroom or with another field changes nothing;
// the change is audited.
func TestHomeroomAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	path := "/api/v1/educators/" + strconv.FormatInt(e.w.EA1.ID, 10)
	for _, bad := range []string{`{}`, `{"homeroom":"是"}`, `{"homeroom":true,"name":"改名"}`} {
		if rec := e.do("PATCH", path, token, jsonType, bad); rec.Code != 422 || !strings.Contains(rec.Body.String(), "message") {
			t.Errorf("PATCH %s: %d %s", bad, rec.Code, rec.Body)
		}
	}
	if got := e.homeroomOf(path, token); got.Homeroom || got.HomeroomUncertified {
		t.Fatalf("after refused bodies: %+v", got)
	}
	rec := e.do("PATCH", path, token, jsonType, `{"homeroom":true}`)
	if rec.Code != 200 {
		t.Fatalf("PATCH: %d %s", rec.Code, rec.Body)
	}
	if got := e.homeroomOf(path, token); !got.Homeroom || !got.HomeroomUncertified {
		t.Fatalf("after PATCH: %+v", got)
	}
	page := e.do("GET", "/educators/"+strconv.FormatInt(e.w.EA1.ID, 10), token, "", "")
	if !strings.Contains(page.Body.String(), "班主任尚未取得班主任培训合格证书") {
		t.Errorf("the educator page shows no flag")
	}
	entries, _, err := e.db.FindAudit(t.Context(), auditFilter("educator.homeroom"))
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Summary, "班主任：否 → 是") {
		t.Fatalf("audit: %v %+v", err, entries)
	}
}

type homeroomFields struct {
	Homeroom            bool `json:"homeroom"`
	HomeroomUncertified bool `json:"homeroom_uncertified"`
}

func (e *env) homeroomOf(path, token string) homeroomFields {
	e.t.Helper()
	rec := e.do("GET", path, token, "", "")
	var got homeroomFields
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &got) != nil {
		e.t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	return got
}
