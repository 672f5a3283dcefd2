package web_test

import (
	"strconv"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/store/storetest"
)

// TestBadTextRefused: NUL characters and invalid UTF-8 are refused with a
// Chinese 422 on both databases, before anything reaches them, in JSON
// bodies (also unauthenticated), forms and query strings.
func TestBadTextRefused(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect)
			msg := "空字符（NUL）或无效的 UTF-8"
			e.run(t, []scenario{
				{name: "JSON login with NUL", method: "POST", path: "/api/v1/login", contentType: jsonType,
					body: `{"username":"a\u0000b","password":"x"}`, status: 422, contains: []string{msg}},
				{name: "JSON login with invalid UTF-8", method: "POST", path: "/api/v1/login", contentType: jsonType,
					body: "{\"username\":\"a\xff\",\"password\":\"x\"}", status: 422, contains: []string{msg}},
				{name: "form login with NUL", method: "POST", path: "/login", contentType: formType,
					body: "username=a%00b&password=x", status: 422, contains: []string{msg}},
				{name: "form login with invalid UTF-8", method: "POST", path: "/login", contentType: formType,
					body: "username=%C3%28&password=x", status: 422, contains: []string{msg}},
				{name: "query with NUL", as: auth.RoleAdmin, method: "GET", path: "/api/v1/educators?q=%00", status: 422, contains: []string{msg}},
				{name: "query with invalid UTF-8", as: auth.RoleAdmin, method: "GET", path: "/educators?q=%E5%BC", status: 422, contains: []string{msg}},
				{name: "JSON write with NUL", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
					body: `{"name":"项目\u0000","kind":"training"}`, status: 422, contains: []string{msg}},
				{name: "escaped backslash is text", method: "POST", path: "/api/v1/login", contentType: jsonType,
					body: `{"username":"a\\u0000","password":"wrong-password"}`, status: 401},
			})
		})
	}
}

// TestSmallerHardening: personal data is not cached, JSON needs its media
// type, programme dates stay within reason.
func TestSmallerHardening(t *testing.T) {
	e := newEnv(t, "sqlite")
	token := e.login(e.w.Actors[auth.RoleCountyHR].Username)
	for _, path := range []string{"/api/v1/educators", "/educators", "/api/v1/me", "/login"} {
		rec := e.do("GET", path, token, "", "")
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, got)
		}
	}
	if got := e.do("GET", "/static/app.css", "", "", "").Header().Get("Cache-Control"); got == "no-store" {
		t.Errorf("static files need not be refetched: %q", got)
	}
	county := strconv.FormatInt(e.w.CountyA.ID, 10)
	e.run(t, []scenario{
		{name: "JSON without its media type", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes",
			body: `{"name":"无类型"}`, status: 415, contains: []string{"请求体应为 JSON"}},
		{name: "programme in year 1", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
			body: `{"name":"古代项目","kind":"training","organiser":"人事科","county_id":` + county + `,"start":"0001-01-01","end":"0001-06-30"}`, status: 422,
			contains: []string{"应在2000年至2100年之间"}},
		{name: "programme ending in 9999", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/programmes", contentType: jsonType,
			body: `{"name":"永久项目","kind":"training","organiser":"人事科","county_id":` + county + `,"start":"2026-09-01","end":"9999-12-31"}`, status: 422,
			contains: []string{"应在2000年至2100年之间"}},
	})
}

// TestDeviceCookie: a browser that signed in before keeps its way in while
// strangers' guesses slow the account down for everyone else.
func TestDeviceCookie(t *testing.T) {
	e := newEnv(t, "sqlite")
	user := e.w.Actors[auth.RoleSchoolAdmin].Username
	body := func(pass string) string { return `{"username":"` + user + `","password":"` + pass + `"}` }
	rec := e.do("POST", "/api/v1/login", "", jsonType, body(storetest.TestPassword))
	var device string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "jiaoliu_device" {
			device = c.Value
			if !c.HttpOnly || c.MaxAge < 30*24*3600 {
				t.Errorf("device cookie %+v", c)
			}
		}
	}
	if rec.Code != 200 || device == "" {
		t.Fatalf("sign-in: %d, device cookie %q", rec.Code, device)
	}
	for range 30 {
		e.do("POST", "/api/v1/login", "", jsonType, body("guess-guess"))
	}
	if rec := e.do("POST", "/api/v1/login", "", jsonType, body(storetest.TestPassword)); rec.Code != 429 {
		t.Fatalf("without the device cookie: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/api/v1/login", "", jsonType, body(storetest.TestPassword), "Cookie", "jiaoliu_device="+device)
	if rec.Code != 200 {
		t.Fatalf("with the device cookie: %d %s", rec.Code, rec.Body)
	}
	rec = e.do("POST", "/login", "", formType, form("username", user, "password", storetest.TestPassword), "Cookie", "jiaoliu_device="+device)
	if rec.Code != 303 {
		t.Fatalf("the form with the device cookie: %d %s", rec.Code, rec.Body)
	}
}

// TestForwardedForIgnoredByDefault: without --trusted-proxy a client that
// writes X-Forwarded-For is still counted on its own address.
func TestForwardedForIgnoredByDefault(t *testing.T) {
	e := newEnv(t, "sqlite")
	for i := range auth.FreeAddrFailures {
		e.do("POST", "/api/v1/login", "", jsonType, `{"username":"guess`+strconv.Itoa(i)+`","password":"x-password"}`,
			"X-Forwarded-For", "198.51.100."+strconv.Itoa(i))
	}
	rec := e.do("POST", "/api/v1/login", "", jsonType, `{"username":"someone","password":"x-password"}`, "X-Forwarded-For", "203.0.113.1")
	if rec.Code != 429 {
		t.Fatalf("a forged X-Forwarded-For escaped the address's count: %d", rec.Code)
	}
}
