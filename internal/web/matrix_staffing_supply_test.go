package web_test

import (
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store/storetest"
)

// Teacher supply and support and the city's inspections as seed [004] and
// SPEC §1 put them: county HR enters and places its new recruits, records
// allowances and allocates its schools' turnover housing; the city and a
// school's office read them (the school its own); the city inspects the
// counties, closes findings and sets the score's weights; a county answers
// the findings on it; the city and the counties read the inspections and
// the scores.
const (
	supRead   perm = "supply.read"
	supManage perm = "supply.manage"
	insRead   perm = "inspection.read"
	insManage perm = "inspection.manage"
	insAnswer perm = "inspection.answer"
)

func init() {
	selectionPermRoles[supRead] = map[string]bool{auth.RoleAdmin: true, auth.RoleCity: true, auth.RoleCountyHR: true, auth.RoleSchoolAdmin: true}
	selectionPermRoles[supManage] = map[string]bool{auth.RoleAdmin: true, auth.RoleCountyHR: true}
	selectionPermRoles[insRead] = map[string]bool{auth.RoleAdmin: true, auth.RoleCity: true, auth.RoleCountyHR: true}
	selectionPermRoles[insManage] = map[string]bool{auth.RoleAdmin: true, auth.RoleCity: true}
	selectionPermRoles[insAnswer] = map[string]bool{auth.RoleAdmin: true, auth.RoleCountyHR: true}
}

// caseCounty is the county of the case's place: A in and beside, B at the other.
func caseCounty(e *env, c *matrixCase) *org.County {
	if c.where == "other" {
		return e.w.CountyB
	}
	return e.w.CountyA
}

// caseSchool is the case's school.
func caseSchool(e *env, c *matrixCase) *org.School {
	switch c.where {
	case "sibling":
		return e.w.A2
	case "other":
		return e.w.B1
	}
	return e.w.A1
}

// recruitIDNumber is a fresh valid ID number for a recruit.
func recruitIDNumber() string {
	n := uniq.Add(1)
	return string(storetest.IDNumber(app.NewDate(1998, 1, 1).AddDays(int(n)), n%2 == 0, int(n)))
}

func (e *env) supplyServices() (*staffing.RecruitService, *staffing.HousingService, *staffing.InspectionService) {
	log := audit.NewLog(e.db, e.clock)
	return staffing.NewRecruitService(e.db, staffing.New(e.db, log, e.clock), storetest.MustCipher(e.t), log, e.clock),
		staffing.NewHousingService(e.db, log, e.clock), staffing.NewInspectionService(e.db, nil, log, e.clock)
}

func supplySpecs() map[string]spec {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	recruit := func(e *env, c *matrixCase) {
		svc, _, _ := e.supplyServices()
		r, err := svc.Create(system(0), staffing.RecruitInput{CountyID: caseCounty(e, c).ID, Name: unique("新教师"), IDNumber: recruitIDNumber(),
			Subject: "数学", Level: "primary"})
		if err != nil {
			e.t.Fatal(err)
		}
		c.id = r.ID
	}
	unit := func(e *env, c *matrixCase) {
		_, svc, _ := e.supplyServices()
		u, err := svc.Create(system(0), staffing.HousingInput{SchoolID: caseSchool(e, c).ID, Name: unique("1号楼")})
		if err != nil {
			e.t.Fatal(err)
		}
		c.id = u.ID
	}
	inspection := func(e *env, c *matrixCase) *staffing.Inspection {
		_, _, svc := e.supplyServices()
		i, err := svc.Create(system(0), staffing.InspectionInput{CountyID: caseCounty(e, c).ID, InspectedOn: app.NewDate(2026, 8, 20),
			Inspectors: "市教育局", Grade: "good", Findings: []staffing.FindingInput{{Finding: "计划未到校到人", Deadline: app.NewDate(2026, 12, 1)}}})
		if err != nil {
			e.t.Fatal(err)
		}
		return i
	}
	inspected := func(e *env, c *matrixCase) { c.id = inspection(e, c).ID }
	finding := func(e *env, c *matrixCase) { c.id = inspection(e, c).Findings[0].ID }
	answered := func(e *env, c *matrixCase) {
		i := inspection(e, c)
		_, _, svc := e.supplyServices()
		if _, err := svc.Answer(system(0), i.Findings[0].ID, staffing.AnswerInput{Answer: "已整改"}); err != nil {
			e.t.Fatal(err)
		}
		c.id = i.Findings[0].ID
	}
	body := func(kv ...string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return formType, form(kv...) }
	}
	jsonBody := func(s string) func(*env, *matrixCase) (string, string) {
		return func(*env, *matrixCase) (string, string) { return jsonType, s }
	}
	recruitForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("county_id", id(e.w.CountyA.ID), "name", unique("新教师"), "id_number", recruitIDNumber(), "subject", "语文", "level", "primary")
	}
	recruitJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"county_id":%d,"name":%q,"id_number":%q,"subject":"语文","level":"primary"}`, e.w.CountyA.ID, unique("新教师"),
			recruitIDNumber())
	}
	allowanceForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", id(c.educator), "kind", "transport", "amount", "300", "payer", "甲区教育局", "start", "2026-01-01",
			"end", "2026-06-30")
	}
	allowanceJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"educator_id":%d,"kind":"award","amount":500,"payer":"甲区教育局","start":"2026-01-01","end":"2026-01-01"}`, c.educator)
	}
	housingForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("school_id", id(e.w.A1.ID), "name", unique("2号楼"), "area_m2", "60")
	}
	housingJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"school_id":%d,"name":%q}`, e.w.A1.ID, unique("3号楼"))
	}
	moveIn := func(e *env, c *matrixCase) (string, string) {
		return formType, form("educator_id", id(c.educator), "move_in", "2026-09-01")
	}
	inspectForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("county_id", id(e.w.CountyA.ID), "inspected_on", "2026-08-30", "inspectors", "市教育局人事科", "grade", "pass",
			"met_plan", "1", "finding_1", "骨干比例不足", "deadline_1", "2026-12-31")
	}
	inspectJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"county_id":%d,"inspected_on":"2026-08-30","inspectors":"市教育局","grade":"excellent"}`, e.w.CountyA.ID)
	}
	weightsForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("city_id", id(e.w.City.ID), "year", "2026", "quota", "30", "backbone", "20", "return_on_time", "15",
			"exemptions", "15", "inspections", "20", "exemption_limit_percent", "5")
	}
	weightsJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"city_id":%d,"school_year":2026,"quota":40,"backbone":20,"return_on_time":10,"exemptions":10,"inspections":20,"exemption_limit_percent":5}`, e.w.City.ID)
	}
	return map[string]spec{
		"GET /recruits":                                 {perm: supRead},
		"POST /recruits":                                {perm: supManage, body: recruitForm},
		"POST /recruits/import":                         {perm: supManage, body: body("county_id", "0")},
		"GET /recruits/template.xlsx":                   {perm: supManage},
		"GET /recruits/counties/{id}":                   {perm: supRead, target: countyTarget},
		"POST /recruits/counties/{id}/proposal":         {perm: supManage, target: countyTarget},
		"POST /recruits/counties/{id}/approval":         {perm: supManage, target: countyTarget, body: body("start", "2026-09-01")},
		"POST /recruits/{id}/school":                    {perm: supManage, target: countyTarget, prep: recruit, body: body("school_id", "")},
		"GET /allowances":                               {perm: supRead},
		"POST /allowances":                              {perm: supManage, body: allowanceForm},
		"GET /housing":                                  {perm: supRead},
		"POST /housing":                                 {perm: supManage, body: housingForm},
		"GET /housing/{id}":                             {perm: supRead, target: schoolTarget, prep: unit},
		"POST /housing/{id}/move-in":                    {perm: supManage, target: schoolTarget, prep: unit, body: moveIn},
		"POST /housing/{id}/move-out":                   {perm: supManage, target: schoolTarget, prep: unit, body: body("move_out", "2026-09-30")},
		"GET /inspections":                              {perm: insRead},
		"POST /inspections":                             {perm: insManage, body: inspectForm},
		"GET /inspections/{id}":                         {perm: insRead, target: countyTarget, prep: inspected},
		"POST /inspections/findings/{id}/answer":        {perm: insAnswer, target: countyTarget, prep: finding, body: body("answer", "已制定到校到人计划")},
		"POST /inspections/findings/{id}/close":         {perm: insManage, target: countyTarget, prep: answered},
		"GET /assessments/counties":                     {perm: insRead},
		"POST /assessments/weights":                     {perm: insManage, body: weightsForm},
		"GET /api/v1/recruits":                          {perm: supRead},
		"POST /api/v1/recruits":                         {perm: supManage, body: recruitJSON},
		"GET /api/v1/recruits/counties/{id}":            {perm: supRead, target: countyTarget},
		"POST /api/v1/recruits/counties/{id}/proposal":  {perm: supManage, target: countyTarget},
		"POST /api/v1/recruits/counties/{id}/approval":  {perm: supManage, target: countyTarget, body: jsonBody(`{"recruit_ids":[]}`)},
		"PUT /api/v1/recruits/{id}/school":              {perm: supManage, target: countyTarget, prep: recruit, body: jsonBody(`{"school_id":0}`)},
		"GET /api/v1/allowances":                        {perm: supRead},
		"POST /api/v1/allowances":                       {perm: supManage, body: allowanceJSON},
		"GET /api/v1/housing":                           {perm: supRead},
		"POST /api/v1/housing":                          {perm: supManage, body: housingJSON},
		"GET /api/v1/housing/{id}":                      {perm: supRead, target: schoolTarget, prep: unit},
		"POST /api/v1/housing/{id}/move-in":             {perm: supManage, target: schoolTarget, prep: unit, body: jsonBody(`{"educator_id":1,"move_in":"2026-09-01"}`)},
		"POST /api/v1/housing/{id}/move-out":            {perm: supManage, target: schoolTarget, prep: unit, body: jsonBody(`{"move_out":"2026-09-30"}`)},
		"GET /api/v1/housing/counties/{id}/priority":    {perm: supRead, target: countyTarget},
		"GET /api/v1/inspections":                       {perm: insRead},
		"POST /api/v1/inspections":                      {perm: insManage, body: inspectJSON},
		"GET /api/v1/inspections/{id}":                  {perm: insRead, target: countyTarget, prep: inspected},
		"POST /api/v1/inspections/findings/{id}/answer": {perm: insAnswer, target: countyTarget, prep: finding, body: jsonBody(`{"answer":"已整改"}`)},
		"POST /api/v1/inspections/findings/{id}/close":  {perm: insManage, target: countyTarget, prep: answered},
		"GET /api/v1/assessments/counties":              {perm: insRead},
		"PUT /api/v1/assessments/weights":               {perm: insManage, body: weightsJSON},
	}
}
