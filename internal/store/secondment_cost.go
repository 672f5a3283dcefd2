package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/secondment"
)

// FindCosts lists a programme's cost lines, by batch and entry.
func (db *DB) FindCosts(ctx context.Context, programmeID int64) ([]*secondment.CostLine, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT k.id, k.programme_id, COALESCE(k.batch_id, 0), COALESCE(b.name, ''),
		COALESCE(k.educator_id, 0), COALESCE(e.name, ''), COALESCE(s.county_id, 0), COALESCE(c.name, ''),
		k.item, k.payer, k.budget, k.actual, k.note, k.created_by, k.created_at
		FROM secondment_costs k LEFT JOIN secondment_batches b ON b.id = k.batch_id
		LEFT JOIN educators e ON e.id = k.educator_id LEFT JOIN schools s ON s.id = e.school_id LEFT JOIN counties c ON c.id = s.county_id
		WHERE k.programme_id = $1 ORDER BY COALESCE(b.position, -1), k.id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindCosts", err)
	}
	defer rows.Close()
	out := []*secondment.CostLine{}
	for rows.Next() {
		c := &secondment.CostLine{}
		if err := rows.Scan(&c.ID, &c.ProgrammeID, &c.BatchID, &c.BatchName, &c.EducatorID, &c.EducatorName, &c.CountyID, &c.CountyName,
			&c.Item, &c.Payer, &c.Budget, &c.Actual, &c.Note, &c.CreatedBy, &c.CreatedAt); err != nil {
			return nil, app.Wrap("store.FindCosts", err)
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
	}
	return out, app.Wrap("store.FindCosts", rows.Err())
}

// CreateCost inserts a cost line and sets its ID.
func (db *DB) CreateCost(ctx context.Context, c *secondment.CostLine) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO secondment_costs (programme_id, batch_id, educator_id, item, payer, budget, actual, note,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, c.ProgrammeID, nullID(c.BatchID),
		nullID(c.EducatorID), c.Item, c.Payer, c.Budget, c.Actual, c.Note, c.CreatedBy, c.CreatedAt).Scan(&c.ID)
	return app.Wrap("store.CreateCost", err)
}

// DeleteCost removes a cost line.
func (db *DB) DeleteCost(ctx context.Context, programmeID, costID int64) error {
	return db.execOne(ctx, "store.DeleteCost", "费用", `DELETE FROM secondment_costs WHERE id = $1 AND programme_id = $2`, costID, programmeID)
}

// FindInsurance lists a programme's accident insurance policies, by name.
func (db *DB) FindInsurance(ctx context.Context, programmeID int64) ([]*secondment.Insurance, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT i.programme_id, i.educator_id, e.name, i.insurer, i.policy_no, i.start_date, i.end_date,
		i.updated_by, i.updated_at FROM secondment_insurance i JOIN educators e ON e.id = i.educator_id
		WHERE i.programme_id = $1 ORDER BY e.sort_key, e.id`, programmeID)
	if err != nil {
		return nil, app.Wrap("store.FindInsurance", err)
	}
	defer rows.Close()
	out := []*secondment.Insurance{}
	for rows.Next() {
		in := &secondment.Insurance{}
		if err := rows.Scan(&in.ProgrammeID, &in.EducatorID, &in.Name, &in.Insurer, &in.PolicyNo, &in.Start, &in.End, &in.UpdatedBy,
			&in.UpdatedAt); err != nil {
			return nil, app.Wrap("store.FindInsurance", err)
		}
		in.UpdatedAt = in.UpdatedAt.UTC()
		out = append(out, in)
	}
	return out, app.Wrap("store.FindInsurance", rows.Err())
}

// SaveInsurance writes a participant's policy.
func (db *DB) SaveInsurance(ctx context.Context, in *secondment.Insurance) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO secondment_insurance (programme_id, educator_id, insurer, policy_no, start_date, end_date,
		updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (programme_id, educator_id) DO UPDATE SET insurer = excluded.insurer, policy_no = excluded.policy_no,
		start_date = excluded.start_date, end_date = excluded.end_date, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		in.ProgrammeID, in.EducatorID, in.Insurer, in.PolicyNo, in.Start, in.End, in.UpdatedBy, in.UpdatedAt)
	return app.Wrap("store.SaveInsurance", err)
}

// FindPrincipals lists the principals and vice-principals of a city, or of
// the listed counties, by county and name.
func (db *DB) FindPrincipals(ctx context.Context, cityID int64, countyIDs []int64) ([]secondment.CoveragePerson, error) {
	var w where
	w.add("c.city_id = ?", cityID)
	w.inStrings("e.post", []string{people.PostPrincipal, people.PostVicePrincipal})
	if len(countyIDs) > 0 {
		w.in("s.county_id", countyIDs)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.id, e.name, e.post, s.name, s.county_id, c.name
		FROM educators e JOIN schools s ON s.id = e.school_id JOIN counties c ON c.id = s.county_id`+w.sql()+`
		ORDER BY c.code, c.id, e.post, e.sort_key, e.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindPrincipals", err)
	}
	defer rows.Close()
	out := []secondment.CoveragePerson{}
	for rows.Next() {
		var p secondment.CoveragePerson
		if err := rows.Scan(&p.EducatorID, &p.Name, &p.Post, &p.SchoolName, &p.CountyID, &p.CountyName); err != nil {
			return nil, app.Wrap("store.FindPrincipals", err)
		}
		out = append(out, p)
	}
	return out, app.Wrap("store.FindPrincipals", rows.Err())
}

// FindTrainings lists the participants of the programmes with the day each
// one's training ends: their batch's end, else the programme's.
func (db *DB) FindTrainings(ctx context.Context, programmeIDs []int64) ([]secondment.Training, error) {
	var w where
	w.in("m.programme_id", programmeIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT m.educator_id, p.name, COALESCE(b.end_date, p.end_date)
		FROM programme_members m JOIN programmes p ON p.id = m.programme_id
		LEFT JOIN secondment_placements sp ON sp.programme_id = m.programme_id AND sp.educator_id = m.educator_id
		LEFT JOIN secondment_batches b ON b.id = sp.batch_id`+w.sql()+` ORDER BY m.educator_id, p.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindTrainings", err)
	}
	defer rows.Close()
	out := []secondment.Training{}
	for rows.Next() {
		var t secondment.Training
		if err := rows.Scan(&t.EducatorID, &t.Programme, &t.End); err != nil {
			return nil, app.Wrap("store.FindTrainings", err)
		}
		out = append(out, t)
	}
	return out, app.Wrap("store.FindTrainings", rows.Err())
}
