package store

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

func openStmtCacheDB(t *testing.T, max int) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.stmts = newStmtCache(max)
	if _, err := db.q(ctx).ExecContext(ctx, `CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO t (k, v) VALUES (1, 10)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// A read through a kept statement sees every write committed before it:
// the statement is reset when its rows close and holds no old snapshot.
func TestStmtCacheSeesWrites(t *testing.T) {
	ctx := context.Background()
	db := openStmtCacheDB(t, 8)
	read := func() int {
		var v int
		if err := db.q(ctx).QueryRowContext(ctx, `SELECT v FROM t WHERE k = $1`, 1).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for want := 10; want < 15; want++ {
		if got := read(); got != want {
			t.Fatalf("read %d, want %d", got, want)
		}
		rows, err := db.q(ctx).QueryContext(ctx, `SELECT v FROM t ORDER BY k`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
		}
		rows.Close()
		if _, err := db.q(ctx).ExecContext(ctx, `UPDATE t SET v = v + 1 WHERE k = 1`); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(db.stmts.entries); n != 2 {
		t.Errorf("%d statements kept, want the 2 read", n)
	}
}

// Statements evicted while others still use them finish their reads: a
// crowd of different reads through a small cache all answer rightly.
func TestStmtCacheEvictsInUse(t *testing.T) {
	ctx := context.Background()
	db := openStmtCacheDB(t, 2)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				n := (g + i) % 7
				rows, err := db.q(ctx).QueryContext(ctx, fmt.Sprintf(`SELECT v + %d FROM t WHERE k = $1`, n), 1)
				if err != nil {
					errs <- err
					continue
				}
				var v int
				for rows.Next() {
					if err := rows.Scan(&v); err != nil {
						errs <- err
					}
				}
				if err := rows.Close(); err != nil {
					errs <- err
				}
				if v != 10+n {
					errs <- fmt.Errorf("query +%d read %d", n, v)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(db.stmts.entries); n > 2 {
		t.Errorf("%d statements kept, at most 2 wanted", n)
	}
	for q, cs := range db.stmts.entries {
		if cs.users != 0 {
			t.Errorf("%q: %d users left", q, cs.users)
		}
	}
}
