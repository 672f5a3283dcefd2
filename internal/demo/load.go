package demo

import (
	"context"
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
	"jiaoliu/internal/people"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/training"
)

// Password is the password of every demo account.
const Password = "jiaoliu-demo"

// Services are what the demo is written through: the database for the city,
// its people and accounts, and the services for what a bureau would enter.
type Services struct {
	DB         *store.DB
	Clock      app.Clock
	Audit      *audit.Log
	Cipher     *people.Cipher
	Rotation   *rotation.Service
	Planning   *planning.Service
	Programmes *programme.Service
	// Notify, when set, gets the inbox's deadline items swept after loading.
	Notify     *notify.Service
	Secondment *secondment.Service
	Training   *training.Service
	Selection  *secondment.SelectionService
	Placement  *placement.Service
	Pairing    *pairing.Service
	Staffing   *staffing.Service
	// Teacher supply and support, inspections (seed [004]).
	Recruits    *staffing.RecruitService
	Allowances  *staffing.AllowanceService
	Housing     *staffing.HousingService
	Inspections *staffing.InspectionService
	// Contacts, when set, gets the mentoring, check-ins and group activities.
	Contacts *placement.ContactService
}

// Ensure loads the demo city into an empty database, accepts a database
// that already holds it, and refuses one with other data.
func Ensure(ctx context.Context, s *Services, seed int64) error {
	have, err := s.DB.Setting(ctx, "demo_seed")
	if err != nil {
		return err
	}
	if have != "" {
		if have != strconv.FormatInt(seed, 10) {
			return app.Errorf(app.Conflict, "数据库中已有种子为 "+have+" 的演示数据", "The database holds demo data of seed "+have)
		}
		return nil
	}
	n, err := s.DB.CountRows(ctx)
	if err != nil {
		return err
	}
	if n["cities"]+n["counties"]+n["schools"]+n["educators"]+n["users"] > 0 {
		return app.Errorf(app.Conflict,
			"--demo 只能用于空数据库或演示数据库：此数据库已有正式数据，未作任何改动",
			"--demo needs an empty or demo database: this one holds real data and was left unchanged")
	}
	return load(ctx, s, seed)
}

// demoAccount is one demo login and where it is granted.
type demoAccount struct {
	username, name, role string
	scope                func(d *demoIDs) (kind string, id int64)
	educator             func(d *demoIDs) int64
}

// demoIDs are the database ids of the demo places accounts attach to.
type demoIDs struct {
	city                           int64
	county1, county2               int64
	school1, mentorSchool, partSch int64
	participant                    int64
	countyName                     map[int64]string
	schoolName                     map[int64]string
}

var demoAccounts = []demoAccount{
	{"admin", "系统管理员", auth.RoleAdmin, func(d *demoIDs) (string, int64) { return auth.ScopeGlobal, 0 }, nil},
	{"city", "市教育局人事处", auth.RoleCity, func(d *demoIDs) (string, int64) { return auth.ScopeCity, d.city }, nil},
	{"county1", "一区人事科", auth.RoleCountyHR, func(d *demoIDs) (string, int64) { return auth.ScopeCounty, d.county1 }, nil},
	{"county2", "二县人事科", auth.RoleCountyHR, func(d *demoIDs) (string, int64) { return auth.ScopeCounty, d.county2 }, nil},
	{"coordinator1", "教师进修学校培训部", auth.RoleCoordinator, func(d *demoIDs) (string, int64) { return auth.ScopeCounty, d.county1 }, nil},
	{"school1", "学校办公室", auth.RoleSchoolAdmin, func(d *demoIDs) (string, int64) { return auth.ScopeSchool, d.school1 }, nil},
	{"mentor1", "导师", auth.RoleMentor, func(d *demoIDs) (string, int64) { return auth.ScopeSchool, d.mentorSchool }, nil},
	{"participant1", "交流教师", auth.RoleParticipant, func(d *demoIDs) (string, int64) { return auth.ScopeSchool, d.partSch },
		func(d *demoIDs) int64 { return d.participant }},
	{"reviewer1", "评审专家", auth.RoleReviewer, func(d *demoIDs) (string, int64) { return auth.ScopeCity, d.city }, nil},
	{"inspector1", "区纪检监察组", auth.RoleInspector, func(d *demoIDs) (string, int64) { return auth.ScopeCounty, d.county1 }, nil},
}

// demoAreas load, after the registry and the accounts, each area's demo
// data, in order: later areas build on earlier ones.
var demoAreas = []func(ctx context.Context, s *Services, ids *demoIDs) error{
	loadDemoRotation,
	loadDemoPlanning,
	loadDemoProgrammes,
	loadDemoSecondment,
	loadDemoSelection,
	loadDemoTraining,
	loadDemoAppointment,
	loadDemoPlacementLeave,
	loadDemoPairing,
	loadDemoStaffing,
	loadDemoSupply,
	loadDemoNotify,
	loadDemoPlacementRecords,
	loadDemoPlacementContacts,
	loadDemoHomeroom,
	loadDemoPlacementFollowup,
}

// load fills an empty database with the demo city and its accounts, in
// one transaction, and marks the database as a demo.
func load(ctx context.Context, s *Services, seed int64) error {
	ds := Generate(seed, DefaultAsOf)
	ctx = app.WithActor(ctx, app.SystemActor("demo"))
	ids := &demoIDs{countyName: map[int64]string{}, schoolName: map[int64]string{}}
	return s.DB.InTx(ctx, func(ctx context.Context) error {
		city := &org.City{Name: ds.City.Name}
		if err := s.DB.CreateCity(ctx, city); err != nil {
			return err
		}
		ids.city = city.ID
		counties := map[string]int64{}
		for i, c := range ds.Counties {
			c.CityID = city.ID
			if err := s.DB.CreateCounty(ctx, &c); err != nil {
				return err
			}
			counties[c.Code] = c.ID
			ids.countyName[c.ID] = c.Name
			if i == 0 {
				ids.county1 = c.ID
			} else if i == 1 {
				ids.county2 = c.ID
			}
		}
		consortia := map[string]*org.Consortium{}
		for _, k := range ds.Consortia {
			c := &org.Consortium{CountyID: counties[k.CountyCode], Name: k.Name}
			if err := s.DB.CreateConsortium(ctx, c); err != nil {
				return err
			}
			consortia[k.CountyCode+"/"+k.Name] = c
		}
		schools := map[string]*org.School{}
		for _, sc := range ds.Schools {
			school := sc.School
			school.CountyID = counties[sc.CountyCode]
			if k := consortia[sc.CountyCode+"/"+sc.Consortium]; k != nil {
				school.ConsortiumID = k.ID
			}
			if err := s.DB.CreateSchool(ctx, &school); err != nil {
				return err
			}
			schools[school.Code] = &school
			ids.schoolName[school.ID] = school.Name
		}
		for _, k := range ds.Consortia {
			if err := s.DB.SetConsortiumLead(ctx, consortia[k.CountyCode+"/"+k.Name].ID, schools[k.LeadSchoolCode].ID); err != nil {
				return err
			}
		}
		batch := make([]store.BulkEducator, len(ds.Educators))
		for i := range ds.Educators {
			de := &ds.Educators[i]
			e := de.Educator
			e.SchoolID = schools[e.SchoolCode].ID
			sid, err := s.Cipher.SealID(de.IDNumber)
			if err != nil {
				return app.Wrap("demo.load", err)
			}
			career := make([]people.CareerEntry, len(de.Career))
			for j, k := range de.Career {
				k.SchoolID = schools[k.SchoolCode].ID
				career[j] = k
			}
			batch[i] = store.BulkEducator{Educator: &e, ID: sid, Career: career}
		}
		if err := s.DB.BulkCreateEducators(ctx, batch); err != nil {
			return err
		}
		for _, b := range batch {
			pickDemoPlaces(ids, schools[b.Educator.SchoolCode], b.Educator)
		}
		if err := createDemoAccounts(ctx, s, ids); err != nil {
			return err
		}
		for _, area := range demoAreas {
			if err := area(ctx, s, ids); err != nil {
				return err
			}
		}
		if err := s.DB.SetSetting(ctx, "demo_seed", strconv.FormatInt(seed, 10)); err != nil {
			return err
		}
		return s.Audit.Record(ctx, audit.Change{Action: "demo.load", Entity: "database", Summary: fmt.Sprintf(
			"载入演示数据：%s，%d个区县，%d所学校，%d名教职工（种子 %d）", ds.City.Name, len(ds.Counties), len(ds.Schools), len(ds.Educators), seed)})
	})
}

// pickDemoPlaces chooses, as educators are loaded, the schools the demo
// accounts are tied to: in the first county, a primary school for the school
// admin, an urban school for the mentor, and a rural teacher as participant.
func pickDemoPlaces(ids *demoIDs, sc *org.School, e *people.Educator) {
	if sc.CountyID != ids.county1 {
		return
	}
	if ids.school1 == 0 && sc.Level == "primary" && sc.Location == "urban" {
		ids.school1 = sc.ID
	}
	if ids.mentorSchool == 0 && sc.Level == "junior" && sc.Location == "urban" {
		ids.mentorSchool = sc.ID
	}
	if ids.participant == 0 && sc.Location != "urban" && sc.Compulsory() && !sc.VillagePoint &&
		e.Post == people.PostTeacher && e.StaffStatus == people.StaffEstablished {
		ids.participant, ids.partSch = e.ID, sc.ID
	}
}

func createDemoAccounts(ctx context.Context, s *Services, ids *demoIDs) error {
	hash, err := auth.HashPassword(Password, auth.DefaultArgon2)
	if err != nil {
		return app.Wrap("createDemoAccounts", err)
	}
	now := s.Clock.Now()
	for _, a := range demoAccounts {
		kind, id := a.scope(ids)
		p, name, err := s.DB.ScopePlace(ctx, kind, id)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", a.username, err)
		}
		u := &auth.User{Username: a.username, DisplayName: a.name, PasswordHash: hash, CountyID: p.CountyID, SchoolID: p.SchoolID,
			PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
		if a.educator != nil {
			u.EducatorID = a.educator(ids)
		}
		if err := s.DB.CreateUser(ctx, u); err != nil {
			return err
		}
		g := app.Grant{Role: a.role, ScopeKind: kind, ScopeID: id, FullID: a.role == auth.RoleAdmin || a.role == auth.RoleCountyHR}
		if err := s.DB.CreateGrant(ctx, u.ID, &g, now); err != nil {
			return err
		}
		if err := s.Audit.Record(ctx, audit.Change{Action: "user.create", Entity: "user", EntityID: u.ID,
			Summary: fmt.Sprintf("创建演示账号 %s：%s@%s", a.username, auth.Roles.Label(a.role, "zh"), name)}); err != nil {
			return err
		}
	}
	return nil
}

// Login is a demo account as stored: its username, role and where it is
// granted.
type Login struct {
	Username, Role, Scope string
}

// Logins lists the demo accounts as stored, for the login page and the
// start-up message.
func Logins(ctx context.Context, db *store.DB) ([]Login, error) {
	var out []Login
	for _, a := range demoAccounts {
		u, err := db.FindUserByUsername(ctx, a.username)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", a.username, err)
		}
		scope := "全部"
		if len(u.Grants) > 0 && u.Grants[0].ScopeName != "" {
			scope = u.Grants[0].ScopeName
		}
		out = append(out, Login{Username: u.Username, Role: a.role, Scope: scope})
	}
	return out, nil
}
