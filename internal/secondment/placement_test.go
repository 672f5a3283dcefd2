package secondment_test

import (
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// placed is the fixture's seed [000] programme with its fourth batch open,
// a host with an office, a grade and two 教研组, a mentor in each of
// them, and everyone enrolled into the fourth batch.
type placed struct {
	*fixture
	p       *programme.Programme
	batch   *secondment.Batch
	host    *secondment.Host
	mentors map[string]*secondment.Mentor // by department name
	pass    map[string]string             // initial passwords, by department name
}

func newPlaced(t *testing.T, db *store.DB, hostCapacity int) *placed {
	f := newFixture(t, db, fixedClock())
	p, batches := f.programme000()
	x := &placed{fixture: f, p: p, batch: batches[3], mentors: map[string]*secondment.Mentor{}, pass: map[string]string{}}
	h, err := f.svc.CreateHost(f.hr, secondment.HostInput{HostDetails: secondment.HostDetails{CountyID: f.k.ID, Name: "济宁市实验中学",
		Place: "山东济宁", Level: "middle",
		ContactName: "孙老师", ContactPhone: "0537-1234567"}, Departments: "教务处\n初二级部\n数学教研组\n语文教研组"})
	if err != nil {
		t.Fatal(err)
	}
	x.host = h
	if err := f.svc.SetBatchHost(f.hr, p.ID, x.batch.ID, h.ID, hostCapacity); err != nil {
		t.Fatal(err)
	}
	for i, d := range h.Departments {
		m, pw, err := f.svc.CreateMentor(f.hr, p.ID, secondment.MentorInput{Username: "jn-mentor" + string(rune('a'+i)), DisplayName: "导师" + d.Name,
			HostID: h.ID, DepartmentID: d.ID, Title: "副校长"})
		if err != nil {
			t.Fatal(err)
		}
		x.mentors[d.Name], x.pass[d.Name] = m, pw
	}
	for _, e := range f.ek {
		if _, err := f.svc.Place(f.hr, p.ID, e.ID, secondment.PlacementInput{BatchID: x.batch.ID}); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

func TestMentorAccountIsScopedToTheProgramme(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		x := newPlaced(t, db, 5)
		m := x.mentors["数学教研组"]
		u, err := db.FindUserByUsername(x.hr, m.Username)
		if err != nil {
			t.Fatal(err)
		}
		if len(u.Grants) != 1 || u.Grants[0].Role != auth.RoleMentor || u.Grants[0].ScopeKind != auth.ScopeProgramme || u.Grants[0].ScopeID != x.p.ID {
			t.Fatalf("grants %+v", u.Grants)
		}
		pass := x.pass["数学教研组"]
		if len(pass) != 12 || !auth.CheckPassword(u.PasswordHash, pass) || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
			t.Errorf("initial password %q does not open the account (hash %.20s)", pass, u.PasswordHash)
		}
		// A school admin may not create mentors.
		if _, _, err := x.svc.CreateMentor(x.school, x.p.ID, secondment.MentorInput{Username: "x-mentor", DisplayName: "某导师", HostID: x.host.ID}); err == nil {
			t.Error("a school admin created a mentor")
		}
	})
}

func TestPlacementPersistsAndEdits(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		x := newPlaced(t, db, 2)
		dept := func(name string) int64 {
			for _, d := range x.host.Departments {
				if d.Name == name {
					return d.ID
				}
			}
			t.Fatalf("no department %s", name)
			return 0
		}
		g, err := x.svc.CreateGroup(x.hr, x.p.ID, secondment.GroupInput{Name: "第一组", Level: "middle", LeaderID: x.ek[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		m := x.mentors["教务处"]
		in := secondment.PlacementInput{BatchID: x.batch.ID, HostID: x.host.ID, DepartmentID: dept("教务处"), MentorID: m.UserID, GroupID: g.ID, PostTitle: "校长助理"}
		if _, err := x.svc.Place(x.hr, x.p.ID, x.ek[0].ID, in); err != nil {
			t.Fatal(err)
		}
		_, list, acc, err := x.svc.Placements(x.hr, x.p.ID)
		if err != nil || !acc.Manage {
			t.Fatal(err, acc)
		}
		var pl *secondment.Placement
		for _, p := range list {
			if p.EducatorID == x.ek[0].ID {
				pl = p
			}
		}
		if pl == nil || pl.HostName != "济宁市实验中学" || pl.DepartmentName != "教务处" || pl.MentorName != "导师教务处" ||
			pl.GroupName != "第一组" || pl.GroupLeader != "张一" || pl.PostTitle != "校长助理" || pl.BatchName != "第四批" {
			t.Fatalf("placement read back as %+v", pl)
		}
		// An edit: another mentor of the host; the department stays the coordinator's choice.
		in.MentorID = x.mentors["初二级部"].UserID
		if _, err := x.svc.Place(x.hr, x.p.ID, x.ek[0].ID, in); err != nil {
			t.Fatal(err)
		}
		_, pl, err = x.svc.Placement(x.hr, x.p.ID, x.ek[0].ID)
		if err != nil || pl.MentorName != "导师初二级部" {
			t.Fatalf("after the edit: %+v %v", pl, err)
		}
		// The host takes two in the batch: the third is refused.
		in2 := secondment.PlacementInput{BatchID: x.batch.ID, HostID: x.host.ID}
		if _, err := x.svc.Place(x.hr, x.p.ID, x.ek[1].ID, in2); err != nil {
			t.Fatal(err)
		}
		_, err = x.svc.Place(x.hr, x.p.ID, x.ek[2].ID, in2)
		wantRefused(t, err, "济宁市实验中学", "接收2人", "已满")
		// A department of another host, a mentor not of the programme.
		in2.DepartmentID = 999999
		_, err = x.svc.Place(x.hr, x.p.ID, x.ek[1].ID, in2)
		wantRefused(t, err, "不属于")
		in2.DepartmentID, in2.MentorID = 0, 999999
		_, err = x.svc.Place(x.hr, x.p.ID, x.ek[1].ID, in2)
		wantRefused(t, err, "不是本项目的导师")

		// Who sees what: the school admin their staff (all five are of their school),
		// the mentor only their participant.
		_, seen, _, err := x.svc.Placements(x.school, x.p.ID)
		if err != nil || len(seen) != 5 {
			t.Fatalf("school admin sees %d placements: %v", len(seen), err)
		}
		mu, err := db.FindUserByUsername(x.hr, x.mentors["初二级部"].Username)
		if err != nil {
			t.Fatal(err)
		}
		_, seen, _, err = x.svc.Placements(actorCtx(t, db, mu), x.p.ID)
		if err != nil || len(seen) != 1 || seen[0].EducatorID != x.ek[0].ID {
			t.Fatalf("mentor sees %v: %v", seen, err)
		}
		other := x.mentors["语文教研组"]
		ou, _ := db.FindUserByUsername(x.hr, other.Username)
		if _, seen, _, _ = x.svc.Placements(actorCtx(t, db, ou), x.p.ID); len(seen) != 0 {
			t.Errorf("a mentor without participants sees %d", len(seen))
		}
		// A participant sees their own.
		pu := storetest.MustCreateUser(t, db, "part-k", x.sk.Place(), x.ek[3].ID,
			app.Grant{Role: auth.RoleParticipant, ScopeKind: auth.ScopeSchool, ScopeID: x.sk.ID})
		_, seen, _, err = x.svc.Placements(actorCtx(t, db, pu), x.p.ID)
		if err != nil || len(seen) != 1 || seen[0].EducatorID != x.ek[3].ID {
			t.Fatalf("participant sees %v: %v", seen, err)
		}
	})
}

func TestProposalRespectsCapacitiesAndApplies(t *testing.T) {
	storetest.Each(t, fixedClock(), func(t *testing.T, db *store.DB) {
		x := newPlaced(t, db, 4)
		for _, g := range []secondment.GroupInput{{Name: "甲组", Level: "middle"}, {Name: "乙组", Level: "middle"}} {
			if _, err := x.svc.CreateGroup(x.hr, x.p.ID, g); err != nil {
				t.Fatal(err)
			}
		}
		prop, err := x.svc.Propose(x.hr, x.p.ID, x.batch.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		// Five participants, capacity four, one per mentor: the two cadres
		// compete for the one office mentor, so one of them stays out.
		if prop.Unplaced != 1 {
			t.Fatalf("unplaced %d: %+v", prop.Unplaced, prop.Rows)
		}
		load, groups := map[int64]int{}, map[int64]int{}
		for _, r := range prop.Rows {
			if r.MentorID != 0 {
				load[r.MentorID]++
			}
			groups[r.GroupID]++
		}
		for id, n := range load {
			if n > 1 {
				t.Errorf("mentor %d has %d", id, n)
			}
		}
		if len(groups) != 2 || groups[0] != 0 {
			t.Errorf("groups %v, want 3 and 2 over both", groups)
		}
		for _, r := range prop.Rows {
			want := map[string]string{"张一": "教务处", "李二": "教务处", "王三": "初二级部", "赵四": "语文教研组", "钱五": "数学教研组"}[r.Name]
			if r.MentorID != 0 && r.DepartmentName != want {
				t.Errorf("%s proposed to %s, want %s", r.Name, r.DepartmentName, want)
			}
		}
		if _, err := x.svc.ApplyProposal(x.hr, x.p.ID, x.batch.ID, 1); err != nil {
			t.Fatal(err)
		}
		_, list, _, err := x.svc.Placements(x.hr, x.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, pl := range list {
			if pl.MentorID != 0 {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d placed after applying, want 4", n)
		}
		// Applying again changes nothing: the proposal keeps what is placed.
		again, err := x.svc.Propose(x.hr, x.p.ID, x.batch.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range again.Rows {
			if r.Changed {
				t.Errorf("%s would change again", r.Name)
			}
		}
	})
}
