package secondment

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
)

// Kinds of a host's department.
const (
	DeptOffice   = "office"   // 处室 (教务处, 德育处, 校长室 …): cadres and principals
	DeptGrade    = "grade"    // 级部 / 年级: grade heads
	DeptSubjects = "subjects" // 教研组: teachers of its subject
)

// DeptKinds is the vocabulary of department kinds.
var DeptKinds = app.Vocab{
	{Code: DeptOffice, Zh: "处室", En: "Office"},
	{Code: DeptGrade, Zh: "级部", En: "Grade"},
	{Code: DeptSubjects, Zh: "教研组", En: "Teaching-research group"},
}

// Duties are what a host school does for its participants ([001]: lodging,
// meals, accident insurance, medical care, a safety briefing, an emergency plan).
var Duties = app.Vocab{
	{Code: "lodging", Zh: "安排住宿", En: "Lodging"},
	{Code: "meals", Zh: "安排用餐", En: "Meals"},
	{Code: "insurance", Zh: "办理人身意外伤害保险", En: "Accident insurance"},
	{Code: "medical", Zh: "就医安排", En: "Medical care"},
	{Code: "safety", Zh: "安全教育", En: "Safety briefing"},
	{Code: "emergency", Zh: "突发事件应急预案", En: "Emergency plan"},
}

// Host is a school that takes participants, often in another province
// (济宁, 上海浦东 …), registered by a city (CountyID zero) or a county.
type Host struct {
	ID int64 `json:"id"`
	HostDetails
	Departments []Department `json:"departments"`
	CreatedBy   string       `json:"created_by"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Department is an office, a grade or a teaching-research group of a host.
type Department struct {
	ID      int64  `json:"id"`
	HostID  int64  `json:"host_id"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Subject string `json:"subject"`
}

// Owner is where the host is registered: who may edit it.
func (h *Host) Owner() app.Place { return app.Place{CityID: h.CityID, CountyID: h.CountyID} }

// Department returns the host's department of id.
func (h *Host) Department(id int64) (Department, bool) {
	for _, d := range h.Departments {
		if d.ID == id {
			return d, true
		}
	}
	return Department{}, false
}

// HostFilter selects hosts. Zero fields do not filter.
type HostFilter struct {
	Q string
	// Within is where the actor reads programmes: hosts registered there and
	// hosts of the batches of the programmes there.
	Within app.Scope
}

// HostInput is a host as entered. Departments are one per line: a name
// ending in 教研组 is a teaching-research group whose subject is the name
// before it, one ending in 级部 or 年级 a grade, anything else an office.
type HostInput struct {
	HostDetails
	Departments string `json:"departments"`
}

// HostDetails are a host's registering unit, name, place and contact, as
// entered and as kept.
type HostDetails struct {
	CityID       int64  `json:"city_id"`
	CountyID     int64  `json:"county_id"`
	Name         string `json:"name"`
	Place        string `json:"place"`
	Address      string `json:"address"`
	Level        string `json:"level"`
	ContactName  string `json:"contact_name"`
	ContactPhone string `json:"contact_phone"`
	Note         string `json:"note"`
}

// HostStore is what hosts need from the database.
type HostStore interface {
	FindHosts(ctx context.Context, f HostFilter) ([]*Host, error)
	FindHostByID(ctx context.Context, id int64) (*Host, error)
	CreateHost(ctx context.Context, h *Host) error
	UpdateHost(ctx context.Context, h *Host) error
	// ScopePlace resolves a city or a county to its place and name.
	ScopePlace(ctx context.Context, kind string, id int64) (app.Place, string, error)
}

// ParseDepartments reads departments one per line (see HostInput).
func ParseDepartments(text string) ([]Department, error) {
	var out []Department
	var f app.Fields
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		name := strings.TrimSpace(line)
		if name == "" {
			continue
		}
		if utf8.RuneCountInString(name) > 30 || seen[name] {
			f.Add("departments", fmt.Sprintf("部门“%s”重复或超过30字", name), fmt.Sprintf("Department %q is repeated or too long", name))
			continue
		}
		seen[name] = true
		d := Department{Kind: DeptOffice, Name: name}
		switch {
		case strings.HasSuffix(name, "教研组"):
			d.Kind, d.Subject = DeptSubjects, strings.TrimSpace(strings.TrimSuffix(name, "教研组"))
		case strings.HasSuffix(name, "级部"), strings.HasSuffix(name, "年级"):
			d.Kind = DeptGrade
		}
		out = append(out, d)
	}
	if len(out) > 60 {
		f.Add("departments", "部门不能超过60个", "At most 60 departments")
	}
	return out, f.Err()
}

// FormatDepartments writes departments as ParseDepartments reads them.
func FormatDepartments(ds []Department) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Name + "\n")
	}
	return b.String()
}

func (in HostInput) validate(h *Host) error {
	var f app.Fields
	h.Name, h.Place, h.Address = strings.TrimSpace(in.Name), strings.TrimSpace(in.Place), strings.TrimSpace(in.Address)
	h.Level, h.Note = in.Level, strings.TrimSpace(in.Note)
	h.ContactName, h.ContactPhone = strings.TrimSpace(in.ContactName), strings.TrimSpace(in.ContactPhone)
	if n := utf8.RuneCountInString(h.Name); n < 2 || n > 60 {
		f.Add("name", "请填写接收学校名称（2至60字）", "Give the host school's name (2 to 60 characters)")
	}
	if utf8.RuneCountInString(h.Place) > 60 || utf8.RuneCountInString(h.Address) > 200 || utf8.RuneCountInString(h.Note) > 1000 {
		f.Add("address", "所在地不超过60字，地址不超过200字，备注不超过1000字", "Place ≤ 60, address ≤ 200, note ≤ 1,000 characters")
	}
	if h.Level != "" && !HostLevels.Has(h.Level) {
		f.Add("level", "请选择学段", "Choose the level")
	}
	if utf8.RuneCountInString(h.ContactName) > 30 || utf8.RuneCountInString(h.ContactPhone) > 30 {
		f.Add("contact_phone", "联系人和电话各不超过30字", "Contact and phone: at most 30 characters each")
	}
	ds, err := ParseDepartments(in.Departments)
	if err != nil {
		return err
	}
	// Departments that stay keep their ids, so placements keep them.
	for i := range ds {
		for _, old := range h.Departments {
			if old.Name == ds[i].Name {
				ds[i].ID = old.ID
			}
		}
		ds[i].HostID = h.ID
	}
	h.Departments = ds
	return f.Err()
}

// HostLevels are the levels a host school teaches, as the assignment helper
// matches them with a participant's school.
var HostLevels = app.Vocab{
	{Code: "primary", Zh: "小学", En: "Primary"},
	{Code: "middle", Zh: "中学", En: "Secondary"},
	{Code: "nine_year", Zh: "九年一贯制", En: "Nine-year school"},
}

// Hosts lists the hosts the actor may see, by name.
func (s *Service) Hosts(ctx context.Context, q string) ([]*Host, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeRead); err != nil {
		return nil, err
	}
	return s.store.FindHosts(ctx, HostFilter{Q: strings.TrimSpace(q), Within: auth.ScopeOf(a, auth.ProgrammeRead)})
}

// readableHost returns a host the actor may see: registered where they
// read programmes, or a host of a batch of a programme they read.
func (s *Service) readableHost(ctx context.Context, id int64) (*Host, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeRead); err != nil {
		return nil, err
	}
	list, err := s.store.FindHosts(ctx, HostFilter{Within: auth.ScopeOf(a, auth.ProgrammeRead)})
	if err != nil {
		return nil, err
	}
	for _, h := range list {
		if h.ID == id {
			return s.store.FindHostByID(ctx, id)
		}
	}
	return nil, app.ErrNotFound("接收学校")
}

// Host returns a host the actor may see.
func (s *Service) Host(ctx context.Context, id int64) (*Host, error) { return s.readableHost(ctx, id) }

// CanEditHost reports whether the actor may edit h: they manage programmes
// where it is registered.
func (s *Service) CanEditHost(ctx context.Context, h *Host) bool {
	return auth.Decide(app.ActorOf(ctx), auth.ProgrammeManage, h.Owner(), "") == nil
}

// CreateHost registers a host school for the input's county or, without
// one, for the city.
func (s *Service) CreateHost(ctx context.Context, in HostInput) (*Host, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.ProgrammeManage); err != nil {
		return nil, err
	}
	kind, unit := programme.OrganisingUnit(in.CountyID, in.CityID)
	place, _, err := s.store.ScopePlace(ctx, kind, unit)
	if err != nil || auth.Decide(a, auth.ProgrammeManage, place, "") != nil {
		if err != nil && app.ErrorCode(err) != app.NotFound {
			return nil, err
		}
		return nil, &app.Error{Code: app.Invalid, Message: "请选择登记单位（区县或全市）", English: "Choose the registering unit (a county or the city)",
			Fields: map[string]string{"county_id": "invalid"}}
	}
	h := &Host{HostDetails: HostDetails{CityID: place.CityID, CountyID: place.CountyID}}
	if err := in.validate(h); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	h.CreatedBy, h.CreatedAt, h.UpdatedAt = a.Label(), now, now
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateHost(ctx, h); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.host_create", Entity: "secondment_host", EntityID: h.ID,
			Summary: fmt.Sprintf("登记接收学校%s（%s）", h.Name, h.Place), After: h})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindHostByID(ctx, h.ID)
}

// UpdateHost saves a host's fields and departments. A department that is
// dropped leaves the placements that named it without a department.
func (s *Service) UpdateHost(ctx context.Context, id int64, in HostInput) (*Host, error) {
	before, err := s.readableHost(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.CanEditHost(ctx, before) {
		return nil, app.Errorf(app.Forbidden, "您没有修改此接收学校的权限", "You may not edit this host")
	}
	h := *before
	h.Departments = append([]Department(nil), before.Departments...)
	if err := in.validate(&h); err != nil {
		return nil, err
	}
	h.UpdatedAt = s.clock.Now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateHost(ctx, &h); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.host_update", Entity: "secondment_host", EntityID: h.ID,
			Summary: fmt.Sprintf("修改接收学校%s", h.Name), Before: before, After: &h})
	})
	if err != nil {
		return nil, err
	}
	return s.store.FindHostByID(ctx, id)
}

// InputOfHost returns the input that would save h unchanged.
func InputOfHost(h *Host) HostInput {
	return HostInput{HostDetails: h.HostDetails, Departments: FormatDepartments(h.Departments)}
}

// HostList is a host's participants in a batch, for the list the host
// receives: for the programme's managers.
func (s *Service) HostList(ctx context.Context, programmeID, batchID, hostID int64) (*programme.Programme, *Batch, *Host, []*Placement, error) {
	p, err := s.managed(ctx, programmeID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	b, err := s.store.FindBatch(ctx, programmeID, batchID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if _, ok := b.Host(hostID); !ok {
		return nil, nil, nil, nil, app.ErrNotFound("接收学校")
	}
	h, err := s.store.FindHostByID(ctx, hostID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	all, err := s.store.FindPlacements(ctx, programmeID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	rows := []*Placement{}
	for _, pl := range all {
		if pl.BatchID == batchID && pl.HostID == hostID {
			rows = append(rows, pl)
		}
	}
	return p, b, h, rows, nil
}
