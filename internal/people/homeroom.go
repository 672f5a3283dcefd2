package people

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
)

// HomeroomText is how a page or a roster writes whether one is a homeroom
// teacher (班主任).
func HomeroomText(homeroom bool) string {
	if homeroom {
		return "是"
	}
	return "否"
}

// CanEdit reports whether the actor may edit e's registry fields.
func CanEdit(ctx context.Context, e *Educator) bool {
	return auth.Decide(app.ActorOf(ctx), auth.EducatorWrite, e.Place(), "") == nil
}

// SetHomeroom records whether an educator is a homeroom teacher (班主任),
// for those who edit the educator's records; the change is audited. It
// returns the educator as now read, with the homeroom certificate's flag
// worked out afresh.
func (s *Service) SetHomeroom(ctx context.Context, id int64, homeroom bool) (*Educator, error) {
	e, err := s.FindEducatorByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(app.ActorOf(ctx), auth.EducatorWrite, e.Place(), "教职工"); err != nil {
		return nil, err
	}
	if e.Homeroom == homeroom {
		return e, nil
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.UpdateHomeroom(ctx, id, homeroom); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "educator.homeroom", Entity: "educator", EntityID: id,
			Summary: e.Name + " 班主任：" + HomeroomText(e.Homeroom) + " → " + HomeroomText(homeroom),
			Before:  map[string]bool{"homeroom": e.Homeroom}, After: map[string]bool{"homeroom": homeroom}})
	})
	if err != nil {
		return nil, err
	}
	return s.FindEducatorByID(ctx, id)
}
