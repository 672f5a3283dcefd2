// Command roster measures importing a large roster workbook. It generates
// a workbook of 100,000 educators with 30 columns (the 12 standard columns
// of the 教职工 sheet and 18 that bureaus often add) and a 学校 sheet, then
// measures, each in a fresh child process of this binary so that memory
// figures do not mix:
//
//   - bare:   a bare excelize Rows() loop reading every cell of every sheet;
//   - read:   roster.Read, which reads and validates;
//   - import: the whole import of the application, roster.Service.Import:
//     read, validate, check against the database and write, in one
//     transaction, into a fresh database — SQLite in a temporary directory
//     and PostgreSQL on a throwaway cluster (-db).
//
// It prints the times (best of -runs), their ratio, the peak Go heap
// (sampled through runtime/metrics) and the peak RSS of each child.
//
//	go run ./bench/roster [-n 100000] [-runs 3] [-db sqlite,postgres] [-o roster.xlsx] [-file existing.xlsx]
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
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
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
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("roster", flag.ContinueOnError)
	n := fs.Int("n", 100_000, "educators in the generated workbook")
	runs := fs.Int("runs", 3, "measurements of each phase; the best is reported")
	out := fs.String("o", "", "write the generated workbook to this file and keep it")
	file := fs.String("file", "", "measure this workbook instead of generating one")
	child := fs.String("child", "", "internal: run one phase (generate, bare, read, import or export) of -file in this process")
	dbs := fs.String("db", "sqlite,postgres", "databases to import into")
	dsn := fs.String("dsn", "", "internal: the database of an import phase")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child == "generate" {
		return generate(*file, *n)
	}
	if *child != "" {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(50) // as cmd/jiaoliu runs
		}
		r, err := measure(ctx, *child, *file, *dsn)
		if err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(r)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}

	path := *file
	if path == "" {
		path = *out
		if path == "" {
			dir, err := os.MkdirTemp("", "roster-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			path = filepath.Join(dir, "roster.xlsx")
		}
		// In a child too: Linux hands a parent's peak RSS down to the
		// children it starts, which would spoil their figures.
		start := time.Now()
		cmd := exec.CommandContext(ctx, self, "-child", "generate", "-n", strconv.Itoa(*n), "-file", path)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("generate: %w: %s", err, out)
		}
		fmt.Fprintf(stdout, "generated %d educators × 30 columns in %v\n", *n, time.Since(start).Round(time.Millisecond))
	}
	if fi, err := os.Stat(path); err == nil {
		fmt.Fprintf(stdout, "workbook %s: %.1f MB\n", path, float64(fi.Size())/(1<<20))
	}

	dialects := strings.Split(*dbs, ",")
	defer storetest.StopPostgres()
	best := map[string]result{}
	for i := 0; i < *runs; i++ {
		phases := []string{"bare", "read"}
		for _, d := range dialects {
			phases = append(phases, "import:"+d)
		}
		for _, phase := range phases {
			dsn := ""
			if d, ok := strings.CutPrefix(phase, "import:"); ok {
				if dsn, err = freshDatabase(d, i); err != nil {
					return err
				}
			}
			r, err := spawn(ctx, self, phase, path, dsn)
			if err != nil {
				return fmt.Errorf("%s: %w", phase, err)
			}
			fmt.Fprintf(stdout, "run %d %-16s %8v  heap %4d MiB  RSS %4d MiB\n", i+1, phase, r.Elapsed.Round(time.Millisecond), r.PeakHeap>>20, r.MaxRSS>>20)
			if b, ok := best[phase]; !ok || r.Elapsed < b.Elapsed {
				best[phase] = r
			}
		}
	}
	exp, err := spawn(ctx, self, "export", path, "")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bare, rd := best["bare"], best["read"]
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-30s %10s %12s %12s\n", "", "time", "peak heap", "peak RSS")
	fmt.Fprintf(stdout, "%-30s %10v %8d MiB %8d MiB   %d rows, %d cells\n", "bare excelize Rows() loop", bare.Elapsed.Round(time.Millisecond), bare.PeakHeap>>20, bare.MaxRSS>>20, bare.Rows, bare.Cells)
	fmt.Fprintf(stdout, "%-30s %10v %8d MiB %8d MiB   %d rows, %d errors, %d warnings\n", "roster.Read (read+validate)", rd.Elapsed.Round(time.Millisecond), rd.PeakHeap>>20, rd.MaxRSS>>20, rd.Rows, rd.Errors, rd.Warnings)
	for _, d := range dialects {
		imp := best["import:"+d]
		fmt.Fprintf(stdout, "%-30s %10v %8d MiB %8d MiB   %d educators written\n", "whole import into "+d, imp.Elapsed.Round(time.Millisecond), imp.PeakHeap>>20, imp.MaxRSS>>20, imp.Rows)
	}
	fmt.Fprintf(stdout, "%-30s %10v %8d MiB %8d MiB   %d rows, full ID numbers\n", "export (roster.Write)", exp.Write.Round(time.Millisecond), exp.PeakHeap>>20, exp.MaxRSS>>20, exp.Rows)
	fmt.Fprintf(stdout, "read+validate / bare loop: %.2f×\n", float64(rd.Elapsed)/float64(bare.Elapsed))
	for _, d := range dialects {
		imp := best["import:"+d]
		fmt.Fprintf(stdout, "whole import (%s) / bare loop: %.2f× (target < 2×); peak RSS %d MiB (target < 256 MiB)\n",
			d, float64(imp.Elapsed)/float64(bare.Elapsed), imp.MaxRSS>>20)
	}
	if rd.Errors > 0 {
		return fmt.Errorf("the generated workbook has %d errors", rd.Errors)
	}
	return nil
}

// freshDatabase returns a new, empty database of the dialect for run i.
func freshDatabase(dialect string, i int) (string, error) {
	switch dialect {
	case "sqlite":
		dir, err := os.MkdirTemp("", "roster-bench-db-")
		if err != nil {
			return "", err
		}
		return "sqlite:" + filepath.Join(dir, "bench.db"), nil
	case "postgres":
		return storetest.PostgresDatabase(fmt.Sprintf("roster_bench_%d_%d", os.Getpid(), i))
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
		err = importFile(ctx, path, dsn, &r)
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

// readFile reads and validates the workbook at path.
func readFile(ctx context.Context, path string, r *result) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	wb, issues, err := roster.Read(ctx, f, fi.Size(), roster.Options{Today: app.DateOf(time.Now())})
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
// against the registry, write in one transaction.
func importFile(ctx context.Context, path, dsn string, r *result) error {
	setup := time.Now()
	db, err := store.Open(ctx, dsn, app.SystemClock{})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	cipher, err := people.NewCipher([]byte("roster-bench-key-32-bytes-long!!"))
	if err != nil {
		return err
	}
	svc := roster.NewService(db, cipher, audit.NewLog(db, app.SystemClock{}), app.SystemClock{})
	r.Setup = time.Since(setup)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	res, err := svc.Import(app.WithActor(ctx, app.SystemActor("bench")), []roster.File{{Name: filepath.Base(path), Size: fi.Size(), R: f}}, roster.ImportOptions{})
	if err != nil {
		return err
	}
	r.Errors, r.Warnings, r.Written = res.Errors, res.Warnings, res.Committed
	r.Rows = res.Educators.Created
	if !res.Committed {
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

// The raw material of the generated roster. Every combination is fictional.
const (
	surnames   = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛"
	givenChars = "建国志文明永德海晓天家兴学庆光军伟强华平勇刚林斌波涛东成辉峰祥春荣浩俊子宇嘉思博承昊佳杰鹏磊超凯晨阳鑫航轩睿泽然洋宁豪秀丽玉美静红雪英芳娟敏燕艳霞玲梅萍兰琴凤珍雅欣雨诗梦怡心婷琳慧洁莉倩颖晶丹瑶蕾雯涵彤萱妍悦琪薇"
	roads      = "人民解放建设中山和平胜利文化新华青年长江黄河东风光明幸福团结友谊朝阳"
)

var (
	regions      = []string{"320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115", "320116", "320117", "320118", "320281", "320282"}
	districts    = []string{"玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "雨花台区", "江宁区", "六合区", "溧水区", "高淳区"}
	levels       = []string{"小学", "小学", "小学", "初中", "初中", "九年一贯制", "高中", "完全中学", "幼儿园", "职业学校", "特殊教育"}
	locations    = []string{"城区", "城区", "镇区", "乡村"}
	subjects     = []string{"语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "科学", "音乐", "体育", "美术", "信息技术", "心理健康"}
	titles       = []string{"三级教师", "二级教师", "一级教师", "一级教师", "高级教师", "正高级教师", ""}
	backbones    = []string{"", "", "", "", "", "", "", "县级骨干教师", "市级骨干教师", "省级骨干教师", "县级学科带头人", "市级学科带头人"}
	ethnicities  = []string{"汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "回族", "满族", "壮族", "苗族", "土家族", "彝族"}
	politics     = []string{"中共党员", "中共党员", "共青团员", "群众", "群众", "民盟盟员", "九三学社社员"}
	degrees      = []string{"本科", "本科", "本科", "硕士研究生", "大专", "博士研究生"}
	titleDegrees = []string{"学士", "学士", "硕士", "无", "博士"}
	colleges     = []string{"南京师范大学", "江苏第二师范学院", "南京晓庄学院", "华东师范大学", "北京师范大学", "扬州大学", "苏州大学", "南京大学", "东南大学", "江南大学", "盐城师范学院", "淮阴师范学院"}
	majors       = []string{"汉语言文学", "数学与应用数学", "英语", "物理学", "化学", "生物科学", "历史学", "地理科学", "思想政治教育", "学前教育", "音乐学", "体育教育", "美术学", "计算机科学与技术", "心理学"}
	mandarin     = []string{"一级甲等", "一级乙等", "二级甲等", "二级甲等", "二级乙等"}
	marriages    = []string{"已婚", "已婚", "已婚", "未婚", "离异"}
	healths      = []string{"健康", "健康", "健康", "良好", "一般"}
	notes        = []string{"", "", "", "", "", "", "2023年度考核优秀", "支教一年（2019—2020）", "市级优质课一等奖", "班主任", "兼任教研组长", "产假至2024年3月"}
	certKinds    = []string{"小学教师资格", "初级中学教师资格", "高级中学教师资格", "幼儿园教师资格", "中等职业学校教师资格"}
)

// generate writes a roster of n educators and the schools they work at
// with excelize's ordinary API, which stores text in shared strings as
// Excel does.
func generate(path string, n int) error {
	rng := rand.New(rand.NewPCG(2025, 9))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	runes := func(s string) []rune { return []rune(s) }
	sur, given, road := runes(surnames), runes(givenChars), runes(roads)

	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", roster.SheetSchools); err != nil {
		return err
	}
	if _, err := f.NewSheet(roster.SheetEducators); err != nil {
		return err
	}

	const nSchools = 400
	codes := make([]string, nSchools)
	if err := f.SetSheetRow(roster.SheetSchools, "A1", &[]any{"学校代码", "学校名称", "区县", "学段", "城乡类型", "薄弱学校", "示范等级", "办学联合体", "经度", "纬度"}); err != nil {
		return err
	}
	for i := range codes {
		codes[i] = fmt.Sprintf("32010%05d", 1000+i)
		level := pick(levels)
		district := pick(districts)
		place := strings.TrimSuffix(district, "区")
		name := fmt.Sprintf("%s%s路第%d%s", place, roadName(rng, road), i%9+1, level)
		if level == "幼儿园" {
			name = fmt.Sprintf("%s%s幼儿园", place, roadName(rng, road))
		}
		weak := "否"
		if rng.IntN(10) == 0 {
			weak = "是"
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(roster.SheetSchools, cell, &[]any{codes[i], name, district, level, pick(locations), weak, "",
			place + "第" + strconv.Itoa(i%5+1) + "联合体", 118.5 + rng.Float64()*0.8, 31.8 + rng.Float64()*0.6}); err != nil {
			return err
		}
	}

	header := []any{"身份证号", "姓名", "性别", "出生日期", "学校代码", "岗位", "任教学科", "编制状态", "骨干级别", "职称", "到校日期", "任现职日期",
		"民族", "政治面貌", "籍贯", "最高学历", "最高学位", "毕业院校", "所学专业", "参加工作日期", "教师资格种类", "教师资格证号码",
		"普通话等级", "手机号", "电子邮箱", "家庭住址", "婚姻状况", "健康状况", "继续教育学时", "备注"}
	if err := f.SetSheetRow(roster.SheetEducators, "A1", &header); err != nil {
		return err
	}
	seen := make(map[string]bool, n)
	today := app.DateOf(time.Now())
	row := make([]any, len(header))
	for i := 0; i < n; i++ {
		var id string
		var birth app.Date
		for {
			birth = app.NewDate(1962, 1, 1).AddDays(rng.IntN(365 * 38))
			first17 := fmt.Sprintf("%s%04d%02d%02d%03d", pick(regions), birth.Year, birth.Month, birth.Day, rng.IntN(1000))
			id = first17 + string(people.IDCheckChar(first17))
			if !seen[id] {
				seen[id] = true
				break
			}
		}
		male := (id[16]-'0')%2 == 1
		gender := "女"
		if male {
			gender = "男"
		}
		name := string(sur[rng.IntN(len(sur))]) + string(given[rng.IntN(len(given))])
		if rng.IntN(3) > 0 {
			name += string(given[rng.IntN(len(given))])
		}
		work := birth.AddYears(22 + rng.IntN(3))
		joined := work.AddDays(rng.IntN(max(1, min(365*20, daysBetween(work, today)-30))))
		post, since := "教师", app.Date{}
		switch p := rng.IntN(100); {
		case p < 1:
			post = "校长"
		case p < 3:
			post = "副校长"
		case p < 8:
			post = "中层干部"
		case p < 10:
			post = "级部主任"
		}
		if post != "教师" || rng.IntN(2) == 0 {
			since = joined.AddDays(rng.IntN(max(1, daysBetween(joined, today)-1)))
		}
		subj := pick(subjects)
		if rng.IntN(4) == 0 {
			subj += "、" + pick(subjects)
		}
		staff := "在编在岗"
		if rng.IntN(12) == 0 {
			staff = "临聘"
		}
		phone := fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000))
		row = append(row[:0], id, name, gender, serial(birth), pick(codes), post, subj, staff, pick(backbones), pick(titles),
			serial(joined), nilDate(since),
			pick(ethnicities), pick(politics), "江苏"+pick(districts), pick(degrees), pick(titleDegrees), pick(colleges), pick(majors),
			serial(work), pick(certKinds), fmt.Sprintf("%d%s%07d", birth.Year, id[:6], rng.IntN(10_000_000)),
			pick(mandarin), phone, fmt.Sprintf("t%s@school.example.cn", phone[3:]),
			fmt.Sprintf("南京市%s%s路%d号%d栋%d室", pick(districts), roadName(rng, road), 1+rng.IntN(300), 1+rng.IntN(30), 101+rng.IntN(1500)),
			pick(marriages), pick(healths), 24+rng.IntN(120), pick(notes))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(roster.SheetEducators, cell, &row); err != nil {
			return err
		}
	}
	// Date cells as Excel writes them: serial numbers with a date format.
	for _, col := range []string{"D", "K", "L", "T"} {
		if err := f.SetColStyle(roster.SheetEducators, col, dateStyle); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(header), n+1)
	if err := f.SetSheetDimension(roster.SheetEducators, "A1:"+last); err != nil {
		return err
	}
	runtime.GC()
	return f.SaveAs(path)
}

// roadName picks a two-character road name.
func roadName(rng *rand.Rand, road []rune) string {
	i := rng.IntN(len(road)/2) * 2
	return string(road[i : i+2])
}

// serial is a date as the number Excel stores in a date cell.
func serial(d app.Date) any {
	return float64(daysBetween(app.NewDate(1899, 12, 30), d))
}

func nilDate(d app.Date) any {
	if d.IsZero() {
		return nil
	}
	return serial(d)
}

func daysBetween(a, b app.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}
