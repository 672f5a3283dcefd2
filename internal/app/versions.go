package app

import (
	"context"
	"sync"
)

// Versions is what one read (a GET request) has seen of the store's
// counters of changes (store.DataVersion): they are read together, once,
// at the read's first asking, and each counter's first asking is answered
// from that reading: a page that consults several kept figures (the home
// page: the inbox's, the deadlines', the counts') so makes one round trip
// for their versions instead of one each. A counter's later askings (a
// kept figure's check, after computing, that nothing changed meanwhile)
// read it afresh.
type Versions struct {
	mu     sync.Mutex
	loaded bool
	n      map[string]int64
	asked  map[string]bool
}

type versionsKey struct{}

// WithVersions returns ctx for a read whose counters of changes are read
// once (Versions); only for a read that changes nothing its own later
// readings should see.
func WithVersions(ctx context.Context) context.Context {
	return context.WithValue(ctx, versionsKey{}, &Versions{asked: map[string]bool{}})
}

// VersionsOf returns the read's Versions, or nil.
func VersionsOf(ctx context.Context) *Versions {
	v, _ := ctx.Value(versionsKey{}).(*Versions)
	return v
}

// First returns the counter's value as first read, loading every counter
// with load at the first asking; ok is false when the counter was asked
// before (read it afresh) or is not among them.
func (v *Versions) First(name string, load func() (map[string]int64, error)) (n int64, ok bool, err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.asked[name] {
		return 0, false, nil
	}
	if !v.loaded {
		if v.n, err = load(); err != nil {
			return 0, false, err
		}
		v.loaded = true
	}
	v.asked[name] = true
	n, ok = v.n[name]
	return n, ok, nil
}
