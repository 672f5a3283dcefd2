package rotation

import (
	"cmp"
	"context"
	"slices"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
)

// Figures are the quota figures of a county, a school or the city for a
// school year, all counted from records.
type Figures struct {
	// MustRotate counts those who must rotate on the reference date,
	// exempt ones included (they stay in the base).
	MustRotate   int `json:"must_rotate"`
	MustTeachers int `json:"must_teachers"`
	MustHeads    int `json:"must_heads"`
	Exempt       int `json:"exempt"`
	// Rotated counts the people with an exchange of the year that counts
	// (announced or later, not cancelled, a form that is a rotation).
	Rotated         int `json:"rotated"`
	RotatedTeachers int `json:"rotated_teachers"`
	RotatedHeads    int `json:"rotated_heads"`
	// Backbone counts the backbone teachers among the rotated.
	Backbone int `json:"backbone"`
	// FromList counts the rotated who were on the list of who must rotate.
	FromList int `json:"from_list"`
	// Planned counts exchanges of the year still only planned.
	Planned int `json:"planned"`
	// Target is the number to rotate (the quota of MustRotate, rounded up);
	// BackboneTarget the backbone teachers needed among Rotated.
	QuotaPercent    int  `json:"quota_percent"`
	BackbonePercent int  `json:"backbone_percent"`
	Target          int  `json:"target"`
	BackboneTarget  int  `json:"backbone_target"`
	MeetsQuota      bool `json:"meets_quota"`
	MeetsBackbone   bool `json:"meets_backbone"`
	// Share and BackboneShare are percentages (one decimal), 0 without a base.
	Share         float64 `json:"share"`
	BackboneShare float64 `json:"backbone_share"`
}

// quotaOf returns ⌈n·percent/100⌉.
func quotaOf(n, percent int) int { return (n*percent + 99) / 100 }

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(int(float64(a)*1000/float64(b)+0.5)) / 10
}

// finish computes the targets and shares from the counts.
func (f *Figures) finish(quota, backbone int) {
	f.QuotaPercent, f.BackbonePercent = quota, backbone
	f.Target, f.BackboneTarget = quotaOf(f.MustRotate, quota), quotaOf(f.Rotated, backbone)
	f.finishTargets()
}

func (f *Figures) finishTargets() {
	f.MeetsQuota = f.Rotated >= f.Target
	f.MeetsBackbone = f.Backbone >= f.BackboneTarget
	f.Share, f.BackboneShare = pct(f.Rotated, f.MustRotate), pct(f.Backbone, f.Rotated)
}

// add sums g into f (targets too, for a roll-up).
func (f *Figures) add(g Figures) {
	f.MustRotate += g.MustRotate
	f.MustTeachers += g.MustTeachers
	f.MustHeads += g.MustHeads
	f.Exempt += g.Exempt
	f.Rotated += g.Rotated
	f.RotatedTeachers += g.RotatedTeachers
	f.RotatedHeads += g.RotatedHeads
	f.Backbone += g.Backbone
	f.FromList += g.FromList
	f.Planned += g.Planned
	f.Target += g.Target
	f.BackboneTarget += g.BackboneTarget
}

// Submission records that a county submitted its return for a school year
// to the city: one version of it, with the headline figures it reported.
// A resubmission is a new version with its reason; the older versions stay.
type Submission struct {
	CountyID   int64 `json:"county_id"`
	SchoolYear int   `json:"school_year"`
	// Version counts the county's submissions of the year from 1.
	Version     int       `json:"version"`
	SubmittedBy string    `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
	// Late is set when it was submitted after the due date (逾期报送).
	Late bool `json:"late"`
	// Reason says why a return was submitted again.
	Reason     string `json:"reason"`
	MustRotate int    `json:"must_rotate"`
	Rotated    int    `json:"rotated"`
	Backbone   int    `json:"backbone"`
	// Snapshot is the county's return as submitted (JSON), empty for the
	// returns submitted before snapshots were kept; Annex1 and Annex2 are
	// the annexes generated then. The store fills them only when asked.
	Snapshot []byte `json:"-"`
	Annex1   []byte `json:"-"`
	Annex2   []byte `json:"-"`
}

// LateSubmission reports whether a return of a school year submitted at t
// is late: after 30 September of the year, in Beijing time.
func LateSubmission(year int, t time.Time) bool { return app.DateOf(t).After(DueDate(year)) }

// CountyFigures are one county's figures with its policy and return status.
type CountyFigures struct {
	County     *org.County `json:"county"`
	Policy     *Policy     `json:"policy"`
	Submission *Submission `json:"submission"`
	Figures
}

// SchoolFigures are one school's figures, for the drill-down.
type SchoolFigures struct {
	School *org.School `json:"school"`
	Figures
}

// Dashboard is the quota dashboard of a school year: the counties in the
// actor's scope (or one county with its schools), the city roll-up, and the
// reminder of the 30 September return.
type Dashboard struct {
	SchoolYear int      `json:"school_year"`
	On         app.Date `json:"reference_date"`
	Today      app.Date `json:"today"`
	Due        app.Date `json:"due"`
	// Reminder is set from 1 September until the return of every county
	// shown is submitted; Overdue after 30 September.
	Reminder bool             `json:"reminder"`
	DaysLeft int              `json:"days_left"`
	Overdue  bool             `json:"overdue"`
	Counties []*CountyFigures `json:"counties"`
	Schools  []*SchoolFigures `json:"schools"`
	Total    Figures          `json:"total"`
	// Years are the school years the dashboard can show.
	Years []int `json:"-"`
	// must holds who was on the list of those who must rotate.
	must map[int64]bool
}

// DashboardFilter asks for a school year's dashboard, of the whole scope or
// of one county (then with its schools).
type DashboardFilter struct {
	Year     int
	CountyID int64
	SchoolID int64
}

// FindDashboard computes the quota dashboard. Every figure is counted from
// the registry, the career histories, the exemptions and the exchanges.
func (s *Service) FindDashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error) {
	a := app.ActorOf(ctx)
	if err := auth.Can(a, auth.RotationRead); err != nil {
		return nil, err
	}
	today := s.Today()
	if f.Year == 0 {
		f.Year = SchoolYearOf(today)
	}
	if err := checkYear(f.Year); err != nil {
		return nil, err
	}
	q := evalQuery{within: auth.ScopeOf(a, auth.RotationRead), on: ReferenceDate(f.Year), schoolID: f.SchoolID, counts: true}
	if f.CountyID != 0 {
		if _, err := s.ReadCounty(ctx, f.CountyID); err != nil {
			return nil, err
		}
		q.countyIDs = []int64{f.CountyID}
	}
	if f.SchoolID != 0 {
		sc, err := s.readSchool(ctx, f.SchoolID)
		if err != nil {
			return nil, err
		}
		q.countyIDs = []int64{sc.CountyID}
	}
	ev, err := s.cachedEvaluate(ctx, q)
	if err != nil {
		return nil, err
	}
	d := &Dashboard{SchoolYear: f.Year, On: q.on, Today: today, Due: DueDate(f.Year), Counties: []*CountyFigures{}, Schools: []*SchoolFigures{}}
	for y := SchoolYearOf(today) + 1; y >= SchoolYearOf(today)-4; y-- {
		d.Years = append(d.Years, y)
	}
	if err := s.fillFigures(ctx, d, ev, q); err != nil {
		return nil, err
	}
	pending := false
	for _, c := range d.Counties {
		pending = pending || c.Submission == nil
	}
	d.Reminder = pending && !today.Before(YearStart(f.Year))
	d.Overdue = d.Reminder && today.After(d.Due)
	if d.Reminder && !d.Overdue {
		d.DaysLeft = int(d.Due.Time().Sub(today.Time()).Hours()/24) + 1
	}
	return d, nil
}

// figureSet is the figures of an evaluation as they are counted: a
// county's by id, a school's by id (made when first asked for).
type figureSet struct {
	counties map[int64]*CountyFigures
	schools  map[int64]*SchoolFigures
	ev       *evaluation
}

func (fs *figureSet) school(id int64) *SchoolFigures {
	sf := fs.schools[id]
	if sf == nil {
		sf = &SchoolFigures{School: fs.ev.schools[id]}
		fs.schools[id] = sf
	}
	return sf
}

// countMust counts those who must rotate (and the exempt among them) and
// returns who they are.
func (fs *figureSet) countMust() map[int64]bool {
	must := map[int64]bool{}
	for _, r := range fs.ev.rows {
		if !r.Must {
			continue
		}
		must[r.EducatorID] = true
		add := func(f *Figures) {
			f.MustRotate++
			if r.Verdict.Rule == RuleHead {
				f.MustHeads++
			} else {
				f.MustTeachers++
			}
			if r.Exempt {
				f.Exempt++
			}
		}
		if c := fs.counties[r.CountyID]; c != nil {
			add(&c.Figures)
		}
		add(&fs.school(r.SchoolID).Figures)
	}
	return must
}

// countExchanges counts the year's exchanges from the schools q admits:
// planned ones, and each educator's first counted one in a quota form.
func (fs *figureSet) countExchanges(q evalQuery, must map[int64]bool) {
	ev := fs.ev
	// The exchanges the evaluation read hold every one of the year not
	// cancelled (cancelled ones count for nothing).
	var xs []*Exchange
	for _, x := range ev.relevant {
		if x.SchoolYear == ev.year {
			xs = append(xs, x)
		}
	}
	seen := map[int64]bool{}
	for _, x := range xs {
		origin := ev.schools[x.OriginSchoolID]
		if origin == nil || !q.admits(origin) {
			continue
		}
		var targets []*Figures
		if c := fs.counties[x.CountyID]; c != nil {
			targets = append(targets, &c.Figures)
		}
		targets = append(targets, &fs.school(x.OriginSchoolID).Figures)
		if x.Status == StatusPlanned {
			for _, f := range targets {
				f.Planned++
			}
			continue
		}
		if !Counted(x.Status) || !QuotaForm(x.Form) || seen[x.EducatorID] {
			continue
		}
		seen[x.EducatorID] = true
		for _, f := range targets {
			f.Rotated++
			if RuleFor(x.Post) == RuleHead && x.Relation == RelationMoves {
				f.RotatedHeads++
			} else {
				f.RotatedTeachers++
			}
			if x.IsBackbone() {
				f.Backbone++
			}
			if must[x.EducatorID] {
				f.FromList++
			}
		}
	}
}

// fillFigures counts the figures of the counties (those the actor sees as a
// whole) and of the schools of the evaluation.
func (s *Service) fillFigures(ctx context.Context, d *Dashboard, ev *evaluation, q evalQuery) error {
	a := app.ActorOf(ctx)
	counties := map[int64]*CountyFigures{}
	schools := map[int64]*SchoolFigures{}
	var countyIDs []int64
	for id, c := range ev.counties {
		if auth.Decide(a, auth.RotationRead, app.Place{CityID: c.CityID, CountyID: c.ID}, "") != nil {
			continue
		}
		if len(q.countyIDs) > 0 && !slices.Contains(q.countyIDs, id) {
			continue
		}
		counties[id] = &CountyFigures{County: c, Policy: ev.policies[id]}
		countyIDs = append(countyIDs, id)
	}
	fs := &figureSet{counties: counties, schools: schools, ev: ev}
	school := fs.school
	d.must = fs.countMust()
	fs.countExchanges(q, d.must)
	subs, err := s.store.FindReturnSubmissions(ctx, countyIDs, ev.year)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		if c := counties[sub.CountyID]; c != nil {
			c.Submission = sub
		}
	}
	for _, c := range counties {
		c.finish(c.Policy.Quota(), c.Policy.BackbonePercent)
		d.Counties = append(d.Counties, c)
		d.Total.add(c.Figures)
	}
	d.Total.finishTargets()
	if len(d.Counties) == 1 {
		d.Total.QuotaPercent, d.Total.BackbonePercent = d.Counties[0].QuotaPercent, d.Counties[0].BackbonePercent
	}
	slices.SortFunc(d.Counties, func(a, b *CountyFigures) int { return cmp.Compare(a.County.Code, b.County.Code) })
	// Schools: with one county or school asked for, every school of it
	// (the drill-down); otherwise only for those who see no county whole.
	if len(q.countyIDs) > 0 || len(d.Counties) == 0 {
		for id, sc := range ev.schools {
			if !q.admits(sc) || !sc.Compulsory() || (len(q.countyIDs) > 0 && !slices.Contains(q.countyIDs, sc.CountyID)) {
				continue
			}
			sf := school(id)
			p := ev.policies[sc.CountyID]
			sf.finish(p.Quota(), p.BackbonePercent)
			d.Schools = append(d.Schools, sf)
		}
		slices.SortFunc(d.Schools, func(a, b *SchoolFigures) int { return cmp.Compare(a.School.Code, b.School.Code) })
	}
	if len(d.Counties) == 0 {
		for _, sf := range d.Schools {
			d.Total.add(sf.Figures)
		}
		d.Total.finishTargets()
	}
	return nil
}
