package rotation

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/sheet"
)

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func percent(f float64) string { return fmt.Sprintf("%.1f%%", f) }

// scopeName names what a return covers: the county, or the city's counties.
func (rt *Return) scopeName() string {
	if len(rt.Counties) == 1 {
		return rt.Counties[0].County.Name
	}
	return "各区县"
}

// Annex1 writes 附件1, the counties' rotation arrangements: a summary sheet
// with one line per county and the total, then one sheet per county with
// its policy, its figures, the directions by post and the forms used.
func (rt *Return) Annex1() ([]byte, error) {
	b := sheet.NewBook()
	const sum = "附件1 汇总"
	b.Sheet(sum)
	cols := []string{"区县", "应交流人数", "其中校长副校长", "暂缓交流", "已交流人数", "交流比例", "目标比例", "是否达标",
		"骨干教师", "骨干占比", "骨干目标", "城区学校之间", "农村学校之间", "城区到农村", "农村到城区",
		"乡镇内支教", "双向流动", "调整岗位", "国培置换", "接纳支教教师", "报送情况"}
	b.TitleRow(sum, 1, len(cols), fmt.Sprintf("%s义务教育学校教师校长交流轮岗工作安排（%s）", rt.scopeName(), YearLabel(rt.SchoolYear)))
	b.Row(sum, 2, fmt.Sprintf("基准日：%s；报送截止：%s；数据均由系统根据登记记录计算", rt.On.Chinese(), rt.Due.Chinese()))
	b.Header(sum, 3, cols...)
	line := func(r int, name string, st ReturnStats, target string, submitted string) {
		dirs := make([]int, len(Directions))
		for _, p := range st.ByPost {
			for i, n := range p.Counts {
				dirs[i] += n
			}
		}
		b.Row(sum, r, name, st.MustRotate, st.MustHeads, st.Exempt, st.Rotated, percent(st.Share), target, yesNo(st.MeetsQuota),
			st.Backbone, percent(st.BackboneShare), st.BackboneTarget, dirs[0], dirs[1], dirs[2], dirs[3],
			st.TownshipSupport, st.TwoWay, st.Reassigned, st.NationalTraining, st.Accepted, submitted)
	}
	r := 4
	for _, c := range rt.Counties {
		sub := "未报送"
		if c.Submission != nil {
			sub = "已于" + app.DateOf(c.Submission.SubmittedAt).Chinese() + "报送"
			if c.Submission.Version > 1 {
				sub += fmt.Sprintf("（第%d版）", c.Submission.Version)
			}
			if c.Submission.Late {
				sub += "，逾期"
			}
		}
		line(r, c.County.Name, c.ReturnStats, fmt.Sprintf("%d%%", c.Policy.Quota()), sub)
		r++
	}
	if len(rt.Counties) > 1 {
		line(r, "合计", rt.Total, fmt.Sprintf("%d人", rt.Total.Target), "")
	}
	b.Widths(sum, 12, 10, 10, 9, 10, 9, 9, 8, 9, 9, 9, 10, 10, 10, 10, 10, 9, 9, 9, 11, 16)
	for _, c := range rt.Counties {
		countySheet(b, c, rt)
	}
	return b.Bytes()
}

// countySheet writes one county's arrangements.
func countySheet(b *sheet.Book, c *CountyReturn, rt *Return) {
	name := "附件1-" + c.County.Name
	if len([]rune(name)) > 31 {
		name = string([]rune(name)[:31])
	}
	b.Sheet(name)
	p := c.Policy
	b.TitleRow(name, 1, 6, fmt.Sprintf("%s义务教育学校教师校长交流轮岗工作安排（%s）", c.County.Name, YearLabel(rt.SchoolYear)))
	r := 3
	put := func(label string, v any) {
		b.Row(name, r, label, v)
		r++
	}
	b.Header(name, r, "一、交流轮岗政策", "")
	r++
	version := fmt.Sprintf("第%d版", p.Version)
	switch {
	case p.Version == 0:
		version = "默认（依据榆林市通知）"
	case p.InheritedFrom != 0:
		version = fmt.Sprintf("沿用%s第%d版", YearLabel(p.InheritedFrom), p.Version)
	}
	put("政策版本", version)
	put("教师交流对象", p.RuleText(RuleTeacher))
	put("校长轮岗对象", p.RuleText(RuleHead)+"（不含村小）")
	put("适用学段", levelNames(p.Levels))
	put("编制状态", staffLabels(p.StaffStatuses))
	put("交流期限", fmt.Sprintf("教师不少于%d学年，校长不少于一届（%d年）", p.TeacherMinYears, p.HeadMinYears))
	put("交流比例", fmt.Sprintf("不低于应交流人数的%d%%（首个学年%d学年为%d%%）", p.QuotaPercent, p.FirstYear, p.FirstYearQuotaPercent))
	put("骨干教师比例", fmt.Sprintf("不低于交流总数的%d%%", p.BackbonePercent))
	put("暂缓交流", fmt.Sprintf("经区县教育局批准，累计不超过%d年", p.MaxExemptionYears))
	r++
	b.Header(name, r, "二、基本情况", "")
	r++
	put("义务教育学校数", c.Staff.Schools)
	put("在编在岗校长", c.Staff.Principals)
	put("在编在岗副校长", c.Staff.VicePrincipals)
	put("在编在岗教师", c.Staff.Teachers)
	put("应交流人数", c.MustRotate)
	put("其中：教师", c.MustTeachers)
	put("其中：校长、副校长", c.MustHeads)
	put("暂缓交流人数", c.Exempt)
	put("已交流人数", c.Rotated)
	put("交流比例", fmt.Sprintf("%s（目标%d%%，需%d人，%s）", percent(c.Share), p.Quota(), c.Target, pass(c.MeetsQuota)))
	put("其中骨干教师", c.Backbone)
	put("骨干教师占比", fmt.Sprintf("%s（目标%d%%，需%d人，%s）", percent(c.BackboneShare), p.BackbonePercent, c.BackboneTarget, pass(c.MeetsBackbone)))
	put("在应交流名单中的已交流人员", c.FromList)
	r++
	b.Header(name, r, "三、交流方向", Directions[0].Zh, Directions[1].Zh, Directions[2].Zh, Directions[3].Zh, "合计")
	r++
	for _, pd := range c.ByPost {
		b.Row(name, r, people.Posts.Label(pd.Post, "zh"), pd.Counts[0], pd.Counts[1], pd.Counts[2], pd.Counts[3], pd.Total)
		r++
	}
	r++
	b.Header(name, r, "四、交流形式", "人数")
	r++
	for _, fc := range c.Forms {
		b.Row(name, r, Forms.Label(string(fc.Form), "zh"), fc.Count)
		r++
	}
	r++
	b.Header(name, r, "五、其他", "人数")
	r++
	put("乡镇内选派支教教师", c.TownshipSupport)
	put("双向流动教师", c.TwoWay)
	put("调整岗位（末位调岗）", c.Reassigned)
	put("国培教师置换培训", c.NationalTraining)
	put("接纳支教教师", c.Accepted)
	b.Widths(name, 26, 60, 12, 12, 12, 10)
}

func pass(ok bool) string {
	if ok {
		return "达标"
	}
	return "未达标"
}

func levelNames(codes []string) string {
	var out []string
	for _, c := range codes {
		out = append(out, org.Levels.Label(c, "zh"))
	}
	return strings.Join(out, "、")
}

// Annex2 writes 附件2, the list of people rotated in the school year, with
// masked ID numbers.
func (rt *Return) Annex2() ([]byte, error) {
	b := sheet.NewBook()
	const sh = "附件2"
	b.Sheet(sh)
	cols := []string{"序号", "区县", "姓名", "性别", "年龄", "身份证号", "岗位", "任教学科", "骨干级别", "原学校", "交流学校",
		"交流方向", "交流形式", "人事关系", "开始日期", "计划结束日期", "状态", "是否应交流对象", "高聘一级"}
	b.TitleRow(sh, 1, len(cols), fmt.Sprintf("%s义务教育学校教师校长交流人员名单（%s）", rt.scopeName(), YearLabel(rt.SchoolYear)))
	b.Header(sh, 2, cols...)
	r, n := 3, 1
	for _, c := range rt.Counties {
		for _, p := range c.People {
			b.Row(sh, r, n, p.CountyName, p.Name, people.Genders.Label(p.Gender, "zh"), p.Age, p.IDMasked,
				people.Posts.Label(p.Post, "zh"), strings.Join(p.Subjects, "、"), people.Backbones.Label(p.Backbone, "zh"),
				p.Origin, p.Host, Directions.Label(string(p.Direction), "zh"), Forms.Label(string(p.Form), "zh"), Relations.Label(string(p.Relation), "zh"),
				p.Start.Chinese(), p.PlannedEnd.Chinese(), Statuses.Label(string(p.Status), "zh"), yesNo(p.OnList), yesNo(p.HigherGrade))
			r, n = r+1, n+1
		}
	}
	b.Widths(sh, 6, 10, 10, 6, 6, 20, 10, 14, 14, 22, 22, 12, 16, 14, 14, 14, 12, 12, 9)
	return b.Bytes()
}

// EligibleWorkbook writes the list of who must rotate (or everyone, with why
// not) as a workbook.
func EligibleWorkbook(rows []*Eligibility, on app.Date) ([]byte, error) {
	b := sheet.NewBook()
	const sh = "应交流人员"
	b.Sheet(sh)
	cols := []string{"序号", "区县", "学校代码", "学校", "姓名", "性别", "年龄", "身份证号", "岗位", "骨干级别", "任职年限",
		"适用规则", "依据", "应交流", "暂缓交流"}
	b.TitleRow(sh, 1, len(cols), "义务教育学校应交流轮岗人员名单（基准日"+on.Chinese()+"）")
	b.Header(sh, 2, cols...)
	for i, e := range rows {
		exempt := ""
		if e.Exempt {
			exempt = "暂缓至" + e.ExemptUntil.Chinese()
		}
		b.Row(sh, i+3, i+1, e.CountyName, e.SchoolCode, e.SchoolName, e.Name, people.Genders.Label(e.Gender, "zh"), e.Age, e.IDMasked,
			people.Posts.Label(e.Post, "zh"), people.Backbones.Label(e.Backbone, "zh"),
			fmt.Sprintf("%d年%d个月", e.TenureYears, e.TenureMonths), e.Rule, e.Reason, yesNo(e.Must), exempt)
	}
	b.Widths(sh, 6, 10, 12, 22, 10, 6, 6, 20, 10, 14, 12, 40, 40, 8, 18)
	return b.Bytes()
}

// EligibleRecord is the flat record of the list in CSV and in the shell.
func EligibleRecord(e *Eligibility) []string {
	exemptUntil := ""
	if e.Exempt {
		exemptUntil = e.ExemptUntil.String()
	}
	return []string{e.Name, e.SchoolCode, e.SchoolName, e.CountyName, e.Post, e.Gender, strconv.Itoa(e.Age),
		strconv.Itoa(e.TenureYears), strconv.Itoa(e.TenureMonths), e.TenureSince.String(), e.Verdict.Rule, e.Rule, e.Reason,
		strconv.FormatBool(e.Must), strconv.FormatBool(e.Exempt), exemptUntil, e.Backbone, e.IDMasked}
}

// EligibleHeader names the columns of EligibleRecord, as the JSON does.
var EligibleHeader = []string{"name", "school_code", "school_name", "county_name", "post", "gender", "age", "tenure_years",
	"tenure_months", "tenure_since", "rule_code", "rule", "reason", "must", "exempt", "exempt_until", "backbone", "id_number_masked"}

// WriteEligibleCSV writes the list as CSV (UTF-8), with the columns of
// EligibleHeader and text a spreadsheet would run neutralised.
func WriteEligibleCSV(w io.Writer, rows []*Eligibility) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(EligibleHeader); err != nil {
		return err
	}
	for _, e := range rows {
		if err := cw.Write(sheet.SafeRecord(EligibleRecord(e))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
