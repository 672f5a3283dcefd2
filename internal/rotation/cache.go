package rotation

import (
	"context"
	"fmt"
	"sync"
)

// dataVersion names the counter of the data evaluations are computed from
// (store.DataVersion).
const dataVersion = "rotation"

// maxCachedEvaluations bounds the evaluations kept at once: one per scope,
// date and kind asked for, so a few per county, and one per personal file
// opened.
const maxCachedEvaluations = 4096

// evalCache keeps the evaluations of whole scopes (the list of who must
// rotate, the quota figures) under the version of the data they were
// computed from. A change to that data bumps the version, so a kept
// evaluation is served only while it equals a fresh one; a crowd asking
// for the same evaluation at once waits for one computation of it.
type evalCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]*evalEntry
}

// evalEntry is one evaluation, or the computation of it under way.
type evalEntry struct {
	done chan struct{}
	ev   *evaluation
	err  error
}

func newEvalCache() *evalCache { return &evalCache{entries: map[string]*evalEntry{}} }

// key is what tells evaluations apart: every field of the query.
func (q evalQuery) key() string {
	return fmt.Sprintf("%v|%v|%d|%d|%s|%t|%t", q.within, q.countyIDs, q.schoolID, q.educatorID, q.on, q.all, q.counts)
}

// cachedEvaluate returns the evaluation of q from the cache when the data
// has not changed since it was computed, else computes it. Evaluations
// inside a transaction are always computed afresh. An evaluation is kept
// only when the version read after computing it is the one read before: no
// change was committed meanwhile that its reads may have missed or half
// seen.
func (s *Service) cachedEvaluate(ctx context.Context, q evalQuery) (*evaluation, error) {
	v, ok, err := s.store.DataVersion(ctx, dataVersion)
	if err != nil {
		return nil, err
	}
	if !ok {
		return s.evaluate(ctx, q)
	}
	c, key := s.evals, q.key()
	c.mu.Lock()
	if v != c.version {
		if v < c.version {
			// An older reading than one already seen: compute, keep nothing.
			c.mu.Unlock()
			return s.evaluate(ctx, q)
		}
		c.version, c.entries = v, map[string]*evalEntry{}
	}
	if e := c.entries[key]; e != nil {
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err == nil {
			return e.ev, nil
		}
		return s.evaluate(ctx, q)
	}
	if len(c.entries) >= maxCachedEvaluations {
		c.entries = map[string]*evalEntry{}
	}
	e := &evalEntry{done: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()

	e.ev, e.err = s.evaluate(ctx, q)
	if e.err == nil {
		var after int64
		if after, _, e.err = s.store.DataVersion(ctx, dataVersion); e.err == nil && after != v {
			// Changed while computing: this one is still the caller's
			// answer (it saw at least the data of v), but it is not kept.
			c.forget(key, e)
			close(e.done)
			return e.ev, nil
		}
	}
	if e.err != nil {
		c.forget(key, e)
	}
	close(e.done)
	return e.ev, e.err
}

// forget drops the entry under key if it is still e.
func (c *evalCache) forget(key string, e *evalEntry) {
	c.mu.Lock()
	if c.entries[key] == e {
		delete(c.entries, key)
	}
	c.mu.Unlock()
}
