package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
)

// FindStaffingSettings returns a county's staffing settings of a year.
func (db *DB) FindStaffingSettings(ctx context.Context, countyID int64, year int) (*staffing.Settings, error) {
	st := &staffing.Settings{Saved: true}
	err := db.q(ctx).QueryRowContext(ctx, `SELECT county_id, year, total, ratio_senior, ratio_junior, ratio_primary, ratio_special,
		boarders_per_staff, village_point_staff, hardship_second_years, hardship_first_years, post_unit, updated_by, updated_at
		FROM staffing_settings WHERE county_id = $1 AND year = $2`, countyID, year).Scan(&st.CountyID, &st.Year, &st.Total,
		&st.RatioSenior, &st.RatioJunior, &st.RatioPrimary, &st.RatioSpecial, &st.BoardersPerStaff, &st.VillagePointStaff,
		&st.HardshipSecondYears, &st.HardshipFirstYears, &st.PostUnit, &st.UpdatedBy, &st.UpdatedAt)
	if err != nil {
		return nil, notFound(err, "编制设置")
	}
	st.UpdatedAt = st.UpdatedAt.UTC()
	return st, nil
}

// SaveStaffingSettings inserts or replaces a county's settings of a year.
func (db *DB) SaveStaffingSettings(ctx context.Context, st *staffing.Settings) error {
	_, err := db.q(ctx).ExecContext(ctx, `INSERT INTO staffing_settings (county_id, year, total, ratio_senior, ratio_junior,
		ratio_primary, ratio_special, boarders_per_staff, village_point_staff, hardship_second_years, hardship_first_years,
		post_unit, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (county_id, year) DO UPDATE SET total = excluded.total, ratio_senior = excluded.ratio_senior,
		ratio_junior = excluded.ratio_junior, ratio_primary = excluded.ratio_primary, ratio_special = excluded.ratio_special,
		boarders_per_staff = excluded.boarders_per_staff, village_point_staff = excluded.village_point_staff,
		hardship_second_years = excluded.hardship_second_years,
		hardship_first_years = excluded.hardship_first_years, post_unit = excluded.post_unit,
		updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		st.CountyID, st.Year, st.Total, st.RatioSenior, st.RatioJunior, st.RatioPrimary, st.RatioSpecial, st.BoardersPerStaff,
		st.VillagePointStaff, st.HardshipSecondYears, st.HardshipFirstYears, st.PostUnit, st.UpdatedBy, st.UpdatedAt)
	return app.Wrap("store.SaveStaffingSettings", err)
}

// CountInPost counts the established educators of each school of a county,
// in all and by subject.
func (db *DB) CountInPost(ctx context.Context, countyID int64) (map[int64]*staffing.InPost, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT e.school_id, e.subjects FROM educators e JOIN schools s ON s.id = e.school_id
		WHERE s.county_id = $1 AND e.staff_status = $2`, countyID, string(people.StaffEstablished))
	if err != nil {
		return nil, app.Wrap("store.CountInPost", err)
	}
	defer rows.Close()
	out := map[int64]*staffing.InPost{}
	for rows.Next() {
		var school int64
		var subjects string
		if err := rows.Scan(&school, &subjects); err != nil {
			return nil, app.Wrap("store.CountInPost", err)
		}
		n := out[school]
		if n == nil {
			n = &staffing.InPost{BySubject: map[string]int{}}
			out[school] = n
		}
		n.Total++
		for _, sub := range splitList(subjects) {
			n.BySubject[sub]++
		}
	}
	return out, app.Wrap("store.CountInPost", rows.Err())
}

const allocationColumns = `a.id, a.county_id, c.name, a.year, a.version, a.total, a.seats, a.basis, a.note, a.created_by, a.created_at,
	a.filed_by, a.filed_at, (SELECT COALESCE(SUM(l.allocated), 0) FROM staffing_allocation_lines l WHERE l.allocation_id = a.id)`

const allocationFrom = ` FROM staffing_allocations a JOIN counties c ON c.id = a.county_id`

func scanAllocation(sc interface{ Scan(...any) error }) (*staffing.Allocation, error) {
	a := &staffing.Allocation{}
	var basis string
	var filed sql.NullTime
	if err := sc.Scan(&a.ID, &a.CountyID, &a.CountyName, &a.Year, &a.Version, &a.Total, &a.Seats, &basis, &a.Note, &a.CreatedBy,
		&a.CreatedAt, &a.FiledBy, &filed, &a.Allocated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(basis), &a.Basis); err != nil {
		return nil, err
	}
	a.CreatedAt = a.CreatedAt.UTC()
	if filed.Valid {
		t := filed.Time.UTC()
		a.FiledAt = &t
	}
	a.Reserve = a.Total - a.Allocated
	return a, nil
}

func (db *DB) findAllocations(ctx context.Context, op, cond string, args ...any) ([]*staffing.Allocation, error) {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+allocationColumns+allocationFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	defer rows.Close()
	out := []*staffing.Allocation{}
	for rows.Next() {
		a, err := scanAllocation(rows)
		if err != nil {
			return nil, app.Wrap(op, err)
		}
		out = append(out, a)
	}
	return out, app.Wrap(op, rows.Err())
}

// FindAllocations lists a county's allocation versions of a year, newest first.
func (db *DB) FindAllocations(ctx context.Context, countyID int64, year int) ([]*staffing.Allocation, error) {
	return db.findAllocations(ctx, "store.FindAllocations", `a.county_id = $1 AND a.year = $2 ORDER BY a.version DESC`, countyID, year)
}

// FindAllocationByID returns a version with its lines in school code order.
func (db *DB) FindAllocationByID(ctx context.Context, id int64) (*staffing.Allocation, error) {
	list, err := db.findAllocations(ctx, "store.FindAllocationByID", `a.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("编制分配")
	}
	return list[0], db.loadAllocationLines(ctx, list[0])
}

// LatestFiledAllocation returns the newest filed version of the county's
// newest year that has one, with its lines.
func (db *DB) LatestFiledAllocation(ctx context.Context, countyID int64) (*staffing.Allocation, error) {
	list, err := db.findAllocations(ctx, "store.LatestFiledAllocation",
		`a.county_id = $1 AND a.filed_at IS NOT NULL ORDER BY a.year DESC, a.version DESC`+limitOffset(1, 0), countyID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, app.ErrNotFound("已备案的编制分配")
	}
	return list[0], db.loadAllocationLines(ctx, list[0])
}

// FindFiledEstablishment is each school's establishment in the county's
// latest filed allocation, by school id; empty when none is filed. A school
// filed at 0 (nothing counted for it) is left out.
func (db *DB) FindFiledEstablishment(ctx context.Context, countyID int64) (map[int64]int, error) {
	out := map[int64]int{}
	a, err := db.LatestFiledAllocation(ctx, countyID)
	switch {
	case app.ErrorCode(err) == app.NotFound:
		return out, nil
	case err != nil:
		return nil, err
	}
	for _, l := range a.Lines {
		if l.Allocated > 0 {
			out[l.SchoolID] = l.Allocated
		}
	}
	return out, nil
}

func (db *DB) loadAllocationLines(ctx context.Context, a *staffing.Allocation) error {
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT l.school_id, s.code, s.name, l.level, l.classes, l.pupils, l.boarders,
		l.standard, l.computed, l.allocated, l.reason
		FROM staffing_allocation_lines l JOIN schools s ON s.id = l.school_id WHERE l.allocation_id = $1 ORDER BY s.code`, a.ID)
	if err != nil {
		return app.Wrap("store.loadAllocationLines", err)
	}
	defer rows.Close()
	a.Lines = []*staffing.Line{}
	for rows.Next() {
		l := &staffing.Line{}
		if err := rows.Scan(&l.SchoolID, &l.SchoolCode, &l.SchoolName, &l.Level, &l.Classes, &l.Pupils, &l.Boarders,
			&l.Standard, &l.Computed, &l.Allocated, &l.Reason); err != nil {
			return app.Wrap("store.loadAllocationLines", err)
		}
		a.Lines = append(a.Lines, l)
	}
	return app.Wrap("store.loadAllocationLines", rows.Err())
}

// CreateAllocation inserts a with its lines as the next version of its
// county and year. Two racing versions cannot take one number: the loser
// is told to retry.
func (db *DB) CreateAllocation(ctx context.Context, a *staffing.Allocation) error {
	basis, err := json.Marshal(a.Basis)
	if err != nil {
		return app.Wrap("store.CreateAllocation", err)
	}
	return db.InTx(ctx, func(ctx context.Context) error {
		if err := db.q(ctx).QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM staffing_allocations
			WHERE county_id = $1 AND year = $2`, a.CountyID, a.Year).Scan(&a.Version); err != nil {
			return app.Wrap("store.CreateAllocation", err)
		}
		err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO staffing_allocations (county_id, year, version, total, seats, basis, note,
			created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			a.CountyID, a.Year, a.Version, a.Total, a.Seats, string(basis), a.Note, a.CreatedBy, a.CreatedAt).Scan(&a.ID)
		if isUniqueViolation(err) {
			return app.Errorf(app.Conflict, "同时有其他人保存了编制分配，请刷新后重试", "Someone saved an allocation at the same time; reload and retry")
		}
		if err != nil {
			return app.Wrap("store.CreateAllocation", err)
		}
		for _, l := range a.Lines {
			if _, err := db.q(ctx).ExecContext(ctx, `INSERT INTO staffing_allocation_lines (allocation_id, school_id, level, classes,
				pupils, boarders, standard, computed, allocated, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				a.ID, l.SchoolID, l.Level, l.Classes, l.Pupils, l.Boarders, l.Standard, l.Computed, l.Allocated, l.Reason); err != nil {
				return app.Wrap("store.CreateAllocation", err)
			}
		}
		return nil
	})
}

// FileAllocation marks a version filed; false when it already was.
func (db *DB) FileAllocation(ctx context.Context, id int64, by string, at time.Time) (bool, error) {
	res, err := db.q(ctx).ExecContext(ctx, `UPDATE staffing_allocations SET filed_by = $1, filed_at = $2
		WHERE id = $3 AND filed_at IS NULL`, by, at, id)
	return affected(res, err, "store.FileAllocation")
}

var _ staffing.Store = (*DB)(nil)
