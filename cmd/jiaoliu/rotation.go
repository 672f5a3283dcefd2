package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

const rotationUsage = `用法 / usage:
  jiaoliu rotation eligible [--as-of YYYY-MM-DD] [--county NAME] [--format json|csv] [--all] [--db DSN]
  jiaoliu rotation return [--annex 1|2 --out FILE.xlsx] [--year YYYY] [--county NAME] [--version N] [--current] [--db DSN]`

// runRotation dispatches the rotation subcommands.
func runRotation(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		return usageError("%s", rotationUsage)
	}
	switch args[0] {
	case "eligible":
		return runRotationEligible(ctx, env, args[1:])
	case "return":
		return runRotationReturn(ctx, env, args[1:])
	}
	return usageError("%s", rotationUsage)
}

// runRotationEligible prints who must rotate on a date (by default 1
// September of the current school year), each with the rule and the figures
// behind it; with --all everyone, with why they need not.
func runRotationEligible(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("rotation eligible", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	asOf := fs.String("as-of", "", "基准日 YYYY-MM-DD（默认本学年9月1日）/ reference date (default 1 September of the school year)")
	county := fs.String("county", "", "只列出该区县 / only this county")
	format := fs.String("format", "json", "json 或 csv / json or csv")
	all := fs.Bool("all", false, "列出全体及无需交流的原因 / everyone, with why not")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if *format != "json" && *format != "csv" {
		return usageError("--format 应为 json 或 csv / --format must be json or csv")
	}
	f := rotation.EligibleFilter{All: *all}
	if *asOf != "" {
		d, err := app.ParseISODate(*asOf)
		if err != nil {
			return usageError("--as-of 应为日期 YYYY-MM-DD：%s / --as-of must be a date", *asOf)
		}
		f.AsOf = d
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	if *county != "" {
		c, err := s.db.FindCountyByName(ctx, *county)
		if err != nil {
			return err
		}
		f.CountyID = c.ID
	}
	rows, _, err := s.rotation.FindEligible(shellContext(ctx, env), f)
	if err != nil {
		return err
	}
	if *format == "csv" {
		return rotation.WriteEligibleCSV(env.stdout, rows)
	}
	enc := json.NewEncoder(env.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// runRotationReturn writes an annex of the annual return (附件1 or 附件2)
// of one county, or of every county, or without --annex prints the return
// as JSON. A submitted year gives what was submitted (the annexes as
// stored, the figures with the current ones beside them when they differ);
// --current gives the figures counted now, --version an earlier submission.
func runRotationReturn(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("rotation return", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	year := fs.Int("year", 0, "学年，如2026（默认当前学年）/ school year, e.g. 2026 (default the current one)")
	county := fs.String("county", "", "区县（默认全部）/ county (default every county)")
	annex := fs.Int("annex", 0, "附件1或2（不给则输出JSON）/ annex 1 or 2 (none: print JSON)")
	out := fs.String("out", "", "输出文件 .xlsx / output file")
	version := fs.Int("version", 0, "已报送的第几版（默认最新；须指定区县）/ submitted version (default the latest; needs --county)")
	current := fs.Bool("current", false, "按当前登记记录计算，而非已报送的数据 / the figures counted now, not those submitted")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if (*annex != 0 || *out != "") && ((*annex != 1 && *annex != 2) || *out == "") {
		return usageError("%s", rotationUsage)
	}
	if *version < 0 || (*version != 0 && (*county == "" || *current)) {
		return usageError("--version 须与 --county 一起使用，且不能与 --current 同用 / --version needs --county and excludes --current")
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	f := rotation.ReturnFilter{Year: *year, Version: *version, Current: *current}
	if *county != "" {
		c, err := s.db.FindCountyByName(ctx, *county)
		if err != nil {
			return err
		}
		f.CountyID = c.ID
	}
	if *annex == 0 {
		rt, err := s.rotation.FindReturn(shellContext(ctx, env), f)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rt)
	}
	b, rt, err := s.rotation.ReturnAnnex(shellContext(ctx, env), f, *annex)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o640); err != nil {
		return app.Wrap("rotation return", err)
	}
	state := "当前数据 / current figures"
	if len(rt.Counties) == 1 && rt.Counties[0].Snapshot {
		state = fmt.Sprintf("已报送第%d版 / submitted version %d", rt.Counties[0].Submission.Version, rt.Counties[0].Submission.Version)
	}
	fmt.Fprintf(env.stdout, "已写入附件%d：%s（%s，%d个区县，已交流%d人，%s）/ wrote annex %d\n", *annex, *out, rotation.YearLabel(rt.SchoolYear),
		len(rt.Counties), rt.Total.Rotated, state, *annex)
	return nil
}
