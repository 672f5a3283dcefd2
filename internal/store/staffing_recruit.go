package store

import (
	"context"
	"database/sql"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
)

const recruitColumns = `r.id, r.county_id, c.city_id, c.name, r.name, r.gender, r.birth_date, r.id_masked, r.subject, r.level,
	r.qualifications, COALESCE(r.home_school_id, 0), COALESCE(h.name, ''), r.status, COALESCE(r.school_id, 0), COALESCE(s.name, ''),
	COALESCE(r.educator_id, 0), r.start_date, r.created_by, r.created_at, r.placed_by, r.placed_at`

const recruitFrom = ` FROM staffing_recruits r JOIN counties c ON c.id = r.county_id
	LEFT JOIN schools h ON h.id = r.home_school_id LEFT JOIN schools s ON s.id = r.school_id`

func scanRecruit(sc interface{ Scan(...any) error }) (*staffing.Recruit, error) {
	r := &staffing.Recruit{}
	var placedAt sql.NullTime
	err := sc.Scan(&r.ID, &r.CountyID, &r.CityID, &r.CountyName, &r.Name, &r.Gender, &r.BirthDate, &r.IDMasked, &r.Subject, &r.Level,
		&r.Qualifications, &r.HomeSchoolID, &r.HomeSchoolName, &r.Status, &r.SchoolID, &r.SchoolName, &r.EducatorID, &r.Start,
		&r.CreatedBy, &r.CreatedAt, &r.PlacedBy, &placedAt)
	if err != nil {
		return nil, err
	}
	r.CreatedAt, r.PlacedAt = r.CreatedAt.UTC(), timeOf(placedAt)
	return r, nil
}

// FindRecruits lists the recruits matching f, waiting first, then by name.
func (db *DB) FindRecruits(ctx context.Context, f staffing.RecruitFilter) ([]*staffing.Recruit, error) {
	var w where
	w.scope(f.Within, "c.city_id", "r.county_id", "r.school_id", "")
	if f.CountyID != 0 {
		w.add("r.county_id = ?", f.CountyID)
	}
	if f.Status != "" {
		w.add("r.status = ?", string(f.Status))
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+recruitColumns+recruitFrom+w.sql()+
		` ORDER BY CASE r.status WHEN 'waiting' THEN 0 ELSE 1 END, r.name, r.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindRecruits", err)
	}
	defer rows.Close()
	out := []*staffing.Recruit{}
	for rows.Next() {
		r, err := scanRecruit(rows)
		if err != nil {
			return nil, app.Wrap("store.FindRecruits", err)
		}
		out = append(out, r)
	}
	return out, app.Wrap("store.FindRecruits", rows.Err())
}

// FindRecruitByID returns one recruit.
func (db *DB) FindRecruitByID(ctx context.Context, id int64) (*staffing.Recruit, error) {
	r, err := scanRecruit(db.q(ctx).QueryRowContext(ctx, `SELECT `+recruitColumns+recruitFrom+` WHERE r.id = $1`, id))
	if err != nil {
		return nil, app.Wrap("store.FindRecruitByID", notFound(err, "新招聘教师"))
	}
	return r, nil
}

// CreateRecruits inserts recruits with their sealed ID numbers and sets
// their IDs. An ID number entered before is a conflict.
func (db *DB) CreateRecruits(ctx context.Context, rs []*staffing.Recruit, ids []people.SealedID) error {
	for i, r := range rs {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_recruits (county_id, name, gender, birth_date, id_cipher, id_lookup,
			id_masked, subject, level, qualifications, home_school_id, status, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			r.CountyID, r.Name, r.Gender, r.BirthDate, ids[i].Cipher, ids[i].Lookup, ids[i].Masked, r.Subject, r.Level, r.Qualifications,
			nullID(r.HomeSchoolID), string(r.Status), r.CreatedBy, r.CreatedAt).Scan(&r.ID)
		if isUniqueViolation(err) {
			return app.Errorf(app.Conflict, r.Name+"的身份证号已登记为新招聘教师", r.Name+"'s ID number is already entered as a recruit")
		}
		if err != nil {
			return app.Wrap("store.CreateRecruits", err)
		}
	}
	return nil
}

// SetRecruitSchool sets a waiting recruit's chosen school (0: none).
func (db *DB) SetRecruitSchool(ctx context.Context, id, schoolID int64) error {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE staffing_recruits SET school_id = $1 WHERE id = $2 AND status = 'waiting'`, nullID(schoolID), id)
	return recruitClaimed(res, err, "store.SetRecruitSchool")
}

// PlaceRecruit marks a waiting recruit placed; a recruit no longer waiting
// (another approval placed it first) is a conflict.
func (db *DB) PlaceRecruit(ctx context.Context, id int64, start app.Date, by string, at time.Time) error {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE staffing_recruits SET status = 'placed', start_date = $1, placed_by = $2, placed_at = $3
		WHERE id = $4 AND status = 'waiting' AND school_id IS NOT NULL`, start, by, at, id)
	return recruitClaimed(res, err, "store.PlaceRecruit")
}

// recruitClaimed turns an update of no waiting recruit into a conflict.
func recruitClaimed(res sql.Result, err error, op string) error {
	n, err := changed(res, err, op)
	if err != nil {
		return err
	}
	if n == 0 {
		return app.Errorf(app.Conflict, "该新招聘教师已分配，请刷新后重试", "The recruit is already placed; reload and try again")
	}
	return nil
}

// LinkRecruitEducator records the educator a placed recruit became.
func (db *DB) LinkRecruitEducator(ctx context.Context, id, educatorID int64) error {
	return db.execOne(ctx, "store.LinkRecruitEducator", "新招聘教师", `UPDATE staffing_recruits SET educator_id = $1 WHERE id = $2`, educatorID, id)
}

// RecruitSeal returns a recruit's sealed ID number.
func (db *DB) RecruitSeal(ctx context.Context, id int64) (people.SealedID, error) {
	var s people.SealedID
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id_cipher, id_lookup, id_masked FROM staffing_recruits WHERE id = $1`, id).
		Scan(&s.Cipher, &s.Lookup, &s.Masked)
	return s, app.Wrap("store.RecruitSeal", notFound(err, "新招聘教师"))
}
