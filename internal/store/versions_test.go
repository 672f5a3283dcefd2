package store_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// A read's counters of changes (app.Versions) are read together at its
// first asking; each counter's first asking is answered from that
// reading, every later one afresh, so that a kept figure's check after
// computing still sees a change committed meanwhile.
func TestVersionsReadOnce(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		bg := context.Background()
		version := func(ctx context.Context, name string) int64 {
			t.Helper()
			v, ok, err := db.DataVersion(ctx, name)
			if err != nil || !ok {
				t.Fatalf("DataVersion %s: %v %v", name, ok, err)
			}
			return v
		}
		inbox, rotation := version(bg, "inbox"), version(bg, "rotation")
		ctx := app.WithVersions(bg)
		if got := version(ctx, "inbox"); got != inbox {
			t.Fatalf("inbox %d, want %d", got, inbox)
		}
		if _, err := db.SQL().ExecContext(bg, `UPDATE data_versions SET n = n + 1 WHERE name IN ('inbox', 'rotation')`); err != nil {
			t.Fatal(err)
		}
		if got := version(ctx, "rotation"); got != rotation {
			t.Errorf("rotation first asked after a change: %d, want %d as read with the others", got, rotation)
		}
		if got := version(ctx, "inbox"); got != inbox+1 {
			t.Errorf("inbox asked again: %d, want %d afresh", got, inbox+1)
		}
		if got := version(ctx, "rotation"); got != rotation+1 {
			t.Errorf("rotation asked again: %d, want %d afresh", got, rotation+1)
		}
		if got := version(app.WithVersions(bg), "rotation"); got != rotation+1 {
			t.Errorf("a new read's rotation: %d, want %d", got, rotation+1)
		}
		if _, _, err := db.DataVersion(ctx, "no such counter"); err == nil {
			t.Error("an unknown counter read without error")
		}
	})
}
