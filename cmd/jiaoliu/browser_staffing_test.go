package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserStaffingAllocation: county1 opens the staffing page, the
// filed version of the demo's allocation, lowers one school's figure
// without a reason and is told a reason is needed, then gives one and saves
// a new version, and files it; the page then shows it filed and the
// county's figures come from it.
func TestBrowserStaffingAllocation(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ctx := newBrowser(t)
	text := func(sel string) string { t.Helper(); return textOf(t, ctx, sel) }
	steps(t, ctx,
		chromedp.Navigate(srv.URL+"/staffing"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "county1"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#staffing-table`)),
		screenshot(t, "staffing-1-county"),
	)
	if got := text(`#staffing-versions`); !strings.Contains(got, "第2版") || !strings.Contains(got, "已备案") {
		t.Fatalf("the demo's filed version 2 is not listed: %q", got)
	}
	steps(t, ctx,
		chromedp.Click(`//section[@id="staffing-versions"]//a[text()="第2版"]`),
		chromedp.WaitVisible(chromedp.CSS(`#allocation-lines`)),
	)
	if got := text(`#allocation-state`); !strings.Contains(got, "已于") {
		t.Fatalf("version 2 is not filed: %q", got)
	}
	version2, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	// Lower the first school with at least one by one, with no reason.
	lower := `(() => {
	  for (const input of document.querySelectorAll("#allocation-lines input[name^=allocated_]")) {
	    if (Number(input.value) > 0) {
	      input.value = String(Number(input.value) - 1);
	      input.closest("tr").querySelector("input[name^=reason_]").value = "";
	      return input.name;
	    }
	  }
	  return "";
	})()`
	name, err := chromedp.Run(ctx, chromedp.Evaluate[string](lower))
	if err != nil || name == "" {
		t.Fatalf("no school to lower: %q %v", name, err)
	}
	steps(t, ctx,
		chromedp.Submit(chromedp.CSS(`#adjust-form`)),
		chromedp.WaitVisible(chromedp.CSS(`main section.narrow`)),
	)
	if got := text(`main section.narrow`); !strings.Contains(got, "须填写理由") {
		t.Fatalf("a figure without its reason was not refused: %q", got)
	}
	steps(t, ctx,
		chromedp.Navigate(version2),
		chromedp.WaitVisible(chromedp.CSS(`#allocation-lines`)),
	)
	if name, err = chromedp.Run(ctx, chromedp.Evaluate[string](lower)); err != nil || name == "" {
		t.Fatalf("no school to lower: %q %v", name, err)
	}
	reason := "reason_" + strings.TrimPrefix(name, "allocated_")
	steps(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`input[name="`+reason+`"]`), "学生转入县城学校，减少1名"),
		chromedp.SendKeys(chromedp.CSS(`#adjust-form input[name=note]`), "秋季学期调整"),
		chromedp.Submit(chromedp.CSS(`#adjust-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#file-form`)),
		screenshot(t, "staffing-2-adjusted"),
	)
	if got := text(`.flash`); got != "调整已保存为新版本。" {
		t.Errorf("flash %q", got)
	}
	if got := text(`h1`); !strings.Contains(got, "第3版") {
		t.Errorf("the adjustment is not version 3: %q", got)
	}
	steps(t, ctx,
		chromedp.Submit(chromedp.CSS(`#file-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#allocation-state .tag`)),
		screenshot(t, "staffing-3-filed"),
	)
	if got := text(`.flash`); got != "已备案。" {
		t.Errorf("flash %q", got)
	}
	if got := text(`#allocation-state`); !strings.Contains(got, "已于") {
		t.Errorf("version 3 is not shown filed: %q", got)
	}
	steps(t, ctx,
		chromedp.Navigate(srv.URL+"/staffing"),
		chromedp.WaitVisible(chromedp.CSS(`#staffing-table`)),
	)
	if got := text(`#staffing-schools`); !strings.Contains(got, "第3版") {
		t.Errorf("the figures do not come from version 3: %q", got)
	}
}
