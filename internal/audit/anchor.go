package audit

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"jiaoliu/internal/app"
)

// Kinds of anchor line.
const (
	// anchorStart is the file's first line: the head when the chain became
	// keyed, and the first keyed entry. Entries before it are unkeyed.
	anchorStart = "start"
	// anchorHead records a newer head of the chain.
	anchorHead = "head"
	// anchorRestart begins a file made again for a chain already keyed: the
	// old file was lost, so what it anchored cannot be checked any more.
	anchorRestart = "restart"
	// anchorRestore records the head of a database restored from a backup:
	// the heads anchored before it belong to the replaced database and are
	// no longer expected of the chain.
	anchorRestore = "restore"
)

// anchorLine is one line of the anchor file.
type anchorLine struct {
	At        time.Time
	Kind      string
	Seq       int64
	Hash      string
	KeyedFrom int64
}

// text is the line without its MAC; the MAC covers exactly this.
func (a anchorLine) text() string {
	s := fmt.Sprintf("%s %s seq=%d hash=%s", a.At.UTC().Format(time.RFC3339), a.Kind, a.Seq, a.Hash)
	if a.Kind == anchorStart {
		s += fmt.Sprintf(" keyed_from=%d", a.KeyedFrom)
	}
	return s
}

// anchorFile is the append-only file of chain heads beside the database
// (jiaoliu.audit-anchor). The database cannot rewrite it, so a chain cut
// back or rewritten shows against it; each line carries a MAC, so a line
// cannot be forged without the key either.
type anchorFile struct {
	path string
	key  []byte
	mu   sync.Mutex
	// last is the newest line, once read.
	last   *anchorLine
	logger *slog.Logger
}

// badAnchor is an anchor file that does not read as one.
type badAnchor struct{ msg string }

func (b *badAnchor) Error() string { return b.msg }

func (f *anchorFile) mac(text string) string {
	m := hmac.New(sha256.New, f.key)
	m.Write([]byte("jiaoliu audit anchor\n" + text))
	return hex.EncodeToString(m.Sum(nil))
}

// read returns every line of the file, none when it does not exist.
func (f *anchorFile) read() ([]anchorLine, error) {
	file, err := os.Open(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var out []anchorLine
	sc := bufio.NewScanner(file)
	for n := 1; sc.Scan(); n++ {
		a, ok := f.parse(sc.Text())
		first := a.Kind == anchorStart || a.Kind == anchorRestart
		if !ok || (n == 1) != first || (!first && a.Kind != anchorHead && a.Kind != anchorRestore) {
			return nil, &badAnchor{fmt.Sprintf("锚定文件 %s 第%d行无效或被篡改", f.path, n)}
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

func (f *anchorFile) parse(line string) (anchorLine, bool) {
	text, mac, ok := strings.Cut(line, " mac=")
	if !ok || !hmac.Equal([]byte(mac), []byte(f.mac(text))) {
		return anchorLine{}, false
	}
	parts := strings.Fields(text)
	if len(parts) < 4 {
		return anchorLine{}, false
	}
	a := anchorLine{Kind: parts[1]}
	var err error
	if a.At, err = time.Parse(time.RFC3339, parts[0]); err != nil {
		return anchorLine{}, false
	}
	for _, p := range parts[2:] {
		k, v, _ := strings.Cut(p, "=")
		switch k {
		case "seq":
			a.Seq, err = strconv.ParseInt(v, 10, 64)
		case "hash":
			a.Hash = v
		case "keyed_from":
			a.KeyedFrom, err = strconv.ParseInt(v, 10, 64)
		}
		if err != nil {
			return anchorLine{}, false
		}
	}
	return a, a.text() == text
}

// add appends a and flushes it to disk.
func (f *anchorFile) add(a anchorLine) error {
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return err
	}
	file, err := os.OpenFile(f.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	text := a.text()
	if _, err := file.WriteString(text + " mac=" + f.mac(text) + "\n"); err != nil {
		file.Close()
		return err
	}
	if err := file.Sync(); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	f.last = &a
	if f.logger != nil {
		f.logger.Info("audit anchor", "kind", a.Kind, "seq", a.Seq, "hash", a.Hash, "file", f.path)
	}
	return nil
}

// LogAnchorsTo writes a line to logger for every anchor, so the server log
// holds the chain's heads too.
func (l *Log) LogAnchorsTo(logger *slog.Logger) {
	if l.anchor != nil {
		l.anchor.logger = logger
	}
}

// AnchorPath is the anchor file, "" for an unanchored log.
func (l *Log) AnchorPath() string {
	if l.anchor == nil {
		return ""
	}
	return l.anchor.path
}

// AnchorRestored records that the database was restored from a backup:
// from this line on the chain is checked against the restored head, and
// the heads anchored before it (of the replaced database) are not expected.
// It is written by jiaoliu restore, which holds the key; the server log
// shows it like every anchor.
func (l *Log) AnchorRestored(ctx context.Context) error {
	f := l.anchor
	if f == nil {
		return nil
	}
	lines, err := f.read()
	if err != nil {
		return app.Wrap("audit.AnchorRestored", err)
	}
	if len(lines) == 0 {
		return l.Anchor(ctx)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	seq, hash, err := l.store.AuditHead(ctx)
	if err != nil {
		return app.Wrap("audit.AnchorRestored", err)
	}
	return app.Wrap("audit.AnchorRestored", f.add(anchorLine{At: l.clock.Now(), Kind: anchorRestore, Seq: seq, Hash: hash}))
}

// Anchor records the chain's head in the anchor file when it has moved.
// The first time, it starts the file: the entries so far (unkeyed, if the
// database predates keying) end at the start line, and every later entry is
// keyed. It refuses to anchor a chain that no longer holds the last anchored
// head, so a cut or rewritten chain is never blessed; Verify names the fault.
// It reads committed rows only, so call it after transactions end.
func (l *Log) Anchor(ctx context.Context) error {
	f := l.anchor
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := os.Stat(f.path); errors.Is(err, fs.ErrNotExist) {
		f.last = nil // removed while we ran
	}
	if f.last == nil {
		lines, err := f.read()
		if err != nil {
			return app.Wrap("audit.Anchor", err)
		}
		if len(lines) > 0 {
			f.last = &lines[len(lines)-1]
		}
	}
	seq, hash, err := l.store.AuditHead(ctx)
	if err != nil {
		return app.Wrap("audit.Anchor", err)
	}
	now := l.clock.Now()
	if f.last == nil {
		a := anchorLine{At: now, Kind: anchorStart, Seq: seq, Hash: hash, KeyedFrom: seq + 1}
		if seq > 0 {
			head, err := l.store.AuditEntry(ctx, seq)
			if err != nil {
				return app.Wrap("audit.Anchor", err)
			}
			if hmac.Equal([]byte(head.Hash), []byte(head.ComputeMAC(l.key))) {
				// Already keyed: the file that anchored it is gone.
				a = anchorLine{At: now, Kind: anchorRestart, Seq: seq, Hash: hash}
			}
		}
		return app.Wrap("audit.Anchor", f.add(a))
	}
	if seq == f.last.Seq && hash == f.last.Hash {
		return nil
	}
	if seq < f.last.Seq {
		return app.Errorf(app.Internal, fmt.Sprintf("审计日志只到第%d条，锚定文件记到第%d条：请运行 jiaoliu audit verify", seq, f.last.Seq),
			fmt.Sprintf("the audit chain ends at %d but is anchored at %d: run jiaoliu audit verify", seq, f.last.Seq))
	}
	if f.last.Seq > 0 {
		e, err := l.store.AuditEntry(ctx, f.last.Seq)
		if err != nil && app.ErrorCode(err) != app.NotFound {
			return app.Wrap("audit.Anchor", err)
		}
		if e == nil || e.Hash != f.last.Hash {
			return app.Errorf(app.Internal, fmt.Sprintf("审计日志第%d条与锚定文件不符：请运行 jiaoliu audit verify", f.last.Seq),
				fmt.Sprintf("audit entry %d differs from its anchor: run jiaoliu audit verify", f.last.Seq))
		}
	}
	return app.Wrap("audit.Anchor", f.add(anchorLine{At: now, Kind: anchorHead, Seq: seq, Hash: hash}))
}
