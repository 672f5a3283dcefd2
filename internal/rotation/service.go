package rotation

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Store is what package rotation needs from the database: the stores
// below, one for each part of the service, composed, so that the service
// is wired with one value.
type Store interface {
	audit.Store
	RegistryStore
	PolicyStore
	RuleStore
	ExemptionStore
	ExchangeStore
	AssessmentStore
	RoundStore
	ReturnStore
	// WaitStore keeps the inbox's items the procedures open and clear (notify.go).
	notify.WaitStore
	notice.Store
}

// RegistryStore reads the registry of counties, schools and educators:
// the access checks (service.go), exchanges, exemptions, rounds and the
// personal file (file.go).
type RegistryStore interface {
	FindCountyByID(ctx context.Context, id int64) (*org.County, error)
	FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	FindSchoolByID(ctx context.Context, id int64) (*org.School, error)
	FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error)
	FindEducatorByID(ctx context.Context, id int64) (*people.Educator, error)
	// LockEducator holds an educator's row until the transaction ends, so
	// that checks spanning several rows of theirs are not raced.
	LockEducator(ctx context.Context, id int64) error
	FindCareer(ctx context.Context, educatorID int64) ([]*people.CareerEntry, error)
}

// PolicyStore keeps the counties' rotation policies (policy.go).
type PolicyStore interface {
	FindPolicies(ctx context.Context, countyIDs []int64) ([]*Policy, error)
	CreatePolicy(ctx context.Context, p *Policy) error
}

// RuleStore is what the rules read, in bulk: one query each (evaluate.go;
// principals, reports, exchanges and the personal file read some directly).
type RuleStore interface {
	FindRotationPeople(ctx context.Context, f PeopleFilter) ([]*Person, error)
	FindRotationCareers(ctx context.Context, f PeopleFilter) (map[int64][]CareerRow, error)
	// Concurrently runs reads side by side on separate connections, or one
	// after another inside a transaction.
	Concurrently(ctx context.Context, fns ...func(ctx context.Context) error) error
	FindRotationSchools(ctx context.Context, countyIDs []int64) ([]*org.School, error)
	FindRotationCounties(ctx context.Context, within app.Scope) ([]*org.County, error)
	CountStaff(ctx context.Context, countyIDs []int64) ([]StaffCount, error)
	// The counter of the data the rules read (cache.go).
	app.VersionReader
}

// ExemptionStore keeps exemptions and their decisions (exemption.go); the
// rules and the personal file read them.
type ExemptionStore interface {
	FindExemptions(ctx context.Context, f ExemptionFilter) ([]*Exemption, int, error)
	FindExemptionByID(ctx context.Context, id int64) (*Exemption, error)
	CreateExemption(ctx context.Context, e *Exemption) error
	DecideExemption(ctx context.Context, e *Exemption, from ExemptionStatus) (bool, error)
}

// ExchangeStore keeps exchanges and what they change: events, career
// entries, the educator's school (exchange.go); the rules, candidates,
// principals, assessments, reports and the personal file read them.
type ExchangeStore interface {
	FindExchanges(ctx context.Context, f ExchangeFilter) ([]*Exchange, int, error)
	FindExchangeByID(ctx context.Context, id int64) (*Exchange, error)
	CreateExchange(ctx context.Context, x *Exchange) error
	// Defer runs a check at the end of the transaction, on everything it
	// wrote (a plan's exchanges are checked as a set).
	Defer(ctx context.Context, check func(ctx context.Context) error) error
	SetExchangeStatus(ctx context.Context, x *Exchange, from ExchangeStatus) (bool, error)
	SetExchangeTransfer(ctx context.Context, x *Exchange, field string) (bool, error)
	CreateExchangeEvent(ctx context.Context, e *Event) error
	FindExchangeEvents(ctx context.Context, exchangeIDs []int64) ([]*Event, error)
	CreateRotationCareerEntry(ctx context.Context, k *people.CareerEntry, exchangeID int64) error
	EndCareerEntry(ctx context.Context, id int64, end app.Date) error
	MoveEducator(ctx context.Context, educatorID, schoolID int64, post string, joined, postSince app.Date) error
}

// AssessmentStore keeps the annual assessments of exchanges
// (assessment.go); exchanges and the personal file read them.
type AssessmentStore interface {
	FindAssessments(ctx context.Context, f AssessmentFilter) ([]*Assessment, error)
	FindAssessmentByID(ctx context.Context, id int64) (*Assessment, error)
	SaveAssessment(ctx context.Context, a *Assessment) (bool, error)
	ConfirmAssessment(ctx context.Context, a *Assessment) (bool, error)
}

// RoundStore keeps 乡镇内支教 rounds and their applications (round.go,
// round_application.go); their notices and objections are package
// notice's (round_notice.go).
type RoundStore interface {
	FindRounds(ctx context.Context, f RoundFilter) ([]*Round, int, error)
	FindRoundByID(ctx context.Context, id int64) (*Round, error)
	CreateRound(ctx context.Context, r *Round) error
	SetRoundStatus(ctx context.Context, r *Round, from RoundStatus) (bool, error)
	CreateApplication(ctx context.Context, a *Application) error
	SetApplicationScore(ctx context.Context, a *Application) error
	SelectApplication(ctx context.Context, applicationID, exchangeID int64) error
}

// ReturnStore keeps the annual returns (submission.go); quotas and
// policies read the submitted ones.
type ReturnStore interface {
	FindReturnSubmissions(ctx context.Context, countyIDs []int64, year int) ([]*Submission, error)
	FindReturnVersions(ctx context.Context, countyIDs []int64, year int) ([]*Submission, error)
	FindReturnSnapshot(ctx context.Context, countyID int64, year, version int, annexes bool) (*Submission, error)
	CreateReturnSubmission(ctx context.Context, s *Submission) error
}

// Service is rotation: every method decides access through package auth,
// validates, and writes with its audit row in one transaction.
type Service struct {
	store   Store
	audit   *audit.Log
	clock   app.Clock
	notices *notice.Service
	// evals keeps the evaluations of whole scopes (cache.go).
	evals *app.Kept[*evaluation]
}

// NewService returns the rotation service. Its rounds publish through a
// notice service of their own until UseNotices hands them the product's.
func NewService(store Store, log *audit.Log, clock app.Clock) *Service {
	s := &Service{store: store, audit: log, clock: clock, evals: &app.Kept[*evaluation]{Name: dataVersion, Max: maxCachedEvaluations}}
	s.UseNotices(notice.NewService(store, log, clock))
	return s
}

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

// errNoRight answers a change the actor may see but not make.
var errNoRight = app.Errorf(app.Forbidden, "您没有执行此操作的权限", "You are not allowed to do this")

// ReadCounty returns a county the actor may read rotation figures of as a
// whole (planning reads its counties through it too).
func (s *Service) ReadCounty(ctx context.Context, id int64) (*org.County, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	c, err := s.store.FindCountyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.RotationRead, app.Place{CityID: c.CityID, CountyID: c.ID}, "区县"); err != nil {
		return nil, err
	}
	return c, nil
}

// readSchool returns a school the actor may read rotation figures of.
func (s *Service) readSchool(ctx context.Context, id int64) (*org.School, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	sc, err := s.store.FindSchoolByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.RotationRead, sc.Place(), "学校"); err != nil {
		return nil, err
	}
	return sc, nil
}

// may reports whether the actor may do perm at place, for showing actions.
func may(ctx context.Context, perm auth.Permission, p app.Place) bool {
	return auth.Decide(app.ActorOf(ctx), perm, p, "") == nil
}

// decideChange is the access decision for a change at place p by an actor
// who can already see the thing: NotFound becomes Forbidden, since hiding
// what the actor sees would only confuse.
func decideChange(ctx context.Context, perm auth.Permission, p app.Place) error {
	err := auth.Decide(app.ActorOf(ctx), perm, p, "")
	if app.ErrorCode(err) == app.NotFound {
		return errNoRight
	}
	return err
}
