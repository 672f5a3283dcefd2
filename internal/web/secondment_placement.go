package web

import (
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// placementsView is a programme's placements: every participant the actor
// may see with batch, host, department, mentor and group, the forms to
// edit them for the programme's managers, and the helper's proposal.
type placementsView struct {
	Programme  *programme.Programme
	Placements []*secondment.Placement
	Access     secondment.PlacementAccess
	// For the managers' forms.
	Batches []*secondment.Batch
	Hosts   []*secondment.Host
	Mentors []*secondment.Mentor
	Groups  []*secondment.Group
	// Proposal is the helper's answer for ProposalBatch, when asked.
	Proposal  *secondment.Proposal
	PerMentor int
}

func (s *Server) placementsView(r *http.Request) (*placementsView, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p, list, acc, err := s.cfg.Secondment.Placements(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &placementsView{Programme: p, Placements: list, Access: acc, PerMentor: secondment.DefaultPerMentor}
	if !acc.Manage {
		return v, nil
	}
	if v.Batches, err = s.cfg.Secondment.Batches(ctx, p); err != nil {
		return nil, err
	}
	if v.Mentors, err = s.cfg.Secondment.Mentors(ctx, p); err != nil {
		return nil, err
	}
	if v.Groups, err = s.cfg.Secondment.Groups(ctx, p); err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, b := range v.Batches {
		for _, bh := range b.Hosts {
			if seen[bh.HostID] {
				continue
			}
			seen[bh.HostID] = true
			h, err := s.cfg.Secondment.Host(ctx, bh.HostID)
			if err != nil {
				return nil, err
			}
			v.Hosts = append(v.Hosts, h)
		}
	}
	return v, nil
}

func (s *Server) placementsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.placementsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_placements", "挂职人员安排", "programmes", v)
}

// proposalParams reads the batch and the load per mentor of a proposal.
func proposalParams(r *http.Request) (batch int64, perMentor int, err error) {
	if batch, err = queryID(r, "batch"); err != nil {
		return 0, 0, err
	}
	perMentor, err = queryInt(r, "per_mentor", secondment.DefaultPerMentor)
	return batch, perMentor, err
}

// proposalPage shows the helper's placement of a batch beside the present one.
func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.placementsView(r)
	if err != nil {
		return err
	}
	if !v.Access.Manage {
		return app.Errorf(app.Forbidden, "您没有管理此项目的权限", "You do not manage this programme")
	}
	batch, perMentor, err := proposalParams(r)
	if err == nil && batch == 0 {
		// Without a choice, the first batch still to end (else the last).
		for _, b := range v.Batches {
			batch = b.ID
			if b.Status != secondment.BatchFinished {
				break
			}
		}
	}
	if err == nil && batch != 0 {
		v.PerMentor = perMentor
		v.Proposal, err = s.cfg.Secondment.Propose(r.Context(), v.Programme.ID, batch, perMentor)
	}
	if err != nil {
		return s.renderForm(w, r, err, "secondment_placements", "挂职人员安排", "programmes", v)
	}
	return s.render(w, r, http.StatusOK, "secondment_placements", "挂职人员安排", "programmes", v)
}

func placementsPath(id int64) string {
	return "/programmes/" + strconv.FormatInt(id, 10) + "/placements"
}

// placementsAgain shows the placements once more with a failed form's error.
func (s *Server) placementsAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.placementsView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment_placements", "挂职人员安排", "programmes", v)
	}
}

func (s *Server) proposalApplySubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "proposal_applied", placementsPath, func(id int64) error {
		batch, perMentor, err := proposalParams(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.ApplyProposal(r.Context(), id, batch, perMentor)
		return err
	}, s.placementsAgain(w, r))
}

func placementForm(r *http.Request) (secondment.PlacementInput, error) {
	in := secondment.PlacementInput{PostTitle: r.FormValue("post_title")}
	for name, dst := range map[string]*int64{"batch_id": &in.BatchID, "host_id": &in.HostID, "department_id": &in.DepartmentID,
		"mentor_id": &in.MentorID, "group_id": &in.GroupID} {
		n, err := queryID(r, name)
		if err != nil {
			return in, err
		}
		*dst = n
	}
	return in, nil
}

func (s *Server) placementSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "placement_saved", placementsPath, func(id int64) error {
		educator, err := pathID(r, "educator")
		if err != nil {
			return err
		}
		in, err := placementForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.Place(r.Context(), id, educator, in)
		return err
	}, s.placementsAgain(w, r))
}

// agreementView is the secondment agreement (挂职协议) of one participant.
type agreementView struct {
	*secondment.Agreement
	Duties []string
}

func (s *Server) agreementPage(w http.ResponseWriter, r *http.Request) error {
	id, educator, err := pathIDs(r, "educator")
	if err != nil {
		return err
	}
	a, err := s.cfg.Secondment.Agreement(r.Context(), id, educator)
	if err != nil {
		return err
	}
	v := agreementView{Agreement: a}
	for _, d := range secondment.Duties {
		v.Duties = append(v.Duties, d.Zh)
	}
	return s.render(w, r, http.StatusOK, "secondment_agreement", "挂职协议", "programmes", v)
}

func (s *Server) apiPlacements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, list, _, err := s.cfg.Secondment.Placements(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) apiPlace(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "educator", http.StatusOK, s.cfg.Secondment.Place)
}

func (s *Server) apiProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	batch, perMentor, err := proposalParams(r)
	if err != nil {
		return err
	}
	prop, err := s.cfg.Secondment.Propose(r.Context(), id, batch, perMentor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, prop)
	return nil
}

func (s *Server) apiApplyProposal(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Batch     int64 `json:"batch"`
		PerMentor int   `json:"per_mentor"`
	}
	id, err := s.secondmentBody(r, &in)
	if err != nil {
		return err
	}
	if in.PerMentor == 0 {
		in.PerMentor = secondment.DefaultPerMentor
	}
	prop, err := s.cfg.Secondment.ApplyProposal(r.Context(), id, in.Batch, in.PerMentor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, prop)
	return nil
}
