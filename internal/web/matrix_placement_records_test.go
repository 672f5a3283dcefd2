package web_test

import (
	"context"
	"strconv"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/secondment"
)

// The placement day by day as SPEC §1 and §4.4 state it: a participant
// reads and writes their own placement's records; the mentor reads their
// participants' and comments; the programme's managers read everything and
// comment; the participant's school admin reads their staff's. A
// participant sees only their own placement, a mentor only their
// participants: anyone else gets 404.

// placementOwn is writing one's own records: no role has it as such, the
// participant of the case's own placement does (allow).
const placementOwn perm = "placement.own"

// withPlacement places the case's educator in the case's programme at a
// host, with the World's mentor as mentor (granted over the programme) in
// the case's own place only, and writes a log; {id} is the placement, or
// the programme when onProgramme.
func withPlacement(onProgramme bool) func(e *env, c *matrixCase) {
	return func(e *env, c *matrixCase) {
		withSecondment(e, c)
		ctx := context.Background()
		batch, _ := strconv.ParseInt(c.params["batch"], 10, 64)
		host, _ := strconv.ParseInt(c.params["host"], 10, 64)
		pl := &secondment.Placement{ProgrammeID: c.id, EducatorID: c.educator, BatchID: batch,
			HostAssignment: secondment.HostAssignment{HostID: host}, UpdatedBy: "matrix", UpdatedAt: e.db.Now()}
		if c.where == "in" {
			mentor := e.w.Actors[auth.RoleMentor]
			pl.MentorID = mentor.ID
			g := &app.Grant{Role: auth.RoleMentor, ScopeKind: auth.ScopeProgramme, ScopeID: c.id}
			if err := e.db.CreateGrant(ctx, mentor.ID, g, e.db.Now()); err != nil {
				e.t.Fatal(err)
			}
		}
		if err := e.db.SavePlacement(ctx, pl); err != nil {
			e.t.Fatal(err)
		}
		keys, err := e.db.FindPlacementKeys(ctx, c.id, 0)
		if err != nil || len(keys) != 1 {
			e.t.Fatalf("placement keys %v: %v", keys, err)
		}
		r := &placement.Record{PlacementID: keys[0].ID, Kind: placement.KindDeliverable, Type: "paper", Topic: "论文", Date: app.NewDate(2027, time.March, 1), Body: "正文", Version: 1,
			CreatedBy: "matrix", CreatedAt: e.db.Now(), UpdatedBy: "matrix", UpdatedAt: e.db.Now()}
		if err := e.db.CreatePlacementRecord(ctx, r); err != nil {
			e.t.Fatal(err)
		}
		q := &placement.Requirement{ProgrammeID: c.id, Position: 1, Name: unique("听课"), Kind: placement.PerDay, Counts: []string{"observation"}, Target: 2}
		if err := e.db.CreatePlacementRequirement(ctx, q); err != nil {
			e.t.Fatal(err)
		}
		c.params["record"], c.params["requirement"] = strconv.FormatInt(r.ID, 10), strconv.FormatInt(q.ID, 10)
		if !onProgramme {
			c.id = keys[0].ID
		}
	}
}

// pdfUpload is a multipart body holding a one-line PDF, as field file.
const pdfUpload = "pdf:multipart/form-data; boundary=matrixboundary"

func placementRecordSpecs() map[string]spec {
	onPlacement, onProgramme := withPlacement(false), withPlacement(true)
	mentorIn := func(role, where string) bool { return role == auth.RoleMentor && where == "in" }
	// reads: whoever sees the placement (secondment's placeOne), and its mentor.
	reads := func(role, where string) bool {
		return has(role, placeOne) && reach(role, where, placementTarget) || mentorIn(role, where)
	}
	// own: the participant of the case's own placement.
	own := func(role, where string) bool { return role == auth.RoleParticipant && where == "in" }
	// host: the mentor and the programme's managers (comments, signing in for the host).
	host := func(role, where string) bool {
		return has(role, progManage) && reach(role, where, programmeTarget) || mentorIn(role, where)
	}
	// board: whoever reads the programme's placements list, and the mentor.
	board := func(role, where string) bool {
		return has(role, placeList) && reach(role, where, placementTarget) || mentorIn(role, where)
	}
	read := spec{perm: placeOne, target: placementTarget, prep: onPlacement, allow: reads}
	write := func(allow func(role, where string) bool, ct string, kv ...string) spec {
		return spec{perm: placementOwn, target: placementTarget, prep: onPlacement, allow: allow,
			body: func(e *env, c *matrixCase) (string, string) {
				if ct == jsonType || ct == pdfUpload {
					return strings.TrimPrefix(ct, "pdf:"), kv[0]
				}
				return ct, form(kv...)
			}}
	}
	manage := func(ct, body string) spec {
		return spec{perm: progManage, target: programmeTarget, prep: onProgramme,
			body: func(e *env, c *matrixCase) (string, string) { return ct, body }}
	}
	return map[string]spec{
		"GET /placements/{id}":                            read,
		"GET /placements/{id}/progress":                   read,
		"GET /placements/{id}/plan":                       read,
		"POST /placements/{id}/plan":                      write(own, formType, "body", "研修计划"),
		"GET /placements/{id}/logs":                       read,
		"POST /placements/{id}/logs":                      write(own, formType, "date", "2027-03-02", "schedule", "跟岗"),
		"GET /placements/{id}/observations":               read,
		"POST /placements/{id}/observations":              write(own, formType, "date", "2027-03-02", "subject", "数学", "teacher", "周老师"),
		"GET /placements/{id}/deliverables":               read,
		"POST /placements/{id}/deliverables":              write(own, formType, "type", "paper", "title", "论文"),
		"GET /placements/{id}/records/{record}":           read,
		"POST /placements/{id}/records/{record}":          write(own, formType, "body", "改过的安排"),
		"POST /placements/{id}/records/{record}/comments": write(host, formType, "body", "很好"),
		"POST /placements/{id}/records/{record}/files": write(own, pdfUpload, "--matrixboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"+
			"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--matrixboundary--\r\n"),
		"GET /placements/{id}/attendance":                         read,
		"POST /placements/{id}/attendance":                        write(func(r, w string) bool { return own(r, w) || host(r, w) }, formType, "date", ""),
		"GET /programmes/{id}/board":                              {perm: placeList, target: placementTarget, prep: onProgramme, allow: board},
		"POST /programmes/{id}/requirements":                      manage(formType, form("name", unique("出勤"), "kind", "presence", "target", "100")),
		"POST /programmes/{id}/requirements/set":                  manage(formType, form("set", "002")),
		"POST /programmes/{id}/requirements/{requirement}/delete": manage("", ""),
		"GET /api/v1/placements/{id}/progress":                    read,
		"GET /api/v1/placements/{id}/logs":                        read,
		"POST /api/v1/placements/{id}/logs":                       write(own, jsonType, `{"date":"2027-03-02","schedule":"跟岗","reflection":""}`),
		"GET /api/v1/placements/{id}/observations":                read,
		"POST /api/v1/placements/{id}/observations":               write(own, jsonType, `{"date":"2027-03-02","period":"第1节","class":"初二1班","subject":"数学","teacher":"周老师","topic":"函数","notes":"","reflection":""}`),
		"GET /api/v1/placements/{id}/deliverables":                read,
		"POST /api/v1/placements/{id}/deliverables":               write(own, jsonType, `{"type":"paper","title":"论文"}`),
		"POST /api/v1/placements/{id}/attendance":                 write(func(r, w string) bool { return own(r, w) || host(r, w) }, jsonType, `{}`),
		"POST /api/v1/placements/{id}/records/{record}/comments":  write(host, jsonType, `{"body":"很好"}`),
		"GET /api/v1/programmes/{id}/board":                       {perm: placeList, target: placementTarget, prep: onProgramme, allow: board},
		"GET /api/v1/programmes/{id}/requirements":                {perm: placeList, target: placementTarget, prep: onProgramme, allow: board},
		"POST /api/v1/programmes/{id}/requirements":               manage(jsonType, `{"name":"论文","kind":"total","counts":["deliverable:paper"],"target":1}`),
	}
}
