package planning

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/rotation"
)

// Data is what an instance is built from, read from the registry for one
// county and school year.
type Data struct {
	County *org.County
	Year   int
	Policy *rotation.Policy
	// Schools are every school of the county.
	Schools []*org.School
	// People are every educator of the county, at their registry school.
	People []*rotation.Person
	// Careers are the career histories, read for principal plans (the
	// new-principal prerequisite).
	Careers map[int64][]rotation.CareerRow
	// Eligible holds, by educator, the verdicts of those who must rotate on
	// the reference date (exempt ones included).
	Eligible map[int64]*rotation.Eligibility
	// Exchanges are the county's exchanges (origin or host) that bear on
	// the year: those of the year and those still running.
	Exchanges []*rotation.Exchange
	// Inputs are the planning inputs of the year, by educator.
	Inputs map[int64]*Input
	// Staffing are the bounds edited per school and subject for the year and mode.
	Staffing []*StaffingRow
	// Establishment is each school's filed establishment (编制, seed 004)
	// by school id, where the county has filed an allocation.
	Establishment map[int64]int
}

// Facts are what a plan's page explains its moves with: the people and
// schools behind the instance's ids, the priority of each candidate in
// parts, and how the target was counted. They are stored with the plan.
type Facts struct {
	Reference app.Date `json:"reference_date"`
	// PolicyVersion is the version of the policy in force (0: defaults).
	PolicyVersion int    `json:"policy_version"`
	PolicyYear    int    `json:"policy_year"`
	TeacherRule   string `json:"teacher_rule"`
	HeadRule      string `json:"head_rule"`
	// Base counts those who must rotate under the plan's rules (exempt ones
	// included: they stay in the base of the quota); Existing those of them
	// who already have an exchange of the year that counts.
	Base             int `json:"base"`
	Existing         int `json:"existing"`
	ExistingBackbone int `json:"existing_backbone"`
	QuotaPercent     int `json:"quota_percent"`
	BackbonePercent  int `json:"backbone_percent"`
	// QuotaTarget is ⌈quota × base⌉ − existing, the target unless set.
	QuotaTarget int `json:"quota_target"`
	// Candidates counts the teachers who may move; Exempt those who must
	// rotate but are deferred; Busy those who already have an exchange.
	Candidates int `json:"candidates"`
	Exempt     int `json:"exempt"`
	Busy       int `json:"busy"`
	// Teachers are the candidates, by instance id.
	Teachers map[string]*TeacherFact `json:"teachers"`
	// Schools are the listed schools, by instance id (the school code).
	Schools map[string]*SchoolFact `json:"schools"`
	// Warnings say what the registry lacked (coordinates, subjects).
	Warnings []string `json:"warnings"`
}

// PriorityParts are the parts of a candidate's priority (优先分) and the
// inputs behind them.
type PriorityParts struct {
	Volunteer      bool     `json:"volunteer"`
	Score          *float64 `json:"score"`
	LastRanked     bool     `json:"last_ranked"`
	PriorityVol    float64  `json:"priority_volunteer"`
	PriorityTenure float64  `json:"priority_tenure"`
	PriorityScore  float64  `json:"priority_score"`
	PriorityLast   float64  `json:"priority_last_ranked"`
}

// TeacherFact is one candidate as the plan's page shows them.
type TeacherFact struct {
	EducatorID   int64  `json:"educator_id"`
	Name         string `json:"name"`
	Post         string `json:"post"`
	Subject      string `json:"subject"` // as in the registry
	Backbone     string `json:"backbone"`
	Rule         string `json:"rule"`
	Reason       string `json:"reason"`
	ReasonEn     string `json:"reason_en,omitempty"`
	TenureYears  int    `json:"tenure_years"`
	TenureMonths int    `json:"tenure_months"`
	// The parts of the priority (优先分), and the inputs behind them.
	PriorityParts
	// NewPrincipal is the new-principal prerequisite of SPEC §3.5 (principal plans).
	NewPrincipal *rotation.Prerequisite `json:"new_principal,omitempty"`
}

// SchoolFact is one listed school.
type SchoolFact struct {
	ID         int64   `json:"id"`
	Name       string  `json:"name"`
	Level      string  `json:"level"`
	Location   string  `json:"location_type"`
	Weak       bool    `json:"weak"`
	Village    bool    `json:"village_point"`
	Consortium string  `json:"consortium"`
	Rural      bool    `json:"rural"`
	XKm        float64 `json:"x_km"`
	YKm        float64 `json:"y_km"`
	// Located is false for a school the registry gives no coordinates:
	// it stands at the county's centre.
	Located bool `json:"located"`
}

// TeacherKey is a teacher's id in instance files: T and the educator id.
// Names and ID numbers stay out of the files a bureau hands around.
func TeacherKey(educatorID int64) string { return "T" + strconv.FormatInt(educatorID, 10) }

// EducatorOf returns the educator id of a teacher key, or 0.
func EducatorOf(key string) int64 {
	if len(key) < 2 || key[0] != 'T' {
		return 0
	}
	id, err := strconv.ParseInt(key[1:], 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// The post subjects of a principal plan.
const (
	subjectPrincipal = "校长"
	subjectVice      = "副校长"
	subjectNone      = "未填学科"
)

// StageOf names the stage of a school level for stage-bound subjects: a
// teacher's qualification (教师资格) is for primary or junior secondary
// school; a nine-year school's teachers may hold either, which the registry
// does not say, so they form a stage of their own.
func StageOf(level string) string {
	switch level {
	case "primary":
		return "小学"
	case "junior", "complete":
		return "初中"
	case "nine_year":
		return "九年一贯制"
	}
	return ""
}

// earthRadiusKm is the mean radius of the earth (IUGG).
const earthRadiusKm = 6371.0088

// Build turns the data into the instance of PLANNER.md and the facts that
// explain it. It is pure: the same data and settings give the same
// instance, byte for byte once written.
//
//   - Schools: the county's compulsory schools its policy covers (and, for
//     principals, not village teaching points, which the principal rule
//     leaves out), by code. x_km and y_km project longitude and latitude
//     equirectangularly around the centroid of the located schools (error
//     well under 1 % within a county); rural is 镇区 or 乡村 unless the policy
//     counts 镇区 as urban, as rotation's directions do.
//   - Teachers: everyone who teaches at a listed school during the year —
//     at the host school when an exchange covers the year — with the first
//     of their subjects (the registry lists the main subject first; a
//     teacher moves in it), qualified by stage when ByStage. In a principal
//     plan the subject is the post.
//   - Candidates: those who must rotate on the reference date under the
//     plan's rule, not deferred, with no exchange of the year yet.
//   - Target: ⌈quota % × base⌉ − existing unless set; min_backbone:
//     ⌈backbone % × (existing + target)⌉ − existing backbone unless set.
func Build(d *Data, s Settings, mode Mode) (*plan.Instance, *Facts, error) {
	in, f, _, err := assemble(d, s, mode)
	return in, f, err
}

// CellInfo is one (school, subject) of an instance: today's teachers, the
// default bounds and the bounds used.
type CellInfo struct {
	SchoolID int64  `json:"school_id"`
	Code     string `json:"school_code"`
	Subject  string `json:"subject"` // as edited: the subject or post without the stage
	Key      string `json:"key"`     // as in the instance
	Current  int    `json:"current"`
	DefMin   int    `json:"default_min"`
	DefMax   int    `json:"default_max"`
	Min      int    `json:"min"`
	Max      int    `json:"max"`
	Edited   bool   `json:"edited"`
}

// assembly is the state of one Build: the data, the settings, and the
// instance and facts as they grow, phase by phase.
type assembly struct {
	d       *Data
	s       Settings
	mode    Mode
	f       *Facts
	in      *plan.Instance
	listed  map[int64]*org.School // the plan's schools by id
	schools []*org.School         // the plan's schools by code
}

func assemble(d *Data, s Settings, mode Mode) (*plan.Instance, *Facts, []*CellInfo, error) {
	p := d.Policy
	ref := rotation.ReferenceDate(d.Year)
	a := &assembly{d: d, s: s, mode: mode,
		f: &Facts{Reference: ref, PolicyVersion: p.Version, PolicyYear: p.SchoolYear, TeacherRule: p.RuleText(rotation.RuleTeacher),
			HeadRule: p.RuleText(rotation.RuleHead), QuotaPercent: p.Quota(), BackbonePercent: p.BackbonePercent,
			Teachers: map[string]*TeacherFact{}, Schools: map[string]*SchoolFact{}, Warnings: []string{}},
		in: &plan.Instance{Version: plan.InstanceVersion, Schools: []plan.School{}, Staffing: []plan.Staffing{}, Teachers: []plan.Teacher{}}}
	a.addSchools()
	a.addTeachers()
	cells := a.addStaffing()
	a.setPolicy()
	if err := a.in.Validate(); err != nil {
		return nil, nil, nil, err
	}
	return a.in, a.f, cells, nil
}

// addSchools lists the plan's schools and places them on the county's map.
func (a *assembly) addSchools() {
	d, p, f, in := a.d, a.d.Policy, a.f, a.in
	a.listed = map[int64]*org.School{}
	for _, sc := range d.Schools {
		if sc.CountyID != d.County.ID || !sc.Compulsory() || !p.Covers(sc.Level) || (a.mode == ModePrincipal && sc.VillagePoint) {
			continue
		}
		a.listed[sc.ID] = sc
		a.schools = append(a.schools, sc)
	}
	slices.SortFunc(a.schools, func(a, b *org.School) int { return cmp.Compare(a.Code, b.Code) })
	var lon0, lat0 float64
	located := 0
	for _, sc := range a.schools {
		if sc.Longitude != nil && sc.Latitude != nil {
			lon0, lat0, located = lon0+*sc.Longitude, lat0+*sc.Latitude, located+1
		}
	}
	if located > 0 {
		lon0, lat0 = lon0/float64(located), lat0/float64(located)
	}
	var unlocated []string
	for _, sc := range a.schools {
		fact := &SchoolFact{ID: sc.ID, Name: sc.Name, Level: sc.Level, Location: sc.Location, Weak: sc.Weak, Village: sc.VillagePoint,
			Consortium: sc.Consortium, Rural: !p.Urban(sc.Location)}
		ps := plan.School{ID: sc.Code, Rural: fact.Rural, Weak: sc.Weak}
		if sc.ConsortiumID != 0 {
			ps.Consortium = "K" + strconv.FormatInt(sc.ConsortiumID, 10)
		}
		if sc.Longitude != nil && sc.Latitude != nil {
			rad := math.Pi / 180
			ps.XKm = round(earthRadiusKm*(*sc.Longitude-lon0)*rad*math.Cos(lat0*rad), 1e3)
			ps.YKm = round(earthRadiusKm*(*sc.Latitude-lat0)*rad, 1e3)
			fact.Located = true
		} else {
			unlocated = append(unlocated, sc.Name)
		}
		fact.XKm, fact.YKm = ps.XKm, ps.YKm
		in.Schools = append(in.Schools, ps)
		f.Schools[sc.Code] = fact
	}
	if len(unlocated) > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d所学校没有经纬度，按区县中心计算距离：%s", len(unlocated), joinFew(unlocated)))
	}
}

// inPlan reports whether a post takes part in the plan.
func (a *assembly) inPlan(post string) bool {
	switch a.mode {
	case ModePrincipal:
		return post == people.PostPrincipal || (a.s.IncludeVice && post == people.PostVicePrincipal)
	default:
		return rotation.RuleFor(post) == rotation.RuleTeacher || (a.s.IncludeVice && post == people.PostVicePrincipal)
	}
}

// subjectOf is the instance's subject of one who teaches at sc.
func (a *assembly) subjectOf(sc *org.School, post string, subjects []string) string {
	subj := subjectNone
	switch {
	case a.mode == ModePrincipal && post == people.PostPrincipal:
		subj = subjectPrincipal
	case a.mode == ModePrincipal:
		subj = subjectVice
	case len(subjects) > 0 && subjects[0] != "":
		subj = subjects[0]
	}
	if a.s.ByStage {
		subj = StageOf(sc.Level) + subj
	}
	return subj
}

// addTeachers lists everyone who teaches at a listed school during the
// year and marks the candidates.
func (a *assembly) addTeachers() {
	d, f, in, listed := a.d, a.f, a.in, a.listed
	ref := rotation.ReferenceDate(d.Year)
	// Where each educator teaches during the year: an exchange that covers
	// it (open, begun by the year's end, planned to last to the reference
	// date) puts them at the host.
	teachAt := map[int64]*rotation.Exchange{}
	for _, x := range d.Exchanges {
		if rotation.Open(x.Status) && !x.Begin().After(rotation.YearEnd(d.Year)) && !x.PlannedEnd.Before(ref) {
			teachAt[x.EducatorID] = x
		}
	}
	// Principal plans read the career histories for the prerequisites.
	schoolByID := map[int64]*org.School{}
	for _, sc := range d.Schools {
		schoolByID[sc.ID] = sc
	}
	noSubject := 0
	seen := map[int64]bool{}
	for _, person := range d.People {
		seen[person.ID] = true
		// Those who must rotate under the plan's rules, judged at a listed
		// school (their origin, when an exchange of the year has begun).
		e := d.Eligible[person.ID]
		must := e != nil && e.Must && a.inPlan(e.Post) && listed[e.SchoolID] != nil
		x := teachAt[person.ID]
		candidate := must && !e.Exempt && e.ExchangeID == 0 && x == nil && e.SchoolID == person.SchoolID
		if must {
			f.Base++
			switch {
			case e.Exempt:
				f.Exempt++
			case !candidate:
				f.Busy++
			}
		}
		school, post, subjects := listed[person.SchoolID], person.Post, person.Subjects
		if x != nil {
			school, post, subjects = listed[x.HostSchoolID], x.Post, x.Subjects
		}
		if school == nil || !a.inPlan(post) {
			continue
		}
		if len(subjects) == 0 && a.mode == ModeTeacher {
			noSubject++
		}
		in.Teachers = append(in.Teachers, plan.Teacher{ID: TeacherKey(person.ID), School: school.Code, Subject: a.subjectOf(school, post, subjects),
			Backbone: person.Backbone != "", Candidate: candidate})
		if candidate {
			t := &in.Teachers[len(in.Teachers)-1]
			f.Teachers[t.ID] = candidateFact(d, a.s, a.mode, person, e, schoolByID, t, school, listed)
			f.Candidates++
		}
	}
	// Teachers from other counties on an exchange hosted here.
	for _, x := range d.Exchanges {
		host := listed[x.HostSchoolID]
		if seen[x.EducatorID] || host == nil || teachAt[x.EducatorID] != x || !a.inPlan(x.Post) {
			continue
		}
		seen[x.EducatorID] = true
		in.Teachers = append(in.Teachers, plan.Teacher{ID: TeacherKey(x.EducatorID), School: host.Code,
			Subject: a.subjectOf(host, x.Post, x.Subjects), Backbone: x.Backbone != ""})
	}
	if noSubject > 0 {
		f.Warnings = append(f.Warnings, fmt.Sprintf("%d名教师没有任教学科，按「%s」单独计算编制", noSubject, subjectNone))
	}
	slices.SortFunc(in.Teachers, func(a, b plan.Teacher) int { return cmp.Compare(EducatorOf(a.ID), EducatorOf(b.ID)) })
}

// roomOf is how many teachers a subject of a school may gain by default: the
// settings' room, but never more than the school's vacancies against its
// filed establishment (编制), so a school at or over it gains none.
func roomOf(room int, establishment map[int64]int, school int64, staff int) int {
	if e, ok := establishment[school]; ok {
		return max(0, min(room, e-staff))
	}
	return room
}

// addStaffing bounds each (school, subject): defaults from today's counts,
// replaced by the edited rows. Rows are edited by plain subject; a school
// has one stage, so the subject names its cell.
func (a *assembly) addStaffing() []*CellInfo {
	d, s, mode, in := a.d, a.s, a.mode, a.in
	type cell struct{ school, subject string }
	byCode := map[string]*org.School{}
	for _, sc := range a.schools {
		byCode[sc.Code] = sc
	}
	infos := map[cell]*CellInfo{}
	var order []cell
	info := func(c cell) *CellInfo {
		ci := infos[c]
		if ci == nil {
			sc := byCode[c.school]
			ci = &CellInfo{SchoolID: sc.ID, Code: sc.Code, Key: c.subject, Subject: c.subject}
			if s.ByStage {
				ci.Subject = strings.TrimPrefix(c.subject, StageOf(sc.Level))
			}
			infos[c] = ci
			order = append(order, c)
		}
		return ci
	}
	staff := map[int64]int{}
	for _, t := range in.Teachers {
		ci := info(cell{t.School, t.Subject})
		ci.Current++
		staff[ci.SchoolID]++
	}
	principal := subjectPrincipal
	establishment := d.Establishment // counts teachers, not posts of principals
	if mode == ModePrincipal {
		establishment = nil
	}
	for _, c := range order {
		ci := infos[c]
		n := ci.Current
		ci.DefMin, ci.DefMax = max(n-s.StaffingOut, min(n, 1)), n+roomOf(s.StaffingRoom, establishment, ci.SchoolID, staff[ci.SchoolID])
		if mode == ModePrincipal {
			if ci.Subject == principal {
				ci.DefMin, ci.DefMax = n, n // one principal per school
			} else {
				ci.DefMin = max(n-s.StaffingOut, 0)
			}
		}
		ci.Min, ci.Max = ci.DefMin, ci.DefMax
	}
	for _, r := range d.Staffing {
		sc := a.listed[r.SchoolID]
		if sc == nil || r.Mode != mode || r.SchoolYear != d.Year {
			continue
		}
		key := r.Subject
		if s.ByStage {
			key = StageOf(sc.Level) + r.Subject
		}
		ci := info(cell{sc.Code, key})
		ci.Min, ci.Max, ci.Edited = r.Min, r.Max, true
	}
	cells := make([]*CellInfo, 0, len(order))
	for _, c := range order {
		ci := infos[c]
		cells = append(cells, ci)
		in.Staffing = append(in.Staffing, plan.Staffing{School: ci.Code, Subject: ci.Key, Min: ci.Min, Max: ci.Max})
	}
	slices.SortFunc(in.Staffing, func(a, b plan.Staffing) int {
		return cmp.Or(cmp.Compare(a.School, b.School), cmp.Compare(a.Subject, b.Subject))
	})
	slices.SortFunc(cells, func(a, b *CellInfo) int { return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.Key, b.Key)) })
	return cells
}

// setPolicy sets the target and the backbone minimum from the quota.
func (a *assembly) setPolicy() {
	d, s, f, in := a.d, a.s, a.f, a.in
	group := func(x *rotation.Exchange) bool {
		if a.mode == ModePrincipal {
			return x.Relation == rotation.RelationMoves
		}
		return x.Relation == rotation.RelationStays
	}
	counted := map[int64]bool{}
	for _, x := range d.Exchanges {
		if x.SchoolYear != d.Year || x.Status == rotation.StatusCancelled || !rotation.QuotaForm(x.Form) || counted[x.EducatorID] ||
			a.listed[x.OriginSchoolID] == nil || !group(x) {
			continue
		}
		counted[x.EducatorID] = true
		f.Existing++
		if x.Backbone != "" {
			f.ExistingBackbone++
		}
	}
	f.QuotaTarget = max(0, ceilPercent(f.Base, f.QuotaPercent)-f.Existing)
	in.Policy = plan.Policy{Target: f.QuotaTarget, MaxDistanceKm: s.MaxDistanceKm, BackboneToRuralOrWeak: s.BackboneToRuralOrWeak,
		WithinConsortium: s.WithinConsortium, MaxOutShare: s.MaxOutShare}
	if s.Target != nil {
		in.Policy.Target = *s.Target
	}
	if s.MinBackbone != nil {
		in.Policy.MinBackbone = *s.MinBackbone
	} else {
		in.Policy.MinBackbone = max(0, ceilPercent(f.Existing+in.Policy.Target, f.BackbonePercent)-f.ExistingBackbone)
	}
	in.Weights = plan.Weights{Distance: s.DistanceWeight, Preference: s.PreferenceWeight}
}

// candidateFact sets a candidate's priority and wishes and returns what
// explains them.
func candidateFact(d *Data, s Settings, mode Mode, person *rotation.Person, e *rotation.Eligibility, schools map[int64]*org.School,
	t *plan.Teacher, at *org.School, listed map[int64]*org.School) *TeacherFact {
	fact := &TeacherFact{EducatorID: person.ID, Name: person.Name, Post: person.Post, Backbone: person.Backbone, Rule: e.Verdict.Rule,
		Reason: e.Reason, ReasonEn: e.ReasonEn, TenureYears: e.TenureYears, TenureMonths: e.TenureMonths}
	if len(person.Subjects) > 0 {
		fact.Subject = person.Subjects[0]
	}
	fact.PriorityTenure = round(s.TenureWeight*float64(e.TenureYears), 1e4)
	if in := d.Inputs[person.ID]; in != nil {
		fact.Volunteer, fact.Score, fact.LastRanked = in.Volunteer, in.Score, in.LastRanked
		if in.Volunteer {
			fact.PriorityVol = s.VolunteerBonus
		}
		if in.Score != nil {
			fact.PriorityScore = round(s.ScoreWeight**in.Score, 1e4)
		}
		if in.LastRanked && mode == ModeTeacher {
			fact.PriorityLast = s.ReassignBonus
		}
		for _, id := range in.Prefs {
			sc := listed[id]
			if sc == nil || sc.ID == at.ID || slices.Contains(t.Prefs, sc.Code) {
				continue
			}
			t.Prefs = append(t.Prefs, sc.Code)
		}
	}
	t.Priority = round(fact.PriorityVol+fact.PriorityTenure+fact.PriorityScore+fact.PriorityLast, 1e4)
	if mode == ModePrincipal {
		pr := rotation.Prerequisites(d.Policy, person, d.Careers[person.ID], schools, rotation.ReferenceDate(d.Year))
		for i := range pr {
			if pr[i].Code == "new_principal" {
				fact.NewPrincipal = &pr[i]
			}
		}
	}
	return fact
}

// ceilPercent returns ⌈n·percent/100⌉.
func ceilPercent(n, percent int) int { return (n*percent + 99) / 100 }

// round rounds x to a multiple of 1/scale.
func round(x, scale float64) float64 { return math.Round(x*scale) / scale }

// joinFew lists up to five names.
func joinFew(names []string) string {
	out := ""
	for i, n := range names {
		if i == 5 {
			return out + fmt.Sprintf("等%d所", len(names))
		}
		if i > 0 {
			out += "、"
		}
		out += n
	}
	return out
}
