package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The samples are govulncheck v1.9.0 -format json output, trimmed (OSV entries
// cut to id and summary, a few findings per vulnerability):
//   - stdlib.json: this project's scan on go1.26.8, two standard-library
//     vulnerabilities, each at module, package and symbol level;
//   - thirdparty.json: a scratch module requiring golang.org/x/text v0.3.5
//     whose main calls language.Parse (GO-2021-0113, called), besides
//     vulnerabilities of x/text and the standard library it does not call;
//   - thirdparty-uncalled.json: the same without its symbol-level findings.
func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		code  int
		want  []string
		never []string
	}{
		{
			name:  "standard library only: printed, passes",
			files: []string{"stdlib.json"},
			code:  0,
			want: []string{
				"standard library: GO-2026-6599 html/template@go1.26.8, fixed in go1.26.9: Reset context tracking",
				"internal/web/server.go:145:89 web.Server.ServeHTTP -> template.Template.ExecuteTemplate",
				"standard library: GO-2026-6809 crypto/x509@go1.26.8, fixed in go1.26.10",
				"standard library: 2 called vulnerabilities, fixed by a newer Go toolchain (go1.26.10 has every fix released) than this machine's go1.26.8",
				"third-party modules: 0 called vulnerabilities",
			},
			never: []string{"THIRD-PARTY"},
		},
		{
			name:  "a called third-party vulnerability fails",
			files: []string{"thirdparty.json"},
			code:  1,
			want: []string{
				"THIRD-PARTY: GO-2021-0113 golang.org/x/text@v0.3.5, fixed in v0.3.7: Out-of-bounds read in golang.org/x/text/language; main.go:10:26 scratch.main -> language.Parse",
				"third-party modules: 1 called vulnerabilities (CI fails on any); not counted: 3 whose",
				"vulncheck: FAIL",
			},
			never: []string{"GO-2022-1059 golang.org"},
		},
		{
			name:  "third-party and standard library together fail",
			files: []string{"stdlib.json", "thirdparty.json"},
			code:  1,
			want:  []string{"standard library: 2 called", "THIRD-PARTY: GO-2021-0113", "vulncheck: FAIL"},
		},
		{
			name:  "third-party vulnerabilities not called pass",
			files: []string{"thirdparty-uncalled.json"},
			code:  0,
			want:  []string{"third-party modules: 0 called vulnerabilities (CI fails on any); not counted: 4 whose"},
			never: []string{"THIRD-PARTY", "FAIL"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in bytes.Buffer
			for _, f := range tc.files {
				b, err := os.ReadFile("testdata/" + f)
				if err != nil {
					t.Fatal(err)
				}
				in.Write(b)
			}
			var out bytes.Buffer
			code := run(&in, &out, &out)
			got := out.String()
			if code != tc.code {
				t.Errorf("exit code %d, want %d\n%s", code, tc.code, got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tc.never {
				if strings.Contains(got, n) {
					t.Errorf("output has %q:\n%s", n, got)
				}
			}
		})
	}
}

// An input that is not a complete symbol-level scan (govulncheck failed and
// printed nothing, or scanned only modules) must fail, never pass as clean.
func TestRejectsIncompleteInput(t *testing.T) {
	for name, in := range map[string]string{
		"empty":        "",
		"no config":    `{"finding": {"osv": "GO-2021-0113", "trace": [{"module": "golang.org/x/text"}]}}`,
		"module level": `{"config": {"protocol_version": "v1.0.0", "scan_level": "module"}}`,
		"truncated":    `{"config": {"protocol_version": "v1.0.0", "scan_level": "symbol"}} {"finding": {"osv":`,
	} {
		var out bytes.Buffer
		if code := run(strings.NewReader(in), &out, &out); code != 2 {
			t.Errorf("%s: exit code %d, want 2\n%s", name, code, out.String())
		}
	}
}
