package web

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/sheet"
)

// eligibleColumns are the columns of the list of who must rotate as the
// web page downloads it, in Chinese and English: the workbook's columns,
// with values in words, for people to read (the command line and the
// API keep the codes).
var eligibleColumns = [][2]string{
	{"区县", "County"}, {"学校代码", "School code"}, {"学校", "School"}, {"姓名", "Name"}, {"性别", "Gender"},
	{"年龄", "Age"}, {"身份证号", "ID number"}, {"岗位", "Post"}, {"骨干级别", "Backbone level"},
	{"任职年限", "Time in post"}, {"起算日期", "Counted from"}, {"适用规则", "Rule"}, {"依据", "Grounds"},
	{"应交流", "Must rotate"}, {"暂缓交流", "Deferred"},
}

// writeEligibleCSV writes the list as CSV in lang, with text a
// spreadsheet would run neutralised.
func writeEligibleCSV(w io.Writer, rows []*rotation.Eligibility, lang string) error {
	cw := csv.NewWriter(w)
	head := make([]string, len(eligibleColumns))
	for i, c := range eligibleColumns {
		head[i] = pickLang(lang, c[0], c[1])
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	yes := func(b bool) string {
		if b {
			return pickLang(lang, "是", "Yes")
		}
		return pickLang(lang, "否", "No")
	}
	for _, e := range rows {
		tenure := fmt.Sprintf("%d年%d个月", e.TenureYears, e.TenureMonths)
		deferred := ""
		if e.Exempt {
			deferred = "暂缓至" + e.ExemptUntil.Chinese()
		}
		rule, reason := e.Rule, e.Reason
		if lang == "en" {
			tenure = fmt.Sprintf("%s, %s", plural(e.TenureYears, "year", "years"), plural(e.TenureMonths, "month", "months"))
			if e.Exempt {
				deferred = "until " + e.ExemptUntil.English()
			}
			rule = rotation.Rules.Label(e.Verdict.Rule, "en")
			reason = cmp.Or(e.ReasonEn, e.Reason)
		}
		rec := []string{e.CountyName, e.SchoolCode, e.SchoolName, e.Name, people.Genders.Label(e.Gender, lang), strconv.Itoa(e.Age),
			e.IDMasked, people.Posts.Label(e.Post, lang), people.Backbones.Label(e.Backbone, lang), tenure,
			formatDate(lang, e.TenureSince), rule, reason, yes(e.Must), deferred}
		if err := cw.Write(sheet.SafeRecord(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// plural counts n things in English: 1 year, 2 years.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
