package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"jiaoliu/bench/internal/proc"
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
	start, ok := proc.TreeCPU(pid)
	if !ok {
		return none
	}
	return func() time.Duration {
		end, ok := proc.TreeCPU(pid)
		if !ok {
			return 0
		}
		return end - start
	}
}
