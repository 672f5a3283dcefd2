package staffing

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/sheet"
)

// RecruitColumns are the columns of the recruits' sheet (新招聘教师名单),
// in the order of the template; 居住地就近学校 is optional.
var RecruitColumns = []string{"姓名", "身份证号", "任教学科", "学段", "学历与资格", "居住地就近学校"}

// maxRecruitRows bounds one sheet.
const maxRecruitRows = 2000

// RecruitTemplate is the empty sheet to fill in, with one example row.
func RecruitTemplate() ([]byte, error) {
	b := sheet.NewBook()
	b.Sheet("新招聘教师")
	b.Header("新招聘教师", 1, RecruitColumns...)
	b.Row("新招聘教师", 2, "张小明", "", "数学", "小学", "本科 小学数学教师资格", "")
	b.Widths("新招聘教师", 12, 22, 12, 10, 28, 22)
	return b.Bytes()
}

// ParseRecruitSheet reads the recruits of a county from the first sheet
// of a workbook: a header row naming RecruitColumns (any order), then one
// recruit a row. The level is its Chinese name or code; the home school
// its name or code among the county's schools. Every problem is named by
// row and column; nothing is returned then.
func ParseRecruitSheet(data []byte, countyID int64, schools []*org.School) ([]RecruitInput, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, app.Errorf(app.Invalid, "无法读取上传的文件，请上传 .xlsx 格式的新招聘教师名单", "The file cannot be read; upload the recruits as .xlsx")
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) == 0 {
		return nil, app.Errorf(app.Invalid, "名单为空", "The sheet is empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimSpace(h)] = i
	}
	for _, h := range RecruitColumns[:5] {
		if _, ok := col[h]; !ok {
			return nil, app.Errorf(app.Invalid, "名单缺少“"+h+"”列，请使用模板", "The sheet lacks the column "+h+"; use the template")
		}
	}
	if len(rows)-1 > maxRecruitRows {
		return nil, app.Errorf(app.Invalid, fmt.Sprintf("一次最多导入%d人", maxRecruitRows), fmt.Sprintf("At most %d recruits at once", maxRecruitRows))
	}
	bySchool := map[string]int64{}
	for _, sc := range schools {
		bySchool[sc.Name], bySchool[sc.Code] = sc.ID, sc.ID
	}
	var out []RecruitInput
	var problems []string
	for n, row := range rows[1:] {
		cell := func(h string) string {
			i, ok := col[h]
			if !ok || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		if strings.Join(row, "") == "" {
			continue
		}
		in := RecruitInput{CountyID: countyID, Name: cell("姓名"), IDNumber: cell("身份证号"), Subject: cell("任教学科"),
			Qualifications: cell("学历与资格")}
		level := cell("学段")
		for _, t := range RecruitLevels {
			if level == t.Zh || level == t.Code {
				in.Level = t.Code
			}
		}
		if level != "" && in.Level == "" {
			problems = append(problems, fmt.Sprintf("第%d行“学段”：无效的学段“%s”", n+2, level))
		}
		if home := cell("居住地就近学校"); home != "" {
			if in.HomeSchoolID = bySchool[home]; in.HomeSchoolID == 0 {
				problems = append(problems, fmt.Sprintf("第%d行“居住地就近学校”：本区县没有学校“%s”", n+2, home))
			}
		}
		out = append(out, in)
	}
	if len(problems) > 0 {
		return nil, &app.Error{Code: app.Invalid, Message: strings.Join(problems, "；"), English: "Some rows are not valid; nothing was entered",
			Fields: map[string]string{"file": "invalid"}}
	}
	if len(out) == 0 {
		return nil, app.Errorf(app.Invalid, "名单中没有新招聘教师", "The sheet holds no recruits")
	}
	return out, nil
}
