package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// dateText selects a DATE column as its YYYY-MM-DD text (NULL stays NULL):
// app.Date reads it directly, which spares the SQLite driver guessing at
// time formats row by row in the bulk loaders.
func dateText(col string) string { return "CAST(" + col + " AS TEXT)" }

// scanDate reads a date selected with dateText: YYYY-MM-DD parsed by hand,
// anything else (or NULL) through app.Date's own Scan.
type scanDate struct{ d *app.Date }

// Scan implements sql.Scanner.
func (sd scanDate) Scan(src any) error {
	if b, ok := src.(string); ok && len(b) == 10 && b[4] == '-' && b[7] == '-' {
		num := func(s string) int {
			n := 0
			for i := 0; i < len(s); i++ {
				if s[i] < '0' || s[i] > '9' {
					return -1
				}
				n = n*10 + int(s[i]-'0')
			}
			return n
		}
		y, m, d := num(b[:4]), num(b[5:7]), num(b[8:])
		if y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
			*sd.d = app.NewDate(y, time.Month(m), d)
			return nil
		}
	}
	return sd.d.Scan(src)
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// timeOf reads a nullable time as UTC, zero for NULL.
func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

const policyColumns = `id, county_id, school_year, version, teacher_max_age_male, teacher_max_age_female, head_max_age_male,
	head_max_age_female, teacher_tenure_years, head_tenure_years, head_tenure_combined, levels, staff_statuses, first_year,
	quota_percent, first_year_quota_percent, backbone_percent, teacher_min_years, head_min_years, max_exemption_years,
	township_urban, title_rural_years, note, created_by, created_at`

// FindPolicies returns every stored policy version of the counties.
func (db *DB) FindPolicies(ctx context.Context, countyIDs []int64) ([]*rotation.Policy, error) {
	var w where
	w.in("county_id", countyIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+policyColumns+` FROM rotation_policies`+w.sql()+
		` ORDER BY county_id, school_year, version`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPolicies", err)
	}
	defer rows.Close()
	out := []*rotation.Policy{}
	for rows.Next() {
		p := &rotation.Policy{}
		var levels, statuses string
		if err := rows.Scan(&p.ID, &p.CountyID, &p.SchoolYear, &p.Version, &p.TeacherMaxAgeMale, &p.TeacherMaxAgeFemale,
			&p.HeadMaxAgeMale, &p.HeadMaxAgeFemale, &p.TeacherTenureYears, &p.HeadTenureYears, &p.HeadTenureCombined, &levels, &statuses,
			&p.FirstYear, &p.QuotaPercent, &p.FirstYearQuotaPercent, &p.BackbonePercent, &p.TeacherMinYears, &p.HeadMinYears,
			&p.MaxExemptionYears, &p.TownshipUrban, &p.TitleRuralYears, &p.Note, &p.CreatedBy, &p.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindPolicies", err)
		}
		p.Levels, p.StaffStatuses, p.CreatedAt = splitList(levels), codesOf[people.StaffStatus](splitList(statuses)), p.CreatedAt.UTC()
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPolicies", rows.Err())
}

// CreatePolicy stores a policy version and sets its ID. A version number
// taken meanwhile is a conflict.
func (db *DB) CreatePolicy(ctx context.Context, p *rotation.Policy) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO rotation_policies (county_id, school_year, version, teacher_max_age_male,
		teacher_max_age_female, head_max_age_male, head_max_age_female, teacher_tenure_years, head_tenure_years, head_tenure_combined,
		levels, staff_statuses, first_year, quota_percent, first_year_quota_percent, backbone_percent, teacher_min_years, head_min_years,
		max_exemption_years, township_urban, title_rural_years, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24) RETURNING id`,
		p.CountyID, p.SchoolYear, p.Version, p.TeacherMaxAgeMale, p.TeacherMaxAgeFemale, p.HeadMaxAgeMale, p.HeadMaxAgeFemale,
		p.TeacherTenureYears, p.HeadTenureYears, p.HeadTenureCombined, joinList(p.Levels), joinList(stringsOf(p.StaffStatuses)), p.FirstYear,
		p.QuotaPercent, p.FirstYearQuotaPercent, p.BackbonePercent, p.TeacherMinYears, p.HeadMinYears, p.MaxExemptionYears,
		p.TownshipUrban, p.TitleRuralYears, p.Note, p.CreatedBy, p.CreatedAt).Scan(&p.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "政策已被他人修改，请刷新后重新修改", "The policy has changed meanwhile; reload and edit again")
	}
	return app.Wrap("store.CreatePolicy", err)
}

// peopleWhere builds the conditions of a rotation people filter over
// educators e, schools s and counties c.
func peopleWhere(f rotation.PeopleFilter) where {
	var w where
	if f.EducatorID != 0 {
		w.add("e.id = ?", f.EducatorID)
	}
	place := func(w *where, schoolCol, countyCol, cityCol string) {
		if !f.Within.All {
			w.scope(f.Within, cityCol, countyCol, schoolCol, "")
		}
		if len(f.CountyIDs) > 0 {
			w.in(countyCol, f.CountyIDs)
		}
		if f.SchoolID != 0 {
			w.add(schoolCol+" = ?", f.SchoolID)
		}
	}
	current := func(w *where) {
		place(w, "e.school_id", "s.county_id", "c.city_id")
		if len(w.conds) == 0 {
			w.add("1 = 1")
		}
	}
	restricted := !f.Within.All || len(f.CountyIDs) > 0 || f.SchoolID != 0
	if f.OriginYear != 0 && restricted {
		w.or(current, func(w *where) {
			sub := where{args: w.args}
			sub.add("x.school_year = ?", f.OriginYear)
			sub.add("x.status <> 'cancelled'")
			place(&sub, "x.origin_school_id", "xs.county_id", "xc.city_id")
			w.args = sub.args
			w.conds = append(w.conds, `e.id IN (SELECT x.educator_id FROM rotation_exchanges x
				JOIN schools xs ON xs.id = x.origin_school_id JOIN counties xc ON xc.id = xs.county_id`+sub.sql()+`)`)
		})
	} else {
		current(&w)
	}
	if len(f.Levels) > 0 {
		w.inStrings("s.level", f.Levels)
	}
	if len(f.StaffStatuses) > 0 {
		w.inStrings("e.staff_status", stringsOf(f.StaffStatuses))
	}
	if !f.BornAfter.IsZero() {
		w.add("e.birth_date > ?", f.BornAfter)
	}
	return w
}

const rotationPeopleFrom = ` FROM educators e JOIN schools s ON s.id = e.school_id JOIN counties c ON c.id = s.county_id`

// FindRotationPeople returns the educators a rotation filter selects, in
// one query.
func (db *DB) FindRotationPeople(ctx context.Context, f rotation.PeopleFilter) ([]*rotation.Person, error) {
	w := peopleWhere(f)
	cols := `e.id, e.gender, ` + dateText("e.birth_date") + `, e.school_id, e.post, e.staff_status, e.backbone, ` +
		dateText("e.joined_school") + `, ` + dateText("e.post_since")
	if !f.Lean {
		cols += `, e.name, e.id_masked, e.subjects, e.title, e.sort_key`
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+cols+rotationPeopleFrom+w.sql(), w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindRotationPeople", err)
	}
	defer rows.Close()
	out := []*rotation.Person{}
	for rows.Next() {
		p := &rotation.Person{}
		var subjects string
		dest := []any{&p.ID, &p.Gender, scanDate{&p.BirthDate}, &p.SchoolID, &p.Post, &p.StaffStatus, &p.Backbone,
			scanDate{&p.JoinedSchool}, scanDate{&p.PostSince}}
		if !f.Lean {
			dest = append(dest, &p.Name, &p.IDMasked, &subjects, &p.Title, &p.SortKey)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, app.Wrap("store.FindRotationPeople", err)
		}
		p.Subjects = splitList(subjects)
		out = append(out, p)
	}
	return out, app.Wrap("store.FindRotationPeople", rows.Err())
}

// FindRotationCareers returns the career histories of the educators a
// rotation filter selects, oldest row first, in one query. A row of an
// exchange that was cut short is marked Early.
func (db *DB) FindRotationCareers(ctx context.Context, f rotation.PeopleFilter) (map[int64][]rotation.CareerRow, error) {
	w := peopleWhere(f)
	// Lean: what the rules read; the row and exchange ids only otherwise.
	cols := `k.educator_id, k.school_id, k.post, k.kind, ` + dateText("k.start_date") + `, ` + dateText("k.end_date") +
		`, CASE WHEN x.status = 'returned' THEN 1 ELSE 0 END`
	if !f.Lean {
		cols += `, k.id, COALESCE(k.exchange_id, 0)`
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+cols+`
		FROM career_entries k JOIN educators e ON e.id = k.educator_id JOIN schools s ON s.id = e.school_id
		JOIN counties c ON c.id = s.county_id LEFT JOIN rotation_exchanges x ON x.id = k.exchange_id`+w.sql(), w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindRotationCareers", err)
	}
	defer rows.Close()
	out := map[int64][]rotation.CareerRow{}
	for rows.Next() {
		var r rotation.CareerRow
		var educator int64
		var returned int
		dest := []any{&educator, &r.SchoolID, &r.Post, &r.Kind, scanDate{&r.Start}, scanDate{&r.End}, &returned}
		if !f.Lean {
			dest = append(dest, &r.ID, &r.ExchangeID)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, app.Wrap("store.FindRotationCareers", err)
		}
		r.Early = returned == 1 && r.Kind == people.CareerExchange
		out[educator] = append(out[educator], r)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindRotationCareers", err)
	}
	// Sorting here, per educator, is cheaper than an ORDER BY over the lot.
	for _, rs := range out {
		slices.SortFunc(rs, func(a, b rotation.CareerRow) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	}
	return out, nil
}

// Concurrently runs read functions side by side, each on its own
// connection from the pool, and returns the first error. Inside a
// transaction, which has one connection, they run one after another.
func (db *DB) Concurrently(ctx context.Context, fns ...func(ctx context.Context) error) error {
	if _, inTx := ctx.Value(txKey{}).(*sql.Tx); inTx {
		for _, fn := range fns {
			if err := fn(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(ctx)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// FindRotationSchools returns the schools of the counties, without the
// per-school counts of FindSchools.
func (db *DB) FindRotationSchools(ctx context.Context, countyIDs []int64) ([]*org.School, error) {
	var w where
	w.in("s.county_id", countyIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+schoolColumns+schoolFrom+w.sql()+` ORDER BY s.code`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindRotationSchools", err)
	}
	defer rows.Close()
	var out []*org.School
	for rows.Next() {
		s, err := scanSchool(rows)
		if err != nil {
			return nil, app.Wrap("store.FindRotationSchools", err)
		}
		out = append(out, s)
	}
	return out, app.Wrap("store.FindRotationSchools", rows.Err())
}

// FindRotationCounties returns the counties within a scope (a scope of
// schools admits their counties), without the counts of FindCounties.
func (db *DB) FindRotationCounties(ctx context.Context, within app.Scope) ([]*org.County, error) {
	w := countiesWithin(within)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT c.id, c.city_id, c.code, c.name FROM counties c`+w.sql()+` ORDER BY c.code`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindRotationCounties", err)
	}
	defer rows.Close()
	var out []*org.County
	for rows.Next() {
		c := &org.County{}
		if err := rows.Scan(&c.ID, &c.CityID, &c.Code, &c.Name); err != nil {
			return nil, app.Wrap("store.FindRotationCounties", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindRotationCounties", rows.Err())
}

// CountStaff counts the compulsory schools of the counties and their
// established principals, vice principals and other staff.
func (db *DB) CountStaff(ctx context.Context, countyIDs []int64) ([]rotation.StaffCount, error) {
	by := map[int64]*rotation.StaffCount{}
	for _, id := range countyIDs {
		by[id] = &rotation.StaffCount{CountyID: id}
	}
	var w where
	w.in("s.county_id", countyIDs)
	w.inStrings("s.level", org.CompulsoryLevels)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT s.county_id, COUNT(*) FROM schools s`+w.sql()+` GROUP BY s.county_id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.CountStaff", err)
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, app.Wrap("store.CountStaff", err)
		}
		by[id].Schools = n
	}
	rows.Close()
	w.add("e.staff_status = ?", people.StaffEstablished)
	rows, err = db.q(ctx).QueryContext(ctx, `SELECT s.county_id, e.post, COUNT(*) FROM educators e JOIN schools s ON s.id = e.school_id`+
		w.sql()+` GROUP BY s.county_id, e.post`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.CountStaff", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var post string
		var n int
		if err := rows.Scan(&id, &post, &n); err != nil {
			return nil, app.Wrap("store.CountStaff", err)
		}
		switch post {
		case people.PostPrincipal:
			by[id].Principals += n
		case people.PostVicePrincipal:
			by[id].VicePrincipals += n
		default:
			by[id].Teachers += n
		}
	}
	out := make([]rotation.StaffCount, 0, len(countyIDs))
	for _, id := range countyIDs {
		out = append(out, *by[id])
	}
	return out, app.Wrap("store.CountStaff", rows.Err())
}

// LockEducator holds an educator's row until the transaction ends. SQLite
// needs nothing: its write transactions already run one at a time.
func (db *DB) LockEducator(ctx context.Context, id int64) error {
	return db.lockRow(ctx, "educators", id, "教职工")
}

// MoveEducator makes an educator belong to another school, in a post, from
// a date: the personnel relation moved.
func (db *DB) MoveEducator(ctx context.Context, educatorID, schoolID int64, post string, joined, postSince app.Date) error {
	return db.execOne(ctx, "store.MoveEducator", "教职工", `UPDATE educators SET school_id = $1, post = $2, joined_school = $3,
		post_since = $4, updated_at = $5 WHERE id = $6`, schoolID, post, joined, postSince, db.clock.Now(), educatorID)
}

// CreateRotationCareerEntry inserts a career row written by rotation, linked
// to the exchange that wrote it (0: none), and sets its ID.
func (db *DB) CreateRotationCareerEntry(ctx context.Context, k *people.CareerEntry, exchangeID int64) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO career_entries (educator_id, school_id, post, kind, start_date, end_date, note, exchange_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		k.EducatorID, k.SchoolID, k.Post, k.Kind, k.Start, k.End, k.Note, nullID(exchangeID)).Scan(&k.ID)
	return app.Wrap("store.CreateRotationCareerEntry", err)
}

// EndCareerEntry sets the last day of a career row.
func (db *DB) EndCareerEntry(ctx context.Context, id int64, end app.Date) error {
	return db.execOne(ctx, "store.EndCareerEntry", "任职经历", `UPDATE career_entries SET end_date = $1 WHERE id = $2`, end, id)
}
