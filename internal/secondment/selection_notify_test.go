package secondment_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// unread counts the items of ctx's inbox whose title starts with prefix.
func unread(t *testing.T, n *notify.Service, ctx context.Context, prefix string) int {
	t.Helper()
	items := must(n.Inbox(ctx))
	c := 0
	for _, it := range items {
		if len(it.Title) >= len(prefix) && it.Title[:len(prefix)] == prefix {
			c++
		}
	}
	return c
}

// TestScoringWaitsOnReviewers: when the scoring opens, every reviewer
// with candidates has one item; it clears once they have scored all of
// them, not before, and the organiser has none. Computing the results
// clears what is left.
func TestScoringWaitsOnReviewers(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newSelFixture(t, db, clock)
		n := notify.NewService(db, audit.NewLog(db, clock), clock, notify.Config{}, nil)
		p := f.programme("评分待办项目", 2)
		cs := f.round(p, 2, secondment.SelectionInput{Criteria: criteria})
		const title = "挂职选派待评分："
		for i, ctx := range f.reviewers {
			if got := unread(t, n, ctx, title+p.Name); got != 1 {
				t.Fatalf("reviewer %d has %d scoring items, want 1", i, got)
			}
		}
		if got := unread(t, n, f.coord, title); got != 0 {
			t.Fatalf("the organiser is asked to score: %d items", got)
		}
		f.marks(0, cs[0], 80, 40)
		if got := unread(t, n, f.reviewers[0], title); got != 1 {
			t.Fatalf("one of two candidates scored: %d items, want 1", got)
		}
		f.marks(0, cs[1], 70, 30)
		if got := unread(t, n, f.reviewers[0], title); got != 0 {
			t.Fatalf("all scored, still waiting: %d items", got)
		}
		if got := unread(t, n, f.reviewers[1], title); got != 1 {
			t.Fatalf("another reviewer's item cleared too: %d items", got)
		}
		for i := 1; i < 3; i++ {
			f.marks(i, cs[0], 60, 30)
			f.marks(i, cs[1], 60, 30)
		}
		ok(t, f.sel.ComputeResults(f.coord, p.ID))
		for i, ctx := range f.reviewers {
			if got := unread(t, n, ctx, title); got != 0 {
				t.Fatalf("after the results reviewer %d has %d items", i, got)
			}
		}
	})
}
