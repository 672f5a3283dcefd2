package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/training"
)

// CreateCredit writes hours to an educator's training record.
func (db *DB) CreateCredit(ctx context.Context, c *training.Credit) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_credits (educator_id, enrolment_id, title, hours, credited_on, year,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		c.EducatorID, nullID(c.EnrolmentID), c.Title, c.Hours, c.CreditedOn, c.Year, c.CreatedBy, c.CreatedAt).Scan(&c.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该次培训的学时已记入档案", "The hours of this enrolment are already on the record")
	}
	return app.Wrap("store.CreateCredit", err)
}

// FindCredits lists an educator's credited hours, latest first.
func (db *DB) FindCredits(ctx context.Context, educatorID int64) ([]*training.Credit, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, educator_id, COALESCE(enrolment_id, 0), title, hours, credited_on, year,
		created_by, created_at FROM training_credits WHERE educator_id = $1 ORDER BY credited_on DESC, id DESC`, educatorID)
	if err != nil {
		return nil, app.Wrap("store.FindCredits", err)
	}
	defer rows.Close()
	out := []*training.Credit{}
	for rows.Next() {
		c := &training.Credit{}
		if err := rows.Scan(&c.ID, &c.EducatorID, &c.EnrolmentID, &c.Title, &c.Hours, &c.CreditedOn, &c.Year, &c.CreatedBy,
			&c.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindCredits", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCredits", rows.Err())
}

// CreateCertificate issues a certificate. A number drawn twice (which
// 78 random bits make unheard of) is refused by the unique index.
func (db *DB) CreateCertificate(ctx context.Context, c *training.Certificate) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_certificates (number, enrolment_id, educator_id, holder, course, hours,
		issued_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		c.Number, c.EnrolmentID, c.EducatorID, c.Holder, c.Course, c.Hours, c.IssuedOn).Scan(&c.ID)
	return app.Wrap("store.CreateCertificate", err)
}

const certificateSelect = `SELECT x.id, x.number, x.enrolment_id, x.educator_id, x.holder, x.course, x.hours, x.issued_on,
	COALESCE(t.qualifies, '') FROM training_certificates x JOIN training_enrolments n ON n.id = x.enrolment_id
	LEFT JOIN training_courses t ON t.programme_id = n.course_id`

func (db *DB) findCertificates(ctx context.Context, cond string, arg any) ([]*training.Certificate, error) {
	rows, err := db.q(ctx).QueryContext(ctx, certificateSelect+` WHERE `+cond+` ORDER BY x.issued_on DESC, x.id DESC`, arg)
	if err != nil {
		return nil, app.Wrap("store.FindCertificates", err)
	}
	defer rows.Close()
	out := []*training.Certificate{}
	for rows.Next() {
		c := &training.Certificate{}
		if err := rows.Scan(&c.ID, &c.Number, &c.EnrolmentID, &c.EducatorID, &c.Holder, &c.Course, &c.Hours, &c.IssuedOn,
			&c.Qualifies); err != nil {
			return nil, app.Wrap("store.FindCertificates", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCertificates", rows.Err())
}

// FindCertificates lists an educator's certificates, latest first.
func (db *DB) FindCertificates(ctx context.Context, educatorID int64) ([]*training.Certificate, error) {
	return db.findCertificates(ctx, "x.educator_id = $1", educatorID)
}

// FindCertificateByNumber returns the certificate of a number.
func (db *DB) FindCertificateByNumber(ctx context.Context, number string) (*training.Certificate, error) {
	list, err := db.findCertificates(ctx, "x.number = $1", number)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("证书")
	}
	return list[0], nil
}

// FindCertificateByID returns a certificate.
func (db *DB) FindCertificateByID(ctx context.Context, id int64) (*training.Certificate, error) {
	list, err := db.findCertificates(ctx, "x.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("证书")
	}
	return list[0], nil
}

// HasQualified reports whether the educator completed a course meeting the requirement.
func (db *DB) HasQualified(ctx context.Context, educatorID int64, requirement string) (bool, error) {
	var n int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM training_enrolments n JOIN training_courses t ON t.programme_id = n.course_id
		WHERE n.educator_id = $1 AND n.status = 'completed' AND t.qualifies = $2`, educatorID, requirement).Scan(&n)
	return n > 0, app.Wrap("store.HasQualified", err)
}

// homeroomUncertified is true, for an educator row e, when e is a homeroom
// teacher (班主任) who has completed no course meeting the homeroom
// requirement (training.RequirementHomeroom): the gate of seed 003's 班主任持证上岗,
// computed wherever educators are read, the same test as HasQualified's.
const homeroomUncertified = `(e.homeroom AND NOT EXISTS (SELECT 1 FROM training_enrolments hn
		JOIN training_courses ht ON ht.programme_id = hn.course_id
		WHERE hn.educator_id = e.id AND hn.status = 'completed' AND ht.qualifies = 'homeroom'))`

// FindHomeroomUncertified returns which of the educators are homeroom
// teachers without the homeroom certificate (homeroomUncertified).
func (db *DB) FindHomeroomUncertified(ctx context.Context, educatorIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	err := chunks(educatorIDs, lookupBatch, func(part []int64) error {
		var w where
		w.in("e.id", part)
		w.add(homeroomUncertified)
		rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id FROM educators e`+w.sql(), w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out[id] = true
		}
		return rows.Err()
	})
	return out, app.Wrap("store.FindHomeroomUncertified", err)
}

// HoursReport sums the hours credited in f's years to every educator in
// f's scope (those without hours too), by county, school and name: one
// pass over the educators, each summing its credits from the index on
// (educator_id, year, hours) without touching the table.
func (db *DB) HoursReport(ctx context.Context, f training.ReportFilter) ([]*training.ReportLine, error) {
	// The credits' years come first in the statement, so their arguments too.
	var w where
	w.args = append(w.args, f.FromYear, f.ToYear)
	w.scope(f.Within, "co.city_id", "s.county_id", "e.school_id", "e.id")
	if f.CountyID != 0 {
		w.add("s.county_id = ?", f.CountyID)
	}
	if f.SchoolID != 0 {
		w.add("e.school_id = ?", f.SchoolID)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id, e.name, e.post, e.school_id, s.name, co.name,
		(SELECT COALESCE(SUM(h.hours), 0) FROM training_credits h WHERE h.educator_id = e.id AND h.year >= $1 AND h.year <= $2),
		`+homeroomUncertified+`
		FROM educators e JOIN schools s ON s.id = e.school_id JOIN counties co ON co.id = s.county_id`+
		w.sql()+` ORDER BY co.id, s.code, e.sort_key, e.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.HoursReport", err)
	}
	defer rows.Close()
	out := []*training.ReportLine{}
	for rows.Next() {
		l := &training.ReportLine{}
		if err := rows.Scan(&l.EducatorID, &l.Name, &l.Post, &l.SchoolID, &l.SchoolName, &l.CountyName, &l.Hours, &l.HomeroomUncertified); err != nil {
			return nil, app.Wrap("store.HoursReport", err)
		}
		out = append(out, l)
	}
	return out, app.Wrap("store.HoursReport", rows.Err())
}
