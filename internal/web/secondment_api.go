package web

import (
	"context"
	"net/http"

	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// The JSON API of a programme's secondment: batches, their hosts and
// duties, training groups and mentors.

// programmeSecondmentJSON is what GET /api/v1/programmes/{id} adds to a
// programme: its batches and training groups.
type programmeSecondmentJSON struct {
	Batches []*secondment.Batch `json:"batches"`
	Groups  []*secondment.Group `json:"groups"`
}

func (s *Server) programmeSecondment(r *http.Request, p *programme.Programme) (programmeSecondmentJSON, error) {
	var out programmeSecondmentJSON
	var err error
	if out.Batches, err = s.cfg.Secondment.Batches(r.Context(), p); err != nil {
		return out, err
	}
	out.Groups, err = s.cfg.Secondment.Groups(r.Context(), p)
	return out, err
}

// secondmentBody reads the {id} of a programme the actor may see, then the
// JSON body into in.
func (s *Server) secondmentBody(r *http.Request, in any) (int64, error) {
	return s.programmeBody(r, in)
}

// apiProgrammeWrite decodes the JSON body for the programme {id} the
// actor may see and, with child named, the {child} of it (0 without), acts,
// and answers status with the result.
func apiProgrammeWrite[In, Out any](s *Server, w http.ResponseWriter, r *http.Request, child string, status int,
	act func(ctx context.Context, id, childID int64, in In) (Out, error)) error {
	var in In
	id, err := s.secondmentBody(r, &in)
	if err != nil {
		return err
	}
	var childID int64
	if child != "" {
		if childID, err = pathID(r, child); err != nil {
			return err
		}
	}
	out, err := act(r.Context(), id, childID, in)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}

// apiProgrammeDelete removes the {child} of the programme {id}.
func apiProgrammeDelete(w http.ResponseWriter, r *http.Request, child string, del func(ctx context.Context, id, childID int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	childID, err := pathID(r, child)
	if err != nil {
		return err
	}
	return noContent(w, del(r.Context(), id, childID))
}

func (s *Server) apiCreateBatch(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "", http.StatusCreated, func(ctx context.Context, id, _ int64, in secondment.BatchInput) (*secondment.Batch, error) {
		return s.cfg.Secondment.CreateBatch(ctx, id, in)
	})
}

func (s *Server) apiUpdateBatch(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "batch", http.StatusOK, s.cfg.Secondment.UpdateBatch)
}

func (s *Server) apiDeleteBatch(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeDelete(w, r, "batch", s.cfg.Secondment.DeleteBatch)
}

// batchHostInput is the body of a batch's host: its capacity and duties.
type batchHostInput struct {
	Capacity int      `json:"capacity"`
	Duties   []string `json:"duties"`
}

// apiBatchHost acts on the {host} of the {batch} of the programme {id}.
func (s *Server) apiBatchHost(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, id, batch, host int64, in batchHostInput) error) error {
	var in batchHostInput
	var id int64
	var err error
	if r.Method == http.MethodDelete {
		id, err = pathID(r, "id")
	} else {
		id, err = s.secondmentBody(r, &in)
	}
	if err != nil {
		return err
	}
	batch, host, err := batchHostOf(r)
	if err != nil {
		return err
	}
	return noContent(w, act(r.Context(), id, batch, host, in))
}

func (s *Server) apiSetBatchHost(w http.ResponseWriter, r *http.Request) error {
	return s.apiBatchHost(w, r, func(ctx context.Context, id, batch, host int64, in batchHostInput) error {
		return s.cfg.Secondment.SetBatchHost(ctx, id, batch, host, in.Capacity)
	})
}

func (s *Server) apiDeleteBatchHost(w http.ResponseWriter, r *http.Request) error {
	return s.apiBatchHost(w, r, func(ctx context.Context, id, batch, host int64, _ batchHostInput) error {
		return s.cfg.Secondment.RemoveBatchHost(ctx, id, batch, host)
	})
}

func (s *Server) apiSetHostDuties(w http.ResponseWriter, r *http.Request) error {
	return s.apiBatchHost(w, r, func(ctx context.Context, id, batch, host int64, in batchHostInput) error {
		return s.cfg.Secondment.SetHostDuties(ctx, id, batch, host, in.Duties)
	})
}

func (s *Server) apiCreateGroup(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "", http.StatusCreated, func(ctx context.Context, id, _ int64, in secondment.GroupInput) (*secondment.Group, error) {
		return s.cfg.Secondment.CreateGroup(ctx, id, in)
	})
}

func (s *Server) apiUpdateGroup(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeWrite(s, w, r, "group", http.StatusOK, s.cfg.Secondment.UpdateGroup)
}

func (s *Server) apiDeleteGroup(w http.ResponseWriter, r *http.Request) error {
	return apiProgrammeDelete(w, r, "group", s.cfg.Secondment.DeleteGroup)
}

func (s *Server) apiMentors(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	list, err := s.cfg.Secondment.Mentors(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// mentorCreated is a new mentor and their initial password, shown once.
type mentorCreated struct {
	*secondment.Mentor
	Password string `json:"password"`
}

func (s *Server) apiCreateMentor(w http.ResponseWriter, r *http.Request) error {
	var in secondment.MentorInput
	id, err := s.secondmentBody(r, &in)
	if err != nil {
		return err
	}
	m, password, err := s.cfg.Secondment.CreateMentor(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, mentorCreated{m, password})
	return nil
}
