// Command jiaoliu is the whole application: the web server, its database
// migrations, and the shell commands a bureau's administrator needs.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"jiaoliu/internal/app"
)

// gcPercent is the garbage collector's target unless GOGC says otherwise:
// bureaus run jiaoliu on small servers, and a large roster import keeps
// its heap within 256 MiB this way for a few per cent more CPU.
const gcPercent = 50

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ee *exitError
		code := 1
		if errors.As(err, &ee) {
			code = ee.code
			err = ee.err
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "jiaoliu:", message(err))
		}
		os.Exit(code)
	}
}

// message says what went wrong to the operator at the shell: the user's
// message of an application error, with the cause of an internal one, or
// the text of a usage error.
func message(err error) string {
	var ae *app.Error
	if !errors.As(err, &ae) {
		return err.Error()
	}
	if ae.Code == app.Internal {
		return app.ErrorMessage(err, "zh") + "（" + err.Error() + "）"
	}
	return app.ErrorMessage(err, "zh")
}

const usage = `jiaoliu — 教师校长交流轮岗与挂职管理 / teacher and principal rotation

用法 / usage:
  jiaoliu serve   [--addr HOST:PORT] [--db DSN] [--demo] [--trusted-proxy CIDR]
                                                            启动网站 / run the web server
  jiaoliu migrate [--db DSN]                                更新数据库结构 / apply migrations
  jiaoliu backup --out FILE [--db DSN]                      在线备份 SQLite 数据库 / back up while serving
  jiaoliu restore --in FILE [--db DSN]                      从备份恢复（先停止服务）/ restore a backup (server stopped)
  jiaoliu user create|disable|enable|reset ...              管理账号 / manage accounts
  jiaoliu audit verify [--db DSN]                           校验审计日志哈希链 / verify the audit chain
  jiaoliu audit restored [--db DSN]                         恢复备份后锚定审计日志 / anchor a restored database
  jiaoliu import roster FILE... [--dry-run]                 导入花名册 / import a roster (.xlsx or .csv)
  jiaoliu export roster --out FILE.xlsx [--county NAME]     导出花名册 / export the roster
  jiaoliu educators list [--format json|csv] [--county NAME] 列出教职工 / list educators
  jiaoliu rotation eligible [--as-of YYYY-MM-DD] [--county NAME] [--format json|csv] [--all]
                                                            应交流人员及依据 / who must rotate, and why
  jiaoliu rotation return --annex 1|2 --out FILE.xlsx [--year YYYY] [--county NAME]
                                                            年度报送附件 / the annual return's annexes
  jiaoliu plan solve --in INSTANCE.json --out PLAN.json [--edits EDITS.json]
                                                            求解轮岗方案 / solve a rotation plan
  jiaoliu plan instance --county NAME [--year YYYY] [--mode teacher|principal] --out FILE.json
                                                            由数据库生成方案实例 / build an instance from the database
  jiaoliu version                                           版本 / version

--db 取 sqlite:路径（默认 ./data/jiaoliu.db）或 postgres:// 地址；也可用环境变量 JIAOLIU_DB。
--db takes sqlite:PATH (default ./data/jiaoliu.db) or a postgres:// URL; JIAOLIU_DB does the same.
`

// run is the whole program: main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: 2}
	}
	env := &environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "serve":
		return runServe(ctx, env, args[1:])
	case "migrate":
		return runMigrate(ctx, env, args[1:])
	case "backup":
		return runBackup(ctx, env, args[1:])
	case "restore":
		return runRestore(ctx, env, args[1:])
	case "user":
		return runUser(ctx, env, args[1:])
	case "audit":
		return runAudit(ctx, env, args[1:])
	case "import":
		return runImport(ctx, env, args[1:])
	case "export":
		return runExport(ctx, env, args[1:])
	case "educators":
		return runEducators(ctx, env, args[1:])
	case "rotation":
		return runRotation(ctx, env, args[1:])
	case "plan":
		return runPlan(ctx, env, args[1:])
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "jiaoliu", version())
		return nil
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError("未知命令 %q / unknown command", args[0])
}

// environment is the process's surroundings as run received them.
type environment struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}
