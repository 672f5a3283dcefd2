package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"jiaoliu/internal/demo"
)

// demoUsers are the demo accounts the README lists, one of each role.
var demoUsers = []string{"admin", "city", "county1", "county2", "coordinator1", "school1", "mentor1", "participant1", "reviewer1", "inspector1"}

// Bounds of the crawl, so that it stays a few minutes on a small machine.
const (
	crawlPagesPerUser = 275 // distinct URLs fetched per user
	crawlPerShape     = 2   // URLs of one shape (path with ids, filter keys) per user
	crawlMaxPage      = 3   // listing pages followed
)

// TestBrowserCrawl signs in as every demo user, follows every same-origin
// link and every GET form (filters) breadth first, and fails on any answer
// of 400 or more. Every download (Excel, CSV) is checked against the page
// that links it: a filtered page's export holds the rows the page counts,
// and the rows the page lists. Each kind of page is then opened once in
// Chromium, as a user who may see it.
func TestBrowserCrawl(t *testing.T) {
	chromium(t)
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	start := time.Now()
	var mu sync.Mutex
	crawled := map[string]*crawler{}
	// Two users at a time: the server has two cores.
	t.Run("crawl", func(t *testing.T) {
		slots := make(chan struct{}, 2)
		for _, user := range demoUsers {
			t.Run(user, func(t *testing.T) {
				t.Parallel()
				slots <- struct{}{}
				defer func() { <-slots }()
				c := newCrawler(t, srv.URL, user)
				c.run()
				t.Logf("%d pages, %d downloads checked", c.fetched, c.downloads)
				if c.downloadsLinked > 0 && c.downloads == 0 {
					t.Errorf("download links were seen but none was checked")
				}
				mu.Lock()
				crawled[user] = c
				mu.Unlock()
			})
		}
	})
	t.Logf("crawl: %v", time.Since(start).Round(time.Second))
	if len(crawled) < len(demoUsers) {
		t.FailNow()
	}
	type shown struct{ user, url string }
	var toRender []shown
	rendered := map[string]bool{}
	cookies := map[string]*http.Cookie{}
	for _, user := range demoUsers {
		c := crawled[user]
		cookies[user] = c.session()
		for _, u := range c.firstOfShape {
			if s := shapeOf(u); !rendered[s] {
				rendered[s] = true
				toRender = append(toRender, shown{user, u})
			}
		}
	}
	start = time.Now()
	ctx := newBrowser(t)
	current := ""
	for _, p := range toRender {
		if p.user != current {
			ck := cookies[p.user]
			steps(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
					return err
				}
				_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: ck.Name, Value: ck.Value, URL: srv.URL})
				return err
			}))
			current = p.user
		}
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+p.url))
		if err != nil {
			t.Errorf("browser, %s: %s: %v", p.user, p.url, err)
			continue
		}
		if resp.Status >= 400 {
			t.Errorf("browser, %s: %s answered %d", p.user, p.url, resp.Status)
			continue
		}
		if !strings.Contains(resp.MimeType, "html") {
			continue
		}
		main, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("main").length`))
		if err != nil || main != 1 {
			t.Errorf("browser, %s: %s has no page body (%v)", p.user, p.url, err)
		}
	}
	t.Logf("%d kinds of page opened in the browser in %v", len(toRender), time.Since(start).Round(time.Second))
}

// crawler walks the site over plain HTTP as one signed-in user.
type crawler struct {
	t      *testing.T
	base   *url.URL
	user   string
	client *http.Client
	// seen holds every URL queued; shapes counts the URLs of each shape.
	seen   map[string]bool
	shapes map[string]int
	// fresh holds the links of shapes not fetched before, fetched first;
	// queue the others.
	fresh, queue []link
	// formsOf says on which paths the GET forms were submitted.
	formsOf map[string]bool
	// firstOfShape is one URL of each shape that answered a page.
	firstOfShape []string
	fetched      int
	// downloads counts the downloads checked; downloadsLinked the links
	// that look like downloads.
	downloads, downloadsLinked int
}

// link is a URL to fetch and the page that led to it.
type link struct {
	url  string
	from *fetchedPage
}

// fetchedPage is a page as the crawl read it.
type fetchedPage struct {
	url  string
	body string
}

func newCrawler(t *testing.T, base, user string) *crawler {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &crawler{t: t, base: u, user: user, seen: map[string]bool{}, shapes: map[string]int{}, formsOf: map[string]bool{},
		client: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
	form := url.Values{"username": {user}, "password": {demo.Password}}
	resp, err := c.client.PostForm(base+"/login", form)
	if err != nil {
		t.Fatalf("%s: sign in: %v", user, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/login" {
		t.Fatalf("%s: sign in answered %d at %s: %.300s", user, resp.StatusCode, resp.Request.URL, body)
	}
	return c
}

// session is the user's session cookie, for the browser.
func (c *crawler) session() *http.Cookie {
	for _, ck := range c.client.Jar.Cookies(c.base) {
		if ck.Name == "jiaoliu_session" {
			return ck
		}
	}
	c.t.Fatalf("%s: no session cookie", c.user)
	return nil
}

var (
	idSegment  = regexp.MustCompile(`/\d+(/|$)`)
	anchorHref = regexp.MustCompile(`(?is)<a\s[^>]*?href="([^"]*)"`)
	formTag    = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputTag   = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	selectTag  = regexp.MustCompile(`(?is)<select\b([^>]*)>(.*?)</select>`)
	optionTag  = regexp.MustCompile(`(?is)<option\b([^>]*)>([^<]*)`)
	attrPair   = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?`)
)

// shapeOf names the kind of page a URL shows: its path with ids replaced,
// and its filter's keys (not its page or order).
func shapeOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := u.Path
	for idSegment.MatchString(p) {
		p = idSegment.ReplaceAllString(p, "/{id}$1")
	}
	var keys []string
	for k := range u.Query() {
		if k != "page" && k != "sort" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return p + "?" + strings.Join(keys, "&")
}

// enqueue adds a same-origin URL met on page from, within the bounds.
func (c *crawler) enqueue(raw string, from *fetchedPage) {
	ref, err := url.Parse(html.UnescapeString(raw))
	if err != nil {
		c.t.Errorf("%s: bad link %q on %s", c.user, raw, from.url)
		return
	}
	base := c.base
	if from != nil {
		base, _ = url.Parse(c.base.String() + from.url)
	}
	u := base.ResolveReference(ref)
	if u.Host != c.base.Host || (u.Scheme != "http" && u.Scheme != "https") || strings.HasPrefix(u.Path, "/static/") {
		return
	}
	q := u.Query()
	q.Del("msg")
	if n, _ := strconv.Atoi(q.Get("page")); n > crawlMaxPage {
		return
	}
	u.RawQuery, u.Fragment = q.Encode(), ""
	key := u.RequestURI()
	if c.seen[key] {
		return
	}
	shape, limit := shapeOf(key), crawlPerShape
	if isDownload(u) {
		// Every download, but one of each order: an export of the 2025
		// return differs from the 2026 one only in a value.
		c.downloadsLinked++
		q.Del("sort")
		shape, limit = "download "+u.Path+"?"+q.Encode(), 1
	}
	if c.shapes[shape] >= limit {
		return
	}
	c.seen[key] = true
	c.shapes[shape]++
	if c.shapes[shape] == 1 {
		c.fresh = append(c.fresh, link{url: key, from: from})
	} else {
		c.queue = append(c.queue, link{url: key, from: from})
	}
}

// isDownload says whether a link looks like an export.
func isDownload(u *url.URL) bool {
	f := u.Query().Get("format")
	return strings.HasSuffix(u.Path, ".xlsx") || strings.HasSuffix(u.Path, ".csv") || strings.HasSuffix(u.Path, "/export") || u.Path == "/roster/template" || f == "xlsx" || f == "csv"
}

// run crawls breadth first from the home page.
func (c *crawler) run() {
	c.enqueue("/", nil)
	shapesShown := map[string]bool{}
	for (len(c.fresh) > 0 || len(c.queue) > 0) && c.fetched < crawlPagesPerUser {
		var l link
		if len(c.fresh) > 0 {
			l, c.fresh = c.fresh[0], c.fresh[1:]
		} else {
			l, c.queue = c.queue[0], c.queue[1:]
		}
		c.fetched++
		resp, body, err := c.get(l.url)
		if err != nil {
			c.t.Errorf("%s: GET %s: %v", c.user, l.url, err)
			continue
		}
		from := "(start)"
		if l.from != nil {
			from = l.from.url
		}
		switch {
		case resp.StatusCode >= 400:
			c.t.Errorf("%s: GET %s (linked from %s) answered %d", c.user, l.url, from, resp.StatusCode)
			continue
		case resp.Request.URL.Path == "/login":
			c.t.Errorf("%s: GET %s (linked from %s) sent the user to sign in", c.user, l.url, from)
			continue
		}
		if strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			c.downloads++
			if err := c.checkDownload(l.url, body, l.from); err != nil {
				c.t.Errorf("%s: download %s (linked from %s): %v", c.user, l.url, from, err)
			}
			continue
		}
		if !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		p := &fetchedPage{url: l.url, body: string(body)}
		if s := shapeOf(l.url); !shapesShown[s] {
			shapesShown[s] = true
			c.firstOfShape = append(c.firstOfShape, l.url)
		}
		for _, m := range anchorHref.FindAllStringSubmatch(p.body, -1) {
			c.enqueue(m[1], p)
		}
		// A page's forms are submitted on the first page of its path
		// only: their choices on every page would multiply the shapes.
		if path, _, _ := strings.Cut(l.url, "?"); !c.formsOf[path] {
			c.formsOf[path] = true
			for _, u := range formURLs(p.body) {
				c.enqueue(u, p)
			}
		}
	}
	if len(c.fresh) > 0 {
		c.t.Errorf("%s: stopped after %d pages with %d kinds of page not seen yet", c.user, c.fetched, len(c.fresh))
	} else if len(c.queue) > 0 {
		c.t.Logf("%s: stopped after %d pages with %d queued", c.user, c.fetched, len(c.queue))
	}
}

// get fetches a URL of the site, and says so when it is slow.
func (c *crawler) get(u string) (*http.Response, []byte, error) {
	start := time.Now()
	resp, err := c.client.Get(c.base.String() + u)
	if err != nil {
		return nil, nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if d := time.Since(start); d > 2*time.Second {
		c.t.Logf("%s: slow: %s took %v", c.user, u, d.Round(time.Millisecond))
	}
	return resp, body, err
}

// listing returns the page that lists what a download of a listing holds:
// the page that links it when that is the listing, else the listing with
// the download's filter.
func (c *crawler) listing(from *fetchedPage, path string, q url.Values) (*fetchedPage, error) {
	if from != nil && pageTotal.MatchString(from.body) {
		return from, nil
	}
	u := path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	resp, body, err := c.get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the listing %s answered %d", u, resp.StatusCode)
	}
	return &fetchedPage{url: u, body: string(body)}, nil
}

// attrs reads a tag's attributes.
func attrs(s string) map[string]string {
	m := map[string]string{}
	for _, a := range attrPair.FindAllStringSubmatch(s, -1) {
		m[strings.ToLower(a[1])] = html.UnescapeString(a[2])
	}
	return m
}

// formURLs submits each GET form of a page in the crawl's way: for each
// select, one URL with that select on its first other choice and every other
// field as the page filled it.
func formURLs(body string) []string {
	var out []string
	for _, f := range formTag.FindAllStringSubmatch(body, -1) {
		fa := attrs(f[1])
		if m := strings.ToLower(fa["method"]); m != "" && m != "get" {
			continue
		}
		base := url.Values{}
		for _, in := range inputTag.FindAllStringSubmatch(f[2], -1) {
			a := attrs(in[1])
			_, checked := a["checked"]
			if a["name"] == "" || a["value"] == "" || ((a["type"] == "checkbox" || a["type"] == "radio") && !checked) {
				continue
			}
			base.Add(a["name"], a["value"])
		}
		type choice struct{ name, current, other string }
		var choices []choice
		for _, s := range selectTag.FindAllStringSubmatch(f[2], -1) {
			ch := choice{name: attrs(s[1])["name"]}
			var values []string
			for _, o := range optionTag.FindAllStringSubmatch(s[2], -1) {
				a := attrs(o[1])
				v, ok := a["value"]
				if !ok {
					v = html.UnescapeString(strings.TrimSpace(o[2]))
				}
				if _, sel := a["selected"]; sel {
					ch.current = v
				}
				values = append(values, v)
			}
			for _, v := range values {
				if v != "" && v != ch.current {
					ch.other = v
					break
				}
			}
			if ch.name != "" {
				choices = append(choices, ch)
			}
		}
		for i, ch := range choices {
			if ch.other == "" {
				continue
			}
			q := url.Values{}
			for k, vs := range base {
				q[k] = vs
			}
			for j, o := range choices {
				v := o.current
				if j == i {
					v = o.other
				}
				if v != "" {
					q.Set(o.name, v)
				}
			}
			action := fa["action"]
			out = append(out, action+"?"+q.Encode())
		}
	}
	return out
}

// pageTotal is what a page's pager counts.
var pageTotal = regexp.MustCompile(`共 (\d+) 条`)

func (p *fetchedPage) total() (int, error) {
	m := pageTotal.FindStringSubmatch(p.body)
	if m == nil {
		return 0, fmt.Errorf("page %s shows no total", p.url)
	}
	return strconv.Atoi(m[1])
}
