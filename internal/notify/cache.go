package notify

import (
	"context"
	"fmt"
	"sync"

	"jiaoliu/internal/app"
)

// Names of the store's counters of changes (store.DataVersion, migration
// 00039): what the kept sources are kept under (AddKeptSource), and
// inboxVersion the inbox's items and read marks.
const (
	// RotationDeadlines covers the tables rotation's source reads.
	RotationDeadlines = "rotation_deadlines"
	// OtherDeadlines covers the tables the sources of appointment,
	// pairing, placement and staffing read.
	OtherDeadlines = "deadlines"
	inboxVersion   = "inbox"
)

// Bounds of the figures a cache keeps at once: one unread count per
// account signed in; a few ranges of a source's deadlines a day (the home
// page's, the sweep's, the calendars' asked), each a list that may be long.
const (
	maxKeptCounts    = 4096
	maxKeptDeadlines = 64
)

// kept keeps figures of one kind under the version of the data they were
// computed from. A write to that data bumps the version, so a kept figure
// is served only while it equals a fresh one; a crowd asking for the same
// figure at once waits for one computation of it.
type kept[T any] struct {
	name string
	// max bounds the entries; past it, the cache starts anew.
	max     int
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

// get returns the figure of key from the cache when the data has not
// changed since it was computed, else computes it. A figure is kept only
// when the version read after computing it is the one read before: no
// change was committed meanwhile that its reads may have missed or half
// seen. Inside a transaction it always computes afresh.
func (c *kept[T]) get(ctx context.Context, st Store, key string, compute func() (T, error)) (T, error) {
	v, ok, err := st.DataVersion(ctx, c.name)
	if err != nil {
		var zero T
		return zero, err
	}
	return c.at(ctx, st, v, ok, key, compute)
}

// at is get with the version read before (v, and ok as DataVersion
// reports it), for callers that read it once for several caches.
func (c *kept[T]) at(ctx context.Context, st Store, v int64, ok bool, key string, compute func() (T, error)) (T, error) {
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
	if len(c.entries) >= c.max {
		c.entries = map[string]*keptEntry[T]{}
	}
	e := &keptEntry[T]{done: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()

	e.val, e.err = compute()
	if e.err == nil {
		var after int64
		if after, _, e.err = st.DataVersion(ctx, c.name); e.err == nil && after != v {
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
func (c *kept[T]) forget(key string, e *keptEntry[T]) {
	c.mu.Lock()
	if c.entries[key] == e {
		delete(c.entries, key)
	}
	c.mu.Unlock()
}

// actorKey is what the inbox shown to an actor depends on: the account
// and everything auth.Decide reads of it. Two actors of one key see the
// same items.
func actorKey(a *app.Actor) string {
	return fmt.Sprintf("%d|%d|%d|%d|%t|%+v", a.UserID, a.EducatorID, a.CountyID, a.SchoolID, a.System, a.Grants)
}
