package store

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// The roster import reads and writes in bulk: lookups by many keys at once
// and multi-row inserts, so that 100,000 rows take a few statements per
// thousand rows rather than a round trip each.

// lookupBatch bounds the keys in one IN list and the rows in one INSERT.
const lookupBatch = 500

// lookupListBatch bounds the keys of one query that binds them as one
// list (Dialect.oneOf).
const lookupListBatch = 10000

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
		weak = $5, demonstration = $6, consortium_id = $7, longitude = $8, latitude = $9, terrain = $10, village_point = $11, updated_at = $12,
		classes = $14, pupils = $15, boarders = $16
		WHERE id = $13`, s.Name, s.CountyID, s.Level, s.Location, s.Weak, s.Demonstration, nullID(s.ConsortiumID), s.Longitude, s.Latitude,
		s.Terrain, s.VillagePoint, s.UpdatedAt, s.ID, s.Classes, s.Pupils, s.Boarders)
}

// FindEducatorsByLookups returns the educators whose ID numbers have the
// lookup hashes, by lookup.
func (db *DB) FindEducatorsByLookups(ctx context.Context, lookups []string) (map[string]*people.Educator, error) {
	out := make(map[string]*people.Educator, len(lookups))
	err := chunks(lookups, lookupListBatch, func(part []string) error {
		var w where
		w.add(db.dialect.oneOf("e.id_lookup", part))
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

// educatorInsertCount is the number of educatorInsertColumns.
const educatorInsertCount = 19

// educatorInsertRows is how many educators one statement inserts: the
// roster import's batch at once, 19,000 values, within both databases'
// limits (SQLite's 32,766, PostgreSQL's 65,535).
const educatorInsertRows = 1000

// CreateEducators inserts educators with their sealed ID numbers and sets
// their IDs.
func (db *DB) CreateEducators(ctx context.Context, es []*people.Educator, ids []people.SealedID) error {
	return db.CreateEducatorsSealed(ctx, es, func(lo, hi int, out []people.SealedID) error {
		copy(out, ids[lo:hi])
		return nil
	})
}

// CreateEducatorsSealed inserts educators and sets their IDs. seal seals
// the ID numbers of es[lo:hi] into out, of length hi-lo; it is called a
// part of educatorInsertRows at a time, in order, just before the part
// goes in, so that a large import never holds every sealed ID number at
// once. In SQLite each part is a multi-row statement, prepared once a
// transaction; in a PostgreSQL transaction all go in with one COPY, a
// part sealed while the server takes in the one before (copyEducators).
// The names' pinyin keys are worked out on another core, a part ahead.
func (db *DB) CreateEducatorsSealed(ctx context.Context, es []*people.Educator, seal func(lo, hi int, out []people.SealedID) error) error {
	if len(es) == 0 {
		return nil
	}
	now := db.clock.Now()
	parts, stop := nameKeysAhead(es, educatorInsertRows)
	defer stop()
	if conn := copyConn(ctx); conn != nil {
		src := &educatorRows{es: es, seal: seal, parts: parts, now: now, i: -1,
			sealed: make([]people.SealedID, min(len(es), educatorInsertRows))}
		if err := db.copyEducators(ctx, conn, src); err != nil {
			return createError(err)
		}
		return db.markHomeroom(ctx, es)
	}
	sealed := make([]people.SealedID, min(len(es), educatorInsertRows))
	byLookup := make(map[string]*people.Educator, len(sealed))
	args := make([]any, 0, len(sealed)*educatorInsertCount)
	for start := 0; start < len(es); start += educatorInsertRows {
		part := es[start:min(start+educatorInsertRows, len(es))]
		ids := sealed[:len(part)]
		if err := seal(start, start+len(part), ids); err != nil {
			return app.Wrap("store.CreateEducators", err)
		}
		keys := <-parts
		args = args[:0]
		clear(byLookup)
		for j, e := range part {
			byLookup[ids[j].Lookup] = e
			args = appendEducatorValues(args, e, ids[j], keys[j], now)
		}
		query := db.multiRowInsert(`INSERT INTO educators (`+educatorInsertColumns+`) VALUES `, educatorInsertCount, len(part)) + " RETURNING id, id_lookup"
		err := db.withBulkStatement(ctx, "educators", query, func(st *sql.Stmt) error {
			res, err := st.QueryContext(ctx, args...)
			if err != nil {
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
		if err != nil {
			return createError(err)
		}
	}
	return db.markHomeroom(ctx, es)
}

// markHomeroom sets the homeroom teachers (班主任) among newly inserted
// educators, a statement apart from the insert's: most imports have none.
func (db *DB) markHomeroom(ctx context.Context, es []*people.Educator) error {
	var ids []int64
	for _, e := range es {
		if e.Homeroom {
			ids = append(ids, e.ID)
		}
	}
	err := chunks(ids, lookupBatch, func(part []int64) error {
		var w where
		w.in("id", part)
		_, err := db.q(ctx).ExecContext(ctx, `UPDATE educators SET homeroom = TRUE`+w.sql(), w.args...)
		return err
	})
	return app.Wrap("store.CreateEducators", err)
}

// appendEducatorValues sets a new educator's keys and times and appends
// the values of its educatorInsertColumns to dst.
func appendEducatorValues(dst []any, e *people.Educator, id people.SealedID, key nameKeys, now time.Time) []any {
	e.CreatedAt, e.UpdatedAt, e.IDMasked, e.Pinyin = now, now, id.Masked, key.sort
	return append(dst, id.Cipher, id.Lookup, id.Masked, e.Name, key.search, e.Pinyin, e.Gender, e.BirthDate,
		e.SchoolID, e.Post, joinList(e.Subjects), string(e.StaffStatus), e.Backbone, e.Title, joinList(e.Honours), e.JoinedSchool,
		e.PostSince, e.CreatedAt, e.UpdatedAt)
}

// educatorCopyColumns are the id and the educatorInsertColumns.
var educatorCopyColumns = append([]string{"id"}, strings.Fields(strings.ReplaceAll(educatorInsertColumns, ",", " "))...)

// createError words a failed insert of educators.
func createError(err error) error {
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "身份证号已登记（可能有其他导入同时进行）", "An ID number is already registered (another import may be running)")
	}
	return app.Wrap("store.CreateEducators", err)
}

// nameKeys are the pinyin keys of a name: people.SortKey and people.SearchKeys.
type nameKeys struct{ sort, search string }

// nameKeysAhead works out the pinyin keys of the educators' names on the
// cores the database leaves free, a part of size chunk at a time and one
// part ahead of the caller, which receives the parts' keys in order. stop
// ends the work when the caller leaves early.
func nameKeysAhead(es []*people.Educator, chunk int) (parts <-chan []nameKeys, stop func()) {
	out, done := make(chan []nameKeys, 1), make(chan struct{})
	workers := max(1, runtime.GOMAXPROCS(0)-1)
	go func() {
		defer close(out)
		for lo := 0; lo < len(es); lo += chunk {
			part := es[lo:min(lo+chunk, len(es))]
			keys := make([]nameKeys, len(part))
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < len(part); i += workers {
						sort, search := people.NameKeys(part[i].Name)
						keys[i] = nameKeys{sort: sort, search: search}
					}
				}()
			}
			wg.Wait()
			select {
			case out <- keys:
			case <-done:
				return
			}
		}
	}()
	return out, func() { close(done) }
}

// multiRowInsert returns prefix followed by rows groups of cols
// placeholders: "INSERT … VALUES (?, ?), (?, ?)".
func (db *DB) multiRowInsert(prefix string, cols, rows int) string {
	var b strings.Builder
	b.Grow(len(prefix) + rows*cols*5)
	b.WriteString(prefix)
	n := 0
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteString(db.dialect.bulkMark(n))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// bulkStatements keeps the roster import's multi-row inserts, prepared in
// the transaction that runs them, so that 100,000 rows are a few hundred
// executions of one statement rather than a few hundred statements for
// the database to parse. A statement prepared in a transaction is closed
// with it; the next transaction starts afresh.
type bulkStatements struct {
	mu     sync.Mutex
	tx     *sql.Tx
	stmts  map[string]*sql.Stmt
	tables map[string]bool // tables whose indexes the transaction has seen to
}

// bulkCacheKiB is the page cache SQLite keeps for a transaction of bulk
// inserts: room for the index pages that 100,000 new educators keep
// touching, which SQLite's default 2 MiB would write out to the WAL file
// in the middle of the transaction and read back. It is not room for the
// whole transaction: a larger cache saves little more and costs a worker
// its memory. Into a small table the only such index is the unique one of
// ID numbers, about 5 MiB for 100,000 people (deferSchema).
const bulkCacheKiB = 8 << 10

// roomForBulk gives a SQLite transaction of bulk inserts a larger page
// cache until it commits, when its connection goes back to the default.
func (db *DB) roomForBulk(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", bulkCacheKiB)); err != nil {
		return err
	}
	return db.Defer(ctx, func(ctx context.Context) error {
		_, err := tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
		return err
	})
}

// readyBulk readies the transaction tx for bulk inserts into table: once
// a transaction, SQLite's page cache and the hold of the data version
// (holdVersion); once a table, SQLite's indexes and held triggers (deferSchema).
func (db *DB) readyBulk(ctx context.Context, tx *sql.Tx, table string) error {
	b := &db.bulk
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tx != tx {
		b.tx, b.stmts, b.tables = tx, map[string]*sql.Stmt{}, map[string]bool{}
		if db.dialect.tunesBulk() {
			if err := db.roomForBulk(ctx, tx); err != nil {
				return err
			}
		}
		if err := db.holdVersion(ctx, tx); err != nil {
			return err
		}
	}
	if !b.tables[table] && db.dialect.tunesBulk() {
		b.tables[table] = true
		return db.deferSchema(ctx, tx, table)
	}
	return nil
}

// withBulkStatement runs fn with query, an insert into table, prepared:
// once per transaction in one, for this call alone outside one.
func (db *DB) withBulkStatement(ctx context.Context, table, query string, fn func(*sql.Stmt) error) error {
	tx, ok := ctx.Value(txKey{}).(*sql.Tx)
	if !ok {
		st, err := db.w.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(st)
	}
	if err := db.readyBulk(ctx, tx, table); err != nil {
		return err
	}
	b := &db.bulk
	b.mu.Lock()
	st := b.stmts[query]
	if st == nil {
		var err error
		if st, err = tx.PrepareContext(ctx, query); err != nil {
			b.mu.Unlock()
			return err
		}
		b.stmts[query] = st
	}
	b.mu.Unlock()
	return fn(st)
}

// UpdateEducator writes an educator's registry fields.
func (db *DB) UpdateEducator(ctx context.Context, e *people.Educator) error {
	e.UpdatedAt = db.clock.Now()
	var search string
	e.Pinyin, search = people.NameKeys(e.Name)
	return db.execOne(ctx, "store.UpdateEducator", "教职工", `UPDATE educators SET name = $1, search_keys = $2, sort_key = $3,
		gender = $4, birth_date = $5, school_id = $6, post = $7, subjects = $8, staff_status = $9, backbone = $10, title = $11,
		honours = $12, joined_school = $13, post_since = $14, updated_at = $15, homeroom = $17 WHERE id = $16`,
		e.Name, search, e.Pinyin, e.Gender, e.BirthDate, e.SchoolID, e.Post, joinList(e.Subjects), e.StaffStatus,
		e.Backbone, e.Title, joinList(e.Honours), e.JoinedSchool, e.PostSince, e.UpdatedAt, e.ID, e.Homeroom)
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

// careerBatch is how many career rows one statement inserts.
const careerBatch = 1000

// careerColumns are the columns of a new career row, in order.
var careerColumns = []string{"educator_id", "school_id", "post", "kind", "start_date", "end_date", "note", "derived"}

// appendCareerValues appends the values of a career row's careerColumns
// to dst.
func appendCareerValues(dst []any, k *people.CareerEntry) []any {
	return append(dst, k.EducatorID, k.SchoolID, k.Post, k.Kind, k.Start, k.End, k.Note, k.Derived)
}

// CreateCareerEntries inserts career rows: in SQLite in multi-row
// statements, prepared once a transaction; in a PostgreSQL transaction
// with one COPY.
func (db *DB) CreateCareerEntries(ctx context.Context, ks []*people.CareerEntry) error {
	if conn := copyConn(ctx); conn != nil && len(ks) > 0 {
		return app.Wrap("store.CreateCareerEntries", db.copyFrom(ctx, conn, "career_entries", careerColumns, &careerRows{ks: ks, i: -1}))
	}
	const cols = 8
	args := make([]any, 0, min(len(ks), careerBatch)*cols)
	err := chunks(ks, careerBatch, func(part []*people.CareerEntry) error {
		args = args[:0]
		for _, k := range part {
			args = appendCareerValues(args, k)
		}
		query := db.multiRowInsert(`INSERT INTO career_entries (`+strings.Join(careerColumns, ", ")+`) VALUES `, cols, len(part))
		return db.withBulkStatement(ctx, "career_entries", query, func(st *sql.Stmt) error {
			_, err := st.ExecContext(ctx, args...)
			return err
		})
	})
	return app.Wrap("store.CreateCareerEntries", err)
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
