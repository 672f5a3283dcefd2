package store

import (
	"context"
	"database/sql"

	"jiaoliu/internal/app"
	"jiaoliu/internal/rotation"
)

const returnColumns = `county_id, school_year, version, submitted_by, submitted_at, reason, must_rotate, rotated, backbone`

func scanSubmission(sc interface{ Scan(...any) error }, extra ...any) (*rotation.Submission, error) {
	s := &rotation.Submission{}
	dest := append([]any{&s.CountyID, &s.SchoolYear, &s.Version, &s.SubmittedBy, &s.SubmittedAt, &s.Reason, &s.MustRotate, &s.Rotated,
		&s.Backbone}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	s.SubmittedAt = s.SubmittedAt.UTC()
	s.Late = rotation.LateSubmission(s.SchoolYear, s.SubmittedAt)
	return s, nil
}

func (db *DB) findSubmissions(ctx context.Context, op, cond string, countyIDs []int64, year int) ([]*rotation.Submission, error) {
	var w where
	w.in("v.county_id", countyIDs)
	w.add("v.school_year = ?", year)
	if cond != "" {
		w.add(cond)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+returnColumns+` FROM rotation_return_versions v`+w.sql()+
		` ORDER BY v.county_id, v.version`, w.args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer rows.Close()
	out := []*rotation.Submission{}
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, app.Wrap(op, err)
		}
		out = append(out, s)
	}
	return out, app.Wrap(op, rows.Err())
}

// FindReturnSubmissions returns the latest submission of each of the
// counties' returns of a school year, without its snapshot.
func (db *DB) FindReturnSubmissions(ctx context.Context, countyIDs []int64, year int) ([]*rotation.Submission, error) {
	return db.findSubmissions(ctx, "store.FindReturnSubmissions", `v.version = (SELECT MAX(w.version) FROM rotation_return_versions w
		WHERE w.county_id = v.county_id AND w.school_year = v.school_year)`, countyIDs, year)
}

// FindReturnVersions returns every submission of the counties' returns of a
// school year, by county and version, without their snapshots.
func (db *DB) FindReturnVersions(ctx context.Context, countyIDs []int64, year int) ([]*rotation.Submission, error) {
	return db.findSubmissions(ctx, "store.FindReturnVersions", "", countyIDs, year)
}

// FindReturnSnapshot returns one submission of a county's return with its
// snapshot and, with annexes, both annexes as generated.
func (db *DB) FindReturnSnapshot(ctx context.Context, countyID int64, year, version int, annexes bool) (*rotation.Submission, error) {
	var snapshot string
	var a1, a2 []byte
	cols, dest := `, snapshot`, []any{&snapshot}
	if annexes {
		cols, dest = `, snapshot, annex1, annex2`, []any{&snapshot, &a1, &a2}
	}
	s, err := scanSubmission(db.q(ctx).QueryRowContext(ctx, `SELECT `+returnColumns+cols+` FROM rotation_return_versions
		WHERE county_id = $1 AND school_year = $2 AND version = $3`, countyID, year, version), dest...)
	if err == sql.ErrNoRows {
		return nil, app.ErrNotFound("年度报送")
	}
	if err != nil {
		return nil, app.Wrap("store.FindReturnSnapshot", err)
	}
	if snapshot != "" {
		s.Snapshot = []byte(snapshot)
	}
	s.Annex1, s.Annex2 = a1, a2
	return s, nil
}

// CreateReturnSubmission stores a version of a county's return with its
// snapshot and annexes; a second one of the same version is a conflict.
func (db *DB) CreateReturnSubmission(ctx context.Context, s *rotation.Submission) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO rotation_return_versions (county_id, school_year, version, submitted_by, submitted_at,
		reason, must_rotate, rotated, backbone, snapshot, annex1, annex2) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		s.CountyID, s.SchoolYear, s.Version, s.SubmittedBy, s.SubmittedAt, s.Reason, s.MustRotate, s.Rotated, s.Backbone,
		string(s.Snapshot), s.Annex1, s.Annex2)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该学年的年度报送刚被他人提交，请刷新后查看", "The return was submitted meanwhile; reload to see it")
	}
	return app.Wrap("store.CreateReturnSubmission", err)
}
