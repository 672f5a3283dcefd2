package planning

import (
	"cmp"
	"context"
	"math"
	"regexp"
	"slices"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/plan"
	"jiaoliu/internal/rotation"
)

// MoveFilter narrows the moves a plan's page lists.
type MoveFilter struct {
	// School keeps moves leaving or reaching the school (a code).
	School string
	// Subject keeps one subject: its name (语文), or the instance's
	// subject of a stage (小学语文).
	Subject string
	// Backbone keeps backbone teachers ("1") or the others ("0").
	Backbone string
	// Dest keeps moves to rural, weak, or urban-and-not-weak schools.
	Dest string
	// Q matches the name or key.
	Q      string
	Offset int
	Limit  int
}

// View is a plan as its page and the API show it.
type View struct {
	Plan *Plan `json:"plan"`
	// Whole is set for readers of the county; others see the public notice.
	Whole       bool        `json:"whole"`
	CanManage   bool        `json:"can_manage"`
	CanEdit     bool        `json:"can_edit"`
	CanApprove  bool        `json:"can_approve"`
	CanObject   bool        `json:"can_object"`
	CanAnswer   bool        `json:"can_answer"`
	CanAnnounce bool        `json:"can_announce"`
	Today       app.Date    `json:"today"`
	Facts       *FactsView  `json:"facts,omitempty"`
	Summary     *Summary    `json:"summary,omitempty"`
	Moves       []*MoveLine `json:"moves"`
	MovesTotal  int         `json:"moves_total"`
	// Violations are what the moves break, after the last edit.
	Violations []*ViolationLine `json:"violations"`
	// Explanation says why no plan exists, when the last solve found none.
	Explanation []string          `json:"explanation"`
	Staffing    []*SchoolLine     `json:"staffing,omitempty"`
	Map         *MapData          `json:"-"`
	Edits       []*Edit           `json:"edits"`
	Objections  []*Objection      `json:"objections"`
	Pins        []*ConstraintLine `json:"pins"`
	Forbids     []*ConstraintLine `json:"forbids"`
	// Options for the edit forms: the candidates and schools.
	Candidates []*Option     `json:"-"`
	Movers     []*Option     `json:"-"`
	Schools    []*Option     `json:"-"`
	Subjects   []string      `json:"-"`
	Progress   *ProgressView `json:"progress,omitempty"`

	// SwapPairs are the swaps and replacements the swap form offers:
	// "teacher:other" of the same subject and fitting stages.
	SwapPairs []*Option `json:"-"`
	// Failed is set when a solve ended without a plan.
	Failed string `json:"failed,omitempty"`
	// Names are the names of the teachers the objections concern, by key.
	Names map[string]string `json:"-"`
}

// FactsView is what the page says about how the instance was built.
type FactsView struct {
	Reference     app.Date `json:"reference_date"`
	PolicyVersion int      `json:"policy_version"`
	PolicyYear    int      `json:"policy_year"`
	Rule          string   `json:"rule"`
	Warnings      []string `json:"warnings"`
}

// Summary are a plan's headline figures.
type Summary struct {
	Schools     int `json:"schools"`
	Teachers    int `json:"teachers"`
	Candidates  int `json:"candidates"`
	Exempt      int `json:"exempt"`
	Busy        int `json:"busy"`
	Target      int `json:"target"`
	MinBackbone int `json:"min_backbone"`
	// Base, Existing and QuotaTarget are the quota's counts (see Facts).
	Base            int     `json:"base"`
	Existing        int     `json:"existing"`
	QuotaPercent    int     `json:"quota_percent"`
	BackbonePercent int     `json:"backbone_percent"`
	QuotaTarget     int     `json:"quota_target"`
	QuotaNeeded     int     `json:"quota_needed"`
	Moves           int     `json:"moves"`
	Backbone        int     `json:"backbone"`
	BackboneShare   float64 `json:"backbone_share"`
	// Rotated counts the year's rotations with the plan: existing + moves;
	// Share is their share of the base, in percent.
	Rotated       int     `json:"rotated"`
	Share         float64 `json:"share"`
	QuotaMet      bool    `json:"quota_met"`
	BackboneMet   bool    `json:"backbone_met"`
	ToRuralOrWeak int     `json:"to_rural_or_weak"`
	Volunteers    int     `json:"volunteers"`
	Wished        int     `json:"wished"` // went to a school on their list
	FirstChoice   int     `json:"first_choice"`
	MeanKm        float64 `json:"mean_km"`
	MaxKm         float64 `json:"max_km"`
	// The solver's answer: objective, bound and the proven gap
	// (bound − objective) of the moves as they stand.
	Status    plan.Status `json:"status"`
	Objective float64     `json:"objective"`
	Bound     float64     `json:"bound"`
	Gap       float64     `json:"gap"`
	Edited    bool        `json:"edited"`
	Nodes     int         `json:"nodes"`
	Seconds   float64     `json:"seconds"`
}

// MoveLine is one move with what explains it.
type MoveLine struct {
	Index      int     `json:"index"`
	Teacher    string  `json:"teacher"`
	EducatorID int64   `json:"educator_id"`
	Name       string  `json:"name"`
	Post       string  `json:"post"`
	Subject    string  `json:"subject"`
	Backbone   string  `json:"backbone"`
	From       string  `json:"from"`
	FromName   string  `json:"from_name"`
	To         string  `json:"to"`
	ToName     string  `json:"to_name"`
	Value      float64 `json:"value"`
	// Why this teacher: the rule and the priority in parts.
	Rule           string   `json:"rule"`
	Reason         string   `json:"reason"`
	ReasonEn       string   `json:"reason_en,omitempty"`
	Priority       float64  `json:"priority"`
	Volunteer      bool     `json:"volunteer"`
	Score          *float64 `json:"score"`
	LastRanked     bool     `json:"last_ranked"`
	PriorityVol    float64  `json:"priority_volunteer"`
	PriorityTenure float64  `json:"priority_tenure"`
	PriorityScore  float64  `json:"priority_score"`
	PriorityLast   float64  `json:"priority_last_ranked"`
	TenureYears    int      `json:"tenure_years"`
	// Why this school: distance, rank among the wishes (-1: not listed,
	// with Wishes > 0; 0-based otherwise), the subject's staffing at the
	// host, the host's kind.
	DistanceKm     float64                `json:"distance_km"`
	WishRank       int                    `json:"wish_rank"`
	Wishes         []string               `json:"wishes"`
	HostLocation   string                 `json:"host_location_type"`
	HostRural      bool                   `json:"host_rural"`
	HostWeak       bool                   `json:"host_weak"`
	HostCur        int                    `json:"host_current"`
	HostAfter      int                    `json:"host_after"`
	HostMin        int                    `json:"host_min"`
	HostMax        int                    `json:"host_max"`
	OriginCur      int                    `json:"origin_current"`
	OriginAfter    int                    `json:"origin_after"`
	OriginMin      int                    `json:"origin_min"`
	SameConsortium bool                   `json:"same_consortium"`
	Pinned         bool                   `json:"pinned"`
	Violations     []string               `json:"violations"`
	ExchangeID     int64                  `json:"exchange_id,omitempty"`
	ExchangeStatus string                 `json:"exchange_status,omitempty"`
	NewPrincipal   *rotation.Prerequisite `json:"new_principal,omitempty"`
	// SubjectName is Subject without the stage a plan by stage puts
	// before it (数学 for 九年一贯制数学).
	SubjectName string `json:"subject_name"`
}

// ViolationLine is one broken rule, in words with names.
type ViolationLine struct {
	Code    string `json:"code"`
	Teacher string `json:"teacher,omitempty"`
	School  string `json:"school,omitempty"`
	Zh      string `json:"message"`
	English string `json:"english"`
}

// SchoolLine is one school's staffing before and after the moves.
type SchoolLine struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Location string      `json:"location_type"`
	Rural    bool        `json:"rural"`
	Weak     bool        `json:"weak"`
	Before   int         `json:"before"`
	After    int         `json:"after"`
	In       int         `json:"in"`
	Out      int         `json:"out"`
	Cells    []*CellLine `json:"cells"`
	Broken   bool        `json:"broken"`
}

// CellLine is one subject at one school.
type CellLine struct {
	Subject string `json:"subject"`
	Before  int    `json:"before"`
	After   int    `json:"after"`
	Min     int    `json:"min"`
	Max     int    `json:"max"`
	In      int    `json:"in"`
	Out     int    `json:"out"`
	Broken  bool   `json:"broken"`
}

// MapData is what the map draws: schools at their coordinates and the moves.
type MapData struct {
	MinX, MinY, MaxX, MaxY float64
	Schools                []MapSchool
	Moves                  []MapMove
}

// MapSchool is a dot of the map.
type MapSchool struct {
	Code, Name  string
	X, Y        float64
	Rural, Weak bool
	Moves       int
}

// MapMove is a line of the map.
type MapMove struct {
	X1, Y1, X2, Y2 float64
	Backbone       bool
	Label          string
}

// ConstraintLine is a pin or forbid with names.
type ConstraintLine struct {
	Teacher    string `json:"teacher"`
	Name       string `json:"name"`
	School     string `json:"school,omitempty"`
	SchoolName string `json:"school_name,omitempty"`
}

// Option is a choice of an edit form.
type Option struct {
	Key   string
	Label string
}

// FindView returns a plan as its page shows it: whole for readers of its
// county, as a public notice for those it concerns.
func (s *Service) FindView(ctx context.Context, id int64, f MoveFilter) (*View, error) {
	p, err := s.readPlan(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &View{Plan: p, Whole: CanReadWhole(ctx, p), CanManage: CanManage(ctx, p), Today: s.Today(), Moves: []*MoveLine{},
		Violations: []*ViolationLine{}, Explanation: []string{}, Edits: []*Edit{}, Objections: []*Objection{},
		Pins: []*ConstraintLine{}, Forbids: []*ConstraintLine{}}
	if p.Solving() && p.RunID != 0 {
		run, err := s.store.FindRunByID(ctx, p.RunID)
		if err != nil {
			return nil, err
		}
		if run.Finished() {
			// The run ended without recording its outcome on the plan.
			p.SolveState, p.SolveError = SolveFailed, cmp.Or(run.Error, "求解未完成")
		} else {
			v.Progress = &ProgressView{PlanID: p.ID, SolveState: p.SolveState, Status: run.Status, Percent: run.Percent(), Message: run.Message}
		}
	}
	if p.SolveState == SolveFailed {
		v.Failed = p.SolveError
	}
	if v.Objections, err = s.store.FindPlanObjections(ctx, p.ID); err != nil {
		return nil, err
	}
	if !v.Whole {
		// Those who see the notice see their own objections only.
		mine := []*Objection{}
		for _, o := range v.Objections {
			if o.RaisedBy == app.ActorOf(ctx).Label() {
				mine = append(mine, o)
			}
		}
		v.Objections = mine
	}
	exchanges := map[string]*PlanExchange{}
	if p.Status == StatusNoticed || p.Status == StatusAnnounced {
		xs, err := s.store.FindPlanExchanges(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, x := range xs {
			exchanges[x.Teacher] = x
		}
	}
	v.CanObject = s.canObject(ctx, p)
	v.CanAnswer = v.CanManage && p.Status == StatusNoticed
	v.CanAnnounce = v.CanManage && p.Status == StatusNoticed && v.Today.After(p.NoticeEnd)
	if v.Whole {
		if v.Edits, err = s.store.FindPlanEdits(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	if !p.Built() {
		return v, nil
	}
	in, facts, err := decode(p)
	if err != nil {
		return nil, err
	}
	x := newLookup(in, facts)
	v.Failed = x.withNames(v.Failed)
	v.Names = map[string]string{}
	for _, o := range v.Objections {
		if o.Teacher != "" {
			v.Names[o.Teacher] = x.facts.Teachers[o.Teacher].nameOr(o.Teacher)
		}
	}
	v.CanEdit = v.CanManage && p.Status == StatusDraft && !p.Solving() && p.Result.Status != ""
	v.Facts = &FactsView{Reference: facts.Reference, PolicyVersion: facts.PolicyVersion, PolicyYear: facts.PolicyYear, Warnings: facts.Warnings,
		Rule: facts.TeacherRule}
	if p.Mode == ModePrincipal {
		v.Facts.Rule = facts.HeadRule
	}
	if p.Result.Status == plan.StatusInfeasible {
		v.Explanation = []string{x.reasonText(p.Result.Reasons, "zh"), x.reasonText(p.Result.Reasons, "en")}
	}
	moves := p.Moves
	if !v.Whole {
		// The notice lists the moves made exchanges, as they stand.
		var kept []plan.Move
		for _, m := range moves {
			if xch := exchanges[m.Teacher]; xch != nil && xch.Status != rotation.StatusCancelled {
				kept = append(kept, m)
			}
		}
		moves = kept
	}
	vs := plan.CheckMoves(in, p.Moves)
	byMove := map[int][]string{}
	for _, viol := range vs {
		line := &ViolationLine{Code: viol.Code, Teacher: viol.Teacher, School: viol.School, Zh: x.violationText(viol, "zh"), English: x.violationText(viol, "en")}
		v.Violations = append(v.Violations, line)
		if viol.Move >= 0 {
			byMove[viol.Move] = append(byMove[viol.Move], line.Zh)
		}
	}
	if !v.Whole {
		v.Violations = []*ViolationLine{}
	}
	v.CanApprove = v.CanEdit && len(vs) == 0 && len(p.Moves) > 0
	cells := x.cells(p.Moves)
	pinned := map[string]bool{}
	for _, pn := range p.Pins {
		pinned[pn.Teacher] = true
		v.Pins = append(v.Pins, &ConstraintLine{Teacher: pn.Teacher, Name: x.facts.Teachers[pn.Teacher].nameOr(pn.Teacher), School: pn.School, SchoolName: x.schoolName(pn.School)})
	}
	for _, fb := range p.Forbids {
		line := &ConstraintLine{Teacher: fb.Teacher, Name: x.facts.Teachers[fb.Teacher].nameOr(fb.Teacher), School: fb.School}
		if fb.School != "" {
			line.SchoolName = x.schoolName(fb.School)
		}
		v.Forbids = append(v.Forbids, line)
	}
	// Every move, explained; then the filter.
	all := make([]*MoveLine, 0, len(moves))
	for i, m := range moves {
		line := x.moveLine(i, m, cells, pinned[m.Teacher])
		if !v.Whole {
			i = slices.IndexFunc(p.Moves, func(n plan.Move) bool { return n.Teacher == m.Teacher })
		}
		line.Violations = byMove[i]
		if xch := exchanges[m.Teacher]; xch != nil {
			line.ExchangeID, line.ExchangeStatus = xch.ExchangeID, xch.Status
		}
		all = append(all, line)
	}
	v.Summary = x.summary(p, all, facts)
	q := strings.TrimSpace(f.Q)
	for _, line := range all {
		switch {
		case f.School != "" && line.From != f.School && line.To != f.School,
			f.Subject != "" && line.Subject != f.Subject && line.SubjectName != f.Subject,
			f.Backbone == "1" && line.Backbone == "", f.Backbone == "0" && line.Backbone != "",
			f.Dest == "rural" && !line.HostRural, f.Dest == "weak" && !line.HostWeak,
			f.Dest == "urban" && (line.HostRural || line.HostWeak),
			q != "" && !strings.Contains(line.Name, q) && line.Teacher != q:
			continue
		}
		v.Moves = append(v.Moves, line)
	}
	v.MovesTotal = len(v.Moves)
	if f.Offset > 0 {
		v.Moves = v.Moves[min(f.Offset, len(v.Moves)):]
	}
	if f.Limit > 0 && len(v.Moves) > f.Limit {
		v.Moves = v.Moves[:f.Limit]
	}
	if v.Whole {
		v.Staffing = x.staffing(cells, f.School)
	}
	v.Map = x.mapData(moves)
	subjects := map[string]bool{}
	for _, t := range in.Teachers {
		subjects[x.subjectName(t.Subject, t.School)] = true
	}
	for subj := range subjects {
		v.Subjects = append(v.Subjects, subj)
	}
	slices.Sort(v.Subjects)
	for _, sc := range in.Schools {
		v.Schools = append(v.Schools, &Option{Key: sc.ID, Label: x.schoolName(sc.ID)})
	}
	if v.CanEdit {
		for _, m := range p.Moves {
			v.Movers = append(v.Movers, &Option{Key: m.Teacher, Label: x.facts.Teachers[m.Teacher].nameOr(m.Teacher) + " · " + x.schoolName(m.From) + " → " + x.schoolName(m.To)})
		}
		for _, t := range in.Teachers {
			if t.Candidate {
				v.Candidates = append(v.Candidates, &Option{Key: t.ID, Label: x.facts.Teachers[t.ID].nameOr(t.ID) + " · " + x.schoolName(t.School) + " · " + x.subjectName(t.Subject, t.School)})
			}
		}
		v.SwapPairs = x.swapOptions(p.Moves)
	}
	return v, nil
}

// cellKey names a (school, subject) of an instance.
type cellKey struct{ school, subject string }

// cell is a (school, subject) before and after the moves.
type cell struct {
	cur, in, out, min, max int
	hasRow                 bool
}

// cells counts every (school, subject) before and after the moves.
func (x *lookup) cells(moves []plan.Move) map[cellKey]*cell {
	out := map[cellKey]*cell{}
	get := func(k cellKey) *cell {
		c := out[k]
		if c == nil {
			c = &cell{}
			out[k] = c
		}
		return c
	}
	for _, t := range x.in.Teachers {
		get(cellKey{t.School, t.Subject}).cur++
	}
	for _, c := range out {
		c.min, c.max = c.cur, c.cur
	}
	for _, r := range x.in.Staffing {
		c := get(cellKey{r.School, r.Subject})
		c.min, c.max, c.hasRow = r.Min, r.Max, true
	}
	for _, m := range moves {
		t := x.teacher[m.Teacher]
		if t == nil {
			continue
		}
		get(cellKey{t.School, t.Subject}).out++
		get(cellKey{m.To, t.Subject}).in++
	}
	return out
}

// ScoreValue is the 量化打分 score, 0 when none.
func (m *MoveLine) ScoreValue() float64 {
	if m.Score == nil {
		return 0
	}
	return *m.Score
}

func (c *cell) after() int   { return c.cur - c.out + c.in }
func (c *cell) broken() bool { return c.after() < c.min || c.after() > c.max }

// distance is the Euclidean distance of PLANNER.md between two schools.
func (x *lookup) distance(a, b string) float64 {
	sa, sb := x.school[a], x.school[b]
	if sa == nil || sb == nil {
		return 0
	}
	return math.Hypot(sa.XKm-sb.XKm, sa.YKm-sb.YKm)
}

func (x *lookup) moveLine(i int, m plan.Move, cells map[cellKey]*cell, pinned bool) *MoveLine {
	t := x.teacher[m.Teacher]
	line := &MoveLine{Index: i + 1, Teacher: m.Teacher, EducatorID: EducatorOf(m.Teacher), Name: m.Teacher, From: m.From, FromName: x.schoolName(m.From),
		To: m.To, ToName: x.schoolName(m.To), Value: m.Value, Pinned: pinned, WishRank: -1, Wishes: []string{}}
	if t != nil {
		line.Subject, line.SubjectName, line.Priority = t.Subject, x.subjectName(t.Subject, t.School), t.Priority
		line.Backbone = ""
		if t.Backbone {
			line.Backbone = "backbone"
		}
		for k, code := range t.Prefs {
			line.Wishes = append(line.Wishes, x.schoolName(code))
			if code == m.To {
				line.WishRank = k
			}
		}
		if h := cells[cellKey{m.To, t.Subject}]; h != nil {
			line.HostCur, line.HostAfter, line.HostMin, line.HostMax = h.cur, h.after(), h.min, h.max
		}
		if o := cells[cellKey{t.School, t.Subject}]; o != nil {
			line.OriginCur, line.OriginAfter, line.OriginMin = o.cur, o.after(), o.min
		}
	}
	if f := x.facts.Teachers[m.Teacher]; f != nil {
		line.Name, line.Post, line.Rule, line.Reason, line.ReasonEn, line.TenureYears = f.Name, f.Post, f.Rule, f.Reason, f.ReasonEn, f.TenureYears
		if f.Backbone != "" {
			line.Backbone = f.Backbone
		}
		line.Volunteer, line.Score, line.LastRanked = f.Volunteer, f.Score, f.LastRanked
		line.PriorityVol, line.PriorityTenure, line.PriorityScore, line.PriorityLast = f.PriorityVol, f.PriorityTenure, f.PriorityScore, f.PriorityLast
		line.NewPrincipal = f.NewPrincipal
	}
	line.DistanceKm = math.Round(x.distance(m.From, m.To)*10) / 10
	if h := x.facts.Schools[m.To]; h != nil {
		line.HostLocation, line.HostRural, line.HostWeak = h.Location, h.Rural, h.Weak
	}
	if a, b := x.school[m.From], x.school[m.To]; a != nil && b != nil {
		line.SameConsortium = a.Consortium != "" && a.Consortium == b.Consortium
	}
	return line
}

func (x *lookup) summary(p *Plan, moves []*MoveLine, f *Facts) *Summary {
	in := x.in
	sm := &Summary{Schools: len(in.Schools), Teachers: len(in.Teachers), Candidates: f.Candidates, Exempt: f.Exempt, Busy: f.Busy,
		Target: in.Policy.Target, MinBackbone: in.Policy.MinBackbone, Base: f.Base, Existing: f.Existing, QuotaPercent: f.QuotaPercent,
		BackbonePercent: f.BackbonePercent, QuotaTarget: f.QuotaTarget, Moves: len(moves), Status: p.Result.Status, Edited: p.Edited,
		Nodes: p.Result.Nodes, Seconds: p.Result.Seconds}
	sm.QuotaNeeded = ceilPercent(f.Base, f.QuotaPercent)
	total := 0.0
	for _, m := range moves {
		if m.Backbone != "" {
			sm.Backbone++
		}
		if m.HostRural || m.HostWeak {
			sm.ToRuralOrWeak++
		}
		if m.Volunteer {
			sm.Volunteers++
		}
		if m.WishRank >= 0 {
			sm.Wished++
		}
		if m.WishRank == 0 {
			sm.FirstChoice++
		}
		total += m.DistanceKm
		sm.MaxKm = math.Max(sm.MaxKm, m.DistanceKm)
		sm.Objective += m.Value
	}
	if len(moves) > 0 {
		sm.MeanKm = math.Round(total/float64(len(moves))*10) / 10
		sm.BackboneShare = pct(sm.Backbone, len(moves))
	}
	sm.Rotated = f.Existing + len(moves)
	sm.Share = pct(sm.Rotated, f.Base)
	sm.QuotaMet = sm.Rotated >= sm.QuotaNeeded
	sm.BackboneMet = f.ExistingBackbone+sm.Backbone >= ceilPercent(sm.Rotated, f.BackbonePercent)
	sm.Objective = math.Round(sm.Objective*1e6) / 1e6
	if !p.Edited && p.Result.Status != plan.StatusInfeasible {
		sm.Objective, sm.Bound = p.Result.Objective, p.Result.Bound
	} else if p.Result.RootKnown {
		sm.Bound = math.Max(p.RootBound, sm.Objective)
	}
	if p.Result.RootKnown || (!p.Edited && p.Result.Status != plan.StatusInfeasible) {
		sm.Gap = math.Max(0, math.Round((sm.Bound-sm.Objective)*1e6)/1e6)
	}
	return sm
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return math.Round(float64(a)*1000/float64(b)) / 10
}

// staffing lists each school's staffing before and after; the subjects
// shown are those the moves touch or whose bounds break.
func (x *lookup) staffing(cells map[cellKey]*cell, only string) []*SchoolLine {
	bySchool := map[string]*SchoolLine{}
	var out []*SchoolLine
	for _, sc := range x.in.Schools {
		if only != "" && sc.ID != only {
			continue
		}
		f := x.facts.Schools[sc.ID]
		line := &SchoolLine{Code: sc.ID, Name: x.schoolName(sc.ID), Rural: sc.Rural, Weak: sc.Weak, Cells: []*CellLine{}}
		if f != nil {
			line.Location = f.Location
		}
		bySchool[sc.ID] = line
		out = append(out, line)
	}
	keys := make([]cellKey, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b cellKey) int {
		return cmp.Or(cmp.Compare(a.school, b.school), cmp.Compare(a.subject, b.subject))
	})
	for _, k := range keys {
		c, line := cells[k], bySchool[k.school]
		if line == nil {
			continue
		}
		line.Before += c.cur
		line.After += c.after()
		line.In += c.in
		line.Out += c.out
		broken := c.broken()
		line.Broken = line.Broken || broken
		if c.in > 0 || c.out > 0 || broken || only != "" {
			line.Cells = append(line.Cells, &CellLine{Subject: k.subject, Before: c.cur, After: c.after(), Min: c.min, Max: c.max, In: c.in, Out: c.out, Broken: broken})
		}
	}
	return out
}

func (x *lookup) mapData(moves []plan.Move) *MapData {
	d := &MapData{MinX: math.Inf(1), MinY: math.Inf(1), MaxX: math.Inf(-1), MaxY: math.Inf(-1)}
	count := map[string]int{}
	for _, m := range moves {
		count[m.From]++
		count[m.To]++
	}
	for _, sc := range x.in.Schools {
		d.MinX, d.MaxX = math.Min(d.MinX, sc.XKm), math.Max(d.MaxX, sc.XKm)
		d.MinY, d.MaxY = math.Min(d.MinY, sc.YKm), math.Max(d.MaxY, sc.YKm)
		d.Schools = append(d.Schools, MapSchool{Code: sc.ID, Name: x.schoolName(sc.ID), X: sc.XKm, Y: sc.YKm, Rural: sc.Rural, Weak: sc.Weak, Moves: count[sc.ID]})
	}
	for _, m := range moves {
		a, b, t := x.school[m.From], x.school[m.To], x.teacher[m.Teacher]
		if a == nil || b == nil || t == nil {
			continue
		}
		d.Moves = append(d.Moves, MapMove{X1: a.XKm, Y1: a.YKm, X2: b.XKm, Y2: b.YKm, Backbone: t.Backbone,
			Label: x.facts.Teachers[m.Teacher].nameOr(m.Teacher) + "：" + x.schoolName(m.From) + " → " + x.schoolName(m.To)})
	}
	if len(d.Schools) == 0 {
		d.MinX, d.MinY, d.MaxX, d.MaxY = -1, -1, 1, 1
	}
	return d
}

func (f *TeacherFact) nameOr(key string) string {
	if f == nil {
		return key
	}
	return f.Name
}

// subjectName is an instance's subject without the stage of the school
// that a plan by stage puts before it.
func (x *lookup) subjectName(subject, school string) string {
	if f := x.facts.Schools[school]; f != nil {
		if rest, ok := strings.CutPrefix(subject, StageOf(f.Level)); ok && rest != "" {
			return rest
		}
	}
	return subject
}

// codeRef matches the teacher keys and school codes in the planner's
// messages.
var codeRef = regexp.MustCompile(`[A-Za-z0-9_-]+`)

// withNames words a planner's message with people's and schools' names
// instead of the instance's keys and codes, as the bureau knows them.
func (x *lookup) withNames(msg string) string {
	return codeRef.ReplaceAllStringFunc(msg, func(code string) string {
		if f := x.facts.Teachers[code]; f != nil && f.Name != "" {
			return f.Name
		}
		if x.school[code] != nil {
			return x.schoolName(code)
		}
		return code
	})
}

// violationText words a violation with names instead of ids.
func (x *lookup) violationText(v plan.Violation, lang string) string {
	if lang == "en" {
		return x.withNames(v.English)
	}
	return x.withNames(v.Zh)
}

// reasonText words the reasons of an infeasible plan with names, in one
// language, each reason a sentence of its own.
func (x *lookup) reasonText(rs []plan.Reason, lang string) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		msg := r.Zh
		if lang == "en" {
			msg = r.English
		}
		msg = x.withNames(msg)
		if lang == "en" {
			msg = strings.Replace(msg, "the pinned move ", "the fixed move ", 1)
		} else {
			msg = strings.Replace(msg, "固定的调动 ", "固定的调动", 1)
			msg = strings.Replace(msg, " 无法执行", "无法执行", 1)
		}
		out[i] = msg
	}
	if lang == "en" {
		return strings.Join(out, "; ")
	}
	return strings.Join(out, "；")
}
