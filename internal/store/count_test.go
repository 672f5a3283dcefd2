package store_test

import (
	"context"
	"maps"
	"reflect"
	"strconv"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// The home page counts schools by level and educators in SQL; the counts
// equal those of reading the lists (the way it counted before), for every
// role, both databases.
func TestCountsEqualTheLists(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 10, 8, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		w := storetest.NewWorld(t, db)
		storetest.MustCreateEducator(t, db, w.A1, "赵六", func(e *people.Educator) { e.Backbone = "county" })
		storetest.MustCreateSchool(t, db, w.CountyA, "甲区初级中学", func(s *org.School) { s.Level = "junior" })
		ps := people.NewService(db, storetest.MustCipher(t), audit.NewLog(db, clock), clock)
		os := org.NewService(db)
		// Counted, then each kind of change the counts depend on, then
		// counted again: kept counts must follow every change.
		checkCounts(t, db, w, ps, os)
		storetest.MustCreateEducator(t, db, w.B1, "钱七", func(e *people.Educator) { e.Backbone = "city" })
		checkCounts(t, db, w, ps, os)
		for _, change := range []string{
			"UPDATE educators SET backbone = 'county' WHERE id = " + strconv.FormatInt(w.EA2.ID, 10),
			"UPDATE educators SET school_id = " + strconv.FormatInt(w.B1.ID, 10) + " WHERE id = " + strconv.FormatInt(w.EA1.ID, 10),
			"UPDATE schools SET county_id = " + strconv.FormatInt(w.CountyB.ID, 10) + " WHERE id = " + strconv.FormatInt(w.A2.ID, 10),
			"DELETE FROM educators WHERE name = '钱七'",
		} {
			if _, err := db.SQL().ExecContext(context.Background(), change); err != nil {
				t.Fatal(change, err)
			}
			checkCounts(t, db, w, ps, os)
		}
	})
}

// checkCounts compares the counts with the lists for every role.
func checkCounts(t *testing.T, db *store.DB, w *storetest.World, ps *people.Service, os *org.Service) {
	t.Helper()
	for _, role := range storetest.Roles {
		u, err := db.FindUserByID(context.Background(), w.Actors[role].ID)
		if err != nil {
			t.Fatal(err)
		}
		ctx := app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants,
			EducatorID: u.EducatorID})
		if auth.Can(app.ActorOf(ctx), auth.OrgRead) == nil {
			schools, _, err := os.FindSchools(ctx, org.SchoolFilter{})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{}
			for _, s := range schools {
				want[s.Level]++
			}
			got, err := os.CountSchoolsByLevel(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) {
				t.Errorf("%s: schools by level %v, the list gives %v", role, got, want)
			}
			// The home page's kept figures equal those counted afresh.
			within := auth.ScopeOf(app.ActorOf(ctx), auth.OrgRead)
			counties, err := db.FindCounties(ctx, within)
			if err != nil {
				t.Fatal(err)
			}
			kept, err := os.HomeFigures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(kept.ByLevel, want) || !reflect.DeepEqual(kept.Counties, counties) {
				t.Errorf("%s: kept home figures %v, %v; afresh %v, %v", role, kept.ByLevel, kept.Counties, want, counties)
			}
		} else if _, err := os.CountSchoolsByLevel(ctx); app.ErrorCode(err) != app.Forbidden {
			t.Errorf("%s: counting schools without the right gave %v", role, err)
		}
		for _, f := range []people.EducatorFilter{{}, {CountyID: w.CountyA.ID}} {
			_, want, ferr := ps.FindEducators(ctx, people.EducatorFilter{Limit: 1, CountyID: f.CountyID})
			_, wantBackbone, _ := ps.FindEducators(ctx, people.EducatorFilter{Limit: 1, CountyID: f.CountyID, Backbone: "any"})
			got, backbone, cerr := ps.CountEducators(ctx, f)
			if app.ErrorCode(ferr) != app.ErrorCode(cerr) || got != want || backbone != wantBackbone {
				t.Errorf("%s %+v: counted %d, %d backbone (%v); the lists' totals %d, %d (%v)", role, f, got, backbone, cerr,
					want, wantBackbone, ferr)
			}
		}
	}
}
