package web

import (
	"context"
	"net/http"

	"jiaoliu/internal/pairing"
)

// The pairing API (/api/v1): cycles with their pairs, the proposal, the
// ledger and inspections, as the pages use them.

// orEmpty answers a nil list as an empty one, so JSON says [] not null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func (s *Server) apiCycles(w http.ResponseWriter, r *http.Request) error {
	county, err := queryID(r, "county")
	if err != nil {
		return err
	}
	list, err := s.cfg.Pairing.Cycles(r.Context(), county)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"cycles": orEmpty(list)})
	return nil
}

func (s *Server) apiCycle(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, func(ctx context.Context, id int64) (*pairing.Cycle, error) {
		c, err := s.cfg.Pairing.Cycle(ctx, id)
		if err == nil {
			c.Pairs = orEmpty(c.Pairs)
		}
		return c, err
	})
}

func (s *Server) apiOpenCycle(w http.ResponseWriter, r *http.Request) error {
	var in pairing.CycleInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Capacities == (pairing.Capacities{}) {
		in.Capacities = pairing.DefaultCapacities
	}
	c, err := s.cfg.Pairing.OpenCycle(r.Context(), in)
	if err != nil {
		return err
	}
	c.Pairs = orEmpty(c.Pairs)
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// proposalInput is the pairs a proposal keeps from the last cycle.
type proposalInput struct {
	Keep []pairing.SchoolPair `json:"keep"`
}

func (s *Server) apiProposeCycle(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, func(ctx context.Context, id int64) (*pairing.Proposal, error) {
		c, err := s.cfg.Pairing.Cycle(ctx, id)
		if err != nil {
			return nil, err
		}
		p, err := s.cfg.Pairing.Propose(ctx, id, keptPairs(c))
		if err == nil {
			p.Pairs, p.Unpaired = orEmpty(p.Pairs), orEmpty(p.Unpaired)
		}
		return p, err
	})
}

func (s *Server) apiApplyCycleProposal(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, func(ctx context.Context, id int64, in proposalInput) (map[string]int, error) {
		n, err := s.cfg.Pairing.ApplyProposal(ctx, id, in.Keep)
		return map[string]int{"pairs": n}, err
	})
}

func (s *Server) apiAddPair(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Pairing.AddPair)
}

func (s *Server) apiPublishCycle(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.cfg.Pairing.Publish(r.Context(), id); err != nil {
		return err
	}
	return s.apiCycle(w, r)
}

func (s *Server) apiCycleDashboard(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, func(ctx context.Context, id int64) (*pairing.Dashboard, error) {
		d, err := s.cfg.Pairing.Dashboard(ctx, id)
		if err == nil {
			d.Pairs, d.Idle = orEmpty(d.Pairs), orEmpty(d.Idle)
		}
		return d, err
	})
}

func (s *Server) apiActivities(w http.ResponseWriter, r *http.Request) error {
	p, err := s.pairOf(r)
	if err != nil {
		return err
	}
	list, err := s.cfg.Pairing.Activities(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"pair": p, "activities": orEmpty(list)})
	return nil
}

func (s *Server) apiRecordActivity(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Pairing.RecordActivity)
}

func (s *Server) apiInspect(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Pairing.Inspect)
}

func (s *Server) apiInspections(w http.ResponseWriter, r *http.Request) error {
	list, err := s.cfg.Pairing.Inspections(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"inspections": orEmpty(list)})
	return nil
}
