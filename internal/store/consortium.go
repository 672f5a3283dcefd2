package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/pairing"
)

// Consortia as managed records (办学联合体, SPEC §5): the roster's column
// names one of these rows through schools.consortium_id.

const consortiumColumns = `k.id, c.city_id, k.county_id, c.name, k.name, k.kind, k.area, k.description, COALESCE(k.lead_school_id, 0),
	COALESCE(l.name, ''), (SELECT COUNT(*) FROM schools m WHERE m.consortium_id = k.id)`

const consortiumFrom = ` FROM consortia k JOIN counties c ON c.id = k.county_id LEFT JOIN schools l ON l.id = k.lead_school_id`

func (db *DB) findConsortia(ctx context.Context, op string, w *where) ([]*pairing.Consortium, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+consortiumColumns+consortiumFrom+w.sql()+` ORDER BY c.name, k.name, k.id`, w.args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer rows.Close()
	var out []*pairing.Consortium
	for rows.Next() {
		k := &pairing.Consortium{}
		if err := rows.Scan(&k.ID, &k.CityID, &k.CountyID, &k.CountyName, &k.Name, &k.Kind, &k.Area, &k.Description, &k.LeadSchoolID,
			&k.LeadName, &k.Members); err != nil {
			return nil, app.Wrap(op, err)
		}
		out = append(out, k)
	}
	return out, app.Wrap(op, rows.Err())
}

// FindConsortiumList lists the consortia of counties, or of all when all is set.
func (db *DB) FindConsortiumList(ctx context.Context, countyIDs []int64, all bool) ([]*pairing.Consortium, error) {
	w := &where{}
	if !all {
		if len(countyIDs) == 0 {
			return nil, nil
		}
		w.in("k.county_id", countyIDs)
	}
	return db.findConsortia(ctx, "store.FindConsortiumList", w)
}

// FindConsortiumByID returns a consortium.
func (db *DB) FindConsortiumByID(ctx context.Context, id int64) (*pairing.Consortium, error) {
	w := &where{}
	w.add("k.id = ?", id)
	list, err := db.findConsortia(ctx, "store.FindConsortiumByID", w)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("办学联合体")
	}
	return list[0], nil
}

// UpdateConsortium saves a consortium's name, kind, area, description and
// lead; a name taken in the county is a conflict.
func (db *DB) UpdateConsortium(ctx context.Context, k *pairing.Consortium) error {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE consortia SET name = $1, kind = $2, area = $3, description = $4, lead_school_id = $5
		WHERE id = $6`, k.Name, k.Kind, k.Area, k.Description, nullID(k.LeadSchoolID), k.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "本区县已有同名办学联合体", "The county already has a consortium of that name")
	}
	if err != nil {
		return app.Wrap("store.UpdateConsortium", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return app.ErrNotFound("办学联合体")
	}
	return nil
}

// SetSchoolConsortium moves a school into a consortium (0: into none).
func (db *DB) SetSchoolConsortium(ctx context.Context, schoolID, consortiumID int64) error {
	return db.execOne(ctx, "store.SetSchoolConsortium", "学校", `UPDATE schools SET consortium_id = $1, updated_at = $2 WHERE id = $3`,
		nullID(consortiumID), db.Now(), schoolID)
}

// FindConsortiumExchanges lists the rotation exchanges between two member
// schools of a consortium, latest first.
func (db *DB) FindConsortiumExchanges(ctx context.Context, consortiumID int64) ([]*pairing.Exchange, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT x.id, e.name, x.origin_school_id, o.name, x.host_school_id, h.name, x.start_date, x.status, x.school_year
		FROM rotation_exchanges x JOIN educators e ON e.id = x.educator_id JOIN schools o ON o.id = x.origin_school_id
		JOIN schools h ON h.id = x.host_school_id WHERE o.consortium_id = $1 AND h.consortium_id = $1
		ORDER BY x.start_date DESC, x.id DESC LIMIT 100`, consortiumID)
	if err != nil {
		return nil, app.Wrap("store.FindConsortiumExchanges", err)
	}
	defer rows.Close()
	var out []*pairing.Exchange
	for rows.Next() {
		x := &pairing.Exchange{}
		if err := rows.Scan(&x.ID, &x.Name, &x.OriginID, &x.Origin, &x.HostID, &x.Host, &x.Start, &x.Status, &x.SchoolYear); err != nil {
			return nil, app.Wrap("store.FindConsortiumExchanges", err)
		}
		out = append(out, x)
	}
	return out, app.Wrap("store.FindConsortiumExchanges", rows.Err())
}
