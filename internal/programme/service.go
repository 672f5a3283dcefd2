package programme

import (
	"context"
	"fmt"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Store is what package programme needs from the database.
type Store interface {
	audit.Store
	FindCities(ctx context.Context) ([]*org.City, error)
	// ScopePlace resolves a city or a county to its place and name.
	ScopePlace(ctx context.Context, kind string, id int64) (app.Place, string, error)
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)

	FindProgrammes(ctx context.Context, f Filter) ([]*Programme, int, error)
	FindProgrammeByID(ctx context.Context, id int64) (*Programme, error)
	CreateProgramme(ctx context.Context, p *Programme) error
	UpdateProgramme(ctx context.Context, p *Programme) error
	// LockProgramme holds the programme's row until the transaction ends,
	// so that quota checks and enrolments are not raced.
	LockProgramme(ctx context.Context, id int64) error
	DeleteProgramme(ctx context.Context, id int64) error
	// CountProgrammeGrants counts the grants scoped to the programme.
	CountProgrammeGrants(ctx context.Context, id int64) (int, error)
	FindMembers(ctx context.Context, programmeID int64) ([]*Member, error)
	FindMember(ctx context.Context, programmeID, educatorID int64) (*Member, error)
	CreateMember(ctx context.Context, m *Member) error
	DeleteMember(ctx context.Context, programmeID, educatorID int64) error
	FindEnrolments(ctx context.Context, educatorID int64) ([]*Enrolment, error)
}

// Service is the programme register.
type Service struct {
	store Store
	audit *audit.Log
	clock app.Clock
	// enrolCheck, when set, may refuse an enrolment with its reason.
	enrolCheck EnrolCheck
}

// EnrolCheck refuses, with the reason, an enrolment of ed in a category
// of p that another capability's rules forbid (the secondment category's
// conditions: posts, backbone level, years of service, age).
type EnrolCheck func(ctx context.Context, p *Programme, category string, ed *people.Educator) error

// SetEnrolCheck makes every enrolment pass check; cmd/jiaoliu wires the
// secondment selection's conditions here.
func (s *Service) SetEnrolCheck(check EnrolCheck) { s.enrolCheck = check }

// NewService returns the programme service.
func NewService(store Store, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, audit: log, clock: clock}
}

var errNoRight = app.Errorf(app.Forbidden, "您没有执行此操作的权限", "You are not allowed to do this")

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

// Find lists the programmes inside the actor's scope, newest first.
func (s *Service) Find(ctx context.Context, f Filter) ([]*Programme, int, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeRead); err != nil {
		return nil, 0, err
	}
	if f.Kind != "" && !Kinds.Has(f.Kind) {
		return nil, 0, app.InvalidValue("kind", f.Kind)
	}
	if f.Status != "" && !Statuses.Has(f.Status) {
		return nil, 0, app.InvalidValue("status", f.Status)
	}
	f.Q = strings.TrimSpace(f.Q)
	f.Today = s.Today()
	f.Within = auth.ScopeOf(a, auth.ProgrammeRead)
	list, total, err := s.store.FindProgrammes(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	for _, p := range list {
		p.Status = p.statusOn(f.Today)
	}
	return list, total, nil
}

// FindByID returns a programme the actor may read.
func (s *Service) FindByID(ctx context.Context, id int64) (*Programme, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeRead); err != nil {
		return nil, err
	}
	p, err := s.store.FindProgrammeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	p.Status = p.statusOn(s.Today())
	return p, nil
}

// CanManage reports whether the actor may edit p and its participants.
func (s *Service) CanManage(ctx context.Context, p *Programme) bool {
	return auth.Decide(app.ActorOf(ctx), auth.ProgrammeManage, p.Place(), "") == nil
}

// Units are the places where the actor may organise a programme: the
// cities (city-wide programmes) and the counties.
type Units struct {
	Cities   []*org.City   `json:"cities"`
	Counties []*org.County `json:"counties"`
}

// Empty reports whether the actor may organise no programme at all.
func (u Units) Empty() bool { return len(u.Cities) == 0 && len(u.Counties) == 0 }

// OrganiserUnits returns where the actor may create programmes, given the
// counties they can see.
func (s *Service) OrganiserUnits(ctx context.Context, counties []*org.County) (Units, error) {
	var u Units
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.ProgrammeManage) != nil {
		return u, nil
	}
	cities, err := s.store.FindCities(ctx)
	if err != nil {
		return u, err
	}
	for _, c := range cities {
		if auth.Decide(a, auth.ProgrammeManage, app.Place{CityID: c.ID}, "") == nil {
			u.Cities = append(u.Cities, c)
		}
	}
	for _, c := range counties {
		if auth.Decide(a, auth.ProgrammeManage, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil {
			u.Counties = append(u.Counties, c)
		}
	}
	return u, nil
}

// errNoUnit answers an organising unit that does not exist or that the
// actor may not organise programmes in.
var errNoUnit = &app.Error{Code: app.Invalid, Message: "所选组织单位不存在或不在您的权限范围内",
	English: "The organising unit does not exist or is outside your scope", Fields: map[string]string{"county_id": "invalid"}}

// OrganisingUnit is the scope a programme or a host is registered in: its
// county or, with none, its city (unit zero when neither is given).
func OrganisingUnit(countyID, cityID int64) (kind string, unit int64) {
	if countyID == 0 {
		return auth.ScopeCity, cityID
	}
	return auth.ScopeCounty, countyID
}

// Create registers a programme organised by the input's county or, without
// one, city-wide.
func (s *Service) Create(ctx context.Context, in Input) (*Programme, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeManage); err != nil {
		return nil, err
	}
	kind, unit := OrganisingUnit(in.CountyID, in.CityID)
	if unit == 0 {
		return nil, &app.Error{Code: app.Invalid, Message: "请选择组织单位（区县或全市）", English: "Choose the organising unit (a county or the city)",
			Fields: map[string]string{"county_id": "required"}}
	}
	place, name, err := s.store.ScopePlace(ctx, kind, unit)
	if app.ErrorCode(err) == app.NotFound {
		return nil, errNoUnit
	} else if err != nil {
		return nil, err
	}
	p := &Programme{CityID: place.CityID, CountyID: place.CountyID}
	if kind == auth.ScopeCounty {
		p.CountyName = name
	}
	if auth.Decide(a, auth.ProgrammeManage, app.Place{CityID: p.CityID, CountyID: p.CountyID}, "") != nil {
		return nil, errNoUnit
	}
	if err := in.validate(p); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	p.CreatedBy, p.CreatedAt, p.UpdatedAt = a.Label(), now, now
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateProgramme(ctx, p); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "programme.create", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("新建项目“%s”（%s）", p.Name, Kinds.Label(p.Kind, "zh")), After: p})
	})
	if err != nil {
		return nil, err
	}
	p.Status = p.statusOn(s.Today())
	return p, nil
}

// Update saves a programme's fields and categories. Its organising unit
// stays; a category with participants may not go, nor its quota fall below them.
func (s *Service) Update(ctx context.Context, id int64, in Input) (*Programme, error) {
	var out *Programme
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, err := s.lockManaged(ctx, id)
		if err != nil {
			return err
		}
		p := *before
		if err := in.validate(&p); err != nil {
			return err
		}
		var f app.Fields
		for _, c := range before.Categories {
			if c.Enrolled == 0 {
				continue
			}
			now, ok := p.Category(c.Name)
			switch {
			case !ok:
				f.Add("categories", fmt.Sprintf("参训类别“%s”已有%d人报名，不能删除", c.Name, c.Enrolled),
					fmt.Sprintf("Category %q has %d participants and cannot be removed", c.Name, c.Enrolled))
			case now.Quota < c.Enrolled:
				f.Add("categories", fmt.Sprintf("参训类别“%s”已有%d人报名，名额不能少于%d", c.Name, c.Enrolled, c.Enrolled),
					fmt.Sprintf("Category %q has %d participants; its quota cannot be below that", c.Name, c.Enrolled))
			}
		}
		if len(p.Categories) > 0 && len(before.Categories) == 0 && before.Participants > 0 {
			f.Add("categories", fmt.Sprintf("项目已有%d人报名但未分类别，不能再增设参训类别", before.Participants),
				fmt.Sprintf("The programme has %d participants without categories; categories cannot be added now", before.Participants))
		}
		if err := f.Err(); err != nil {
			return err
		}
		p.UpdatedAt = s.clock.Now()
		if err := s.store.UpdateProgramme(ctx, &p); err != nil {
			return err
		}
		out = &p
		return s.audit.Record(ctx, audit.Change{Action: "programme.update", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("修改项目“%s”", p.Name), Before: before, After: &p})
	})
	if err != nil {
		return nil, err
	}
	return s.FindByID(ctx, out.ID)
}

// lockManaged returns a programme the actor manages, its row held until
// the transaction ends and read again under the lock.
func (s *Service) lockManaged(ctx context.Context, id int64) (*Programme, error) {
	p, err := s.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.CanManage(ctx, p) {
		return nil, errNoRight
	}
	if err := s.store.LockProgramme(ctx, id); err != nil {
		return nil, err
	}
	return s.store.FindProgrammeByID(ctx, id)
}

// Members lists a programme's participants, by category and name.
func (s *Service) Members(ctx context.Context, p *Programme) ([]*Member, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	return s.store.FindMembers(ctx, p.ID)
}

// Enrol adds an educator the actor can see to a programme, in a category
// with a free place.
func (s *Service) Enrol(ctx context.Context, id int64, in MemberInput) (*Member, error) {
	a := app.ActorOf(ctx)
	var m *Member
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockManaged(ctx, id)
		if err != nil {
			return err
		}
		// A finished programme takes nobody; only the shell (and the demo
		// loader, which records past programmes as history) may still enrol.
		if p.statusOn(s.Today()) == StatusFinished && !a.System {
			return app.Errorf(app.Conflict, fmt.Sprintf("项目“%s”已于%s结束，不能再报名", p.Name, p.End.Chinese()),
				fmt.Sprintf("The programme %q ended on %s; no more enrolments", p.Name, p.End))
		}
		ed, err := s.store.FindEducatorByID(ctx, in.EducatorID)
		if err != nil || auth.Decide(a, auth.EducatorRead, ed.Place(), "") != nil {
			if err == nil || app.ErrorCode(err) == app.NotFound {
				return app.NotFoundField("educator_id", "教职工")
			}
			return err
		}
		if p.CityWide() && ed.CityID != p.CityID || !p.CityWide() && ed.CountyID != p.CountyID {
			unit := p.CountyName
			if p.CityWide() {
				unit = "本市"
			}
			return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("%s不在本项目的组织范围（%s）内", ed.Name, unit),
				English: fmt.Sprintf("%s is outside the programme's organising unit", ed.Name), Fields: map[string]string{"educator_id": "invalid"}}
		}
		switch _, err := s.store.FindMember(ctx, p.ID, ed.ID); {
		case err == nil:
			return errAlreadyMember(ed.Name)
		case app.ErrorCode(err) != app.NotFound:
			return err
		}
		category := strings.TrimSpace(in.Category)
		if len(p.Categories) == 0 {
			category = ""
		} else if c, ok := p.Category(category); !ok {
			return &app.Error{Code: app.Invalid, Message: "请选择参训类别", English: "Choose the participant category",
				Fields: map[string]string{"category": "invalid"}}
		} else if c.Enrolled >= c.Quota {
			return app.Errorf(app.Conflict, fmt.Sprintf("参训类别“%s”的%d个名额已满", c.Name, c.Quota),
				fmt.Sprintf("The %d places of %q are taken", c.Quota, c.Name))
		}
		if s.enrolCheck != nil {
			if err := s.enrolCheck(ctx, p, category, ed); err != nil {
				return err
			}
		}
		m = &Member{ProgrammeID: p.ID, EducatorID: ed.ID, Name: ed.Name, Gender: ed.Gender, Post: ed.Post, SchoolID: ed.SchoolID,
			SchoolName: ed.SchoolName, CountyID: ed.CountyID, CityID: ed.CityID, Category: category, AddedBy: a.Label(), AddedAt: s.clock.Now()}
		if err := s.store.CreateMember(ctx, m); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "programme.enrol", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("%s报名参加项目“%s”%s", ed.Name, p.Name, bracket(category)),
			After:   map[string]any{"educator_id": ed.ID, "category": category}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Delete removes a programme registered by mistake: one without
// participants and without accounts granted over it.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockManaged(ctx, id)
		if err != nil {
			return err
		}
		if p.Participants > 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("项目已有%d名参训人员，请先全部移出再删除", p.Participants),
				fmt.Sprintf("The programme has %d participants; withdraw them first", p.Participants))
		}
		n, err := s.store.CountProgrammeGrants(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("有%d个账号被授予此项目的角色，请先撤销再删除", n),
				fmt.Sprintf("%d account(s) hold a role over the programme; remove those first", n))
		}
		if err := s.store.DeleteProgramme(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "programme.delete", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("删除项目“%s”", p.Name), Before: p})
	})
}

// Withdraw takes a participant out of a programme.
func (s *Service) Withdraw(ctx context.Context, id, educatorID int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		p, err := s.lockManaged(ctx, id)
		if err != nil {
			return err
		}
		m, err := s.store.FindMember(ctx, id, educatorID)
		if err != nil {
			return err
		}
		if err := s.store.DeleteMember(ctx, id, educatorID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "programme.withdraw", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("%s退出项目“%s”%s", m.Name, p.Name, bracket(m.Category)),
			Before:  map[string]any{"educator_id": m.EducatorID, "category": m.Category}})
	})
}

// Enrolments lists the programmes an educator takes part in, for someone
// who may read the educator: the membership is part of their record.
func (s *Service) Enrolments(ctx context.Context, ed *people.Educator) ([]*Enrolment, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.EducatorRead, ed.Place(), "教职工"); err != nil {
		return nil, err
	}
	list, err := s.store.FindEnrolments(ctx, ed.ID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	for _, e := range list {
		e.Programme.Status = e.Programme.statusOn(today)
	}
	return list, nil
}

// errAlreadyMember answers a second enrolment of the same person.
func errAlreadyMember(name string) error {
	return &app.Error{Code: app.Conflict, Message: name + "已在本项目中", English: name + " is already a participant",
		Fields: map[string]string{"educator_id": "taken"}}
}

func bracket(category string) string {
	if category == "" {
		return ""
	}
	return "（" + category + "）"
}
