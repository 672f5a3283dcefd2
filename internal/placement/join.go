package placement

import (
	"context"

	"jiaoliu/internal/app"
)

// How the two halves of the placement meet: the attendance sheet and the
// progress read the leave requests' days, and the organiser's assessment
// of the tasks is the progress on the programme's requirements.

// ProgrammeLeave gives the leave requests' days to the attendance sheet and
// the progress (Service.SetLeaveDays): per participant of a programme, the
// days of approved or closed leave with the kind's short label.
type ProgrammeLeave struct{ Leave *LeaveService }

// LeaveDays implements LeaveDays.
func (p ProgrammeLeave) LeaveDays(ctx context.Context, programmeID int64) (map[int64]map[app.Date]string, error) {
	list, err := p.Leave.store.FindLeaves(ctx, LeaveFilter{ProgrammeID: programmeID})
	if err != nil {
		return nil, err
	}
	out := map[int64]map[app.Date]string{}
	for _, l := range list {
		if out[l.EducatorID] == nil {
			out[l.EducatorID] = map[app.Date]string{}
		}
		l.markTaken(out[l.EducatorID], app.Date{}, app.Date{})
	}
	return out, nil
}

// TaskScore implements TaskScorer: the mean, over the programme's
// requirements, of what the records have done of each target (at most all
// of it), as a percentage; a programme without requirements scores 0, as
// nothing was asked that could be shown done.
func (s *Service) TaskScore(ctx context.Context, placementID int64) (int, error) {
	p, err := s.PlacementProgress(ctx, placementID)
	if err != nil {
		return 0, err
	}
	if len(p.Items) == 0 {
		return 0, nil
	}
	var sum float64
	for _, it := range p.Items {
		if it.Target <= 0 {
			sum++
			continue
		}
		sum += min(1, float64(it.Done)/float64(it.Target))
	}
	return int(sum/float64(len(p.Items))*100 + 0.5), nil
}
