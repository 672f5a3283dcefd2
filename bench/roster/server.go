package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/store"
)

// clusterCPU starts measuring the CPU time of the PostgreSQL cluster db
// runs on, when it runs on this machine and this process may read its
// data directory's postmaster.pid: the postmaster's own time, that of the
// server processes it has reaped and that of those still running. The
// returned function reports the time spent since, 0 when it cannot tell
// (SQLite, or a server elsewhere). The cluster's other work, such as
// autovacuum, is counted too: bench runs alone on its cluster.
func clusterCPU(ctx context.Context, db *store.DB) func() time.Duration {
	none := func() time.Duration { return 0 }
	if db.Dialect() != store.Postgres {
		return none
	}
	var dir string
	if err := db.SQL().QueryRowContext(ctx, `SELECT setting FROM pg_settings WHERE name = 'data_directory'`).Scan(&dir); err != nil {
		return none
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return none
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		return none
	}
	start, ok := treeTicks(pid)
	if !ok {
		return none
	}
	return func() time.Duration {
		end, ok := treeTicks(pid)
		if !ok {
			return 0
		}
		return time.Duration(end-start) * time.Second / 100 // USER_HZ
	}
}

// treeTicks returns the CPU time, in clock ticks, of the process pid and
// its children, reaped (counted in its own /proc stat) or running.
func treeTicks(pid int) (int64, bool) {
	fields := statFields(pid)
	if len(fields) < 17 {
		return 0, false
	}
	total := sumFields(fields, 13, 14, 15, 16) // utime, stime, cutime, cstime
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if f := statFields(child); len(f) >= 15 && f[3] == strconv.Itoa(pid) {
			total += sumFields(f, 13, 14)
		}
	}
	return total, true
}

// statFields returns the fields of /proc/pid/stat, the command name taken
// out (it may hold spaces): fields[0] is the pid, fields[3] the parent's.
func statFields(pid int) []string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return nil
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return nil
	}
	return append([]string{strings.TrimSpace(s[:open]), "comm"}, strings.Fields(s[end+1:])...)
}

func sumFields(fields []string, at ...int) int64 {
	var n int64
	for _, i := range at {
		v, _ := strconv.ParseInt(fields[i], 10, 64)
		n += v
	}
	return n
}
