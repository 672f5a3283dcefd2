// Command vulncheck reads govulncheck's JSON stream (govulncheck -format json)
// on standard input and gives CI its verdict: it fails on any vulnerability of
// a third-party module that our code calls, and prints, without failing, those
// of the standard library, which only a newer Go toolchain fixes: the toolchain
// is the machine's (GOTOOLCHAIN=local), not ours to bump in go.mod.
//
// Only "called" vulnerabilities count, as in govulncheck's default text mode
// (its exit code 3): a finding whose trace starts at a function, that is, one
// with a call path from our packages to the vulnerable symbol. Findings at the
// module or package level (a vulnerable module in go.mod, or an imported
// package whose vulnerable function we never reach) would fail CI over code
// our program never runs; the third-party ones are counted on one line, for
// information only.
//
// "vulncheck index" builds the database govulncheck reads (index.go).
//
// It lives under .ci, which ./... skips, so go vet, staticcheck and the test
// suite leave it alone; .ci/run runs it and its test by path.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "index" {
		os.Exit(runIndex(os.Args[2:], os.Stderr))
	}
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: govulncheck -format json ./... | vulncheck\n       vulncheck index -osv DIR -out DIR")
		os.Exit(2)
	}
	os.Exit(run(os.Stdin, os.Stdout, os.Stderr))
}

// run returns the process's exit code: 0 when no third-party module has a
// called vulnerability, 1 when one has, 2 when the input is not a complete
// symbol-level govulncheck stream.
func run(stdin io.Reader, stdout, stderr io.Writer) int {
	rep, err := read(stdin)
	if err != nil {
		fmt.Fprintln(stderr, "vulncheck:", err)
		return 2
	}
	rep.print(stdout)
	if len(rep.thirdParty) > 0 {
		fmt.Fprintln(stderr, "vulncheck: FAIL: our code calls a known vulnerability of a third-party module (THIRD-PARTY above); upgrade the module to its fixed version: go get MODULE@VERSION")
		return 1
	}
	return 0
}

// The subset of govulncheck's protocol (golang.org/x/vuln/internal/govulncheck,
// protocol v1.0.0) that the verdict needs.
type message struct {
	Config  *config  `json:"config"`
	OSV     *entry   `json:"osv"`
	Finding *finding `json:"finding"`
}

type config struct {
	ProtocolVersion string `json:"protocol_version"`
	ScannerVersion  string `json:"scanner_version"`
	DB              string `json:"db"`
	GoVersion       string `json:"go_version"`
	ScanLevel       string `json:"scan_level"`
}

type entry struct {
	ID      string `json:"id"`
	Summary string `json:"summary"`
}

type finding struct {
	OSV          string   `json:"osv"`
	FixedVersion string   `json:"fixed_version"`
	Trace        []*frame `json:"trace"`
}

// frame is one step of a finding's trace; Trace[0] is the vulnerable symbol
// (or only its module or package), the last frame the entry in our code.
type frame struct {
	Module   string    `json:"module"`
	Version  string    `json:"version"`
	Package  string    `json:"package"`
	Function string    `json:"function"`
	Receiver string    `json:"receiver"`
	Position *position `json:"position"`
}

type position struct {
	Filename string `json:"filename"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
}

// vuln is one called vulnerability of one module, with an example trace.
type vuln struct {
	id, module, version, fixed, summary string
	trace                               []*frame
}

type report struct {
	cfg        config
	stdlib     []*vuln
	thirdParty []*vuln
	uncalled   int // third-party vulnerabilities found only at module or package level
}

func read(r io.Reader) (*report, error) {
	var cfg *config
	summaries := map[string]string{}
	called := map[string]*vuln{} // by module and OSV id
	reached := map[string]bool{} // third-party module and OSV id, at any level
	dec := json.NewDecoder(r)
	for {
		var m message
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading govulncheck's JSON: %w", err)
		}
		switch {
		case m.Config != nil:
			cfg = m.Config
		case m.OSV != nil:
			summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0:
			f := m.Finding
			top := f.Trace[0]
			key := top.Module + " " + f.OSV
			if !isStdlib(top.Module) {
				reached[key] = true
			}
			if top.Function == "" {
				continue
			}
			// Like govulncheck's text mode, show one example: the
			// shortest trace, the first such in order of position.
			if v := called[key]; v != nil && !shorter(f.Trace, v.trace) {
				continue
			}
			called[key] = &vuln{id: f.OSV, module: top.Module, version: top.Version, fixed: f.FixedVersion, trace: f.Trace}
		}
	}
	if cfg == nil {
		return nil, errors.New("no config message: the input is not govulncheck -format json output (did govulncheck fail?)")
	}
	if cfg.ScanLevel != "symbol" {
		return nil, fmt.Errorf("scan level %q: only a symbol-level scan tells which vulnerabilities our code calls", cfg.ScanLevel)
	}
	rep := &report{cfg: *cfg}
	for key, v := range called {
		v.summary = summaries[v.id]
		if isStdlib(v.module) {
			rep.stdlib = append(rep.stdlib, v)
		} else {
			rep.thirdParty = append(rep.thirdParty, v)
			delete(reached, key)
		}
	}
	rep.uncalled = len(reached)
	for _, vs := range [][]*vuln{rep.stdlib, rep.thirdParty} {
		sort.Slice(vs, func(i, j int) bool {
			if vs[i].module != vs[j].module {
				return vs[i].module < vs[j].module
			}
			return vs[i].id < vs[j].id
		})
	}
	return rep, nil
}

// shorter tells whether trace a makes a better example than b: fewer calls,
// then the entry in our code earlier by file and line, then by name, so the output is stable
// whatever the order of govulncheck's findings.
func shorter(a, b []*frame) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return order(a) < order(b)
}

func order(trace []*frame) string {
	entry, at := trace[len(trace)-1], ""
	if p := entry.Position; p != nil {
		at = fmt.Sprintf("%s:%09d:%09d", p.Filename, p.Line, p.Column)
	}
	return at + " " + symbol(entry) + " " + symbol(trace[0])
}

// isStdlib tells the pseudo-modules govulncheck uses for the standard library
// and the go command, both of which come with the toolchain.
func isStdlib(module string) bool { return module == "stdlib" || module == "toolchain" }

func (rep *report) print(w io.Writer) {
	c := rep.cfg
	fmt.Fprintf(w, "govulncheck %s, %s, database %s\n", c.ScannerVersion, c.GoVersion, c.DB)
	newest := ""
	for _, v := range rep.stdlib {
		fmt.Fprintf(w, "  standard library: %s\n", v.line())
		if v.fixed != "" && (newest == "" || version.Compare(goVersion(v.fixed), goVersion(newest)) > 0) {
			newest = v.fixed
		}
	}
	fixedBy := ""
	if len(rep.stdlib) > 0 {
		fixedBy = ", fixed by a newer Go toolchain"
		if newest != "" {
			fixedBy += " (" + goVersion(newest) + " has every fix released)"
		}
		fixedBy += " than this machine's " + c.GoVersion + "; printed, not failing CI: the machine fixes the toolchain"
	}
	fmt.Fprintf(w, "standard library: %d called vulnerabilities%s.\n", len(rep.stdlib), fixedBy)
	for _, v := range rep.thirdParty {
		fmt.Fprintf(w, "  THIRD-PARTY: %s\n", v.line())
	}
	fmt.Fprintf(w, "third-party modules: %d called vulnerabilities (CI fails on any); not counted: %d whose vulnerable code our code does not call.\n",
		len(rep.thirdParty), rep.uncalled)
}

// line is one vulnerability and the call that reaches it, e.g.
// "GO-2026-6599 html/template@go1.26.8, fixed in go1.26.9: Reset context ...;
// internal/web/render.go:454:34 web.Server.renderError -> template.Template.ExecuteTemplate".
func (v *vuln) line() string {
	top, entry := v.trace[0], v.trace[len(v.trace)-1]
	mod, ver, fixed := v.module, v.version, v.fixed
	if isStdlib(v.module) {
		mod, ver, fixed = top.Package, goVersion(ver), goVersion(fixed)
	}
	if fixed == "" {
		fixed = "no fixed version yet"
	} else {
		fixed = "fixed in " + fixed
	}
	s := fmt.Sprintf("%s %s@%s, %s: %s", v.id, mod, ver, fixed, v.summary)
	if entry != top {
		at := ""
		if p := entry.Position; p != nil {
			at = fmt.Sprintf("%s:%d:%d ", p.Filename, p.Line, p.Column)
		}
		s += fmt.Sprintf("; %s%s -> %s", at, symbol(entry), symbol(top))
	}
	return s
}

func symbol(f *frame) string {
	pkg := f.Package[strings.LastIndex(f.Package, "/")+1:]
	if f.Receiver != "" {
		return pkg + "." + strings.TrimPrefix(f.Receiver, "*") + "." + f.Function
	}
	return pkg + "." + f.Function
}

// goVersion turns govulncheck's semver for the standard library ("v1.26.9")
// into a Go version ("go1.26.9").
func goVersion(v string) string {
	if v == "" || strings.HasPrefix(v, "go") {
		return v
	}
	return "go" + strings.TrimPrefix(v, "v")
}
