package roster_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

type fixture struct {
	db  *store.DB
	w   *storetest.World
	svc *roster.Service
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	clock := app.NewFixedClock(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	return &fixture{db: db, w: storetest.NewWorld(t, db),
		svc: roster.NewService(db, storetest.MustCipher(t), audit.NewLog(db, clock), clock)}
}

func (f *fixture) as(role string) context.Context {
	u := f.w.Actors[role]
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, Grants: u.Grants, EducatorID: u.EducatorID})
}

func csvFiles(files map[string]string) []roster.File {
	var out []roster.File
	for _, name := range []string{"学校.csv", "教职工.csv", "任职经历.csv"} {
		if text, ok := files[name]; ok {
			out = append(out, roster.File{Name: name, Size: int64(len(text)), R: strings.NewReader(text)})
		}
	}
	return out
}

func id17(first17 string) string { return first17 + string(people.IDCheckChar(first17)) }

var (
	idNew1 = id17("51990219800101001") // male, 1980-01-01
	idNew2 = id17("51990219850901022") // female, 1985-09-01
)

const educatorHeader = "身份证号,姓名,性别,出生日期,学校代码,岗位,任教学科,编制状态,骨干级别,职称,到校日期,任现职日期\n"

func TestImportCreatesAndRoundTrips(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		files := map[string]string{
			"学校.csv": "学校代码,学校名称,区县,学段,城乡类型,薄弱学校,示范等级,办学联合体,经度,纬度\n" +
				"NEW001,甲区新建小学,甲区,小学,乡村,是,,甲区第一联合体,104.5,31.2\n",
			"教职工.csv": educatorHeader +
				idNew1 + ",赵六,男,1980-01-01,NEW001,教师,语文、数学,在编在岗,县级骨干教师,一级教师,2012/9/1,2012年9月1日\n" +
				idNew2 + ",钱七,女,1985.9.1," + f.w.A1.Code + ",副校长,英语,在编在岗,,高级教师,2010-09-01,2019-09-01\n",
		}
		// The preview counts and changes nothing.
		res, err := f.svc.Import(ctx, csvFiles(files), roster.ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors != 0 || res.Schools.Created != 1 || res.Educators.Created != 2 || res.Committed {
			t.Fatalf("preview: %+v", res)
		}
		if _, n, _ := db.FindEducators(context.Background(), people.EducatorFilter{Within: app.Scope{All: true}}); n != 3 {
			t.Fatalf("the preview wrote: %d educators", n)
		}
		res, err = f.svc.Import(ctx, csvFiles(files), roster.ImportOptions{})
		if err != nil || !res.Committed || res.Educators.Created != 2 || res.Careers.Created != 3 {
			t.Fatalf("commit: %+v %v", res, err)
		}
		es, _, _ := db.FindEducators(context.Background(), people.EducatorFilter{Q: "zl", Within: app.Scope{All: true}})
		if len(es) != 1 || es[0].SchoolCode != "NEW001" || es[0].Backbone != "county_backbone" || strings.Join(es[0].Subjects, "、") != "语文、数学" {
			t.Fatalf("imported educator: %+v", es)
		}
		career, _ := db.FindCareer(context.Background(), es[0].ID)
		if len(career) != 1 || career[0].Start != app.NewDate(2012, 9, 1) || !career[0].End.IsZero() {
			t.Fatalf("derived career: %+v", career)
		}

		// Export the county with full ID numbers, import it again: nothing changes.
		var buf bytes.Buffer
		n, err := f.svc.ExportEducators(ctx, people.EducatorFilter{CountyID: f.w.CountyA.ID}, &buf)
		if err != nil || n != 4 {
			t.Fatalf("export: %d %v", n, err)
		}
		before, _ := db.CountRows(context.Background())
		res, err = f.svc.Import(ctx, []roster.File{{Name: "export.xlsx", Size: int64(buf.Len()), R: bytes.NewReader(buf.Bytes())}}, roster.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors != 0 || res.Educators.Created+res.Educators.Updated != 0 || res.Schools.Created+res.Schools.Updated != 0 ||
			res.Careers.Created+res.Careers.Updated != 0 || res.Educators.Unchanged != 4 {
			t.Fatalf("round trip changed something: %+v %v", res, res.Issues)
		}
		after, _ := db.CountRows(context.Background())
		if before["educators"] != after["educators"] || before["career_entries"] != after["career_entries"] || before["schools"] != after["schools"] {
			t.Fatalf("round trip changed counts: %v → %v", before, after)
		}
		// The export with full ID numbers was audited.
		if entries, _, _ := db.FindAudit(context.Background(), audit.Filter{Action: "roster.export"}); len(entries) != 1 ||
			!strings.Contains(entries[0].Summary, "含完整身份证号") {
			t.Fatalf("export audit: %+v", entries)
		}
	})
}

func TestImportUpdatesOnlyWhatDiffers(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.as(auth.RoleCountyHR)
		first := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,一级教师,2012-09-01,2012-09-01\n"
		if res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": first}), roster.ImportOptions{}); err != nil || !res.Committed {
			t.Fatalf("first import: %+v %v", res, err)
		}
		// Moved to A2 on 2025-09-01, promoted: one update, a title warning, the history gets a new appointment.
		second := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A2.Code + ",教师,语文,在编在岗,,高级教师,2025-09-01,2025-09-01\n"
		res, err := f.svc.Import(ctx, csvFiles(map[string]string{"教职工.csv": second}), roster.ImportOptions{})
		if err != nil || !res.Committed || res.Educators.Updated != 1 || res.Warnings != 1 || res.Careers.Created != 1 || res.Careers.Updated != 1 {
			t.Fatalf("update: %+v %v %v", res, err, res.Issues)
		}
		if len(res.Changes) != 1 || !strings.Contains(strings.Join(res.Changes[0].Fields, ";"), "职称: 一级教师 → 高级教师") {
			t.Fatalf("changes: %+v", res.Changes)
		}
		if !strings.Contains(res.Issues[0].Message, "职称由") {
			t.Fatalf("title warning: %+v", res.Issues)
		}
		es, _, _ := db.FindEducators(context.Background(), people.EducatorFilter{Q: "赵六", Within: app.Scope{All: true}})
		career, _ := db.FindCareer(context.Background(), es[0].ID)
		if len(career) != 2 || career[0].End != app.NewDate(2025, 8, 31) || career[1].SchoolID != f.w.A2.ID || !career[1].End.IsZero() {
			t.Fatalf("history after the move: %+v %+v", career[0], career[len(career)-1])
		}
	})
}

func TestImportChecksScopeAndRefs(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		before, _ := db.CountRows(context.Background())
		text := educatorHeader +
			idNew1 + ",赵六,男,1980-01-01," + f.w.B1.Code + ",教师,语文,在编在岗,,,2012-09-01,\n" + // other county's school
			idNew2 + ",钱七,女,1985-09-01,NOPE99,教师,语文,在编在岗,,,2012-09-01,\n" // unknown school
		res, err := f.svc.Import(f.as(auth.RoleCountyHR), csvFiles(map[string]string{"教职工.csv": text}), roster.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Committed || res.Errors != 2 {
			t.Fatalf("want 2 errors and nothing committed: %+v %v", res, res.Issues)
		}
		for i, want := range []string{"教职工 第2行 学校代码", "教职工 第3行 学校代码 \"NOPE99\": 学校代码不存在"} {
			if got := res.Issues[i].String(); !strings.HasPrefix(got, want) {
				t.Errorf("issue %d = %q, want prefix %q", i, got, want)
			}
		}
		after, _ := db.CountRows(context.Background())
		if before["educators"] != after["educators"] {
			t.Fatal("an import with errors changed the registry")
		}
		// A school admin may not create a school.
		res, err = f.svc.Import(f.as(auth.RoleSchoolAdmin), csvFiles(map[string]string{
			"学校.csv": "学校代码,学校名称,区县,学段,城乡类型\nX1,新学校,甲区,小学,城区\n"}), roster.ImportOptions{})
		if err != nil || res.Committed || res.Errors != 1 {
			t.Fatalf("school admin creating a school: %+v %v", res, err)
		}
		// A mentor may not import at all.
		if _, err := f.svc.Import(f.as(auth.RoleMentor), nil, roster.ImportOptions{}); app.ErrorCode(err) != app.Forbidden {
			t.Fatalf("mentor import: %v", err)
		}
	})
}

// TestConcurrentImports: two imports of the same new people at once; one
// creates them, the other either sees them (unchanged) or fails whole.
func TestConcurrentImports(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		text := educatorHeader + idNew1 + ",赵六,男,1980-01-01," + f.w.A1.Code + ",教师,语文,在编在岗,,,2012-09-01,\n"
		var wg sync.WaitGroup
		results := make([]*roster.Result, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = f.svc.Import(f.as(auth.RoleCountyHR), csvFiles(map[string]string{"教职工.csv": text}), roster.ImportOptions{})
			}()
		}
		wg.Wait()
		_, n, _ := db.FindEducators(context.Background(), people.EducatorFilter{Q: "赵六", Within: app.Scope{All: true}})
		if n != 1 {
			t.Fatalf("concurrent imports made %d records (errors %v %v)", n, errs[0], errs[1])
		}
		if r, _ := audit.NewLog(db, app.SystemClock{}).Verify(context.Background()); r.Break != nil {
			t.Fatalf("audit chain after concurrent imports: %+v", r.Break)
		}
	})
}
