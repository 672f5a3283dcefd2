package web

import (
	"errors"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/attach"
	"jiaoliu/internal/pairing"
)

// A pair's page: goals, the ledger both schools write (phone first),
// self-reviews, the city's inspections.

// activityRow is a ledger entry with its photos and files.
type activityRow struct {
	*pairing.Activity
	Files []*attach.Attachment
}

type pairView struct {
	Pair        *pairing.Pair
	Goals       map[string]string // "period:area" → goal
	Activities  []activityRow
	Reviews     map[int]*pairing.Review
	Inspections []*pairing.Inspection
	Staff       []pairing.Person
	CanRecord   bool
	CanInspect  bool
	Periods     []int
	Today       app.Date
}

// GoalOf is the pair's goal in an area for a period.
func (v *pairView) GoalOf(period int, area string) string {
	return v.Goals[strconv.Itoa(period)+":"+area]
}

func (s *Server) pairData(r *http.Request) (*pairView, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p, err := s.cfg.Pairing.Pair(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &pairView{Pair: p, Goals: map[string]string{}, Reviews: map[int]*pairing.Review{}, CanRecord: s.cfg.Pairing.CanRecord(ctx, p),
		CanInspect: s.cfg.Pairing.CanInspect(ctx, p), Periods: []int{1, 2}, Today: s.cfg.Pairing.Today()}
	goals, err := s.cfg.Pairing.Goals(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, g := range goals {
		v.Goals[strconv.Itoa(g.Period)+":"+g.Area] = g.Goal
	}
	acts, err := s.cfg.Pairing.Activities(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		files, err := s.cfg.Attachments.List(ctx, attach.Owner{Kind: pairing.AttachmentOwner, ID: a.ID})
		if err != nil {
			return nil, err
		}
		v.Activities = append(v.Activities, activityRow{Activity: a, Files: files})
	}
	reviews, err := s.cfg.Pairing.Reviews(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, rv := range reviews {
		v.Reviews[rv.Period] = rv
	}
	if v.Inspections, err = s.cfg.Pairing.PairInspections(ctx, p); err != nil {
		return nil, err
	}
	if v.Staff, err = s.cfg.Pairing.Staff(ctx, p); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) pairPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.pairData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "pairing_pair", v.Pair.HelperName+"—"+v.Pair.HelpedName, "pairing", v)
}

func (s *Server) pairAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.pairData(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "pairing_pair", v.Pair.HelperName+"—"+v.Pair.HelpedName, "pairing", v)
	}
}

// activityForm reads a ledger entry from a form: the value in yuan.
func activityForm(r *http.Request) (pairing.ActivityInput, error) {
	in := pairing.ActivityInput{Kind: r.FormValue("kind"), Title: r.FormValue("title"), Place: r.FormValue("place"),
		Items: r.FormValue("items"), Note: r.FormValue("note")}
	var err error
	if in.HeldOn, err = queryDate(r, "held_on"); err != nil {
		return in, err
	}
	if in.Hours, err = queryInt(r, "hours", 0); err != nil {
		return in, err
	}
	if in.Quantity, err = queryInt(r, "quantity", 0); err != nil {
		return in, err
	}
	if v := strings.TrimSpace(r.FormValue("value")); v != "" {
		yuan, perr := strconv.ParseFloat(v, 64)
		if perr != nil || yuan < 0 || math.IsInf(yuan, 0) || yuan > 1e9 {
			return in, &app.Error{Code: app.Invalid, Message: "捐赠价值应为金额（元）：" + v, English: "The value must be an amount in yuan: " + v,
				Fields: map[string]string{"value": "invalid"}}
		}
		in.ValueFen = int64(math.Round(yuan * 100))
	}
	for _, p := range r.Form["people"] {
		id, perr := strconv.ParseInt(p, 10, 64)
		if perr != nil || id <= 0 {
			return in, invalidParam("people", p)
		}
		in.People = append(in.People, id)
	}
	return in, nil
}

// activitySubmit records an activity from the phone form: its fields and,
// optionally, one photo or file in the same multipart request. The photo
// is checked before the activity is written, so a refused file leaves
// nothing behind.
func (s *Server) activitySubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	again := s.pairAgain(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, maxAttachmentUpload)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return again(errAttachmentTooLarge)
			}
			return again(app.Errorf(app.Invalid, "上传不完整，请重试", "The upload is incomplete; try again"))
		}
	}
	in, err := activityForm(r)
	if err != nil {
		return again(err)
	}
	var name string
	var content []byte
	if r.MultipartForm != nil && len(r.MultipartForm.File["photo"]) > 0 {
		fh := r.MultipartForm.File["photo"][0]
		f, err := fh.Open()
		if err != nil {
			return app.Wrap("web.activitySubmit", err)
		}
		content, err = io.ReadAll(io.LimitReader(f, attach.MaxSize+1))
		f.Close()
		if err != nil {
			return app.Wrap("web.activitySubmit", err)
		}
		name = fh.Filename
		if _, ok := attach.Sniff(name, content); !ok || len(content) == 0 || len(content) > attach.MaxSize {
			return again(&app.Error{Code: app.Invalid, Message: "照片须是JPG/PNG图片（或PDF、Office文档），不超过10MB，且内容与扩展名相符",
				English: "The photo must be a JPG/PNG image (or a PDF or Office document) of at most 10 MB whose content matches its name",
				Fields:  map[string]string{"photo": "invalid"}})
		}
	}
	act, err := s.cfg.Pairing.RecordActivity(r.Context(), id, in)
	if err != nil {
		return again(err)
	}
	if name != "" {
		if _, err := s.cfg.Attachments.Save(r.Context(), attach.Owner{Kind: pairing.AttachmentOwner, ID: act.ID}, name, strings.NewReader(string(content))); err != nil {
			return again(err)
		}
	}
	return redirect(w, r, pairPath(id), "activity_recorded")
}

// activityFileSubmit adds a photo or file to a recorded activity.
func (s *Server) activityFileSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	act, err := s.cfg.Pairing.Activity(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.saveUpload(w, r, attach.Owner{Kind: pairing.AttachmentOwner, ID: act.ID}); err != nil {
		return err
	}
	return redirect(w, r, pairPath(act.PairID), "attachment_saved")
}

func (s *Server) goalsSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "goals_saved", pairPath, func(id int64) error {
		period, err := queryInt(r, "period", 0)
		if err != nil {
			return err
		}
		for _, a := range pairing.GoalAreas {
			if err := s.cfg.Pairing.SetGoal(r.Context(), id, pairing.Goal{Period: period, Area: a.Code, Goal: r.FormValue("goal_" + a.Code)}); err != nil {
				return err
			}
		}
		return nil
	}, s.pairAgain(w, r))
}

func (s *Server) selfReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "self_reviewed", pairPath, func(id int64) error {
		period, err := queryInt(r, "period", 0)
		if err != nil {
			return err
		}
		return s.cfg.Pairing.SelfReview(r.Context(), id, period, r.FormValue("summary"))
	}, s.pairAgain(w, r))
}

func inspectionForm(r *http.Request) (pairing.InspectionInput, error) {
	in := pairing.InspectionInput{Grade: r.FormValue("grade"), Findings: r.FormValue("findings")}
	if err := r.ParseForm(); err != nil {
		return in, app.Errorf(app.Invalid, "表单无法读取", "The form cannot be read")
	}
	in.Met = r.Form["met"]
	var err error
	in.InspectedOn, err = queryDate(r, "inspected_on")
	return in, err
}

func (s *Server) inspectionSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "pair_inspected", pairPath, func(id int64) error {
		in, err := inspectionForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Pairing.Inspect(r.Context(), id, in)
		return err
	}, s.pairAgain(w, r))
}

// inspectionsView is the city's published inspections.
type inspectionsView struct {
	Inspections []*pairing.Inspection
}

func (s *Server) inspectionsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.cfg.Pairing.Inspections(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "pairing_inspections", "结对帮扶督查结果", "pairing", &inspectionsView{Inspections: list})
}
