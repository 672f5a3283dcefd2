package store

import (
	"context"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/training"
)

// UnitFigures counts, per school of the filter, its educators, those whose
// hours in the cycle reach what is expected, and its people's completed
// and finished (completed or not) enrolments on courses of the year.
func (db *DB) UnitFigures(ctx context.Context, f training.UnitFilter) ([]*training.UnitFigures, error) {
	var w where
	w.args = append(w.args, f.FromYear, f.ToYear, f.Expected)
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.SchoolID != 0 {
		w.add("s.id = ?", f.SchoolID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT s.id, s.name, s.county_id, COUNT(e.id),
		COALESCE(SUM(CASE WHEN (SELECT COALESCE(SUM(h.hours), 0) FROM training_credits h
			WHERE h.educator_id = e.id AND h.year >= $1 AND h.year <= $2) >= $3 THEN 1 ELSE 0 END), 0)
		FROM schools s LEFT JOIN educators e ON e.school_id = s.id`+w.sql()+` GROUP BY s.id, s.name, s.county_id, s.code ORDER BY s.code, s.id`,
		w.args...)
	if err != nil {
		return nil, app.Wrap("store.UnitFigures", err)
	}
	defer rows.Close()
	out := []*training.UnitFigures{}
	byID := map[int64]*training.UnitFigures{}
	for rows.Next() {
		u := &training.UnitFigures{}
		if err := rows.Scan(&u.SchoolID, &u.SchoolName, &u.CountyID, &u.Educators, &u.OnTrack); err != nil {
			return nil, app.Wrap("store.UnitFigures", err)
		}
		out, byID[u.SchoolID] = append(out, u), u
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.UnitFigures", err)
	}
	rows.Close()
	var c where
	c.add("p.start_date >= ? AND p.start_date <= ?", app.NewDate(f.Year, 1, 1), app.NewDate(f.Year, 12, 31))
	if f.CountyID != 0 {
		c.add("s.county_id = ?", f.CountyID)
	}
	if f.SchoolID != 0 {
		c.add("s.id = ?", f.SchoolID)
	}
	crows, err := db.q(ctx).QueryContext(ctx, `SELECT s.id, COALESCE(SUM(CASE WHEN n.status = 'completed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN n.status IN ('completed', 'failed') THEN 1 ELSE 0 END), 0)
		FROM training_enrolments n JOIN programmes p ON p.id = n.course_id JOIN educators e ON e.id = n.educator_id
		JOIN schools s ON s.id = e.school_id`+c.sql()+` GROUP BY s.id`, c.args...)
	if err != nil {
		return nil, app.Wrap("store.UnitFigures", err)
	}
	defer crows.Close()
	for crows.Next() {
		var id int64
		var done, finished int
		if err := crows.Scan(&id, &done, &finished); err != nil {
			return nil, app.Wrap("store.UnitFigures", err)
		}
		if u := byID[id]; u != nil {
			u.Completed, u.Finished = done, finished
		}
	}
	return out, app.Wrap("store.UnitFigures", crows.Err())
}

// FindUnitGrades returns the graded points of the schools' year, by school and item.
func (db *DB) FindUnitGrades(ctx context.Context, year int, schoolIDs []int64) (map[int64]map[string]int, error) {
	out := map[int64]map[string]int{}
	if len(schoolIDs) == 0 {
		return out, nil
	}
	var w where
	w.add("year = ?", year)
	w.in("school_id", schoolIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT school_id, item, points FROM training_unit_grades`+w.sql(), w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindUnitGrades", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var item string
		var points int
		if err := rows.Scan(&id, &item, &points); err != nil {
			return nil, app.Wrap("store.FindUnitGrades", err)
		}
		if out[id] == nil {
			out[id] = map[string]int{}
		}
		out[id][item] = points
	}
	return out, app.Wrap("store.FindUnitGrades", rows.Err())
}

// SaveUnitGrade writes, or rewrites, one graded item of a school's year.
func (db *DB) SaveUnitGrade(ctx context.Context, schoolID int64, year int, item string, points int, by string, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO training_unit_grades (school_id, year, item, points, graded_by, graded_at)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (school_id, year, item)
		DO UPDATE SET points = excluded.points, graded_by = excluded.graded_by, graded_at = excluded.graded_at`,
		schoolID, year, item, points, by, at)
	return app.Wrap("store.SaveUnitGrade", err)
}

// CreateCommendation records a commendation and sets its ID.
func (db *DB) CreateCommendation(ctx context.Context, c *training.Commendation) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_commendations (year, kind, title, school_id, educator_id, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.Year, c.Kind, c.Title, c.SchoolID, nullID(c.EducatorID), c.CreatedBy, c.CreatedAt).Scan(&c.ID)
	return app.Wrap("store.CreateCommendation", err)
}

// FindCommendations lists commendations, latest year first.
func (db *DB) FindCommendations(ctx context.Context, f training.CommendationFilter) ([]*training.Commendation, error) {
	var w where
	if f.SchoolID != 0 {
		w.add("m.school_id = ?", f.SchoolID)
	}
	if f.EducatorID != 0 {
		w.add("m.educator_id = ?", f.EducatorID)
	}
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.Year != 0 {
		w.add("m.year = ?", f.Year)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT m.id, m.year, m.kind, m.title, m.school_id, s.name, COALESCE(m.educator_id, 0),
		COALESCE(e.name, ''), m.created_by, m.created_at FROM training_commendations m JOIN schools s ON s.id = m.school_id
		LEFT JOIN educators e ON e.id = m.educator_id`+w.sql()+` ORDER BY m.year DESC, m.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindCommendations", err)
	}
	defer rows.Close()
	out := []*training.Commendation{}
	for rows.Next() {
		c := &training.Commendation{}
		if err := rows.Scan(&c.ID, &c.Year, &c.Kind, &c.Title, &c.SchoolID, &c.SchoolName, &c.EducatorID, &c.Name, &c.CreatedBy,
			&c.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindCommendations", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCommendations", rows.Err())
}
