package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"jiaoliu/internal/demo"
	"jiaoliu/internal/people"
)

// chromium finds the system browser; without one the test skips, or fails
// when JIAOLIU_TEST_REQUIRE_BROWSER=1.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("JIAOLIU_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium is required (JIAOLIU_TEST_REQUIRE_BROWSER=1) but not found")
	}
	t.Skip("Chromium not found")
	return ""
}

// newBrowser starts a headless Chromium for the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// steps runs browser actions one by one and names the one that fails.
func steps(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for i, a := range actions {
		if err := chromedp.Do(ctx, a); err != nil {
			t.Fatalf("browser step %d of %d: %v", i+1, len(actions), err)
		}
	}
}

// textOf returns the text of the first element sel matches.
func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// screenshot saves a full-page PNG into testartifacts/.
func screenshot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(artefactDir(t), name+".png"), buf, 0o644)
	})
}

// TestBrowserSearchByInitials: a county's HR signs in, finds a teacher by
// the pinyin initials of the name, and opens the record, on a desktop and
// on a phone.
func TestBrowserSearchByInitials(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")

	// A teacher of the first county, from the same deterministic demo data.
	ds := demo.Generate(demo.DefaultSeed, demo.DefaultAsOf)
	var target demo.Educator
	for _, e := range ds.Educators {
		if strings.HasPrefix(e.SchoolCode, ds.Counties[0].Code) && len([]rune(e.Name)) == 3 {
			target = e
			break
		}
	}
	_, inits := people.NamePinyin(target.Name)
	if target.Name == "" || len(inits) == 0 {
		t.Fatal("no demo teacher to look for")
	}

	for _, vp := range []struct {
		name          string
		width, height int64
	}{{"desktop-1280", 1280, 900}, {"phone-375", 375, 812}} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := newBrowser(t)
			steps(t, ctx,
				chromedp.EmulateViewport(vp.width, vp.height),
				chromedp.Navigate(srv.URL+"/educators"),
				// Not signed in: sent to the login page.
				chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
				screenshot(t, vp.name+"-1-login"),
				chromedp.SendKeys(chromedp.CSS(`#username`), "county1"),
				chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
				chromedp.Submit(chromedp.CSS(`#login-form`)),
				chromedp.WaitVisible(chromedp.CSS(`#educator-filters`)),
				chromedp.SendKeys(chromedp.CSS(`#q`), inits[0]),
				chromedp.Submit(chromedp.CSS(`#educator-filters`)),
				// The result itself, not the list of the page before the search:
				// a screenshot taken while the next page loads can hang.
				chromedp.WaitVisible(`//table[@id="educator-list"]//a[text()="`+target.Name+`"]`),
				screenshot(t, vp.name+"-2-search"),
			)
			listed, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#educator-list tbody`)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(listed, target.Name) {
				t.Fatalf("searching %q did not list %s: %s", inits[0], target.Name, listed)
			}
			steps(t, ctx,
				chromedp.Click(`//table[@id="educator-list"]//a[text()="`+target.Name+`"]`),
				chromedp.WaitVisible(chromedp.CSS(`#career`)),
				screenshot(t, vp.name+"-3-educator"),
			)
			heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#educator-name`)))
			if err != nil {
				t.Fatal(err)
			}
			idShown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#id-number`)))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(heading, target.Name) {
				t.Fatalf("educator page heading %q, want %s", heading, target.Name)
			}
			if idShown != target.IDNumber.Masked() || strings.Contains(idShown, string(target.IDNumber)) {
				t.Fatalf("ID shown as %q, want the masked %q", idShown, target.IDNumber.Masked())
			}
		})
	}
}
