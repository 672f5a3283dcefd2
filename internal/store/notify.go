package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notify"
)

const itemColumns = `i.id, i.item_key, i.kind, i.title, i.link, i.permission, i.user_id, i.city_id, i.county_id, i.school_id,
	i.educator_id, i.programme_id, i.due, i.generation, i.created_at, i.done_at`

func scanItem(sc interface{ Scan(...any) error }, extra ...any) (*notify.Item, error) {
	it := &notify.Item{}
	var perm string
	var done sql.NullTime
	dest := []any{&it.ID, &it.Key, &it.Kind, &it.Title, &it.Link, &perm, &it.UserID, &it.Place.CityID, &it.Place.CountyID,
		&it.Place.SchoolID, &it.Place.EducatorID, &it.Place.ProgrammeID, &it.Due, &it.Generation, &it.Since, &done}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	it.Permission, it.Since, it.DoneAt = auth.Permission(perm), it.Since.UTC(), timeOf(done)
	return it, nil
}

// SaveItem opens the item of it.Key, updates it while open, or opens it
// again as a new generation (unread, to be delivered again) once done.
func (db *DB) SaveItem(ctx context.Context, it *notify.Item) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		q := db.q(ctx)
		p := it.Place
		err := q.QueryRowContext(ctx, `INSERT INTO notify_items (item_key, kind, title, link, permission, user_id, city_id, county_id,
			school_id, educator_id, programme_id, due, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (item_key) DO NOTHING RETURNING id`, it.Key, it.Kind, it.Title, it.Link, string(it.Permission), it.UserID,
			p.CityID, p.CountyID, p.SchoolID, p.EducatorID, p.ProgrammeID, it.Due, it.Since).Scan(&it.ID)
		if err == nil {
			it.Generation = 1
			return nil
		}
		if err != sql.ErrNoRows {
			return app.Wrap("store.SaveItem", err)
		}
		var done sql.NullTime
		if err := q.QueryRowContext(ctx, `SELECT id, generation, done_at FROM notify_items WHERE item_key = $1`+db.dialect.forUpdate(),
			it.Key).Scan(&it.ID, &it.Generation, &done); err != nil {
			return app.Wrap("store.SaveItem", err)
		}
		set := `kind = $1, title = $2, link = $3, permission = $4, user_id = $5, city_id = $6, county_id = $7, school_id = $8,
			educator_id = $9, programme_id = $10, due = $11`
		args := []any{it.Kind, it.Title, it.Link, string(it.Permission), it.UserID, p.CityID, p.CountyID, p.SchoolID, p.EducatorID,
			p.ProgrammeID, it.Due}
		if done.Valid {
			it.Generation++
			set += `, generation = $12, created_at = $13, done_at = NULL, dispatched = $14`
			args = append(args, it.Generation, it.Since, false)
			if _, err := q.ExecContext(ctx, `DELETE FROM notify_reads WHERE item_id = $1`, it.ID); err != nil {
				return app.Wrap("store.SaveItem", err)
			}
		}
		args = append(args, it.ID)
		_, err = q.ExecContext(ctx, `UPDATE notify_items SET `+set+` WHERE id = $`+itoa(len(args)), args...)
		return app.Wrap("store.SaveItem", err)
	})
}

// DoneItems closes the open items of keys.
func (db *DB) DoneItems(ctx context.Context, keys []string, at time.Time) error {
	w := where{args: []any{at}}
	w.add("done_at IS NULL")
	w.inStrings("item_key", keys)
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE notify_items SET done_at = $1`+w.sql(), w.args...)
	return app.Wrap("store.DoneItems", err)
}

func itoa(n int) string { return strconv.Itoa(n) }

// FindOpenItems lists the open items for f, oldest first.
func (db *DB) FindOpenItems(ctx context.Context, f notify.ItemFilter) ([]*notify.Item, error) {
	var w where
	w.add("i.done_at IS NULL")
	var parts []func(*where)
	if f.UserID != 0 {
		parts = append(parts, func(w *where) { w.add("i.user_id = ?", f.UserID) })
	}
	if !f.Within.Empty() {
		parts = append(parts, func(w *where) {
			w.add("i.user_id = 0")
			w.scope(f.Within, "i.city_id", "i.county_id", "i.school_id", "i.educator_id")
			if !f.Within.All && len(f.Within.ProgrammeIDs) > 0 {
				// scope has no programme column: programmes are added as a further choice.
				last := len(w.conds) - 1
				inner := where{args: w.args}
				inner.in("i.programme_id", f.Within.ProgrammeIDs)
				w.args = inner.args
				w.conds[last] = "(" + w.conds[last] + " OR " + inner.conds[0] + ")"
			}
		})
	}
	w.or(parts...)
	w.args = append(w.args, f.ReaderID)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+itemColumns+`, EXISTS (SELECT 1 FROM notify_reads r WHERE r.item_id = i.id
		AND r.user_id = $`+itoa(len(w.args))+`) FROM notify_items i`+w.sql()+` ORDER BY i.created_at, i.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindOpenItems", err)
	}
	defer rows.Close()
	var out []*notify.Item
	for rows.Next() {
		var read bool
		it, err := scanItem(rows, &read)
		if err != nil {
			return nil, app.Wrap("store.FindOpenItems", err)
		}
		it.Read = read
		out = append(out, it)
	}
	return out, app.Wrap("store.FindOpenItems", rows.Err())
}

// FindItemByID returns an item, marked read for readerID.
func (db *DB) FindItemByID(ctx context.Context, id, readerID int64) (*notify.Item, error) {
	var read bool
	it, err := scanItem(db.q(ctx).QueryRowContext(ctx, `SELECT `+itemColumns+`, EXISTS (SELECT 1 FROM notify_reads r
		WHERE r.item_id = i.id AND r.user_id = $2) FROM notify_items i WHERE i.id = $1`, id, readerID), &read)
	if err != nil {
		return nil, notFound(err, "待办事项")
	}
	it.Read = read
	return it, nil
}

// MarkItemRead marks an item read for a user.
func (db *DB) MarkItemRead(ctx context.Context, itemID, userID int64, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO notify_reads (item_id, user_id, read_at) VALUES ($1, $2, $3)
		ON CONFLICT (item_id, user_id) DO NOTHING`, itemID, userID, at)
	return app.Wrap("store.MarkItemRead", err)
}

// FindOpenItemKeys lists the keys of the open items beginning with prefix.
func (db *DB) FindOpenItemKeys(ctx context.Context, prefix string) ([]string, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT item_key FROM notify_items WHERE done_at IS NULL AND item_key LIKE $1 ESCAPE '\'`,
		likeEscape(prefix)+"%")
	if err != nil {
		return nil, app.Wrap("store.FindOpenItemKeys", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, app.Wrap("store.FindOpenItemKeys", err)
		}
		out = append(out, k)
	}
	return out, app.Wrap("store.FindOpenItemKeys", rows.Err())
}

// FindUndispatched lists open items whose generation is not yet delivered.
func (db *DB) FindUndispatched(ctx context.Context, limit int) ([]*notify.Item, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+itemColumns+` FROM notify_items i WHERE i.done_at IS NULL AND i.dispatched = $1
		ORDER BY i.id`+limitOffset(limit, 0), false)
	if err != nil {
		return nil, app.Wrap("store.FindUndispatched", err)
	}
	defer rows.Close()
	var out []*notify.Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, app.Wrap("store.FindUndispatched", err)
		}
		out = append(out, it)
	}
	return out, app.Wrap("store.FindUndispatched", rows.Err())
}

// MarkDispatched records that an item's generation has its deliveries.
func (db *DB) MarkDispatched(ctx context.Context, itemID int64, generation int) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE notify_items SET dispatched = $1 WHERE id = $2 AND generation = $3`, true, itemID, generation)
	return app.Wrap("store.MarkDispatched", err)
}

// FindPrefs returns a user's delivery preferences, the defaults when none are saved.
func (db *DB) FindPrefs(ctx context.Context, userID int64) (*notify.Prefs, error) {
	p := &notify.Prefs{UserID: userID}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT email, email_on, digest, updated_at FROM notify_prefs WHERE user_id = $1`, userID).
		Scan(&p.Email, &p.EmailOn, &p.Digest, &p.UpdatedAt)
	if err == sql.ErrNoRows {
		return p, nil
	}
	return p, app.Wrap("store.FindPrefs", err)
}

// SavePrefs writes a user's delivery preferences.
func (db *DB) SavePrefs(ctx context.Context, p *notify.Prefs) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO notify_prefs (user_id, email, email_on, digest, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, email_on = excluded.email_on, digest = excluded.digest,
		updated_at = excluded.updated_at`, p.UserID, p.Email, p.EmailOn, p.Digest, p.UpdatedAt)
	return app.Wrap("store.SavePrefs", err)
}

// FindMailPrefs lists the preferences of enabled accounts that chose e-mail.
func (db *DB) FindMailPrefs(ctx context.Context) ([]*notify.Prefs, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT p.user_id, p.email, p.email_on, p.digest, p.updated_at FROM notify_prefs p
		JOIN users u ON u.id = p.user_id WHERE p.email_on = $1 AND p.email <> '' AND u.disabled = $2 ORDER BY p.user_id`, true, false)
	if err != nil {
		return nil, app.Wrap("store.FindMailPrefs", err)
	}
	defer rows.Close()
	var out []*notify.Prefs
	for rows.Next() {
		p := &notify.Prefs{}
		if err := rows.Scan(&p.UserID, &p.Email, &p.EmailOn, &p.Digest, &p.UpdatedAt); err != nil {
			return nil, app.Wrap("store.FindMailPrefs", err)
		}
		out = append(out, p)
	}
	return out, app.Wrap("store.FindMailPrefs", rows.Err())
}

// FindUnit returns a unit's robots, empty when none are saved.
func (db *DB) FindUnit(ctx context.Context, kind string, id int64) (*notify.Unit, error) {
	u := &notify.Unit{Kind: kind, ID: id}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT wecom_url, dingtalk_url, digest, updated_at FROM notify_units
		WHERE unit_kind = $1 AND unit_id = $2`, kind, id).Scan(&u.WeCom, &u.DingTalk, &u.Digest, &u.UpdatedAt)
	if err == sql.ErrNoRows {
		return u, nil
	}
	return u, app.Wrap("store.FindUnit", err)
}

// SaveUnit writes a unit's robots.
func (db *DB) SaveUnit(ctx context.Context, u *notify.Unit) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO notify_units (unit_kind, unit_id, wecom_url, dingtalk_url, digest, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (unit_kind, unit_id) DO UPDATE SET wecom_url = excluded.wecom_url,
		dingtalk_url = excluded.dingtalk_url, digest = excluded.digest, updated_at = excluded.updated_at`,
		u.Kind, u.ID, u.WeCom, u.DingTalk, u.Digest, u.UpdatedAt)
	return app.Wrap("store.SaveUnit", err)
}

// FindRobotUnits lists the units with a robot.
func (db *DB) FindRobotUnits(ctx context.Context) ([]*notify.Unit, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT unit_kind, unit_id, wecom_url, dingtalk_url, digest, updated_at FROM notify_units
		WHERE wecom_url <> '' OR dingtalk_url <> '' ORDER BY unit_kind, unit_id`)
	if err != nil {
		return nil, app.Wrap("store.FindRobotUnits", err)
	}
	defer rows.Close()
	var out []*notify.Unit
	for rows.Next() {
		u := &notify.Unit{}
		if err := rows.Scan(&u.Kind, &u.ID, &u.WeCom, &u.DingTalk, &u.Digest, &u.UpdatedAt); err != nil {
			return nil, app.Wrap("store.FindRobotUnits", err)
		}
		out = append(out, u)
	}
	return out, app.Wrap("store.FindRobotUnits", rows.Err())
}

// CreateDelivery records d unless a delivery of its key exists.
func (db *DB) CreateDelivery(ctx context.Context, d *notify.Delivery) (bool, error) {
	var item any
	if d.ItemID != 0 {
		item = d.ItemID
	}
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO notify_deliveries (delivery_key, channel, recipient, item_id, subject, body, status,
		created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delivery_key) DO NOTHING RETURNING id`,
		d.Key, d.Channel, d.Recipient, item, d.Subject, d.Body, d.Status, d.CreatedAt).Scan(&d.ID)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, app.Wrap("store.CreateDelivery", err)
}

const deliveryColumns = `id, delivery_key, channel, recipient, item_id, subject, body, status, attempts, last_error, created_at, sent_at`

func scanDelivery(sc interface{ Scan(...any) error }) (*notify.Delivery, error) {
	d := &notify.Delivery{}
	var item sql.NullInt64
	var sent sql.NullTime
	if err := sc.Scan(&d.ID, &d.Key, &d.Channel, &d.Recipient, &item, &d.Subject, &d.Body, &d.Status, &d.Attempts, &d.LastError,
		&d.CreatedAt, &sent); err != nil {
		return nil, err
	}
	d.ItemID, d.SentAt, d.CreatedAt = item.Int64, timeOf(sent), d.CreatedAt.UTC()
	return d, nil
}

// ClaimDelivery takes a pending delivery, or one whose claim has lapsed,
// until until; of two workers claiming at once one gets it.
func (db *DB) ClaimDelivery(ctx context.Context, id int64, now, until time.Time) (*notify.Delivery, bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE notify_deliveries SET claimed_until = $1, attempts = attempts + 1
		WHERE id = $2 AND status = $3 AND (claimed_until IS NULL OR claimed_until < $4)`, until, id, notify.DeliveryPending, now)
	if err != nil {
		return nil, false, app.Wrap("store.ClaimDelivery", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return nil, false, app.Wrap("store.ClaimDelivery", err)
	}
	d, err := scanDelivery(db.q(ctx).QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM notify_deliveries WHERE id = $1`, id))
	if err != nil {
		return nil, false, notFound(err, "消息")
	}
	return d, true, nil
}

// FinishDelivery marks a delivery sent.
func (db *DB) FinishDelivery(ctx context.Context, id int64, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE notify_deliveries SET status = $1, sent_at = $2, claimed_until = NULL, last_error = ''
		WHERE id = $3`, notify.DeliverySent, at, id)
	return app.Wrap("store.FinishDelivery", err)
}

// FailDelivery releases a delivery's claim with the error; final marks it failed.
func (db *DB) FailDelivery(ctx context.Context, id int64, msg string, final bool) error {
	status := notify.DeliveryPending
	if final {
		status = notify.DeliveryFailed
	}
	if len(msg) > 500 {
		msg = msg[:500]
	}
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE notify_deliveries SET status = $1, last_error = $2, claimed_until = NULL WHERE id = $3`,
		status, strings.ToValidUTF8(msg, ""), id)
	return app.Wrap("store.FailDelivery", err)
}

// FindDeliveries lists the deliveries, oldest first: the record of what
// was sent.
func (db *DB) FindDeliveries(ctx context.Context) ([]*notify.Delivery, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+deliveryColumns+` FROM notify_deliveries ORDER BY id`)
	if err != nil {
		return nil, app.Wrap("store.FindDeliveries", err)
	}
	defer rows.Close()
	var out []*notify.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, app.Wrap("store.FindDeliveries", err)
		}
		out = append(out, d)
	}
	return out, app.Wrap("store.FindDeliveries", rows.Err())
}
