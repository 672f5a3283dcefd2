package pairing

import (
	"context"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/training"
)

// CycleFilter selects cycles; zero fields do not filter.
type CycleFilter struct {
	CountyID int64
	// CityIDs limit the cycles to these cities unless All.
	CityIDs []int64
	All     bool
}

// PairFilter selects pairs; zero fields do not filter.
type PairFilter struct {
	ID       int64
	CycleID  int64
	SchoolID int64 // as helper or helped
	CityIDs  []int64
	All      bool
}

// CycleStore is what cycles and pairs need from the database.
type CycleStore interface {
	audit.Store
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	LockProgramme(ctx context.Context, id int64) error
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)

	FindPairingCycles(ctx context.Context, f CycleFilter) ([]*Cycle, error)
	FindPairingCycleByID(ctx context.Context, id int64) (*Cycle, error)
	CreatePairingCycle(ctx context.Context, c *Cycle) error
	UpdatePairingCycle(ctx context.Context, c *Cycle) error
	FindPairs(ctx context.Context, f PairFilter) ([]*Pair, error)
	CreatePair(ctx context.Context, p *Pair) error
	DeletePair(ctx context.Context, id int64) error
	FindPartners(ctx context.Context, countyID int64) ([]*Partner, error)
	CreatePartner(ctx context.Context, p *Partner) error
	CreatePairingCommendation(ctx context.Context, c *Commendation) error
	FindPairingCommendations(ctx context.Context, cycleID int64) ([]*Commendation, error)
}

// LedgerStore is what goals, the ledger and self-reviews need.
type LedgerStore interface {
	FindEducatorSchools(ctx context.Context, ids []int64) (map[int64]int64, error)
	FindSchoolStaff(ctx context.Context, schoolIDs []int64) ([]Person, error)
	FindPairGoals(ctx context.Context, pairID int64) ([]Goal, error)
	SetPairGoal(ctx context.Context, g Goal) error
	FindActivities(ctx context.Context, pairIDs []int64) ([]*Activity, error)
	FindActivityByID(ctx context.Context, id int64) (*Activity, error)
	CreateActivity(ctx context.Context, a *Activity) error
	SetActivityCredit(ctx context.Context, activityID, educatorID, creditID int64) error
	CreateCredit(ctx context.Context, c *training.Credit) error
	FindPairReviews(ctx context.Context, pairID int64) ([]*Review, error)
	CreatePairReview(ctx context.Context, r *Review) error
}

// InspectionStore is what the city's inspections need.
type InspectionStore interface {
	CreateInspection(ctx context.Context, in *Inspection) error
	FindInspections(ctx context.Context, f PairFilter) ([]*Inspection, error)
}

// ConsortiumStore is what managing consortia needs.
type ConsortiumStore interface {
	FindConsortiumList(ctx context.Context, countyIDs []int64, all bool) ([]*Consortium, error)
	FindConsortiumByID(ctx context.Context, id int64) (*Consortium, error)
	CreateConsortium(ctx context.Context, c *org.Consortium) error
	UpdateConsortium(ctx context.Context, c *Consortium) error
	SetSchoolConsortium(ctx context.Context, schoolID, consortiumID int64) error
	FindConsortiumExchanges(ctx context.Context, consortiumID int64) ([]*Exchange, error)
}

// Store is everything package pairing needs from the database.
type Store interface {
	CycleStore
	LedgerStore
	InspectionStore
	ConsortiumStore
}

// Service is pairing assistance and consortia.
type Service struct {
	store      Store
	programmes *programme.Service
	audit      *audit.Log
	clock      app.Clock
}

// NewService returns the pairing service; cycles are programmes of the
// programme service.
func NewService(store Store, programmes *programme.Service, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, programmes: programmes, audit: log, clock: clock}
}

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

var errUnauthenticated = app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")

// schoolPlace is a school of a pair's county.
func schoolPlace(p *Pair, school int64) app.Place {
	return app.Place{CityID: p.CityID, CountyID: p.CountyID, SchoolID: school}
}

// canPair reports whether a may do perm on pair p: over the county (or
// city), or over one of its schools.
func canPair(a *app.Actor, perm auth.Permission, p *Pair) bool {
	for _, sc := range p.Schools() {
		if auth.Decide(a, perm, schoolPlace(p, sc), "") == nil {
			return true
		}
	}
	return false
}

// readsWhole reports whether a reads every pair of cycle c.
func readsWhole(a *app.Actor, c *Cycle) bool {
	return auth.Decide(a, auth.PairingRead, c.Place(), "") == nil
}

// manages reports whether a runs cycle c: proposes, edits, publishes, reviews.
func manages(a *app.Actor, c *Cycle) bool {
	return auth.Decide(a, auth.PairingManage, c.Place(), "") == nil
}

// citiesOf are the cities where a reads published inspections: every city
// one of its pairing grants lies in (published to all counties).
func citiesOf(a *app.Actor) ([]int64, bool) {
	if a.System {
		return nil, true
	}
	var out []int64
	for _, g := range a.Grants {
		if !auth.RolePermits(g.Role, auth.PairingRead) {
			continue
		}
		if g.ScopeKind == auth.ScopeGlobal {
			return nil, true
		}
		if g.Place.CityID != 0 && !slices.Contains(out, g.Place.CityID) {
			out = append(out, g.Place.CityID)
		}
		if g.ScopeKind == auth.ScopeCity && !slices.Contains(out, g.ScopeID) {
			out = append(out, g.ScopeID)
		}
	}
	return out, false
}

// CanManage reports whether the actor runs cycle c.
func (s *Service) CanManage(ctx context.Context, c *Cycle) bool { return manages(app.ActorOf(ctx), c) }

// CanRecord reports whether the actor writes pair p's ledger.
func (s *Service) CanRecord(ctx context.Context, p *Pair) bool {
	return canPair(app.ActorOf(ctx), auth.PairingRecord, p)
}

// CanInspect reports whether the actor inspects pair p.
func (s *Service) CanInspect(ctx context.Context, p *Pair) bool {
	return auth.Decide(app.ActorOf(ctx), auth.PairingInspect, p.Place(), "") == nil
}

// CanOpen reports whether the actor may open cycles anywhere.
func (s *Service) CanOpen(ctx context.Context) bool {
	return auth.Can(app.ActorOf(ctx), auth.PairingManage) == nil
}
