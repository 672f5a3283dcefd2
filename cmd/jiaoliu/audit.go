package main

import (
	"context"
	"flag"
	"fmt"
)

func runAudit(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError("用法 / usage: jiaoliu audit verify [--db DSN]")
	}
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	db := addDBFlags(fs, env)
	if err := parse(fs, args[1:], env); err != nil {
		return err
	}
	s, err := db.open(ctx, env)
	if err != nil {
		return err
	}
	defer s.close()
	r, err := s.audit.Verify(ctx)
	if err != nil {
		return err
	}
	if r.Break != nil {
		fmt.Fprintf(env.stdout, "审计日志被破坏：第%d条。%s\nAudit chain broken at entry %d.\n", r.Break.Seq, r.Break.Reason, r.Break.Seq)
		return &exitError{code: 1}
	}
	fmt.Fprintf(env.stdout, "审计日志完整：共%d条，最新第%d条，哈希 %s\nAudit chain intact: %d entries; head %d %s\n",
		r.Rows, r.HeadSeq, r.HeadHash, r.Rows, r.HeadSeq, r.HeadHash)
	return nil
}
