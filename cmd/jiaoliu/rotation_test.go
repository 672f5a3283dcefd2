package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"jiaoliu/internal/rotation"
)

// demoServer boots `serve --demo` on a fresh SQLite database and returns it
// with the database's DSN, for commands run beside it.
func demoServer(t *testing.T) (*server, func(string) string) {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	getenv := testEnv("JIAOLIU_DB", dsn)
	return startServer(t, getenv, "--demo"), getenv
}

var reasonPattern = regexp.MustCompile(`^(男|女)，\d+周岁，(在本校连续任教|任现职)\d+年\d+个月，满\d+年$`)

func TestRotationCommands(t *testing.T) {
	srv, getenv := demoServer(t)
	out, errOut, err := runCmd(t, getenv, "", "rotation", "eligible", "--as-of", "2026-09-01", "--county", "澜城区", "--format", "json")
	if err != nil {
		t.Fatalf("rotation eligible: %v %s", err, errOut)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 100 {
		t.Fatalf("%d must rotate in 澜城区", len(rows))
	}
	exempt := 0
	for _, r := range rows {
		for _, k := range []string{"name", "school_code", "post", "gender", "age", "tenure_years", "rule", "exempt", "reason"} {
			if _, ok := r[k]; !ok {
				t.Fatalf("a line lacks %s: %v", k, r)
			}
		}
		age, years := r["age"].(float64), r["tenure_years"].(float64)
		if !reasonPattern.MatchString(r["reason"].(string)) || age > 55 || years < 6 || r["must"] != true || r["rule"] == "" {
			t.Fatalf("a line that should not be on the list: %v", r)
		}
		if r["exempt"] == true {
			exempt++
		}
	}
	if exempt != 1 {
		t.Errorf("%d exempt in 澜城区, want the demo's one", exempt)
	}
	// The list agrees with the dashboard of the running server.
	c := &http.Client{}
	login, _ := http.NewRequest("POST", srv.URL+"/api/v1/login", strings.NewReader(`{"username":"county1","password":"jiaoliu-demo"}`))
	login.Header.Set("Content-Type", "application/json")
	res, err := c.Do(login)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/rotation/dashboard?year=2026", nil)
	for _, ck := range res.Cookies() {
		req.AddCookie(ck)
	}
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Counties []struct {
			MustRotate int  `json:"must_rotate"`
			MeetsQuota bool `json:"meets_quota"`
		} `json:"counties"`
	}
	json.NewDecoder(res.Body).Decode(&dash)
	res.Body.Close()
	if len(dash.Counties) != 1 || dash.Counties[0].MustRotate != len(rows) || !dash.Counties[0].MeetsQuota {
		t.Errorf("dashboard %+v, list of %d", dash, len(rows))
	}

	out, _, err = runCmd(t, getenv, "", "rotation", "eligible", "--format", "csv", "--all")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 3000 || recs[0][0] != "name" || recs[0][1] != "school_code" {
		t.Fatalf("csv: %v, %d lines", err, len(recs))
	}
	whyNot := map[string]bool{}
	for _, r := range recs[1:] {
		if r[13] == "false" {
			whyNot[r[12]] = true
		}
	}
	for _, want := range []string{"临聘", "高中不在义务教育范围", "幼儿园不在义务教育范围"} {
		if !whyNot[want] {
			t.Errorf("no one is left out because %q", want)
		}
	}

	if _, _, err := runCmd(t, getenv, "", "rotation", "eligible", "--as-of", "2026-13-01"); exitCode(err) != 2 {
		t.Errorf("a bad date: exit %d", exitCode(err))
	}
	if _, _, err := runCmd(t, getenv, "", "rotation", "eligible", "--format", "xml"); exitCode(err) != 2 {
		t.Errorf("a bad format: exit %d", exitCode(err))
	}
	if _, _, err := runCmd(t, getenv, "", "rotation", "eligible", "--county", "无此县"); err == nil || !strings.Contains(err.Error(), "未找到") {
		t.Errorf("an unknown county: %v", err)
	}

	file := filepath.Join(t.TempDir(), "annex2.xlsx")
	if out, _, err := runCmd(t, getenv, "", "rotation", "return", "--year", "2025", "--annex", "2", "--out", file); err != nil || !strings.Contains(out, "已写入附件2") {
		t.Fatalf("rotation return: %v %s", err, out)
	}
	x, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := x.GetRows("附件2")
	if len(got) < 2+30 {
		t.Errorf("附件2 of 2025 has %d rows", len(got))
	}

	// The demo's 2025 returns are submitted: a county's return is the
	// snapshot, its annexes the stored ones; --current counts now.
	out, _, err = runCmd(t, getenv, "", "rotation", "return", "--year", "2025")
	if err != nil {
		t.Fatal(err)
	}
	var rt rotation.Return
	if err := json.Unmarshal([]byte(out), &rt); err != nil || len(rt.Counties) == 0 || !rt.Counties[0].Snapshot ||
		rt.Counties[0].Submission.Version != 1 || len(rt.Counties[0].Versions) != 1 {
		t.Fatalf("return JSON: %v", err)
	}
	name := rt.Counties[0].County.Name
	stored := filepath.Join(t.TempDir(), "stored.xlsx")
	if out, _, err := runCmd(t, getenv, "", "rotation", "return", "--year", "2025", "--county", name, "--annex", "1", "--out", stored); err != nil ||
		!strings.Contains(out, "已报送第1版") {
		t.Fatalf("stored annex 1: %v %s", err, out)
	}
	again := filepath.Join(t.TempDir(), "again.xlsx")
	if _, _, err := runCmd(t, getenv, "", "rotation", "return", "--year", "2025", "--county", name, "--version", "1", "--annex", "1", "--out", again); err != nil {
		t.Fatal(err)
	}
	if a, b := mustRead(t, stored), mustRead(t, again); !bytes.Equal(a, b) {
		t.Error("the stored annex 1 differs between two downloads")
	}
	if out, _, err := runCmd(t, getenv, "", "rotation", "return", "--year", "2025", "--county", name, "--current", "--annex", "1", "--out", again); err != nil ||
		!strings.Contains(out, "当前数据") {
		t.Fatalf("current annex 1: %v %s", err, out)
	}
	if _, _, err := runCmd(t, getenv, "", "rotation", "return", "--year", "2025", "--version", "1"); exitCode(err) != 2 {
		t.Errorf("--version without --county: exit %d", exitCode(err))
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRotationBrowser: county HR opens the quota dashboard, drills down to
// a school, opens the list, an exchange and a file, on a 360 px phone and a
// desktop; no page is wider than the screen.
func TestRotationBrowser(t *testing.T) {
	chromium(t)
	srv, _ := demoServer(t)
	for _, vp := range []struct {
		name          string
		width, height int64
	}{{"desktop-1280", 1280, 900}, {"phone-360", 360, 780}} {
		t.Run(vp.name, func(t *testing.T) {
			ctx := newBrowser(t)
			err := chromedp.Do(ctx,
				chromedp.EmulateViewport(vp.width, vp.height),
				chromedp.Navigate(srv.URL+"/rotation"),
				chromedp.WaitVisible(chromedp.CSS(`#login-form`)),
				chromedp.SendKeys(chromedp.CSS(`#username`), "county1"),
				chromedp.SendKeys(chromedp.CSS(`#password`), "jiaoliu-demo"),
				chromedp.Submit(chromedp.CSS(`#login-form`)),
				chromedp.WaitVisible(chromedp.CSS(`#county-figures`)),
				screenshot(t, "rotation-"+vp.name+"-1-dashboard"),
			)
			if err != nil {
				t.Fatal(err)
			}
			widths := map[string]int{}
			for _, step := range []struct{ name, path, wait string }{
				{"2-county", "/rotation/counties/1", "#school-figures"},
				{"3-eligible", "/rotation/eligible", "#eligible-list"},
				{"4-exchanges", "/rotation/exchanges", "#exchange-filters"},
				{"5-return", "/rotation/return", "#return-directions"},
				{"6-policy", "/rotation/counties/1/policy", "#policy-form"},
				{"7-rounds", "/rotation/rounds", "#round-list"},
			} {
				err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+step.path), chromedp.WaitVisible(chromedp.CSS(step.wait)),
					screenshot(t, "rotation-"+vp.name+"-"+step.name))
				if err != nil {
					t.Fatalf("%s: %v", step.path, err)
				}
				w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
				if err != nil {
					t.Fatal(err)
				}
				widths[step.name] = w
			}
			// From the list to a person's file, and from the exchanges to one.
			err = chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/rotation/eligible"),
				chromedp.Click(`(//table[@id="eligible-list"]//a)[1]`),
				chromedp.WaitVisible(chromedp.CSS(`#prerequisites`)),
				screenshot(t, "rotation-"+vp.name+"-8-file"),
				chromedp.Navigate(srv.URL+"/rotation/exchanges?status=active"),
				chromedp.Click(`(//table[contains(@class,"rot-list")]//a)[1]`),
				chromedp.WaitVisible(chromedp.CSS(`#exchange-facts`)),
				screenshot(t, "rotation-"+vp.name+"-9-exchange"),
			)
			if err != nil {
				t.Fatal(err)
			}
			facts, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#exchange-facts`)))
			if err != nil || !strings.Contains(facts, "交流方向") || !strings.Contains(facts, "人事关系") {
				t.Fatalf("exchange page: %v %q", err, facts)
			}
			for page, w := range widths {
				if w > int(vp.width)+1 {
					t.Errorf("%s is %d px wide on a %d px screen", page, w, vp.width)
				}
			}
		})
	}
}
