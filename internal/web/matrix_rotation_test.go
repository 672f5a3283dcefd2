package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store/storetest"
)

// Rotation's permissions as SPEC §1 states them: the city reads every
// county's figures; county HR runs its county (policy, exchanges, decisions,
// the return); a school admin reads its school and does a school's part
// (applications, consents, host assessments, 乡镇内支教); a participant reads
// their own file and applies to a selection themselves.
const (
	rotRead      perm = "rotation.read"
	rotFile      perm = "rotation.file"
	rotPolicy    perm = "rotation.policy"
	rotManage    perm = "rotation.manage"
	rotApply     perm = "rotation.apply"
	rotApplySelf perm = "rotation.apply_self"
)

// rotationFixture holds the extra schools the rotation lines need: a weak
// rural school in each county to host exchanges and selections.
type rotationFixture struct {
	a3, b2 *org.School
	seq    int
	// made keeps what a prep made, by kind and school, for the next case
	// to reuse while the previous call left it unchanged.
	made map[string]int64
}

// reuse returns the record made for key if still says it is as made,
// else a new one from fresh. Refused calls change nothing, so most cases
// reuse what an earlier one made.
func (e *env) reuse(key string, fresh func() int64, still func(id int64) bool) int64 {
	_, _, f := e.rotation()
	if id, ok := f.made[key]; ok && still(id) {
		return id
	}
	id := fresh()
	f.made[key] = id
	return id
}

// rotationFixtures holds each env's fixture. The dialects' matrices run in
// parallel, each with its own env, so the map is guarded.
var (
	rotationFixturesMu sync.Mutex
	rotationFixtures   = map[*env]*rotationFixture{}
)

func (e *env) rotation() (*rotation.Service, context.Context, *rotationFixture) {
	rotationFixturesMu.Lock()
	defer rotationFixturesMu.Unlock()
	f := rotationFixtures[e]
	if f == nil {
		weak := func(s *org.School) { s.Location, s.Weak, s.Terrain = "rural", true, "mountain" }
		f = &rotationFixture{a3: storetest.MustCreateSchool(e.t, e.db, e.w.CountyA, "甲区第三小学", weak),
			b2:   storetest.MustCreateSchool(e.t, e.db, e.w.CountyB, "乙县第二中学", func(s *org.School) { weak(s); s.Level = "junior" }),
			made: map[string]int64{}}
		rotationFixtures[e] = f
	}
	return rotation.NewService(e.db, audit.NewLog(e.db, e.clock), e.clock), app.WithActor(context.Background(), app.SystemActor("matrix")), f
}

// schoolOf returns the case's school and a weak school of the same county.
func (e *env) schoolOf(c *matrixCase) (school, other *org.School) {
	_, _, f := e.rotation()
	switch c.school {
	case e.w.A1.ID:
		return e.w.A1, f.a3
	case e.w.A2.ID:
		return e.w.A2, f.a3
	}
	return e.w.B1, f.b2
}

// freshTeacher makes a teacher who must rotate at school.
func (e *env) freshTeacher(school *org.School) int64 {
	_, _, f := e.rotation()
	f.seq++
	n := f.seq
	return storetest.MustCreateEducator(e.t, e.db, school, fmt.Sprintf("矩阵%d", n), func(ed *people.Educator) {
		// A birth date of its own, so that the made-up ID numbers never clash.
		ed.BirthDate = app.NewDate(1981+n/336, time.Month(1+n/28%12), 1+n%28)
	}).ID
}

func (e *env) must(err error) {
	if err != nil {
		e.t.Fatal(err)
	}
}

func mDate(y int, m time.Month, d int) app.Date { return app.NewDate(y, m, d) }

// exchangeAt makes an exchange of a fresh teacher from origin to host, and
// takes it to status (planned, active, or active with a transfer applied for).
func (e *env) exchangeAt(origin, host *org.School, status rotation.ExchangeStatus) *rotation.Exchange {
	rs, ctx, _ := e.rotation()
	x, err := rs.CreateExchange(ctx, rotation.ExchangeInput{EducatorID: e.freshTeacher(origin), Form: rotation.FormSupport, HostSchoolID: host.ID,
		Start: mDate(2026, 9, 1), PlannedEnd: mDate(2029, 8, 31)})
	e.must(err)
	if status == rotation.StatusPlanned {
		return x
	}
	_, err = rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusAnnounced, Date: mDate(2026, 8, 20)})
	e.must(err)
	_, err = rs.ChangeExchangeStatus(ctx, x.ID, rotation.StatusInput{Status: rotation.StatusActive, Date: mDate(2026, 9, 1)})
	e.must(err)
	if status == "transfer" {
		_, err = rs.RequestTransfer(ctx, x.ID, rotation.TransferInput{Date: mDate(2026, 9, 1), Note: "本人申请"})
		e.must(err)
	}
	return x
}

// roundAt opens a selection at the case's school and takes it to a stage:
// open (one application), scored, published (notice running), due (notice
// over) or objected (published, with an objection).
func (e *env) roundAt(c *matrixCase, stage string) *rotation.Round {
	rs, ctx, _ := e.rotation()
	school, host := e.schoolOf(c)
	r, err := rs.CreateRound(ctx, rotation.RoundInput{SchoolID: school.ID, HostSchoolID: host.ID, Places: 1, NoticeDays: 5,
		Start: mDate(2027, 9, 1), PlannedEnd: mDate(2030, 8, 31)})
	e.must(err)
	if stage == "empty" {
		return r
	}
	ap, err := rs.Apply(ctx, r.ID, rotation.ApplicationInput{EducatorID: e.freshTeacher(school), Statement: "自愿支教"})
	e.must(err)
	if stage == "open" {
		return r
	}
	_, err = rs.ScoreApplications(ctx, r.ID, rotation.ScoreInput{Scores: map[int64]float64{ap.ID: 85}})
	e.must(err)
	if stage == "scored" {
		return r
	}
	r, err = rs.PublishRound(ctx, r.ID)
	e.must(err)
	switch stage {
	case "due":
		r.NoticeStart, r.NoticeEnd = mDate(2026, 8, 20), mDate(2026, 8, 24)
		ok, err := e.db.SetRoundStatus(ctx, r, rotation.RoundPublished)
		if err != nil || !ok {
			e.t.Fatalf("backdate the notice: %v %v", ok, err)
		}
	case "objected":
		o, err := rs.RaiseObjection(ctx, r.ID, rotation.ObjectionInput{ApplicationID: ap.ID, Text: "评分有误"})
		e.must(err)
		r.Objections = append(r.Objections, o)
	}
	return r
}

func rotationSpecs() map[string]spec {
	// Preps: what {id} names for a case, reused while unchanged.
	ctx := context.Background()
	key := func(kind string, c *matrixCase) string { return kind + "/" + strconv.FormatInt(c.school, 10) }
	exchange := func(status rotation.ExchangeStatus) func(e *env, c *matrixCase) {
		return func(e *env, c *matrixCase) {
			origin, host := e.schoolOf(c)
			c.id = e.reuse(key("x-"+string(status), c), func() int64 { return e.exchangeAt(origin, host, status).ID }, func(id int64) bool {
				x, err := e.db.FindExchangeByID(ctx, id)
				e.must(err)
				switch status {
				case "transfer":
					return x.Status == rotation.StatusActive && x.OriginConsentBy == ""
				case rotation.StatusActive:
					return x.Status == status && x.TransferRequested.IsZero()
				}
				return x.Status == status
			})
		}
	}
	hosted := func(e *env, c *matrixCase) { // an active exchange hosted by the case's school
		school, other := e.schoolOf(c)
		c.id = e.reuse(key("hosted", c), func() int64 { return e.exchangeAt(other, school, rotation.StatusActive).ID }, func(id int64) bool {
			as, err := e.db.FindAssessments(ctx, rotation.AssessmentFilter{ExchangeID: id})
			e.must(err)
			return len(as) == 0 || as[0].Status == rotation.AssessmentEntered
		})
	}
	assessment := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("assessment", c), func() int64 {
			rs, sys, _ := e.rotation()
			origin, host := e.schoolOf(c)
			x := e.exchangeAt(origin, host, rotation.StatusActive)
			a, err := rs.EnterAssessment(sys, x.ID, rotation.AssessmentInput{SchoolYear: 2026, Grade: "competent", Comment: "完成教学任务"})
			e.must(err)
			return a.ID
		}, func(id int64) bool {
			a, err := e.db.FindAssessmentByID(ctx, id)
			e.must(err)
			return a.Status == rotation.AssessmentEntered
		})
	}
	exemption := func(e *env, c *matrixCase) {
		c.id = e.reuse(key("exemption", c), func() int64 {
			rs, sys, _ := e.rotation()
			school, _ := e.schoolOf(c)
			m, err := rs.ApplyExemption(sys, rotation.ExemptionInput{EducatorID: e.freshTeacher(school), Reason: "featured_course",
				Detail: "特色课程领衔教师", Evidence: "认定文件", Start: mDate(2026, 9, 1), End: mDate(2027, 8, 31)})
			e.must(err)
			return m.ID
		}, func(id int64) bool {
			m, err := e.db.FindExemptionByID(ctx, id)
			e.must(err)
			return m.Status == rotation.ExemptionPending
		})
	}
	round := func(stage string) func(e *env, c *matrixCase) {
		return func(e *env, c *matrixCase) {
			c.id = e.reuse(key("round-"+stage, c), func() int64 {
				r := e.roundAt(c, stage)
				if stage == "objected" {
					return r.Objections[0].ID
				}
				return r.ID
			}, func(id int64) bool {
				if stage == "objected" {
					o, err := e.db.FindNoticeObjectionByID(ctx, id)
					e.must(err)
					return !o.Answered()
				}
				r, err := e.db.FindRoundByID(ctx, id)
				e.must(err)
				switch stage {
				case "empty":
					for _, ap := range r.Applications {
						if ap.EducatorID == c.educator {
							return false
						}
					}
					return r.Status == rotation.RoundOpen
				case "open", "scored":
					return r.Status == rotation.RoundOpen
				}
				return r.Status == rotation.RoundPublished
			})
		}
	}
	// Bodies.
	formBody := func(kv ...string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return formType, form(kv...) }
	}
	jsonBody := func(v any) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) {
			b, _ := json.Marshal(v)
			return jsonType, string(b)
		}
	}
	policyInput := func(e *env, c *matrixCase) rotation.PolicyInput {
		rs, ctx, _ := e.rotation()
		v, err := rs.FindPolicy(ctx, c.county, 2027)
		e.must(err)
		in := rotation.InputOf(v.Policy)
		if v.Policy.InheritedFrom != 0 {
			in.BaseVersion = 0
		}
		in.QuotaPercent, in.Note = 11, "矩阵测试"
		return in
	}
	policyForm := func(e *env, c *matrixCase) (string, string) {
		in := policyInput(e, c)
		v := url.Values{}
		v.Set("year", "2027")
		for k, n := range map[string]int{"base_version": in.BaseVersion, "teacher_max_age_male": in.TeacherMaxAgeMale, "teacher_max_age_female": in.TeacherMaxAgeFemale,
			"head_max_age_male": in.HeadMaxAgeMale, "head_max_age_female": in.HeadMaxAgeFemale, "teacher_tenure_years": in.TeacherTenureYears,
			"head_tenure_years": in.HeadTenureYears, "first_year": in.FirstYear, "quota_percent": in.QuotaPercent,
			"first_year_quota_percent": in.FirstYearQuotaPercent, "backbone_percent": in.BackbonePercent, "teacher_min_years": in.TeacherMinYears,
			"head_min_years": in.HeadMinYears, "max_exemption_years": in.MaxExemptionYears, "title_rural_years": in.TitleRuralYears} {
			v.Set(k, strconv.Itoa(n))
		}
		v["levels"], v["staff_statuses"] = in.Levels, in.StaffStatuses
		return formType, v.Encode()
	}
	policyJSON := func(e *env, c *matrixCase) (string, string) {
		b, _ := json.Marshal(struct {
			SchoolYear int `json:"school_year"`
			rotation.PolicyInput
		}{2027, policyInput(e, c)})
		return jsonType, string(b)
	}
	// spare is a teacher at A1 with nothing on record yet.
	spare := func(e *env) int64 {
		return e.reuse("spare", func() int64 { return e.freshTeacher(e.w.A1) }, func(id int64) bool {
			xs, _, err := e.db.FindExchanges(ctx, rotation.ExchangeFilter{EducatorID: id, Within: app.Scope{All: true}})
			e.must(err)
			ms, _, err := e.db.FindExemptions(ctx, rotation.ExemptionFilter{EducatorID: id, Within: app.Scope{All: true}})
			e.must(err)
			return len(xs) == 0 && len(ms) == 0
		})
	}
	newExchange := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			_, _, f := e.rotation()
			id := spare(e)
			if asJSON {
				return jsonBody(rotation.ExchangeInput{EducatorID: id, Form: "support", HostSchoolID: f.a3.ID, Start: mDate(2026, 9, 1), PlannedEnd: mDate(2029, 8, 31)})(e, c)
			}
			return formType, form("educator_id", itoa(id), "form", "support", "host_school_id", itoa(f.a3.ID), "start", "2026-09-01", "planned_end", "2029-08-31")
		}
	}
	newExemption := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			id := spare(e)
			if asJSON {
				return jsonBody(rotation.ExemptionInput{EducatorID: id, Reason: "featured_course", Detail: "特色课程领衔教师", Evidence: "认定文件",
					Start: mDate(2026, 9, 1), End: mDate(2027, 8, 31)})(e, c)
			}
			return formType, form("educator_id", itoa(id), "reason", "featured_course", "detail", "特色课程领衔教师", "evidence", "认定文件",
				"start", "2026-09-01", "end", "2027-08-31")
		}
	}
	newRound := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			_, _, f := e.rotation()
			if asJSON {
				return jsonBody(rotation.RoundInput{SchoolID: e.w.A1.ID, HostSchoolID: f.a3.ID, Places: 1, NoticeDays: 5, Start: mDate(2027, 9, 1), PlannedEnd: mDate(2030, 8, 31)})(e, c)
			}
			return formType, form("school_id", itoa(e.w.A1.ID), "host_school_id", itoa(f.a3.ID), "places", "1", "notice_days", "5",
				"start", "2027-09-01", "planned_end", "2030-08-31")
		}
	}
	scores := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			r, err := e.db.FindRoundByID(context.Background(), c.id)
			e.must(err)
			ap := r.Applications[0].ID
			if asJSON {
				return jsonType, fmt.Sprintf(`{"scores":{"%d":90}}`, ap)
			}
			return formType, form(fmt.Sprintf("score_%d", ap), "90")
		}
	}
	apply := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			if asJSON {
				return jsonType, fmt.Sprintf(`{"educator_id":%d,"statement":"自愿支教"}`, c.educator)
			}
			return formType, form("educator_id", itoa(c.educator), "statement", "自愿支教")
		}
	}
	submit := func(asJSON bool) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) {
			if asJSON {
				return jsonType, fmt.Sprintf(`{"county_id":%d,"school_year":2026}`, c.county)
			}
			return formType, form("county", itoa(c.county), "year", "2026")
		}
	}
	return map[string]spec{
		"GET /rotation":                                    {perm: rotRead},
		"GET /rotation/counties/{id}":                      {perm: rotRead, target: countyTarget},
		"GET /rotation/schools/{id}":                       {perm: rotRead, target: schoolTarget},
		"GET /rotation/eligible":                           {perm: rotRead},
		"GET /rotation/counties/{id}/policy":               {perm: rotRead, target: countyTarget},
		"POST /rotation/counties/{id}/policy":              {perm: rotPolicy, target: countyTarget, body: policyForm},
		"GET /rotation/educators/{id}":                     {perm: rotFile, target: educatorTarget},
		"GET /rotation/exchanges":                          {perm: rotRead},
		"GET /rotation/exchanges/new":                      {perm: rotManage},
		"POST /rotation/exchanges":                         {perm: rotManage, body: newExchange(false)},
		"GET /rotation/exchanges/{id}":                     {perm: rotRead, target: schoolTarget, prep: exchange(rotation.StatusPlanned)},
		"POST /rotation/exchanges/{id}/status":             {perm: rotManage, target: schoolTarget, prep: exchange(rotation.StatusPlanned), body: formBody("status", "announced", "date", "2026-08-20")},
		"POST /rotation/exchanges/{id}/transfer":           {perm: rotApply, target: schoolTarget, prep: exchange(rotation.StatusActive), body: formBody("date", "2026-09-01", "note", "本人申请")},
		"POST /rotation/exchanges/{id}/consent":            {perm: rotApply, target: schoolTarget, prep: exchange("transfer"), body: formBody("side", "origin")},
		"POST /rotation/exchanges/{id}/assessments":        {perm: rotApply, target: schoolTarget, prep: hosted, body: formBody("school_year", "2026", "grade", "excellent", "comment", "教学成绩突出")},
		"POST /rotation/assessments/{id}/confirm":          {perm: rotManage, target: schoolTarget, prep: assessment},
		"GET /rotation/exemptions":                         {perm: rotRead},
		"POST /rotation/exemptions":                        {perm: rotApply, body: newExemption(false)},
		"POST /rotation/exemptions/{id}/decision":          {perm: rotManage, target: schoolTarget, prep: exemption, body: formBody("approve", "1", "note", "同意")},
		"GET /rotation/rounds":                             {perm: orgRead},
		"POST /rotation/rounds":                            {perm: rotApply, body: newRound(false)},
		"GET /rotation/rounds/{id}":                        {perm: orgRead, target: roundTarget, prep: round("open")},
		"POST /rotation/rounds/{id}/applications":          {perm: rotApplySelf, target: schoolTarget, prep: round("empty"), body: apply(false)},
		"POST /rotation/rounds/{id}/scores":                {perm: rotApply, target: schoolTarget, prep: round("open"), body: scores(false)},
		"POST /rotation/rounds/{id}/publish":               {perm: rotApply, target: schoolTarget, prep: round("scored")},
		"POST /rotation/rounds/{id}/objections":            {perm: orgRead, target: roundTarget, prep: round("published"), body: formBody("text", "名单有误")},
		"POST /rotation/rounds/{id}/select":                {perm: rotApply, target: schoolTarget, prep: round("due")},
		"POST /rotation/rounds/{id}/cancel":                {perm: rotApply, target: schoolTarget, prep: round("open"), body: formBody("reason", "名额取消")},
		"POST /rotation/objections/{id}/resolve":           {perm: rotApply, target: schoolTarget, prep: round("objected"), body: formBody("resolution", "经核实不成立")},
		"GET /rotation/return":                             {perm: rotRead},
		"GET /rotation/return/annex1.xlsx":                 {perm: rotRead},
		"GET /rotation/return/annex2.xlsx":                 {perm: rotRead},
		"POST /rotation/return/submit":                     {perm: rotManage, body: submit(false)},
		"GET /api/v1/rotation/dashboard":                   {perm: rotRead},
		"GET /api/v1/rotation/eligible":                    {perm: rotRead},
		"GET /api/v1/rotation/counties/{id}/policy":        {perm: rotRead, target: countyTarget},
		"PUT /api/v1/rotation/counties/{id}/policy":        {perm: rotPolicy, target: countyTarget, body: policyJSON},
		"GET /api/v1/rotation/educators/{id}":              {perm: rotFile, target: educatorTarget},
		"GET /api/v1/rotation/exchanges":                   {perm: rotRead},
		"POST /api/v1/rotation/exchanges":                  {perm: rotManage, body: newExchange(true)},
		"GET /api/v1/rotation/exchanges/{id}":              {perm: rotRead, target: schoolTarget, prep: exchange(rotation.StatusPlanned)},
		"POST /api/v1/rotation/exchanges/{id}/status":      {perm: rotManage, target: schoolTarget, prep: exchange(rotation.StatusPlanned), body: jsonBody(rotation.StatusInput{Status: "announced", Date: mDate(2026, 8, 20)})},
		"POST /api/v1/rotation/exchanges/{id}/transfer":    {perm: rotApply, target: schoolTarget, prep: exchange(rotation.StatusActive), body: jsonBody(rotation.TransferInput{Date: mDate(2026, 9, 1), Note: "本人申请"})},
		"POST /api/v1/rotation/exchanges/{id}/consent":     {perm: rotApply, target: schoolTarget, prep: exchange("transfer"), body: jsonBody(rotation.TransferInput{Side: "origin"})},
		"POST /api/v1/rotation/exchanges/{id}/assessments": {perm: rotApply, target: schoolTarget, prep: hosted, body: jsonBody(rotation.AssessmentInput{SchoolYear: 2026, Grade: "excellent", Comment: "教学成绩突出"})},
		"POST /api/v1/rotation/assessments/{id}/confirm":   {perm: rotManage, target: schoolTarget, prep: assessment},
		"GET /api/v1/rotation/exemptions":                  {perm: rotRead},
		"POST /api/v1/rotation/exemptions":                 {perm: rotApply, body: newExemption(true)},
		"POST /api/v1/rotation/exemptions/{id}/decision":   {perm: rotManage, target: schoolTarget, prep: exemption, body: jsonBody(rotation.DecisionInput{Approve: true, Note: "同意"})},
		"GET /api/v1/rotation/rounds":                      {perm: orgRead},
		"POST /api/v1/rotation/rounds":                     {perm: rotApply, body: newRound(true)},
		"GET /api/v1/rotation/rounds/{id}":                 {perm: orgRead, target: roundTarget, prep: round("open")},
		"POST /api/v1/rotation/rounds/{id}/applications":   {perm: rotApplySelf, target: schoolTarget, prep: round("empty"), body: apply(true)},
		"POST /api/v1/rotation/rounds/{id}/scores":         {perm: rotApply, target: schoolTarget, prep: round("open"), body: scores(true)},
		"POST /api/v1/rotation/rounds/{id}/publish":        {perm: rotApply, target: schoolTarget, prep: round("scored")},
		"POST /api/v1/rotation/rounds/{id}/objections":     {perm: orgRead, target: roundTarget, prep: round("published"), body: jsonBody(rotation.ObjectionInput{Text: "名单有误"})},
		"POST /api/v1/rotation/rounds/{id}/select":         {perm: rotApply, target: schoolTarget, prep: round("due")},
		"POST /api/v1/rotation/rounds/{id}/cancel":         {perm: rotApply, target: schoolTarget, prep: round("open"), body: jsonBody(map[string]string{"reason": "名额取消"})},
		"POST /api/v1/rotation/objections/{id}/resolve":    {perm: rotApply, target: schoolTarget, prep: round("objected"), body: jsonBody(rotation.ResolutionInput{Resolution: "经核实不成立"})},
		"GET /api/v1/rotation/return":                      {perm: rotRead},
		"POST /api/v1/rotation/return/submit":              {perm: rotManage, body: submit(true)},
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
