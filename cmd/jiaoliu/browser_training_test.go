package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTrainingAssessment: participant1, on a 375-pixel phone, opens
// the year's training plan, the online course, starts its assessment,
// answers every question by tapping and typing, hands in and sees the
// choices marked at once and the short answer waiting for a marker; no
// page of the way scrolls sideways.
func TestBrowserTrainingAssessment(t *testing.T) {
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
	steps(t, ctx,
		chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(srv.URL+"/training"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "participant1"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#course-list`)),
	)
	fits("the plan")
	steps(t, ctx,
		chromedp.Click(`//table[@id="course-list"]//a[contains(text(), "网络培训与考核")]`),
		chromedp.WaitVisible(chromedp.CSS(`#attempt-start`)),
	)
	fits("the course")
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`#attempt-start button`)),
		chromedp.WaitVisible(chromedp.CSS(`#paper`)),
		screenshot(t, "training-1-paper"),
	)
	fits("the paper")
	if got := text(`#attempt-status`); got != "答题中" {
		t.Fatalf("a started paper is %q", got)
	}
	// Tap the first option of every choice question; write the short answers.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
	  let n = 0;
	  document.querySelectorAll("#paper fieldset.question").forEach(q => {
	    const first = q.querySelector("input[type=radio], input[type=checkbox]");
	    if (first) { q.querySelector("label.choice").click(); n++; }
	  });
	  return n;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the paper holds no choice question")
	}
	steps(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#paper textarea`), "组织共读名著，每月交流一次，写读书反思。"),
		chromedp.Click(chromedp.CSS(`#paper-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#paper-result`)),
		screenshot(t, "training-2-handed-in"),
	)
	fits("the result")
	if got := text(`.flash`); got != "已交卷。" {
		t.Errorf("flash %q", got)
	}
	if got := text(`#attempt-status`); got != "待阅卷" {
		t.Errorf("a paper with a short answer is %q after hand-in, want 待阅卷", got)
	}
	if got := text(`#attempt-score`); !strings.Contains(got, "/ 100") {
		t.Errorf("score %q", got)
	}
	if got := text(`#paper-result`); !strings.Contains(got, "待阅") || !strings.Contains(got, "组织共读名著") {
		t.Errorf("the marked paper: %q", got)
	}
}
