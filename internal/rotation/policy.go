package rotation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
)

// SchoolYearOf returns the school year d falls in, named by the calendar year
// of its first day: school years start on 1 September.
func SchoolYearOf(d app.Date) int {
	if d.Month < time.September {
		return d.Year - 1
	}
	return d.Year
}

// ReferenceDate is the default date ages and tenures are counted on: 1
// September of the school year.
func ReferenceDate(year int) app.Date { return app.NewDate(year, time.September, 1) }

// YearStart and YearEnd are the first and last days of a school year.
func YearStart(year int) app.Date { return app.NewDate(year, time.September, 1) }

// YearEnd is 31 August of the following calendar year.
func YearEnd(year int) app.Date { return app.NewDate(year+1, time.August, 31) }

// YearLabel writes a school year as 2026—2027学年.
func YearLabel(year int) string { return fmt.Sprintf("%d—%d学年", year, year+1) }

// DueDate is the day a county's annual return for a school year is due (30 September).
func DueDate(year int) app.Date { return app.NewDate(year, time.September, 30) }

// Policy is a county's rotation rules for one school year, one version of
// them. Every edit stores a new version; the figures of a year are computed
// with the newest version of that year, or, when the year has none, with
// that of the latest earlier year (Inherited), or with the defaults of the
// Yulin notice (Version 0).
type Policy struct {
	ID         int64 `json:"id,omitempty"`
	CountyID   int64 `json:"county_id"`
	SchoolYear int   `json:"school_year"`
	Version    int   `json:"version"`
	// InheritedFrom is the school year whose policy carries over to this one, or 0.
	InheritedFrom int `json:"inherited_from,omitempty"`

	PolicyRules

	Note      string    `json:"note"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// PolicyRules are a policy's rules: what a county sets and edits.
type PolicyRules struct {
	// Who must rotate (SPEC §3.1): ages in 周岁 and years, inclusive bounds.
	TeacherMaxAgeMale   int `json:"teacher_max_age_male"`
	TeacherMaxAgeFemale int `json:"teacher_max_age_female"`
	HeadMaxAgeMale      int `json:"head_max_age_male"`
	HeadMaxAgeFemale    int `json:"head_max_age_female"`
	TeacherTenureYears  int `json:"teacher_tenure_years"`
	HeadTenureYears     int `json:"head_tenure_years"`
	// HeadTenureCombined counts years as principal and as vice principal at
	// the school together; by default only the current post counts (任现职).
	HeadTenureCombined bool `json:"head_tenure_combined"`
	// Levels are the school levels covered, a subset of org.CompulsoryLevels.
	Levels []string `json:"levels"`
	// StaffStatuses are the staff statuses covered (在编在岗).
	StaffStatuses []people.StaffStatus `json:"staff_statuses"`

	// Quotas: rotated ≥ QuotaPercent % of those who must rotate
	// (FirstYearQuotaPercent in the county's FirstYear), backbone teachers ≥
	// BackbonePercent % of the rotated.
	FirstYear             int `json:"first_year"`
	QuotaPercent          int `json:"quota_percent"`
	FirstYearQuotaPercent int `json:"first_year_quota_percent"`
	BackbonePercent       int `json:"backbone_percent"`

	// Terms: a teacher's exchange lasts at least TeacherMinYears school
	// years, a principal's rotation HeadMinYears years (one term).
	TeacherMinYears int `json:"teacher_min_years"`
	HeadMinYears    int `json:"head_min_years"`
	// MaxExemptionYears bounds the deferral of one person, in all.
	MaxExemptionYears int `json:"max_exemption_years"`
	// TownshipUrban counts 镇区 schools as urban in the return's directions.
	TownshipUrban bool `json:"township_urban"`
	// TitleRuralYears is the number of continuous years at rural schools that
	// stands in for rotation experience when applying for a higher title
	// (SPEC §3.5; the seed's number is illegible, so it is configured).
	TitleRuralYears int `json:"title_rural_years"`
}

// DefaultPolicy returns the rules of the Yulin notice in seed [004] for a
// county and school year, with that year as the county's first.
func DefaultPolicy(countyID int64, year int) *Policy {
	return &Policy{
		CountyID: countyID, SchoolYear: year,
		PolicyRules: PolicyRules{
			TeacherMaxAgeMale: 50, TeacherMaxAgeFemale: 45, HeadMaxAgeMale: 55, HeadMaxAgeFemale: 50,
			TeacherTenureYears: 6, HeadTenureYears: 8,
			Levels:        slices.Clone(org.CompulsoryLevels),
			StaffStatuses: []people.StaffStatus{people.StaffEstablished},
			FirstYear:     year, QuotaPercent: 10, FirstYearQuotaPercent: 8, BackbonePercent: 30,
			TeacherMinYears: 3, HeadMinYears: 4, MaxExemptionYears: 3, TitleRuralYears: 5,
		},
	}
}

// Quota returns the quota in percent for the policy's school year.
func (p *Policy) Quota() int {
	if p.SchoolYear <= p.FirstYear {
		return p.FirstYearQuotaPercent
	}
	return p.QuotaPercent
}

// Covers reports whether the policy covers schools of the level.
func (p *Policy) Covers(level string) bool { return slices.Contains(p.Levels, level) }

// Urban reports whether a school of the location type counts as urban in directions.
func (p *Policy) Urban(location string) bool {
	return location == "urban" || (p.TownshipUrban && location == "township")
}

// PolicyInput is an edit of a county's policy for a school year: every rule,
// and the version the edit was made from, so that two people editing at once
// cannot overwrite each other unseen.
type PolicyInput struct {
	BaseVersion int `json:"base_version"`
	PolicyRules
	Note string `json:"note"`
}

// InputOf returns the input that would store p again unchanged.
func InputOf(p *Policy) PolicyInput {
	in := PolicyInput{BaseVersion: p.Version, PolicyRules: p.PolicyRules}
	in.Levels, in.StaffStatuses = slices.Clone(p.Levels), slices.Clone(p.StaffStatuses)
	return in
}

// between records a problem when v is outside lo..hi.
func between(f *app.Fields, field, zh string, v, lo, hi int) {
	if v < lo || v > hi {
		f.Add(field, fmt.Sprintf("%s应在%d至%d之间（现为%d）", zh, lo, hi, v),
			fmt.Sprintf("%s must be between %d and %d (is %d)", field, lo, hi, v))
	}
}

// validate checks an input and returns the policy it makes for the county and year.
func (in PolicyInput) validate(countyID int64, year int) (*Policy, error) {
	var f app.Fields
	between(&f, "teacher_max_age_male", "男教师年龄上限", in.TeacherMaxAgeMale, 20, 65)
	between(&f, "teacher_max_age_female", "女教师年龄上限", in.TeacherMaxAgeFemale, 20, 65)
	between(&f, "head_max_age_male", "男校长年龄上限", in.HeadMaxAgeMale, 20, 65)
	between(&f, "head_max_age_female", "女校长年龄上限", in.HeadMaxAgeFemale, 20, 65)
	between(&f, "teacher_tenure_years", "教师任教年限", in.TeacherTenureYears, 1, 30)
	between(&f, "head_tenure_years", "校长任职年限", in.HeadTenureYears, 1, 30)
	between(&f, "first_year", "首个交流学年", in.FirstYear, 2000, year)
	between(&f, "quota_percent", "交流比例", in.QuotaPercent, 1, 100)
	between(&f, "first_year_quota_percent", "首年交流比例", in.FirstYearQuotaPercent, 1, 100)
	between(&f, "backbone_percent", "骨干教师比例", in.BackbonePercent, 0, 100)
	between(&f, "teacher_min_years", "教师交流期限", in.TeacherMinYears, 1, 10)
	between(&f, "head_min_years", "校长轮岗期限", in.HeadMinYears, 1, 10)
	between(&f, "max_exemption_years", "暂缓交流年限", in.MaxExemptionYears, 0, 10)
	between(&f, "title_rural_years", "职称评聘农村任教年限", in.TitleRuralYears, 1, 30)
	levels := dedupe(in.Levels)
	if len(levels) == 0 {
		f.Add("levels", "请至少选择一个学段", "Choose at least one level")
	}
	for _, l := range levels {
		if !slices.Contains(org.CompulsoryLevels, l) {
			f.Add("levels", fmt.Sprintf("学段 %s 不属于义务教育，不能纳入交流轮岗", org.Levels.Label(l, "zh")),
				fmt.Sprintf("Level %s is not compulsory education", l))
		}
	}
	statuses := dedupe(in.StaffStatuses)
	if len(statuses) == 0 {
		f.Add("staff_statuses", "请至少选择一种编制状态", "Choose at least one staff status")
	}
	for _, st := range statuses {
		if !people.StaffStatuses.Has(string(st)) {
			f.Add("staff_statuses", "未知的编制状态："+string(st), "Unknown staff status: "+string(st))
		}
	}
	note := strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(note) > 500 {
		f.Add("note", "修改说明最多500字", "The note has at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	// Keep the levels in the vocabulary's order, so versions compare alike.
	slices.SortFunc(levels, func(a, b string) int {
		return slices.Index(org.CompulsoryLevels, a) - slices.Index(org.CompulsoryLevels, b)
	})
	rules := in.PolicyRules
	rules.Levels, rules.StaffStatuses = levels, statuses
	return &Policy{CountyID: countyID, SchoolYear: year, PolicyRules: rules, Note: note}, nil
}

func dedupe[S ~string](xs []S) []S {
	var out []S
	for _, x := range xs {
		x = S(strings.TrimSpace(string(x)))
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// policyInForce picks the policy of a school year from a county's versions
// (any order): the newest version of that year, else the newest of the
// latest earlier year carried over, else the defaults.
// InForce returns the policy in force for a county and school year among
// its stored versions (the defaults when none applies), for capabilities
// that read the rotation policy's rules, as staffing reads TitleRuralYears.
func InForce(countyID int64, year int, versions []*Policy) *Policy {
	return policyInForce(countyID, year, versions)
}

func policyInForce(countyID int64, year int, versions []*Policy) *Policy {
	var best *Policy
	for _, p := range versions {
		if p.SchoolYear > year {
			continue
		}
		if best == nil || p.SchoolYear > best.SchoolYear || (p.SchoolYear == best.SchoolYear && p.Version > best.Version) {
			best = p
		}
	}
	if best == nil {
		return DefaultPolicy(countyID, year)
	}
	if best.SchoolYear == year {
		return best
	}
	carried := *best
	carried.InheritedFrom, carried.SchoolYear = best.SchoolYear, year
	return &carried
}

// PolicyView is a county's policy for a school year with its history.
type PolicyView struct {
	County *org.County `json:"county"`
	// Policy is the one in force for the year.
	Policy *Policy `json:"policy"`
	// Versions are every stored version of the county, newest first.
	Versions []*Policy `json:"versions"`
	// Locked is set when the year's return has been submitted: the policy
	// that produced its figures can no longer change.
	Locked bool `json:"locked"`
}

// FindPolicy returns the policy in force for a county and school year, with
// every stored version.
func (s *Service) FindPolicy(ctx context.Context, countyID int64, year int) (*PolicyView, error) {
	c, err := s.ReadCounty(ctx, countyID)
	if err != nil {
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	versions, err := s.store.FindPolicies(ctx, []int64{countyID})
	if err != nil {
		return nil, err
	}
	sub, err := s.store.FindReturnSubmissions(ctx, []int64{countyID}, year)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(versions, func(a, b *Policy) int {
		if a.SchoolYear != b.SchoolYear {
			return b.SchoolYear - a.SchoolYear
		}
		return b.Version - a.Version
	})
	return &PolicyView{County: c, Policy: policyInForce(countyID, year, versions), Versions: versions, Locked: len(sub) > 0}, nil
}

// UpdatePolicy stores a new version of a county's policy for a school year.
// The edit must start from the version in force; a year whose return has
// been submitted is locked.
func (s *Service) UpdatePolicy(ctx context.Context, countyID int64, year int, in PolicyInput) (*Policy, error) {
	a := app.ActorOf(ctx)
	c, err := s.ReadCounty(ctx, countyID)
	if err != nil {
		return nil, err
	}
	if err := auth.Decide(a, auth.RotationPolicy, app.Place{CityID: c.CityID, CountyID: c.ID}, "区县"); err != nil {
		if app.ErrorCode(err) == app.NotFound {
			return nil, errNoRight
		}
		return nil, err
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	p, err := in.validate(countyID, year)
	if err != nil {
		return nil, err
	}
	p.CreatedBy, p.CreatedAt = a.Label(), s.clock.Now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		sub, err := s.store.FindReturnSubmissions(ctx, []int64{countyID}, year)
		if err != nil {
			return err
		}
		if len(sub) > 0 {
			return app.Errorf(app.Conflict, c.Name+YearLabel(year)+"的年度报送已提交，该学年的政策不能再修改",
				"The return of this school year has been submitted; its policy can no longer change")
		}
		versions, err := s.store.FindPolicies(ctx, []int64{countyID})
		if err != nil {
			return err
		}
		before := policyInForce(countyID, year, versions)
		current := 0
		if before.InheritedFrom == 0 {
			current = before.Version
		}
		if in.BaseVersion != current {
			return &app.Error{Code: app.Conflict, Message: fmt.Sprintf("政策已被他人修改（现为第%d版），请刷新后重新修改", current),
				English: fmt.Sprintf("The policy has changed meanwhile (now version %d); reload and edit again", current),
				Fields:  map[string]string{"base_version": "stale"}}
		}
		p.Version = current + 1
		if err := s.store.CreatePolicy(ctx, p); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "rotation.policy.update", Entity: "rotation_policy", EntityID: p.ID,
			Summary: fmt.Sprintf("修改%s%s交流轮岗政策，第%d版%s", c.Name, YearLabel(year), p.Version, notePart(p.Note)),
			Before:  before, After: p})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func notePart(note string) string {
	if note == "" {
		return ""
	}
	return "：" + note
}

// checkYear refuses school years outside 2000–2100.
func checkYear(year int) error {
	if year < 2000 || year > 2100 {
		return &app.Error{Code: app.Invalid, Message: fmt.Sprintf("学年 %d 无效，应为2000至2100之间的年份", year),
			English: fmt.Sprintf("Invalid school year %d", year), Fields: map[string]string{"year": "invalid"}}
	}
	return nil
}

// policies returns the policy in force in each of the counties for a school year.
func (s *Service) policies(ctx context.Context, countyIDs []int64, year int) (map[int64]*Policy, error) {
	versions, err := s.store.FindPolicies(ctx, countyIDs)
	if err != nil {
		return nil, err
	}
	by := map[int64][]*Policy{}
	for _, p := range versions {
		by[p.CountyID] = append(by[p.CountyID], p)
	}
	out := make(map[int64]*Policy, len(countyIDs))
	for _, id := range countyIDs {
		out[id] = policyInForce(id, year, by[id])
	}
	return out, nil
}
