package roster

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
)

// sheetDump is every row of every sheet of a workbook as a reader gives
// them, and whether it stopped on an error.
type sheetDump struct {
	sheets []string
	rows   map[string][][]string
	failed map[string]bool
}

// excelizeDump reads a workbook with excelize's Rows iterator, as the
// roster read it before it had its own reader.
func excelizeDump(t testing.TB, data []byte) (sheetDump, error) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return sheetDump{}, err
	}
	defer f.Close()
	d := sheetDump{rows: map[string][][]string{}, failed: map[string]bool{}}
	for _, name := range f.GetSheetList() {
		d.sheets = append(d.sheets, name)
		rows, err := f.Rows(name)
		if err != nil {
			d.failed[name] = true
			continue
		}
		for rows.Next() {
			cells, err := rows.Columns()
			if err != nil {
				d.failed[name] = true
				break
			}
			d.rows[name] = append(d.rows[name], slices.Clone(cells))
		}
		if rows.Error() != nil {
			d.failed[name] = true
		}
		rows.Close()
	}
	return d, nil
}

// ourDump reads a workbook with sheetRows.
func ourDump(t testing.TB, data []byte) (sheetDump, error) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return sheetDump{}, err
	}
	book, ok := readWorkbookPart(zr)
	if !ok {
		return sheetDump{}, errors.New("no workbook part")
	}
	var sst *sharedStrings
	if f := zipEntry(zr, "xl/sharedStrings.xml"); f != nil {
		rc, err := f.Open()
		if err != nil {
			return sheetDump{}, err
		}
		sst, err = readSharedStrings(newXMLTokenizer(rc), defaultLimits.xml)
		rc.Close()
		if err != nil {
			return sheetDump{}, fmt.Errorf("shared strings: %w", err)
		}
		defer sst.Close()
	}
	d := sheetDump{rows: map[string][][]string{}, failed: map[string]bool{}}
	for _, sh := range book.sheets {
		d.sheets = append(d.sheets, sh.name)
		f := zipEntry(zr, sh.entry)
		if f == nil {
			d.failed[sh.name] = true
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return sheetDump{}, err
		}
		rows := newSheetRows(newXMLTokenizer(rc), sst)
		for rows.Next() {
			cells, err := rows.Columns()
			if err != nil {
				d.failed[sh.name] = true
				break
			}
			d.rows[sh.name] = append(d.rows[sh.name], slices.Clone(cells))
		}
		if rows.Error() != nil {
			d.failed[sh.name] = true
		}
		rc.Close()
	}
	return d, nil
}

// sameRows reports the first difference between two dumps, "" when they
// agree cell by cell.
func sameRows(want, got sheetDump) string {
	if !slices.Equal(want.sheets, got.sheets) {
		return fmt.Sprintf("sheets %q, want %q", got.sheets, want.sheets)
	}
	for _, name := range want.sheets {
		if want.failed[name] != got.failed[name] {
			return fmt.Sprintf("sheet %s: failed = %v, want %v", name, got.failed[name], want.failed[name])
		}
		w, g := want.rows[name], got.rows[name]
		for i := 0; i < max(len(w), len(g)); i++ {
			if i >= len(w) || i >= len(g) {
				return fmt.Sprintf("sheet %s: %d rows, want %d", name, len(g), len(w))
			}
			if len(w[i]) != len(g[i]) || !slices.Equal(w[i], g[i]) {
				return fmt.Sprintf("sheet %s row %d: %q, want %q", name, i+1, g[i], w[i])
			}
		}
	}
	return ""
}

func checkSameRows(t *testing.T, name string, data []byte) {
	t.Helper()
	want, err := excelizeDump(t, data)
	if err != nil {
		t.Fatalf("%s: excelize: %v", name, err)
	}
	got, err := ourDump(t, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if diff := sameRows(want, got); diff != "" {
		t.Errorf("%s: %s", name, diff)
	}
}

// readerCases are workbooks as Excel, WPS, LibreOffice and streaming
// writers save them, and the corners of the format.
func readerCases(t testing.TB) map[string][]byte {
	cases := map[string][]byte{
		"template":            templateBytes(t),
		"excelize rows":       bigWorkbook(t, 300),
		"excelize stream":     streamWorkbook(t, 300),
		"excelize mixed":      mixedWorkbook(t),
		"export with example": exportBytes(t),
	}
	header := inlineRow(1, stdHeader(educatorsSheet)...)
	raw := map[string]rawXLSX{
		"inline strings and rich inline text": {sheets: []rawSheet{{name: "教职工", data: header +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>` + idMale1980 + `</t></is></c>` +
			`<c r="B2" t="inlineStr"><is><r><rPr><b/><sz val="11"/><rFont val="宋体"/><family val="3"/><charset val="134"/></rPr><t>张</t></r><r><t xml:space="preserve"> 伟 </t></r></is></c>` +
			`<c r="C2" t="inlineStr"><is><t>男</t><rPh sb="0" eb="1"><t>ナン</t></rPh><phoneticPr fontId="1" type="noConversion"/></is></c>` +
			`<c r="D2" t="inlineStr"><is/></c><c r="E2" t="inlineStr"><v>S001</v></c></row>`}}},
		"shared strings with runs and phonetics": {sheets: []rawSheet{{name: "学校", data: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v> 1 </v></c>` +
			`<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>99</v></c><c r="F1" t="s"><v>x</v></c><c r="G1" t="s"/></row>`}},
			sharedStr: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<sst xmlns="` + mainNS + `" count="4" uniqueCount="4">` +
				`<si><t>学校代码</t></si><si><r><rPr><b/></rPr><t>学校</t></r><r><t xml:space="preserve">名称 </t></r><rPh sb="0" eb="2"><t>がっこう</t></rPh></si>` +
				`<si><t>区&amp;县_x000D__x005F_x0041_</t><t>last t wins</t></si><si><t><![CDATA[学段<>]]></t></si></sst>`},
		"cells without r and sparse rows": {sheets: []rawSheet{{name: "学校", data: `<row><c t="inlineStr"><is><t>a</t></is></c><c/><c><v>1</v></c></row>` +
			`<row r="4"><c r="C4"><v>2</v></c><c><v>3</v></c><c r="H4" s="3"/><c r="J4"><f>A1</f></c></row><row/><row spans="1:3"><c r="B6"><v>4</v></c></row>` +
			`<row r="9"/><row r="10"><c r="A10" t="b"><v>1</v></c><c r="B10" t="e"><v>#N/A</v></c><c r="C10" t="d"><v>2012-09-01T00:00:00Z</v></c>` +
			`<c r="D10" t="str"><f>"a"</f><v>a</v></c><c r="E10" t="n"><v>1.5E+3</v></c></row>`}}},
		"rows and cells out of order": {sheets: []rawSheet{{name: "学校", data: `<row r="5"><c r="C5"><v>5</v></c><c r="A5"><v>1</v></c></row>` +
			`<row r="3"><c r="B3"><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row><row r="7"><c r="A7"><v>7</v></c></row><row><c><v>8</v></c></row>`}}},
		"WPS": {sheets: []rawSheet{{name: "教职工", data: `<row r="1" spans="1:3" ht="13.5" x14ac:dyDescent="0.15" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
			`<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c><c r="C1" s="2"><v>43344</v></c></row>`}},
			sharedStr: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="` + mainNS + `" count="2" uniqueCount="2"><si><t>身份证号</t><phoneticPr fontId="1" type="noConversion"/></si><si><t xml:space="preserve">姓名 </t></si></sst>`},
		"LibreOffice": {sheets: []rawSheet{{name: "学校", data: `<row r="1" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" collapsed="false">` +
			`<c r="A1" s="0" t="s"><v>0</v></c><c r="B1" s="0" t="n"><v>36.061</v></c><c r="C1" s="0" t="str"><f aca="false">A1&amp;"x"</f><v>codex</v></c></row>`}},
			sharedStr: `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sst xmlns="` + mainNS + `" count="1" uniqueCount="1"><si><t xml:space="preserve">code</t></si></sst>`},
		"entities, CDATA, comments and line ends": {sheets: []rawSheet{{name: "学校", data: "<!-- a comment --><row r=\"1\"><?pi data?><c r=\"A1\" t=\"inlineStr\"><is><t>a&lt;b&gt;c&amp;d&apos;e&quot;&#20013;&#x6587;\r\n\rline</t></is></c>" +
			"<c r='B1'><v><![CDATA[12]]><!-- x -->3</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>_x0041__xD800__x00e9_ _x00_</t></is></c>" +
			"<c r=\"D1\"><v><x>skipped</x>9</v></c><c r=\"E1\"><extLst><v>nested</v></extLst></c></row>"}}},
		"prefixed names": {prefixNames: true, sheets: []rawSheet{{name: "学校",
			data: `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>`}}},
		"1904 date system": {workbookPr: `<workbookPr date1904="1"/>`, sheets: []rawSheet{{name: "任职经历",
			data: `<row r="1"><c r="A1"><v>39691</v></c></row>`}}},
		"bad attributes excelize skips": {sheets: []rawSheet{{name: "学校", data: `<row r="1"><c r="A1" s="x"><v>1</v></c><c r="B1"><f si="x">A1</f><v>2</v></c>` +
			`<c r="C1" t="inlineStr"><is><t>a</t><rPh sb="x"><t>b</t></rPh><t>c</t></is></c><c r="D1"><v>4</v></c></row>`}}},
		"two sheets, one empty": {sheets: []rawSheet{{name: "学校", data: ""}, {name: "教职工", data: `<row r="2"><c r="B2"><v>1</v></c></row>`}}},
	}
	for name, x := range raw {
		cases[name] = x.bytes(t)
	}
	return cases
}

// streamWorkbook writes n rows with excelize's StreamWriter, which
// writes inline strings.
func streamWorkbook(t testing.TB, n int) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "教职工"))
	sw, err := f.NewStreamWriter("教职工")
	must(t, err)
	must(t, sw.SetRow("A1", []any{"身份证号", "姓名", "出生日期", "备注"}))
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(t, sw.SetRow(cell, []any{mkID(fmt.Sprintf("11010519800101%03d", i%1000)), "张伟", 29000 + i, fmt.Sprintf("第%d行 <&> \"'", i)}))
	}
	must(t, sw.Flush())
	return saveFile(t, f)
}

// mixedWorkbook has every kind of value excelize writes: text that looks
// like numbers, numbers, booleans, dates, formulas, and a merged range.
func mixedWorkbook(t testing.TB) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "学校"))
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(t, err)
	rng := rand.New(rand.NewPCG(3, 4))
	for r := 1; r <= 200; r++ {
		for c := 1; c <= 12; c++ {
			if rng.IntN(4) == 0 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c, r)
			switch rng.IntN(7) {
			case 0:
				must(t, f.SetCellValue("学校", cell, "0012"))
			case 1:
				must(t, f.SetCellValue("学校", cell, rng.Float64()*1000))
			case 2:
				must(t, f.SetCellValue("学校", cell, rng.IntN(2) == 0))
			case 3:
				must(t, f.SetCellValue("学校", cell, app.NewDate(2012, 9, 1).Time()))
				must(t, f.SetCellStyle("学校", cell, cell, style))
			case 4:
				must(t, f.SetCellFormula("学校", cell, "SUM(A1:A2)"))
			case 5:
				must(t, f.SetCellValue("学校", cell, "  空格 \n换行 "))
			default:
				must(t, f.SetCellValue("学校", cell, fmt.Sprintf("文本%d_x0041_", rng.IntN(50))))
			}
		}
	}
	must(t, f.MergeCell("学校", "B3", "C4"))
	return saveFile(t, f)
}

func exportBytes(t testing.TB) []byte {
	var buf bytes.Buffer
	must(t, Write(&buf, exampleWorkbook(), WriteOptions{FullIDNumbers: true}))
	return buf.Bytes()
}

// The reader gives exactly the rows excelize gives, cell by cell, on every
// kind of workbook: the repository's own, other software's, and the
// corners of the format.
func TestRowsAgreeWithExcelize(t *testing.T) {
	cases := readerCases(t)
	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		checkSameRows(t, name, cases[name])
	}
	// And every workbook in the repository's testdata.
	files, _ := filepath.Glob("../../*/*/testdata/*.xlsx")
	more, _ := filepath.Glob("testdata/*.xlsx")
	for _, path := range append(files, more...) {
		data, err := os.ReadFile(path)
		must(t, err)
		checkSameRows(t, path, data)
	}
}

// The reader refuses malformed XML where excelize stops reading in silence.
func TestRowsRefuseMalformedXML(t *testing.T) {
	for _, data := range []string{
		`<row r="1"><c r="A1"><v>1</v></row>`,
		`<row r="1"><c r="A1"><v>1&nbsp;</v></c></row>`,
		`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>` + "\x01" + `</t></is></c></row>`,
		`<row r="1"><c r="A1" t=s><v>1</v></c></row>`,
		`<row r="1"><c r="A1"><v>1</v></c></row><!DOCTYPE x>`,
		`<row r="1"><c r="A1"><v>]]></v></c></row>`,
		`<row r="1"><c r="A1"><v>` + "\xff" + `</v></c></row>`,
	} {
		x := rawXLSX{sheets: []rawSheet{{name: "学校", data: data}}}
		got, err := ourDump(t, x.bytes(t))
		if err != nil || !got.failed["学校"] {
			t.Errorf("%q: read without error: %v", data, err)
		}
	}
}

// FuzzRowsAgreeWithExcelize builds a worksheet and a shared string table
// from the fuzzer's bytes, by a grammar of the format's corners, and
// checks that the reader and excelize give the same rows.
func FuzzRowsAgreeWithExcelize(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte("rows and cells, strings and runs"))
	f.Add(bytes.Repeat([]byte{7, 200, 13, 255, 1, 90, 3}, 40))
	f.Fuzz(func(t *testing.T, recipe []byte) {
		x := grammarWorkbook(recipe)
		checkSameRows(t, fmt.Sprintf("%q", recipe), x.bytes(t))
	})
}

// FuzzSheetXML feeds the fuzzer's bytes as a sheet's rows: whatever
// encoding/xml accepts, the reader must read as excelize does; what it
// refuses, the reader must refuse too.
func FuzzSheetXML(f *testing.F) {
	for _, x := range []string{
		`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1"><v>1</v></c></row>`,
		`<row><c><v>1</v></c><c t="s"><v>0</v></c></row><row r="5"/>`,
		"<row r='2'><c r='C2' t='inlineStr'><is><r><t>x</t></r><r><t>&amp;y</t></r></is></c></row>",
	} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if strings.Contains(data, "rPr") || !utf8Only(data) {
			return // run properties excelize decodes and the reader skips; other encodings
		}
		x := rawXLSX{sheets: []rawSheet{{name: "学校", data: data}},
			sharedStr: `<sst xmlns="` + mainNS + `"><si><t>s0</t></si><si><r><t>s</t></r><r><t>1</t></r></si></sst>`}
		b := x.bytes(t)
		got, err := ourDump(t, b)
		if err != nil {
			t.Fatal(err)
		}
		if !wellFormed(`<worksheet xmlns="` + mainNS + `"><sheetData>` + data + `</sheetData></worksheet>`) {
			if !got.failed["学校"] && !strings.Contains(data, "sheetData") {
				t.Fatalf("malformed sheet read without error: %q", got.rows["学校"])
			}
			return
		}
		if got.failed["学校"] {
			return // refused what excelize reads: a document type declaration, an encoding
		}
		want, err := excelizeDump(t, b)
		if err != nil {
			return
		}
		if diff := sameRows(want, got); diff != "" {
			t.Fatal(diff)
		}
	})
}

func utf8Only(s string) bool { return !strings.Contains(s, "encoding") }

// wellFormed reports whether encoding/xml reads doc to its end.
func wellFormed(doc string) bool {
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// grammarWorkbook builds a workbook from a recipe: each byte picks the
// next choice of rows, cells, types, references and text.
func grammarWorkbook(recipe []byte) rawXLSX {
	i := 0
	next := func(n int) int {
		if i >= len(recipe) {
			i++
			return (i * 7) % n
		}
		i++
		return int(recipe[i-1]) % n
	}
	texts := []string{"", "a", " 张伟 ", "0012", "1.5", "&amp;&lt;", "_x0041_", "_x005F_x0041_", "\r\nx", "&#20013;", "<![CDATA[<c>]]>", "  ", "TRUE", "110105194912310021", "2012-09-01"}
	text := func() string { return texts[next(len(texts))] }
	var sst strings.Builder
	sst.WriteString(`<sst xmlns="` + mainNS + `">`)
	nsst := next(6)
	for k := 0; k < nsst; k++ {
		switch next(4) {
		case 0:
			fmt.Fprintf(&sst, `<si><t>%s</t></si>`, text())
		case 1:
			fmt.Fprintf(&sst, `<si><r><t>%s</t></r><r><rPr><b/></rPr><t xml:space="preserve">%s</t></r></si>`, text(), text())
		case 2:
			fmt.Fprintf(&sst, `<si><t>%s</t><rPh sb="0" eb="1"><t>%s</t></rPh><phoneticPr fontId="1"/></si>`, text(), text())
		default:
			sst.WriteString(`<si/>`)
		}
	}
	sst.WriteString(`</sst>`)
	var rows strings.Builder
	nrows := next(12)
	row := 0
	for r := 0; r < nrows; r++ {
		switch next(5) {
		case 0:
			rows.WriteString(`<row>`)
			row++
		case 1:
			row += 1 + next(3)
			fmt.Fprintf(&rows, `<row r="%d">`, row)
		case 2:
			row = max(1, row-1-next(3))
			fmt.Fprintf(&rows, `<row r="%d">`, row)
		case 3:
			row++
			fmt.Fprintf(&rows, `<row r="%d"/>`, row)
			continue
		default:
			row++
			fmt.Fprintf(&rows, `<row r="%d" spans="1:5" ht="13.5">`, row)
		}
		ncells := next(8)
		col := 0
		for c := 0; c < ncells; c++ {
			ref := ""
			switch next(4) {
			case 0:
				col++
			case 1:
				col += 1 + next(3)
				ref = fmt.Sprintf(` r="%s%d"`, columnName(col-1), max(row, 1))
			case 2:
				col = max(1, col-1)
				ref = fmt.Sprintf(` r="%s%d"`, columnName(col-1), max(row, 1))
			default:
				col++
				ref = fmt.Sprintf(` r="%s%d"`, columnName(col-1), max(row, 1))
			}
			switch next(9) {
			case 0:
				fmt.Fprintf(&rows, `<c%s t="s"><v>%d</v></c>`, ref, next(nsst+2))
			case 1:
				fmt.Fprintf(&rows, `<c%s t="inlineStr"><is><t>%s</t></is></c>`, ref, text())
			case 2:
				fmt.Fprintf(&rows, `<c%s t="inlineStr"><is><r><t>%s</t></r><r><t>%s</t></r></is></c>`, ref, text(), text())
			case 3:
				fmt.Fprintf(&rows, `<c%s><v>%s</v></c>`, ref, text())
			case 4:
				fmt.Fprintf(&rows, `<c%s t="str"><f>A1</f><v>%s</v></c>`, ref, text())
			case 5:
				fmt.Fprintf(&rows, `<c%s s="2"/>`, ref)
			case 6:
				fmt.Fprintf(&rows, `<c%s t="b"><v>%d</v></c>`, ref, next(2))
			case 7:
				fmt.Fprintf(&rows, `<c%s><f>B2</f></c>`, ref)
			default:
				fmt.Fprintf(&rows, `<c%s t="d"><v>%s</v></c>`, ref, text())
			}
		}
		rows.WriteString(`</row>`)
	}
	return rawXLSX{sheets: []rawSheet{{name: "学校", data: rows.String()}}, sharedStr: sst.String()}
}

// A damaged sheet or shared string table is refused with a message saying
// which; excelize stopped reading a damaged sheet without a word, and the
// rows after the damage went missing.
func TestDamagedXMLIsReported(t *testing.T) {
	header := inlineRow(1, stdHeader(schoolsSheet)...)
	good := inlineRow(2, "S001", "一小", "城关区", "小学", "城区")
	cases := []struct {
		name string
		x    rawXLSX
		want []string
	}{
		{"unclosed cell", rawXLSX{sheets: []rawSheet{{name: "学校", data: header + good + `<row r="3"><c r="A3"><v>1</v></row>`}}},
			[]string{`学校 第3行: 工作表已损坏，无法继续读取`}},
		{"unknown entity", rawXLSX{sheets: []rawSheet{{name: "学校", data: header + good + `<row r="3"><c r="A3" t="inlineStr"><is><t>&nbsp;</t></is></c></row>`}}},
			[]string{`学校 第3行: 工作表已损坏，无法继续读取`}},
		{"damaged shared strings", rawXLSX{sheets: []rawSheet{{name: "学校", data: header + good}}, sharedStr: `<sst xmlns="` + mainNS + `"><si><t>a</si></sst>`},
			[]string{`不是有效的 Excel 工作簿（.xlsx）：共享字符串表（sharedStrings.xml）已损坏，无法读取`}},
		{"shared strings without their namespace", rawXLSX{sheets: []rawSheet{{name: "学校", data: header + good}}, sharedStr: `<sst><si><t>a</t></si></sst>`},
			[]string{`不是有效的 Excel 工作簿（.xlsx）：共享字符串表（sharedStrings.xml）已损坏，无法读取`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, issues := readBytes(t, c.x.bytes(t))
			wantIssues(t, issues, c.want...)
		})
	}
}

// A shared string table larger than the memory it may take is kept in a
// temporary file and read back from it, item for item.
func TestSharedStringsInAFile(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<sst xmlns="` + mainNS + `">`)
	var want []string
	for i := range 200 {
		v := fmt.Sprintf("第%d项", i)
		if i%7 == 0 {
			v = ""
		}
		want = append(want, v)
		fmt.Fprintf(&b, `<si><t>%s</t></si>`, v)
	}
	b.WriteString(`</sst>`)
	sst, err := readSharedStrings(newXMLTokenizer(strings.NewReader(b.String())), 256)
	must(t, err)
	defer sst.Close()
	if sst.file == nil {
		t.Fatal("the table stayed in memory")
	}
	for i, v := range want {
		if got := sst.get(i); got != v {
			t.Fatalf("item %d = %q, want %q", i, got, v)
		}
	}
	if sst.get(200) != "" || sst.get(-1) != "" {
		t.Error("an invalid index gives text")
	}
}

// The tokenizer reads a part in pieces: every token that straddles the
// end of its buffer reads as a whole.
func TestTokenizerAcrossBuffers(t *testing.T) {
	x := streamWorkbook(t, 3000)
	want, err := excelizeDump(t, x)
	must(t, err)
	zr, err := zip.NewReader(bytes.NewReader(x), int64(len(x)))
	must(t, err)
	book, _ := readWorkbookPart(zr)
	rc, err := zipEntry(zr, book.sheets[0].entry).Open()
	must(t, err)
	defer rc.Close()
	// A reader giving a few bytes at a time.
	rows := newSheetRows(newXMLTokenizer(iotestHalf{rc}), nil)
	got := sheetDump{sheets: want.sheets, rows: map[string][][]string{}, failed: map[string]bool{}}
	for rows.Next() {
		cells, err := rows.Columns()
		must(t, err)
		got.rows[want.sheets[0]] = append(got.rows[want.sheets[0]], slices.Clone(cells))
	}
	must(t, rows.Error())
	if diff := sameRows(want, got); diff != "" {
		t.Error(diff)
	}
}

// iotestHalf reads at most 7 bytes at a time.
type iotestHalf struct{ r io.Reader }

func (h iotestHalf) Read(p []byte) (int, error) { return h.r.Read(p[:min(len(p), 7)]) }
