package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

const exchangeColumns = `x.id, x.educator_id, e.name, e.id_masked, e.gender, e.birth_date, x.post, x.backbone, x.subjects, x.form, x.relation,
	x.origin_school_id, o.code, o.name, o.location, o.weak, o.county_id, oc.name, oc.city_id,
	x.host_school_id, h.code, h.name, h.location, h.weak, h.county_id, hc.name, hc.city_id,
	x.start_date, x.planned_end, x.announced_on, x.actual_start, x.actual_end, x.status, x.school_year, x.higher_grade, x.allowance,
	x.note, x.end_reason, COALESCE(x.round_id, 0), x.transfer_requested, x.transfer_note, x.origin_consent_by, x.origin_consent_at,
	x.host_consent_by, x.host_consent_at, x.created_by, x.created_at, x.updated_at,
	COALESCE(x.origin_consent_user_id, 0), COALESCE(x.host_consent_user_id, 0)`

const exchangeFrom = ` FROM rotation_exchanges x JOIN educators e ON e.id = x.educator_id
	JOIN schools o ON o.id = x.origin_school_id JOIN counties oc ON oc.id = o.county_id
	JOIN schools h ON h.id = x.host_school_id JOIN counties hc ON hc.id = h.county_id`

func scanExchange(sc interface{ Scan(...any) error }) (*rotation.Exchange, error) {
	x := &rotation.Exchange{}
	var subjects string
	var originConsent, hostConsent sql.NullTime
	err := sc.Scan(&x.ID, &x.EducatorID, &x.EducatorName, &x.IDMasked, &x.Gender, &x.BirthDate, &x.Post, &x.Backbone, &subjects,
		&x.Form, &x.Relation,
		&x.OriginSchoolID, &x.OriginCode, &x.OriginName, &x.OriginLocation, &x.OriginWeak, &x.CountyID, &x.CountyName, &x.CityID,
		&x.HostSchoolID, &x.HostCode, &x.HostName, &x.HostLocation, &x.HostWeak, &x.HostCountyID, &x.HostCountyName, &x.HostCityID,
		&x.Start, &x.PlannedEnd, &x.AnnouncedOn, &x.ActualStart, &x.ActualEnd, &x.Status, &x.SchoolYear, &x.HigherGrade, &x.Allowance,
		&x.Note, &x.EndReason, &x.RoundID, &x.TransferRequested, &x.TransferNote, &x.OriginConsentBy, &originConsent,
		&x.HostConsentBy, &hostConsent, &x.CreatedBy, &x.CreatedAt, &x.UpdatedAt, &x.OriginConsentUserID, &x.HostConsentUserID)
	if err != nil {
		return nil, err
	}
	x.Subjects = splitList(subjects)
	x.OriginConsentAt, x.HostConsentAt = timeOf(originConsent), timeOf(hostConsent)
	x.CreatedAt, x.UpdatedAt = x.CreatedAt.UTC(), x.UpdatedAt.UTC()
	return x, nil
}

// exchangeWhere builds the conditions of an exchange filter.
func exchangeWhere(f rotation.ExchangeFilter) where {
	var w where
	if !f.Within.All {
		w.or(func(w *where) { w.scope(f.Within, "oc.city_id", "o.county_id", "x.origin_school_id", "") },
			func(w *where) { w.scope(f.Within, "hc.city_id", "h.county_id", "x.host_school_id", "") })
	}
	if f.CountyID != 0 {
		w.add("(o.county_id = ? OR h.county_id = ?)", f.CountyID, f.CountyID)
	}
	if len(f.CountyIDs) > 0 {
		w.or(func(w *where) { w.in("o.county_id", f.CountyIDs) }, func(w *where) { w.in("h.county_id", f.CountyIDs) })
	}
	if f.SchoolID != 0 {
		w.add("(x.origin_school_id = ? OR x.host_school_id = ?)", f.SchoolID, f.SchoolID)
	}
	if f.EducatorID != 0 {
		w.add("x.educator_id = ?", f.EducatorID)
	}
	if f.Status != "" {
		w.add("x.status = ?", f.Status)
	}
	if len(f.EducatorIDs) > 0 {
		w.in("x.educator_id", f.EducatorIDs)
	}
	if f.Open {
		w.add("x.status IN ('planned', 'announced', 'active')")
	}
	if f.Form != "" {
		w.add("x.form = ?", f.Form)
	}
	if f.SchoolYear != 0 {
		w.add("x.school_year = ?", f.SchoolYear)
	}
	if f.RoundID != 0 {
		w.add("x.round_id = ?", f.RoundID)
	}
	if !f.PlannedEndFrom.IsZero() {
		w.add("x.planned_end >= ?", f.PlannedEndFrom)
	}
	if !f.PlannedEndTo.IsZero() {
		w.add("x.planned_end <= ?", f.PlannedEndTo)
	}
	if f.RelevantYear != 0 {
		w.add(`x.status <> 'cancelled' AND (x.school_year = ? OR (x.actual_start IS NOT NULL AND x.school_year < ?
			AND (x.status = 'active' OR x.actual_end >= ?)))`, f.RelevantYear, f.RelevantYear, f.RelevantOn)
	}
	return w
}

// FindExchanges lists the exchanges matching f, newest first, and their
// total (counted only when a page is asked for).
func (db *DB) FindExchanges(ctx context.Context, f rotation.ExchangeFilter) ([]*rotation.Exchange, int, error) {
	w := exchangeWhere(f)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+exchangeColumns+exchangeFrom+w.sql()+
		` ORDER BY x.school_year DESC, x.id DESC`+limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindExchanges", err)
	}
	defer rows.Close()
	out := []*rotation.Exchange{}
	for rows.Next() {
		x, err := scanExchange(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindExchanges", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, app.Wrap("store.FindExchanges", err)
	}
	total, err := listTotal(len(out), f.Limit, f.Offset, func() (n int, err error) {
		err = db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+exchangeFrom+w.sql(), w.args...).Scan(&n)
		return n, err
	})
	return out, total, app.Wrap("store.FindExchanges", err)
}

// FindExchangeByID returns an exchange.
func (db *DB) FindExchangeByID(ctx context.Context, id int64) (*rotation.Exchange, error) {
	x, err := scanExchange(db.q(ctx).QueryRowContext(ctx, `SELECT `+exchangeColumns+exchangeFrom+` WHERE x.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "交流记录")
	}
	return x, nil
}

// CreateExchange inserts an exchange and sets its ID. A second open
// exchange of the same person is a conflict.
func (db *DB) CreateExchange(ctx context.Context, x *rotation.Exchange) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_exchanges (educator_id, post, backbone, subjects, form, relation,
		origin_school_id, host_school_id, start_date, planned_end, status, school_year, higher_grade, allowance, note, round_id,
		created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
		x.EducatorID, x.Post, x.Backbone, joinList(x.Subjects), x.Form, x.Relation, x.OriginSchoolID, x.HostSchoolID, x.Start,
		x.PlannedEnd, x.Status, x.SchoolYear, x.HigherGrade, x.Allowance, x.Note, nullID(x.RoundID), x.CreatedBy, x.CreatedAt,
		x.UpdatedAt).Scan(&x.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: "该教职工已有未结束的交流（计划、已公布或交流中），不能再新建",
			English: "This person already has an exchange that has not ended", Fields: map[string]string{"educator_id": "busy"}}
	}
	return app.Wrap("store.CreateExchange", err)
}

// SetExchangeStatus writes an exchange's status and dates if its status is
// still from; ok is false when another change came first.
func (db *DB) SetExchangeStatus(ctx context.Context, x *rotation.Exchange, from rotation.ExchangeStatus) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE rotation_exchanges SET status = $1, announced_on = $2, actual_start = $3,
		actual_end = $4, school_year = $5, end_reason = $6, updated_at = $7 WHERE id = $8 AND status = $9`,
		x.Status, x.AnnouncedOn, x.ActualStart, x.ActualEnd, x.SchoolYear, x.EndReason, x.UpdatedAt, x.ID, from)
	return affected(res, err, "store.SetExchangeStatus")
}

// SetExchangeTransfer writes one step of the transfer at the end of an
// active exchange (field: request, origin or host), if that step has not
// been taken meanwhile.
func (db *DB) SetExchangeTransfer(ctx context.Context, x *rotation.Exchange, field string) (bool, error) {
	var q string
	var args []any
	switch field {
	case "request":
		q = `UPDATE rotation_exchanges SET transfer_requested = $1, transfer_note = $2, updated_at = $3
			WHERE id = $4 AND status = 'active' AND transfer_requested IS NULL`
		args = []any{x.TransferRequested, x.TransferNote, x.UpdatedAt, x.ID}
	case "origin":
		q = `UPDATE rotation_exchanges SET origin_consent_by = $1, origin_consent_at = $2, updated_at = $3, origin_consent_user_id = $5
			WHERE id = $4 AND status = 'active' AND transfer_requested IS NOT NULL AND origin_consent_by = ''`
		args = []any{x.OriginConsentBy, x.OriginConsentAt, x.UpdatedAt, x.ID, nullID(x.OriginConsentUserID)}
	case "host":
		q = `UPDATE rotation_exchanges SET host_consent_by = $1, host_consent_at = $2, updated_at = $3, host_consent_user_id = $5
			WHERE id = $4 AND status = 'active' AND transfer_requested IS NOT NULL AND host_consent_by = ''`
		args = []any{x.HostConsentBy, x.HostConsentAt, x.UpdatedAt, x.ID, nullID(x.HostConsentUserID)}
	default:
		return false, app.Internalf("store.SetExchangeTransfer", "unknown field %q", field)
	}
	res, err := db.q(ctx).ExecContext(ctx, q, args...)
	return affected(res, err, "store.SetExchangeTransfer")
}

// changed is how many rows a statement changed, with its error, or the
// error of counting, wrapped for op.
func changed(res sql.Result, err error, op string) (int64, error) {
	if err != nil {
		return 0, app.Wrap(op, err)
	}
	n, err := res.RowsAffected()
	return n, app.Wrap(op, err)
}

// affected reports whether an update changed exactly one row.
func affected(res sql.Result, err error, op string) (bool, error) {
	n, err := changed(res, err, op)
	return n == 1 && err == nil, err
}

// CreateExchangeEvent records one step of an exchange.
func (db *DB) CreateExchangeEvent(ctx context.Context, e *rotation.Event) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_exchange_events (exchange_id, action, from_status, to_status, on_date, note, actor, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.ExchangeID, e.Action, e.FromStatus, e.ToStatus, e.On, e.Note, e.Actor, e.At).Scan(&e.ID)
	return app.Wrap("store.CreateExchangeEvent", err)
}

// FindExchangeEvents returns the steps of the exchanges, oldest first.
func (db *DB) FindExchangeEvents(ctx context.Context, exchangeIDs []int64) ([]*rotation.Event, error) {
	var w where
	w.in("exchange_id", exchangeIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, exchange_id, action, from_status, to_status, on_date, note, actor, at
		FROM rotation_exchange_events`+w.sql()+` ORDER BY at, id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindExchangeEvents", err)
	}
	defer rows.Close()
	out := []*rotation.Event{}
	for rows.Next() {
		e := &rotation.Event{}
		if err := rows.Scan(&e.ID, &e.ExchangeID, &e.Action, &e.FromStatus, &e.ToStatus, &e.On, &e.Note, &e.Actor, &e.At); err != nil {
			return nil, app.Wrap("store.FindExchangeEvents", err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, app.Wrap("store.FindExchangeEvents", rows.Err())
}
