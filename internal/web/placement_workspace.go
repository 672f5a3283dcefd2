package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
)

// The placement day by day (SPEC §4.4): the participant's workspace, which
// is their home page while placed, the progress on the programme's
// requirements, the programme's board of who is behind, the attendance
// sheet and the requirements themselves.

func placementPath(id int64) string { return "/placements/" + strconv.FormatInt(id, 10) }

// placementHome renders the workspace as the home page of a participant
// whose placement runs or is about to; ok is false for anyone else.
func (s *Server) placementHome(w http.ResponseWriter, r *http.Request) (ok bool, err error) {
	a := app.ActorOf(r.Context())
	if s.cfg.Placement == nil || a.EducatorID == 0 || !a.HasRole(auth.RoleParticipant) {
		return false, nil
	}
	// One find of the placement for the whole page (placement.findMemo).
	r = r.WithContext(placement.WithFindMemo(r.Context()))
	pl, err := s.cfg.Placement.Current(r.Context())
	if app.ErrorCode(err) == app.NotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if pl.BatchEnd.Before(s.cfg.Placement.Today()) {
		return false, nil
	}
	return true, s.renderWorkspace(w, r, pl.ID, "home")
}

func (s *Server) renderWorkspace(w http.ResponseWriter, r *http.Request, id int64, nav string) error {
	r = r.WithContext(placement.WithFindMemo(r.Context()))
	ws, err := s.cfg.Placement.Workspace(r.Context(), id)
	if err != nil {
		return err
	}
	v := &workspaceView{Workspace: ws}
	if s.cfg.Contacts != nil {
		if v.Upcoming, err = s.cfg.Contacts.Upcoming(r.Context(), id); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "placement_workspace", ws.Placement.Name+" · "+ws.Placement.HostName, nav, v)
}

func (s *Server) placementPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderWorkspace(w, r, id, "programmes")
}

// progressView is one placement's progress page.
type progressView struct {
	Placement *placement.Placement
	Access    placement.Access
	Progress  *placement.Progress
}

// placementOfPath finds the placement of the path's {id} and what the actor
// may do with it.
func (s *Server) placementOfPath(r *http.Request) (*placement.Placement, placement.Access, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, placement.Access{}, err
	}
	pl, _, acc, err := s.cfg.Placement.Find(r.Context(), id)
	return pl, acc, err
}

func (s *Server) progressView(r *http.Request) (*progressView, error) {
	pl, acc, err := s.placementOfPath(r)
	if err != nil {
		return nil, err
	}
	pr, err := s.cfg.Placement.PlacementProgress(r.Context(), pl.ID)
	if err != nil {
		return nil, err
	}
	return &progressView{Placement: pl, Access: acc, Progress: pr}, nil
}

func (s *Server) placementProgressPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.progressView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_progress", translatef(r, "%s的研修进度", v.Placement.Name), "programmes", v)
}

func (s *Server) apiPlacementProgress(w http.ResponseWriter, r *http.Request) error {
	v, err := s.progressView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Progress)
	return nil
}

// boardView is a programme's progress board with its requirements.
type boardView struct {
	ProgrammeID   int64
	ProgrammeName string
	Board         *placement.Board
	OnlyBehind    bool
	Manage        bool
	Sets          []placement.RequirementSet
	Kinds         app.Vocab
	Countables    app.Vocab
	AllURL        string
	BehindURL     string
}

func (s *Server) boardView(r *http.Request) (*boardView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	behind := r.FormValue("behind") == "1"
	b, err := s.cfg.Placement.Board(r.Context(), id, behind)
	if err != nil {
		return nil, err
	}
	p, _, acc, err := s.cfg.Secondment.Placements(r.Context(), id)
	if err != nil {
		return nil, err
	}
	base := "/programmes/" + strconv.FormatInt(id, 10) + "/board"
	return &boardView{ProgrammeID: id, ProgrammeName: p.Name, Board: b, OnlyBehind: behind, Manage: acc.Manage,
		Sets: placement.RequirementSets, Kinds: placement.RequirementKinds, Countables: countables(),
		AllURL: base, BehindURL: base + "?behind=1"}, nil
}

// countables are the records a requirement may count, as choices.
func countables() app.Vocab {
	v := append(app.Vocab{}, placement.RecordKinds[:3]...)
	for _, t := range placement.DeliverableTypes {
		v = append(v, app.Term{Code: "deliverable:" + t.Code, Zh: t.Zh, En: t.En})
	}
	return v
}

func (s *Server) boardPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.boardView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_board", "研修进度", "programmes", v)
}

func (s *Server) apiBoard(w http.ResponseWriter, r *http.Request) error {
	v, err := s.boardView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Board)
	return nil
}

func boardPath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) + "/board" }

// boardAction runs a coordinator's change of the requirements, showing the
// board again with the error.
func (s *Server) boardAction(w http.ResponseWriter, r *http.Request, act func(id int64) error) error {
	return formAction(w, r, "requirements_saved", boardPath, act, func(err error) error {
		v, verr := s.boardView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "placement_board", "研修进度", "programmes", v)
	})
}

// requirementForm reads a requirement from the form.
func requirementForm(r *http.Request) (placement.RequirementInput, error) {
	in := placement.RequirementInput{Name: r.FormValue("name"), Kind: placement.RequirementKind(r.FormValue("kind")), Counts: r.Form["counts"]}
	var err error
	if in.Target, err = queryInt(r, "target", 0); err != nil {
		return in, err
	}
	if v := strings.TrimSpace(r.FormValue("due")); v != "" {
		if in.Due, err = app.ParseISODate(v); err != nil {
			return in, &app.Error{Code: app.Invalid, Message: "截止日期无效：" + v, English: "Not a date: " + v, Fields: map[string]string{"due": "invalid"}}
		}
	}
	return in, nil
}

func (s *Server) requirementSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.boardAction(w, r, func(id int64) error {
		if err := r.ParseForm(); err != nil {
			return app.Errorf(app.Invalid, "表单无效", "The form is invalid")
		}
		in, err := requirementForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Placement.AddRequirement(r.Context(), id, in)
		return err
	})
}

func (s *Server) requirementSetSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.boardAction(w, r, func(id int64) error {
		_, err := s.cfg.Placement.ApplySet(r.Context(), id, r.FormValue("set"))
		return err
	})
}

func (s *Server) requirementDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.boardAction(w, r, func(id int64) error {
		rid, err := pathID(r, "requirement")
		if err != nil {
			return err
		}
		return s.cfg.Placement.DeleteRequirement(r.Context(), id, rid)
	})
}

func (s *Server) apiRequirements(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Placement.Requirements)
}

func (s *Server) apiAddRequirement(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Placement.AddRequirement)
}

// attendanceView is the batch's attendance sheet of a placement.
type attendanceView struct {
	Placement *placement.Placement
	Access    placement.Access
	Sheet     *placement.Sheet
	Today     app.Date
}

func (s *Server) attendancePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.attendanceView(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "placement_attendance", "考勤表", "programmes", v)
}

func (s *Server) attendanceView(r *http.Request, id int64) (*attendanceView, error) {
	pl, _, acc, err := s.cfg.Placement.Find(r.Context(), id)
	if err != nil {
		return nil, err
	}
	sh, err := s.cfg.Placement.AttendanceSheet(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &attendanceView{Placement: pl, Access: acc, Sheet: sh, Today: s.cfg.Placement.Today()}, nil
}

// signInForm reads the day signed for; empty is today.
func signInDay(v string) (app.Date, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return app.Date{}, nil
	}
	d, err := app.ParseISODate(v)
	if err != nil {
		return d, &app.Error{Code: app.Invalid, Message: "日期无效：" + v, English: "Not a date: " + v, Fields: map[string]string{"date": "invalid"}}
	}
	return d, nil
}

func (s *Server) signInSubmit(w http.ResponseWriter, r *http.Request) error {
	back := func(id int64) string {
		if r.FormValue("back") == "sheet" {
			return placementPath(id) + "/attendance"
		}
		return placementPath(id)
	}
	return formAction(w, r, "signed_in", back, func(id int64) error {
		d, err := signInDay(r.FormValue("date"))
		if err != nil {
			return err
		}
		_, err = s.cfg.Placement.SignIn(r.Context(), id, d)
		return err
	}, func(err error) error {
		id, _ := pathID(r, "id")
		v, verr := s.attendanceView(r, id)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "placement_attendance", "考勤表", "programmes", v)
	})
}

func (s *Server) apiSignIn(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Date string `json:"date"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := signInDay(in.Date)
	if err != nil {
		return err
	}
	a, err := s.cfg.Placement.SignIn(r.Context(), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

// currentPlacement is what /api/v1/me says of a participant's placement.
type currentPlacement struct {
	ID          int64    `json:"id"`
	ProgrammeID int64    `json:"programme_id"`
	HostName    string   `json:"host_name"`
	MentorName  string   `json:"mentor_name"`
	Start       app.Date `json:"start"`
	End         app.Date `json:"end"`
}

// currentPlacementOf is the actor's own placement for /api/v1/me, nil when none.
func (s *Server) currentPlacementOf(r *http.Request) *currentPlacement {
	if s.cfg.Placement == nil || app.ActorOf(r.Context()).EducatorID == 0 {
		return nil
	}
	pl, err := s.cfg.Placement.Current(r.Context())
	if err != nil {
		if app.ErrorCode(err) != app.NotFound {
			s.logInternal(r, err)
		}
		return nil
	}
	return &currentPlacement{ID: pl.ID, ProgrammeID: pl.ProgrammeID, HostName: pl.HostName, MentorName: pl.MentorName,
		Start: pl.BatchStart, End: pl.BatchEnd}
}

// The placement's vocabularies, for the templates' label.
func init() {
	vocabularies["plstatus"] = placement.ProgressStatuses
	vocabularies["rkind"] = placement.RecordKinds
	vocabularies["dtype"] = placement.DeliverableTypes
	vocabularies["reqkind"] = placement.RequirementKinds
}
