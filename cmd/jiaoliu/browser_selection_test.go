package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"jiaoliu/internal/demo"
	"jiaoliu/internal/people"
)

// TestBrowserSelection: a selection round on a phone. The coordinator
// opens the selection of a new programme with its scoring rule, nominates
// a teacher found by pinyin initials, qualifies them, forms the panel with
// reviewer1 and opens scoring; reviewer1 scores blind; the coordinator
// computes the results and puts the shortlist on public notice.
func TestBrowserSelection(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")

	ds := demo.Generate(demo.DefaultSeed, demo.DefaultAsOf)
	var target demo.Educator
	for _, e := range ds.Educators {
		if strings.HasPrefix(e.SchoolCode, ds.Counties[0].Code) && len([]rune(e.Name)) == 3 && e.Post == people.PostTeacher {
			target = e
			break
		}
	}
	_, inits := people.NamePinyin(target.Name)
	if target.Name == "" || len(inits) == 0 {
		t.Fatal("no demo teacher to nominate")
	}
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
		chromedp.Navigate(srv.URL+"/programmes/new"),
		login("coordinator1"),
		chromedp.WaitVisible(chromedp.CSS(`#programme-form`)),
		chromedp.SetValue(chromedp.CSS(`#programme-form input[name="name"]`), "2027年骨干教师挂职锻炼"),
		chromedp.SetValue(chromedp.CSS(`#programme-form input[name="organiser"]`), "区教师进修学校"),
		chromedp.SetValue(chromedp.CSS(`#programme-form textarea[name="categories"]`), "学科骨干教师 2"),
		chromedp.Submit(chromedp.CSS(`#programme-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#selection-link`)),
		chromedp.Click(chromedp.CSS(`#selection-link`)),
		chromedp.WaitVisible(chromedp.CSS(`#settings-form`)),
		chromedp.Submit(chromedp.CSS(`#settings-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#candidates`)),
		screenshot(t, "selection-1-opened"),
		chromedp.Navigate(srv.URL+"/selection"),
		chromedp.WaitVisible(chromedp.CSS(`.open-programme`)),
		chromedp.SendKeys(chromedp.CSS(`.open-programme form[method="get"] input[name="q"]`), inits[0]),
		chromedp.Submit(chromedp.CSS(`.open-programme form[method="get"]`)),
		chromedp.WaitVisible(`//ul[@class="found"]//span[starts-with(text(),"`+target.Name+`")]`),
		chromedp.SendKeys(`//ul[@class="found"]//li[.//span[starts-with(text(),"`+target.Name+`")]]//input[@name="reasons"]`, "教学成绩突出，乐于带教青年教师"),
		screenshot(t, "selection-2-nominate"),
		chromedp.Submit(`//ul[@class="found"]//li[.//span[starts-with(text(),"`+target.Name+`")]]//form`),
		chromedp.WaitVisible(`//table[@id="application-list"]//a[text()="`+target.Name+`"]`),
		chromedp.Click(`//table[@id="application-list"]//a[text()="`+target.Name+`"]`),
		chromedp.WaitVisible(chromedp.CSS(`#review-form`)),
		chromedp.Click(chromedp.CSS(`#review-form input[value="qualified"]`)),
		chromedp.SendKeys(chromedp.CSS(`#review-form input[name="reason"]`), "符合条件"),
		chromedp.Submit(chromedp.CSS(`#review-form`)),
		chromedp.WaitVisible(flash("资格审查结论已保存。")),
	)
	candidateURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	if got := text(`h1 .tag`); got != "资格审查通过" {
		t.Fatalf("after the review the candidate is %q", got)
	}
	steps(t, ctx,
		chromedp.Click(chromedp.CSS(`.crumbs a`)),
		chromedp.WaitVisible(chromedp.CSS(`#panel-form`)),
		chromedp.Click(`//form[@id="panel-form"]//label[contains(., "reviewer1")]/input`),
		chromedp.Submit(chromedp.CSS(`#panel-form`)),
		chromedp.WaitVisible(flash("评审专家组已保存。")),
		chromedp.Submit(chromedp.CSS(`#assign-all-form`)),
		chromedp.WaitVisible(flash("评审分配已保存。")),
		chromedp.Submit(chromedp.CSS(`#scoring-form`)),
		chromedp.WaitVisible(flash("已截止推荐报名，专家评审开始。")),
		screenshot(t, "selection-3-panel"),
		logout,
		chromedp.Navigate(srv.URL+candidateURL),
		login("reviewer1"),
		chromedp.WaitVisible(chromedp.CSS(`#score-form`)),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[int](`document.querySelectorAll('#score-form input[type=number]').forEach(i => i.value = '85'); 0`)(ctx, tg)
			return err
		}),
		screenshot(t, "selection-3-score"),
		chromedp.Submit(chromedp.CSS(`#score-form`)),
		chromedp.WaitVisible(flash("评分已提交。")),
	)
	if got := text(`#scores`); strings.Contains(got, "expert") {
		t.Errorf("reviewer1 sees others' marks before the results: %q", got)
	}
	steps(t, ctx,
		logout,
		chromedp.Navigate(srv.URL+candidateURL),
		login("coordinator1"),
		chromedp.WaitVisible(chromedp.CSS(`.crumbs a`)),
		chromedp.Click(chromedp.CSS(`.crumbs a`)),
		chromedp.WaitVisible(chromedp.CSS(`#results-form`)),
		chromedp.Submit(chromedp.CSS(`#results-form`)),
		chromedp.WaitVisible(flash("评审结果已计算并公布。")),
		chromedp.Submit(chromedp.CSS(`#notice-form`)),
		chromedp.WaitVisible(flash("拟选派人员名单已公示。")),
		screenshot(t, "selection-4-notice"),
	)
	if got := text(`#selection-notice ol`); !strings.Contains(got, target.Name) || !strings.Contains(got, "85.00") {
		t.Errorf("the notice lists %q, want %s with 85.00", got, target.Name)
	}
	if got := text(`#candidate-table tbody`); !strings.Contains(got, "拟选派（公示中）") {
		t.Errorf("candidates after the notice: %q", got)
	}
}

// seq runs actions one after the other as one action.
func seq(actions ...chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, a := range actions {
			if _, err := a(ctx, tg); err != nil {
				return err
			}
		}
		return nil
	})
}

// flash is the flash message with text, the sign that a form's redirect has landed.
func flash(text string) string { return `//p[@class="flash"][text()="` + text + `"]` }
