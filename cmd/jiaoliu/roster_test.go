package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store/storetest"
)

func TestRosterCommands(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dir := t.TempDir()
			env := testEnv("JIAOLIU_DB", storetest.DSN(t, dialect), "JIAOLIU_AUDIT_ANCHOR", filepath.Join(t.TempDir(), "anchor"))
			write := func(name, text string) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				return p
			}
			schools := write("学校.csv", "学校代码,学校名称,区县,学段,城乡类型,薄弱学校\nS1,第一小学,东区,小学,城区,否\nS2,山村小学,东区,小学,乡村,是\n")
			id := "51990219800101001"
			id += string(people.IDCheckChar(id))
			educators := write("教职工.csv", "身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,到校日期\n"+
				strings.ToLower(id)+",张三,男,1980-01-01,S1,教师,语文,在编在岗,2012-09-01\n")
			bad := write("educators.csv", "身份证号,姓名,学校代码,岗位,编制状态,到校日期\n"+id[:17]+"0,李四,S9,教师,在编在岗,2030-01-01\n")

			// Errors: exit 1, each printed, nothing changed.
			out, _, err := runCmd(t, env, "", "import", "roster", schools, bad)
			if exitCode(err) != 1 || !strings.Contains(out, "校验码应为") || !strings.Contains(out, "未导入") {
				t.Fatalf("bad import: exit %d\n%s", exitCode(err), out)
			}
			if strings.Contains(out, id[:17]) {
				t.Fatal("an error printed a full ID number")
			}
			// Dry run: checked, not written.
			out, _, err = runCmd(t, env, "", "import", "roster", "--dry-run", schools, educators)
			if err != nil || !strings.Contains(out, "教职工：新建1") || !strings.Contains(out, "未写入") {
				t.Fatalf("dry run: %v\n%s", err, out)
			}
			out, _, _ = runCmd(t, env, "", "educators", "list")
			if strings.TrimSpace(out) != "[]" {
				t.Fatalf("the dry run wrote: %s", out)
			}
			out, _, err = runCmd(t, env, "", "import", "roster", schools, educators)
			if err != nil || !strings.Contains(out, "已导入") {
				t.Fatalf("import: %v\n%s", err, out)
			}
			out, _, err = runCmd(t, env, "", "educators", "list", "--format", "json")
			if err != nil {
				t.Fatalf("educators list: %v\n%s", err, out)
			}
			var list []map[string]any
			if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0]["name"] != "张三" ||
				list[0]["school_code"] != "S1" || !strings.Contains(list[0]["id_number_masked"].(string), "********") {
				t.Fatalf("educators list: %v %s", err, out)
			}
			out, _, _ = runCmd(t, env, "", "educators", "list", "--format", "csv")
			if !strings.HasPrefix(out, "name,gender,birth_date,school_code") || strings.Contains(out, id) {
				t.Fatalf("csv list: %s", out)
			}
			// Export and import again: nothing changes.
			xlsx := filepath.Join(dir, "out.xlsx")
			if out, _, err := runCmd(t, env, "", "export", "roster", "--out", xlsx, "--county", "东区"); err != nil || !strings.Contains(out, "已导出 1 名") {
				t.Fatalf("export: %v %s", err, out)
			}
			out, _, err = runCmd(t, env, "", "import", "roster", xlsx)
			if err != nil || !strings.Contains(out, "教职工：新建0 修改0 不变1") || !strings.Contains(out, "学校：新建0 修改0 不变1") {
				t.Fatalf("re-import: %v\n%s", err, out)
			}
			// A workbook and a CSV file make one import; a sheet twice is refused.
			var wb bytes.Buffer
			if err := roster.Write(&wb, &roster.Workbook{Schools: []roster.SchoolRow{{Code: "S3", Name: "第三小学", County: "东区",
				Level: "primary", Location: "urban"}}}, roster.WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			s3 := write("学校.xlsx", wb.String())
			careers := write("任职经历.csv", "身份证号,学校代码,岗位,开始日期,结束日期,类型\n"+id+",S3,教师,2005-09-01,2012-08-31,任职\n")
			out, _, err = runCmd(t, env, "", "import", "roster", xlsx, careers)
			if exitCode(err) != 1 || !strings.Contains(out, "重复的工作表") || !strings.Contains(out, "未导入") {
				t.Fatalf("the 任职经历 sheet twice: exit %d\n%s", exitCode(err), out)
			}
			out, _, err = runCmd(t, env, "", "import", "roster", s3, careers)
			if err != nil || !strings.Contains(out, "学校：新建1") || !strings.Contains(out, "任职经历：新增1") {
				t.Fatalf("a workbook and a CSV file: %v\n%s", err, out)
			}
			// Unusable arguments: exit 2.
			for _, args := range [][]string{{"import", "roster"}, {"import", "roster", filepath.Join(dir, "missing.xlsx")}, {"import"},
				{"export", "roster"}, {"educators", "list", "--format", "xml"}} {
				if _, _, err := runCmd(t, env, "", args...); exitCode(err) != 2 {
					t.Errorf("%v: exit %d, want 2", args, exitCode(err))
				}
			}
		})
	}
}

// TestEducatorsCSVNeutralisesFormulas: a name that a spreadsheet would run
// as a formula reaches the CSV listing with an apostrophe before it.
func TestEducatorsCSVNeutralisesFormulas(t *testing.T) {
	dir := t.TempDir()
	env := testEnv("JIAOLIU_DB", storetest.DSN(t, storetest.Dialects[0]))
	id := "51990219800101001"
	id += string(people.IDCheckChar(id))
	file := filepath.Join(dir, "教职工.csv")
	text := "学校代码,学校名称,区县,学段,城乡类型,薄弱学校\nS1,第一小学,东区,小学,城区,否\n"
	if err := os.WriteFile(filepath.Join(dir, "学校.csv"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	text = "身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,到校日期\n" +
		id + `,"=HYPERLINK(""http://evil.example"",""张三"")",男,1980-01-01,S1,教师,语文,在编在岗,2012-09-01` + "\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCmd(t, env, "", "import", "roster", filepath.Join(dir, "学校.csv"), file); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	out, _, err := runCmd(t, env, "", "educators", "list", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, `'=HYPERLINK(`) || strings.Contains(out, "\n\"=HYPERLINK") || strings.Contains(out, "\n=HYPERLINK") {
		t.Fatalf("the formula was written as it is:\n%s", out)
	}
}
