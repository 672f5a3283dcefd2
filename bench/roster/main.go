// Command roster measures importing a large roster workbook. It generates
// two workbooks of 100,000 educators and a 学校 sheet: the standard shape,
// the template's 12 columns of 教职工 with dates written as text (the
// common case), and the wide shape, 30 columns (the 12 standard ones and
// 18 that bureaus often add) with dates as date cells. For each it
// measures, each in a fresh child process of this binary so that memory
// figures do not mix:
//
//   - bare:    a bare excelize Rows() loop reading every cell of every sheet;
//   - read:    roster.Read, which reads and validates;
//   - preview: the preview of the application, roster.Service.Import with
//     DryRun: read, validate and check against a fresh database;
//   - import:  the whole import, roster.Service.Import: read, validate,
//     check against the database and write, in one transaction, into a
//     fresh database — SQLite in a temporary directory and PostgreSQL on a
//     throwaway cluster, or the server -pg names (-db).
//
// It prints the times (best of -runs), their ratio to the bare loop over
// the same file in the same run, the peak Go heap (sampled through
// runtime/metrics) and the peak RSS of each child.
//
//	go run ./bench/roster [-n 100000] [-runs 3] [-shape 12,30] [-db sqlite,postgres] [-pg postgres://user@host:port] [-o dir] [-file existing.xlsx]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func main() {
	// Interrupted, the children stop and the throwaway cluster with them.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "roster bench:", err)
		os.Exit(1)
	}
}

// result is what a child process measured.
type result struct {
	Phase    string        `json:"phase"`
	Elapsed  time.Duration `json:"elapsed"`
	Read     time.Duration `json:"read"`
	Write    time.Duration `json:"write"`
	Rows     int           `json:"rows"`
	Cells    int           `json:"cells"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Written  bool          `json:"written"`
	Setup    time.Duration `json:"setup"`     // opening and migrating the database, not counted
	PeakHeap uint64        `json:"peak_heap"` // bytes of live and unswept heap objects
	PeakGo   uint64        `json:"peak_go"`   // bytes the Go runtime had mapped
	MaxRSS   int64         `json:"max_rss"`   // bytes: VmHWM, or the rusage the parent gets
	// CPU is the child's user and system time, set by the parent: on a
	// machine shared with other work it varies less than the elapsed time.
	CPU time.Duration `json:"cpu"`
	// ServerCPU is the user and system time of the PostgreSQL cluster's
	// processes during the phase, when the server runs on this machine.
	ServerCPU time.Duration `json:"server_cpu"`
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("roster", flag.ContinueOnError)
	n := fs.Int("n", 100_000, "educators in each generated workbook (e.g. -n 10000 for a quick run)")
	runs := fs.Int("runs", 3, "measurements of each phase; the best is reported")
	out := fs.String("o", "", "write the generated workbooks into this directory and keep them")
	file := fs.String("file", "", "measure this workbook instead of generating them")
	shapes := fs.String("shape", "12,30", "workbooks to generate: 12 (the template's columns, dates as text) and/or 30 (wide, date cells)")
	child := fs.String("child", "", "internal: run one phase (generate, bare, read, preview, import or export) of -file in this process")
	dbs := fs.String("db", "sqlite,postgres", "databases to import into")
	pgURL := fs.String("pg", "", "a PostgreSQL server to use (postgres://user@host:port) instead of a throwaway cluster")
	dsn := fs.String("dsn", "", "internal: the database of an import phase")
	cpuProfile := fs.String("cpuprofile", "", "internal: write a CPU profile of the child phase to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child != "" {
		return runChild(ctx, *child, *file, *dsn, *n, *cpuProfile, stdout)
	}
	if *pgURL != "" {
		os.Setenv("JIAOLIU_TEST_PG_URL", *pgURL)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	defer storetest.StopPostgres()
	b := bench{ctx: ctx, self: self, stdout: stdout, runs: *runs, dialects: strings.Split(*dbs, ",")}
	if *file != "" {
		return b.measureFile(*file, "given")
	}
	dir := *out
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	} else {
		if dir, err = os.MkdirTemp("", "roster-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	for _, shape := range strings.Split(*shapes, ",") {
		path := filepath.Join(dir, "roster-"+shape+".xlsx")
		// In a child too: Linux hands a parent's peak RSS down to the
		// children it starts, which would spoil their figures.
		start := time.Now()
		cmd := exec.CommandContext(ctx, self, "-child", "generate:"+shape, "-n", strconv.Itoa(*n), "-file", path)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("generate: %w: %s", err, out)
		}
		fmt.Fprintf(stdout, "\n== %s: generated %d educators in %v\n", shapeTitle(shape), *n, time.Since(start).Round(time.Millisecond))
		if err := b.measureFile(path, shape); err != nil {
			return err
		}
	}
	return nil
}

// shapeTitle describes a generated workbook.
func shapeTitle(shape string) string {
	switch shape {
	case "12":
		return "standard workbook, the template's 12 columns of 教职工, dates as text"
	case "30":
		return "wide workbook, 30 columns of 教职工, dates as date cells"
	}
	return shape
}

// runChild runs one phase in this process and prints its result.
func runChild(ctx context.Context, phase, file, dsn string, n int, cpuProfile string, stdout io.Writer) error {
	if shape, ok := strings.CutPrefix(phase, "generate:"); ok {
		return generate(file, n, shape)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // as cmd/jiaoliu runs
	}
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	r, err := measure(ctx, phase, file, dsn)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(r)
}

// bench measures workbooks phase by phase in child processes.
type bench struct {
	ctx      context.Context
	self     string
	stdout   io.Writer
	runs     int
	dialects []string
}

// measureFile measures every phase on the workbook at path and prints the
// figures and the ratios to the bare loop of the same run.
func (b bench) measureFile(path, shape string) error {
	stdout := b.stdout
	if fi, err := os.Stat(path); err == nil {
		fmt.Fprintf(stdout, "workbook %s: %.1f MB\n", path, float64(fi.Size())/(1<<20))
	}
	phases := []string{"bare", "read"}
	for _, d := range b.dialects {
		phases = append(phases, "preview:"+d, "import:"+d)
	}
	best := map[string]result{}
	for i := 0; i < b.runs; i++ {
		for _, phase := range phases {
			dsn := ""
			if _, d, ok := strings.Cut(phase, ":"); ok {
				var err error
				if dsn, err = freshDatabase(d, fmt.Sprintf("%s_%s_%d", shape, strings.ReplaceAll(phase, ":", "_"), i)); err != nil {
					return err
				}
			}
			r, err := spawn(b.ctx, b.self, phase, path, dsn)
			if err != nil {
				return fmt.Errorf("%s: %w", phase, err)
			}
			server := ""
			if r.ServerCPU > 0 {
				server = fmt.Sprintf("  server CPU %v", r.ServerCPU.Round(time.Millisecond))
			}
			fmt.Fprintf(stdout, "run %d %-16s %8v  CPU %8v  heap %4d MiB  RSS %4d MiB%s\n", i+1, phase, r.Elapsed.Round(time.Millisecond), r.CPU.Round(time.Millisecond), r.PeakHeap>>20, r.MaxRSS>>20, server)
			if b, ok := best[phase]; !ok || r.Elapsed < b.Elapsed {
				best[phase] = r
			}
		}
	}
	exp, err := spawn(b.ctx, b.self, "export", path, "")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bare, rd := best["bare"], best["read"]
	ratio := func(r result) float64 { return float64(r.Elapsed) / float64(bare.Elapsed) }
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-32s %10s %7s %10s %7s %12s %12s\n", "", "time", "× bare", "CPU", "× bare", "peak heap", "peak RSS")
	line := func(what string, r result, d time.Duration, note string) {
		fmt.Fprintf(stdout, "%-32s %10v %6.2f× %10v %6.2f× %8d MiB %8d MiB   %s\n", what, d.Round(time.Millisecond), float64(d)/float64(bare.Elapsed),
			r.CPU.Round(time.Millisecond), float64(r.CPU)/float64(bare.CPU), r.PeakHeap>>20, r.MaxRSS>>20, note)
	}
	line("bare excelize Rows() loop", bare, bare.Elapsed, fmt.Sprintf("%d rows, %d cells", bare.Rows, bare.Cells))
	line("roster.Read (read+validate)", rd, rd.Elapsed, fmt.Sprintf("%d rows, %d errors, %d warnings", rd.Rows, rd.Errors, rd.Warnings))
	for _, d := range b.dialects {
		pv, imp := best["preview:"+d], best["import:"+d]
		line("preview (dry run) on "+d, pv, pv.Elapsed, fmt.Sprintf("%d educators to create", pv.Rows))
		line("whole import into "+d, imp, imp.Elapsed, fmt.Sprintf("%d educators written", imp.Rows))
	}
	line("export (roster.Write)", exp, exp.Write, fmt.Sprintf("%d rows, full ID numbers", exp.Rows))
	for _, d := range b.dialects {
		if r := best["import:"+d]; r.ServerCPU > 0 {
			fmt.Fprintf(stdout, "%-32s %10s %7s %10v %6.2f×   client and server CPU together: %v, %.2f× the bare loop's\n", "  the server's CPU in the import", "", "",
				r.ServerCPU.Round(time.Millisecond), float64(r.ServerCPU)/float64(bare.CPU), (r.CPU + r.ServerCPU).Round(time.Millisecond), float64(r.CPU+r.ServerCPU)/float64(bare.CPU))
		}
	}
	fmt.Fprintf(stdout, "ratios of elapsed time to the bare loop (%s; the CPU column above is steadier on a busy machine):\n", shape)
	fmt.Fprintf(stdout, "  read+validate: %.2f×\n", ratio(rd))
	for _, d := range b.dialects {
		target := 1.2
		if d == "postgres" {
			target = 1.5
		}
		fmt.Fprintf(stdout, "  preview (%s): %.2f× (target ≤ 1.0×)\n", d, ratio(best["preview:"+d]))
		fmt.Fprintf(stdout, "  whole import (%s): %.2f× (target ≤ %.1f× for the standard workbook); peak RSS %d MiB (target < 256 MiB)\n",
			d, ratio(best["import:"+d]), target, best["import:"+d].MaxRSS>>20)
	}
	if rd.Errors > 0 {
		return fmt.Errorf("the workbook has %d errors", rd.Errors)
	}
	return nil
}

// freshDatabase returns a new, empty database of the dialect for run i.
func freshDatabase(dialect, name string) (string, error) {
	switch dialect {
	case "sqlite":
		dir, err := os.MkdirTemp("", "roster-bench-db-")
		if err != nil {
			return "", err
		}
		return "sqlite:" + filepath.Join(dir, "bench.db"), nil
	case "postgres":
		return storetest.PostgresDatabase("roster_bench_" + name)
	}
	return "", fmt.Errorf("unknown database %q (want sqlite or postgres)", dialect)
}

// spawn measures one phase in a child process.
func spawn(ctx context.Context, self, phase, path, dsn string) (result, error) {
	cmd := exec.CommandContext(ctx, self, "-child", phase, "-file", path, "-dsn", dsn)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%w: %s", err, errOut.String())
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return result{}, err
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && r.MaxRSS == 0 {
		r.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	r.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r, nil
}

// measure runs one phase in this process.
func measure(ctx context.Context, phase, path, dsn string) (result, error) {
	stop := sampleMemory()
	r := result{Phase: phase}
	start := time.Now()
	var err error
	switch phase {
	case "bare":
		r.Rows, r.Cells, err = bareLoop(path)
	case "read":
		err = readFile(ctx, path, &r)
	case "import:sqlite", "import:postgres":
		err = importFile(ctx, path, dsn, false, &r)
	case "preview:sqlite", "preview:postgres":
		err = importFile(ctx, path, dsn, true, &r)
	case "export":
		err = export(path, &r)
	default:
		err = fmt.Errorf("unknown phase %q", phase)
	}
	r.Elapsed = time.Since(start) - r.Setup
	r.PeakHeap, r.PeakGo = stop()
	r.MaxRSS = peakRSS()
	return r, err
}

// peakRSS returns this process's peak resident set (VmHWM), 0 where
// /proc is not there; the parent then falls back on the child's rusage.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}

// bareLoop reads every cell of every sheet with excelize's Rows iterator,
// opened as roster.Read opens workbooks (raw cell values).
func bareLoop(path string) (rows, cells int, err error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sum := 0
	for _, sheet := range f.GetSheetList() {
		it, err := f.Rows(sheet)
		if err != nil {
			return 0, 0, err
		}
		for it.Next() {
			cols, err := it.Columns()
			if err != nil {
				return 0, 0, err
			}
			rows++
			for _, c := range cols {
				sum += len(c)
				cells++
			}
		}
		if err := it.Close(); err != nil {
			return 0, 0, err
		}
	}
	if sum == 0 {
		return rows, cells, errors.New("no cell values")
	}
	return rows, cells, nil
}

// openSized opens the file at path and tells its size.
func openSized(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, fi.Size(), nil
}

// readFile reads and validates the workbook at path.
func readFile(ctx context.Context, path string, r *result) error {
	f, size, err := openSized(path)
	if err != nil {
		return err
	}
	defer f.Close()
	wb, issues, err := roster.Read(ctx, f, size, roster.Options{Today: app.DateOf(time.Now())})
	if err != nil {
		return err
	}
	r.Rows = len(wb.Schools) + len(wb.Educators) + len(wb.Careers)
	for _, is := range issues {
		if is.Severity == roster.SeverityError {
			r.Errors++
		} else {
			r.Warnings++
		}
	}
	for _, is := range issues[:min(len(issues), 10)] {
		if is.Severity == roster.SeverityError {
			fmt.Fprintln(os.Stderr, is)
		}
	}
	return nil
}

// importFile is the application's whole import of the workbook at path into
// the (migrated, empty) database dsn, as the system: read, validate, check
// against the registry, write in one transaction; with dryRun, its
// preview, which reads and checks and writes nothing.
func importFile(ctx context.Context, path, dsn string, dryRun bool, r *result) error {
	setup := time.Now()
	db, err := store.OpenMigrated(ctx, dsn, app.SystemClock{})
	if err != nil {
		return err
	}
	defer db.Close()
	cipher, err := people.NewCipher([]byte("roster-bench-key-32-bytes-long!!"))
	if err != nil {
		return err
	}
	svc := roster.NewService(db, cipher, audit.NewLog(db, app.SystemClock{}), app.SystemClock{})
	r.Setup = time.Since(setup)
	f, size, err := openSized(path)
	if err != nil {
		return err
	}
	defer f.Close()
	serverCPU := clusterCPU(ctx, db)
	defer func() { r.ServerCPU = serverCPU() }()
	res, err := svc.Import(app.WithActor(ctx, app.SystemActor("bench")), []roster.File{{Name: filepath.Base(path), Size: size, R: f}}, roster.ImportOptions{DryRun: dryRun})
	if err != nil {
		return err
	}
	r.Errors, r.Warnings, r.Written = res.Errors, res.Warnings, res.Committed
	r.Rows = res.Educators.Created
	if res.Errors > 0 || !dryRun && !res.Committed {
		return fmt.Errorf("import not committed: %d errors: %v", res.Errors, res.Issues[:min(len(res.Issues), 5)])
	}
	return nil
}

// export times roster.Write of as many educators as the workbook at path
// holds, made up here, to a file next to it.
func export(path string, r *result) error {
	n, err := countEducators(path)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	wb := &roster.Workbook{Educators: make([]roster.EducatorRow, n)}
	for i := range wb.Educators {
		birth := app.NewDate(1962, 1, 1).AddDays(rng.IntN(365 * 38))
		first17 := fmt.Sprintf("%s%04d%02d%02d%03d", regions[rng.IntN(len(regions))], birth.Year, birth.Month, birth.Day, rng.IntN(1000))
		id := people.IDNumber(first17 + string(people.IDCheckChar(first17)))
		wb.Educators[i] = roster.EducatorRow{IDNumber: id, Name: "张伟", Gender: id.Gender(), BirthDate: birth,
			SchoolCode: "3201001000", Post: people.PostTeacher, Subjects: []string{"语文", "数学"}, StaffStatus: people.StaffEstablished,
			Title: "一级教师", JoinedSchool: birth.AddYears(23), PostSince: birth.AddYears(30)}
	}
	f, err := os.Create(path + ".export.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	start := time.Now()
	if err := roster.Write(f, wb, roster.WriteOptions{FullIDNumbers: true}); err != nil {
		f.Close()
		return err
	}
	err = f.Close()
	r.Write, r.Rows = time.Since(start), n
	return err
}

// countEducators counts the rows of the 教职工 sheet below its header.
func countEducators(path string) (int, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	rows, err := f.Rows(roster.SheetEducators)
	if err != nil {
		return 0, err
	}
	n := -1
	for rows.Next() {
		n++
	}
	return max(n, 0), rows.Close()
}

// sampleMemory samples the heap every few milliseconds until the returned
// function is called, which returns the peaks.
func sampleMemory() func() (heap, total uint64) {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/total:bytes"}}
	var mu sync.Mutex
	var peakHeap, peakTotal uint64
	read := func() {
		metrics.Read(samples)
		mu.Lock()
		peakHeap = max(peakHeap, samples[0].Value.Uint64())
		peakTotal = max(peakTotal, samples[1].Value.Uint64())
		mu.Unlock()
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		<-finished
		read()
		return peakHeap, peakTotal
	}
}
