package roster

import (
	"strings"
	"testing"
)

func TestIssueString(t *testing.T) {
	for _, c := range []struct {
		is   Issue
		want string
	}{
		{Issue{Sheet: "教职工", Row: 17, Column: "身份证号", Value: "110105************", Message: "校验码应为 X", Severity: SeverityError},
			`教职工 第17行 身份证号 "110105************": 校验码应为 X`},
		{Issue{Sheet: "教职工", Row: 3, Column: "姓名", Message: "不能为空", Severity: SeverityError}, `教职工 第3行 姓名: 不能为空`},
		{Issue{Sheet: "教职工", Column: "姓名", Message: "缺少必填列“姓名”", Severity: SeverityError}, `教职工 姓名: 缺少必填列“姓名”`},
		{Issue{Sheet: "Sheet1", Message: "未识别的工作表", Severity: SeverityWarning}, `警告 Sheet1: 未识别的工作表`},
		{Issue{Message: "文件是空的", Severity: SeverityError}, `文件是空的`},
		{Issue{Sheet: "学校", Row: 1, Value: "A1:B1", Message: "表头中有合并单元格", Severity: SeverityError}, `学校 第1行 "A1:B1": 表头中有合并单元格`},
	} {
		if got := c.is.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
	}
}

func TestShownValue(t *testing.T) {
	for _, c := range []struct {
		in   string
		id   bool
		want string
	}{
		{"", true, ""},
		{"11010519491231002X", true, "110105************"},
		{"110105194912310021", false, "110105************"},
		{"张伟 11010519491231002x 调入", false, "张伟 110105************ 调入"},
		{"电话 13800138000", false, "电话 13800138000"},
		{"第1行\n第2行\t", false, "第1行 第2行 "},
		{"abc", true, "***"},
		{strings.Repeat("长", 100), false, strings.Repeat("长", 60) + "…"},
		{strings.Repeat("说明", 25) + "110105194912310021", false, strings.Repeat("说明", 25) + "110105****…"},
	} {
		if got := shownValue(c.in, c.id); got != c.want {
			t.Errorf("shownValue(%q, %v) = %q, want %q", c.in, c.id, got, c.want)
		}
	}
}

func TestSortIssues(t *testing.T) {
	issues := []Issue{
		{Sheet: "任职经历", Row: 2, Message: "a"},
		{Sheet: "教职工", Row: 9, Message: "b"},
		{Sheet: "Sheet9", Message: "c"},
		{Sheet: "教职工", Row: 3, Message: "d"},
		{Message: "e"},
		{Sheet: "学校", Row: 5, Message: "f"},
		{Sheet: "教职工", Row: 3, Message: "g"},
	}
	SortIssues(issues)
	var got []string
	for _, is := range issues {
		got = append(got, is.Message)
	}
	if strings.Join(got, "") != "efdgbac" {
		t.Errorf("order = %v", got)
	}
	if HasErrors(issues) {
		t.Error("HasErrors without errors")
	}
	if !HasErrors(append(issues, Issue{Severity: SeverityError})) {
		t.Error("HasErrors missed an error")
	}
}

func TestHeaderMatching(t *testing.T) {
	ix := newHeaderIndex(&sheetDefs[educatorsSheet])
	for _, c := range []struct {
		h     string
		field int
		alias bool
		ok    bool
	}{
		{"身份证号", edID, false, true},
		{" 身份证号 ", edID, false, true},
		{"身份证号\n(id_number)", edID, false, true},
		{"身份证号（id_number）", edID, false, true},
		{"ID_Number", edID, false, true},
		{"id number", edID, false, true},
		{"id-number", edID, false, true},
		{"*身份证号", edID, false, true},
		{"身份证号码", edID, true, true},
		{"公民身份号码 (id_number)", edID, true, true},
		{"任 现 职 日 期", edPostSince, false, true},
		{"姓名 (id_number)", edName, false, true},
		{"(name)", 0, false, false},
		{"民族", 0, false, false},
		{"", 0, false, false},
	} {
		m, ok := ix.lookup(c.h)
		if ok != c.ok || ok && (m.field != c.field || m.alias != c.alias) {
			t.Errorf("lookup(%q) = %+v, %v", c.h, m, ok)
		}
	}
	for _, c := range []struct {
		name      string
		kind      sheetKind
		ok, notes bool
	}{
		{"学校", schoolsSheet, true, false},
		{" Schools ", schoolsSheet, true, false},
		{"教职工 (educators)", educatorsSheet, true, false},
		{"careers", careersSheet, true, false},
		{"说明", 0, false, true},
		{"Notes", 0, false, true},
		{"Sheet1", 0, false, false},
	} {
		kind, ok, notes := sheetOf(c.name)
		if ok != c.ok || notes != c.notes || ok && kind != c.kind {
			t.Errorf("sheetOf(%q) = %v, %v, %v", c.name, kind, ok, notes)
		}
	}
}
