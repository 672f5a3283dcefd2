package store

import (
	"context"
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
// before createdBefore, and login failures older than failuresBefore.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore, failuresBefore time.Time) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2`, idleBefore, createdBefore); err != nil {
			return app.Wrap("store.DeleteExpiredSessions", err)
		}
		_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, failuresBefore)
		return app.Wrap("store.DeleteExpiredSessions", err)
	})
}

// CountLoginFailures counts failed logins since a time, by user name and by
// client address.
func (db *DB) CountLoginFailures(ctx context.Context, username, clientAddr string, since time.Time) (int, int, error) {
	var byUser, byAddr int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at >= $3),
		(SELECT COUNT(*) FROM login_failures WHERE client_addr = $2 AND at >= $3)`,
		username, clientAddr, since).Scan(&byUser, &byAddr)
	return byUser, byAddr, app.Wrap("store.CountLoginFailures", err)
}

// AddLoginFailure records a failed login.
func (db *DB) AddLoginFailure(ctx context.Context, username, clientAddr string, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO login_failures (username, client_addr, at) VALUES ($1, $2, $3)`, username, clientAddr, at)
	return app.Wrap("store.AddLoginFailure", err)
}

// ClearLoginFailures forgets the failures of a user name after a success.
func (db *DB) ClearLoginFailures(ctx context.Context, username string) error {
	_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM login_failures WHERE username = $1`, username)
	return app.Wrap("store.ClearLoginFailures", err)
}

var _ auth.Store = (*DB)(nil)
