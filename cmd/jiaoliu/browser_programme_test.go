package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jiaoliu/internal/demo"
	"jiaoliu/internal/people"
)

// TestBrowserProgramme: a training coordinator, on a phone, registers a
// programme with its categories, finds a teacher by pinyin initials,
// enrols them, and sees the participant list and the quota left.
func TestBrowserProgramme(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")

	// A primary-school teacher of the first county without a programme.
	ds := demo.Generate(demo.DefaultSeed, demo.DefaultAsOf)
	var target demo.Educator
	for _, e := range ds.Educators {
		if strings.HasPrefix(e.SchoolCode, ds.Counties[0].Code) && len([]rune(e.Name)) == 3 && e.Post == people.PostTeacher && e.Backbone == "" {
			target = e
			break
		}
	}
	_, inits := people.NamePinyin(target.Name)
	if target.Name == "" || len(inits) == 0 {
		t.Fatal("no demo teacher to enrol")
	}
	ctx := newBrowser(t)
	text := func(sel string) string { t.Helper(); return textOf(t, ctx, sel) }
	steps(t, ctx,
		chromedp.EmulateViewport(375, 812),
		chromedp.Navigate(srv.URL+"/programmes"),
		chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
		chromedp.SendKeys(chromedp.CSS(`#username`), "coordinator1"),
		chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
		chromedp.Submit(chromedp.CSS(`#login-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#programme-list`)),
		screenshot(t, "programme-1-list"),
		chromedp.Navigate(srv.URL+"/programmes/new"),
		chromedp.WaitVisible(chromedp.CSS(`#programme-form`)),
		chromedp.SetValue(chromedp.CSS(`#programme-form input[name="name"]`), "2027年新任教师跟岗培训"),
		chromedp.SetValue(chromedp.CSS(`#programme-form input[name="organiser"]`), "区教师进修学校"),
		chromedp.SetValue(chromedp.CSS(`#programme-form textarea[name="categories"]`), "新任教师 2\n青年骨干 1"),
		screenshot(t, "programme-2-form"),
		chromedp.Submit(chromedp.CSS(`#programme-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#category-list`)),
		chromedp.SendKeys(chromedp.CSS(`#enrol input[name="q"]`), inits[0]),
		chromedp.Submit(chromedp.CSS(`#enrol form`)),
		chromedp.WaitVisible(`//table[@id="candidate-list"]//td[text()="`+target.Name+`"]`),
		screenshot(t, "programme-3-search"),
		chromedp.Click(`//table[@id="candidate-list"]//tr[td[text()="`+target.Name+`"]]//button`),
		chromedp.WaitVisible(`//table[@id="member-list"]//a[text()="`+target.Name+`"]`),
		screenshot(t, "programme-4-enrolled"),
	)
	if got := text(`.flash`); got != "已报名。" {
		t.Errorf("flash %q", got)
	}
	if cats := text(`#category-list tbody`); !strings.Contains(cats, "新任教师") || !strings.Contains(cats, "青年骨干") {
		t.Errorf("categories %q", cats)
	}
	if row := text(`#member-list tbody`); !strings.Contains(row, "新任教师") {
		t.Errorf("the participant is not in the first category: %q", row)
	}
}
