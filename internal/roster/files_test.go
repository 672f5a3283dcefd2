package roster_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

const careerHeader = "身份证号,学校代码,岗位,开始日期,结束日期,类型\n"

// sheetXLSX is a workbook holding one sheet, from CSV text.
func sheetXLSX(t *testing.T, name, sheet, text string) roster.File {
	t.Helper()
	x := excelize.NewFile()
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		cells := []any{}
		for _, c := range strings.Split(line, ",") {
			cells = append(cells, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return roster.File{Name: name, Size: int64(buf.Len()), R: bytes.NewReader(buf.Bytes())}
}

func textFile(name, text string) roster.File {
	return roster.File{Name: name, Size: int64(len(text)), R: strings.NewReader(text)}
}

// A 任职经历 sheet on its own adds to the history of people already in the
// registry; a person who is not is still an error, reported once.
func TestImportCareerSheetAlone(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		first := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": first}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("first import: %+v %v", res, err)
		}
		careers := careerHeader + idNew1 + "," + f.w.A2.Code + ",教师,2005-09-01,2012-08-31,任职\n"
		for _, files := range [][]roster.File{
			{textFile("任职经历.csv", careers)},
			{sheetXLSX(t, "任职经历.xlsx", "任职经历", careers)},
		} {
			res, err := f.svc.Import(ctx, files, roster.ImportOptions{DryRun: true})
			if err != nil || res.Errors != 0 || res.Careers.Created != 1 {
				t.Fatalf("preview of %s: %+v %v %v", files[0].Name, res, err, res.Issues)
			}
		}
		res, err := f.svc.Import(ctx, []roster.File{textFile("任职经历.csv", careers)}, roster.ImportOptions{})
		if err != nil || !res.Committed || res.Careers.Created != 1 {
			t.Fatalf("commit: %+v %v %v", res, err, res.Issues)
		}
		if h := historyOf(t, db, "赵六"); len(h) != 2 || h[0].SchoolID != f.w.A2.ID || h[0].Derived || !h[1].Derived {
			t.Fatalf("history: %+v", h)
		}
		// Nobody has idNew2.
		res, err = f.svc.Import(ctx, []roster.File{textFile("任职经历.csv", careerHeader+idNew2+","+f.w.A2.Code+",教师,2005-09-01,,任职\n")}, roster.ImportOptions{})
		if err != nil || res.Committed || res.Errors != 1 || !strings.Contains(res.Issues[0].Message, "不能由本账号使用") {
			t.Fatalf("unknown person: %+v %v", res, err)
		}
	})
}

// Several files make one import, committed whole or not at all.
func TestImportSeveralFiles(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		schools := "学校代码,学校名称,区县,学段,城乡类型\nNEW001,甲区新建小学,甲区,小学,乡村\n"
		educators := educatorHeader + idNew1 + ",赵六,男,1980-01-01,NEW001,教师,语文,在编在岗,,,2012-09-01,2012-09-01\n"
		careers := careerHeader + idNew1 + "," + f.w.A1.Code + ",教师,2005-09-01,2012-08-31,任职\n" +
			idNew1 + ",NEW001,教师,2012-09-01,,任职\n"
		before, _ := db.CountRows(context.Background())
		// An error in one file: nothing of the others is written.
		bad := strings.Replace(careers, "2005-09-01", "2005-13-01", 1)
		res, err := f.svc.Import(ctx, []roster.File{sheetXLSX(t, "学校.xlsx", "学校", schools), sheetXLSX(t, "教职工.xlsx", "教职工", educators),
			textFile("任职经历.csv", bad)}, roster.ImportOptions{})
		if err != nil || res.Committed || res.Errors != 1 {
			t.Fatalf("with an error: %+v %v", res, err)
		}
		if after, _ := db.CountRows(context.Background()); after["schools"] != before["schools"] || after["educators"] != before["educators"] {
			t.Fatalf("a refused import wrote: %v → %v", before, after)
		}
		res, err = f.svc.Import(ctx, []roster.File{sheetXLSX(t, "学校.xlsx", "学校", schools), sheetXLSX(t, "教职工.xlsx", "教职工", educators),
			textFile("任职经历.csv", careers)}, roster.ImportOptions{})
		if err != nil || !res.Committed || res.Schools.Created != 1 || res.Educators.Created != 1 || res.Careers.Created != 2 {
			t.Fatalf("three files: %+v %v %v", res, err, res.Issues)
		}
		if h := historyOf(t, db, "赵六"); len(h) != 2 || h[1].SchoolCode != "NEW001" || h[1].Derived {
			t.Fatalf("history from the sheet: %+v", h)
		}
	})
}

// A county re-imports its own export although the histories name schools
// of another county: those are references, accepted while unchanged.
func TestReimportExportWithOtherCountysSchools(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		first := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n"
		careers := careerHeader + idNew1 + "," + f.w.B1.Code + ",教师,2005-09-01,2012-08-31,任职\n" +
			idNew1 + "," + f.w.A1.Code + ",教师,2012-09-01,,任职\n"
		hr := f.as(auth.RoleCountyHR)
		res, err := f.svc.Import(hr, csvFiles(map[string]string{"教职工.csv": first, "任职经历.csv": careers}), roster.ImportOptions{})
		if err != nil || !res.Committed || res.Careers.Created != 2 {
			t.Fatalf("a history naming another county's school: %+v %v %v", res, err, res.Issues)
		}
		var buf bytes.Buffer
		if _, err := f.svc.ExportEducators(hr, people.EducatorFilter{CountyID: f.w.CountyA.ID}, &buf); err != nil {
			t.Fatal(err)
		}
		export := buf.Bytes()
		res, err = f.svc.Import(hr, []roster.File{{Name: "export.xlsx", Size: int64(len(export)), R: bytes.NewReader(export)}}, roster.ImportOptions{})
		if err != nil || !res.Committed || res.Errors != 0 || res.Schools.Unchanged != 3 || res.ChangesTotal != 0 {
			t.Fatalf("re-import of the export: %+v %v %v", res, err, res.Issues)
		}
		// Changing the other county's school is refused.
		schools := "学校代码,学校名称,区县,学段,城乡类型\n" + f.w.B1.Code + ",改名中学," + f.w.CountyB.Name + ",初中,镇区\n"
		res, err = f.svc.Import(hr, csvFiles(map[string]string{"学校.csv": schools}), roster.ImportOptions{})
		if err != nil || res.Committed || res.Errors != 1 || !strings.Contains(res.Issues[0].Message, "不能修改（学校名称: "+f.w.B1.Name+" → 改名中学）") {
			t.Fatalf("changing another county's school: %+v %v", res, err)
		}
		// Placing someone there is refused too.
		moved := strings.Replace(first, f.w.A1.Code, f.w.B1.Code, 1)
		res, err = f.svc.Import(hr, csvFiles(map[string]string{"教职工.csv": moved}), roster.ImportOptions{})
		if err != nil || res.Committed || res.Errors != 1 {
			t.Fatalf("moving someone to another county: %+v %v", res, err)
		}
	})
}
