package auth

import (
	"context"
	"sync"
	"time"
)

// authVersion names the counter of what a session's actor is made of
// (store.DataVersion): accounts, grants, the places their scopes resolve
// to, and sessions ended.
const authVersion = "auth"

// maxCachedSessions bounds the sessions kept at once.
const maxCachedSessions = 20000

// sessionCache keeps the sessions in use, each with its account and grants,
// under the version of the data they were read from, so that a request
// does not read them again while nothing of them changed. A change to an
// account, a grant, a scope's place or an ended session bumps the version
// and empties the cache; a session's last-seen time, which is not counted,
// is kept up to date here when this process writes it.
type sessionCache struct {
	mu      sync.Mutex
	version int64
	entries map[string]*cachedSession
}

type cachedSession struct {
	sess Session
	user *User
}

func newSessionCache() *sessionCache { return &sessionCache{entries: map[string]*cachedSession{}} }

// findSession returns the session with the id and its account; cached
// reports whether they came from the cache.
func (s *Service) findSession(ctx context.Context, id string) (sess *Session, u *User, cached bool, err error) {
	v, ok, err := s.store.DataVersion(ctx, authVersion)
	if err != nil {
		return nil, nil, false, err
	}
	c := s.sessions
	if ok {
		c.mu.Lock()
		if v > c.version {
			c.version, c.entries = v, map[string]*cachedSession{}
		}
		if e := c.entries[id]; e != nil && v == c.version {
			copied := e.sess
			c.mu.Unlock()
			return &copied, e.user, true, nil
		}
		c.mu.Unlock()
	}
	if sess, err = s.store.FindSession(ctx, id); err != nil {
		return nil, nil, false, err
	}
	if u, err = s.store.FindUserByID(ctx, sess.UserID); err != nil {
		return nil, nil, false, err
	}
	if ok {
		// Read after v: at least as new as v, so keeping them under v is
		// safe; a change since has bumped the version past v.
		c.mu.Lock()
		if v == c.version {
			if len(c.entries) >= maxCachedSessions {
				c.entries = map[string]*cachedSession{}
			}
			c.entries[id] = &cachedSession{sess: *sess, user: u}
		}
		c.mu.Unlock()
	}
	return sess, u, false, nil
}

// touched records in the cache the last-seen time just written.
func (c *sessionCache) touched(id string, at time.Time) {
	c.mu.Lock()
	if e := c.entries[id]; e != nil {
		e.sess.LastSeenAt = at
	}
	c.mu.Unlock()
}

// forget drops a session from the cache.
func (c *sessionCache) forget(id string) {
	c.mu.Lock()
	delete(c.entries, id)
	c.mu.Unlock()
}
