package demo

import (
	"context"
	"errors"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// demoHomeroomTeachers is how many of school1's teachers are homeroom
// teachers (班主任).
const demoHomeroomTeachers = 4

// loadDemoHomeroom makes homeroom teachers (班主任) of a few of school1's
// teachers and of participant1 (who finished the homeroom course, so holds
// the certificate), so that the homeroom certificate's flag (seed [003]:
// 班主任持证上岗) shows on school1's staff list, their pages and the
// training report, and in the rows of any rotation plan that moves them.
// It runs after the training year, whose homeroom course certifies some.
func loadDemoHomeroom(ctx context.Context, s *Services, ids *demoIDs) error {
	teachers, _, err := s.DB.FindEducators(ctx, people.EducatorFilter{SchoolID: ids.school1, Post: people.PostTeacher, Sort: "name",
		Limit: demoHomeroomTeachers, Within: app.Scope{All: true}})
	if err != nil {
		return err
	}
	homeroom := []int64{ids.participant}
	for _, e := range teachers {
		homeroom = append(homeroom, e.ID)
	}
	for _, id := range homeroom {
		if err := s.DB.UpdateHomeroom(ctx, id, true); err != nil {
			return err
		}
	}
	uncertified, err := s.DB.FindHomeroomUncertified(ctx, homeroom[1:])
	if err != nil {
		return err
	}
	if len(uncertified) == 0 {
		return errors.New("demo: every homeroom teacher of school1 holds the certificate; the flag would show nowhere")
	}
	return nil
}
