package store

import (
	"context"
	"database/sql"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/pairing"
)

// Pairing cycles, pairs, external partners and commendations (结对帮扶, SPEC §5).

const cycleColumns = programmeColumns + `, y.school_kind, y.capacity_province, y.capacity_city, y.capacity_county, y.capacity_quality,
	y.idle_weeks, COALESCE(y.previous_id, 0), y.published_at, y.published_by, y.review, y.reviewed_at, y.reviewed_by`

const cycleFrom = programmeFrom + ` JOIN pairing_cycles y ON y.programme_id = p.id`

func scanCycle(sc interface{ Scan(...any) error }) (*pairing.Cycle, error) {
	c := &pairing.Cycle{}
	var published, reviewed sql.NullTime
	p, err := scanProgramme(scanFunc(func(dest ...any) error {
		return sc.Scan(append(dest, &c.SchoolKind, &c.Capacities.Province, &c.Capacities.City, &c.Capacities.County, &c.Capacities.Quality,
			&c.IdleWeeks, &c.PreviousID, &published, &c.PublishedBy, &c.Review, &reviewed, &c.ReviewedBy)...)
	}))
	if err != nil {
		return nil, err
	}
	c.Programme = p
	if published.Valid {
		t := published.Time.UTC()
		c.PublishedAt = &t
	}
	if reviewed.Valid {
		t := reviewed.Time.UTC()
		c.ReviewedAt = &t
	}
	return c, nil
}

// scanFunc adapts a function to the Scan of a row.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// FindPairingCycles lists cycles, latest first.
func (db *DB) FindPairingCycles(ctx context.Context, f pairing.CycleFilter) ([]*pairing.Cycle, error) {
	w := &where{}
	if f.CountyID != 0 {
		w.add("p.county_id = ?", f.CountyID)
	}
	if !f.All {
		if len(f.CityIDs) == 0 {
			return nil, nil
		}
		w.in("p.city_id", f.CityIDs)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+cycleColumns+cycleFrom+w.sql()+` ORDER BY p.start_date DESC, p.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPairingCycles", err)
	}
	defer rows.Close()
	var out []*pairing.Cycle
	for rows.Next() {
		c, err := scanCycle(rows)
		if err != nil {
			return nil, app.Wrap("store.FindPairingCycles", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindPairingCycles", rows.Err())
}

// FindPairingCycleByID returns a cycle.
func (db *DB) FindPairingCycleByID(ctx context.Context, id int64) (*pairing.Cycle, error) {
	c, err := scanCycle(db.q(ctx).QueryRowContext(ctx, `SELECT `+cycleColumns+cycleFrom+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "结对周期")
	}
	return c, nil
}

// CreatePairingCycle inserts a cycle's settings for its programme.
func (db *DB) CreatePairingCycle(ctx context.Context, c *pairing.Cycle) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO pairing_cycles (programme_id, school_kind, capacity_province, capacity_city,
		capacity_county, capacity_quality, idle_weeks, previous_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.ID, c.SchoolKind, c.Capacities.Province, c.Capacities.City, c.Capacities.County, c.Capacities.Quality, c.IdleWeeks, nullID(c.PreviousID))
	return app.Wrap("store.CreatePairingCycle", err)
}

func nullTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// UpdatePairingCycle saves a cycle's settings, publication and review.
func (db *DB) UpdatePairingCycle(ctx context.Context, c *pairing.Cycle) error {
	return db.execOne(ctx, "store.UpdatePairingCycle", "结对周期", `UPDATE pairing_cycles SET school_kind = $1, capacity_province = $2,
		capacity_city = $3, capacity_county = $4, capacity_quality = $5, idle_weeks = $6, published_at = $7, published_by = $8,
		review = $9, reviewed_at = $10, reviewed_by = $11 WHERE programme_id = $12`,
		c.SchoolKind, c.Capacities.Province, c.Capacities.City, c.Capacities.County, c.Capacities.Quality, c.IdleWeeks,
		nullTimePtr(c.PublishedAt), c.PublishedBy, c.Review, nullTimePtr(c.ReviewedAt), c.ReviewedBy, c.ID)
}

const pairColumns = `x.id, x.cycle_id, p.name, p.city_id, COALESCE(p.county_id, 0), COALESCE(c.name, ''),
	COALESCE(x.helper_school_id, 0), COALESCE(hs.name, pt.name, ''), COALESCE(hs.demonstration, ''), COALESCE(x.partner_id, 0),
	x.helped_school_id, ws.name, x.kept,
	(SELECT COUNT(*) FROM pairing_activities a WHERE a.pair_id = x.id),
	(SELECT COALESCE(SUM(a.hours), 0) FROM pairing_activities a WHERE a.pair_id = x.id),
	(SELECT MAX(a.held_on) FROM pairing_activities a WHERE a.pair_id = x.id),
	COALESCE((SELECT i.grade FROM pairing_inspections i WHERE i.pair_id = x.id ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1), ''),
	x.created_by, x.created_at`

const pairFrom = ` FROM pairing_pairs x JOIN programmes p ON p.id = x.cycle_id LEFT JOIN counties c ON c.id = p.county_id
	LEFT JOIN schools hs ON hs.id = x.helper_school_id LEFT JOIN pairing_partners pt ON pt.id = x.partner_id
	JOIN schools ws ON ws.id = x.helped_school_id`

func pairWhere(f pairing.PairFilter) (*where, bool) {
	w := &where{}
	if f.ID != 0 {
		w.add("x.id = ?", f.ID)
	}
	if f.CycleID != 0 {
		w.add("x.cycle_id = ?", f.CycleID)
	}
	if f.SchoolID != 0 {
		w.add("(x.helper_school_id = ? OR x.helped_school_id = ?)", f.SchoolID, f.SchoolID)
	}
	if len(f.CityIDs) > 0 {
		w.in("p.city_id", f.CityIDs)
	} else if !f.All && f.ID == 0 && f.CycleID == 0 && f.SchoolID == 0 {
		return nil, false
	}
	return w, true
}

// FindPairs lists pairs with their ledger's sums, by helper and helped school.
func (db *DB) FindPairs(ctx context.Context, f pairing.PairFilter) ([]*pairing.Pair, error) {
	w, ok := pairWhere(f)
	if !ok {
		return nil, nil
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+pairColumns+pairFrom+w.sql()+` ORDER BY COALESCE(hs.name, pt.name), ws.name, x.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPairs", err)
	}
	defer rows.Close()
	var out []*pairing.Pair
	for rows.Next() {
		p := &pairing.Pair{}
		var last app.Date
		if err := rows.Scan(&p.ID, &p.CycleID, &p.CycleName, &p.CityID, &p.CountyID, &p.CountyName, &p.HelperSchoolID, &p.HelperName,
			&p.HelperDemonstration, &p.PartnerID, &p.HelpedSchoolID, &p.HelpedName, &p.Kept, &p.Activities, &p.Hours, &last, &p.Grade,
			&p.CreatedBy, &p.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindPairs", err)
		}
		if !last.IsZero() {
			p.LastActivity = &last
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPairs", rows.Err())
}

// CreatePair inserts a pair and sets its ID; a school helped twice in a
// cycle is a conflict.
func (db *DB) CreatePair(ctx context.Context, p *pairing.Pair) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO pairing_pairs (cycle_id, helper_school_id, partner_id, helped_school_id, kept,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		p.CycleID, nullID(p.HelperSchoolID), nullID(p.PartnerID), p.HelpedSchoolID, p.Kept, p.CreatedBy, p.CreatedAt).Scan(&p.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该学校在本周期已有结对", "The school already has a pair in this cycle")
	}
	return app.Wrap("store.CreatePair", err)
}

// DeletePair removes a pair with its goals, ledger, reviews and inspections.
func (db *DB) DeletePair(ctx context.Context, id int64) error {
	return db.execOne(ctx, "store.DeletePair", "结对", `DELETE FROM pairing_pairs WHERE id = $1`, id)
}

// FindPartners lists a county's external partners by name.
func (db *DB) FindPartners(ctx context.Context, countyID int64) ([]*pairing.Partner, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, county_id, name, kind, region, contact, created_by, created_at
		FROM pairing_partners WHERE county_id = $1 ORDER BY name`, countyID)
	if err != nil {
		return nil, app.Wrap("store.FindPartners", err)
	}
	defer rows.Close()
	var out []*pairing.Partner
	for rows.Next() {
		p := &pairing.Partner{}
		if err := rows.Scan(&p.ID, &p.CountyID, &p.Name, &p.Kind, &p.Region, &p.Contact, &p.CreatedBy, &p.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindPartners", err)
		}
		p.CreatedAt = p.CreatedAt.UTC()
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPartners", rows.Err())
}

// CreatePartner inserts an external partner and sets its ID.
func (db *DB) CreatePartner(ctx context.Context, p *pairing.Partner) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO pairing_partners (county_id, name, kind, region, contact, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.CountyID, p.Name, p.Kind, p.Region, p.Contact, p.CreatedBy, p.CreatedAt).Scan(&p.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "“"+p.Name+"”已登记", p.Name+" is already registered")
	}
	return app.Wrap("store.CreatePartner", err)
}

// CreatePairingCommendation inserts a commendation and sets its ID.
func (db *DB) CreatePairingCommendation(ctx context.Context, c *pairing.Commendation) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO pairing_commendations (cycle_id, pair_id, educator_id, title, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, c.CycleID, nullID(c.PairID), nullID(c.EducatorID), c.Title, c.CreatedBy, c.CreatedAt).Scan(&c.ID)
	return app.Wrap("store.CreatePairingCommendation", err)
}

// FindPairingCommendations lists a cycle's commendations, with the pair's
// schools and the person's name.
func (db *DB) FindPairingCommendations(ctx context.Context, cycleID int64) ([]*pairing.Commendation, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.id, k.cycle_id, COALESCE(k.pair_id, 0), COALESCE(k.educator_id, 0),
		COALESCE(hs.name, pt.name, '') || '—' || COALESCE(ws.name, '') || COALESCE('：' || e.name, ''), k.title, k.created_by, k.created_at
		FROM pairing_commendations k LEFT JOIN pairing_pairs x ON x.id = k.pair_id LEFT JOIN schools hs ON hs.id = x.helper_school_id
		LEFT JOIN pairing_partners pt ON pt.id = x.partner_id LEFT JOIN schools ws ON ws.id = x.helped_school_id
		LEFT JOIN educators e ON e.id = k.educator_id WHERE k.cycle_id = $1 ORDER BY k.id`, cycleID)
	if err != nil {
		return nil, app.Wrap("store.FindPairingCommendations", err)
	}
	defer rows.Close()
	var out []*pairing.Commendation
	for rows.Next() {
		c := &pairing.Commendation{}
		if err := rows.Scan(&c.ID, &c.CycleID, &c.PairID, &c.EducatorID, &c.Name, &c.Title, &c.CreatedBy, &c.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindPairingCommendations", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, app.Wrap("store.FindPairingCommendations", rows.Err())
}
