package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/store/storetest"
)

// TestPlanPageWords: the plan page speaks to HR staff in the bureau's
// words with names: outside the fold of figures it shows no optimiser
// terms, no command line and no teacher keys or school codes; after a
// failed re-solve the summary says it is the previous plan's; when the
// solve has ended the page no longer says it runs.
func TestPlanPageWords(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	a3 := storetest.MustCreateSchool(t, e.db, w.CountyA, "甲区第三小学", func(s *org.School) { s.Location, s.Weak = "rural", true })
	storetest.MustCreateEducator(t, e.db, w.A1, "赵六", func(ed *people.Educator) { ed.Gender = people.GenderMale })
	storetest.MustCreateEducator(t, e.db, a3, "钱七", func(ed *people.Educator) { ed.JoinedSchool = mDate(2024, 9, 1) })
	hr := e.login(w.Actors[auth.RoleCountyHR].Username)
	p := e.solvedTeacherPlan(hr)
	if len(p.Moves) != 1 {
		t.Fatalf("solved: %v (%s)", p.Moves, p.SolveError)
	}
	path := "/rotation/plans/" + strconv.FormatInt(p.ID, 10)
	key, code := p.Moves[0].Teacher, p.Moves[0].To
	host := code
	for _, sc := range []*org.School{w.A1, w.A2, a3} {
		if sc.Code == code {
			host = sc.Name
		}
	}

	// The message that the solve runs goes once the solve has ended.
	for _, msg := range []string{"plan_created", "plan_solving"} {
		rec := e.do("GET", path+"?msg="+msg, hr, "", "")
		if rec.Code != 303 || rec.Header().Get("Location") != path+"?msg=plan_solved" {
			t.Errorf("%s after the solve: %d %s", msg, rec.Code, rec.Header().Get("Location"))
		}
	}

	page := func(lang string) string {
		t.Helper()
		var h []string
		if lang == "en" {
			h = []string{"Cookie", "jiaoliu_lang=en"}
		}
		rec := e.do("GET", path+"?msg=plan_solved", hr, "", "", h...)
		if rec.Code != 200 {
			t.Fatalf("plan page: %d", rec.Code)
		}
		return rec.Body.String()
	}
	fold := regexp.MustCompile(`(?s)<details.*?</details>`)
	tag := regexp.MustCompile(`(?s)<[^>]*>`)
	visible := func(html string) string { return tag.ReplaceAllString(fold.ReplaceAllString(html, ""), " ") }
	body := page("zh")
	for _, want := range []string{"方案已生成。", `id="plan-figures"`, `id="plan-gap"`, "测算数据（供核查）", "jiaoliu plan solve"} {
		if !strings.Contains(body, want) {
			t.Errorf("the plan page lacks %q", want)
		}
	}
	// Subjects are subject names, without the stage the plan qualifies them with.
	if !strings.Contains(body, `<option value="语文" >语文</option>`) || strings.Contains(body, "<option value=\"小学语文\"") {
		i := strings.Index(body, `name="subject"`)
		t.Errorf("the subject filter: %.300s", body[max(i, 0):])
	}
	if rec := e.do("GET", path+"?subject=语文", hr, "", ""); !strings.Contains(rec.Body.String(), `id="move-`+key+`"`) {
		t.Errorf("filtered by subject name the move is gone")
	}
	text := visible(body)
	for _, jargon := range []string{"目标值", "上界", "差距", "节点", "求解", "优化", "jiaoliu plan", key, ">" + code + "<", "正在"} {
		if strings.Contains(text, jargon) {
			i := strings.Index(text, jargon)
			t.Errorf("outside the fold the plan page says %q: …%s…", jargon, text[max(0, i-80):min(len(text), i+80)])
		}
	}
	en := visible(page("en"))
	for _, jargon := range []string{"objective", "Objective", "Proven gap", "nodes", "solve", "Solve", "optimis"} {
		if strings.Contains(en, jargon) {
			i := strings.Index(en, jargon)
			t.Errorf("outside the fold the English plan page says %q: …%s…", jargon, en[max(0, i-80):min(len(en), i+80)])
		}
	}

	// A re-solve that fails: the cards are marked as the previous plan's.
	ctx := context.Background()
	p.SolveState, p.SolveError = planning.SolveFailed, "求解时间已用完"
	if ok, err := e.db.UpdatePlan(ctx, p, p.Version); !ok || err != nil {
		t.Fatalf("update: %v %v", ok, err)
	}
	p.Version++
	if rec := e.do("GET", path+"?msg=plan_solving", hr, "", ""); rec.Header().Get("Location") != path+"?msg=plan_solve_failed" {
		t.Errorf("a failed re-solve is announced as %q", rec.Header().Get("Location"))
	}
	body = page("zh")
	for _, want := range []string{`id="solve-failed"`, "方案未能生成：求解时间已用完", `id="summary-stale"`, "上一次生成的方案概况"} {
		if !strings.Contains(body, want) {
			t.Errorf("after a failed re-solve the page lacks %q", want)
		}
	}

	// A solve with no plan: the reasons name the teacher and the school.
	p.SolveState, p.SolveError = planning.SolveDone, ""
	p.Result.Status = plan.StatusInfeasible
	p.Result.Reasons = []plan.Reason{{Code: plan.CodePin, Zh: "固定的调动 " + key + "→" + code + " 无法执行：该校该学科不能再调入教师",
		English: "the pinned move " + key + "→" + code + " cannot be made: the school cannot take in a teacher of that subject"}}
	if ok, err := e.db.UpdatePlan(ctx, p, p.Version); !ok || err != nil {
		t.Fatalf("update: %v %v", ok, err)
	}
	body = page("zh")
	i := strings.Index(body, `id="explanation"`)
	if i < 0 {
		t.Fatalf("no explanation on the page")
	}
	explained := tag.ReplaceAllString(body[i:i+strings.Index(body[i:], "</section>")], " ")
	if strings.Contains(explained, key) || strings.Contains(explained, code) || !strings.Contains(explained, "固定的调动") ||
		!strings.Contains(explained, "→"+host) {
		t.Errorf("the explanation does not speak with names: %s", explained)
	}
}
