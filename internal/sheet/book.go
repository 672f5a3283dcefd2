// Package sheet writes the workbooks jiaoliu's reports and lists download:
// titled, with bold headers, every text cell neutralised so that a
// spreadsheet never runs it as a formula. The standard roster workbook has
// its own writer in package roster.
package sheet

import (
	"bytes"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
)

// SafeCell neutralises text a spreadsheet would run as a formula by
// prefixing an apostrophe (OWASP's advice against CSV injection), so an
// exported "=1+1" stays text in Excel, WPS and LibreOffice, and in any CSV
// saved from them. Text that already starts with apostrophes before such a
// character gets one more, so that a reader removing one apostrophe from a
// Formulaic cell (as the roster import does) gets the text back.
func SafeCell(s string) string {
	if Formulaic(s) {
		return "'" + s
	}
	return s
}

// SafeRecord neutralises every cell of a CSV record (SafeCell), in place,
// and returns it.
func SafeRecord(rec []string) []string {
	for i := range rec {
		rec[i] = SafeCell(rec[i])
	}
	return rec
}

// Formulaic reports whether s, after any leading apostrophes, starts with a
// character that makes a spreadsheet treat text as a formula (= + - @) or
// hide what follows (a tab or a carriage return).
func Formulaic(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// Book is a workbook being written, with its styles. The first error
// sticks: later calls do nothing and Bytes returns it.
type Book struct {
	f           *excelize.File
	title, head int
	err         error
}

// NewBook starts a workbook.
func NewBook() *Book {
	b := &Book{f: excelize.NewFile()}
	b.title, b.err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if b.err == nil {
		b.head, b.err = b.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F2EF"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Border:    []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}})
	}
	return b
}

// Sheet names a new sheet (the first replaces the default one).
func (b *Book) Sheet(name string) {
	if b.err != nil {
		return
	}
	if b.f.SheetCount == 1 && b.f.GetSheetName(0) == "Sheet1" {
		b.err = b.f.SetSheetName("Sheet1", name)
		return
	}
	_, b.err = b.f.NewSheet(name)
}

// Row writes values from column A of row r; text is neutralised.
func (b *Book) Row(sheet string, r int, values ...any) {
	if b.err != nil {
		return
	}
	for i, v := range values {
		if s, ok := v.(string); ok {
			v = SafeCell(s)
		}
		cell, err := excelize.CoordinatesToCellName(i+1, r)
		if err == nil {
			err = b.f.SetCellValue(sheet, cell, v)
		}
		if err != nil {
			b.err = err
			return
		}
	}
}

// TitleRow writes a title merged over n columns.
func (b *Book) TitleRow(sheet string, r, n int, text string) {
	b.Row(sheet, r, text)
	if b.err != nil {
		return
	}
	last, _ := excelize.CoordinatesToCellName(n, r)
	first, _ := excelize.CoordinatesToCellName(1, r)
	if b.err = b.f.MergeCell(sheet, first, last); b.err == nil {
		b.err = b.f.SetCellStyle(sheet, first, last, b.title)
	}
}

// Header writes a bold header row.
func (b *Book) Header(sheet string, r int, names ...string) {
	vals := make([]any, len(names))
	for i, n := range names {
		vals[i] = n
	}
	b.Row(sheet, r, vals...)
	if b.err == nil {
		first, _ := excelize.CoordinatesToCellName(1, r)
		last, _ := excelize.CoordinatesToCellName(len(names), r)
		b.err = b.f.SetCellStyle(sheet, first, last, b.head)
	}
}

// Widths sets the widths of the first columns.
func (b *Book) Widths(sheet string, ws ...float64) {
	for i, w := range ws {
		if b.err != nil {
			return
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		b.err = b.f.SetColWidth(sheet, col, col, w)
	}
}

// Bytes is the workbook as an .xlsx file.
func (b *Book) Bytes() ([]byte, error) {
	if b.err != nil {
		return nil, app.Wrap("sheet.Bytes", b.err)
	}
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		return nil, app.Wrap("sheet.Bytes", err)
	}
	return buf.Bytes(), nil
}
