package sheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "\rx": "'\rx", "张三": "张三", "": "",
		// Apostrophes before a formula character get one more, so that a
		// reader removing one (the roster import) gets the text back.
		"'=1": "''=1", "''+x": "'''+x", "'张三": "'张三", "'": "'", "x=1": "x=1"} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBookNeutralisesText(t *testing.T) {
	b := NewBook()
	b.Sheet("名单")
	b.TitleRow("名单", 1, 2, "参训人员名单")
	b.Header("名单", 2, "姓名", "备注")
	b.Row("名单", 3, "张三", "=HYPERLINK(\"x\")")
	b.Widths("名单", 10, 20)
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.GetCellValue("名单", "B3"); got != "'=HYPERLINK(\"x\")" {
		t.Errorf("B3 = %q", got)
	}
	if formula, _ := f.GetCellFormula("名单", "B3"); formula != "" {
		t.Errorf("B3 holds a formula %q", formula)
	}
	if got, _ := f.GetCellValue("名单", "A1"); got != "参训人员名单" {
		t.Errorf("A1 = %q", got)
	}
}
