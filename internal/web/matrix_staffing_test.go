package web_test

import (
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store/storetest"
)

// Staffing (编制 and 岗位, seed 004) as the spec states it: a county's
// establishment, allocations, posts and promotion list are read by the
// city and the county's HR, and a school's own figures and posts by its
// office; only county HR (and the admin) set the standard, allocate, file,
// set posts and appoint.

const (
	staffRead   perm = "staffing.read"
	staffManage perm = "staffing.manage"
)

// staffingPermRoles are the roles that hold the staffing permissions.
var staffingPermRoles = map[perm]map[string]bool{
	staffRead:   {auth.RoleAdmin: true, auth.RoleCity: true, auth.RoleCountyHR: true, auth.RoleSchoolAdmin: true},
	staffManage: {auth.RoleAdmin: true, auth.RoleCountyHR: true},
}

// readsCountyStaffing: the whole county's figures, not one school's.
func readsCountyStaffing(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR:
		return where != "other"
	}
	return false
}

func (e *env) staffingService() *staffing.Service {
	return staffing.New(e.db, audit.NewLog(e.db, e.clock), e.clock)
}

// staffingAllocation sets the case's county's standard for 2026 and
// computes a version; the case names it.
func staffingAllocation(e *env, c *matrixCase) {
	svc := e.staffingService()
	st := *staffing.DefaultSettings(c.county, 2026)
	st.Total = 10
	if _, err := svc.SaveSettings(system(0), st); err != nil {
		e.t.Fatal(err)
	}
	a, err := svc.Compute(system(0), c.county, 2026, "")
	if err != nil {
		e.t.Fatal(err)
	}
	c.id = a.ID
}

// titledTeacher makes a 二级 teacher at the case's school with a vacant
// 二级 post there; params["teacher"] names them.
func titledTeacher(e *env, c *matrixCase) *people.Educator {
	sc, err := e.db.FindSchoolByID(system(0), c.school)
	if err != nil {
		e.t.Fatal(err)
	}
	ed := storetest.MustCreateEducator(e.t, e.db, sc, unique("岗位教师"), func(ed *people.Educator) { ed.Title = "二级教师" })
	svc := e.staffingService()
	v, err := svc.Posts(system(0), sc.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := svc.SetPosts(system(0), sc.ID, staffing.GradeSecond, v.Posts[1].Posts+1); err != nil {
		e.t.Fatal(err)
	}
	c.params = map[string]string{"teacher": strconv.FormatInt(ed.ID, 10)}
	return ed
}

func staffingSpecs() map[string]spec {
	allocation := func(e *env, c *matrixCase) { staffingAllocation(e, c) }
	settings := func(e *env, c *matrixCase) (string, string) {
		return formType, form("county_id", strconv.FormatInt(c.county, 10), "year", "2026", "total", "100", "ratio_senior", "12.5",
			"ratio_junior", "13.5", "ratio_primary", "19", "ratio_special", "3", "boarders_per_staff", "50", "village_point_staff", "1",
			"hardship_second_years", "15", "hardship_first_years", "25", "post_unit", "school")
	}
	settingsJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"county_id":%d,"year":2026,"total":100,"ratio_senior":12.5,"ratio_junior":13.5,"ratio_primary":19,
			"ratio_special":3,"boarders_per_staff":50,"village_point_staff":1,"hardship_second_years":15,"hardship_first_years":25,"post_unit":"school"}`, c.county)
	}
	prepSettings := func(e *env, c *matrixCase) {
		staffingAllocation(e, c)
		c.id = 0
	}
	adjust := func(e *env, c *matrixCase) (string, string) {
		return formType, form("allocated_"+strconv.FormatInt(c.school, 10), "1", "reason_"+strconv.FormatInt(c.school, 10), "新增班级")
	}
	adjustJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"lines":[{"school_id":%d,"allocated":1,"reason":"新增班级"}]}`, c.school)
	}
	teacher := func(e *env, c *matrixCase) { titledTeacher(e, c) }
	appointment := func(e *env, c *matrixCase) {
		ed := titledTeacher(e, c)
		ap, err := e.staffingService().Appoint(system(0), staffing.AppointInput{EducatorID: ed.ID, Grade: staffing.GradeSecond, Start: app.NewDate(2026, 9, 1)})
		if err != nil {
			e.t.Fatal(err)
		}
		c.id = ap.ID
	}
	appoint := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", c.params["teacher"], "grade", "second", "start", "2026-09-01")
	}
	appointJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"educator_id":%s,"grade":"second","start":"2026-09-01"}`, c.params["teacher"])
	}
	countyWide := func(role, where string) bool { return readsCountyStaffing(role, "in") }
	return map[string]spec{
		"GET /staffing":           {perm: staffRead},
		"POST /staffing/settings": {perm: staffManage, target: countyTarget, body: settings},
		"POST /staffing/allocations": {perm: staffManage, target: countyTarget, prep: prepSettings, body: func(e *env, c *matrixCase) (string, string) {
			return formType, form("county_id", strconv.FormatInt(c.county, 10), "year", "2026")
		}},
		"GET /staffing/allocations/{id}":               {perm: staffRead, target: countyTarget, prep: allocation},
		"POST /staffing/allocations/{id}/adjust":       {perm: staffManage, target: countyTarget, prep: allocation, body: adjust},
		"POST /staffing/allocations/{id}/file":         {perm: staffManage, target: countyTarget, prep: allocation},
		"GET /staffing/allocations/{id}/workbook.xlsx": {perm: staffRead, target: countyTarget, prep: allocation},
		"GET /staffing/promotions":                     {perm: staffRead, allow: countyWide},
		"GET /schools/{id}/posts":                      {perm: staffRead, target: schoolTarget},
		"POST /schools/{id}/posts":                     {perm: staffManage, target: schoolTarget, body: func(*env, *matrixCase) (string, string) { return formType, form("grade", "senior", "posts", "3") }},
		"POST /schools/{id}/appointments":              {perm: staffManage, target: schoolTarget, prep: teacher, body: appoint},
		"POST /staffing/appointments/{id}/end":         {perm: staffManage, target: schoolTarget, prep: appointment, body: func(*env, *matrixCase) (string, string) { return formType, form("end", "2026-12-31") }},
		"GET /api/v1/staffing":                         {perm: staffRead},
		"GET /api/v1/staffing/settings":                {perm: staffRead, allow: countyWide},
		"PUT /api/v1/staffing/settings":                {perm: staffManage, target: countyTarget, body: settingsJSON},
		"GET /api/v1/staffing/allocations":             {perm: staffRead, allow: countyWide},
		"POST /api/v1/staffing/allocations": {perm: staffManage, target: countyTarget, prep: prepSettings, body: func(e *env, c *matrixCase) (string, string) {
			return jsonType, fmt.Sprintf(`{"county_id":%d,"year":2026}`, c.county)
		}},
		"GET /api/v1/staffing/allocations/{id}":              {perm: staffRead, target: countyTarget, prep: allocation},
		"POST /api/v1/staffing/allocations/{id}/adjustments": {perm: staffManage, target: countyTarget, prep: allocation, body: adjustJSON},
		"POST /api/v1/staffing/allocations/{id}/file":        {perm: staffManage, target: countyTarget, prep: allocation},
		"GET /api/v1/posts":                                  {perm: staffRead},
		"PUT /api/v1/posts": {perm: staffManage, target: schoolTarget, body: func(e *env, c *matrixCase) (string, string) {
			return jsonType, fmt.Sprintf(`{"school_id":%d,"grade":"senior","posts":3}`, c.school)
		}},
		"POST /api/v1/appointments":          {perm: staffManage, target: schoolTarget, prep: teacher, body: appointJSON},
		"POST /api/v1/appointments/{id}/end": {perm: staffManage, target: schoolTarget, prep: appointment, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"end":"2026-12-31"}` }},
		"GET /api/v1/promotions":             {perm: staffRead, allow: countyWide},
	}
}
