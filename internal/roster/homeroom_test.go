package roster_test

import (
	"context"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestImportHomeroom: the 班主任 column sets whether one is a homeroom
// teacher; a workbook without the column leaves it as registered, as
// before the column existed; a bad value is an error and changes nothing.
func TestImportHomeroom(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		line := idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01"
		withColumn := func(v string) string {
			return strings.TrimSuffix(educatorHeader, "\n") + ",班主任\n" + line + "," + v + "\n"
		}
		homeroom := func() bool {
			t.Helper()
			es, _, err := db.FindEducators(context.Background(), people.EducatorFilter{Q: "赵六", Within: app.Scope{All: true}})
			if err != nil || len(es) != 1 {
				t.Fatalf("赵六: %v %v", es, err)
			}
			return es[0].Homeroom
		}
		imp := func(text string) *roster.Result {
			t.Helper()
			res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": text}), roster.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}

		// Without the column a new person is not a homeroom teacher.
		if res := imp(educatorHeader + line + "\n"); !res.Committed || res.Educators.Created != 1 || homeroom() {
			t.Fatalf("old layout: %+v, homeroom %v", res, homeroom())
		}
		// 是 makes them one, and the change says so.
		res := imp(withColumn("是"))
		if !res.Committed || res.Educators.Updated != 1 || !homeroom() {
			t.Fatalf("班主任 是: %+v %v", res, res.Issues)
		}
		if len(res.Changes) != 1 || !strings.Contains(strings.Join(res.Changes[0].Fields, ";"), "班主任: 否 → 是") {
			t.Fatalf("changes: %+v", res.Changes)
		}
		// A workbook without the column changes nothing.
		if res := imp(educatorHeader + line + "\n"); !res.Committed || res.Educators.Unchanged != 1 || res.Educators.Updated != 0 || !homeroom() {
			t.Fatalf("old layout after 是: %+v, homeroom %v", res, homeroom())
		}
		// A value that is neither is an error naming the cell, and nothing changes.
		res = imp(withColumn("班长"))
		if res.Committed || res.Errors != 1 || !homeroom() {
			t.Fatalf("bad value: %+v", res)
		}
		if got := res.Issues[0].String(); got != `教职工 第2行 班主任 "班长": 应为“是”或“否”` {
			t.Fatalf("bad value issue: %s", got)
		}
		// N clears it.
		if res := imp(withColumn("N")); !res.Committed || res.Educators.Updated != 1 || homeroom() {
			t.Fatalf("班主任 N: %+v %v", res, res.Issues)
		}
	})
}
