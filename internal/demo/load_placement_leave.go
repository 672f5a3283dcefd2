package demo

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// loadDemoPlacementLeave gives participant1's running placement (the
// principals in Pudong, 2 November to 31 December 2026) a leave closed
// after the return and one waiting for the home school (county1 decides
// over participant1's school), so that the participant, county1 and
// mentor1 each see one at once. Each step is taken by the account whose
// step it is.
func loadDemoPlacementLeave(ctx context.Context, s *Services, ids *demoIDs) error {
	leave := placement.NewLeaveService(s.DB, s.Programmes, s.Audit, s.Clock)
	as := func(username string) (context.Context, error) {
		u, err := s.DB.FindUserByUsername(ctx, username)
		if err != nil {
			return nil, fmt.Errorf("demo leave: %s: %w", username, err)
		}
		return app.WithActor(ctx, &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants,
			EducatorID: u.EducatorID, CountyID: u.CountyID, SchoolID: u.SchoolID}), nil
	}
	part, err := as("participant1")
	if err != nil {
		return err
	}
	county, err := as("county1")
	if err != nil {
		return err
	}
	mentor, err := as("mentor1")
	if err != nil {
		return err
	}
	principals, err := demoProgrammeByName(ctx, s, demoProgrammes[1].in.Name)
	if err != nil {
		return err
	}
	id, err := s.DB.PlacementID(ctx, principals.ID, ids.participant)
	if err != nil {
		return err
	}
	closed, err := leave.Ask(part, placement.LeaveInput{PlacementID: id, Kind: placement.LeavePersonal, Start: app.NewDate(2026, 11, 19),
		End: app.NewDate(2026, 11, 20), Reason: "回原校参加期中教学质量分析会"})
	if err != nil {
		return err
	}
	if _, err := leave.Approve(county, closed.ID, placement.LeaveDecision{Note: "同意，请提前告知导师"}); err != nil {
		return err
	}
	if _, err := leave.Acknowledge(mentor, closed.ID, struct{}{}); err != nil {
		return err
	}
	if _, err := leave.Close(part, closed.ID, placement.LeaveReturn{ActualStart: app.NewDate(2026, 11, 19), ActualEnd: app.NewDate(2026, 11, 19)}); err != nil {
		return err
	}
	_, err = leave.Ask(part, placement.LeaveInput{PlacementID: id, Kind: placement.LeaveSick, Start: app.NewDate(2026, 12, 21),
		End: app.NewDate(2026, 12, 22), Reason: "术后复查，需回原籍医院"})
	return err
}
