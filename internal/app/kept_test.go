package app

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// versions is a counter of changes that a test moves by hand; inTx makes
// it answer as inside a transaction (ok false).
type versions struct {
	mu   sync.Mutex
	n    int64
	inTx bool
}

func (v *versions) DataVersion(context.Context, string) (int64, bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.n, !v.inTx, nil
}

func (v *versions) bump() { v.mu.Lock(); v.n++; v.mu.Unlock() }

// A kept figure is served while the version stands, computed afresh when
// it moved, never kept when it moved during the computation, never kept
// inside a transaction, and computed once for a crowd asking at once.
func TestKept(t *testing.T) {
	ctx := context.Background()
	st := &versions{}
	c := &Kept[int]{Name: "x", Max: 8}
	var computed atomic.Int32
	data := 1
	compute := func() (int, error) { computed.Add(1); return data, nil }
	get := func(want int, wantComputed int32) {
		t.Helper()
		computed.Store(0)
		got, err := c.Get(ctx, st, "k", compute)
		if err != nil || got != want || computed.Load() != wantComputed {
			t.Fatalf("Get = %d, %v after %d computations; want %d after %d", got, err, computed.Load(), want, wantComputed)
		}
	}
	get(1, 1)
	get(1, 0) // kept
	data = 2
	st.bump()
	get(2, 1) // the version moved: afresh
	get(2, 0)

	// A write committed while computing: the answer is the caller's, but
	// the next asks again.
	data = 3
	st.bump()
	_, err := c.Get(ctx, st, "k", func() (int, error) { st.bump(); return data, nil })
	if err != nil {
		t.Fatal(err)
	}
	get(3, 1)

	// Inside a transaction: always afresh, and nothing kept.
	st.inTx = true
	get(3, 1)
	get(3, 1)
	st.inTx = false

	// A crowd asking for a figure not yet kept waits for one computation.
	st.bump()
	computed.Store(0)
	release := make(chan struct{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := c.Get(ctx, st, "crowd", func() (int, error) { computed.Add(1); <-release; return 7, nil }); err != nil || got != 7 {
				t.Errorf("crowd: %d, %v", got, err)
			}
		}()
	}
	for computed.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := computed.Load(); n != 1 {
		t.Fatalf("a crowd of 20 computed the figure %d times, want 1", n)
	}
}
