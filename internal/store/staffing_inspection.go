package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"jiaoliu/internal/app"
	"jiaoliu/internal/staffing"
)

const inspectionSelect = `SELECT i.id, i.county_id, c.name, c.city_id, i.inspected_on, i.inspectors, i.checklist, i.grade, i.summary,
	i.created_by, i.created_at FROM staffing_inspections i JOIN counties c ON c.id = i.county_id`

func scanInspection(sc interface{ Scan(...any) error }) (*staffing.Inspection, error) {
	i := &staffing.Inspection{}
	var checklist string
	if err := sc.Scan(&i.ID, &i.CountyID, &i.CountyName, &i.CityID, &i.InspectedOn, &i.Inspectors, &checklist, &i.Grade, &i.Summary,
		&i.CreatedBy, &i.CreatedAt); err != nil {
		return nil, err
	}
	i.CreatedAt = i.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(checklist), &i.Checklist); err != nil {
		return nil, err
	}
	i.Findings = []*staffing.Finding{}
	return i, nil
}

// FindCountyInspections lists the inspections matching f, latest first, with their findings.
func (db *DB) FindCountyInspections(ctx context.Context, f staffing.InspectionFilter) ([]*staffing.Inspection, error) {
	var w where
	w.scope(f.Within, "c.city_id", "i.county_id", "", "")
	if f.CountyID != 0 {
		w.add("i.county_id = ?", f.CountyID)
	}
	if !f.From.IsZero() {
		w.add("i.inspected_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		w.add("i.inspected_on <= ?", f.To)
	}
	rows, err := db.q(ctx).QueryContext(ctx, inspectionSelect+w.sql()+` ORDER BY i.inspected_on DESC, i.id DESC`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.FindCountyInspections", err)
	}
	defer rows.Close()
	out := []*staffing.Inspection{}
	byID := map[int64]*staffing.Inspection{}
	var ids []int64
	for rows.Next() {
		i, err := scanInspection(rows)
		if err != nil {
			return nil, app.Wrap("store.FindCountyInspections", err)
		}
		out, byID[i.ID], ids = append(out, i), i, append(ids, i.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.FindCountyInspections", err)
	}
	if len(ids) == 0 {
		return out, nil
	}
	var fw where
	fw.in("f.inspection_id", ids)
	fs, err := db.findFindings(ctx, fw)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		byID[f.InspectionID].Findings = append(byID[f.InspectionID].Findings, f)
	}
	return out, nil
}

// FindInspectionByID returns one inspection with its findings.
func (db *DB) FindInspectionByID(ctx context.Context, id int64) (*staffing.Inspection, error) {
	i, err := scanInspection(db.q(ctx).QueryRowContext(ctx, inspectionSelect+` WHERE i.id = $1`, id))
	if err != nil {
		return nil, app.Wrap("store.FindInspectionByID", notFound(err, "督导检查"))
	}
	var w where
	w.add("f.inspection_id = ?", id)
	if i.Findings, err = db.findFindings(ctx, w); err != nil {
		return nil, err
	}
	return i, nil
}

func (db *DB) findFindings(ctx context.Context, w where) ([]*staffing.Finding, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT f.id, f.inspection_id, f.finding, f.deadline, f.status, f.answer, f.answered_by,
		f.answered_at, f.closed_by, f.closed_at FROM staffing_inspection_findings f`+w.sql()+` ORDER BY f.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.findFindings", err)
	}
	defer rows.Close()
	out := []*staffing.Finding{}
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, app.Wrap("store.findFindings", err)
		}
		out = append(out, f)
	}
	return out, app.Wrap("store.findFindings", rows.Err())
}

func scanFinding(sc interface{ Scan(...any) error }) (*staffing.Finding, error) {
	f := &staffing.Finding{}
	var answered, closed sql.NullTime
	if err := sc.Scan(&f.ID, &f.InspectionID, &f.Finding, &f.Deadline, &f.Status, &f.Answer, &f.AnsweredBy, &answered, &f.ClosedBy,
		&closed); err != nil {
		return nil, err
	}
	f.AnsweredAt, f.ClosedAt = timeOf(answered), timeOf(closed)
	return f, nil
}

// CreateCountyInspection inserts an inspection and its findings and sets their IDs.
func (db *DB) CreateCountyInspection(ctx context.Context, i *staffing.Inspection) error {
	checklist, err := json.Marshal(i.Checklist)
	if err != nil {
		return app.Wrap("store.CreateCountyInspection", err)
	}
	err = db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_inspections (county_id, inspected_on, inspectors, checklist, grade, summary,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, i.CountyID, i.InspectedOn, i.Inspectors,
		string(checklist), i.Grade, i.Summary, i.CreatedBy, i.CreatedAt).Scan(&i.ID)
	if err != nil {
		return app.Wrap("store.CreateCountyInspection", err)
	}
	for _, f := range i.Findings {
		f.InspectionID = i.ID
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_inspection_findings (inspection_id, finding, deadline, status)
			VALUES ($1, $2, $3, $4) RETURNING id`, i.ID, f.Finding, f.Deadline, string(f.Status)).Scan(&f.ID)
		if err != nil {
			return app.Wrap("store.CreateCountyInspection", err)
		}
	}
	return nil
}

// FindFindingByID returns one finding.
func (db *DB) FindFindingByID(ctx context.Context, id int64) (*staffing.Finding, error) {
	var w where
	w.add("f.id = ?", id)
	fs, err := db.findFindings(ctx, w)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, app.ErrNotFound("督导检查问题")
	}
	return fs[0], nil
}

// UpdateFinding saves a finding whose status is still from.
func (db *DB) UpdateFinding(ctx context.Context, f *staffing.Finding, from staffing.FindingStatus) error {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE staffing_inspection_findings SET status = $1, answer = $2, answered_by = $3,
		answered_at = $4, closed_by = $5, closed_at = $6 WHERE id = $7 AND status = $8`, string(f.Status), f.Answer, f.AnsweredBy,
		nullTime(f.AnsweredAt), f.ClosedBy, nullTime(f.ClosedAt), f.ID, string(from))
	if err != nil {
		return app.Wrap("store.UpdateFinding", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return app.Errorf(app.Conflict, "该问题的状态已变化，请刷新后重试", "The finding changed meanwhile; reload and try again")
	}
	return nil
}

// OpenFindings lists the findings not yet answered, with their county.
func (db *DB) OpenFindings(ctx context.Context) ([]*staffing.OpenFinding, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT f.id, f.inspection_id, f.finding, f.deadline, f.status, f.answer, f.answered_by,
		f.answered_at, f.closed_by, f.closed_at, i.county_id, c.name, c.city_id FROM staffing_inspection_findings f
		JOIN staffing_inspections i ON i.id = f.inspection_id JOIN counties c ON c.id = i.county_id
		WHERE f.status = 'open' ORDER BY f.deadline, f.id`)
	if err != nil {
		return nil, app.Wrap("store.OpenFindings", err)
	}
	defer rows.Close()
	var out []*staffing.OpenFinding
	for rows.Next() {
		o := &staffing.OpenFinding{}
		var answered, closed sql.NullTime
		if err := rows.Scan(&o.ID, &o.InspectionID, &o.Finding.Finding, &o.Deadline, &o.Status, &o.Answer, &o.AnsweredBy, &answered,
			&o.ClosedBy, &closed, &o.CountyID, &o.CountyName, &o.CityID); err != nil {
			return nil, app.Wrap("store.OpenFindings", err)
		}
		out = append(out, o)
	}
	return out, app.Wrap("store.OpenFindings", rows.Err())
}

// FindScoreWeights returns a city's weights of a school year.
func (db *DB) FindScoreWeights(ctx context.Context, cityID int64, year int) (*staffing.Weights, error) {
	w := &staffing.Weights{}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT city_id, school_year, quota, backbone, return_on_time, exemptions, inspections,
		exemption_limit_percent, updated_by, updated_at FROM staffing_score_weights WHERE city_id = $1 AND school_year = $2`, cityID, year).
		Scan(&w.CityID, &w.SchoolYear, &w.Quota, &w.Backbone, &w.ReturnOnTime, &w.Exemptions, &w.Inspections, &w.ExemptionLimitPercent,
			&w.UpdatedBy, &w.UpdatedAt)
	if err != nil {
		return nil, app.Wrap("store.FindScoreWeights", notFound(err, "考核权重"))
	}
	w.UpdatedAt = w.UpdatedAt.UTC()
	return w, nil
}

// SaveScoreWeights stores a city's weights of a school year.
func (db *DB) SaveScoreWeights(ctx context.Context, w *staffing.Weights) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO staffing_score_weights (city_id, school_year, quota, backbone, return_on_time,
		exemptions, inspections, exemption_limit_percent, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (city_id, school_year) DO UPDATE SET quota = excluded.quota, backbone = excluded.backbone,
		return_on_time = excluded.return_on_time, exemptions = excluded.exemptions, inspections = excluded.inspections,
		exemption_limit_percent = excluded.exemption_limit_percent, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		w.CityID, w.SchoolYear, w.Quota, w.Backbone, w.ReturnOnTime, w.Exemptions, w.Inspections, w.ExemptionLimitPercent, w.UpdatedBy,
		w.UpdatedAt)
	return app.Wrap("store.SaveScoreWeights", err)
}
