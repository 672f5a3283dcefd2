package roster

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiaoliu/internal/people"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		must(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	must(t, err)
	if string(want) != got {
		t.Errorf("%s differs (go test -run %s -update to accept):\n got:\n%s\nwant:\n%s", path, t.Name(), got, want)
	}
}

// TestIssuesGolden reads a roster with something wrong in almost every
// column and keeps every issue, Chinese and English, in
// testdata/issues.golden: the catalogue of messages users see.
func TestIssuesGolden(t *testing.T) {
	files := map[string]string{
		"学校.csv": sheetCSV(append(stdHeader(schoolsSheet), "备注"),
			append(row(schoolsSheet, nil), "老校区"),
			row(schoolsSheet, map[string]string{"学校代码": "S001", "学校名称": "", "学段": "小学部", "城乡类型": "农村",
				"薄弱学校": "也许", "示范等级": "国家级", "经度": "200", "纬度": "北纬"})),
		"教职工.csv": "2024年城关区教职工花名册\n" + sheetCSV(append([]string{"身份证号码"}, stdHeader(educatorsSheet)[1:]...),
			row(educatorsSheet, nil),
			row(educatorsSheet, map[string]string{"身份证号": "110105194912310021", "姓名": "", "学校代码": "", "岗位": "校长"}),
			row(educatorsSheet, map[string]string{"身份证号": idMale1980, "性别": "女", "出生日期": "1980-01-02", "到校日期": "2030-01-01"}),
			row(educatorsSheet, map[string]string{"身份证号": idFemale1985, "性别": "M", "出生日期": "2021-02-29", "编制状态": "在编",
				"骨干级别": "骨干", "到校日期": "1979.9.1", "任现职日期": "2012年9月"}),
			row(educatorsSheet, map[string]string{"身份证号": "110105********0016", "岗位": "老师"}),
			row(educatorsSheet, map[string]string{"身份证号": "1.10105E+17", "到校日期": "2012"}),
			row(educatorsSheet, map[string]string{"身份证号": idMale1990, "性别": "", "出生日期": "", "到校日期": "2015-09-01",
				"任现职日期": "2014-09-01", "学校代码": "S404"})),
		"任职经历.csv": sheetCSV(stdHeader(careersSheet),
			row(careersSheet, map[string]string{"结束日期": "2005-08-31", "类型": "借调"}),
			row(careersSheet, map[string]string{"开始日期": "1979-09-01"}),
			row(careersSheet, map[string]string{"身份证号": idFemale1975, "开始日期": "2025-09-01"})),
		"Sheet1.csv": "x\n",
	}
	wb, issues := readTexts(t, files)
	issues = append(issues, wb.CheckRefs(func(string) bool { return false }, func(id people.IDNumber) bool { return false })...)
	SortIssues(issues)
	var b strings.Builder
	for _, is := range issues {
		b.WriteString(is.String())
		b.WriteString("\n\t")
		b.WriteString(is.English)
		b.WriteString("\n")
	}
	golden(t, "issues.golden", b.String())
}

func TestMaxIssues(t *testing.T) {
	var rows [][]string
	for i := range 5 {
		rows = append(rows, row(educatorsSheet, map[string]string{"身份证号": mkID(fmt.Sprintf("11010519800101%03d", i)), "性别": "", "姓名": ""}))
	}
	wb, issues, err := ReadCSV(t.Context(), []File{file("教职工.csv", []byte(sheetCSV(stdHeader(educatorsSheet), rows...)))},
		Options{Today: today, MaxIssues: 2})
	must(t, err)
	wantIssues(t, issues, `另有3个问题未列出`, `教职工 第2行 姓名: 不能为空`, `教职工 第3行 姓名: 不能为空`)
	if len(wb.Educators) != 5 {
		t.Errorf("rows = %d", len(wb.Educators))
	}
}
