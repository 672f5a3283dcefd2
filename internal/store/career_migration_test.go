package store_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
)

// Migration 00006 splits the career rows the roster import used to derive
// as "the present post since 到校日期" at 任现职日期, and leaves every other
// history alone: a sheet's, a plan's, a teacher's, a head's appointed on
// arrival. The rows are written raw at version 5, as that import wrote them.
func TestMigrationSplitsDerivedCareerAtPostSince(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := openAtVersion(t, dialect, 5)
			sq := db.SQL()
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			insert := rawInsert(t, db)
			city := insert(`INSERT INTO cities (name, created_at) VALUES ('市', $1)`, now)
			county := insert(`INSERT INTO counties (city_id, code, name, created_at) VALUES ($1, 'X', '区', $2)`, city, now)
			school := func(code string) int64 {
				return insert(`INSERT INTO schools (code, name, county_id, level, location, created_at, updated_at)
					VALUES ($1, $1, $2, 'primary', 'urban', $3, $3)`, code, county, now)
			}
			s1, s0 := school("S1"), school("S0")
			person := func(name, post, joined, since string) int64 {
				return insert(`INSERT INTO educators (id_cipher, id_lookup, id_masked, name, search_keys, sort_key, gender, birth_date,
					school_id, post, staff_status, joined_school, post_since, created_at, updated_at)
					VALUES ($1, $2, 'x', $2, $2, $2, 'male', '1975-01-01', $3, $4, 'established', $5, $6, $7, $7)`,
					[]byte{1}, name, s1, post, joined, since, now)
			}
			career := func(educator, school int64, post, start string, end any, note string) {
				insert(`INSERT INTO career_entries (educator_id, school_id, post, kind, start_date, end_date, note)
					VALUES ($1, $2, $3, 'appointment', $4, $5, $6)`, educator, school, post, start, end, note)
			}
			// As the old import derived them: to be split.
			principal := person("principal", people.PostPrincipal, "2005-09-01", "2018-03-15")
			career(principal, s1, people.PostPrincipal, "2005-09-01", nil, "")
			vice := person("vice", people.PostVicePrincipal, "2008-09-01", "2018-03-01")
			career(vice, s1, people.PostVicePrincipal, "2008-09-01", nil, "")
			// Left alone: appointed on arrival, a teacher, a history of several rows, a plan's row.
			onArrival := person("arrival", people.PostPrincipal, "2016-09-01", "2016-09-01")
			career(onArrival, s1, people.PostPrincipal, "2016-09-01", nil, "")
			teacher := person("teacher", people.PostTeacher, "2012-09-01", "2015-09-01")
			career(teacher, s1, people.PostTeacher, "2012-09-01", nil, "")
			sheet := person("sheet", people.PostPrincipal, "2010-09-01", "2019-09-01")
			career(sheet, s0, people.PostTeacher, "2000-09-01", "2010-08-31", "")
			career(sheet, s1, people.PostPrincipal, "2010-09-01", nil, "")
			planned := person("planned", people.PostPrincipal, "2010-09-01", "2019-09-01")
			career(planned, s1, people.PostPrincipal, "2010-09-01", nil, "交流轮岗方案#1第1项")

			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			hs, err := db.FindCareers(ctx, []int64{principal, vice, onArrival, teacher, sheet, planned})
			if err != nil {
				t.Fatal(err)
			}
			type row struct {
				post       string
				start, end string
				derived    bool
			}
			want := map[int64][]row{
				principal: {{people.PostTeacher, "2005-09-01", "2018-03-14", true}, {people.PostPrincipal, "2018-03-15", "", true}},
				vice:      {{people.PostTeacher, "2008-09-01", "2018-02-28", true}, {people.PostVicePrincipal, "2018-03-01", "", true}},
				onArrival: {{people.PostPrincipal, "2016-09-01", "", false}},
				teacher:   {{people.PostTeacher, "2012-09-01", "", false}},
				sheet:     {{people.PostTeacher, "2000-09-01", "2010-08-31", false}, {people.PostPrincipal, "2010-09-01", "", false}},
				planned:   {{people.PostPrincipal, "2010-09-01", "", false}},
			}
			for id, rows := range want {
				got := hs[id]
				if len(got) != len(rows) {
					t.Fatalf("educator %d: %d rows, want %d: %+v", id, len(got), len(rows), got)
				}
				for i, w := range rows {
					g := got[i]
					if g.Post != w.post || g.Start.String() != w.start || g.End.String() != w.end || g.Derived != w.derived ||
						g.Kind != people.CareerAppointment {
						t.Errorf("educator %d row %d = %s %s–%s derived %v, want %+v", id, i, g.Post, g.Start, g.End, g.Derived, w)
					}
				}
			}
			var n int
			if err := sq.QueryRowContext(ctx, `SELECT COUNT(*) FROM career_entries WHERE end_date IS NOT NULL AND end_date < start_date`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("rows ending before they start: %d %v", n, err)
			}
		})
	}
}
