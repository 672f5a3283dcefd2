package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// FindBatches lists a programme's batches in order, with their places per
// category, their hosts and the numbers placed.
func (db *DB) FindBatches(ctx context.Context, programmeID int64) ([]*secondment.Batch, error) {
	return db.findBatches(ctx, programmeID, 0)
}

// FindBatch returns one batch of a programme.
func (db *DB) FindBatch(ctx context.Context, programmeID, batchID int64) (*secondment.Batch, error) {
	list, err := db.findBatches(ctx, programmeID, batchID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("批次")
	}
	return list[0], nil
}

func (db *DB) findBatches(ctx context.Context, programmeID, batchID int64) ([]*secondment.Batch, error) {
	var w where
	w.add("b.programme_id = ?", programmeID)
	if batchID != 0 {
		w.add("b.id = ?", batchID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT b.id, b.programme_id, b.position, b.name, b.start_date, b.end_date, b.closed,
		(SELECT COUNT(*) FROM secondment_placements p WHERE p.batch_id = b.id)
		FROM secondment_batches b`+w.sql()+` ORDER BY b.position, b.start_date, b.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindBatches", err)
	}
	defer rows.Close()
	out := []*secondment.Batch{}
	byID := map[int64]*secondment.Batch{}
	var ids []int64
	for rows.Next() {
		b := &secondment.Batch{Quotas: []secondment.BatchQuota{}, Hosts: []secondment.BatchHost{}}
		if err := rows.Scan(&b.ID, &b.ProgrammeID, &b.Position, &b.Name, &b.Start, &b.End, &b.Closed, &b.Enrolled); err != nil {
			return nil, app.Wrap("store.FindBatches", err)
		}
		out = append(out, b)
		byID[b.ID] = b
		ids = append(ids, b.ID)
	}
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return out, app.Wrap("store.FindBatches", err)
	}
	if err := db.loadBatchQuotas(ctx, ids, byID); err != nil {
		return nil, err
	}
	return out, db.loadBatchHosts(ctx, ids, byID)
}

func (db *DB) loadBatchQuotas(ctx context.Context, ids []int64, byID map[int64]*secondment.Batch) error {
	var w where
	w.in("q.batch_id", ids)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT q.batch_id, q.category, q.capacity,
		(SELECT COUNT(*) FROM secondment_placements p JOIN programme_members m ON m.programme_id = p.programme_id AND m.educator_id = p.educator_id
		 WHERE p.batch_id = q.batch_id AND m.category = q.category)
		FROM secondment_batch_quotas q LEFT JOIN secondment_batches b ON b.id = q.batch_id
		LEFT JOIN programme_categories k ON k.programme_id = b.programme_id AND k.name = q.category`+w.sql()+`
		ORDER BY q.batch_id, COALESCE(k.position, 0), q.category`, w.args...)
	if err != nil {
		return app.Wrap("store.loadBatchQuotas", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var q secondment.BatchQuota
		if err := rows.Scan(&id, &q.Category, &q.Capacity, &q.Enrolled); err != nil {
			return app.Wrap("store.loadBatchQuotas", err)
		}
		byID[id].Quotas = append(byID[id].Quotas, q)
	}
	return app.Wrap("store.loadBatchQuotas", rows.Err())
}

func (db *DB) loadBatchHosts(ctx context.Context, ids []int64, byID map[int64]*secondment.Batch) error {
	var w where
	w.in("bh.batch_id", ids)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT bh.batch_id, bh.host_id, h.name, h.place, bh.capacity,
		(SELECT COUNT(*) FROM secondment_placements p WHERE p.batch_id = bh.batch_id AND p.host_id = bh.host_id)
		FROM secondment_batch_hosts bh JOIN secondment_hosts h ON h.id = bh.host_id`+w.sql()+` ORDER BY bh.batch_id, h.name, h.id`, w.args...)
	if err != nil {
		return app.Wrap("store.loadBatchHosts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		h := secondment.BatchHost{Duties: []string{}}
		if err := rows.Scan(&id, &h.HostID, &h.HostName, &h.Place, &h.Capacity, &h.Placed); err != nil {
			return app.Wrap("store.loadBatchHosts", err)
		}
		byID[id].Hosts = append(byID[id].Hosts, h)
	}
	if err := rows.Err(); err != nil {
		return app.Wrap("store.loadBatchHosts", err)
	}
	var wd where
	wd.in("batch_id", ids)
	drows, err := db.q(ctx).QueryContext(ctx, `SELECT batch_id, host_id, duty FROM secondment_host_duties`+wd.sql()+` ORDER BY batch_id, host_id, duty`,
		wd.args...)
	if err != nil {
		return app.Wrap("store.loadBatchHosts", err)
	}
	defer drows.Close()
	for drows.Next() {
		var batch, host int64
		var duty string
		if err := drows.Scan(&batch, &host, &duty); err != nil {
			return app.Wrap("store.loadBatchHosts", err)
		}
		b := byID[batch]
		for i := range b.Hosts {
			if b.Hosts[i].HostID == host {
				b.Hosts[i].Duties = append(b.Hosts[i].Duties, duty)
			}
		}
	}
	return app.Wrap("store.loadBatchHosts", drows.Err())
}

var errBatchName = &app.Error{Code: app.Conflict, Message: "本项目已有同名批次", English: "The programme already has a batch of this name",
	Fields: map[string]string{"name": "taken"}}

// CreateBatch inserts a batch with its places and sets its ID.
func (db *DB) CreateBatch(ctx context.Context, b *secondment.Batch) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_batches (programme_id, position, name, start_date, end_date, closed)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, b.ProgrammeID, b.Position, b.Name, b.Start, b.End, b.Closed).Scan(&b.ID)
		if isUniqueViolation(err) {
			return errBatchName
		}
		if err != nil {
			return app.Wrap("store.CreateBatch", err)
		}
		return db.saveBatchQuotas(ctx, b)
	})
}

func (db *DB) saveBatchQuotas(ctx context.Context, b *secondment.Batch) error {
	if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_batch_quotas WHERE batch_id = $1`, b.ID); err != nil {
		return app.Wrap("store.saveBatchQuotas", err)
	}
	for _, q := range b.Quotas {
		if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_batch_quotas (batch_id, category, capacity) VALUES ($1, $2, $3)`,
			b.ID, q.Category, q.Capacity); err != nil {
			return app.Wrap("store.saveBatchQuotas", err)
		}
	}
	return nil
}

// UpdateBatch saves a batch's fields and replaces its places.
func (db *DB) UpdateBatch(ctx context.Context, b *secondment.Batch) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		res, err := db.q(ctx).ExecContext(ctx, `UPDATE secondment_batches SET name = $1, start_date = $2, end_date = $3, closed = $4
			WHERE id = $5 AND programme_id = $6`, b.Name, b.Start, b.End, b.Closed, b.ID, b.ProgrammeID)
		if isUniqueViolation(err) {
			return errBatchName
		}
		if ok, err := affected(res, err, "store.UpdateBatch"); err != nil || !ok {
			if err == nil {
				err = app.ErrNotFound("批次")
			}
			return err
		}
		return db.saveBatchQuotas(ctx, b)
	})
}

// DeleteBatch removes a batch with its places, hosts and duties.
func (db *DB) DeleteBatch(ctx context.Context, programmeID, batchID int64) error {
	return db.execOne(ctx, "store.DeleteBatch", "批次", `DELETE FROM secondment_batches WHERE id = $1 AND programme_id = $2`, batchID, programmeID)
}

// SetBatchHost adds a host to a batch or changes its capacity there.
func (db *DB) SetBatchHost(ctx context.Context, batchID, hostID int64, capacity int) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_batch_hosts (batch_id, host_id, capacity) VALUES ($1, $2, $3)
		ON CONFLICT (batch_id, host_id) DO UPDATE SET capacity = excluded.capacity`, batchID, hostID, capacity)
	return app.Wrap("store.SetBatchHost", err)
}

// DeleteBatchHost takes a host and its ticked duties out of a batch.
func (db *DB) DeleteBatchHost(ctx context.Context, batchID, hostID int64) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_host_duties WHERE batch_id = $1 AND host_id = $2`, batchID, hostID); err != nil {
			return app.Wrap("store.DeleteBatchHost", err)
		}
		return db.execOne(ctx, "store.DeleteBatchHost", "接收学校", `DELETE FROM secondment_batch_hosts WHERE batch_id = $1 AND host_id = $2`,
			batchID, hostID)
	})
}

// SetHostDuties replaces the duties a host has ticked for a batch; a duty
// ticked before keeps who ticked it and when.
func (db *DB) SetHostDuties(ctx context.Context, batchID, hostID int64, duties []string, by string) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		var w where
		w.add("batch_id = ?", batchID)
		w.add("host_id = ?", hostID)
		if len(duties) > 0 {
			marks := make([]any, len(duties))
			q := ""
			for i, d := range duties {
				marks[i] = d
				if i > 0 {
					q += ", "
				}
				q += "?"
			}
			w.add("duty NOT IN ("+q+")", marks...)
		}
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_host_duties`+w.sql(), w.args...); err != nil {
			return app.Wrap("store.SetHostDuties", err)
		}
		now := db.Now()
		for _, d := range duties {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_host_duties (batch_id, host_id, duty, done_by, done_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (batch_id, host_id, duty) DO NOTHING`, batchID, hostID, d, by, now); err != nil {
				return app.Wrap("store.SetHostDuties", err)
			}
		}
		return nil
	})
}
