package training

import (
	"fmt"

	"jiaoliu/internal/people"
	"jiaoliu/internal/sheet"
)

// ReportWorkbook is the hours report as an .xlsx file: a title with the
// cycle and what is expected by now, then one row per educator.
func ReportWorkbook(rep *Report) ([]byte, error) {
	const name = "培训学时统计"
	b := sheet.NewBook()
	b.Sheet(name)
	b.TitleRow(name, 1, 8, fmt.Sprintf("%d—%d年周期培训学时统计（周期要求%d学时，截至本年应达%d学时；未达%d人）",
		rep.Cycle.From, rep.Cycle.To, rep.Cycle.Required, rep.Cycle.Expected, rep.Behind))
	b.Header(name, 2, "序号", "区县", "学校", "姓名", "岗位", "本周期学时", "应达学时", "是否达标")
	for i, l := range rep.Lines {
		ok := "达标"
		if l.Behind {
			ok = "未达标"
		}
		b.Row(name, i+3, i+1, l.CountyName, l.SchoolName, l.Name, people.Posts.Label(l.Post, "zh"), l.Hours, rep.Cycle.Expected, ok)
	}
	b.Widths(name, 6, 12, 24, 10, 12, 12, 10, 10)
	return b.Bytes()
}
