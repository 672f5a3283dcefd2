package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const planFeasible = `{
  "version": 1,
  "policy": {"target": 1, "min_backbone": 0},
  "weights": {"distance": 1, "preference": 2},
  "schools": [
    {"id": "S1", "rural": false, "weak": false, "x_km": 0, "y_km": 0},
    {"id": "S2", "rural": true, "weak": false, "x_km": 3, "y_km": 4}
  ],
  "staffing": [
    {"school": "S1", "subject": "数学", "min": 1, "max": 2},
    {"school": "S2", "subject": "数学", "min": 0, "max": 1}
  ],
  "teachers": [
    {"id": "T1", "school": "S1", "subject": "数学", "backbone": false, "candidate": true, "priority": 10, "prefs": ["S2"]},
    {"id": "T2", "school": "S1", "subject": "数学", "backbone": false, "candidate": true, "priority": 7}
  ]
}`

func TestPlanSolve(t *testing.T) {
	dir := t.TempDir()
	inPath := filepath.Join(dir, "in.json")
	outPath := filepath.Join(dir, "plan.json")
	infeasible := strings.Replace(planFeasible, `"min_backbone": 0`, `"min_backbone": 1`, 1)
	malformed := strings.Replace(planFeasible, `"school": "S1", "subject": "数学", "backbone": false, "candidate": true, "priority": 7`,
		`"school": "S9", "subject": "数学", "backbone": false, "candidate": true, "priority": 7`, 1)
	tests := []struct {
		name     string
		instance string
		stdin    bool
		code     int
		status   string
		stderr   string
	}{
		{"optimal from a file", planFeasible, false, 0, "optimal", "最优方案"},
		{"optimal from stdin", planFeasible, true, 0, "optimal", "optimal"},
		{"infeasible still writes the plan", infeasible, false, 3, "infeasible", "骨干"},
		{"malformed names field and element", malformed, false, 2, "", `teachers[1].school：未知学校 "S9"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(outPath)
			var stdout, stderr bytes.Buffer
			args := []string{"--in", inPath, "--out", outPath}
			stdin := strings.NewReader("")
			if tc.stdin {
				args = []string{"--in", "-", "--out", "-"}
				stdin = strings.NewReader(tc.instance)
			} else if err := os.WriteFile(inPath, []byte(tc.instance), 0o644); err != nil {
				t.Fatal(err)
			}
			err := runPlanSolve(context.Background(), args, stdin, &stdout, &stderr)
			if got := exitCode(err); got != tc.code {
				t.Fatalf("exit %d, want %d (err %v, stderr %s)", got, tc.code, err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.stderr)
			}
			if tc.code == 2 {
				if err == nil || !strings.Contains(err.Error(), `teachers[1].school: unknown school "S9"`) {
					t.Errorf("error %v does not name the field and element", err)
				}
				if _, statErr := os.Stat(outPath); statErr == nil {
					t.Error("a plan was written for a malformed instance")
				}
				return
			}
			data := stdout.Bytes()
			if !tc.stdin {
				if data, err = os.ReadFile(outPath); err != nil {
					t.Fatal(err)
				}
			}
			var p struct {
				Status      string            `json:"status"`
				Moves       []json.RawMessage `json:"moves"`
				Explanation string            `json:"explanation"`
			}
			if err := json.Unmarshal(data, &p); err != nil {
				t.Fatalf("plan is not JSON: %v\n%s", err, data)
			}
			if p.Status != tc.status {
				t.Errorf("status %q, want %q", p.Status, tc.status)
			}
			if tc.status == "optimal" && len(p.Moves) != 1 {
				t.Errorf("%d moves, want 1", len(p.Moves))
			}
			if tc.status == "infeasible" && (p.Explanation == "" || len(p.Moves) != 0) {
				t.Errorf("infeasible plan %s", data)
			}
		})
	}
}

func TestPlanSolveUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{{"--bogus"}, {"extra"}, {"--in", "/nonexistent/x.json"}} {
		err := runPlanSolve(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		if exitCode(err) != 2 {
			t.Errorf("%v: exit %d, want 2", args, exitCode(err))
		}
	}
}
