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
  jiaoliu rotation return --annex 1|2 --out FILE.xlsx [--year YYYY] [--county NAME] [--db DSN]`

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
// of one county, or of every county.
func runRotationReturn(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("rotation return", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	year := fs.Int("year", 0, "学年，如2026（默认当前学年）/ school year, e.g. 2026 (default the current one)")
	county := fs.String("county", "", "区县（默认全部）/ county (default every county)")
	annex := fs.Int("annex", 0, "附件1或2 / annex 1 or 2")
	out := fs.String("out", "", "输出文件 .xlsx / output file")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if (*annex != 1 && *annex != 2) || *out == "" {
		return usageError("%s", rotationUsage)
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	f := rotation.ReturnFilter{Year: *year}
	if *county != "" {
		c, err := s.db.FindCountyByName(ctx, *county)
		if err != nil {
			return err
		}
		f.CountyID = c.ID
	}
	rt, err := s.rotation.FindReturn(shellContext(ctx, env), f)
	if err != nil {
		return err
	}
	var b []byte
	if *annex == 1 {
		b, err = rt.Annex1()
	} else {
		b, err = rt.Annex2()
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, b, 0o640); err != nil {
		return app.Wrap("rotation return", err)
	}
	fmt.Fprintf(env.stdout, "已写入附件%d：%s（%s，%d个区县，已交流%d人）/ wrote annex %d\n", *annex, *out, rotation.YearLabel(rt.SchoolYear),
		len(rt.Counties), rt.Total.Rotated, *annex)
	return nil
}
