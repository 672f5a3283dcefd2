package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/secondment"
)

// Leave (请销假) as SPEC §1 and §4.4 state it: the participant asks for
// and closes their own leave; the home school decides (its admin, the
// county bureau over it, the admin); the mentor, or the programme's
// organiser for the host school, acknowledges; each sees the requests of
// their part, and anyone else gets 404. In the World the case's educator is
// placed in the case's programme (of county A in, the city's at sibling,
// county B's at other), with the World's mentor as mentor in the "in"
// case only.

// leaveIn places the case's educator in the case's programme and makes a
// leave request of the status given the case's {id}; the placement's id
// is the param "placement".
func leaveIn(status placement.LeaveStatus) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) {
		withSecondment(e, c)
		ctx := context.Background()
		batch, _ := strconv.ParseInt(c.params["batch"], 10, 64)
		host, _ := strconv.ParseInt(c.params["host"], 10, 64)
		pl := &secondment.Placement{ProgrammeID: c.id, EducatorID: c.educator, BatchID: batch,
			HostAssignment: secondment.HostAssignment{HostID: host}, UpdatedBy: "matrix", UpdatedAt: e.db.Now()}
		if c.where == "in" {
			pl.MentorID = e.w.Actors[auth.RoleMentor].ID
		}
		if err := e.db.SavePlacement(ctx, pl); err != nil {
			e.t.Fatal(err)
		}
		l := &placement.Leave{ProgrammeID: c.id, EducatorID: c.educator, Kind: placement.LeavePersonal, Start: app.NewDate(2027, 3, 2),
			End: app.NewDate(2027, 3, 2), Reason: "家中有事", Status: placement.LeaveRequested, RequestedBy: "matrix", RequestedAt: e.db.Now()}
		if err := e.db.CreateLeave(ctx, l); err != nil {
			e.t.Fatal(err)
		}
		if status != placement.LeaveRequested {
			l.Status, l.DecidedBy, l.DecidedAt = status, "matrix", e.db.Now()
			if ok, err := e.db.StepLeave(ctx, l, []placement.LeaveStatus{placement.LeaveRequested}); err != nil || !ok {
				e.t.Fatal(ok, err)
			}
		}
		c.params["placement"] = strconv.FormatInt(l.PlacementID, 10)
		c.id = l.ID
	}
}

// leaveSees is who sees the case's leave: the admin and the city
// everywhere; county A's HR (home county) in and at sibling; county A's
// coordinator (organiser of the "in" programme), the school admin of A1
// (home school), the mentor and the participant in the "in" case.
func leaveSees(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR:
		return where != "other"
	case auth.RoleReviewer, auth.RoleInspector:
		return false
	}
	return where == "in"
}

// leaveDecides: the home school decides: the admin, county A's HR over A1
// and A2, A1's school admin.
func leaveDecides(role, where string) bool {
	switch role {
	case auth.RoleAdmin:
		return true
	case auth.RoleCountyHR:
		return where != "other"
	case auth.RoleSchoolAdmin:
		return where == "in"
	}
	return false
}

// leaveAcknowledges: the mentor, or the organiser of the programme.
func leaveAcknowledges(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR, auth.RoleCoordinator, auth.RoleMentor:
		return where == "in"
	}
	return false
}

// leaveOwn: the participant themself.
func leaveOwn(role, where string) bool { return role == auth.RoleParticipant && where == "in" }

func leaveSpecs() map[string]spec {
	const leavePerm perm = "leave" // decided by allow alone
	ask := func(e *env, c *matrixCase) (string, string) {
		return formType, form("placement_id", c.params["placement"], "kind", "personal", "start", "2027-03-10", "end", "2027-03-11", "reason", "家中有事")
	}
	askJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"placement_id":%s,"kind":"sick","start":"2027-03-10","end":"2027-03-10","reason":"发热就医"}`, c.params["placement"])
	}
	back := func(e *env, c *matrixCase) (string, string) {
		return formType, form("actual_start", "2026-08-20", "actual_end", "2026-08-21")
	}
	backJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, `{"actual_start":"2026-08-20","actual_end":"2026-08-20"}`
	}
	note := func(e *env, c *matrixCase) (string, string) { return jsonType, `{"note":"同意"}` }
	// The ask routes have no {id}: the case's placement is in the body, so
	// every place is walked through the "in" case only.
	asked := spec{perm: leavePerm, prep: leaveIn(placement.LeaveRequested), allow: leaveOwn}
	approved := leaveIn(placement.LeaveApproved)
	requested := leaveIn(placement.LeaveRequested)
	with := func(s spec, body func(e *env, c *matrixCase) (string, string)) spec { s.body = body; return s }
	return map[string]spec{
		"GET /leave-requests":                      {perm: anyUser},
		"POST /leave-requests":                     with(asked, ask),
		"GET /leave-requests/{id}":                 {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveSees},
		"POST /leave-requests/{id}/approve":        {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveDecides},
		"POST /leave-requests/{id}/refuse":         {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveDecides},
		"POST /leave-requests/{id}/acknowledge":    {perm: leavePerm, target: placementTarget, prep: approved, allow: leaveAcknowledges},
		"POST /leave-requests/{id}/close":          {perm: leavePerm, target: placementTarget, prep: approved, allow: leaveOwn, body: back},
		"POST /leave-requests/{id}/cancel":         {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveOwn},
		"GET /api/v1/leave-requests":               {perm: anyUser},
		"POST /api/v1/leave-requests":              with(asked, askJSON),
		"GET /api/v1/leave-requests/{id}":          {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveSees},
		"POST /api/v1/leave-requests/{id}/approve": {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveDecides, body: note},
		"POST /api/v1/leave-requests/{id}/refuse":  {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveDecides, body: note},
		"POST /api/v1/leave-requests/{id}/acknowledge": {perm: leavePerm, target: placementTarget, prep: approved,
			allow: leaveAcknowledges},
		"POST /api/v1/leave-requests/{id}/close":  {perm: leavePerm, target: placementTarget, prep: approved, allow: leaveOwn, body: backJSON},
		"POST /api/v1/leave-requests/{id}/cancel": {perm: leavePerm, target: placementTarget, prep: requested, allow: leaveOwn},
	}
}

// placedIn places the case's educator as leaveIn does and makes the
// placement the case's {id}.
func placedIn(e *env, c *matrixCase) {
	leaveIn(placement.LeaveRequested)(e, c)
	c.id, _ = strconv.ParseInt(c.params["placement"], 10, 64)
}

// leaveManages: the programme's organiser (the admin, the city, county A's
// HR and coordinator for county A's programme).
func leaveManages(role, where string) bool {
	switch role {
	case auth.RoleAdmin, auth.RoleCity:
		return true
	case auth.RoleCountyHR, auth.RoleCoordinator:
		return where == "in"
	}
	return false
}

// completionSpecs: the completion of a placement is read by whoever sees
// its leave; the participant writes the report, the mentor their
// assessment, the organiser the host's, the tasks, the result and the
// report-back mark (the last three answer 409 in the matrix, where nothing
// is assessed yet: allowed, but not possible).
func completionSpecs() map[string]spec {
	const p perm = "completion" // decided by allow alone
	report := func(e *env, c *matrixCase) (string, string) {
		return formType, form("report", strings.Repeat("挂职期间深入学习管理经验。", 20))
	}
	reportJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, fmt.Sprintf(`{"report":%q}`, strings.Repeat("挂职期间深入学习管理经验。", 20))
	}
	grades := func(e *env, c *matrixCase) (string, string) {
		return formType, form("ethics", "excellent", "dedication", "good", "outcomes", "pass", "comment", "认真")
	}
	gradesJSON := func(e *env, c *matrixCase) (string, string) {
		return jsonType, `{"items":[{"item":"ethics","grade":"excellent"},{"item":"dedication","grade":"good"},{"item":"outcomes","grade":"pass"}]}`
	}
	mark := func(e *env, c *matrixCase) (string, string) { return jsonType, `{"outstanding":true}` }
	at := func(allow func(role, where string) bool, body func(e *env, c *matrixCase) (string, string)) spec {
		return spec{perm: p, target: placementTarget, prep: placedIn, allow: allow, body: body}
	}
	return map[string]spec{
		"GET /placements/{id}/completion":                    at(leaveSees, nil),
		"POST /placements/{id}/completion/report":            at(leaveOwn, report),
		"POST /placements/{id}/completion/mentor":            at(func(role, where string) bool { return role == auth.RoleMentor && where == "in" }, grades),
		"POST /placements/{id}/completion/host":              at(leaveManages, grades),
		"POST /placements/{id}/completion/tasks":             at(leaveManages, nil),
		"POST /placements/{id}/completion/result":            at(leaveManages, nil),
		"POST /placements/{id}/completion/outstanding":       at(leaveManages, nil),
		"GET /api/v1/placements/{id}/completion":             at(leaveSees, nil),
		"PUT /api/v1/placements/{id}/completion/report":      at(leaveOwn, reportJSON),
		"PUT /api/v1/placements/{id}/completion/mentor":      at(func(role, where string) bool { return role == auth.RoleMentor && where == "in" }, gradesJSON),
		"PUT /api/v1/placements/{id}/completion/host":        at(leaveManages, gradesJSON),
		"POST /api/v1/placements/{id}/completion/tasks":      at(leaveManages, nil),
		"POST /api/v1/placements/{id}/completion/result":     at(leaveManages, nil),
		"PUT /api/v1/placements/{id}/completion/outstanding": at(leaveManages, mark),
	}
}
