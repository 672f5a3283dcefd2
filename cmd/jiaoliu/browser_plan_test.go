package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPlan: county HR of the demo county builds next year's teacher
// plan, waits for the solve, removes a move and sees the re-check fail,
// re-optimises around the removal, approves, and finds the planned
// exchanges; the plan page also fits a 360-pixel phone.
func TestBrowserPlan(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ctx := newBrowser(t)
	text := func(sel string) string { t.Helper(); return textOf(t, ctx, sel) }
	count := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return n
	}
	steps(t, ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/rotation/plans"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "county1"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-form`)),
		screenshot(t, "plan-1-new"),
		chromedp.Click(chromedp.CSS(`#plan-create`)),
		// The page polls the run and reloads when the solve is done.
		chromedp.WaitVisible(chromedp.CSS(`#plan-summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#recheck-ok`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-map`)),
		screenshot(t, "plan-2-solved"),
	)
	// When the solve has ended the page no longer says that it runs.
	if flash := text(`main .flash[role="status"]`); strings.Contains(flash, "正在") || !strings.Contains(flash, "方案已生成") {
		t.Errorf("after the solve the page says %q", flash)
	}
	moves := count(`document.querySelectorAll("#moves tbody tr").length`)
	if moves < 10 || text(`#moves-count`) != strconv.Itoa(moves) {
		t.Fatalf("the demo county's plan lists %d moves (summary %s)", moves, text(`#moves-count`))
	}
	for _, want := range []string{"为何是此人：", "优先分", "为何去此校：", "距离", "公里"} {
		if !strings.Contains(text(`#moves tbody`), want) {
			t.Errorf("the moves do not explain themselves: no %q", want)
		}
	}
	// The solver's figures are in a fold, for those who want them.
	gap, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#plan-figures:not([open]) #plan-gap").textContent`))
	if err != nil || !strings.Contains(gap, "0") {
		t.Errorf("the gap of an optimal plan, in the closed fold: %q %v", gap, err)
	}
	// Remove someone: the re-check names what breaks.
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`#moves button[id^="remove-"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#violations`)),
		chromedp.WaitVisible(chromedp.CSS(`#approve-blocked`)),
		screenshot(t, "plan-3-removed"),
	)
	if v := text(`#violations`); !strings.Contains(v, "交流人数为") || !strings.Contains(v, "目标是") {
		t.Fatalf("after removing a move the re-check says %q", v)
	}
	// Re-optimise around it, then approve.
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`#reoptimise`)),
		chromedp.WaitVisible(chromedp.CSS(`#recheck-ok`)),
		chromedp.WaitVisible(chromedp.CSS(`#approve-form`)),
		screenshot(t, "plan-4-reoptimised"),
	)
	if !strings.Contains(text(`#constraints`), "本年度不交流") {
		t.Errorf("the removal is not kept as a forbid: %s", text(`#constraints`))
	}
	names, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#moves tbody tr td:nth-child(2) b")).map(b => b.textContent)`))
	if err != nil || len(names) != moves {
		t.Fatalf("moves after re-optimising: %v %v", names, err)
	}
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`#approve`)),
		chromedp.WaitVisible(chromedp.CSS(`#plan-notice`)),
		screenshot(t, "plan-5-approved"),
	)
	if st := text(`#plan-status`); !strings.Contains(st, "公示中") {
		t.Fatalf("the approved plan's status: %q", st)
	}
	planURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`#exchanges-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#exchange-filters`)),
		screenshot(t, "plan-6-exchanges"),
	)
	listed := text(`main table tbody`)
	for _, name := range names[:3] {
		if !strings.Contains(listed, name) {
			t.Errorf("the planned exchange of %s is not listed: %.300s", name, listed)
		}
	}
	// The plan on a phone: no sideways scrolling of the page itself.
	steps(t, ctx,
		chromedp.EmulateViewport(360, 780),
		chromedp.Navigate(srv.URL+planURL),
		chromedp.WaitVisible(chromedp.CSS(`#plan-notice`)),
		screenshot(t, "plan-7-phone-360"),
	)
	if w := count(`document.documentElement.scrollWidth`); w > 362 {
		t.Errorf("the plan page is %d pixels wide on a 360-pixel phone", w)
	}
	// The map's words and legend stay readable on the phone.
	m, err := chromedp.Run(ctx, chromedp.Evaluate[phoneMeasure](phoneCheck))
	if err != nil || len(m.Small) > 0 || count(`document.querySelectorAll("#plan-map-legend li").length`) != 5 {
		t.Errorf("the plan map on a phone: words under 11 pixels %v, legend %d items (%v)", m.Small, count(`document.querySelectorAll("#plan-map-legend li").length`), err)
	}
}
