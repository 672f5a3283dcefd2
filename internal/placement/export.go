package placement

import (
	"fmt"
	"strings"

	"jiaoliu/internal/sheet"
)

// BatchWorkbook writes a batch's placements as a workbook: one line per
// participant with the school, host, mentor, dates, progress on every
// requirement, leave days, the assessments' grades and the result. It
// holds no ID number.
func BatchWorkbook(b *BatchExport) ([]byte, error) {
	const name = "挂职名册"
	wb := sheet.NewBook()
	wb.Sheet(name)
	head := []string{"序号", "姓名", "派出学校", "批次", "接收学校", "导师", "开始日期", "结束日期"}
	for _, r := range b.Requirements {
		head = append(head, r.Name)
	}
	head = append(head, "请假天数", "导师考核", "接收学校考核", "任务得分", "任务考核", "结果", "全区典型报告")
	title := b.ProgrammeName + " 挂职名册"
	if b.BatchName != "" {
		title = b.ProgrammeName + " " + b.BatchName + " 挂职名册"
	}
	wb.TitleRow(name, 1, len(head), title)
	wb.Header(name, 2, head...)
	for i, row := range b.Rows {
		pl := row.Placement
		vals := []any{i + 1, pl.Name, pl.SchoolName, pl.BatchName, pl.HostName, pl.MentorName, pl.BatchStart.Chinese(), pl.BatchEnd.Chinese()}
		for _, r := range b.Requirements {
			vals = append(vals, itemCell(row.Progress, r.ID))
		}
		vals = append(vals, row.LeaveDays)
		vals = append(vals, assessmentCells(row.Completion)...)
		wb.Row(name, i+3, vals...)
	}
	widths := []float64{6, 10, 22, 12, 22, 10, 14, 14}
	for range b.Requirements {
		widths = append(widths, 12)
	}
	wb.Widths(name, append(widths, 10, 30, 30, 10, 10, 10, 12)...)
	return wb.Bytes()
}

// itemCell is a requirement's progress as "done/target" with its status.
func itemCell(p *Progress, requirementID int64) string {
	if p == nil {
		return ""
	}
	for _, it := range p.Items {
		if it.Requirement.ID == requirementID {
			return fmt.Sprintf("%d/%d %s", it.Done, it.Target, ProgressStatuses.Label(string(it.Status), "zh"))
		}
	}
	return ""
}

// assessmentCells are the mentor's and the host's grades, the task score
// and grade, the result and the report to the district.
func assessmentCells(c *Completion) []any {
	if c == nil {
		return []any{"", "", "", "", "", ""}
	}
	grades := func(who string) string {
		a := c.Assessments[who]
		if a == nil {
			return "未考核"
		}
		var parts []string
		for _, g := range a.Items {
			parts = append(parts, Items.Label(g.Item, "zh")+Grades.Label(g.Grade, "zh"))
		}
		return strings.Join(parts, "，")
	}
	var score, tasks any = "", "未考核"
	if a := c.Assessments[AssessorOrganiser]; a != nil {
		score, tasks = a.TaskScore, Grades.Label(a.Grade, "zh")
	}
	result, outstanding := "未评定", ""
	if c.Result != "" {
		result = Results.Label(c.Result, "zh")
	}
	if c.Outstanding {
		outstanding = "是"
	}
	return []any{grades(AssessorMentor), grades(AssessorHost), score, tasks, result, outstanding}
}

// SheetWorkbook writes a batch's attendance sheet (考勤表): a line per
// participant, a column per day (✓ signed, H signed by the host, the
// leave's label, ✗ absent) as on the page, and the totals.
func SheetWorkbook(sh *Sheet) ([]byte, error) {
	const name = "考勤表"
	wb := sheet.NewBook()
	wb.Sheet(name)
	head := []string{"序号", "姓名", "接收学校"}
	for _, d := range sh.Days {
		head = append(head, fmt.Sprintf("%d/%d", int(d.Month), d.Day))
	}
	head = append(head, "出勤", "请假", "缺勤")
	wb.TitleRow(name, 1, len(head), sh.BatchName+" 考勤表（✓ 已签到，H 接收学校代签，✗ 缺勤）")
	wb.Header(name, 2, head...)
	for i, row := range sh.Rows {
		vals := []any{i + 1, row.Name, row.HostName}
		for _, c := range row.Cells {
			vals = append(vals, cellMark(c))
		}
		vals = append(vals, row.Present, row.Leave, row.Absent)
		wb.Row(name, i+3, vals...)
	}
	widths := []float64{6, 10, 22}
	for range sh.Days {
		widths = append(widths, 5)
	}
	wb.Widths(name, append(widths, 6, 6, 6)...)
	return wb.Bytes()
}

// cellMark is one day of the sheet as a mark.
func cellMark(c Cell) string {
	switch {
	case c.Signed && c.ByHost:
		return "H"
	case c.Signed:
		return "✓"
	case c.Leave != "":
		return c.Leave
	case c.Absent:
		return "✗"
	}
	return ""
}
