package store

import (
	"context"
	"encoding/json"

	"jiaoliu/internal/app"
	"jiaoliu/internal/pairing"
)

// A pair's goals, ledger, self-reviews and inspections (结对帮扶, SPEC §5).

// FindEducatorSchools returns the school of each educator found.
func (db *DB) FindEducatorSchools(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	w := &where{}
	w.in("id", ids)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT id, school_id FROM educators`+w.sql(), w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindEducatorSchools", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, school int64
		if err := rows.Scan(&id, &school); err != nil {
			return nil, app.Wrap("store.FindEducatorSchools", err)
		}
		out[id] = school
	}
	return out, app.Wrap("store.FindEducatorSchools", rows.Err())
}

// FindPairGoals lists a pair's goals by period and area.
func (db *DB) FindPairGoals(ctx context.Context, pairID int64) ([]pairing.Goal, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT pair_id, period, area, goal FROM pairing_goals WHERE pair_id = $1 ORDER BY period, area`, pairID)
	if err != nil {
		return nil, app.Wrap("store.FindPairGoals", err)
	}
	defer rows.Close()
	var out []pairing.Goal
	for rows.Next() {
		var g pairing.Goal
		if err := rows.Scan(&g.PairID, &g.Period, &g.Area, &g.Goal); err != nil {
			return nil, app.Wrap("store.FindPairGoals", err)
		}
		out = append(out, g)
	}
	return out, app.Wrap("store.FindPairGoals", rows.Err())
}

// SetPairGoal writes a pair's goal in an area for a period; an empty goal removes it.
func (db *DB) SetPairGoal(ctx context.Context, g pairing.Goal) error {
	if g.Goal == "" {
		_, err := db.q(ctx).ExecContext(ctx, `DELETE FROM pairing_goals WHERE pair_id = $1 AND period = $2 AND area = $3`, g.PairID, g.Period, g.Area)
		return app.Wrap("store.SetPairGoal", err)
	}
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO pairing_goals (pair_id, period, area, goal) VALUES ($1, $2, $3, $4)
		ON CONFLICT (pair_id, period, area) DO UPDATE SET goal = excluded.goal`, g.PairID, g.Period, g.Area, g.Goal)
	return app.Wrap("store.SetPairGoal", err)
}

const activityColumns = `a.id, a.pair_id, a.period, a.kind, a.held_on, a.title, a.place, a.hours, COALESCE(a.school_id, 0),
	COALESCE(s.name, ''), a.items, a.quantity, a.value_fen, a.note, a.created_by, a.created_at`

const activityFrom = ` FROM pairing_activities a LEFT JOIN schools s ON s.id = a.school_id`

func (db *DB) findActivities(ctx context.Context, op string, w *where) ([]*pairing.Activity, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+activityColumns+activityFrom+w.sql()+` ORDER BY a.held_on DESC, a.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	var out []*pairing.Activity
	byID := map[int64]*pairing.Activity{}
	for rows.Next() {
		a := &pairing.Activity{People: []pairing.Person{}}
		if err := rows.Scan(&a.ID, &a.PairID, &a.Period, &a.Kind, &a.HeldOn, &a.Title, &a.Place, &a.Hours, &a.SchoolID, &a.SchoolName,
			&a.Items, &a.Quantity, &a.ValueFen, &a.Note, &a.CreatedBy, &a.CreatedAt); err != nil {
			rows.Close()
			return nil, app.Wrap(op, err)
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
		byID[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, app.Wrap(op, err)
	}
	ids := make([]int64, 0, len(out))
	for _, a := range out {
		ids = append(ids, a.ID)
	}
	pw := &where{}
	pw.in("ap.activity_id", ids)
	prow, err := db.q(ctx).QueryContext(ctx, `SELECT ap.activity_id, ap.educator_id, e.name, s.name, ap.credit_id IS NOT NULL
		FROM pairing_activity_people ap JOIN educators e ON e.id = ap.educator_id JOIN schools s ON s.id = e.school_id`+pw.sql()+
		` ORDER BY e.sort_key, e.id`, pw.args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer prow.Close()
	for prow.Next() {
		var id int64
		var p pairing.Person
		if err := prow.Scan(&id, &p.EducatorID, &p.Name, &p.SchoolName, &p.Credited); err != nil {
			return nil, app.Wrap(op, err)
		}
		byID[id].People = append(byID[id].People, p)
	}
	return out, app.Wrap(op, prow.Err())
}

// FindActivities lists the ledger of pairs, latest first, with the people.
func (db *DB) FindActivities(ctx context.Context, pairIDs []int64) ([]*pairing.Activity, error) {
	if len(pairIDs) == 0 {
		return nil, nil
	}
	w := &where{}
	w.in("a.pair_id", pairIDs)
	return db.findActivities(ctx, "store.FindActivities", w)
}

// FindActivityByID returns one ledger entry.
func (db *DB) FindActivityByID(ctx context.Context, id int64) (*pairing.Activity, error) {
	w := &where{}
	w.add("a.id = ?", id)
	list, err := db.findActivities(ctx, "store.FindActivityByID", w)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("活动")
	}
	return list[0], nil
}

// CreateActivity inserts a ledger entry with its people and sets its ID.
func (db *DB) CreateActivity(ctx context.Context, a *pairing.Activity) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO pairing_activities (pair_id, period, kind, held_on, title, place, hours, school_id,
			items, quantity, value_fen, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			RETURNING id`, a.PairID, a.Period, a.Kind, a.HeldOn, a.Title, a.Place, a.Hours, nullID(a.SchoolID), a.Items, a.Quantity,
			a.ValueFen, a.Note, a.CreatedBy, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return app.Wrap("store.CreateActivity", err)
		}
		for _, p := range a.People {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO pairing_activity_people (activity_id, educator_id) VALUES ($1, $2)`,
				a.ID, p.EducatorID); err != nil {
				return app.Wrap("store.CreateActivity", err)
			}
		}
		return nil
	})
}

// SetActivityCredit records the training credit an activity gave a person.
func (db *DB) SetActivityCredit(ctx context.Context, activityID, educatorID, creditID int64) error {
	return db.execOne(ctx, "store.SetActivityCredit", "活动人员", `UPDATE pairing_activity_people SET credit_id = $1
		WHERE activity_id = $2 AND educator_id = $3`, creditID, activityID, educatorID)
}

// FindPairReviews lists a pair's self-reviews by period.
func (db *DB) FindPairReviews(ctx context.Context, pairID int64) ([]*pairing.Review, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT pair_id, period, summary, created_by, created_at FROM pairing_reviews
		WHERE pair_id = $1 ORDER BY period`, pairID)
	if err != nil {
		return nil, app.Wrap("store.FindPairReviews", err)
	}
	defer rows.Close()
	var out []*pairing.Review
	for rows.Next() {
		r := &pairing.Review{}
		if err := rows.Scan(&r.PairID, &r.Period, &r.Summary, &r.CreatedBy, &r.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindPairReviews", err)
		}
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, app.Wrap("store.FindPairReviews", rows.Err())
}

// CreatePairReview inserts a self-review; a period reviewed twice is a conflict.
func (db *DB) CreatePairReview(ctx context.Context, r *pairing.Review) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO pairing_reviews (pair_id, period, summary, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5)`, r.PairID, r.Period, r.Summary, r.CreatedBy, r.CreatedAt)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该年度已完成自评", "The period already has its self-review")
	}
	return app.Wrap("store.CreatePairReview", err)
}

// CreateInspection inserts an inspection and sets its ID.
func (db *DB) CreateInspection(ctx context.Context, in *pairing.Inspection) error {
	list, err := json.Marshal(in.Checklist)
	if err != nil {
		return app.Wrap("store.CreateInspection", err)
	}
	err = db.q(ctx).QueryRowContext(ctx, `INSERT INTO pairing_inspections (pair_id, inspected_on, checklist, grade, findings, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, in.PairID, in.InspectedOn, string(list), in.Grade, in.Findings, in.CreatedBy,
		in.CreatedAt).Scan(&in.ID)
	return app.Wrap("store.CreateInspection", err)
}

// FindInspections lists inspections, latest first, with their pair's
// schools: of one pair (f.ID) or of the cities of f.
func (db *DB) FindInspections(ctx context.Context, f pairing.PairFilter) ([]*pairing.Inspection, error) {
	w, ok := pairWhere(f)
	if !ok {
		return nil, nil
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT i.id, i.pair_id, i.inspected_on, i.checklist, i.grade, i.findings, i.created_by, i.created_at,
		COALESCE(hs.name, pt.name, ''), ws.name, COALESCE(c.name, ''), x.cycle_id
		FROM pairing_inspections i JOIN pairing_pairs x ON x.id = i.pair_id JOIN programmes p ON p.id = x.cycle_id
		LEFT JOIN counties c ON c.id = p.county_id LEFT JOIN schools hs ON hs.id = x.helper_school_id
		LEFT JOIN pairing_partners pt ON pt.id = x.partner_id JOIN schools ws ON ws.id = x.helped_school_id`+w.sql()+
		` ORDER BY i.inspected_on DESC, i.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindInspections", err)
	}
	defer rows.Close()
	var out []*pairing.Inspection
	for rows.Next() {
		in := &pairing.Inspection{}
		var list string
		if err := rows.Scan(&in.ID, &in.PairID, &in.InspectedOn, &list, &in.Grade, &in.Findings, &in.CreatedBy, &in.CreatedAt,
			&in.HelperName, &in.HelpedName, &in.CountyName, &in.CycleID); err != nil {
			return nil, app.Wrap("store.FindInspections", err)
		}
		if err := json.Unmarshal([]byte(list), &in.Checklist); err != nil {
			return nil, app.Wrap("store.FindInspections", err)
		}
		in.CreatedAt = in.CreatedAt.UTC()
		out = append(out, in)
	}
	return out, app.Wrap("store.FindInspections", rows.Err())
}

// FindSchoolStaff lists the educators of schools by name: who may be named
// in a pair's ledger.
func (db *DB) FindSchoolStaff(ctx context.Context, schoolIDs []int64) ([]pairing.Person, error) {
	if len(schoolIDs) == 0 {
		return nil, nil
	}
	w := &where{}
	w.in("e.school_id", schoolIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id, e.name, s.name FROM educators e JOIN schools s ON s.id = e.school_id`+w.sql()+
		` ORDER BY s.name, e.sort_key, e.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindSchoolStaff", err)
	}
	defer rows.Close()
	var out []pairing.Person
	for rows.Next() {
		var p pairing.Person
		if err := rows.Scan(&p.EducatorID, &p.Name, &p.SchoolName); err != nil {
			return nil, app.Wrap("store.FindSchoolStaff", err)
		}
		out = append(out, p)
	}
	return out, app.Wrap("store.FindSchoolStaff", rows.Err())
}
