package store

import (
	"context"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// The roster import reads and writes in bulk: lookups by many keys at once
// and multi-row inserts, so that 100,000 rows take a few statements per
// thousand rows rather than a round trip each.

// lookupBatch bounds the keys in one IN list and the rows in one INSERT.
const lookupBatch = 500

// FindSchoolsByCodes returns the schools with the codes, by code.
func (db *DB) FindSchoolsByCodes(ctx context.Context, codes []string) (map[string]*org.School, error) {
	out := make(map[string]*org.School, len(codes))
	err := chunks(codes, lookupBatch, func(part []string) error {
		var w where
		w.inStrings("s.code", part)
		rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+schoolColumns+schoolFrom+w.sql(), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s, err := scanSchool(rows)
			if err != nil {
				return err
			}
			out[s.Code] = s
		}
		return rows.Err()
	})
	return out, app.Wrap("store.FindSchoolsByCodes", err)
}

// UpdateSchool writes a school's roster fields.
func (db *DB) UpdateSchool(ctx context.Context, s *org.School) error {
	s.UpdatedAt = db.clock.Now()
	return db.execOne(ctx, "store.UpdateSchool", "学校", `UPDATE schools SET name = $1, county_id = $2, level = $3, location = $4,
		weak = $5, demonstration = $6, consortium_id = $7, longitude = $8, latitude = $9, terrain = $10, village_point = $11, updated_at = $12
		WHERE id = $13`, s.Name, s.CountyID, s.Level, s.Location, s.Weak, s.Demonstration, nullID(s.ConsortiumID), s.Longitude, s.Latitude,
		s.Terrain, s.VillagePoint, s.UpdatedAt, s.ID)
}

// FindEducatorsByLookups returns the educators whose ID numbers have the
// lookup hashes, by lookup.
func (db *DB) FindEducatorsByLookups(ctx context.Context, lookups []string) (map[string]*people.Educator, error) {
	out := make(map[string]*people.Educator, len(lookups))
	err := chunks(lookups, lookupBatch, func(part []string) error {
		var w where
		w.inStrings("e.id_lookup", part)
		rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id_lookup, `+educatorColumns+educatorFrom+w.sql(), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var lookup string
			e, err := scanEducator(lookupScanner{rows, &lookup})
			if err != nil {
				return err
			}
			out[lookup] = e
		}
		return rows.Err()
	})
	return out, app.Wrap("store.FindEducatorsByLookups", err)
}

// lookupScanner scans a leading lookup column before an educator's columns.
type lookupScanner struct {
	sc     interface{ Scan(...any) error }
	lookup *string
}

func (l lookupScanner) Scan(dest ...any) error { return l.sc.Scan(append([]any{l.lookup}, dest...)...) }

// educatorInsertColumns are the columns of a new educator row, in order.
const educatorInsertColumns = `id_cipher, id_lookup, id_masked, name, search_keys, sort_key, gender, birth_date, school_id, post,
	subjects, staff_status, backbone, title, honours, joined_school, post_since, created_at, updated_at`

// CreateEducators inserts educators with their sealed ID numbers in
// multi-row statements and sets their IDs.
func (db *DB) CreateEducators(ctx context.Context, es []*people.Educator, ids []people.SealedID) error {
	now := db.clock.Now()
	byLookup := make(map[string]*people.Educator, len(es))
	rows := make([]int, len(es))
	for i := range es {
		rows[i] = i
		byLookup[ids[i].Lookup] = es[i]
	}
	const cols = 19
	err := chunks(rows, lookupBatch, func(part []int) error {
		var b strings.Builder
		args := make([]any, 0, len(part)*cols)
		b.WriteString(`INSERT INTO educators (` + educatorInsertColumns + `) VALUES `)
		for j, i := range part {
			e, id := es[i], ids[i]
			e.CreatedAt, e.UpdatedAt, e.IDMasked, e.Pinyin = now, now, id.Masked, people.SortKey(e.Name)
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c := 0; c < cols; c++ {
				if c > 0 {
					b.WriteString(", ")
				}
				b.WriteString(db.dialect.bulkMark(len(args) + c + 1))
			}
			b.WriteByte(')')
			args = append(args, id.Cipher, id.Lookup, id.Masked, e.Name, people.SearchKeys(e.Name), e.Pinyin, e.Gender, e.BirthDate,
				e.SchoolID, e.Post, joinList(e.Subjects), e.StaffStatus, e.Backbone, e.Title, joinList(e.Honours), e.JoinedSchool,
				e.PostSince, e.CreatedAt, e.UpdatedAt)
		}
		b.WriteString(" RETURNING id, id_lookup")
		res, err := db.q(ctx).QueryContext(ctx, b.String(), args...)
		if err != nil {
			if isUniqueViolation(err) {
				return app.Errorf(app.Conflict, "身份证号已登记（可能有其他导入同时进行）", "An ID number is already registered (another import may be running)")
			}
			return err
		}
		defer res.Close()
		for res.Next() {
			var id int64
			var lookup string
			if err := res.Scan(&id, &lookup); err != nil {
				return err
			}
			byLookup[lookup].ID = id
		}
		return res.Err()
	})
	return app.Wrap("store.CreateEducators", err)
}

// UpdateEducator writes an educator's registry fields.
func (db *DB) UpdateEducator(ctx context.Context, e *people.Educator) error {
	e.UpdatedAt = db.clock.Now()
	e.Pinyin = people.SortKey(e.Name)
	return db.execOne(ctx, "store.UpdateEducator", "教职工", `UPDATE educators SET name = $1, search_keys = $2, sort_key = $3,
		gender = $4, birth_date = $5, school_id = $6, post = $7, subjects = $8, staff_status = $9, backbone = $10, title = $11,
		honours = $12, joined_school = $13, post_since = $14, updated_at = $15 WHERE id = $16`,
		e.Name, people.SearchKeys(e.Name), e.Pinyin, e.Gender, e.BirthDate, e.SchoolID, e.Post, joinList(e.Subjects), e.StaffStatus,
		e.Backbone, e.Title, joinList(e.Honours), e.JoinedSchool, e.PostSince, e.UpdatedAt, e.ID)
}

// FindCareers returns the career histories of the educators, oldest first.
func (db *DB) FindCareers(ctx context.Context, educatorIDs []int64) (map[int64][]*people.CareerEntry, error) {
	out := make(map[int64][]*people.CareerEntry, len(educatorIDs))
	err := chunks(educatorIDs, lookupBatch, func(part []int64) error {
		var w where
		w.in("k.educator_id", part)
		rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.id, k.educator_id, k.school_id, s.code, s.name, k.post, k.kind,
			k.start_date, k.end_date, k.note, k.derived FROM career_entries k JOIN schools s ON s.id = k.school_id`+w.sql()+
			` ORDER BY k.educator_id, k.start_date, k.id`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			k := &people.CareerEntry{}
			if err := rows.Scan(&k.ID, &k.EducatorID, &k.SchoolID, &k.SchoolCode, &k.SchoolName, &k.Post, &k.Kind,
				&k.Start, &k.End, &k.Note, &k.Derived); err != nil {
				return err
			}
			out[k.EducatorID] = append(out[k.EducatorID], k)
		}
		return rows.Err()
	})
	return out, app.Wrap("store.FindCareers", err)
}

// CreateCareerEntries inserts career rows in multi-row statements.
func (db *DB) CreateCareerEntries(ctx context.Context, ks []*people.CareerEntry) error {
	rows := make([][]any, len(ks))
	for i, k := range ks {
		rows[i] = []any{k.EducatorID, k.SchoolID, k.Post, k.Kind, k.Start, k.End, k.Note, k.Derived}
	}
	return db.insertRows(ctx, "career_entries", []string{"educator_id", "school_id", "post", "kind", "start_date", "end_date", "note", "derived"}, rows)
}

// UpdateCareerEnd sets the end date of a career row.
func (db *DB) UpdateCareerEnd(ctx context.Context, id int64, end app.Date) error {
	return db.execOne(ctx, "store.UpdateCareerEnd", "任职经历", `UPDATE career_entries SET end_date = $1 WHERE id = $2`, end, id)
}

// EducatorCiphers returns the encrypted ID numbers of the educators, by id.
func (db *DB) EducatorCiphers(ctx context.Context, ids []int64) (map[int64][]byte, error) {
	out := make(map[int64][]byte, len(ids))
	err := chunks(ids, lookupBatch, func(part []int64) error {
		var w where
		w.in("id", part)
		rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, id_cipher FROM educators`+w.sql(), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var b []byte
			if err := rows.Scan(&id, &b); err != nil {
				return err
			}
			out[id] = b
		}
		return rows.Err()
	})
	return out, app.Wrap("store.EducatorCiphers", err)
}
