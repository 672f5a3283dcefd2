package roster

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"jiaoliu/internal/people"
)

// Severity tells whether an Issue blocks the import.
type Severity string

// The severities. An import with any error changes nothing; warnings (an
// extra column, a header under another name) are shown and do not block.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Issue is one problem found in an uploaded roster, located as the user sees
// it in Excel. It never holds a full ID number: Value shows ID numbers
// masked (110105********002X), and messages never repeat them.
type Issue struct {
	// Sheet is the Chinese sheet name (学校, 教职工, 任职经历), or the sheet's
	// name as in the file when it is not one of them; empty for a problem
	// with the file as a whole.
	Sheet string
	// Row is the row as Excel numbers it (the header is row 1), or 0 for a
	// problem with the whole sheet or file, such as a missing column.
	Row int
	// Column is the header as written in the file, or the standard Chinese
	// header when the column is missing.
	Column string
	// Value is the cell's value as shown, ID numbers masked.
	Value string
	// Message says what is wrong, in Chinese; English says it in English.
	Message  string
	English  string
	Severity Severity
}

// String formats the issue as 教职工 第17行 身份证号 "110105********0021": 校验码应为 X.
// Warnings start with 警告.
func (is Issue) String() string {
	var b strings.Builder
	if is.Severity == SeverityWarning {
		b.WriteString("警告 ")
	}
	sep := func() {
		if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
		}
	}
	if is.Sheet != "" {
		b.WriteString(is.Sheet)
	}
	if is.Row > 0 {
		sep()
		b.WriteString("第")
		b.WriteString(strconv.Itoa(is.Row))
		b.WriteString("行")
	}
	if is.Column != "" {
		sep()
		b.WriteString(is.Column)
	}
	if is.Value != "" {
		sep()
		b.WriteByte('"')
		b.WriteString(is.Value)
		b.WriteByte('"')
	}
	if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") {
		b.WriteString(": ")
	}
	b.WriteString(is.Message)
	return b.String()
}

// HasErrors reports whether any issue is an error, which makes the import
// change nothing.
func HasErrors(issues []Issue) bool {
	for i := range issues {
		if issues[i].Severity == SeverityError {
			return true
		}
	}
	return false
}

// SortIssues orders issues for display: problems with the whole file first,
// then by sheet (学校, 教职工, 任职经历, others) and by row. Issues of one row
// keep their order, which is the order of the columns. Call it after
// appending the issues of Workbook.CheckRefs to those of Read.
func SortIssues(issues []Issue) {
	slices.SortStableFunc(issues, func(a, b Issue) int {
		if ra, rb := sheetRank(a.Sheet), sheetRank(b.Sheet); ra != rb {
			return ra - rb
		}
		if a.Sheet != b.Sheet {
			return strings.Compare(a.Sheet, b.Sheet)
		}
		return a.Row - b.Row
	})
}

func sheetRank(sheet string) int {
	if sheet == "" {
		return 0
	}
	for k := range sheetDefs {
		if sheet == sheetDefs[k].zh {
			return 1 + k
		}
	}
	return 1 + int(numSheets)
}

// maxShownValue is the most characters of a cell an Issue shows.
const maxShownValue = 60

// shownValue is how an Issue shows a cell's value: an ID column masked, and
// in any column every run of 15 or more digits (an ID number typed into the
// wrong column) masked too; control characters become spaces and long text
// is cut.
func shownValue(v string, idColumn bool) string {
	if v == "" {
		return ""
	}
	if idColumn {
		v = people.MaskIDNumber(v)
	}
	var b strings.Builder
	runStart := -1
	flush := func(end int) {
		if runStart < 0 {
			return
		}
		run := v[runStart:end]
		if len(run) >= 15 {
			run = people.MaskIDNumber(run)
		}
		b.WriteString(run)
		runStart = -1
	}
	for i, r := range v {
		if r >= '0' && r <= '9' || (r == 'X' || r == 'x') && runStart >= 0 {
			if runStart < 0 {
				runStart = i
			}
			continue
		}
		flush(i)
		if r < ' ' || r == utf8.RuneError || r == 0x7f {
			r = ' '
		}
		b.WriteRune(r)
	}
	flush(len(v))
	s := b.String()
	if utf8.RuneCountInString(s) > maxShownValue {
		s = string([]rune(s)[:maxShownValue]) + "…"
	}
	return s
}
