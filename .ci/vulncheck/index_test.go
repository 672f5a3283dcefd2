package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// testdata/osv holds four reports copied unchanged from golang.org/x/vulndb's
// data/osv (v0.0.0-20261105234957-e22db6528018), chosen for their ranges:
//   - GO-2021-0113: golang.org/x/text, fixed in 0.3.7;
//   - GO-2022-0288: stdlib, fixed in 1.16.12 and, from 1.17.0-0, in 1.17.5;
//     and golang.org/x/net, fixed at a pseudo-version;
//   - GO-2026-4806: go.etcd.io/etcd, never fixed; go.etcd.io/etcd/v3,
//     fixed in 3.4.42, 3.5.28 and 3.6.9 after prereleases introduce it;
//   - GO-2026-5517: github.com/openbao/openbao, fixed at a pseudo-version
//     and introduced again in 0.1.0, so no version is known fixed.
//
// cmd/indexdb of that module wrote the same bytes for all three indexes
// from these files (and from all 4,789 reports of data/osv).
func TestIndex(t *testing.T) {
	out := t.TempDir()
	n, err := buildIndex("testdata/osv", out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("%d reports indexed, want 4", n)
	}
	const zero = "0001-01-01T00:00:00Z" // every report's "modified" in vulndb's data/osv
	var modules []moduleMeta
	readJSON(t, filepath.Join(out, "index/modules.json"), &modules)
	wantModules := []moduleMeta{
		{"github.com/openbao/openbao", []moduleVuln{{"GO-2026-5517", zero, ""}}},
		{"go.etcd.io/etcd", []moduleVuln{{"GO-2026-4806", zero, ""}}},
		{"go.etcd.io/etcd/v3", []moduleVuln{{"GO-2026-4806", zero, "3.6.9"}}},
		{"golang.org/x/net", []moduleVuln{{"GO-2022-0288", zero, "0.0.0-20211209124913-491a49abca63"}}},
		{"golang.org/x/text", []moduleVuln{{"GO-2021-0113", zero, "0.3.7"}}},
		{"stdlib", []moduleVuln{{"GO-2022-0288", zero, "1.17.5"}}},
	}
	if !reflect.DeepEqual(modules, wantModules) {
		t.Errorf("modules.json:\n got %+v\nwant %+v", modules, wantModules)
	}
	var vulns []vulnMeta
	readJSON(t, filepath.Join(out, "index/vulns.json"), &vulns)
	wantVulns := []vulnMeta{
		{"GO-2021-0113", zero, []string{"CVE-2021-38561", "GHSA-ppp9-7jff-5vj2"}},
		{"GO-2022-0288", zero, []string{"CVE-2021-44716", "GHSA-vc3p-29h2-gpcp"}},
		{"GO-2026-4806", zero, []string{"CVE-2026-33413", "GHSA-q8m4-xhhv-38mg"}},
		{"GO-2026-5517", zero, []string{"CVE-2026-55775", "GHSA-mwr2-wmgp-crj6"}},
	}
	if !reflect.DeepEqual(vulns, wantVulns) {
		t.Errorf("vulns.json:\n got %+v\nwant %+v", vulns, wantVulns)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index/db.json")); string(b) != `{"modified":"`+zero+`"}` {
		t.Errorf("db.json: %s", b)
	}
	for _, v := range wantVulns {
		orig, _ := os.ReadFile("testdata/osv/" + v.ID + ".json")
		copied, err := os.ReadFile(filepath.Join(out, "ID", v.ID+".json"))
		if err != nil || !bytes.Equal(orig, copied) {
			t.Errorf("ID/%s.json is not the report as it is (%v)", v.ID, err)
		}
	}
}

// db.json dates the database by its newest report; a report must be named by
// its id, where govulncheck looks for it; and a version that is not semantic
// fails rather than being ordered by guess.
func TestIndexDatesAndRejects(t *testing.T) {
	report := func(id, modified, fixed string) string {
		return `{"id": "` + id + `", "modified": "` + modified + `", "affected": [{"package": {"name": "example.com/m"},
			"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "` + fixed + `"}]}]}]}`
	}
	for _, tc := range []struct {
		name, want string
		files      map[string]string
	}{
		{"newest report dates the database", `{"modified":"2026-03-02T04:05:06Z"}`, map[string]string{
			"GO-2026-0001.json": report("GO-2026-0001", "2026-03-01T00:00:00Z", "1.0.0"),
			"GO-2026-0002.json": report("GO-2026-0002", "2026-03-02T12:05:06+08:00", "1.0.0"),
		}},
		{"misnamed report", "must be named GO-2026-0001.json", map[string]string{
			"GO-2026-0002.json": report("GO-2026-0001", "2026-03-01T00:00:00Z", "1.0.0"),
		}},
		{"version not semantic", `"1.0" is not a semantic version`, map[string]string{
			"GO-2026-0001.json": report("GO-2026-0001", "2026-03-01T00:00:00Z", "1.0"),
		}},
		{"no reports", "no OSV reports", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, out := t.TempDir(), t.TempDir()
			for name, body := range tc.files {
				if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := buildIndex(in, out)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				b, _ := os.ReadFile(filepath.Join(out, "index/db.json"))
				got = string(b)
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// The "fixed" of modules.json decides which reports govulncheck reads at all,
// so it follows vulndb's osvutils.LatestFixed, by SemVer precedence.
func TestLatestFixed(t *testing.T) {
	type ev = map[string]string
	for _, tc := range []struct {
		events []ev
		want   string
	}{
		{[]ev{{"introduced": "0"}}, ""},
		{[]ev{{"introduced": "0"}, {"fixed": "1.2.3"}}, "1.2.3"},
		{[]ev{{"introduced": "0"}, {"fixed": "1.9.0"}, {"introduced": "1.10.0"}, {"fixed": "1.10.2"}}, "1.10.2"},
		{[]ev{{"introduced": "0"}, {"fixed": "1.21.8"}, {"introduced": "1.22.0-0"}, {"fixed": "1.22.1"}}, "1.22.1"},
		{[]ev{{"introduced": "0"}, {"fixed": "1.2.3"}, {"introduced": "1.3.0"}}, ""},
		{[]ev{{"introduced": "0"}, {"fixed": "2.0.0-rc.2"}, {"fixed": "2.0.0-rc.10"}}, "2.0.0-rc.10"},
		{[]ev{{"introduced": "0"}, {"fixed": "2.0.0-rc.1"}, {"fixed": "2.0.0"}}, "2.0.0"},
		{[]ev{{"introduced": "0"}, {"fixed": "1.0.0-alpha"}, {"fixed": "1.0.0-1"}}, "1.0.0-alpha"},
		{[]ev{{"introduced": "0"}, {"fixed": "1.0.0-alpha.1"}, {"fixed": "1.0.0-alpha"}}, "1.0.0-alpha.1"},
		{[]ev{{"introduced": "0"}, {"fixed": "0.0.0-20220101000000-abc"}, {"fixed": "0.0.0-20211231000000-def"}}, "0.0.0-20220101000000-abc"},
	} {
		b, _ := json.Marshal([]map[string]any{{"type": "SEMVER", "events": tc.events}})
		var ranges []osvRange
		if err := json.Unmarshal(b, &ranges); err != nil {
			t.Fatal(err)
		}
		got, err := latestFixed(ranges)
		if err != nil || got != tc.want {
			t.Errorf("%v: got %q, %v; want %q", tc.events, got, err, tc.want)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
