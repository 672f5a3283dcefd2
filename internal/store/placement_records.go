package store

import (
	"context"
	"database/sql"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// The placement day by day: placement ids, records with their versions and
// comments, sign-ins, requirements and the tallies progress is computed from.

// FindPlacementKey returns the programme and participant of a placement id.
func (db *DB) FindPlacementKey(ctx context.Context, id int64) (placement.Key, error) {
	k := placement.Key{ID: id}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT programme_id, educator_id FROM placements WHERE id = $1`, id).Scan(&k.ProgrammeID, &k.EducatorID)
	if err == sql.ErrNoRows {
		return k, app.ErrNotFound("挂职安排")
	}
	return k, app.Wrap("store.FindPlacementKey", err)
}

// FindPlacementKeys lists the placement ids of a programme or, with
// programmeID zero, of an educator.
func (db *DB) FindPlacementKeys(ctx context.Context, programmeID, educatorID int64) ([]placement.Key, error) {
	query, arg := `SELECT id, programme_id, educator_id FROM placements WHERE programme_id = $1 ORDER BY id`, programmeID
	if programmeID == 0 {
		query, arg = `SELECT id, programme_id, educator_id FROM placements WHERE educator_id = $1 ORDER BY id`, educatorID
	}
	rows, err := db.q(ctx).QueryContext(ctx, query, arg)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementKeys", err)
	}
	defer rows.Close()
	out := []placement.Key{}
	for rows.Next() {
		var k placement.Key
		if err := rows.Scan(&k.ID, &k.ProgrammeID, &k.EducatorID); err != nil {
			return nil, app.Wrap("store.FindPlacementKeys", err)
		}
		out = append(out, k)
	}
	return out, app.Wrap("store.FindPlacementKeys", rows.Err())
}

const recordColumns = `id, placement_id, kind, type, day, period, class_name, subject, teacher, topic, body, reflection, chars,
	assessment, version, created_by, created_at, updated_by, updated_at`

func scanRecord(sc interface{ Scan(...any) error }) (*placement.Record, error) {
	r := &placement.Record{}
	err := sc.Scan(&r.ID, &r.PlacementID, &r.Kind, &r.Type, &r.Date, &r.Period, &r.Class, &r.Subject, &r.Teacher, &r.Topic, &r.Body,
		&r.Reflection, &r.Chars, &r.Assessment, &r.Version, &r.CreatedBy, &r.CreatedAt, &r.UpdatedBy, &r.UpdatedAt)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

// FindPlacementRecords lists records, newest day first.
func (db *DB) FindPlacementRecords(ctx context.Context, f placement.RecordFilter) ([]*placement.Record, error) {
	w := where{}
	if f.PlacementID != 0 {
		w.add("placement_id = ?", f.PlacementID)
	}
	if f.Kind != "" {
		w.add("kind = ?", string(f.Kind))
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+recordColumns+` FROM placement_records`+w.sql()+` ORDER BY day DESC, id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementRecords", err)
	}
	defer rows.Close()
	out := []*placement.Record{}
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, app.Wrap("store.FindPlacementRecords", err)
		}
		out = append(out, r)
	}
	return out, app.Wrap("store.FindPlacementRecords", rows.Err())
}

// FindPlacementRecordByID returns one record.
func (db *DB) FindPlacementRecordByID(ctx context.Context, id int64) (*placement.Record, error) {
	r, err := scanRecord(db.q(ctx).QueryRowContext(ctx, `SELECT `+recordColumns+` FROM placement_records WHERE id = $1`, id))
	if err == sql.ErrNoRows {
		return nil, app.ErrNotFound("记录")
	}
	return r, app.Wrap("store.FindPlacementRecordByID", err)
}

// recordConflict says which rule a record broke.
func recordConflict(r *placement.Record) error {
	switch {
	case r.Kind == placement.KindLog:
		return &app.Error{Code: app.Conflict, Message: r.Date.Chinese() + "的研修日志已经写过，请修改原日志",
			English: "The log of " + r.Date.English() + " is written already: edit it", Fields: map[string]string{"date": "taken"}}
	case r.Assessment:
		return &app.Error{Code: app.Conflict, Message: "已有一节示范课定为考核课", English: "Another demonstration lesson is the assessment lesson",
			Fields: map[string]string{"assessment": "taken"}}
	}
	return app.Errorf(app.Conflict, "个人研修计划已经提交，请修改原计划", "The personal plan is handed in already: edit it")
}

// CreatePlacementRecord inserts r and sets its ID.
func (db *DB) CreatePlacementRecord(ctx context.Context, r *placement.Record) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_records (placement_id, kind, type, day, period, class_name, subject, teacher,
		topic, body, reflection, chars, assessment, version, created_by, created_at, updated_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		r.PlacementID, string(r.Kind), r.Type, r.Date, r.Period, r.Class, r.Subject, r.Teacher, r.Topic, r.Body, r.Reflection, r.Chars,
		r.Assessment, r.Version, r.CreatedBy, r.CreatedAt, r.UpdatedBy, r.UpdatedAt).Scan(&r.ID)
	if isUniqueViolation(err) {
		return recordConflict(r)
	}
	return app.Wrap("store.CreatePlacementRecord", err)
}

// UpdatePlacementRecord keeps prev's text as a version and saves r's.
func (db *DB) UpdatePlacementRecord(ctx context.Context, r *placement.Record, prev *placement.Record) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO placement_record_versions (record_id, version, topic, body, reflection, saved_by, saved_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, prev.ID, prev.Version, prev.Topic, prev.Body, prev.Reflection, prev.UpdatedBy, prev.UpdatedAt); err != nil {
			if isUniqueViolation(err) {
				return app.Errorf(app.Conflict, "记录已被修改，请刷新后再改", "The record was changed meanwhile: reload it")
			}
			return app.Wrap("store.UpdatePlacementRecord", err)
		}
		return db.execOne(ctx, "store.UpdatePlacementRecord", "记录", `UPDATE placement_records SET topic = $1, body = $2, reflection = $3, chars = $4,
			version = $5, updated_by = $6, updated_at = $7 WHERE id = $8 AND version = $9`,
			r.Topic, r.Body, r.Reflection, r.Chars, r.Version, r.UpdatedBy, r.UpdatedAt, r.ID, prev.Version)
	})
}

// FindPlacementRecordVersions lists a record's earlier versions, newest first.
func (db *DB) FindPlacementRecordVersions(ctx context.Context, recordID int64) ([]*placement.Version, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT version, topic, body, reflection, saved_by, saved_at FROM placement_record_versions
		WHERE record_id = $1 ORDER BY version DESC`, recordID)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementRecordVersions", err)
	}
	defer rows.Close()
	out := []*placement.Version{}
	for rows.Next() {
		v := &placement.Version{}
		if err := rows.Scan(&v.Version, &v.Topic, &v.Body, &v.Reflection, &v.SavedBy, &v.SavedAt); err != nil {
			return nil, app.Wrap("store.FindPlacementRecordVersions", err)
		}
		v.SavedAt = v.SavedAt.UTC()
		out = append(out, v)
	}
	return out, app.Wrap("store.FindPlacementRecordVersions", rows.Err())
}

// FindPlacementComments lists the comments on a placement's records, oldest first.
func (db *DB) FindPlacementComments(ctx context.Context, placementID int64) ([]*placement.Comment, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT c.id, c.record_id, c.author_id, c.author_name, c.body, c.created_at
		FROM placement_comments c JOIN placement_records r ON r.id = c.record_id WHERE r.placement_id = $1 ORDER BY c.id`, placementID)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementComments", err)
	}
	defer rows.Close()
	out := []*placement.Comment{}
	for rows.Next() {
		c := &placement.Comment{}
		if err := rows.Scan(&c.ID, &c.RecordID, &c.AuthorID, &c.AuthorName, &c.Body, &c.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindPlacementComments", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, app.Wrap("store.FindPlacementComments", rows.Err())
}

// CreatePlacementComment inserts c and sets its ID.
func (db *DB) CreatePlacementComment(ctx context.Context, c *placement.Comment) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_comments (record_id, author_id, author_name, body, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.RecordID, c.AuthorID, c.AuthorName, c.Body, c.CreatedAt).Scan(&c.ID)
	return app.Wrap("store.CreatePlacementComment", err)
}

// CreatePlacementSignIn inserts a day's sign-in.
func (db *DB) CreatePlacementSignIn(ctx context.Context, a *placement.Attendance) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO placement_attendance (placement_id, day, by_host, signed_by, signed_at)
		VALUES ($1, $2, $3, $4, $5)`, a.PlacementID, a.Date, a.ByHost, a.SignedBy, a.SignedAt)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: a.Date.Chinese() + "已签到", English: a.Date.English() + " is signed in already",
			Fields: map[string]string{"date": "taken"}}
	}
	return app.Wrap("store.CreatePlacementSignIn", err)
}

// placementScope selects a programme's placements or one.
func placementScope(programmeID, placementID int64) (string, int64) {
	if placementID != 0 {
		return "placement_id = $1", placementID
	}
	return "placement_id IN (SELECT id FROM placements WHERE programme_id = $1)", programmeID
}

// FindPlacementSignIns lists sign-ins by placement and day.
func (db *DB) FindPlacementSignIns(ctx context.Context, programmeID, placementID int64) ([]*placement.Attendance, error) {
	cond, arg := placementScope(programmeID, placementID)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT placement_id, day, by_host, signed_by, signed_at FROM placement_attendance
		WHERE `+cond+` ORDER BY placement_id, day`, arg)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementSignIns", err)
	}
	defer rows.Close()
	out := []*placement.Attendance{}
	for rows.Next() {
		a := &placement.Attendance{}
		if err := rows.Scan(&a.PlacementID, &a.Date, &a.ByHost, &a.SignedBy, &a.SignedAt); err != nil {
			return nil, app.Wrap("store.FindPlacementSignIns", err)
		}
		a.SignedAt = a.SignedAt.UTC()
		out = append(out, a)
	}
	return out, app.Wrap("store.FindPlacementSignIns", rows.Err())
}

// FindPlacementTallies counts records by placement, kind and type.
func (db *DB) FindPlacementTallies(ctx context.Context, programmeID, placementID int64, today app.Date) ([]placement.Tally, error) {
	cond, arg := placementScope(programmeID, placementID)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT placement_id, kind, type, COUNT(*), SUM(CASE WHEN day = $2 THEN 1 ELSE 0 END),
		MAX(chars), MIN(day) FROM placement_records WHERE `+cond+` GROUP BY placement_id, kind, type`, arg, today)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementTallies", err)
	}
	defer rows.Close()
	out := []placement.Tally{}
	for rows.Next() {
		var t placement.Tally
		if err := rows.Scan(&t.PlacementID, &t.Kind, &t.Type, &t.Count, &t.Today, &t.MaxChars, &t.First); err != nil {
			return nil, app.Wrap("store.FindPlacementTallies", err)
		}
		out = append(out, t)
	}
	return out, app.Wrap("store.FindPlacementTallies", rows.Err())
}

// FindPlacementSignInCounts counts sign-ins up to today by placement.
func (db *DB) FindPlacementSignInCounts(ctx context.Context, programmeID, placementID int64, today app.Date) ([]placement.SignIns, error) {
	cond, arg := placementScope(programmeID, placementID)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT placement_id, COUNT(*), SUM(CASE WHEN day = $2 THEN 1 ELSE 0 END)
		FROM placement_attendance WHERE `+cond+` AND day <= $2 GROUP BY placement_id`, arg, today)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementSignInCounts", err)
	}
	defer rows.Close()
	out := []placement.SignIns{}
	for rows.Next() {
		var p placement.SignIns
		var signedToday int
		if err := rows.Scan(&p.PlacementID, &p.Days, &signedToday); err != nil {
			return nil, app.Wrap("store.FindPlacementSignInCounts", err)
		}
		p.Today = signedToday > 0
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPlacementSignInCounts", rows.Err())
}

// FindPlacementRequirements lists a programme's requirements in order.
func (db *DB) FindPlacementRequirements(ctx context.Context, programmeID int64) ([]*placement.Requirement, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, programme_id, position, name, kind, counts, target, due
		FROM placement_requirements WHERE programme_id = $1 ORDER BY position, id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindPlacementRequirements", err)
	}
	defer rows.Close()
	out := []*placement.Requirement{}
	for rows.Next() {
		r := &placement.Requirement{}
		var counts string
		if err := rows.Scan(&r.ID, &r.ProgrammeID, &r.Position, &r.Name, &r.Kind, &counts, &r.Target, &r.Due); err != nil {
			return nil, app.Wrap("store.FindPlacementRequirements", err)
		}
		r.Counts = []string{}
		if counts != "" {
			r.Counts = strings.Split(counts, ",")
		}
		out = append(out, r)
	}
	return out, app.Wrap("store.FindPlacementRequirements", rows.Err())
}

// CreatePlacementRequirement inserts r and sets its ID.
func (db *DB) CreatePlacementRequirement(ctx context.Context, r *placement.Requirement) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_requirements (programme_id, position, name, kind, counts, target, due)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, r.ProgrammeID, r.Position, r.Name, string(r.Kind), strings.Join(r.Counts, ","),
		r.Target, r.Due).Scan(&r.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: "本项目已有要求“" + r.Name + "”", English: "The programme has a requirement " + r.Name,
			Fields: map[string]string{"name": "taken"}}
	}
	return app.Wrap("store.CreatePlacementRequirement", err)
}

// DeletePlacementRequirement removes a requirement of a programme.
func (db *DB) DeletePlacementRequirement(ctx context.Context, programmeID, id int64) error {
	return db.execOne(ctx, "store.DeletePlacementRequirement", "要求", `DELETE FROM placement_requirements WHERE id = $1 AND programme_id = $2`, id, programmeID)
}

var _ placement.Store = (*DB)(nil)
