package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func record(t *testing.T, log *audit.Log, n int) {
	t.Helper()
	ctx := app.WithActor(context.Background(), &app.Actor{UserID: 7, Username: "tester", ClientAddr: "192.0.2.9"})
	for i := 0; i < n; i++ {
		err := log.Record(ctx, audit.Change{Action: "test.change", Entity: "thing", EntityID: i, Summary: fmt.Sprintf("第%d次修改", i),
			Before: map[string]int{"v": i}, After: map[string]int{"v": i + 1}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditChain(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := audit.NewLog(db, app.SystemClock{})
		record(t, log, 10)
		r, err := log.Verify(ctx)
		if err != nil || r.Break != nil || r.Rows != 10 || r.HeadSeq != 10 {
			t.Fatalf("intact chain: %+v %v", r, err)
		}

		t.Run("edited row", func(t *testing.T) {
			if _, err := db.SQL().ExecContext(ctx, `UPDATE audit_log SET summary = '改过的' WHERE seq = 4`); err != nil {
				t.Fatal(err)
			}
			r, err := log.Verify(ctx)
			if err != nil || r.Break == nil || r.Break.Seq != 4 || !strings.Contains(r.Break.Reason, "已被修改") {
				t.Fatalf("edited row 4: %+v %v", r.Break, err)
			}
		})
		t.Run("edited hash", func(t *testing.T) {
			// Recomputing row 4's hash to hide the edit breaks row 5's link.
			var e audit.Entry
			db.ScanAudit(ctx, func(x *audit.Entry) error {
				if x.Seq == 4 {
					e = *x
				}
				return nil
			})
			if _, err := db.SQL().ExecContext(ctx, `UPDATE audit_log SET hash = $1 WHERE seq = 4`, e.ComputeHash()); err != nil {
				t.Fatal(err)
			}
			r, _ := log.Verify(ctx)
			if r.Break == nil || r.Break.Seq != 5 {
				t.Fatalf("rehashed row 4: want break at 5, got %+v", r.Break)
			}
		})
		t.Run("deleted row", func(t *testing.T) {
			if _, err := db.SQL().ExecContext(ctx, `DELETE FROM audit_log WHERE seq <= 5`); err != nil {
				t.Fatal(err)
			}
			r, _ := log.Verify(ctx)
			if r.Break == nil || r.Break.Seq != 6 || !strings.Contains(r.Break.Reason, "已被删除") {
				t.Fatalf("deleted rows 1–5: %+v", r.Break)
			}
		})
		t.Run("deleted middle row", func(t *testing.T) {
			if _, err := db.SQL().ExecContext(ctx, `DELETE FROM audit_log`); err != nil {
				t.Fatal(err)
			}
			record(t, log, 5)
			if _, err := db.SQL().ExecContext(ctx, `DELETE FROM audit_log WHERE seq = 3`); err != nil {
				t.Fatal(err)
			}
			r, _ := log.Verify(ctx)
			if r.Break == nil || r.Break.Seq != 4 {
				t.Fatalf("deleted row 3: %+v", r.Break)
			}
		})
	})
}

// TestAuditConcurrent appends from many goroutines at once: the chain stays
// whole and gapless.
func TestAuditConcurrent(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		log := audit.NewLog(db, app.SystemClock{})
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				record(t, log, 10)
			}()
		}
		wg.Wait()
		r, err := log.Verify(context.Background())
		if err != nil || r.Break != nil || r.Rows != 80 {
			t.Fatalf("after concurrent appends: %+v %+v %v", r, r.Break, err)
		}
	})
}

// TestAuditRollsBackWithChange: an entry recorded in a failed transaction
// leaves no trace and no gap.
func TestAuditRollsBackWithChange(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := audit.NewLog(db, app.SystemClock{})
		record(t, log, 2)
		err := db.InTx(ctx, func(ctx context.Context) error {
			if err := log.Record(ctx, audit.Change{Action: "doomed", Entity: "thing"}); err != nil {
				return err
			}
			return fmt.Errorf("the change failed")
		})
		if err == nil {
			t.Fatal("want the transaction's error")
		}
		record(t, log, 1)
		r, _ := log.Verify(ctx)
		if r.Break != nil || r.Rows != 3 {
			t.Fatalf("after a rolled-back entry: %+v %+v", r, r.Break)
		}
	})
}
