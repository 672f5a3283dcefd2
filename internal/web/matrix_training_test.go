package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/training"
)

// Training (干部教师培训, SPEC §7) as the spec states it: a course's plan is
// published to its unit, so everyone granted in the course's county (or
// the city, for a city-wide course) reads it; its organisers (the city,
// county HR, the county's coordinators) run it; a school's office names its
// own people; an educator applies for themselves, sits their own
// assessment and reads their own record; the hours report is for those
// who read educators through a grant.

// readsPlan: the case's course is county A's in scope, the city's at the
// sibling place, county B's at the other.
func readsPlan(role, where string) bool {
	return where != "other" || role == auth.RoleAdmin || role == auth.RoleCity
}

// managesCourse is who runs the case's course.
func managesCourse(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR, auth.RoleCoordinator:
		return where == "in"
	}
	return false
}

// names: organisers, the county's HR for its educators in the city's
// course, a school's office for its own, an educator applying for themselves.
func namesForCourse(role, where string) bool {
	switch role {
	case auth.RoleCountyHR:
		return where != "other"
	case auth.RoleSchoolAdmin, auth.RoleParticipant:
		return where == "in"
	}
	return managesCourse(role, where)
}

func takesAssessment(role, where string) bool { return role == auth.RoleParticipant && where == "in" }

// readsAttempt: its taker and the course's organisers.
func readsAttempt(role, where string) bool {
	return takesAssessment(role, where) || managesCourse(role, where)
}

func reportsHours(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity, auth.RoleCountyHR, auth.RoleCoordinator, auth.RoleSchoolAdmin:
		return true
	}
	return false
}

// trainingIDs remembers what the preps made: a course's class, a class's session.
var trainingIDs sync.Map

func (e *env) trainingService() *training.Service {
	log := audit.NewLog(e.db, e.clock)
	return training.NewService(e.db, programme.NewService(e.db, log, e.clock), log, e.clock)
}

// system acts as the start-up jobs do; with ed, as that educator too.
func system(ed int64) context.Context {
	return app.WithActor(context.Background(), &app.Actor{Username: "matrix", System: true, EducatorID: ed})
}

// newCourse makes the case's course with a class ending today: county A's in
// scope, the city's at the sibling place, county B's at the other; with
// assessment, a bank of one single choice and one short answer question.
func newCourse(e *env, c *matrixCase, assessment bool) (*training.Service, *training.Course, *training.Class) {
	svc := e.trainingService()
	in := training.CourseInput{Input: programme.Input{CityID: e.w.City.ID, CountyID: e.w.CountyA.ID, Details: programme.Details{Name: unique("矩阵课程"),
		Organiser: "教师进修学校", Start: app.NewDate(2026, 8, 1), End: app.NewDate(2026, 12, 31)}},
		CourseTerms: training.CourseTerms{Audience: []string{"all_teachers"}, Hours: 12, Mode: training.ModeOnline, Capacity: 10,
			Enrolment: training.EnrolBoth, Assessment: assessment, PassMark: 60, TimeLimitMinutes: 30, PaperSize: 1, MaxAttempts: 2}}
	switch c.where {
	case "sibling":
		in.CountyID = 0
	case "other":
		in.CountyID = e.w.CountyB.ID
	}
	ctx := system(0)
	course, err := svc.CreateCourse(ctx, in)
	if err != nil {
		e.t.Fatal(err)
	}
	k, err := svc.AddClass(ctx, course.ID, training.ClassInput{Name: "第一期", Start: app.NewDate(2026, 8, 1), End: app.NewDate(2026, 9, 1)})
	if err != nil {
		e.t.Fatal(err)
	}
	trainingIDs.Store(course.ID, k.ID)
	if assessment {
		if _, err := svc.AddQuestion(ctx, course.ID, training.QuestionInput{Kind: training.KindShort, Stem: "简述校本培训", Points: 10}); err != nil {
			e.t.Fatal(err)
		}
	}
	return svc, course, k
}

// enrolled makes the case's course with the case's educator enrolled.
func enrolled(e *env, c *matrixCase, assessment bool) (*training.Service, *training.Course, *training.Class, *training.Enrolment) {
	svc, course, k := newCourse(e, c, assessment)
	en, err := svc.Enrol(system(0), course.ID, training.EnrolInput{EducatorID: c.educator, ClassID: k.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	return svc, course, k, en
}

func trainingSpecs() map[string]spec {
	course := func(e *env, c *matrixCase) { _, k, _ := newCourse(e, c, false); c.id = k.ID }
	class := func(e *env, c *matrixCase) { _, _, k := newCourse(e, c, false); c.id = k.ID }
	examined := func(e *env, c *matrixCase) { _, k, _, _ := enrolled(e, c, true); c.id = k.ID }
	enrolment := func(e *env, c *matrixCase) { _, _, _, en := enrolled(e, c, false); c.id = en.ID }
	applied := func(e *env, c *matrixCase) {
		_, _, _, en := enrolled(e, c, false)
		en.Status = training.StatusApplied
		if err := e.db.UpdateEnrolment(context.Background(), en); err != nil {
			e.t.Fatal(err)
		}
		c.id = en.ID
	}
	session := func(e *env, c *matrixCase) {
		svc, _, k, _ := enrolled(e, c, false)
		s, err := svc.AddSession(system(0), k.ID, app.NewDate(2026, 8, 15), "专题讲座")
		if err != nil {
			e.t.Fatal(err)
		}
		trainingIDs.Store(k.ID, s.ID)
		c.id = k.ID
	}
	attempt := func(submitted bool) func(e *env, c *matrixCase) {
		return func(e *env, c *matrixCase) {
			svc, k, _, _ := enrolled(e, c, true)
			a, err := svc.Start(system(c.educator), k.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			if submitted {
				if _, err := svc.Submit(system(c.educator), a.ID, map[int]string{1: "结合课例研讨"}); err != nil {
					e.t.Fatal(err)
				}
			}
			c.id = a.ID
		}
	}
	// timetabled and banked make a session of the case's class (an empty
	// one, so that it may be deleted) and a question of its course's bank
	// (drawn into no paper), naming them {session} and {question}.
	timetabled := func(e *env, c *matrixCase) {
		svc, _, k := newCourse(e, c, false)
		s, err := svc.AddSession(system(0), k.ID, app.NewDate(2026, 8, 15), "专题讲座")
		if err != nil {
			e.t.Fatal(err)
		}
		c.id, c.params = k.ID, map[string]string{"session": strconv.FormatInt(s.ID, 10)}
	}
	banked := func(e *env, c *matrixCase) {
		svc, course, _ := newCourse(e, c, false)
		q, err := svc.AddQuestion(system(0), course.ID, training.QuestionInput{Kind: training.KindTrueFalse, Stem: "班主任应持证上岗", Answer: "对", Points: 5})
		if err != nil {
			e.t.Fatal(err)
		}
		c.id, c.params = course.ID, map[string]string{"question": strconv.FormatInt(q.ID, 10)}
	}
	certificate := func(e *env, c *matrixCase) {
		_, course, _, en := enrolled(e, c, false)
		n, err := training.NewCertificateNumber()
		if err != nil {
			e.t.Fatal(err)
		}
		cert := &training.Certificate{Number: n, EnrolmentID: en.ID, EducatorID: c.educator, Holder: en.Name, Course: course.Name, Hours: 12,
			IssuedOn: app.NewDate(2026, 9, 1)}
		if err := e.db.CreateCertificate(context.Background(), cert); err != nil {
			e.t.Fatal(err)
		}
		c.id = cert.ID
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	classOf := func(c *matrixCase) string { v, _ := trainingIDs.Load(c.id); return id(v.(int64)) }
	sessionOf := func(c *matrixCase) string { v, _ := trainingIDs.Load(c.id); return id(v.(int64)) }
	createForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("unit", "county:"+id(e.w.CountyA.ID), "name", unique("新课程"), "organiser", "甲区教师进修学校",
			"start", "2026-09-01", "end", "2026-12-31", "audience", "homeroom", "hours", "24", "mode", "face_to_face", "capacity", "30",
			"enrolment", "both")
	}
	createJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"county_id":%d,"name":%q,"organiser":"甲区教师进修学校","start":"2026-09-01","end":"2026-12-31",`+
			`"audience":["new_teacher"],"hours":40,"mode":"school_based","capacity":30,"enrolment":"assigned"}`, e.w.CountyA.ID, unique("接口课程"))
	}
	body := func(kv ...string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return formType, form(kv...) }
	}
	enrolForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", id(c.educator), "class_id", classOf(c))
	}
	enrolJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"educator_id":%d,"class_id":%s}`, c.educator, classOf(c))
	}
	attendance := func(e *env, c *matrixCase) (string, string) {
		return formType, form("session_id", sessionOf(c), "present", id(c.educator))
	}
	// editForm and editJSON correct the case's course's name, its unit kept.
	editForm := func(e *env, c *matrixCase) (string, string) {
		co, err := e.db.FindCourseByID(context.Background(), c.id)
		if err != nil {
			e.t.Fatal(err)
		}
		unit := "county:" + id(co.CountyID)
		if co.CityWide() {
			unit = "city:" + id(co.CityID)
		}
		return formType, form("unit", unit, "name", unique("更正课程"), "organiser", co.Organiser, "start", co.Start.String(),
			"end", co.End.String(), "audience", "homeroom", "hours", "12", "mode", co.Mode, "capacity", "10", "enrolment", co.Enrolment)
	}
	editJSON := func(e *env, c *matrixCase) (string, string) {
		co, err := e.db.FindCourseByID(context.Background(), c.id)
		if err != nil {
			e.t.Fatal(err)
		}
		in := training.InputOf(co)
		in.Name = unique("接口更正")
		b, err := json.Marshal(in)
		if err != nil {
			e.t.Fatal(err)
		}
		return jsonType, string(b)
	}
	tgt := programmeTarget
	return map[string]spec{
		"GET /training":                              {perm: anyUser},
		"GET /training/courses/new":                  {perm: progManage},
		"POST /training/courses":                     {perm: progManage, body: createForm},
		"GET /training/courses/{id}":                 {perm: anyUser, target: tgt, prep: course, allow: readsPlan},
		"POST /training/courses/{id}/classes":        {perm: progManage, target: tgt, prep: course, body: body("name", "第二期", "start", "2026-09-01", "end", "2026-10-01")},
		"POST /training/courses/{id}/enrolments":     {perm: anyUser, target: tgt, prep: course, body: enrolForm, allow: namesForCourse},
		"POST /training/courses/{id}/questions":      {perm: progManage, target: tgt, prep: course, body: body("kind", "true_false", "stem", "班主任应持证上岗", "answer", "对", "points", "5")},
		"POST /training/courses/{id}/assessments":    {perm: anyUser, target: tgt, prep: examined, allow: takesAssessment},
		"POST /training/enrolments/{id}/decision":    {perm: progManage, target: tgt, prep: applied, body: body("decision", "approve")},
		"POST /training/enrolments/{id}/assignments": {perm: progManage, target: tgt, prep: enrolment, body: body("assignments", "1")},
		"GET /training/classes/{id}":                 {perm: anyUser, target: tgt, prep: class, allow: readsPlan},
		"POST /training/classes/{id}/sessions":       {perm: progManage, target: tgt, prep: class, body: body("day", "2026-08-20", "topic", "案例研讨")},
		"POST /training/classes/{id}/attendance":     {perm: progManage, target: tgt, prep: session, body: attendance},
		"POST /training/classes/{id}/complete":       {perm: progManage, target: tgt, prep: class},
		"GET /training/assessments/{id}":             {perm: anyUser, target: tgt, prep: attempt(false), allow: readsAttempt},
		"POST /training/assessments/{id}/answers":    {perm: anyUser, target: tgt, prep: attempt(false), body: body("answer_1", "案例"), allow: takesAssessment},
		"POST /training/assessments/{id}/marks":      {perm: progManage, target: tgt, prep: attempt(true), body: body("mark_1", "8")},
		"GET /training/educators/{id}":               {perm: educatorRead, target: educatorTarget},
		"GET /training/report":                       {perm: anyUser, allow: reportsHours},
		"GET /training/report.xlsx":                  {perm: anyUser, allow: reportsHours},
		"GET /training/certificates/{id}":            {perm: educatorRead, target: educatorTarget, prep: certificate},
		"GET /api/v1/courses":                        {perm: anyUser},
		"POST /api/v1/courses":                       {perm: progManage, body: createJSON},
		"GET /api/v1/courses/{id}":                   {perm: anyUser, target: tgt, prep: course, allow: readsPlan},
		"POST /api/v1/courses/{id}/enrolments":       {perm: anyUser, target: tgt, prep: course, body: enrolJSON, allow: namesForCourse},
		"POST /api/v1/courses/{id}/assessments":      {perm: anyUser, target: tgt, prep: examined, allow: takesAssessment},
		"GET /api/v1/assessments/{id}":               {perm: anyUser, target: tgt, prep: attempt(false), allow: readsAttempt},
		"POST /api/v1/assessments/{id}/answers": {perm: anyUser, target: tgt, prep: attempt(false), allow: takesAssessment,
			body: func(*env, *matrixCase) (string, string) { return jsonType, `{"answers":{"1":"案例"}}` }},
		"GET /api/v1/educators/{id}/training": {perm: educatorRead, target: educatorTarget},
		"GET /api/v1/training/report":         {perm: anyUser, allow: reportsHours},
		// Units' yearly assessment: the county's organisers grade its schools
		// and commend; whoever reads a school reads its sheet.
		"GET /training/units":                {perm: progManage},
		"GET /api/v1/training/units":         {perm: progManage},
		"POST /training/schools/{id}/grades": {perm: progManage, target: schoolTarget, body: body("year", "2026", "item", "plan", "points", "8")},
		"POST /training/commendations": {perm: progManage, body: func(e *env, c *matrixCase) (string, string) {
			return formType, form("year", "2026", "kind", "unit", "title", "读教育名著、做智慧教师", "school_id", id(e.w.A1.ID))
		}},
		"GET /training/schools/{id}": {perm: orgRead, target: schoolTarget},
		// Corrections (issue 12): the course's organisers edit it.
		"GET /training/courses/{id}/edit": {perm: progManage, target: tgt, prep: course},
		"POST /training/courses/{id}":     {perm: progManage, target: tgt, prep: course, body: editForm},
		"PUT /api/v1/courses/{id}":        {perm: progManage, target: tgt, prep: course, body: editJSON},
		// An enrolment is withdrawn by the course's organisers or the person themself.
		"POST /training/enrolments/{id}/withdraw": {perm: anyUser, target: tgt, prep: enrolment, allow: readsAttempt},
		"DELETE /api/v1/enrolments/{id}":          {perm: anyUser, target: tgt, prep: enrolment, allow: readsAttempt},
		"GET /api/v1/schools/{id}/training":       {perm: orgRead, target: schoolTarget},
		// The timetable and the bank are corrected by the course's organisers.
		"POST /training/classes/{id}/sessions/{session}":          {perm: progManage, target: tgt, prep: timetabled, body: body("day", "2026-08-21", "topic", "案例研讨")},
		"POST /training/classes/{id}/sessions/{session}/delete":   {perm: progManage, target: tgt, prep: timetabled},
		"POST /training/courses/{id}/questions/{question}":        {perm: progManage, target: tgt, prep: banked, body: body("kind", "true_false", "stem", "班主任须持证上岗", "answer", "错", "points", "5")},
		"POST /training/courses/{id}/questions/{question}/delete": {perm: progManage, target: tgt, prep: banked},
		"POST /training/courses/{id}/questions/{question}/retire": {perm: progManage, target: tgt, prep: banked, body: body("retired", "1")},
		"POST /api/v1/classes/{id}/sessions": {perm: progManage, target: tgt, prep: class,
			body: func(*env, *matrixCase) (string, string) {
				return jsonType, `{"day":"2026-08-20","topic":"案例研讨"}`
			}},
		"PUT /api/v1/classes/{id}/sessions/{session}": {perm: progManage, target: tgt, prep: timetabled,
			body: func(*env, *matrixCase) (string, string) {
				return jsonType, `{"day":"2026-08-21","topic":"案例研讨"}`
			}},
		"DELETE /api/v1/classes/{id}/sessions/{session}": {perm: progManage, target: tgt, prep: timetabled},
		"GET /api/v1/courses/{id}/questions":             {perm: progManage, target: tgt, prep: banked},
		"POST /api/v1/courses/{id}/questions": {perm: progManage, target: tgt, prep: course,
			body: func(*env, *matrixCase) (string, string) {
				return jsonType, `{"kind":"single","stem":"学时按什么计?","options":["课时","天数"],"answer":"A","points":5}`
			}},
		"PUT /api/v1/courses/{id}/questions/{question}": {perm: progManage, target: tgt, prep: banked,
			body: func(*env, *matrixCase) (string, string) {
				return jsonType, `{"kind":"true_false","stem":"班主任须持证上岗","answer":"对","points":5}`
			}},
		"DELETE /api/v1/courses/{id}/questions/{question}": {perm: progManage, target: tgt, prep: banked},
		"POST /api/v1/courses/{id}/questions/{question}/retire": {perm: progManage, target: tgt, prep: banked,
			body: func(*env, *matrixCase) (string, string) { return jsonType, `{"retired":true}` }},
	}
}
