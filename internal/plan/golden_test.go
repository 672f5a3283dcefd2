package plan_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiaoliu/internal/plan"
)

var update = flag.Bool("update", false, "rewrite the golden plans in testdata")

// TestGolden solves every testdata/*.instance.json and compares the plan
// file byte for byte with the matching *.plan.json (go test -update
// rewrites them). The plans are also re-read and checked.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.instance.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden instances")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".instance.json")
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			in, err := plan.ReadInstance(f)
			if err != nil {
				t.Fatal(err)
			}
			p := solve(t, in, plan.Options{})
			var got bytes.Buffer
			if err := plan.WritePlan(&got, p); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".plan.json")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("plan differs from %s:\n%s", golden, got.String())
			}
			back, err := plan.ReadPlan(bytes.NewReader(want))
			if err != nil {
				t.Fatal(err)
			}
			if vs := plan.Check(in, back); len(vs) > 0 {
				t.Errorf("golden plan fails Check:\n%s", describe(vs))
			}
		})
	}
}
