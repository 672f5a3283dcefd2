package web

import (
	"context"
	"net/http"
	"strconv"

	"jiaoliu/internal/placement"
)

// completionPath is the completion page of a placement.
func completionPath(id int64) string {
	return "/placements/" + strconv.FormatInt(id, 10) + "/completion"
}

func (s *Server) completionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.cfg.Completion.Completion(r.Context(), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_completion", "挂职总结与考核", "leave", v)
}

// placementAssessmentForm reads the three items and the comment of an assessment form.
func placementAssessmentForm(r *http.Request) placement.AssessmentInput {
	in := placement.AssessmentInput{Comment: r.FormValue("comment")}
	for _, it := range placement.Items {
		in.Items = append(in.Items, placement.ItemGrade{Item: it.Code, Grade: r.FormValue(it.Code), Comment: r.FormValue(it.Code + "_comment")})
	}
	return in
}

// completionSubmit runs a completion form's action and shows the page
// again, with the flash on success or the error on failure.
func (s *Server) completionSubmit(msg string, act func(ctx context.Context, id int64, r *http.Request) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := act(r.Context(), id, r); err != nil {
			v, verr := s.cfg.Completion.Completion(r.Context(), id)
			if verr != nil {
				return verr
			}
			return s.renderForm(w, r, err, "placement_completion", "挂职总结与考核", "leave", v)
		}
		return redirect(w, r, completionPath(id), msg)
	}
}

func (s *Server) completionReportSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.completionSubmit("report_saved", func(ctx context.Context, id int64, r *http.Request) error {
		_, err := s.cfg.Completion.SubmitReport(ctx, id, placement.ReportInput{Report: r.FormValue("report")})
		return err
	})(w, r)
}

// completionAssessSubmit records the mentor's or the host school's assessment.
func (s *Server) completionAssessSubmit(who string) handlerFunc {
	return s.completionSubmit("assessment_saved", func(ctx context.Context, id int64, r *http.Request) error {
		_, err := s.cfg.Completion.Assess(ctx, id, who, placementAssessmentForm(r))
		return err
	})
}

func (s *Server) completionTasksSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.completionSubmit("assessment_saved", func(ctx context.Context, id int64, r *http.Request) error {
		_, err := s.cfg.Completion.AssessTasks(ctx, id, placement.TasksInput{Comment: r.FormValue("comment")})
		return err
	})(w, r)
}

func (s *Server) completionResultSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.completionSubmit("result_decided", func(ctx context.Context, id int64, r *http.Request) error {
		_, err := s.cfg.Completion.Decide(ctx, id, struct{}{})
		return err
	})(w, r)
}

func (s *Server) completionOutstandingSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.completionSubmit("outstanding_saved", func(ctx context.Context, id int64, r *http.Request) error {
		_, err := s.cfg.Completion.MarkOutstanding(ctx, id, placement.OutstandingInput{Outstanding: r.FormValue("outstanding") == "1"})
		return err
	})(w, r)
}

func (s *Server) apiCompletion(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Completion.Completion)
}

// apiCompletionStep answers a completion step of the API with the completion after it.
func apiCompletionStep[In any](act func(ctx context.Context, id int64, in In) (*placement.CompletionView, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return apiStep(act, w, r, http.StatusOK, func(act func(ctx context.Context, id int64, in In) (*placement.CompletionView, error), id int64, in In) (any, error) {
			return act(r.Context(), id, in)
		})
	}
}

// assessAs binds the assessor of an assessment route.
func (s *Server) assessAs(who string) func(ctx context.Context, id int64, in placement.AssessmentInput) (*placement.CompletionView, error) {
	return func(ctx context.Context, id int64, in placement.AssessmentInput) (*placement.CompletionView, error) {
		return s.cfg.Completion.Assess(ctx, id, who, in)
	}
}
