package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
)

func TestRotationScenarios(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	temp := storetest.MustCreateEducator(t, e.db, w.A1, "临时工", func(ed *people.Educator) { ed.StaffStatus = people.StaffTemporary })
	e.run(t, []scenario{
		{name: "dashboard", as: auth.RoleCountyHR, method: "GET", path: "/rotation", status: 200,
			contains: []string{"交流轮岗", "2026—2027学年", "应交流人数", `<div class="rot-chart rot-bars"`, "甲区", "年度报送（附件1、附件2）须于2026年9月30日前报送市教育局，还剩30天。"},
			excludes: []string{"乙县"}},
		{name: "dashboard in English", as: auth.RoleCity, method: "GET", path: "/rotation", header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200,
			contains: []string{"Rotation", "Must rotate", "Share rotated by county", "乙县"}},
		{name: "county drill-down", as: auth.RoleCountyHR, method: "GET", path: "/rotation/counties/" + id(w.CountyA.ID), status: 200,
			contains: []string{"甲区第一小学", "甲区第二小学", "报送本学年年度情况"}},
		{name: "school drill-down with why not", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/schools/" + id(w.A1.ID), status: 200,
			contains: []string{"张三", "男，41周岁，在本校连续任教11年0个月，满6年", "临时工", "临聘"}},
		{name: "the list", as: auth.RoleCountyHR, method: "GET", path: "/rotation/eligible", status: 200,
			contains: []string{"张三", "李四", "女，41周岁，在本校连续任教11年0个月，满6年"}, excludes: []string{"王五", "临时工"}},
		{name: "the list in English", as: auth.RoleCountyHR, method: "GET", path: "/rotation/eligible", header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200,
			contains: []string{"Male, aged 41, teaching at this school for 11 years 0 months: 6 years reached"}, excludes: []string{"满6年"}},
		{name: "the list with everyone", as: auth.RoleCountyHR, method: "GET", path: "/rotation/eligible?all=1", status: 200, contains: []string{"临时工", "临聘"}},
		{name: "API list", as: auth.RoleCity, method: "GET", path: "/api/v1/rotation/eligible?as_of=2026-09-01", status: 200,
			contains: []string{`"name":"张三"`, `"school_code":"` + w.A1.Code + `"`, `"post":"teacher"`, `"gender":"male"`, `"age":41`, `"tenure_years":11`,
				`"rule":"教师：男50周岁、女45周岁以下，在同一学校连续任教满6年"`, `"exempt":false`, `"total":3`}},
		{name: "API list, bad date", as: auth.RoleCity, method: "GET", path: "/api/v1/rotation/eligible?as_of=2026-02-30", status: 422,
			contains: []string{"参数 as_of 应为日期（YYYY-MM-DD）：2026-02-30"}},
		{name: "API list, bad rule", as: auth.RoleCity, method: "GET", path: "/api/v1/rotation/eligible?rule=janitor", status: 422, contains: []string{"参数 rule 的值无效"}},
		{name: "CSV in Chinese", as: auth.RoleCountyHR, method: "GET", path: "/rotation/eligible?format=csv", status: 200,
			contains: []string{"区县,学校代码,学校,姓名,性别,年龄,身份证号,岗位,骨干级别,任职年限,起算日期,适用规则,依据,应交流,暂缓交流",
				w.A1.Code + ",甲区第一小学,张三,男,41,", ",教师,", ",11年0个月,", "男，41周岁，在本校连续任教11年0个月，满6年", ",是,"},
			excludes: []string{"name,school_code", ",true,", ",false,", ",male,", ",teacher,"}},
		{name: "CSV in English", as: auth.RoleCountyHR, method: "GET", path: "/rotation/eligible?format=csv", header: []string{"Cookie", "jiaoliu_lang=en"},
			status: 200, contains: []string{"County,School code,School,Name,Gender,Age,ID number,Post,Backbone level,Time in post", ",Male,41,", ",Teacher,",
				"11 years, 0 months", ",Yes,"}, excludes: []string{"name,school_code", ",true,", "在本校连续任教"}},
		{name: "the file: why not", as: auth.RoleCountyHR, method: "GET", path: "/rotation/educators/" + id(temp.ID), status: 200,
			contains: []string{"无需交流", "临聘", "新任校长", "评聘高一级职称"}},
		{name: "own file", as: auth.RoleParticipant, method: "GET", path: "/rotation/educators/" + id(w.EA1.ID), status: 200,
			contains: []string{"应交流", "男，41周岁，在本校连续任教11年0个月，满6年", "我的交流档案"}},
		{name: "someone else's file", as: auth.RoleParticipant, method: "GET", path: "/rotation/educators/" + id(w.EA2.ID), status: 404},
		{name: "no dashboard for a participant", as: auth.RoleParticipant, method: "GET", path: "/rotation", status: 403},
		{name: "the educator page: verdict and prerequisites", as: auth.RoleCountyHR, method: "GET", path: "/educators/" + id(w.EA1.ID), status: 200,
			contains: []string{`id="rotation-summary"`, "男，41周岁，在本校连续任教11年0个月，满6年", "新任校长", "仅在1所学校工作",
				`href="/rotation/educators/` + id(w.EA1.ID) + `"`}},
		{name: "the educator page without rotation rights", as: auth.RoleCoordinator, method: "GET", path: "/educators/" + id(w.EA1.ID), status: 200,
			contains: []string{"任职经历"}, excludes: []string{`id="rotation-summary"`}},
		{name: "policy page", as: auth.RoleCountyHR, method: "GET", path: "/rotation/counties/" + id(w.CountyA.ID) + "/policy", status: 200,
			contains: []string{"本学年使用默认政策", "教师：男50周岁、女45周岁以下，在同一学校连续任教满6年", "保存为新版本"}},
		{name: "policy: bad input", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/rotation/counties/" + id(w.CountyA.ID) + "/policy", contentType: jsonType,
			body: `{"school_year":2026,"base_version":0,"teacher_max_age_male":80,"teacher_max_age_female":45,"head_max_age_male":55,"head_max_age_female":50,
				"teacher_tenure_years":6,"head_tenure_years":8,"levels":["senior"],"staff_statuses":["established"],"first_year":2026,"quota_percent":10,
				"first_year_quota_percent":8,"backbone_percent":30,"teacher_min_years":3,"head_min_years":4,"max_exemption_years":3,"title_rural_years":5}`,
			status: 422, contains: []string{"男教师年龄上限应在20至65之间（现为80）", "学段 高中 不属于义务教育", `"teacher_max_age_male":"invalid"`}},
		{name: "policy: the city may not edit", as: auth.RoleCity, method: "POST", path: "/rotation/counties/" + id(w.CountyA.ID) + "/policy", contentType: formType,
			body: form("year", "2026", "quota_percent", "12"), status: 403},
		{name: "exchange: too short", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/exchanges", contentType: jsonType,
			body:   `{"educator_id":` + id(w.EA1.ID) + `,"form":"support","host_school_id":` + id(w.A2.ID) + `,"start":"2026-09-01","planned_end":"2027-08-31"}`,
			status: 422, contains: []string{"交流期限不少于3学年：计划结束日期不能早于2029年8月31日"}},
		{name: "exchange: form page", as: auth.RoleCountyHR, method: "GET", path: "/rotation/exchanges/new?educator=" + id(w.EA1.ID), status: 200, contains: []string{"张三", "甲区第二小学"}},
		{name: "exchange: bad form", as: auth.RoleCountyHR, method: "POST", path: "/rotation/exchanges", contentType: formType,
			body:   form("educator_id", id(w.EA1.ID), "form", "", "host_school_id", id(w.A2.ID), "start", "2026-09-01", "planned_end", "2029-08-31"),
			status: 422, contains: []string{"请选择交流形式", "安排交流"}},
		{name: "rounds page", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/rounds", status: 200, contains: []string{"乡镇内支教选派", "发起选派", "甲区第二小学"}},
		{name: "return page", as: auth.RoleCity, method: "GET", path: "/rotation/return", status: 200, contains: []string{"交流轮岗年度报送", "下载附件1", "甲区", "乙县"}},
		{name: "return of a school admin", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/return", status: 200, contains: []string{"您的权限范围内没有区县"}},
		{name: "submit: no county", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/return/submit", contentType: jsonType, body: `{"school_year":2026}`,
			status: 422, contains: []string{"请给出区县"}},
	})
	// Nothing above changed a policy or made an exchange.
	if ps, _ := e.db.FindPolicies(context.Background(), []int64{w.CountyA.ID}); len(ps) != 0 {
		t.Errorf("refused edits stored %d policies", len(ps))
	}
	if rec := e.do("GET", "/api/v1/rotation/exchanges", e.login("t-admin"), "", ""); !strings.Contains(rec.Body.String(), `"total":0`) {
		t.Errorf("refused input made exchanges: %s", rec.Body)
	}
}

// TestRotationThroughTheAPI takes an exchange through its life over HTTP,
// then reads the dashboard and the return.
func TestRotationThroughTheAPI(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	hr := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	school := e.login(e.w.Actors[auth.RoleSchoolAdmin].Username)
	call := func(token, method, path, body string, want int) map[string]any {
		t.Helper()
		ct := ""
		if body != "" {
			ct = jsonType
		}
		rec := e.do(method, path, token, ct, body)
		if rec.Code != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, rec.Code, want, rec.Body)
		}
		var m map[string]any
		json.Unmarshal(rec.Body.Bytes(), &m)
		return m
	}
	x := call(hr, "POST", "/api/v1/rotation/exchanges", `{"educator_id":`+strconv.FormatInt(w.EA1.ID, 10)+`,"form":"support","host_school_id":`+
		strconv.FormatInt(w.A2.ID, 10)+`,"start":"2026-09-01","planned_end":"2029-08-31"}`, 201)
	path := "/api/v1/rotation/exchanges/" + strconv.FormatFloat(x["id"].(float64), 'f', 0, 64)
	if x["status"] != "planned" || x["relation"] != "stays" {
		t.Fatalf("created: %v", x)
	}
	// The school sees it, but only county HR moves it.
	call(school, "GET", path, "", 200)
	call(school, "POST", path+"/status", `{"status":"announced","date":"2026-08-20"}`, 403)
	m := call(hr, "POST", path+"/status", `{"status":"active","date":"2026-09-01"}`, 409)
	if msg := m["error"].(map[string]any)["message"]; msg != "交流当前状态为「计划」，不能变更为「交流中」" {
		t.Fatalf("forbidden step: %v", msg)
	}
	call(hr, "POST", path+"/status", `{"status":"announced","date":"2026-08-20"}`, 200)
	d := call(hr, "POST", path+"/status", `{"status":"active","date":"2026-09-01"}`, 200)
	if d["direction"] != "urban_rural" || len(d["events"].([]any)) != 3 {
		t.Fatalf("active: %v", d)
	}
	// The host school enters the year's assessment; county HR confirms it.
	host := e.login("u-a2")
	a := call(host, "POST", path+"/assessments", `{"school_year":2026,"grade":"excellent","comment":"教学成绩突出"}`, 200)
	call(hr, "POST", "/api/v1/rotation/assessments/"+strconv.FormatFloat(a["id"].(float64), 'f', 0, 64)+"/confirm", "", 200)
	// The career history shows the exchange.
	career, _ := e.db.FindCareer(context.Background(), w.EA1.ID)
	if len(career) != 2 || career[1].Kind != "exchange" {
		t.Fatalf("career: %+v", career)
	}
	// Figures: county A has 2 who must rotate (张三, 李四), 1 rotated.
	dash := call(hr, "GET", "/api/v1/rotation/dashboard", "", 200)
	total := dash["total"].(map[string]any)
	if total["must_rotate"] != 2.0 || total["rotated"] != 1.0 || total["meets_quota"] != true {
		t.Fatalf("dashboard: %v", total)
	}
	rt := call(hr, "GET", "/api/v1/rotation/return?county="+strconv.FormatInt(w.CountyA.ID, 10), "", 200)
	people := rt["counties"].([]any)[0].(map[string]any)["people"].([]any)
	if len(people) != 1 || people[0].(map[string]any)["name"] != "张三" {
		t.Fatalf("annex 2: %v", people)
	}
	// The annexes are workbooks with the same figures.
	rec := e.do("GET", "/rotation/return/annex2.xlsx?county="+strconv.FormatInt(w.CountyA.ID, 10), hr, "", "")
	if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("annex 2: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("附件2")
	if len(rows) != 3 || rows[2][2] != "张三" || rows[2][5] == "" || strings.Count(rows[2][5], "*") != 12 {
		t.Fatalf("annex 2 rows: %q", rows)
	}
	// Submitting locks the year; the dashboard's reminder ends.
	county := strconv.FormatInt(w.CountyA.ID, 10)
	call(hr, "POST", "/api/v1/rotation/return/submit", `{"county_id":`+county+`,"school_year":2026}`, 201)
	call(hr, "POST", "/api/v1/rotation/return/submit", `{"county_id":`+county+`,"school_year":2026}`, 422)
	page := e.do("GET", "/rotation", hr, "", "")
	if strings.Contains(page.Body.String(), "return-reminder") {
		t.Error("the reminder stays after the return was submitted")
	}
	submitted := e.do("GET", "/rotation/return/annex2.xlsx?county="+county, hr, "", "").Body.Bytes()
	// The records change after submission: the return keeps what was
	// submitted, and shows the current figures beside it.
	y := call(hr, "POST", "/api/v1/rotation/exchanges", `{"educator_id":`+strconv.FormatInt(w.EA2.ID, 10)+`,"form":"support","host_school_id":`+
		strconv.FormatInt(w.A1.ID, 10)+`,"start":"2026-09-01","planned_end":"2029-08-31"}`, 201)
	call(hr, "POST", "/api/v1/rotation/exchanges/"+strconv.FormatFloat(y["id"].(float64), 'f', 0, 64)+"/status", `{"status":"announced","date":"2026-08-20"}`, 200)
	rt = call(hr, "GET", "/api/v1/rotation/return?county="+county, "", 200)
	ca := rt["counties"].([]any)[0].(map[string]any)
	if ca["snapshot"] != true || ca["rotated"] != 1.0 || ca["current"].(map[string]any)["rotated"] != 2.0 {
		t.Fatalf("submitted return after a change: snapshot %v, rotated %v, current %v", ca["snapshot"], ca["rotated"], ca["current"])
	}
	rt = call(hr, "GET", "/api/v1/rotation/return?current=1&county="+county, "", 200)
	if ca := rt["counties"].([]any)[0].(map[string]any); ca["snapshot"] != false || ca["rotated"] != 2.0 {
		t.Fatalf("current return: %v", ca["rotated"])
	}
	if b := e.do("GET", "/rotation/return/annex2.xlsx?county="+county, hr, "", "").Body.Bytes(); !bytes.Equal(b, submitted) {
		t.Error("the submitted annex 2 changed with the records")
	}
	if b := e.do("GET", "/rotation/return/annex2.xlsx?current=1&county="+county, hr, "", "").Body.Bytes(); bytes.Equal(b, submitted) {
		t.Error("the current annex 2 is the submitted one")
	}
	body := e.do("GET", "/rotation/return?year=2026&county="+county, hr, "", "").Body.String()
	for _, want := range []string{"报送数据：", ">当前</span>", "报送记录（1次）", "重新报送原因", "查看当前数据"} {
		if !strings.Contains(body, want) {
			t.Errorf("return page lacks %q", want)
		}
	}
	if !strings.Contains(body, `href="/rotation/return/annex2.xlsx?county=`+county+`&amp;version=1&amp;year=2026"`) {
		t.Error("return page lacks the link to version 1's annex 2")
	}
	sub := call(hr, "POST", "/api/v1/rotation/return/submit", `{"county_id":`+county+`,"school_year":2026,"reason":"补报一人"}`, 201)
	if sub["version"] != 2.0 || sub["reason"] != "补报一人" || sub["late"] != false {
		t.Fatalf("resubmission: %v", sub)
	}
}
