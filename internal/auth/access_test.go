package auth

import (
	"slices"
	"testing"

	"jiaoliu/internal/app"
)

func TestPermissionsListed(t *testing.T) {
	for role, perms := range rolePermissions {
		for _, p := range perms {
			if !slices.Contains(Permissions, p) {
				t.Errorf("role %s holds %s, which Permissions does not list", role, p)
			}
		}
		if !Roles.Has(role) || len(roleScopes[role]) == 0 {
			t.Errorf("role %s has no label or no scope", role)
		}
	}
}

// TestDecideAgreesWithScopeOf: for every role and place, a single decision
// and the listing scope say the same.
func TestDecideAgreesWithScopeOf(t *testing.T) {
	places := []app.Place{
		{CityID: 1, CountyID: 10, SchoolID: 100, EducatorID: 1000},
		{CityID: 1, CountyID: 10, SchoolID: 101, EducatorID: 1001},
		{CityID: 1, CountyID: 11, SchoolID: 110, EducatorID: 1100},
		{CityID: 2, CountyID: 20, SchoolID: 200, EducatorID: 2000},
	}
	scopes := map[string]app.Grant{
		ScopeGlobal: {ScopeKind: ScopeGlobal}, ScopeCity: {ScopeKind: ScopeCity, ScopeID: 1},
		ScopeCounty: {ScopeKind: ScopeCounty, ScopeID: 10}, ScopeSchool: {ScopeKind: ScopeSchool, ScopeID: 100},
	}
	for role, kinds := range roleScopes {
		for _, kind := range kinds {
			for _, fullID := range []bool{false, true} {
				g := scopes[kind]
				g.Role, g.FullID = role, fullID
				a := &app.Actor{UserID: 1, Grants: []app.Grant{g}, EducatorID: 1001}
				for _, perm := range Permissions {
					scope := ScopeOf(a, perm)
					for _, p := range places {
						decided := Decide(a, perm, p, "") == nil
						if listed := scope.Contains(p); decided != listed {
							t.Errorf("%s@%s full=%v %s at %+v: Decide %v, ScopeOf %v", role, kind, fullID, perm, p, decided, listed)
						}
					}
				}
			}
		}
	}
}

func TestDecideOutOfScopeIsNotFound(t *testing.T) {
	a := &app.Actor{UserID: 1, Grants: []app.Grant{{Role: RoleCountyHR, ScopeKind: ScopeCounty, ScopeID: 10}}}
	if err := Decide(a, EducatorRead, app.Place{CityID: 1, CountyID: 11}, "教职工"); app.ErrorCode(err) != app.NotFound {
		t.Fatalf("out of scope: %v", err)
	}
	if err := Decide(nil, EducatorRead, app.Place{CountyID: 10}, ""); app.ErrorCode(err) != app.Unauthenticated {
		t.Fatalf("no actor: %v", err)
	}
	if err := Can(&app.Actor{Grants: []app.Grant{{Role: RoleMentor, ScopeKind: ScopeSchool, ScopeID: 1}}}, AccountManage); app.ErrorCode(err) != app.Forbidden {
		t.Fatalf("mentor managing accounts: %v", err)
	}
	if err := Decide(a, IDReveal, app.Place{CountyID: 10}, ""); err == nil {
		t.Fatal("ID reveal without a full-ID grant")
	}
}
