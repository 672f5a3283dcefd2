package main

// "vulncheck index -osv DIR -out DIR" turns a directory of OSV reports, such
// as data/osv of the module golang.org/x/vulndb, into a vulnerability database
// in the layout govulncheck reads with -db file://DIR
// (https://go.dev/security/vuln/database#api):
//
//	index/db.json       {"modified": newest "modified" of any report}
//	index/modules.json  [{"path", "vulns": [{"id", "modified", "fixed"}]}], by path, vulns by id
//	index/vulns.json    [{"id", "modified", "aliases"}], by id
//	ID/GO-YYYY-NNNN.json each report, as it is
//
// It does what golang.org/x/vulndb's cmd/indexdb does (its internal/database:
// RawLoad, Add, Write) without the gzipped copies, which only an HTTP server
// needs, so CI need not compile that module. govulncheck v1.9.0
// (internal/client) reads db.json for the database's date in its config
// message, modules.json to choose the reports of each module it scans, and
// ID/; a report is skipped without being read when the version scanned is at
// or above its "fixed", so "fixed" is computed as indexdb does (latestFixed).

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

func runIndex(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("vulncheck index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	osvDir := fs.String("osv", "", "directory of OSV reports, GO-YYYY-NNNN.json")
	outDir := fs.String("out", "", "directory to write the database to")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *osvDir == "" || *outDir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: vulncheck index -osv DIR -out DIR")
		return 2
	}
	n, err := buildIndex(*osvDir, *outDir)
	if err != nil {
		fmt.Fprintln(stderr, "vulncheck index:", err)
		return 1
	}
	fmt.Fprintf(stderr, "vulncheck index: %d OSV reports from %s indexed into %s\n", n, *osvDir, *outDir)
	return 0
}

// osvEntry is the part of an OSV report that the indexes need.
type osvEntry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
		Ranges []osvRange `json:"ranges"`
	} `json:"affected"`
}

type osvRange struct {
	Type   string `json:"type"`
	Events []struct {
		Introduced string `json:"introduced"`
		Fixed      string `json:"fixed"`
	} `json:"events"`
}

type dbMeta struct {
	Modified string `json:"modified"`
}

type moduleMeta struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

type moduleVuln struct {
	ID       string `json:"id"`
	Modified string `json:"modified"`
	Fixed    string `json:"fixed,omitempty"`
}

type vulnMeta struct {
	ID       string   `json:"id"`
	Modified string   `json:"modified"`
	Aliases  []string `json:"aliases,omitempty"`
}

// stamp writes a time as the database does: RFC 3339 in UTC, to the second.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// buildIndex writes the database of the OSV reports (*.json) in osvDir to
// outDir and returns how many reports it holds.
func buildIndex(osvDir, outDir string) (int, error) {
	files, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("no OSV reports (*.json) in %s", osvDir)
	}
	for _, dir := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(outDir, dir), 0o755); err != nil {
			return 0, err
		}
	}
	var newest time.Time
	modules := map[string]*moduleMeta{}
	vulns := []vulnMeta{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return 0, err
		}
		var e osvEntry
		if err := json.Unmarshal(b, &e); err != nil {
			return 0, fmt.Errorf("%s: %w", file, err)
		}
		// govulncheck finds a report at ID/<id>.json, and file names are
		// unique, so this also rules out two reports with one id.
		if e.ID == "" || filepath.Base(file) != e.ID+".json" {
			return 0, fmt.Errorf("%s: the file of report %q must be named %s.json", file, e.ID, e.ID)
		}
		if e.Modified.After(newest) {
			newest = e.Modified
		}
		vulns = append(vulns, vulnMeta{ID: e.ID, Modified: stamp(e.Modified), Aliases: e.Aliases})
		for _, a := range e.Affected {
			fixed, err := latestFixed(a.Ranges)
			if err != nil {
				return 0, fmt.Errorf("%s, module %s: %w", e.ID, a.Package.Name, err)
			}
			m := modules[a.Package.Name]
			if m == nil {
				m = &moduleMeta{Path: a.Package.Name, Vulns: []moduleVuln{}}
				modules[a.Package.Name] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: stamp(e.Modified), Fixed: fixed})
		}
		if err := os.WriteFile(filepath.Join(outDir, "ID", e.ID+".json"), b, 0o644); err != nil {
			return 0, err
		}
	}
	byPath := make([]*moduleMeta, 0, len(modules))
	for _, m := range modules {
		sort.SliceStable(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		byPath = append(byPath, m)
	}
	sort.Slice(byPath, func(i, j int) bool { return byPath[i].Path < byPath[j].Path })
	sort.SliceStable(vulns, func(i, j int) bool { return vulns[i].ID < vulns[j].ID })
	for name, v := range map[string]any{"db.json": dbMeta{stamp(newest)}, "modules.json": byPath, "vulns.json": vulns} {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(outDir, "index", name), b, 0o644); err != nil {
			return 0, err
		}
	}
	return len(vulns), nil
}

// latestFixed is the version from which on no version is affected, "" if
// there is none: the highest "fixed" of the SEMVER ranges, unless a range
// introduces the vulnerability again after it (vulndb's
// osvutils.LatestFixed; govulncheck's semver.NonSupersededFix reads alike).
// Versions are semantic versions without the "v"; introduced "0" means
// from the start.
func latestFixed(ranges []osvRange) (string, error) {
	latest := ""
	for _, r := range ranges {
		if r.Type != "SEMVER" {
			continue
		}
		for _, e := range r.Events {
			if e.Fixed == "" {
				continue
			}
			c, err := compareSemver(latest, e.Fixed)
			if err != nil {
				return "", err
			}
			if c < 0 {
				latest = e.Fixed
			}
		}
		for _, e := range r.Events {
			if e.Introduced == "" || e.Introduced == "0" {
				continue
			}
			c, err := compareSemver(latest, e.Introduced)
			if err != nil {
				return "", err
			}
			if c < 0 {
				latest = ""
				break
			}
		}
	}
	return latest, nil
}

// compareSemver compares two semantic versions without the "v" by SemVer
// 2.0.0 precedence (build metadata ignored); "" is lower than any version.
// A version that is not MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] is an error
// rather than some guessed order, so the index never differs unseen from
// indexdb's.
func compareSemver(a, b string) (int, error) {
	var p [2]semver
	for i, v := range []string{a, b} {
		if v == "" {
			continue
		}
		var err error
		if p[i], err = parseSemver(v); err != nil {
			return 0, err
		}
	}
	if a == "" || b == "" {
		return boolCmp(a != "", b != ""), nil
	}
	pa, pb := p[0], p[1]
	for i := 0; i < 3; i++ {
		if c := cmpNumber(pa.core[i], pb.core[i]); c != 0 {
			return c, nil
		}
	}
	// A version without a prerelease ranks above its prereleases.
	if len(pa.pre) == 0 || len(pb.pre) == 0 {
		return boolCmp(len(pa.pre) == 0, len(pb.pre) == 0), nil
	}
	for i := 0; i < len(pa.pre) && i < len(pb.pre); i++ {
		x, y := pa.pre[i], pb.pre[i]
		nx, ny := isNumber(x), isNumber(y)
		var c int
		switch {
		case nx && ny:
			c = cmpNumber(x, y)
		case nx != ny: // numeric identifiers rank below alphanumeric ones
			c = boolCmp(ny, nx)
		default:
			c = strings.Compare(x, y)
		}
		if c != 0 {
			return c, nil
		}
	}
	return boolCmp(len(pa.pre) > len(pb.pre), len(pb.pre) > len(pa.pre)), nil
}

type semver struct {
	core [3]string
	pre  []string
}

func parseSemver(v string) (semver, error) {
	bad := fmt.Errorf("version %q is not a semantic version", v)
	var s semver
	rest, _, _ := strings.Cut(v, "+")
	rest, pre, hasPre := strings.Cut(rest, "-")
	core := strings.Split(rest, ".")
	if len(core) != 3 {
		return s, bad
	}
	for i, n := range core {
		if !isNumber(n) {
			return s, bad
		}
		s.core[i] = n
	}
	if hasPre {
		s.pre = strings.Split(pre, ".")
		for _, id := range s.pre {
			if id == "" || strings.Trim(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "" {
				return s, bad
			}
			if strings.Trim(id, "0123456789") == "" && !isNumber(id) {
				return s, bad // a numeric identifier with a leading zero
			}
		}
	}
	return s, nil
}

// isNumber tells a numeric identifier: digits, no leading zero.
func isNumber(s string) bool {
	if s == "" || (len(s) > 1 && s[0] == '0') {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// cmpNumber compares numbers written without leading zeros, of any length.
func cmpNumber(x, y string) int {
	if len(x) != len(y) {
		return boolCmp(len(x) > len(y), len(y) > len(x))
	}
	return strings.Compare(x, y)
}

// boolCmp is 1 when only x holds, -1 when only y does, else 0.
func boolCmp(x, y bool) int {
	switch {
	case x && !y:
		return 1
	case y && !x:
		return -1
	}
	return 0
}
