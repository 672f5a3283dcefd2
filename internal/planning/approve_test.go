package planning_test

import (
	"testing"
	"time"

	"jiaoliu/internal/planning"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestApprovalForms: an approved plan labels each move by where it goes —
// urban → rural is 支教/帮教, urban → urban and rural → urban exchange posts
// (顶岗置换/双向交流) — and the return counts them by those forms.
func TestApprovalForms(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		for _, sc := range []int64{f.u1.ID, f.u2.ID, f.r1.ID} {
			for _, subject := range []string{"数学", "语文"} {
				_, err := f.svc.SaveStaffing(f.hr, planning.StaffingInput{SchoolID: sc, SchoolYear: 2027, Mode: planning.ModeTeacher,
					Subject: subject, Min: 0, Max: 50})
				f.must(err)
			}
		}
		p := f.solved(f.hr, planning.ModeTeacher, func(s *planning.Settings) {
			n, zero := 3, 0
			s.Target, s.MinBackbone, s.MaxOutShare = &n, &zero, 0
		})
		want := map[string]struct {
			to   string
			form string
			dir  string
		}{
			"甲二": {f.u2.Code, rotation.FormSwap, rotation.DirUrbanUrban},
			"甲一": {f.r1.Code, rotation.FormSupport, rotation.DirUrbanRural},
			"丙二": {f.u1.Code, rotation.FormSwap, rotation.DirRuralUrban},
		}
		var err error
		for name, w := range want {
			p, err = f.svc.Edit(f.hr, p.ID, planning.EditInput{Kind: planning.EditPin, Teacher: f.key(name), School: w.to})
			f.must(err)
		}
		_, err = f.svc.Reoptimise(f.hr, p.ID)
		f.must(err)
		p = f.solve(f.hr, p.ID)
		got := movesOf(p)
		if len(got) != 3 {
			t.Fatalf("moves: %v (%+v)", got, p.Result)
		}
		for name, w := range want {
			if got[f.key(name)] != w.to {
				t.Fatalf("%s goes to %s, want %s", name, got[f.key(name)], w.to)
			}
		}
		if _, err := f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 3}); err != nil {
			t.Fatal(err)
		}
		xs, _, err := f.rs.FindExchanges(f.hr, rotation.ExchangeFilter{SchoolYear: 2027})
		f.must(err)
		if len(xs) != 3 {
			t.Fatalf("%d exchanges", len(xs))
		}
		for _, x := range xs {
			w := want[x.EducatorName]
			if x.Form != w.form {
				t.Errorf("%s (%s → %s) is %s, want %s", x.EducatorName, x.OriginLocation, x.HostLocation, x.Form, w.form)
			}
		}
		f.clock.Advance(3 * 24 * time.Hour)
		if _, err := f.svc.Announce(f.hr, p.ID); err != nil {
			t.Fatal(err)
		}
		rt, err := f.rs.FindReturn(f.hr, rotation.ReturnFilter{Year: 2027, CountyID: f.k.ID})
		f.must(err)
		k := rt.Counties[0]
		forms := map[string]int{}
		for _, fc := range k.Forms {
			forms[fc.Form] = fc.Count
		}
		if forms[rotation.FormSupport] != 1 || forms[rotation.FormSwap] != 2 || k.TwoWay != 2 {
			t.Errorf("the return counts forms %v, two-way %d", forms, k.TwoWay)
		}
		dirs := map[string]string{}
		for _, r := range k.People {
			dirs[r.Name] = r.Direction
		}
		for name, w := range want {
			if dirs[name] != w.dir {
				t.Errorf("%s: direction %s, want %s", name, dirs[name], w.dir)
			}
		}
	})
}
