package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phoneCheck measures a page on a phone: how wide the document is, which
// menus hide some of their items in a sideways scroll, which tags stick out
// of the screen (outside a table that scrolls in its own box), and the chart words smaller than 11 pixels as drawn (SVG
// text scaled with its drawing).
const phoneCheck = `(() => {
  const out = {width: document.documentElement.scrollWidth, hidden: [], tags: [], small: []};
  document.querySelectorAll("nav.nav, nav.rot-tabs").forEach(n => {
    if (n.scrollWidth > n.clientWidth + 1) out.hidden.push(n.className + " " + n.scrollWidth + ">" + n.clientWidth);
  });
  const inScroller = el => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  document.querySelectorAll(".tag").forEach(t => {
    if (inScroller(t)) return; // a wide table scrolls in its own box
    const r = t.getBoundingClientRect();
    if (r.right > window.innerWidth + 1) out.tags.push(t.textContent + " " + Math.round(r.right));
  });
  document.querySelectorAll(".rot-chart *, .rot-legend li, .plan-map text").forEach(el => {
    const own = Array.from(el.childNodes).some(c => c.nodeType === 3 && c.textContent.trim() !== "");
    if (!own) return;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg && el instanceof SVGElement) size *= svg.getScreenCTM().a;
    if (size < 11) out.small.push(el.textContent.trim().slice(0, 20) + " " + size.toFixed(1) + "px");
  });
  return out;
})()`

type phoneMeasure struct {
	Width  int      `json:"width"`
	Hidden []string `json:"hidden"`
	Tags   []string `json:"tags"`
	Small  []string `json:"small"`
}

// TestBrowserPhone: on a 375-pixel phone every demo role's main pages fit
// the screen: the page never scrolls sideways, the top menu and the
// rotation tabs wrap instead of hiding items, role tags stay on the
// screen, and chart labels and legends are at least 11 pixels.
func TestBrowserPhone(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ctx := newBrowser(t)
	steps(t, ctx, chromedp.EmulateViewport(375, 812))
	charts := 0
	for _, user := range []string{"admin", "city", "county1", "coordinator1", "school1", "mentor1", "participant1", "reviewer1", "inspector1"} {
		steps(t, ctx,
			chromedp.Navigate(srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), user),
			chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
			chromedp.Submit(chromedp.CSS(`#login-form`)),
			chromedp.WaitVisible(chromedp.CSS(`header .who`)),
		)
		// The main pages: the top menu's, and the rotation area's tabs.
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("nav.nav a")).map(a => a.pathname)`))
		if err != nil {
			t.Fatal(err)
		}
		pages := append([]string{}, links...)
		for _, p := range links {
			if p == "/rotation" {
				pages = append(pages, "/rotation/eligible", "/rotation/exchanges", "/rotation/plans", "/rotation/return")
			}
		}
		for _, p := range pages {
			steps(t, ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS(`footer`)))
			m, err := chromedp.Run(ctx, chromedp.Evaluate[phoneMeasure](phoneCheck))
			if err != nil {
				t.Fatalf("%s %s: %v", user, p, err)
			}
			where := user + " " + p
			if m.Width > 375 {
				steps(t, ctx, screenshot(t, "phone-"+user+strings.ReplaceAll(p, "/", "-")))
				t.Errorf("%s: the page is %d pixels wide on a 375-pixel phone", where, m.Width)
			}
			if len(m.Hidden) > 0 {
				t.Errorf("%s: menus scroll sideways: %v", where, m.Hidden)
			}
			if len(m.Tags) > 0 {
				t.Errorf("%s: tags stick out of the screen: %v", where, m.Tags)
			}
			if len(m.Small) > 0 {
				t.Errorf("%s: chart words under 11 pixels: %v", where, m.Small)
			}
			n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".rot-chart").length`))
			charts += n
		}
		steps(t, ctx, chromedp.Submit(chromedp.CSS(`form[action="/logout"]`)), chromedp.WaitVisible(chromedp.CSS(`#login-form`)))
	}
	if charts == 0 {
		t.Errorf("no chart was measured")
	}
}
