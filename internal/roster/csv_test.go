package roster

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

func gb18030(t testing.TB, s string) []byte {
	t.Helper()
	b, _, err := transform.Bytes(simplifiedchinese.GB18030.NewEncoder(), []byte(s))
	must(t, err)
	return b
}

func utf16le(t testing.TB, s string) []byte {
	t.Helper()
	b, _, err := transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder(), []byte(s))
	must(t, err)
	return b
}

func readFiles(t *testing.T, files ...File) (*Workbook, []Issue) {
	t.Helper()
	wb, issues, err := ReadFiles(context.Background(), files, Options{Today: today})
	if err != nil || wb == nil {
		t.Fatalf("ReadFiles = %v, %v", wb, err)
	}
	return wb, issues
}

func file(name string, b []byte) File {
	return File{Name: name, Size: int64(len(b)), R: bytes.NewReader(b)}
}

func TestCSVEncodings(t *testing.T) {
	text := sheetCSV(stdHeader(educatorsSheet), row(educatorsSheet, map[string]string{"姓名": "欧阳𠮷", "职称": "一级教师"}))
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"UTF-8", []byte(text)},
		{"UTF-8 with BOM", append([]byte("\xEF\xBB\xBF"), text...)},
		{"UTF-8 CRLF", []byte(strings.ReplaceAll(text, "\n", "\r\n"))},
		{"GB18030", gb18030(t, text)},
		{"UTF-16 tab-separated", utf16le(t, strings.ReplaceAll(text, ",", "\t"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "GB18030" && bytes.Contains(c.data, []byte("欧阳")) {
				t.Fatal("not encoded")
			}
			wb, issues := readFiles(t, file("教职工.csv", c.data))
			wantIssues(t, issues)
			if len(wb.Educators) != 1 || wb.Educators[0].Name != "欧阳𠮷" || wb.Educators[0].Title != "一级教师" {
				t.Errorf("rows = %+v", wb.Educators)
			}
		})
	}
}

func TestCSVFiles(t *testing.T) {
	schools := []byte(sheetCSV(stdHeader(schoolsSheet), row(schoolsSheet, nil)))
	educators := []byte(sheetCSV(stdHeader(educatorsSheet), row(educatorsSheet, nil)))
	careers := []byte(sheetCSV(stdHeader(careersSheet), row(careersSheet, nil)))

	wb, issues := readFiles(t, file(`C:\Users\张老师\Desktop\careers.CSV`, careers), file("educators.csv", educators), file("学校.csv", schools))
	wantIssues(t, issues)
	if len(wb.Schools) != 1 || len(wb.Educators) != 1 || len(wb.Careers) != 1 {
		t.Errorf("rows = %+v", wb)
	}

	_, issues = readFiles(t, file("教职工.csv", educators), file("educators.csv", educators))
	wantIssues(t, issues, `教职工 "educators.csv": 重复的工作表：“教职工.csv”和“educators.csv”都是教职工表，只能有一个`)

	_, issues = readFiles(t, file("花名册.csv", educators), file("学校.csv", schools))
	wantIssues(t, issues, `警告 花名册.csv: 无法从文件名判断是哪张表，已忽略；CSV 文件应命名为 学校.csv、教职工.csv 或 任职经历.csv`)

	// A workbook among CSV files is read as a workbook, whatever its name.
	_, issues = readFiles(t, file("教职工.csv", templateBytes(t)), file("学校.csv", schools))
	if want := `学校 "学校.csv": 重复的工作表：“教职工.csv 中的工作表 学校”和“学校.csv”都是学校表，只能有一个`; !HasErrors(issues) || issues[0].String() != want {
		t.Errorf("workbook and CSV with the same sheet: %v", strs(issues))
	}

	_, issues, err := ReadCSV(context.Background(), []File{file("教职工.csv", templateBytes(t))}, Options{Today: today})
	must(t, err)
	wantIssues(t, issues, `教职工: 这是 Excel 工作簿，不是 CSV 文件；请直接上传这个工作簿（改名为 .xlsx）`)

	_, issues = readFiles(t, file("教职工.csv", []byte("\x00\x01\x02binary")))
	wantIssues(t, issues, `教职工: 不是文本文件，无法作为 CSV 读取`)

	_, issues = readFiles(t)
	wantIssues(t, issues, `没有上传文件`)

	// A workbook is recognised by its content whatever its name.
	wb, issues = readFiles(t, file("upload.bin", templateBytes(t)))
	if len(wb.Educators) != 1 || HasErrors(issues) {
		t.Errorf("template as upload.bin: %v", strs(issues))
	}
}

// An upload may hold several workbooks and CSV files, each sheet once.
func TestSeveralFiles(t *testing.T) {
	xlsx := func(name string, k sheetKind) File {
		data := inlineRow(1, stdHeader(k)...) + inlineRow(2, row(k, nil)...)
		return file(name, rawXLSX{sheets: []rawSheet{{name: sheetDefs[k].zh, data: data}}}.bytes(t))
	}
	careers := []byte(sheetCSV(stdHeader(careersSheet), row(careersSheet, nil)))

	wb, issues := readFiles(t, xlsx("学校.xlsx", schoolsSheet), xlsx("教职工.xlsx", educatorsSheet), xlsx("任职经历.xlsx", careersSheet))
	wantIssues(t, issues)
	if len(wb.Schools) != 1 || len(wb.Educators) != 1 || len(wb.Careers) != 1 {
		t.Errorf("three workbooks: %d %d %d rows", len(wb.Schools), len(wb.Educators), len(wb.Careers))
	}
	wb, issues = readFiles(t, xlsx(`C:\\桌面\\教职工.xlsx`, educatorsSheet), file("任职经历.csv", careers))
	wantIssues(t, issues)
	if len(wb.Educators) != 1 || len(wb.Careers) != 1 || !wb.HasColumn(SheetCareers, "kind") {
		t.Errorf("a workbook and a CSV file: %+v", wb)
	}

	_, issues = readFiles(t, xlsx("一月.xlsx", educatorsSheet), xlsx("二月.xlsx", educatorsSheet))
	wantIssues(t, issues, `教职工 "二月.xlsx 中的工作表 教职工": 重复的工作表：“一月.xlsx 中的工作表 教职工”和“二月.xlsx 中的工作表 教职工”都是教职工表，只能有一个`)

	_, issues = readFiles(t, xlsx("教职工.xlsx", educatorsSheet), file("任职经历.csv", careers), file("careers.csv", careers))
	wantIssues(t, issues, `任职经历 "careers.csv": 重复的工作表：“任职经历.csv”和“careers.csv”都是任职经历表，只能有一个`)

	// A file that is not a workbook is named.
	_, issues = readFiles(t, xlsx("教职工.xlsx", educatorsSheet), file("任职经历.xlsx", []byte("PK\x03\x04broken")))
	if len(issues) != 1 || !strings.HasPrefix(issues[0].String(), "任职经历.xlsx: 不是有效的 Excel 工作簿") {
		t.Errorf("a broken file among several: %v", strs(issues))
	}

	many := make([]File, MaxFiles+1)
	for i := range many {
		many[i] = file(fmt.Sprintf("%d.csv", i), careers)
	}
	_, issues = readFiles(t, many...)
	wantIssues(t, issues, fmt.Sprintf("一次上传了%d个文件，最多%d个：每个工作表一个文件，或一个包含各工作表的工作簿", MaxFiles+1, MaxFiles))
}
