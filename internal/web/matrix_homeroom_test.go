package web_test

// homeroomSpecs: whether an educator is a homeroom teacher (班主任) is
// set by those who write the educator's records (SPEC §1: the admin, the
// county's HR, the school's office), the same roles that import rosters,
// within their scope; the others who read the record are refused.
func homeroomSpecs() map[string]spec {
	post := func(*env, *matrixCase) (string, string) { return formType, form("homeroom", "1") }
	body := func(*env, *matrixCase) (string, string) { return jsonType, `{"homeroom":true}` }
	return map[string]spec{
		"POST /educators/{id}/homeroom": {perm: importRoster, target: educatorTarget, body: post},
		"PATCH /api/v1/educators/{id}":  {perm: importRoster, target: educatorTarget, body: body},
	}
}
