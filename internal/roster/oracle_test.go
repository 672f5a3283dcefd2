package roster_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/roster"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// A school admin who uses the ID number of a person of another county
// learns only that the number cannot be used from this account, the same
// answer as for a number nobody has; each use is audited, and a repeat
// alerts the person's county.
func TestForeignIDNumber(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ciphers, err := db.EducatorCiphers(ctx, []int64{f.w.EB1.ID})
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := storetest.MustCipher(t).Open(ciphers[f.w.EB1.ID])
		if err != nil {
			t.Fatal(err)
		}
		careerHeader := "身份证号,学校代码,岗位,开始日期,结束日期,类型\n"
		attempt := func() (foreignMsg, unknownMsg string) {
			t.Helper()
			res, err := f.svc.Import(f.as(auth.RoleSchoolAdmin), csvFiles(map[string]string{
				"教职工.csv":  educatorHeader + string(foreign) + ",王五,女," + f.w.EB1.BirthDate.String() + "," + f.w.A1.Code + ",教师,语文,在编在岗,,,2015-09-01,\n",
				"任职经历.csv": careerHeader + idNew2 + "," + f.w.A1.Code + ",教师,2005-09-01,,任职\n"}), roster.ImportOptions{DryRun: true})
			if err != nil || res.Errors != 2 {
				t.Fatalf("import: %+v %v", res, err)
			}
			return res.Issues[0].Message, res.Issues[1].Message
		}
		got, unknown := attempt()
		if !strings.Contains(got, "不能由本账号使用") || got != unknown {
			t.Errorf("a person of another county: %q; a number nobody has: %q; want one answer", got, unknown)
		}
		count := func(action string) (int, []*audit.Entry) {
			es, n, err := audit.NewLog(db, nil).Find(ctx, audit.Filter{Action: action, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			return n, es
		}
		if n, es := count(roster.ActionIDRefused); n != 1 || es[0].EntityID != strconv.FormatInt(f.w.EB1.ID, 10) {
			t.Errorf("refusals audited: %d %+v", n, es)
		}
		if n, _ := count(roster.ActionIDProbe); n != 0 {
			t.Errorf("a first attempt alerted the county")
		}
		attempt()
		n, es := count(roster.ActionIDProbe)
		if n != 1 || es[0].Entity != "county" || es[0].EntityID != strconv.FormatInt(f.w.CountyB.ID, 10) || !strings.Contains(es[0].Summary, "再次") {
			t.Errorf("repeat alerts: %d %+v", n, es)
		}
		// The alert is county B's to read: its HR sees it, county A's and
		// the school admin who tried do not.
		hrOf := func(county int64) context.Context {
			return app.WithActor(ctx, &app.Actor{UserID: 9999, Username: "hr", Grants: []app.Grant{{Role: auth.RoleCountyHR, ScopeKind: auth.ScopeCounty, ScopeID: county}}})
		}
		for _, c := range []struct {
			who  string
			ctx  context.Context
			want int
		}{{"county B HR", hrOf(f.w.CountyB.ID), 1}, {"county A HR", hrOf(f.w.CountyA.ID), 0}, {"the school admin", f.as(auth.RoleSchoolAdmin), 0}} {
			probes, err := f.svc.FindIDProbes(c.ctx, 20)
			if err != nil || len(probes) != c.want || (c.want > 0 && probes[0].County != f.w.CountyB.Name) {
				t.Errorf("%s reads %d alerts (%v), want %d: %+v", c.who, len(probes), err, c.want, probes)
			}
		}
	})
}
