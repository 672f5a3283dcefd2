package planning

import (
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// Store is what planning needs from the database: the stores below, one
// for each part of the service, composed, so that the service is wired
// with one value.
type Store interface {
	audit.Store
	RegistryStore
	RuleStore
	RunStore
	InputStore
	PlanStore
	ApprovalStore
	// WaitStore keeps the inbox's item of a draft to approve (notify.go).
	notify.WaitStore
}

// RegistryStore reads the registry: counties for access (service.go,
// solve.go), schools and educators for the inputs (input.go), the
// instance (solve.go) and approval (approve.go).
type RegistryStore interface {
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	FindCountyByName(ctx context.Context, name string) (*org.County, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindRotationSchools(ctx context.Context, countyIDs []int64) ([]*org.School, error)
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
}

// RuleStore is what building an instance reads of the rotation rules, in
// bulk (solve.go).
type RuleStore interface {
	FindRotationPeople(ctx context.Context, f rotation.PeopleFilter) ([]*rotation.Person, error)
	FindRotationCareers(ctx context.Context, f rotation.PeopleFilter) (map[int64][]rotation.CareerRow, error)
	FindExchanges(ctx context.Context, f rotation.ExchangeFilter) ([]*rotation.Exchange, int, error)
	FindFiledEstablishment(ctx context.Context, countyID int64) (map[int64]int, error)
	Concurrently(ctx context.Context, fns ...func(ctx context.Context) error) error
}

// RunStore reads the background runs that build and solve plans (solve.go,
// view.go, approve.go).
type RunStore interface {
	FindRunByID(ctx context.Context, id int64) (*jobs.Run, error)
}

// InputStore keeps the planning inputs and staffing bounds (input.go);
// building an instance reads them (solve.go).
type InputStore interface {
	FindPlanningInputs(ctx context.Context, year int, educatorIDs []int64, countyID int64) (map[int64]*Input, error)
	SavePlanningInput(ctx context.Context, in *Input) error
	FindStaffingRows(ctx context.Context, countyID int64, year int, mode Mode) ([]*StaffingRow, error)
	SaveStaffingRow(ctx context.Context, r *StaffingRow) error
	DeleteStaffingRow(ctx context.Context, r *StaffingRow) (bool, error)
}

// PlanStore keeps plans, their files and their edits (service.go,
// solve.go, edit.go, view.go).
type PlanStore interface {
	CreatePlan(ctx context.Context, p *Plan) error
	FindPlans(ctx context.Context, f PlanFilter) ([]*Plan, int, error)
	FindPlanByID(ctx context.Context, id int64) (*Plan, error)
	// UpdatePlan writes what may change of a plan (all but its files) if
	// its version is still from, and then counts it on.
	UpdatePlan(ctx context.Context, p *Plan, from int) (bool, error)
	// SetPlanFiles writes the instance and its facts, once built.
	SetPlanFiles(ctx context.Context, id int64, instance, facts []byte) error
	// SetPlanSolved writes the solver's plan file.
	SetPlanSolved(ctx context.Context, id int64, solved []byte) error
	CreatePlanEdit(ctx context.Context, e *Edit) error
	FindPlanEdits(ctx context.Context, planID int64) ([]*Edit, error)
}

// ApprovalStore keeps what approval makes of a plan: its exchanges
// (approve.go; view.go shows them). Its public notice and the objections
// are package notice's (notice.go).
type ApprovalStore interface {
	CreatePlanExchange(ctx context.Context, x *PlanExchange) error
	FindPlanExchanges(ctx context.Context, planID int64) ([]*PlanExchange, error)
}

// Runner starts background runs (package jobs).
type Runner interface {
	Start(ctx context.Context, kind, title string, input any, files ...jobs.Upload) (*jobs.Run, error)
}

// Service is planning in the application: it builds a county's instance
// from the registry and the policy, solves it in a background run, keeps
// the edits, and turns an approved plan into exchanges through package
// rotation. Every method decides access through package auth and writes
// with its audit row in one transaction.
type Service struct {
	store    Store
	rotation *rotation.Service
	runs     Runner
	audit    *audit.Log
	clock    app.Clock
	notices  *notice.Service
	// qualifier, when set, answers who has the training a principal's
	// post requires.
	qualifier Qualifier
}

// Qualifier answers whether an educator has completed the training a post
// requires (training.Service.Qualified); planning asks it of the moves
// into a principal's post, and of every move which of the people are
// homeroom teachers without the homeroom certificate
// (training.Service.HomeroomUncertified).
type Qualifier interface {
	Qualified(ctx context.Context, educatorID int64, requirement string) (bool, error)
	HomeroomUncertified(ctx context.Context, educatorIDs []int64) (map[int64]bool, error)
}

// SetQualifier sets who answers the training requirements of posts.
func (s *Service) SetQualifier(q Qualifier) { s.qualifier = q }

// NewService returns the planning service. runs may be set later (SetRunner)
// when the run service needs this one first. Plans publish their notices
// through the rotation service's notice service (rotation.UseNotices), so
// hand that one the product's first.
func NewService(store Store, rs *rotation.Service, runs Runner, log *audit.Log, clock app.Clock) *Service {
	s := &Service{store: store, rotation: rs, runs: runs, audit: log, clock: clock, notices: rs.Notices()}
	s.notices.Register(notice.KindRotationPlan, planPolicy{s})
	return s
}

// SetRunner sets the run service.
func (s *Service) SetRunner(r Runner) { s.runs = r }

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

// NextYear is the school year plans are usually made for: the next one.
func (s *Service) NextYear() int { return rotation.SchoolYearOf(s.Today()) + 1 }

var errNoRight = app.Errorf(app.Forbidden, "您没有执行此操作的权限", "You are not allowed to do this")

// may reports whether the actor may do perm at place p.
func may(ctx context.Context, perm auth.Permission, p app.Place) bool {
	return auth.Decide(app.ActorOf(ctx), perm, p, "") == nil
}

// countyFor returns a county the actor may read rotation figures of as a
// whole; with manage, one they run.
func (s *Service) countyFor(ctx context.Context, id int64, manage bool) (*org.County, error) {
	c, err := s.rotation.ReadCounty(ctx, id)
	if err != nil {
		return nil, err
	}
	if manage && !may(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID}) {
		return nil, errNoRight
	}
	return c, nil
}

// CanManage reports whether the actor runs the plans of a county.
func CanManage(ctx context.Context, p *Plan) bool { return may(ctx, auth.RotationManage, p.Place()) }

// CanReadWhole reports whether the actor sees a plan whole (its county's
// rotation), not only as a public notice.
func CanReadWhole(ctx context.Context, p *Plan) bool { return may(ctx, auth.RotationRead, p.Place()) }

// readPlan returns a plan the actor may see: whole, as a reader of its
// county, or, once approved, as a public notice (rotation.CanReadNotice).
func (s *Service) readPlan(ctx context.Context, id int64) (*Plan, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	p, err := s.store.FindPlanByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.canRead(ctx, p)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, app.ErrNotFound("交流轮岗方案")
	}
	return p, nil
}

// canRead reports whether the actor may see a plan: whole, or its notice.
func (s *Service) canRead(ctx context.Context, p *Plan) (bool, error) {
	if CanReadWhole(ctx, p) {
		return true, nil
	}
	if p.Status == StatusNoticed || p.Status == StatusAnnounced {
		n, err := s.audience(ctx, p)
		if err != nil {
			return false, err
		}
		return rotation.CanReadNotice(ctx, n), nil
	}
	return false, nil
}

// audience is who an approved plan's notice concerns: the schools its
// exchanges leave and go to, and the people they move.
func (s *Service) audience(ctx context.Context, p *Plan) (rotation.Audience, error) {
	n := rotation.Audience{County: p.Place()}
	xs, err := s.store.FindPlanExchanges(ctx, p.ID)
	if err != nil {
		return n, err
	}
	for _, x := range xs {
		n.People = append(n.People, x.EducatorID)
		for _, sc := range []int64{x.OriginID, x.HostID} {
			n.Schools = append(n.Schools, app.Place{CityID: p.CityID, CountyID: p.CountyID, SchoolID: sc})
		}
	}
	return n, nil
}

// managePlan returns a plan of a county the actor runs; an actor who sees
// the plan but may not change it is refused, one who does not see it is
// answered as if it did not exist.
func (s *Service) managePlan(ctx context.Context, id int64) (*Plan, error) {
	p, err := s.readPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanManage(ctx, p) {
		return nil, errNoRight
	}
	return p, nil
}

// FindPlans lists the plans the actor may see, newest first: those of the
// counties they read whole, and the approved ones whose notice they may
// read.
func (s *Service) FindPlans(ctx context.Context, f PlanFilter) ([]*Plan, int, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, 0, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	if f.Mode != "" && !Modes.Has(string(f.Mode)) {
		return nil, 0, app.InvalidValue("mode", string(f.Mode))
	}
	if f.Status != "" && !Statuses.Has(string(f.Status)) {
		return nil, 0, app.InvalidValue("status", string(f.Status))
	}
	// The same rule as readPlan: the whole plans of the counties read
	// whole, and the notices of the schools the actor sees.
	scope, sees := auth.ScopeOf(a, auth.RotationRead), auth.ScopeOf(a, auth.OrgRead)
	f.Within = app.Scope{All: scope.All, CityIDs: scope.CityIDs, CountyIDs: scope.CountyIDs}
	f.NoticeWithin = app.Scope{All: sees.All, CityIDs: sees.CityIDs, CountyIDs: sees.CountyIDs}
	f.SchoolIDs, f.EducatorID = append(slices.Clone(scope.SchoolIDs), sees.SchoolIDs...), a.EducatorID
	return s.store.FindPlans(ctx, f)
}

// FindPlan returns a plan the actor may see, with its files.
func (s *Service) FindPlan(ctx context.Context, id int64) (*Plan, error) { return s.readPlan(ctx, id) }

// ManagedCounties lists the counties whose plans the actor makes.
func (s *Service) ManagedCounties(ctx context.Context) ([]*org.County, error) {
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.RotationManage) != nil {
		return []*org.County{}, nil
	}
	all, err := s.store.FindCounties(ctx, auth.ScopeOf(a, auth.RotationRead))
	if err != nil {
		return nil, err
	}
	out := []*org.County{}
	for _, c := range all {
		if may(ctx, auth.RotationManage, app.Place{CityID: c.CityID, CountyID: c.ID}) {
			out = append(out, c)
		}
	}
	return out, nil
}

func checkYear(year int) error {
	if year < 2000 || year > 2100 {
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("学年 %d 无效，应为2000至2100之间的年份", year),
			English: fmt.Sprintf("Invalid school year %d", year), Fields: map[string]string{"year": "invalid"}}
	}
	return nil
}

func stale() error {
	return app.Errorf(app.Conflict, "方案刚被他人修改，请刷新后重试", "The plan changed meanwhile; reload and try again")
}

// update writes p over the version it was read at, with an audit row, in
// the caller's transaction.
func (s *Service) update(ctx context.Context, p *Plan, change audit.Change) error {
	from := p.Version
	p.UpdatedAt = s.clock.Now()
	ok, err := s.store.UpdatePlan(ctx, p, from)
	if err != nil {
		return err
	}
	if !ok {
		return stale()
	}
	p.Version = from + 1
	change.Entity, change.EntityID = "rotation_plan", p.ID
	return s.audit.Record(ctx, change)
}

// label names a plan in audit summaries: 澜城区2027—2028学年教师交流方案#3.
func (p *Plan) label() string {
	return fmt.Sprintf("%s%s%s#%d", p.CountyName, rotation.YearLabel(p.SchoolYear), Modes.Label(string(p.Mode), "zh"), p.ID)
}

func cloneMoves[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return slices.Clone(xs)
}
