package web_test

import (
	"html"
	"io/fs"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/ui"
)

var hrefs = regexp.MustCompile(`<a\s[^>]*?href="([^"]*)"`)

// downloadLinks returns the links of a page that download a file.
func downloadLinks(t *testing.T, body string) []*url.URL {
	t.Helper()
	var out []*url.URL
	for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("bad link %q: %v", m[1], err)
		}
		f := u.Query().Get("format")
		if strings.HasSuffix(u.Path, ".xlsx") || strings.HasSuffix(u.Path, "/export") || f == "xlsx" || f == "csv" {
			out = append(out, u)
		}
	}
	return out
}

// TestDownloadLinksKeepFilters renders each page with an export with
// filters, and checks that every download link carries them: the export
// holds what the page lists, and the 2025 return downloads the 2025 annexes.
func TestDownloadLinksKeepFilters(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	token := e.login(w.Actors[auth.RoleAdmin].Username)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, c := range []struct {
		path  string
		query url.Values
		links int
		also  url.Values // what the links add
	}{
		{"/schools", url.Values{"county": {id(w.CountyA.ID)}, "level": {"primary"}, "location": {"rural"}, "weak": {"1"}, "q": {"甲区 小学"}}, 1, nil},
		{"/educators", url.Values{"county": {id(w.CountyA.ID)}, "school": {id(w.A1.ID)}, "post": {"teacher"}, "gender": {"male"},
			"min_age": {"20"}, "max_age": {"60"}, "backbone": {"none"}, "subject": {"语文"}, "sort": {"-name"}, "q": {"zs"}}, 1, nil},
		{"/rotation/eligible", url.Values{"county": {id(w.CountyA.ID)}, "as_of": {"2025-09-01"}, "rule": {"teacher"}, "exempt": {"0"},
			"backbone": {"0"}, "all": {"1"}, "q": {"张"}}, 2, nil},
		{"/rotation/eligible", url.Values{"county": {id(w.CountyB.ID)}}, 2, url.Values{"as_of": {"2026-09-01"}}},
		{"/rotation/return", url.Values{"year": {"2025"}, "county": {id(w.CountyA.ID)}}, 2, nil},
	} {
		t.Run(c.path+"?"+c.query.Encode(), func(t *testing.T) {
			q := url.Values{"page": {"1"}}
			for k, vs := range c.query {
				q[k] = vs
			}
			rec := e.do("GET", c.path+"?"+q.Encode(), token, "", "")
			if rec.Code != 200 {
				t.Fatalf("status %d: %.500s", rec.Code, rec.Body.String())
			}
			links := downloadLinks(t, rec.Body.String())
			if len(links) != c.links {
				t.Fatalf("%d download links, want %d: %v", len(links), c.links, links)
			}
			for _, l := range links {
				got := l.Query()
				for k, want := range c.query {
					if got.Get(k) != want[0] {
						t.Errorf("%s: %s=%q, want %q", l, k, got.Get(k), want[0])
					}
				}
				for k, want := range c.also {
					if got.Get(k) != want[0] {
						t.Errorf("%s: %s=%q, want %q", l, k, got.Get(k), want[0])
					}
				}
				if got.Has("page") {
					t.Errorf("%s carries the page number", l)
				}
			}
		})
	}
}

// TestTemplatesBuildNoQueryStrings: a template never writes a query string
// whole into a link (`?{{...}}`), which html/template would escape into one
// value; such URLs are built in Go.
func TestTemplatesBuildNoQueryStrings(t *testing.T) {
	whole := regexp.MustCompile(`\?\{\{`)
	err := fs.WalkDir(ui.Templates, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(ui.Templates, path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if whole.MatchString(line) {
				t.Errorf("%s:%d writes a query string into a link: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
