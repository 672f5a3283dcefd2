package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"jiaoliu/internal/app"
)

// Instance is one year's planning problem of a county, as fixed by
// PLANNER.md: the policy, the weights of the objective, the schools with
// their staffing quotas, and every teacher of those schools. The same
// instance file always gives the same plan.
type Instance struct {
	Version  int        `json:"version"`
	Policy   Policy     `json:"policy"`
	Weights  Weights    `json:"weights"`
	Schools  []School   `json:"schools"`
	Staffing []Staffing `json:"staffing"`
	Teachers []Teacher  `json:"teachers"`
}

// Policy holds the county's rotation rules for the year.
type Policy struct {
	// Target is the exact number of teachers who move.
	Target int `json:"target"`
	// MinBackbone is the least number of backbone teachers (骨干教师) among them.
	MinBackbone int `json:"min_backbone"`
	// MaxDistanceKm limits how far a teacher who is not backbone moves; 0 is no limit.
	MaxDistanceKm float64 `json:"max_distance_km"`
	// BackboneToRuralOrWeak sends backbone teachers only to rural or weak (薄弱) schools.
	BackboneToRuralOrWeak bool `json:"backbone_to_rural_or_weak"`
	// WithinConsortium keeps every move inside one consortium (办学联合体).
	WithinConsortium bool `json:"within_consortium"`
	// MaxOutShare caps the moves out of a school at floor(share × staff); 0 is no cap.
	MaxOutShare float64 `json:"max_out_share"`
}

// Weights weigh distance and unmet preferences against priority.
type Weights struct {
	Distance   float64 `json:"distance"`
	Preference float64 `json:"preference"`
}

// School is a school of the county, with its location in kilometres.
type School struct {
	ID         string  `json:"id"`
	Rural      bool    `json:"rural"`
	Weak       bool    `json:"weak"`
	XKm        float64 `json:"x_km"`
	YKm        float64 `json:"y_km"`
	Consortium string  `json:"consortium,omitempty"`
}

// Staffing is the staffing quota (编制) of one subject at one school: after
// the moves the school has between Min and Max teachers of the subject.
// A (school, subject) without a row must keep its current number.
type Staffing struct {
	School  string `json:"school"`
	Subject string `json:"subject"`
	Min     int    `json:"min"`
	Max     int    `json:"max"`
}

// Teacher is a teacher of a listed school. Only candidates may move.
type Teacher struct {
	ID        string   `json:"id"`
	School    string   `json:"school"`
	Subject   string   `json:"subject"`
	Backbone  bool     `json:"backbone"`
	Candidate bool     `json:"candidate"`
	Priority  float64  `json:"priority"`
	Prefs     []string `json:"prefs,omitempty"`
}

// InstanceVersion is the only instance format version this package reads.
const InstanceVersion = 1

// maxProblems bounds the number of problems one InstanceError reports.
const maxProblems = 20

// Problem is one defect of an instance: the path of the offending field
// (like teachers[17].school) and what is wrong, in Chinese and English.
type Problem struct {
	Path    string
	Zh      string
	English string
}

// InstanceError lists the defects that make an instance malformed, in the
// order of the file. ReadInstance and Validate return it wrapped in an
// *app.Error with code app.Invalid.
type InstanceError struct {
	Problems []Problem
}

func (e *InstanceError) Error() string {
	if len(e.Problems) == 0 {
		return "malformed instance"
	}
	s := e.Problems[0].Path + ": " + e.Problems[0].English
	if n := len(e.Problems) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}

// problems collects Problems up to maxProblems.
type problems struct {
	list      []Problem
	truncated bool
}

func (p *problems) add(path, zh, en string) {
	if len(p.list) >= maxProblems {
		p.truncated = true
		return
	}
	p.list = append(p.list, Problem{Path: path, Zh: zh, English: en})
}

func (p *problems) full() bool { return len(p.list) >= maxProblems }

func (p *problems) err(op string) error {
	if len(p.list) == 0 {
		return nil
	}
	ie := &InstanceError{Problems: p.list}
	zh := make([]string, len(p.list))
	en := make([]string, len(p.list))
	for i, q := range p.list {
		zh[i] = q.Path + "：" + q.Zh
		en[i] = q.Path + ": " + q.English
	}
	more := ""
	if p.truncated {
		more = "；……"
	}
	return &app.Error{
		Code:    app.Invalid,
		Message: "方案实例文件有误：" + strings.Join(zh, "；") + more,
		English: "Malformed instance: " + strings.Join(en, "; "),
		Op:      op,
		Err:     ie,
	}
}

// The wire forms: pointers tell a missing field from a zero one.
type (
	rawInstance struct {
		Version  *int              `json:"version"`
		Policy   json.RawMessage   `json:"policy"`
		Weights  json.RawMessage   `json:"weights"`
		Schools  []json.RawMessage `json:"schools"`
		Staffing []json.RawMessage `json:"staffing"`
		Teachers []json.RawMessage `json:"teachers"`
	}
	rawPolicy struct {
		Target                *int     `json:"target"`
		MinBackbone           *int     `json:"min_backbone"`
		MaxDistanceKm         *float64 `json:"max_distance_km"`
		BackboneToRuralOrWeak *bool    `json:"backbone_to_rural_or_weak"`
		WithinConsortium      *bool    `json:"within_consortium"`
		MaxOutShare           *float64 `json:"max_out_share"`
	}
	rawWeights struct {
		Distance   *float64 `json:"distance"`
		Preference *float64 `json:"preference"`
	}
	rawSchool struct {
		ID         *string  `json:"id"`
		Rural      *bool    `json:"rural"`
		Weak       *bool    `json:"weak"`
		XKm        *float64 `json:"x_km"`
		YKm        *float64 `json:"y_km"`
		Consortium *string  `json:"consortium"`
	}
	rawStaffing struct {
		School  *string `json:"school"`
		Subject *string `json:"subject"`
		Min     *int    `json:"min"`
		Max     *int    `json:"max"`
	}
	rawTeacher struct {
		ID        *string  `json:"id"`
		School    *string  `json:"school"`
		Subject   *string  `json:"subject"`
		Backbone  *bool    `json:"backbone"`
		Candidate *bool    `json:"candidate"`
		Priority  *float64 `json:"priority"`
		Prefs     []string `json:"prefs"`
	}
)

// ReadInstance decodes an instance file strictly and validates it. The file
// must be one JSON object of format version 1 with no unknown fields; the
// fields PLANNER.md does not call optional are required (staffing may be
// left out when there are no quotas). Every problem found names its field
// and element, e.g. `teachers[17].school: unknown school "S999"`; see
// Validate for the rules. The error is an *app.Error with code app.Invalid
// wrapping an *InstanceError.
func ReadInstance(r io.Reader) (*Instance, error) {
	const op = "plan.ReadInstance"
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, app.Wrap(op, err)
	}
	var ps problems
	var raw rawInstance
	if !decodeStrict(data, &raw, "", &ps) {
		return nil, ps.err(op)
	}
	in := &Instance{}
	if raw.Version == nil {
		ps.add("version", "缺少必填字段", "missing")
	} else {
		in.Version = *raw.Version
	}
	if raw.Policy == nil {
		ps.add("policy", "缺少必填字段", "missing")
	} else {
		var p rawPolicy
		if decodeStrict(raw.Policy, &p, "policy", &ps) {
			required(&ps, "policy.target", p.Target != nil)
			required(&ps, "policy.min_backbone", p.MinBackbone != nil)
			in.Policy = Policy{
				Target:                deref(p.Target),
				MinBackbone:           deref(p.MinBackbone),
				MaxDistanceKm:         deref(p.MaxDistanceKm),
				BackboneToRuralOrWeak: deref(p.BackboneToRuralOrWeak),
				WithinConsortium:      deref(p.WithinConsortium),
				MaxOutShare:           deref(p.MaxOutShare),
			}
		}
	}
	if raw.Weights != nil {
		var w rawWeights
		if decodeStrict(raw.Weights, &w, "weights", &ps) {
			in.Weights = Weights{Distance: deref(w.Distance), Preference: deref(w.Preference)}
		}
	}
	required(&ps, "schools", raw.Schools != nil)
	required(&ps, "teachers", raw.Teachers != nil)
	in.Schools = make([]School, 0, len(raw.Schools))
	for i, m := range raw.Schools {
		path := fmt.Sprintf("schools[%d]", i)
		var s rawSchool
		if !decodeStrict(m, &s, path, &ps) {
			continue
		}
		required(&ps, path+".id", s.ID != nil)
		required(&ps, path+".rural", s.Rural != nil)
		required(&ps, path+".weak", s.Weak != nil)
		required(&ps, path+".x_km", s.XKm != nil)
		required(&ps, path+".y_km", s.YKm != nil)
		in.Schools = append(in.Schools, School{ID: deref(s.ID), Rural: deref(s.Rural), Weak: deref(s.Weak),
			XKm: deref(s.XKm), YKm: deref(s.YKm), Consortium: deref(s.Consortium)})
	}
	in.Staffing = make([]Staffing, 0, len(raw.Staffing))
	for i, m := range raw.Staffing {
		path := fmt.Sprintf("staffing[%d]", i)
		var s rawStaffing
		if !decodeStrict(m, &s, path, &ps) {
			continue
		}
		required(&ps, path+".school", s.School != nil)
		required(&ps, path+".subject", s.Subject != nil)
		required(&ps, path+".min", s.Min != nil)
		required(&ps, path+".max", s.Max != nil)
		in.Staffing = append(in.Staffing, Staffing{School: deref(s.School), Subject: deref(s.Subject),
			Min: deref(s.Min), Max: deref(s.Max)})
	}
	in.Teachers = make([]Teacher, 0, len(raw.Teachers))
	for i, m := range raw.Teachers {
		path := fmt.Sprintf("teachers[%d]", i)
		var t rawTeacher
		if !decodeStrict(m, &t, path, &ps) {
			continue
		}
		required(&ps, path+".id", t.ID != nil)
		required(&ps, path+".school", t.School != nil)
		required(&ps, path+".subject", t.Subject != nil)
		required(&ps, path+".backbone", t.Backbone != nil)
		required(&ps, path+".candidate", t.Candidate != nil)
		in.Teachers = append(in.Teachers, Teacher{ID: deref(t.ID), School: deref(t.School), Subject: deref(t.Subject),
			Backbone: deref(t.Backbone), Candidate: deref(t.Candidate), Priority: deref(t.Priority), Prefs: t.Prefs})
	}
	if len(ps.list) > 0 {
		// Element indexes of the decoded slices no longer match the file.
		return nil, ps.err(op)
	}
	in.validate(&ps)
	if err := ps.err(op); err != nil {
		return nil, err
	}
	return in, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func required(ps *problems, path string, present bool) {
	if !present {
		ps.add(path, "缺少必填字段", "missing")
	}
}

// decodeStrict decodes one JSON value into v, rejecting unknown fields and
// trailing data, and records a problem under path when it fails.
func decodeStrict(data []byte, v any, path string, ps *problems) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			ps.add(orRoot(path), "JSON 之后还有多余内容", "unexpected data after the JSON value")
			return false
		}
		return true
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		ps.add(orRoot(path), fmt.Sprintf("JSON 格式错误（第%d行第%d列）：%s", line, col, syn.Error()),
			fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, syn.Error()))
	case errors.As(err, &typ):
		field := joinPath(path, typ.Field)
		want, wantEn := typeName(typ.Type.String())
		ps.add(orRoot(field), fmt.Sprintf("应为%s，实际是 %s", want, typ.Value),
			fmt.Sprintf("must be %s, got %s", wantEn, typ.Value))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		ps.add(orRoot(path), "JSON 不完整", "truncated JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		ps.add(joinPath(path, name), "未知字段", "unknown field")
	default:
		ps.add(orRoot(path), "无法解析："+err.Error(), "cannot decode: "+err.Error())
	}
	return false
}

func orRoot(path string) string {
	if path == "" {
		return "(instance)"
	}
	return path
}

func joinPath(prefix, field string) string {
	if field == "" {
		return prefix
	}
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// typeName names a Go type in the words of a file's author.
func typeName(goType string) (zh, en string) {
	switch strings.TrimPrefix(goType, "*") {
	case "int":
		return "整数", "an integer"
	case "float64":
		return "数字", "a number"
	case "bool":
		return "true 或 false", "true or false"
	case "string":
		return "字符串", "a string"
	case "[]string":
		return "字符串数组", "an array of strings"
	case "[]json.RawMessage":
		return "数组", "an array"
	default:
		return "对象", "an object"
	}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col = 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Validate checks the rules of an instance that decoding cannot: version 1;
// non-empty, unique school and teacher ids; staffing rows and teachers naming
// listed schools; at most one staffing row per (school, subject) with
// 0 ≤ min ≤ max; non-empty subjects; prefs naming listed schools, each at most
// once; target, min_backbone and max_distance_km not negative; max_out_share
// between 0 and 1; weights not negative (they are penalties); every number
// finite. The error is an *app.Error with code app.Invalid wrapping an
// *InstanceError.
func (in *Instance) Validate() error {
	var ps problems
	in.validate(&ps)
	return ps.err("plan.Validate")
}

func (in *Instance) validate(ps *problems) {
	if in.Version != InstanceVersion {
		ps.add("version", fmt.Sprintf("不支持的版本 %d，应为 %d", in.Version, InstanceVersion),
			fmt.Sprintf("unsupported version %d, want %d", in.Version, InstanceVersion))
	}
	p := in.Policy
	if p.Target < 0 {
		ps.add("policy.target", "不能为负数", "must not be negative")
	}
	if p.MinBackbone < 0 {
		ps.add("policy.min_backbone", "不能为负数", "must not be negative")
	}
	checkNumber(ps, "policy.max_distance_km", p.MaxDistanceKm, 0, math.MaxFloat64)
	checkNumber(ps, "policy.max_out_share", p.MaxOutShare, 0, 1)
	checkNumber(ps, "weights.distance", in.Weights.Distance, 0, math.MaxFloat64)
	checkNumber(ps, "weights.preference", in.Weights.Preference, 0, math.MaxFloat64)

	schools := make(map[string]int, len(in.Schools))
	for i, s := range in.Schools {
		path := fmt.Sprintf("schools[%d]", i)
		switch _, dup := schools[s.ID]; {
		case s.ID == "":
			ps.add(path+".id", "不能为空", "must not be empty")
		case dup:
			ps.add(path+".id", fmt.Sprintf("学校编号 %q 重复", s.ID), fmt.Sprintf("duplicate school id %q", s.ID))
		default:
			schools[s.ID] = i
		}
		checkNumber(ps, path+".x_km", s.XKm, -math.MaxFloat64, math.MaxFloat64)
		checkNumber(ps, path+".y_km", s.YKm, -math.MaxFloat64, math.MaxFloat64)
		if ps.full() {
			return
		}
	}
	type cell struct{ school, subject string }
	rows := make(map[cell]int, len(in.Staffing))
	for i, s := range in.Staffing {
		path := fmt.Sprintf("staffing[%d]", i)
		if _, ok := schools[s.School]; !ok {
			unknownSchool(ps, path+".school", s.School)
		}
		if s.Subject == "" {
			ps.add(path+".subject", "不能为空", "must not be empty")
		}
		if s.Min < 0 {
			ps.add(path+".min", "不能为负数", "must not be negative")
		}
		if s.Max < 0 {
			ps.add(path+".max", "不能为负数", "must not be negative")
		} else if s.Max < s.Min {
			ps.add(path+".max", fmt.Sprintf("上限 %d 小于下限 %d", s.Max, s.Min),
				fmt.Sprintf("max %d is below min %d", s.Max, s.Min))
		}
		c := cell{s.School, s.Subject}
		if j, dup := rows[c]; dup {
			ps.add(path, fmt.Sprintf("与 staffing[%d] 重复（同一学校同一学科）", j),
				fmt.Sprintf("duplicates staffing[%d] (same school and subject)", j))
		} else {
			rows[c] = i
		}
		if ps.full() {
			return
		}
	}
	teachers := make(map[string]int, len(in.Teachers))
	for i, t := range in.Teachers {
		path := fmt.Sprintf("teachers[%d]", i)
		switch _, dup := teachers[t.ID]; {
		case t.ID == "":
			ps.add(path+".id", "不能为空", "must not be empty")
		case dup:
			ps.add(path+".id", fmt.Sprintf("教师编号 %q 重复", t.ID), fmt.Sprintf("duplicate teacher id %q", t.ID))
		default:
			teachers[t.ID] = i
		}
		if _, ok := schools[t.School]; !ok {
			unknownSchool(ps, path+".school", t.School)
		}
		if t.Subject == "" {
			ps.add(path+".subject", "不能为空", "must not be empty")
		}
		checkNumber(ps, path+".priority", t.Priority, -math.MaxFloat64, math.MaxFloat64)
		for k, pref := range t.Prefs {
			if _, ok := schools[pref]; !ok {
				unknownSchool(ps, fmt.Sprintf("%s.prefs[%d]", path, k), pref)
				continue
			}
			for _, earlier := range t.Prefs[:k] {
				if earlier == pref {
					ps.add(fmt.Sprintf("%s.prefs[%d]", path, k), fmt.Sprintf("志愿学校 %q 重复", pref),
						fmt.Sprintf("duplicate school %q", pref))
					break
				}
			}
		}
		if ps.full() {
			return
		}
	}
}

func unknownSchool(ps *problems, path, id string) {
	ps.add(path, fmt.Sprintf("未知学校 %q", id), fmt.Sprintf("unknown school %q", id))
}

// checkNumber requires lo ≤ v ≤ hi and v finite.
func checkNumber(ps *problems, path string, v, lo, hi float64) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		ps.add(path, "必须是有限数", "must be a finite number")
	case v < lo && lo == 0:
		ps.add(path, "不能为负数", "must not be negative")
	case v < lo || v > hi:
		ps.add(path, fmt.Sprintf("必须在 %g 到 %g 之间", lo, hi), fmt.Sprintf("must be between %g and %g", lo, hi))
	}
}

// WriteInstance writes in as indented JSON, the form ReadInstance reads.
func WriteInstance(w io.Writer, in *Instance) error {
	out := *in
	out.Schools = nonNil(out.Schools)
	out.Staffing = nonNil(out.Staffing)
	out.Teachers = nonNil(out.Teachers)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
