package web_test

import (
	"context"
	"fmt"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
)

// Mentor, group leader, coordinator as SPEC §1 and §4.4 state them: whoever
// reads a placement's records reads its mentoring; only its mentor writes
// coaching sessions and evaluations, only its participant the follow-up;
// the programme's organisers keep the check-ins and see who was not
// contacted; the organiser (or the group's leader, a participant) schedules
// group activities and records their attendance, which the group's members
// read. In the World the case's educator is placed in the case's programme
// and its group, with the World's mentor in the "in" case only; anyone else
// gets 404.

// withContacts places the case's educator as withPlacement does, in the
// programme's group, with a coaching session ("session") and a group
// activity of 2 March 2027 ("activity"); {id} is the placement, the
// programme, or the activity.
func withContacts(on string) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) {
		withPlacement(true)(e, c)
		ctx := context.Background()
		group, _ := strconv.ParseInt(c.params["group"], 10, 64)
		if _, err := e.db.SQL().ExecContext(ctx, `UPDATE secondment_placements SET group_id = $1 WHERE programme_id = $2 AND educator_id = $3`,
			group, c.id, c.educator); err != nil {
			e.t.Fatal(err)
		}
		keys, err := e.db.FindPlacementKeys(ctx, c.id, 0)
		if err != nil || len(keys) != 1 {
			e.t.Fatalf("placement keys %v: %v", keys, err)
		}
		s := &placement.Coaching{PlacementID: keys[0].ID, Date: app.NewDate(2027, 3, 2), Form: "individual", Topic: "听评课", Content: "建议",
			AuthorID: e.w.Actors[auth.RoleMentor].ID, AuthorName: "matrix", CreatedAt: e.db.Now()}
		if err := e.db.CreateCoaching(ctx, s); err != nil {
			e.t.Fatal(err)
		}
		a := &placement.GroupActivity{ProgrammeID: c.id, GroupID: group, ActivityPlan: placement.ActivityPlan{Date: app.NewDate(2027, 3, 2), Start: "08:30", End: "11:30",
			Place: "报告厅", Kind: "lecture", Topic: "讲座"}, CreatedBy: "matrix", CreatedAt: e.db.Now()}
		if err := e.db.CreateGroupActivity(ctx, a); err != nil {
			e.t.Fatal(err)
		}
		c.params["placement"], c.params["session"] = strconv.FormatInt(keys[0].ID, 10), strconv.FormatInt(s.ID, 10)
		c.params["programme"], c.params["activity"] = strconv.FormatInt(c.id, 10), strconv.FormatInt(a.ID, 10)
		switch on {
		case "placement":
			c.id = keys[0].ID
		case "activity":
			c.id = a.ID
		}
	}
}

func placementContactSpecs() map[string]spec {
	const p perm = "placement.contacts" // decided by allow alone
	mentorIn := func(role, where string) bool { return role == auth.RoleMentor && where == "in" }
	own := func(role, where string) bool { return role == auth.RoleParticipant && where == "in" }
	reads := func(role, where string) bool {
		return has(role, placeOne) && reach(role, where, placementTarget) || mentorIn(role, where)
	}
	manage := func(role, where string) bool { return has(role, progManage) && reach(role, where, programmeTarget) }
	member := func(role, where string) bool { return manage(role, where) || own(role, where) }
	at := func(on string, allow func(role, where string) bool, ct string, body func(c *matrixCase) string) spec {
		sp := spec{perm: p, target: placementTarget, prep: withContacts(on), allow: allow}
		if body != nil {
			sp.body = func(e *env, c *matrixCase) (string, string) { return ct, body(c) }
		}
		return sp
	}
	fixed := func(kv ...string) func(c *matrixCase) string { return func(*matrixCase) string { return form(kv...) } }
	text := func(s string) func(c *matrixCase) string { return func(*matrixCase) string { return s } }
	coaching := fixed("date", "2027-03-02", "form", "individual", "topic", "听评课", "content", "建议分层设问")
	evaluation := fixed("period", "2027年3月", "grade", "good", "comment", "勤于反思")
	checkIn := func(c *matrixCase) string {
		return form("placement_id", c.params["placement"], "date", "2027-03-02", "way", "phone", "notes", "了解情况")
	}
	checkInJSON := func(c *matrixCase) string {
		return fmt.Sprintf(`{"placement_id":%s,"date":"2027-03-02","way":"visit","notes":"到校走访"}`, c.params["placement"])
	}
	activity := func(c *matrixCase) string {
		return form("group_id", c.params["group"], "date", "2027-03-09", "start", "13:30", "end", "17:00", "place", "报告厅", "kind", "exchange", "topic", "交流")
	}
	activityJSON := func(c *matrixCase) string {
		return fmt.Sprintf(`{"group_id":%s,"date":"2027-03-09","start":"13:30","end":"17:00","place":"报告厅","kind":"lecture","topic":"讲座"}`, c.params["group"])
	}
	marks := func(c *matrixCase) string { return form("m_"+strconv.FormatInt(c.educator, 10), "absent") }
	marksJSON := func(c *matrixCase) string {
		return fmt.Sprintf(`{"marks":[{"educator_id":%d,"status":"present"}]}`, c.educator)
	}
	return map[string]spec{
		"GET /placements/{id}/mentoring":                           at("placement", reads, "", nil),
		"POST /placements/{id}/coaching":                           at("placement", mentorIn, formType, coaching),
		"POST /placements/{id}/coaching/{session}/follow-up":       at("placement", own, formType, fixed("follow_up", "已改进")),
		"POST /placements/{id}/evaluations":                        at("placement", mentorIn, formType, evaluation),
		"GET /programmes/{id}/check-ins":                           at("programme", manage, "", nil),
		"POST /programmes/{id}/check-ins":                          at("programme", manage, formType, checkIn),
		"GET /programmes/{id}/group-activities":                    at("programme", member, "", nil),
		"POST /programmes/{id}/group-activities":                   at("programme", manage, formType, activity),
		"POST /group-activities/{id}/attendance":                   at("activity", manage, formType, marks),
		"GET /api/v1/placements/{id}/mentoring":                    at("placement", reads, "", nil),
		"GET /api/v1/placements/{id}/coaching":                     at("placement", reads, "", nil),
		"POST /api/v1/placements/{id}/coaching":                    at("placement", mentorIn, jsonType, text(`{"date":"2027-03-02","form":"lesson","topic":"听评课","content":"建议"}`)),
		"PUT /api/v1/placements/{id}/coaching/{session}/follow-up": at("placement", own, jsonType, text(`{"follow_up":"已改进"}`)),
		"GET /api/v1/placements/{id}/evaluations":                  at("placement", reads, "", nil),
		"POST /api/v1/placements/{id}/evaluations":                 at("placement", mentorIn, jsonType, text(`{"period":"2027年3月","grade":"excellent","comment":"好"}`)),
		"GET /api/v1/programmes/{id}/check-ins":                    at("programme", manage, "", nil),
		"POST /api/v1/programmes/{id}/check-ins":                   at("programme", manage, jsonType, checkInJSON),
		"GET /api/v1/programmes/{id}/not-contacted":                at("programme", manage, "", nil),
		"GET /api/v1/programmes/{id}/group-activities":             at("programme", member, "", nil),
		"POST /api/v1/programmes/{id}/group-activities":            at("programme", manage, jsonType, activityJSON),
		"PUT /api/v1/group-activities/{id}/attendance":             at("activity", manage, jsonType, marksJSON),
	}
}
