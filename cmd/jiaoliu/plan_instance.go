package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"jiaoliu/internal/plan"
	"jiaoliu/internal/planning"
)

const planUsage = `用法 / usage:
  jiaoliu plan solve --in INSTANCE.json --out PLAN.json [--edits EDITS.json]
  jiaoliu plan instance --county NAME [--year YYYY] [--mode teacher|principal] [--settings FILE.json] --out FILE.json [--db DSN]`

// runPlan dispatches the planner's subcommands.
func runPlan(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		return usageError("%s", planUsage)
	}
	switch args[0] {
	case "solve":
		return runPlanSolve(ctx, args[1:], env.stdin, env.stdout, env.stderr)
	case "instance":
		return runPlanInstance(ctx, env, args[1:])
	}
	return usageError("%s", planUsage)
}

// runPlanInstance writes the instance of a county and school year built
// from the database (PLANNER.md), with the default settings of the mode or
// those of a settings file (the "settings" of a plan in the JSON API), the
// way the web application builds a plan's instance.
func runPlanInstance(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("plan instance", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	county := fs.String("county", "", "区县名称 / county name")
	year := fs.Int("year", 0, "学年，如2027（默认下一学年）/ school year, e.g. 2027 (default the next one)")
	mode := fs.String("mode", string(planning.ModeTeacher), "teacher（教师交流）或 principal（校长轮岗）/ teacher or principal")
	settingsFile := fs.String("settings", "", "方案设置 JSON 文件（默认为默认设置）/ settings JSON file (default: the defaults)")
	out := fs.String("out", "", "输出文件，- 为标准输出 / output file, - for stdout")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if *county == "" || *out == "" {
		return usageError("%s", planUsage)
	}
	if !planning.Modes.Has(*mode) {
		return usageError("--mode 应为 teacher 或 principal / --mode must be teacher or principal")
	}
	settings := planning.DefaultSettings(planning.Mode(*mode))
	if *settingsFile != "" {
		b, err := os.ReadFile(*settingsFile)
		if err != nil {
			return usageError("无法读取设置文件 / cannot read the settings: %v", err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&settings); err != nil {
			return usageError("设置文件格式有误 / malformed settings: %v", err)
		}
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	c, err := s.db.FindCountyByName(ctx, *county)
	if err != nil {
		return err
	}
	if *year == 0 {
		*year = s.planning.NextYear()
	}
	in, facts, err := s.planning.BuildInstance(shellContext(ctx, env), c.ID, *year, planning.Mode(*mode), settings)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := plan.WriteInstance(&buf, in); err != nil {
		return err
	}
	if err := writeOutput(*out, buf.Bytes(), env.stdout); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "%s %d—%d学年%s：%d所学校，%d名教师，候选%d人，交流%d人，骨干至少%d人 / %d schools, %d teachers, %d candidates, target %d\n",
		c.Name, *year, *year+1, planning.Modes.Label(*mode, "zh"), len(in.Schools), len(in.Teachers), facts.Candidates, in.Policy.Target,
		in.Policy.MinBackbone, len(in.Schools), len(in.Teachers), facts.Candidates, in.Policy.Target)
	for _, w := range facts.Warnings {
		fmt.Fprintln(env.stderr, "注意 / note:", w)
	}
	return nil
}

// Edits are the pins and forbids a plan was solved with, as the web
// application's edits.json holds them.
type Edits struct {
	Pins    []plan.Pin    `json:"pins"`
	Forbids []plan.Forbid `json:"forbids"`
}

// readEdits reads an edits file into solver options; "" is none.
func readEdits(path string) (plan.Options, error) {
	if path == "" {
		return plan.Options{}, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return plan.Options{}, usageError("无法读取 --edits 文件 / cannot read the edits: %v", err)
	}
	var e Edits
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return plan.Options{}, usageError("--edits 文件格式有误 / malformed edits: %v", err)
	}
	return plan.Options{Pins: e.Pins, Forbids: e.Forbids}, nil
}
