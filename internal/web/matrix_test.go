package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/store/storetest"
)

// The authorization matrix: every route of the server, for every role, on a
// target in the actor's scope, at a sibling school, and in the other county,
// then logged out and with a disabled account. The expectations below are
// written from SPEC §1, independently of package auth's tables.

// target is what a route's {id} names.
type target int

const (
	noTarget target = iota
	countyTarget
	schoolTarget
	educatorTarget
	userTarget
	// runTarget is a background run: only its owner (and the admin) sees it.
	runTarget
	// ownRunTarget is a run only its owner may act on.
	ownRunTarget
	// programmeTarget is a programme: of the case's county in scope, the
	// city's own at the sibling place, the other county's at the other.
	programmeTarget
	// roundTarget is a school's own notice (a township selection round):
	// its school and county see it, the city does not.
	roundTarget
	// placementTarget is a programme's placements: as programmeTarget,
	// and besides the case's school admin and participant, whose staff or
	// self is placed in the case's own programme.
	placementTarget
)

// perm is what a route needs, as the spec states it.
type perm string

const (
	anyUser       perm = "any"
	orgRead       perm = "org"
	educatorRead  perm = "educator"
	idReveal      perm = "reveal"
	accountManage perm = "accounts"
	auditRead     perm = "audit"
	importRoster  perm = "import"
)

// spec is one route's expectation and how to call it.
type spec struct {
	perm   perm
	target target
	// body returns the content type and body of a call; nil means none.
	body func(e *env, c *matrixCase) (string, string)
	// prep runs before each call, e.g. to make the grant a route removes.
	prep func(e *env, c *matrixCase)
	// allow, when set, decides who may call instead of perm and target's
	// reach; a refusal must then answer 404 (or 403 without a target).
	allow func(role, where string) bool
}

// roleSpec says which permissions each role has per SPEC §1, and how far
// its grant reaches in the World (the fixture grants full-ID sight to the
// admin and the county HR only).
var rolePerms = map[string][]perm{
	auth.RoleAdmin: {anyUser, orgRead, educatorRead, idReveal, accountManage, auditRead,
		rotRead, rotFile, rotPolicy, rotManage, rotApply, rotApplySelf, progRead, progManage, placeList, placeOne},
	auth.RoleCity: {anyUser, orgRead, educatorRead, rotRead, rotFile, progRead, progManage, placeList, placeOne},
	auth.RoleCountyHR: {anyUser, orgRead, educatorRead, idReveal, accountManage,
		rotRead, rotFile, rotPolicy, rotManage, rotApply, rotApplySelf, progRead, progManage, placeList, placeOne},
	auth.RoleCoordinator: {anyUser, orgRead, educatorRead, progRead, progManage, placeList, placeOne},
	// A school admin sees the placements of their staff.
	auth.RoleSchoolAdmin: {anyUser, orgRead, educatorRead, rotRead, rotFile, rotApply, rotApplySelf, placeList, placeOne},
	// Mentors, participants and reviewers read the programmes they are
	// granted over; the World grants them none. A participant sees their
	// own placement; a reviewer reads a programme's placements list but
	// sees no one in it.
	auth.RoleMentor:      {anyUser, orgRead, progRead, placeList, placeOne},
	auth.RoleParticipant: {anyUser, orgRead, educatorRead, rotFile, rotApplySelf, progRead, placeList, placeOne}, // their own record only
	auth.RoleReviewer:    {anyUser, orgRead, progRead, placeList},
	// The discipline inspection office reads principal selections only.
	auth.RoleInspector: {anyUser},
}

func has(role string, p perm) bool {
	if p == importRoster {
		return importRoles[role]
	}
	if roles, ok := selectionPermRoles[p]; ok {
		return roles[role]
	}
	if roles, ok := appointmentPermRoles[p]; ok {
		return roles[role]
	}
	if roles, ok := staffingPermRoles[p]; ok {
		return roles[role]
	}
	for _, q := range rolePerms[role] {
		if q == p {
			return true
		}
	}
	return false
}

// reach says whether role's grant covers the case's target.
func reach(role, where string, t target) bool {
	if t == ownRunTarget {
		return where == "in"
	}
	if t == runTarget {
		// A run is its owner's alone; the admin, who reads the audit log, sees any.
		return where == "in" || role == auth.RoleAdmin
	}
	if t == roundTarget {
		if role == auth.RoleCity {
			return false
		}
		t = schoolTarget
	}
	if t == placementTarget {
		if (role == auth.RoleSchoolAdmin || role == auth.RoleParticipant) && where == "in" {
			return true
		}
		t = programmeTarget
	}
	if t == programmeTarget {
		switch role {
		case auth.RoleAdmin, auth.RoleCity:
			return true
		case auth.RoleCountyHR, auth.RoleCoordinator, auth.RoleReviewer:
			return where == "in" // not the city's own programme, not the other county's
		}
		return false
	}
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return t != runTarget || where == "in"
	case auth.RoleCountyHR, auth.RoleCoordinator, auth.RoleReviewer, auth.RoleInspector:
		return where != "other"
	case auth.RoleParticipant:
		return where == "in" && t == educatorTarget || where == "in" && t == schoolTarget
	}
	// School-scoped roles reach their school, never the county as a whole.
	return where == "in" && t != countyTarget
}

type matrixCase struct {
	role, where string
	county      int64
	school      int64
	educator    int64
	user        int64
	grant       int64
	run         int64
	// id is a record of an area's own (an exchange, a round…) that a
	// spec's prep made for the case; it is what {id} names when set.
	id int64
	// params are the other path values a spec's prep made ("batch": "12").
	params map[string]string
}

// uniq numbers the names unique makes; the dialects' matrices run in
// parallel, so it is atomic.
var uniq atomic.Int64

func unique(prefix string) string {
	return fmt.Sprintf("%s%d", prefix, uniq.Add(1))
}

// routeSpecs is the whole matrix: each area of the interface adds its lines.
func routeSpecs() map[string]spec {
	specs := foundationSpecs()
	for _, part := range []map[string]spec{rosterSpecs(), rotationSpecs(), planSpecs(), programmeSpecs(), notifySpecs(), noticeSpecs(),
		secondmentSpecs(), selectionSpecs(), trainingSpecs(), placementRecordSpecs(), appointmentSpecs(), leaveSpecs(), completionSpecs(), pairingSpecs(), staffingSpecs(),
		supplySpecs(), placementContactSpecs(), homeroomSpecs(), placementFollowupSpecs()} {
		for k, v := range part {
			specs[k] = v
		}
	}
	return specs
}

func foundationSpecs() map[string]spec {
	wrongPassword := func(e *env, c *matrixCase) (string, string) {
		return formType, form("old_password", "wrong-password", "password", "new-password-2", "password2", "new-password-2")
	}
	newGrant := func(e *env, c *matrixCase) {
		ctx := context.Background()
		if _, err := e.db.SQL().ExecContext(ctx, `DELETE FROM grants WHERE user_id = $1 AND role = 'mentor'`, c.user); err != nil {
			e.t.Fatal(err)
		}
		u, err := e.db.FindUserByID(ctx, c.user)
		if err != nil {
			e.t.Fatal(err)
		}
		g := app.Grant{Role: auth.RoleMentor, ScopeKind: auth.ScopeSchool, ScopeID: u.SchoolID}
		if err := e.db.CreateGrant(ctx, c.user, &g, e.db.Now()); err != nil {
			e.t.Fatal(err)
		}
		c.grant = g.ID
	}
	return map[string]spec{
		"POST /logout":                {perm: anyUser},
		"GET /account":                {perm: anyUser},
		"POST /account/password":      {perm: anyUser, body: wrongPassword},
		"GET /{$}":                    {perm: anyUser},
		"GET /org":                    {perm: orgRead},
		"GET /counties/{id}":          {perm: orgRead, target: countyTarget},
		"GET /schools":                {perm: orgRead},
		"GET /schools/{id}":           {perm: orgRead, target: schoolTarget},
		"GET /educators":              {perm: educatorRead},
		"GET /educators/{id}":         {perm: educatorRead, target: educatorTarget},
		"POST /educators/{id}/reveal": {perm: idReveal, target: educatorTarget, body: func(*env, *matrixCase) (string, string) { return formType, form("reason", "核对档案") }},
		"GET /admin/users":            {perm: accountManage},
		"GET /admin/users/new":        {perm: accountManage},
		"POST /admin/users": {perm: accountManage, body: func(e *env, c *matrixCase) (string, string) {
			return formType, form("username", unique("new-"), "display_name", "新账号", "password", "new-password-1", "unit", "school:"+strconv.FormatInt(e.w.A1.ID, 10))
		}},
		"GET /admin/users/{id}":           {perm: accountManage, target: userTarget},
		"POST /admin/users/{id}/disable":  {perm: accountManage, target: userTarget},
		"POST /admin/users/{id}/enable":   {perm: accountManage, target: userTarget},
		"POST /admin/users/{id}/password": {perm: accountManage, target: userTarget, body: func(*env, *matrixCase) (string, string) { return formType, form("password", "reset-password-1") }},
		"POST /admin/users/{id}/grants": {perm: accountManage, target: userTarget, body: func(e *env, c *matrixCase) (string, string) {
			return formType, form("role", "reviewer", "scope", "county:"+strconv.FormatInt(e.w.CountyA.ID, 10))
		}},
		"POST /admin/users/{id}/grants/{grant}/delete": {perm: accountManage, target: userTarget, prep: newGrant},
		"GET /audit":          {perm: auditRead},
		"POST /api/v1/logout": {perm: anyUser},
		"GET /api/v1/me":      {perm: anyUser},
		"POST /api/v1/me/password": {perm: anyUser, body: func(*env, *matrixCase) (string, string) {
			return jsonType, `{"old_password":"wrong-password","password":"new-password-2"}`
		}},
		"GET /api/v1/counties":               {perm: orgRead},
		"GET /api/v1/counties/{id}":          {perm: orgRead, target: countyTarget},
		"GET /api/v1/schools":                {perm: orgRead},
		"GET /api/v1/schools/{id}":           {perm: orgRead, target: schoolTarget},
		"GET /api/v1/educators":              {perm: educatorRead},
		"GET /api/v1/educators/{id}":         {perm: educatorRead, target: educatorTarget},
		"POST /api/v1/educators/{id}/reveal": {perm: idReveal, target: educatorTarget, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"reason":"核对档案"}` }},
		"GET /api/v1/users":                  {perm: accountManage},
		"POST /api/v1/users": {perm: accountManage, body: func(e *env, c *matrixCase) (string, string) {
			return jsonType, fmt.Sprintf(`{"username":%q,"display_name":"新账号","password":"new-password-1","school_id":%d}`, unique("api-"), e.w.A1.ID)
		}},
		"GET /api/v1/users/{id}":           {perm: accountManage, target: userTarget},
		"PATCH /api/v1/users/{id}":         {perm: accountManage, target: userTarget, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"disabled":false}` }},
		"POST /api/v1/users/{id}/password": {perm: accountManage, target: userTarget, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"password":"reset-password-2"}` }},
		"POST /api/v1/users/{id}/grants": {perm: accountManage, target: userTarget, body: func(e *env, c *matrixCase) (string, string) {
			return jsonType, fmt.Sprintf(`{"role":"coordinator","scope_kind":"county","scope_id":%d}`, e.w.CountyA.ID)
		}},
		"DELETE /api/v1/users/{id}/grants/{grant}": {perm: accountManage, target: userTarget, prep: newGrant},
		"GET /api/v1/audit":                        {perm: auditRead},
	}
}

// publicRoutes are served to anyone and are not in the matrix.
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /static/": true, "GET /login": true, "POST /login": true,
	"POST /lang": true, "GET /api/v1/openapi.json": true, "POST /api/v1/login": true,
	"GET /certificates/{number}": true,
	// The voter's ballot of a democratic evaluation, opened by a one-time code.
	"GET /vote": true, "POST /vote": true, "POST /vote/cast": true,
}

func (c *matrixCase) path(pattern string) string {
	var id int64
	switch {
	case strings.Contains(pattern, "/counties/"):
		id = c.county
	case strings.Contains(pattern, "/schools/"):
		id = c.school
	case strings.Contains(pattern, "/educators/"):
		id = c.educator
	case strings.Contains(pattern, "/users/"):
		id = c.user
	case strings.Contains(pattern, "/runs/"), strings.Contains(pattern, "/imports/"):
		id = c.run
	}
	if c.id != 0 {
		id = c.id
	}
	p := strings.Replace(pattern, "{id}", strconv.FormatInt(id, 10), 1)
	p = strings.Replace(p, "{grant}", strconv.FormatInt(c.grant, 10), 1)
	p = strings.Replace(p, "{educator}", strconv.FormatInt(c.educator, 10), 1)
	for k, v := range c.params {
		p = strings.Replace(p, "{"+k+"}", v, 1)
	}
	return strings.Replace(p, "{$}", "", 1)
}

func (e *env) cases(role string) []*matrixCase {
	w := e.w
	return []*matrixCase{
		{role: role, where: "in", county: w.CountyA.ID, school: w.A1.ID, educator: w.EA1.ID, user: w.UserA1.ID},
		{role: role, where: "sibling", county: w.CountyA.ID, school: w.A2.ID, educator: w.EA2.ID, user: w.UserA2.ID},
		{role: role, where: "other", county: w.CountyB.ID, school: w.B1.ID, educator: w.EB1.ID, user: w.UserB1.ID},
	}
}

// TestAuthorizationMatrix runs each dialect's matrix in parallel: each has
// its own database, world and server (newEnv), and the state the two share,
// unique's counter and the rotation fixtures by env, is safe for concurrent
// use. The cases of one matrix stay sequential, because they change the
// server they share (accounts disabled and re-enabled, grants removed,
// passwords reset).
func TestAuthorizationMatrix(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			testMatrix(t, dialect)
		})
	}
}

func testMatrix(t *testing.T, dialect string) {
	e := newEnv(t, dialect)
	specs := routeSpecs()
	routes := e.srv.Routes()
	covered := 0
	for _, r := range routes {
		key := r.Method + " " + r.Pattern
		if publicRoutes[key] {
			if !r.Public {
				t.Errorf("%s is listed as public in the test but needs a session", key)
			}
			continue
		}
		if r.Public {
			t.Errorf("%s is public but not listed as such in the matrix", key)
			continue
		}
		sp, ok := specs[key]
		if !ok {
			t.Errorf("route %s has no line in the authorization matrix", key)
			continue
		}
		covered++
		for _, role := range storetest.Roles {
			for _, c := range e.cases(role) {
				if sp.target == noTarget && c.where != "in" {
					continue
				}
				e.checkCase(t, r.Method, r.Pattern, sp, c)
			}
		}
		e.checkAnonymous(t, r.Method, r.Pattern, sp, r.API)
	}
	for key := range specs {
		found := false
		for _, r := range routes {
			if r.Method+" "+r.Pattern == key {
				found = true
			}
		}
		if !found {
			t.Errorf("matrix line %s has no route", key)
		}
	}
	t.Logf("authorization matrix: %d routes × %d roles × 3 places, plus logged out and disabled; %d public routes", covered, len(storetest.Roles), len(publicRoutes))
}

func (e *env) checkCase(t *testing.T, method, pattern string, sp spec, c *matrixCase) {
	t.Helper()
	if sp.prep != nil {
		sp.prep(e, c)
	}
	ct, body := "", ""
	if sp.body != nil {
		ct, body = sp.body(e, c)
	}
	token := e.session(e.w.Actors[c.role].Username)
	path := c.path(pattern)
	rec := e.do(method, path, token, ct, body)
	allowed := has(c.role, sp.perm) && (sp.target == noTarget || reach(c.role, c.where, sp.target))
	if sp.allow != nil {
		allowed = sp.allow(c.role, c.where)
	}
	if sp.perm == educatorRead && c.role == auth.RoleParticipant && sp.target == noTarget {
		allowed = true // the list holds just their own record
	}
	code := rec.Code
	where := fmt.Sprintf("%s %s as %s (%s)", method, path, c.role, c.where)
	if code >= 500 {
		t.Errorf("%s: status %d: %s", where, code, rec.Body.String())
		return
	}
	if allowed {
		if code == http.StatusUnauthorized || code == http.StatusForbidden || code == http.StatusNotFound {
			t.Errorf("%s: allowed by the spec, got %d: %.300s", where, code, rec.Body.String())
		}
		return
	}
	if code < 400 {
		t.Errorf("%s: refused by the spec, got %d (unexpected success)", where, code)
		return
	}
	if sp.target != noTarget && has(c.role, sp.perm) && code != http.StatusNotFound {
		t.Errorf("%s: out of scope must answer 404 as if absent, got %d", where, code)
	}
	if code != http.StatusNotFound && code != http.StatusForbidden {
		t.Errorf("%s: refused by the spec, want 403 or 404, got %d", where, code)
	}
}

func (e *env) checkAnonymous(t *testing.T, method, pattern string, sp spec, api bool) {
	t.Helper()
	c := e.cases(auth.RoleAdmin)[0]
	if sp.prep != nil {
		sp.prep(e, c)
	}
	ct, body := "", ""
	if sp.body != nil {
		ct, body = sp.body(e, c)
	}
	// A disabled account: a session made before it was disabled.
	disabledToken := e.session(e.w.Disabled.Username)
	if err := e.db.SetUserDisabled(context.Background(), e.w.Disabled.ID, true, e.db.Now()); err != nil {
		t.Fatal(err)
	}
	defer e.db.SetUserDisabled(context.Background(), e.w.Disabled.ID, false, e.db.Now())
	for _, who := range []struct{ name, token string }{{"logged out", ""}, {"disabled", disabledToken}, {"bogus cookie", "not-a-session"}} {
		path := c.path(pattern)
		rec := e.do(method, path, who.token, ct, body)
		where := fmt.Sprintf("%s %s %s", method, path, who.name)
		switch {
		case api:
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s: want 401, got %d", where, rec.Code)
			}
		case method == http.MethodGet:
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
				t.Errorf("%s: want a redirect to /login, got %d %s", where, rec.Code, rec.Header().Get("Location"))
			}
		default:
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s: want 401, got %d", where, rec.Code)
			}
		}
	}
}
