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
// random moment, then counts partial writes (an import's school and
// educators neither all there nor all absent), audit verify failures, and
// lost acknowledged writes (the import said 已导入 but its educators are
// missing).
func (b *bench) kill(rounds int) {
	path := b.fresh("kill")
	rb := &rosterBatches{dir: filepath.Dir(path)}
	// A first import, not killed, gives the time a whole one takes.
	start := time.Now()
	files, _ := rb.batch()
	if out, err := b.jiaoliu(path, append([]string{"import", "roster"}, files...)...); err != nil {
		check(fmt.Errorf("calibration import: %v %s", err, out))
	}
	whole := time.Since(start)
	t, killed := &tally{}, 0
	for r := range rounds {
		files, code := rb.batch()
		var out bytes.Buffer
		c := b.cmd(context.Background(), path, append([]string{"import", "roster"}, files...)...)
		c.Stdout, c.Stderr = &out, &out
		check(c.Start())
		timer := time.AfterFunc(randomMoment(whole), func() { c.Process.Signal(syscall.SIGKILL) })
		err := c.Wait()
		timer.Stop()
		if err != nil && strings.Contains(err.Error(), "killed") {
			killed++
		}
		t.settle(r, rosterOutcome(path, code), strings.Contains(out.String(), "已导入"))
		t.verify(b, path, r)
	}
	fmt.Printf("kill -9 during roster imports: %d rounds (%d killed mid-run, %d finished first; a whole import of %d takes %s)\n",
		rounds, killed, t.acked, importSize, whole.Round(time.Millisecond))
	t.print()
}

// randomMoment is a moment to kill work that takes whole: up to a fifth
// past its end, so some rounds finish first.
func randomMoment(whole time.Duration) time.Duration {
	return time.Duration(rand.Int64N(int64(whole)*6/5 + 1))
}

// rosterBatches writes the roster files of kill rounds: each batch a new
// school (K1, K2, …) with importSize educators of new ID numbers, so what a
// round wrote is counted by its school alone, whatever other rounds left.
type rosterBatches struct {
	dir  string
	next int // the number of the next educator
	seq  int // the number of the last batch
}

// batch writes the next batch's files (schools, educators) and returns
// their paths and the code of its school.
func (rb *rosterBatches) batch() (files []string, code string) {
	rb.seq++
	code = fmt.Sprintf("K%d", rb.seq)
	schools := filepath.Join(rb.dir, "学校.csv")
	check(os.WriteFile(schools, fmt.Appendf(nil, "学校代码,学校名称,区县,学段,城乡类型,薄弱学校\n%s,可靠性小学%d,测试区,小学,城区,否\n", code, rb.seq), 0o644))
	var sb strings.Builder
	sb.WriteString("身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,到校日期\n")
	for range importSize {
		birth := time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rb.next/400)
		id := fmt.Sprintf("510102%s%03d", birth.Format("20060102"), (rb.next%400)*2+1)
		id += string(people.IDCheckChar(id))
		fmt.Fprintf(&sb, "%s,王明,男,%s,%s,教师,语文,在编在岗,2015-09-01\n", id, birth.Format("2006-01-02"), code)
		rb.next++
	}
	educators := filepath.Join(rb.dir, "教职工.csv")
	check(os.WriteFile(educators, []byte(sb.String()), 0o644))
	return []string{schools, educators}, code
}

// rosterOutcome is what an import of the batch with school code left in
// the database at path: its school and all its educators, or none of them.
func rosterOutcome(path, code string) outcome {
	schools := query(path, `SELECT COUNT(*) FROM schools WHERE code = $1`, code)
	educators := query(path, `SELECT COUNT(*) FROM educators e JOIN schools s ON s.id = e.school_id WHERE s.code = $1`, code)
	return outcome{whole: schools == 1 && educators == importSize, none: schools == 0 && educators == 0,
		detail: fmt.Sprintf("school %s: %d, educators %d of %d", code, schools, educators, importSize)}
}

// outcome is what a killed round left of the writes it started: all of
// them, none, or neither (a partial write; detail says what is there).
type outcome struct {
	whole, none bool
	detail      string
}

// tally counts the figures of kill rounds.
type tally struct {
	acked, whole, none, partial, auditFailures, lost int
}

// settle records a round's outcome; ack says whether the writes had been
// acknowledged as done before the kill.
func (t *tally) settle(round int, o outcome, ack bool) {
	if ack {
		t.acked++
	}
	switch {
	case o.whole:
		t.whole++
	case o.none:
		t.none++
	default:
		t.partial++
		fmt.Printf("  round %d: partial write: %s\n", round, o.detail)
	}
	if ack && !o.whole {
		t.lost++
		fmt.Printf("  round %d: acknowledged, but not all there: %s\n", round, o.detail)
	}
}

// verify runs jiaoliu audit verify on the database at path.
func (t *tally) verify(b *bench, path string, round int) {
	if out, err := b.jiaoliu(path, "audit", "verify"); err != nil {
		t.auditFailures++
		fmt.Printf("  round %d: audit verify: %v %s\n", round, err, out)
	}
}

func (t *tally) print() {
	fmt.Printf("  applied wholly %d, not at all %d; partial writes %d; audit verify failures %d; lost acknowledged writes %d\n",
		t.whole, t.none, t.partial, t.auditFailures, t.lost)
}
