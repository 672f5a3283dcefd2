package staffing

import (
	"context"
	"fmt"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// HousingUnit is one turnover flat (周转房) of a school, with its tenant on
// the day it is listed.
type HousingUnit struct {
	ID         int64     `json:"id"`
	SchoolID   int64     `json:"school_id"`
	SchoolName string    `json:"school_name"`
	CountyID   int64     `json:"county_id"`
	CityID     int64     `json:"city_id"`
	Name       string    `json:"name"`
	AreaM2     int       `json:"area_m2"`
	Note       string    `json:"note"`
	Tenant     *Tenancy  `json:"tenant"`
	CreatedAt  time.Time `json:"created_at"`
}

// Place is the unit's school.
func (u *HousingUnit) Place() app.Place {
	return app.Place{CityID: u.CityID, CountyID: u.CountyID, SchoolID: u.SchoolID}
}

// Tenancy is one teacher's stay in a unit, from move-in to move-out (zero
// while they live there).
type Tenancy struct {
	ID           int64     `json:"id"`
	UnitID       int64     `json:"unit_id"`
	EducatorID   int64     `json:"educator_id"`
	EducatorName string    `json:"educator_name"`
	MoveIn       app.Date  `json:"move_in"`
	MoveOut      app.Date  `json:"move_out,omitzero"`
	Reason       string    `json:"reason,omitempty"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// HousingFilter selects units; On is the day whose tenant each shows.
type HousingFilter struct {
	CountyID int64
	SchoolID int64
	On       app.Date
	Within   app.Scope
}

// HousingInput is a new unit.
type HousingInput struct {
	SchoolID int64  `json:"school_id"`
	Name     string `json:"name"`
	AreaM2   int    `json:"area_m2"`
	Note     string `json:"note"`
}

// MoveInInput allocates a unit to a teacher from a day; Reason is needed
// when someone ranked higher at the school still waits.
type MoveInInput struct {
	EducatorID int64    `json:"educator_id"`
	MoveIn     app.Date `json:"move_in"`
	Reason     string   `json:"reason"`
}

// MoveOutInput ends a unit's tenancy on a day.
type MoveOutInput struct {
	MoveOut app.Date `json:"move_out"`
}

// HousingStore is what turnover housing needs from the database.
type HousingStore interface {
	audit.Store
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindHousingUnits(ctx context.Context, f HousingFilter) ([]*HousingUnit, error)
	FindHousingUnitByID(ctx context.Context, id int64, on app.Date) (*HousingUnit, error)
	CreateHousingUnit(ctx context.Context, u *HousingUnit) error
	// LockHousingUnit holds the unit's row until the transaction ends.
	LockHousingUnit(ctx context.Context, id int64) error
	FindTenancies(ctx context.Context, unitID int64) ([]*Tenancy, error)
	CreateTenancy(ctx context.Context, t *Tenancy) error
	EndTenancy(ctx context.Context, id int64, moveOut app.Date) error
	// HousingPeople returns the county's educators with their career
	// stints and whether they live in a unit on the day.
	HousingPeople(ctx context.Context, countyID int64, on app.Date) ([]HousingPerson, error)
}

// HousingService keeps the schools' turnover housing and allocates it by
// the priority of those who moved to rural schools and who long taught there.
type HousingService struct {
	store HousingStore
	audit *audit.Log
	clock app.Clock
}

// NewHousingService returns the housing service.
func NewHousingService(store HousingStore, log *audit.Log, clock app.Clock) *HousingService {
	return &HousingService{store: store, audit: log, clock: clock}
}

// Today is the service's current date in Asia/Shanghai.
func (s *HousingService) Today() app.Date { return app.DateOf(s.clock.Now()) }

// Find lists the units in the actor's scope with their tenant today.
func (s *HousingService) Find(ctx context.Context, f HousingFilter) ([]*HousingUnit, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyRead); err != nil {
		return nil, err
	}
	f.Within, f.On = auth.ScopeOf(a, auth.SupplyRead), s.Today()
	return s.store.FindHousingUnits(ctx, f)
}

// FindByID returns a unit the actor may read and its tenancies, latest first.
func (s *HousingService) FindByID(ctx context.Context, id int64) (*HousingUnit, []*Tenancy, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyRead); err != nil {
		return nil, nil, err
	}
	u, err := s.store.FindHousingUnitByID(ctx, id, s.Today())
	if err != nil {
		return nil, nil, err
	}
	if err := auth.Decide(a, auth.SupplyRead, u.Place(), "周转房"); err != nil {
		return nil, nil, err
	}
	ts, err := s.store.FindTenancies(ctx, id)
	return u, ts, err
}

// CanManage reports whether the actor may allocate the unit.
func (s *HousingService) CanManage(ctx context.Context, u *HousingUnit) bool {
	return auth.Decide(app.ActorOf(ctx), auth.SupplyManage, u.Place(), "") == nil
}

// Create adds a unit to a school.
func (s *HousingService) Create(ctx context.Context, in HousingInput) (*HousingUnit, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.SupplyManage); err != nil {
		return nil, err
	}
	sc, err := s.store.FindSchoolByID(ctx, in.SchoolID)
	if err != nil || auth.Decide(a, auth.SupplyManage, sc.Place(), "") != nil {
		if err == nil || app.ErrorCode(err) == app.NotFound {
			return nil, app.NotFoundField("school_id", "学校")
		}
		return nil, err
	}
	u := &HousingUnit{SchoolID: sc.ID, SchoolName: sc.Name, CountyID: sc.CountyID, CityID: sc.CityID, Name: strings.TrimSpace(in.Name),
		AreaM2: in.AreaM2, Note: strings.TrimSpace(in.Note), CreatedAt: s.clock.Now()}
	var f app.Fields
	if u.Name == "" || len([]rune(u.Name)) > 40 {
		f.Add("name", "请填写房间号（40字以内）", "Enter the flat's name (at most 40 characters)")
	}
	if u.AreaM2 < 0 || u.AreaM2 > 500 {
		f.Add("area_m2", "面积应在0至500平方米之间", "The area is between 0 and 500 m²")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateHousingUnit(ctx, u); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "housing.create", Entity: "housing_unit", EntityID: u.ID,
			Summary: fmt.Sprintf("登记%s周转房%s", sc.Name, u.Name), After: u})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// Priority is the county's list of unhoused teachers entitled to turnover
// housing, in the order units go to them.
func (s *HousingService) Priority(ctx context.Context, countyID int64) ([]*HousingCandidate, error) {
	c, err := county(ctx, s.store, countyID, auth.SupplyRead)
	if err != nil {
		return nil, err
	}
	return s.priority(ctx, c)
}

func (s *HousingService) priority(ctx context.Context, c *org.County) ([]*HousingCandidate, error) {
	today := s.Today()
	ps, err := s.store.HousingPeople(ctx, c.ID, today)
	if err != nil {
		return nil, err
	}
	schools, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: c.ID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, sc := range schools {
		names[sc.ID] = sc.Name
	}
	return Priority(ps, today, func(id int64) string { return names[id] }), nil
}

// MoveIn allocates a free unit to an entitled teacher who works at its
// school. Passing over someone ranked higher at the school needs a reason.
func (s *HousingService) MoveIn(ctx context.Context, unitID int64, in MoveInInput) (*Tenancy, error) {
	a := app.ActorOf(ctx)
	var t *Tenancy
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		u, err := s.managed(ctx, unitID)
		if err != nil {
			return err
		}
		if in.MoveIn.IsZero() {
			return &app.Error{Code: app.Invalid, Message: "请填写入住日期", English: "Enter the move-in date", Fields: map[string]string{"move_in": "invalid"}}
		}
		ts, err := s.store.FindTenancies(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, x := range ts {
			if x.MoveOut.IsZero() || x.MoveOut.After(in.MoveIn) {
				return app.Errorf(app.Conflict, fmt.Sprintf("%s尚有%s入住，请先办理退房", u.Name, x.EducatorName),
					fmt.Sprintf("%s is lived in by %s; record the move-out first", u.Name, x.EducatorName))
			}
		}
		c, err := s.store.FindCountyByID(ctx, u.CountyID)
		if err != nil {
			return err
		}
		list, err := s.priority(ctx, c)
		if err != nil {
			return err
		}
		var cand, first *HousingCandidate
		for _, x := range list {
			if x.WorkSchoolID != u.SchoolID {
				continue
			}
			if first == nil {
				first = x
			}
			if x.EducatorID == in.EducatorID {
				cand = x
			}
		}
		reason := strings.TrimSpace(in.Reason)
		switch {
		case cand == nil:
			return &app.Error{Code: app.Invalid, Message: "该教师不在本校周转房优先名单上（须为交流到农村或长期在农村任教、在本校任教且尚未入住的教师）",
				English: "The teacher is not on the school's priority list for turnover housing", Fields: map[string]string{"educator_id": "invalid"}}
		case cand != first && reason == "":
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("优先名单上%s排在前面（第%d位），越过须填写理由", first.Name, first.Rank),
				English: fmt.Sprintf("%s ranks higher (no. %d); give the reason for passing over", first.Name, first.Rank),
				Fields:  map[string]string{"reason": "invalid"}}
		}
		t = &Tenancy{UnitID: u.ID, EducatorID: cand.EducatorID, EducatorName: cand.Name, MoveIn: in.MoveIn, Reason: reason,
			CreatedBy: a.Label(), CreatedAt: s.clock.Now()}
		if err := s.store.CreateTenancy(ctx, t); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "housing.move_in", Entity: "housing_unit", EntityID: u.ID,
			Summary: fmt.Sprintf("%s于%s入住%s周转房%s（优先名单第%d位）%s", cand.Name, in.MoveIn.Chinese(), u.SchoolName, u.Name, cand.Rank,
				bracketed(reason)), After: t})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// MoveOut ends the unit's current tenancy on a day.
func (s *HousingService) MoveOut(ctx context.Context, unitID int64, in MoveOutInput) (*HousingUnit, error) {
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		u, err := s.managed(ctx, unitID)
		if err != nil {
			return err
		}
		ts, err := s.store.FindTenancies(ctx, u.ID)
		if err != nil {
			return err
		}
		var open *Tenancy
		for _, x := range ts {
			if x.MoveOut.IsZero() {
				open = x
			}
		}
		switch {
		case open == nil:
			return app.Errorf(app.Conflict, u.Name+"无人入住", u.Name+" is not lived in")
		case in.MoveOut.IsZero() || in.MoveOut.Before(open.MoveIn):
			return &app.Error{Code: app.Invalid, Message: "退房日期不能早于入住日期（" + open.MoveIn.Chinese() + "）",
				English: "The move-out is on or after the move-in", Fields: map[string]string{"move_out": "invalid"}}
		}
		if err := s.store.EndTenancy(ctx, open.ID, in.MoveOut); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "housing.move_out", Entity: "housing_unit", EntityID: u.ID,
			Summary: fmt.Sprintf("%s于%s退出%s周转房%s", open.EducatorName, in.MoveOut.Chinese(), u.SchoolName, u.Name),
			Before:  open, After: map[string]any{"move_out": in.MoveOut}})
	})
	if err != nil {
		return nil, err
	}
	u, _, err := s.FindByID(ctx, unitID)
	return u, err
}

// managed returns a unit the actor allocates, its row held.
func (s *HousingService) managed(ctx context.Context, id int64) (*HousingUnit, error) {
	u, _, err := s.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.CanManage(ctx, u) {
		return nil, app.Errorf(app.Forbidden, "您没有分配周转房的权限", "You may not allocate turnover housing")
	}
	return u, s.store.LockHousingUnit(ctx, id)
}

// Occupied counts the units lived in.
func Occupied(units []*HousingUnit) int {
	n := 0
	for _, u := range units {
		if u.Tenant != nil {
			n++
		}
	}
	return n
}

// bracketed is s in Chinese brackets, or nothing.
func bracketed(s string) string {
	if s == "" {
		return ""
	}
	return "（" + s + "）"
}
