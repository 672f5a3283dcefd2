// Command load measures jiaoliu under a crowd, as on the day a notice goes
// public (issue 17). For each database (SQLite, and PostgreSQL when it can
// be had) it builds jiaoliu, starts it as a child process on the demo city,
// signs in several sessions of every demo account and drives a notice-day
// mix with many concurrent clients for a set time: teachers reading the
// notices and their own file and raising objections, HR on the eligibility
// list and the dashboards deciding exemptions, schools entering wishes and
// applying for exemptions. It prints throughput, p50/p95/p99 per kind of
// request, errors, the server's peak memory, and the targets as
// ratios: the home page of every account, one at a time, with the figures
// kept under the data versions against computed afresh (the versions
// bumped before each request); the educator list API for county HR
// against the very same SQL run bare with the same driver, both with the
// same number of concurrent callers (target: the API at least half the
// bare throughput); p99 of the mix and of the eligibility page (target:
// under 1 s); errors (target: 0).
//
//	go run ./bench/load [-d 20s] [-c 200] [-sessions 10] [-db sqlite,postgres] [-pg postgres://…] [-profile /tmp/load]
//
// Without -pg it starts a throwaway PostgreSQL cluster as the tests do;
// without PostgreSQL on the machine it measures SQLite alone. -profile
// builds jiaoliu with the pprof listener (cmd/jiaoliu/pprof.go) and writes
// a CPU and a heap profile of the server under the mix to PREFIX-DB.cpu and
// PREFIX-DB.heap. The figures depend on the machine and on what else runs
// on it; compare runs made under the same conditions. It asserts nothing.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"jiaoliu/internal/store/storetest"
)

type options struct {
	duration time.Duration
	clients  int
	sessions int
	listConc int
	profile  string
	pgURL    string
}

func main() {
	var o options
	flag.DurationVar(&o.duration, "d", 20*time.Second, "how long the mix runs on each database")
	flag.IntVar(&o.clients, "c", 200, "concurrent clients of the mix")
	flag.IntVar(&o.sessions, "sessions", 10, "sessions signed in per demo account")
	flag.IntVar(&o.listConc, "list-c", 64, "concurrent callers of the educator list, through the API and bare")
	dbs := flag.String("db", "sqlite,postgres", "databases to measure")
	flag.StringVar(&o.pgURL, "pg", "", "PostgreSQL URL of an empty database (default: a throwaway cluster)")
	flag.StringVar(&o.profile, "profile", "", "write CPU and heap profiles of the server to PREFIX-DB.cpu / .heap")
	flag.Parse()
	err := run(o, strings.Split(*dbs, ","))
	storetest.StopPostgres()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/load:", err)
		os.Exit(1)
	}
}

func run(o options, dbs []string) error {
	dir, err := os.MkdirTemp("", "jiaoliu-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "jiaoliu")
	args := []string{"build", "-o", bin}
	if o.profile != "" {
		args = append(args, "-tags", "pprof")
	}
	if out, err := exec.Command("go", append(args, "./cmd/jiaoliu")...).CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/jiaoliu (run from the repository root): %v\n%s", err, out)
	}
	for _, name := range dbs {
		var dsn string
		switch strings.TrimSpace(name) {
		case "sqlite":
			dsn = "sqlite:" + filepath.Join(dir, "sqlite", "jiaoliu.db")
		case "postgres":
			dsn = o.pgURL
			if dsn == "" {
				if dsn, err = storetest.PostgresDatabase("jiaoliu_bench_load"); err != nil {
					fmt.Printf("postgres: not measured (%v; give -pg)\n\n", err)
					continue
				}
			}
		default:
			return fmt.Errorf("unknown database %q (sqlite, postgres)", name)
		}
		if err := measure(o, bin, dir, strings.TrimSpace(name), dsn); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// measure runs the whole bench on one database.
func measure(o options, bin, dir, name, dsn string) error {
	start := time.Now()
	srv, err := serve(bin, filepath.Join(dir, name), dsn, o.profile != "")
	if err != nil {
		return err
	}
	defer srv.stop()
	w, err := setUp(srv, o.sessions)
	if err != nil {
		return err
	}
	fmt.Printf("%s: jiaoliu on the demo city (%d educators), %d sessions signed in; ready in %s\n", name, w.educators,
		len(w.all), time.Since(start).Round(time.Millisecond))

	list, err := listThroughput(srv, w, o.listConc, min(o.duration, 10*time.Second))
	if err != nil {
		return err
	}
	bare, err := bareThroughput(dsn, o.listConc, min(o.duration, 10*time.Second))
	if err != nil {
		return err
	}

	homeKept, homeFresh, err := homeCost(srv, w, dsn)
	if err != nil {
		return err
	}

	var profDone chan error
	if o.profile != "" {
		profDone = make(chan error, 1)
		go func() { profDone <- srv.profile(o.profile+"-"+name, o.duration*3/4) }()
	}
	res := drive(w, o.clients, o.duration)
	if profDone != nil {
		if err := <-profDone; err != nil {
			fmt.Printf("  profile: %v\n", err)
		} else {
			fmt.Printf("  profiles: %s-%s.cpu, %s-%s.heap\n", o.profile, name, o.profile, name)
		}
	}
	res.print(o.clients, o.duration)
	fmt.Printf("  server peak memory (VmHWM): %.0f MiB\n", srv.peakRSS())
	fmt.Printf("  educator list, county HR, %d concurrent callers: API %.0f req/s, the same SQL bare (%s) %.0f req/s\n",
		o.listConc, list, bare.driver, bare.rate)
	fmt.Printf("  home page, one at a time, every account: %.1f ms with the kept figures, %.1f ms computed afresh (fresh / kept %.2f)\n",
		float64(homeKept.Microseconds())/1000, float64(homeFresh.Microseconds())/1000, float64(homeFresh)/float64(homeKept))
	fmt.Println("  targets:")
	fmt.Printf("    educator list API / bare SQL throughput: %.2f (target ≥ 0.50)\n", list/bare.rate)
	p99 := res.overall.pct(99)
	fmt.Printf("    mix p99 / 1 s: %.2f (target < 1)\n", p99.Seconds())
	if k := res.kinds[kindEligibilityPage]; k != nil {
		fmt.Printf("    eligibility page p99 / 1 s: %.2f (target < 1)\n", k.pct(99).Seconds())
	}
	fmt.Printf("    errors: %d (target 0)\n\n", res.overall.errors)
	return nil
}
