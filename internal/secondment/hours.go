package secondment

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/training"
)

// MaxHours is the most hours a secondment may credit to a participant.
const MaxHours = 500

// HoursStore is what crediting a secondment's hours needs from the
// database: the setting, and the training record's credits, written the
// way a completed training class writes them.
type HoursStore interface {
	FindSecondmentHours(ctx context.Context, programmeID int64) (int, error)
	SetSecondmentHours(ctx context.Context, programmeID int64, hours int) error
	FindSecondmentCredited(ctx context.Context, programmeID int64) (map[int64]bool, error)
	CreateSecondmentCredit(ctx context.Context, programmeID, educatorID, creditID int64) error
	CreateCredit(ctx context.Context, c *training.Credit) error
}

// Hours is what a secondment credits to its participants' training
// records (学时): the hours each, and how many of its members have them.
type Hours struct {
	Hours    int `json:"hours"`
	Members  int `json:"members"`
	Credited int `json:"credited"`
	// CanCredit is true once the programme has ended, for those who manage it.
	CanCredit bool `json:"can_credit"`
}

// Hours returns a programme's hours setting and how many have them.
func (s *Service) Hours(ctx context.Context, p *programme.Programme) (*Hours, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.ProgrammeRead, p.Place(), "项目"); err != nil {
		return nil, err
	}
	h := &Hours{}
	var err error
	if h.Hours, err = s.store.FindSecondmentHours(ctx, p.ID); err != nil {
		return nil, err
	}
	members, err := s.programmes.Members(ctx, p)
	if err != nil {
		return nil, err
	}
	done, err := s.store.FindSecondmentCredited(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	h.Members = len(members)
	for _, m := range members {
		if done[m.EducatorID] {
			h.Credited++
		}
	}
	h.CanCredit = s.programmes.CanManage(ctx, p) && p.End.Before(s.Today())
	return h, nil
}

// SetHours sets the hours the programme credits to each participant; zero
// credits none.
func (s *Service) SetHours(ctx context.Context, programmeID int64, hours int) error {
	if hours < 0 || hours > MaxHours {
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("学时应在0至%d之间", MaxHours),
			English: fmt.Sprintf("The hours must be between 0 and %d", MaxHours), Fields: map[string]string{"hours": "invalid"}}
	}
	return s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		before, err := s.store.FindSecondmentHours(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := s.store.SetSecondmentHours(ctx, p.ID, hours); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.hours", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”每人登记学时：%d", p.Name, hours), Before: before, After: hours})
	})
}

// CreditHours writes the programme's hours to the training record of every
// member who does not have them yet, once the programme has ended, all or
// none; it returns how many it credited. Running it again credits only
// those added since.
func (s *Service) CreditHours(ctx context.Context, programmeID int64) (int, error) {
	n := 0
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		if !p.End.Before(s.Today()) {
			return app.Errorf(app.Conflict, fmt.Sprintf("项目“%s”于%s结束，结束后方可登记学时", p.Name, p.End.Chinese()),
				fmt.Sprintf("Programme %q ends on %s; its hours are credited after that", p.Name, p.End))
		}
		hours, err := s.store.FindSecondmentHours(ctx, p.ID)
		if err != nil {
			return err
		}
		if hours == 0 {
			return app.Errorf(app.Conflict, fmt.Sprintf("项目“%s”未设置学时，无可登记", p.Name),
				fmt.Sprintf("Programme %q credits no hours", p.Name))
		}
		members, err := s.programmes.Members(ctx, p)
		if err != nil {
			return err
		}
		done, err := s.store.FindSecondmentCredited(ctx, p.ID)
		if err != nil {
			return err
		}
		by, now := app.ActorOf(ctx).Label(), s.clock.Now()
		for _, m := range members {
			if done[m.EducatorID] {
				continue
			}
			c := &training.Credit{EducatorID: m.EducatorID, Title: p.Name, Hours: hours, CreditedOn: p.End, Year: p.End.Year,
				CreatedBy: by, CreatedAt: now}
			if err := s.store.CreateCredit(ctx, c); err != nil {
				return err
			}
			if err := s.store.CreateSecondmentCredit(ctx, p.ID, m.EducatorID, c.ID); err != nil {
				return err
			}
			done[m.EducatorID] = true
			n++
		}
		if n == 0 {
			return nil
		}
		return s.audit.Record(ctx, audit.Change{Action: "secondment.hours_credit", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("项目“%s”登记学时：%d人，每人%d学时", p.Name, n, hours)})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
