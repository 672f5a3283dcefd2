package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPlacementRecords: participant1, on a 375-pixel phone, signs
// in to their home page, which is their placement; writes the day's log
// and adds a lesson observation from the quick form; both appear in their
// lists and in the workspace's latest records, and mentor1 reads the log.
// No page of the way scrolls sideways.
func TestBrowserPlacementRecords(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ctx := newBrowser(t)
	text := func(sel string) string { t.Helper(); return textOf(t, ctx, sel) }
	fits := func(page string) {
		t.Helper()
		m, err := chromedp.Run(ctx, chromedp.Evaluate[phoneMeasure](phoneCheck))
		if err != nil {
			t.Fatal(err)
		}
		if m.Width > 375 || len(m.Hidden) > 0 || len(m.Tags) > 0 {
			t.Errorf("%s does not fit a phone: %+v", page, m)
		}
	}
	login := func(user string) {
		t.Helper()
		steps(t, ctx,
			chromedp.Navigate(srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), user),
			chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
			chromedp.Submit(chromedp.CSS(`#login-form`)),
			chromedp.WaitVisible(chromedp.CSS(`header .who`)),
		)
	}
	steps(t, ctx, chromedp.EmulateViewport(375, 812))
	login("participant1")
	steps(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#workspace`)), screenshot(t, "placement-1-home"))
	fits("the workspace")
	if got := text(`#ws-progress`); !strings.Contains(got, "听课") || !strings.Contains(got, "应") {
		t.Errorf("the workspace shows no progress on observations: %q", got)
	}
	logs, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#act-log").pathname`))
	if err != nil {
		t.Fatal(err)
	}

	// The day's log.
	schedule := "上午随校长听课两节，下午参加数学教研组集体备课"
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`#act-log`)),
		chromedp.WaitVisible(chromedp.CSS(`#new textarea[name="schedule"]`)),
		chromedp.SendKeys(chromedp.CSS(`#new textarea[name="schedule"]`), schedule),
		chromedp.SendKeys(chromedp.CSS(`#new textarea[name="reflection"]`), "集体备课的分工值得学习"),
		chromedp.Click(chromedp.CSS(`#save-log`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		screenshot(t, "placement-2-log"),
	)
	fits("the logs")
	if got := text(`#log-list`); !strings.Contains(got, schedule) {
		t.Fatalf("the new log is not listed: %.200q", got)
	}

	// A lesson observed, from the quick form: subject and teacher are all it needs.
	steps(t, ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#act-observe`)),
		chromedp.Click(chromedp.CSS(`#act-observe`)),
		chromedp.WaitVisible(chromedp.CSS(`#new input[name="subject"]`)),
		chromedp.SendKeys(chromedp.CSS(`#new input[name="period"]`), "第3节"),
		chromedp.SendKeys(chromedp.CSS(`#new input[name="subject"]`), "数学"),
		chromedp.SendKeys(chromedp.CSS(`#new input[name="teacher"]`), "浏览器老师"),
		chromedp.SendKeys(chromedp.CSS(`#new input[name="topic"]`), "勾股定理"),
		chromedp.Click(chromedp.CSS(`#save-observation`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		screenshot(t, "placement-3-observation"),
	)
	fits("the observations")
	if got := text(`#observation-list`); !strings.Contains(got, "浏览器老师") || !strings.Contains(got, "勾股定理") {
		t.Fatalf("the new observation is not listed: %.200q", got)
	}
	steps(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#ws-recent`)))
	if got := text(`#ws-recent`); !strings.Contains(got, "听课记录") || !strings.Contains(got, "研修日志") {
		t.Errorf("the latest records miss the new ones: %q", got)
	}

	// The mentor reads the log.
	steps(t, ctx, chromedp.Submit(chromedp.CSS(`form[action="/logout"]`)), chromedp.WaitVisible(chromedp.CSS(`#login-form`)))
	login("mentor1")
	steps(t, ctx, chromedp.Navigate(srv.URL+logs), chromedp.WaitVisible(chromedp.CSS(`#log-list`)))
	if got := text(`#log-list`); !strings.Contains(got, schedule) {
		t.Errorf("mentor1 does not see the log: %.200q", got)
	}
	fits("the mentor's view of the logs")
}
