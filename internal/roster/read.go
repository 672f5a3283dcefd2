package roster

import (
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// The limits of an upload.
const (
	// MaxFileSize is the largest file Read accepts; larger ones are refused
	// before parsing.
	MaxFileSize = 50 << 20
	// MaxUnzippedSize is the most a workbook may expand to; a workbook that
	// declares more, a zip bomb, is refused before anything is unzipped.
	MaxUnzippedSize = 500 << 20
	// MaxRows is the most data rows a sheet may have: a county's roster
	// has tens of thousands. A sheet with more is refused before it is read.
	MaxRows = 200_000
	// MaxColumns is the widest a sheet may be: the template's columns and
	// room for a few of the user's own, which are ignored with a warning.
	// A wider sheet is refused before it is read.
	MaxColumns = 64
)

// progressEvery is how many rows pass between progress reports and
// cancellation checks.
const progressEvery = 1024

// Options control reading.
type Options struct {
	// Today is the date against which dates in the future are errors. It
	// is required: pass app.DateOf(clock.Now()).
	Today app.Date
	// Progress, if set, is called every thousand rows or so and once at the
	// end of each sheet, from the goroutine that called Read.
	Progress func(Progress)
	// MaxIssues caps the issues kept; the ones beyond are counted in a last
	// issue. 0 means no cap.
	MaxIssues int
}

// Progress reports how far reading has got, for a progress bar. Done and
// Total count data rows of a workbook and bytes of CSV files; only their
// ratio matters. A workbook's Total comes from the sheets' declared
// dimensions and from a quick count of the rows ahead, so it may grow
// while reading; it is 0 while unknown.
type Progress struct {
	Sheet       string
	Done, Total int64
}

// reader is the state of one Read: the workbook being filled, the issues,
// and what cross-row checks remember.
type reader struct {
	opts     Options
	wb       *Workbook
	issues   []Issue
	dropped  int
	date1904 bool
	// source names the file or sheet that supplied each kind of sheet, to
	// refuse a second one.
	source [numSheets]source
	// file names the file being read when the upload holds several, for
	// the issues about a whole file; "" otherwise.
	file     string
	dataRows int
	// schoolRow and idRow remember where each school code and ID number was
	// first seen, for duplicates.
	schoolRow   map[string]int
	idRow       map[people.IDNumber]int
	progress    Progress
	sinceReport int
	// liveTotal, if set, estimates Total while a workbook is read.
	liveTotal func() int64
	// rowHint is how many rows the sheet being read declares, to make
	// room for them at once.
	rowHint int
	limits  limits
	// exampleID is the template's example ID number, to warn about
	// example rows left in.
	exampleID people.IDNumber
}

func newReader(opts Options) (*reader, error) {
	if opts.Today.IsZero() || !opts.Today.Valid() {
		return nil, app.Internalf("roster.Read", "Options.Today is required")
	}
	return &reader{
		opts:      opts,
		wb:        &Workbook{Columns: map[string][]string{}},
		schoolRow: map[string]int{},
		idRow:     map[people.IDNumber]int{},
		exampleID: exampleID(),
		limits:    defaultLimits,
	}, nil
}

// add records an issue, unless MaxIssues is reached.
func (r *reader) add(is Issue) {
	if r.opts.MaxIssues > 0 && len(r.issues) >= r.opts.MaxIssues {
		r.dropped++
		return
	}
	r.issues = append(r.issues, is)
}

// fileError records a problem with the file as a whole; sheet is "" for
// the file being read.
func (r *reader) fileError(sheet, zh, en string) {
	if sheet == "" {
		sheet = shownValue(r.file, false)
	}
	r.add(Issue{Sheet: sheet, Message: zh, English: en, Severity: SeverityError})
}

// finish runs the checks that need every row and returns the result.
func (r *reader) finish() (*Workbook, []Issue, error) {
	if r.dataRows == 0 && !HasErrors(r.issues) {
		r.fileError("", "文件中没有数据行：请在“学校”“教职工”或“任职经历”表的表头下填写数据",
			"the file holds no data rows: fill in rows under the header of the 学校, 教职工 or 任职经历 sheet")
	}
	if r.dropped > 0 {
		r.issues = append(r.issues, Issue{
			Message:  fmt.Sprintf("另有%d个问题未列出", r.dropped),
			English:  fmt.Sprintf("%d more issues not listed", r.dropped),
			Severity: SeverityError,
		})
	}
	SortIssues(r.issues)
	return r.wb, r.issues, nil
}

// tick records progress after a row and, every progressEvery rows, reports
// it and checks for cancellation.
func (r *reader) tick(ctx context.Context, sheet string, done int64) error {
	r.progress.Sheet = sheet
	r.progress.Done = done
	r.sinceReport++
	if r.sinceReport < progressEvery {
		return nil
	}
	r.sinceReport = 0
	r.report()
	return ctx.Err()
}

func (r *reader) report() {
	if r.liveTotal != nil {
		r.progress.Total = r.liveTotal()
	}
	if r.progress.Total > 0 && r.progress.Total < r.progress.Done {
		r.progress.Total = r.progress.Done
	}
	if r.opts.Progress != nil {
		r.opts.Progress(r.progress)
	}
}

// maxTitleRows is how many rows above the header (a title such as
// "2024年教职工花名册") are skipped, with a warning.
const maxTitleRows = 5

// sheetParser turns the rows of one sheet, header first, into rows of the
// workbook.
type sheetParser struct {
	r     *reader
	kind  sheetKind
	def   *sheetDef
	name  string // the Chinese sheet name, for issues
	index headerIndex
	// headerRow is the header's row number, 0 until it is found.
	headerRow int
	titles    []int // rows skipped above the header
	// colOf is each standard column's index in the file's rows, or -1.
	colOf [maxColumns]int
	// skip is set when the sheet cannot be read (a required column is
	// missing); its rows are then ignored.
	skip bool
}

func (r *reader) newSheetParser(kind sheetKind) *sheetParser {
	p := &sheetParser{r: r, kind: kind, def: &sheetDefs[kind], name: sheetDefs[kind].zh}
	p.index = newHeaderIndex(p.def)
	for i := range p.colOf {
		p.colOf[i] = -1
	}
	return p
}

// source names what supplied a sheet: a CSV file, or a worksheet and, when
// the upload holds several files, its workbook.
type source struct{ file, sheet string }

func (s source) zh() string {
	if s.file != "" && s.sheet != "" {
		return s.file + " 中的工作表 " + s.sheet
	}
	return s.file + s.sheet
}

func (s source) en() string {
	if s.file != "" && s.sheet != "" {
		return fmt.Sprintf("%q in %s", s.sheet, s.file)
	}
	return fmt.Sprintf("%q", s.file+s.sheet)
}

// claim records that a source supplies the sheet; a second source of the
// same sheet (学校 and schools.csv, or a 学校 sheet in two workbooks) is an
// error and is not read.
func (r *reader) claim(kind sheetKind, src source) bool {
	if prev := r.source[kind]; prev != (source{}) {
		r.add(Issue{Sheet: sheetDefs[kind].zh, Value: shownValue(src.zh(), false),
			Message:  fmt.Sprintf("重复的工作表：“%s”和“%s”都是%s表，只能有一个", shownValue(prev.zh(), false), shownValue(src.zh(), false), sheetDefs[kind].zh),
			English:  fmt.Sprintf("duplicate sheet: %s and %s are both the %s sheet", shownValue(prev.en(), false), shownValue(src.en(), false), sheetDefs[kind].en),
			Severity: SeverityError})
		return false
	}
	r.source[kind] = src
	return true
}

// unknownSheet warns about a sheet or CSV file that is not part of the roster.
func (r *reader) unknownSheet(name string) {
	if r.file != "" {
		name = source{file: r.file, sheet: name}.zh()
	}
	r.add(Issue{Sheet: shownValue(name, false),
		Message:  "未识别的工作表，已忽略；工作表应名为“学校”“教职工”或“任职经历”",
		English:  "unknown sheet, ignored; sheets must be named 学校, 教职工 or 任职经历 (schools, educators, careers)",
		Severity: SeverityWarning})
}

// feed takes the next row of the sheet. cells are the row's cells from
// column A on, as the file holds them.
func (p *sheetParser) feed(row int, cells []string) {
	if p.skip || blankRow(cells) {
		return
	}
	if p.headerRow == 0 {
		p.header(row, cells)
		return
	}
	p.r.dataRows++
	p.convert(row, cells)
}

// blankRow reports whether every cell is empty or white space.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if c != "" && trimSpace(c) != "" {
			return false
		}
	}
	return true
}

// header reads the header row, or skips a title row above it.
func (p *sheetParser) header(row int, cells []string) {
	var found [maxColumns]bool
	var extras []int
	type dup struct{ field, first, second int }
	var dups []dup
	matched := 0
	for i, c := range cells {
		h := trimSpace(c)
		if h == "" {
			continue
		}
		m, ok := p.index.lookup(h)
		if !ok {
			extras = append(extras, i)
			continue
		}
		matched++
		if found[m.field] {
			dups = append(dups, dup{m.field, p.colOf[m.field], i})
			continue
		}
		found[m.field] = true
		p.colOf[m.field] = i
	}
	if matched == 0 {
		if len(p.titles) < maxTitleRows {
			p.titles = append(p.titles, row)
			return
		}
		p.noHeader()
		return
	}
	p.headerRow = row
	if len(p.titles) > 0 {
		p.r.add(Issue{Sheet: p.name, Row: p.titles[0],
			Message:  fmt.Sprintf("表头在第%d行，已忽略上方的标题行", row),
			English:  fmt.Sprintf("the header is on row %d; the title rows above it are ignored", row),
			Severity: SeverityWarning})
	}
	var present []string
	for f := range p.def.columns {
		col := &p.def.columns[f]
		if !found[f] {
			if col.required {
				p.missing(col)
			}
			continue
		}
		present = append(present, col.en)
		h := trimSpace(cells[p.colOf[f]])
		p.r.wb.headers[p.kind][f] = h
		if m, _ := p.index.lookup(h); m.alias {
			p.r.add(Issue{Sheet: p.name, Row: row, Column: h,
				Message:  fmt.Sprintf("列名已按“%s”识别", col.zh),
				English:  fmt.Sprintf("column read as %s (%s)", col.zh, col.en),
				Severity: SeverityWarning})
		}
	}
	for _, d := range dups {
		p.r.add(Issue{Sheet: p.name, Row: row, Column: trimSpace(cells[d.second]),
			Message: fmt.Sprintf("列“%s”重复：第%s列和第%s列", p.def.columns[d.field].zh,
				columnName(d.first), columnName(d.second)),
			English: fmt.Sprintf("column %s appears twice: columns %s and %s", p.def.columns[d.field].en,
				columnName(d.first), columnName(d.second)),
			Severity: SeverityError})
		p.skip = true
	}
	for _, i := range extras {
		p.r.add(Issue{Sheet: p.name, Row: row, Column: shownValue(trimSpace(cells[i]), false),
			Message:  "未识别的列，已忽略",
			English:  "unknown column, ignored",
			Severity: SeverityWarning})
	}
	p.r.wb.Columns[p.name] = present
	if !p.skip && p.r.rowHint > 0 {
		switch wb := p.r.wb; p.kind {
		case schoolsSheet:
			wb.Schools = slices.Grow(wb.Schools, p.r.rowHint)
		case educatorsSheet:
			wb.Educators = slices.Grow(wb.Educators, p.r.rowHint)
		case careersSheet:
			wb.Careers = slices.Grow(wb.Careers, p.r.rowHint)
		}
	}
}

// noHeader reports a sheet whose first rows name none of its columns: every
// required column is missing.
func (p *sheetParser) noHeader() {
	for f := range p.def.columns {
		if col := &p.def.columns[f]; col.required {
			p.missing(col)
		}
	}
	p.skip = true
}

// missing reports a required column the sheet lacks; its rows cannot be read.
func (p *sheetParser) missing(col *column) {
	p.r.add(Issue{Sheet: p.name, Column: col.zh,
		Message:  fmt.Sprintf("缺少必填列“%s”", col.zh),
		English:  fmt.Sprintf("the required column %s (%s) is missing", col.zh, col.en),
		Severity: SeverityError})
	p.skip = true
}

// end is called after the sheet's last row.
func (p *sheetParser) end() {
	if p.headerRow == 0 && !p.skip && len(p.titles) > 0 {
		p.noHeader() // rows, but none of them a header
	}
}

// columnName returns the Excel name of the 0-based column i: A, B, …, AA.
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// convert turns one data row into a row of the workbook. A panic while
// doing so is reported as an error of that row, and reading goes on.
func (p *sheetParser) convert(row int, cells []string) {
	c := rowCtx{p: p, row: row, cells: cells}
	defer func() {
		// The panic's value may quote a cell, which may be an ID number:
		// it is not shown.
		if recover() != nil {
			p.r.add(Issue{Sheet: p.name, Row: row,
				Message:  "处理这一行时发生内部错误；请检查这一行的内容，或联系管理员",
				English:  "internal error while reading this row; check its content or tell the administrator",
				Severity: SeverityError})
		}
	}()
	switch p.kind {
	case schoolsSheet:
		s := c.school()
		if s.Code == exampleSchoolCode {
			c.exampleRow(scCode, s.Code)
		}
		if s.Code != "" {
			if first, dup := p.r.schoolRow[s.Code]; dup {
				c.fail(scCode, s.Code, fmt.Sprintf("学校代码与第%d行重复", first),
					fmt.Sprintf("school code duplicates row %d", first))
			} else {
				p.r.schoolRow[s.Code] = row
			}
		}
		p.r.wb.Schools = append(p.r.wb.Schools, s)
	case educatorsSheet:
		e := c.educator()
		if e.IDNumber == p.r.exampleID {
			c.exampleRow(edID, string(e.IDNumber))
		}
		if e.IDNumber != "" {
			if first, dup := p.r.idRow[e.IDNumber]; dup {
				c.fail(edID, string(e.IDNumber), fmt.Sprintf("身份证号与第%d行重复", first),
					fmt.Sprintf("ID number duplicates row %d", first))
			} else {
				p.r.idRow[e.IDNumber] = row
			}
		}
		p.r.wb.Educators = append(p.r.wb.Educators, e)
	case careersSheet:
		cr := c.career()
		if cr.IDNumber == p.r.exampleID {
			c.exampleRow(caID, string(cr.IDNumber))
		}
		p.r.wb.Careers = append(p.r.wb.Careers, cr)
	}
}

// canceled wraps the error of a cancelled context; errors.Is finds
// context.Canceled or context.DeadlineExceeded in it.
func canceled(err error) error {
	return app.Wrap("roster.Read", err)
}
