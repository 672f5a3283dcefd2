package notify

import (
	"context"
	"net/http"
	"sync"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
)

// Store is what package notify needs from the database.
type Store interface {
	audit.Store
	WaitStore
	// FindOpenItems lists the open items addressed to f.UserID or lying in
	// f.Within, oldest first, each marked read for f.ReaderID.
	FindOpenItems(ctx context.Context, f ItemFilter) ([]*Item, error)
	FindItemByID(ctx context.Context, id int64, readerID int64) (*Item, error)
	MarkItemRead(ctx context.Context, itemID, userID int64, at time.Time) error
	// FindOpenItemKeys lists the keys of the open items whose key begins with prefix.
	FindOpenItemKeys(ctx context.Context, prefix string) ([]string, error)
	PrefsStore
	DeliveryStore
	// The counters of changes the kept figures are kept under (cache.go).
	app.VersionReader
}

// PrefsStore keeps users' and units' choices of delivery.
type PrefsStore interface {
	// FindPrefs returns a user's preferences, the defaults when none are saved.
	FindPrefs(ctx context.Context, userID int64) (*Prefs, error)
	SavePrefs(ctx context.Context, p *Prefs) error
	// FindMailPrefs lists the preferences of enabled accounts that chose e-mail.
	FindMailPrefs(ctx context.Context) ([]*Prefs, error)
	// FindUnit returns a unit's robots, empty when none are saved.
	FindUnit(ctx context.Context, kind string, id int64) (*Unit, error)
	SaveUnit(ctx context.Context, u *Unit) error
	// FindRobotUnits lists the units with a robot.
	FindRobotUnits(ctx context.Context) ([]*Unit, error)
}

// DeliveryStore keeps the messages made and sent.
type DeliveryStore interface {
	// FindUndispatched lists open items not yet delivered in their generation.
	FindUndispatched(ctx context.Context, limit int) ([]*Item, error)
	MarkDispatched(ctx context.Context, itemID int64, generation int) error
	// CreateDelivery records d unless its key exists; it reports whether it did.
	CreateDelivery(ctx context.Context, d *Delivery) (bool, error)
	// ClaimDelivery takes a pending delivery until the time given, and
	// returns it; ok is false when it is sent or another worker holds it.
	ClaimDelivery(ctx context.Context, id int64, now, until time.Time) (d *Delivery, ok bool, err error)
	FinishDelivery(ctx context.Context, id int64, at time.Time) error
	// FailDelivery releases a claimed delivery with the error; final marks
	// it failed for good.
	FailDelivery(ctx context.Context, id int64, msg string, final bool) error
}

// Queue hands a delivery to a worker, in the caller's transaction.
type Queue interface {
	EnqueueDelivery(ctx context.Context, deliveryID int64) error
}

// ItemFilter selects open items.
type ItemFilter struct {
	Within   app.Scope
	UserID   int64
	ReaderID int64
}

// Config is the deployment's delivery settings.
type Config struct {
	// BaseURL is the product's address as users reach it, for links in
	// messages ("https://jiaoliu.example.cn").
	BaseURL string
	// SMTP is the mail server, nil when e-mail is not configured.
	SMTP *SMTPConfig
	// HTTP posts to the robots; nil means a client with a 10 s timeout.
	HTTP *http.Client
}

// Service is the inbox, the calendar and the delivery.
type Service struct {
	store   Store
	audit   *audit.Log
	clock   app.Clock
	cfg     Config
	actorOf func(ctx context.Context, userID int64) (*app.Actor, error)
	queue   Queue

	mu      sync.RWMutex
	sources []*source

	// keptUnread keeps the unread count by actor (cache.go).
	keptUnread app.Kept[int]
}

// source is a registered source of deadlines, with what it returned for
// each range and day when it is kept.
type source struct {
	fn   Source
	kept *app.Kept[[]Deadline]
}

// NewService returns the notify service. actorOf rebuilds an account's
// actor, so that deliveries go to whom the inbox shows the item.
func NewService(store Store, log *audit.Log, clock app.Clock, cfg Config, actorOf func(ctx context.Context, userID int64) (*app.Actor, error)) *Service {
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	return &Service{store: store, audit: log, clock: clock, cfg: cfg, actorOf: actorOf, keptUnread: app.Kept[int]{Name: inboxVersion, Max: maxKeptCounts}}
}

// SetQueue sets the queue that sends; the queue needs the service to send,
// so the two are wired in two steps.
func (s *Service) SetQueue(q Queue) { s.queue = q }

// AddSource registers a source of deadlines, asked afresh every time.
func (s *Service) AddSource(src Source) { s.add(&source{fn: src}) }

// AddKeptSource registers a source of deadlines whose answers are kept
// (cache.go) under the store's counter of changes named version
// (store.DataVersion): its triggers must cover every table the source
// reads ("rotation_deadlines", "deadlines": migration 00039).
func (s *Service) AddKeptSource(version string, src Source) {
	s.add(&source{fn: src, kept: &app.Kept[[]Deadline]{Name: version, Max: maxKeptDeadlines}})
}

func (s *Service) add(src *source) {
	s.mu.Lock()
	s.sources = append(s.sources, src)
	s.mu.Unlock()
}

// Today is the service's current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

// reach is the part of the tree any grant of a covers, for the first cut
// of the inbox; Decide then keeps what waits on a.
func reach(a *app.Actor) app.Scope {
	var sc app.Scope
	for _, g := range a.Grants {
		switch g.ScopeKind {
		case auth.ScopeGlobal:
			return app.Scope{All: true}
		case auth.ScopeCity:
			sc.CityIDs = append(sc.CityIDs, g.ScopeID)
		case auth.ScopeCounty:
			sc.CountyIDs = append(sc.CountyIDs, g.ScopeID)
		case auth.ScopeSchool:
			sc.SchoolIDs = append(sc.SchoolIDs, g.ScopeID)
		case auth.ScopeProgramme:
			sc.ProgrammeIDs = append(sc.ProgrammeIDs, g.ScopeID)
		}
	}
	return sc
}

// Inbox lists the open items waiting on the actor: unread first, then
// oldest first.
func (s *Service) Inbox(ctx context.Context) ([]*Item, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	all, err := s.store.FindOpenItems(ctx, ItemFilter{Within: reach(a), UserID: a.UserID, ReaderID: a.UserID})
	if err != nil {
		return nil, err
	}
	var unread, read []*Item
	for _, it := range all {
		switch {
		case !it.waitsOn(a):
		case it.Read:
			read = append(read, it)
		default:
			unread = append(unread, it)
		}
	}
	return append(unread, read...), nil
}

// Unread counts the actor's unread items, for the bell on every page: kept
// per actor while the items and read marks are unchanged.
func (s *Service) Unread(ctx context.Context) (int, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return 0, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	return s.keptUnread.Get(ctx, s.store, actorKey(a), func() (int, error) {
		items, err := s.Inbox(ctx)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, it := range items {
			if !it.Read {
				n++
			}
		}
		return n, nil
	})
}

// MarkRead marks an item of the actor's inbox read for them. An item that
// does not wait on them is not found.
func (s *Service) MarkRead(ctx context.Context, id int64) (*Item, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	it, err := s.store.FindItemByID(ctx, id, a.UserID)
	if err != nil {
		return nil, err
	}
	if !it.DoneAt.IsZero() || !it.waitsOn(a) {
		return nil, app.ErrNotFound("待办事项")
	}
	if it.Read {
		return it, nil
	}
	if err := s.store.MarkItemRead(ctx, it.ID, a.UserID, s.clock.Now()); err != nil {
		return nil, err
	}
	it.Read = true
	return it, nil
}

// MarkAllRead marks every item of the actor's inbox read.
func (s *Service) MarkAllRead(ctx context.Context) (int, error) {
	items, err := s.Inbox(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	now := s.clock.Now()
	for _, it := range items {
		if it.Read {
			continue
		}
		if err := s.store.MarkItemRead(ctx, it.ID, app.ActorOf(ctx).UserID, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
