package app

import (
	"context"
	"sync"
)

// VersionReader reads the store's counters of changes (store.DataVersion):
// ok is false inside a transaction, whose reads a kept figure must not
// stand for, and for a counter the store does not keep.
type VersionReader interface {
	DataVersion(ctx context.Context, name string) (v int64, ok bool, err error)
}

// Kept keeps figures of one kind under the version of the data they were
// computed from. A write to that data bumps the version, so a kept figure
// is served only while it equals a fresh one; a crowd asking for the same
// figure at once waits for one computation of it.
type Kept[T any] struct {
	// Name is the store's counter of changes the figures are kept under.
	Name string
	// Max bounds the entries; past it, the cache starts anew.
	Max     int
	mu      sync.Mutex
	version int64
	entries map[string]*keptEntry[T]
}

// keptEntry is one figure, or the computation of it under way.
type keptEntry[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// Get returns the figure of key from the cache when the data has not
// changed since it was computed, else computes it. A figure is kept only
// when the version read after computing it is the one read before: no
// change was committed meanwhile that its reads may have missed or half
// seen. Inside a transaction it always computes afresh.
func (c *Kept[T]) Get(ctx context.Context, st VersionReader, key string, compute func() (T, error)) (T, error) {
	v, ok, err := st.DataVersion(ctx, c.Name)
	if err != nil {
		var zero T
		return zero, err
	}
	return c.At(ctx, st, v, ok, key, compute)
}

// At is Get with the version read before (v, and ok as DataVersion
// reports it), for callers that read it once for several caches.
func (c *Kept[T]) At(ctx context.Context, st VersionReader, v int64, ok bool, key string, compute func() (T, error)) (T, error) {
	if !ok {
		return compute()
	}
	c.mu.Lock()
	if v != c.version || c.entries == nil {
		if v < c.version {
			// An older reading than one already seen: compute, keep nothing.
			c.mu.Unlock()
			return compute()
		}
		c.version, c.entries = v, map[string]*keptEntry[T]{}
	}
	if e := c.entries[key]; e != nil {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if e.err == nil {
			return e.val, nil
		}
		return compute()
	}
	if len(c.entries) >= c.Max {
		c.entries = map[string]*keptEntry[T]{}
	}
	e := &keptEntry[T]{done: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()

	e.val, e.err = compute()
	if e.err == nil {
		var after int64
		if after, _, e.err = st.DataVersion(ctx, c.Name); e.err == nil && after != v {
			// Changed while computing: still the caller's answer (it saw at
			// least the data of v), but not kept.
			c.forget(key, e)
			close(e.done)
			return e.val, nil
		}
	}
	if e.err != nil {
		c.forget(key, e)
	}
	close(e.done)
	return e.val, e.err
}

// forget drops the entry under key if it is still e.
func (c *Kept[T]) forget(key string, e *keptEntry[T]) {
	c.mu.Lock()
	if c.entries[key] == e {
		delete(c.entries, key)
	}
	c.mu.Unlock()
}
