package app

import "context"

// Place is a position in the organisation tree (city → county → school), an
// educator's own record, or a programme (项目) organised at a city or county.
// Access decisions are made against it; a zero field means "not below that
// level".
type Place struct {
	CityID      int64
	CountyID    int64
	SchoolID    int64
	EducatorID  int64
	ProgrammeID int64
}

// Scope restricts a listing to part of the tree: the union of the listed
// cities, counties, schools, single educators and programmes, or everything
// when All is set. Package auth builds it from the actor's grants with the
// same rule that decides single reads, so listings and reads agree.
type Scope struct {
	All          bool
	CityIDs      []int64
	CountyIDs    []int64
	SchoolIDs    []int64
	EducatorIDs  []int64
	ProgrammeIDs []int64
}

// Empty reports whether the scope admits nothing.
func (s Scope) Empty() bool {
	return !s.All && len(s.CityIDs) == 0 && len(s.CountyIDs) == 0 && len(s.SchoolIDs) == 0 && len(s.EducatorIDs) == 0 &&
		len(s.ProgrammeIDs) == 0
}

// Contains reports whether p lies inside s.
func (s Scope) Contains(p Place) bool {
	if s.All {
		return true
	}
	return (p.CityID != 0 && hasID(s.CityIDs, p.CityID)) ||
		(p.CountyID != 0 && hasID(s.CountyIDs, p.CountyID)) ||
		(p.SchoolID != 0 && hasID(s.SchoolIDs, p.SchoolID)) ||
		(p.EducatorID != 0 && hasID(s.EducatorIDs, p.EducatorID)) ||
		(p.ProgrammeID != 0 && hasID(s.ProgrammeIDs, p.ProgrammeID))
}

func hasID(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// Grant is one role held by an account over a scope of the tree. Roles and
// what they allow are defined in package auth.
type Grant struct {
	ID        int64  `json:"id"`
	Role      string `json:"role"`
	ScopeKind string `json:"scope_kind"` // global, city, county, school, programme
	ScopeID   int64  `json:"scope_id"`
	ScopeName string `json:"scope_name"`
	// FullID allows revealing full ID numbers inside the grant's scope.
	FullID bool `json:"full_id"`
	// Place is the scope's position in the tree, resolved by the store.
	Place Place `json:"-"`
	// Members are the participants of a programme grant's programme,
	// resolved by the store when the actor is loaded: the grant reaches
	// their educator records.
	Members []int64 `json:"-"`
}

// Actor is the authenticated user acting in a request or a shell command.
type Actor struct {
	UserID      int64
	Username    string
	DisplayName string
	Grants      []Grant
	// EducatorID links the account to the educator it belongs to (participants, mentors).
	EducatorID int64
	// CountyID and SchoolID are the account's home in the tree (who manages it).
	CountyID   int64
	SchoolID   int64
	SessionID  string
	ClientAddr string
	// System marks the shell and start-up jobs: they act outside any session
	// and are allowed everything, but are still audited.
	System bool
}

// HasRole reports whether a holds role over any scope.
func (a *Actor) HasRole(role string) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}

// SystemActor returns the actor for shell commands and start-up work.
func SystemActor(name string) *Actor {
	return &Actor{Username: name, DisplayName: name, System: true}
}

// ActorOf returns the actor carried by ctx, or nil.
func ActorOf(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey).(*Actor)
	return a
}

// Label is how records name who acted: "display name（username）", or the
// user name alone.
func (a *Actor) Label() string {
	if a == nil {
		return ""
	}
	if a.DisplayName != "" && a.DisplayName != a.Username {
		return a.DisplayName + "（" + a.Username + "）"
	}
	return a.Username
}
