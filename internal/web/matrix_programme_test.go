package web_test

import (
	"fmt"
	"strconv"

	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store/storetest"
)

// Programmes as SPEC §1 states them: the city runs city-wide programmes
// and sees its counties'; county HR and a county's training coordinators run
// the county's; mentors, participants and reviewers read the programmes they
// are granted over; school admins have no programme screens.
const (
	progRead   perm = "programme.read"
	progManage perm = "programme.manage"
)

// newProgramme makes the case's programme: the county's own in scope, the
// city's at the sibling place, the other county's at the other. With
// member, the case's educator takes part in it.
func newProgramme(member bool) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) {
		w := e.w
		county := w.CountyA
		switch c.where {
		case "sibling":
			county = nil
		case "other":
			county = w.CountyB
		}
		ed := w.EA1
		switch c.educator {
		case w.EA2.ID:
			ed = w.EA2
		case w.EB1.ID:
			ed = w.EB1
		}
		var members []*people.Educator
		if member {
			members = append(members, ed)
		}
		cats := []programme.Category{{Name: "中层干部", Quota: 20}}
		c.id = storetest.MustCreateProgramme(e.t, e.db, w.City, county, unique("矩阵项目"), cats, members...).ID
	}
}

func programmeSpecs() map[string]spec {
	create := func(e *env, c *matrixCase) (string, string) {
		return formType, form("unit", "county:"+strconv.FormatInt(e.w.CountyA.ID, 10), "name", unique("新项目"), "kind", "secondment",
			"organiser", "甲区教师进修学校", "start", "2026-09-01", "end", "2026-12-31", "categories", "中层干部 20")
	}
	update := func(e *env, c *matrixCase) (string, string) {
		return formType, form("name", unique("改名项目"), "kind", "pairing", "organiser", "甲区教师进修学校", "start", "2026-09-01",
			"end", "2027-06-30", "categories", "中层干部 25")
	}
	enrol := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", strconv.FormatInt(c.educator, 10), "category", "中层干部")
	}
	apiInput := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"county_id":%d,"name":%q,"kind":"training","organiser":"甲区教师进修学校","start":"2026-09-01",`+
			`"end":"2026-12-31","categories":[{"name":"学科骨干教师","quota":16}]}`, e.w.CountyA.ID, unique("接口项目"))
	}
	apiEnrol := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"educator_id":%d,"category":"中层干部"}`, c.educator)
	}
	empty, withMember := newProgramme(false), newProgramme(true)
	return map[string]spec{
		"GET /programmes":                                   {perm: progRead},
		"GET /programmes/new":                               {perm: progManage},
		"POST /programmes":                                  {perm: progManage, body: create},
		"GET /programmes/{id}":                              {perm: progRead, target: programmeTarget, prep: withMember},
		"GET /programmes/{id}/edit":                         {perm: progManage, target: programmeTarget, prep: empty},
		"POST /programmes/{id}":                             {perm: progManage, target: programmeTarget, prep: empty, body: update},
		"POST /programmes/{id}/delete":                      {perm: progManage, target: programmeTarget, prep: empty},
		"DELETE /api/v1/programmes/{id}":                    {perm: progManage, target: programmeTarget, prep: empty},
		"POST /programmes/{id}/members":                     {perm: progManage, target: programmeTarget, prep: empty, body: enrol},
		"POST /programmes/{id}/members/{educator}/delete":   {perm: progManage, target: programmeTarget, prep: withMember},
		"GET /programmes/{id}/members.xlsx":                 {perm: progRead, target: programmeTarget, prep: withMember},
		"GET /api/v1/programmes":                            {perm: progRead},
		"POST /api/v1/programmes":                           {perm: progManage, body: apiInput},
		"GET /api/v1/programmes/{id}":                       {perm: progRead, target: programmeTarget, prep: withMember},
		"PUT /api/v1/programmes/{id}":                       {perm: progManage, target: programmeTarget, prep: empty, body: apiInput},
		"POST /api/v1/programmes/{id}/members":              {perm: progManage, target: programmeTarget, prep: empty, body: apiEnrol},
		"DELETE /api/v1/programmes/{id}/members/{educator}": {perm: progManage, target: programmeTarget, prep: withMember},
	}
}
