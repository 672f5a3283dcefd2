package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStatements bounds the statements kept prepared at once. The
// store's reads are a few hundred texts; a list's filters and pages make
// more of them, and the oldest-seen give way.
const maxCachedStatements = 512

// stmtCache keeps SQLite's reads prepared, by their text. SQLite parses and
// plans a statement every time it is prepared, and under a crowd that was
// a fifth of the server's CPU; a statement kept prepared is parsed once per
// connection of the readers' pool (database/sql prepares a Stmt anew on
// each connection it runs on). PostgreSQL needs none of it: pgx keeps each
// connection's statements prepared itself.
type stmtCache struct {
	mu      sync.Mutex
	entries map[string]*cachedStmt
	// order is the texts in the order they were added, for eviction.
	order []string
	max   int
}

// cachedStmt is one prepared statement and how many calls are using it:
// an evicted statement is closed when the last of them is done.
type cachedStmt struct {
	st      *sql.Stmt
	users   int
	evicted bool
}

func newStmtCache(max int) *stmtCache {
	return &stmtCache{entries: map[string]*cachedStmt{}, max: max}
}

// query runs a read through the statement prepared for its text.
func (c *stmtCache) query(ctx context.Context, db *sql.DB, query string, args ...any) (*sql.Rows, error) {
	cs, err := c.acquire(ctx, db, query)
	if err != nil {
		return nil, err
	}
	defer c.release(cs)
	// The rows keep the statement alive until they are closed, even when
	// it is closed meanwhile (database/sql counts them as its dependents).
	return cs.st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (c *stmtCache) queryRow(ctx context.Context, db *sql.DB, query string, args ...any) *sql.Row {
	cs, err := c.acquire(ctx, db, query)
	if err != nil {
		// A Row carrying the error, as database/sql gives one.
		return db.QueryRowContext(ctx, query, args...)
	}
	defer c.release(cs)
	return cs.st.QueryRowContext(ctx, args...)
}

// acquire returns the statement prepared for query, preparing it when it
// is not kept, and counts the caller among its users.
func (c *stmtCache) acquire(ctx context.Context, db *sql.DB, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if cs := c.entries[query]; cs != nil {
		cs.users++
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cs := c.entries[query]; cs != nil {
		// Another caller prepared it meanwhile: use theirs.
		st.Close()
		cs.users++
		return cs, nil
	}
	for len(c.entries) >= c.max && len(c.order) > 0 {
		c.evict(c.order[0])
		c.order = c.order[1:]
	}
	cs := &cachedStmt{st: st, users: 1}
	c.entries[query] = cs
	c.order = append(c.order, query)
	return cs, nil
}

// evict drops the statement kept for query, closing it unless in use.
// Called with c.mu held.
func (c *stmtCache) evict(query string) {
	cs := c.entries[query]
	if cs == nil {
		return
	}
	delete(c.entries, query)
	cs.evicted = true
	if cs.users == 0 {
		cs.st.Close()
	}
}

// release ends a caller's use of cs.
func (c *stmtCache) release(cs *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs.users--
	if cs.evicted && cs.users == 0 {
		cs.st.Close()
	}
}

// close closes every kept statement (when the database closes).
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q := range c.entries {
		c.evict(q)
	}
	c.order = nil
}
