package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"strconv"
	"sync"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/store/storetest"
)

// Pairing assistance and consortia (SPEC §5) as the spec states them:
// county HR runs its county's cycles (opens, proposes, edits, publishes,
// reviews, commends) and may write any pair's ledger; a school reads and
// writes its own pairs once published, and nothing else; the city bureau
// reads every county's pairs and inspects them; the inspections are
// published to every county of the city. Consortia are read by whoever
// reads the county's tree or belongs to one; county HR defines them and
// moves schools. Everyone else finds nothing.
//
// The case's cycle and pair: in scope, A1 helps A2 in county A; at the
// sibling place, two other schools of county A; at the other, county B's.

const (
	pairRead       perm = "pairing.read"
	pairManage     perm = "pairing.manage"
	pairRecord     perm = "pairing.record"
	pairInspect    perm = "pairing.inspect"
	consortiumRead perm = "consortium.read"
	consortiumEdit perm = "consortium.write"
)

// pairingRoles are who may open the pairing pages at all.
func listsPairing(role, _ string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity, auth.RoleCountyHR, auth.RoleSchoolAdmin:
		return true
	}
	return false
}

func readsPair(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR:
		return where != "other"
	case auth.RoleSchoolAdmin:
		return where == "in"
	}
	return false
}

func managesCycle(role, where string) bool {
	return role == auth.RoleAdmin || role == auth.RoleCountyHR && where != "other"
}

func recordsPair(role, where string) bool {
	return managesCycle(role, where) || role == auth.RoleSchoolAdmin && where == "in"
}

func inspectsPair(role, _ string) bool { return role == auth.RoleAdmin || role == auth.RoleCity }

func opensCycle(role, _ string) bool { return role == auth.RoleAdmin || role == auth.RoleCountyHR }

// readsConsortium: over the county, or as a member school (A1 is in the
// case's own consortium).
func readsConsortium(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR, auth.RoleCoordinator, auth.RoleReviewer:
		return where != "other"
	case auth.RoleInspector: // reads principal selections only
		return false
	}
	return where == "in"
}

func editsConsortium(role, where string) bool {
	return role == auth.RoleAdmin || role == auth.RoleCountyHR && where != "other"
}

// pairingPlace is what the preps made at one place of the matrix.
type pairingPlace struct {
	county         *org.County
	helper, helped *org.School
	cycle, pair    int64
	activity       int64
	consortium     int64
	lead, mover    int64
}

var pairingPlaces sync.Map

func (e *env) pairingService() *pairing.Service {
	log := audit.NewLog(e.db, e.clock)
	return pairing.NewService(e.db, programme.NewService(e.db, log, e.clock), log, e.clock)
}

// pairingAt returns the case's place: its schools, a published cycle with
// one pair and one activity, and a consortium, made once per matrix.
func (e *env) pairingAt(where string) *pairingPlace {
	key := fmt.Sprintf("%p/%s", e, where)
	if v, ok := pairingPlaces.Load(key); ok {
		return v.(*pairingPlace)
	}
	w, ctx, svc := e.w, system(0), e.pairingService()
	pl := &pairingPlace{county: w.CountyA, helper: w.A1, helped: w.A2}
	rural := func(s *org.School) { s.Location = "rural" }
	switch where {
	case "sibling":
		pl.helper = storetest.MustCreateSchool(e.t, e.db, w.CountyA, unique("甲区城区小学"))
		pl.helped = storetest.MustCreateSchool(e.t, e.db, w.CountyA, unique("甲区乡村小学"), rural)
	case "other":
		pl.county = w.CountyB
		pl.helper = storetest.MustCreateSchool(e.t, e.db, w.CountyB, unique("乙县城区小学"))
		pl.helped = storetest.MustCreateSchool(e.t, e.db, w.CountyB, unique("乙县乡村小学"), rural)
	}
	pl.cycle, pl.pair = e.newCycle(pl, true)
	act, err := svc.RecordActivity(ctx, pl.pair, pairing.ActivityInput{Kind: "observation", HeldOn: app.NewDate(2026, 9, 1), Title: "观摩"})
	if err != nil {
		e.t.Fatal(err)
	}
	pl.activity = act.ID
	lead := pl.helper
	if where != "in" {
		lead = storetest.MustCreateSchool(e.t, e.db, pl.county, unique("牵头小学"))
	}
	k, err := svc.CreateConsortium(ctx, pairing.ConsortiumInput{CountyID: pl.county.ID, Name: unique("联合体"), Kind: "primary", LeadSchoolID: lead.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	pl.consortium, pl.lead = k.ID, lead.ID
	pl.mover = storetest.MustCreateSchool(e.t, e.db, pl.county, unique("调整小学"), rural).ID
	pairingPlaces.Store(key, pl)
	return pl
}

// newCycle opens a primary cycle at the place with its one pair,
// published or not.
func (e *env) newCycle(pl *pairingPlace, publish bool) (cycle, pair int64) {
	ctx, svc := system(0), e.pairingService()
	c, err := svc.OpenCycle(ctx, pairing.CycleInput{CountyID: pl.county.ID, Name: unique("矩阵结对周期"), SchoolKind: pairing.KindPrimary,
		Start: app.NewDate(2026, 9, 1), Capacities: pairing.DefaultCapacities})
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := svc.AddPair(ctx, c.ID, pairing.PairInput{HelperSchoolID: pl.helper.ID, HelpedSchoolID: pl.helped.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	if publish {
		if err := svc.Publish(ctx, c.ID); err != nil {
			e.t.Fatal(err)
		}
	}
	return c.ID, p.ID
}

func pairingSpecs() map[string]spec {
	cycle := func(e *env, c *matrixCase) { c.id = e.pairingAt(c.where).cycle }
	pair := func(e *env, c *matrixCase) { c.id = e.pairingAt(c.where).pair }
	activity := func(e *env, c *matrixCase) { c.id = e.pairingAt(c.where).activity }
	consortium := func(e *env, c *matrixCase) {
		pl := e.pairingAt(c.where)
		c.id = pl.consortium
		c.params = map[string]string{"school": strconv.FormatInt(pl.mover, 10)}
	}
	// fresh makes a new cycle at the case's place, its pair in c.params.
	fresh := func(publish, pairID bool) func(e *env, c *matrixCase) {
		return func(e *env, c *matrixCase) {
			pl := e.pairingAt(c.where)
			cy, p := e.newCycle(pl, publish)
			c.id = cy
			if pairID {
				c.id = p
			}
		}
	}
	// empty makes a cycle without pairs; the body adds the place's pair.
	empty := func(e *env, c *matrixCase) {
		pl := e.pairingAt(c.where)
		cy, err := e.pairingService().OpenCycle(system(0), pairing.CycleInput{CountyID: pl.county.ID, Name: unique("空结对周期"),
			SchoolKind: pairing.KindPrimary, Start: app.NewDate(2026, 9, 1), Capacities: pairing.DefaultCapacities})
		if err != nil {
			e.t.Fatal(err)
		}
		c.id = cy.ID
	}
	addPairForm := func(e *env, c *matrixCase) (string, string) {
		pl := e.pairingAt(c.where)
		return formType, form("helper_school_id", strconv.FormatInt(pl.helper.ID, 10), "helped_school_id", strconv.FormatInt(pl.helped.ID, 10))
	}
	addPairJSON := func(e *env, c *matrixCase) (string, string) {
		pl := e.pairingAt(c.where)
		return jsonType, fmt.Sprintf(`{"helper_school_id":%d,"helped_school_id":%d}`, pl.helper.ID, pl.helped.ID)
	}
	openForm := func(e *env, c *matrixCase) (string, string) {
		return formType, form("county_id", strconv.FormatInt(e.w.CountyA.ID, 10), "name", unique("新结对周期"), "school_kind", "primary", "start", "2026-09-01")
	}
	openJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"county_id":%d,"name":%q,"school_kind":"primary","start":"2026-09-01"}`, e.w.CountyA.ID, unique("接口结对周期"))
	}
	activityForm := func(*env, *matrixCase) (string, string) {
		return formType, form("kind", "send_teaching", "held_on", "2026-09-01", "title", "送教下乡", "hours", "2")
	}
	activityJSON := func(*env, *matrixCase) (string, string) {
		return jsonType, `{"kind":"donation","held_on":"2026-09-01","title":"捐赠图书","items":"绘本","quantity":20,"value_fen":50000}`
	}
	inspectForm := func(*env, *matrixCase) (string, string) {
		return formType, form("inspected_on", "2026-09-01", "grade", "good", "met", "plan", "findings", "规范")
	}
	inspectJSON := func(*env, *matrixCase) (string, string) {
		return jsonType, `{"inspected_on":"2026-09-01","grade":"pass","met":["ledger"],"findings":""}`
	}
	commend := func(e *env, c *matrixCase) (string, string) {
		return formType, form("pair_id", strconv.FormatInt(e.pairingAt(c.where).pair, 10), "title", "优秀结对")
	}
	consortiumForm := func(e *env, c *matrixCase) (string, string) {
		lead := storetest.MustCreateSchool(e.t, e.db, e.w.CountyA, unique("新牵头小学"))
		return formType, form("county_id", strconv.FormatInt(e.w.CountyA.ID, 10), "name", unique("新联合体"), "kind", "primary", "lead_school_id",
			strconv.FormatInt(lead.ID, 10))
	}
	consortiumJSON := func(e *env, c *matrixCase) (string, string) {
		lead := storetest.MustCreateSchool(e.t, e.db, e.w.CountyA, unique("接口牵头小学"))
		return jsonType, fmt.Sprintf(`{"county_id":%d,"name":%q,"kind":"middle","area":"东片区","lead_school_id":%d}`, e.w.CountyA.ID,
			unique("接口联合体"), lead.ID)
	}
	consortiumEditForm := func(e *env, c *matrixCase) (string, string) {
		pl := e.pairingAt(c.where)
		return formType, form("name", unique("改名联合体"), "kind", "primary", "area", "一学区", "lead_school_id", strconv.FormatInt(pl.lead, 10))
	}
	move := func(e *env, c *matrixCase) (string, string) {
		return formType, form("school_id", strconv.FormatInt(e.pairingAt(c.where).mover, 10))
	}
	photo := func(e *env, c *matrixCase) (string, string) {
		var img bytes.Buffer
		if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
			e.t.Fatal(err)
		}
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, err := mw.CreateFormFile("file", "活动照片.png")
		if err != nil {
			e.t.Fatal(err)
		}
		fw.Write(img.Bytes())
		mw.Close()
		return mw.FormDataContentType(), b.String()
	}
	return map[string]spec{
		"GET /pairing":                            {perm: pairRead, allow: listsPairing},
		"POST /pairing/cycles":                    {perm: pairManage, allow: opensCycle, body: openForm},
		"GET /pairing/cycles/{id}":                {perm: pairRead, target: schoolTarget, prep: cycle, allow: readsPair},
		"POST /pairing/cycles/{id}/proposal":      {perm: pairManage, target: schoolTarget, prep: fresh(false, false), allow: managesCycle},
		"POST /pairing/cycles/{id}/pairs":         {perm: pairManage, target: schoolTarget, prep: empty, body: addPairForm, allow: managesCycle},
		"POST /pairing/cycles/{id}/publish":       {perm: pairManage, target: schoolTarget, prep: fresh(false, false), allow: managesCycle},
		"POST /pairing/cycles/{id}/review":        {perm: pairManage, target: schoolTarget, prep: cycle, allow: managesCycle, body: func(*env, *matrixCase) (string, string) { return formType, form("review", "成效明显") }},
		"POST /pairing/cycles/{id}/commendations": {perm: pairManage, target: schoolTarget, prep: cycle, allow: managesCycle, body: commend},
		"POST /pairing/cycles/{id}/partners": {perm: pairManage, target: schoolTarget, prep: cycle, allow: managesCycle, body: func(*env, *matrixCase) (string, string) {
			return formType, form("name", unique("师范大学"), "kind", "university")
		}},
		"GET /pairing/pairs/{id}":             {perm: pairRead, target: schoolTarget, prep: pair, allow: readsPair},
		"POST /pairing/pairs/{id}/delete":     {perm: pairManage, target: schoolTarget, prep: fresh(true, true), allow: managesCycle},
		"POST /pairing/pairs/{id}/activities": {perm: pairRecord, target: schoolTarget, prep: pair, allow: recordsPair, body: activityForm},
		"POST /pairing/pairs/{id}/goals": {perm: pairRecord, target: schoolTarget, prep: pair, allow: recordsPair, body: func(*env, *matrixCase) (string, string) {
			return formType, form("period", "2", "goal_teachers", "送教两次")
		}},
		"POST /pairing/pairs/{id}/reviews": {perm: pairRecord, target: schoolTarget, prep: fresh(true, true), allow: recordsPair, body: func(*env, *matrixCase) (string, string) {
			return formType, form("period", "1", "summary", "完成目标")
		}},
		"POST /pairing/pairs/{id}/inspections":        {perm: pairInspect, target: schoolTarget, prep: pair, allow: inspectsPair, body: inspectForm},
		"POST /pairing/activities/{id}/files":         {perm: pairRecord, target: schoolTarget, prep: activity, allow: recordsPair, body: photo},
		"GET /pairing/inspections":                    {perm: pairRead, allow: listsPairing},
		"GET /consortia":                              {perm: orgRead},
		"POST /consortia":                             {perm: consortiumEdit, allow: opensCycle, body: consortiumForm},
		"GET /consortia/{id}":                         {perm: consortiumRead, target: schoolTarget, prep: consortium, allow: readsConsortium},
		"POST /consortia/{id}":                        {perm: consortiumEdit, target: schoolTarget, prep: consortium, allow: editsConsortium, body: consortiumEditForm},
		"POST /consortia/{id}/schools":                {perm: consortiumEdit, target: schoolTarget, prep: consortium, allow: editsConsortium, body: move},
		"GET /api/v1/pairing-cycles":                  {perm: pairRead, allow: listsPairing},
		"POST /api/v1/pairing-cycles":                 {perm: pairManage, allow: opensCycle, body: openJSON},
		"GET /api/v1/pairing-cycles/{id}":             {perm: pairRead, target: schoolTarget, prep: cycle, allow: readsPair},
		"GET /api/v1/pairing-cycles/{id}/proposal":    {perm: pairManage, target: schoolTarget, prep: cycle, allow: managesCycle},
		"POST /api/v1/pairing-cycles/{id}/proposal":   {perm: pairManage, target: schoolTarget, prep: fresh(false, false), allow: managesCycle, body: func(*env, *matrixCase) (string, string) { return jsonType, `{"keep":[]}` }},
		"POST /api/v1/pairing-cycles/{id}/pairs":      {perm: pairManage, target: schoolTarget, prep: empty, body: addPairJSON, allow: managesCycle},
		"POST /api/v1/pairing-cycles/{id}/publish":    {perm: pairManage, target: schoolTarget, prep: fresh(false, false), allow: managesCycle},
		"GET /api/v1/pairing-cycles/{id}/dashboard":   {perm: pairRead, target: schoolTarget, prep: cycle, allow: readsPair},
		"GET /api/v1/pairs/{id}/activities":           {perm: pairRead, target: schoolTarget, prep: pair, allow: readsPair},
		"POST /api/v1/pairs/{id}/activities":          {perm: pairRecord, target: schoolTarget, prep: pair, allow: recordsPair, body: activityJSON},
		"POST /api/v1/pairs/{id}/inspections":         {perm: pairInspect, target: schoolTarget, prep: pair, allow: inspectsPair, body: inspectJSON},
		"GET /api/v1/pairing-inspections":             {perm: pairRead, allow: listsPairing},
		"GET /api/v1/consortia":                       {perm: orgRead},
		"POST /api/v1/consortia":                      {perm: consortiumEdit, allow: opensCycle, body: consortiumJSON},
		"GET /api/v1/consortia/{id}":                  {perm: consortiumRead, target: schoolTarget, prep: consortium, allow: readsConsortium},
		"PUT /api/v1/consortia/{id}/schools/{school}": {perm: consortiumEdit, target: schoolTarget, prep: consortium, allow: editsConsortium},
	}
}
