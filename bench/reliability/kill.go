package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"jiaoliu/internal/people"
)

// importSize is the educators of one killed import.
const importSize = 2000

// kill runs roster imports through the CLI and kills each with SIGKILL at a
// random moment, then counts partial writes (an import's educators neither
// all there nor all absent), audit verify failures, and lost acknowledged
// writes (the import said 已导入 but its educators are missing).
func (b *bench) kill(rounds int) {
	path := b.fresh("kill")
	dir := filepath.Dir(path)
	schools := filepath.Join(dir, "学校.csv")
	check(os.WriteFile(schools, []byte("学校代码,学校名称,区县,学段,城乡类型,薄弱学校\nK1,可靠性小学,测试区,小学,城区,否\n"), 0o644))
	next := 0
	batch := func() string {
		var sb strings.Builder
		sb.WriteString("身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,到校日期\n")
		for range importSize {
			birth := time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, next/400)
			id := fmt.Sprintf("510102%s%03d", birth.Format("20060102"), (next%400)*2+1)
			id += string(people.IDCheckChar(id))
			fmt.Fprintf(&sb, "%s,王明,男,%s,K1,教师,语文,在编在岗,2015-09-01\n", id, birth.Format("2006-01-02"))
			next++
		}
		f := filepath.Join(dir, "教职工.csv")
		check(os.WriteFile(f, []byte(sb.String()), 0o644))
		return f
	}
	// A first import, not killed, gives the time a whole one takes.
	start := time.Now()
	if out, err := b.jiaoliu(path, "import", "roster", schools, batch()); err != nil {
		check(fmt.Errorf("calibration import: %v %s", err, out))
	}
	whole := time.Since(start)
	partial, auditFailures, lost, acked, killed := 0, 0, 0, 0, 0
	for r := range rounds {
		file := batch()
		before := query(path, `SELECT COUNT(*) FROM educators`)
		var out bytes.Buffer
		c := b.cmd(context.Background(), path, "import", "roster", schools, file)
		c.Stdout, c.Stderr = &out, &out
		check(c.Start())
		at := time.Duration(rand.Int64N(int64(whole) * 6 / 5))
		timer := time.AfterFunc(at, func() { c.Process.Signal(syscall.SIGKILL) })
		err := c.Wait()
		timer.Stop()
		if err != nil && strings.Contains(err.Error(), "killed") {
			killed++
		}
		ack := strings.Contains(out.String(), "已导入")
		if ack {
			acked++
		}
		delta := query(path, `SELECT COUNT(*) FROM educators`) - before
		if delta != 0 && delta != importSize {
			partial++
			fmt.Printf("  round %d: %d of %d educators written\n", r, delta, importSize)
		}
		if ack && delta != importSize {
			lost++
			fmt.Printf("  round %d: acknowledged, but %d of %d educators there\n", r, delta, importSize)
		}
		if vout, err := b.jiaoliu(path, "audit", "verify"); err != nil {
			auditFailures++
			fmt.Printf("  round %d: audit verify: %v %s\n", r, err, vout)
		}
	}
	fmt.Printf("kill -9 during roster imports: %d rounds (%d killed mid-run, %d finished first; a whole import of %d takes %s)\n",
		rounds, killed, acked, importSize, whole.Round(time.Millisecond))
	fmt.Printf("  partial writes %d; audit verify failures %d; lost acknowledged writes %d\n", partial, auditFailures, lost)
}
