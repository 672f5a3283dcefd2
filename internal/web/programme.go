package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

type programmesView struct {
	Programmes []*programme.Programme
	Total      int
	Page       int
	Per        int
	Pages      int
	Units      programme.Units
	// Counties are those the actor sees, for the organiser filter.
	Counties []*org.County
}

func (s *Server) programmesView(r *http.Request) (*programmesView, error) {
	ctx := r.Context()
	f := programme.Filter{Q: r.FormValue("q"), Kind: r.FormValue("kind"), Status: r.FormValue("status")}
	switch unit := r.FormValue("unit"); {
	case unit == "city":
		f.CityWide = true
	case unit != "":
		id, err := strconv.ParseInt(unit, 10, 64)
		if err != nil || id <= 0 {
			return nil, app.InvalidValue("unit", unit)
		}
		f.CountyID = id
	}
	page, per, err := paging(r, 50)
	if err != nil {
		return nil, err
	}
	f.Offset, f.Limit = (page-1)*per, per
	list, total, err := s.cfg.Programmes.Find(ctx, f)
	if err != nil {
		return nil, err
	}
	v := &programmesView{Programmes: list, Total: total, Page: page, Per: per, Pages: pages(total, per)}
	if v.Counties, err = s.visibleCounties(r); err != nil {
		return nil, err
	}
	if v.Units, err = s.cfg.Programmes.OrganiserUnits(ctx, v.Counties); err != nil {
		return nil, err
	}
	return v, nil
}

// visibleCounties are the counties the actor may read, if any.
func (s *Server) visibleCounties(r *http.Request) ([]*org.County, error) {
	if auth.Can(app.ActorOf(r.Context()), auth.OrgRead) != nil {
		return nil, nil
	}
	return s.cfg.Org.FindCounties(r.Context())
}

// organiserUnits are the units where the actor may create programmes.
func (s *Server) organiserUnits(r *http.Request) (programme.Units, error) {
	counties, err := s.visibleCounties(r)
	if err != nil {
		return programme.Units{}, err
	}
	return s.cfg.Programmes.OrganiserUnits(r.Context(), counties)
}

func (s *Server) programmesPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.programmesView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "programmes", "项目", "programmes", v)
}

// programmeFormView is the form to create or edit a programme.
type programmeFormView struct {
	// Programme is the one being edited; nil when creating.
	Programme  *programme.Programme
	Units      programme.Units
	Form       programme.Input
	Categories string
	// Unit is the chosen organising unit: "city:ID" or "county:ID".
	Unit string
}

func (s *Server) programmeNewPage(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.ProgrammeManage); err != nil {
		return err
	}
	units, err := s.organiserUnits(r)
	if err != nil {
		return err
	}
	if units.Empty() {
		return app.Errorf(app.Forbidden, "您没有新建项目的权限", "You may not create programmes")
	}
	today := s.cfg.Programmes.Today()
	v := programmeFormView{Units: units, Form: programme.Input{Details: programme.Details{Kind: programme.KindSecondment,
		Start: today, End: today.AddDays(30)}}}
	return s.render(w, r, http.StatusOK, "programme_form", "新建项目", "programmes", v)
}

// programmeForm reads the form of a programme.
func programmeForm(r *http.Request) (programme.Input, string, error) {
	in := programme.Input{Details: programme.Details{Name: r.FormValue("name"), Kind: r.FormValue("kind"), Organiser: r.FormValue("organiser"),
		Hosts: r.FormValue("hosts"), Description: r.FormValue("description")}}
	text := r.FormValue("categories")
	if kind, id, ok := strings.Cut(r.FormValue("unit"), ":"); ok {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return in, text, app.InvalidValue("unit", r.FormValue("unit"))
		}
		switch kind {
		case "city":
			in.CityID = n
		case "county":
			in.CountyID = n
		default:
			return in, text, app.InvalidValue("unit", r.FormValue("unit"))
		}
	}
	var err error
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, text, err
	}
	if in.End, err = queryDate(r, "end"); err != nil {
		return in, text, err
	}
	in.Categories, err = programme.ParseCategories(text)
	return in, text, err
}

func (s *Server) programmeCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.ProgrammeManage); err != nil {
		return err
	}
	in, text, err := programmeForm(r)
	var p *programme.Programme
	if err == nil {
		p, err = s.cfg.Programmes.Create(r.Context(), in)
	}
	if err != nil {
		units, uerr := s.organiserUnits(r)
		if uerr != nil {
			return uerr
		}
		v := programmeFormView{Units: units, Form: in, Categories: text, Unit: r.FormValue("unit")}
		return s.renderForm(w, r, err, "programme_form", "新建项目", "programmes", v)
	}
	return redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), "programme_created")
}

// programmeView is a programme's page: its facts, categories and
// participants, and, for those who manage it, the search to enrol more.
type programmeView struct {
	Programme *programme.Programme
	Members   []*programme.Member
	CanManage bool
	// CanOpen says which participants' records the actor may open.
	CanOpen map[int64]bool
	// Candidates are the educators found by the enrolment search.
	Candidates []*people.Educator
	Enrolled   map[int64]bool
	Q          string
	Category   string
}

// programmeView is the view of the programme the path names.
func (s *Server) programmeView(r *http.Request) (*programmeView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	p, err := s.cfg.Programmes.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := s.cfg.Programmes.Members(ctx, p)
	if err != nil {
		return nil, err
	}
	a := app.ActorOf(ctx)
	v := &programmeView{Programme: p, Members: members, CanManage: s.cfg.Programmes.CanManage(ctx, p), CanOpen: map[int64]bool{},
		Enrolled: map[int64]bool{}, Q: strings.TrimSpace(r.FormValue("q")), Category: r.FormValue("category")}
	for _, m := range members {
		v.Enrolled[m.EducatorID] = true
		place := app.Place{CityID: m.CityID, CountyID: m.CountyID, SchoolID: m.SchoolID, EducatorID: m.EducatorID}
		v.CanOpen[m.EducatorID] = auth.Decide(a, auth.EducatorRead, place, "") == nil
	}
	if v.CanManage && v.Q != "" && auth.Can(a, auth.EducatorRead) == nil {
		f := people.EducatorFilter{Q: v.Q, CountyID: p.CountyID, Limit: 20}
		if v.Candidates, _, err = s.cfg.People.FindEducators(ctx, f); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) programmePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.programmeView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "programme", v.Programme.Name, "programmes", v)
}

func (s *Server) programmeEditPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	if !s.cfg.Programmes.CanManage(r.Context(), p) {
		return app.Errorf(app.Forbidden, "您没有修改此项目的权限", "You may not edit this programme")
	}
	in := programme.InputOf(p)
	v := programmeFormView{Programme: p, Form: in, Categories: programme.FormatCategories(in.Categories)}
	return s.render(w, r, http.StatusOK, "programme_form", "修改项目", "programmes", v)
}

func (s *Server) programmeUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	in, text, err := programmeForm(r)
	if err == nil {
		_, err = s.cfg.Programmes.Update(r.Context(), p.ID, in)
	}
	if err != nil {
		v := programmeFormView{Programme: p, Form: in, Categories: text}
		return s.renderForm(w, r, err, "programme_form", "修改项目", "programmes", v)
	}
	return redirect(w, r, "/programmes/"+strconv.FormatInt(p.ID, 10), "programme_saved")
}

func programmePath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) }

// programmeAgain shows the programme page once more with a failed form's error.
func (s *Server) programmeAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.programmeView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "programme", v.Programme.Name, "programmes", v)
	}
}

func (s *Server) programmeDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.cfg.Programmes.Delete(r.Context(), id); err != nil {
		return s.programmeAgain(w, r)(err)
	}
	return redirect(w, r, "/programmes", "programme_deleted")
}

func (s *Server) apiDeleteProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return noContent(w, s.cfg.Programmes.Delete(r.Context(), id))
}

// programmeAction runs a form's action on the programme of the path and
// shows the programme again, with a flash message or the error.
func (s *Server) programmeAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, programmePath, act, s.programmeAgain(w, r))
}

func (s *Server) memberAddSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.programmeAction(w, r, "member_added", func(id int64) error {
		educator, err := queryID(r, "educator_id")
		if err != nil {
			return err
		}
		_, err = s.cfg.Programmes.Enrol(r.Context(), id, programme.MemberInput{EducatorID: educator, Category: r.FormValue("category")})
		return err
	})
}

func (s *Server) memberDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.programmeAction(w, r, "member_removed", func(id int64) error {
		educator, err := pathID(r, "educator")
		if err != nil {
			return err
		}
		return s.cfg.Programmes.Withdraw(r.Context(), id, educator)
	})
}

func (s *Server) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	v, err := s.programmesView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*programme.Programme]{Items: v.Programmes, Total: v.Total, Page: v.Page, PerPage: v.Per})
	return nil
}

// programmeJSON is a programme with its participants, and its batches
// and training groups (secondment).
type programmeJSON struct {
	*programme.Programme
	Members []*programme.Member `json:"members"`
	Batches []*secondment.Batch `json:"batches"`
	Groups  []*secondment.Group `json:"groups"`
}

func (s *Server) apiProgramme(w http.ResponseWriter, r *http.Request) error {
	v, err := s.programmeView(r)
	if err != nil {
		return err
	}
	sv, err := s.programmeSecondment(r, v.Programme)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, programmeJSON{v.Programme, v.Members, sv.Batches, sv.Groups})
	return nil
}

func (s *Server) apiCreateProgramme(w http.ResponseWriter, r *http.Request) error {
	var in programme.Input
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.cfg.Programmes.Create(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, programmeJSON{p, []*programme.Member{}, []*secondment.Batch{}, []*secondment.Group{}})
	return nil
}

// programmeBody reads the {id} of a programme the actor may see, then the
// JSON body into in: a programme out of scope answers 404 whatever the body.
func (s *Server) programmeBody(r *http.Request, in any) (int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, err
	}
	if _, err := s.cfg.Programmes.FindByID(r.Context(), id); err != nil {
		return 0, err
	}
	return id, decodeJSON(r, in)
}

func (s *Server) apiUpdateProgramme(w http.ResponseWriter, r *http.Request) error {
	var in programme.Input
	id, err := s.programmeBody(r, &in)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Programmes.Update(r.Context(), id, in); err != nil {
		return err
	}
	return s.apiProgramme(w, r)
}

func (s *Server) apiAddMember(w http.ResponseWriter, r *http.Request) error {
	var in programme.MemberInput
	id, err := s.programmeBody(r, &in)
	if err != nil {
		return err
	}
	m, err := s.cfg.Programmes.Enrol(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiDeleteMember(w http.ResponseWriter, r *http.Request) error {
	id, educator, err := pathIDs(r, "educator")
	if err != nil {
		return err
	}
	return noContent(w, s.cfg.Programmes.Withdraw(r.Context(), id, educator))
}

func (s *Server) membersExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	b, err := s.cfg.Programmes.MembersWorkbook(r.Context(), p)
	if err != nil {
		return err
	}
	return writeXLSX(w, exportName(p.Name+"-参训人员", s.cfg.Clock.Now()), b)
}
