package roster

import "testing"

// TestHomeroomColumn reads the optional 班主任 column: 是/否 and their
// usual spellings, blank as 否, anything else an error naming the cell; a
// sheet without the column reads as before and says it lacked it.
func TestHomeroomColumn(t *testing.T) {
	cases := []struct {
		value string
		want  bool
		issue string
	}{
		{"是", true, ""}, {"Y", true, ""}, {"1", true, ""}, {"true", true, ""},
		{"否", false, ""}, {"n", false, ""}, {"0", false, ""}, {"", false, ""},
		{"当然", false, `教职工 第2行 班主任 "当然": 应为“是”或“否”`},
		{"2", false, `教职工 第2行 班主任 "2": 应为“是”或“否”`},
	}
	for _, c := range cases {
		t.Run(c.value, func(t *testing.T) {
			text := sheetCSV(stdHeader(educatorsSheet), row(educatorsSheet, map[string]string{"班主任": c.value}))
			wb, issues := readText(t, SheetEducators+".csv", text)
			if c.issue != "" {
				wantIssues(t, issues, c.issue)
				return
			}
			wantIssues(t, issues)
			if len(wb.Educators) != 1 || wb.Educators[0].Homeroom != c.want || !wb.HasColumn(SheetEducators, "homeroom") {
				t.Errorf("班主任 %q: rows %+v, want homeroom %v", c.value, wb.Educators, c.want)
			}
		})
	}
	t.Run("alias", func(t *testing.T) {
		h := stdHeader(educatorsSheet)
		h[edHomeroom] = "是否班主任"
		wb, issues := readText(t, SheetEducators+".csv", sheetCSV(h, row(educatorsSheet, map[string]string{"班主任": "是"})))
		wantIssues(t, issues, `警告 教职工 第1行 是否班主任: 列名已按“班主任”识别`)
		if len(wb.Educators) != 1 || !wb.Educators[0].Homeroom {
			t.Errorf("alias: %+v", wb.Educators)
		}
	})
	t.Run("without the column", func(t *testing.T) {
		full := row(educatorsSheet, nil)
		wb, issues := readText(t, SheetEducators+".csv", sheetCSV(stdHeader(educatorsSheet)[:edHomeroom], full[:edHomeroom]))
		wantIssues(t, issues)
		if len(wb.Educators) != 1 || wb.Educators[0].Homeroom || wb.HasColumn(SheetEducators, "homeroom") {
			t.Errorf("without 班主任: %+v, columns %v", wb.Educators, wb.Columns)
		}
	})
}
