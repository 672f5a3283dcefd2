package planning_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
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
		p := f.pinnedPlan()
		want := pinnedMoves(f)
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
		forms := map[rotation.ExchangeForm]int{}
		for _, fc := range k.Forms {
			forms[fc.Form] = fc.Count
		}
		if forms[rotation.FormSupport] != 1 || forms[rotation.FormSwap] != 2 || k.TwoWay != 2 {
			t.Errorf("the return counts forms %v, two-way %d", forms, k.TwoWay)
		}
		dirs := map[string]rotation.Direction{}
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

type pinned struct {
	to   string
	form rotation.ExchangeForm
	dir  rotation.Direction
}

// pinnedMoves are the moves of pinnedPlan: urban → urban, urban → rural
// (a weak school), rural → urban.
func pinnedMoves(f *fixture) map[string]pinned {
	return map[string]pinned{
		"甲二": {f.u2.Code, rotation.FormSwap, rotation.DirUrbanUrban},
		"甲一": {f.r1.Code, rotation.FormSupport, rotation.DirUrbanRural},
		"丙二": {f.u1.Code, rotation.FormSwap, rotation.DirRuralUrban},
	}
}

// pinnedPlan approves a teacher plan of K made of pinnedMoves, with a
// three-day notice from today.
func (f *fixture) pinnedPlan() *planning.Plan {
	f.t.Helper()
	for _, sc := range []int64{f.u1.ID, f.u2.ID, f.r1.ID} {
		for _, subject := range []string{"数学", "语文"} {
			_, err := f.svc.SaveStaffing(f.hr, planning.StaffingInput{StaffingBound: planning.StaffingBound{SchoolID: sc,
				SchoolYear: 2027, Mode: planning.ModeTeacher, Subject: subject, Min: 0, Max: 50}})
			f.must(err)
		}
	}
	p := f.solved(f.hr, planning.ModeTeacher, func(s *planning.Settings) {
		n, zero := 3, 0
		s.Target, s.MinBackbone, s.MaxOutShare = &n, &zero, 0
	})
	want := pinnedMoves(f)
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
		f.t.Fatalf("moves: %v (%+v)", got, p.Result)
	}
	for name, w := range want {
		if got[f.key(name)] != w.to {
			f.t.Fatalf("%s goes to %s, want %s", name, got[f.key(name)], w.to)
		}
	}
	p, err = f.svc.Approve(f.hr, p.ID, planning.ApproveInput{NoticeDays: 3})
	f.must(err)
	return p
}

// TestNoticeReaders: a plan's public notice is read — and objected to — by
// every one of the demo's kinds of account whose school it concerns or who
// reads its county, and by no one else; the list of plans agrees with
// the page. Before, a participant (like the demo's participant1) at a
// school the plan moves teachers from could not see it.
func TestNoticeReaders(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		p := f.pinnedPlan()
		city := f.k.CityID
		person := func(id int64, role, kind string, scope int64, educator string) context.Context {
			a := &app.Actor{UserID: id, Username: role, DisplayName: role,
				Grants: []app.Grant{{Role: role, ScopeKind: kind, ScopeID: scope}}}
			if educator != "" {
				a.EducatorID = f.e[educator].ID
			}
			return app.WithActor(context.Background(), a)
		}
		for _, c := range []struct {
			name string
			ctx  context.Context
			sees bool
		}{
			{"admin", person(9001, auth.RoleAdmin, auth.ScopeGlobal, 0, ""), true},
			{"city", person(9002, auth.RoleCity, auth.ScopeCity, city, ""), true},
			{"county1 (K's HR)", f.hr, true},
			{"county2 (L's HR)", f.hrL, false},
			{"coordinator1 over K", person(9003, auth.RoleCoordinator, auth.ScopeCounty, f.k.ID, ""), true},
			{"coordinator over L", person(9004, auth.RoleCoordinator, auth.ScopeCounty, f.l.ID, ""), false},
			{"school1 of a school teachers leave", f.school, true},
			{"school admin of a school teachers come to", person(9005, auth.RoleSchoolAdmin, auth.ScopeSchool, f.u2.ID, ""), true},
			{"school admin of a school the plan leaves alone", person(9006, auth.RoleSchoolAdmin, auth.ScopeSchool, f.j1.ID, ""), false},
			{"school admin of L", f.other, false},
			{"mentor1 at a school concerned", person(9007, auth.RoleMentor, auth.ScopeSchool, f.u2.ID, ""), true},
			{"mentor at a school not concerned", person(9008, auth.RoleMentor, auth.ScopeSchool, f.t1.ID, ""), false},
			{"participant1 at a school concerned, not moved", person(9009, auth.RoleParticipant, auth.ScopeSchool, f.r1.ID, "丙一"), true},
			{"participant moved", person(9010, auth.RoleParticipant, auth.ScopeSchool, f.u1.ID, "甲一"), true},
			{"participant at a school not concerned", person(9011, auth.RoleParticipant, auth.ScopeSchool, f.t1.ID, "丁二"), false},
			{"reviewer1 over the city", person(9012, auth.RoleReviewer, auth.ScopeCity, city, ""), true},
		} {
			_, err := f.svc.FindView(c.ctx, p.ID, planning.MoveFilter{})
			if c.sees != (err == nil) || (err != nil && app.ErrorCode(err) != app.NotFound) {
				t.Errorf("%s: reads the notice: %v, want %v", c.name, err, c.sees)
			}
			ps, _, err := f.svc.FindPlans(c.ctx, planning.PlanFilter{})
			f.must(err)
			listed := slices.ContainsFunc(ps, func(q *planning.Plan) bool { return q.ID == p.ID })
			if listed != c.sees {
				t.Errorf("%s: the list shows the plan: %v, want %v", c.name, listed, c.sees)
			}
			_, err = f.svc.RaiseObjection(c.ctx, p.ID, planning.ObjectionInput{Text: "异议：" + c.name})
			if c.sees != (err == nil) {
				t.Errorf("%s: objects: %v, want %v", c.name, err, c.sees)
			}
		}
	})
}

// TestOwnObjectionsByAccount: those who read the public notice see the
// objections they raised, matched by account, not by the label: two
// accounts with one display name, two whose labels coincide, and an account
// renamed after objecting each see their own only. Before, the label
// decided: a rename lost one's objections and a shared label showed
// another's.
func TestOwnObjectionsByAccount(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "2027-03-01")
		p := f.pinnedPlan()
		admin := func(id int64, username, display string) *app.Actor {
			return &app.Actor{UserID: id, Username: username, DisplayName: display,
				Grants: []app.Grant{{Role: auth.RoleSchoolAdmin, ScopeKind: auth.ScopeSchool, ScopeID: f.u2.ID}}}
		}
		sameName1, sameName2 := admin(9101, "wang1", "王老师"), admin(9102, "wang2", "王老师")
		// "张三（li）" is li's label and the other's user name.
		li, clash := admin(9103, "li", "张三"), admin(9104, "张三（li）", "")
		renamed := admin(9105, "zhao", "赵老师")
		actors := []*app.Actor{sameName1, sameName2, li, clash, renamed}
		if li.Label() != clash.Label() {
			t.Fatalf("labels %q and %q should coincide", li.Label(), clash.Label())
		}
		for _, a := range actors {
			_, err := f.svc.RaiseObjection(app.WithActor(context.Background(), a), p.ID, planning.ObjectionInput{Text: "异议：" + a.Username})
			f.must(err)
		}
		renamed.DisplayName = "赵主任"
		for _, a := range actors {
			v, err := f.svc.FindView(app.WithActor(context.Background(), a), p.ID, planning.MoveFilter{})
			f.must(err)
			if v.Whole {
				t.Fatalf("%s reads the whole plan", a.Username)
			}
			var texts []string
			for _, o := range v.Objections {
				texts = append(texts, o.Text)
			}
			if len(texts) != 1 || texts[0] != "异议："+a.Username {
				t.Errorf("%s sees %q, want only their own", a.Username, texts)
			}
		}
		// The notice's readers of the county see all, each under its label.
		v, err := f.svc.FindView(f.hr, p.ID, planning.MoveFilter{})
		f.must(err)
		labels := map[string]bool{}
		for _, o := range v.Objections {
			labels[o.RaisedBy] = true
		}
		if !labels["王老师（wang1）"] || !labels["张三（li）"] || !labels["赵老师（zhao）"] {
			t.Errorf("labels shown: %v", labels)
		}
	})
}
