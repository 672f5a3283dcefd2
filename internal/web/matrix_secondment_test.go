package web_test

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/secondment"
)

// Secondment (挂职) as SPEC §1 and §4 state it: the programme's managers
// (the city, county HR, the county's coordinators) run batches, hosts,
// groups, mentors, placements, costs and coverage; whoever reads a
// programme reads its batches; a programme's placements are seen in full
// by its managers, by a mentor for their own participants, by a
// participant for themself and by a school admin for their staff.
const (
	placeList perm = "placements" // a programme's placements list, filtered to what the actor may see
	placeOne  perm = "placement"  // one participant's placement (the agreement)
)

// secondmentPlace is the case's county (nil for the city's own place).
func (e *env) secondmentPlace(c *matrixCase) (cityID, countyID int64) {
	switch c.where {
	case "sibling":
		return e.w.City.ID, 0
	case "other":
		return e.w.City.ID, e.w.CountyB.ID
	}
	return e.w.City.ID, e.w.CountyA.ID
}

// newHost registers a host at the case's place.
func (e *env) newHost(c *matrixCase) *secondment.Host {
	city, county := e.secondmentPlace(c)
	now := e.db.Now()
	h := &secondment.Host{HostDetails: secondment.HostDetails{CityID: city, CountyID: county, Name: unique("接收学校"), Place: "上海浦东",
		Level: "middle"}, CreatedBy: "matrix",
		CreatedAt: now, UpdatedAt: now, Departments: []secondment.Department{{Kind: secondment.DeptOffice, Name: "教务处"}}}
	if err := e.db.CreateHost(context.Background(), h); err != nil {
		e.t.Fatal(err)
	}
	return h
}

// withSecondment makes the case's programme (with its educator as
// participant) and in it a batch with a host, a group and a cost line.
func withSecondment(e *env, c *matrixCase) {
	newProgramme(true)(e, c)
	ctx := context.Background()
	b := &secondment.Batch{ProgrammeID: c.id, Name: unique("批次"), Start: app.NewDate(2027, time.March, 1), End: app.NewDate(2027, time.April, 1),
		Quotas: []secondment.BatchQuota{{Category: "中层干部", Capacity: 5}}}
	if err := e.db.CreateBatch(ctx, b); err != nil {
		e.t.Fatal(err)
	}
	h := e.newHost(c)
	if err := e.db.SetBatchHost(ctx, b.ID, h.ID, 5); err != nil {
		e.t.Fatal(err)
	}
	g := &secondment.Group{ProgrammeID: c.id, Name: unique("小组")}
	if err := e.db.CreateGroup(ctx, g); err != nil {
		e.t.Fatal(err)
	}
	k := &secondment.CostLine{ProgrammeID: c.id, BatchID: b.ID, Item: "training", Payer: "prefecture", Budget: 100, CreatedBy: "matrix", CreatedAt: e.db.Now()}
	if err := e.db.CreateCost(ctx, k); err != nil {
		e.t.Fatal(err)
	}
	c.params = map[string]string{"batch": strconv.FormatInt(b.ID, 10), "host": strconv.FormatInt(h.ID, 10),
		"group": strconv.FormatInt(g.ID, 10), "cost": strconv.FormatInt(k.ID, 10)}
}

// hostAt makes a host at the case's place the case's {id}.
func hostAt(e *env, c *matrixCase) { c.id = e.newHost(c).ID }

func secondmentSpecs() map[string]spec {
	fixed := func(kv ...string) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) { return formType, form(kv...) }
	}
	batch := func(e *env, c *matrixCase) (string, string) {
		return formType, form("name", unique("批"), "start", "2027-03-01", "end", "2027-04-01", "quota:中层干部", "2")
	}
	batchHost := func(e *env, c *matrixCase) (string, string) {
		return formType, form("host_id", c.params["host"], "capacity", "3")
	}
	group := func(e *env, c *matrixCase) (string, string) {
		return formType, form("name", unique("组"), "level", "middle")
	}
	mentor := func(e *env, c *matrixCase) (string, string) {
		return formType, form("username", unique("mx-"), "display_name", "某导师", "host_id", c.params["host"])
	}
	place := func(e *env, c *matrixCase) (string, string) { return formType, form("batch_id", c.params["batch"]) }
	apply := func(e *env, c *matrixCase) (string, string) {
		return formType, form("batch", c.params["batch"], "per_mentor", "2")
	}
	insurance := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", strconv.FormatInt(c.educator, 10), "insurer", "中国人寿", "policy_no", "P1", "start", "2027-03-01",
			"end", "2027-04-30")
	}
	template := func(e *env, c *matrixCase) (string, string) {
		return formType, form("template", "000", "year", "2027", "unit", "county:"+strconv.FormatInt(e.w.CountyA.ID, 10), "name", unique("模板项目"))
	}
	host := func(e *env, c *matrixCase) (string, string) {
		return formType, form("unit", "county:"+strconv.FormatInt(e.w.CountyA.ID, 10), "name", unique("新接收学校"), "place", "山东济宁",
			"departments", "教务处\n数学教研组")
	}
	hostEdit := fixed("name", "改名接收学校", "place", "山东济宁", "departments", "教务处")
	js := func(f func(e *env, c *matrixCase) string) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) { return jsonType, f(e, c) }
	}
	apiBatch := js(func(e *env, c *matrixCase) string {
		return fmt.Sprintf(`{"name":%q,"start":"2027-03-01","end":"2027-04-01","quotas":[{"category":"中层干部","capacity":2}]}`, unique("批"))
	})
	apiTemplate := js(func(e *env, c *matrixCase) string {
		return fmt.Sprintf(`{"template":"001","year":2027,"county_id":%d,"name":%q}`, e.w.CountyA.ID, unique("接口模板项目"))
	})
	apiHost := js(func(e *env, c *matrixCase) string {
		return fmt.Sprintf(`{"county_id":%d,"name":%q,"place":"上海浦东","departments":"校长室"}`, e.w.CountyA.ID, unique("接口接收学校"))
	})
	apiMentor := js(func(e *env, c *matrixCase) string {
		return fmt.Sprintf(`{"username":%q,"display_name":"某导师","host_id":%s}`, unique("ma-"), c.params["host"])
	})
	apiPlace := js(func(e *env, c *matrixCase) string { return `{"batch_id":` + c.params["batch"] + `}` })
	apiApply := js(func(e *env, c *matrixCase) string { return `{"batch":` + c.params["batch"] + `,"per_mentor":2}` })
	apiCost := js(func(e *env, c *matrixCase) string { return `{"item":"training","budget":10000}` })
	apiInsurance := js(func(e *env, c *matrixCase) string {
		return `{"insurer":"中国人寿","policy_no":"P2","start":"2027-03-01","end":"2027-04-30"}`
	})
	// ended is the case's programme, with its participant, ended on 1 July
	// 2026 and crediting 20 hours each.
	ended := func(e *env, c *matrixCase) {
		newProgramme(true)(e, c)
		ctx := context.Background()
		p, err := e.db.FindProgrammeByID(ctx, c.id)
		if err != nil {
			e.t.Fatal(err)
		}
		p.Start, p.End = app.NewDate(2026, time.March, 1), app.NewDate(2026, time.July, 1)
		if err := e.db.UpdateProgramme(ctx, p); err != nil {
			e.t.Fatal(err)
		}
		if err := e.db.SetSecondmentHours(ctx, c.id, 20); err != nil {
			e.t.Fatal(err)
		}
	}
	t := withSecondment
	m := func(body func(e *env, c *matrixCase) (string, string)) spec {
		return spec{perm: progManage, target: programmeTarget, prep: t, body: body}
	}
	return map[string]spec{
		"GET /programmes/templates":                                       {perm: progManage},
		"POST /programmes/templates":                                      {perm: progManage, body: template},
		"GET /programmes/{id}/batches":                                    {perm: progRead, target: programmeTarget, prep: t},
		"POST /programmes/{id}/batches":                                   m(batch),
		"POST /programmes/{id}/batches/{batch}":                           m(batch),
		"POST /programmes/{id}/batches/{batch}/delete":                    m(nil),
		"POST /programmes/{id}/batches/{batch}/hosts":                     m(batchHost),
		"GET /programmes/{id}/batches/{batch}/hosts/{host}":               m(nil),
		"POST /programmes/{id}/batches/{batch}/hosts/{host}/delete":       m(nil),
		"POST /programmes/{id}/batches/{batch}/hosts/{host}/duties":       m(fixed("duty", "lodging", "duty", "safety")),
		"POST /programmes/{id}/groups":                                    m(group),
		"POST /programmes/{id}/groups/{group}":                            m(group),
		"POST /programmes/{id}/groups/{group}/delete":                     m(nil),
		"POST /programmes/{id}/mentors":                                   m(mentor),
		"GET /programmes/{id}/placements":                                 {perm: placeList, target: placementTarget, prep: t},
		"GET /programmes/{id}/placements/proposal":                        m(nil),
		"POST /programmes/{id}/placements/proposal":                       m(apply),
		"POST /programmes/{id}/placements/{educator}":                     m(place),
		"GET /programmes/{id}/placements/{educator}/agreement":            {perm: placeOne, target: placementTarget, prep: t},
		"GET /programmes/{id}/costs":                                      m(nil),
		"POST /programmes/{id}/costs":                                     m(fixed("item", "training", "budget", "1200.50")),
		"POST /programmes/{id}/costs/{cost}/delete":                       m(nil),
		"POST /programmes/{id}/insurance":                                 m(insurance),
		"GET /hosts":                                                      {perm: progRead},
		"GET /hosts/new":                                                  {perm: progManage},
		"POST /hosts":                                                     {perm: progManage, body: host},
		"GET /hosts/{id}":                                                 {perm: progRead, target: programmeTarget, prep: hostAt},
		"GET /hosts/{id}/edit":                                            {perm: progManage, target: programmeTarget, prep: hostAt},
		"POST /hosts/{id}":                                                {perm: progManage, target: programmeTarget, prep: hostAt, body: hostEdit},
		"GET /coverage":                                                   {perm: progManage},
		"GET /coverage.xlsx":                                              {perm: progManage},
		"POST /api/v1/programmes/templates":                               {perm: progManage, body: apiTemplate},
		"POST /api/v1/programmes/{id}/batches":                            m(apiBatch),
		"PUT /api/v1/programmes/{id}/batches/{batch}":                     m(apiBatch),
		"DELETE /api/v1/programmes/{id}/batches/{batch}":                  m(nil),
		"PUT /api/v1/programmes/{id}/batches/{batch}/hosts/{host}":        m(js(func(*env, *matrixCase) string { return `{"capacity":4}` })),
		"DELETE /api/v1/programmes/{id}/batches/{batch}/hosts/{host}":     m(nil),
		"PUT /api/v1/programmes/{id}/batches/{batch}/hosts/{host}/duties": m(js(func(*env, *matrixCase) string { return `{"duties":["meals"]}` })),
		"POST /api/v1/programmes/{id}/groups":                             m(js(func(*env, *matrixCase) string { return `{"name":"` + unique("组") + `"}` })),
		"PUT /api/v1/programmes/{id}/groups/{group}":                      m(js(func(*env, *matrixCase) string { return `{"name":"` + unique("组") + `"}` })),
		"DELETE /api/v1/programmes/{id}/groups/{group}":                   m(nil),
		"GET /api/v1/programmes/{id}/mentors":                             {perm: progRead, target: programmeTarget, prep: t},
		"POST /api/v1/programmes/{id}/mentors":                            m(apiMentor),
		"GET /api/v1/programmes/{id}/placements":                          {perm: placeList, target: placementTarget, prep: t},
		"GET /api/v1/programmes/{id}/placements/proposal":                 m(nil),
		"POST /api/v1/programmes/{id}/placements/proposal":                m(apiApply),
		"PUT /api/v1/programmes/{id}/placements/{educator}":               m(apiPlace),
		"GET /api/v1/programmes/{id}/costs":                               m(nil),
		"POST /api/v1/programmes/{id}/costs":                              m(apiCost),
		"DELETE /api/v1/programmes/{id}/costs/{cost}":                     m(nil),
		"GET /api/v1/programmes/{id}/insurance":                           m(nil),
		"PUT /api/v1/programmes/{id}/insurance/{educator}":                m(apiInsurance),
		"GET /api/v1/hosts":                                               {perm: progRead},
		"POST /api/v1/hosts":                                              {perm: progManage, body: apiHost},
		"GET /api/v1/hosts/{id}":                                          {perm: progRead, target: programmeTarget, prep: hostAt},
		"PUT /api/v1/hosts/{id}":                                          {perm: progManage, target: programmeTarget, prep: hostAt, body: apiHost},
		"GET /api/v1/coverage":                                            {perm: progManage},
		"POST /programmes/{id}/hours":                                     m(fixed("hours", "24")),
		"POST /programmes/{id}/hours/credit":                              {perm: progManage, target: programmeTarget, prep: ended},
		"GET /api/v1/programmes/{id}/hours":                               {perm: progRead, target: programmeTarget, prep: t},
		"PUT /api/v1/programmes/{id}/hours":                               m(js(func(*env, *matrixCase) string { return `{"hours":24}` })),
		"POST /api/v1/programmes/{id}/hours/credits":                      {perm: progManage, target: programmeTarget, prep: ended},
	}
}
