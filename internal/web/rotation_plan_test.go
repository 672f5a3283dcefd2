package web_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/store/storetest"
)

// TestPlanScenarios: county HR makes a plan over the API, the background
// run solves it, the page explains it, the files reproduce it, edits are
// re-checked, a broken plan is refused approval, and after approval the
// schools concerned see the notice and object.
func TestPlanScenarios(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	// A third school and a second Chinese teacher at A1, so that a move fits
	// the default staffing bounds.
	a3 := storetest.MustCreateSchool(t, e.db, w.CountyA, "甲区第三小学", func(s *org.School) { s.Location, s.Weak = "rural", true })
	storetest.MustCreateEducator(t, e.db, w.A1, "赵六", func(ed *people.Educator) { ed.Gender = people.GenderMale })
	storetest.MustCreateEducator(t, e.db, a3, "钱七", func(ed *people.Educator) { ed.JoinedSchool = mDate(2024, 9, 1) })
	hr := e.login(w.Actors[auth.RoleCountyHR].Username)

	// Bad input changes nothing.
	e.run(t, []scenario{
		{name: "create: bad mode", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans", contentType: jsonType,
			body: `{"county_id":` + id(w.CountyA.ID) + `,"school_year":2026,"mode":"janitor"}`, status: 422, contains: []string{"请选择方案类型"}},
		{name: "create: bad settings", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans", contentType: jsonType,
			body:   `{"county_id":` + id(w.CountyA.ID) + `,"school_year":2026,"mode":"teacher","settings":{"max_out_share":3,"form":"support","time_limit_seconds":10}}`,
			status: 422, contains: []string{"每校调出比例上限应在0至1之间"}},
		{name: "create: another county", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans", contentType: jsonType,
			body: `{"county_id":` + id(w.CountyB.ID) + `,"school_year":2026,"mode":"teacher"}`, status: 422, contains: []string{"未找到区县"}},
		{name: "create: the city may not", as: auth.RoleCity, method: "POST", path: "/api/v1/rotation/plans", contentType: jsonType,
			body: `{"county_id":` + id(w.CountyA.ID) + `,"school_year":2026,"mode":"teacher"}`, status: 403},
		{name: "create form: bad number", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plans", contentType: formType,
			body: form("county_id", id(w.CountyA.ID), "year", "2026", "mode", "teacher", "custom", "1", "distance_weight", "很远"), status: 422,
			contains: []string{"参数 distance_weight 应为数字", `id="plan-form"`}},
		{name: "list is empty", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/plans", status: 200, contains: []string{`"total":0`}},
	})

	// Make a plan: one move, no backbone minimum, no outflow cap.
	p := e.solvedTeacherPlan(hr)
	if p.Result.Status != plan.StatusOptimal || len(p.Moves) != 1 {
		t.Fatalf("solved: %+v %v (%s)", p.Result, p.Moves, p.SolveError)
	}
	pid := id(p.ID)
	mover := p.Moves[0].Teacher
	e.run(t, []scenario{
		{name: "the plan page", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plans/" + pid, status: 200,
			contains: []string{"方案概况", "调动明细", "为何是此人：", "为何去此校：", `id="plan-map"`, `id="recheck-ok"`, "各校调整前后编制",
				`id="approve-form"`, "jiaoliu plan solve --in instance.json --out plan.json", `id="pin-form"`, `id="swap-form"`}},
		{name: "the plan page in English", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plans/" + pid, header: []string{"Cookie", "jiaoliu_lang=en"},
			status: 200, contains: []string{"Summary", "Why this teacher: ", "Map of schools and moves", "Every rule holds"}},
		{name: "filtered to rural destinations", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plans/" + pid + "?dest=urban", status: 200,
			contains: []string{"没有调动。"}},
		{name: "bad filter", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/plans/" + pid + "?dest=moon", status: 422, contains: []string{"参数 dest 的值无效"}},
		{name: "the plan in JSON", as: auth.RoleCity, method: "GET", path: "/api/v1/rotation/plans/" + pid, status: 200,
			contains: []string{`"moves_total":1`, `"reason":"`, `"distance_km":`, `"quota_met":`, `"gap":0`, `"can_edit":false`}},
		{name: "progress", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/plans/" + pid + "/progress", status: 200, contains: []string{`"status":"done"`}},
		{name: "a draft is not public", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/plans/" + pid, status: 404},
		{name: "the list", as: auth.RoleCity, method: "GET", path: "/rotation/plans", status: 200, contains: []string{"甲区2026—2027学年教师交流方案"}},
	})

	// The files: the instance reproduces the plan file byte for byte.
	inst := e.do("GET", "/rotation/plans/"+pid+"/instance.json", hr, "", "")
	planFile := e.do("GET", "/api/v1/rotation/plans/"+pid+"/plan", hr, "", "")
	if inst.Code != 200 || planFile.Code != 200 || !strings.Contains(inst.Header().Get("Content-Disposition"), "instance-"+pid+".json") {
		t.Fatalf("downloads: %d %d %v", inst.Code, planFile.Code, inst.Header())
	}
	in, err := plan.ReadInstance(inst.Body)
	if err != nil {
		t.Fatal(err)
	}
	again, err := plan.Solve(context.Background(), in, plan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	plan.WritePlan(&b, again)
	if !bytes.Equal(b.Bytes(), planFile.Body.Bytes()) {
		t.Fatalf("plan.json is not what the instance gives:\n%s\n%s", b.Bytes(), planFile.Body.Bytes())
	}

	// Edits: a removal breaks the target, shown by name; approval is refused.
	e.run(t, []scenario{
		{name: "edit: unknown teacher", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plans/" + pid + "/edits", contentType: formType,
			body: form("kind", "pin", "teacher", "无名氏", "school", a3.Code), status: 422, contains: []string{"方案的候选人中没有无名氏", `id="plans-tab"`}},
		{name: "edit: unknown school", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/edits", contentType: jsonType,
			body: `{"kind":"pin","teacher":"` + mover + `","school":"NOPE"}`, status: 422, contains: []string{"未找到学校：NOPE"}},
		{name: "edit: remove", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/edits", contentType: jsonType,
			body: `{"kind":"remove","teacher":"` + mover + `"}`, status: 200, contains: []string{`"code":"target"`, "交流人数为 0 人，目标是 1 人", `"edited":true`}},
		{name: "the page shows what breaks", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plans/" + pid, status: 200,
			contains: []string{`id="violations"`, "交流人数为 0 人，目标是 1 人", `id="approve-blocked"`}},
		{name: "approval refused", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/approve", contentType: jsonType,
			body: `{"notice_days":5}`, status: 409, contains: []string{"方案没有任何调动，不能批准"}},
		{name: "no plan file for a broken plan", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plans/" + pid + "/plan.json", status: 409,
			contains: []string{"不能导出为方案文件"}},
		{name: "edits file", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/plans/" + pid + "/edits", status: 200, contains: []string{`"pins": []`}},
		{name: "allow again", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plans/" + pid + "/edits", contentType: formType,
			body: form("kind", "unforbid", "teacher", mover), status: 303},
		{name: "re-optimise", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plans/" + pid + "/solve", status: 303},
	})
	p = e.waitSolved(p.ID)
	if len(p.Moves) != 1 || p.Edited {
		t.Fatalf("re-optimised: %v edited=%v", p.Moves, p.Edited)
	}
	mover = p.Moves[0].Teacher
	e.run(t, []scenario{
		{name: "approve", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plans/" + pid + "/approve", contentType: formType,
			body: form("notice_days", "5", "version", id(int64(p.Version))), status: 303},
		{name: "approved twice", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/approve", contentType: jsonType,
			body: `{"notice_days":5}`, status: 409, contains: []string{"不能再修改"}},
		{name: "the exchange is planned", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/exchanges?year=2026&status=planned", status: 200,
			contains: []string{"交流轮岗方案#" + pid}},
		{name: "the origin school sees the notice", as: auth.RoleSchoolAdmin, method: "GET", path: "/rotation/plans/" + pid, status: 200,
			contains: []string{"公示名单", "公示与异议", `id="plan-objection-form"`}, excludes: []string{"为何是此人", "各校调整前后编制", "instance.json"}},
		{name: "the school objects", as: auth.RoleSchoolAdmin, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/objections", contentType: jsonType,
			body: `{"teacher":"` + mover + `","text":"该教师所教班级正值毕业年级"}`, status: 201},
		{name: "an empty objection", as: auth.RoleSchoolAdmin, method: "POST", path: "/rotation/plans/" + pid + "/objections", contentType: formType,
			body: form("text", " "), status: 422, contains: []string{"请写明异议内容"}},
		{name: "announce too early", as: auth.RoleCountyHR, method: "POST", path: "/api/v1/rotation/plans/" + pid + "/announce", status: 409,
			contains: []string{"公示期满后才能公布"}},
		{name: "the notice is in the list", as: auth.RoleSchoolAdmin, method: "GET", path: "/api/v1/rotation/plans", status: 200, contains: []string{`"total":1`}},
		{name: "whoever sees the origin school sees it too", as: auth.RoleMentor, method: "GET", path: "/api/v1/rotation/plans", status: 200, contains: []string{`"total":1`}},
	})
	if mover != "T"+id(w.EA1.ID) {
		// The participant is concerned only when they move.
		return
	}
	e.run(t, []scenario{{name: "the participant sees their own move", as: auth.RoleParticipant, method: "GET", path: "/rotation/plans/" + pid, status: 200,
		contains: []string{"公示名单", "张三"}}})
}

// TestPlanInputScenarios: a teacher enters their wishes; county HR their
// score; the staffing bounds page and its errors.
func TestPlanInputScenarios(t *testing.T) {
	e := newEnv(t, "sqlite")
	w := e.w
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	e.run(t, []scenario{
		{name: "own wishes form", as: auth.RoleParticipant, method: "GET", path: "/rotation/plan-inputs/" + id(w.EA1.ID) + "?year=2027", status: 200,
			contains: []string{"张三", "交流意愿", `id="input-form"`, "甲区第二小学"}, excludes: []string{"量化打分（0—100）"}},
		{name: "save own wishes", as: auth.RoleParticipant, method: "POST", path: "/rotation/plan-inputs/" + id(w.EA1.ID), contentType: formType,
			body: form("year", "2027", "volunteer", "1", "pref1", id(w.A2.ID)), status: 303},
		{name: "a wish outside the county", as: auth.RoleParticipant, method: "POST", path: "/rotation/plan-inputs/" + id(w.EA1.ID), contentType: formType,
			body: form("year", "2027", "pref1", id(w.B1.ID)), status: 422, contains: []string{"不是本区县的其他义务教育学校"}},
		{name: "no score from the teacher", as: auth.RoleParticipant, method: "PUT", path: "/api/v1/rotation/plan-inputs/" + id(w.EA1.ID), contentType: jsonType,
			body: `{"school_year":2027,"score":99}`, status: 403, contains: []string{"量化打分和末位调岗由区县人事科填写"}},
		{name: "county HR scores", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/rotation/plan-inputs/" + id(w.EA1.ID), contentType: jsonType,
			body: `{"school_year":2027,"score":86.5,"last_ranked":false}`, status: 200, contains: []string{`"score":86.5`, `"volunteer":true`}},
		{name: "a bad score", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/rotation/plan-inputs/" + id(w.EA1.ID), contentType: jsonType,
			body: `{"school_year":2027,"score":120}`, status: 422, contains: []string{"量化打分应在0至100之间"}},
		{name: "the list", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plan-inputs?year=2027", status: 200,
			contains: []string{"张三", "甲区第二小学", "86.5"}},
		{name: "the list for a school", as: auth.RoleSchoolAdmin, method: "GET", path: "/api/v1/rotation/plan-inputs?year=2027", status: 200,
			contains: []string{"张三"}, excludes: []string{"李四"}},
		{name: "no birth date beside the masked number", as: auth.RoleSchoolAdmin, method: "GET", path: "/api/v1/rotation/plan-inputs/" + id(w.EA1.ID),
			status: 200, contains: []string{`"birth_month":"1985-03"`, `"id_number_masked"`}, excludes: []string{`"birth_date"`}},
		{name: "county HR sees the birth date", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/plan-inputs/" + id(w.EA1.ID),
			status: 200, contains: []string{`"birth_date":"1985-03-`}},
		{name: "someone else's wishes", as: auth.RoleParticipant, method: "GET", path: "/rotation/plan-inputs/" + id(w.EA2.ID), status: 404},
		{name: "staffing page", as: auth.RoleCountyHR, method: "GET", path: "/rotation/plan-staffing?year=2027", status: 200,
			contains: []string{"方案编制设定", "甲区第一小学", "语文", `id="staffing-form"`}},
		{name: "staffing: min above max", as: auth.RoleCountyHR, method: "POST", path: "/rotation/plan-staffing", contentType: formType,
			body:   form("county", id(w.CountyA.ID), "school_id", id(w.A1.ID), "year", "2027", "mode", "teacher", "subject", "语文", "min", "3", "max", "1"),
			status: 422, contains: []string{"编制人数应满足 0 ≤ 下限 ≤ 上限 ≤ 500"}},
		{name: "staffing: a principal plan counts posts", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/rotation/plan-staffing", contentType: jsonType,
			body: `{"school_id":` + id(w.A1.ID) + `,"school_year":2027,"mode":"principal","subject":"语文","min":1,"max":1}`, status: 422,
			contains: []string{"校长轮岗方案的编制按岗位"}},
		{name: "staffing: set", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/rotation/plan-staffing", contentType: jsonType,
			body: `{"school_id":` + id(w.A2.ID) + `,"school_year":2027,"mode":"teacher","subject":"音乐","min":1,"max":2}`, status: 200, contains: []string{`"subject":"音乐"`}},
		{name: "staffing: shown", as: auth.RoleCountyHR, method: "GET", path: "/api/v1/rotation/plan-staffing?year=2027", status: 200,
			contains: []string{`"subject":"音乐"`, `"edited":true`, `"current":0`}},
		{name: "staffing: another county's school", as: auth.RoleCountyHR, method: "PUT", path: "/api/v1/rotation/plan-staffing", contentType: jsonType,
			body: `{"school_id":` + id(w.B1.ID) + `,"school_year":2027,"mode":"teacher","subject":"语文","min":1,"max":2}`, status: 422, contains: []string{"未找到学校"}},
	})
}
