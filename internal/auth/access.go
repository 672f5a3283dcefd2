package auth

import (
	"slices"

	"jiaoliu/internal/app"
)

// Roles.
const (
	RoleAdmin       = "admin"        // 系统管理员
	RoleCity        = "city"         // 市教育局
	RoleCountyHR    = "county_hr"    // 县区教育局人事科
	RoleCoordinator = "coordinator"  // 培训机构协调员
	RoleSchoolAdmin = "school_admin" // 学校管理员
	RoleMentor      = "mentor"       // 导师
	RoleParticipant = "participant"  // 交流/挂职人员
	RoleReviewer    = "reviewer"     // 评审专家
	// RoleInspector is the discipline inspection office (纪检监察), which
	// supervises principal selection: it reads every step, changes nothing.
	RoleInspector = "inspector"
)

// Roles is the vocabulary of roles, in order of reach.
var Roles = app.Vocab{
	{Code: RoleAdmin, Zh: "系统管理员", En: "System admin"},
	{Code: RoleCity, Zh: "市教育局", En: "City bureau"},
	{Code: RoleCountyHR, Zh: "区县人事科", En: "County HR"},
	{Code: RoleCoordinator, Zh: "培训协调员", En: "Training coordinator"},
	{Code: RoleSchoolAdmin, Zh: "学校管理员", En: "School admin"},
	{Code: RoleMentor, Zh: "导师", En: "Mentor"},
	{Code: RoleParticipant, Zh: "交流/挂职人员", En: "Participant"},
	{Code: RoleReviewer, Zh: "评审专家", En: "Expert reviewer"},
	{Code: RoleInspector, Zh: "纪检监察", En: "Discipline inspection"},
}

// Scope kinds of a grant.
const (
	ScopeGlobal = "global"
	ScopeCity   = "city"
	ScopeCounty = "county"
	ScopeSchool = "school"
	// ScopeProgramme is one programme (项目) and its participants.
	ScopeProgramme = "programme"
)

// ScopeKinds is the vocabulary of scope kinds.
var ScopeKinds = app.Vocab{
	{Code: ScopeGlobal, Zh: "全部", En: "Everything"},
	{Code: ScopeCity, Zh: "市", En: "City"},
	{Code: ScopeCounty, Zh: "区县", En: "County"},
	{Code: ScopeSchool, Zh: "学校", En: "School"},
	{Code: ScopeProgramme, Zh: "项目", En: "Programme"},
}

// Permission names one kind of read or write.
type Permission string

// The permissions.
const (
	OrgRead       Permission = "org.read"        // the tree, counties, schools
	OrgWrite      Permission = "org.write"       // edit schools
	EducatorRead  Permission = "educator.read"   // educators and their history
	EducatorWrite Permission = "educator.write"  // edit educators, import rosters
	IDReveal      Permission = "idnumber.reveal" // show one full ID number (needs a FullID grant)
	AccountManage Permission = "account.manage"  // create, disable, reset, grant
	AuditRead     Permission = "audit.read"      // the whole audit log; it spans the system, so admins only

	// Rotation (交流轮岗, SPEC §3).
	RotationRead   Permission = "rotation.read"   // policies, eligibility, exchanges, quotas, returns; one's own file
	RotationPolicy Permission = "rotation.policy" // edit a county's rotation policy
	RotationManage Permission = "rotation.manage" // an exchange's life, exemption decisions, confirmations, the annual return
	RotationApply  Permission = "rotation.apply"  // a school's part: exemption applications, consents, host assessments, 乡镇内支教

	// Programmes (项目: secondment, training and pairing programmes, SPEC §4).
	ProgrammeRead   Permission = "programme.read"   // programmes, their quotas and participants
	ProgrammeManage Permission = "programme.manage" // create and edit programmes, enrol and withdraw participants

	// Principal selection (校长选聘, SPEC §6).
	AppointmentRead   Permission = "appointment.read"   // selections with every step's time and author, contracts
	AppointmentManage Permission = "appointment.manage" // run a selection to the appointment; contracts and their assessments
	// Pairing assistance (结对帮扶, SPEC §5).
	PairingRead    Permission = "pairing.read"    // pairing cycles and their pairs; a school its own pairs
	PairingManage  Permission = "pairing.manage"  // open cycles, propose, edit and publish pairs, review and commend
	PairingRecord  Permission = "pairing.record"  // a pair's goals, ledger and self-review; a school its own pairs'
	PairingInspect Permission = "pairing.inspect" // the city's inspections (督查) of pairs
	// Staffing (编制 and 专业技术岗位, seed 004).
	StaffingRead   Permission = "staffing.read"   // establishment, allocations, posts, appointments, the promotion list
	StaffingManage Permission = "staffing.manage" // a county's settings, allocations and filing, posts and appointments
	// Teacher supply and support (seed [004]): new recruits to rural and weak
	// schools first, allowances, turnover housing (周转房); the city's
	// inspections of the counties' rotation work and their yearly scores.
	SupplyRead       Permission = "supply.read"       // recruits, allowances, housing
	SupplyManage     Permission = "supply.manage"     // a county's recruits and their placement, allowances, housing
	InspectionRead   Permission = "inspection.read"   // inspections, their findings, the counties' yearly scores
	InspectionManage Permission = "inspection.manage" // the city: inspect, grade, close findings, set the score's weights
	InspectionAnswer Permission = "inspection.answer" // the county's answer to a finding
)

// pairingPermissions are the pairing permissions of each role that has any.
var pairingPermissions = map[string][]Permission{
	RoleAdmin:       {PairingRead, PairingManage, PairingRecord, PairingInspect},
	RoleCity:        {PairingRead, PairingInspect},
	RoleCountyHR:    {PairingRead, PairingManage, PairingRecord},
	RoleSchoolAdmin: {PairingRead, PairingRecord},
}

// Permissions lists every permission, in the order the API reports them.
var Permissions = []Permission{OrgRead, OrgWrite, EducatorRead, EducatorWrite, IDReveal, AccountManage, AuditRead,
	RotationRead, RotationPolicy, RotationManage, RotationApply, ProgrammeRead, ProgrammeManage,
	AppointmentRead, AppointmentManage,
	PairingRead, PairingManage, PairingRecord, PairingInspect,
	StaffingRead, StaffingManage,
	SupplyRead, SupplyManage, InspectionRead, InspectionManage, InspectionAnswer}

// rolePermissions is what each role may do inside its grant's scope.
var rolePermissions = map[string][]Permission{
	RoleAdmin: {OrgRead, OrgWrite, EducatorRead, EducatorWrite, IDReveal, AccountManage, AuditRead,
		RotationRead, RotationPolicy, RotationManage, RotationApply, ProgrammeRead, ProgrammeManage,
		StaffingRead, StaffingManage,
		SupplyRead, SupplyManage, InspectionRead, InspectionManage, InspectionAnswer},
	RoleCity: {OrgRead, EducatorRead, IDReveal, RotationRead, ProgrammeRead, ProgrammeManage,
		StaffingRead,
		SupplyRead, InspectionRead, InspectionManage},
	RoleCountyHR: {OrgRead, OrgWrite, EducatorRead, EducatorWrite, IDReveal, AccountManage,
		RotationRead, RotationPolicy, RotationManage, RotationApply, ProgrammeRead, ProgrammeManage,
		StaffingRead, StaffingManage,
		SupplyRead, SupplyManage, InspectionRead, InspectionAnswer},
	RoleCoordinator: {OrgRead, EducatorRead, ProgrammeRead, ProgrammeManage},
	RoleSchoolAdmin: {OrgRead, EducatorRead, EducatorWrite, IDReveal, RotationRead, RotationApply,
		StaffingRead, SupplyRead},
	// Mentors and reviewers granted over a programme read it and its
	// participants; over a school they read the tree only.
	RoleMentor:      {OrgRead, ProgrammeRead},
	RoleParticipant: {OrgRead, ProgrammeRead},
	RoleReviewer:    {OrgRead, ProgrammeRead},
	// Principal selection: the bureaus read it, county HR runs it, the
	// discipline inspection office reads it and nothing else.
	RoleInspector: {AppointmentRead},
}

// appointmentPermissions are the principal selection's, added to the roles
// that carry them (kept apart to ease merging the roles' lines above).
var appointmentPermissions = map[string][]Permission{
	RoleAdmin:    {AppointmentRead, AppointmentManage},
	RoleCity:     {AppointmentRead},
	RoleCountyHR: {AppointmentRead, AppointmentManage},
}

// programmeMemberPermissions is what a programme grant allows on its
// participants' records: reading them, never more.
var programmeMemberPermissions = []Permission{EducatorRead}

// roleScopes is where each role may be granted.
var roleScopes = map[string][]string{
	RoleAdmin:       {ScopeGlobal},
	RoleCity:        {ScopeCity},
	RoleCountyHR:    {ScopeCounty},
	RoleCoordinator: {ScopeCity, ScopeCounty, ScopeProgramme},
	RoleSchoolAdmin: {ScopeSchool},
	RoleMentor:      {ScopeSchool, ScopeProgramme},
	RoleParticipant: {ScopeSchool, ScopeProgramme},
	RoleReviewer:    {ScopeCity, ScopeCounty, ScopeProgramme},
	RoleInspector:   {ScopeCity, ScopeCounty},
}

// RolePermits reports whether role carries perm.
func RolePermits(role string, perm Permission) bool {
	return slices.Contains(rolePermissions[role], perm) || slices.Contains(appointmentPermissions[role], perm) ||
		slices.Contains(pairingPermissions[role], perm)
}

// RoleScopes returns the scope kinds role may be granted at.
func RoleScopes(role string) []string { return roleScopes[role] }

// selfReadable reports whether everyone may do perm on their own record.
func selfReadable(perm Permission) bool { return perm == EducatorRead || perm == RotationRead }

// covers reports whether grant g reaches place p for perm. A programme grant
// reaches its programme, and its participants' records for reading them.
func covers(g app.Grant, perm Permission, p app.Place) bool {
	switch g.ScopeKind {
	case ScopeGlobal:
		return true
	case ScopeCity:
		return p.CityID != 0 && p.CityID == g.ScopeID
	case ScopeCounty:
		return p.CountyID != 0 && p.CountyID == g.ScopeID
	case ScopeSchool:
		return p.SchoolID != 0 && p.SchoolID == g.ScopeID
	case ScopeProgramme:
		if p.ProgrammeID != 0 {
			return p.ProgrammeID == g.ScopeID
		}
		return p.EducatorID != 0 && slices.Contains(programmeMemberPermissions, perm) && slices.Contains(g.Members, p.EducatorID)
	}
	return false
}

// grantAllows reports whether g lets its holder do perm at p.
func grantAllows(g app.Grant, perm Permission, p app.Place) bool {
	if !RolePermits(g.Role, perm) || !covers(g, perm, p) {
		return false
	}
	return perm != IDReveal || g.FullID
}

var (
	errUnauthenticated = app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	errForbidden       = app.Errorf(app.Forbidden, "您没有执行此操作的权限", "You are not allowed to do this")
)

// Can decides whether a may use a function at all: nil when some grant
// carries perm (or perm is reading one's own record), Forbidden otherwise,
// Unauthenticated without an actor. Handlers call it before loading anything.
func Can(a *app.Actor, perm Permission) error {
	switch {
	case a == nil:
		return errUnauthenticated
	case a.System:
		return nil
	case perm == EducatorRead && a.EducatorID != 0:
		// The educator list holds one's own record; rotation pages, by
		// contrast, are for staff, and one's own rotation file is a page of its own.
		return nil
	}
	for _, g := range a.Grants {
		if RolePermits(g.Role, perm) && (perm != IDReveal || g.FullID) {
			return nil
		}
	}
	return errForbidden
}

// Decide is the access decision for one thing at place p: nil when a grant
// of a allows perm there, NotFound when none does (out of scope answers as if
// absent), Unauthenticated without an actor. Everyone may read their own
// educator record and their own rotation file.
func Decide(a *app.Actor, perm Permission, p app.Place, what string) error {
	switch {
	case a == nil:
		return errUnauthenticated
	case a.System:
		return nil
	case selfReadable(perm) && p.EducatorID != 0 && p.EducatorID == a.EducatorID:
		return nil
	}
	for _, g := range a.Grants {
		if grantAllows(g, perm, p) {
			return nil
		}
	}
	return app.ErrNotFound(what)
}

// ScopeOf returns the part of the tree where a may do perm, for listings.
// It follows the same rule as Decide.
func ScopeOf(a *app.Actor, perm Permission) app.Scope {
	var s app.Scope
	if a == nil {
		return s
	}
	if a.System {
		return app.Scope{All: true}
	}
	if selfReadable(perm) && a.EducatorID != 0 {
		s.EducatorIDs = append(s.EducatorIDs, a.EducatorID)
	}
	for _, g := range a.Grants {
		if !RolePermits(g.Role, perm) || (perm == IDReveal && !g.FullID) {
			continue
		}
		switch g.ScopeKind {
		case ScopeGlobal:
			return app.Scope{All: true}
		case ScopeCity:
			s.CityIDs = append(s.CityIDs, g.ScopeID)
		case ScopeCounty:
			s.CountyIDs = append(s.CountyIDs, g.ScopeID)
		case ScopeSchool:
			s.SchoolIDs = append(s.SchoolIDs, g.ScopeID)
		case ScopeProgramme:
			s.ProgrammeIDs = append(s.ProgrammeIDs, g.ScopeID)
			if slices.Contains(programmeMemberPermissions, perm) {
				s.EducatorIDs = append(s.EducatorIDs, g.Members...)
			}
		}
	}
	return s
}

// localGrants returns a with only its grants over everything, a county or
// a school: what a school publishes to itself and its county (a selection's
// notice with applicants' statements and scores) is not the whole city's,
// nor a programme's.
func localGrants(a *app.Actor) *app.Actor {
	if a == nil || a.System {
		return a
	}
	cp := *a
	cp.Grants = nil
	for _, g := range a.Grants {
		if g.ScopeKind == ScopeGlobal || g.ScopeKind == ScopeCounty || g.ScopeKind == ScopeSchool {
			cp.Grants = append(cp.Grants, g)
		}
	}
	return &cp
}

// DecideLocal is Decide counting only grants over everything, a county or a
// school: a city-wide grant does not reach a school's own notice.
func DecideLocal(a *app.Actor, perm Permission, p app.Place, what string) error {
	return Decide(localGrants(a), perm, p, what)
}

// LocalScopeOf is ScopeOf by the rule of DecideLocal, for listings.
func LocalScopeOf(a *app.Actor, perm Permission) app.Scope {
	return ScopeOf(localGrants(a), perm)
}
