// Package placement is the placement day by day (SPEC §4.4–4.5): the
// participant's personal plan, daily logs, lesson observations and
// deliverables, their daily sign-in, the programme's requirements and the
// progress computed from the records, for the participant, the mentor, the
// group leader and the coordinator.
//
// A placement is secondment's (programme, participant) row with an id of its
// own; secondment decides who sees it, this package adds the group leader.
package placement

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// Placement is a participant's placement as the day-by-day work sees it.
type Placement struct {
	ID int64 `json:"id"`
	secondment.Placement
}

// Access is what the actor may do with one placement. Someone who may do
// nothing gets NotFound instead of an Access.
type Access struct {
	// Own: the participant themself; writes the records and signs in.
	Own bool `json:"own"`
	// Mentor: the placement's mentor; reads, comments, signs in for the host.
	Mentor bool `json:"mentor"`
	// Manage: the programme's coordinators; everything but writing the
	// participant's own records.
	Manage bool `json:"manage"`
	// HomeSchool: an admin of the participant's own school; reads.
	HomeSchool bool `json:"home_school"`
	// GroupLeader: the leader of the participant's training group; reads
	// the progress only.
	GroupLeader bool `json:"group_leader"`
}

// ReadRecords reports whether the holder reads the records themselves.
func (a Access) ReadRecords() bool { return a.Own || a.Mentor || a.Manage || a.HomeSchool }

// Comment reports whether the holder may comment on the records.
func (a Access) Comment() bool { return a.Mentor || a.Manage }

// SignForHost reports whether the holder signs the participant in for the host.
func (a Access) SignForHost() bool { return a.Mentor || a.Manage }

// Key is a placement's id with the programme and participant it stands for.
type Key struct {
	ID          int64
	ProgrammeID int64
	EducatorID  int64
}

// Store is what the placement needs from the database.
type Store interface {
	audit.Store
	RecordStore
	ProgressStore
	RequirementStore
	AttendanceStore
	RequirementEditStore
	// FindPlacementKey returns the programme and participant of a placement id.
	FindPlacementKey(ctx context.Context, id int64) (Key, error)
	// FindPlacementKeys lists the placement ids of a programme or, with
	// programmeID zero, of one educator (educatorID).
	FindPlacementKeys(ctx context.Context, programmeID, educatorID int64) ([]Key, error)
	// FindPlacements and FindGroups are secondment's, read without an access decision.
	FindPlacements(ctx context.Context, programmeID int64) ([]*secondment.Placement, error)
	FindGroups(ctx context.Context, programmeID int64) ([]*secondment.Group, error)
	FindHostByID(ctx context.Context, id int64) (*secondment.Host, error)
}

// Service runs the placement day by day.
type Service struct {
	store      Store
	secondment *secondment.Service
	programmes *programme.Service
	audit      *audit.Log
	clock      app.Clock
	leave      LeaveDays
}

// New returns the placement service.
func New(store Store, sec *secondment.Service, programmes *programme.Service, log *audit.Log, clock app.Clock) *Service {
	return &Service{store: store, secondment: sec, programmes: programmes, audit: log, clock: clock}
}

// Today is the current date in Asia/Shanghai.
func (s *Service) Today() app.Date { return app.DateOf(s.clock.Now()) }

var errNoPlacement = app.ErrNotFound("挂职安排")

// Find returns the placement with its programme and the actor's access;
// NotFound for anyone who may not see it.
func (s *Service) Find(ctx context.Context, id int64) (*Placement, *programme.Programme, Access, error) {
	if m, ok := ctx.Value(findMemoKey{}).(*findMemo); ok {
		if k, ok := m.key(id); ok {
			return s.find(ctx, k)
		}
	}
	k, err := s.store.FindPlacementKey(ctx, id)
	if err != nil {
		return nil, nil, Access{}, errNoPlacement
	}
	return s.find(ctx, k)
}

// placementIDs are the ids of a programme's placements by participant.
func (s *Service) placementIDs(ctx context.Context, programmeID int64) (map[int64]int64, error) {
	keys, err := s.store.FindPlacementKeys(ctx, programmeID, 0)
	if err != nil {
		return nil, err
	}
	ids := make(map[int64]int64, len(keys))
	for _, k := range keys {
		ids[k.EducatorID] = k.ID
	}
	return ids, nil
}

// FindByKey is Find from the programme and the participant.
func (s *Service) FindByKey(ctx context.Context, programmeID, educatorID int64) (*Placement, *programme.Programme, Access, error) {
	ks, err := s.store.FindPlacementKeys(ctx, programmeID, 0)
	if err != nil {
		return nil, nil, Access{}, err
	}
	for _, k := range ks {
		if k.EducatorID == educatorID {
			return s.find(ctx, k)
		}
	}
	return nil, nil, Access{}, errNoPlacement
}

func (s *Service) find(ctx context.Context, k Key) (*Placement, *programme.Programme, Access, error) {
	if m, ok := ctx.Value(findMemoKey{}).(*findMemo); ok {
		return m.find(ctx, k, s.findAfresh)
	}
	return s.findAfresh(ctx, k)
}

func (s *Service) findAfresh(ctx context.Context, k Key) (*Placement, *programme.Programme, Access, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, nil, Access{}, app.Errorf(app.Unauthenticated, "请先登录", "Please sign in")
	}
	p, list, sacc, err := s.secondment.Placements(ctx, k.ProgrammeID)
	if err != nil && app.ErrorCode(err) != app.NotFound {
		return nil, nil, Access{}, err
	}
	for _, pl := range list {
		if pl.EducatorID == k.EducatorID {
			acc := Access{Own: a.EducatorID != 0 && pl.EducatorID == a.EducatorID, Mentor: sacc.MentorID != 0 && pl.MentorID == sacc.MentorID,
				Manage: sacc.Manage}
			for _, id := range sacc.StaffOf {
				acc.HomeSchool = acc.HomeSchool || id == pl.SchoolID
			}
			return &Placement{ID: k.ID, Placement: *pl}, p, acc, nil
		}
	}
	return s.findAsLeader(ctx, k)
}

// findAsLeader lets the leader of a training group, a participant too,
// see the progress of the group's members.
func (s *Service) findAsLeader(ctx context.Context, k Key) (*Placement, *programme.Programme, Access, error) {
	a := app.ActorOf(ctx)
	if a.EducatorID == 0 {
		return nil, nil, Access{}, errNoPlacement
	}
	groups, err := s.store.FindGroups(ctx, k.ProgrammeID)
	if err != nil {
		return nil, nil, Access{}, err
	}
	led := map[int64]bool{}
	for _, g := range groups {
		led[g.ID] = g.LeaderID == a.EducatorID
	}
	all, err := s.store.FindPlacements(ctx, k.ProgrammeID)
	if err != nil {
		return nil, nil, Access{}, err
	}
	for _, pl := range all {
		if pl.EducatorID == k.EducatorID && pl.GroupID != 0 && led[pl.GroupID] {
			p, _, _, err := s.secondment.Placements(ctx, k.ProgrammeID)
			if err != nil {
				return nil, nil, Access{}, errNoPlacement
			}
			return &Placement{ID: k.ID, Placement: *pl}, p, Access{GroupLeader: true}, nil
		}
	}
	return nil, nil, Access{}, errNoPlacement
}

// Current returns the actor's own placement: the one whose batch runs
// today, else the one that starts next, else the latest; NotFound when the
// actor has none.
func (s *Service) Current(ctx context.Context) (*Placement, error) {
	a := app.ActorOf(ctx)
	if a == nil || a.EducatorID == 0 {
		return nil, errNoPlacement
	}
	ks, err := s.store.FindPlacementKeys(ctx, 0, a.EducatorID)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	var best *Placement
	rank := func(pl *Placement) int {
		switch {
		case !today.Before(pl.BatchStart) && !today.After(pl.BatchEnd):
			return 3
		case today.Before(pl.BatchStart):
			return 2
		}
		return 1
	}
	for _, k := range ks {
		pl, _, acc, err := s.find(ctx, k)
		if err != nil {
			if app.ErrorCode(err) == app.NotFound {
				continue
			}
			return nil, err
		}
		if !acc.Own || pl.BatchID == 0 {
			continue
		}
		if best == nil || rank(pl) > rank(best) || rank(pl) == rank(best) && pl.BatchStart.After(best.BatchStart) {
			best = pl
		}
	}
	if best == nil {
		return nil, errNoPlacement
	}
	return best, nil
}
