package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPairingActivity: county2's HR, on a 375-pixel phone, opens
// the demo's kindergarten cycle (which flags its pair idle for two months),
// opens a pair and records a 送教下乡 with one of its teachers and a photo
// taken on the phone; the ledger then shows the activity and its photo as
// a download, and no page of the way scrolls sideways.
func TestBrowserPairingActivity(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ctx := newBrowser(t)
	photo := filepath.Join(t.TempDir(), "送教照片.png")
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		img.Set(x, x%30, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
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
		chromedp.Navigate(srv.URL+"/pairing"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "county2"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#pairing-cycles`)),
	)
	fits("the pairing home")
	steps(t, ctx,
		chromedp.Click(`//section[@id="pairing-cycles"]//a[contains(text(), "幼儿园结对帮扶")]`),
		chromedp.WaitVisible(chromedp.CSS(`#cycle-pairs`)),
		screenshot(t, "pairing-1-cycle"),
	)
	fits("the cycle")
	if got := textOf(t, ctx, `#cycle-pairs .rot-reminder`); !strings.Contains(got, "1对结对8周以上没有活动") {
		t.Errorf("the idle pair is not flagged: %q", got)
	}
	steps(t, ctx,
		chromedp.Click(`(//section[@id="cycle-pairs"]//tbody//a)[1]`),
		chromedp.WaitVisible(chromedp.CSS(`#activity-form`)),
	)
	fits("the pair")
	steps(t, ctx,
		chromedp.SetValue(chromedp.CSS(`#activity-kind`), "send_teaching"),
		chromedp.SendKeys(chromedp.CSS(`#activity-title`), "送教下乡：手机记录的户外游戏活动"),
		chromedp.SetValue(chromedp.CSS(`#activity-hours`), "3"),
		chromedp.Click(`(//form[@id="activity-form"]//input[@name="people"])[1]`),
		chromedp.SetUploadFiles(chromedp.CSS(`#activity-photo`), []string{photo}),
		chromedp.Click(chromedp.CSS(`#activity-submit`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		screenshot(t, "pairing-2-recorded"),
	)
	fits("the ledger")
	if got := textOf(t, ctx, `.flash`); got != "活动已记录。" {
		t.Fatalf("flash %q", got)
	}
	first := textOf(t, ctx, `#ledger li.activity`)
	for _, want := range []string{"送教下乡：手机记录的户外游戏活动", "每人3学时", "送教照片.png"} {
		if !strings.Contains(first, want) {
			t.Errorf("the ledger's first entry lacks %q: %q", want, first)
		}
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#ledger li.activity a.file").getAttribute("href")`))
	if err != nil || !strings.HasPrefix(href, "/attachments/") {
		t.Errorf("the photo is not a download: %q (%v)", href, err)
	}
}
