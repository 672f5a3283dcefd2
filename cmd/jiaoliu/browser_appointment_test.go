package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPrincipalBallot: a voter of the demo's democratic evaluation,
// on a 375-pixel phone and without an account, opens the ballot with the
// one-time code county HR issued, marks every candidate by tapping, casts
// it, and finds the code used up; the selection counts the ballot.
func TestBrowserPrincipalBallot(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	hr := newCrawler(t, srv.URL, "county1").client
	call := func(method, path, body string, out any) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := hr.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
		}
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	type detail struct {
		ID         int64  `json:"id"`
		Stage      string `json:"stage"`
		CodesUsed  int    `json:"codes_used"`
		Candidates []struct {
			Status string `json:"status"`
			Tally  struct {
				Valid int `json:"valid"`
			} `json:"tally"`
		} `json:"candidates"`
	}
	var list struct{ Items []detail }
	call("GET", "/api/v1/selections", "", &list)
	var sel detail
	for _, s := range list.Items {
		if s.Stage == "evaluation" {
			sel = s
		}
	}
	if sel.ID == 0 {
		t.Fatalf("the demo has no selection at its evaluation: %+v", list.Items)
	}
	path := "/api/v1/selections/" + strconv.FormatInt(sel.ID, 10)
	var before detail
	call("GET", path, "", &before)
	var codes struct{ Codes []string }
	call("POST", path+"/codes", `{"count":1}`, &codes)
	if len(codes.Codes) != 1 {
		t.Fatalf("codes: %v", codes)
	}

	ctx := newBrowser(t)
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
		chromedp.Navigate(srv.URL+"/vote"),
		chromedp.WaitVisible(chromedp.CSS(`#code-form`)),
	)
	fits("the code form")
	steps(t, ctx,
		chromedp.SendKeys(chromedp.CSS(`#code-form input[name="code"]`), strings.ToLower(codes.Codes[0][:5])+"-"+codes.Codes[0][5:]),
		chromedp.Submit(chromedp.CSS(`#code-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#ballot-form`)),
		screenshot(t, "ballot-1-paper"),
	)
	fits("the ballot")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
	  let n = 0;
	  document.querySelectorAll("#ballot-form fieldset").forEach(f => { f.querySelector("input[type=radio]").click(); n++; });
	  return n;
	})()`))
	if err != nil || n == 0 {
		t.Fatalf("marked %d candidates: %v", n, err)
	}
	steps(t, ctx,
		chromedp.Submit(chromedp.CSS(`#ballot-form`)),
		chromedp.WaitVisible(chromedp.CSS(`#vote-done`)),
		screenshot(t, "ballot-2-cast"),
	)
	fits("the thanks")
	// The code is used up.
	steps(t, ctx,
		chromedp.Navigate(srv.URL+"/vote"),
		chromedp.WaitVisible(chromedp.CSS(`#code-form`)),
		chromedp.SendKeys(chromedp.CSS(`#code-form input[name="code"]`), codes.Codes[0]),
		chromedp.Submit(chromedp.CSS(`#code-form`)),
		chromedp.WaitVisible(chromedp.CSS(`p.error`)),
	)
	if got := textOf(t, ctx, `p.error`); got != "测评码无效或已使用" {
		t.Fatalf("a used code answered %q", got)
	}
	var after detail
	call("GET", path, "", &after)
	if after.CodesUsed != before.CodesUsed+1 {
		t.Fatalf("codes used %d → %d", before.CodesUsed, after.CodesUsed)
	}
	for i, c := range after.Candidates {
		if c.Status == "qualified" && c.Tally.Valid != before.Candidates[i].Tally.Valid+1 {
			t.Errorf("candidate %d: %d ballots → %d", i, before.Candidates[i].Tally.Valid, c.Tally.Valid)
		}
	}
}
