package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/training"
)

// A course is a programme of kind training with a training_courses row.

const courseColumns = programmeColumns + `, t.audience, t.hours, t.mode, t.capacity, t.enrolment, t.min_attendance, t.assignments,
	t.assessment, t.pass_mark, t.time_limit_minutes, t.paper_size, t.max_attempts, t.qualifies, t.certificate,
	(SELECT COUNT(*) FROM training_enrolments e WHERE e.course_id = p.id AND e.status IN ('enrolled', 'completed', 'failed'))`

const courseFrom = ` FROM programmes p JOIN training_courses t ON t.programme_id = p.id LEFT JOIN counties c ON c.id = p.county_id`

func scanCourse(sc interface{ Scan(...any) error }) (*training.Course, error) {
	p := &programme.Programme{Categories: []programme.Category{}}
	c := &training.Course{Programme: p}
	var audience string
	err := sc.Scan(&p.ID, &p.CityID, &p.CountyID, &p.CountyName, &p.Name, &p.Kind, &p.Organiser, &p.Hosts, &p.Start, &p.End,
		&p.Description, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt, &p.Participants,
		&audience, &c.Hours, &c.Mode, &c.Capacity, &c.Enrolment, &c.MinAttendance, &c.Assignments, &c.Assessment, &c.PassMark,
		&c.TimeLimitMinutes, &c.PaperSize, &c.MaxAttempts, &c.Qualifies, &c.Certificate, &c.Enrolled)
	if err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	c.Audience = []string{}
	if audience != "" {
		c.Audience = strings.Split(audience, ",")
	}
	return c, nil
}

// courseWhere is the WHERE clause of f: the courses of the actor's
// programmes and of the published plans of its units.
func courseWhere(f training.CourseFilter) where {
	var w where
	if !f.Within.All && !f.Units.All {
		s, u := f.Within, f.Units
		w.or(append(programmeInScope(s), func(w *where) {
			if len(u.AllOfCity) > 0 {
				w.in("p.city_id", u.AllOfCity)
			}
		}, func(w *where) {
			if len(u.Counties) > 0 {
				w.in("p.county_id", u.Counties)
			}
		}, func(w *where) {
			if len(u.CityWide) > 0 {
				w.add("p.county_id IS NULL")
				w.in("p.city_id", u.CityWide)
			}
		})...)
	}
	if f.Q != "" {
		q := "%" + likeEscape(f.Q) + "%"
		w.add(`(p.name LIKE ? ESCAPE '\' OR p.organiser LIKE ? ESCAPE '\')`, q, q)
	}
	if f.Year != 0 {
		w.add("p.start_date >= ? AND p.start_date <= ?", app.NewDate(f.Year, 1, 1), app.NewDate(f.Year, 12, 31))
	}
	w.programmeStatus(f.Status, f.Today)
	return w
}

// FindCourses lists the courses matching f, by start date, with the total.
func (db *DB) FindCourses(ctx context.Context, f training.CourseFilter) ([]*training.Course, int, error) {
	w := courseWhere(f)
	var total int
	if err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+courseFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, app.Wrap("store.FindCourses", err)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+courseColumns+courseFrom+w.sql()+` ORDER BY p.start_date, p.id`+
		limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindCourses", err)
	}
	defer rows.Close()
	out := []*training.Course{}
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindCourses", err)
		}
		out = append(out, c)
	}
	return out, total, app.Wrap("store.FindCourses", rows.Err())
}

// FindCourseByID returns a course.
func (db *DB) FindCourseByID(ctx context.Context, id int64) (*training.Course, error) {
	c, err := scanCourse(db.q(ctx).QueryRowContext(ctx, `SELECT `+courseColumns+courseFrom+` WHERE p.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "课程")
	}
	return c, nil
}

// CreateCourse writes the training terms of a course whose programme exists.
func (db *DB) CreateCourse(ctx context.Context, c *training.Course) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO training_courses (programme_id, audience, hours, mode, capacity, enrolment,
		min_attendance, assignments, assessment, pass_mark, time_limit_minutes, paper_size, max_attempts, qualifies, certificate)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		c.ID, strings.Join(c.Audience, ","), c.Hours, c.Mode, c.Capacity, c.Enrolment, c.MinAttendance, c.Assignments, c.Assessment,
		c.PassMark, c.TimeLimitMinutes, c.PaperSize, c.MaxAttempts, c.Qualifies, c.Certificate)
	return app.Wrap("store.CreateCourse", err)
}

// UpdateCourse rewrites the training terms of a course.
func (db *DB) UpdateCourse(ctx context.Context, c *training.Course) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE training_courses SET audience = $2, hours = $3, mode = $4, capacity = $5,
		enrolment = $6, min_attendance = $7, assignments = $8, assessment = $9, pass_mark = $10, time_limit_minutes = $11,
		paper_size = $12, max_attempts = $13, qualifies = $14, certificate = $15 WHERE programme_id = $1`,
		c.ID, strings.Join(c.Audience, ","), c.Hours, c.Mode, c.Capacity, c.Enrolment, c.MinAttendance, c.Assignments, c.Assessment,
		c.PassMark, c.TimeLimitMinutes, c.PaperSize, c.MaxAttempts, c.Qualifies, c.Certificate)
	return app.Wrap("store.UpdateCourse", err)
}

const classColumns = `k.id, k.course_id, k.name, k.start_date, k.end_date, k.venue, k.completed,
	(SELECT COUNT(*) FROM training_enrolments e WHERE e.class_id = k.id AND e.status IN ('enrolled', 'completed', 'failed'))`

// findClasses lists classes by start, with their sessions.
func (db *DB) findClasses(ctx context.Context, cond string, arg int64) ([]*training.Class, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+classColumns+` FROM training_classes k WHERE `+cond+` ORDER BY k.start_date, k.id`, arg)
	if err != nil {
		return nil, app.Wrap("store.findClasses", err)
	}
	defer rows.Close()
	out := []*training.Class{}
	byID := map[int64]*training.Class{}
	var ids []int64
	for rows.Next() {
		k := &training.Class{Sessions: []*training.Session{}}
		if err := rows.Scan(&k.ID, &k.CourseID, &k.Name, &k.Start, &k.End, &k.Venue, &k.Completed, &k.Enrolled); err != nil {
			return nil, app.Wrap("store.findClasses", err)
		}
		out, byID[k.ID], ids = append(out, k), k, append(ids, k.ID)
	}
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return out, app.Wrap("store.findClasses", err)
	}
	rows.Close()
	var w where
	w.in("class_id", ids)
	srows, err := db.q(ctx).QueryContext(ctx, `SELECT id, class_id, day, topic FROM training_sessions`+w.sql()+` ORDER BY day, id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.findClasses", err)
	}
	defer srows.Close()
	for srows.Next() {
		s := &training.Session{}
		if err := srows.Scan(&s.ID, &s.ClassID, &s.Day, &s.Topic); err != nil {
			return nil, app.Wrap("store.findClasses", err)
		}
		byID[s.ClassID].Sessions = append(byID[s.ClassID].Sessions, s)
	}
	return out, app.Wrap("store.findClasses", srows.Err())
}

// FindClasses lists a course's classes with their sessions.
func (db *DB) FindClasses(ctx context.Context, courseID int64) ([]*training.Class, error) {
	return db.findClasses(ctx, "k.course_id = $1", courseID)
}

// FindClassByID returns a class with its sessions.
func (db *DB) FindClassByID(ctx context.Context, id int64) (*training.Class, error) {
	list, err := db.findClasses(ctx, "k.id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("班级")
	}
	return list[0], nil
}

// CreateClass inserts a class and sets its ID.
func (db *DB) CreateClass(ctx context.Context, k *training.Class) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_classes (course_id, name, start_date, end_date, venue)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, k.CourseID, k.Name, k.Start, k.End, k.Venue).Scan(&k.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: "本课程已有同名班级", English: "The course has a class of this name",
			Fields: map[string]string{"name": "taken"}}
	}
	k.Sessions = []*training.Session{}
	return app.Wrap("store.CreateClass", err)
}

// SetClassCompleted marks a class completed.
func (db *DB) SetClassCompleted(ctx context.Context, id int64) error {
	return db.execOne(ctx, "store.SetClassCompleted", "班级", `UPDATE training_classes SET completed = TRUE WHERE id = $1`, id)
}

// CreateClassSession inserts a session and sets its ID.
func (db *DB) CreateClassSession(ctx context.Context, s *training.Session) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_sessions (class_id, day, topic) VALUES ($1, $2, $3) RETURNING id`,
		s.ClassID, s.Day, s.Topic).Scan(&s.ID)
	return app.Wrap("store.CreateClassSession", err)
}

// FindClassSession returns a session of a class, with the number of
// people whose attendance at it is recorded.
func (db *DB) FindClassSession(ctx context.Context, id int64) (*training.Session, int, error) {
	s := &training.Session{}
	var present int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id, class_id, day, topic, (SELECT COUNT(*) FROM training_attendance a WHERE a.session_id = s.id)
		FROM training_sessions s WHERE id = $1`, id).Scan(&s.ID, &s.ClassID, &s.Day, &s.Topic, &present)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, app.ErrNotFound("课程安排")
	}
	return s, present, app.Wrap("store.FindClassSession", err)
}

// UpdateClassSession saves a corrected session.
func (db *DB) UpdateClassSession(ctx context.Context, s *training.Session) error {
	return db.execOne(ctx, "store.UpdateClassSession", "课程安排", `UPDATE training_sessions SET day = $1, topic = $2 WHERE id = $3`,
		s.Day, s.Topic, s.ID)
}

// DeleteClassSession removes a session.
func (db *DB) DeleteClassSession(ctx context.Context, id int64) error {
	return db.execOne(ctx, "store.DeleteClassSession", "课程安排", `DELETE FROM training_sessions WHERE id = $1`, id)
}

const enrolmentSelect = `SELECT n.id, n.course_id, p.name, n.class_id, k.name, n.educator_id, ed.name, ed.school_id, s.name, s.county_id,
	co.city_id, n.status, n.via, n.assignments,
	(SELECT COUNT(*) FROM training_attendance a WHERE a.enrolment_id = n.id), n.created_by, n.created_at, n.decided_by
	FROM training_enrolments n JOIN programmes p ON p.id = n.course_id JOIN training_classes k ON k.id = n.class_id
	JOIN educators ed ON ed.id = n.educator_id JOIN schools s ON s.id = ed.school_id JOIN counties co ON co.id = s.county_id`

func (db *DB) findEnrolments(ctx context.Context, w where, order string) ([]*training.Enrolment, error) {
	rows, err := db.q(ctx).QueryContext(ctx, enrolmentSelect+w.sql()+order, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindCourseEnrolments", err)
	}
	defer rows.Close()
	out := []*training.Enrolment{}
	for rows.Next() {
		e := &training.Enrolment{}
		if err := rows.Scan(&e.ID, &e.CourseID, &e.CourseName, &e.ClassID, &e.ClassName, &e.EducatorID, &e.Name, &e.SchoolID,
			&e.SchoolName, &e.CountyID, &e.CityID, &e.Status, &e.Via, &e.Assignments, &e.Attended, &e.CreatedBy, &e.CreatedAt,
			&e.DecidedBy); err != nil {
			return nil, app.Wrap("store.FindCourseEnrolments", err)
		}
		e.CreatedAt = e.CreatedAt.UTC()
		out = append(out, e)
	}
	return out, app.Wrap("store.FindCourseEnrolments", rows.Err())
}

// FindCourseEnrolments lists the enrolments matching f, by class and name.
func (db *DB) FindCourseEnrolments(ctx context.Context, f training.EnrolmentFilter) ([]*training.Enrolment, error) {
	var w where
	if f.ID != 0 {
		w.add("n.id = ?", f.ID)
	}
	if f.CourseID != 0 {
		w.add("n.course_id = ?", f.CourseID)
	}
	if f.ClassID != 0 {
		w.add("n.class_id = ?", f.ClassID)
	}
	if f.EducatorID != 0 {
		w.add("n.educator_id = ?", f.EducatorID)
	}
	return db.findEnrolments(ctx, w, ` ORDER BY k.start_date, k.id, ed.sort_key, ed.id`)
}

// FindEnrolmentsOf lists an educator's enrolments, latest course first.
func (db *DB) FindEnrolmentsOf(ctx context.Context, educatorID int64) ([]*training.Enrolment, error) {
	var w where
	w.add("n.educator_id = ?", educatorID)
	return db.findEnrolments(ctx, w, ` ORDER BY p.start_date DESC, n.id DESC`)
}

// CreateEnrolment inserts an enrolment and sets its ID.
func (db *DB) CreateEnrolment(ctx context.Context, e *training.Enrolment) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_enrolments (course_id, class_id, educator_id, status, via, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, e.CourseID, e.ClassID, e.EducatorID, e.Status, e.Via, e.CreatedBy, e.CreatedAt).Scan(&e.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: e.Name + "已报名本课程", English: e.Name + " is already on this course",
			Fields: map[string]string{"educator_id": "taken"}}
	}
	return app.Wrap("store.CreateEnrolment", err)
}

// UpdateEnrolment saves an enrolment's status, assignments and decider.
func (db *DB) UpdateEnrolment(ctx context.Context, e *training.Enrolment) error {
	return db.execOne(ctx, "store.UpdateEnrolment", "报名记录", `UPDATE training_enrolments SET status = $1, assignments = $2, decided_by = $3
		WHERE id = $4`, e.Status, e.Assignments, e.DecidedBy, e.ID)
}

// SetAttendance replaces a session's attendance with the enrolments listed.
func (db *DB) SetAttendance(ctx context.Context, sessionID int64, present []int64) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM training_attendance WHERE session_id = $1`, sessionID); err != nil {
			return app.Wrap("store.SetAttendance", err)
		}
		for _, id := range present {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO training_attendance (enrolment_id, session_id) VALUES ($1, $2)`,
				id, sessionID); err != nil {
				return app.Wrap("store.SetAttendance", err)
			}
		}
		return nil
	})
}

// FindAttendance returns, per enrolment of a class, the sessions attended.
func (db *DB) FindAttendance(ctx context.Context, classID int64) (map[int64][]int64, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT a.enrolment_id, a.session_id FROM training_attendance a
		JOIN training_sessions s ON s.id = a.session_id WHERE s.class_id = $1 ORDER BY a.enrolment_id, s.day, s.id`, classID)
	if err != nil {
		return nil, app.Wrap("store.FindAttendance", err)
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var e, s int64
		if err := rows.Scan(&e, &s); err != nil {
			return nil, app.Wrap("store.FindAttendance", err)
		}
		out[e] = append(out[e], s)
	}
	return out, app.Wrap("store.FindAttendance", rows.Err())
}

var _ training.Store = (*DB)(nil)

// DeleteEnrolment removes an enrolment; its attendance and attempts go with it.
func (db *DB) DeleteEnrolment(ctx context.Context, id int64) error {
	_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM training_enrolments WHERE id = $1`, id)
	return app.Wrap("store.DeleteEnrolment", err)
}
