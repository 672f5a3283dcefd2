package plan_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
)

const validInstance = `{
  "version": 1,
  "policy": {"target": 2, "min_backbone": 1, "max_distance_km": 15, "backbone_to_rural_or_weak": true,
             "within_consortium": false, "max_out_share": 0.5},
  "weights": {"distance": 1.0, "preference": 2.0},
  "schools": [
    {"id": "S001", "rural": false, "weak": false, "x_km": 0, "y_km": 0, "consortium": "C1"},
    {"id": "S002", "rural": true, "weak": false, "x_km": 3, "y_km": 4, "consortium": "C1"},
    {"id": "S003", "rural": false, "weak": true, "x_km": -6, "y_km": 8}
  ],
  "staffing": [
    {"school": "S001", "subject": "数学", "min": 1, "max": 3},
    {"school": "S002", "subject": "数学", "min": 1, "max": 3},
    {"school": "S003", "subject": "数学", "min": 0, "max": 2}
  ],
  "teachers": [
    {"id": "T1", "school": "S001", "subject": "数学", "backbone": true, "candidate": true, "priority": 12.5, "prefs": ["S003", "S002"]},
    {"id": "T2", "school": "S001", "subject": "数学", "backbone": false, "candidate": true, "priority": 8},
    {"id": "T3", "school": "S002", "subject": "数学", "backbone": false, "candidate": false},
    {"id": "T4", "school": "S001", "subject": "数学", "backbone": false, "candidate": false}
  ]
}`

func TestReadInstanceValid(t *testing.T) {
	in, err := plan.ReadInstance(strings.NewReader(validInstance))
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Schools) != 3 || len(in.Teachers) != 4 || in.Policy.MaxOutShare != 0.5 || in.Teachers[0].Prefs[1] != "S002" {
		t.Fatalf("decoded %+v", in)
	}
	if in.Teachers[2].Priority != 0 || in.Schools[2].Consortium != "" {
		t.Error("optional fields must default to zero")
	}
	// WriteInstance and ReadInstance round-trip.
	var buf bytes.Buffer
	if err := plan.WriteInstance(&buf, in); err != nil {
		t.Fatal(err)
	}
	again, err := plan.ReadInstance(&buf)
	if err != nil {
		t.Fatalf("round trip: %v\n%s", err, buf.String())
	}
	if len(again.Teachers) != 4 || again.Teachers[0].Priority != 12.5 {
		t.Errorf("round trip lost data: %+v", again)
	}
}

func TestReadInstanceMalformed(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown school of a teacher", `"id": "T2", "school": "S001"`, `"id": "T2", "school": "S999"`,
			`teachers[1].school: unknown school "S999"`},
		{"unknown field", `"priority": 8}`, `"priority": 8, "age": 40}`, `teachers[1].age: unknown field`},
		{"wrong type", `"priority": 8}`, `"priority": "high"}`, `teachers[1].priority: must be a number`},
		{"integer expected", `"target": 2`, `"target": 2.5`, `policy.target: must be an integer`},
		{"missing required field", `"id": "T4", "school": "S001", "subject": "数学",`, `"id": "T4", "school": "S001",`,
			`teachers[3].subject: missing`},
		{"duplicate teacher", `"id": "T2"`, `"id": "T1"`, `teachers[1].id: duplicate teacher id "T1"`},
		{"duplicate school", `"id": "S003"`, `"id": "S001"`, `schools[2].id: duplicate school id "S001"`},
		{"negative min", `"subject": "数学", "min": 0, "max": 2`, `"subject": "数学", "min": -1, "max": 2`,
			`staffing[2].min: must not be negative`},
		{"min above max", `"subject": "数学", "min": 0, "max": 2`, `"subject": "数学", "min": 3, "max": 2`,
			`staffing[2].max: max 2 is below min 3`},
		{"staffing of an unknown school", `{"school": "S003"`, `{"school": "S404"`, `staffing[2].school: unknown school "S404"`},
		{"duplicate staffing row", `{"school": "S003", "subject": "数学"`, `{"school": "S002", "subject": "数学"`,
			`staffing[2]: duplicates staffing[1]`},
		{"version", `"version": 1`, `"version": 2`, `version: unsupported version 2`},
		{"missing version", `"version": 1,`, ``, `version: missing`},
		{"prefs naming an unknown school", `["S003", "S002"]`, `["S003", "S777"]`, `teachers[0].prefs[1]: unknown school "S777"`},
		{"duplicate prefs", `["S003", "S002"]`, `["S003", "S003"]`, `teachers[0].prefs[1]: duplicate school "S003"`},
		{"negative target", `"target": 2`, `"target": -2`, `policy.target: must not be negative`},
		{"share above one", `"max_out_share": 0.5`, `"max_out_share": 1.5`, `policy.max_out_share: must be between 0 and 1`},
		{"negative weight", `"distance": 1.0`, `"distance": -1.0`, `weights.distance: must not be negative`},
		{"empty subject", `"id": "T2", "school": "S001", "subject": "数学"`, `"id": "T2", "school": "S001", "subject": ""`,
			`teachers[1].subject: must not be empty`},
		{"number out of range", `"x_km": 3`, `"x_km": 1e999`, `schools[1].x_km: must be a number`},
		{"trailing data", `"version": 1,`, `"version": 1,`, ``},
		{"syntax error", `"version": 1,`, `"version": 1,,`, `invalid JSON at line 2`},
		{"schools not an array", ``, ``, `schools: must be an array`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(validInstance, tc.old, tc.new, 1)
			if tc.name == "trailing data" {
				src += " {}"
				tc.want = "(instance): unexpected data after the JSON value"
			}
			if tc.name == "schools not an array" {
				src = `{"version":1,"policy":{"target":0,"min_backbone":0},"schools":{},"teachers":[]}`
			}
			_, err := plan.ReadInstance(strings.NewReader(src))
			if err == nil {
				t.Fatal("no error")
			}
			var ie *plan.InstanceError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *InstanceError", err)
			}
			if app.ErrorCode(err) != app.Invalid {
				t.Errorf("code %s, want invalid", app.ErrorCode(err))
			}
			found := false
			for _, p := range ie.Problems {
				if strings.Contains(p.Path+": "+p.English, tc.want) {
					found = true
				}
				if p.Zh == "" {
					t.Errorf("problem %q has no Chinese message", p.Path)
				}
			}
			if !found {
				t.Errorf("problems %+v lack %q", ie.Problems, tc.want)
			}
		})
	}
}

func FuzzReadInstance(f *testing.F) {
	f.Add([]byte(validInstance))
	f.Add([]byte(`{"version":1,"policy":{"target":0,"min_backbone":0},"schools":[],"teachers":[]}`))
	f.Add([]byte(`{"version":1,"policy":{"target":1},"schools":[{"id":"a"}],"teachers":[{"id":"t","school":"b"}]}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := plan.ReadInstance(bytes.NewReader(data))
		if err != nil {
			if in != nil {
				t.Fatal("instance and error together")
			}
			return
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("ReadInstance accepted what Validate rejects: %v", err)
		}
		// Small valid instances must also solve without panicking.
		if len(in.Teachers) <= 30 && len(in.Schools) <= 10 {
			solveSmall(t, in)
		}
	})
}
