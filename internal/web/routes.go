package web

import (
	"io/fs"
	"net/http"

	"jiaoliu/internal/ui"
)

// route is one line of the route table.
type route struct {
	method  string
	pattern string
	public  bool // served without a session
	api     bool // answers JSON
	handler handlerFunc
}

// routeTable is the sitemap: every page and API route of jiaoliu. Each
// handler asks the services, which make the access decision.
func (s *Server) routeTable() []route {
	page := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, handler: h}
	}
	public := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, public: true, handler: h}
	}
	api := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, api: true, handler: h}
	}
	publicAPI := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, api: true, public: true, handler: h}
	}
	static, _ := fs.Sub(ui.Static, "static")
	staticFiles := http.StripPrefix("/static/", http.FileServerFS(static))
	routes := []route{
		// Health and assets.
		public("GET", "/healthz", s.healthz),
		public("GET", "/readyz", s.readyz),
		public("GET", "/static/", func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			staticFiles.ServeHTTP(w, r)
			return nil
		}),

		// Sign-in, language, own account.
		public("GET", "/login", s.loginPage),
		public("POST", "/login", s.loginSubmit),
		page("POST", "/logout", s.logoutSubmit),
		public("POST", "/lang", s.langSubmit),
		page("GET", "/account", s.accountPage),
		page("POST", "/account/password", s.passwordSubmit),

		// Pages.
		page("GET", "/{$}", s.dashboardPage),
		page("GET", "/org", s.orgPage),
		page("GET", "/counties/{id}", s.countyPage),
		page("GET", "/schools", s.schoolsPage),
		page("GET", "/schools/{id}", s.schoolPage),
		page("GET", "/educators", s.educatorsPage),
		page("GET", "/educators/{id}", s.educatorPage),
		page("POST", "/educators/{id}/reveal", s.revealSubmit),
		page("GET", "/admin/users", s.usersPage),
		page("GET", "/admin/users/new", s.userNewPage),
		page("POST", "/admin/users", s.userCreateSubmit),
		page("GET", "/admin/users/{id}", s.userPage),
		page("POST", "/admin/users/{id}/disable", s.userDisableSubmit),
		page("POST", "/admin/users/{id}/enable", s.userEnableSubmit),
		page("POST", "/admin/users/{id}/password", s.userPasswordSubmit),
		page("POST", "/admin/users/{id}/grants", s.grantCreateSubmit),
		page("POST", "/admin/users/{id}/grants/{grant}/delete", s.grantDeleteSubmit),
		page("GET", "/audit", s.auditPage),

		// JSON API.
		publicAPI("GET", "/api/v1/openapi.json", s.openAPI),
		publicAPI("POST", "/api/v1/login", s.apiLogin),
		api("POST", "/api/v1/logout", s.apiLogout),
		api("GET", "/api/v1/me", s.apiMe),
		api("POST", "/api/v1/me/password", s.apiChangePassword),
		api("GET", "/api/v1/counties", s.apiCounties),
		api("GET", "/api/v1/counties/{id}", s.apiCounty),
		api("GET", "/api/v1/schools", s.apiSchools),
		api("GET", "/api/v1/schools/{id}", s.apiSchool),
		api("GET", "/api/v1/educators", s.apiEducators),
		api("GET", "/api/v1/educators/{id}", s.apiEducator),
		api("POST", "/api/v1/educators/{id}/reveal", s.apiReveal),
		api("GET", "/api/v1/users", s.apiUsers),
		api("POST", "/api/v1/users", s.apiCreateUser),
		api("GET", "/api/v1/users/{id}", s.apiUser),
		api("PATCH", "/api/v1/users/{id}", s.apiUpdateUser),
		api("POST", "/api/v1/users/{id}/password", s.apiResetPassword),
		api("POST", "/api/v1/users/{id}/grants", s.apiCreateGrant),
		api("DELETE", "/api/v1/users/{id}/grants/{grant}", s.apiDeleteGrant),
		api("GET", "/api/v1/audit", s.apiAudit),
	}
	routes = append(routes, s.rosterRoutes()...)
	routes = append(routes, s.rotationRoutes()...)
	routes = append(routes, s.planningRoutes()...)
	routes = append(routes, s.programmeRoutes()...)
	return routes
}
