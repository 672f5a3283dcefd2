package jobs

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// failingProgress is a Store whose progress writes fail; Progress calls
// nothing else.
type failingProgress struct {
	Store
	calls chan struct{}
}

func (f failingProgress) UpdateRunProgress(context.Context, int64, int, int, string) error {
	f.calls <- struct{}{}
	return errors.New("disk full")
}

func TestProgressLogsAFailedWrite(t *testing.T) {
	var buf bytes.Buffer
	store := failingProgress{calls: make(chan struct{}, 1)}
	p := &Progress{store: store, log: slog.New(slog.NewTextHandler(&buf, nil)), id: 7}
	p.Set(context.Background(), 1, 2, "half")
	select {
	case <-store.calls:
	case <-time.After(5 * time.Second):
		t.Fatal("progress never written")
	}
	// The log line follows the call; wait for the flush to end.
	deadline := time.Now().Add(5 * time.Second)
	for {
		p.mu.Lock()
		flushing := p.flushing
		p.mu.Unlock()
		if !flushing || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if out := buf.String(); !strings.Contains(out, "run progress not written") || !strings.Contains(out, "disk full") || !strings.Contains(out, "run=7") {
		t.Fatalf("log: %q", out)
	}
	if done, total, msg := p.snapshot(); done != 1 || total != 2 || msg != "half" {
		t.Fatalf("snapshot %d/%d %q", done, total, msg)
	}
}
