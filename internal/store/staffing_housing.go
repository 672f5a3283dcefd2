package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/staffing"
)

// housingUnitSelect reads units with the tenancy covering a day ($1).
const housingUnitSelect = `SELECT u.id, u.school_id, s.name, s.county_id, c.city_id, u.name, u.area_m2, u.note, u.created_at,
	t.id, t.educator_id, e.name, t.move_in, t.move_out, t.reason, t.created_by, t.created_at
	FROM staffing_housing_units u JOIN schools s ON s.id = u.school_id JOIN counties c ON c.id = s.county_id
	LEFT JOIN staffing_housing_tenancies t ON t.unit_id = u.id AND t.move_in <= $1 AND (t.move_out IS NULL OR t.move_out > $1)
	LEFT JOIN educators e ON e.id = t.educator_id`

func scanHousingUnit(sc interface{ Scan(...any) error }) (*staffing.HousingUnit, error) {
	u := &staffing.HousingUnit{}
	var tid, eid sql.NullInt64
	var ename, reason, by sql.NullString
	var at sql.NullTime
	t := &staffing.Tenancy{}
	if err := sc.Scan(&u.ID, &u.SchoolID, &u.SchoolName, &u.CountyID, &u.CityID, &u.Name, &u.AreaM2, &u.Note, &u.CreatedAt,
		&tid, &eid, &ename, &t.MoveIn, &t.MoveOut, &reason, &by, &at); err != nil {
		return nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	if tid.Valid {
		t.ID, t.UnitID, t.EducatorID, t.EducatorName, t.Reason, t.CreatedBy, t.CreatedAt = tid.Int64, u.ID, eid.Int64, ename.String,
			reason.String, by.String, timeOf(at)
		u.Tenant = t
	}
	return u, nil
}

// FindHousingUnits lists the units matching f with their tenant on f.On,
// by school and name.
func (db *DB) FindHousingUnits(ctx context.Context, f staffing.HousingFilter) ([]*staffing.HousingUnit, error) {
	w := where{args: []any{f.On}}
	w.scope(f.Within, "c.city_id", "s.county_id", "u.school_id", "")
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.SchoolID != 0 {
		w.add("u.school_id = ?", f.SchoolID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, housingUnitSelect+w.sql()+` ORDER BY s.county_id, s.code, u.name, u.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindHousingUnits", err)
	}
	defer rows.Close()
	out := []*staffing.HousingUnit{}
	for rows.Next() {
		u, err := scanHousingUnit(rows)
		if err != nil {
			return nil, app.Wrap("store.FindHousingUnits", err)
		}
		out = append(out, u)
	}
	return out, app.Wrap("store.FindHousingUnits", rows.Err())
}

// FindHousingUnitByID returns one unit with its tenant on a day.
func (db *DB) FindHousingUnitByID(ctx context.Context, id int64, on app.Date) (*staffing.HousingUnit, error) {
	u, err := scanHousingUnit(db.q(ctx).QueryRowContext(ctx, housingUnitSelect+` WHERE u.id = $2`, on, id))
	if err != nil {
		return nil, app.Wrap("store.FindHousingUnitByID", notFound(err, "周转房"))
	}
	return u, nil
}

// CreateHousingUnit inserts a unit and sets its ID; a name the school
// already has is a conflict.
func (db *DB) CreateHousingUnit(ctx context.Context, u *staffing.HousingUnit) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_housing_units (school_id, name, area_m2, note, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, u.SchoolID, u.Name, u.AreaM2, u.Note, u.CreatedAt).Scan(&u.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, u.SchoolName+"已有周转房"+u.Name, u.SchoolName+" already has a flat named "+u.Name)
	}
	return app.Wrap("store.CreateHousingUnit", err)
}

// LockHousingUnit holds a unit's row until the transaction ends.
func (db *DB) LockHousingUnit(ctx context.Context, id int64) error {
	return db.lockRow(ctx, "staffing_housing_units", id, "周转房")
}

// FindTenancies lists a unit's tenancies, latest move-in first.
func (db *DB) FindTenancies(ctx context.Context, unitID int64) ([]*staffing.Tenancy, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT t.id, t.unit_id, t.educator_id, e.name, t.move_in, t.move_out, t.reason,
		t.created_by, t.created_at FROM staffing_housing_tenancies t JOIN educators e ON e.id = t.educator_id
		WHERE t.unit_id = $1 ORDER BY t.move_in DESC, t.id DESC`, unitID)
	if err != nil {
		return nil, app.Wrap("store.FindTenancies", err)
	}
	defer rows.Close()
	out := []*staffing.Tenancy{}
	for rows.Next() {
		t := &staffing.Tenancy{}
		if err := rows.Scan(&t.ID, &t.UnitID, &t.EducatorID, &t.EducatorName, &t.MoveIn, &t.MoveOut, &t.Reason, &t.CreatedBy, &t.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindTenancies", err)
		}
		t.CreatedAt = t.CreatedAt.UTC()
		out = append(out, t)
	}
	return out, app.Wrap("store.FindTenancies", rows.Err())
}

// CreateTenancy inserts a tenancy and sets its ID.
func (db *DB) CreateTenancy(ctx context.Context, t *staffing.Tenancy) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_housing_tenancies (unit_id, educator_id, move_in, reason, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, t.UnitID, t.EducatorID, t.MoveIn, t.Reason, t.CreatedBy, t.CreatedAt).Scan(&t.ID)
	return app.Wrap("store.CreateTenancy", err)
}

// EndTenancy records a tenancy's move-out.
func (db *DB) EndTenancy(ctx context.Context, id int64, moveOut app.Date) error {
	return db.execOne(ctx, "store.EndTenancy", "入住记录", `UPDATE staffing_housing_tenancies SET move_out = $1 WHERE id = $2`, moveOut, id)
}

// HousingPeople returns the county's educators with their career stints
// (with each school's location) and whether a unit houses them on the day.
func (db *DB) HousingPeople(ctx context.Context, countyID int64, on app.Date) ([]staffing.HousingPerson, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id, e.name, e.sort_key, e.school_id, s.location,
		EXISTS (SELECT 1 FROM staffing_housing_tenancies t WHERE t.educator_id = e.id AND t.move_in <= $2
			AND (t.move_out IS NULL OR t.move_out > $2))
		FROM educators e JOIN schools s ON s.id = e.school_id WHERE s.county_id = $1 ORDER BY e.id`, countyID, on)
	if err != nil {
		return nil, app.Wrap("store.HousingPeople", err)
	}
	defer rows.Close()
	var out []staffing.HousingPerson
	index := map[int64]int{}
	for rows.Next() {
		var p staffing.HousingPerson
		if err := rows.Scan(&p.EducatorID, &p.Name, &p.Pinyin, &p.SchoolID, &p.Location, &p.Housed); err != nil {
			return nil, app.Wrap("store.HousingPeople", err)
		}
		index[p.EducatorID] = len(out)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.HousingPeople", err)
	}
	krows, err := db.q(ctx).QueryContext(ctx, `SELECT k.educator_id, k.school_id, ks.location, k.kind, k.start_date, k.end_date
		FROM career_entries k JOIN educators e ON e.id = k.educator_id JOIN schools s ON s.id = e.school_id
		JOIN schools ks ON ks.id = k.school_id WHERE s.county_id = $1 ORDER BY k.educator_id, k.start_date, k.id`, countyID)
	if err != nil {
		return nil, app.Wrap("store.HousingPeople", err)
	}
	defer krows.Close()
	for krows.Next() {
		var id int64
		var st staffing.Stint
		if err := krows.Scan(&id, &st.SchoolID, &st.Location, &st.Kind, &st.Start, &st.End); err != nil {
			return nil, app.Wrap("store.HousingPeople", err)
		}
		if i, ok := index[id]; ok {
			out[i].Stints = append(out[i].Stints, st)
		}
	}
	return out, app.Wrap("store.HousingPeople", krows.Err())
}
