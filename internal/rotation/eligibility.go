package rotation

import (
	"fmt"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// Person is what the rotation rules and lists need of an educator.
type Person struct {
	ID           int64              `json:"id"`
	Name         string             `json:"name"`
	IDMasked     string             `json:"id_number_masked"`
	Gender       string             `json:"gender"`
	BirthDate    app.Date           `json:"-"` // withheld: with the masked ID number it would give the number away
	SchoolID     int64              `json:"school_id"`
	Post         string             `json:"post"`
	StaffStatus  people.StaffStatus `json:"staff_status"`
	Backbone     string             `json:"backbone"`
	Subjects     []string           `json:"subjects"`
	Title        string             `json:"title"`
	JoinedSchool app.Date           `json:"joined_school"`
	PostSince    app.Date           `json:"post_since"`
	// SortKey orders lists by the name's pinyin.
	SortKey string `json:"-"`
}

// CareerRow is one row of an educator's career history as the rules read it.
type CareerRow struct {
	ID       int64    `json:"id"`
	SchoolID int64    `json:"school_id"`
	Post     string   `json:"post"`
	Kind     string   `json:"kind"`
	Start    app.Date `json:"start"`
	End      app.Date `json:"end"`
	// ExchangeID links a row written by an exchange of this package.
	ExchangeID int64 `json:"exchange_id,omitempty"`
	// Early marks the row of an exchange cut short (status returned): it
	// does not restart the tenure clock.
	Early bool `json:"early,omitempty"`
}

// The two rules of SPEC §3.1.
const (
	RuleTeacher = "teacher" // 教师交流
	RuleHead    = "head"    // 校长、副校长轮岗
)

// Rules is the vocabulary of the rules.
var Rules = app.Vocab{
	{Code: RuleTeacher, Zh: "教师交流", En: "Teacher exchange"},
	{Code: RuleHead, Zh: "校长轮岗", En: "Principal rotation"},
}

// RuleFor returns the rule that applies to a post, or "" for posts outside
// rotation (园长, 副园长). Middle cadres and grade heads teach and follow the
// teacher rule.
func RuleFor(post string) string {
	switch post {
	case people.PostTeacher, people.PostMiddleCadre, people.PostGradeHead:
		return RuleTeacher
	case people.PostPrincipal, people.PostVicePrincipal:
		return RuleHead
	}
	return ""
}

// RuleText states a rule of a policy in words, e.g. for the eligibility list.
func (p *Policy) RuleText(rule string) string {
	switch rule {
	case RuleTeacher:
		return fmt.Sprintf("教师：男%d周岁、女%d周岁以下，在同一学校连续任教满%d年", p.TeacherMaxAgeMale, p.TeacherMaxAgeFemale, p.TeacherTenureYears)
	case RuleHead:
		if p.HeadTenureCombined {
			return fmt.Sprintf("正、副校长：男%d周岁、女%d周岁以下，在同一学校连续任校级领导满%d年", p.HeadMaxAgeMale, p.HeadMaxAgeFemale, p.HeadTenureYears)
		}
		return fmt.Sprintf("正、副校长：男%d周岁、女%d周岁以下，在同一学校任现职满%d年", p.HeadMaxAgeMale, p.HeadMaxAgeFemale, p.HeadTenureYears)
	}
	return ""
}

// Verdict is the outcome of the rules for one educator on one date: whether
// they must rotate, under which rule, and the figures behind it, or why not.
type Verdict struct {
	Must   bool   `json:"must"`
	Rule   string `json:"rule_code"`
	Reason string `json:"reason"`
	// ReasonEn is Reason in English.
	ReasonEn string `json:"reason_en"`
	Age      int    `json:"age"`
	// TenureSince is the day the tenure clock started; TenureYears and
	// TenureMonths the whole years and months from it to the date.
	TenureSince  app.Date `json:"tenure_since"`
	TenureYears  int      `json:"tenure_years"`
	TenureMonths int      `json:"tenure_months"`
	// TenureNote says when the clock restarted on return from an exchange.
	TenureNote   string `json:"tenure_note,omitempty"`
	TenureNoteEn string `json:"tenure_note_en,omitempty"`
	// Exempt marks a person who must rotate but is deferred (暂缓交流) until ExemptUntil.
	Exempt      bool     `json:"exempt"`
	ExemptUntil app.Date `json:"exempt_until"`
	ExemptionID int64    `json:"exemption_id,omitempty"`
	// ExchangeID is the exchange that bears on the verdict: this school
	// year's (the person is then judged at the origin school), or an
	// earlier one still running (the person is then on exchange).
	ExchangeID     int64          `json:"exchange_id,omitempty"`
	ExchangeStatus ExchangeStatus `json:"exchange_status,omitempty"`
	// SchoolID is the school the person was judged at.
	SchoolID int64 `json:"school_id"`
}

// Case is what the rules look at for one educator.
type Case struct {
	Person *Person
	School *org.School
	// Career is the history, oldest first.
	Career []CareerRow
	// Exemptions and Exchanges of the person, any status.
	Exemptions []*Exemption
	Exchanges  []*Exchange
	// Schools resolves the origin school of an exchange of this school year;
	// without it (or when it lacks the school) the current school stands in.
	Schools map[int64]*org.School
	// Brief leaves the verdict's figures unworded (Reason empty for those
	// the age and tenure rules decide), for counts.
	Brief bool
}

// Evaluate applies policy p to one educator on date on. It is pure: the
// same case and date always give the same verdict.
func Evaluate(p *Policy, c Case, on app.Date) Verdict {
	person, school, career := *c.Person, c.School, c.Career
	v := Verdict{SchoolID: school.ID}
	sy := SchoolYearOf(on)
	// An exchange of this school year: judge the person as they stood at
	// the origin school before it, so that a principal whose personnel
	// relation has already moved stays in the year's base.
	if x := exchangeThisYear(c.Exchanges, sy); x != nil {
		v.ExchangeID, v.ExchangeStatus = x.ID, x.Status
		if o := c.Schools[x.OriginSchoolID]; o != nil {
			school = o
		}
		v.SchoolID = school.ID
		person.SchoolID, person.Post = school.ID, x.Post
		begin := x.Begin()
		var before []CareerRow
		for _, r := range career {
			if r.Start.Before(begin) {
				before = append(before, r)
			}
		}
		career = before
	}
	v.Age = app.Age(person.BirthDate, on)
	v.Rule = RuleFor(person.Post)

	switch {
	case !org.Levels.Has(school.Level) || !school.Compulsory():
		v.Reason = org.Levels.Label(school.Level, "zh") + "不在义务教育范围"
		v.ReasonEn = org.Levels.Label(school.Level, "en") + " is not compulsory education"
		v.Rule = ""
		return v
	case !p.Covers(school.Level):
		v.Reason = org.Levels.Label(school.Level, "zh") + "不在本区县交流轮岗政策范围"
		v.ReasonEn = org.Levels.Label(school.Level, "en") + " is outside the county's rotation policy"
		v.Rule = ""
		return v
	case !slices.Contains(p.StaffStatuses, person.StaffStatus):
		v.Reason, v.ReasonEn = people.StaffStatuses.Label(string(person.StaffStatus), "zh"), people.StaffStatuses.Label(string(person.StaffStatus), "en")
		if person.StaffStatus != people.StaffTemporary {
			v.Reason = "编制状态为" + v.Reason + "，非在编在岗"
			v.ReasonEn = "Staff status " + v.ReasonEn + ", not established in post"
		}
		v.Rule = ""
		return v
	case v.Rule == "":
		v.Reason = "岗位" + people.Posts.Label(person.Post, "zh") + "不在交流轮岗范围"
		v.ReasonEn = "The post " + people.Posts.Label(person.Post, "en") + " does not rotate"
		return v
	case v.Rule == RuleHead && school.VillagePoint:
		v.Reason = "村小（教学点）校级领导不在轮岗范围"
		v.ReasonEn = "Heads of village teaching points do not rotate"
		return v
	}
	if x := exchangeRunning(c.Exchanges, sy, on); x != nil && v.ExchangeID == 0 {
		v.ExchangeID, v.ExchangeStatus = x.ID, x.Status
		v.Reason = fmt.Sprintf("交流中（%s起，计划至%s）", x.Begin().Chinese(), x.PlannedEnd.Chinese())
		v.ReasonEn = fmt.Sprintf("On exchange (from %s, planned until %s)", x.Begin().English(), x.PlannedEnd.English())
		return v
	}

	maxMale, maxFemale, years := p.TeacherMaxAgeMale, p.TeacherMaxAgeFemale, p.TeacherTenureYears
	if v.Rule == RuleHead {
		maxMale, maxFemale, years = p.HeadMaxAgeMale, p.HeadMaxAgeFemale, p.HeadTenureYears
	}
	limit := maxFemale
	if person.Gender == people.GenderMale {
		limit = maxMale
	}
	gender, genderEn := people.Genders.Label(person.Gender, "zh"), people.Genders.Label(person.Gender, "en")
	v.TenureSince, v.TenureNote, v.TenureNoteEn = tenureStart(&person, career, v.Rule, p.HeadTenureCombined, on)
	v.TenureYears, v.TenureMonths = app.YearsMonthsBetween(v.TenureSince, on)

	var what, whatEn string
	switch {
	case v.Rule == RuleTeacher:
		what, whatEn = "在本校连续任教", "teaching at this school for"
	case p.HeadTenureCombined:
		what, whatEn = "在本校连续任校级领导", "leading this school for"
	default:
		what, whatEn = "任现职", "in the present post for"
	}
	ageOK, tenureOK := v.Age <= limit, v.TenureYears >= years
	if ageOK && tenureOK {
		v.Must = true
		if e := activeExemption(c.Exemptions, on); e != nil {
			v.Exempt, v.ExemptUntil, v.ExemptionID = true, e.End, e.ID
		}
	}
	if c.Brief {
		return v
	}
	tenure := fmt.Sprintf("%s%d年%d个月", what, v.TenureYears, v.TenureMonths)
	tenureEn := fmt.Sprintf("%s %s", whatEn, ymEn(v.TenureYears*12+v.TenureMonths))
	if v.Must {
		v.Reason = fmt.Sprintf("%s，%d周岁，%s，满%d年", gender, v.Age, tenure, years)
		v.ReasonEn = fmt.Sprintf("%s, aged %d, %s: %d years reached", genderEn, v.Age, tenureEn, years)
		return v
	}
	var why, whyEn []string
	if !ageOK {
		why = append(why, fmt.Sprintf("%s，%d周岁，超过%d周岁", gender, v.Age, limit))
		whyEn = append(whyEn, fmt.Sprintf("%s, aged %d, over %d", genderEn, v.Age, limit))
	}
	if !tenureOK {
		why = append(why, fmt.Sprintf("%s，未满%d年", tenure, years))
		whyEn = append(whyEn, fmt.Sprintf("%s, less than %d years", tenureEn, years))
	}
	v.Reason, v.ReasonEn = strings.Join(why, "；"), strings.Join(whyEn, "; ")
	return v
}

// tenureStart is the day the tenure clock of the rule started for a person,
// counted on date on, from the career history; the registry's 到校日期 and
// 任现职日期 stand in where the history says nothing of the current school.
// The note, in Chinese and in English, tells when a completed exchange restarted it.
func tenureStart(person *Person, career []CareerRow, rule string, combined bool, on app.Date) (app.Date, string, string) {
	var accept func(post string) bool
	fallback := person.JoinedSchool
	if rule == RuleHead {
		if combined {
			accept = func(post string) bool { return RuleFor(post) == RuleHead }
		} else {
			accept = func(post string) bool { return post == person.Post }
		}
		if !person.PostSince.IsZero() {
			fallback = person.PostSince
		}
	}
	since, found := runStart(career, person.SchoolID, accept, on)
	if !found {
		since = fallback
	}
	note, noteEn := "", ""
	for _, r := range career {
		if (r.Kind != people.CareerExchange && r.Kind != people.CareerSupport) || r.End.IsZero() || r.Early {
			continue
		}
		// A completed exchange inside the current run that ended before the date.
		if r.Start.Before(since) || !r.End.Before(on) {
			continue
		}
		if back := r.End.AddDays(1); back.After(since) {
			since = back
			note = "自" + back.Chinese() + "交流期满返回起重新计算"
			noteEn = "counted again from the return from an exchange on " + back.English()
		}
	}
	return since, note, noteEn
}

// runStart walks the history back from date on and returns the first day
// of the trailing appointments at the school whose post accept admits (any
// post when accept is nil); exchanges and secondments between them belong to
// the run, as the personnel relation stayed. found is false when the
// history holds no such appointment.
func runStart(career []CareerRow, school int64, accept func(string) bool, on app.Date) (since app.Date, found bool) {
	for i := len(career) - 1; i >= 0; i-- {
		r := career[i]
		if r.Start.After(on) {
			continue
		}
		if r.Kind != people.CareerAppointment {
			continue
		}
		if r.SchoolID != school || (accept != nil && !accept(r.Post)) {
			break
		}
		since, found = r.Start, true
	}
	return since, found
}

// exchangeThisYear returns the person's exchange, not cancelled, that
// begins in school year sy.
func exchangeThisYear(xs []*Exchange, sy int) *Exchange {
	for _, x := range xs {
		if x.Status != StatusCancelled && SchoolYearOf(x.Begin()) == sy {
			return x
		}
	}
	return nil
}

// exchangeRunning returns the person's exchange begun before school year sy
// that is still running on date on.
func exchangeRunning(xs []*Exchange, sy int, on app.Date) *Exchange {
	for _, x := range xs {
		if x.ActualStart.IsZero() || SchoolYearOf(x.ActualStart) >= sy {
			continue
		}
		if x.Status == StatusActive || (!x.ActualEnd.IsZero() && !x.ActualEnd.Before(on)) {
			return x
		}
	}
	return nil
}

// activeExemption returns the approved exemption covering date on.
func activeExemption(es []*Exemption, on app.Date) *Exemption {
	for _, e := range es {
		if e.Status == ExemptionApproved && !on.Before(e.Start) && !on.After(e.End) {
			return e
		}
	}
	return nil
}
