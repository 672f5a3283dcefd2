package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
)

// TestExchangeForm: the person is found by name, pinyin or initials, not
// picked from a list of everyone; people with an open exchange are left
// out; the hosts are the county's schools unless the form may leave it;
// a step says whether it wrote the career history.
func TestExchangeForm(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	rec := e.do("POST", "/api/v1/rotation/exchanges", e.login("t-county"), jsonType,
		`{"educator_id":`+id(w.EA2.ID)+`,"form":"support","host_school_id":`+id(w.A1.ID)+`,"start":"2026-09-01","planned_end":"2029-08-31"}`)
	if rec.Code != 201 {
		t.Fatalf("exchange of 李四: %d %s", rec.Code, rec.Body)
	}
	var made struct{ ID int64 }
	json.Unmarshal(rec.Body.Bytes(), &made)
	choose := `href="/rotation/exchanges/new?educator=`
	e.run(t, []scenario{
		{name: "a search, not a list of everyone", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new", status: 200,
			contains: []string{`id="person-search"`, "zhangsan、zs"}, excludes: []string{`name="educator_id"`, choose}},
		{name: "found by initials", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?q=zs", status: 200,
			contains: []string{"张三", choose + id(w.EA1.ID) + `"`}},
		{name: "found by full pinyin", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?q=zhangsan", status: 200,
			contains: []string{choose + id(w.EA1.ID) + `"`}},
		{name: "found by name", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?q=%E5%BC%A0", status: 200,
			contains: []string{choose + id(w.EA1.ID) + `"`}},
		{name: "someone on an open exchange is not offered", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?q=ls", status: 200,
			contains: []string{`id="busy-list"`, "李四（计划）", "没有找到可以安排交流的教职工。"}, excludes: []string{choose + id(w.EA2.ID)}},
		{name: "nor anyone of another county", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?q=ww", status: 200,
			excludes: []string{choose + id(w.EB1.ID)}},
		{name: "nor by their id", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?educator=" + id(w.EA2.ID), status: 200,
			contains: []string{`id="open-exchange"`, "此人已有未结束的交流（甲区第二小学 → 甲区第一小学，计划）"}, excludes: []string{`id="exchange-form"`}},
		{name: "hosts of the county only", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?educator=" + id(w.EA1.ID), status: 200,
			contains: []string{`id="exchange-form"`, "甲区第二小学", `href="/rotation/exchanges/new?educator=` + id(w.EA1.ID) + `&amp;form=counterpart"`},
			excludes: []string{"乙县中学"}},
		{name: "the city's schools for counterpart assistance", as: auth.RoleCountyHR, method: "GET",
			path: "/rotation/exchanges/new?educator=" + id(w.EA1.ID) + "&form=counterpart", status: 200,
			contains: []string{"其他区县（仅限对口帮扶、国培置换）", "乙县 乙县中学", `value="counterpart" selected`}, excludes: []string{`id="cross-county"`}},
		{name: "a school admin makes no exchange", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/exchanges/new?q=zs", status: 403},
	})

	// Announcing writes no career history, and says so; the start does.
	path := "/rotation/exchanges/" + id(made.ID)
	hr := e.login("t-county")
	for _, tc := range []struct{ status, date, msg string }{
		{"announced", "2026-08-20", "exchange_status_only"},
		{"active", "2026-09-01", "exchange_status"},
	} {
		rec := e.do("POST", path+"/status", hr, formType, form("status", tc.status, "date", tc.date))
		if rec.Code != 303 || !strings.HasSuffix(rec.Header().Get("Location"), "msg="+tc.msg) {
			t.Fatalf("%s: %d %s", tc.status, rec.Code, rec.Header().Get("Location"))
		}
	}
	if page := e.do("GET", path+"?msg=exchange_status_only", hr, "", ""); !strings.Contains(page.Body.String(), "这一步不改变任职经历") {
		t.Errorf("the flash of a step without career change: %.300s", page.Body)
	}
}
