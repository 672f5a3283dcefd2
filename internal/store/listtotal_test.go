package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// A list's total is counted only when its rows do not tell (listTotal):
// whatever the page asked for, the total is that of the whole list, on
// both databases.
func TestListTotalOfEveryPage(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		w := storetest.NewWorld(t, db)
		for i := range 3 {
			storetest.MustCreateProgramme(t, db, w.City, nil, fmt.Sprintf("挂职项目%d", i), nil)
		}
		ctx := context.Background()
		all, n, err := db.FindProgrammes(ctx, programme.Filter{Within: app.Scope{All: true}})
		if err != nil || n != len(all) || n < 3 {
			t.Fatalf("the whole list: %d programmes, total %d, %v", len(all), n, err)
		}
		for _, page := range []struct{ limit, offset int }{
			{1, 0}, {2, 0}, {n - 1, 0}, {n, 0}, {n + 1, 0}, {1, 1}, {n, 1}, {0, 1}, {1, n - 1}, {1, n}, {2, n + 5},
		} {
			got, total, err := db.FindProgrammes(ctx, programme.Filter{Within: app.Scope{All: true}, Limit: page.limit, Offset: page.offset})
			if err != nil {
				t.Fatal(err)
			}
			want := max(0, n-page.offset)
			if page.limit > 0 {
				want = min(want, page.limit)
			}
			if total != n || len(got) != want {
				t.Errorf("limit %d offset %d: %d programmes, total %d; want %d, total %d", page.limit, page.offset, len(got), total, want, n)
			}
		}
	})
}
