package main

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Leaks of codes and English on a Chinese page: dotted or snake_case codes
// (login.success, school_admin), the English codes of the vocabularies,
// and ASCII commas or semicolons between Chinese words.
var (
	codeLeak   = regexp.MustCompile(`\b[a-z]+(?:[._][a-z]+)+\b`)
	fileName   = regexp.MustCompile(`\.(json|xlsx|csv|db|key|md)$`)
	wordLeak   = regexp.MustCompile(`\b(demo|anonymous|true|false|male|female|teacher|principal|planned|announced|active|pending|approved|rejected|optimal|feasible|infeasible|urban|rural|township|backbone|Schools?|Enrol)\b`)
	commaLeak  = regexp.MustCompile(`\p{Han}[,;] ?\p{Han}|\p{Han}[,;] \d`)
	pluralLeak = regexp.MustCompile(`\b1 (schools|educators|teachers|people|years|months|moves|days|entries|exchanges|members)\b|\b([02-9]|\d\d+) (school|educator|teacher|year|month|move|day|entry|exchange|member)\b`)
	enHeader   = regexp.MustCompile(`<(th|dt)>(Schools|Enrol)</(th|dt)>`)
	hrefs      = regexp.MustCompile(`href="(/[^"#]*)"`)
	digits     = regexp.MustCompile(`[0-9]+`)
	noise      = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`)
	tags       = regexp.MustCompile(`(?s)<[^>]*>`)
)

// TestPagesSpeakTheirLanguage: every page each demo role reaches from its
// home page (following the links, once per kind of address) shows, in
// Chinese, no codes, no English vocabulary and no ASCII commas between
// Chinese words; in English, no "1 schools" or "3 school" and no plural
// or verb where a column names one thing.
func TestPagesSpeakTheirLanguage(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	base, _ := url.Parse(srv.URL)
	for _, user := range []string{"admin", "city", "county1", "coordinator1", "school1", "mentor1", "participant1", "reviewer1", "inspector1"} {
		t.Run(user, func(t *testing.T) {
			c := newCrawler(t, srv.URL, user).client
			jar := c.Jar
			get := func(path, lang string) string {
				jar.SetCookies(base, []*http.Cookie{{Name: "jiaoliu_lang", Value: lang, Path: "/"}})
				resp, err := c.Get(srv.URL + path)
				if err != nil {
					t.Fatalf("GET %s: %v", path, err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					return ""
				}
				return string(b)
			}
			seen, queue, pages := map[string]bool{}, []string{"/"}, 0
			for len(queue) > 0 && pages < 30 {
				path := queue[0]
				queue = queue[1:]
				zh := get(path, "zh")
				if zh == "" {
					continue
				}
				pages++
				text := html.UnescapeString(tags.ReplaceAllString(noise.ReplaceAllString(zh, " "), " "))
				for _, m := range codeLeak.FindAllString(text, -1) {
					if !fileName.MatchString(m) {
						t.Errorf("%s shows the code %q: %s", path, m, around(text, m))
					}
				}
				for _, m := range wordLeak.FindAllString(text, -1) {
					t.Errorf("%s shows the English %q: %s", path, m, around(text, m))
				}
				for _, m := range commaLeak.FindAllString(text, -1) {
					t.Errorf("%s writes an ASCII comma in Chinese: %s", path, around(text, m))
				}
				en := get(path, "en")
				// "3 school years" counts years.
				enText := strings.ReplaceAll(html.UnescapeString(tags.ReplaceAllString(noise.ReplaceAllString(en, " "), " ")), "school year", "schoolyear")
				for _, m := range pluralLeak.FindAllString(enText, -1) {
					t.Errorf("%s in English says %q: %s", path, m, around(enText, m))
				}
				for _, m := range enHeader.FindAllString(en, -1) {
					t.Errorf("%s in English heads a column %q", path, m)
				}
				for _, m := range hrefs.FindAllStringSubmatch(zh, -1) {
					next := html.UnescapeString(m[1])
					u, err := url.Parse(next)
					if err != nil || strings.HasPrefix(u.Path, "/static/") || strings.HasPrefix(u.Path, "/api/") || u.Path == "/logout" ||
						fileName.MatchString(u.Path) || u.Query().Get("format") != "" || strings.HasSuffix(u.Path, "/download") {
						continue
					}
					keys := slices.Sorted(func(yield func(string) bool) {
						for k := range u.Query() {
							if !yield(k) {
								return
							}
						}
					})
					kind := digits.ReplaceAllString(u.Path, "N") + "?" + strings.Join(keys, "&")
					if !seen[kind] {
						seen[kind] = true
						queue = append(queue, next)
					}
				}
			}
			if pages < 3 {
				t.Errorf("only %d pages reached", pages)
			}
		})
	}
}

// around quotes the text around the first m.
func around(text, m string) string {
	i := strings.Index(text, m)
	r := []rune(strings.Join(strings.Fields(text[max(0, i-90):min(len(text), i+len(m)+60)]), " "))
	return string(r)
}
