package store

import (
	"context"
	"database/sql"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// Mentor, group leader, coordinator: coaching sessions, periodic
// evaluations, check-ins, group activities and their attendance.

// scanRows runs query and scans every row with scan.
func scanRows[T any](ctx context.Context, db *DB, op, query string, args []any, scan func(sc interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	rows, err := db.q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, app.Wrap(op, err)
		}
		out = append(out, v)
	}
	return out, app.Wrap(op, rows.Err())
}

// FindCoaching lists a placement's coaching sessions, newest first.
func (db *DB) FindCoaching(ctx context.Context, placementID int64) ([]*placement.Coaching, error) {
	return scanRows(ctx, db, "store.FindCoaching", `SELECT id, placement_id, day, form, topic, content, follow_up, follow_up_at, author_id,
		author_name, created_at FROM placement_coaching WHERE placement_id = $1 ORDER BY day DESC, id DESC`, []any{placementID},
		func(sc interface{ Scan(...any) error }) (*placement.Coaching, error) {
			c := &placement.Coaching{}
			var at sql.NullTime
			err := sc.Scan(&c.ID, &c.PlacementID, &c.Date, &c.Form, &c.Topic, &c.Content, &c.FollowUp, &at, &c.AuthorID, &c.AuthorName, &c.CreatedAt)
			c.FollowUpAt, c.CreatedAt = timeOf(at), c.CreatedAt.UTC()
			return c, err
		})
}

// CreateCoaching inserts a coaching session and sets its ID.
func (db *DB) CreateCoaching(ctx context.Context, c *placement.Coaching) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_coaching (placement_id, day, form, topic, content, author_id, author_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, c.PlacementID, c.Date, c.Form, c.Topic, c.Content, c.AuthorID, c.AuthorName,
		c.CreatedAt).Scan(&c.ID)
	return app.Wrap("store.CreateCoaching", err)
}

// SaveCoachingFollowUp writes the participant's follow-up of a session.
func (db *DB) SaveCoachingFollowUp(ctx context.Context, placementID, sessionID int64, text string, at time.Time) error {
	return db.execOne(ctx, "store.SaveCoachingFollowUp", "指导记录", `UPDATE placement_coaching SET follow_up = $1, follow_up_at = $2
		WHERE id = $3 AND placement_id = $4`, text, at, sessionID, placementID)
}

// FindEvaluations lists a placement's evaluations, newest first.
func (db *DB) FindEvaluations(ctx context.Context, placementID int64) ([]*placement.Evaluation, error) {
	return scanRows(ctx, db, "store.FindEvaluations", `SELECT id, placement_id, period, grade, comment, author_id, author_name, created_at
		FROM placement_evaluations WHERE placement_id = $1 ORDER BY created_at DESC, id DESC`, []any{placementID},
		func(sc interface{ Scan(...any) error }) (*placement.Evaluation, error) {
			e := &placement.Evaluation{}
			err := sc.Scan(&e.ID, &e.PlacementID, &e.Period, &e.Grade, &e.Comment, &e.AuthorID, &e.AuthorName, &e.CreatedAt)
			e.CreatedAt = e.CreatedAt.UTC()
			return e, err
		})
}

// CreateEvaluation inserts an evaluation; a Conflict for a second of a period.
func (db *DB) CreateEvaluation(ctx context.Context, e *placement.Evaluation) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_evaluations (placement_id, period, grade, comment, author_id, author_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, e.PlacementID, e.Period, e.Grade, e.Comment, e.AuthorID, e.AuthorName, e.CreatedAt).Scan(&e.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: "“" + e.Period + "”的阶段评价已经写过", English: "The evaluation of " + e.Period + " is written already",
			Fields: map[string]string{"period": "taken"}}
	}
	return app.Wrap("store.CreateEvaluation", err)
}

// FindCheckIns lists the check-ins of a placement or of a programme, newest first.
func (db *DB) FindCheckIns(ctx context.Context, programmeID, placementID int64) ([]*placement.CheckIn, error) {
	w := where{}
	w.add("p.programme_id = ?", programmeID)
	if placementID != 0 {
		w.add("c.placement_id = ?", placementID)
	}
	return scanRows(ctx, db, "store.FindCheckIns", `SELECT c.id, c.placement_id, c.day, c.way, c.notes, c.author_id, c.author_name, c.created_at
		FROM placement_check_ins c JOIN placements p ON p.id = c.placement_id`+w.sql()+` ORDER BY c.day DESC, c.id DESC`, w.args,
		func(sc interface{ Scan(...any) error }) (*placement.CheckIn, error) {
			c := &placement.CheckIn{}
			err := sc.Scan(&c.ID, &c.PlacementID, &c.Date, &c.Way, &c.Notes, &c.AuthorID, &c.AuthorName, &c.CreatedAt)
			c.CreatedAt = c.CreatedAt.UTC()
			return c, err
		})
}

// CreateCheckIn inserts a check-in and sets its ID.
func (db *DB) CreateCheckIn(ctx context.Context, c *placement.CheckIn) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_check_ins (placement_id, day, way, notes, author_id, author_name, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, c.PlacementID, c.Date, c.Way, c.Notes, c.AuthorID, c.AuthorName, c.CreatedAt).Scan(&c.ID)
	return app.Wrap("store.CreateCheckIn", err)
}

// FindGroupActivities lists a programme's activities, or one, by day and time.
func (db *DB) FindGroupActivities(ctx context.Context, programmeID, activityID int64) ([]*placement.GroupActivity, error) {
	w := where{}
	if programmeID != 0 {
		w.add("programme_id = ?", programmeID)
	}
	if activityID != 0 {
		w.add("id = ?", activityID)
	}
	return scanRows(ctx, db, "store.FindGroupActivities", `SELECT id, programme_id, group_id, day, start_time, end_time, place, kind, topic,
		created_by, created_at FROM group_activities`+w.sql()+` ORDER BY day, start_time, id`, w.args,
		func(sc interface{ Scan(...any) error }) (*placement.GroupActivity, error) {
			g := &placement.GroupActivity{}
			err := sc.Scan(&g.ID, &g.ProgrammeID, &g.GroupID, &g.Date, &g.Start, &g.End, &g.Place, &g.Kind, &g.Topic, &g.CreatedBy, &g.CreatedAt)
			g.CreatedAt = g.CreatedAt.UTC()
			return g, err
		})
}

// CreateGroupActivity inserts an activity and sets its ID.
func (db *DB) CreateGroupActivity(ctx context.Context, g *placement.GroupActivity) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO group_activities (programme_id, group_id, day, start_time, end_time, place, kind, topic,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, g.ProgrammeID, g.GroupID, g.Date, g.Start, g.End,
		g.Place, g.Kind, g.Topic, g.CreatedBy, g.CreatedAt).Scan(&g.ID)
	return app.Wrap("store.CreateGroupActivity", err)
}

// FindGroupAttendance lists the attendance recorded at a programme's activities.
func (db *DB) FindGroupAttendance(ctx context.Context, programmeID int64) ([]*placement.GroupAttendance, error) {
	return scanRows(ctx, db, "store.FindGroupAttendance", `SELECT a.activity_id, a.educator_id, a.status, a.recorded_by, a.recorded_at
		FROM group_activity_attendance a JOIN group_activities g ON g.id = a.activity_id WHERE g.programme_id = $1
		ORDER BY a.activity_id, a.educator_id`, []any{programmeID},
		func(sc interface{ Scan(...any) error }) (*placement.GroupAttendance, error) {
			m := &placement.GroupAttendance{}
			err := sc.Scan(&m.ActivityID, &m.EducatorID, &m.Status, &m.RecordedBy, &m.RecordedAt)
			m.RecordedAt = m.RecordedAt.UTC()
			return m, err
		})
}

// SaveGroupAttendance writes members' attendance at an activity, replacing
// what was recorded for them before.
func (db *DB) SaveGroupAttendance(ctx context.Context, activityID int64, marks []*placement.GroupAttendance) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		for _, m := range marks {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO group_activity_attendance (activity_id, educator_id, status, recorded_by, recorded_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT (activity_id, educator_id)
				DO UPDATE SET status = excluded.status, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at`,
				activityID, m.EducatorID, m.Status, m.RecordedBy, m.RecordedAt); err != nil {
				return app.Wrap("store.SaveGroupAttendance", err)
			}
		}
		return nil
	})
}

// EducatorUserIDs returns the accounts of educators that have one.
func (db *DB) EducatorUserIDs(ctx context.Context, educatorIDs []int64) (map[int64]int64, error) {
	w := where{}
	w.in("educator_id", educatorIDs)
	type pair struct{ educator, user int64 }
	rows, err := scanRows(ctx, db, "store.EducatorUserIDs", `SELECT educator_id, id FROM users`+w.sql()+` ORDER BY id`, w.args,
		func(sc interface{ Scan(...any) error }) (pair, error) {
			var p pair
			err := sc.Scan(&p.educator, &p.user)
			return p, err
		})
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, p := range rows {
		if out[p.educator] == 0 {
			out[p.educator] = p.user
		}
	}
	return out, nil
}

var _ placement.ContactStore = (*DB)(nil)
