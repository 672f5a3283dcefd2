package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

const roundColumns = `r.id, s.county_id, c.city_id, r.school_id, s.name, r.host_school_id, h.name, r.school_year, r.places,
	r.notice_days, r.start_date, r.planned_end, r.status, r.notice_start, r.notice_end, r.note, r.created_by, r.created_at`

const roundFrom = ` FROM rotation_rounds r JOIN schools s ON s.id = r.school_id JOIN counties c ON c.id = s.county_id
	JOIN schools h ON h.id = r.host_school_id`

func scanRound(sc interface{ Scan(...any) error }) (*rotation.Round, error) {
	r := &rotation.Round{Applications: []*rotation.Application{}, Objections: []*rotation.Objection{}}
	err := sc.Scan(&r.ID, &r.CountyID, &r.CityID, &r.SchoolID, &r.SchoolName, &r.HostSchoolID, &r.HostName, &r.SchoolYear, &r.Places,
		&r.NoticeDays, &r.Start, &r.PlannedEnd, &r.Status, &r.NoticeStart, &r.NoticeEnd, &r.Note, &r.CreatedBy, &r.CreatedAt)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, err
}

// FindRounds lists the rounds matching f, newest first, with the total.
func (db *DB) FindRounds(ctx context.Context, f rotation.RoundFilter) ([]*rotation.Round, int, error) {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "r.school_id", "")
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.SchoolID != 0 {
		w.add("(r.school_id = ? OR r.host_school_id = ?)", f.SchoolID, f.SchoolID)
	}
	if f.Status != "" {
		w.add("r.status = ?", f.Status)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+roundColumns+roundFrom+w.sql()+` ORDER BY r.created_at DESC, r.id DESC`+
		limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindRounds", err)
	}
	defer rows.Close()
	out := []*rotation.Round{}
	for rows.Next() {
		r, err := scanRound(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindRounds", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, app.Wrap("store.FindRounds", err)
	}
	total, err := listTotal(len(out), f.Limit, f.Offset, func() (n int, err error) {
		err = db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+roundFrom+w.sql(), w.args...).Scan(&n)
		return n, err
	})
	return out, total, app.Wrap("store.FindRounds", err)
}

// FindRoundByID returns a round with its applications (best score first);
// its objections are its notice's (FindNoticeByID).
func (db *DB) FindRoundByID(ctx context.Context, id int64) (*rotation.Round, error) {
	r, err := scanRound(db.q(ctx).QueryRowContext(ctx, `SELECT `+roundColumns+roundFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "乡镇内支教选派")
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT a.id, a.round_id, a.educator_id, e.name, e.backbone, a.applied_on, a.statement, a.score,
		a.score_note, a.scored_by, a.scored_at, a.selected, COALESCE(a.exchange_id, 0)
		FROM rotation_applications a JOIN educators e ON e.id = a.educator_id WHERE a.round_id = $1
		ORDER BY a.score IS NULL, a.score DESC, a.applied_on, a.id`, id)
	if err != nil {
		return nil, app.Wrap("store.FindRoundByID", err)
	}
	for rows.Next() {
		a := &rotation.Application{}
		var score sql.NullFloat64
		var scored sql.NullTime
		if err := rows.Scan(&a.ID, &a.RoundID, &a.EducatorID, &a.EducatorName, &a.Backbone, &a.AppliedOn, &a.Statement, &score,
			&a.ScoreNote, &a.ScoredBy, &scored, &a.Selected, &a.ExchangeID); err != nil {
			rows.Close()
			return nil, app.Wrap("store.FindRoundByID", err)
		}
		if score.Valid {
			v := score.Float64
			a.Score = &v
		}
		a.ScoredAt = timeOf(scored)
		r.Applications = append(r.Applications, a)
	}
	rows.Close()
	return r, app.Wrap("store.FindRoundByID", rows.Err())
}

// CreateRound inserts a round and sets its ID.
func (db *DB) CreateRound(ctx context.Context, r *rotation.Round) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_rounds (school_id, host_school_id, school_year, places, notice_days,
		start_date, planned_end, status, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		r.SchoolID, r.HostSchoolID, r.SchoolYear, r.Places, r.NoticeDays, r.Start, r.PlannedEnd, r.Status, r.Note, r.CreatedBy,
		r.CreatedAt).Scan(&r.ID)
	return app.Wrap("store.CreateRound", err)
}

// SetRoundStatus writes a round's status and notice dates if its status is
// still from.
func (db *DB) SetRoundStatus(ctx context.Context, r *rotation.Round, from rotation.RoundStatus) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE rotation_rounds SET status = $1, notice_start = $2, notice_end = $3
		WHERE id = $4 AND status = $5`, r.Status, r.NoticeStart, r.NoticeEnd, r.ID, from)
	return affected(res, err, "store.SetRoundStatus")
}

// CreateApplication inserts an application; a second one of the same
// teacher in a round is a conflict.
func (db *DB) CreateApplication(ctx context.Context, a *rotation.Application) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_applications (round_id, educator_id, applied_on, statement)
		VALUES ($1, $2, $3, $4) RETURNING id`, a.RoundID, a.EducatorID, a.AppliedOn, a.Statement).Scan(&a.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: a.EducatorName + "已经申请过本次选派", English: "This teacher has already applied",
			Fields: map[string]string{"educator_id": "duplicate"}}
	}
	return app.Wrap("store.CreateApplication", err)
}

// SetApplicationScore writes an application's score.
func (db *DB) SetApplicationScore(ctx context.Context, a *rotation.Application) error {
	return db.execOne(ctx, "store.SetApplicationScore", "申请", `UPDATE rotation_applications SET score = $1, score_note = $2,
		scored_by = $3, scored_at = $4 WHERE id = $5`, *a.Score, a.ScoreNote, a.ScoredBy, a.ScoredAt, a.ID)
}

// SelectApplication marks an application selected with the exchange it led to.
func (db *DB) SelectApplication(ctx context.Context, applicationID, exchangeID int64) error {
	return db.execOne(ctx, "store.SelectApplication", "申请", `UPDATE rotation_applications SET selected = TRUE, exchange_id = $1
		WHERE id = $2`, exchangeID, applicationID)
}
