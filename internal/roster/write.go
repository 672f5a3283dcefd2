package roster

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/sheet"
)

// WriteOptions control Write.
type WriteOptions struct {
	// FullIDNumbers writes ID numbers, and birth dates, in full. Set it only
	// for users whose role may see them, and audit the export. By default
	// ID numbers are masked (110105************) and the 出生日期 column is
	// left empty, as on the pages of roles that may not see full numbers;
	// such an export cannot be imported again, since a masked number
	// identifies nobody.
	FullIDNumbers bool
}

// Write exports wb as an .xlsx workbook in the standard layout: the sheets
// that have rows (all three when wb has none), each with its header row
// frozen, drop-down lists on enumerated columns and text-formatted code
// and ID columns, then the notes sheet. Enumerations are written as their
// Chinese labels, dates as date cells, and text that a spreadsheet would run
// as a formula (= + - @ tab CR) is prefixed with an apostrophe, which Read
// removes again. Read gives back the same rows, so an export with full ID
// numbers is a valid import that changes nothing. Row fields are ignored:
// rows are written in slice order. Masking is idempotent, so a caller
// holding only masked ID numbers may put them in IDNumber.
func Write(w io.Writer, wb *Workbook, opts WriteOptions) error {
	kinds := make([]sheetKind, 0, numSheets)
	if len(wb.Schools) > 0 {
		kinds = append(kinds, schoolsSheet)
	}
	if len(wb.Educators) > 0 {
		kinds = append(kinds, educatorsSheet)
	}
	if len(wb.Careers) > 0 {
		kinds = append(kinds, careersSheet)
	}
	if len(kinds) == 0 {
		kinds = append(kinds, schoolsSheet, educatorsSheet, careersSheet)
	}
	return write(w, wb, kinds, opts, false)
}

// WriteTemplate writes the standard workbook users download and fill in:
// the 学校, 教职工 and 任职经历 sheets with their headers and one example
// row each (a fictional school and a fictional, checksum-valid ID number),
// and the notes sheet. It reads back without errors; the example rows
// give a warning.
func WriteTemplate(w io.Writer) error {
	return write(w, exampleWorkbook(), []sheetKind{schoolsSheet, educatorsSheet, careersSheet},
		WriteOptions{FullIDNumbers: true}, true)
}

// The template's example rows. Read warns about rows that carry them, in
// case a user forgets to delete them.
const (
	exampleSchoolCode = "EX0001"
	exampleIDFirst17  = "11010519850901002" // born 1985-09-01, female
)

// exampleID returns the template's fictional ID number.
func exampleID() people.IDNumber {
	return people.IDNumber(exampleIDFirst17 + string(people.IDCheckChar(exampleIDFirst17)))
}

func exampleWorkbook() *Workbook {
	lon, lat := 116.397, 39.908
	classes, pupils, boarders := 12, 480, 60
	id := exampleID()
	return &Workbook{
		Schools: []SchoolRow{{Code: exampleSchoolCode, Name: "示例小学", County: "示例区", Level: "primary",
			Location: "rural", Weak: false, Consortium: "示例联合体", Longitude: &lon, Latitude: &lat,
			Classes: &classes, Pupils: &pupils, Boarders: &boarders}},
		Educators: []EducatorRow{{IDNumber: id, Name: "王芳", Gender: people.GenderFemale, BirthDate: id.BirthDate(),
			SchoolCode: exampleSchoolCode, Post: people.PostTeacher, Subjects: []string{"语文", "道德与法治"},
			StaffStatus: people.StaffEstablished, Backbone: "county_backbone", Title: "一级教师",
			JoinedSchool: app.NewDate(2012, 9, 1), PostSince: app.NewDate(2012, 9, 1), Homeroom: true}},
		Careers: []CareerRow{{IDNumber: id, SchoolCode: exampleSchoolCode, Post: people.PostTeacher,
			Start: app.NewDate(2012, 9, 1), Kind: people.CareerAppointment}},
	}
}

// styles are the cell styles of a written workbook.
type styles struct {
	header, text, date, exampleText, exampleDate, exampleNumber, wrap int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	for _, def := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Vertical: "center"}}},
		{&s.text, excelize.Style{NumFmt: 49}}, // "@": text, so Excel keeps all 18 digits and leading zeros
		{&s.date, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}},
		{&s.exampleText, excelize.Style{NumFmt: 49, Font: &excelize.Font{Italic: true, Color: "808080"}}},
		{&s.exampleDate, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd"), Font: &excelize.Font{Italic: true, Color: "808080"}}},
		{&s.exampleNumber, excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		if *def.dst, err = f.NewStyle(&def.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

func ptr[T any](v T) *T { return &v }

// write writes the given sheets of wb and the notes sheet.
func write(w io.Writer, wb *Workbook, kinds []sheetKind, opts WriteOptions, example bool) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	st, err := newStyles(f)
	if err != nil {
		return app.Wrap("roster.Write", err)
	}
	for i, k := range kinds {
		name := sheetDefs[k].zh
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return app.Wrap("roster.Write", err)
		}
		if err := writeSheet(f, k, wb, opts, st, example); err != nil {
			return app.Wrap("roster.Write", fmt.Errorf("sheet %s: %w", name, err))
		}
	}
	if err := writeNotes(f, st); err != nil {
		return app.Wrap("roster.Write", fmt.Errorf("notes: %w", err))
	}
	// The first sheet is the active one. (SetActiveSheet would load every
	// streamed sheet back into memory.)
	if err := f.Write(w); err != nil {
		return app.Wrap("roster.Write", err)
	}
	return nil
}

// rowCount returns how many rows wb has of a sheet.
func rowCount(wb *Workbook, k sheetKind) int {
	switch k {
	case schoolsSheet:
		return len(wb.Schools)
	case educatorsSheet:
		return len(wb.Educators)
	}
	return len(wb.Careers)
}

// writeSheet streams one data sheet.
func writeSheet(f *excelize.File, k sheetKind, wb *Workbook, opts WriteOptions, st styles, example bool) error {
	def := &sheetDefs[k]
	n := rowCount(wb, k)
	last, err := excelize.CoordinatesToCellName(len(def.columns), n+1)
	if err != nil {
		return err
	}
	// Set before the stream writer copies the sheet's head, so that readers
	// (and Read's progress bar) know the row count.
	if err := f.SetSheetDimension(def.zh, "A1:"+last); err != nil {
		return err
	}
	if err := addValidations(f, def); err != nil {
		return err
	}
	if err := addHeaderComments(f, def); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(def.zh)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	for i, c := range def.columns {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
		style := 0
		switch {
		case c.text:
			style = st.text
		case c.date:
			style = st.date
		}
		if style != 0 {
			if err := sw.SetColStyle(i+1, i+1, style); err != nil {
				return err
			}
		}
	}
	cells := make([]any, len(def.columns))
	for i, c := range def.columns {
		cells[i] = excelize.Cell{StyleID: st.header, Value: c.zh}
	}
	if err := sw.SetRow("A1", cells, excelize.RowOpts{Height: 20}); err != nil {
		return err
	}
	cw := cellWriter{textStyle: st.text, dateStyle: st.date, cells: cells, full: opts.FullIDNumbers}
	if example {
		cw.textStyle, cw.dateStyle, cw.numberStyle = st.exampleText, st.exampleDate, st.exampleNumber
	}
	for i := 0; i < n; i++ {
		clear(cells)
		switch k {
		case schoolsSheet:
			cw.school(&wb.Schools[i])
		case educatorsSheet:
			cw.educator(&wb.Educators[i])
		case careersSheet:
			cw.career(&wb.Careers[i])
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellWriter fills the cells of one row for the stream writer.
type cellWriter struct {
	textStyle, dateStyle, numberStyle int
	cells                             []any
	full                              bool
}

// str sets a text cell, neutralised against formula injection.
func (w *cellWriter) str(i int, s string) {
	if s == "" {
		return
	}
	w.cells[i] = excelize.Cell{StyleID: w.textStyle, Value: sheet.SafeCell(s)}
}

func (w *cellWriter) term(i int, vocab app.Vocab, code string) {
	if code != "" {
		w.str(i, vocab.Label(code, "zh"))
	}
}

func (w *cellWriter) date(i int, d app.Date) {
	if !d.IsZero() && d.Valid() && d.Year >= 1900 {
		w.cells[i] = excelize.Cell{StyleID: w.dateStyle, Value: excelSerial(d)}
	}
}

func (w *cellWriter) id(i int, id people.IDNumber) {
	if id == "" {
		return
	}
	s := string(id)
	if !w.full {
		s = people.MaskIDNumber(s)
	}
	w.str(i, s)
}

func (w *cellWriter) float(i int, v *float64) {
	if v != nil {
		w.cells[i] = excelize.Cell{StyleID: w.numberStyle, Value: *v}
	}
}

func (w *cellWriter) school(s *SchoolRow) {
	cols := sheetDefs[schoolsSheet].columns
	w.str(scCode, s.Code)
	w.str(scName, s.Name)
	w.str(scCounty, s.County)
	w.term(scLevel, cols[scLevel].vocab, s.Level)
	w.term(scLocation, cols[scLocation].vocab, s.Location)
	if s.Weak {
		w.str(scWeak, "是")
	} else {
		w.str(scWeak, "否")
	}
	w.term(scDemonstration, cols[scDemonstration].vocab, s.Demonstration)
	w.str(scConsortium, s.Consortium)
	w.float(scLongitude, s.Longitude)
	w.float(scLatitude, s.Latitude)
	w.count(scClasses, s.Classes)
	w.count(scPupils, s.Pupils)
	w.count(scBoarders, s.Boarders)
}

func (w *cellWriter) count(i int, v *int) {
	if v != nil {
		w.cells[i] = excelize.Cell{StyleID: w.numberStyle, Value: *v}
	}
}

func (w *cellWriter) educator(e *EducatorRow) {
	cols := sheetDefs[educatorsSheet].columns
	w.id(edID, e.IDNumber)
	w.str(edName, e.Name)
	w.term(edGender, cols[edGender].vocab, e.Gender)
	if w.full {
		// Birth dates go only to those who may see full numbers, as on
		// the pages.
		w.date(edBirth, e.BirthDate)
	}
	w.str(edSchool, e.SchoolCode)
	w.term(edPost, cols[edPost].vocab, e.Post)
	w.str(edSubjects, strings.Join(e.Subjects, "、"))
	w.term(edStaff, cols[edStaff].vocab, string(e.StaffStatus))
	w.term(edBackbone, cols[edBackbone].vocab, e.Backbone)
	w.str(edTitle, e.Title)
	w.date(edJoined, e.JoinedSchool)
	w.date(edPostSince, e.PostSince)
	w.str(edHomeroom, people.HomeroomText(e.Homeroom))
}

func (w *cellWriter) career(c *CareerRow) {
	cols := sheetDefs[careersSheet].columns
	w.id(caID, c.IDNumber)
	w.str(caSchool, c.SchoolCode)
	w.term(caPost, cols[caPost].vocab, c.Post)
	w.date(caStart, c.Start)
	w.date(caEnd, c.End)
	w.term(caKind, cols[caKind].vocab, c.Kind)
}

// addValidations adds a drop-down list to every enumerated column and to
// the 是/否 column.
func addValidations(f *excelize.File, def *sheetDef) error {
	for i, c := range def.columns {
		var list []string
		switch {
		case c.vocab != nil:
			list = c.vocab.Zh()
		case def.en == "schools" && i == scWeak, def.en == "educators" && i == edHomeroom:
			list = []string{"是", "否"}
		default:
			continue
		}
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = col + "2:" + col + strconv.Itoa(excelize.TotalRows)
		if err := dv.SetDropList(list); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, c.zh+"填写有误", "请从下拉列表中选择："+strings.Join(list, "、"))
		if err := f.AddDataValidation(def.zh, dv); err != nil {
			return err
		}
	}
	return nil
}

// addHeaderComments notes each header's English name and meaning on the
// header cell.
func addHeaderComments(f *excelize.File, def *sheetDef) error {
	for i, c := range def.columns {
		cell, err := excelize.CoordinatesToCellName(i+1, 1)
		if err != nil {
			return err
		}
		text := c.en + "\n" + c.note
		if c.vocab != nil {
			text += "\n可选：" + strings.Join(c.vocab.Zh(), "、")
		}
		if err := f.AddComment(def.zh, excelize.Comment{Cell: cell, Author: "jiaoliu", Text: text}); err != nil {
			return err
		}
	}
	return nil
}

// writeNotes writes the notes sheet: how to fill in the workbook, then one
// row per column.
func writeNotes(f *excelize.File, st styles) error {
	if _, err := f.NewSheet(SheetNotes); err != nil {
		return err
	}
	general := []string{
		"本工作簿是教职工花名册的标准格式：可以下载后填写再上传，导出的名单也是这个格式，可以修改后重新上传。",
		"可以只填写其中几张表；表和列的顺序不限。列名可以写中文或英文（如 身份证号 或 id_number），多余的列会被忽略。",
		"日期可以写成 2012-09-01、2012/9/1、2012.9.1 或 2012年9月1日，也可以使用 Excel 的日期格式。",
		"每张表第2行（灰色斜体）是示例，上传前请删除。",
		"上传时会检查每一行；只要有一个错误，就不会导入任何数据，请按错误列表修改后重新上传。",
		"身份证号是教职工的唯一标识。导出的身份证号默认只显示前6位，这样的文件不能用于导入。",
		"也可以把每张表另存为 CSV 文件上传，文件名为表名，如 教职工.csv（UTF-8 或 GBK/GB18030 编码）。",
	}
	row := 1
	set := func(values []any, style int) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		if err := f.SetSheetRow(SheetNotes, cell, &values); err != nil {
			return err
		}
		if style != 0 {
			end, _ := excelize.CoordinatesToCellName(len(values), row-1)
			return f.SetCellStyle(SheetNotes, cell, end, style)
		}
		return nil
	}
	if err := set([]any{"填写说明"}, st.header); err != nil {
		return err
	}
	for _, g := range general {
		if err := set([]any{g}, 0); err != nil {
			return err
		}
	}
	row++
	if err := set([]any{"工作表", "列名", "英文列名", "必填", "说明", "可选值"}, st.header); err != nil {
		return err
	}
	for k := range sheetDefs {
		def := &sheetDefs[k]
		if err := set([]any{def.zh, "", def.en, "", def.note, ""}, 0); err != nil {
			return err
		}
		for _, c := range def.columns {
			required := ""
			if c.required {
				required = "是"
			}
			values := ""
			if c.vocab != nil {
				values = strings.Join(c.vocab.Zh(), "、")
			}
			if err := set([]any{def.zh, c.zh, c.en, required, c.note, values}, st.wrap); err != nil {
				return err
			}
		}
	}
	for col, width := range []float64{10, 12, 14, 6, 60, 50} {
		name, _ := excelize.ColumnNumberToName(col + 1)
		if err := f.SetColWidth(SheetNotes, name, name, width); err != nil {
			return err
		}
	}
	return nil
}
