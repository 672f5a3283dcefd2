package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/staffing"
)

// RecruitVacancies is the recruits' source of vacancies until the
// staffing establishment (编制, h-19a's staffing.Service.Vacancies) is wired
// in its place: a school's open posts are the posts left in the last
// twelve months (an appointment at the school ended and its holder now
// works elsewhere: 自然减员) less the educators who joined the school in
// that time. INTERIM: replaced at the merge, see the h-19b report.
type RecruitVacancies struct {
	DB    *DB
	Clock app.Clock
}

// Vacancies returns the county's schools with their established staff in
// post (by subject) and their open posts by attrition.
func (v RecruitVacancies) Vacancies(ctx context.Context, countyID int64) ([]staffing.Vacancy, error) {
	db := v.DB
	today := app.DateOf(v.Clock.Now())
	since := today.AddDays(-365)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT s.id, s.code, s.name, s.level, s.location, s.weak,
		(SELECT COUNT(DISTINCT k.educator_id) FROM career_entries k JOIN educators e ON e.id = k.educator_id
			WHERE k.school_id = s.id AND k.kind = 'appointment' AND k.end_date >= $2 AND k.end_date <= $3 AND e.school_id <> s.id),
		(SELECT COUNT(*) FROM educators e WHERE e.school_id = s.id AND e.joined_school >= $2)
		FROM schools s WHERE s.county_id = $1 ORDER BY s.code`, countyID, since, today)
	if err != nil {
		return nil, app.Wrap("store.RecruitVacancies", err)
	}
	defer rows.Close()
	var out []staffing.Vacancy
	index := map[int64]int{}
	for rows.Next() {
		var x staffing.Vacancy
		var left, joined int
		if err := rows.Scan(&x.SchoolID, &x.SchoolCode, &x.SchoolName, &x.Level, &x.Location, &x.Weak, &left, &joined); err != nil {
			return nil, app.Wrap("store.RecruitVacancies", err)
		}
		x.Vacancies, x.BySubject = left-joined, map[string]int{}
		index[x.SchoolID] = len(out)
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, app.Wrap("store.RecruitVacancies", err)
	}
	erows, err := db.q(ctx).QueryContext(ctx, `SELECT e.school_id, e.subjects FROM educators e JOIN schools s ON s.id = e.school_id
		WHERE s.county_id = $1 AND e.staff_status = 'established'`, countyID)
	if err != nil {
		return nil, app.Wrap("store.RecruitVacancies", err)
	}
	defer erows.Close()
	for erows.Next() {
		var school int64
		var subjects string
		if err := erows.Scan(&school, &subjects); err != nil {
			return nil, app.Wrap("store.RecruitVacancies", err)
		}
		if i, ok := index[school]; ok {
			out[i].InPost++
			for _, sub := range splitList(subjects) {
				out[i].BySubject[sub]++
			}
		}
	}
	return out, app.Wrap("store.RecruitVacancies", erows.Err())
}
