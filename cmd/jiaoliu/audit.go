package main

import (
	"context"
	"flag"
	"fmt"

	"jiaoliu/internal/app"
)

func runAudit(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "restored") {
		return usageError("用法 / usage: jiaoliu audit verify|restored [--db DSN] [--audit-anchor PATH]")
	}
	fs := flag.NewFlagSet("audit "+args[0], flag.ContinueOnError)
	db := addDBFlags(fs, env)
	if err := parse(fs, args[1:], env); err != nil {
		return err
	}
	if args[0] == "restored" {
		// After pg_restore: the anchor file learns the restored head.
		if err := anchorRestored(ctx, db, env); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "已在锚定文件 %s 中记下恢复后的审计日志位置 / the restored head is anchored\n", db.anchorPath())
		return nil
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
		where := fmt.Sprintf("第%d条", r.Break.Seq)
		if r.Break.Seq == 0 {
			where = "锚定文件"
		}
		fmt.Fprintf(env.stdout, "审计日志被破坏：%s。%s\nAudit chain broken at entry %d.\n", where, r.Break.Reason, r.Break.Seq)
		return &exitError{code: 1}
	}
	fmt.Fprintf(env.stdout, "审计日志完整：共%d条，最新第%d条，哈希 %s\nAudit chain intact: %d entries; head %d %s\n",
		r.Rows, r.HeadSeq, r.HeadHash, r.Rows, r.HeadSeq, r.HeadHash)
	switch {
	case r.KeyedFrom > 1:
		fmt.Fprintf(env.stdout, "第%d条起以密钥签名；第1至%d条写于启用密钥之前，只有哈希链。\nKeyed from entry %d; entries 1–%d predate keying and are hash-chained only.\n",
			r.KeyedFrom, r.KeyedFrom-1, r.KeyedFrom, r.KeyedFrom-1)
	case r.KeyedFrom == 1:
		fmt.Fprintf(env.stdout, "全部记录以密钥签名。\nEvery entry is keyed.\n")
	}
	if !r.RestoredAt.IsZero() {
		at := r.RestoredAt.In(app.Shanghai)
		fmt.Fprintf(env.stdout, "数据库于%s从备份恢复；此前锚定的记录属于被替换的数据库，不再核对。\nRestored from a backup at %s; heads anchored before it are not checked.\n",
			app.DateOf(r.RestoredAt).Chinese()+at.Format(" 15:04"), at.Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(env.stdout, "锚定文件 %s 记到第%d条，与日志相符。\nAnchor file %s: anchored up to entry %d, matching.\n",
		r.AnchorPath, r.Anchored, r.AnchorPath, r.Anchored)
	return nil
}
