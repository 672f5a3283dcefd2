package store_test

import (
	"context"
	"errors"
	"testing"

	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// A transaction of bulk inserts holds the row triggers of the data
// versions that count educators and bumps each once itself (migrations
// 00038 and 00039): committed, every such counter has moved by exactly
// one, however many rows went in; rolled back, none has moved. Either way the hold ends with the transaction:
// the next plain write to the same tables is counted again.
func TestBulkInsertBumpsVersionOnce(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		names := []string{"rotation", "rotation_deadlines", "deadlines"}
		versions := func() []int64 {
			t.Helper()
			vs := make([]int64, len(names))
			for i, name := range names {
				v, ok, err := db.DataVersion(ctx, name)
				if err != nil || !ok {
					t.Fatalf("version %s: %v %v", name, ok, err)
				}
				vs[i] = v
			}
			return vs
		}
		version := func() int64 { return versions()[0] }
		moved := func(before []int64, want int64) {
			t.Helper()
			for i, v := range versions() {
				if v-before[i] != want {
					t.Fatalf("version %s moved by %d, want %d", names[i], v-before[i], want)
				}
			}
		}
		insert := func(ctx context.Context, from, n int) error {
			_, _, err := insertTeachers(ctx, t, db, w.A1.ID, from, n)
			return err
		}
		plainWrite := func() {
			t.Helper()
			before := version()
			if _, err := db.SQL().ExecContext(ctx, `UPDATE educators SET title = title WHERE id = $1`, w.EA1.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL().ExecContext(ctx, `UPDATE career_entries SET note = note WHERE educator_id = $1`, w.EA1.ID); err != nil {
				t.Fatal(err)
			}
			if after := version(); after == before {
				t.Fatalf("a plain write after a bulk insert left the version at %d: the hold outlived its transaction", after)
			}
		}
		held := func() int {
			t.Helper()
			if db.Dialect() == store.Postgres {
				var n int
				if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM (VALUES ('rotation'), ('rotation_deadlines'), ('deadlines')) AS v(name)
					WHERE current_setting('jiaoliu.hold_' || name, true) = 'on'`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			var n int
			if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM data_version_holds`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// Rolled back: no bump, no hold left.
		vs := versions()
		stop := errors.New("stop")
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := insert(ctx, 0, 60); err != nil {
				return err
			}
			return stop
		})
		if !errors.Is(err, stop) {
			t.Fatalf("rolled back: %v", err)
		}
		moved(vs, 0)
		if n := held(); n != 0 {
			t.Fatalf("holds after a rollback: %d", n)
		}
		plainWrite()

		// Committed: one bump for 120 rows in two tables, in two statements each.
		vs = versions()
		err = db.InTx(ctx, func(ctx context.Context) error {
			if err := insert(ctx, 100, 30); err != nil {
				return err
			}
			return insert(ctx, 200, 30)
		})
		if err != nil {
			t.Fatal(err)
		}
		moved(vs, 1)
		if n := held(); n != 0 {
			t.Fatalf("holds after a commit: %d", n)
		}
		plainWrite()

		// Outside a transaction a bulk insert is counted by the row triggers.
		v := version()
		if err := insert(ctx, 300, 3); err != nil {
			t.Fatal(err)
		}
		if got := version(); got == v {
			t.Fatal("a bulk insert outside a transaction left the version as it was")
		}
	})
}
