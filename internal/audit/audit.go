package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
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
// microsecond precision in UTC, which both databases store exactly. Entries
// written before the chain was keyed carry it; anyone can recompute it.
func (e *Entry) ComputeHash() string {
	h := sha256.New()
	e.writeFields(h)
	return hex.EncodeToString(h.Sum(nil))
}

// ComputeMAC returns the keyed hash (HMAC-SHA-256) of the same fields. Only
// a holder of the key can compute it, so whoever can write the database but
// not read the key cannot forge, edit or re-chain a keyed entry.
func (e *Entry) ComputeMAC(key []byte) string {
	h := hmac.New(sha256.New, key)
	e.writeFields(h)
	return hex.EncodeToString(h.Sum(nil))
}

func (e *Entry) writeFields(h hash.Hash) {
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
}

// Store is what the audit log needs from the database. AuditHead must lock
// the chain's head until the caller's transaction ends.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	AuditHead(ctx context.Context) (seq int64, hash string, err error)
	InsertAudit(ctx context.Context, e *Entry) error
	// AuditEntry returns the entry with sequence number seq; app.NotFound
	// when there is none.
	AuditEntry(ctx context.Context, seq int64) (*Entry, error)
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
	// key, when set, keys every new entry (ComputeMAC); see NewKeyedLog.
	key []byte
	// anchor is the append-only file of chain heads; see Anchor.
	anchor *anchorFile
}

// NewLog returns an unkeyed, unanchored audit log kept in store: its entries
// prove only that nobody edited them without recomputing the chain. The
// application uses NewKeyedLog.
func NewLog(store Store, clock app.Clock) *Log {
	return &Log{store: store, clock: clock}
}

// NewKeyedLog returns the audit log keyed with a key derived from the data
// key, which lives outside the database, and anchored in the append-only
// file at anchorPath ("" for none), which the database cannot rewrite.
func NewKeyedLog(store Store, clock app.Clock, dataKey []byte, anchorPath string) *Log {
	m := hmac.New(sha256.New, dataKey)
	m.Write([]byte("jiaoliu audit chain"))
	l := &Log{store: store, clock: clock, key: m.Sum(nil)}
	if anchorPath != "" {
		l.anchor = &anchorFile{path: anchorPath, key: l.key}
	}
	return l
}

// seal sets e's hash: keyed when the log has a key.
func (l *Log) seal(e *Entry) {
	if l.key != nil {
		e.Hash = e.ComputeMAC(l.key)
		return
	}
	e.Hash = e.ComputeHash()
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
		l.seal(e)
		return app.Wrap("audit.Record", l.store.InsertAudit(ctx, e))
	})
}

// Break is where Verify found the chain broken.
type Break struct {
	Seq    int64  // the first row that does not verify; 0 when the fault is not one row's
	Reason string // Chinese
}

// Report is the result of Verify.
type Report struct {
	Rows     int64
	HeadSeq  int64
	HeadHash string
	// KeyedFrom is the first entry the key signs; 0 when none is keyed.
	// Entries before it were written before the chain was keyed.
	KeyedFrom int64
	// Anchored is the newest entry the anchor file names; 0 without anchors.
	Anchored int64
	// AnchorPath is the anchor file checked, "" for an unanchored log.
	AnchorPath string
	// RestoredAt is when the database was last restored from a backup
	// (zero if never): heads anchored before it are not checked.
	RestoredAt time.Time
	Break      *Break
}

// Verify walks the whole chain and reports the first row that is edited,
// missing, forged or out of order. A keyed log also checks that every entry
// from the keyed start carries the key's hash, and that the chain holds
// every head its anchor file names: the newest rows deleted, every row
// deleted, or the chain rewritten, each shows as a break.
func (l *Log) Verify(ctx context.Context) (*Report, error) {
	r := &Report{}
	var anchors []anchorLine
	want := map[int64]string{}
	if l.anchor != nil {
		r.AnchorPath = l.anchor.path
		var err error
		if anchors, err = l.anchor.read(); err != nil {
			var bad *badAnchor
			if !errors.As(err, &bad) {
				return nil, app.Wrap("audit.Verify", err)
			}
			r.Break = &Break{Reason: bad.Error()}
			return r, nil
		}
		if len(anchors) > 0 && anchors[0].Kind == anchorStart {
			r.KeyedFrom = anchors[0].KeyedFrom
		}
		// A restore from a backup starts the heads the chain must hold anew.
		for i, a := range anchors {
			if a.Kind == anchorRestore {
				anchors, r.RestoredAt = anchors[i:], a.At
			}
		}
		for _, a := range anchors {
			if a.Seq > 0 {
				want[a.Seq] = a.Hash
			}
			r.Anchored = max(r.Anchored, a.Seq)
		}
	}
	var prevSeq int64
	prevHash := ""
	err := l.store.ScanAudit(ctx, func(e *Entry) error {
		if r.Break != nil {
			return nil
		}
		r.Rows++
		r.Break = l.check(e, prevSeq, prevHash, r, want)
		prevSeq, prevHash = e.Seq, e.Hash
		return nil
	})
	if err != nil {
		return nil, app.Wrap("audit.Verify", err)
	}
	r.HeadSeq, r.HeadHash = prevSeq, prevHash
	if r.Break == nil && l.anchor != nil {
		r.Break = checkAnchors(r, anchors)
	}
	return r, nil
}

// check verifies one entry against the one before it and the anchors.
func (l *Log) check(e *Entry, prevSeq int64, prevHash string, r *Report, want map[int64]string) *Break {
	switch {
	case e.Seq != prevSeq+1:
		return &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条之前缺少第%d至%d条记录（已被删除）", e.Seq, prevSeq+1, e.Seq-1)}
	case e.PrevHash != prevHash:
		return &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条记录的前一哈希与第%d条不符（前一条被修改或删除）", e.Seq, prevSeq)}
	}
	keyed := r.KeyedFrom > 0 && e.Seq >= r.KeyedFrom
	if !keyed && r.KeyedFrom == 0 && l.key != nil && hmac.Equal([]byte(e.Hash), []byte(e.ComputeMAC(l.key))) {
		// Without an anchor file, the first keyed entry shows where keying began.
		r.KeyedFrom, keyed = e.Seq, true
	}
	switch {
	case keyed && (l.key == nil || !hmac.Equal([]byte(e.Hash), []byte(e.ComputeMAC(l.key)))):
		return &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条记录的密钥哈希不符（被修改、伪造或重算）", e.Seq)}
	case !keyed && e.ComputeHash() != e.Hash:
		return &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条记录的内容与其哈希不符（已被修改）", e.Seq)}
	}
	if h, ok := want[e.Seq]; ok && h != e.Hash {
		return &Break{Seq: e.Seq, Reason: fmt.Sprintf("第%d条记录与锚定文件记下的哈希不符（日志被改写）", e.Seq)}
	}
	return nil
}

// checkAnchors compares the walked chain with the anchor file as a whole.
func checkAnchors(r *Report, anchors []anchorLine) *Break {
	switch {
	case len(anchors) == 0 && r.Rows > 0:
		return &Break{Reason: fmt.Sprintf("没有锚定文件 %s（或文件为空）：无法确认最新的记录未被删除", r.AnchorPath)}
	case r.Rows == 0 && r.Anchored > 0:
		return &Break{Seq: 1, Reason: fmt.Sprintf("审计日志为空，而锚定文件记到第%d条：记录已被全部删除", r.Anchored)}
	case r.HeadSeq < r.Anchored:
		return &Break{Seq: r.HeadSeq + 1, Reason: fmt.Sprintf("锚定文件记到第%d条，日志只到第%d条：最新的%d条记录已被删除", r.Anchored, r.HeadSeq, r.Anchored-r.HeadSeq)}
	}
	for _, a := range anchors {
		if a.Kind == anchorRestart {
			return &Break{Seq: a.Seq, Reason: fmt.Sprintf("锚定文件在第%d条处重新开始（原文件丢失或被删除）：此前的记录无法核对", a.Seq)}
		}
	}
	return nil
}

// Find lists entries matching f, newest first, with the total count.
func (l *Log) Find(ctx context.Context, f Filter) ([]*Entry, int, error) {
	return l.store.FindAudit(ctx, f)
}
