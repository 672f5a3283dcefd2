package roster

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

// saveFile returns the bytes of an excelize workbook.
func saveFile(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// educatorFile builds a workbook with excelize's ordinary API, as Excel
// saves them: shared strings, a date-styled cell, a serial number typed as
// a number, text dates, and formulas with cached values.
func educatorFile(t testing.TB) *excelize.File {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "教职工"))
	must(t, f.SetSheetRow("教职工", "A1", &[]any{"身份证号", "姓名", "性别", "出生日期", "学校代码", "岗位", "任教学科", "编制状态", "骨干级别", "职称", "到校日期", "任现职日期"}))
	must(t, f.SetSheetRow("教职工", "A2", &[]any{idMale1980, "张伟", "男", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), "S001", "校长", "语文、数学", "在编在岗", "", "高级教师", 38596, "2018年9月1日"}))
	must(t, f.SetSheetRow("教职工", "A3", &[]any{idFemale1985, "李娜", "女", "1985/9/1", "S001", "教师", "英语", "临聘", "县级骨干教师", "二级教师", "2012.9.1", nil}))
	// A formula with the value Excel cached when it saved the file. (For
	// text results see TestOtherOfficeSoftware: excelize cannot make one.)
	must(t, f.SetCellValue("教职工", "K3", 41153))
	must(t, f.SetCellFormula("教职工", "K3", "DATE(2012,9,1)"))
	return f
}

func TestReadExcelizeWorkbook(t *testing.T) {
	wb, issues := readBytes(t, saveFile(t, educatorFile(t)))
	wantIssues(t, issues)
	want := []EducatorRow{
		{Row: 2, IDNumber: people.IDNumber(idMale1980), Name: "张伟", Gender: "male", BirthDate: app.NewDate(1980, 1, 1),
			SchoolCode: "S001", Post: "principal", Subjects: []string{"语文", "数学"}, StaffStatus: "established", Title: "高级教师",
			JoinedSchool: app.NewDate(2005, 9, 1), PostSince: app.NewDate(2018, 9, 1)},
		{Row: 3, IDNumber: people.IDNumber(idFemale1985), Name: "李娜", Gender: "female", BirthDate: app.NewDate(1985, 9, 1),
			SchoolCode: "S001", Post: "teacher", Subjects: []string{"英语"}, StaffStatus: "temporary", Backbone: "county_backbone",
			Title: "二级教师", JoinedSchool: app.NewDate(2012, 9, 1)},
	}
	if !reflect.DeepEqual(wb.Educators, want) {
		t.Errorf("educators:\n got %+v\nwant %+v", wb.Educators, want)
	}
}

func TestMergedCells(t *testing.T) {
	f := educatorFile(t)
	must(t, f.MergeCell("教职工", "A1", "B1"))
	_, issues := readBytes(t, saveFile(t, f))
	// The merge blanks B1: 姓名 is missing too.
	wantIssues(t, issues,
		`教职工 姓名: 缺少必填列“姓名”`,
		`教职工 第1行 "A1:B1": 表头中有合并单元格，请取消合并，每列只写一个列名`)

	f = educatorFile(t)
	must(t, f.MergeCell("教职工", "E2", "E3"))    // one school code for both rows
	must(t, f.MergeCell("教职工", "M2", "N3"))    // outside the roster's columns
	must(t, f.SetCellValue("教职工", "M1", "备注")) // an extra column
	_, issues = readBytes(t, saveFile(t, f))
	wantIssues(t, issues,
		`警告 教职工 第1行 备注: 未识别的列，已忽略`,
		`教职工 第2行 学校代码 "E2:E3": 有合并单元格，合并区域中只有左上角的单元格有值；请取消合并，在每个单元格中填写`,
		`教职工 第3行 学校代码: 不能为空`)
}

// TestOtherOfficeSoftware reads workbooks hand-made the way WPS, LibreOffice
// and streaming writers save them: inline strings and no shared strings,
// t="str" formula results, t="d" ISO dates, t="b" booleans, rich-text
// shared strings, rows without r attributes, sparse rows, prefixed
// element names and the 1904 date system.
func TestOtherOfficeSoftware(t *testing.T) {
	header := inlineRow(1, stdHeader(educatorsSheet)...)
	schoolHeader := inlineRow(1, stdHeader(schoolsSheet)...)
	cases := []struct {
		name   string
		x      rawXLSX
		check  func(t *testing.T, wb *Workbook)
		issues []string
	}{
		{
			name: "inline strings, t=str formula, t=d dates",
			x: rawXLSX{sheets: []rawSheet{{name: "教职工", data: header +
				`<row r="2"><c r="A2" t="inlineStr"><is><t>` + idMale1980 + `</t></is></c>` +
				`<c r="B2" t="str"><f>"张"&amp;"伟"</f><v>张伟</v></c>` +
				`<c r="D2" t="d"><v>1980-01-01T00:00:00</v></c>` +
				`<c r="E2" t="inlineStr"><is><t>S001</t></is></c><c r="F2" t="inlineStr"><is><t>教师</t></is></c>` +
				`<c r="H2" t="inlineStr"><is><t>在编在岗</t></is></c>` +
				`<c r="K2" t="d"><v>2005-09-01</v></c><c r="L2" s="1"><f>DATE(2012,9,1)</f><v>41153</v></c></row>`}},
				styles: `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="` + mainNS + `"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
					`<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>`},
			check: func(t *testing.T, wb *Workbook) {
				e := wb.Educators[0]
				if e.Name != "张伟" || e.BirthDate != app.NewDate(1980, 1, 1) || e.JoinedSchool != app.NewDate(2005, 9, 1) ||
					e.PostSince != app.NewDate(2012, 9, 1) || e.Gender != "male" {
					t.Errorf("row = %+v", e)
				}
			},
		},
		{
			name: "rich-text shared strings, rows without r, booleans",
			x: rawXLSX{sheets: []rawSheet{{name: "学校", data: schoolHeader +
				`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t>城关区</t></is></c>` +
				`<c t="s"><v>2</v></c><c t="s"><v>3</v></c><c t="b"><v>1</v></c><c/><c/><c t="n"><v>103.834</v></c><c><v>36.061</v></c></row>`}},
				sharedStr: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="` + mainNS + `" count="4" uniqueCount="4">` +
					`<si><t>S001</t></si><si><r><rPr><b/></rPr><t>城关</t></r><r><t xml:space="preserve">第一小学</t></r></si><si><t>小学</t></si><si><t>乡村</t></si></sst>`},
			check: func(t *testing.T, wb *Workbook) {
				s := wb.Schools[0]
				if s.Row != 2 || s.Code != "S001" || s.Name != "城关第一小学" || !s.Weak || s.Location != "rural" || *s.Latitude != 36.061 {
					t.Errorf("row = %+v", s)
				}
			},
		},
		{
			name: "sparse rows keep Excel's row numbers",
			x: rawXLSX{sheets: []rawSheet{{name: "学校", data: strings.Replace(schoolHeader, `r="1"`, `r="3"`, 1) +
				inlineRow(7, "S001", "", "城关区", "小学", "城区")}}},
			issues: []string{`学校 第7行 学校名称: 不能为空`},
		},
		{
			name: "prefixed element names",
			x: rawXLSX{prefixNames: true, sheets: []rawSheet{{name: "学校",
				data: strings.NewReplacer("<row", "<x:row", "</row>", "</x:row>", "<c ", "<x:c ", "</c>", "</x:c>",
					"<is><t>", "<x:is><x:t>", "</t></is>", "</x:t></x:is>").Replace(schoolHeader + inlineRow(2, "S001", "一小", "城关区", "小学", "城区")),
				tail: `<x:mergeCells count="1"><x:mergeCell ref="A1:A2"/></x:mergeCells>`}}},
			issues: []string{`学校 第1行 "A1:A2": 表头中有合并单元格，请取消合并，每列只写一个列名`},
		},
		{
			name: "1904 date system",
			x: rawXLSX{workbookPr: `<workbookPr date1904="1"/>`, sheets: []rawSheet{{name: "任职经历",
				data: inlineRow(1, stdHeader(careersSheet)...) +
					`<row r="2"><c r="A2" t="inlineStr"><is><t>` + idMale1980 + `</t></is></c><c r="B2" t="inlineStr"><is><t>S001</t></is></c>` +
					`<c r="C2" t="inlineStr"><is><t>教师</t></is></c><c r="D2"><v>39691</v></c><c r="F2" t="inlineStr"><is><t>支教</t></is></c></row>`}}},
			check: func(t *testing.T, wb *Workbook) {
				if c := wb.Careers[0]; c.Start != app.NewDate(2012, 9, 1) || c.Kind != "support" {
					t.Errorf("row = %+v", c)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wb, issues := readBytes(t, c.x.bytes(t))
			wantIssues(t, issues, c.issues...)
			if c.check != nil {
				c.check(t, wb)
			}
		})
	}
}

func TestSheets(t *testing.T) {
	school := inlineRow(1, stdHeader(schoolsSheet)...) + inlineRow(2, row(schoolsSheet, nil)...)
	educator := inlineRow(1, stdHeader(educatorsSheet)...) + inlineRow(2, row(educatorsSheet, nil)...)
	cases := []struct {
		name   string
		sheets []rawSheet
		want   []string
	}{
		{"any order, English names, notes ignored", []rawSheet{{name: "说明"}, {name: "educators", data: educator}, {name: "Schools", data: school}}, nil},
		{"only some sheets", []rawSheet{{name: "学校", data: school}}, nil},
		{"unknown sheet", []rawSheet{{name: "学校", data: school}, {name: "Sheet1", data: educator}},
			[]string{`警告 Sheet1: 未识别的工作表，已忽略；工作表应名为“学校”“教职工”或“任职经历”`}},
		{"unknown sheet only", []rawSheet{{name: "Sheet1", data: educator}},
			[]string{`文件中没有数据行：请在“学校”“教职工”或“任职经历”表的表头下填写数据`,
				`警告 Sheet1: 未识别的工作表，已忽略；工作表应名为“学校”“教职工”或“任职经历”`}},
		{"sheet twice", []rawSheet{{name: "学校", data: school}, {name: "学校 (schools)", data: school}},
			[]string{`学校 "学校 (schools)": 重复的工作表：“学校”和“学校 (schools)”都是学校表，只能有一个`}},
		{"empty sheets", []rawSheet{{name: "学校"}, {name: "教职工", data: inlineRow(1, stdHeader(educatorsSheet)...)}},
			[]string{`文件中没有数据行：请在“学校”“教职工”或“任职经历”表的表头下填写数据`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, issues := readBytes(t, rawXLSX{sheets: c.sheets}.bytes(t))
			wantIssues(t, issues, c.want...)
		})
	}
}

// zipBomb returns a workbook whose one worksheet inflates to size bytes of
// zeros, compressed by repeating one deflate block so that building it is
// quick; the zip headers declare the true size and CRC.
func zipBomb(t testing.TB, size int) []byte {
	t.Helper()
	const chunk = 1 << 20
	zeros := make([]byte, chunk)
	var first, next, last bytes.Buffer
	fw, _ := flate.NewWriter(&first, flate.BestCompression)
	fw.Write(zeros)
	fw.Flush()
	fw.Reset(&next) // a fresh writer's block only refers back within itself
	fw.Write(zeros)
	fw.Flush()
	fw.Reset(&last)
	fw.Close()
	var data bytes.Buffer
	data.Write(first.Bytes())
	crc := crc32.Update(0, crc32.IEEETable, zeros)
	for n := chunk; n < size; n += chunk {
		data.Write(next.Bytes())
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	data.Write(last.Bytes())
	n := (size + chunk - 1) / chunk * chunk

	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`},
		{"xl/workbook.xml", `<workbook xmlns="` + mainNS + `"><sheets><sheet name="教职工" sheetId="1" r:id="rId1" xmlns:r="` + relNS + `"/></sheets></workbook>`},
	} {
		w, _ := zw.Create(p.name)
		w.Write([]byte(p.body))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc, CompressedSize64: uint64(data.Len()), UncompressedSize64: uint64(n)})
	must(t, err)
	w.Write(data.Bytes())
	must(t, zw.Close())
	return buf.Bytes()
}

// lyingZip declares a 1 KB worksheet that inflates to 10 MB.
func lyingZip(t testing.TB) []byte {
	var data bytes.Buffer
	fw, _ := flate.NewWriter(&data, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte("<row>"), 2<<20))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CompressedSize64: uint64(data.Len()), UncompressedSize64: 1024})
	w.Write(data.Bytes())
	must(t, zw.Close())
	return buf.Bytes()
}

func TestNotAWorkbook(t *testing.T) {
	template := templateBytes(t)
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 64)...)
	ole := append(append([]byte{}, oleMagic...), make([]byte, 504)...)
	docx := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("[Content_Types].xml")
		w.Write([]byte("<Types/>"))
		w, _ = zw.Create("word/document.xml")
		w.Write([]byte("<document/>"))
		zw.Close()
		return buf.Bytes()
	}()
	ods := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("mimetype")
		w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
		w, _ = zw.Create("content.xml")
		w.Write([]byte("<office:document-content/>"))
		zw.Close()
		return buf.Bytes()
	}()
	styles := func() []byte { // a workbook keeping too much in memory
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("[Content_Types].xml")
		w.Write([]byte("<Types/>"))
		w, _ = zw.Create("xl/styles.xml")
		w.Write(make([]byte, defaultLimits.inMemory+1))
		zw.Close()
		return buf.Bytes()
	}()
	const prefix = "不是有效的 Excel 工作簿（.xlsx）："
	cases := []struct {
		name string
		data []byte
		size int64
		want string
	}{
		{"empty", nil, 0, "文件是空的"},
		{"over 50 MB", template, MaxFileSize + 1, "文件大小 50.0 MB，超过 50 MB 的上限；请分批上传"},
		{"PNG renamed .xlsx", png, 0, prefix + "请上传用 Excel 或 WPS 保存的 .xlsx 文件，或每个工作表一个 .csv 文件"},
		{"CSV text", []byte("身份证号,姓名\n"), 0, prefix + "请上传用 Excel 或 WPS 保存的 .xlsx 文件，或每个工作表一个 .csv 文件"},
		{"OLE2 .xls", ole, 0, prefix + "这是旧版 Excel 97-2003 工作簿（.xls）或设置了密码的工作簿；请在 Excel 中另存为 .xlsx（不设密码）后上传"},
		{"truncated", template[:len(template)/2], 0, prefix + "文件已损坏或不完整，请重新保存后上传"},
		{"three bytes", []byte("PK\x03"), 0, prefix + "请上传用 Excel 或 WPS 保存的 .xlsx 文件，或每个工作表一个 .csv 文件"},
		{"Word document", docx, 0, prefix + "这是一个压缩包，但不是 Excel 工作簿"},
		{"OpenDocument", ods, 0, prefix + "这是 OpenDocument 表格（.ods）；请另存为 .xlsx 后上传"},
		{"zip bomb", zipBomb(t, MaxUnzippedSize+1), 0, "工作簿解压后超过 500 MB，已拒绝（文件可能经过恶意构造）"},
		{"too much in memory", styles, 0, "工作簿解压后超过 500 MB，已拒绝（文件可能经过恶意构造）"},
		{"zip lying about sizes", lyingZip(t), 0, prefix + "文件已损坏，无法读取"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			size := c.size
			if size == 0 {
				size = int64(len(c.data))
			}
			wb, issues, err := Read(context.Background(), bytes.NewReader(c.data), size, Options{Today: today})
			if err != nil || wb == nil {
				t.Fatalf("Read = %v, %v", wb, err)
			}
			wantIssues(t, issues, c.want)
			if issues[0].Row != 0 || issues[0].Severity != SeverityError || issues[0].English == "" {
				t.Errorf("issue = %+v", issues[0])
			}
		})
	}
}

// bigWorkbook writes n educator rows with excelize's ordinary API.
func bigWorkbook(t testing.TB, n int) []byte {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "教职工"))
	must(t, f.SetSheetRow("教职工", "A1", &[]any{"身份证号", "姓名", "学校代码", "岗位", "编制状态", "到校日期"}))
	for i := range n {
		b := app.NewDate(1980, 1, 1).AddDays(i / 500)
		id := mkID(fmt.Sprintf("110105%04d%02d%02d%03d", b.Year, b.Month, b.Day, i%500))
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(t, f.SetSheetRow("教职工", cell, &[]any{id, "张伟", "S001", "教师", "在编在岗", 38596}))
	}
	return saveFile(t, f)
}

func TestProgressAndCancel(t *testing.T) {
	data := bigWorkbook(t, 3000)
	var seen []Progress
	_, issues, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{Today: today,
		Progress: func(p Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	wantIssues(t, issues)
	if len(seen) < 3 {
		t.Fatalf("progress reports: %v", seen)
	}
	for i, p := range seen {
		if p.Total != 3000 || p.Sheet != "教职工" || (i > 0 && p.Done < seen[i-1].Done) {
			t.Errorf("progress %d = %+v", i, p)
		}
	}
	if last := seen[len(seen)-1]; last.Done != 3000 {
		t.Errorf("last progress = %+v", last)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	wb, _, err := Read(ctx, bytes.NewReader(data), int64(len(data)), Options{Today: today})
	if !errors.Is(err, context.Canceled) || wb != nil {
		t.Errorf("Read with a cancelled context = %v, %v", wb, err)
	}
	if _, _, err := Read(context.Background(), bytes.NewReader(data), int64(len(data)), Options{}); err == nil {
		t.Error("Read without Options.Today: no error")
	}
}
