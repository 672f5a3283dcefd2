package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// demoInbox lists the titles of a demo account's inbox through the API.
func demoInbox(t *testing.T, base, username string) []string {
	t.Helper()
	var in struct {
		Items []struct {
			Title string `json:"title"`
			Link  string `json:"link"`
		} `json:"items"`
	}
	if err := json.Unmarshal(newClient(t, base, username).get("/api/v1/notifications"), &in); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range in.Items {
		out = append(out, it.Title)
	}
	return out
}

// TestBrowserBell: the demo leaves county1 a deferral to decide and the
// annual return's deadline, the mentor nothing, and the participant only
// what they are told (the mentor's evaluation, the group's next activity);
// county1, on a phone, decides the deferral and sees the bell count one
// fewer.
func TestBrowserBell(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")

	county := demoInbox(t, srv.URL, "county1")
	joined := strings.Join(county, "\n")
	if !strings.Contains(joined, "暂缓交流申请待审批") || !strings.Contains(joined, "交流轮岗年度报送") {
		t.Fatalf("county1's inbox lacks the deferral or the return:\n%s", joined)
	}
	if got := demoInbox(t, srv.URL, "mentor1"); len(got) != 0 {
		t.Errorf("mentor1, with nothing to do, has %v", got)
	}
	for _, title := range demoInbox(t, srv.URL, "participant1") {
		if !strings.Contains(title, "阶段评价") && !strings.Contains(title, "专家讲座") {
			t.Errorf("participant1, told only of an evaluation and an activity, has %q", title)
		}
	}

	ctx := newBrowser(t)
	count := func() int {
		t.Helper()
		n, err := strconv.Atoi(strings.TrimSpace(textOf(t, ctx, `#bell-count`)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps(t, ctx,
		chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(srv.URL+"/notifications"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "county1"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#inbox`)),
		chromedp.WaitVisible(chromedp.CSS(`#bell`)),
		screenshot(t, "notify-1-inbox"),
	)
	before := count()
	if before != len(county) || before < 2 {
		t.Fatalf("the bell counts %d, the inbox holds %d", before, len(county))
	}
	steps(t, ctx,
		chromedp.Click(`//ul[@id="inbox"]//a[starts-with(text(),"暂缓交流申请待审批")]`),
		chromedp.WaitVisible(chromedp.CSS(`#exemption-list form.rot-decision`)),
		chromedp.Click(chromedp.CSS(`#exemption-list form.rot-decision button[value="1"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		screenshot(t, "notify-2-decided"),
	)
	if after := count(); after != before-1 {
		t.Fatalf("the bell counted %d before the decision and %d after", before, after)
	}
	steps(t, ctx, chromedp.Navigate(srv.URL+"/deadlines?from=2026-09-01&to=2026-12-31"), chromedp.WaitVisible(chromedp.CSS(`h1`)), screenshot(t, "notify-3-deadlines"))
	if body := textOf(t, ctx, `main`); !strings.Contains(body, "2026年9月30日") {
		t.Errorf("the calendar lacks the return's 30 September:\n%.500s", body)
	}
}
