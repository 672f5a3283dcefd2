package store

import (
	"context"
	"database/sql"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/training"
)

// HasPassed reports whether an enrolment has a passed attempt.
func (db *DB) HasPassed(ctx context.Context, enrolmentID int64) (bool, error) {
	var n int
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM training_attempts WHERE enrolment_id = $1 AND passed`, enrolmentID).Scan(&n)
	return n > 0, app.Wrap("store.HasPassed", err)
}

// CreateQuestion adds a question to a course's bank; options are stored
// one per line.
func (db *DB) CreateQuestion(ctx context.Context, q *training.Question) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_questions (course_id, kind, stem, options, answer, points)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, q.CourseID, q.Kind, q.Stem, strings.Join(q.Options, "\n"), q.Answer, q.Points).Scan(&q.ID)
	return app.Wrap("store.CreateQuestion", err)
}

func splitOptions(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// FindQuestions lists a course's bank in the order it was written.
func (db *DB) FindQuestions(ctx context.Context, courseID int64) ([]*training.Question, error) {
	return db.findQuestions(ctx, "course_id = $1", courseID)
}

// FindQuestionByID returns a question of a bank.
func (db *DB) FindQuestionByID(ctx context.Context, id int64) (*training.Question, error) {
	list, err := db.findQuestions(ctx, "id = $1", id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("试题")
	}
	return list[0], nil
}

func (db *DB) findQuestions(ctx context.Context, cond string, arg int64) ([]*training.Question, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT q.id, q.course_id, q.kind, q.stem, q.options, q.answer, q.points, q.retired,
		(SELECT COUNT(*) FROM training_attempt_items i WHERE i.question_id = q.id)
		FROM training_questions q WHERE q.`+cond+` ORDER BY q.id`, arg)
	if err != nil {
		return nil, app.Wrap("store.FindQuestions", err)
	}
	defer rows.Close()
	out := []*training.Question{}
	for rows.Next() {
		q := &training.Question{}
		var options string
		if err := rows.Scan(&q.ID, &q.CourseID, &q.Kind, &q.Stem, &options, &q.Answer, &q.Points, &q.Retired, &q.Drawn); err != nil {
			return nil, app.Wrap("store.FindQuestions", err)
		}
		q.Options = splitOptions(options)
		out = append(out, q)
	}
	return out, app.Wrap("store.FindQuestions", rows.Err())
}

// UpdateQuestion saves a corrected question.
func (db *DB) UpdateQuestion(ctx context.Context, q *training.Question) error {
	return db.execOne(ctx, "store.UpdateQuestion", "试题", `UPDATE training_questions SET kind = $1, stem = $2, options = $3, answer = $4,
		points = $5, retired = $6 WHERE id = $7`, q.Kind, q.Stem, strings.Join(q.Options, "\n"), q.Answer, q.Points, q.Retired, q.ID)
}

// DeleteQuestion removes a question that no paper holds.
func (db *DB) DeleteQuestion(ctx context.Context, id int64) error {
	return db.execOne(ctx, "store.DeleteQuestion", "试题", `DELETE FROM training_questions WHERE id = $1`, id)
}

// CreateAttempt inserts an attempt with its paper.
func (db *DB) CreateAttempt(ctx context.Context, a *training.Attempt) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO training_attempts (enrolment_id, started_at, deadline, status, score, max_score, passed)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.EnrolmentID, a.StartedAt, a.Deadline, a.Status, a.Score, a.MaxScore, a.Passed).Scan(&a.ID)
		if err != nil {
			return app.Wrap("store.CreateAttempt", err)
		}
		for _, it := range a.Items {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO training_attempt_items (attempt_id, position, question_id) VALUES ($1, $2, $3)`,
				a.ID, it.Position, it.Question.ID); err != nil {
				return app.Wrap("store.CreateAttempt", err)
			}
		}
		return nil
	})
}

const attemptSelect = `SELECT a.id, a.enrolment_id, n.course_id, n.educator_id, a.started_at, a.deadline, a.submitted_at, a.status,
	a.score, a.max_score, a.passed FROM training_attempts a JOIN training_enrolments n ON n.id = a.enrolment_id`

func scanAttempt(sc interface{ Scan(...any) error }) (*training.Attempt, error) {
	a := &training.Attempt{Items: []*training.Item{}}
	var submitted sql.NullTime
	if err := sc.Scan(&a.ID, &a.EnrolmentID, &a.CourseID, &a.EducatorID, &a.StartedAt, &a.Deadline, &submitted, &a.Status, &a.Score,
		&a.MaxScore, &a.Passed); err != nil {
		return nil, err
	}
	a.StartedAt, a.Deadline = a.StartedAt.UTC(), a.Deadline.UTC()
	if submitted.Valid {
		t := submitted.Time.UTC()
		a.SubmittedAt = &t
	}
	return a, nil
}

// FindAttempt returns an attempt with its paper, answers and marks.
func (db *DB) FindAttempt(ctx context.Context, id int64) (*training.Attempt, error) {
	a, err := scanAttempt(db.q(ctx).QueryRowContext(ctx, attemptSelect+` WHERE a.id = $1`, id))
	if err != nil {
		return nil, notFound(err, "考核")
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT i.position, i.answer, i.awarded, q.id, q.course_id, q.kind, q.stem, q.options, q.answer, q.points
		FROM training_attempt_items i JOIN training_questions q ON q.id = i.question_id WHERE i.attempt_id = $1 ORDER BY i.position`, id)
	if err != nil {
		return nil, app.Wrap("store.FindAttempt", err)
	}
	defer rows.Close()
	for rows.Next() {
		it := &training.Item{Question: &training.Question{}}
		q := it.Question
		var awarded sql.NullInt64
		var options string
		if err := rows.Scan(&it.Position, &it.Answer, &awarded, &q.ID, &q.CourseID, &q.Kind, &q.Stem, &options, &q.Answer, &q.Points); err != nil {
			return nil, app.Wrap("store.FindAttempt", err)
		}
		q.Options = splitOptions(options)
		if awarded.Valid {
			n := int(awarded.Int64)
			it.Awarded = &n
		}
		a.Items = append(a.Items, it)
	}
	return a, app.Wrap("store.FindAttempt", rows.Err())
}

// FindAttempts lists an enrolment's attempts, latest first, without papers.
func (db *DB) FindAttempts(ctx context.Context, enrolmentID int64) ([]*training.Attempt, error) {
	rows, err := db.q(ctx).QueryContext(ctx, attemptSelect+` WHERE a.enrolment_id = $1 ORDER BY a.started_at DESC, a.id DESC`, enrolmentID)
	if err != nil {
		return nil, app.Wrap("store.FindAttempts", err)
	}
	defer rows.Close()
	out := []*training.Attempt{}
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, app.Wrap("store.FindAttempts", err)
		}
		out = append(out, a)
	}
	return out, app.Wrap("store.FindAttempts", rows.Err())
}

// UpdateAttempt saves an attempt's result and its items' answers and marks.
func (db *DB) UpdateAttempt(ctx context.Context, a *training.Attempt) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		var submitted any
		if a.SubmittedAt != nil {
			submitted = a.SubmittedAt.UTC()
		}
		if err := db.execOne(ctx, "store.UpdateAttempt", "考核", `UPDATE training_attempts SET submitted_at = $1, status = $2, score = $3,
			max_score = $4, passed = $5 WHERE id = $6`, submitted, a.Status, a.Score, a.MaxScore, a.Passed, a.ID); err != nil {
			return err
		}
		for _, it := range a.Items {
			var awarded any
			if it.Awarded != nil {
				awarded = *it.Awarded
			}
			if _, err := db.q(ctx).ExecContext(ctx, `UPDATE training_attempt_items SET answer = $1, awarded = $2 WHERE attempt_id = $3 AND position = $4`,
				it.Answer, awarded, a.ID, it.Position); err != nil {
				return app.Wrap("store.UpdateAttempt", err)
			}
		}
		return nil
	})
}
