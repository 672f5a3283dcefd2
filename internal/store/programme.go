package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
)

const programmeColumns = `p.id, p.city_id, COALESCE(p.county_id, 0), COALESCE(c.name, ''), p.name, p.kind, p.organiser, p.hosts,
	p.start_date, p.end_date, p.description, p.created_by, p.created_at, p.updated_at,
	(SELECT COUNT(*) FROM programme_members m WHERE m.programme_id = p.id)`

const programmeFrom = ` FROM programmes p LEFT JOIN counties c ON c.id = p.county_id`

func scanProgramme(sc interface{ Scan(...any) error }) (*programme.Programme, error) {
	p := &programme.Programme{}
	err := sc.Scan(&p.ID, &p.CityID, &p.CountyID, &p.CountyName, &p.Name, &p.Kind, &p.Organiser, &p.Hosts, &p.Start, &p.End,
		&p.Description, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.Participants)
	if err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.Categories = []programme.Category{}
	return p, nil
}

// programmeInScope is the alternatives of a programme (alias p) within s:
// of one of its cities or counties, or one of its programmes.
func programmeInScope(s app.Scope) []func(*where) {
	return []func(*where){func(w *where) {
		if len(s.CityIDs) > 0 {
			w.in("p.city_id", s.CityIDs)
		}
	}, func(w *where) {
		if len(s.CountyIDs) > 0 {
			w.in("p.county_id", s.CountyIDs)
		}
	}, func(w *where) {
		if len(s.ProgrammeIDs) > 0 {
			w.in("p.id", s.ProgrammeIDs)
		}
	}}
}

// programmeStatus keeps the programmes (alias p) whose dates give status
// on today; an empty status keeps all.
func (w *where) programmeStatus(status string, today app.Date) {
	switch status {
	case programme.StatusUpcoming:
		w.add("p.start_date > ?", today)
	case programme.StatusRunning:
		w.add("p.start_date <= ? AND p.end_date >= ?", today, today)
	case programme.StatusFinished:
		w.add("p.end_date < ?", today)
	}
}

// programmeWhere is the WHERE clause of f.
func programmeWhere(f programme.Filter) where {
	var w where
	if s := f.Within; !s.All {
		w.or(programmeInScope(s)...)
	}
	if f.Q != "" {
		q := "%" + likeEscape(f.Q) + "%"
		w.add(`(p.name LIKE ? ESCAPE '\' OR p.organiser LIKE ? ESCAPE '\' OR p.hosts LIKE ? ESCAPE '\')`, q, q, q)
	}
	if f.CountyID != 0 {
		w.add("p.county_id = ?", f.CountyID)
	}
	if f.CityWide {
		w.add("p.county_id IS NULL")
	}
	if f.Kind != "" {
		w.add("p.kind = ?", f.Kind)
	}
	w.programmeStatus(f.Status, f.Today)
	return w
}

// FindProgrammes lists the programmes matching f, latest start first, with the total.
func (db *DB) FindProgrammes(ctx context.Context, f programme.Filter) ([]*programme.Programme, int, error) {
	w := programmeWhere(f)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+programmeColumns+programmeFrom+w.sql()+` ORDER BY p.start_date DESC, p.id DESC`+
		limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindProgrammes", err)
	}
	defer rows.Close()
	out := []*programme.Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindProgrammes", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, app.Wrap("store.FindProgrammes", err)
	}
	total, err := listTotal(len(out), f.Limit, f.Offset, func() (n int, err error) {
		err = db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+programmeFrom+w.sql(), w.args...).Scan(&n)
		return n, err
	})
	if err != nil {
		return nil, 0, app.Wrap("store.FindProgrammes", err)
	}
	return out, total, db.loadCategories(ctx, out)
}

// loadCategories fills the programmes' categories with their enrolment counts.
func (db *DB) loadCategories(ctx context.Context, list []*programme.Programme) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[int64]*programme.Programme{}
	ids := make([]int64, len(list))
	for i, p := range list {
		byID[p.ID], ids[i] = p, p.ID
	}
	var w where
	w.in("k.programme_id", ids)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.programme_id, k.name, k.quota,
		(SELECT COUNT(*) FROM programme_members m WHERE m.programme_id = k.programme_id AND m.category = k.name)
		FROM programme_categories k`+w.sql()+` ORDER BY k.programme_id, k.position`, w.args...)
	if err != nil {
		return app.Wrap("store.loadCategories", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c programme.Category
		if err := rows.Scan(&id, &c.Name, &c.Quota, &c.Enrolled); err != nil {
			return app.Wrap("store.loadCategories", err)
		}
		byID[id].Categories = append(byID[id].Categories, c)
	}
	return app.Wrap("store.loadCategories", rows.Err())
}

// FindProgrammeByID returns a programme with its categories.
func (db *DB) FindProgrammeByID(ctx context.Context, id int64) (*programme.Programme, error) {
	p, err := scanProgramme(db.q(ctx).QueryRowContext(ctx, `SELECT `+programmeColumns+programmeFrom+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "项目")
	}
	return p, db.loadCategories(ctx, []*programme.Programme{p})
}

// CreateProgramme inserts a programme with its categories and sets its ID.
func (db *DB) CreateProgramme(ctx context.Context, p *programme.Programme) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO programmes (city_id, county_id, name, kind, organiser, hosts, start_date, end_date,
			description, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			p.CityID, nullID(p.CountyID), p.Name, p.Kind, p.Organiser, p.Hosts, p.Start, p.End, p.Description, p.CreatedBy,
			p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
		if isUniqueViolation(err) {
			return errProgrammeName
		}
		if err != nil {
			return app.Wrap("store.CreateProgramme", err)
		}
		return db.saveCategories(ctx, p)
	})
}

var errProgrammeName = &app.Error{Code: app.Conflict, Message: "同一组织单位已有同名项目", English: "The unit already has a programme of this name",
	Fields: map[string]string{"name": "taken"}}

// UpdateProgramme saves a programme's fields and replaces its categories.
func (db *DB) UpdateProgramme(ctx context.Context, p *programme.Programme) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		res, err := db.q(ctx).ExecContext(ctx, `UPDATE programmes SET name = $1, kind = $2, organiser = $3, hosts = $4, start_date = $5,
			end_date = $6, description = $7, updated_at = $8 WHERE id = $9`,
			p.Name, p.Kind, p.Organiser, p.Hosts, p.Start, p.End, p.Description, p.UpdatedAt, p.ID)
		if isUniqueViolation(err) {
			return errProgrammeName
		}
		if ok, err := affected(res, err, "store.UpdateProgramme"); err != nil || !ok {
			if err == nil {
				err = app.ErrNotFound("项目")
			}
			return err
		}
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM programme_categories WHERE programme_id = $1`, p.ID); err != nil {
			return app.Wrap("store.UpdateProgramme", err)
		}
		return db.saveCategories(ctx, p)
	})
}

func (db *DB) saveCategories(ctx context.Context, p *programme.Programme) error {
	for i, c := range p.Categories {
		if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO programme_categories (programme_id, position, name, quota) VALUES ($1, $2, $3, $4)`,
			p.ID, i, c.Name, c.Quota); err != nil {
			return app.Wrap("store.saveCategories", err)
		}
	}
	return nil
}

// LockProgramme holds the programme's row until the transaction ends. On
// SQLite every write transaction already holds the database.
func (db *DB) LockProgramme(ctx context.Context, id int64) error {
	return db.lockRow(ctx, "programmes", id, "项目")
}

// DeleteProgramme removes a programme and its categories.
func (db *DB) DeleteProgramme(ctx context.Context, id int64) error {
	return db.execOne(ctx, "store.DeleteProgramme", "项目", `DELETE FROM programmes WHERE id = $1`, id)
}

// CountProgrammeGrants counts the grants scoped to a programme.
func (db *DB) CountProgrammeGrants(ctx context.Context, id int64) (int, error) {
	var n int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM grants WHERE scope_kind = 'programme' AND scope_id = $1`, id).Scan(&n)
	return n, app.Wrap("store.CountProgrammeGrants", err)
}

// FindMembers lists a programme's participants in the order of its
// categories, then by name (pinyin).
func (db *DB) FindMembers(ctx context.Context, programmeID int64) ([]*programme.Member, error) {
	return db.findMembers(ctx, programmeID, 0)
}

// FindMember returns one participant of a programme.
func (db *DB) FindMember(ctx context.Context, programmeID, educatorID int64) (*programme.Member, error) {
	ms, err := db.findMembers(ctx, programmeID, educatorID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, app.ErrNotFound("参训人员")
	}
	return ms[0], nil
}

// findMembers lists a programme's participants, or the one educator when
// educatorID is set.
func (db *DB) findMembers(ctx context.Context, programmeID, educatorID int64) ([]*programme.Member, error) {
	var w where
	w.add("m.programme_id = ?", programmeID)
	if educatorID != 0 {
		w.add("m.educator_id = ?", educatorID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT m.programme_id, m.educator_id, e.name, e.gender, e.post, e.school_id, s.name,
		s.county_id, c.city_id, m.category, m.added_by, m.added_at
		FROM programme_members m JOIN educators e ON e.id = m.educator_id JOIN schools s ON s.id = e.school_id
		JOIN counties c ON c.id = s.county_id
		LEFT JOIN programme_categories k ON k.programme_id = m.programme_id AND k.name = m.category`+w.sql()+`
		ORDER BY COALESCE(k.position, -1), e.sort_key, e.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindMembers", err)
	}
	defer rows.Close()
	out := []*programme.Member{}
	for rows.Next() {
		m := &programme.Member{}
		if err := rows.Scan(&m.ProgrammeID, &m.EducatorID, &m.Name, &m.Gender, &m.Post, &m.SchoolID, &m.SchoolName, &m.CountyID,
			&m.CityID, &m.Category, &m.AddedBy, &m.AddedAt); err != nil {
			return nil, app.Wrap("store.FindMembers", err)
		}
		m.AddedAt = m.AddedAt.UTC()
		out = append(out, m)
	}
	return out, app.Wrap("store.FindMembers", rows.Err())
}

// CreateMember enrols a participant.
func (db *DB) CreateMember(ctx context.Context, m *programme.Member) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO programme_members (programme_id, educator_id, category, added_by, added_at)
		VALUES ($1, $2, $3, $4, $5)`, m.ProgrammeID, m.EducatorID, m.Category, m.AddedBy, m.AddedAt)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该人员已在本项目中", "The person is already a participant")
	}
	return app.Wrap("store.CreateMember", err)
}

// DeleteMember withdraws a participant.
func (db *DB) DeleteMember(ctx context.Context, programmeID, educatorID int64) error {
	return db.execOne(ctx, "store.DeleteMember", "参训人员", `DELETE FROM programme_members WHERE programme_id = $1 AND educator_id = $2`,
		programmeID, educatorID)
}

// FindEnrolments lists the programmes an educator takes part in, latest first.
func (db *DB) FindEnrolments(ctx context.Context, educatorID int64) ([]*programme.Enrolment, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+programmeColumns+`, m.category, m.added_at`+programmeFrom+`
		JOIN programme_members m ON m.programme_id = p.id WHERE m.educator_id = $1 ORDER BY p.start_date DESC, p.id DESC`, educatorID)
	if err != nil {
		return nil, app.Wrap("store.FindEnrolments", err)
	}
	defer rows.Close()
	out := []*programme.Enrolment{}
	for rows.Next() {
		p := &programme.Programme{Categories: []programme.Category{}}
		e := &programme.Enrolment{Programme: p}
		if err := rows.Scan(&p.ID, &p.CityID, &p.CountyID, &p.CountyName, &p.Name, &p.Kind, &p.Organiser, &p.Hosts, &p.Start, &p.End,
			&p.Description, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.Participants, &e.Category, &e.AddedAt); err != nil {
			return nil, app.Wrap("store.FindEnrolments", err)
		}
		e.AddedAt = e.AddedAt.UTC()
		out = append(out, e)
	}
	return out, app.Wrap("store.FindEnrolments", rows.Err())
}

// programmeMembers returns the participants of the programmes, by programme,
// for programme grants.
func (db *DB) programmeMembers(ctx context.Context, ids []int64) (map[int64][]int64, error) {
	var w where
	w.in("programme_id", ids)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT programme_id, educator_id FROM programme_members`+w.sql()+` ORDER BY educator_id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.programmeMembers", err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var p, e int64
		if err := rows.Scan(&p, &e); err != nil {
			return nil, app.Wrap("store.programmeMembers", err)
		}
		out[p] = append(out[p], e)
	}
	return out, app.Wrap("store.programmeMembers", rows.Err())
}
