package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/planning"
)

// joinIDs writes ids as "1,2,3".
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// splitIDs reads what joinIDs wrote.
func splitIDs(s string) ([]int64, error) {
	out := []int64{}
	for _, part := range strings.Split(s, ",") {
		if part == "" {
			continue
		}
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// FindPlanningInputs returns the planning inputs of a school year by
// educator: of the educators listed, or of every educator of the county.
func (db *DB) FindPlanningInputs(ctx context.Context, year int, educatorIDs []int64, countyID int64) (map[int64]*planning.Input, error) {
	var w where
	w.add("i.school_year = ?", year)
	if countyID != 0 {
		w.add("s.county_id = ?", countyID)
	} else {
		w.in("i.educator_id", educatorIDs)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT i.educator_id, i.school_year, i.volunteer, i.score, i.last_ranked, i.prefs, i.note,
		i.updated_by, i.updated_at FROM planning_inputs i JOIN educators e ON e.id = i.educator_id JOIN schools s ON s.id = e.school_id`+w.sql(), w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPlanningInputs", err)
	}
	defer rows.Close()
	out := map[int64]*planning.Input{}
	for rows.Next() {
		in := &planning.Input{}
		var score sql.NullFloat64
		var prefs string
		if err := rows.Scan(&in.EducatorID, &in.SchoolYear, &in.Volunteer, &score, &in.LastRanked, &prefs, &in.Note, &in.UpdatedBy, &in.UpdatedAt); err != nil {
			return nil, app.Wrap("store.FindPlanningInputs", err)
		}
		if score.Valid {
			v := score.Float64
			in.Score = &v
		}
		if in.Prefs, err = splitIDs(prefs); err != nil {
			return nil, app.Wrap("store.FindPlanningInputs", err)
		}
		in.UpdatedAt = in.UpdatedAt.UTC()
		out[in.EducatorID] = in
	}
	return out, app.Wrap("store.FindPlanningInputs", rows.Err())
}

// SavePlanningInput inserts or replaces a teacher's inputs for a school year.
func (db *DB) SavePlanningInput(ctx context.Context, in *planning.Input) error {
	var score any
	if in.Score != nil {
		score = *in.Score
	}
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO planning_inputs (educator_id, school_year, volunteer, score, last_ranked, prefs, note,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (educator_id, school_year) DO UPDATE SET volunteer = excluded.volunteer, score = excluded.score,
		last_ranked = excluded.last_ranked, prefs = excluded.prefs, note = excluded.note, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`,
		in.EducatorID, in.SchoolYear, in.Volunteer, score, in.LastRanked, joinIDs(in.Prefs), in.Note, in.UpdatedBy, in.UpdatedAt)
	return app.Wrap("store.SavePlanningInput", err)
}

// FindStaffingRows returns the staffing bounds edited for a county's
// schools, school year and mode.
func (db *DB) FindStaffingRows(ctx context.Context, countyID int64, year int, mode planning.Mode) ([]*planning.StaffingRow, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT r.school_id, r.school_year, r.mode, r.subject, r.min_count, r.max_count, r.updated_by,
		r.updated_at FROM planning_staffing r JOIN schools s ON s.id = r.school_id
		WHERE s.county_id = $1 AND r.school_year = $2 AND r.mode = $3 ORDER BY r.school_id, r.subject`, countyID, year, mode)
	if err != nil {
		return nil, app.Wrap("store.FindStaffingRows", err)
	}
	defer rows.Close()
	out := []*planning.StaffingRow{}
	for rows.Next() {
		r := &planning.StaffingRow{}
		if err := rows.Scan(&r.SchoolID, &r.SchoolYear, &r.Mode, &r.Subject, &r.Min, &r.Max, &r.UpdatedBy, &r.UpdatedAt); err != nil {
			return nil, app.Wrap("store.FindStaffingRows", err)
		}
		r.UpdatedAt = r.UpdatedAt.UTC()
		out = append(out, r)
	}
	return out, app.Wrap("store.FindStaffingRows", rows.Err())
}

// SaveStaffingRow inserts or replaces a staffing bound.
func (db *DB) SaveStaffingRow(ctx context.Context, r *planning.StaffingRow) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO planning_staffing (school_id, school_year, mode, subject, min_count, max_count,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (school_id, school_year, mode, subject) DO UPDATE SET min_count = excluded.min_count, max_count = excluded.max_count,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		r.SchoolID, r.SchoolYear, r.Mode, r.Subject, r.Min, r.Max, r.UpdatedBy, r.UpdatedAt)
	return app.Wrap("store.SaveStaffingRow", err)
}

// DeleteStaffingRow removes a staffing bound, reporting whether there was one.
func (db *DB) DeleteStaffingRow(ctx context.Context, r *planning.StaffingRow) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `DELETE FROM planning_staffing WHERE school_id = $1 AND school_year = $2 AND mode = $3 AND subject = $4`,
		r.SchoolID, r.SchoolYear, r.Mode, r.Subject)
	return affected(res, err, "store.DeleteStaffingRow")
}

// planColumns are a plan's columns but its files.
const planColumns = `p.id, p.county_id, c.city_id, c.name, p.school_year, p.mode, p.title, p.status, p.settings, p.solve_state,
	COALESCE(p.run_id, 0), p.solve_error, p.solved_at, p.result, p.root_bound, p.moves, p.edited, p.pins, p.forbids, p.solved_pins,
	p.solved_forbids, p.notice_days, p.notice_start, p.notice_end, p.approved_by, p.approved_at, p.announced_by, p.announced_at, p.note,
	p.version, p.created_by, p.created_at, p.updated_at`

const planFrom = ` FROM planning_plans p JOIN counties c ON c.id = p.county_id`

func scanPlan(sc interface{ Scan(...any) error }, extra ...any) (*planning.Plan, error) {
	p := &planning.Plan{}
	var settings, result, moves, pins, forbids, solvedPins, solvedForbids string
	var solvedAt, approvedAt, announcedAt sql.NullTime
	dest := []any{&p.ID, &p.CountyID, &p.CityID, &p.CountyName, &p.SchoolYear, &p.Mode, &p.Title, &p.Status, &settings, &p.SolveState,
		&p.RunID, &p.SolveError, &solvedAt, &result, &p.RootBound, &moves, &p.Edited, &pins, &forbids, &solvedPins, &solvedForbids,
		&p.NoticeDays, &p.NoticeStart, &p.NoticeEnd, &p.ApprovedBy, &approvedAt, &p.AnnouncedBy, &announcedAt, &p.Note,
		&p.Version, &p.CreatedBy, &p.CreatedAt, &p.UpdatedAt}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		text string
		v    any
	}{{settings, &p.Settings}, {result, &p.Result}, {moves, &p.Moves}, {pins, &p.Pins}, {forbids, &p.Forbids},
		{solvedPins, &p.SolvedPins}, {solvedForbids, &p.SolvedForbids}} {
		if err := json.Unmarshal([]byte(f.text), f.v); err != nil {
			return nil, err
		}
	}
	p.SolvedAt, p.ApprovedAt, p.AnnouncedAt = timeOf(solvedAt), timeOf(approvedAt), timeOf(announcedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// CreatePlan inserts a plan (version 1) and sets its ID.
func (db *DB) CreatePlan(ctx context.Context, p *planning.Plan) error {
	settings, err := json.Marshal(p.Settings)
	if err != nil {
		return app.Wrap("store.CreatePlan", err)
	}
	p.Version = 1
	err = db.q(ctx).QueryRowContext(ctx, `INSERT INTO planning_plans (county_id, school_year, mode, title, status, settings, solve_state, note,
		version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $11) RETURNING id`,
		p.CountyID, p.SchoolYear, p.Mode, p.Title, p.Status, string(settings), p.SolveState, p.Note, p.CreatedBy, p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
	return app.Wrap("store.CreatePlan", err)
}

// FindPlans lists plans, newest first, without their files: those of the
// counties in f.Within, and the approved ones whose exchanges leave or reach
// f.SchoolIDs or belong to f.EducatorID.
func (db *DB) FindPlans(ctx context.Context, f planning.PlanFilter) ([]*planning.Plan, int, error) {
	var w where
	w.or(func(w *where) {
		if f.Within.All {
			w.add("1 = 1")
			return
		}
		if len(f.Within.CityIDs) == 0 && len(f.Within.CountyIDs) == 0 {
			return
		}
		w.scope(app.Scope{CityIDs: f.Within.CityIDs, CountyIDs: f.Within.CountyIDs}, "c.city_id", "p.county_id", "", "")
	}, func(w *where) {
		n := f.NoticeWithin
		if !n.All && len(n.CityIDs) == 0 && len(n.CountyIDs) == 0 {
			return
		}
		w.add("p.status IN ('noticed', 'announced')")
		w.scope(app.Scope{All: n.All, CityIDs: n.CityIDs, CountyIDs: n.CountyIDs}, "c.city_id", "p.county_id", "", "")
	}, func(w *where) {
		if len(f.SchoolIDs) == 0 && f.EducatorID == 0 {
			return
		}
		sub := where{args: w.args}
		sub.or(func(w *where) {
			if len(f.SchoolIDs) > 0 {
				w.in("x.origin_school_id", f.SchoolIDs)
			}
		}, func(w *where) {
			if len(f.SchoolIDs) > 0 {
				w.in("x.host_school_id", f.SchoolIDs)
			}
		}, func(w *where) {
			if f.EducatorID != 0 {
				w.add("x.educator_id = ?", f.EducatorID)
			}
		})
		w.args = sub.args
		w.conds = append(w.conds, `p.status IN ('noticed', 'announced') AND p.id IN (SELECT pe.plan_id FROM planning_exchanges pe
			JOIN rotation_exchanges x ON x.id = pe.exchange_id WHERE `+strings.Join(sub.conds, " AND ")+`)`)
	})
	if f.CountyID != 0 {
		w.add("p.county_id = ?", f.CountyID)
	}
	if f.Year != 0 {
		w.add("p.school_year = ?", f.Year)
	}
	if f.Mode != "" {
		w.add("p.mode = ?", f.Mode)
	}
	if f.Status != "" {
		w.add("p.status = ?", f.Status)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+planColumns+planFrom+w.sql()+` ORDER BY p.created_at DESC, p.id DESC`+
		limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindPlans", err)
	}
	defer rows.Close()
	out := []*planning.Plan{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindPlans", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, app.Wrap("store.FindPlans", err)
	}
	total, err := listTotal(len(out), f.Limit, f.Offset, func() (n int, err error) {
		err = db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+planFrom+w.sql(), w.args...).Scan(&n)
		return n, err
	})
	return out, total, app.Wrap("store.FindPlans", err)
}

// FindPlanByID returns a plan with its files.
func (db *DB) FindPlanByID(ctx context.Context, id int64) (*planning.Plan, error) {
	var instance, facts, solved string
	p, err := scanPlan(db.q(ctx).QueryRowContext(ctx, `SELECT `+planColumns+`, p.instance, p.facts, p.solved`+planFrom+` WHERE p.id = $1`, id),
		&instance, &facts, &solved)
	if err != nil {
		if err == sql.ErrNoRows {
			return nil, app.ErrNotFound("交流轮岗方案")
		}
		return nil, app.Wrap("store.FindPlanByID", err)
	}
	if instance != "" {
		p.Instance = []byte(instance)
	}
	if facts != "" {
		p.Facts = []byte(facts)
	}
	if solved != "" {
		p.Solved = []byte(solved)
	}
	return p, nil
}

// UpdatePlan writes a plan's changeable fields if its version is still
// from, counting the version on; it reports whether it did.
func (db *DB) UpdatePlan(ctx context.Context, p *planning.Plan, from int) (bool, error) {
	enc := func(v any) string {
		b, _ := json.Marshal(v)
		return string(b)
	}
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE planning_plans SET title = $1, status = $2, settings = $3, solve_state = $4, run_id = $5,
		solve_error = $6, solved_at = $7, result = $8, root_bound = $9, moves = $10, edited = $11, pins = $12, forbids = $13,
		solved_pins = $14, solved_forbids = $15, notice_days = $16, notice_start = $17, notice_end = $18, approved_by = $19,
		approved_at = $20, announced_by = $21, announced_at = $22, note = $23, updated_at = $24, version = version + 1
		WHERE id = $25 AND version = $26`,
		p.Title, p.Status, enc(p.Settings), p.SolveState, nullID(p.RunID), p.SolveError, nullTime(p.SolvedAt), enc(p.Result), p.RootBound,
		enc(nonNil(p.Moves)), p.Edited, enc(nonNil(p.Pins)), enc(nonNil(p.Forbids)), enc(nonNil(p.SolvedPins)), enc(nonNil(p.SolvedForbids)),
		p.NoticeDays, p.NoticeStart, p.NoticeEnd, p.ApprovedBy, nullTime(p.ApprovedAt), p.AnnouncedBy, nullTime(p.AnnouncedAt), p.Note,
		p.UpdatedAt, p.ID, from)
	return affected(res, err, "store.UpdatePlan")
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// SetPlanFiles writes a plan's instance and its facts.
func (db *DB) SetPlanFiles(ctx context.Context, id int64, instance, facts []byte) error {
	return db.execOne(ctx, "store.SetPlanFiles", "交流轮岗方案", `UPDATE planning_plans SET instance = $1, facts = $2 WHERE id = $3`,
		string(instance), string(facts), id)
}

// SetPlanSolved writes the solver's plan file of a plan.
func (db *DB) SetPlanSolved(ctx context.Context, id int64, solved []byte) error {
	return db.execOne(ctx, "store.SetPlanSolved", "交流轮岗方案", `UPDATE planning_plans SET solved = $1 WHERE id = $2`, string(solved), id)
}

// CreatePlanEdit records an edit of a plan.
func (db *DB) CreatePlanEdit(ctx context.Context, e *planning.Edit) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO planning_edits (plan_id, kind, teacher, school, other, summary, author, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, e.PlanID, e.Kind, e.Teacher, e.School, e.Other, e.Summary, e.Author, e.At).Scan(&e.ID)
	return app.Wrap("store.CreatePlanEdit", err)
}

// FindPlanEdits returns a plan's edits, newest first.
func (db *DB) FindPlanEdits(ctx context.Context, planID int64) ([]*planning.Edit, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, plan_id, kind, teacher, school, other, summary, author, at FROM planning_edits
		WHERE plan_id = $1 ORDER BY id DESC`, planID)
	if err != nil {
		return nil, app.Wrap("store.FindPlanEdits", err)
	}
	defer rows.Close()
	out := []*planning.Edit{}
	for rows.Next() {
		e := &planning.Edit{}
		if err := rows.Scan(&e.ID, &e.PlanID, &e.Kind, &e.Teacher, &e.School, &e.Other, &e.Summary, &e.Author, &e.At); err != nil {
			return nil, app.Wrap("store.FindPlanEdits", err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, app.Wrap("store.FindPlanEdits", rows.Err())
}

// CreatePlanExchange links a move of an approved plan to its exchange.
func (db *DB) CreatePlanExchange(ctx context.Context, x *planning.PlanExchange) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO planning_exchanges (plan_id, teacher, exchange_id) VALUES ($1, $2, $3)`,
		x.PlanID, x.Teacher, x.ExchangeID)
	return app.Wrap("store.CreatePlanExchange", err)
}

// FindPlanExchanges returns the exchanges of an approved plan, as they stand.
func (db *DB) FindPlanExchanges(ctx context.Context, planID int64) ([]*planning.PlanExchange, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT pe.plan_id, pe.teacher, pe.exchange_id, x.educator_id, x.status, x.origin_school_id,
		x.host_school_id FROM planning_exchanges pe JOIN rotation_exchanges x ON x.id = pe.exchange_id WHERE pe.plan_id = $1
		ORDER BY pe.teacher`, planID)
	if err != nil {
		return nil, app.Wrap("store.FindPlanExchanges", err)
	}
	defer rows.Close()
	out := []*planning.PlanExchange{}
	for rows.Next() {
		x := &planning.PlanExchange{}
		if err := rows.Scan(&x.PlanID, &x.Teacher, &x.ExchangeID, &x.EducatorID, &x.Status, &x.OriginID, &x.HostID); err != nil {
			return nil, app.Wrap("store.FindPlanExchanges", err)
		}
		out = append(out, x)
	}
	return out, app.Wrap("store.FindPlanExchanges", rows.Err())
}
