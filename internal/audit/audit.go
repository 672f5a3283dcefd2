package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"jiaoliu/internal/app"
)

// Entry is one row of the audit log.
type Entry struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,omitempty"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`    // e.g. user.create, login.failure, access.denied
	Entity     string    `json:"entity"`    // e.g. user, educator, school
	EntityID   string    `json:"entity_id"` // the entity's id, or ""
	Summary    string    `json:"summary"`   // one line for people, Chinese
	Detail     string    `json:"detail"`    // JSON: before/after of what changed
	ClientAddr string    `json:"client_addr"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// ComputeHash returns the hash of e's fields and its PrevHash. Times enter at
// microsecond precision in UTC, which both databases store exactly.
func (e *Entry) ComputeHash() string {
	h := sha256.New()
	fields := []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor, e.Action, e.Entity, e.EntityID, e.Summary, e.Detail, e.ClientAddr,
		e.PrevHash,
	}
	for _, f := range fields {
		// Length-prefixed, so no two field lists hash alike.
		fmt.Fprintf(h, "%d:%s\n", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Store is what the audit log needs from the database. AuditHead must lock
// the chain's head until the caller's transaction ends.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	AuditHead(ctx context.Context) (seq int64, hash string, err error)
	InsertAudit(ctx context.Context, e *Entry) error
	ScanAudit(ctx context.Context, fn func(*Entry) error) error
	FindAudit(ctx context.Context, f Filter) ([]*Entry, int, error)
}

// Filter selects audit entries, newest first.
type Filter struct {
	Entity   string
	EntityID string
	ActorID  int64
	Action   string
	Offset   int
	Limit    int
}

// Log writes and checks the audit log.
type Log struct {
	store Store
	clock app.Clock
}

// NewLog returns the audit log kept in store.
func NewLog(store Store, clock app.Clock) *Log {
	return &Log{store: store, clock: clock}
}

// Change describes one state change for Record.
type Change struct {
	Action   string
	Entity   string
	EntityID any
	Summary  string
	Before   any // marshalled to JSON; nil when created
	After    any // marshalled to JSON; nil when deleted
}

// Record appends an entry for c, acted by the actor in ctx. Call it inside
// the transaction that makes the change, so both commit or neither does;
// outside one it opens its own.
func (l *Log) Record(ctx context.Context, c Change) error {
	return l.store.InTx(ctx, func(ctx context.Context) error {
		seq, prev, err := l.store.AuditHead(ctx)
		if err != nil {
			return app.Wrap("audit.Record", err)
		}
		e := &Entry{
			Seq:      seq + 1,
			At:       l.clock.Now().UTC().Truncate(time.Microsecond),
			Action:   c.Action,
			Entity:   c.Entity,
			Summary:  c.Summary,
			PrevHash: prev,
		}
		if c.EntityID != nil {
			e.EntityID = fmt.Sprint(c.EntityID)
		}
		if a := app.ActorOf(ctx); a != nil {
			e.ActorID, e.Actor, e.ClientAddr = a.UserID, a.Username, a.ClientAddr
		}
		if e.Actor == "" {
			e.Actor = "anonymous"
		}
		if c.Before != nil || c.After != nil {
			b, err := json.Marshal(map[string]any{"before": c.Before, "after": c.After})
			if err != nil {
				return app.Wrap("audit.Record", err)
			}
			e.Detail = string(b)
		}
		e.Hash = e.ComputeHash()
		return app.Wrap("audit.Record", l.store.InsertAudit(ctx, e))
	})
}

// Break is where Verify found the chain broken.
type Break struct {
	Seq    int64  // the first row that does not verify
	Reason string // Chinese
}

// Report is the result of Verify.
type Report struct {
	Rows     int64
	HeadSeq  int64
	HeadHash string
	Break    *Break
}

// Verify walks the whole chain and reports the first row that is edited,
// missing or out of order. The head hash it returns can be recorded outside
// the database, so that a later removal of the newest rows shows too.
func (l *Log) Verify(ctx context.Context) (*Report, error) {
	r := &Report{}
	var prevSeq int64
	prevHash := ""
	err := l.store.ScanAudit(ctx, func(e *Entry) error {
		if r.Break != nil {
			return nil
		}
		r.Rows++
		switch {
		case e.Seq != prevSeq+1:
			r.Break = &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条之前缺少第%d至%d条记录（已被删除）", e.Seq, prevSeq+1, e.Seq-1)}
		case e.PrevHash != prevHash:
			r.Break = &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条记录的前一哈希与第%d条不符（前一条被修改或删除）", e.Seq, prevSeq)}
		case e.ComputeHash() != e.Hash:
			r.Break = &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条记录的内容与其哈希不符（已被修改）", e.Seq)}
		}
		prevSeq, prevHash = e.Seq, e.Hash
		return nil
	})
	if err != nil {
		return nil, app.Wrap("audit.Verify", err)
	}
	r.HeadSeq, r.HeadHash = prevSeq, prevHash
	return r, nil
}

// Find lists entries matching f, newest first, with the total count.
func (l *Log) Find(ctx context.Context, f Filter) ([]*Entry, int, error) {
	return l.store.FindAudit(ctx, f)
}
