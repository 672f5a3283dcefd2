package placement

import (
	"context"
	"sync"

	"jiaoliu/internal/programme"
)

// findMemo keeps what find found for the length of one read that asks the
// same more than once (the workspace finds its placement for itself, its
// progress and its records, and each find reads every placement of the
// programme). It lives in the read's context only, so it never outlives
// the request nor sees a change made after it.
type findMemo struct {
	mu    sync.Mutex
	found map[Key]*found
}

type found struct {
	pl  *Placement
	p   *programme.Programme
	acc Access
	err error
}

type findMemoKey struct{}

// WithFindMemo returns ctx with a memo of finds, unless it carries one,
// for a page that reads one placement through several calls (the
// participant's home: Current, Workspace, the contacts' Upcoming). Only
// for reads: the memo does not see what the request itself changes.
func WithFindMemo(ctx context.Context) context.Context {
	if _, ok := ctx.Value(findMemoKey{}).(*findMemo); ok {
		return ctx
	}
	return context.WithValue(ctx, findMemoKey{}, &findMemo{found: map[Key]*found{}})
}

// find returns what fresh finds for k, asking it once. Each caller gets
// its own copy of the placement, as from a fresh find.
func (m *findMemo) find(ctx context.Context, k Key,
	fresh func(context.Context, Key) (*Placement, *programme.Programme, Access, error)) (*Placement, *programme.Programme, Access, error) {
	m.mu.Lock()
	f := m.found[k]
	m.mu.Unlock()
	if f == nil {
		f = &found{}
		f.pl, f.p, f.acc, f.err = fresh(ctx, k)
		m.mu.Lock()
		m.found[k] = f
		m.mu.Unlock()
	}
	if f.err != nil || f.pl == nil {
		return f.pl, f.p, f.acc, f.err
	}
	pl := *f.pl
	if f.p == nil {
		return &pl, nil, f.acc, nil
	}
	p := *f.p
	return &pl, &p, f.acc, nil
}

// key returns the key of placement id when the memo has found it: a find
// by id then needs no read of the key.
func (m *findMemo) key(id int64) (Key, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.found {
		if k.ID == id {
			return k, true
		}
	}
	return Key{}, false
}
