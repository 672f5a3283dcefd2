package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store/storetest"
)

// Migration 00016 carries the notices plans and rounds kept themselves
// (planning_objections, rotation_objections) into the one notice: the rows
// are written raw at version 14, as the old code wrote them, and read back
// through the services after the migration, with their authors' accounts,
// entries, answers and dates.
func TestMigrationCarriesObjectionsIntoNotices(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := openAtVersion(t, dialect, 14)
			sq := db.SQL()
			now := time.Date(2027, 2, 20, 0, 0, 0, 0, time.UTC)
			insert := rawInsert(t, db)
			city := insert(`INSERT INTO cities (name, created_at) VALUES ('市', $1)`, now)
			county := insert(`INSERT INTO counties (city_id, code, name, created_at) VALUES ($1, 'X', '甲区', $2)`, city, now)
			school := func(code, name string) int64 {
				return insert(`INSERT INTO schools (code, name, county_id, level, location, created_at, updated_at)
					VALUES ($1, $2, $3, 'primary', 'urban', $4, $4)`, code, name, county, now)
			}
			s1, s2 := school("S1", "甲区一小"), school("S2", "甲区二小")
			person := func(name string, sc int64) int64 {
				return insert(`INSERT INTO educators (id_cipher, id_lookup, id_masked, name, search_keys, sort_key, gender, birth_date,
					school_id, post, staff_status, joined_school, created_at, updated_at)
					VALUES ($1, $2, 'x', $2, $2, $2, 'male', '1980-01-01', $3, 'teacher', 'established', '2010-09-01', $4, $4)`,
					[]byte{1}, name, sc, now)
			}
			e1, e2 := person("张三", s1), person("李四", s1)
			user := func(username, display string) int64 {
				return insert(`INSERT INTO users (username, display_name, password_hash, password_changed_at, created_at, updated_at)
					VALUES ($1, $2, 'x', $3, $3, $3)`, username, display, now)
			}
			u1, u2, hrID := user("wang1", "王老师"), user("wang2", "王老师"), user("hr", "县人事")
			// A plan on notice, with one move and two objections: one
			// answered and upheld, one open.
			plan := insert(`INSERT INTO planning_plans (county_id, school_year, mode, title, status, settings, notice_days, notice_start,
				notice_end, approved_by, approved_at, created_by, created_at, updated_at)
				VALUES ($1, 2027, 'teacher', '2027学年教师交流', 'noticed', '{}', 5, '2027-03-01', '2027-03-05', '县人事（hr）', $2, 'hr', $2, $2)`,
				county, now)
			xch := insert(`INSERT INTO rotation_exchanges (educator_id, post, form, relation, origin_school_id, host_school_id, start_date,
				planned_end, status, school_year, created_by, created_at, updated_at)
				VALUES ($1, 'teacher', 'support', 'stays', $2, $3, '2027-09-01', '2030-08-31', 'planned', 2027, 'hr', $4, $4)`, e1, s1, s2, now)
			teacher := planning.TeacherKey(e1)
			if _, err := sq.ExecContext(ctx, `INSERT INTO planning_exchanges (plan_id, teacher, exchange_id) VALUES ($1, $2, $3)`, plan, teacher, xch); err != nil {
				t.Fatal(err)
			}
			answeredAt := time.Date(2027, 3, 2, 6, 30, 0, 0, time.UTC)
			insert(`INSERT INTO planning_objections (plan_id, teacher, text, raised_by, raised_on, upheld, answer, answered_by, answered_at,
				raised_by_user_id) VALUES ($1, $2, '张三老师家有老人需照顾', '王老师（wang1）', '2027-03-01', TRUE, '情况属实', '县人事（hr）', $3, $4)`,
				plan, teacher, answeredAt, u1)
			insert(`INSERT INTO planning_objections (plan_id, teacher, text, raised_by, raised_on, raised_by_user_id)
				VALUES ($1, '', '希望多派一名数学教师', '王老师（wang2）', '2027-03-02', $2)`, plan, u2)
			// A round on notice with one application and one answered objection.
			round := insert(`INSERT INTO rotation_rounds (school_id, host_school_id, school_year, places, notice_days, start_date,
				planned_end, status, notice_start, notice_end, created_by, created_at)
				VALUES ($1, $2, 2026, 1, 5, '2026-09-01', '2029-08-31', 'published', '2027-03-01', '2027-03-05', 'school', $3)`, s1, s2, now)
			appID := insert(`INSERT INTO rotation_applications (round_id, educator_id, applied_on, statement, score)
				VALUES ($1, $2, '2027-02-25', '自愿支教', 92.5)`, round, e2)
			insert(`INSERT INTO rotation_objections (round_id, application_id, text, raised_by, raised_on, upheld, resolution,
				resolved_by, resolved_at, raised_by_user_id) VALUES ($1, $2, '获奖证书不属实', '王老师（wang1）', '2027-03-02', FALSE,
				'经核实证书属实', '学校（school）', $3, $4)`, round, appID, answeredAt, u1)

			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for _, table := range []string{"planning_objections", "rotation_objections"} {
				if _, err := sq.ExecContext(ctx, `SELECT 1 FROM `+table); err == nil {
					t.Errorf("%s is still there", table)
				}
			}

			clock := app.NewFixedClock(time.Date(2027, 3, 3, 2, 0, 0, 0, time.UTC))
			log := audit.NewLog(db, clock)
			rs := rotation.NewService(db, log, clock)
			ps := planning.NewService(db, rs, nil, log, clock)
			ns := rs.Notices()
			grant := func(id int64, g app.Grant) context.Context {
				if err := db.CreateGrant(ctx, id, &g, now); err != nil {
					t.Fatal(err)
				}
				u, err := db.FindUserByID(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				return app.WithActor(ctx, &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants})
			}
			hr := grant(hrID, app.Grant{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: county})
			atSchool := app.Grant{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: s1}
			w1, w2 := grant(u1, atSchool), grant(u2, atSchool)

			// The plan's notice: its entry, its two objections, by account.
			list, err := ns.ForSubject(hr, notice.KindRotationPlan, plan)
			if err != nil || len(list) != 1 {
				t.Fatalf("plan notices: %v, %v", list, err)
			}
			n := list[0]
			if n.Status != notice.StatusOpen || n.Start != app.NewDate(2027, 3, 1) || n.End != app.NewDate(2027, 3, 5) ||
				n.Title != "甲区2027—2028学年教师交流方案#"+strconv.FormatInt(plan, 10) || n.PublishedBy != "县人事（hr）" ||
				len(n.Entries) != 1 || n.Entries[0] != (notice.Entry{Key: teacher, EducatorID: e1, Label: "张三", Detail: "甲区一小 → 甲区二小"}) {
				t.Fatalf("plan notice: %+v", n)
			}
			if len(n.Objections) != 2 {
				t.Fatalf("%d plan objections", len(n.Objections))
			}
			o1, o2 := n.Objections[0], n.Objections[1]
			if o1.EntryKey != teacher || o1.RaisedByUserID != u1 || o1.RaisedBy != "王老师（wang1）" || o1.RaisedOn != app.NewDate(2027, 3, 1) ||
				!o1.Upheld() || o1.Answer != "情况属实" || o1.AnsweredBy != "县人事（hr）" || !o1.AnsweredAt.Equal(answeredAt) {
				t.Errorf("first plan objection: %+v", o1)
			}
			if o2.EntryKey != "" || o2.RaisedByUserID != u2 || o2.Answered() || o2.RaisedOn != app.NewDate(2027, 3, 2) {
				t.Errorf("second plan objection: %+v", o2)
			}
			// Each namesake sees their own objection on the plan's page.
			for who, c := range map[int64]context.Context{u1: w1, u2: w2} {
				v, err := ps.FindView(c, plan, planning.MoveFilter{})
				if err != nil || len(v.Objections) != 1 || v.Objections[0].RaisedByUserID != who {
					t.Fatalf("user %d sees %+v: %v", who, v, err)
				}
			}
			// The open one is answered through the new service.
			if _, err := ps.AnswerObjection(hr, o2.ID, planning.AnswerInput{Answer: "编制已满"}); err != nil {
				t.Fatal(err)
			}
			if v, err := ps.FindView(hr, plan, planning.MoveFilter{}); err != nil || len(v.Objections) != 2 || !v.Objections[1].Answered() {
				t.Fatalf("after the answer: %+v, %v", v, err)
			}

			// The round's notice and objection.
			r, err := rs.FindRoundByID(hr, round)
			if err != nil || len(r.Objections) != 1 {
				t.Fatalf("round: %+v, %v", r, err)
			}
			ro := r.Objections[0]
			if ro.ApplicationID != appID || ro.RaisedByUserID != u1 || ro.Upheld || ro.Resolution != "经核实证书属实" || ro.ResolvedBy != "学校（school）" ||
				!ro.Resolved() || ro.RaisedOn != app.NewDate(2027, 3, 2) {
				t.Errorf("round objection: %+v", ro)
			}
			rn, err := ns.ForSubject(hr, notice.KindRotationRound, round)
			if err != nil || len(rn) != 1 || len(rn[0].Entries) != 1 ||
				rn[0].Entries[0] != (notice.Entry{Key: strconv.FormatInt(appID, 10), EducatorID: e2, Label: "李四", Detail: "量化得分92.5"}) ||
				rn[0].PublishedBy != "school" || rn[0].Place.SchoolID != s1 {
				t.Fatalf("round notice: %+v, %v", rn, err)
			}
		})
	}
}
