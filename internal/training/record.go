package training

import (
	"context"
	"slices"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/people"
)

// RecordStore is what training records and reports need from the database.
type RecordStore interface {
	Setting(ctx context.Context, key string) (string, error)
	CreateCredit(ctx context.Context, c *Credit) error
	FindCredits(ctx context.Context, educatorID int64) ([]*Credit, error)
	CreateCertificate(ctx context.Context, c *Certificate) error
	FindCertificates(ctx context.Context, educatorID int64) ([]*Certificate, error)
	FindCertificateByNumber(ctx context.Context, number string) (*Certificate, error)
	FindCertificateByID(ctx context.Context, id int64) (*Certificate, error)
	// FindEnrolmentsOf lists an educator's enrolments on every course.
	FindEnrolmentsOf(ctx context.Context, educatorID int64) ([]*Enrolment, error)
	// HoursReport sums, per educator in f's scope, the hours credited in
	// f's years.
	HoursReport(ctx context.Context, f ReportFilter) ([]*ReportLine, error)
	// HasQualified reports whether the educator completed a course that
	// meets the requirement.
	HasQualified(ctx context.Context, educatorID int64, requirement string) (bool, error)
	// FindHomeroomUncertified returns which of the educators are homeroom
	// teachers without a completed course meeting RequirementHomeroom.
	FindHomeroomUncertified(ctx context.Context, educatorIDs []int64) (map[int64]bool, error)
}

// Settings of the training record.
const (
	// SettingCycleHours is the hours a teacher owes per five-year cycle
	// (360 is the national norm).
	SettingCycleHours = "training_cycle_hours"
	// SettingCycleStart is the first year of a cycle (cycles run five
	// years from it: 2021–2025, 2026–2030, …).
	SettingCycleStart = "training_cycle_start"
	defaultCycleHours = 360
	defaultCycleStart = 2021
	cycleYears        = 5
)

// Cycle is a five-year training cycle and what is owed in it.
type Cycle struct {
	From int `json:"from"`
	To   int `json:"to"`
	// Required is the hours owed over the whole cycle.
	Required int `json:"required"`
	// Expected is what should be done by the end of the current year,
	// pro rata (72 hours a year at 360).
	Expected int `json:"expected"`
}

// CycleOn returns the cycle containing year under the settings.
func (s *Service) CycleOn(ctx context.Context, year int) (Cycle, error) {
	hours, err := s.intSetting(ctx, SettingCycleHours, defaultCycleHours)
	if err != nil {
		return Cycle{}, err
	}
	start, err := s.intSetting(ctx, SettingCycleStart, defaultCycleStart)
	if err != nil {
		return Cycle{}, err
	}
	return cycleOf(year, start, hours), nil
}

// cycleOf is the cycle containing year when cycles start in start and owe hours.
func cycleOf(year, start, hours int) Cycle {
	offset := ((year-start)%cycleYears + cycleYears) % cycleYears
	from := year - offset
	return Cycle{From: from, To: from + cycleYears - 1, Required: hours, Expected: hours * (offset + 1) / cycleYears}
}

func (s *Service) intSetting(ctx context.Context, key string, def int) (int, error) {
	v, err := s.store.Setting(ctx, key)
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return def, nil
	}
	return n, nil
}

// YearHours is the hours credited in one year.
type YearHours struct {
	Year  int `json:"year"`
	Hours int `json:"hours"`
}

// Record is an educator's training record (培训档案).
type Record struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	Cycle      Cycle  `json:"cycle"`
	// CycleHours are the hours credited in the current cycle.
	CycleHours int  `json:"cycle_hours"`
	Behind     bool `json:"behind"`
	// Years are the hours per year, latest first.
	Years         []YearHours     `json:"years"`
	Credits       []*Credit       `json:"credits"`
	Enrolments    []*Enrolment    `json:"enrolments"`
	Certificates  []*Certificate  `json:"certificates"`
	Commendations []*Commendation `json:"commendations"`
	Flags         []Flag          `json:"flags"`
	// Qualified says which requirements of posts the record meets.
	Qualified map[string]bool `json:"qualified"`
}

// Flag is a requirement of the educator's post they do not yet meet.
type Flag struct {
	Requirement string `json:"requirement"`
	Zh          string `json:"message"`
	En          string `json:"message_en"`
}

// Record returns the training record of an educator the actor may read.
func (s *Service) Record(ctx context.Context, ed *people.Educator) (*Record, error) {
	if err := auth.Decide(app.ActorOf(ctx), auth.EducatorRead, ed.Place(), "教职工"); err != nil {
		return nil, err
	}
	cycle, err := s.CycleOn(ctx, s.Today().Year)
	if err != nil {
		return nil, err
	}
	r := &Record{EducatorID: ed.ID, Name: ed.Name, Cycle: cycle, Years: []YearHours{}}
	if r.Credits, err = s.store.FindCredits(ctx, ed.ID); err != nil {
		return nil, err
	}
	byYear := map[int]int{}
	for _, c := range r.Credits {
		byYear[c.Year] += c.Hours
		if c.Year >= cycle.From && c.Year <= cycle.To {
			r.CycleHours += c.Hours
		}
	}
	for y, h := range byYear {
		r.Years = append(r.Years, YearHours{Year: y, Hours: h})
	}
	slices.SortFunc(r.Years, func(a, b YearHours) int { return b.Year - a.Year })
	r.Behind = r.CycleHours < cycle.Expected
	if r.Enrolments, err = s.store.FindEnrolmentsOf(ctx, ed.ID); err != nil {
		return nil, err
	}
	if r.Certificates, err = s.store.FindCertificates(ctx, ed.ID); err != nil {
		return nil, err
	}
	if r.Commendations, err = s.store.FindCommendations(ctx, CommendationFilter{EducatorID: ed.ID}); err != nil {
		return nil, err
	}
	if r.Flags, err = s.flags(ctx, ed); err != nil {
		return nil, err
	}
	r.Qualified = map[string]bool{}
	for _, req := range Requirements {
		if r.Qualified[req.Code], err = s.store.HasQualified(ctx, ed.ID, req.Code); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// newPrincipalYears is how long a principal counts as newly appointed (新任).
const newPrincipalYears = 3

// flags are the gates of the educator's post they do not pass: a
// principal or kindergarten director in post for under three years without
// qualification training; a homeroom teacher without the homeroom
// teacher's certificate.
func (s *Service) flags(ctx context.Context, ed *people.Educator) ([]Flag, error) {
	out := []Flag{}
	if ed.Homeroom {
		ok, err := s.store.HasQualified(ctx, ed.ID, RequirementHomeroom)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, homeroomFlag)
		}
	}
	head := ed.Post == people.PostPrincipal || ed.Post == people.PostDirector
	if head && !ed.PostSince.IsZero() && s.Today().Before(ed.PostSince.AddYears(newPrincipalYears)) {
		ok, err := s.store.HasQualified(ctx, ed.ID, RequirementPrincipal)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, Flag{Requirement: RequirementPrincipal, Zh: "新任校长（园长）尚未完成任职资格培训",
				En: "A new principal (director) without qualification training"})
		}
	}
	return out, nil
}

// Qualified reports whether an educator has completed a course that meets
// requirement (RequirementHomeroom, RequirementPrincipal): the gate other
// capabilities (rotation plans, principal selection) check where posts are
// assigned. It answers about the record only; the caller decides who may ask.
func (s *Service) Qualified(ctx context.Context, educatorID int64, requirement string) (bool, error) {
	if !Requirements.Has(requirement) {
		return false, app.InvalidValue("requirement", requirement)
	}
	return s.store.HasQualified(ctx, educatorID, requirement)
}

// homeroomFlag is the flag of a homeroom teacher without the certificate.
var homeroomFlag = Flag{Requirement: RequirementHomeroom, Zh: "班主任尚未取得班主任培训合格证书（持证上岗）",
	En: "A homeroom teacher without the homeroom teacher's certificate"}

// HomeroomUncertified returns which of the educators are homeroom teachers
// (班主任) without the homeroom teacher's certificate: those who completed
// no course that qualifies for RequirementHomeroom. Rotation plans ask it
// of the people they move. It answers about the records only; the caller
// decides who may ask.
func (s *Service) HomeroomUncertified(ctx context.Context, educatorIDs []int64) (map[int64]bool, error) {
	return s.store.FindHomeroomUncertified(ctx, educatorIDs)
}

// Verify looks up a certificate by its number, for anyone: a number that is
// not one answers not found.
func (s *Service) Verify(ctx context.Context, number string) (*Certificate, error) {
	n, ok := NormalizeNumber(number)
	if !ok {
		return nil, app.ErrNotFound("证书")
	}
	return s.store.FindCertificateByNumber(ctx, n)
}

// ReportFilter selects the educators of the hours report.
type ReportFilter struct {
	CountyID int64
	SchoolID int64
	FromYear int
	ToYear   int
	Within   app.Scope
}

// ReportLine is one educator's hours in the report's years.
type ReportLine struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	Post       string `json:"post"`
	SchoolID   int64  `json:"school_id"`
	SchoolName string `json:"school_name"`
	CountyName string `json:"county_name"`
	Hours      int    `json:"hours"`
	Behind     bool   `json:"behind"`
	// HomeroomUncertified: a homeroom teacher (班主任) without the homeroom
	// teacher's certificate (RequirementHomeroom).
	HomeroomUncertified bool `json:"homeroom_uncertified"`
}

// Report is the hours report of the current cycle: every educator in
// scope with their hours, and how many are behind.
type Report struct {
	Cycle  Cycle         `json:"cycle"`
	Lines  []*ReportLine `json:"lines"`
	Behind int           `json:"behind"`
}

// CanReport reports whether the actor reads educators through a grant (not
// only their own record), so that the report means something.
func CanReport(a *app.Actor) bool {
	if a == nil {
		return false
	}
	if a.System {
		return true
	}
	for _, g := range a.Grants {
		if auth.RolePermits(g.Role, auth.EducatorRead) {
			return true
		}
	}
	return false
}

// HoursReport is the current cycle's hours of every educator the actor
// reads, filtered by county or school; onlyBehind keeps those behind.
func (s *Service) HoursReport(ctx context.Context, countyID, schoolID int64, onlyBehind bool) (*Report, error) {
	a := app.ActorOf(ctx)
	if a == nil || !CanReport(a) {
		return nil, errNoRight
	}
	cycle, err := s.CycleOn(ctx, s.Today().Year)
	if err != nil {
		return nil, err
	}
	lines, err := s.store.HoursReport(ctx, ReportFilter{CountyID: countyID, SchoolID: schoolID, FromYear: cycle.From, ToYear: cycle.To,
		Within: auth.ScopeOf(a, auth.EducatorRead)})
	if err != nil {
		return nil, err
	}
	rep := &Report{Cycle: cycle, Lines: lines[:0]}
	for _, l := range lines {
		l.Behind = l.Hours < cycle.Expected
		if l.Behind {
			rep.Behind++
		}
		if !onlyBehind || l.Behind {
			rep.Lines = append(rep.Lines, l)
		}
	}
	return rep, nil
}

// CertificateByID returns a certificate whose holder the actor may read,
// for printing.
func (s *Service) CertificateByID(ctx context.Context, id int64, find func(context.Context, int64) (*people.Educator, error)) (*Certificate, error) {
	c, err := s.store.FindCertificateByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ed, err := find(ctx, c.EducatorID)
	if err != nil || auth.Decide(app.ActorOf(ctx), auth.EducatorRead, ed.Place(), "") != nil {
		return nil, app.ErrNotFound("证书")
	}
	return c, nil
}
