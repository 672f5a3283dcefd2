package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/notice"
)

// The notices (公示) of every procedure, their published entries and
// objections (package notice).

const noticeColumns = `n.id, n.kind, n.subject_id, n.city_id, n.county_id, n.school_id, n.programme_id, n.title, n.body,
	n.start_on, n.end_on, n.state, n.state_note, n.state_by, n.state_at, n.published_by, COALESCE(n.published_by_user_id, 0),
	n.published_at,
	(SELECT COUNT(*) FROM notice_objections o WHERE o.notice_id = n.id),
	(SELECT COUNT(*) FROM notice_objections o WHERE o.notice_id = n.id AND o.outcome = '')`

func scanNotice(sc interface{ Scan(...any) error }) (*notice.Notice, error) {
	n := &notice.Notice{Entries: []notice.Entry{}, Objections: []*notice.Objection{}}
	var stateAt sql.NullTime
	err := sc.Scan(&n.ID, &n.Kind, &n.SubjectID, &n.Place.CityID, &n.Place.CountyID, &n.Place.SchoolID, &n.Place.ProgrammeID,
		&n.Title, &n.Body, &n.Start, &n.End, &n.State, &n.StateNote, &n.StateBy, &stateAt, &n.PublishedBy, &n.PublishedByUserID,
		&n.PublishedAt, &n.ObjectionCount, &n.Unanswered)
	n.StateAt, n.PublishedAt = timeOf(stateAt), n.PublishedAt.UTC()
	return n, err
}

// CreateNotice inserts n with its entries and sets its ID.
func (db *DB) CreateNotice(ctx context.Context, n *notice.Notice) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO notices (kind, subject_id, city_id, county_id, school_id, programme_id,
			title, body, start_on, end_on, state, published_by, published_by_user_id, published_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			n.Kind, n.SubjectID, n.Place.CityID, n.Place.CountyID, n.Place.SchoolID, n.Place.ProgrammeID, n.Title, n.Body,
			n.Start, n.End, n.State, n.PublishedBy, nullID(n.PublishedByUserID), n.PublishedAt.UTC()).Scan(&n.ID)
		if err != nil {
			return app.Wrap("store.CreateNotice", err)
		}
		for i, e := range n.Entries {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO notice_entries (notice_id, position, entry_key, educator_id, label, detail)
				VALUES ($1, $2, $3, $4, $5, $6)`, n.ID, i, e.Key, nullID(e.EducatorID), e.Label, e.Detail); err != nil {
				return app.Wrap("store.CreateNotice entries", err)
			}
		}
		return nil
	})
}

// FindNoticeByID returns a notice with its entries and all its objections.
func (db *DB) FindNoticeByID(ctx context.Context, id int64) (*notice.Notice, error) {
	n, err := scanNotice(db.q(ctx).QueryRowContext(ctx, `SELECT `+noticeColumns+` FROM notices n WHERE n.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "公示")
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT entry_key, COALESCE(educator_id, 0), label, detail FROM notice_entries
		WHERE notice_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, app.Wrap("store.FindNoticeByID", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e notice.Entry
		if err := rows.Scan(&e.Key, &e.EducatorID, &e.Label, &e.Detail); err != nil {
			return nil, app.Wrap("store.FindNoticeByID", err)
		}
		n.Entries = append(n.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindNoticeByID", err)
	}
	rows.Close()
	orows, err := db.q(ctx).QueryContext(ctx, `SELECT `+noticeObjectionColumns+` FROM notice_objections WHERE notice_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, app.Wrap("store.FindNoticeByID", err)
	}
	defer orows.Close()
	for orows.Next() {
		o, err := scanNoticeObjection(orows)
		if err != nil {
			return nil, app.Wrap("store.FindNoticeByID", err)
		}
		n.Objections = append(n.Objections, o)
	}
	return n, app.Wrap("store.FindNoticeByID", orows.Err())
}

// FindNotices lists notices, newest first, without entries and objections;
// a zero kind or subject matches all.
func (db *DB) FindNotices(ctx context.Context, kind notice.Kind, subjectID int64) ([]*notice.Notice, error) {
	var w where
	if kind != "" {
		w.add("n.kind = ?", kind)
	}
	if subjectID != 0 {
		w.add("n.subject_id = ?", subjectID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices n`+w.sql()+` ORDER BY n.published_at DESC, n.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindNotices", err)
	}
	defer rows.Close()
	out := []*notice.Notice{}
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, app.Wrap("store.FindNotices", err)
		}
		out = append(out, n)
	}
	return out, app.Wrap("store.FindNotices", rows.Err())
}

// LockNotice holds a notice's row until the transaction ends.
func (db *DB) LockNotice(ctx context.Context, id int64) error {
	return db.lockRow(ctx, "notices", id, "公示")
}

// SetNoticeState writes n's state if it is still from.
func (db *DB) SetNoticeState(ctx context.Context, n *notice.Notice, from notice.State) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE notices SET state = $1, state_note = $2, state_by = $3, state_at = $4
		WHERE id = $5 AND state = $6`, n.State, n.StateNote, n.StateBy, nullTime(n.StateAt), n.ID, from)
	return affected(res, err, "store.SetNoticeState")
}

const noticeObjectionColumns = `id, notice_id, entry_key, text, raised_by, COALESCE(raised_by_user_id, 0), raised_on, raised_at,
	answer, outcome, answered_by, COALESCE(answered_by_user_id, 0), answered_at`

func scanNoticeObjection(sc interface{ Scan(...any) error }) (*notice.Objection, error) {
	o := &notice.Objection{}
	var answered sql.NullTime
	err := sc.Scan(&o.ID, &o.NoticeID, &o.EntryKey, &o.Text, &o.RaisedBy, &o.RaisedByUserID, &o.RaisedOn, &o.RaisedAt,
		&o.Answer, &o.Outcome, &o.AnsweredBy, &o.AnsweredByUserID, &answered)
	o.RaisedAt, o.AnsweredAt = o.RaisedAt.UTC(), timeOf(answered)
	return o, err
}

// CreateNoticeObjection inserts an objection and sets its ID.
func (db *DB) CreateNoticeObjection(ctx context.Context, o *notice.Objection) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO notice_objections (notice_id, entry_key, text, raised_by, raised_by_user_id,
		raised_on, raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		o.NoticeID, o.EntryKey, o.Text, o.RaisedBy, nullID(o.RaisedByUserID), o.RaisedOn, o.RaisedAt.UTC()).Scan(&o.ID)
	return app.Wrap("store.CreateNoticeObjection", err)
}

// FindNoticeObjectionByID returns an objection.
func (db *DB) FindNoticeObjectionByID(ctx context.Context, id int64) (*notice.Objection, error) {
	o, err := scanNoticeObjection(db.q(ctx).QueryRowContext(ctx, `SELECT `+noticeObjectionColumns+` FROM notice_objections WHERE id = $1`, id))
	if err != nil {
		return nil, notFound(err, "异议")
	}
	return o, nil
}

// AnswerNoticeObjection writes the answer of an objection not yet answered.
func (db *DB) AnswerNoticeObjection(ctx context.Context, o *notice.Objection) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE notice_objections SET answer = $1, outcome = $2, answered_by = $3,
		answered_by_user_id = $4, answered_at = $5 WHERE id = $6 AND outcome = ''`,
		o.Answer, o.Outcome, o.AnsweredBy, nullID(o.AnsweredByUserID), o.AnsweredAt.UTC(), o.ID)
	return affected(res, err, "store.AnswerNoticeObjection")
}
