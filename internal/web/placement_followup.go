package web

import (
	"context"
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/placement"
)

// After the placement (SPEC §4.5): the report-back meeting, the follow-up
// 6 and 12 months after the return, the printable record of a placement,
// and the organiser's edit of a requirement.

// reportBackView is a programme's report-back page.
type reportBackView struct {
	*placement.ReportBackView
	// ExportURL is the placements' workbook, of the batch the form chooses.
	ExportURL string
}

func (s *Server) reportBackView(ctx context.Context, id int64) (*reportBackView, error) {
	v, err := s.cfg.Return.ReportBacks(ctx, id)
	if err != nil {
		return nil, err
	}
	return &reportBackView{ReportBackView: v, ExportURL: placementsExportPath(id, 0, false)}, nil
}

func (s *Server) reportBackPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.reportBackView(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_report_back", "挂职汇报会", "programmes", v)
}

// reportBackForm reads a meeting from the form.
func reportBackForm(r *http.Request) (placement.ReportBackInput, error) {
	in := placement.ReportBackInput{Time: r.FormValue("time"), Place: r.FormValue("place"), Attendees: r.FormValue("attendees"), Note: r.FormValue("note")}
	batch, err := queryInt(r, "batch_id", 0)
	if err != nil {
		return in, err
	}
	in.BatchID = int64(batch)
	if v := strings.TrimSpace(r.FormValue("date")); v != "" {
		if in.Date, err = app.ParseISODate(v); err != nil {
			return in, &app.Error{Code: app.Invalid, Message: "日期无效：" + v, English: "Not a date: " + v, Fields: map[string]string{"date": "invalid"}}
		}
	}
	return in, nil
}

func (s *Server) reportBackSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "report_back_saved", placement.ReportBackPath, func(id int64) error {
		in, err := reportBackForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Return.ScheduleReportBack(r.Context(), id, in)
		return err
	}, func(err error) error {
		id, _ := pathID(r, "id")
		v, verr := s.reportBackView(r.Context(), id)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "placement_report_back", "挂职汇报会", "programmes", v)
	})
}

func (s *Server) apiReportBack(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Return.ReportBacks)
}

func (s *Server) apiScheduleReportBack(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s.cfg.Return, w, r, http.StatusOK, func(svc *placement.ReturnService, id int64, in placement.ReportBackInput) (any, error) {
		return svc.ScheduleReportBack(r.Context(), id, in)
	})
}

func (s *Server) followUpsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.cfg.Return.FollowUps(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_follow_ups", "跟踪问效", "programmes", v)
}

// followUpSubmit records the home school's or the organiser's review from
// the follow-up page of placement {id}.
func (s *Server) followUpSubmit(who string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, fid, err := pathIDs(r, "followup")
		if err != nil {
			return err
		}
		f, err := s.cfg.Return.Review(r.Context(), fid, who, placement.ReviewInput{Review: r.FormValue("review"), Grade: r.FormValue("grade")})
		if err != nil {
			v, verr := s.cfg.Return.FollowUps(r.Context(), id)
			if verr != nil {
				return verr
			}
			return s.renderForm(w, r, err, "placement_follow_ups", "跟踪问效", "programmes", v)
		}
		return redirect(w, r, placement.FollowUpsPath(f.PlacementID), "follow_up_saved")
	}
}

func (s *Server) apiFollowUps(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Return.FollowUps)
}

// apiFollowUpReview answers a review of a follow-up with the follow-up after it.
func (s *Server) apiFollowUpReview(who string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return apiStep(s.cfg.Return, w, r, http.StatusOK, func(svc *placement.ReturnService, id int64, in placement.ReviewInput) (any, error) {
			return svc.Review(r.Context(), id, who, in)
		})
	}
}

// recordPrintPage is the printable record of a placement, on one A4 page.
func (s *Server) recordPrintPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.cfg.Return.Record(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_archive", "挂职锻炼鉴定表", "programmes", v)
}

func (s *Server) apiPlacementRecord(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Return.Record)
}

// requirementEditView is the form that edits a requirement.
type requirementEditView struct {
	ProgrammeID int64
	Requirement *placement.Requirement
	Countables  []countableChoice
}

// countableChoice is a kind of record with whether the requirement counts it.
type countableChoice struct {
	app.Term
	Checked bool
}

func (s *Server) requirementEditView(r *http.Request) (*requirementEditView, error) {
	id, rid, err := pathIDs(r, "requirement")
	if err != nil {
		return nil, err
	}
	_, _, acc, err := s.cfg.Secondment.Placements(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !acc.Manage {
		return nil, app.Errorf(app.Forbidden, "研修要求由项目组织方修改", "The organiser edits the requirements")
	}
	reqs, err := s.cfg.Placement.Requirements(r.Context(), id)
	if err != nil {
		return nil, err
	}
	for _, req := range reqs {
		if req.ID != rid {
			continue
		}
		v := &requirementEditView{ProgrammeID: id, Requirement: req}
		for _, c := range countables() {
			checked := false
			for _, have := range req.Counts {
				checked = checked || have == c.Code
			}
			v.Countables = append(v.Countables, countableChoice{Term: c, Checked: checked})
		}
		return v, nil
	}
	return nil, app.ErrNotFound("要求")
}

func (s *Server) requirementEditPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requirementEditView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_requirement", "修改研修要求", "programmes", v)
}

func (s *Server) requirementUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requirementEditView(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return app.Errorf(app.Invalid, "表单无效", "The form is invalid")
	}
	in, err := requirementForm(r)
	if err == nil {
		edit := placement.RequirementEdit{Name: in.Name, Counts: in.Counts, Target: in.Target, Due: in.Due}
		if edit.Counts == nil {
			edit.Counts = []string{}
		}
		_, err = s.cfg.Placement.UpdateRequirement(r.Context(), v.Requirement.ID, edit)
	}
	if err != nil {
		return s.renderForm(w, r, err, "placement_requirement", "修改研修要求", "programmes", v)
	}
	return redirect(w, r, boardPath(v.ProgrammeID)+"#requirements", "requirements_saved")
}

func (s *Server) apiUpdateRequirement(w http.ResponseWriter, r *http.Request) error {
	return apiStep(s.cfg.Placement, w, r, http.StatusOK, func(svc *placement.Service, id int64, in placement.RequirementEdit) (any, error) {
		return svc.UpdateRequirement(r.Context(), id, in)
	})
}

// The vocabularies of the follow-up, for the templates' label.
func init() {
	vocabularies["fustate"] = placement.FollowUpStates
}
