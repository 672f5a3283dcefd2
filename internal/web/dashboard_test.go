package web_test

import (
	"regexp"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store/storetest"
)

// TestDashboardShowsEachRoleItsWork: the home page is not the same registry
// counts for everyone. County HR and the city see the deferral applications
// waiting, the notices open for objections, the plans awaiting approval and
// the return's deadline; a school its staff's applications and exchanges; a
// mentor the participants they mentor; a participant their own exchange and
// programme. Links to pages a role may not open are not shown.
func TestDashboardShowsEachRoleItsWork(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	rs, sys, f := e.rotation()
	inA1 := &matrixCase{county: w.CountyA.ID, school: w.A1.ID}

	waiting := e.freshTeacher(w.A1)
	_, err := rs.ApplyExemption(sys, rotation.ExemptionInput{EducatorID: waiting, Reason: "featured_course",
		Detail: "特色课程领衔教师", Evidence: "认定文件", Start: mDate(2026, 9, 1), End: mDate(2027, 8, 31)})
	e.must(err)
	away := e.exchangeAt(w.A1, f.a3, rotation.StatusActive)
	round := e.roundAt(inA1, "published")
	noticed := e.noticedPlan(inA1, e.freshTeacher(w.A1))
	draft := e.draftPlan(&matrixCase{county: w.CountyB.ID, school: w.B1.ID})

	// The participant (张三 of A1) is on an exchange and in a programme
	// that a mentor is granted over.
	own, err := rs.CreateExchange(sys, rotation.ExchangeInput{EducatorID: w.EA1.ID, Form: rotation.FormSupport, HostSchoolID: f.a3.ID,
		Start: mDate(2026, 9, 1), PlannedEnd: mDate(2029, 8, 31)})
	e.must(err)
	prog := storetest.MustCreateProgramme(t, e.db, w.City, w.CountyA, "甲区骨干教师挂职锻炼", []programme.Category{{Name: "骨干教师", Quota: 5}}, w.EA1)
	mentor := storetest.MustCreateUser(t, e.db, "t-mentor-p", app.Place{}, 0,
		app.Grant{Role: auth.RoleMentor, ScopeKind: auth.ScopeProgramme, ScopeID: prog.ID})

	name := func(id int64) string {
		ed, err := e.db.FindEducatorByID(sys, id)
		e.must(err)
		return ed.Name
	}
	bureau := []string{`id="work-bureau"`, "暂缓交流申请待审批：1件", "2026—2027学年年度报送（附件1、附件2）截止日期：2026年9月30日。",
		"尚未报送，还剩30天", "公示至" + round.NoticeEnd.Chinese(), noticed.Title}
	// A township round is its school's notice: the county sees it, a
	// city-wide grant does not (issue 16).
	roundNotice := round.SchoolName + "乡镇内支教选派"
	for _, c := range []struct {
		who           string
		contains      []string
		excludes      []string
		countyLinks   bool
		countyPageAbs bool
	}{
		{who: w.Actors[auth.RoleCountyHR].Username, contains: append(bureau, "没有待批准的方案。", roundNotice),
			excludes: []string{`id="work-school"`, draft.Title}, countyLinks: true},
		{who: w.Actors[auth.RoleCity].Username, contains: append(bureau, draft.Title, "乙县"), excludes: []string{roundNotice}, countyLinks: true},
		{who: w.Actors[auth.RoleSchoolAdmin].Username,
			contains: []string{`id="work-school"`, name(waiting), name(away.EducatorID), away.HostName, "交流中"},
			excludes: []string{`id="work-bureau"`, "work-mentored"}},
		{who: mentor.Username, contains: []string{"我指导的参训人员：甲区骨干教师挂职锻炼", "张三 · " + w.A1.Name + " · 骨干教师"},
			excludes: []string{`id="work-bureau"`, `id="work-school"`}},
		{who: w.Actors[auth.RoleMentor].Username, excludes: []string{`id="work-bureau"`, `id="work-school"`, "work-mentored"}},
		{who: w.Actors[auth.RoleParticipant].Username, contains: []string{`id="work-own"`, w.A1.Name + " → " + own.HostName, "甲区骨干教师挂职锻炼"},
			excludes: []string{`id="work-bureau"`, `id="work-school"`}},
		{who: w.Actors[auth.RoleReviewer].Username, excludes: []string{`id="work-bureau"`, `id="work-school"`, `id="work-own"`}, countyLinks: true},
	} {
		t.Run(c.who, func(t *testing.T) {
			rec := e.do("GET", "/", e.login(c.who), "", "")
			body := rec.Body.String()
			if rec.Code != 200 {
				t.Fatalf("status %d: %.500s", rec.Code, body)
			}
			for _, s := range c.contains {
				if !strings.Contains(body, s) {
					t.Errorf("the home page lacks %q", s)
				}
			}
			for _, s := range c.excludes {
				if strings.Contains(body, s) {
					t.Errorf("the home page holds %q", s)
				}
			}
			if got := strings.Contains(body, `href="/counties/`); got != c.countyLinks {
				t.Errorf("county links shown: %v, want %v", got, c.countyLinks)
			}
		})
	}
}

// TestLinksShownAreFollowed: every link of the home page, the tree, the plans,
// a county's page, a school's page and a rotation file answers the role that
// sees it (not 403 or 404); and the list of who must rotate offers a
// county filter only to those who read whole counties.
func TestLinksShownAreFollowed(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	for _, role := range storetest.Roles {
		t.Run(role, func(t *testing.T) {
			token := e.login(w.Actors[role].Username)
			for _, start := range []string{"/", "/org", "/rotation/plans", "/counties/" + itoa(w.CountyA.ID), "/schools/" + itoa(w.A1.ID), "/rotation/educators/" + itoa(w.EA1.ID)} {
				rec := e.do("GET", start, token, "", "")
				if rec.Code >= 400 {
					continue // a page the role may not open has no links to check
				}
				for _, m := range hrefs.FindAllStringSubmatch(rec.Body.String(), -1) {
					link := strings.ReplaceAll(m[1], "&amp;", "&")
					if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "/static/") {
						continue
					}
					if got := e.do("GET", link, token, "", ""); got.Code >= 400 {
						t.Errorf("%s links to %s, which answers %d", start, link, got.Code)
					}
				}
			}
			rec := e.do("GET", "/rotation/eligible", token, "", "")
			if rec.Code >= 400 {
				return
			}
			offered := regexp.MustCompile(`<option value="(\d+)"[^>]*>[^<]*</option>`)
			if i := strings.Index(rec.Body.String(), `name="county"`); i >= 0 {
				for _, m := range offered.FindAllStringSubmatch(rec.Body.String()[i:strings.Index(rec.Body.String()[i:], "</select>")+i], -1) {
					if got := e.do("GET", "/rotation/eligible?county="+m[1], token, "", ""); got.Code >= 400 {
						t.Errorf("the county filter offers county %s, whose list answers %d", m[1], got.Code)
					}
				}
			}
		})
	}
}
