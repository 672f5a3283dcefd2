package planning

import (
	"cmp"
	"context"
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
	Rule     string  `json:"rule"`
	Reason   string  `json:"reason"`
	ReasonEn string  `json:"reason_en,omitempty"`
	Priority float64 `json:"priority"`
	PriorityParts
	TenureYears int `json:"tenure_years"`
	// Why this school: distance, rank among the wishes (-1: not listed,
	// with Wishes > 0; 0-based otherwise), the subject's staffing at the
	// host, the host's kind.
	DistanceKm     float64                 `json:"distance_km"`
	WishRank       int                     `json:"wish_rank"`
	Wishes         []string                `json:"wishes"`
	HostLocation   string                  `json:"host_location_type"`
	HostRural      bool                    `json:"host_rural"`
	HostWeak       bool                    `json:"host_weak"`
	HostCur        int                     `json:"host_current"`
	HostAfter      int                     `json:"host_after"`
	HostMin        int                     `json:"host_min"`
	HostMax        int                     `json:"host_max"`
	OriginCur      int                     `json:"origin_current"`
	OriginAfter    int                     `json:"origin_after"`
	OriginMin      int                     `json:"origin_min"`
	SameConsortium bool                    `json:"same_consortium"`
	Pinned         bool                    `json:"pinned"`
	Violations     []string                `json:"violations"`
	ExchangeID     int64                   `json:"exchange_id,omitempty"`
	ExchangeStatus rotation.ExchangeStatus `json:"exchange_status,omitempty"`
	NewPrincipal   *rotation.Prerequisite  `json:"new_principal,omitempty"`
	// UnqualifiedPrincipal flags a move into a principal's post of one
	// without the principal qualification training (校长任职资格培训).
	UnqualifiedPrincipal bool `json:"unqualified_principal"`
	// HomeroomUncertified flags a move of a homeroom teacher (班主任)
	// without the homeroom teacher's certificate (班主任持证上岗), who would
	// take a homeroom post at the host without it.
	HomeroomUncertified bool `json:"homeroom_uncertified"`
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
	// Those who see only the notice see their own objections (planPolicy).
	if v.Objections, err = s.objections(ctx, p); err != nil {
		return nil, err
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
	if err := fillBuiltView(v, p, exchanges, f); err != nil {
		return nil, err
	}
	if err := s.flagUnqualified(ctx, p, v); err != nil {
		return nil, err
	}
	return v, nil
}

// requirementPrincipal is the training requirement of a principal's post
// (training.RequirementPrincipal).
const requirementPrincipal = "principal"

// flagUnqualified marks, for those who see the whole plan, the moves into
// a principal's post of people without the qualification training, and
// the moves of homeroom teachers without the homeroom certificate.
func (s *Service) flagUnqualified(ctx context.Context, p *Plan, v *View) error {
	if s.qualifier == nil || !v.Whole {
		return nil
	}
	var ids []int64
	for _, m := range v.Moves {
		if m.EducatorID != 0 {
			ids = append(ids, m.EducatorID)
		}
	}
	uncertified, err := s.qualifier.HomeroomUncertified(ctx, ids)
	if err != nil {
		return err
	}
	for _, m := range v.Moves {
		m.HomeroomUncertified = uncertified[m.EducatorID]
	}
	if p.Mode != ModePrincipal {
		return nil
	}
	for _, m := range v.Moves {
		if m.SubjectName != subjectPrincipal || m.EducatorID == 0 {
			continue
		}
		ok, err := s.qualifier.Qualified(ctx, m.EducatorID, requirementPrincipal)
		if err != nil {
			return err
		}
		m.UnqualifiedPrincipal = !ok
	}
	return nil
}

// fillBuiltView fills in what a view shows of a built plan: its moves
// explained and filtered, its violations, pins and forbids, staffing, map
// and the choices of its forms.
func fillBuiltView(v *View, p *Plan, exchanges map[string]*PlanExchange, f MoveFilter) error {
	in, facts, err := decode(p)
	if err != nil {
		return err
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
	v.filterMoves(all, f)
	if v.Whole {
		v.Staffing = x.staffing(cells, f.School)
	}
	v.Map = x.mapData(moves)
	x.viewOptions(v, p, in)
	return nil
}

// filterMoves keeps the moves f asks for, one page of them.
func (v *View) filterMoves(all []*MoveLine, f MoveFilter) {
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
}

// viewOptions fills in the choices a view's filters and edit forms offer.
func (x *lookup) viewOptions(v *View, p *Plan, in *plan.Instance) {
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
}

// ScoreValue is the 量化打分 score, 0 when none.
func (m *MoveLine) ScoreValue() float64 {
	if m.Score == nil {
		return 0
	}
	return *m.Score
}
