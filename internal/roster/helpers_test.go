package roster

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// today is the fixed "today" of the tests.
var today = app.NewDate(2025, 6, 30)

// mkID completes 17 digits with their check character.
func mkID(first17 string) string {
	return first17 + string(people.IDCheckChar(first17))
}

// Test ID numbers: region 110105, birth date, sequence (odd: male).
var (
	idMale1980   = mkID("11010519800101001") // male, 1980-01-01
	idFemale1985 = mkID("11010519850901022") // female, 1985-09-01
	idMale1990   = mkID("44030419900215003") // male, 1990-02-15
	idFemale1975 = mkID("32010219751130004") // female, 1975-11-30
)

// readText reads one CSV file.
func readText(t *testing.T, name, text string) (*Workbook, []Issue) {
	t.Helper()
	return readTexts(t, map[string]string{name: text})
}

// readTexts reads CSV files given by name.
func readTexts(t *testing.T, files map[string]string) (*Workbook, []Issue) {
	t.Helper()
	var fs []File
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fs = append(fs, File{Name: n, Size: int64(len(files[n])), R: strings.NewReader(files[n])})
	}
	wb, issues, err := ReadCSV(context.Background(), fs, Options{Today: today})
	if err != nil {
		t.Fatalf("ReadCSV: %v", err)
	}
	return wb, issues
}

// readBytes reads an .xlsx workbook.
func readBytes(t *testing.T, b []byte) (*Workbook, []Issue) {
	t.Helper()
	wb, issues, err := Read(context.Background(), bytes.NewReader(b), int64(len(b)), Options{Today: today})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if wb == nil {
		t.Fatal("Read returned a nil workbook")
	}
	return wb, issues
}

// strs formats issues with String.
func strs(issues []Issue) []string {
	out := make([]string, len(issues))
	for i, is := range issues {
		out[i] = is.String()
	}
	return out
}

// wantIssues fails unless issues are exactly want, in order.
func wantIssues(t *testing.T, issues []Issue, want ...string) {
	t.Helper()
	got := strs(issues)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("issues:\n got: %s\nwant: %s", fmtList(got), fmtList(want))
	}
}

func fmtList(l []string) string {
	if len(l) == 0 {
		return "(none)"
	}
	return "\n\t" + strings.Join(l, "\n\t")
}

// csvLine joins cells into a CSV line, quoting where needed.
func csvLine(cells ...string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if strings.ContainsAny(c, ",\"\n\r") {
			c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		out[i] = c
	}
	return strings.Join(out, ",") + "\n"
}

// stdHeader returns the standard Chinese header of a sheet.
func stdHeader(k sheetKind) []string {
	var h []string
	for _, c := range sheetDefs[k].columns {
		h = append(h, c.zh)
	}
	return h
}

// row builds a row of a sheet from a good default with some cells
// replaced, by Chinese header.
func row(k sheetKind, set map[string]string) []string {
	def := defaults(k)
	out := make([]string, len(sheetDefs[k].columns))
	for i, c := range sheetDefs[k].columns {
		out[i] = def[c.zh]
		if v, ok := set[c.zh]; ok {
			out[i] = v
		}
	}
	return out
}

func defaults(k sheetKind) map[string]string {
	switch k {
	case schoolsSheet:
		return map[string]string{"学校代码": "S001", "学校名称": "城关第一小学", "区县": "城关区", "学段": "小学",
			"城乡类型": "城区", "薄弱学校": "否", "示范等级": "", "办学联合体": "城关联合体", "经度": "103.834", "纬度": "36.061"}
	case educatorsSheet:
		return map[string]string{"身份证号": idMale1980, "姓名": "张伟", "性别": "男", "出生日期": "1980-01-01",
			"学校代码": "S001", "岗位": "教师", "任教学科": "语文", "编制状态": "在编在岗", "骨干级别": "",
			"职称": "一级教师", "到校日期": "2005-09-01", "任现职日期": ""}
	default:
		return map[string]string{"身份证号": idMale1980, "学校代码": "S001", "岗位": "教师", "开始日期": "2005-09-01",
			"结束日期": "", "类型": "任职"}
	}
}

// sheetCSV renders a header and rows as CSV.
func sheetCSV(header []string, rows ...[]string) string {
	var b strings.Builder
	b.WriteString(csvLine(header...))
	for _, r := range rows {
		b.WriteString(csvLine(r...))
	}
	return b.String()
}

// rawXLSX builds a minimal .xlsx by hand, as other office software writes
// them: each sheet's XML is given whole (or just its sheetData content,
// wrapped here); extra parts (xl/styles.xml, xl/sharedStrings.xml) and
// workbook properties are optional.
type rawXLSX struct {
	sheets      []rawSheet
	styles      string // xl/styles.xml, if any
	sharedStr   string // xl/sharedStrings.xml, if any
	workbookPr  string // e.g. `<workbookPr date1904="1"/>`
	prefixNames bool   // write every element of the sheets with an x: prefix
}

type rawSheet struct {
	name string
	data string // the content of <sheetData>
	tail string // what follows sheetData, e.g. <mergeCells>
}

const mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
const relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

func (x rawXLSX) bytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, content string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	var types, sheets, rels strings.Builder
	types.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, s := range x.sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, n, relNS, n)
		var ws string
		if x.prefixNames {
			ws = fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="%s"><x:sheetData>%s</x:sheetData>%s</x:worksheet>`, mainNS, s.data, s.tail)
		} else {
			ws = fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s" xmlns:r="%s"><sheetData>%s</sheetData>%s</worksheet>`, mainNS, relNS, s.data, s.tail)
		}
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", n), ws)
	}
	if x.styles != "" {
		types.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/>`, relNS)
		put("xl/styles.xml", x.styles)
	}
	if x.sharedStr != "" {
		types.WriteString(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
		fmt.Fprintf(&rels, `<Relationship Id="rIdSS" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, relNS)
		put("xl/sharedStrings.xml", x.sharedStr)
	}
	types.WriteString(`</Types>`)
	rels.WriteString(`</Relationships>`)
	put("[Content_Types].xml", types.String())
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="`+relNS+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets></workbook>`,
		mainNS, relNS, x.workbookPr, sheets.String()))
	put("xl/_rels/workbook.xml.rels", rels.String())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// inlineRow renders a row of inline-string cells, as LibreOffice and
// streaming writers do; an empty value is skipped.
func inlineRow(r int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, c := range cells {
		if c == "" {
			continue
		}
		fmt.Fprintf(&b, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, columnName(i), r, xmlEscape(c))
	}
	b.WriteString(`</row>`)
	return b.String()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
