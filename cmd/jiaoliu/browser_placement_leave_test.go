package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jiaoliu/internal/demo"
)

// TestBrowserPlacementLeave: on a phone, participant1 reads the
// programme's rule and asks for two days of leave; county1, who decides
// for participant1's home school, finds it in the inbox and approves it;
// mentor1 is told, reads it and acknowledges it for the host school.
func TestBrowserPlacementLeave(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ctx := newBrowser(t)
	text := func(sel string) string { t.Helper(); return textOf(t, ctx, sel) }
	login := func(user string) chromedp.Action[chromedp.Void] {
		return seq(
			chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), user),
			chromedp.SendKeys(chromedp.CSS(`#password`), demo.Password),
			chromedp.Submit(chromedp.CSS(`#login-form`)),
		)
	}
	logout := seq(chromedp.Submit(chromedp.CSS(`form[action="/logout"]`)), chromedp.WaitVisible(chromedp.CSS(`#login-form`)))
	steps(t, ctx,
		chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(srv.URL+"/leave-requests"),
		login("participant1"),
		chromedp.WaitVisible(chromedp.CSS(`#leave-form`)),
		screenshot(t, "leave-1-form"),
	)
	if rule := text(`#leave-rule`); !strings.Contains(rule, "原则上不请假") {
		t.Errorf("the rule reads %q", rule)
	}
	if list := text(`#leave-list tbody`); !strings.Contains(list, "已销假") || !strings.Contains(list, "待派出学校审批") {
		t.Errorf("the demo's leaves: %q", list)
	}
	steps(t, ctx,
		chromedp.SetValue(chromedp.CSS(`#leave-form select[name="kind"]`), "personal"),
		chromedp.SetValue(chromedp.CSS(`#leave-form input[name="start"]`), "2026-12-28"),
		chromedp.SetValue(chromedp.CSS(`#leave-form input[name="end"]`), "2026-12-29"),
		chromedp.SendKeys(chromedp.CSS(`#leave-form textarea[name="reason"]`), "回原校参加期末工作会议"),
		chromedp.Submit(chromedp.CSS(`#leave-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#leave-facts`)),
		screenshot(t, "leave-2-asked"),
	)
	leaveURL, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if st := text(`#leave-status`); st != "待派出学校审批" {
		t.Fatalf("status after asking %q", st)
	}
	leavePath := strings.TrimPrefix(strings.SplitN(leaveURL, "?", 2)[0], srv.URL)
	steps(t, ctx,
		logout,
		chromedp.Navigate(srv.URL+"/notifications"),
		login("county1"),
		chromedp.WaitVisible(chromedp.CSS(`#inbox`)),
		chromedp.Click(chromedp.CSS(`#inbox a[href="`+leavePath+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#leave-decide`)),
		screenshot(t, "leave-3-decide"),
		chromedp.SendKeys(chromedp.CSS(`#leave-decide input[name="note"]`), "同意"),
		chromedp.Click(chromedp.CSS(`#leave-approve`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if st := text(`#leave-status`); st != "已批准，待接收方知悉" {
		t.Fatalf("status after the approval %q", st)
	}
	steps(t, ctx,
		logout,
		chromedp.Navigate(srv.URL+"/notifications"),
		login("mentor1"),
		chromedp.WaitVisible(chromedp.CSS(`#inbox a[href="`+leavePath+`"]`)),
		chromedp.Click(chromedp.CSS(`#inbox a[href="`+leavePath+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#leave-acknowledge`)),
		screenshot(t, "leave-4-mentor"),
	)
	if facts := text(`#leave-facts`); !strings.Contains(facts, "回原校参加期末工作会议") || !strings.Contains(facts, "同意") {
		t.Errorf("the mentor reads %q", facts)
	}
	steps(t, ctx,
		chromedp.Submit(chromedp.CSS(`#leave-acknowledge`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	if st := text(`#leave-status`); st != "接收方已知悉，待销假" {
		t.Errorf("status after the acknowledgement %q", st)
	}
}
