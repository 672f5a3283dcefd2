package secondment

import (
	"context"
	"io"
	"slices"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/programme"
)

// Round is a programme's selection as the actor may see it: its settings,
// the candidates they may read, the panel and assignments for its
// organisers, and the marks they may read (ScoresVisible says whether
// they are every reviewer's).
type Round struct {
	Programme  *programme.Programme `json:"programme"`
	Selection  *Selection           `json:"selection"`
	Conditions []CategoryConditions `json:"conditions"`
	Candidates []*Candidate         `json:"candidates"`
	// Reviewers are the reviewers granted over the programme, for its organisers.
	Reviewers   []*Reviewer        `json:"reviewers,omitempty"`
	Assignments []ReviewAssignment `json:"assignments,omitempty"`
	Scores      []*Score           `json:"scores"`
	CanManage   bool               `json:"can_manage"`
	OnPanel     bool               `json:"on_panel"`
	// Progress counts, per reviewer, the assigned candidates scored, for organisers.
	Progress map[int64][2]int `json:"-"`
	// Notice is the shortlist's public notice, as the actor may read it.
	Notice *notice.Notice `json:"notice,omitempty"`
	// CanObject says the actor may object while the notice is open.
	CanObject bool `json:"can_object"`
}

// Round returns the selection of a programme the actor may read. Before
// the results, a reviewer sees only the candidates assigned to them and
// their own marks; the organisers see who has scored, not the marks.
func (s *SelectionService) Round(ctx context.Context, programmeID int64) (*Round, error) {
	p, err := s.programmes.FindByID(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	r := &Round{Programme: p, CanManage: s.programmes.CanManage(ctx, p), Candidates: []*Candidate{}, Scores: []*Score{}}
	if r.Conditions, err = s.Conditions(ctx, p); err != nil {
		return nil, err
	}
	r.Selection, err = s.store.FindSelection(ctx, p.ID)
	if app.ErrorCode(err) == app.NotFound {
		return r, nil
	} else if err != nil {
		return nil, err
	}
	if r.OnPanel, err = s.onPanel(ctx, p); err != nil {
		return nil, err
	}
	all, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID})
	if err != nil {
		return nil, err
	}
	as, err := s.store.FindAssignments(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	for _, c := range all {
		assigned := a != nil && slices.Contains(as, ReviewAssignment{CandidateID: c.ID, UserID: a.UserID})
		if r.CanManage || (r.OnPanel && assigned) || s.ownCandidacy(ctx, c) {
			r.Candidates = append(r.Candidates, c)
		}
	}
	if r.CanManage {
		for _, c := range r.Candidates {
			if c.Status == CandidateSubmitted {
				if err := s.withFindings(ctx, p, c); err != nil {
					return nil, err
				}
			}
		}
		if r.Reviewers, err = s.store.FindReviewers(ctx, p); err != nil {
			return nil, err
		}
		r.Assignments = as
		if r.Progress, err = s.progress(ctx, p, as, r.Selection); err != nil {
			return nil, err
		}
	}
	if r.Scores, err = s.visibleScores(ctx, p, r.Selection); err != nil {
		return nil, err
	}
	if r.Notice, err = s.Notice(ctx, r.Selection); err != nil {
		return nil, err
	}
	r.CanObject = r.Notice != nil && s.notices.CanObject(ctx, r.Notice)
	return r, nil
}

// progress counts per reviewer the assigned candidates and those fully scored.
func (s *SelectionService) progress(ctx context.Context, p *programme.Programme, as []ReviewAssignment, sel *Selection) (map[int64][2]int, error) {
	scores, err := s.store.FindScores(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	n := map[ReviewAssignment]int{}
	for _, x := range scores {
		n[ReviewAssignment{CandidateID: x.CandidateID, UserID: x.UserID}]++
	}
	out := map[int64][2]int{}
	for _, x := range as {
		v := out[x.UserID]
		v[0]++
		if n[x] >= len(sel.Criteria) && len(sel.Criteria) > 0 {
			v[1]++
		}
		out[x.UserID] = v
	}
	return out, nil
}

// ownCandidacy reports whether c is the actor's own candidacy or one they nominated.
func (s *SelectionService) ownCandidacy(ctx context.Context, c *Candidate) bool {
	a := app.ActorOf(ctx)
	return a != nil && !a.System && (a.EducatorID != 0 && a.EducatorID == c.EducatorID || a.UserID != 0 && a.UserID == c.NominatedByUserID)
}

// withFindings checks the candidate's conditions now, for the review.
func (s *SelectionService) withFindings(ctx context.Context, p *programme.Programme, c *Candidate) error {
	ed, err := s.store.FindEducatorByID(ctx, c.EducatorID)
	if err != nil {
		return err
	}
	c.Findings, err = s.check(ctx, p, c.Category, ed)
	return err
}

// CandidateView is one candidate as the actor may see them.
type CandidateView struct {
	Candidate *Candidate `json:"candidate"`
	Round     *Round     `json:"-"`
	// Scores are the marks the actor may read for this candidate.
	Scores []*Score `json:"scores"`
	// Assigned says the actor is to score this candidate.
	Assigned bool `json:"assigned"`
	// Materials are the nomination's attachments; CanAttach says the actor may add one.
	Materials []*attach.Attachment `json:"materials"`
	CanAttach bool                 `json:"can_attach"`
	// Objections are those about this candidate the actor may read.
	Objections []*notice.Objection `json:"objections"`
}

// Candidate returns a candidate the actor may read: the programme's
// organisers, the reviewers it is assigned to, the person and whoever
// nominated them. Anyone else gets NotFound.
func (s *SelectionService) Candidate(ctx context.Context, id int64) (*CandidateView, error) {
	c, p, manage, assigned, err := s.readCandidate(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &CandidateView{Candidate: c, Assigned: assigned, Scores: []*Score{}}
	sel, err := s.store.FindSelection(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	v.Round = &Round{Programme: p, Selection: sel, CanManage: manage, OnPanel: assigned}
	if manage {
		if err := s.withFindings(ctx, p, c); err != nil {
			return nil, err
		}
	}
	scores, err := s.visibleScores(ctx, p, sel)
	if err != nil {
		return nil, err
	}
	for _, x := range scores {
		if x.CandidateID == c.ID {
			v.Scores = append(v.Scores, x)
		}
	}
	return v, s.candidateExtras(ctx, v)
}

// readCandidate returns a candidate the actor may read, its programme, and
// whether the actor manages it or is assigned to score it.
func (s *SelectionService) readCandidate(ctx context.Context, id int64) (*Candidate, *programme.Programme, bool, bool, error) {
	c, err := s.store.FindCandidateByID(ctx, id)
	if err != nil {
		return nil, nil, false, false, err
	}
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, nil, false, false, auth.Can(a, auth.ProgrammeRead)
	}
	p, err := s.store.FindProgrammeByID(ctx, c.ProgrammeID)
	if err != nil {
		return nil, nil, false, false, err
	}
	manage := s.programmes.CanManage(ctx, p)
	as, err := s.store.FindAssignments(ctx, p.ID)
	if err != nil {
		return nil, nil, false, false, err
	}
	assigned := a.UserID != 0 && slices.Contains(as, ReviewAssignment{CandidateID: c.ID, UserID: a.UserID})
	if !manage && !assigned && !s.ownCandidacy(ctx, c) {
		return nil, nil, false, false, app.ErrNotFound("候选人")
	}
	return c, p, manage, assigned, nil
}

// candidateExtras adds the materials and the objections about the candidate.
func (s *SelectionService) candidateExtras(ctx context.Context, v *CandidateView) error {
	c := v.Candidate
	v.Materials, v.Objections = []*attach.Attachment{}, []*notice.Objection{}
	v.CanAttach = v.Round.CanManage || s.ownCandidacy(ctx, c)
	if s.attachments != nil {
		list, err := s.attachments.List(ctx, attach.Owner{Kind: AttachmentOwner, ID: c.ID})
		if err != nil {
			return err
		}
		v.Materials = list
	}
	n, err := s.Notice(ctx, v.Round.Selection)
	if err != nil || n == nil {
		return err
	}
	v.Round.Notice, v.Round.CanObject = n, s.notices.CanObject(ctx, n)
	for _, o := range n.Objections {
		if o.EntryKey == strconv.FormatInt(c.ID, 10) {
			v.Objections = append(v.Objections, o)
		}
	}
	return nil
}

// AddMaterial attaches a file to a candidacy (推荐材料).
func (s *SelectionService) AddMaterial(ctx context.Context, candidateID int64, name string, r io.Reader) (*attach.Attachment, error) {
	v, err := s.Candidate(ctx, candidateID)
	if err != nil {
		return nil, err
	}
	if !v.CanAttach {
		return nil, errNotManager
	}
	return s.attachments.Save(ctx, attach.Owner{Kind: AttachmentOwner, ID: candidateID}, name, r)
}

// Candidacy is one of the actor's own candidacies or nominations, with its programme.
type Candidacy struct {
	Candidate *Candidate           `json:"candidate"`
	Programme *programme.Programme `json:"programme"`
	Stage     SelectionStage       `json:"stage"`
}

// Mine lists the actor's own candidacies and those they nominated, newest first.
func (s *SelectionService) Mine(ctx context.Context) ([]*Candidacy, error) {
	a := app.ActorOf(ctx)
	out := []*Candidacy{}
	if a == nil || a.System {
		return out, nil
	}
	var list []*Candidate
	if a.EducatorID != 0 {
		own, err := s.store.FindCandidates(ctx, CandidateFilter{EducatorID: a.EducatorID})
		if err != nil {
			return nil, err
		}
		list = append(list, own...)
	}
	if a.UserID != 0 {
		nominated, err := s.store.FindCandidates(ctx, CandidateFilter{NominatedByUserID: a.UserID})
		if err != nil {
			return nil, err
		}
		for _, c := range nominated {
			if !slices.ContainsFunc(list, func(x *Candidate) bool { return x.ID == c.ID }) {
				list = append(list, c)
			}
		}
	}
	slices.SortFunc(list, func(x, y *Candidate) int { return int(y.ID - x.ID) })
	for _, c := range list {
		p, err := s.store.FindProgrammeByID(ctx, c.ProgrammeID)
		if err != nil {
			return nil, err
		}
		sel, err := s.store.FindSelection(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, &Candidacy{Candidate: c, Programme: p, Stage: sel.Stage})
	}
	return out, nil
}

// OpenForNomination lists the programmes taking nominations or
// applications where the actor may put someone forward: their own county
// or city as a person, the schools and counties whose records they edit,
// the programmes they manage.
func (s *SelectionService) OpenForNomination(ctx context.Context) ([]*programme.Programme, error) {
	a := app.ActorOf(ctx)
	if a == nil {
		return nil, auth.Can(a, auth.ProgrammeRead)
	}
	var within app.Scope
	if a.System {
		within.All = true
	}
	if a.EducatorID != 0 {
		ed, err := s.store.FindEducatorByID(ctx, a.EducatorID)
		if err != nil && app.ErrorCode(err) != app.NotFound {
			return nil, err
		}
		if ed != nil {
			within.CountyIDs, within.CityIDs = append(within.CountyIDs, ed.CountyID), append(within.CityIDs, ed.CityID)
		}
	}
	for _, g := range a.Grants {
		if !auth.RolePermits(g.Role, auth.EducatorWrite) && !auth.RolePermits(g.Role, auth.ProgrammeManage) {
			continue
		}
		switch g.ScopeKind {
		case auth.ScopeGlobal:
			within.All = true
		case auth.ScopeCity:
			within.CityIDs = append(within.CityIDs, g.ScopeID)
		case auth.ScopeCounty, auth.ScopeSchool:
			within.CountyIDs, within.CityIDs = append(within.CountyIDs, g.Place.CountyID), append(within.CityIDs, g.Place.CityID)
		case auth.ScopeProgramme:
			within.ProgrammeIDs = append(within.ProgrammeIDs, g.ScopeID)
		}
	}
	if within.Empty() {
		return []*programme.Programme{}, nil
	}
	return s.store.FindOpenSelections(ctx, within, s.Today())
}

// Task is a programme's selection waiting on the actor: as a reviewer,
// the candidates assigned and those they have scored; as an organiser, the
// stage and the candidates awaiting review.
type Task struct {
	Programme *programme.Programme `json:"programme"`
	Stage     SelectionStage       `json:"stage"`
	Assigned  int                  `json:"assigned"`
	Scored    int                  `json:"scored"`
	Pending   int                  `json:"pending"`
}

// Tasks lists the selections the actor reviews for (Panel) and those they
// organise that are not finished (Organising).
func (s *SelectionService) Tasks(ctx context.Context) (panel, organising []*Task, err error) {
	a := app.ActorOf(ctx)
	if a == nil || a.System {
		return nil, nil, nil
	}
	list, err := s.store.FindSelecting(ctx, auth.ScopeOf(a, auth.ProgrammeRead))
	if err != nil {
		return nil, nil, err
	}
	for _, p := range list {
		sel, err := s.store.FindSelection(ctx, p.ID)
		if err != nil {
			return nil, nil, err
		}
		if s.programmes.CanManage(ctx, p) {
			cands, err := s.store.FindCandidates(ctx, CandidateFilter{ProgrammeID: p.ID, Status: CandidateSubmitted})
			if err != nil {
				return nil, nil, err
			}
			organising = append(organising, &Task{Programme: p, Stage: sel.Stage, Pending: len(cands)})
			continue
		}
		on, err := s.onPanel(ctx, p)
		if err != nil || !on {
			if err != nil {
				return nil, nil, err
			}
			continue
		}
		as, err := s.store.FindAssignments(ctx, p.ID)
		if err != nil {
			return nil, nil, err
		}
		prog, err := s.progress(ctx, p, as, sel)
		if err != nil {
			return nil, nil, err
		}
		n := prog[a.UserID]
		panel = append(panel, &Task{Programme: p, Stage: sel.Stage, Assigned: n[0], Scored: n[1]})
	}
	return panel, organising, nil
}
