package rotation

import (
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

func d(s string) app.Date {
	v, err := app.ParseISODate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// The fixture: an urban primary school S, a rural primary school H, and a
// few others of other levels.
var (
	schoolS       = &org.School{ID: 1, Code: "S1", Name: "城区小学", CountyID: 9, Level: "primary", Location: "urban"}
	schoolH       = &org.School{ID: 2, Code: "S2", Name: "乡村小学", CountyID: 9, Level: "primary", Location: "rural"}
	schoolSenior  = &org.School{ID: 3, Code: "S3", Name: "县高中", CountyID: 9, Level: "senior", Location: "urban"}
	schoolComp    = &org.School{ID: 4, Code: "S4", Name: "县完全中学", CountyID: 9, Level: "complete", Location: "urban"}
	schoolVillage = &org.School{ID: 5, Code: "S5", Name: "村教学点", CountyID: 9, Level: "primary", Location: "rural", VillagePoint: true}
	schoolKG      = &org.School{ID: 6, Code: "S6", Name: "县幼儿园", CountyID: 9, Level: "kindergarten", Location: "urban"}
	fixtureSchool = map[int64]*org.School{1: schoolS, 2: schoolH, 3: schoolSenior, 4: schoolComp, 5: schoolVillage, 6: schoolKG}
)

// teacher returns an established male teacher of S born 1980, at S since 2010.
func teacher(edit ...func(*Person)) *Person {
	p := &Person{ID: 100, Name: "张三", Gender: people.GenderMale, BirthDate: d("1980-05-05"), SchoolID: 1, Post: people.PostTeacher,
		StaffStatus: people.StaffEstablished, JoinedSchool: d("2010-09-01"), PostSince: d("2010-09-01")}
	for _, f := range edit {
		f(p)
	}
	return p
}

func appt(school int64, post, start, end string) CareerRow {
	r := CareerRow{SchoolID: school, Post: post, Kind: people.CareerAppointment, Start: d(start)}
	if end != "" {
		r.End = d(end)
	}
	return r
}

func row(kind string, school int64, start, end string) CareerRow {
	r := CareerRow{SchoolID: school, Post: people.PostTeacher, Kind: kind, Start: d(start)}
	if end != "" {
		r.End = d(end)
	}
	return r
}

func TestEvaluate(t *testing.T) {
	ref := d("2026-09-01")
	def := DefaultPolicy(9, 2026)
	combined := DefaultPolicy(9, 2026)
	combined.HeadTenureCombined = true
	noComplete := DefaultPolicy(9, 2026)
	noComplete.Levels = []string{"primary", "junior", "nine_year"}
	approved := func(start, end string) *Exemption {
		return &Exemption{ID: 7, Status: ExemptionApproved, Start: d(start), End: d(end)}
	}
	for _, tc := range []struct {
		name       string
		policy     *Policy
		person     *Person
		school     *org.School
		career     []CareerRow
		exemptions []*Exemption
		exchanges  []*Exchange
		on         app.Date
		must       bool
		exempt     bool
		rule       string
		reason     string
	}{
		// Ages on the reference date, inclusive (以下 includes the number).
		{name: "man 50 on the day (birthday on the reference date)", person: teacher(func(p *Person) { p.BirthDate = d("1976-09-01") }),
			must: true, rule: RuleTeacher, reason: "男，50周岁，在本校连续任教16年0个月，满6年"},
		{name: "man turned 50 the day before", person: teacher(func(p *Person) { p.BirthDate = d("1976-08-31") }),
			must: true, rule: RuleTeacher, reason: "男，50周岁，在本校连续任教16年0个月，满6年"},
		{name: "man turns 51 on the reference date", person: teacher(func(p *Person) { p.BirthDate = d("1975-09-01") }),
			rule: RuleTeacher, reason: "男，51周岁，超过50周岁"},
		{name: "man turns 51 the day after", person: teacher(func(p *Person) { p.BirthDate = d("1975-09-02") }),
			must: true, rule: RuleTeacher, reason: "男，50周岁，在本校连续任教16年0个月，满6年"},
		{name: "woman 45 on the day", person: teacher(func(p *Person) { p.Gender, p.BirthDate = people.GenderFemale, d("1981-09-01") }),
			must: true, rule: RuleTeacher, reason: "女，45周岁，在本校连续任教16年0个月，满6年"},
		{name: "woman turns 46 on the day", person: teacher(func(p *Person) { p.Gender, p.BirthDate = people.GenderFemale, d("1980-09-01") }),
			rule: RuleTeacher, reason: "女，46周岁，超过45周岁"},
		{name: "woman turns 46 the day after", person: teacher(func(p *Person) { p.Gender, p.BirthDate = people.GenderFemale, d("1980-09-02") }),
			must: true, rule: RuleTeacher, reason: "女，45周岁，在本校连续任教16年0个月，满6年"},
		// 29 February: in a common year the birthday is the 28th.
		{name: "born 29 February, day before the 51st birthday", person: teacher(func(p *Person) { p.BirthDate = d("1976-02-29") }),
			on: d("2027-02-27"), must: true, rule: RuleTeacher, reason: "男，50周岁，在本校连续任教16年5个月，满6年"},
		{name: "born 29 February, 51 on 28 February", person: teacher(func(p *Person) { p.BirthDate = d("1976-02-29") }),
			on: d("2027-02-28"), rule: RuleTeacher, reason: "男，51周岁，超过50周岁"},
		// Tenure anniversaries (满 on the anniversary).
		{name: "six years on the sixth anniversary", person: teacher(func(p *Person) { p.JoinedSchool = d("2020-09-01") }),
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教6年0个月，满6年"},
		{name: "one day short of six years", person: teacher(func(p *Person) { p.JoinedSchool = d("2020-09-02") }),
			rule: RuleTeacher, reason: "在本校连续任教5年11个月，未满6年"},
		{name: "too old and too short", person: teacher(func(p *Person) { p.BirthDate, p.JoinedSchool = d("1970-01-01"), d("2024-03-01") }),
			rule: RuleTeacher, reason: "男，56周岁，超过50周岁；在本校连续任教2年6个月，未满6年"},
		// The history: arrival at the current school.
		{name: "history: arrival is the first trailing row at the school", person: teacher(func(p *Person) { p.JoinedSchool = d("2001-09-01") }),
			career: []CareerRow{appt(2, "teacher", "2005-09-01", "2020-08-20"), appt(1, "teacher", "2020-09-01", "2023-08-31"),
				appt(1, "middle_cadre", "2023-09-01", "")},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教6年0个月，满6年"},
		{name: "history: a secondment does not restart the clock", person: teacher(),
			career: []CareerRow{appt(1, "teacher", "2010-09-01", "2024-03-13"), row(people.CareerSecondment, 2, "2024-03-14", "2024-04-15"),
				appt(1, "teacher", "2024-04-16", "")},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "history: return from a completed exchange restarts the clock", person: teacher(),
			career: []CareerRow{appt(1, "teacher", "2010-09-01", "2021-08-31"), row(people.CareerExchange, 2, "2021-09-01", "2024-08-31"),
				appt(1, "teacher", "2024-09-01", "")},
			rule: RuleTeacher, reason: "在本校连续任教2年0个月，未满6年"},
		{name: "history: back from a completed exchange six years ago", person: teacher(),
			career: []CareerRow{appt(1, "teacher", "2010-09-01", "2017-08-31"), row(people.CareerExchange, 2, "2017-09-01", "2020-08-31"),
				appt(1, "teacher", "2020-09-01", "")},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教6年0个月，满6年"},
		{name: "history: an exchange cut short does not restart it", person: teacher(),
			career: []CareerRow{appt(1, "teacher", "2010-09-01", "2021-08-31"),
				{SchoolID: 2, Post: "teacher", Kind: people.CareerExchange, Start: d("2021-09-01"), End: d("2022-06-30"), Early: true},
				appt(1, "teacher", "2022-07-01", "")},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "history: transfer to the host at the end starts a new stint", person: teacher(func(p *Person) { p.SchoolID = 2 }),
			school: schoolH,
			career: []CareerRow{appt(1, "teacher", "2010-09-01", "2019-08-31"), row(people.CareerExchange, 2, "2019-09-01", "2022-08-31"),
				appt(2, "teacher", "2022-09-01", "")},
			rule: RuleTeacher, reason: "在本校连续任教4年0个月，未满6年"},
		{name: "history missing: 到校日期 stands in", person: teacher(func(p *Person) { p.JoinedSchool = d("2021-02-01") }),
			rule: RuleTeacher, reason: "在本校连续任教5年7个月，未满6年"},
		// Posts.
		{name: "principal: 8 years in the post on the day", person: teacher(func(p *Person) {
			p.Post, p.BirthDate, p.PostSince = people.PostPrincipal, d("1971-09-01"), d("2018-09-01")
		}),
			must: true, rule: RuleHead, reason: "男，55周岁，任现职8年0个月，满8年"},
		{name: "principal: a month short", person: teacher(func(p *Person) {
			p.Post, p.BirthDate, p.PostSince = people.PostPrincipal, d("1971-09-01"), d("2018-10-01")
		}),
			rule: RuleHead, reason: "任现职7年11个月，未满8年"},
		{name: "principal: 56 is over", person: teacher(func(p *Person) {
			p.Post, p.BirthDate, p.PostSince = people.PostPrincipal, d("1970-08-01"), d("2010-09-01")
		}),
			rule: RuleHead, reason: "男，56周岁，超过55周岁"},
		{name: "vice principal woman 50", person: teacher(func(p *Person) {
			p.Post, p.Gender, p.BirthDate, p.PostSince = people.PostVicePrincipal, people.GenderFemale, d("1976-08-15"), d("2015-09-01")
		}),
			must: true, rule: RuleHead, reason: "女，50周岁，任现职11年0个月，满8年"},
		{name: "principal promoted at the school: only the current post counts", person: teacher(func(p *Person) {
			p.Post, p.BirthDate, p.PostSince = people.PostPrincipal, d("1975-01-01"), d("2021-09-01")
		}),
			career: []CareerRow{appt(1, "vice_principal", "2014-09-01", "2021-08-31"), appt(1, "principal", "2021-09-01", "")},
			rule:   RuleHead, reason: "任现职5年0个月，未满8年"},
		{name: "principal promoted at the school: combined years when the policy says so", policy: combined, person: teacher(func(p *Person) {
			p.Post, p.BirthDate, p.PostSince = people.PostPrincipal, d("1975-01-01"), d("2021-09-01")
		}),
			career: []CareerRow{appt(1, "teacher", "2010-09-01", "2014-08-31"), appt(1, "vice_principal", "2014-09-01", "2021-08-31"), appt(1, "principal", "2021-09-01", "")},
			must:   true, rule: RuleHead, reason: "男，51周岁，在本校连续任校级领导12年0个月，满8年"},
		{name: "grade head follows the teacher rule", person: teacher(func(p *Person) { p.Post = people.PostGradeHead }),
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		// Levels.
		{name: "senior high school", person: teacher(func(p *Person) { p.SchoolID = 3 }), school: schoolSenior, reason: "高中不在义务教育范围"},
		{name: "kindergarten director", person: teacher(func(p *Person) { p.SchoolID, p.Post = 6, people.PostDirector }), school: schoolKG,
			reason: "幼儿园不在义务教育范围"},
		{name: "完全中学 covered by default", person: teacher(func(p *Person) { p.SchoolID = 4 }), school: schoolComp,
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "完全中学 left out by the policy", policy: noComplete, person: teacher(func(p *Person) { p.SchoolID = 4 }), school: schoolComp,
			reason: "完全中学不在本区县交流轮岗政策范围"},
		// Village teaching points.
		{name: "village point principal", person: teacher(func(p *Person) {
			p.SchoolID, p.Post, p.PostSince = 5, people.PostPrincipal, d("2010-09-01")
		}), school: schoolVillage, rule: RuleHead, reason: "村小（教学点）校级领导不在轮岗范围"},
		{name: "village point teacher", person: teacher(func(p *Person) { p.SchoolID = 5 }), school: schoolVillage,
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		// Staff status.
		{name: "temporary", person: teacher(func(p *Person) { p.StaffStatus = people.StaffTemporary }), reason: "临聘"},
		{name: "other staff status", person: teacher(func(p *Person) { p.StaffStatus = people.StaffOther }), reason: "编制状态为其他，非在编在岗"},
		// Exemptions: counted, marked; expired ones no longer exempt.
		{name: "exemption active", person: teacher(), exemptions: []*Exemption{approved("2026-09-01", "2027-08-31")},
			must: true, exempt: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "exemption ends on the day: still active", person: teacher(), exemptions: []*Exemption{approved("2025-09-01", "2026-09-01")},
			must: true, exempt: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "exemption expired", person: teacher(), exemptions: []*Exemption{approved("2024-09-01", "2026-08-31")},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "exemption pending", person: teacher(), exemptions: []*Exemption{{Status: ExemptionPending, Start: d("2026-09-01"), End: d("2027-08-31")}},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		{name: "exemption rejected", person: teacher(), exemptions: []*Exemption{{Status: ExemptionRejected, Start: d("2026-09-01"), End: d("2027-08-31")}},
			must: true, rule: RuleTeacher, reason: "男，46周岁，在本校连续任教16年0个月，满6年"},
		// Exchanges.
		{name: "on an exchange begun in an earlier year", person: teacher(),
			career:    []CareerRow{appt(1, "teacher", "2010-09-01", "2025-08-31"), row(people.CareerExchange, 2, "2025-09-01", "")},
			exchanges: []*Exchange{{ID: 3, Status: StatusActive, OriginSchoolID: 1, Post: "teacher", Start: d("2025-09-01"), ActualStart: d("2025-09-01"), PlannedEnd: d("2028-08-31")}},
			rule:      RuleTeacher, reason: "交流中（2025年9月1日起，计划至2028年8月31日）"},
		{name: "principal moved at the start of this year: judged at the origin", school: schoolH,
			person: teacher(func(p *Person) {
				p.SchoolID, p.Post, p.BirthDate, p.PostSince, p.JoinedSchool = 2, people.PostPrincipal, d("1972-01-01"), d("2026-09-01"), d("2026-09-01")
			}),
			career:    []CareerRow{appt(1, "principal", "2016-09-01", "2026-08-31"), {SchoolID: 2, Post: "principal", Kind: people.CareerAppointment, Start: d("2026-09-01"), ExchangeID: 4}},
			exchanges: []*Exchange{{ID: 4, Status: StatusActive, OriginSchoolID: 1, Post: "principal", Relation: RelationMoves, Start: d("2026-09-01"), ActualStart: d("2026-09-01"), PlannedEnd: d("2030-08-31")}},
			must:      true, rule: RuleHead, reason: "男，54周岁，任现职10年0个月，满8年"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.policy
			if p == nil {
				p = def
			}
			school := tc.school
			if school == nil {
				school = schoolS
			}
			on := tc.on
			if on.IsZero() {
				on = ref
			}
			v := Evaluate(p, Case{Person: tc.person, School: school, Career: tc.career, Exemptions: tc.exemptions, Exchanges: tc.exchanges,
				Schools: fixtureSchool}, on)
			if v.Must != tc.must || v.Exempt != tc.exempt || v.Rule != tc.rule || v.Reason != tc.reason {
				t.Errorf("got must=%v exempt=%v rule=%q reason=%q\nwant must=%v exempt=%v rule=%q reason=%q",
					v.Must, v.Exempt, v.Rule, v.Reason, tc.must, tc.exempt, tc.rule, tc.reason)
			}
		})
	}
}

func TestTenureNote(t *testing.T) {
	career := []CareerRow{appt(1, "teacher", "2010-09-01", "2021-08-31"), row(people.CareerExchange, 2, "2021-09-01", "2024-08-31"),
		appt(1, "teacher", "2024-09-01", "")}
	v := Evaluate(DefaultPolicy(9, 2026), Case{Person: teacher(), School: schoolS, Career: career}, d("2026-09-01"))
	if v.TenureSince != d("2024-09-01") || v.TenureNote != "自2024年9月1日交流期满返回起重新计算" {
		t.Fatalf("tenure since %s, note %q", v.TenureSince, v.TenureNote)
	}
	// An exchange still running on the date does not restart it.
	v = Evaluate(DefaultPolicy(9, 2026), Case{Person: teacher(), School: schoolS, Career: career}, d("2024-08-31"))
	if v.TenureSince != d("2010-09-01") {
		t.Fatalf("tenure since %s before the exchange ended", v.TenureSince)
	}
}

func TestPolicyInForce(t *testing.T) {
	v1 := &Policy{CountyID: 1, SchoolYear: 2025, Version: 1, PolicyRules: PolicyRules{QuotaPercent: 10, FirstYearQuotaPercent: 8, FirstYear: 2025}}
	v2 := &Policy{CountyID: 1, SchoolYear: 2025, Version: 2, PolicyRules: PolicyRules{QuotaPercent: 12, FirstYearQuotaPercent: 8, FirstYear: 2025}}
	v3 := &Policy{CountyID: 1, SchoolYear: 2027, Version: 1, PolicyRules: PolicyRules{QuotaPercent: 15, FirstYearQuotaPercent: 8, FirstYear: 2025}}
	all := []*Policy{v3, v1, v2}
	if p := policyInForce(1, 2024, all); p.Version != 0 || p.Quota() != 8 || p.FirstYear != 2024 {
		t.Errorf("2024: %+v, want the defaults", p)
	}
	if p := policyInForce(1, 2025, all); p != v2 || p.Quota() != 8 {
		t.Errorf("2025: version %d quota %d, want version 2 at the first-year 8%%", p.Version, p.Quota())
	}
	if p := policyInForce(1, 2026, all); p.Version != 2 || p.InheritedFrom != 2025 || p.SchoolYear != 2026 || p.Quota() != 12 {
		t.Errorf("2026: %+v, want 2025's version 2 carried over at 12%%", p)
	}
	if p := policyInForce(1, 2028, all); p.Version != 1 || p.InheritedFrom != 2027 || p.Quota() != 15 {
		t.Errorf("2028: %+v", p)
	}
}

func TestPolicyValidate(t *testing.T) {
	in := InputOf(DefaultPolicy(1, 2026))
	if _, err := in.validate(1, 2026); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	in.Levels = []string{"primary", "senior"}
	in.QuotaPercent = 0
	_, err := in.validate(1, 2026)
	e, ok := err.(*app.Error)
	if !ok || e.Fields["levels"] == "" || e.Fields["quota_percent"] == "" || e.Code != app.Invalid {
		t.Fatalf("want invalid levels and quota, got %v", err)
	}
	if want := "学段 高中 不属于义务教育，不能纳入交流轮岗"; !contains(e.Message, want) {
		t.Errorf("message %q lacks %q", e.Message, want)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestPrerequisites(t *testing.T) {
	p := DefaultPolicy(9, 2026)
	on := d("2026-09-01")
	for _, tc := range []struct {
		name   string
		career []CareerRow
		met    [3]bool
		why    [3]string
	}{
		{name: "one urban school only", career: []CareerRow{appt(1, "teacher", "2010-09-01", "")},
			why: [3]string{"仅在1所学校工作，在农村（薄弱）学校工作0年0个月，不足6年", "仅在1所学校工作，在农村（薄弱）学校工作0年0个月，不足6年",
				"无交流轮岗经历，在农村学校连续任教最长0年0个月，不足5年"}},
		{name: "two schools", career: []CareerRow{appt(2, "teacher", "2005-09-01", "2008-08-31"), appt(1, "teacher", "2008-09-01", "")},
			met: [3]bool{true, true, false},
			why: [3]string{"有在2所学校工作的经历", "有在2所学校工作的经历", "无交流轮岗经历，在农村学校连续任教最长3年0个月，不足5年"}},
		{name: "rural years across rows, and a completed exchange", career: []CareerRow{appt(2, "teacher", "2005-09-01", "2009-08-31"),
			appt(2, "middle_cadre", "2009-09-01", "2011-08-31"), appt(1, "teacher", "2011-09-01", "2015-08-31"),
			row(people.CareerExchange, 5, "2015-09-01", "2018-08-31"), appt(1, "teacher", "2018-09-01", "")},
			met: [3]bool{true, true, true},
			why: [3]string{"有在3所学校工作的经历", "有在3所学校工作的经历", "有交流轮岗经历（2015年9月1日起，村教学点）"}},
		{name: "six rural years at one school", career: []CareerRow{appt(2, "teacher", "2020-09-01", "")},
			met: [3]bool{true, true, true},
			why: [3]string{"在农村（薄弱）学校工作6年0个月，满6年", "在农村（薄弱）学校工作6年0个月，满6年", "在农村学校连续任教6年0个月，满5年"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Prerequisites(p, teacher(), tc.career, fixtureSchool, on)
			for i, g := range got {
				if g.Met != tc.met[i] || g.Reason != tc.why[i] {
					t.Errorf("%s: met=%v %q, want %v %q", g.Name, g.Met, g.Reason, tc.met[i], tc.why[i])
				}
			}
		})
	}
}

func TestDirectionAndTerms(t *testing.T) {
	p := DefaultPolicy(1, 2026)
	x := &Exchange{OriginLocation: "urban", HostLocation: "township"}
	if got := x.Direction(p); got != DirUrbanRural {
		t.Errorf("urban → township = %s, want urban_rural", got)
	}
	p.TownshipUrban = true
	if got := x.Direction(p); got != DirUrbanUrban {
		t.Errorf("with 镇区 urban: %s", got)
	}
	if got := minTermEnd(d("2026-09-01"), 3); got != d("2029-08-31") {
		t.Errorf("three school years from 2026-09-01 end %s", got)
	}
	if SchoolYearOf(d("2026-08-31")) != 2025 || SchoolYearOf(d("2026-09-01")) != 2026 {
		t.Error("school years start on 1 September")
	}
}

// FuzzEvaluate: for any dates and any history, Evaluate does not panic, and
// a verdict that someone must rotate holds against the policy's bounds.
func FuzzEvaluate(f *testing.F) {
	f.Add(int32(-15000), int32(-4000), int32(0), uint8(0), uint32(0x1234))
	f.Add(int32(-18262), int32(-2191), int32(0), uint8(1), uint32(0))
	f.Fuzz(func(t *testing.T, birth, joined, on int32, post uint8, shape uint32) {
		base := d("2026-09-01")
		at := func(n int32) app.Date { return base.AddDays(int(n % 40000)) }
		posts := []string{people.PostTeacher, people.PostPrincipal, people.PostVicePrincipal, people.PostGradeHead, people.PostDirector}
		p := teacher(func(p *Person) {
			p.BirthDate, p.JoinedSchool, p.PostSince, p.Post = at(birth), at(joined), at(joined), posts[int(post)%len(posts)]
		})
		// A history of up to four rows, from the bits of shape.
		var career []CareerRow
		start := at(joined)
		for i := range int(shape % 5) {
			bits := shape >> (3 + 4*i)
			kind := []string{people.CareerAppointment, people.CareerExchange, people.CareerSecondment, people.CareerSupport}[bits%4]
			school := int64(1 + (bits>>2)%2)
			end := start.AddDays(200 + int(bits%900))
			career = append(career, CareerRow{SchoolID: school, Post: p.Post, Kind: kind, Start: start, End: end, Early: bits%3 == 0})
			start = end.AddDays(1)
		}
		pol := DefaultPolicy(9, 2026)
		v := Evaluate(pol, Case{Person: p, School: schoolS, Career: career}, at(on))
		if !v.Must {
			return
		}
		limit, years := pol.TeacherMaxAgeFemale, pol.TeacherTenureYears
		if p.Gender == people.GenderMale {
			limit = pol.TeacherMaxAgeMale
		}
		if v.Rule == RuleHead {
			limit, years = pol.HeadMaxAgeMale, pol.HeadTenureYears
		}
		if v.Age > limit || v.TenureYears < years || v.Rule == "" || v.Reason == "" || v.TenureSince.After(at(on)) {
			t.Fatalf("must rotate against the bounds: %+v", v)
		}
	})
}

// TestVerdictInEnglish: every verdict carries its reason in English too,
// with the same figures.
func TestVerdictInEnglish(t *testing.T) {
	def := DefaultPolicy(9, 2026)
	on := d("2026-09-01")
	back := []CareerRow{appt(1, "teacher", "2010-09-01", "2017-08-31"), row(people.CareerExchange, 2, "2017-09-01", "2020-08-31"),
		appt(1, "teacher", "2020-09-01", "")}
	for _, tc := range []struct {
		name   string
		person *Person
		school *org.School
		career []CareerRow
		x      []*Exchange
		want   string
	}{
		{"must", teacher(), schoolS, nil, nil, "Male, aged 46, teaching at this school for 16 years 0 months: 6 years reached"},
		{"too old and too new", teacher(func(p *Person) { p.BirthDate, p.JoinedSchool = d("1970-01-01"), d("2025-08-01") }), schoolS, nil, nil,
			"Male, aged 56, over 50; teaching at this school for 1 year 1 month, less than 6 years"},
		{"principal a month short", teacher(func(p *Person) { p.Post, p.PostSince = people.PostPrincipal, d("2018-10-01") }), schoolS, nil, nil,
			"in the present post for 7 years 11 months, less than 8 years"},
		{"senior high", teacher(), schoolSenior, nil, nil, "Senior secondary is not compulsory education"},
		{"temporary", teacher(func(p *Person) { p.StaffStatus = people.StaffTemporary }), schoolS, nil, nil, "Temporary"},
		{"village point head", teacher(func(p *Person) { p.Post = people.PostPrincipal }), schoolVillage, nil, nil,
			"Heads of village teaching points do not rotate"},
		{"on exchange", teacher(), schoolS, nil, []*Exchange{{ID: 1, Status: StatusActive, OriginSchoolID: 1, Post: "teacher",
			Start: d("2025-09-01"), ActualStart: d("2025-09-01"), PlannedEnd: d("2028-08-31")}},
			"On exchange (from 1 Sep 2025, planned until 31 Aug 2028)"},
		{"back from an exchange", teacher(), schoolS, back, nil, "Male, aged 46, teaching at this school for 6 years 0 months: 6 years reached"},
	} {
		v := Evaluate(def, Case{Person: tc.person, School: tc.school, Career: tc.career, Exchanges: tc.x, Schools: fixtureSchool}, on)
		if v.ReasonEn != tc.want {
			t.Errorf("%s: %q (%s), want %q", tc.name, v.ReasonEn, v.Reason, tc.want)
		}
	}
	v := Evaluate(def, Case{Person: teacher(), School: schoolS, Career: back}, on)
	if v.TenureNoteEn != "counted again from the return from an exchange on 1 Sep 2020" {
		t.Errorf("tenure note %q", v.TenureNoteEn)
	}
	pr := Prerequisites(def, teacher(), back, fixtureSchool, on)
	if pr[0].ReasonEn != "has worked at 2 schools" || pr[2].ReasonEn != "has rotated (from 1 Sep 2017, 乡村小学)" {
		t.Errorf("prerequisites %q, %q", pr[0].ReasonEn, pr[2].ReasonEn)
	}
}
