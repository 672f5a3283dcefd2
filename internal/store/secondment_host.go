package store

import (
	"context"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

const hostColumns = `h.id, h.city_id, COALESCE(h.county_id, 0), h.name, h.place, h.address, h.level, h.contact_name, h.contact_phone, h.note,
	h.created_by, h.created_at, h.updated_at`

func scanHost(sc interface{ Scan(...any) error }) (*secondment.Host, error) {
	h := &secondment.Host{Departments: []secondment.Department{}}
	err := sc.Scan(&h.ID, &h.CityID, &h.CountyID, &h.Name, &h.Place, &h.Address, &h.Level, &h.ContactName, &h.ContactPhone, &h.Note,
		&h.CreatedBy, &h.CreatedAt, &h.UpdatedAt)
	h.CreatedAt, h.UpdatedAt = h.CreatedAt.UTC(), h.UpdatedAt.UTC()
	return h, err
}

// FindHosts lists the hosts registered inside f.Within, or of a batch of a
// programme inside it, by name.
func (db *DB) FindHosts(ctx context.Context, f secondment.HostFilter) ([]*secondment.Host, error) {
	var w where
	if s := f.Within; !s.All {
		w.or(func(w *where) {
			if len(s.CityIDs) > 0 {
				w.in("h.city_id", s.CityIDs)
			}
		}, func(w *where) {
			if len(s.CountyIDs) > 0 {
				w.in("h.county_id", s.CountyIDs)
			}
		}, func(w *where) {
			if len(s.ProgrammeIDs) > 0 {
				in, args := inMarks("b.programme_id", s.ProgrammeIDs)
				w.add(`h.id IN (SELECT bh.host_id FROM secondment_batch_hosts bh JOIN secondment_batches b ON b.id = bh.batch_id WHERE `+
					in+`)`, args...)
			}
		}, func(w *where) {
			if len(s.CountyIDs) > 0 {
				in, args := inMarks("p.county_id", s.CountyIDs)
				w.add(`h.id IN (SELECT bh.host_id FROM secondment_batch_hosts bh JOIN secondment_batches b ON b.id = bh.batch_id
					JOIN programmes p ON p.id = b.programme_id WHERE `+in+`)`, args...)
			}
		})
	}
	if f.Q != "" {
		q := "%" + likeEscape(f.Q) + "%"
		w.add(`(h.name LIKE ? ESCAPE '\' OR h.place LIKE ? ESCAPE '\')`, q, q)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+hostColumns+` FROM secondment_hosts h`+w.sql()+` ORDER BY h.place, h.name, h.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindHosts", err)
	}
	defer rows.Close()
	out := []*secondment.Host{}
	for rows.Next() {
		h, err := scanHost(rows)
		if err != nil {
			return nil, app.Wrap("store.FindHosts", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindHosts", err)
	}
	return out, db.loadDepartments(ctx, out)
}

func (db *DB) loadDepartments(ctx context.Context, hosts []*secondment.Host) error {
	if len(hosts) == 0 {
		return nil
	}
	byID := map[int64]*secondment.Host{}
	ids := make([]int64, len(hosts))
	for i, h := range hosts {
		byID[h.ID], ids[i] = h, h.ID
	}
	var w where
	w.in("host_id", ids)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, host_id, kind, name, subject FROM secondment_departments`+w.sql()+` ORDER BY host_id, id`, w.args...)
	if err != nil {
		return app.Wrap("store.loadDepartments", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d secondment.Department
		if err := rows.Scan(&d.ID, &d.HostID, &d.Kind, &d.Name, &d.Subject); err != nil {
			return app.Wrap("store.loadDepartments", err)
		}
		byID[d.HostID].Departments = append(byID[d.HostID].Departments, d)
	}
	return app.Wrap("store.loadDepartments", rows.Err())
}

// FindHostByID returns a host with its departments.
func (db *DB) FindHostByID(ctx context.Context, id int64) (*secondment.Host, error) {
	h, err := scanHost(db.q(ctx).QueryRowContext(ctx, `SELECT `+hostColumns+` FROM secondment_hosts h WHERE h.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "接收学校")
	}
	return h, db.loadDepartments(ctx, []*secondment.Host{h})
}

var errHostName = &app.Error{Code: app.Conflict, Message: "本单位已登记同名接收学校", English: "A host of this name is already registered",
	Fields: map[string]string{"name": "taken"}}

// CreateHost inserts a host with its departments and sets their IDs.
func (db *DB) CreateHost(ctx context.Context, h *secondment.Host) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_hosts (city_id, county_id, name, place, address, level, contact_name,
			contact_phone, note, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			h.CityID, nullID(h.CountyID), h.Name, h.Place, h.Address, h.Level, h.ContactName, h.ContactPhone, h.Note, h.CreatedBy, h.CreatedAt,
			h.UpdatedAt).Scan(&h.ID)
		if isUniqueViolation(err) {
			return errHostName
		}
		if err != nil {
			return app.Wrap("store.CreateHost", err)
		}
		return db.saveDepartments(ctx, h)
	})
}

// saveDepartments keeps the departments with an ID, inserts the new ones
// and deletes those no longer listed.
func (db *DB) saveDepartments(ctx context.Context, h *secondment.Host) error {
	var keep []int64
	for _, d := range h.Departments {
		if d.ID != 0 {
			keep = append(keep, d.ID)
		}
	}
	var w where
	w.add("host_id = ?", h.ID)
	if len(keep) > 0 {
		in, args := inMarks("id", keep)
		w.add("NOT ("+in+")", args...)
	}
	if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_departments`+w.sql(), w.args...); err != nil {
		return app.Wrap("store.saveDepartments", err)
	}
	for i := range h.Departments {
		d := &h.Departments[i]
		d.HostID = h.ID
		if d.ID != 0 {
			continue
		}
		if err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_departments (host_id, kind, name, subject) VALUES ($1, $2, $3, $4)
			RETURNING id`, h.ID, d.Kind, d.Name, d.Subject).Scan(&d.ID); err != nil {
			return app.Wrap("store.saveDepartments", err)
		}
	}
	return nil
}

// UpdateHost saves a host's fields and departments.
func (db *DB) UpdateHost(ctx context.Context, h *secondment.Host) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		res, err := db.q(ctx).ExecContext(ctx, `UPDATE secondment_hosts SET name = $1, place = $2, address = $3, level = $4, contact_name = $5,
			contact_phone = $6, note = $7, updated_at = $8 WHERE id = $9`,
			h.Name, h.Place, h.Address, h.Level, h.ContactName, h.ContactPhone, h.Note, h.UpdatedAt, h.ID)
		if isUniqueViolation(err) {
			return errHostName
		}
		if ok, err := affected(res, err, "store.UpdateHost"); err != nil || !ok {
			if err == nil {
				err = app.ErrNotFound("接收学校")
			}
			return err
		}
		return db.saveDepartments(ctx, h)
	})
}

// inMarks is "col IN (?, …)" and its arguments, for where.add inside a
// larger condition; ids must not be empty.
func inMarks(col string, ids []int64) (string, []any) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "?", id
	}
	return col + " IN (" + strings.Join(marks, ", ") + ")", args
}
