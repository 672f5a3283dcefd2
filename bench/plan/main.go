// Command plan benchmarks the rotation planner (run with go run ./bench/plan):
// it generates realistic counties (log-normal school sizes, clustered
// locations, K-12 subject mix, 35–45 % candidates, 10–15 % backbone) of 2,000,
// 10,000 and 50,000 teachers and a province of 100 counties with 1,000,000
// teachers, and prints side by side:
//
//   - the planner's solve time (wall and CPU) and peak memory, each size in a
//     child process whose maximum resident set size is the peak;
//   - CBC's time on the same instances (the LP file of plantest.WriteLP), the
//     ratio, and whether both optima agree;
//   - the min-cost-flow core against LEMON's NetworkSimplex on the same
//     graph (the planner's pricing network written as DIMACS; the C++ driver
//     in bench/lemon is built with g++ into a temporary directory);
//   - the province solved county by county on two workers.
//
// It prints figures and never judges them.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"jiaoliu/internal/plan"
	"jiaoliu/internal/plan/plantest"
)

// config is the command line.
type config struct {
	sizes      []string
	cbcSizes   map[string]bool
	cbcTimeout time.Duration
	lemon      bool
	runs       int
	seed       uint64
	counties   int
	province   int
	workers    int
}

// result is what a child process reports about one solve.
type result struct {
	Status     string  `json:"status"`
	Objective  float64 `json:"objective"`
	Bound      float64 `json:"bound"`
	Moves      int     `json:"moves"`
	Nodes      int     `json:"nodes"`
	Pricings   int     `json:"pricings"`
	Arcs       int     `json:"arcs"`
	WallMS     float64 `json:"wall_ms"`
	CPUMS      float64 `json:"cpu_ms"`
	Teachers   int     `json:"teachers"`
	Counties   int     `json:"counties"`
	Optimal    int     `json:"optimal"`
	Feasible   int     `json:"feasible"`
	Infeasible int     `json:"infeasible"`
	MaxMS      float64 `json:"max_ms"`
	SolveMS    float64 `json:"solve_ms"` // province: the sum of the counties' solve times
	Error      string  `json:"error,omitempty"`
}

func main() {
	child := flag.String("child", "", "internal: solve FILE (or 'province') in this process and report as JSON")
	sizes := flag.String("sizes", "2k,10k,50k,province", "what to run: 2k, 10k, 50k (any Nk) and province")
	cbc := flag.String("cbc", "2k,10k", "sizes also solved with CBC (empty for none)")
	cbcTimeout := flag.Duration("cbc-timeout", 45*time.Minute, "give up on CBC after this long")
	lemon := flag.Bool("lemon", true, "compare the min-cost-flow core with LEMON (needs g++ and liblemon-dev)")
	runs := flag.Int("runs", 5, "repetitions of the core timings (the best is shown)")
	seed := flag.Uint64("seed", 1, "seed of the generated counties")
	counties := flag.Int("counties", 100, "counties of the province")
	province := flag.Int("province-teachers", 1000000, "teachers of the province")
	workers := flag.Int("workers", 2, "counties of the province solved at once")
	flag.Parse()
	cfg := config{sizes: split(*sizes), cbcSizes: map[string]bool{}, cbcTimeout: *cbcTimeout, lemon: *lemon,
		runs: *runs, seed: *seed, counties: *counties, province: *province, workers: *workers}
	for _, s := range split(*cbc) {
		cfg.cbcSizes[s] = true
	}
	if *child != "" {
		runChild(*child, cfg)
		return
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "bench/plan:", err)
		os.Exit(1)
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func run(cfg config) error {
	dir, err := os.MkdirTemp("", "jiaoliu-bench-plan-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Printf("jiaoliu planner benchmark — %s, %d CPUs, GOMAXPROCS %d, seed %d\n", runtime.Version(), runtime.NumCPU(),
		runtime.GOMAXPROCS(0), cfg.seed)
	var lemonBin string
	if cfg.lemon {
		if lemonBin, err = buildLemon(dir); err != nil {
			fmt.Printf("LEMON comparison skipped: %v\n", err)
		}
	}
	for _, size := range cfg.sizes {
		if size == "province" {
			if err := benchProvince(cfg); err != nil {
				fmt.Printf("province: %v\n", err)
			}
			continue
		}
		var k int
		if _, err := fmt.Sscanf(size, "%dk", &k); err != nil || k <= 0 {
			fmt.Printf("%s: not a size (use e.g. 10k)\n", size)
			continue
		}
		if err := benchCounty(cfg, dir, size, k*1000, lemonBin); err != nil {
			fmt.Printf("%s: %v\n", size, err)
		}
	}
	return nil
}

// benchCounty generates a county, solves it in a child process, and
// compares with CBC and LEMON.
func benchCounty(cfg config, dir, size string, teachers int, lemonBin string) error {
	in := plantest.GenerateCounty(cfg.seed, plantest.County{Teachers: teachers})
	file := filepath.Join(dir, size+".json")
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := plan.WriteInstance(f, in); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("\n== county %s: %d teachers, %d schools, target %d, backbone ≥ %d, cap %g of staff\n", size,
		len(in.Teachers), len(in.Schools), in.Policy.Target, in.Policy.MinBackbone, in.Policy.MaxOutShare)
	res, rss, err := child(file)
	if err != nil {
		return err
	}
	fmt.Printf("planner: %s, objective %.6f, bound %.6f, %d moves, %d nodes, %d pricings, %d arcs\n",
		res.Status, res.Objective, res.Bound, res.Moves, res.Nodes, res.Pricings, res.Arcs)
	fmt.Printf("planner: solve %.0f ms wall, %.0f ms CPU; peak memory %.1f MiB (max RSS of the process that read and solved the instance)\n",
		res.WallMS, res.CPUMS, rss)

	if cfg.cbcSizes[size] {
		ctx, cancel := context.WithTimeout(context.Background(), cfg.cbcTimeout)
		cr, err := plantest.SolveCBC(ctx, in, nil, nil, dir)
		cancel()
		switch {
		case err != nil:
			fmt.Printf("CBC: %v\n", firstLine(err.Error()))
		default:
			agree := "agree"
			d := math.Abs(cr.Objective - res.Objective)
			if cr.Status != res.Status || d > 1e-6*math.Max(1, math.Abs(cr.Objective)) {
				agree = "DISAGREE"
			}
			fmt.Printf("CBC: %s, objective %.6f, %.0f ms wall; planner %.1f× faster; optima %s (|Δ| = %.2g)\n",
				cr.Status, cr.Objective, ms(cr.Time), ms(cr.Time)/res.WallMS, agree, d)
		}
	}
	if lemonBin != "" {
		if err := compareCore(cfg, dir, size, in, lemonBin); err != nil {
			fmt.Printf("core vs LEMON: %v\n", err)
		}
	}
	return nil
}

// compareCore times the min-cost-flow core and LEMON on the planner's
// pricing network of the instance.
func compareCore(cfg config, dir, size string, in *plan.Instance, lemonBin string) error {
	g, err := plan.PricingNetwork(in)
	if err != nil {
		return err
	}
	file := filepath.Join(dir, size+".dimacs")
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := g.WriteDIMACS(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// Go: cold solves of a fresh copy, GC off while timing.
	best := time.Duration(math.MaxInt64)
	var cost int64
	var status plan.FlowStatus
	for r := 0; r < cfg.runs; r++ {
		h, err := os.Open(file)
		if err != nil {
			return err
		}
		g, err := plan.ReadDIMACS(h)
		h.Close()
		if err != nil {
			return err
		}
		runtime.GC()
		old := debug.SetGCPercent(-1)
		start := time.Now()
		status = g.Solve()
		d := time.Since(start)
		debug.SetGCPercent(old)
		if d < best {
			best = d
		}
		cost = g.TotalCost()
	}
	out, err := exec.Command(lemonBin, file, fmt.Sprint(cfg.runs)).Output()
	if err != nil {
		return fmt.Errorf("LEMON driver: %v", err)
	}
	var lemonNS, lemonCost int64
	var lemonStatus string
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "lemon_ns=%d status=%s cost=%d", &lemonNS, &lemonStatus, &lemonCost); err != nil {
		return fmt.Errorf("LEMON driver said %q", out)
	}
	same := "same optimum"
	if lemonCost != cost || lemonStatus != status.String() {
		same = fmt.Sprintf("DIFFERENT optimum (LEMON %s %d)", lemonStatus, lemonCost)
	}
	fmt.Printf("core vs LEMON NetworkSimplex on the pricing network (%d nodes, %d arcs), best of %d cold solves: Go %.1f ms, LEMON %.1f ms, ratio %.2f; %s (cost %d)\n",
		g.Nodes(), g.Arcs(), cfg.runs, ms(best), float64(lemonNS)/1e6, ms(best)/(float64(lemonNS)/1e6), same, cost)
	return nil
}

// benchProvince solves the province in a child process.
func benchProvince(cfg config) error {
	fmt.Printf("\n== province: %d counties, %d teachers, %d workers\n", cfg.counties, cfg.province, cfg.workers)
	res, rss, err := child("province")
	if err != nil {
		return err
	}
	fmt.Printf("province: %d counties (%d teachers) generated and solved in %.1f s wall, %.1f s CPU (solving alone: %.1f s summed over the counties, %.1f s per worker); %d optimal, %d feasible with a gap, %d infeasible; slowest county %.0f ms; peak memory %.1f MiB\n",
		res.Counties, res.Teachers, res.WallMS/1000, res.CPUMS/1000, res.SolveMS/1000, res.SolveMS/1000/float64(cfg.workers),
		res.Optimal, res.Feasible, res.Infeasible, res.MaxMS, rss)
	return nil
}

// child runs this program on one job and returns its report and its peak
// resident memory in MiB.
func child(job string) (*result, float64, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, 0, err
	}
	args := append([]string{"-child", job}, os.Args[1:]...)
	cmd := exec.Command(exe, args...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, 0, fmt.Errorf("child %s: %v", job, err)
	}
	var res result
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, 0, fmt.Errorf("child %s said %q", job, stdout.String())
	}
	if res.Error != "" {
		return nil, 0, fmt.Errorf("child %s: %s", job, res.Error)
	}
	rss := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return &res, rss, nil
}

// runChild is the child process: it solves and prints a result as JSON.
func runChild(job string, cfg config) {
	var res result
	var err error
	if job == "province" {
		res, err = solveProvince(cfg)
	} else {
		res, err = solveFile(job)
	}
	if err != nil {
		res.Error = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(&res)
}

func solveFile(file string) (result, error) {
	f, err := os.Open(file)
	if err != nil {
		return result{}, err
	}
	in, err := plan.ReadInstance(f)
	f.Close()
	if err != nil {
		return result{}, err
	}
	runtime.GC()
	cpu0 := cpuTime()
	start := time.Now()
	p, err := plan.Solve(context.Background(), in, plan.Options{})
	wall := time.Since(start)
	cpu := cpuTime() - cpu0
	if err != nil {
		return result{}, err
	}
	return result{Status: string(p.Status), Objective: p.Objective, Bound: p.Bound, Moves: len(p.Moves),
		Nodes: p.Stats.Nodes, Pricings: p.Stats.Pricings, Arcs: p.Stats.Arcs, WallMS: ms(wall), CPUMS: ms(cpu),
		Teachers: len(in.Teachers)}, nil
}

// solveProvince generates and solves the counties of a province on
// cfg.workers goroutines (GOMAXPROCS is set to the same number).
func solveProvince(cfg config) (result, error) {
	runtime.GOMAXPROCS(cfg.workers)
	counties := plantest.Province(cfg.seed, cfg.counties, cfg.province)
	jobs := make(chan int)
	var mu sync.Mutex
	res := result{Counties: len(counties)}
	var firstErr error
	var wg sync.WaitGroup
	cpu0 := cpuTime()
	start := time.Now()
	for w := 0; w < cfg.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				in := plantest.GenerateCounty(cfg.seed+uint64(i)*7919, counties[i])
				t0 := time.Now()
				p, err := plan.Solve(context.Background(), in, plan.Options{})
				d := ms(time.Since(t0))
				mu.Lock()
				res.Teachers += len(in.Teachers)
				switch {
				case err != nil:
					if firstErr == nil {
						firstErr = err
					}
				case p.Status == plan.StatusOptimal:
					res.Optimal++
				case p.Status == plan.StatusFeasible:
					res.Feasible++
				default:
					res.Infeasible++
				}
				res.MaxMS = math.Max(res.MaxMS, d)
				res.SolveMS += d
				mu.Unlock()
			}
		}()
	}
	for i := range counties {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	res.WallMS = ms(time.Since(start))
	res.CPUMS = ms(cpuTime() - cpu0)
	return res, firstErr
}

// buildLemon compiles bench/lemon/driver.cc into dir.
func buildLemon(dir string) (string, error) {
	src, err := findDriver()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "lemondriver")
	out, err := exec.Command("g++", "-O2", "-std=c++14", "-o", bin, src, "-llemon").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("g++: %v: %s", err, firstLine(string(out)))
	}
	return bin, nil
}

// findDriver locates bench/lemon/driver.cc from the working directory up.
func findDriver() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "bench", "lemon", "driver.cc")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("bench/lemon/driver.cc not found above the working directory")
		}
		dir = parent
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
