package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// FindCategoryConditions returns the conditions set on a programme's categories.
func (db *DB) FindCategoryConditions(ctx context.Context, programmeID int64) ([]secondment.CategoryConditions, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT category, posts, backbone, min_years, max_age
		FROM secondment_category_conditions WHERE programme_id = $1 ORDER BY category`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindCategoryConditions", err)
	}
	defer rows.Close()
	out := []secondment.CategoryConditions{}
	for rows.Next() {
		var c secondment.CategoryConditions
		var posts string
		if err := rows.Scan(&c.Category, &posts, &c.Backbone, &c.MinYears, &c.MaxAge); err != nil {
			return nil, app.Wrap("store.FindCategoryConditions", err)
		}
		c.Posts = []string{}
		if posts != "" {
			c.Posts = strings.Split(posts, ",")
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCategoryConditions", rows.Err())
}

// SaveCategoryConditions replaces the conditions of a programme's categories.
func (db *DB) SaveCategoryConditions(ctx context.Context, programmeID int64, cs []secondment.CategoryConditions) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_category_conditions WHERE programme_id = $1`, programmeID); err != nil {
			return app.Wrap("store.SaveCategoryConditions", err)
		}
		for _, c := range cs {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_category_conditions (programme_id, category, posts, backbone,
				min_years, max_age) VALUES ($1, $2, $3, $4, $5, $6)`, programmeID, c.Category, strings.Join(c.Posts, ","), c.Backbone,
				c.MinYears, c.MaxAge); err != nil {
				return app.Wrap("store.SaveCategoryConditions", err)
			}
		}
		return nil
	})
}

// FindSelection returns a programme's selection with its criteria.
func (db *DB) FindSelection(ctx context.Context, programmeID int64) (*secondment.Selection, error) {
	s := &secondment.Selection{ProgrammeID: programmeID}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT stage, drop_extremes, spread_threshold, notice_id, opened_by, opened_at, updated_at, version
		FROM secondment_selections WHERE programme_id = $1`, programmeID).Scan(&s.Stage, &s.DropExtremes, &s.SpreadThreshold, &s.NoticeID,
		&s.OpenedBy, &s.OpenedAt, &s.UpdatedAt, &s.Version)
	if err != nil {
		return nil, notFound(app.Wrap("store.FindSelection", err), "选派")
	}
	s.OpenedAt, s.UpdatedAt = s.OpenedAt.UTC(), s.UpdatedAt.UTC()
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, name, weight, max_score FROM secondment_criteria WHERE programme_id = $1
		ORDER BY position, id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindSelection", err)
	}
	defer rows.Close()
	s.Criteria = []secondment.Criterion{}
	for rows.Next() {
		var c secondment.Criterion
		if err := rows.Scan(&c.ID, &c.Name, &c.Weight, &c.MaxScore); err != nil {
			return nil, app.Wrap("store.FindSelection", err)
		}
		s.Criteria = append(s.Criteria, c)
	}
	return s, app.Wrap("store.FindSelection", rows.Err())
}

// CreateSelection opens a programme's selection with its criteria.
func (db *DB) CreateSelection(ctx context.Context, s *secondment.Selection) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		s.Version = 1
		if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_selections (programme_id, stage, drop_extremes, spread_threshold,
			notice_id, opened_by, opened_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)`, s.ProgrammeID, s.Stage,
			s.DropExtremes, s.SpreadThreshold, s.NoticeID, s.OpenedBy, s.OpenedAt, s.UpdatedAt); err != nil {
			if isUniqueViolation(err) {
				return app.Errorf(app.Conflict, "本项目已开始选派", "The programme is already selecting")
			}
			return app.Wrap("store.CreateSelection", err)
		}
		return db.saveCriteria(ctx, s)
	})
}

// UpdateSelection saves a selection's stage, settings, notice and criteria.
// A criterion keeps its id (and its marks) while its name stays.
func (db *DB) UpdateSelection(ctx context.Context, s *secondment.Selection) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if err := db.execOne(ctx, "store.UpdateSelection", "选派", `UPDATE secondment_selections SET stage = $1, drop_extremes = $2,
			spread_threshold = $3, notice_id = $4, updated_at = $5, version = version + 1 WHERE programme_id = $6`,
			s.Stage, s.DropExtremes, s.SpreadThreshold, s.NoticeID, s.UpdatedAt, s.ProgrammeID); err != nil {
			return err
		}
		return db.saveCriteria(ctx, s)
	})
}

func (db *DB) saveCriteria(ctx context.Context, s *secondment.Selection) error {
	keep := []int64{}
	for _, c := range s.Criteria {
		if c.ID != 0 {
			keep = append(keep, c.ID)
		}
	}
	var w where
	w.add("programme_id = ?", s.ProgrammeID)
	if len(keep) > 0 {
		w.in("id", keep)
		w.conds[len(w.conds)-1] = "NOT " + w.conds[len(w.conds)-1]
	}
	if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_criteria`+w.sql(), w.args...); err != nil {
		return app.Wrap("store.saveCriteria", err)
	}
	for i := range s.Criteria {
		c := &s.Criteria[i]
		if c.ID != 0 {
			if _, err := db.q(ctx).ExecContext(ctx, `UPDATE secondment_criteria SET position = $1, weight = $2, max_score = $3 WHERE id = $4`,
				i, c.Weight, c.MaxScore, c.ID); err != nil {
				return app.Wrap("store.saveCriteria", err)
			}
			continue
		}
		if err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_criteria (programme_id, position, name, weight, max_score)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, s.ProgrammeID, i, c.Name, c.Weight, c.MaxScore).Scan(&c.ID); err != nil {
			return app.Wrap("store.saveCriteria", err)
		}
	}
	return nil
}

// FindOpenSelections lists the programmes taking nominations (selection
// at its first stage, not ended on today) in the scope: county programmes
// of its counties, city-wide programmes of its cities, its programmes.
func (db *DB) FindOpenSelections(ctx context.Context, within app.Scope, today app.Date) ([]*programme.Programme, error) {
	var w where
	w.add("x.stage = ?", string(secondment.StageNominating))
	w.add("p.end_date >= ?", today)
	if !within.All {
		w.or(func(w *where) {
			if len(within.CountyIDs) > 0 {
				w.in("p.county_id", within.CountyIDs)
			}
		}, func(w *where) {
			if len(within.CityIDs) > 0 {
				w.add("p.county_id IS NULL")
				w.in("p.city_id", within.CityIDs)
			}
		}, func(w *where) {
			if len(within.ProgrammeIDs) > 0 {
				w.in("p.id", within.ProgrammeIDs)
			}
		})
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+programmeColumns+programmeFrom+
		` JOIN secondment_selections x ON x.programme_id = p.id`+w.sql()+` ORDER BY p.start_date, p.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindOpenSelections", err)
	}
	defer rows.Close()
	out := []*programme.Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, app.Wrap("store.FindOpenSelections", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindOpenSelections", err)
	}
	return out, db.loadCategories(ctx, out)
}

const candidateColumns = `k.id, k.programme_id, k.educator_id, e.name, e.gender, e.post, e.backbone, e.school_id, s.name, s.county_id, c.city_id,
	k.category, k.source, k.reasons, k.nominated_by, k.nominated_by_user_id, k.status, k.decision_reason, k.decided_by, k.decided_at,
	k.score, k.ranking, k.reviewers, k.spread, k.flagged, k.reserve_rank, k.created_at, k.updated_at, k.version,
	EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = k.programme_id AND m.educator_id = k.educator_id)`

const candidateFrom = ` FROM secondment_candidates k JOIN educators e ON e.id = k.educator_id JOIN schools s ON s.id = e.school_id
	JOIN counties c ON c.id = s.county_id`

func scanCandidate(sc interface{ Scan(...any) error }) (*secondment.Candidate, error) {
	c := &secondment.Candidate{}
	var decided sql.NullTime
	var score sql.NullFloat64
	err := sc.Scan(&c.ID, &c.ProgrammeID, &c.EducatorID, &c.Name, &c.Gender, &c.Post, &c.Backbone, &c.SchoolID, &c.SchoolName, &c.CountyID,
		&c.CityID, &c.Category, &c.Source, &c.Reasons, &c.NominatedBy, &c.NominatedByUserID, &c.Status, &c.DecisionReason, &c.DecidedBy,
		&decided, &score, &c.Rank, &c.Reviewers, &c.Spread, &c.Flagged, &c.ReserveRank, &c.CreatedAt, &c.UpdatedAt, &c.Version, &c.Member)
	if err != nil {
		return nil, err
	}
	if decided.Valid {
		c.DecidedAt = decided.Time.UTC()
	}
	c.Scored, c.Score = score.Valid, score.Float64
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, nil
}

// FindCandidates lists the candidates matching f: ranked ones by rank,
// then the others in the order they came.
func (db *DB) FindCandidates(ctx context.Context, f secondment.CandidateFilter) ([]*secondment.Candidate, error) {
	var w where
	if f.ProgrammeID != 0 {
		w.add("k.programme_id = ?", f.ProgrammeID)
	}
	if f.EducatorID != 0 {
		w.add("k.educator_id = ?", f.EducatorID)
	}
	if f.NominatedByUserID != 0 {
		w.add("k.nominated_by_user_id = ?", f.NominatedByUserID)
	}
	if f.Status != "" {
		w.add("k.status = ?", string(f.Status))
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+candidateColumns+candidateFrom+w.sql()+
		` ORDER BY CASE WHEN k.ranking = 0 THEN 1 ELSE 0 END, k.ranking, k.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindCandidates", err)
	}
	defer rows.Close()
	out := []*secondment.Candidate{}
	for rows.Next() {
		c, err := scanCandidate(rows)
		if err != nil {
			return nil, app.Wrap("store.FindCandidates", err)
		}
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCandidates", rows.Err())
}

// FindCandidateByID returns one candidate.
func (db *DB) FindCandidateByID(ctx context.Context, id int64) (*secondment.Candidate, error) {
	c, err := scanCandidate(db.q(ctx).QueryRowContext(ctx, `SELECT `+candidateColumns+candidateFrom+` WHERE k.id = $1`, id))
	if err != nil {
		return nil, notFound(app.Wrap("store.FindCandidateByID", err), "候选人")
	}
	return c, nil
}

// CreateCandidate inserts a candidate and sets its ID.
func (db *DB) CreateCandidate(ctx context.Context, c *secondment.Candidate) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_candidates (programme_id, educator_id, category, source, reasons,
		nominated_by, nominated_by_user_id, status, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
		RETURNING id`, c.ProgrammeID, c.EducatorID, c.Category, c.Source, c.Reasons, c.NominatedBy, c.NominatedByUserID, string(c.Status),
		c.CreatedAt, c.UpdatedAt).Scan(&c.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, c.Name+"已被推荐或已报名本项目", c.Name+" is already a candidate")
	}
	c.Version = 1
	return app.Wrap("store.CreateCandidate", err)
}

// UpdateCandidate saves a candidate's category, decision and result if its
// version is unchanged, and bumps the version.
func (db *DB) UpdateCandidate(ctx context.Context, c *secondment.Candidate) error {
	var decided any
	if !c.DecidedAt.IsZero() {
		decided = c.DecidedAt
	}
	var score any
	if c.Scored {
		score = c.Score
	}
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE secondment_candidates SET category = $1, status = $2, decision_reason = $3, decided_by = $4,
		decided_at = $5, score = $6, ranking = $7, reviewers = $8, spread = $9, flagged = $10, reserve_rank = $11, updated_at = $12,
		version = version + 1 WHERE id = $13 AND version = $14`, c.Category, string(c.Status), c.DecisionReason, c.DecidedBy, decided, score,
		c.Rank, c.Reviewers, c.Spread, c.Flagged, c.ReserveRank, c.UpdatedAt, c.ID, c.Version)
	ok, err := affected(res, err, "store.UpdateCandidate")
	if err != nil {
		return err
	}
	if !ok {
		return app.Errorf(app.Conflict, c.Name+"的记录已被他人更新，请刷新后重试", c.Name+"'s record was changed by someone else; reload and try again")
	}
	c.Version++
	return nil
}

// FindReviewers lists the enabled accounts holding the reviewer role over
// the programme, its county, its city or everything, marking the panel.
func (db *DB) FindReviewers(ctx context.Context, p *programme.Programme) ([]*secondment.Reviewer, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT u.id, u.username, u.display_name,
		EXISTS (SELECT 1 FROM secondment_panel x WHERE x.programme_id = $1 AND x.user_id = u.id)
		FROM users u WHERE u.disabled = $2 AND EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id AND g.role = 'reviewer' AND (
			g.scope_kind = 'global' OR (g.scope_kind = 'programme' AND g.scope_id = $1) OR (g.scope_kind = 'city' AND g.scope_id = $3)
			OR (g.scope_kind = 'county' AND g.scope_id = $4)))
		ORDER BY u.username`, p.ID, false, p.CityID, p.CountyID)
	if err != nil {
		return nil, app.Wrap("store.FindReviewers", err)
	}
	defer rows.Close()
	out := []*secondment.Reviewer{}
	for rows.Next() {
		r := &secondment.Reviewer{}
		if err := rows.Scan(&r.UserID, &r.Username, &r.DisplayName, &r.OnPanel); err != nil {
			return nil, app.Wrap("store.FindReviewers", err)
		}
		out = append(out, r)
	}
	return out, app.Wrap("store.FindReviewers", rows.Err())
}

// SetPanel replaces a programme's expert panel.
func (db *DB) SetPanel(ctx context.Context, programmeID int64, userIDs []int64, by string, at time.Time) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		var w where
		w.add("programme_id = ?", programmeID)
		if len(userIDs) > 0 {
			w.in("user_id", userIDs)
			w.conds[len(w.conds)-1] = "NOT " + w.conds[len(w.conds)-1]
		}
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_panel`+w.sql(), w.args...); err != nil {
			return app.Wrap("store.SetPanel", err)
		}
		for _, id := range userIDs {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_panel (programme_id, user_id, added_by, added_at)
				VALUES ($1, $2, $3, $4) ON CONFLICT (programme_id, user_id) DO NOTHING`, programmeID, id, by, at); err != nil {
				return app.Wrap("store.SetPanel", err)
			}
		}
		return nil
	})
}

// FindAssignments lists a programme's assignments.
func (db *DB) FindAssignments(ctx context.Context, programmeID int64) ([]secondment.ReviewAssignment, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT a.candidate_id, a.user_id FROM secondment_assignments a
		JOIN secondment_candidates k ON k.id = a.candidate_id WHERE k.programme_id = $1 ORDER BY a.candidate_id, a.user_id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindAssignments", err)
	}
	defer rows.Close()
	out := []secondment.ReviewAssignment{}
	for rows.Next() {
		var a secondment.ReviewAssignment
		if err := rows.Scan(&a.CandidateID, &a.UserID); err != nil {
			return nil, app.Wrap("store.FindAssignments", err)
		}
		out = append(out, a)
	}
	return out, app.Wrap("store.FindAssignments", rows.Err())
}

// SetAssignments replaces a programme's assignments; the marks of a pair
// no longer assigned go with it.
func (db *DB) SetAssignments(ctx context.Context, programmeID int64, as []secondment.ReviewAssignment) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		sub := `candidate_id IN (SELECT id FROM secondment_candidates WHERE programme_id = $1)`
		for _, table := range []string{"secondment_assignments", "secondment_scores"} {
			keep := ""
			if table == "secondment_scores" {
				keep = ` AND NOT EXISTS (SELECT 1 FROM secondment_assignments a WHERE a.candidate_id = secondment_scores.candidate_id
					AND a.user_id = secondment_scores.user_id)`
			}
			if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM `+table+` WHERE `+sub+keep, programmeID); err != nil {
				return app.Wrap("store.SetAssignments", err)
			}
			if table == "secondment_assignments" {
				for _, a := range as {
					if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_assignments (candidate_id, user_id) VALUES ($1, $2)`,
						a.CandidateID, a.UserID); err != nil {
						return app.Wrap("store.SetAssignments", err)
					}
				}
			}
		}
		return nil
	})
}

// FindScores lists every mark given in a programme's selection.
func (db *DB) FindScores(ctx context.Context, programmeID int64) ([]*secondment.Score, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT x.candidate_id, x.user_id, u.display_name, x.criterion_id, x.score, x.scored_at
		FROM secondment_scores x JOIN secondment_candidates k ON k.id = x.candidate_id JOIN users u ON u.id = x.user_id
		WHERE k.programme_id = $1 ORDER BY x.candidate_id, u.username, x.criterion_id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindScores", err)
	}
	defer rows.Close()
	out := []*secondment.Score{}
	for rows.Next() {
		s := &secondment.Score{}
		if err := rows.Scan(&s.CandidateID, &s.UserID, &s.Reviewer, &s.CriterionID, &s.Score, &s.ScoredAt); err != nil {
			return nil, app.Wrap("store.FindScores", err)
		}
		s.ScoredAt = s.ScoredAt.UTC()
		out = append(out, s)
	}
	return out, app.Wrap("store.FindScores", rows.Err())
}

// SaveScores replaces one reviewer's marks for one candidate.
func (db *DB) SaveScores(ctx context.Context, candidateID, userID int64, ss []*secondment.Score) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		if _, err := db.q(ctx).ExecContext(ctx, `DELETE FROM secondment_scores WHERE candidate_id = $1 AND user_id = $2`, candidateID, userID); err != nil {
			return app.Wrap("store.SaveScores", err)
		}
		for _, s := range ss {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_scores (candidate_id, user_id, criterion_id, score, scored_at)
				VALUES ($1, $2, $3, $4, $5)`, candidateID, userID, s.CriterionID, s.Score, s.ScoredAt); err != nil {
				return app.Wrap("store.SaveScores", err)
			}
		}
		return nil
	})
}

var _ secondment.SelectionStore = (*DB)(nil)

// FindSelecting lists the programmes in the scope whose selection has not
// fixed its final list, by start.
func (db *DB) FindSelecting(ctx context.Context, within app.Scope) ([]*programme.Programme, error) {
	w := programmeWhere(programme.Filter{Within: within})
	w.add("x.stage <> ?", string(secondment.StageFinal))
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+programmeColumns+programmeFrom+
		` JOIN secondment_selections x ON x.programme_id = p.id`+w.sql()+` ORDER BY p.start_date, p.id LIMIT 20`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindSelecting", err)
	}
	defer rows.Close()
	out := []*programme.Programme{}
	for rows.Next() {
		p, err := scanProgramme(rows)
		if err != nil {
			return nil, app.Wrap("store.FindSelecting", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindSelecting", err)
	}
	return out, db.loadCategories(ctx, out)
}
