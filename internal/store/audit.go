package store

import (
	"context"
	"database/sql"
	"errors"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// AuditHead locks the audit chain for the rest of the transaction in ctx and
// returns the newest entry's sequence number and hash (0 and "" when empty).
func (db *DB) AuditHead(ctx context.Context) (int64, string, error) {
	if lock := db.dialect.lockAuditHead(); lock != "" {
		if _, err := db.q(ctx).ExecContext(ctx, lock); err != nil {
			return 0, "", err
		}
	}
	var seq int64
	var hash string
	err := db.q(ctx).QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return seq, hash, err
}

// InsertAudit appends e.
func (db *DB) InsertAudit(ctx context.Context, e *audit.Entry) error {
	var actorID any
	if e.ActorID != 0 {
		actorID = e.ActorID
	}
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO audit_log
		(seq, at, actor_id, actor, action, entity, entity_id, summary, detail, client_addr, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.Seq, e.At, actorID, e.Actor, e.Action, e.Entity, e.EntityID, e.Summary, e.Detail, e.ClientAddr, e.PrevHash, e.Hash)
	return err
}

const auditColumns = `seq, at, COALESCE(actor_id, 0), actor, action, entity, entity_id, summary, detail, client_addr, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (*audit.Entry, error) {
	e := &audit.Entry{}
	err := sc.Scan(&e.Seq, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Detail, &e.ClientAddr, &e.PrevHash, &e.Hash)
	e.At = e.At.UTC()
	return e, err
}

// ScanAudit calls fn for every entry in sequence order.
func (db *DB) ScanAudit(ctx context.Context, fn func(*audit.Entry) error) error {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// FindAudit lists entries matching f, newest first, and their total count.
func (db *DB) FindAudit(ctx context.Context, f audit.Filter) ([]*audit.Entry, int, error) {
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.ActorID != 0 {
		w.add("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	var total int
	if err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, app.Wrap("store.FindAudit", err)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log`+w.sql()+` ORDER BY seq DESC`+limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindAudit", err)
	}
	defer rows.Close()
	var out []*audit.Entry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindAudit", err)
		}
		out = append(out, e)
	}
	return out, total, app.Wrap("store.FindAudit", rows.Err())
}

// AuditEntry returns the entry with sequence number seq.
func (db *DB) AuditEntry(ctx context.Context, seq int64) (*audit.Entry, error) {
	e, err := scanAudit(db.q(ctx).QueryRowContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE seq = $1`, seq))
	if err != nil {
		return nil, notFound(err, "审计记录")
	}
	return e, nil
}
