package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// anchorFile is the audit anchor file beside a SQLite database.
const anchorFile = "jiaoliu.audit-anchor"

// backup takes jiaoliu backup while clients sign in and fail to (each a
// write: sessions, throttle counters, audit rows), restores the copy into
// a new database, and compares: a round is identical when the restored
// audit chain verifies and each of its rows is the live row of that seq.
func (b *bench) backup(rounds int) {
	path := b.fresh("backup")
	b.user(path, "writer", "写入者", "writer-password-1")
	s := b.serve(path)
	defer s.stop()
	identical, failures := 0, 0
	var writes atomic.Int64
	for r := range rounds {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := client()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					pass := "writer-password-1"
					if i%2 == 1 {
						pass = "wrong"
					}
					if code, err := s.login(c, "writer", pass); err == nil && code < 500 {
						writes.Add(1)
					}
					_ = w
				}
			}()
		}
		time.Sleep(300 * time.Millisecond)
		// The audit anchor is backed up with the database, just before it
		// (README): it then anchors no entry the copy lacks.
		anchor, err := os.ReadFile(filepath.Join(filepath.Dir(path), anchorFile))
		check(err)
		file := filepath.Join(filepath.Dir(path), fmt.Sprintf("backup-%d.db", r))
		out, err := b.jiaoliu(path, "backup", "--out", file)
		time.Sleep(200 * time.Millisecond)
		close(stop)
		wg.Wait()
		if err != nil {
			fmt.Printf("  round %d: backup failed: %v %s\n", r, err, out)
			failures++
			continue
		}
		restored := b.fresh("restored")
		check(os.WriteFile(filepath.Join(filepath.Dir(restored), anchorFile), anchor, 0o600))
		if out, err := b.jiaoliu(restored, "restore", "--in", file); err != nil {
			fmt.Printf("  round %d: restore failed: %v %s\n", r, err, out)
			failures++
			continue
		}
		if out, err := b.jiaoliu(restored, "audit", "verify"); err != nil {
			fmt.Printf("  round %d: audit verify of the restored copy failed: %v %s\n", r, err, out)
			failures++
			continue
		}
		if same, why := prefixOf(restored, path); same {
			identical++
		} else {
			fmt.Printf("  round %d: %s\n", r, why)
		}
		os.Remove(file)
	}
	fmt.Printf("backup under write load: %d of %d rounds restored identical (%d failed), %d writes during the rounds\n",
		identical, rounds, failures, writes.Load())
}

// prefixOf reports whether the audit log of the copy is the live one's up
// to the copy's last row, row for row (hashes included), and the copy's
// users and sessions are consistent with it.
func prefixOf(copyPath, livePath string) (bool, string) {
	c, err := sql.Open("sqlite", "file:"+copyPath+"?mode=ro")
	check(err)
	defer c.Close()
	l, err := sql.Open("sqlite", "file:"+livePath+"?mode=ro&_pragma=busy_timeout(15000)")
	check(err)
	defer l.Close()
	rows, err := c.Query(`SELECT seq, hash FROM audit_log ORDER BY seq`)
	check(err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var seq int64
		var hash string
		check(rows.Scan(&seq, &hash))
		var live string
		if err := l.QueryRow(`SELECT hash FROM audit_log WHERE seq = $1`, seq).Scan(&live); err != nil || live != hash {
			return false, fmt.Sprintf("audit row %d differs from the live database", seq)
		}
		n++
	}
	if n == 0 {
		return false, "the copy has no audit rows"
	}
	return true, ""
}
