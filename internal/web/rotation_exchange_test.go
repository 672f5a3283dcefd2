package web_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/store/storetest"
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

// TestExemptionAndRoundForms: the deferral form finds the person by name
// or pinyin instead of asking for an internal number; a 乡镇内支教 round
// offers and accepts only schools of its own township.
func TestExemptionAndRoundForms(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	town := storetest.MustCreateSchool(t, e.db, w.CountyA, "甲区柳树镇中心小学", func(s *org.School) { s.Location, s.Terrain = "township", "flat" })
	village := storetest.MustCreateSchool(t, e.db, w.CountyA, "柳树镇王家村小学", func(s *org.School) {
		s.Location, s.Terrain, s.VillagePoint = "rural", "mountain", true
	})
	elsewhere := storetest.MustCreateSchool(t, e.db, w.CountyA, "甲区白马镇中心小学", func(s *org.School) {
		s.Location, s.Terrain, s.Weak = "township", "mountain", true
	})
	storetest.MustCreateUser(t, e.db, "u-town", town.Place(), 0,
		app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: town.ID})
	pick := `href="/rotation/exemptions?educator=`
	e.run(t, []scenario{
		{name: "deferral: a search, no internal number", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/exemptions", status: 200,
			contains: []string{`id="exemption-search"`}, excludes: []string{"教职工编号", `name="educator_id"`}},
		{name: "deferral: found by initials", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/exemptions?q=zs", status: 200,
			contains: []string{pick + id(w.EA1.ID) + `#exemption-form"`}},
		{name: "deferral: not someone of another school", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/exemptions?q=ls", status: 200,
			contains: []string{"没有找到可以申请暂缓的教职工。"}, excludes: []string{pick + id(w.EA2.ID)}},
		{name: "deferral: the form for the one chosen", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/exemptions?educator=" + id(w.EA1.ID), status: 200,
			contains: []string{`id="exemption-form"`, `name="educator_id" value="` + id(w.EA1.ID) + `"`, "张三"}},
	})
	token := e.login("u-town")
	page := e.do("GET", "/rotation/rounds", token, "", "").Body.String()
	if !strings.Contains(page, `value="`+id(town.ID)+":"+id(village.ID)+`"`) || strings.Contains(page, ":"+id(elsewhere.ID)+`"`) {
		t.Errorf("the round's hosts are not those of 柳树镇: %.2000s", page)
	}
	msg := "乡镇内支教在同一乡镇内进行：甲区柳树镇中心小学在柳树镇，甲区白马镇中心小学在白马镇"
	rec := e.do("POST", "/rotation/rounds", token, formType, form("pair", id(town.ID)+":"+id(elsewhere.ID), "places", "1", "notice_days", "5",
		"start", "2027-09-01", "planned_end", "2030-08-31"))
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), msg) {
		t.Errorf("form: %d %.500s", rec.Code, rec.Body)
	}
	// A pair that is not two ids is refused with the reason, not read as school 0.
	for _, pair := range []string{"x:" + id(village.ID), id(town.ID) + ":", id(town.ID), id(town.ID) + ":-3"} {
		rec = e.do("POST", "/rotation/rounds", token, formType, form("pair", pair, "places", "1", "notice_days", "5",
			"start", "2027-09-01", "planned_end", "2030-08-31"))
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "请从列表中选择学校和交流学校") {
			t.Errorf("pair %q: %d %.500s", pair, rec.Code, rec.Body)
		}
	}
	rec = e.do("POST", "/api/v1/rotation/rounds", token, jsonType, `{"school_id":`+id(town.ID)+`,"host_school_id":`+id(elsewhere.ID)+
		`,"places":1,"notice_days":5,"start":"2027-09-01","planned_end":"2030-08-31"}`)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), msg) {
		t.Errorf("API: %d %s", rec.Code, rec.Body)
	}
}

// TestPlanSwapForm: the plan's swap form offers only a teacher of the same
// subject and a fitting stage, and the form and the API refuse any other
// with the reason.
func TestPlanSwapForm(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	a3 := storetest.MustCreateSchool(t, e.db, w.CountyA, "甲区第三小学", func(s *org.School) { s.Location, s.Weak = "rural", true })
	storetest.MustCreateEducator(t, e.db, w.A1, "赵六", func(ed *people.Educator) { ed.Gender = people.GenderMale })
	maths := storetest.MustCreateEducator(t, e.db, w.A1, "孙八", func(ed *people.Educator) { ed.Gender, ed.Subjects = people.GenderMale, []string{"数学"} })
	storetest.MustCreateEducator(t, e.db, a3, "钱七", func(ed *people.Educator) { ed.JoinedSchool = mDate(2024, 9, 1) })
	hr := e.login(w.Actors[auth.RoleCountyHR].Username)
	p := e.solvedTeacherPlan(hr)
	if len(p.Moves) != 1 {
		t.Fatalf("solved: %v", p.Moves)
	}
	mover, other := p.Moves[0].Teacher, planning.TeacherKey(maths.ID)
	if mover == other {
		other = planning.TeacherKey(w.EA1.ID)
	}
	pid := id(p.ID)
	e.run(t, []scenario{
		{name: "offered: the same subject only", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plans/" + pid, status: 200,
			contains: []string{`id="swap-form"`, `name="pair"`}, excludes: []string{`value="` + mover + ":" + other + `"`}},
		{name: "the form refuses another subject", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plans/" + pid + "/edits", contentType: formType,
			body: form("kind", "swap", "pair", mover+":"+other), status: 422, contains: []string{"只能与同学科的教师对调或替换"}},
		{name: "so does the API", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/edits", contentType: jsonType,
			body: `{"kind":"swap","teacher":"` + mover + `","other":"` + other + `"}`, status: 422, contains: []string{"只能与同学科的教师对调或替换"}},
	})
	if after := e.waitSolved(p.ID); len(after.Moves) != 1 || after.Moves[0] != p.Moves[0] || after.Edited {
		t.Fatalf("a refused swap changed the plan: %v", after.Moves)
	}
}
