package roster

import (
	"reflect"
	"testing"

	"jiaoliu/internal/people"
)

func TestRefs(t *testing.T) {
	files := map[string]string{
		"学校.csv": sheetCSV(stdHeader(schoolsSheet), row(schoolsSheet, nil)),
		"教职工.csv": sheetCSV(stdHeader(educatorsSheet),
			row(educatorsSheet, nil), // S001: in the workbook
			row(educatorsSheet, map[string]string{"身份证号": idMale1990, "学校代码": "S900", "性别": "", "出生日期": "", "到校日期": "2015-09-01"}), // known
			row(educatorsSheet, map[string]string{"身份证号": idFemale1975, "学校代码": "S404", "性别": "", "出生日期": ""})),                    // unknown
		"任职经历.csv": sheetCSV(stdHeader(careersSheet),
			row(careersSheet, nil), // in the workbook
			row(careersSheet, map[string]string{"身份证号": idFemale1985, "学校代码": "S404"}),              // known educator, unknown school
			row(careersSheet, map[string]string{"身份证号": mkID("11010519491231002"), "学校代码": "S900"}), // unknown educator
			row(careersSheet, map[string]string{"身份证号": "bad"})),                                    // invalid: not a reference
	}
	wb, issues := readTexts(t, files)
	wantIssues(t, issues, `任职经历 第5行 身份证号 "***": 身份证号应为18位，实为3位`)

	refs := wb.Refs()
	want := Refs{SchoolCodes: []string{"S404", "S900"},
		IDNumbers: []people.IDNumber{people.IDNumber(mkID("11010519491231002")), people.IDNumber(idFemale1985)}}
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("Refs = %+v, want %+v", refs, want)
	}

	asked := map[string]int{}
	issues = append(issues, wb.CheckRefs(
		func(code string) bool { asked[code]++; return code == "S900" },
		func(id people.IDNumber) bool { asked[string(id)]++; return id == people.IDNumber(idFemale1985) })...)
	SortIssues(issues)
	wantIssues(t, issues,
		`教职工 第4行 学校代码 "S404": 学校代码不存在：本工作簿的“学校”表和系统中都没有这所学校`,
		`任职经历 第3行 学校代码 "S404": 学校代码不存在：本工作簿的“学校”表和系统中都没有这所学校`,
		`任职经历 第4行 身份证号 "110105************": 没有这名教职工：本工作簿的“教职工”表和系统中都没有这个身份证号`,
		`任职经历 第5行 身份证号 "***": 身份证号应为18位，实为3位`)
	for k, n := range asked {
		if n != 1 {
			t.Errorf("asked about %s %d times", people.MaskIDNumber(k), n)
		}
	}
	if len(asked) != 4 {
		t.Errorf("asked about %d keys", len(asked))
	}

	// Nil functions know nothing; headers are those of the file.
	wb, _ = readText(t, "教职工.csv", sheetCSV([]string{"id_number", "name", "school_code (学校代码)", "post", "staff_status", "joined_school"},
		[]string{idMale1980, "张伟", "S404", "教师", "在编在岗", "2005-09-01"}))
	wantIssues(t, wb.CheckRefs(nil, nil), `教职工 第2行 school_code (学校代码) "S404": 学校代码不存在：本工作簿的“学校”表和系统中都没有这所学校`)
}
