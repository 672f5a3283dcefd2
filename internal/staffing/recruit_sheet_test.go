package staffing

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
)

// sheetOf writes rows under the header into a workbook.
func sheetOf(t *testing.T, header []string, rows ...[]string) []byte {
	f := excelize.NewFile()
	for r, row := range append([][]string{header}, rows...) {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParseRecruitSheet(t *testing.T) {
	schools := []*org.School{{ID: 7, Code: "S7", Name: "乡村小学"}}
	header := []string{"学段", "姓名", "身份证号", "任教学科", "学历与资格", "居住地就近学校"}
	data := sheetOf(t, header, []string{"小学", "张三", "110105199901010012", "数学", "本科", "乡村小学"}, []string{},
		[]string{"junior", "李四", "110105199902020021", "语文", "硕士", ""})
	ins, err := ParseRecruitSheet(data, 3, schools)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[0].Level != "primary" || ins[0].HomeSchoolID != 7 || ins[1].Level != "junior" || ins[1].CountyID != 3 || ins[1].Name != "李四" {
		t.Fatalf("parsed %+v", ins)
	}
	bad := sheetOf(t, header, []string{"大学", "王五", "x", "数学", "", "城里学校"})
	_, err = ParseRecruitSheet(bad, 3, schools)
	if msg := app.ErrorMessage(err, "zh"); !strings.Contains(msg, "第2行“学段”") || !strings.Contains(msg, "第2行“居住地就近学校”") {
		t.Fatalf("bad rows: %q", msg)
	}
	if _, err := ParseRecruitSheet(sheetOf(t, []string{"姓名"}), 3, schools); app.ErrorCode(err) != app.Invalid {
		t.Fatalf("a sheet without the columns: %v", err)
	}
	tpl, err := RecruitTemplate()
	if err != nil {
		t.Fatal(err)
	}
	if ins, err := ParseRecruitSheet(tpl, 3, schools); err != nil || len(ins) != 1 || ins[0].Name != "张小明" {
		t.Fatalf("the template reads back as %+v, %v", ins, err)
	}
}
