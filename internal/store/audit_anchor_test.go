package store_test

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

var auditTestKey = []byte("0123456789abcdef0123456789abcdef")

// keyedChain empties the log, then writes n keyed entries anchored in a new
// file.
func keyedChain(t *testing.T, db *store.DB, n int) (*audit.Log, string) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "jiaoliu.audit-anchor")
	log := audit.NewKeyedLog(db, app.SystemClock{}, auditTestKey, path)
	if err := log.Anchor(ctx); err != nil {
		t.Fatal(err)
	}
	record(t, log, n)
	if err := log.Anchor(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := log.Verify(ctx)
	if err != nil || r.Break != nil || r.Rows != int64(n) || r.KeyedFrom != 1 || r.Anchored != int64(n) {
		t.Fatalf("intact keyed chain: %+v %+v %v", r, r.Break, err)
	}
	return log, path
}

func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.SQL().ExecContext(context.Background(), q, args...); err != nil {
		t.Fatal(err)
	}
}

func entries(t *testing.T, db *store.DB) []*audit.Entry {
	t.Helper()
	var out []*audit.Entry
	if err := db.ScanAudit(context.Background(), func(e *audit.Entry) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// wantBreak verifies and wants a break whose reason holds each of words.
func wantBreak(t *testing.T, log *audit.Log, words ...string) {
	t.Helper()
	r, err := log.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Break == nil {
		t.Fatalf("the attack went unnoticed: %+v", r)
	}
	for _, w := range words {
		if !strings.Contains(r.Break.Reason, w) {
			t.Fatalf("break %+v: want %q in the reason", r.Break, w)
		}
	}
}

// rechain rewrites every entry from seq on so that the chain links again,
// sealing each with seal: what one who can write the database does to hide
// an edit.
func rechain(t *testing.T, db *store.DB, from int64, seal func(*audit.Entry) string) {
	t.Helper()
	prev := ""
	for _, e := range entries(t, db) {
		if e.Seq >= from {
			e.PrevHash = prev
			e.Hash = seal(e)
			exec(t, db, `UPDATE audit_log SET summary = $1, prev_hash = $2, hash = $3 WHERE seq = $4`, e.Summary, e.PrevHash, e.Hash, e.Seq)
		}
		prev = e.Hash
	}
}

// TestAuditAttacks tries every way to cut or rewrite the chain that an
// unkeyed, unanchored chain missed; each must show in Verify.
func TestAuditAttacks(t *testing.T) {
	plain := func(e *audit.Entry) string { return e.ComputeHash() }
	guessed := func(e *audit.Entry) string { return e.ComputeMAC([]byte("not the key, guessed by a writer")) }
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t.Run("newest deleted", func(t *testing.T) {
			for _, n := range []int{1, 50} {
				log, _ := keyedChain(t, db, 60)
				exec(t, db, `DELETE FROM audit_log WHERE seq > $1`, 60-n)
				if err := log.Anchor(ctx); err == nil {
					t.Fatal("Anchor blessed a cut chain")
				}
				wantBreak(t, log, "最新的", "已被删除")
			}
		})
		t.Run("every row deleted", func(t *testing.T) {
			log, _ := keyedChain(t, db, 60)
			exec(t, db, `DELETE FROM audit_log`)
			wantBreak(t, log, "全部删除")
		})
		t.Run("forged row appended", func(t *testing.T) {
			for _, seal := range []func(*audit.Entry) string{plain, guessed} {
				log, _ := keyedChain(t, db, 60)
				es := entries(t, db)
				head := es[len(es)-1]
				f := *head
				f.Seq, f.PrevHash, f.Summary = head.Seq+1, head.Hash, "伪造的记录"
				f.Hash = seal(&f)
				if err := db.InsertAudit(ctx, &f); err != nil {
					t.Fatal(err)
				}
				// The server anchors the forged head: still a break.
				if err := log.Anchor(ctx); err != nil {
					t.Fatal(err)
				}
				wantBreak(t, log, "第61条", "密钥哈希不符")
			}
		})
		t.Run("edited and re-chained", func(t *testing.T) {
			for _, seal := range []func(*audit.Entry) string{plain, guessed} {
				log, _ := keyedChain(t, db, 60)
				exec(t, db, `UPDATE audit_log SET summary = '改过的' WHERE seq = 10`)
				rechain(t, db, 10, seal)
				wantBreak(t, log, "第10条")
			}
		})
		t.Run("anchor file deleted", func(t *testing.T) {
			log, path := keyedChain(t, db, 5)
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			wantBreak(t, log, "没有锚定文件")
			// Started again, the file says so.
			if err := log.Anchor(ctx); err != nil {
				t.Fatal(err)
			}
			wantBreak(t, log, "重新开始")
		})
		t.Run("anchor line forged", func(t *testing.T) {
			log, path := keyedChain(t, db, 60)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(b), "seq=60", "seq=59", 1)), 0o600); err != nil {
				t.Fatal(err)
			}
			wantBreak(t, log, "无效或被篡改")
		})
	})
}

// TestAuditKeyedUpgrade: a chain written before keying stays verifiable; it
// is keyed from the next entry on, its head at the upgrade is anchored, and
// re-chaining the old entries shows.
func TestAuditKeyedUpgrade(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		exec(t, db, `DELETE FROM audit_log`)
		record(t, audit.NewLog(db, app.SystemClock{}), 5)
		path := filepath.Join(t.TempDir(), "jiaoliu.audit-anchor")
		log := audit.NewKeyedLog(db, app.SystemClock{}, auditTestKey, path)
		if err := log.Anchor(ctx); err != nil {
			t.Fatal(err)
		}
		record(t, log, 3)
		if err := log.Anchor(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := log.Verify(ctx)
		if err != nil || r.Break != nil || r.KeyedFrom != 6 || r.Rows != 8 || r.Anchored != 8 {
			t.Fatalf("upgraded chain: %+v %+v %v", r, r.Break, err)
		}
		// An unkeyed entry after the keyed start is a forgery.
		record(t, audit.NewLog(db, app.SystemClock{}), 1)
		wantBreak(t, log, "第9条", "密钥哈希不符")
		exec(t, db, `DELETE FROM audit_log WHERE seq = 9`)
		// An old entry edited, the old part re-chained: the first keyed
		// entry no longer links, and the anchored head differs.
		exec(t, db, `UPDATE audit_log SET summary = '改过的' WHERE seq = 2`)
		prev := ""
		for _, e := range entries(t, db) {
			if e.Seq >= 2 && e.Seq <= 5 {
				e.PrevHash = prev
				e.Hash = e.ComputeHash()
				exec(t, db, `UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3`, e.PrevHash, e.Hash, e.Seq)
			}
			prev = e.Hash
		}
		wantBreak(t, log, "第5条")
	})
}

// TestAuditAnchorLogged: every anchor is a line in the server log too, a
// second copy of the heads outside the database.
func TestAuditAnchorLogged(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var buf strings.Builder
		log := audit.NewKeyedLog(db, app.SystemClock{}, auditTestKey, filepath.Join(t.TempDir(), "a"))
		log.LogAnchorsTo(slog.New(slog.NewTextHandler(&buf, nil)))
		if err := log.Anchor(ctx); err != nil { // the start line
			t.Fatal(err)
		}
		record(t, log, 3)
		if err := log.Anchor(ctx); err != nil {
			t.Fatal(err)
		}
		record(t, log, 2)
		if err := log.Anchor(ctx); err != nil {
			t.Fatal(err)
		}
		if err := log.Anchor(ctx); err != nil { // unmoved: no line
			t.Fatal(err)
		}
		if got := buf.String(); strings.Count(got, "audit anchor") != 3 || !strings.Contains(got, "seq=5") {
			t.Fatalf("server log:\n%s", got)
		}
	})
}

// TestAuditRestoredFromBackup: a database put back from a backup holds fewer
// entries than its anchor file named; the restore's anchor line makes the
// chain check against the backup's head, and a cut after it still shows.
func TestAuditRestoredFromBackup(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log, _ := keyedChain(t, db, 10)
		// The backup held 6 entries: the 4 newest are gone with the restore.
		exec(t, db, `DELETE FROM audit_log WHERE seq > 6`)
		wantBreak(t, log, "最新的4条记录已被删除")
		if err := log.AnchorRestored(ctx); err != nil {
			t.Fatal(err)
		}
		r, err := log.Verify(ctx)
		if err != nil || r.Break != nil || r.RestoredAt.IsZero() || r.Anchored != 6 {
			t.Fatalf("after the restore: %+v %+v %v", r, r.Break, err)
		}
		record(t, log, 3)
		if err := log.Anchor(ctx); err != nil {
			t.Fatal(err)
		}
		exec(t, db, `DELETE FROM audit_log WHERE seq > 8`)
		wantBreak(t, log, "最新的1条记录已被删除")
	})
}
