package placement

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
)

// Workspace is the participant's home during the placement, on a phone
// first: what is due today, what is behind, progress on every requirement,
// and whom to call.
type Workspace struct {
	Placement *Placement           `json:"placement"`
	Programme *programme.Programme `json:"-"`
	Access    Access               `json:"access"`
	Today     app.Date             `json:"today"`
	Running   bool                 `json:"running"`
	Progress  *Progress            `json:"progress"`
	// Due are today's per-day requirements not yet met today.
	Due []*Item `json:"due"`
	// Late are the requirements behind or overdue.
	Late []*Item `json:"late"`
	// HostContact and HostPhone are the host's contact person.
	HostContact string `json:"host_contact"`
	HostPhone   string `json:"host_phone"`
	HostPlace   string `json:"host_place"`
	// Recent are the latest records.
	Recent []*Record `json:"recent"`
}

// recentRecords is how many records the workspace lists.
const recentRecords = 5

// Workspace gathers the workspace of a placement for those who read its records.
// It finds the placement once (see findMemo).
func (s *Service) Workspace(ctx context.Context, placementID int64) (*Workspace, error) {
	return s.workspace(WithFindMemo(ctx), placementID)
}

func (s *Service) workspace(ctx context.Context, placementID int64) (*Workspace, error) {
	pl, p, acc, err := s.Find(ctx, placementID)
	if err != nil {
		return nil, err
	}
	if !acc.ReadRecords() {
		return nil, errNoPlacement
	}
	w := &Workspace{Placement: pl, Programme: p, Access: acc, Today: s.Today(), Due: []*Item{}, Late: []*Item{}}
	w.Running = !w.Today.Before(pl.BatchStart) && !w.Today.After(pl.BatchEnd)
	if w.Progress, err = s.PlacementProgress(ctx, placementID); err != nil {
		return nil, err
	}
	for _, it := range w.Progress.Items {
		if w.Running && it.TodayTarget > 0 && it.Today < it.TodayTarget && workday(w.Today) {
			w.Due = append(w.Due, it)
		}
		if it.Behind() {
			w.Late = append(w.Late, it)
		}
	}
	if pl.HostID != 0 {
		h, err := s.store.FindHostByID(ctx, pl.HostID)
		if err != nil {
			return nil, err
		}
		w.HostContact, w.HostPhone, w.HostPlace = h.ContactName, h.ContactPhone, h.Place
	}
	rs, err := s.Records(ctx, placementID, "")
	if err != nil {
		return nil, err
	}
	w.Recent = rs[:min(len(rs), recentRecords)]
	return w, nil
}
