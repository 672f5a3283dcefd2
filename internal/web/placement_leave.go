package web

import (
	"context"
	"net/http"
	"strconv"

	"jiaoliu/internal/placement"
)

// leavesView is the leave page: the programme's rule, the form to ask for
// leave (for a participant with a running placement) and the requests
// the actor sees.
type leavesView struct {
	Rule       string
	Placements []*placement.Placed
	Leaves     []*placement.Leave
	// Form is the request being asked, kept after a refusal.
	Form placement.LeaveInput
}

func (s *Server) leavesView(r *http.Request) (*leavesView, error) {
	ctx := r.Context()
	v := &leavesView{Rule: placement.LeaveRule}
	var err error
	if v.Placements, err = s.cfg.Leave.MyPlacements(ctx); err != nil {
		return nil, err
	}
	if len(v.Placements) > 0 {
		v.Form.PlacementID, v.Form.Kind = v.Placements[0].ID, placement.LeavePersonal
	}
	v.Leaves, err = s.cfg.Leave.Leaves(ctx, placement.LeaveFilter{})
	return v, err
}

func (s *Server) leavesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.leavesView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_leaves", "请销假", "leave", v)
}

// leaveForm reads the ask form.
func leaveForm(r *http.Request) (placement.LeaveInput, error) {
	var in placement.LeaveInput
	var err error
	if in.PlacementID, err = queryID(r, "placement_id"); err != nil {
		return in, err
	}
	in.Kind, in.Reason = r.FormValue("kind"), r.FormValue("reason")
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	in.End, err = queryDate(r, "end")
	return in, err
}

func (s *Server) leaveAskSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := leaveForm(r)
	var l *placement.Leave
	if err == nil {
		l, err = s.cfg.Leave.Ask(r.Context(), in)
	}
	if err != nil {
		v, verr := s.leavesView(r)
		if verr != nil {
			return verr
		}
		v.Form = in
		return s.renderForm(w, r, err, "placement_leaves", "请销假", "leave", v)
	}
	return redirect(w, r, placement.LeavePath(l.ID), "leave_asked")
}

// leaveView is one leave request with the forms of the steps the actor may take.
type leaveView struct {
	Rule  string
	Leave *placement.Leave
	Today string
}

func (s *Server) leavePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.cfg.Leave.Leave(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_leave", "请假详情", "leave", &leaveView{Rule: placement.LeaveRule, Leave: l,
		Today: s.cfg.Leave.Today().String()})
}

// leaveStepSubmit runs a step of a leave request from its page's form.
func (s *Server) leaveStepSubmit(step placement.LeaveStep) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		ctx := r.Context()
		switch step {
		case placement.StepApprove:
			_, err = s.cfg.Leave.Approve(ctx, id, placement.LeaveDecision{Note: r.FormValue("note")})
		case placement.StepRefuse:
			_, err = s.cfg.Leave.Refuse(ctx, id, placement.LeaveDecision{Note: r.FormValue("note")})
		case placement.StepAcknowledge:
			_, err = s.cfg.Leave.Acknowledge(ctx, id, struct{}{})
		case placement.StepCancel:
			_, err = s.cfg.Leave.Cancel(ctx, id, struct{}{})
		case placement.StepClose:
			var in placement.LeaveReturn
			if in.ActualStart, err = queryDate(r, "actual_start"); err == nil {
				if in.ActualEnd, err = queryDate(r, "actual_end"); err == nil {
					_, err = s.cfg.Leave.Close(ctx, id, in)
				}
			}
		}
		if err != nil {
			l, lerr := s.cfg.Leave.Leave(ctx, id)
			if lerr != nil {
				return lerr
			}
			return s.renderForm(w, r, err, "placement_leave", "请假详情", "leave", &leaveView{Rule: placement.LeaveRule, Leave: l,
				Today: s.cfg.Leave.Today().String()})
		}
		return redirect(w, r, placement.LeavePath(id), "leave_"+string(step))
	}
}

// apiLeaves answers GET /api/v1/leave-requests, filtered by placement_id
// and status.
func (s *Server) apiLeaves(w http.ResponseWriter, r *http.Request) error {
	var f placement.LeaveFilter
	var err error
	if f.PlacementID, err = queryID(r, "placement_id"); err != nil {
		return err
	}
	if st := r.FormValue("status"); st != "" {
		if !placement.LeaveStatuses.Has(st) {
			return invalidParam("status", st)
		}
		f.Status = placement.LeaveStatus(st)
	}
	items, err := s.cfg.Leave.Leaves(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*placement.Leave]{Items: items, Total: len(items), Page: 1, PerPage: len(items)})
	return nil
}

// apiAskLeave answers POST /api/v1/leave-requests with the new request.
func (s *Server) apiAskLeave(w http.ResponseWriter, r *http.Request) error {
	var in placement.LeaveInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	l, err := s.cfg.Leave.Ask(r.Context(), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/leave-requests/"+strconv.FormatInt(l.ID, 10))
	writeJSON(w, http.StatusCreated, l)
	return nil
}

func (s *Server) apiLeave(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Leave.Leave)
}

// apiLeaveStep answers POST /api/v1/leave-requests/{id}/{step} with the
// request after the step.
func apiLeaveStep[In any](act func(ctx context.Context, id int64, in In) (*placement.Leave, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return apiStep(act, w, r, http.StatusOK, func(act func(ctx context.Context, id int64, in In) (*placement.Leave, error), id int64, in In) (any, error) {
			return act(r.Context(), id, in)
		})
	}
}
