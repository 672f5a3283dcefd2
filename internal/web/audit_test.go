package web_test

import (
	"testing"

	"jiaoliu/internal/auth"
)

// TestAuditPageWords: the audit page names actions, entities and system
// actors in the reader's language instead of showing their codes, and its
// filter offers the actions by name.
func TestAuditPageWords(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.run(t, []scenario{
		{name: "a sign-in to log", as: auth.RoleCountyHR, method: "GET", path: "/", status: 200},
		{name: "in Chinese", as: auth.RoleAdmin, method: "GET", path: "/audit", status: 200,
			contains: []string{"登录成功", `<option value="login.success"`, ">登录成功</option>", ">交流状态改为「交流中」</option>", ">账号</option>"},
			excludes: []string{">login.success<", "<code>", ">user "}},
		{name: "filtered by action", as: auth.RoleAdmin, method: "GET", path: "/audit?action=login.success", status: 200,
			contains: []string{`<option value="login.success" selected>`, "登录成功"}},
		{name: "in English", as: auth.RoleAdmin, method: "GET", path: "/audit", header: []string{"Cookie", "jiaoliu_lang=en"}, status: 200,
			contains: []string{"Signed in", ">Account "}, excludes: []string{">login.success<", ">登录成功</option>"}},
	})
}
