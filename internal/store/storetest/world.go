package storetest

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
)

// World is a small organisation tree with one account per role, the
// fixture of access tests: city C with counties A and B; schools A1 and A2 in
// A, B1 in B; one educator per school; managed accounts homed at each school.
type World struct {
	City             *org.City
	CountyA, CountyB *org.County
	A1, A2, B1       *org.School
	EA1, EA2, EB1    *people.Educator
	Actors           map[string]*auth.User // by role
	Disabled         *auth.User            // a county HR of A whose account is disabled
	UserA1, UserA2   *auth.User            // managed accounts homed at schools
	UserB1           *auth.User
}

// Roles in the order tests walk them.
var Roles = []string{auth.RoleAdmin, auth.RoleCity, auth.RoleCountyHR, auth.RoleCoordinator,
	auth.RoleSchoolAdmin, auth.RoleMentor, auth.RoleParticipant, auth.RoleReviewer, auth.RoleInspector}

// NewWorld builds the World in db.
func NewWorld(t testing.TB, db *store.DB) *World {
	t.Helper()
	w := &World{Actors: map[string]*auth.User{}}
	w.City = MustCreateCity(t, db, "测试市")
	w.CountyA = MustCreateCounty(t, db, w.City, "甲区")
	w.CountyB = MustCreateCounty(t, db, w.City, "乙县")
	w.A1 = MustCreateSchool(t, db, w.CountyA, "甲区第一小学")
	w.A2 = MustCreateSchool(t, db, w.CountyA, "甲区第二小学", func(s *org.School) { s.Location = "rural"; s.Weak = true })
	w.B1 = MustCreateSchool(t, db, w.CountyB, "乙县中学", func(s *org.School) { s.Level = "junior"; s.Location = "township" })
	w.EA1 = MustCreateEducator(t, db, w.A1, "张三", func(e *people.Educator) { e.Gender = people.GenderMale })
	w.EA2 = MustCreateEducator(t, db, w.A2, "李四")
	w.EB1 = MustCreateEducator(t, db, w.B1, "王五")
	county := func(c *org.County) app.Grant { return app.Grant{ScopeKind: auth.ScopeCounty, ScopeID: c.ID} }
	school := func(s *org.School) app.Grant { return app.Grant{ScopeKind: auth.ScopeSchool, ScopeID: s.ID} }
	with := func(g app.Grant, role string, fullID bool) app.Grant { g.Role, g.FullID = role, fullID; return g }
	placeA := app.Place{CityID: w.City.ID, CountyID: w.CountyA.ID}
	w.Actors[auth.RoleAdmin] = MustCreateUser(t, db, "t-admin", app.Place{}, 0, app.Grant{Role: auth.RoleAdmin, ScopeKind: auth.ScopeGlobal, FullID: true})
	w.Actors[auth.RoleCity] = MustCreateUser(t, db, "t-city", app.Place{}, 0, app.Grant{Role: auth.RoleCity, ScopeKind: auth.ScopeCity, ScopeID: w.City.ID})
	w.Actors[auth.RoleCountyHR] = MustCreateUser(t, db, "t-county", placeA, 0, with(county(w.CountyA), auth.RoleCountyHR, true))
	w.Actors[auth.RoleCoordinator] = MustCreateUser(t, db, "t-coord", placeA, 0, with(county(w.CountyA), auth.RoleCoordinator, false))
	w.Actors[auth.RoleSchoolAdmin] = MustCreateUser(t, db, "t-school", w.A1.Place(), 0, with(school(w.A1), auth.RoleSchoolAdmin, false))
	w.Actors[auth.RoleMentor] = MustCreateUser(t, db, "t-mentor", w.A1.Place(), 0, with(school(w.A1), auth.RoleMentor, false))
	w.Actors[auth.RoleParticipant] = MustCreateUser(t, db, "t-part", w.A1.Place(), w.EA1.ID, with(school(w.A1), auth.RoleParticipant, false))
	w.Actors[auth.RoleReviewer] = MustCreateUser(t, db, "t-review", placeA, 0, with(county(w.CountyA), auth.RoleReviewer, false))
	w.Actors[auth.RoleInspector] = MustCreateUser(t, db, "t-inspect", placeA, 0, with(county(w.CountyA), auth.RoleInspector, false))
	w.Disabled = MustCreateUser(t, db, "t-disabled", placeA, 0, with(county(w.CountyA), auth.RoleCountyHR, true))
	w.UserA1 = MustCreateUser(t, db, "u-a1", w.A1.Place(), 0, with(school(w.A1), auth.RoleSchoolAdmin, false))
	w.UserA2 = MustCreateUser(t, db, "u-a2", w.A2.Place(), 0, with(school(w.A2), auth.RoleSchoolAdmin, false))
	w.UserB1 = MustCreateUser(t, db, "u-b1", w.B1.Place(), 0, with(school(w.B1), auth.RoleSchoolAdmin, false))
	return w
}
