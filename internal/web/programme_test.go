package web_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store/storetest"
)

func TestProgrammeScenarios(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	p := storetest.MustCreateProgramme(t, e.db, w.City, w.CountyA, "2026年中层干部挂职锻炼",
		[]programme.Category{{Name: "中层干部", Quota: 2}, {Name: "级部主任", Quota: 1}}, w.EA1)
	city := storetest.MustCreateProgramme(t, e.db, w.City, nil, "全市校长赴上海挂职培训", nil)
	pp := "/programmes/" + id(p.ID)
	ea3 := storetest.MustCreateEducator(t, e.db, w.A2, "赵六")
	e.run(t, []scenario{
		{name: "list", as: auth.RoleCountyHR, method: "GET", path: "/programmes", status: 200,
			contains: []string{"2026年中层干部挂职锻炼", "挂职锻炼", "2026年9月1日—2027年7月15日", "1 / 3", "新建项目"}, excludes: []string{"全市校长赴上海挂职培训"}},
		{name: "the dashboard counts running programmes", as: auth.RoleCoordinator, method: "GET", path: "/", status: 200,
			contains: []string{`href="/programmes?status=running"><b>1</b><span>进行中的项目`}},
		{name: "list for the city", as: auth.RoleCity, method: "GET", path: "/programmes?unit=city", status: 200,
			contains: []string{"全市校长赴上海挂职培训"}, excludes: []string{"2026年中层干部挂职锻炼"}},
		{name: "list by county", as: auth.RoleCity, method: "GET", path: "/programmes?unit=" + id(w.CountyA.ID), status: 200,
			contains: []string{"2026年中层干部挂职锻炼", `<option value="` + id(w.CountyA.ID) + `" selected>`}, excludes: []string{"全市校长赴上海挂职培训"}},
		{name: "list, bad unit", as: auth.RoleCity, method: "GET", path: "/api/v1/programmes?unit=x", status: 422, contains: []string{"参数 unit 的值无效：x"}},
		{name: "no programmes for a school admin", as: auth.RoleSchoolAdmin, method: "GET", path: "/programmes", status: 403},
		{name: "page", as: auth.RoleCoordinator, method: "GET", path: pp, status: 200,
			contains: []string{"参训类别及名额", "中层干部", "张三", `href="/educators/` + id(w.EA1.ID) + `"`, "报名参训人员", "修改项目"}},
		{name: "page in English", as: auth.RoleCoordinator, method: "GET", path: pp, header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200,
			contains: []string{"Categories and quotas", "Participants", "Secondment", "1 Sep 2026"}},
		{name: "the city's programme is out of the county's reach", as: auth.RoleCountyHR, method: "GET", path: "/programmes/" + id(city.ID), status: 404},
		{name: "enrolment search by pinyin initials", as: auth.RoleCoordinator, method: "GET", path: pp + "?q=ls", status: 200,
			contains: []string{`id="candidate-list"`, "李四", `name="educator_id" value="` + id(w.EA2.ID) + `"`}},
		{name: "enrol", as: auth.RoleCoordinator, method: "POST", path: pp + "/members", contentType: formType,
			body: form("educator_id", id(w.EA2.ID), "category", "级部主任"), status: 303},
		{name: "enrol twice", as: auth.RoleCoordinator, method: "POST", path: pp + "/members", contentType: formType,
			body: form("educator_id", id(w.EA2.ID), "category", "级部主任"), status: 409, contains: []string{"李四已在本项目中"}},
		{name: "enrol someone of another county", as: auth.RoleCity, method: "POST", path: "/api/v1/programmes/" + id(p.ID) + "/members", contentType: jsonType,
			body: `{"educator_id":` + id(w.EB1.ID) + `,"category":"中层干部"}`, status: 422, contains: []string{"不在本项目的组织范围（甲区）内"}},
		{name: "enrol into a full category", as: auth.RoleCountyHR, method: "POST", path: pp + "/members", contentType: formType,
			body: form("educator_id", id(ea3.ID), "category", "级部主任"), status: 409, contains: []string{"参训类别“级部主任”的1个名额已满"}},
		{name: "the educator page lists the programme", as: auth.RoleSchoolAdmin, method: "GET", path: "/educators/" + id(w.EA1.ID), status: 200,
			contains: []string{"参加的项目", "2026年中层干部挂职锻炼", "中层干部"}, excludes: []string{`href="/programmes/`}},
		{name: "API detail", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/programmes/" + id(p.ID), status: 200,
			contains: []string{`"name":"2026年中层干部挂职锻炼"`, `"participants":2`, `"enrolled":1`, `"members":[`, `"category":"级部主任"`}},
		{name: "create from the form", as: auth.RoleCountyHR, method: "POST", path: "/programmes", contentType: formType,
			body: form("unit", "county:"+id(w.CountyA.ID), "name", "2027年骨干教师跟岗", "kind", "secondment_training", "organiser", "甲区教师进修学校",
				"start", "2027-03-14", "end", "2027-04-15", "categories", "学科骨干教师 16\n中层干部 20"), status: 303},
		{name: "create: bad categories change nothing", as: auth.RoleCountyHR, method: "POST", path: "/programmes", contentType: formType,
			body: form("unit", "county:"+id(w.CountyA.ID), "name", "坏项目", "kind", "secondment", "organiser", "甲区教师进修学校",
				"start", "2027-03-14", "end", "2027-04-15", "categories", "学科骨干教师"), status: 422,
			contains: []string{"参训类别第1行“学科骨干教师”应写作“类别名称 名额”", `value="坏项目"`}},
		{name: "create in the other county", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
			body:   `{"county_id":` + id(w.CountyB.ID) + `,"name":"越权项目","kind":"training","organiser":"乙县","start":"2027-01-01","end":"2027-02-01"}`,
			status: 422, contains: []string{"所选组织单位不存在或不在您的权限范围内"}},
		{name: "edit: dropping a category with participants", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/programmes/" + id(p.ID), contentType: jsonType,
			body:   `{"name":"2026年中层干部挂职锻炼","kind":"secondment","organiser":"市教师进修学校","start":"2026-09-01","end":"2027-07-15","categories":[{"name":"中层干部","quota":2}]}`,
			status: 422, contains: []string{"参训类别“级部主任”已有1人报名，不能删除"}},
		{name: "withdraw", as: auth.RoleCountyHR, method: "DELETE", path: "/api/v1/programmes/" + id(p.ID) + "/members/" + id(w.EA2.ID), status: 204},
		{name: "delete a programme with participants", as: auth.RoleCountyHR, method: "POST", path: pp + "/delete", status: 409,
			contains: []string{"项目已有1名参训人员，请先全部移出再删除"}},
		{name: "a mentor cannot enrol", as: auth.RoleMentor, method: "POST", path: pp + "/members", contentType: formType,
			body: form("educator_id", id(w.EA2.ID), "category", "级部主任"), status: 404},
	})
	if got, _, err := e.db.FindProgrammes(t.Context(), programme.Filter{Q: "骨干教师跟岗", Within: app.Scope{All: true}}); err != nil || len(got) != 1 ||
		len(got[0].Categories) != 2 || got[0].Categories[0].Quota != 16 || got[0].Kind != programme.KindSecondmentTraining {
		t.Errorf("the form's programme: %v, %v", got, err)
	}
	if _, n, _ := e.db.FindProgrammes(t.Context(), programme.Filter{Q: "坏项目", Within: app.Scope{All: true}}); n != 0 {
		t.Error("a refused form saved a programme")
	}
	rec := e.do("POST", "/programmes/"+id(city.ID)+"/delete", e.login(w.Actors[auth.RoleCity].Username), formType, "")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/programmes?msg=programme_deleted" {
		t.Errorf("delete the empty city programme: %d %s", rec.Code, rec.Header().Get("Location"))
	}

	// The participant list downloads as a workbook.
	rec = e.do("GET", pp+"/members.xlsx", e.login(w.Actors[auth.RoleCoordinator].Username), "", "")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d %s", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("参训人员名单")
	if len(rows) != 3 || rows[1][1] != "姓名" || rows[2][1] != "张三" || rows[2][5] != "中层干部" {
		t.Errorf("export rows %q", rows)
	}
}

// TestProgrammeGrant: an admin grants a coordinator over one programme in
// the account page; the account then sees that programme and its
// participants, and nothing else.
func TestProgrammeGrant(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	p := storetest.MustCreateProgramme(t, e.db, w.City, w.CountyA, "名校长培养工程", nil, w.EA1)
	other := storetest.MustCreateProgramme(t, e.db, w.City, w.CountyA, "新教师培训", nil, w.EA2)
	u := storetest.MustCreateUser(t, e.db, "institute", app.Place{CityID: w.City.ID, CountyID: w.CountyA.ID}, 0)
	hr := e.login(w.Actors[auth.RoleCountyHR].Username)
	page := e.do("GET", "/admin/users/"+id(u.ID), hr, "", "")
	if !strings.Contains(page.Body.String(), `value="programme:`+id(p.ID)+`"`) {
		t.Fatalf("the grant form offers no programme: %.300s", page.Body.String())
	}
	rec := e.do("POST", "/admin/users/"+id(u.ID)+"/grants", hr, formType, form("role", "coordinator", "scope", "programme:"+id(p.ID)))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("grant: %d %.300s", rec.Code, rec.Body.String())
	}
	rec = e.do("POST", "/admin/users/"+id(u.ID)+"/grants", hr, formType, form("role", "school_admin", "scope", "programme:"+id(p.ID)))
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "角色“学校管理员”的范围只能是：学校") {
		t.Errorf("a school admin over a programme: %d", rec.Code)
	}
	token := e.login("institute")
	for path, want := range map[string]int{
		"/programmes/" + id(p.ID):           200,
		"/programmes/" + id(other.ID):       404,
		"/educators/" + id(w.EA1.ID):        200,
		"/educators/" + id(w.EA2.ID):        404,
		"/schools/" + id(w.A1.ID):           404,
		"/api/v1/educators?q=":              200,
		"/programmes/new":                   403,
		"/programmes/" + id(p.ID) + "/edit": 200,
	} {
		if got := e.do("GET", path, token, "", ""); got.Code != want {
			t.Errorf("GET %s: %d, want %d", path, got.Code, want)
		}
	}
	list := e.do("GET", "/api/v1/educators", token, "", "").Body.String()
	if !strings.Contains(list, `"total":1`) || !strings.Contains(list, w.EA1.Name) {
		t.Errorf("the educator list: %.300s", list)
	}
	me := e.do("GET", "/api/v1/me", token, "", "").Body.String()
	if !strings.Contains(me, `"scope_kind":"programme"`) || !strings.Contains(me, `"scope_name":"名校长培养工程"`) {
		t.Errorf("me: %.400s", me)
	}
}
