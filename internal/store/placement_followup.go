package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// After the placement: the report-back meetings, the follow-ups, and the
// requirements' edits and due dates.

// FindReportBacks lists a programme's report-back meetings or, with
// programmeID zero, every meeting held from..to, by date.
func (db *DB) FindReportBacks(ctx context.Context, programmeID int64, from, to app.Date) ([]*placement.ReportBack, error) {
	w := where{}
	if programmeID != 0 {
		w.add("programme_id = ?", programmeID)
	} else {
		w.add("day >= ?", from)
		w.add("day <= ?", to)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, programme_id, batch_id, day, at_time, place, attendees, note, updated_by, updated_at
		FROM placement_report_backs`+w.sql()+` ORDER BY day, batch_id, id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindReportBacks", err)
	}
	defer rows.Close()
	out := []*placement.ReportBack{}
	for rows.Next() {
		rb := &placement.ReportBack{}
		if err := rows.Scan(&rb.ID, &rb.ProgrammeID, &rb.BatchID, &rb.Date, &rb.Time, &rb.Place, &rb.Attendees, &rb.Note, &rb.UpdatedBy, &rb.UpdatedAt); err != nil {
			return nil, app.Wrap("store.FindReportBacks", err)
		}
		rb.UpdatedAt = rb.UpdatedAt.UTC()
		out = append(out, rb)
	}
	return out, app.Wrap("store.FindReportBacks", rows.Err())
}

// SaveReportBack writes the meeting of (programme, batch), replacing it, and sets its ID.
func (db *DB) SaveReportBack(ctx context.Context, rb *placement.ReportBack) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO placement_report_backs (programme_id, batch_id, day, at_time, place, attendees, note,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (programme_id, batch_id) DO UPDATE SET day = excluded.day, at_time = excluded.at_time, place = excluded.place,
		attendees = excluded.attendees, note = excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at
		RETURNING id`, rb.ProgrammeID, rb.BatchID, rb.Date, rb.Time, rb.Place, rb.Attendees, rb.Note, rb.UpdatedBy, rb.UpdatedAt).Scan(&rb.ID)
	return app.Wrap("store.SaveReportBack", err)
}

// FindOutstandingEducators lists the participants of a programme marked to
// report to the whole district.
func (db *DB) FindOutstandingEducators(ctx context.Context, programmeID int64) ([]int64, error) {
	return db.queryIDs(ctx, "store.FindOutstandingEducators", `SELECT educator_id FROM placement_completions
		WHERE programme_id = $1 AND outstanding ORDER BY educator_id`, programmeID)
}

// queryIDs runs a query of one integer column.
func (db *DB) queryIDs(ctx context.Context, op, query string, args ...any) ([]int64, error) {
	rows, err := db.q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, app.Wrap(op, err)
		}
		out = append(out, id)
	}
	return out, app.Wrap(op, rows.Err())
}

// EnsureFollowUps gives a placement its follow-ups of the months given, once.
func (db *DB) EnsureFollowUps(ctx context.Context, placementID int64, months []int) error {
	for _, m := range months {
		if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO placement_follow_ups (placement_id, months) VALUES ($1, $2)
			ON CONFLICT (placement_id, months) DO NOTHING`, placementID, m); err != nil {
			return app.Wrap("store.EnsureFollowUps", err)
		}
	}
	return nil
}

const followUpColumns = `f.id, f.placement_id, f.months, f.school_review, f.school_by, f.school_at, f.organiser_review, f.organiser_grade,
	f.organiser_by, f.organiser_at`

func scanFollowUp(sc interface{ Scan(...any) error }) (*placement.FollowUp, error) {
	f := &placement.FollowUp{}
	var schoolAt, organiserAt sql.NullTime
	err := sc.Scan(&f.ID, &f.PlacementID, &f.Months, &f.SchoolReview, &f.SchoolBy, &schoolAt, &f.OrganiserReview, &f.OrganiserGrade,
		&f.OrganiserBy, &organiserAt)
	f.SchoolAt, f.OrganiserAt = timeOf(schoolAt), timeOf(organiserAt)
	return f, err
}

// FindFollowUps lists the follow-ups of a placement or, with placementID
// zero, of every placement of a programme.
func (db *DB) FindFollowUps(ctx context.Context, programmeID, placementID int64) ([]*placement.FollowUp, error) {
	query, arg := `SELECT `+followUpColumns+` FROM placement_follow_ups f WHERE f.placement_id = $1 ORDER BY f.months`, placementID
	if placementID == 0 {
		query, arg = `SELECT `+followUpColumns+` FROM placement_follow_ups f JOIN placements p ON p.id = f.placement_id
			WHERE p.programme_id = $1 ORDER BY f.placement_id, f.months`, programmeID
	}
	rows, err := db.q(ctx).QueryContext(ctx, query, arg)
	if err != nil {
		return nil, app.Wrap("store.FindFollowUps", err)
	}
	defer rows.Close()
	out := []*placement.FollowUp{}
	for rows.Next() {
		f, err := scanFollowUp(rows)
		if err != nil {
			return nil, app.Wrap("store.FindFollowUps", err)
		}
		out = append(out, f)
	}
	return out, app.Wrap("store.FindFollowUps", rows.Err())
}

// FindFollowUpByID returns one follow-up.
func (db *DB) FindFollowUpByID(ctx context.Context, id int64) (*placement.FollowUp, error) {
	f, err := scanFollowUp(db.q(ctx).QueryRowContext(ctx, `SELECT `+followUpColumns+` FROM placement_follow_ups f WHERE f.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.ErrNotFound("跟踪问效")
	}
	return f, app.Wrap("store.FindFollowUpByID", err)
}

// SaveFollowUp writes a follow-up's reviews.
func (db *DB) SaveFollowUp(ctx context.Context, f *placement.FollowUp) error {
	return db.execOne(ctx, "store.SaveFollowUp", "跟踪问效", `UPDATE placement_follow_ups SET school_review = $1, school_by = $2, school_at = $3,
		organiser_review = $4, organiser_grade = $5, organiser_by = $6, organiser_at = $7 WHERE id = $8`,
		f.SchoolReview, f.SchoolBy, nullTime(f.SchoolAt), f.OrganiserReview, f.OrganiserGrade, f.OrganiserBy, nullTime(f.OrganiserAt), f.ID)
}

// FindProgrammesEnded lists the programmes with a batch ending from..to.
func (db *DB) FindProgrammesEnded(ctx context.Context, from, to app.Date) ([]int64, error) {
	return db.queryIDs(ctx, "store.FindProgrammesEnded", `SELECT DISTINCT programme_id FROM secondment_batches
		WHERE end_date >= $1 AND end_date <= $2 ORDER BY programme_id`, from, to)
}

// UserOfEducator returns the enabled account of an educator, 0 when none.
func (db *DB) UserOfEducator(ctx context.Context, educatorID int64) (int64, error) {
	var id int64
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id FROM users WHERE educator_id = $1 AND NOT disabled ORDER BY id LIMIT 1`, educatorID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, app.Wrap("store.UserOfEducator", err)
}

// FindPlacementRequirementByID returns one requirement.
func (db *DB) FindPlacementRequirementByID(ctx context.Context, id int64) (*placement.Requirement, error) {
	r := &placement.Requirement{}
	var counts string
	err := db.q(ctx).QueryRowContext(ctx, `SELECT id, programme_id, position, name, kind, counts, target, due FROM placement_requirements
		WHERE id = $1`, id).Scan(&r.ID, &r.ProgrammeID, &r.Position, &r.Name, &r.Kind, &counts, &r.Target, &r.Due)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, app.ErrNotFound("要求")
	}
	r.Counts = []string{}
	if counts != "" {
		r.Counts = strings.Split(counts, ",")
	}
	return r, app.Wrap("store.FindPlacementRequirementByID", err)
}

// UpdatePlacementRequirement saves r's name, counts, target and due date.
func (db *DB) UpdatePlacementRequirement(ctx context.Context, r *placement.Requirement) error {
	err := db.execOne(ctx, "store.UpdatePlacementRequirement", "要求", `UPDATE placement_requirements SET name = $1, counts = $2, target = $3, due = $4
		WHERE id = $5 AND programme_id = $6`, r.Name, strings.Join(r.Counts, ","), r.Target, r.Due, r.ID, r.ProgrammeID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: "本项目已有要求“" + r.Name + "”", English: "The programme has a requirement " + r.Name,
			Fields: map[string]string{"name": "taken"}}
	}
	return err
}

// FindDueRequirementProgrammes lists the programmes with a requirement
// that has a due date or is a deadline.
func (db *DB) FindDueRequirementProgrammes(ctx context.Context) ([]int64, error) {
	return db.queryIDs(ctx, "store.FindDueRequirementProgrammes", `SELECT DISTINCT programme_id FROM placement_requirements
		WHERE due IS NOT NULL OR kind = $1 ORDER BY programme_id`, string(placement.Deadline))
}

var _ placement.ReturnStore = (*DB)(nil)
