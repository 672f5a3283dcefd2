package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
)

func templateBytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	must(t, WriteTemplate(&buf))
	return buf.Bytes()
}

func TestTemplate(t *testing.T) {
	data := templateBytes(t)
	wb, issues := readBytes(t, data)
	// No errors; the example rows are pointed out.
	wantIssues(t, issues,
		`警告 学校 第2行 学校代码 "EX0001": 这是模板中的示例行，如果不是真实数据请删除`,
		`警告 教职工 第2行 身份证号 "110105************": 这是模板中的示例行，如果不是真实数据请删除`,
		`警告 任职经历 第2行 身份证号 "110105************": 这是模板中的示例行，如果不是真实数据请删除`)
	if len(wb.Schools) != 1 || len(wb.Educators) != 1 || len(wb.Careers) != 1 {
		t.Fatalf("example rows: %+v", wb)
	}
	if _, err := people.ParseIDNumber(string(wb.Educators[0].IDNumber)); err != nil {
		t.Errorf("example ID: %v", err)
	}

	f, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"学校", "教职工", "任职经历", "说明"}) {
		t.Errorf("sheets = %v", got)
	}
	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d", i)
	}
	for k := range sheetDefs {
		def := &sheetDefs[k]
		rows, err := f.GetRows(def.zh)
		must(t, err)
		if !reflect.DeepEqual(rows[0], stdHeader(sheetKind(k))) {
			t.Errorf("%s header = %v", def.zh, rows[0])
		}
		panes, err := f.GetPanes(def.zh)
		must(t, err)
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s panes = %+v", def.zh, panes)
		}
		dvs, err := f.GetDataValidations(def.zh)
		must(t, err)
		lists := map[string]string{}
		for _, dv := range dvs {
			lists[dv.Sqref] = dv.Formula1
		}
		for i, c := range def.columns {
			col, _ := excelize.ColumnNumberToName(i + 1)
			list, ok := lists[col+"2:"+col+"1048576"]
			if c.vocab != nil && (!ok || list != `"`+strings.Join(c.vocab.Zh(), ",")+`"`) {
				t.Errorf("%s %s: drop-down %q", def.zh, c.zh, list)
			}
			if w, _ := f.GetColWidth(def.zh, col); w != c.width {
				t.Errorf("%s %s: width %v", def.zh, c.zh, w)
			}
		}
		comments, err := f.GetComments(def.zh)
		must(t, err)
		if len(comments) != len(def.columns) || !strings.HasPrefix(comments[0].Text, def.columns[0].en) {
			t.Errorf("%s comments = %+v", def.zh, comments)
		}
	}
	notes, err := f.GetRows(SheetNotes)
	must(t, err)
	var explained int
	for _, r := range notes {
		if len(r) >= 5 && r[1] != "" && r[4] != "" {
			explained++
		}
	}
	if explained != 1+numSchoolColumns+numEducatorColumns+numCareerColumns { // and the table's header
		t.Errorf("notes explain %d columns", explained)
	}
}

// sampleWorkbook is a roster with something of everything, including text
// that would be a formula.
func sampleWorkbook() *Workbook {
	lon, lat := 103.834, -36.061
	return &Workbook{
		Schools: []SchoolRow{
			{Row: 2, Code: "0001", Name: "城关第一小学", County: "城关区", Level: "primary", Location: "urban", Weak: true,
				Consortium: "=城关联合体", Longitude: &lon, Latitude: &lat},
			{Row: 3, Code: "0002", Name: "+实验幼儿园", County: "城关区", Level: "kindergarten", Location: "rural", Demonstration: "city"},
		},
		Educators: []EducatorRow{
			{Row: 2, IDNumber: people.IDNumber(idMale1980), Name: "张伟", Gender: "male", BirthDate: app.NewDate(1980, 1, 1),
				SchoolCode: "0001", Post: "principal", Subjects: []string{"语文", "数学"}, StaffStatus: "established",
				Backbone: "national_backbone", Title: "-高级教师", JoinedSchool: app.NewDate(2005, 9, 1), PostSince: app.NewDate(2018, 9, 1)},
			{Row: 3, IDNumber: people.IDNumber(mkID("11010519491231002")), Name: "@李娜", Gender: "female", BirthDate: app.NewDate(1949, 12, 31),
				SchoolCode: "0002", Post: "director", StaffStatus: "other", Title: "'=quoted", JoinedSchool: app.NewDate(1970, 3, 1),
				PostSince: app.NewDate(1990, 9, 1)},
		},
		Careers: []CareerRow{
			{Row: 2, IDNumber: people.IDNumber(idMale1980), SchoolCode: "0002", Post: "teacher", Start: app.NewDate(2001, 9, 1),
				End: app.NewDate(2005, 8, 31), Kind: "secondment"},
			{Row: 3, IDNumber: people.IDNumber(idMale1980), SchoolCode: "0001", Post: "principal", Start: app.NewDate(2018, 9, 1), Kind: "appointment"},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	want := sampleWorkbook()
	var buf bytes.Buffer
	must(t, Write(&buf, want, WriteOptions{FullIDNumbers: true}))
	got, issues := readBytes(t, buf.Bytes())
	wantIssues(t, issues)
	if !reflect.DeepEqual(got.Schools, want.Schools) {
		t.Errorf("schools:\n got %+v\nwant %+v", got.Schools, want.Schools)
	}
	if !reflect.DeepEqual(got.Educators, want.Educators) {
		t.Errorf("educators:\n got %+v\nwant %+v", got.Educators, want.Educators)
	}
	if !reflect.DeepEqual(got.Careers, want.Careers) {
		t.Errorf("careers:\n got %+v\nwant %+v", got.Careers, want.Careers)
	}

	// Written a second time, the same bytes of sheet data.
	var again bytes.Buffer
	must(t, Write(&again, got, WriteOptions{FullIDNumbers: true}))
	if a, b := sheetXML(t, buf.Bytes(), 2), sheetXML(t, again.Bytes(), 2); a != b {
		t.Error("re-export differs")
	}
}

// sheetXML returns the XML of worksheet n of a workbook.
func sheetXML(t testing.TB, data []byte, n int) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	rc, err := zr.Open("xl/worksheets/sheet" + string(rune('0'+n)) + ".xml")
	must(t, err)
	b, err := io.ReadAll(rc)
	must(t, err)
	return string(b)
}

func TestExportMasksAndNeutralises(t *testing.T) {
	var buf bytes.Buffer
	must(t, Write(&buf, sampleWorkbook(), WriteOptions{}))
	data := buf.Bytes()

	f, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	defer f.Close()
	cells := map[string]string{}
	for _, c := range []struct{ sheet, cell string }{
		{"教职工", "A2"}, {"教职工", "A3"}, {"教职工", "D2"}, {"教职工", "D3"}, {"任职经历", "A2"}, {"学校", "H2"}, {"学校", "B3"}, {"教职工", "J2"}, {"教职工", "B3"}, {"教职工", "J3"}, {"学校", "A2"},
	} {
		v, err := f.GetCellValue(c.sheet, c.cell)
		must(t, err)
		cells[c.sheet+c.cell] = v
	}
	want := map[string]string{
		"教职工A2": people.MaskIDNumber(idMale1980), "教职工A3": "110105************", "任职经历A2": people.MaskIDNumber(idMale1980),
		"学校H2": "'=城关联合体", "学校B3": "'+实验幼儿园", "教职工J2": "'-高级教师", "教职工B3": "'@李娜", "教职工J3": "''=quoted",
		"学校A2": "0001", "教职工D2": "", "教职工D3": "",
	}
	if !reflect.DeepEqual(cells, want) {
		t.Errorf("cells:\n got %v\nwant %v", cells, want)
	}
	for _, sheet := range []int{1, 2, 3} {
		if x := sheetXML(t, data, sheet); strings.Contains(x, idMale1980) || strings.Contains(x, "<f>") {
			t.Errorf("sheet %d holds a full ID number or a formula", sheet)
		}
	}

	// A masked export cannot be imported: every ID says why.
	_, issues := readBytes(t, data)
	masked := `身份证号已脱敏（含*号），不能用于导入；请使用含完整身份证号的导出文件或填写完整号码`
	wantIssues(t, issues,
		`教职工 第2行 身份证号 "`+people.MaskIDNumber(idMale1980)+`": `+masked,
		`教职工 第3行 身份证号 "110105************": `+masked,
		`任职经历 第2行 身份证号 "`+people.MaskIDNumber(idMale1980)+`": `+masked,
		`任职经历 第3行 身份证号 "`+people.MaskIDNumber(idMale1980)+`": `+masked)
}

func TestWriteChoosesSheets(t *testing.T) {
	for _, c := range []struct {
		wb   *Workbook
		want []string
	}{
		{&Workbook{}, []string{"学校", "教职工", "任职经历", "说明"}},
		{&Workbook{Schools: sampleWorkbook().Schools}, []string{"学校", "说明"}},
		{&Workbook{Educators: sampleWorkbook().Educators}, []string{"教职工", "说明"}},
	} {
		var buf bytes.Buffer
		must(t, Write(&buf, c.wb, WriteOptions{}))
		f, err := excelize.OpenReader(&buf)
		must(t, err)
		if got := f.GetSheetList(); !reflect.DeepEqual(got, c.want) {
			t.Errorf("sheets = %v, want %v", got, c.want)
		}
		f.Close()
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestWriteError(t *testing.T) {
	err := Write(failingWriter{}, sampleWorkbook(), WriteOptions{})
	if app.ErrorCode(err) != app.Internal || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("Write to a failing writer = %v", err)
	}
}
