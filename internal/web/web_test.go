package web_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/store/storetest"
	"jiaoliu/internal/ui"
	"jiaoliu/internal/web"
)

// scenario is one HTTP exchange: who, what, and what must come back.
type scenario struct {
	name        string
	as          string // role of the actor, "" for nobody
	method      string
	path        string
	contentType string
	body        string
	header      []string
	status      int
	contains    []string
	excludes    []string
}

func (e *env) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			token := ""
			if sc.as != "" {
				token = e.login(e.w.Actors[sc.as].Username)
			}
			rec := e.do(sc.method, sc.path, token, sc.contentType, sc.body, sc.header...)
			if rec.Code != sc.status {
				t.Fatalf("%s %s: status %d, want %d: %.500s", sc.method, sc.path, rec.Code, sc.status, rec.Body.String())
			}
			for _, want := range sc.contains {
				if !strings.Contains(rec.Body.String(), want) {
					t.Errorf("%s %s: body lacks %q: %.800s", sc.method, sc.path, want, rec.Body.String())
				}
			}
			for _, not := range sc.excludes {
				if strings.Contains(rec.Body.String(), not) {
					t.Errorf("%s %s: body holds %q", sc.method, sc.path, not)
				}
			}
		})
	}
}

func TestScenarios(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	e.run(t, []scenario{
		{name: "login page is Chinese", method: "GET", path: "/login", status: 200, contains: []string{`lang="zh-CN"`, "登录", "用户名", "密码"}},
		{name: "login page in English", method: "GET", path: "/login", header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200, contains: []string{"Sign in", "User name"}},
		{name: "pinyin initials", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?q=zs", status: 200, contains: []string{`"name":"张三"`, `"total":1`}, excludes: []string{"李四"}},
		{name: "full pinyin", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?q=zhangsan", status: 200, contains: []string{"张三"}},
		{name: "pinyin with space and capitals", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?q=Zhang+San", status: 200, contains: []string{"张三"}},
		{name: "name substring", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?q=%E5%BC%A0", status: 200, contains: []string{"张三"}, excludes: []string{"李四"}},
		{name: "school by code", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?school=" + w.B1.Code, status: 200, contains: []string{"王五", `"total":1`}},
		{name: "county HR sees only its county", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/educators", status: 200, contains: []string{"张三", "李四", `"total":2`}, excludes: []string{"王五"}},
		{name: "participant sees only self", as: auth.RoleParticipant, method: "GET", path: "/api/v1/educators", status: 200, contains: []string{"张三", `"total":1`}},
		{name: "masked ID only", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators/" + id(w.EA1.ID), status: 200, contains: []string{`"id_number_masked":"110105********`, `"career":[]`}},
		{name: "bad filter value", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?post=janitor", status: 422, contains: []string{`"code":"invalid"`, "参数 post 的值无效"}},
		{name: "ages reversed", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?min_age=50&max_age=30", status: 422, contains: []string{"最小年龄不能大于最大年龄"}},
		{name: "age filter", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?min_age=60", status: 200, contains: []string{`"total":0`}},
		{name: "unknown school is 404", as: auth.RoleAdmin, method: "GET", path: "/api/v1/schools/999999", status: 404, contains: []string{`"code":"not_found"`, "未找到学校"}},
		{name: "non-numeric id is 404", as: auth.RoleAdmin, method: "GET", path: "/api/v1/schools/abc", status: 404},
		{name: "unknown API path", as: auth.RoleAdmin, method: "GET", path: "/api/v1/nothing", status: 404, contains: []string{`"error"`}},
		{name: "API needs login", method: "GET", path: "/api/v1/me", status: 401, contains: []string{"请先登录"}},
		{name: "wrong method", as: auth.RoleAdmin, method: "DELETE", path: "/api/v1/me", status: 405},
		{name: "truncated JSON", method: "POST", path: "/api/v1/login", contentType: jsonType, body: `{"username":`, status: 422, contains: []string{"请求体不完整：JSON 提前结束"}},
		{name: "malformed JSON", method: "POST", path: "/api/v1/login", contentType: jsonType, body: `{"username" "x"}`, status: 422,
			contains: []string{"请求体不是有效的 JSON（第13个字节附近）"}},
		{name: "JSON of the wrong type", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
			body: `{"name":"类型错误","categories":[{"name":"中层干部","quota":"20"}]}`, status: 422, contains: []string{"字段 categories.quota 应为整数"}},
		{name: "JSON with an impossible date", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
			body: `{"name":"日期错误","start":"2026-02-30"}`, status: 422, contains: []string{"日期“2026-02-30”无效：应为真实存在的日期，格式 YYYY-MM-DD"}},
		{name: "JSON with an unknown field", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
			body: `{"name":"多余字段","budget":1}`, status: 422, contains: []string{"未知字段 budget"}},
		{name: "unknown JSON field", method: "POST", path: "/api/v1/login", contentType: jsonType, body: `{"user":"a","password":"b"}`, status: 422},
		{name: "wrong content type", method: "POST", path: "/api/v1/login", contentType: "text/plain", body: `{}`, status: 415, contains: []string{"application/json"}},
		{name: "no content type", method: "POST", path: "/api/v1/login", body: `{"username":"a","password":"b"}`, status: 415, contains: []string{"请求体应为 JSON"}},
		{name: "create user: bad name", as: auth.RoleAdmin, method: "POST", path: "/api/v1/users", contentType: jsonType,
			body: `{"username":"X Y","display_name":"","password":"short"}`, status: 422, contains: []string{"用户名应为", "请填写姓名", "密码至少8位"}},
		{name: "create user: outside scope", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/users", contentType: jsonType,
			body: `{"username":"hr-made","display_name":"乙","password":"long-enough-1","school_id":` + id(w.B1.ID) + `}`, status: 422, contains: []string{"不在您的管理范围"}},
		{name: "county HR cannot make an admin", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/users/" + id(w.UserA1.ID) + "/grants", contentType: jsonType,
			body: `{"role":"admin","scope_kind":"global"}`, status: 422},
		{name: "role must fit scope", as: auth.RoleAdmin, method: "POST", path: "/api/v1/users/" + id(w.UserA1.ID) + "/grants", contentType: jsonType,
			body: `{"role":"school_admin","scope_kind":"county","scope_id":` + id(w.CountyA.ID) + `}`, status: 422, contains: []string{"范围只能是"}},
		{name: "openapi", method: "GET", path: "/api/v1/openapi.json", status: 200, contains: []string{`"openapi": "3.1.0"`}},
		{name: "healthz", method: "GET", path: "/healthz", status: 200, contains: []string{`"ok"`}},
		{name: "readyz", method: "GET", path: "/readyz", status: 200, contains: []string{`"ready"`}},
		{name: "static css", method: "GET", path: "/static/app.css", status: 200, contains: []string{"--brand"}},
		{name: "educator page", as: auth.RoleSchoolAdmin, method: "GET", path: "/educators/" + id(w.EA1.ID), status: 200, contains: []string{"张三", "任职经历", "110105********"}},
		{name: "educator list sorted", as: auth.RoleAdmin, method: "GET", path: "/educators?sort=-name", status: 200, contains: []string{"张三"}},
		{name: "bad sort", as: auth.RoleAdmin, method: "GET", path: "/educators?sort=salary", status: 422, contains: []string{"参数 sort 的值无效"}},
		{name: "English dashboard", as: auth.RoleAdmin, method: "GET", path: "/", header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200, contains: []string{"Home", "Educators"}},
		{name: "reveal needs a reason", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/educators/" + id(w.EA1.ID) + "/reveal", contentType: jsonType, body: `{"reason":""}`, status: 422, contains: []string{"请填写"}},
		{name: "reveal without the right", as: auth.RoleSchoolAdmin, method: "POST", path: "/api/v1/educators/" + id(w.EA1.ID) + "/reveal", contentType: jsonType, body: `{"reason":"核对"}`, status: 403},
		{name: "cross-origin POST refused", as: auth.RoleAdmin, method: "POST", path: "/admin/users/" + id(w.UserA1.ID) + "/disable",
			header: []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}, status: 403, contains: []string{"跨站请求已被拒绝"}},
		{name: "cross-origin API POST refused", method: "POST", path: "/api/v1/login", contentType: jsonType, body: `{"username":"t-admin","password":"x"}`,
			header: []string{"Origin", "https://evil.example"}, status: 403},
	})
	// The cross-origin POST changed nothing.
	u, err := e.db.FindUserByID(t.Context(), w.UserA1.ID)
	if err != nil || u.Disabled {
		t.Fatalf("cross-origin POST disabled the account: %v %v", u, err)
	}
}

func TestRevealIsAudited(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	rec := e.do("POST", "/api/v1/educators/"+strconv.FormatInt(e.w.EA1.ID, 10)+"/reveal", token, jsonType, `{"reason":"核对调动档案"}`)
	if rec.Code != 200 {
		t.Fatalf("reveal: %d %s", rec.Code, rec.Body)
	}
	var got struct {
		IDNumber string `json:"id_number"`
	}
	json.Unmarshal(rec.Body.Bytes(), &got)
	if want := storetest.IDNumber(e.w.EA1.BirthDate, true, 0); len(got.IDNumber) != 18 || got.IDNumber[:14] != string(want)[:14] {
		t.Fatalf("revealed %q", got.IDNumber)
	}
	entries, _, err := e.db.FindAudit(t.Context(), auditFilter("idnumber.reveal"))
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Summary, "核对调动档案") || strings.Contains(entries[0].Summary, got.IDNumber) {
		t.Fatalf("audit of reveal: %v %+v", err, entries)
	}
}

func TestLoginRotatesSession(t *testing.T) {
	e := newEnv(t, "sqlite")
	// A session id planted before login must not survive it.
	planted := "attacker-chosen-session"
	rec := e.do("POST", "/login", planted, formType, form("username", "t-admin", "password", storetest.TestPassword, "next", "/educators"))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/educators" {
		t.Fatalf("login: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	var token string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "jiaoliu_session" && c.Value != "" {
			token = c.Value
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("session cookie attributes: %+v", c)
			}
		}
	}
	if token == "" || token == planted {
		t.Fatalf("no fresh session token: %q", token)
	}
	second := e.login("t-admin")
	if second == token {
		t.Fatal("two logins share a session id")
	}
	// Logging out ends that session only.
	if rec := e.do("POST", "/logout", token, "", ""); rec.Code != http.StatusSeeOther {
		t.Fatalf("logout: %d", rec.Code)
	}
	if rec := e.do("GET", "/api/v1/me", token, "", ""); rec.Code != 401 {
		t.Fatalf("session alive after logout: %d", rec.Code)
	}
	if rec := e.do("GET", "/api/v1/me", second, "", ""); rec.Code != 200 {
		t.Fatalf("other session ended by logout: %d", rec.Code)
	}
	// Open redirects are refused.
	rec = e.do("POST", "/login", "", formType, form("username", "t-admin", "password", storetest.TestPassword, "next", "//evil.example/"))
	if rec.Header().Get("Location") != "/" {
		t.Fatalf("next=//evil.example redirected to %q", rec.Header().Get("Location"))
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login("t-admin")
	e.clock.Advance(29 * time.Minute)
	if rec := e.do("GET", "/api/v1/me", token, "", ""); rec.Code != 200 {
		t.Fatalf("after 29 idle minutes: %d", rec.Code)
	}
	e.clock.Advance(31 * time.Minute)
	if rec := e.do("GET", "/api/v1/me", token, "", ""); rec.Code != 401 {
		t.Fatalf("after 31 idle minutes: %d", rec.Code)
	}
	// Active all day: the absolute limit of 12 hours still ends it.
	token = e.login("t-admin")
	for i := 0; i < 12*3; i++ {
		e.clock.Advance(20 * time.Minute)
		rec := e.do("GET", "/api/v1/me", token, "", "")
		if i < 12*3-1 && rec.Code != 200 {
			t.Fatalf("active session ended after %v: %d", time.Duration(i+1)*20*time.Minute, rec.Code)
		}
		if i == 12*3-1 && rec.Code != 401 {
			t.Fatalf("session alive after 12 hours: %d", rec.Code)
		}
	}
}

func TestDisableEndsSessions(t *testing.T) {
	e := newEnv(t, "sqlite")
	victim := e.login(e.w.UserA1.Username)
	if rec := e.do("GET", "/api/v1/me", victim, "", ""); rec.Code != 200 {
		t.Fatalf("before: %d", rec.Code)
	}
	admin := e.login("t-admin")
	rec := e.do("PATCH", "/api/v1/users/"+strconv.FormatInt(e.w.UserA1.ID, 10), admin, jsonType, `{"disabled":true}`)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"disabled":true`) {
		t.Fatalf("disable: %d %s", rec.Code, rec.Body)
	}
	if rec := e.do("GET", "/api/v1/me", victim, "", ""); rec.Code != 401 {
		t.Fatalf("disabled account's session still works: %d", rec.Code)
	}
	rec = e.do("POST", "/api/v1/login", "", jsonType, `{"username":"u-a1","password":"`+storetest.TestPassword+`"}`)
	if rec.Code != 401 || !strings.Contains(rec.Body.String(), "已停用") {
		t.Fatalf("login of disabled account: %d %s", rec.Code, rec.Body)
	}
}

func TestLoginThrottling(t *testing.T) {
	e := newEnv(t, "sqlite")
	try := func(user, pass string) (int, string) {
		req := `{"username":"` + user + `","password":"` + pass + `"}`
		rec := e.do("POST", "/api/v1/login", "", jsonType, req)
		return rec.Code, rec.Body.String()
	}
	// Unknown user and wrong password answer the same.
	c1, b1 := try("nobody", "x-password")
	c2, b2 := try("t-admin", "x-password")
	if c1 != 401 || c2 != 401 || b1 != b2 {
		t.Fatalf("unknown user %d %s vs wrong password %d %s", c1, b1, c2, b2)
	}
	for i := 0; i < 4; i++ {
		try("t-admin", "x-password")
	}
	// Five failures: a client that never signed in to the account waits a
	// second, then two, four…: slowed down, not locked out.
	if c, b := try("t-admin", storetest.TestPassword); c != 429 || !strings.Contains(b, "1秒") {
		t.Fatalf("sixth attempt: %d %s", c, b)
	}
	e.clock.Advance(time.Second)
	if c, b := try("t-admin", "x-password"); c != 401 {
		t.Fatalf("after the wait: %d %s", c, b)
	}
	if c, b := try("t-admin", storetest.TestPassword); c != 429 || !strings.Contains(b, "2秒") {
		t.Fatalf("the wait doubles: %d %s", c, b)
	}
	e.clock.Advance(2 * time.Second)
	if c, b := try("t-admin", storetest.TestPassword); c != 200 {
		t.Fatalf("right password after the wait: %d %s", c, b)
	}
	// The failures and the throttling are audited.
	for _, action := range []string{"login.failure", "login.throttled", "login.success"} {
		if entries, _, err := e.db.FindAudit(t.Context(), auditFilter(action)); err != nil || len(entries) == 0 {
			t.Errorf("no audit row %s: %v", action, err)
		}
	}
}

func TestLoginThrottlingByAddress(t *testing.T) {
	e := newEnv(t, "sqlite")
	for i := 0; i < auth.FreeAddrFailures; i++ {
		rec := e.do("POST", "/api/v1/login", "", jsonType, `{"username":"guess`+strconv.Itoa(i)+`","password":"x-password"}`)
		if rec.Code != 401 {
			t.Fatalf("attempt %d: %d", i, rec.Code)
		}
	}
	rec := e.do("POST", "/api/v1/login", "", jsonType, `{"username":"t-city","password":"`+storetest.TestPassword+`"}`)
	if rec.Code != 429 {
		t.Fatalf("address over its limit: %d", rec.Code)
	}
}

// TestOpenAPIInStep keeps /api/v1/openapi.json and the route table alike.
func TestOpenAPIInStep(t *testing.T) {
	e := newEnv(t, "sqlite")
	rec := e.do("GET", "/api/v1/openapi.json", "", "", "")
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	served := map[string]bool{}
	for _, r := range e.srv.Routes() {
		if r.API {
			served[r.Method+" "+r.Pattern] = true
		}
	}
	var missing, extra []string
	for k := range served {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !served[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Fatalf("openapi.json out of step with routes.go:\n undocumented: %v\n not served: %v", missing, extra)
	}
}

// TestCatalogueComplete checks that every text the templates translate has
// an English line.
func TestCatalogueComplete(t *testing.T) {
	re := regexp.MustCompile(`\{\{-?\s*tf?\s+"([^"]+)"`)
	err := fs.WalkDir(ui.Templates, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(ui.Templates, path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !web.HasEnglish(m[1]) {
				t.Errorf("%s: %q has no English in the catalogue", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
