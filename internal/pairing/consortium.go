package pairing

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// ConsortiumKinds: primary schools by school district (学区), middle
// schools by area (片区).
var ConsortiumKinds = app.Vocab{
	{Code: "primary", Zh: "小学（按学区）", En: "Primary (by school district)"},
	{Code: "middle", Zh: "中学（按片区）", En: "Middle (by area)"},
}

// Consortium is a managed 办学联合体: the schools of one county in a school
// district or area, led by an urban quality school.
type Consortium struct {
	ID           int64  `json:"id"`
	CityID       int64  `json:"city_id"`
	CountyID     int64  `json:"county_id"`
	CountyName   string `json:"county_name"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Area         string `json:"area"`
	Description  string `json:"description"`
	LeadSchoolID int64  `json:"lead_school_id,omitempty"`
	LeadName     string `json:"lead_name,omitempty"`
	Members      int    `json:"members"`
	// Schools are its members, when read one by one.
	Schools []*org.School `json:"schools,omitempty"`
}

// Place is the consortium's county.
func (k *Consortium) Place() app.Place { return app.Place{CityID: k.CityID, CountyID: k.CountyID} }

// Exchange is a rotation exchange between two schools of a consortium.
type Exchange struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	OriginID   int64    `json:"origin_school_id"`
	Origin     string   `json:"origin"`
	HostID     int64    `json:"host_school_id"`
	Host       string   `json:"host"`
	Start      app.Date `json:"start"`
	Status     string   `json:"status"`
	SchoolYear int      `json:"school_year"`
}

// ConsortiumView is a consortium's page: members, the exchanges inside it
// and the pairing activities of its schools.
type ConsortiumView struct {
	Consortium *Consortium `json:"consortium"`
	// Exchanges are the rotation exchanges inside it the reader may see.
	Exchanges  []*Exchange   `json:"exchanges"`
	Activities []*Activity   `json:"activities"`
	Pairs      []*Pair       `json:"pairs"`
	CanManage  bool          `json:"can_manage"`
	Others     []*Consortium `json:"-"`
}

// readsConsortium reports whether a reads k: over its county, or as one
// of its member schools.
func readsConsortium(a *app.Actor, k *Consortium, members []*org.School) bool {
	if auth.Decide(a, auth.OrgRead, k.Place(), "") == nil {
		return true
	}
	return slices.ContainsFunc(members, func(sc *org.School) bool { return auth.Decide(a, auth.OrgRead, sc.Place(), "") == nil })
}

// Consortia lists the consortia the actor reads.
func (s *Service) Consortia(ctx context.Context, countyID int64) ([]*Consortium, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.OrgRead); err != nil {
		return nil, err
	}
	var ids []int64
	if countyID != 0 {
		ids = []int64{countyID}
	}
	list, err := s.store.FindConsortiumList(ctx, ids, countyID == 0)
	if err != nil {
		return nil, err
	}
	var out []*Consortium
	for _, k := range list {
		if auth.Decide(a, auth.OrgRead, k.Place(), "") == nil || s.memberOf(ctx, a, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// memberOf reports whether one of a's school grants is a member of k.
func (s *Service) memberOf(ctx context.Context, a *app.Actor, k *Consortium) bool {
	for _, g := range a.Grants {
		if g.ScopeKind != auth.ScopeSchool || !auth.RolePermits(g.Role, auth.OrgRead) {
			continue
		}
		if sc, err := s.store.FindSchoolByID(ctx, g.ScopeID); err == nil && sc.ConsortiumID == k.ID {
			return true
		}
	}
	return false
}

// Consortium returns a consortium the actor reads, with its members.
func (s *Service) Consortium(ctx context.Context, id int64) (*Consortium, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, errUnauthenticated
	}
	k, err := s.store.FindConsortiumByID(ctx, id)
	if err != nil {
		return nil, err
	}
	all, _, err := s.store.FindSchools(ctx, org.SchoolFilter{CountyID: k.CountyID, Within: app.Scope{All: true}})
	if err != nil {
		return nil, err
	}
	for _, sc := range all {
		if sc.ConsortiumID == k.ID {
			k.Schools = append(k.Schools, sc)
		}
	}
	if !readsConsortium(a, k, k.Schools) {
		return nil, app.ErrNotFound("办学联合体")
	}
	return k, nil
}

// ConsortiumPage returns a consortium's page: its members, the pairs among
// its schools and their activities, latest first.
func (s *Service) ConsortiumPage(ctx context.Context, id int64) (*ConsortiumView, error) {
	k, err := s.Consortium(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &ConsortiumView{Consortium: k, CanManage: s.CanManageConsortia(ctx, k.Place())}
	seen := map[int64]bool{}
	var ids []int64
	for _, sc := range k.Schools {
		pairs, err := s.store.FindPairs(ctx, PairFilter{SchoolID: sc.ID})
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			if !seen[p.ID] {
				seen[p.ID] = true
				v.Pairs = append(v.Pairs, p)
				ids = append(ids, p.ID)
			}
		}
	}
	if v.Activities, err = s.store.FindActivities(ctx, ids); err != nil {
		return nil, err
	}
	all, err := s.store.FindConsortiumExchanges(ctx, k.ID)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	v.Exchanges = []*Exchange{}
	for _, x := range all {
		for _, sc := range []int64{x.OriginID, x.HostID} {
			if auth.Decide(a, auth.RotationRead, app.Place{CityID: k.CityID, CountyID: k.CountyID, SchoolID: sc}, "") == nil {
				v.Exchanges = append(v.Exchanges, x)
				break
			}
		}
	}
	if v.CanManage {
		if v.Others, err = s.store.FindConsortiumList(ctx, []int64{k.CountyID}, false); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// CanManageConsortia reports whether the actor defines the consortia at place.
func (s *Service) CanManageConsortia(ctx context.Context, place app.Place) bool {
	return auth.Decide(app.ActorOf(ctx), auth.OrgWrite, place, "") == nil
}

// ConsortiumInput defines a consortium.
type ConsortiumInput struct {
	CountyID     int64  `json:"county_id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	Area         string `json:"area"`
	Description  string `json:"description"`
	LeadSchoolID int64  `json:"lead_school_id"`
}

func (in *ConsortiumInput) validate() error {
	in.Name, in.Area, in.Description = strings.TrimSpace(in.Name), strings.TrimSpace(in.Area), strings.TrimSpace(in.Description)
	switch {
	case in.Name == "" || len([]rune(in.Name)) > 100:
		return &app.Error{Code: app.Invalid, Message: "请填写联合体名称（不超过100字）", English: "Enter the consortium's name (at most 100 characters)", Fields: map[string]string{"name": "invalid"}}
	case !ConsortiumKinds.Has(in.Kind):
		return &app.Error{Code: app.Invalid, Message: "请选择联合体类别", English: "Choose the consortium's kind", Fields: map[string]string{"kind": "invalid"}}
	case len([]rune(in.Area)) > 100 || len([]rune(in.Description)) > 2000:
		return &app.Error{Code: app.Invalid, Message: "学区（片区）或说明过长", English: "The district or description is too long", Fields: map[string]string{"area": "invalid"}}
	}
	return nil
}

// CreateConsortium defines a consortium in a county; its lead school, an
// urban school of the county, joins it.
func (s *Service) CreateConsortium(ctx context.Context, in ConsortiumInput) (*Consortium, error) {
	if err := auth.Can(app.ActorOf(ctx), auth.OrgWrite); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Consortium
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		place := s.countyPlace(ctx, in.CountyID)
		if in.CountyID == 0 || !s.CanManageConsortia(ctx, place) {
			return &app.Error{Code: app.Invalid, Message: "所选区县不存在或不在您的权限范围内", English: "The county does not exist or is outside your scope",
				Fields: map[string]string{"county_id": "invalid"}}
		}
		lead, err := s.leadSchool(ctx, in.CountyID, in.LeadSchoolID)
		if err != nil {
			return err
		}
		existing, err := s.store.FindConsortiumList(ctx, []int64{in.CountyID}, false)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(existing, func(k *Consortium) bool { return k.Name == in.Name }) {
			return app.Errorf(app.Conflict, "本区县已有同名办学联合体", "The county already has a consortium of that name")
		}
		base := &org.Consortium{CountyID: in.CountyID, Name: in.Name, LeadSchoolID: lead.ID}
		if err := s.store.CreateConsortium(ctx, base); err != nil {
			return err
		}
		k := &Consortium{ID: base.ID, CityID: place.CityID, CountyID: in.CountyID, Name: in.Name, Kind: in.Kind, Area: in.Area,
			Description: in.Description, LeadSchoolID: lead.ID, LeadName: lead.Name}
		if err := s.store.UpdateConsortium(ctx, k); err != nil {
			return err
		}
		if err := s.move(ctx, lead, k); err != nil {
			return err
		}
		out = k
		return s.audit.Record(ctx, audit.Change{Action: "consortium.create", Entity: "consortium", EntityID: k.ID,
			Summary: fmt.Sprintf("新建办学联合体“%s”（%s，牵头学校%s）", k.Name, ConsortiumKinds.Label(k.Kind, "zh"), lead.Name), After: k})
	})
	return out, err
}

// UpdateConsortium changes a consortium's name, kind, area, description
// and lead school.
func (s *Service) UpdateConsortium(ctx context.Context, id int64, in ConsortiumInput) (*Consortium, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Consortium
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		k, err := s.Consortium(ctx, id)
		if err != nil {
			return err
		}
		if !s.CanManageConsortia(ctx, k.Place()) {
			return app.Errorf(app.Forbidden, "您没有管理办学联合体的权限", "You may not manage consortia")
		}
		lead, err := s.leadSchool(ctx, k.CountyID, in.LeadSchoolID)
		if err != nil {
			return err
		}
		before := *k
		before.Schools = nil
		k.Name, k.Kind, k.Area, k.Description, k.LeadSchoolID, k.LeadName = in.Name, in.Kind, in.Area, in.Description, lead.ID, lead.Name
		if err := s.store.UpdateConsortium(ctx, k); err != nil {
			return err
		}
		if lead.ConsortiumID != k.ID {
			if err := s.move(ctx, lead, k); err != nil {
				return err
			}
		}
		out = k
		return s.audit.Record(ctx, audit.Change{Action: "consortium.update", Entity: "consortium", EntityID: k.ID,
			Summary: fmt.Sprintf("修改办学联合体“%s”", k.Name), Before: before, After: k})
	})
	return out, err
}

func (s *Service) leadSchool(ctx context.Context, countyID, id int64) (*org.School, error) {
	sc, err := s.store.FindSchoolByID(ctx, id)
	if app.ErrorCode(err) == app.NotFound || err == nil && (sc.CountyID != countyID || sc.Location != "urban") {
		return nil, &app.Error{Code: app.Invalid, Message: "牵头学校须是本区县的城区学校", English: "The lead school must be an urban school of the county",
			Fields: map[string]string{"lead_school_id": "invalid"}}
	}
	return sc, err
}

// move puts a school into consortium k (nil: into none), audited.
func (s *Service) move(ctx context.Context, sc *org.School, k *Consortium) error {
	var to int64
	name := "（无）"
	if k != nil {
		to, name = k.ID, k.Name
	}
	from := sc.Consortium
	if from == "" {
		from = "（无）"
	}
	if err := s.store.SetSchoolConsortium(ctx, sc.ID, to); err != nil {
		return err
	}
	return s.audit.Record(ctx, audit.Change{Action: "consortium.move", Entity: "school", EntityID: sc.ID,
		Summary: fmt.Sprintf("学校%s从办学联合体%s调整到%s", sc.Name, from, name),
		Before:  map[string]any{"consortium_id": sc.ConsortiumID}, After: map[string]any{"consortium_id": to}})
}

// MoveSchool moves a school of the county into consortium to (0: out of
// every consortium). The lead school of a consortium stays in it.
func (s *Service) MoveSchool(ctx context.Context, schoolID, to int64) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		sc, err := s.store.FindSchoolByID(ctx, schoolID)
		if err != nil {
			return err
		}
		if auth.Decide(app.ActorOf(ctx), auth.OrgRead, sc.Place(), "学校") != nil {
			return app.ErrNotFound("学校")
		}
		if !s.CanManageConsortia(ctx, app.Place{CityID: sc.CityID, CountyID: sc.CountyID}) {
			return app.Errorf(app.Forbidden, "您没有管理办学联合体的权限", "You may not manage consortia")
		}
		if sc.ConsortiumID == to {
			return nil
		}
		if sc.ConsortiumID != 0 {
			from, err := s.store.FindConsortiumByID(ctx, sc.ConsortiumID)
			if err != nil {
				return err
			}
			if from.LeadSchoolID == sc.ID {
				return app.Errorf(app.Conflict, fmt.Sprintf("%s是“%s”的牵头学校，请先更换牵头学校", sc.Name, from.Name),
					fmt.Sprintf("%s leads %q; choose another lead first", sc.Name, from.Name))
			}
		}
		var k *Consortium
		if to != 0 {
			if k, err = s.store.FindConsortiumByID(ctx, to); err != nil || k.CountyID != sc.CountyID {
				return &app.Error{Code: app.Invalid, Message: "所选办学联合体不存在或不在该校所在区县", English: "The consortium does not exist or is in another county",
					Fields: map[string]string{"consortium_id": "invalid"}}
			}
		}
		return s.move(ctx, sc, k)
	})
}
