package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// secondmentView is a programme's secondment page (挂职安排): its batches
// with their places, hosts and the hosts' duties, its training groups and
// its mentors; the forms for those who manage it.
type secondmentView struct {
	Programme *programme.Programme
	Batches   []*secondment.Batch
	Groups    []*secondment.Group
	Mentors   []*secondment.Mentor
	// Hosts are those the actor may add to a batch.
	Hosts   []*secondment.Host
	Members []*secondment.Placement
	// Hours are what the programme credits to training records (学时).
	Hours     *secondment.Hours
	CanManage bool
	// NewMentor and Password are shown once, right after a mentor's
	// account is created.
	NewMentor *secondment.Mentor
	Password  string
}

// programmeOf reads the programme of the path for a page.
func (s *Server) programmeOf(r *http.Request) (*programme.Programme, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.cfg.Programmes.FindByID(r.Context(), id)
}

func (s *Server) secondmentView(r *http.Request) (*secondmentView, error) {
	ctx := r.Context()
	p, err := s.programmeOf(r)
	if err != nil {
		return nil, err
	}
	v := &secondmentView{Programme: p, CanManage: s.cfg.Programmes.CanManage(ctx, p)}
	if v.Batches, err = s.cfg.Secondment.Batches(ctx, p); err != nil {
		return nil, err
	}
	if v.Groups, err = s.cfg.Secondment.Groups(ctx, p); err != nil {
		return nil, err
	}
	if v.Mentors, err = s.cfg.Secondment.Mentors(ctx, p); err != nil {
		return nil, err
	}
	if v.Hours, err = s.cfg.Secondment.Hours(ctx, p); err != nil {
		return nil, err
	}
	if v.CanManage {
		if v.Hosts, err = s.cfg.Secondment.Hosts(ctx, ""); err != nil {
			return nil, err
		}
		if _, v.Members, _, err = s.cfg.Secondment.Placements(ctx, p.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) secondmentPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.secondmentView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment", "挂职安排", "programmes", v)
}

// secondmentAgain shows the secondment page once more with a failed form's error.
func (s *Server) secondmentAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.secondmentView(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "secondment", "挂职安排", "programmes", v)
	}
}

func secondmentPath(id int64) string { return "/programmes/" + strconv.FormatInt(id, 10) + "/batches" }

// secondmentAction runs a form's action on the programme of the path and
// shows the secondment page again, with a flash message or the error.
func (s *Server) secondmentAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, secondmentPath, act, s.secondmentAgain(w, r))
}

// batchForm reads a batch's form: name, dates, closed, and one capacity
// field per category ("quota:中层干部").
func batchForm(r *http.Request, p *programme.Programme) (secondment.BatchInput, error) {
	in := secondment.BatchInput{Name: r.FormValue("name"), Closed: r.FormValue("closed") != ""}
	var err error
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	if in.End, err = queryDate(r, "end"); err != nil {
		return in, err
	}
	for _, c := range p.Categories {
		n, err := queryInt(r, "quota:"+c.Name, 0)
		if err != nil {
			return in, err
		}
		in.Quotas = append(in.Quotas, secondment.QuotaInput{Category: c.Name, Capacity: n})
	}
	return in, nil
}

// programmeBatchForm reads a batch form of the programme id.
func (s *Server) programmeBatchForm(r *http.Request, id int64) (secondment.BatchInput, error) {
	p, err := s.cfg.Programmes.FindByID(r.Context(), id)
	if err != nil {
		return secondment.BatchInput{}, err
	}
	return batchForm(r, p)
}

func (s *Server) batchCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "batch_saved", func(id int64) error {
		in, err := s.programmeBatchForm(r, id)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.CreateBatch(r.Context(), id, in)
		return err
	})
}

func (s *Server) batchUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "batch_saved", func(id int64) error {
		batch, err := pathID(r, "batch")
		if err != nil {
			return err
		}
		in, err := s.programmeBatchForm(r, id)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.UpdateBatch(r.Context(), id, batch, in)
		return err
	})
}

func (s *Server) batchDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "batch_deleted", func(id int64) error {
		batch, err := pathID(r, "batch")
		if err != nil {
			return err
		}
		return s.cfg.Secondment.DeleteBatch(r.Context(), id, batch)
	})
}

func (s *Server) batchHostSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "batch_host_saved", func(id int64) error {
		batch, err := pathID(r, "batch")
		if err != nil {
			return err
		}
		host, err := queryID(r, "host_id")
		if err != nil {
			return err
		}
		capacity, err := queryInt(r, "capacity", 0)
		if err != nil {
			return err
		}
		return s.cfg.Secondment.SetBatchHost(r.Context(), id, batch, host, capacity)
	})
}

func (s *Server) batchHostDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "batch_host_removed", func(id int64) error {
		batch, host, err := batchHostOf(r)
		if err != nil {
			return err
		}
		return s.cfg.Secondment.RemoveBatchHost(r.Context(), id, batch, host)
	})
}

func batchHostOf(r *http.Request) (batch, host int64, err error) {
	if batch, err = pathID(r, "batch"); err != nil {
		return 0, 0, err
	}
	host, err = pathID(r, "host")
	return batch, host, err
}

func (s *Server) hostDutiesSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "duties_saved", func(id int64) error {
		batch, host, err := batchHostOf(r)
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return app.InvalidValue("duties", "")
		}
		return s.cfg.Secondment.SetHostDuties(r.Context(), id, batch, host, r.Form["duty"])
	})
}

func groupForm(r *http.Request) (secondment.GroupInput, error) {
	in := secondment.GroupInput{Name: r.FormValue("name"), Level: r.FormValue("level")}
	var err error
	in.LeaderID, err = queryID(r, "leader_id")
	return in, err
}

func (s *Server) groupCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "group_saved", func(id int64) error {
		in, err := groupForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.CreateGroup(r.Context(), id, in)
		return err
	})
}

func (s *Server) groupUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "group_saved", func(id int64) error {
		group, err := pathID(r, "group")
		if err != nil {
			return err
		}
		in, err := groupForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Secondment.UpdateGroup(r.Context(), id, group, in)
		return err
	})
}

func (s *Server) groupDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "group_deleted", func(id int64) error {
		group, err := pathID(r, "group")
		if err != nil {
			return err
		}
		return s.cfg.Secondment.DeleteGroup(r.Context(), id, group)
	})
}

func mentorForm(r *http.Request) (secondment.MentorInput, error) {
	in := secondment.MentorInput{Username: r.FormValue("username"), DisplayName: r.FormValue("display_name"), Title: r.FormValue("title")}
	var err error
	if in.HostID, err = queryID(r, "host_id"); err != nil {
		return in, err
	}
	in.DepartmentID, err = queryID(r, "department_id")
	return in, err
}

// mentorCreateSubmit creates a mentor's account and shows its initial
// password once, on the page itself rather than through a redirect, so
// that it is never in a URL or a log.
func (s *Server) mentorCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := mentorForm(r)
	var m *secondment.Mentor
	var password string
	if err == nil {
		m, password, err = s.cfg.Secondment.CreateMentor(r.Context(), id, in)
	}
	if err != nil {
		return s.secondmentAgain(w, r)(err)
	}
	v, err := s.secondmentView(r)
	if err != nil {
		return err
	}
	v.NewMentor, v.Password = m, password
	return s.render(w, r, http.StatusOK, "secondment", "挂职安排", "programmes", v)
}

// hostListView is a host's list of its participants in a batch, for print.
type hostListView struct {
	Programme *programme.Programme
	Batch     *secondment.Batch
	Host      *secondment.Host
	Rows      []*secondment.Placement
}

func (s *Server) hostListPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	batch, host, err := batchHostOf(r)
	if err != nil {
		return err
	}
	p, b, h, rows, err := s.cfg.Secondment.HostList(r.Context(), id, batch, host)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_hostlist", h.Name+"·"+b.Name, "programmes", hostListView{p, b, h, rows})
}

// templateView is the form to start a programme from a seed's template.
type templateView struct {
	Templates []secondment.Template
	Units     programme.Units
	Form      secondment.TemplateInput
	Unit      string
}

func (s *Server) templatePage(w http.ResponseWriter, r *http.Request) error {
	units, err := s.organiserUnits(r)
	if err != nil {
		return err
	}
	if units.Empty() {
		return app.Errorf(app.Forbidden, "您没有新建项目的权限", "You may not create programmes")
	}
	v := templateView{Templates: secondment.Templates, Units: units,
		Form: secondment.TemplateInput{Template: "000", Year: s.cfg.Secondment.Today().Year + 1}}
	return s.render(w, r, http.StatusOK, "secondment_template", "按模板新建项目", "programmes", v)
}

func (s *Server) templateSubmit(w http.ResponseWriter, r *http.Request) error {
	in := secondment.TemplateInput{Template: r.FormValue("template"), Name: strings.TrimSpace(r.FormValue("name"))}
	year, err := queryInt(r, "year", 0)
	in.Year = year
	if err == nil {
		if kind, id, ok := strings.Cut(r.FormValue("unit"), ":"); ok {
			n, perr := strconv.ParseInt(id, 10, 64)
			switch {
			case perr != nil || n <= 0:
				err = app.InvalidValue("unit", r.FormValue("unit"))
			case kind == "city":
				in.CityID = n
			default:
				in.CountyID = n
			}
		}
	}
	var p *programme.Programme
	if err == nil {
		p, err = s.cfg.Secondment.CreateFromTemplate(r.Context(), in)
	}
	if err != nil {
		units, uerr := s.organiserUnits(r)
		if uerr != nil {
			return uerr
		}
		v := templateView{Templates: secondment.Templates, Units: units, Form: in, Unit: r.FormValue("unit")}
		return s.renderForm(w, r, err, "secondment_template", "按模板新建项目", "programmes", v)
	}
	return redirect(w, r, secondmentPath(p.ID), "programme_created")
}

func (s *Server) apiCreateFromTemplate(w http.ResponseWriter, r *http.Request) error {
	var in secondment.TemplateInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.cfg.Secondment.CreateFromTemplate(r.Context(), in)
	if err != nil {
		return err
	}
	v, err := s.programmeSecondment(r, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, programmeJSON{Programme: p, Members: []*programme.Member{}, Batches: v.Batches, Groups: v.Groups})
	return nil
}

// hoursSubmit saves the hours a programme credits to each participant.
func (s *Server) hoursSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "hours_saved", func(id int64) error {
		hours, err := queryInt(r, "hours", 0)
		if err != nil {
			return err
		}
		return s.cfg.Secondment.SetHours(r.Context(), id, hours)
	})
}

func (s *Server) hoursCreditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.secondmentAction(w, r, "hours_credited", func(id int64) error {
		_, err := s.cfg.Secondment.CreditHours(r.Context(), id)
		return err
	})
}

// apiHours answers GET and PUT /api/v1/programmes/{id}/hours: the hours
// the programme credits to each participant, and how many have them.
func (s *Server) apiHours(w http.ResponseWriter, r *http.Request) error {
	p, err := s.programmeOf(r)
	if err != nil {
		return err
	}
	h, err := s.cfg.Secondment.Hours(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

func (s *Server) apiSetHours(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Hours int `json:"hours"`
	}
	id, err := s.secondmentBody(r, &in)
	if err != nil {
		return err
	}
	if err := s.cfg.Secondment.SetHours(r.Context(), id, in.Hours); err != nil {
		return err
	}
	return s.apiHours(w, r)
}

// apiCreditHours answers POST /api/v1/programmes/{id}/hours/credits with
// the number credited by this run.
func (s *Server) apiCreditHours(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.cfg.Secondment.CreditHours(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"credited": n})
	return nil
}
