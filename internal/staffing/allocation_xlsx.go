package staffing

import (
	"context"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/sheet"
)

// WorkbookName is the file name of a version's workbook.
func (a *Allocation) WorkbookName() string {
	return fmt.Sprintf("%s%d年度中小学教职工编制分配表（第%d版）.xlsx", a.CountyName, a.Year, a.Version)
}

// Workbook is a version as the .xlsx the county files (备案) with its 编制
// and finance offices: a title with the county, year, version and its state,
// one row per school, the sums, and the standard it was computed by.
func (s *Service) Workbook(ctx context.Context, id int64) (*Allocation, []byte, error) {
	a, err := s.FindAllocation(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	const name = "编制分配"
	b := sheet.NewBook()
	b.Sheet(name)
	state := "未备案"
	if a.Filed() {
		state = "备案于" + app.DateOf(*a.FiledAt).Chinese() + "（" + a.FiledBy + "）"
	}
	b.TitleRow(name, 1, 11, fmt.Sprintf("%s%d年度中小学教职工编制分配表（第%d版，%s）", a.CountyName, a.Year, a.Version, state))
	b.Header(name, 2, "序号", "学校代码", "学校名称", "学段", "班级数", "在校生数", "寄宿生数", "标准编制", "测算编制", "核定编制", "调整理由")
	r := 3
	for i, l := range a.Lines {
		b.Row(name, r, i+1, l.SchoolCode, l.SchoolName, org.Levels.Label(l.Level, "zh"), l.Classes, l.Pupils, l.Boarders,
			l.Standard, l.Computed, l.Allocated, l.Reason)
		r++
	}
	b.Row(name, r, "", "", "合计", "", "", "", "", "", a.Seats, a.Allocated, "")
	b.Row(name, r+1, "", "", "编制总额", "", "", "", "", "", "", a.Total, "")
	b.Row(name, r+2, "", "", "机动编制", "", "", "", "", "", "", a.Reserve, "")
	st := a.Basis
	b.Row(name, r+4, "", "", fmt.Sprintf("编制标准（生师比）：高中%g，初中%g，小学%g，特殊教育%g；寄宿生每%g人增编1名；村小、教学点每校增编%g名。",
		st.RatioSenior, st.RatioJunior, st.RatioPrimary, st.RatioSpecial, st.BoardersPerStaff, st.VillagePointStaff))
	b.Row(name, r+5, "", "", "测算方法：九年一贯制按六个小学年级、三个初中年级，完全中学按初中、高中各半；"+
		"在编制总额内按各校标准编制的比例分配，先取整数部分，余额按小数部分从大到小逐一分配（最大余额法）。")
	b.Row(name, r+6, "", "", "说明："+a.Note+"；制表："+a.CreatedBy+"，"+app.DateOf(a.CreatedAt).Chinese())
	b.Widths(name, 6, 12, 26, 10, 8, 10, 10, 10, 10, 10, 30)
	out, err := b.Bytes()
	return a, out, err
}
