package roster_test

import (
	"context"
	"fmt"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// idBorn makes an ID number of region 519902 for a birth date; odd serials are men.
func idBorn(birth string, serial int) string { return id17(fmt.Sprintf("519902%s%03d", birth, serial)) }

// historyOf returns the career history of the one educator named name.
func historyOf(t *testing.T, db *store.DB, name string) []*people.CareerEntry {
	t.Helper()
	es, _, err := db.FindEducators(context.Background(), people.EducatorFilter{Q: name, Within: app.Scope{All: true}})
	if err != nil || len(es) != 1 {
		t.Fatalf("educator %s: %d found, %v", name, len(es), err)
	}
	hs, err := db.FindCareers(context.Background(), []int64{es[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	return hs[es[0].ID]
}

// A new principal or vice principal promoted at their school gets two
// derived rows: the earlier post from 到校日期, the present post from
// 任现职日期. A teacher, and a head appointed on arrival, get one.
func TestDerivedCareerSplitsAtPostSince(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a1 := f.w.A1.Code
		text := educatorHeader +
			idBorn("19800101", 1) + ",甲校长,男,," + a1 + ",校长,,在编在岗,,,2005-09-01,2018-03-15\n" +
			idBorn("19850901", 2) + ",乙副校长,女,," + a1 + ",副校长,,在编在岗,,,2008-09-01,2018-03-15\n" +
			idBorn("19800202", 3) + ",丙校长,男,," + a1 + ",校长,,在编在岗,,,2016-09-01,2016-09-01\n" +
			idBorn("19900303", 5) + ",丁老师,男,," + a1 + ",教师,语文,在编在岗,,,2012-09-01,2015-09-01\n"
		res, err := f.svc.Import(f.as(auth.RoleCountyHR), csvFiles(map[string]string{"教职工.csv": text}), roster.ImportOptions{})
		if err != nil || !res.Committed || res.Careers.Created != 6 {
			t.Fatalf("import: %+v %v %v", res, err, res.Issues)
		}
		type row struct {
			post       string
			start, end app.Date
		}
		for name, want := range map[string][]row{
			"甲校长":  {{people.PostTeacher, app.NewDate(2005, 9, 1), app.NewDate(2018, 3, 14)}, {people.PostPrincipal, app.NewDate(2018, 3, 15), app.Date{}}},
			"乙副校长": {{people.PostTeacher, app.NewDate(2008, 9, 1), app.NewDate(2018, 3, 14)}, {people.PostVicePrincipal, app.NewDate(2018, 3, 15), app.Date{}}},
			"丙校长":  {{people.PostPrincipal, app.NewDate(2016, 9, 1), app.Date{}}},
			"丁老师":  {{people.PostTeacher, app.NewDate(2012, 9, 1), app.Date{}}},
		} {
			got := historyOf(t, db, name)
			if len(got) != len(want) {
				t.Fatalf("%s: %d rows, want %d: %+v", name, len(got), len(want), got)
			}
			for i, w := range want {
				g := got[i]
				if g.Post != w.post || g.Start != w.start || g.End != w.end || g.SchoolID != f.w.A1.ID || g.Kind != people.CareerAppointment || !g.Derived {
					t.Errorf("%s row %d = %s %s–%s derived %v, want %s %s–%s", name, i, g.Post, g.Start, g.End, g.Derived, w.post, w.start, w.end)
				}
			}
		}
	})
}

// Heads promoted in place must rotate after 满8年 in the present post
// (SPEC §3.1, 满 includes the day), counted from 任现职日期, and while
// male ≤ 55 or female ≤ 50 周岁 (以下 includes the birthday). Each boundary
// is checked on the day before, the day itself and the day after, through
// the import, the store and the rotation rules.
func TestHeadsPromotedInPlaceCountFromPostSince(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		a1 := f.w.A1.Code
		// 戊 is in the registry as vice principal since 2010 and is promoted
		// to principal by a later import.
		first := educatorHeader + idBorn("19790610", 9) + ",戊校长,男,," + a1 + ",副校长,,在编在岗,,,2010-09-01,2010-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": first}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("first import: %+v %v", res, err)
		}
		text := educatorHeader +
			// Promoted on 2018-03-15 after years as teachers: 满8年 on 2026-03-15.
			idBorn("19800101", 1) + ",甲校长,男,," + a1 + ",校长,,在编在岗,,,2005-09-01,2018-03-15\n" +
			idBorn("19850901", 2) + ",乙副校长,女,," + a1 + ",副校长,,在编在岗,,,2008-09-01,2018-03-15\n" +
			idBorn("19790610", 9) + ",戊校长,男,," + a1 + ",校长,,在编在岗,,,2010-09-01,2018-03-15\n" +
			// In post since 2010: the age decides. 己 turns 56 and 庚 51 on 2026-03-16.
			idBorn("19700316", 11) + ",己校长,男,," + a1 + ",校长,,在编在岗,,,2000-09-01,2010-09-01\n" +
			idBorn("19750316", 12) + ",庚副校长,女,," + a1 + ",副校长,,在编在岗,,,2000-09-01,2010-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": text}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("import: %+v %v %v", res, err, res.Issues)
		}
		rs := rotation.NewService(db, audit.NewLog(db, app.SystemClock{}), app.NewFixedClock(app.NewDate(2026, 9, 1).Time()))
		must := func(on app.Date) map[string]bool {
			t.Helper()
			es, _, err := rs.FindEligible(ctx, rotation.EligibleFilter{AsOf: on, CountyID: f.w.CountyA.ID, All: true})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]bool{}
			for _, e := range es {
				out[e.Name] = e.Must
			}
			return out
		}
		for _, c := range []struct {
			on   app.Date
			want map[string]bool
		}{
			{app.NewDate(2026, 3, 14), map[string]bool{"甲校长": false, "乙副校长": false, "戊校长": false, "己校长": true, "庚副校长": true}},
			{app.NewDate(2026, 3, 15), map[string]bool{"甲校长": true, "乙副校长": true, "戊校长": true, "己校长": true, "庚副校长": true}},
			{app.NewDate(2026, 3, 16), map[string]bool{"甲校长": true, "乙副校长": true, "戊校长": true, "己校长": false, "庚副校长": false}},
		} {
			got := must(c.on)
			for name, want := range c.want {
				if got[name] != want {
					t.Errorf("%s on %s: must rotate %v, want %v", name, c.on, got[name], want)
				}
			}
		}
	})
}
