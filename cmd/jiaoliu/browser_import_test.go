package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/people"
)

// rosterWorkbook writes an 教职工 sheet with the rows given.
func rosterWorkbook(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "教职工")
	header := []string{"身份证号", "姓名", "性别", "出生日期", "学校代码", "岗位", "任教学科", "编制状态", "骨干级别", "职称", "到校日期", "任现职日期"}
	for i, row := range append([][]string{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow("教职工", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserImport: county HR uploads a workbook with two errors, sees
// them, uploads the corrected one, confirms, and finds the new teachers.
func TestBrowserImport(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	dir := t.TempDir()
	mk := func(first17 string) string { return first17 + string(people.IDCheckChar(first17)) }
	id1, id2 := mk("51990219900312001"), mk("51990219920705002")
	school := "519902010" // a school of 澜城区 in the demo
	bad := filepath.Join(dir, "花名册-有错.xlsx")
	rosterWorkbook(t, bad, [][]string{
		{id1[:17] + "9", "测试甲", "男", "1990-03-12", school, "教师", "数学", "在编在岗", "", "二级教师", "2015-09-01", ""}, // wrong check digit
		{id2, "测试乙", "女", "1992-07-05", school, "教师", "语文", "在编在岗", "", "二级教师", "2021/2/29", ""},             // no such date
	})
	good := filepath.Join(dir, "花名册.xlsx")
	rosterWorkbook(t, good, [][]string{
		{id1, "测试甲", "男", "1990-03-12", school, "教师", "数学", "在编在岗", "", "二级教师", "2015-09-01", ""},
		{id2, "测试乙", "女", "1992-07-05", school, "教师", "语文", "在编在岗", "", "二级教师", "2021/2/28", ""},
	})

	ctx := newBrowser(t)
	steps(t, ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/roster"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "county1"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{bad}),
		chromedp.Submit(chromedp.CSS(`#upload-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#issues`)),
		screenshot(t, "import-1-errors"),
	)
	issues, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#issues tbody`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"校验码应为", "日期不存在", "到校日期"} {
		if !strings.Contains(issues, want) {
			t.Errorf("the error table lacks %q: %s", want, issues)
		}
	}
	if strings.Contains(issues, id1[:17]) {
		t.Error("the error table shows a full ID number")
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#issues tbody tr.error").length`)); n != 2 {
		t.Errorf("%d error rows, want 2", n)
	}
	steps(t, ctx,
		chromedp.Navigate(srv.URL+"/roster"),
		chromedp.WaitVisible(chromedp.CSS(`#upload-form`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{good}),
		chromedp.Submit(chromedp.CSS(`#upload-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#commit`)),
		screenshot(t, "import-2-preview"),
		chromedp.Click(chromedp.CSS(`#commit`)),
		chromedp.WaitVisible(chromedp.CSS(`#committed`)),
		screenshot(t, "import-3-committed"),
		chromedp.Navigate(srv.URL+"/educators?q=%E6%B5%8B%E8%AF%95"),
		chromedp.WaitVisible(chromedp.CSS(`#educator-list`)),
		screenshot(t, "import-4-educators"),
	)
	listed, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#educator-list tbody`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(listed, "测试甲") || !strings.Contains(listed, "测试乙") {
		t.Fatalf("imported teachers not listed: %s", listed)
	}
}
