package secondment_test

import (
	"context"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// selFixture is a county K with a school, its educators, the programme and
// selection services wired as cmd/jiaoliu wires them, and the actors of a
// selection: the county's coordinator, the school's admin, a participant
// and three reviewers granted over the county.
type selFixture struct {
	t         *testing.T
	db        *store.DB
	clock     *app.FixedClock
	progs     *programme.Service
	sel       *secondment.SelectionService
	city      *org.City
	k         *org.County
	sk        *org.School
	eds       []*people.Educator
	coord     context.Context
	school    context.Context
	self      context.Context // the account of eds[0]
	reviewers []context.Context
	rids      []int64
}

func actorOf(t *testing.T, db *store.DB, u *auth.User) context.Context {
	t.Helper()
	u, err := db.FindUserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return app.WithActor(context.Background(), &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		Grants: u.Grants, EducatorID: u.EducatorID})
}

func newSelFixture(t *testing.T, db *store.DB, clock *app.FixedClock) *selFixture {
	log := audit.NewLog(db, clock)
	f := &selFixture{t: t, db: db, clock: clock, progs: programme.NewService(db, log, clock)}
	f.sel = secondment.NewSelectionService(db, f.progs, log, clock)
	f.sel.SetNotices(notice.NewService(db, log, clock))
	f.progs.SetEnrolCheck(f.sel.CheckEnrolment)
	f.city = storetest.MustCreateCity(t, db, "测试市")
	f.k = storetest.MustCreateCounty(t, db, f.city, "甲县")
	f.sk = storetest.MustCreateSchool(t, db, f.k, "甲县实验中学")
	for _, n := range []string{"张三", "李四", "王五", "赵六", "钱七", "孙八"} {
		f.eds = append(f.eds, storetest.MustCreateEducator(t, db, f.sk, n, func(e *people.Educator) { e.Post = people.PostGradeHead }))
	}
	kPlace := app.Place{CityID: f.city.ID, CountyID: f.k.ID}
	g := func(role, kind string, id int64) app.Grant {
		return app.Grant{Role: role, ScopeKind: kind, ScopeID: id}
	}
	f.coord = actorOf(t, db, storetest.MustCreateUser(t, db, "coord-k", kPlace, 0, g(auth.RoleCoordinator, auth.ScopeCounty, f.k.ID)))
	f.school = actorOf(t, db, storetest.MustCreateUser(t, db, "school-k", f.sk.Place(), 0, g(auth.RoleSchoolAdmin, auth.ScopeSchool, f.sk.ID)))
	f.self = actorOf(t, db, storetest.MustCreateUser(t, db, "self-k", f.sk.Place(), f.eds[0].ID, g(auth.RoleParticipant, auth.ScopeSchool, f.sk.ID)))
	for _, n := range []string{"rev-a", "rev-b", "rev-c"} {
		u := storetest.MustCreateUser(t, db, n, kPlace, 0, g(auth.RoleReviewer, auth.ScopeCounty, f.k.ID))
		f.reviewers, f.rids = append(f.reviewers, actorOf(t, db, u)), append(f.rids, u.ID)
	}
	return f
}

// must returns v, or stops the test (by a panic the test reports) on err.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// programme makes a county programme with one category of quota places,
// whose conditions admit grade heads aged at most 45 on the start.
func (f *selFixture) programme(name string, quota int) *programme.Programme {
	p := must(f.progs.Create(f.coord, programme.Input{CountyID: f.k.ID, Details: programme.Details{Name: name,
		Kind: programme.KindSecondment, Organiser: "甲县教师进修学校", Start: app.NewDate(2026, 9, 1), End: app.NewDate(2027, 1, 15)},
		Categories: []programme.CategoryInput{{Name: "级部主任", Quota: quota}}}))
	must(f.sel.SetConditions(f.coord, p.ID, []secondment.CategoryConditions{{Category: "级部主任", Posts: []string{people.PostGradeHead}, MaxAge: 45}}))
	return p
}

// criteria: 工作实绩 weight 40 of 100 marks, 管理能力 weight 60 of 50 marks.
var criteria = []secondment.CriterionInput{{Name: "工作实绩", Weight: 40, MaxScore: 100}, {Name: "管理能力", Weight: 60, MaxScore: 50}}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestScoresHandComputed checks the arithmetic against values worked by hand.
func TestScoresHandComputed(t *testing.T) {
	cs := []secondment.Criterion{{ID: 1, Name: "工作实绩", Weight: 40, MaxScore: 100}, {ID: 2, Name: "管理能力", Weight: 60, MaxScore: 50}}
	// (40×80/100×100 + 60×40/50×100) / 100 = (3200 + 4800) / 100 = 80
	r1 := secondment.ReviewerScore(cs, map[int64]float64{1: 80, 2: 40})
	// (40×90 + 60×90) / 100 = 90
	r2 := secondment.ReviewerScore(cs, map[int64]float64{1: 90, 2: 45})
	// (40×50 + 60×40) / 100 = 44
	r3 := secondment.ReviewerScore(cs, map[int64]float64{1: 50, 2: 20})
	if !near(r1, 80) || !near(r2, 90) || !near(r3, 44) {
		t.Fatalf("reviewer scores %v %v %v, want 80 90 44", r1, r2, r3)
	}
	// Mean of three: 214 / 3 = 71.333… → 71.33; spread 90 − 44 = 46.
	all := secondment.Combine([]float64{r1, r2, r3}, false, 20)
	if all.Score != 71.33 || all.Spread != 46 || !all.Flagged || all.Reviewers != 3 {
		t.Errorf("combined %+v, want 71.33, spread 46, flagged", all)
	}
	// Without the highest (90) and the lowest (44): 80.
	if got := secondment.Combine([]float64{r1, r2, r3}, true, 50); got.Score != 80 || got.Flagged {
		t.Errorf("dropping extremes %+v, want 80 and no flag at threshold 50", got)
	}
	// Two reviewers: nothing is dropped, (80 + 90) / 2 = 85.
	if got := secondment.Combine([]float64{r1, r2}, true, 0); got.Score != 85 || got.Flagged {
		t.Errorf("two reviewers %+v, want 85", got)
	}
	// A spread equal to the threshold is not above it.
	if got := secondment.Combine([]float64{80, 90}, false, 10); got.Flagged {
		t.Errorf("spread 10 at threshold 10 flagged")
	}
}

// TestConditionsBoundaries: 不超过45周岁 admits the 45th birthday and refuses
// the 46th; 满5年 counts the fifth anniversary.
func TestConditionsBoundaries(t *testing.T) {
	on := app.NewDate(2026, 9, 1)
	c := secondment.CategoryConditions{Category: "级部主任", MaxAge: 45, MinYears: 5}
	cases := []struct {
		name         string
		birth, start app.Date
		want         bool
	}{
		{"turns 45 on the day", app.NewDate(1981, 9, 1), app.NewDate(2010, 9, 1), true},
		{"turns 46 on the day", app.NewDate(1980, 9, 1), app.NewDate(2010, 9, 1), false},
		{"turns 46 the next day", app.NewDate(1980, 9, 2), app.NewDate(2010, 9, 1), true},
		{"fifth anniversary on the day", app.NewDate(1990, 1, 1), app.NewDate(2021, 9, 1), true},
		{"fifth anniversary the next day", app.NewDate(1990, 1, 1), app.NewDate(2021, 9, 2), false},
		{"no service start", app.NewDate(1990, 1, 1), app.Date{}, false},
	}
	for _, tc := range cases {
		fs := c.Check(secondment.PersonFacts{Name: "某", Post: people.PostGradeHead, Birth: tc.birth, ServiceStart: tc.start, On: on})
		err := secondment.Refusal("某", c.Category, fs)
		if (err == nil) != tc.want {
			t.Errorf("%s: refusal %v, want admitted=%v", tc.name, err, tc.want)
		}
	}
	posts := secondment.CategoryConditions{Category: "级部主任", Posts: []string{people.PostGradeHead}, Backbone: "city_backbone"}
	err := secondment.Refusal("某", "级部主任", posts.Check(secondment.PersonFacts{Post: people.PostTeacher, Backbone: "county_backbone", On: on}))
	if err == nil || !strings.Contains(app.ErrorMessage(err, "zh"), "岗位为教师") || !strings.Contains(app.ErrorMessage(err, "zh"), "不低于市级骨干教师") {
		t.Errorf("a teacher with a county backbone level for a grade heads' place: %v", err)
	}
	if secondment.Refusal("某", "级部主任", posts.Check(secondment.PersonFacts{Post: people.PostGradeHead, Backbone: "province_backbone", On: on})) != nil {
		t.Errorf("a provincial backbone grade head refused")
	}
}

// TestEnrolChecksConditions: the programme register's own enrolment
// refuses, with the reason, a person the category does not admit, and
// any enrolment into a finished programme.
func TestEnrolChecksConditions(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newSelFixture(t, db, clock)
		p := f.programme("年龄条件项目", 5)
		old := storetest.MustCreateEducator(t, db, f.sk, "周老", func(e *people.Educator) {
			e.Post, e.BirthDate = people.PostGradeHead, app.NewDate(1980, 9, 1) // 46 on 2026-09-01
		})
		_, err := f.progs.Enrol(f.coord, p.ID, programme.MemberInput{EducatorID: old.ID, Category: "级部主任"})
		if err == nil || !strings.Contains(app.ErrorMessage(err, "zh"), "不超过45周岁") {
			t.Fatalf("enrolment of a 46-year-old: %v", err)
		}
		teacher := storetest.MustCreateEducator(t, db, f.sk, "吴师", func(e *people.Educator) { e.BirthDate = app.NewDate(1990, 1, 1) })
		_, err = f.progs.Enrol(f.coord, p.ID, programme.MemberInput{EducatorID: teacher.ID, Category: "级部主任"})
		if err == nil || !strings.Contains(app.ErrorMessage(err, "zh"), "岗位为教师") {
			t.Fatalf("enrolment of a teacher into a grade heads' place: %v", err)
		}
		must(f.progs.Enrol(f.coord, p.ID, programme.MemberInput{EducatorID: f.eds[1].ID, Category: "级部主任"}))
		clock.Advance(200 * 24 * time.Hour) // past 2027-01-15
		defer clock.Advance(-200 * 24 * time.Hour)
		_, err = f.progs.Enrol(f.coord, p.ID, programme.MemberInput{EducatorID: f.eds[2].ID, Category: "级部主任"})
		if err == nil || !strings.Contains(app.ErrorMessage(err, "zh"), "已于2027年1月15日结束") {
			t.Fatalf("enrolment into a finished programme: %v", err)
		}
	})
}

// TestConcurrentReview: two organisers decide one candidate at once on the
// same version; exactly one decision stands.
func TestConcurrentReview(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newSelFixture(t, db, clock)
		p := f.programme("并发审查项目", 5)
		must(f.sel.Open(f.coord, p.ID, secondment.SelectionInput{Criteria: criteria}))
		c := must(f.sel.Nominate(f.school, p.ID, secondment.NominationInput{EducatorID: f.eds[1].ID, Category: "级部主任", Reasons: "工作扎实，管理有方"}))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.sel.Review(f.coord, c.ID, secondment.ReviewInput{Qualified: i == 0, Reason: "经审查", Version: c.Version})
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("both or neither decision stood: %v / %v", errs[0], errs[1])
		}
		for _, err := range errs {
			if err != nil && app.ErrorCode(err) != app.Conflict {
				t.Errorf("the losing decision: %v, want a conflict", err)
			}
		}
	})
}

// round takes a programme through nominations, review and scoring: the
// school nominates eds[1..n-1], eds[0] applies, the coordinator qualifies
// them all, forms the panel of three, assigns everyone to everyone and
// opens scoring. It returns the candidates in the order of eds.
func (f *selFixture) round(p *programme.Programme, n int, in secondment.SelectionInput) []*secondment.Candidate {
	t := f.t
	must(f.sel.Open(f.coord, p.ID, in))
	var cs []*secondment.Candidate
	cs = append(cs, must(f.sel.Nominate(f.self, p.ID, secondment.NominationInput{EducatorID: f.eds[0].ID, Category: "级部主任"})))
	for _, e := range f.eds[1:n] {
		cs = append(cs, must(f.sel.Nominate(f.school, p.ID, secondment.NominationInput{EducatorID: e.ID, Category: "级部主任", Reasons: "年级管理成绩突出"})))
	}
	if cs[0].Source != secondment.SourceApplication || cs[1].Source != secondment.SourceNomination {
		t.Fatalf("sources %s, %s", cs[0].Source, cs[1].Source)
	}
	for _, c := range cs {
		must(f.sel.Review(f.coord, c.ID, secondment.ReviewInput{Qualified: true, Reason: "符合条件", Version: c.Version}))
	}
	ok(t, f.sel.SetPanel(f.coord, p.ID, f.rids))
	ok(t, f.sel.AssignAll(f.coord, p.ID))
	ok(t, f.sel.StartScoring(f.coord, p.ID))
	return cs
}

// marks submits a reviewer's marks on the two criteria.
func (f *selFixture) marks(reviewer int, c *secondment.Candidate, a, b float64) {
	f.t.Helper()
	r := must(f.sel.Round(f.coord, c.ProgrammeID))
	k := r.Selection.Criteria
	ok(f.t, f.sel.SubmitScores(f.reviewers[reviewer], c.ID, secondment.ScoreInput{Scores: []secondment.CriterionScore{
		{CriterionID: k[0].ID, Score: a}, {CriterionID: k[1].ID, Score: b}}}))
}

// TestBlindScoring: before the results, a reviewer reads only their own
// marks (in the round and on the candidate), the organisers only who has
// scored; afterwards the panel and the organisers read all of them.
func TestBlindScoring(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newSelFixture(t, db, clock)
		p := f.programme("盲评项目", 2)
		cs := f.round(p, 2, secondment.SelectionInput{Criteria: criteria})
		f.marks(0, cs[0], 80, 40)
		f.marks(1, cs[0], 90, 45)
		for i, ctx := range f.reviewers {
			r := must(f.sel.Round(ctx, p.ID))
			for _, x := range r.Scores {
				if x.UserID != f.rids[i] {
					t.Errorf("reviewer %d reads reviewer %d's mark in the round", i, x.UserID)
				}
			}
			v := must(f.sel.Candidate(ctx, cs[0].ID))
			for _, x := range v.Scores {
				if x.UserID != f.rids[i] {
					t.Errorf("reviewer %d reads reviewer %d's mark on the candidate", i, x.UserID)
				}
			}
		}
		if r := must(f.sel.Round(f.coord, p.ID)); len(r.Scores) != 0 || r.Progress[f.rids[0]] != [2]int{2, 1} {
			t.Errorf("organiser before the results: %d marks, progress %v", len(r.Scores), r.Progress[f.rids[0]])
		}
		if _, err := f.sel.Candidate(f.self, cs[1].ID); app.ErrorCode(err) != app.NotFound {
			t.Errorf("an applicant reading another candidate: %v", err)
		}
		if err := f.sel.ComputeResults(f.coord, p.ID); app.ErrorCode(err) != app.Conflict {
			t.Fatalf("results with marks missing: %v", err)
		}
		f.marks(2, cs[0], 50, 20)
		for i := range 3 {
			f.marks(i, cs[1], 70, 35)
		}
		ok(t, f.sel.ComputeResults(f.coord, p.ID))
		if r := must(f.sel.Round(f.reviewers[0], p.ID)); len(r.Scores) != 12 {
			t.Errorf("a reviewer after the results reads %d marks, want 12", len(r.Scores))
		}
	})
}

// TestSelectionEndToEnd: six grade heads for three places. Nominations and
// an application, review, three reviewers' blind scores, results, the
// shortlist of three in a notice, an upheld objection that removes the
// second, the final list after the period (two members, three in reserve),
// then a member withdraws and the reserve fills the places in rank order,
// skipping the first reserve, who no longer meets the conditions.
func TestSelectionEndToEnd(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		f := newSelFixture(t, db, clock)
		p := f.programme("后备干部挂职锻炼", 3)
		cs := f.round(p, 6, secondment.SelectionInput{Criteria: criteria, DropExtremes: true, SpreadThreshold: 10})
		for i, c := range cs {
			// Candidate i: reviewers a and b give 90−5i of 100 and 45−2i of 50, reviewer c 60 and 30.
			f.marks(0, c, float64(90-5*i), float64(45-2*i))
			f.marks(1, c, float64(90-5*i), float64(45-2*i))
			f.marks(2, c, 60, 30)
		}
		ok(t, f.sel.ComputeResults(f.coord, p.ID))
		r := must(f.sel.Round(f.coord, p.ID))
		// Candidate 0: a and b score (40×90 + 60×90)/100 = 90, c 60; dropping 90 and 60 leaves 90; spread 30, flagged.
		// Candidate 1: a, b (40×85 + 60×86)/100 = 85.6, c 60 → 85.6, spread 25.6, flagged.
		// Candidate 5: a, b (40×65 + 60×70)/100 = 68, c 60 → 68, spread 8: not above 10.
		want := map[int64]float64{cs[0].ID: 90, cs[1].ID: 85.6, cs[5].ID: 68}
		flagged := map[int64]bool{cs[0].ID: true, cs[1].ID: true, cs[5].ID: false}
		for i, c := range r.Candidates {
			if c.Rank != i+1 || c.ID != cs[i].ID {
				t.Fatalf("rank %d is candidate %d (%s), want %d", c.Rank, c.ID, c.Name, cs[i].ID)
			}
			if w, ok := want[c.ID]; ok && (c.Score != w || c.Flagged != flagged[c.ID]) {
				t.Errorf("%s: score %v flagged %v, want %v flagged %v", c.Name, c.Score, c.Flagged, w, flagged[c.ID])
			}
		}
		n := must(f.sel.PublishNotice(f.coord, p.ID, secondment.NoticeInput{Days: 5}))
		if len(n.Entries) != 3 || n.Entries[0].EducatorID != f.eds[0].ID || n.End != app.NewDate(2026, 8, 5) {
			t.Fatalf("notice entries %+v, end %s", n.Entries, n.End)
		}
		if err := f.sel.Finalise(f.coord, p.ID); app.ErrorCode(err) != app.Conflict {
			t.Fatalf("finalising during the notice: %v", err)
		}
		o := must(f.sel.Object(f.school, cs[1].ID, "该同志近三年年度考核有一年为基本合格"))
		must(f.sel.Answer(f.coord, o.ID, "经核实情况属实，取消其拟选派资格", notice.OutcomeUpheld))
		if c := must(f.sel.Candidate(f.coord, cs[1].ID)).Candidate; c.Status != secondment.CandidateRemoved {
			t.Fatalf("after the upheld objection %s is %s", c.Name, c.Status)
		}
		if c := must(f.sel.Candidate(f.self, cs[0].ID)).Candidate; c.Status != secondment.CandidateShortlisted {
			t.Errorf("the applicant sees their status as %s", c.Status)
		}
		clock.Advance(5 * 24 * time.Hour) // 2026-08-06: the notice has ended
		defer clock.Advance(-5 * 24 * time.Hour)
		ok(t, f.sel.Finalise(f.coord, p.ID))
		members := must(f.progs.Members(f.coord, must(f.progs.FindByID(f.coord, p.ID))))
		if len(members) != 2 || members[0].Category != "级部主任" {
			t.Fatalf("members after the final list: %+v", members)
		}
		r = must(f.sel.Round(f.coord, p.ID))
		for i, c := range r.Candidates {
			if i >= 3 && (c.Status != secondment.CandidateReserve || c.ReserveRank != i-2) {
				t.Errorf("%s: %s reserve %d, want reserve %d", c.Name, c.Status, c.ReserveRank, i-2)
			}
		}
		ok(t, f.progs.Withdraw(f.coord, p.ID, f.eds[0].ID))
		if _, err := db.SQL().ExecContext(context.Background(), `UPDATE educators SET post = 'teacher' WHERE id = $1`, f.eds[3].ID); err != nil {
			t.Fatal(err)
		}
		filled := must(f.sel.FillVacancy(f.coord, p.ID, "级部主任"))
		if filled.ID != cs[4].ID {
			t.Fatalf("the vacancy went to %s, want %s (the first reserve is now a teacher)", filled.Name, cs[4].Name)
		}
		if filled = must(f.sel.FillVacancy(f.coord, p.ID, "级部主任")); filled.ID != cs[5].ID {
			t.Fatalf("the second vacancy went to %s, want %s", filled.Name, cs[5].Name)
		}
		if _, err := f.sel.FillVacancy(f.coord, p.ID, "级部主任"); app.ErrorCode(err) != app.Conflict {
			t.Errorf("filling a full category: %v", err)
		}
		if c := must(f.sel.Candidate(f.self, cs[0].ID)).Candidate; c.Status != secondment.CandidateWithdrawn {
			t.Errorf("the withdrawn member's own status is %s", c.Status)
		}
		mine := must(f.sel.Mine(f.self))
		if len(mine) != 1 || mine[0].Stage != secondment.StageFinal {
			t.Errorf("the applicant's own list: %+v", mine)
		}
	})
}
