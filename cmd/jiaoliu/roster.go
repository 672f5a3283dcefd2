package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/sheet"
)

// runImport is `jiaoliu import roster FILE... [--dry-run]`.
func runImport(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "roster" {
		return usageError("用法 / usage: jiaoliu import roster FILE... [--dry-run] [--db DSN]")
	}
	fs := flag.NewFlagSet("import roster", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	dryRun := fs.Bool("dry-run", false, "只检查并预览，不写入 / check and preview only")
	fs.SetOutput(env.stderr)
	// Files and flags may come in any order.
	var files []string
	rest := args[1:]
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return &exitError{code: 2}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) == 0 {
		return usageError("请给出要导入的文件 / name the files to import")
	}
	var inputs []roster.File
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return usageError("无法打开文件 %s：%v", name, err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil || fi.IsDir() {
			return usageError("%s 不是文件 / not a file", name)
		}
		inputs = append(inputs, roster.File{Name: name, Size: fi.Size(), R: f})
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	bar := newProgressBar(env.stderr)
	res, err := s.roster.Import(shellContext(ctx, env), inputs, roster.ImportOptions{DryRun: *dryRun, Progress: bar.set})
	bar.done()
	if err != nil {
		return err
	}
	for _, is := range res.Issues {
		fmt.Fprintln(env.stdout, is.String())
	}
	summary := fmt.Sprintf("学校：新建%d 修改%d 不变%d；教职工：新建%d 修改%d 不变%d；任职经历：新增%d 修改%d 不变%d；错误%d 警告%d",
		res.Schools.Created, res.Schools.Updated, res.Schools.Unchanged, res.Educators.Created, res.Educators.Updated, res.Educators.Unchanged,
		res.Careers.Created, res.Careers.Updated, res.Careers.Unchanged, res.Errors, res.Warnings)
	switch {
	case res.Errors > 0:
		// No counts: nothing was created or changed.
		fmt.Fprintf(env.stdout, "未导入：有%d处错误，未作任何改动 / not imported: %d errors, nothing changed\n", res.Errors, res.Errors)
		return &exitError{code: 1}
	case *dryRun:
		fmt.Fprintf(env.stdout, "检查通过（未写入，--dry-run） / checked, not written: %s\n", summary)
	default:
		fmt.Fprintf(env.stdout, "已导入 / imported: %s\n", summary)
	}
	return nil
}

// progressBar draws a progress bar on a terminal, and nothing elsewhere.
type progressBar struct {
	w    io.Writer
	tty  bool
	last int
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, tty: ok && term.IsTerminal(int(f.Fd())), last: -1}
}

func (b *progressBar) set(done, total int64, stage string) {
	if !b.tty || total <= 0 {
		return
	}
	pct := int(done * 100 / total)
	if pct == b.last {
		return
	}
	b.last = pct
	const width = 30
	n := pct * width / 100
	fmt.Fprintf(b.w, "\r[%s%s] %3d%% %s\033[K", strings.Repeat("#", n), strings.Repeat(" ", width-n), pct, stage)
}

func (b *progressBar) done() {
	if b.tty && b.last >= 0 {
		fmt.Fprintln(b.w)
	}
}

// runExport is `jiaoliu export roster --out FILE.xlsx [--county NAME]`.
func runExport(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "roster" {
		return usageError("用法 / usage: jiaoliu export roster --out FILE.xlsx [--county NAME] [--db DSN]")
	}
	fs := flag.NewFlagSet("export roster", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	out := fs.String("out", "", "输出的 .xlsx 文件 / the .xlsx file to write")
	county := fs.String("county", "", "只导出该区县 / only this county")
	if err := parse(fs, args[1:], env); err != nil {
		return err
	}
	if *out == "" {
		return usageError("缺少 --out / --out is required")
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	f := people.EducatorFilter{}
	if *county != "" {
		c, err := s.db.FindCountyByName(ctx, *county)
		if err != nil {
			return err
		}
		f.CountyID = c.ID
	}
	tmp := *out + ".tmp"
	file, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return usageError("无法写入 %s：%v", *out, err)
	}
	n, err := s.roster.ExportEducators(shellContext(ctx, env), f, file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return app.Wrap("export", err)
	}
	fmt.Fprintf(env.stdout, "已导出 %d 名教职工到 %s / exported\n", n, *out)
	return nil
}

// educatorLine is one educator as `jiaoliu educators list` prints it.
type educatorLine struct {
	Name         string             `json:"name"`
	Gender       string             `json:"gender"`
	BirthDate    app.Date           `json:"birth_date"`
	SchoolCode   string             `json:"school_code"`
	Post         string             `json:"post"`
	Subjects     []string           `json:"subjects"`
	StaffStatus  people.StaffStatus `json:"staff_status"`
	Backbone     string             `json:"backbone"`
	Title        string             `json:"title"`
	JoinedSchool app.Date           `json:"joined_school"`
	PostSince    app.Date           `json:"post_since"`
	IDMasked     string             `json:"id_number_masked"`
}

// runEducators is `jiaoliu educators list --format json|csv`.
func runEducators(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return usageError("用法 / usage: jiaoliu educators list [--format json|csv] [--county NAME] [--db DSN]")
	}
	fs := flag.NewFlagSet("educators list", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	format := fs.String("format", "json", "json 或 csv")
	county := fs.String("county", "", "只列出该区县 / only this county")
	if err := parse(fs, args[1:], env); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" {
		return usageError("--format 应为 json 或 csv / --format must be json or csv")
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	f := people.EducatorFilter{Sort: "school"}
	if *county != "" {
		c, err := s.db.FindCountyByName(ctx, *county)
		if err != nil {
			return err
		}
		f.CountyID = c.ID
	}
	es, _, err := s.people.FindEducators(shellContext(ctx, env), f)
	if err != nil {
		return err
	}
	lines := make([]educatorLine, len(es))
	for i, e := range es {
		lines[i] = educatorLine{Name: e.Name, Gender: e.Gender, BirthDate: e.BirthDate, SchoolCode: e.SchoolCode, Post: e.Post,
			Subjects: e.Subjects, StaffStatus: e.StaffStatus, Backbone: e.Backbone, Title: e.Title, JoinedSchool: e.JoinedSchool,
			PostSince: e.PostSince, IDMasked: e.IDMasked}
	}
	if *format == "json" {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(lines)
	}
	w := csv.NewWriter(env.stdout)
	w.Write([]string{"name", "gender", "birth_date", "school_code", "post", "subjects", "staff_status", "backbone", "title",
		"joined_school", "post_since", "id_number_masked"})
	for _, l := range lines {
		rec := []string{l.Name, l.Gender, l.BirthDate.String(), l.SchoolCode, l.Post, strings.Join(l.Subjects, "、"), string(l.StaffStatus),
			l.Backbone, l.Title, l.JoinedSchool.String(), l.PostSince.String(), l.IDMasked}
		w.Write(sheet.SafeRecord(rec)) // a spreadsheet opening the file must not run a cell
	}
	w.Flush()
	return w.Error()
}
