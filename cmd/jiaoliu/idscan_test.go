package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"jiaoliu/internal/demo"
)

// idPattern finds anything shaped like a resident ID number.
var idPattern = regexp.MustCompile(`[0-9]{17}[0-9Xx]`)

// fullIDs returns the demo's ID numbers found in b.
func fullIDs(b []byte, known map[string]bool) []string {
	var found []string
	for _, m := range idPattern.FindAll(b, -1) {
		if known[strings.ToUpper(string(m))] {
			found = append(found, string(m[:6])+"…")
		}
	}
	return found
}

// unzipped is b, or, for a workbook (a zip file), the text of its parts:
// numbers in a compressed download are scanned too.
func unzipped(t *testing.T, b []byte) []byte {
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return b
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("a download that looks like a zip is not one: %v", err)
	}
	var out []byte
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, part...)
	}
	return out
}

type client struct {
	t    *testing.T
	base string
	http *http.Client
}

func newClient(t *testing.T, base, username string) *client {
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	resp, err := c.http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"username":"`+username+`","password":"jiaoliu-demo"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login %s: %v %v", username, resp, err)
	}
	resp.Body.Close()
	return c
}

func (c *client) get(path string) []byte {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 500 {
		c.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return b
}

// TestNoFullIDNumbers scans the database file and every API response of a
// demo run for the demo's full ID numbers, and finds none.
func TestNoFullIDNumbers(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "j.db")
	srv := startServer(t, testEnv("JIAOLIU_DB", dsn), "--demo")
	ds := demo.Generate(demo.DefaultSeed, demo.DefaultAsOf)
	known := make(map[string]bool, len(ds.Educators))
	for _, e := range ds.Educators {
		known[string(e.IDNumber)] = true
	}

	for _, who := range []string{"admin", "city", "county1", "school1", "participant1"} {
		c := newClient(t, srv.URL, who)
		var seen [][]byte
		get := func(path string) []byte {
			b := c.get(path)
			seen = append(seen, unzipped(t, b))
			return b
		}
		for _, path := range []string{"/api/v1/me", "/api/v1/counties", "/api/v1/schools?per_page=500", "/api/v1/users?per_page=500",
			"/api/v1/audit", "/", "/org", "/schools", "/educators", "/admin/users", "/audit", "/account",
			"/api/v1/rotation/eligible?all=1&per_page=500", "/api/v1/rotation/exchanges?per_page=500", "/api/v1/rotation/exemptions",
			"/api/v1/rotation/plan-inputs", "/api/v1/programmes", "/programmes"} {
			get(path)
		}
		// Every programme with its participants, as JSON, as a page and as the export.
		var progs struct {
			Items []struct{ ID int64 } `json:"items"`
		}
		json.Unmarshal(c.get("/api/v1/programmes?per_page=500"), &progs)
		for _, p := range progs.Items {
			get(fmt.Sprintf("/api/v1/programmes/%d", p.ID))
			get(fmt.Sprintf("/programmes/%d", p.ID))
			get(fmt.Sprintf("/programmes/%d/members.xlsx", p.ID))
		}
		var ids []int64
		for page := 1; ; page++ {
			var l struct {
				Items []struct{ ID int64 } `json:"items"`
				Total int                  `json:"total"`
			}
			json.Unmarshal(get(fmt.Sprintf("/api/v1/educators?per_page=500&page=%d", page)), &l)
			for _, it := range l.Items {
				ids = append(ids, it.ID)
			}
			if len(l.Items) == 0 || page*500 >= l.Total {
				break
			}
		}
		for i, id := range ids {
			if i%40 == 0 { // every fortieth record, as JSON and as a page
				get(fmt.Sprintf("/api/v1/educators/%d", id))
				get(fmt.Sprintf("/educators/%d", id))
				get(fmt.Sprintf("/api/v1/rotation/educators/%d", id))
			}
		}
		if who != "admin" && who != "county1" { // these two may export full numbers by their grants
			get("/api/v1/educators/export")
		}
		for _, b := range seen {
			if found := fullIDs(b, known); len(found) > 0 {
				t.Fatalf("%s: a response holds full ID numbers: %v", who, found)
			}
			// Beside a masked number, a birth date gives the number away:
			// only those who may see full numbers get it.
			if who != "admin" && who != "county1" && bytes.Contains(b, []byte(`"birth_date":"`)) {
				t.Fatalf("%s: a response holds a birth date: %.200s", who, b)
			}
		}
	}
	// The scan reads inside workbooks: the admin's export holds full numbers.
	if found := fullIDs(unzipped(t, newClient(t, srv.URL, "admin").get("/api/v1/educators/export")), known); len(found) == 0 {
		t.Fatal("the scan finds no number in the admin's export, which holds them")
	}
	srv.stop()
	files, _ := filepath.Glob(filepath.Join(dir, "j.db*"))
	if len(files) == 0 {
		t.Fatal("no database file to scan")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if found := fullIDs(b, known); len(found) > 0 {
			t.Fatalf("%s holds full ID numbers in clear: %v", filepath.Base(f), found)
		}
	}
	// The check itself finds a number when there is one.
	for id := range known {
		if len(fullIDs([]byte("x"+id+"y"), known)) != 1 {
			t.Fatal("the scan misses an ID number")
		}
		break
	}
}
