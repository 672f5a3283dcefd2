package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"jiaoliu/internal/plan"
)

// runPlanSolve is `jiaoliu plan solve --in INSTANCE.json --out PLAN.json`
// (PLANNER.md): it reads an instance ("-" is stdin), solves it to proven
// optimality and writes the plan ("-" is stdout). Exit 0 for an optimal or
// feasible plan, 3 for an infeasible instance (the plan with its
// explanation is still written), 2 for a malformed instance or command
// line, with a message naming the field and the element.
func runPlanSolve(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("plan solve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "-", "实例文件，- 为标准输入 / instance file, - for stdin")
	out := fs.String("out", "-", "方案文件，- 为标准输出 / plan file, - for stdout")
	edits := fs.String("edits", "", "固定与禁止的调动（网站下载的 edits.json）/ pinned and forbidden moves (edits.json)")
	if err := fs.Parse(args); err != nil {
		return usageError("用法 / usage: jiaoliu plan solve --in INSTANCE.json --out PLAN.json [--edits EDITS.json]")
	}
	if fs.NArg() > 0 {
		return usageError("多余的参数 %q / unexpected argument", fs.Arg(0))
	}

	r := stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return usageError("无法打开实例文件 / cannot open the instance: %v", err)
		}
		defer f.Close()
		r = f
	}
	inst, err := plan.ReadInstance(r)
	if err != nil {
		var ie *plan.InstanceError
		if errors.As(err, &ie) {
			fmt.Fprintln(stderr, "方案实例文件有误：")
			for _, p := range ie.Problems {
				fmt.Fprintf(stderr, "  %s：%s\n", p.Path, p.Zh)
			}
			return &exitError{code: 2, err: ie}
		}
		return err
	}

	opts, err := readEdits(*edits)
	if err != nil {
		return err
	}
	p, err := plan.Solve(ctx, inst, opts)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := plan.WritePlan(&buf, p); err != nil {
		return err
	}
	if err := writeOutput(*out, buf.Bytes(), stdout); err != nil {
		return err
	}

	switch p.Status {
	case plan.StatusInfeasible:
		fmt.Fprintf(stderr, "无可行方案 / infeasible:\n%s\n", p.Explanation)
		return &exitError{code: 3}
	case plan.StatusOptimal:
		fmt.Fprintf(stderr, "最优方案：交流 %d 人，目标值 %.6g（已证明最优）/ optimal: %d moves, objective %.6g (proven)\n",
			len(p.Moves), p.Objective, len(p.Moves), p.Objective)
	default:
		fmt.Fprintf(stderr, "可行方案：交流 %d 人，目标值 %.6g，上界 %.6g / feasible: %d moves, objective %.6g, bound %.6g\n",
			len(p.Moves), p.Objective, p.Bound, len(p.Moves), p.Objective, p.Bound)
	}
	return nil
}

// writeOutput writes data to path ("-" for stdout), through a temporary
// file renamed into place so that a reader never sees half a plan.
func writeOutput(path string, data []byte, stdout io.Writer) error {
	if path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".plan-*.json")
	if err != nil {
		return usageError("无法写入方案文件 / cannot write the plan: %v", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
