package main

import (
	"context"
	"flag"
	"fmt"
)

func runMigrate(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	fmt.Fprintf(env.stdout, "数据库结构已是最新 / migrations applied: %s\n", s.db)
	return nil
}
