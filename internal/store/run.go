package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/jobs"
)

const runColumns = `id, kind, status, COALESCE(owner_id, 0), title, input, progress_done, progress_total, message, result, error,
	created_at, started_at, finished_at, COALESCE(next_run_id, 0)`

// CreateRun inserts r and sets its ID.
func (db *DB) CreateRun(ctx context.Context, r *jobs.Run) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO runs (kind, status, owner_id, title, input, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, r.Kind, r.Status, nullID(r.OwnerID), r.Title, string(r.Input), r.CreatedAt).Scan(&r.ID)
	return app.Wrap("store.CreateRun", err)
}

// FindRunByID returns a run.
func (db *DB) FindRunByID(ctx context.Context, id int64) (*jobs.Run, error) {
	r := &jobs.Run{}
	var input, result string
	var started, finished sql.NullTime
	err := db.q(ctx).QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = $1`, id).Scan(&r.ID, &r.Kind, &r.Status, &r.OwnerID,
		&r.Title, &input, &r.Done, &r.Total, &r.Message, &result, &r.Error, &r.CreatedAt, &started, &finished, &r.NextRunID)
	if err != nil {
		return nil, notFound(err, "任务")
	}
	r.Input = json.RawMessage(input)
	if result != "" {
		r.Result = json.RawMessage(result)
	}
	if started.Valid {
		r.StartedAt = &started.Time
	}
	if finished.Valid {
		r.FinishedAt = &finished.Time
	}
	return r, nil
}

// StartRun marks a run as running (again, when the queue re-delivers it
// after a killed process).
func (db *DB) StartRun(ctx context.Context, id int64, at time.Time) error {
	return db.execOne(ctx, "store.StartRun", "任务", `UPDATE runs SET status = 'running', started_at = $1, error = ''
		WHERE id = $2 AND status IN ('queued', 'running')`, at, id)
}

// UpdateRunProgress records a running run's progress.
func (db *DB) UpdateRunProgress(ctx context.Context, id int64, done, total int, message string) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE runs SET progress_done = $1, progress_total = $2, message = $3
		WHERE id = $4 AND status = 'running'`, done, total, message, id)
	return app.Wrap("store.UpdateRunProgress", err)
}

// FinishRun records a run's outcome.
func (db *DB) FinishRun(ctx context.Context, id int64, status string, result json.RawMessage, errMsg string, at time.Time) error {
	_, err := db.q(ctx).ExecContext(ctx, `UPDATE runs SET status = $1, result = $2, error = $3, finished_at = $4,
		progress_done = CASE WHEN $1 = 'done' THEN progress_total ELSE progress_done END WHERE id = $5`,
		status, string(result), errMsg, at, id)
	return app.Wrap("store.FinishRun", err)
}

// CreateUpload stores an uploaded file for a run.
func (db *DB) CreateUpload(ctx context.Context, runID int64, u *jobs.Upload) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO uploads (run_id, name, size, content, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		nullID(runID), u.Name, len(u.Content), u.Content, db.clock.Now()).Scan(&u.ID)
	return app.Wrap("store.CreateUpload", err)
}

// FindUploads returns the files stored for a run, in upload order.
func (db *DB) FindUploads(ctx context.Context, runID int64) ([]jobs.Upload, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, name, content FROM uploads WHERE run_id = $1 ORDER BY id`, runID)
	if err != nil {
		return nil, app.Wrap("store.FindUploads", err)
	}
	defer rows.Close()
	var out []jobs.Upload
	for rows.Next() {
		var u jobs.Upload
		if err := rows.Scan(&u.ID, &u.Name, &u.Content); err != nil {
			return nil, app.Wrap("store.FindUploads", err)
		}
		out = append(out, u)
	}
	return out, app.Wrap("store.FindUploads", rows.Err())
}

// DeleteUploads removes a run's files.
func (db *DB) DeleteUploads(ctx context.Context, runID int64) error {
	_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM uploads WHERE run_id = $1`, runID)
	return app.Wrap("store.DeleteUploads", err)
}

// CountActiveUploads counts the owner's queued and running runs that work
// on uploaded files.
func (db *DB) CountActiveUploads(ctx context.Context, ownerID int64) (int, error) {
	var n int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM runs WHERE owner_id = $1 AND status IN ('queued', 'running')
		AND EXISTS (SELECT 1 FROM uploads WHERE uploads.run_id = runs.id)`, ownerID).Scan(&n)
	return n, app.Wrap("store.CountActiveUploads", err)
}

// ClaimNextRun sets the run's next_run_id to next if it is still seen (0
// for none). The update compares and sets in one statement, so of two
// transactions claiming one run, the second finds the value changed.
func (db *DB) ClaimNextRun(ctx context.Context, id, seen, next int64) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE runs SET next_run_id = $1 WHERE id = $2 AND COALESCE(next_run_id, 0) = $3`, next, id, seen)
	return affected(res, err, "store.ClaimNextRun")
}

// DeleteUploadsBefore deletes the files uploaded before t, which no commit
// took, and returns how many.
func (db *DB) DeleteUploadsBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := db.q(ctx).ExecContext(ctx, `DELETE FROM uploads WHERE created_at < $1`, t)
	return changed(res, err, "store.DeleteUploadsBefore")
}

var _ jobs.Store = (*DB)(nil)
