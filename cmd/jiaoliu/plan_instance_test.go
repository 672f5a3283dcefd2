package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jiaoliu/internal/plan"
)

// TestPlanInstanceCommand: the demo county's instance, built from the
// database, solves to a proven optimum with `plan solve`; with an edits file
// the pinned move holds; bad command lines exit 2 and write nothing.
func TestPlanInstanceCommand(t *testing.T) {
	_, getenv := demoServer(t)
	dir := t.TempDir()
	inst := filepath.Join(dir, "instance.json")
	_, errOut, err := runCmd(t, getenv, "", "plan", "instance", "--county", "澜城区", "--year", "2027", "--out", inst)
	if err != nil {
		t.Fatalf("plan instance: %v %s", err, errOut)
	}
	if !strings.Contains(errOut, "澜城区 2027—2028学年教师交流方案：37所学校") {
		t.Errorf("plan instance says %q", errOut)
	}
	b, err := os.ReadFile(inst)
	if err != nil {
		t.Fatal(err)
	}
	in, err := plan.ReadInstance(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "plan.json")
	if _, errOut, err := runCmd(t, getenv, "", "plan", "solve", "--in", inst, "--out", out); err != nil || !strings.Contains(errOut, "已证明最优") {
		t.Fatalf("plan solve: %v %s", err, errOut)
	}
	// The same instance in this process gives the same file.
	p, err := plan.Solve(context.Background(), in, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	plan.WritePlan(&want, p)
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatal("plan solve and plan.Solve differ")
	}
	// Pin a candidate who does not move to a school they may reach.
	moved := map[string]bool{}
	for _, m := range p.Moves {
		moved[m.Teacher] = true
	}
	var pin plan.Pin
	for _, tch := range in.Teachers {
		if tch.Candidate && !moved[tch.ID] && !tch.Backbone && len(tch.Prefs) > 0 {
			pin = plan.Pin{Teacher: tch.ID, School: tch.Prefs[0]}
			break
		}
	}
	edits := filepath.Join(dir, "edits.json")
	os.WriteFile(edits, []byte(`{"pins":[{"teacher":"`+pin.Teacher+`","school":"`+pin.School+`"}],"forbids":[]}`), 0o644)
	out2 := filepath.Join(dir, "plan2.json")
	if _, errOut, err := runCmd(t, getenv, "", "plan", "solve", "--in", inst, "--edits", edits, "--out", out2); err != nil {
		t.Fatalf("plan solve --edits: %v %s", err, errOut)
	}
	got2, _ := os.ReadFile(out2)
	p2, err := plan.ReadPlan(bytes.NewReader(got2))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range p2.Moves {
		found = found || (m.Teacher == pin.Teacher && m.To == pin.School)
	}
	if !found || len(p2.Moves) != len(p.Moves) {
		t.Fatalf("the pin %v is not in the re-solved plan (%d moves)", pin, len(p2.Moves))
	}
	// Bad command lines.
	for _, args := range [][]string{
		{"plan", "instance", "--county", "澜城区"},
		{"plan", "instance", "--county", "澜城区", "--mode", "janitor", "--out", filepath.Join(dir, "x.json")},
		{"plan", "solve", "--in", inst, "--edits", filepath.Join(dir, "missing.json"), "--out", filepath.Join(dir, "y.json")},
		{"plan"},
	} {
		if _, _, err := runCmd(t, getenv, "", args...); exitCode(err) != 2 {
			t.Errorf("%v: exit %d, want 2", args, exitCode(err))
		}
	}
	for _, name := range []string{"x.json", "y.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s written by a refused command", name)
		}
	}
	if _, _, err := runCmd(t, getenv, "", "plan", "instance", "--county", "无此县", "--out", filepath.Join(dir, "z.json")); err == nil {
		t.Error("an unknown county gave an instance")
	}
}
