package roster_test

import (
	"reflect"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// An import bumps the data version of the rotation figures once, itself,
// rather than through a trigger per row (store.holdVersion): the figures a
// service kept from before the import are not served after it, and equal
// what a new service computes afresh.
func TestImportRenewsKeptRotationFigures(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		clock := app.SystemClock{}
		kept := rotation.NewService(db, audit.NewLog(db, clock), clock)
		all := func(svc *rotation.Service) []*rotation.Eligibility {
			t.Helper()
			list, _, err := svc.FindEligible(ctx, rotation.EligibleFilter{AsOf: app.NewDate(2026, 9, 1), All: true})
			if err != nil {
				t.Fatal(err)
			}
			return list
		}
		before := all(kept)
		files := map[string]string{"教职工.csv": educatorHeader +
			idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n" +
			idNew2 + ",钱七,女,1985-09-01," + f.w.A2.Code + ",教师,英语,在编在岗,,高级教师,2010-09-01,2010-09-01\n"}
		res, err := f.svc.Import(ctx, csvFiles(files), roster.ImportOptions{})
		if err != nil || !res.Committed || res.Educators.Created != 2 {
			t.Fatalf("import: %+v %v", res, err)
		}
		after, fresh := all(kept), all(rotation.NewService(db, audit.NewLog(db, clock), clock))
		if len(after) != len(before)+2 {
			t.Fatalf("listed after the import: %d, want %d", len(after), len(before)+2)
		}
		if !reflect.DeepEqual(after, fresh) {
			t.Fatal("after the import the kept figures differ from fresh ones")
		}
		// A refused import (an error in the file) changes nothing, the
		// kept figures included.
		bad := map[string]string{"教职工.csv": educatorHeader + idNew1 + ",赵六,男,1980-01-01,NOSUCH,教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n"}
		if res, err := f.svc.Import(ctx, csvFiles(bad), roster.ImportOptions{}); err != nil || res.Committed {
			t.Fatalf("refused import: %+v %v", res, err)
		}
		if again := all(kept); !reflect.DeepEqual(again, fresh) {
			t.Fatal("after a refused import the kept figures changed")
		}
	})
}
