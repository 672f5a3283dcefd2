package web_test

import (
	"context"
	"strconv"

	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
)

// After the placement as SPEC §1 and §4.5 state it: whoever sees a
// placement reads its follow-ups and its printable record; the home school
// (its admin, the county bureau over it) writes the school's review, the
// programme's organiser the organiser's (both answer 409 in the matrix,
// where the follow-up is not open yet: allowed, but not possible); the
// organiser schedules the report-back meeting, exports the placements and
// edits a requirement; whoever reads the programme's board reads its
// report-back. Anyone else gets 404 (or 403 where the programme is theirs
// to see but not to manage).

// followUpOf places the case's educator as placedIn does and gives the
// placement its follow-ups; the 6-month one is the param "followup", and
// the case's {id} when onFollowUp.
func followUpOf(onFollowUp bool) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) {
		placedIn(e, c)
		ctx := context.Background()
		if err := e.db.EnsureFollowUps(ctx, c.id, placement.FollowUpMonths); err != nil {
			e.t.Fatal(err)
		}
		fs, err := e.db.FindFollowUps(ctx, 0, c.id)
		if err != nil || len(fs) != 2 {
			e.t.Fatalf("follow-ups %v: %v", fs, err)
		}
		c.params["followup"] = strconv.FormatInt(fs[0].ID, 10)
		if onFollowUp {
			c.id = fs[0].ID
		}
	}
}

// onRequirement prepares a programme with a requirement, as the records'
// matrix does, and makes the requirement the case's {id}.
func onRequirement(e *env, c *matrixCase) {
	withPlacement(true)(e, c)
	c.id, _ = strconv.ParseInt(c.params["requirement"], 10, 64)
}

func placementFollowupSpecs() map[string]spec {
	const p perm = "followup" // decided by allow alone
	mentorIn := func(role, where string) bool { return role == auth.RoleMentor && where == "in" }
	// board: whoever reads the programme's placements list, and the mentor.
	board := func(role, where string) bool {
		return has(role, placeList) && reach(role, where, placementTarget) || mentorIn(role, where)
	}
	// reads: whoever sees the placement, and its mentor (the attendance sheet).
	reads := func(role, where string) bool {
		return has(role, placeOne) && reach(role, where, placementTarget) || mentorIn(role, where)
	}
	fixed := func(ct, body string) func(e *env, c *matrixCase) (string, string) {
		return func(e *env, c *matrixCase) (string, string) { return ct, body }
	}
	meeting := fixed(formType, form("batch_id", "0", "date", "2027-04-10", "time", "14:30", "place", "县教师进修学校", "attendees", "各校校长"))
	meetingJSON := fixed(jsonType, `{"batch_id":0,"date":"2027-04-10","time":"14:30","place":"县教师进修学校","attendees":"各校校长","note":""}`)
	review := fixed(formType, form("review", "返岗后牵头建立校本教研制度，成效明显。", "grade", "good"))
	reviewJSON := fixed(jsonType, `{"review":"返岗后牵头建立校本教研制度，成效明显。","grade":"good"}`)
	target := fixed(formType, form("name", "听课", "kind", "per_day", "counts", "observation", "target", "3"))
	targetJSON := fixed(jsonType, `{"target":3}`)
	at := func(allow func(role, where string) bool, prep func(e *env, c *matrixCase), body func(e *env, c *matrixCase) (string, string)) spec {
		return spec{perm: p, target: placementTarget, prep: prep, allow: allow, body: body}
	}
	programme := withPlacement(true)
	return map[string]spec{
		"GET /programmes/{id}/report-back":                             at(board, programme, nil),
		"POST /programmes/{id}/report-back":                            at(leaveManages, programme, meeting),
		"GET /programmes/{id}/placements.xlsx":                         at(leaveManages, programme, nil),
		"GET /placements/{id}/attendance.xlsx":                         at(reads, withPlacement(false), nil),
		"GET /placements/{id}/follow-ups":                              at(leaveSees, followUpOf(false), nil),
		"POST /placements/{id}/follow-ups/{followup}/school-review":    at(leaveDecides, followUpOf(false), review),
		"POST /placements/{id}/follow-ups/{followup}/organiser-review": at(leaveManages, followUpOf(false), review),
		"GET /placements/{id}/record":                                  at(leaveSees, placedIn, nil),
		"GET /programmes/{id}/requirements/{requirement}/edit":         at(leaveManages, programme, nil),
		"POST /programmes/{id}/requirements/{requirement}":             at(leaveManages, programme, target),
		"GET /api/v1/programmes/{id}/report-back":                      at(board, programme, nil),
		"PUT /api/v1/programmes/{id}/report-back":                      at(leaveManages, programme, meetingJSON),
		"GET /api/v1/placements/{id}/follow-ups":                       at(leaveSees, followUpOf(false), nil),
		"POST /api/v1/follow-ups/{id}/school-review":                   at(leaveDecides, followUpOf(true), reviewJSON),
		"POST /api/v1/follow-ups/{id}/organiser-review":                at(leaveManages, followUpOf(true), reviewJSON),
		"GET /api/v1/placements/{id}/record":                           at(leaveSees, placedIn, nil),
		"PUT /api/v1/requirements/{id}":                                at(leaveManages, onRequirement, targetJSON),
	}
}
