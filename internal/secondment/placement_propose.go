package secondment

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/programme"
)

// DefaultPerMentor is the proposal's load per mentor unless the
// coordinator sets another: [001] gives each participant one mentor, and a
// mentor principal takes one or two.
const DefaultPerMentor = 2

// ProposalRow is one participant's proposed place.
type ProposalRow struct {
	EducatorID int64  `json:"educator_id"`
	Name       string `json:"name"`
	Category   string `json:"category"`
	HostAssignment
	// Changed says the row differs from the participant's present placement.
	Changed bool `json:"changed"`
}

// Proposal is the helper's whole placement of one batch.
type Proposal struct {
	BatchID   int64         `json:"batch_id"`
	BatchName string        `json:"batch_name"`
	PerMentor int           `json:"per_mentor"`
	Value     int64         `json:"value"`
	Rows      []ProposalRow `json:"rows"`
	// Unplaced counts the participants no mentor fits within the capacities.
	Unplaced int `json:"unplaced"`
}

// problemOf builds the batch's assignment problem from pc.
func (pc *placementContext) problemOf(b *Batch, perMentor int) (*AssignProblem, []*Placement) {
	pr := &AssignProblem{PerMentor: perMentor}
	var members []*Placement
	for _, pl := range pc.placements {
		if pl.BatchID != b.ID {
			continue
		}
		members = append(members, pl)
		pr.Participants = append(pr.Participants, AssignParticipant{ID: pl.EducatorID, Want: wantOf(pl.Post), Subjects: pl.Subjects,
			Level: levelOf(pl.SchoolLevel), Mentor: pl.MentorID, Group: pl.GroupID})
	}
	for _, h := range b.Hosts {
		pr.Hosts = append(pr.Hosts, AssignHost{ID: h.HostID, Capacity: h.Capacity})
	}
	for _, m := range sortedMentors(pc.mentors) {
		h := pc.hosts[m.HostID]
		if h == nil {
			continue
		}
		am := AssignMentor{ID: m.UserID, Host: m.HostID, HostLevel: h.Level}
		if d, ok := h.Department(m.DepartmentID); ok {
			am.DeptKind, am.Subject = d.Kind, d.Subject
		}
		pr.Mentors = append(pr.Mentors, am)
	}
	for _, g := range sortedGroups(pc.groups) {
		pr.Groups = append(pr.Groups, AssignGroup{ID: g.ID, Level: g.Level})
	}
	return pr, members
}

// propose solves the batch's problem and turns it into rows.
func (s *Service) propose(ctx context.Context, pc *placementContext, batchID int64, perMentor int) (*Proposal, error) {
	b := pc.batches[batchID]
	if b == nil {
		return nil, errPlace("batch", "请选择批次", "Choose the batch")
	}
	if perMentor < 1 || perMentor > 20 {
		return nil, errPlace("per_mentor", "每位导师带教人数应在1至20之间", "Participants per mentor must be between 1 and 20")
	}
	pr, members := pc.problemOf(b, perMentor)
	a, err := pr.Solve()
	if err != nil {
		return nil, err
	}
	out := &Proposal{BatchID: b.ID, BatchName: b.Name, PerMentor: perMentor, Value: a.Value, Rows: []ProposalRow{}}
	for _, pl := range members {
		row := ProposalRow{EducatorID: pl.EducatorID, Name: pl.Name, Category: pl.Category,
			HostAssignment: HostAssignment{MentorID: a.Mentor[pl.EducatorID], GroupID: a.Group[pl.EducatorID]}}
		if m := pc.mentors[row.MentorID]; m != nil {
			row.MentorName, row.HostID, row.HostName, row.DepartmentID, row.DepartmentName = m.DisplayName, m.HostID, m.HostName,
				m.DepartmentID, m.DepartmentName
		} else {
			out.Unplaced++
		}
		if g := pc.groups[row.GroupID]; g != nil {
			row.GroupName = g.Name
		}
		row.Changed = row.MentorID != pl.MentorID || row.HostID != pl.HostID || row.DepartmentID != pl.DepartmentID || row.GroupID != pl.GroupID
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// Propose computes the helper's placement of a batch without saving it.
func (s *Service) Propose(ctx context.Context, programmeID, batchID int64, perMentor int) (*Proposal, error) {
	if _, err := s.managed(ctx, programmeID); err != nil {
		return nil, err
	}
	pc, err := s.loadPlacementContext(ctx, programmeID)
	if err != nil {
		return nil, err
	}
	return s.propose(ctx, pc, batchID, perMentor)
}

// ApplyProposal computes the batch's proposal again under the programme's
// lock and saves it: every participant of the batch gets the proposed host,
// department, mentor and group (their post at the host stays). The
// coordinator edits single placements afterwards.
func (s *Service) ApplyProposal(ctx context.Context, programmeID, batchID int64, perMentor int) (*Proposal, error) {
	var out *Proposal
	err := s.inTx(ctx, programmeID, func(ctx context.Context, p *programme.Programme) error {
		pc, err := s.loadPlacementContext(ctx, programmeID)
		if err != nil {
			return err
		}
		prop, err := s.propose(ctx, pc, batchID, perMentor)
		if err != nil {
			return err
		}
		now, by := s.clock.Now(), app.ActorOf(ctx).Label()
		for _, row := range prop.Rows {
			if !row.Changed {
				continue
			}
			pl, err := pc.find(row.EducatorID)
			if err != nil {
				return err
			}
			pl.HostID, pl.DepartmentID, pl.MentorID, pl.GroupID = row.HostID, row.DepartmentID, row.MentorID, row.GroupID
			pl.UpdatedBy, pl.UpdatedAt = by, now
			if err := s.store.SavePlacement(ctx, pl); err != nil {
				return err
			}
		}
		out = prop
		return s.audit.Record(ctx, audit.Change{Action: "secondment.propose_apply", Entity: "programme", EntityID: p.ID,
			Summary: fmt.Sprintf("按分配建议安排项目“%s”批次“%s”：%d人，%d人未能安排（每位导师至多%d人）", p.Name, prop.BatchName,
				len(prop.Rows)-prop.Unplaced, prop.Unplaced, perMentor), After: prop})
	})
	return out, err
}

func sortedMentors(ms map[int64]*Mentor) []*Mentor {
	out := make([]*Mentor, 0, len(ms))
	for _, m := range ms {
		out = append(out, m)
	}
	sortBy(out, func(m *Mentor) int64 { return m.UserID })
	return out
}

func sortedGroups(gs map[int64]*Group) []*Group {
	out := make([]*Group, 0, len(gs))
	for _, g := range gs {
		out = append(out, g)
	}
	sortBy(out, func(g *Group) int64 { return int64(g.Position)<<32 | g.ID })
	return out
}

// sortBy sorts list by key, for deterministic models.
func sortBy[T any](list []T, key func(T) int64) {
	slices.SortFunc(list, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}
