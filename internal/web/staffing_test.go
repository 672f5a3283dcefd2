package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"jiaoliu/internal/store/storetest"
)

// The staffing API end to end as county HR: the standard, a computed
// version, an adjustment that needs its reason, filing, and the figures per
// school; another county answers as absent; a school admin sees their school.
func TestStaffingAPI(t *testing.T) {
	e := newEnv(t, storetest.Dialects[0])
	hr, school := e.login(e.w.Actors["county_hr"].Username), e.login(e.w.Actors["school_admin"].Username)
	a, b := e.w.CountyA.ID, e.w.CountyB.ID
	call := func(token, method, path, body string, want int) map[string]any {
		t.Helper()
		ct := ""
		if body != "" {
			ct = jsonType
		}
		rec := e.do(method, path, token, ct, body)
		if rec.Code != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, rec.Code, want, rec.Body.String())
		}
		var out map[string]any
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	call(hr, "PUT", "/api/v1/staffing/settings", fmt.Sprintf(`{"county_id":%d,"year":2026,"total":12,"ratio_senior":12.5,"ratio_junior":13.5,
		"ratio_primary":19,"ratio_special":3,"boarders_per_staff":50,"village_point_staff":1,"hardship_second_years":15,"hardship_first_years":25,
		"post_unit":"school"}`, a), http.StatusOK)
	call(hr, "PUT", "/api/v1/staffing/settings", fmt.Sprintf(`{"county_id":%d,"year":2026,"total":12,"ratio_senior":0,"ratio_junior":13.5,
		"ratio_primary":19,"ratio_special":3,"boarders_per_staff":50,"village_point_staff":1,"hardship_second_years":15,"hardship_first_years":25,
		"post_unit":"school"}`, a), http.StatusUnprocessableEntity)
	v1 := call(hr, "POST", "/api/v1/staffing/allocations", fmt.Sprintf(`{"county_id":%d,"year":2026}`, a), http.StatusCreated)
	id := int64(v1["id"].(float64))
	call(hr, "POST", fmt.Sprintf("/api/v1/staffing/allocations/%d/adjustments", id),
		fmt.Sprintf(`{"lines":[{"school_id":%d,"allocated":5}]}`, e.w.A1.ID), http.StatusUnprocessableEntity)
	call(hr, "POST", fmt.Sprintf("/api/v1/staffing/allocations/%d/adjustments", id),
		fmt.Sprintf(`{"lines":[{"school_id":%d,"allocated":13,"reason":"新建校区"}]}`, e.w.A1.ID), http.StatusUnprocessableEntity)
	v2 := call(hr, "POST", fmt.Sprintf("/api/v1/staffing/allocations/%d/adjustments", id),
		fmt.Sprintf(`{"lines":[{"school_id":%d,"allocated":5,"reason":"新建校区"}]}`, e.w.A1.ID), http.StatusCreated)
	id2 := int64(v2["id"].(float64))
	call(hr, "POST", fmt.Sprintf("/api/v1/staffing/allocations/%d/file", id), "", http.StatusConflict)
	call(hr, "POST", fmt.Sprintf("/api/v1/staffing/allocations/%d/file", id2), "", http.StatusOK)

	got := call(hr, "GET", fmt.Sprintf("/api/v1/staffing?county=%d", a), "", http.StatusOK)
	schools := got["schools"].([]any)
	first := schools[0].(map[string]any)
	if len(schools) != 2 || first["school_id"].(float64) != float64(e.w.A1.ID) || first["establishment"].(float64) != 5 ||
		first["in_post"].(float64) != 1 || first["vacancies"].(float64) != 4 {
		t.Errorf("county A: %v", got)
	}
	call(hr, "GET", fmt.Sprintf("/api/v1/staffing?county=%d", b), "", http.StatusNotFound)
	own := call(school, "GET", fmt.Sprintf("/api/v1/staffing?county=%d", a), "", http.StatusOK)
	if n := len(own["schools"].([]any)); n != 1 {
		t.Errorf("a school admin reads %d schools, want their own", n)
	}
	call(hr, "GET", fmt.Sprintf("/api/v1/posts?school=%d", e.w.B1.ID), "", http.StatusNotFound)
	posts := call(school, "GET", fmt.Sprintf("/api/v1/posts?school=%d", e.w.A1.ID), "", http.StatusOK)
	if n := len(posts["posts"].([]any)); n != 5 {
		t.Errorf("posts by grade: %d, want 5", n)
	}
	rec := e.do("GET", fmt.Sprintf("/staffing/allocations/%d/workbook.xlsx", id2), hr, "", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") {
		t.Errorf("workbook: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	page := e.do("GET", fmt.Sprintf("/staffing?county=%d&year=2026", a), hr, "", "")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "新建校区") && !strings.Contains(page.Body.String(), "第2版") {
		t.Errorf("staffing page: %d", page.Code)
	}
}
