package store

import (
	"context"
	"database/sql"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
)

// FindCities lists the cities.
func (db *DB) FindCities(ctx context.Context) ([]*org.City, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, name FROM cities ORDER BY id`)
	if err != nil {
		return nil, app.Wrap("store.FindCities", err)
	}
	defer rows.Close()
	var out []*org.City
	for rows.Next() {
		c := &org.City{}
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, app.Wrap("store.FindCities", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCities", rows.Err())
}

// CreateCity inserts a city and sets its ID.
func (db *DB) CreateCity(ctx context.Context, c *org.City) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO cities (name, created_at) VALUES ($1, $2) RETURNING id`, c.Name, db.clock.Now()).Scan(&c.ID)
	return app.Wrap("store.CreateCity", err)
}

// CreateCounty inserts a county and sets its ID.
func (db *DB) CreateCounty(ctx context.Context, c *org.County) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO counties (city_id, code, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		c.CityID, c.Code, c.Name, db.clock.Now()).Scan(&c.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "区县 "+c.Name+" 已存在", "The county "+c.Name+" exists")
	}
	return app.Wrap("store.CreateCounty", err)
}

// CreateConsortium inserts a consortium and sets its ID.
func (db *DB) CreateConsortium(ctx context.Context, c *org.Consortium) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO consortia (county_id, name, lead_school_id) VALUES ($1, $2, $3) RETURNING id`,
		c.CountyID, c.Name, nullID(c.LeadSchoolID)).Scan(&c.ID)
	return app.Wrap("store.CreateConsortium", err)
}

// SetConsortiumLead sets the school that leads a consortium.
func (db *DB) SetConsortiumLead(ctx context.Context, consortiumID, schoolID int64) error {
	return db.execOne(ctx, "store.SetConsortiumLead", "办学联合体", `UPDATE consortia SET lead_school_id = $1 WHERE id = $2`, schoolID, consortiumID)
}

// FindConsortia lists the consortia of a county, or all when countyID is 0.
func (db *DB) FindConsortia(ctx context.Context, countyID int64) ([]*org.Consortium, error) {
	var w where
	if countyID != 0 {
		w.add("county_id = ?", countyID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, county_id, name, COALESCE(lead_school_id, 0) FROM consortia`+w.sql()+` ORDER BY county_id, name`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindConsortia", err)
	}
	defer rows.Close()
	var out []*org.Consortium
	for rows.Next() {
		c := &org.Consortium{}
		if err := rows.Scan(&c.ID, &c.CountyID, &c.Name, &c.LeadSchoolID); err != nil {
			return nil, app.Wrap("store.FindConsortia", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindConsortia", rows.Err())
}

// countiesWithin selects the counties (as c) within a scope. A scope of
// schools admits their counties too, so the tree can be walked down to them.
func countiesWithin(within app.Scope) where {
	var w where
	if !within.All {
		var parts []func(*where)
		if len(within.CityIDs) > 0 {
			parts = append(parts, func(w *where) { w.in("c.city_id", within.CityIDs) })
		}
		if len(within.CountyIDs) > 0 {
			parts = append(parts, func(w *where) { w.in("c.id", within.CountyIDs) })
		}
		if len(within.SchoolIDs) > 0 {
			parts = append(parts, func(w *where) {
				var sub where
				sub.args = w.args
				sub.in("id", within.SchoolIDs)
				w.args = sub.args
				w.conds = append(w.conds, "c.id IN (SELECT county_id FROM schools WHERE "+sub.conds[0]+")")
			})
		}
		w.or(parts...)
	}
	return w
}

// FindCounties lists the counties within a scope, with their school and
// educator counts. A scope of schools admits the counties of those schools.
func (db *DB) FindCounties(ctx context.Context, within app.Scope) ([]*org.County, error) {
	w := countiesWithin(within)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT c.id, c.city_id, c.code, c.name,
		(SELECT COUNT(*) FROM schools s WHERE s.county_id = c.id),
		(SELECT COUNT(*) FROM educators e JOIN schools s ON s.id = e.school_id WHERE s.county_id = c.id)
		FROM counties c`+w.sql()+` ORDER BY c.code`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindCounties", err)
	}
	defer rows.Close()
	var out []*org.County
	for rows.Next() {
		c := &org.County{}
		if err := rows.Scan(&c.ID, &c.CityID, &c.Code, &c.Name, &c.Schools, &c.Educators); err != nil {
			return nil, app.Wrap("store.FindCounties", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCounties", rows.Err())
}

// FindCountyByID returns a county with its counts.
func (db *DB) FindCountyByID(ctx context.Context, id int64) (*org.County, error) {
	cs, err := db.FindCounties(ctx, app.Scope{CountyIDs: []int64{id}})
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, app.ErrNotFound("区县")
	}
	return cs[0], nil
}

// FindCountyByName returns the county with the name.
func (db *DB) FindCountyByName(ctx context.Context, name string) (*org.County, error) {
	c := &org.County{}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id, city_id, code, name FROM counties WHERE name = $1`, name).Scan(&c.ID, &c.CityID, &c.Code, &c.Name)
	if err != nil {
		return nil, notFound(err, "区县 "+name)
	}
	return c, nil
}

const schoolColumns = `s.id, s.code, s.name, c.city_id, s.county_id, c.name, s.level, s.location, s.terrain, s.weak,
	s.demonstration, s.village_point, COALESCE(s.consortium_id, 0), COALESCE(k.name, ''), s.longitude, s.latitude,
	s.classes, s.pupils, s.boarders, s.created_at, s.updated_at`

const schoolFrom = ` FROM schools s JOIN counties c ON c.id = s.county_id LEFT JOIN consortia k ON k.id = s.consortium_id`

func scanSchool(sc interface{ Scan(...any) error }, extra ...any) (*org.School, error) {
	s := &org.School{}
	var lon, lat sql.NullFloat64
	var classes, pupils, boarders sql.NullInt64
	dest := []any{&s.ID, &s.Code, &s.Name, &s.CityID, &s.CountyID, &s.CountyName, &s.Level, &s.Location, &s.Terrain, &s.Weak,
		&s.Demonstration, &s.VillagePoint, &s.ConsortiumID, &s.Consortium, &lon, &lat, &classes, &pupils, &boarders, &s.CreatedAt, &s.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	s.Classes, s.Pupils, s.Boarders = nullCount(classes), nullCount(pupils), nullCount(boarders)
	if lon.Valid && lat.Valid {
		s.Longitude, s.Latitude = &lon.Float64, &lat.Float64
	}
	return s, nil
}

// nullCount is a nullable count column as a pointer, nil for NULL.
func nullCount(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// FindSchools lists schools matching f, ordered by code, with their educator
// counts and the total number of matches.
func (db *DB) FindSchools(ctx context.Context, f org.SchoolFilter) ([]*org.School, int, error) {
	var w where
	w.scope(f.Within, "c.city_id", "s.county_id", "s.id", "")
	if f.Q != "" {
		p := "%" + likeEscape(f.Q) + "%"
		w.add(`(s.name LIKE ? ESCAPE '\' OR s.code LIKE ? ESCAPE '\')`, p, p)
	}
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.Level != "" {
		w.add("s.level = ?", f.Level)
	}
	if f.Location != "" {
		w.add("s.location = ?", f.Location)
	}
	if f.Weak != nil {
		w.add("s.weak = ?", *f.Weak)
	}
	var total int
	if err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+schoolFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, app.Wrap("store.FindSchools", err)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+schoolColumns+`, (SELECT COUNT(*) FROM educators e WHERE e.school_id = s.id)`+
		schoolFrom+w.sql()+` ORDER BY s.code`+limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindSchools", err)
	}
	defer rows.Close()
	var out []*org.School
	for rows.Next() {
		var n int
		s, err := scanSchool(rows, &n)
		if err != nil {
			return nil, 0, app.Wrap("store.FindSchools", err)
		}
		s.Educators = n
		out = append(out, s)
	}
	return out, total, app.Wrap("store.FindSchools", rows.Err())
}

// CountSchoolsByLevel counts the schools within the scope by level.
func (db *DB) CountSchoolsByLevel(ctx context.Context, within app.Scope) (map[string]int, error) {
	var w where
	w.scope(within, "c.city_id", "s.county_id", "s.id", "")
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT s.level, COUNT(*)`+schoolFrom+w.sql()+` GROUP BY s.level`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.CountSchoolsByLevel", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var level string
		var n int
		if err := rows.Scan(&level, &n); err != nil {
			return nil, app.Wrap("store.CountSchoolsByLevel", err)
		}
		out[level] = n
	}
	return out, app.Wrap("store.CountSchoolsByLevel", rows.Err())
}

func (db *DB) findSchool(ctx context.Context, cond string, arg any) (*org.School, error) {
	var n int
	s, err := scanSchool(db.q(ctx).QueryRowContext(ctx, `SELECT `+schoolColumns+`, (SELECT COUNT(*) FROM educators e WHERE e.school_id = s.id)`+
		schoolFrom+` WHERE `+cond, arg), &n)
	if err != nil {
		return nil, notFound(err, "学校")
	}
	s.Educators = n
	return s, nil
}

// FindSchoolByID returns the school with the id.
func (db *DB) FindSchoolByID(ctx context.Context, id int64) (*org.School, error) {
	return db.findSchool(ctx, "s.id = $1", id)
}

// FindSchoolByCode returns the school with the code.
func (db *DB) FindSchoolByCode(ctx context.Context, code string) (*org.School, error) {
	return db.findSchool(ctx, "s.code = $1", code)
}

// CreateSchool inserts s and sets its ID. A taken code is a conflict.
func (db *DB) CreateSchool(ctx context.Context, s *org.School) error {
	now := db.clock.Now()
	s.CreatedAt, s.UpdatedAt = now, now
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO schools
		(code, name, county_id, level, location, terrain, weak, demonstration, village_point, consortium_id, longitude, latitude,
		classes, pupils, boarders, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
		s.Code, s.Name, s.CountyID, s.Level, s.Location, s.Terrain, s.Weak, s.Demonstration, s.VillagePoint, nullID(s.ConsortiumID),
		s.Longitude, s.Latitude, s.Classes, s.Pupils, s.Boarders, s.CreatedAt, s.UpdatedAt).Scan(&s.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "学校代码 "+s.Code+" 已存在", "The school code "+s.Code+" exists")
	}
	return app.Wrap("store.CreateSchool", err)
}

// CountRows returns the number of rows of the registry tables, for the
// dashboard and the --demo check.
func (db *DB) CountRows(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range []string{"cities", "counties", "schools", "educators", "career_entries", "users", "audit_log"} {
		var n int
		if err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return nil, app.Wrap("store.CountRows", err)
		}
		out[t] = n
	}
	return out, nil
}

// Setting returns a stored setting, or "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.q(ctx).QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, app.Wrap("store.Setting", err)
}

// SetSetting stores a setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return app.Wrap("store.SetSetting", err)
}

// Now is the store's clock, for callers that stamp rows.
func (db *DB) Now() time.Time { return db.clock.Now() }
