package store

import (
	"context"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

// CreateSession inserts s.
func (db *DB) CreateSession(ctx context.Context, s *auth.Session) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO sessions (id, user_id, created_at, last_seen_at, client_addr, user_agent)
		VALUES ($1, $2, $3, $4, $5, $6)`, s.ID, s.UserID, s.CreatedAt, s.LastSeenAt, s.ClientAddr, s.UserAgent)
	return app.Wrap("store.CreateSession", err)
}

// FindSession returns the session with the id (the token's hash).
func (db *DB) FindSession(ctx context.Context, id string) (*auth.Session, error) {
	s := &auth.Session{}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id, user_id, created_at, last_seen_at, client_addr, user_agent
		FROM sessions WHERE id = $1`, id).Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ClientAddr, &s.UserAgent)
	if err != nil {
		return nil, notFound(err, "会话")
	}
	return s, nil
}

// TouchSession records activity on a session.
func (db *DB) TouchSession(ctx context.Context, id string, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, at, id)
	return app.Wrap("store.TouchSession", err)
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
	return app.Wrap("store.DeleteSession", err)
}

// DeleteUserSessions ends every session of the user but exceptID.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64, exceptID string) error {
	_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, exceptID)
	return app.Wrap("store.DeleteUserSessions", err)
}

// DeleteExpiredSessions removes sessions idle since idleBefore or created
// before createdBefore, login counters quiet since failuresBefore, and
// devices not seen for a year before that.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore, failuresBefore time.Time) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2`, idleBefore, createdBefore); err != nil {
			return app.Wrap("store.DeleteExpiredSessions", err)
		}
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM login_counters WHERE next_at < $1`, failuresBefore); err != nil {
			return app.Wrap("store.DeleteExpiredSessions", err)
		}
		_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM login_devices WHERE last_seen_at < $1`, failuresBefore.AddDate(-1, 0, 0))
		return app.Wrap("store.DeleteExpiredSessions", err)
	})
}

// UpdateLoginCounters takes the counters of keys (missing ones start at
// zero), locked against every other attempt until the transaction ends,
// lets fn change them, and stores them. Parallel attempts on one key thus
// run one after another and each sees the ones before it.
func (db *DB) UpdateLoginCounters(ctx context.Context, keys []string, now time.Time, fn func(cs []*auth.LoginCounter) error) error {
	keys = slices.Clone(keys)
	slices.Sort(keys) // one lock order: no deadlock between attempts
	keys = slices.Compact(keys)
	lock := db.dialect.forUpdate()
	return db.InTx(ctx, func(ctx context.Context) error {
		cs := make([]*auth.LoginCounter, len(keys))
		for i, k := range keys {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO login_counters (key, failures, next_at, updated_at) VALUES ($1, 0, $2, $2)
				ON CONFLICT (key) DO NOTHING`, k, now); err != nil {
				return app.Wrap("store.UpdateLoginCounters", err)
			}
			c := &auth.LoginCounter{Key: k}
			if err := db.q(ctx).QueryRowContext(ctx, `SELECT failures, next_at FROM login_counters WHERE key = $1`+lock, k).Scan(&c.Failures, &c.NextAt); err != nil {
				return app.Wrap("store.UpdateLoginCounters", err)
			}
			cs[i] = c
		}
		if err := fn(cs); err != nil {
			return err
		}
		for _, c := range cs {
			if _, err := db.q(ctx).ExecContext(ctx, `UPDATE login_counters SET failures = $1, next_at = $2, updated_at = $3 WHERE key = $4`,
				c.Failures, c.NextAt, now, c.Key); err != nil {
				return app.Wrap("store.UpdateLoginCounters", err)
			}
		}
		return nil
	})
}

// DeleteLoginCounter forgets the failures counted on key.
func (db *DB) DeleteLoginCounter(ctx context.Context, key string) error {
	_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM login_counters WHERE key = $1`, key)
	return app.Wrap("store.DeleteLoginCounter", err)
}

// UndoLoginFailure takes back one failure counted on key in advance.
func (db *DB) UndoLoginFailure(ctx context.Context, key string) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE login_counters SET failures = failures - 1 WHERE key = $1 AND failures > 0`, key)
	return app.Wrap("store.UndoLoginFailure", err)
}

// SaveLoginDevice records that device id signed in to username.
func (db *DB) SaveLoginDevice(ctx context.Context, id, username string, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO login_devices (id, username, created_at, last_seen_at) VALUES ($1, $2, $3, $3)
		ON CONFLICT (id, username) DO UPDATE SET last_seen_at = excluded.last_seen_at`, id, username, at)
	return app.Wrap("store.SaveLoginDevice", err)
}

// HasLoginDevice reports whether device id has signed in to username.
func (db *DB) HasLoginDevice(ctx context.Context, id, username string) (bool, error) {
	var n int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM login_devices WHERE id = $1 AND username = $2`, id, username).Scan(&n)
	return n > 0, app.Wrap("store.HasLoginDevice", err)
}

var _ auth.Store = (*DB)(nil)
