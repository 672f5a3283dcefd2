package store

import (
	"cmp"
	"context"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
)

// FindPosts lists a unit's posts by grade with their active appointments
// counted (in all, and those made ahead of a vacancy).
func (db *DB) FindPosts(ctx context.Context, unitKind string, unitID int64) ([]*staffing.Post, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT p.id, p.county_id, p.unit_kind, p.unit_id, p.grade, p.posts, p.updated_by, p.updated_at,
		(SELECT COUNT(*) FROM staffing_appointments a WHERE a.unit_kind = p.unit_kind AND a.unit_id = p.unit_id AND a.grade = p.grade
			AND a.end_date IS NULL),
		(SELECT COUNT(*) FROM staffing_appointments a WHERE a.unit_kind = p.unit_kind AND a.unit_id = p.unit_id AND a.grade = p.grade
			AND a.end_date IS NULL AND a.ahead)
		FROM staffing_posts p WHERE p.unit_kind = $1 AND p.unit_id = $2`, unitKind, unitID)
	if err != nil {
		return nil, app.Wrap("store.FindPosts", err)
	}
	defer rows.Close()
	out := []*staffing.Post{}
	for rows.Next() {
		p := &staffing.Post{}
		if err := rows.Scan(&p.ID, &p.CountyID, &p.UnitKind, &p.UnitID, &p.Grade, &p.Posts, &p.UpdatedBy, &p.UpdatedAt,
			&p.Appointed, &p.Ahead); err != nil {
			return nil, app.Wrap("store.FindPosts", err)
		}
		p.UpdatedAt = p.UpdatedAt.UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindPosts", err)
	}
	// Appointments to a grade without a row of posts still count against it.
	extra, err := db.q(ctx).QueryContext(ctx, `SELECT a.grade, COUNT(*), SUM(CASE WHEN a.ahead THEN 1 ELSE 0 END)
		FROM staffing_appointments a WHERE a.unit_kind = $1 AND a.unit_id = $2 AND a.end_date IS NULL
		AND NOT EXISTS (SELECT 1 FROM staffing_posts p WHERE p.unit_kind = a.unit_kind AND p.unit_id = a.unit_id AND p.grade = a.grade)
		GROUP BY a.grade`, unitKind, unitID)
	if err != nil {
		return nil, app.Wrap("store.FindPosts", err)
	}
	defer extra.Close()
	for extra.Next() {
		p := &staffing.Post{UnitKind: unitKind, UnitID: unitID}
		if err := extra.Scan(&p.Grade, &p.Appointed, &p.Ahead); err != nil {
			return nil, app.Wrap("store.FindPosts", err)
		}
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPosts", extra.Err())
}

// SavePosts inserts or updates the posts of a grade in a unit.
func (db *DB) SavePosts(ctx context.Context, p *staffing.Post) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_posts (county_id, unit_kind, unit_id, grade, posts, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (unit_kind, unit_id, grade) DO UPDATE SET posts = excluded.posts, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at RETURNING id`, p.CountyID, p.UnitKind, p.UnitID, p.Grade, p.Posts, p.UpdatedBy, p.UpdatedAt).Scan(&p.ID)
	return app.Wrap("store.SavePosts", err)
}

const appointmentColumns = `a.id, a.county_id, a.unit_kind, a.unit_id, a.educator_id, e.name, e.title, a.grade, a.start_date, a.end_date,
	a.ahead, a.higher, a.note, a.created_by, a.created_at`

const appointmentFrom = ` FROM staffing_appointments a JOIN educators e ON e.id = a.educator_id`

func (db *DB) findAppointments(ctx context.Context, op, cond string, args ...any) ([]*staffing.Appointment, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+appointmentColumns+appointmentFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer rows.Close()
	out := []*staffing.Appointment{}
	for rows.Next() {
		a := &staffing.Appointment{}
		if err := rows.Scan(&a.ID, &a.CountyID, &a.UnitKind, &a.UnitID, &a.EducatorID, &a.EducatorName, &a.Title, &a.Grade,
			&a.Start, &a.End, &a.Ahead, &a.Higher, &a.Note, &a.CreatedBy, &a.CreatedAt); err != nil {
			return nil, app.Wrap(op, err)
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, app.Wrap(op, rows.Err())
}

// FindAppointments lists a unit's active appointments, highest grade first.
func (db *DB) FindAppointments(ctx context.Context, unitKind string, unitID int64) ([]*staffing.Appointment, error) {
	out, err := db.findAppointments(ctx, "store.FindAppointments", `a.unit_kind = $1 AND a.unit_id = $2 AND a.end_date IS NULL
		ORDER BY a.start_date, a.id`, unitKind, unitID)
	rank := func(g string) int {
		for i, t := range staffing.Grades {
			if t.Code == g {
				return i
			}
		}
		return -1
	}
	slices.SortStableFunc(out, func(a, b *staffing.Appointment) int { return cmp.Compare(rank(b.Grade), rank(a.Grade)) })
	return out, err
}

// FindAppointmentByID returns an appointment.
func (db *DB) FindAppointmentByID(ctx context.Context, id int64) (*staffing.Appointment, error) {
	list, err := db.findAppointments(ctx, "store.FindAppointmentByID", `a.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("岗位聘用")
	}
	return list[0], nil
}

// ActiveAppointment returns an educator's appointment without an end.
func (db *DB) ActiveAppointment(ctx context.Context, educatorID int64) (*staffing.Appointment, error) {
	list, err := db.findAppointments(ctx, "store.ActiveAppointment", `a.educator_id = $1 AND a.end_date IS NULL ORDER BY a.id DESC`, educatorID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("岗位聘用")
	}
	return list[0], nil
}

// CreateAppointment inserts an appointment and sets its ID.
func (db *DB) CreateAppointment(ctx context.Context, a *staffing.Appointment) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_appointments (county_id, unit_kind, unit_id, educator_id, grade, start_date,
		ahead, higher, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		a.CountyID, a.UnitKind, a.UnitID, a.EducatorID, a.Grade, a.Start, a.Ahead, a.Higher, a.Note, a.CreatedBy, a.CreatedAt).Scan(&a.ID)
	return app.Wrap("store.CreateAppointment", err)
}

// EndAppointment sets an appointment's end date.
func (db *DB) EndAppointment(ctx context.Context, id int64, end app.Date) error {
	return db.execOne(ctx, "store.EndAppointment", "岗位聘用", `UPDATE staffing_appointments SET end_date = $1 WHERE id = $2`, end, id)
}

// FindPromotionCandidates returns the established educators of a county (or the one
// educator) with a title, with their histories and the schools' location
// and terrain, oldest row first.
func (db *DB) FindPromotionCandidates(ctx context.Context, countyID, educatorID int64) ([]*staffing.Candidate, error) {
	var w where
	w.add("s.county_id = ?", countyID)
	w.add("e.staff_status = ?", string(people.StaffEstablished))
	w.add("e.title <> ''")
	if educatorID != 0 {
		w.add("e.id = ?", educatorID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id, e.name, e.school_id, s.name, s.county_id, e.post, e.title, `+dateText("e.joined_school")+`
		FROM educators e JOIN schools s ON s.id = e.school_id`+w.sql()+` ORDER BY e.sort_key, e.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPromotionCandidates", err)
	}
	defer rows.Close()
	var out []*staffing.Candidate
	byID := map[int64]*staffing.Candidate{}
	for rows.Next() {
		c := &staffing.Candidate{}
		if err := rows.Scan(&c.EducatorID, &c.Name, &c.SchoolID, &c.SchoolName, &c.CountyID, &c.Post, &c.Title, scanDate{&c.JoinedSchool}); err != nil {
			return nil, app.Wrap("store.FindPromotionCandidates", err)
		}
		out = append(out, c)
		byID[c.EducatorID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindPromotionCandidates", err)
	}
	steps, err := db.q(ctx).QueryContext(ctx, `SELECT k.educator_id, k.school_id, ks.name, ks.location, ks.terrain, ks.weak, k.post, k.kind,
		`+dateText("k.start_date")+`, `+dateText("k.end_date")+`, COALESCE(k.exchange_id, 0),
		CASE WHEN x.status = 'returned' THEN 1 ELSE 0 END
		FROM career_entries k JOIN schools ks ON ks.id = k.school_id JOIN educators e ON e.id = k.educator_id
		JOIN schools s ON s.id = e.school_id LEFT JOIN rotation_exchanges x ON x.id = k.exchange_id`+w.sql()+` ORDER BY k.educator_id, k.start_date, k.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPromotionCandidates", err)
	}
	defer steps.Close()
	for steps.Next() {
		var id int64
		var early int
		var st staffing.Step
		if err := steps.Scan(&id, &st.SchoolID, &st.SchoolName, &st.Location, &st.Terrain, &st.Weak, &st.Post, &st.Kind,
			scanDate{&st.Start}, scanDate{&st.End}, &st.ExchangeID, &early); err != nil {
			return nil, app.Wrap("store.FindPromotionCandidates", err)
		}
		st.Early = early == 1 && st.Kind == people.CareerExchange
		if c := byID[id]; c != nil {
			c.Steps = append(c.Steps, st)
		}
	}
	return out, app.Wrap("store.FindPromotionCandidates", steps.Err())
}
