package roster

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"jiaoliu/internal/app"
)

// File is one uploaded file. A multipart.File is an io.ReaderAt.
type File struct {
	// Name is the file's name as uploaded; the base name of a CSV file says
	// which sheet it holds: 学校.csv or schools.csv, 教职工.csv or
	// educators.csv, 任职经历.csv or careers.csv.
	Name string
	Size int64
	R    io.ReaderAt
}

// MaxFiles is the most files one upload may hold: a workbook or a CSV file
// for each sheet, and room for a few that are ignored.
const MaxFiles = 10

// ReadFiles reads an upload: one or more .xlsx workbooks and CSV files, each
// sheet at most once across them (学校.xlsx, 教职工.xlsx and 任职经历.csv, or
// one workbook with every sheet). It tells workbooks from CSV files by
// content, and by name only when the content does not say. See Read for
// what it returns.
func ReadFiles(ctx context.Context, files []File, opts Options) (*Workbook, []Issue, error) {
	rd, err := newReader(opts)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case len(files) == 0:
		rd.fileError("", "没有上传文件", "no file was uploaded")
		return rd.finish()
	case len(files) > MaxFiles:
		rd.fileError("", fmt.Sprintf("一次上传了%d个文件，最多%d个：每个工作表一个文件，或一个包含各工作表的工作簿", len(files), MaxFiles),
			fmt.Sprintf("%d files were uploaded, at most %d: one file per sheet, or one workbook with every sheet", len(files), MaxFiles))
		return rd.finish()
	}
	for _, f := range files {
		if len(files) > 1 {
			rd.file = baseName(f.Name)
		}
		if isWorkbookFile(f) {
			err = rd.readXLSX(ctx, f.R, f.Size)
			// The next file's progress counts on from here.
			rd.liveTotal, rd.progress.Total = nil, rd.progress.Done
		} else {
			err = rd.readCSVFiles(ctx, []File{f})
		}
		if err != nil {
			return nil, nil, err
		}
	}
	rd.file = ""
	return rd.finish()
}

// baseName is a file's name without the folders a browser or a shell may
// give with it.
func baseName(name string) string {
	return path.Base(strings.ReplaceAll(name, "\\", "/"))
}

// isWorkbookFile reports whether f is, or claims to be, a workbook.
func isWorkbookFile(f File) bool {
	head := make([]byte, 8)
	n, _ := f.R.ReadAt(head, 0)
	if sniff(head[:n]) != unknownType {
		return true
	}
	switch strings.ToLower(path.Ext(f.Name)) {
	case ".xlsx", ".xlsm", ".xls", ".et", ".ods":
		return true
	}
	return false
}

// ReadCSV reads CSV files, one per sheet, the sheet named by each file's base
// name. A file may be UTF-8 (with or without a byte-order mark), GB18030
// (what Excel writes on Chinese Windows), or UTF-16 with a byte-order mark
// (Excel's "Unicode text", tab-separated); valid UTF-8 is taken as UTF-8,
// anything else as GB18030. See Read for what it returns.
func ReadCSV(ctx context.Context, files []File, opts Options) (*Workbook, []Issue, error) {
	rd, err := newReader(opts)
	if err != nil {
		return nil, nil, err
	}
	if len(files) == 0 {
		rd.fileError("", "没有上传文件", "no file was uploaded")
	}
	if err := rd.readCSVFiles(ctx, files); err != nil {
		return nil, nil, err
	}
	return rd.finish()
}

func (rd *reader) readCSVFiles(ctx context.Context, files []File) error {
	type job struct {
		f    File
		kind sheetKind
	}
	var jobs []job
	for _, f := range files {
		base := baseName(f.Name)
		stem := strings.TrimSuffix(base, path.Ext(base))
		kind, ok, notes := sheetOf(stem)
		switch {
		case notes:
		case !ok:
			rd.add(Issue{Sheet: shownValue(base, false),
				Message:  "无法从文件名判断是哪张表，已忽略；CSV 文件应命名为 学校.csv、教职工.csv 或 任职经历.csv",
				English:  "cannot tell the sheet from the file name, ignored; name CSV files 学校.csv, 教职工.csv or 任职经历.csv (or schools.csv, educators.csv, careers.csv)",
				Severity: SeverityWarning})
		case rd.claim(kind, source{file: base}):
			jobs = append(jobs, job{f, kind})
			rd.progress.Total += max(f.Size, 0)
		}
	}
	for _, j := range jobs {
		if err := rd.readCSV(ctx, j.f, j.kind); err != nil {
			return err
		}
	}
	rd.report()
	return nil
}

// readCSV reads one CSV file into a sheet.
func (rd *reader) readCSV(ctx context.Context, f File, kind sheetKind) error {
	sheet := sheetDefs[kind].zh
	if !rd.sizeOK(sheet, f.Size) {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return canceled(err)
	}
	data := make([]byte, f.Size)
	n, err := f.R.ReadAt(data, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return app.Wrap("roster.ReadCSV", err)
	}
	data = data[:n]
	if t := sniff(data); t != unknownType {
		rd.fileError(sheet, "这是 Excel 工作簿，不是 CSV 文件；请直接上传这个工作簿（改名为 .xlsx）",
			"this is an Excel workbook, not a CSV file; upload it as .xlsx")
		return nil
	}
	text, ok := decodeText(data)
	if !ok {
		rd.fileError(sheet, "不是文本文件，无法作为 CSV 读取", "not a text file; cannot read it as CSV")
		return nil
	}
	data = nil
	base := rd.progress.Done

	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delimiter(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	p := rd.newSheetParser(kind)
	// Excel numbers records, not lines: a quoted cell may span lines, and
	// a blank line, which encoding/csv skips, is a row too.
	row, endLine := 0, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			rd.add(Issue{Sheet: sheet, Row: row + 1, Message: "CSV 格式错误，无法继续读取", English: "malformed CSV; reading stopped", Severity: SeverityError})
			break
		}
		line, _ := cr.FieldPos(0)
		row += 1 + max(line-endLine-1, 0)
		endLine = line
		for _, field := range rec {
			endLine += strings.Count(field, "\n")
		}
		p.feed(row, rec)
		if err := rd.tick(ctx, sheet, base+cr.InputOffset()*f.Size/int64(max(len(text), 1))); err != nil {
			return canceled(err)
		}
	}
	p.end()
	rd.progress.Done = base + f.Size
	rd.report()
	return nil
}

// decodeText decodes a CSV file to UTF-8: UTF-16 with a byte-order mark,
// UTF-8 (a byte-order mark dropped), or else GB18030. ok is false for
// binary data.
func decodeText(b []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b)
		if err != nil {
			return "", false
		}
		return string(out), true
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	}
	if bytes.IndexByte(b[:min(len(b), 8192)], 0) >= 0 {
		return "", false
	}
	if utf8.Valid(b) {
		return string(b), true
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	return string(out), true
}

// delimiter returns ',' unless the first line has tabs and no commas, as
// Excel's "Unicode text" has.
func delimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	if strings.Contains(first, "\t") && !strings.Contains(first, ",") {
		return '\t'
	}
	return ','
}
