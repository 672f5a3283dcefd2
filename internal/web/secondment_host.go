package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
)

// hostsView is the register of host schools (接收学校) the actor sees.
type hostsView struct {
	Hosts   []*secondment.Host
	Q       string
	CanEdit bool
}

func (s *Server) hostsView(r *http.Request) (*hostsView, error) {
	ctx := r.Context()
	q := strings.TrimSpace(r.FormValue("q"))
	list, err := s.cfg.Secondment.Hosts(ctx, q)
	if err != nil {
		return nil, err
	}
	return &hostsView{Hosts: list, Q: q, CanEdit: auth.Can(app.ActorOf(ctx), auth.ProgrammeManage) == nil}, nil
}

func (s *Server) hostsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.hostsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_hosts", "接收学校", "programmes", v)
}

// hostView is one host school with its departments.
type hostView struct {
	Host    *secondment.Host
	CanEdit bool
}

// hostOf reads the host of the path's {id}.
func (s *Server) hostOf(r *http.Request) (*secondment.Host, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.cfg.Secondment.Host(r.Context(), id)
}

func (s *Server) hostPage(w http.ResponseWriter, r *http.Request) error {
	h, err := s.hostOf(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "secondment_host", h.Name, "programmes", hostView{h, s.cfg.Secondment.CanEditHost(r.Context(), h)})
}

// hostFormView is the form to register or edit a host school.
type hostFormView struct {
	Host  *secondment.Host
	Units programme.Units
	Form  secondment.HostInput
	Unit  string
}

func (s *Server) hostNewPage(w http.ResponseWriter, r *http.Request) error {
	units, err := s.organiserUnits(r)
	if err != nil {
		return err
	}
	if units.Empty() {
		return app.Errorf(app.Forbidden, "您没有登记接收学校的权限", "You may not register host schools")
	}
	return s.render(w, r, http.StatusOK, "secondment_host_form", "登记接收学校", "programmes", hostFormView{Units: units})
}

func hostForm(r *http.Request) (secondment.HostInput, error) {
	in := secondment.HostInput{HostDetails: secondment.HostDetails{Name: r.FormValue("name"), Place: r.FormValue("place"),
		Address: r.FormValue("address"),
		Level:   r.FormValue("level"), ContactName: r.FormValue("contact_name"), ContactPhone: r.FormValue("contact_phone"),
		Note: r.FormValue("note")}, Departments: r.FormValue("departments")}
	if kind, id, ok := strings.Cut(r.FormValue("unit"), ":"); ok {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			return in, app.InvalidValue("unit", r.FormValue("unit"))
		}
		if kind == "city" {
			in.CityID = n
		} else {
			in.CountyID = n
		}
	}
	return in, nil
}

func (s *Server) hostCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := hostForm(r)
	var h *secondment.Host
	if err == nil {
		h, err = s.cfg.Secondment.CreateHost(r.Context(), in)
	}
	if err != nil {
		units, uerr := s.organiserUnits(r)
		if uerr != nil {
			return uerr
		}
		return s.renderForm(w, r, err, "secondment_host_form", "登记接收学校", "programmes", hostFormView{Units: units, Form: in, Unit: r.FormValue("unit")})
	}
	return redirect(w, r, "/hosts/"+strconv.FormatInt(h.ID, 10), "host_saved")
}

func (s *Server) hostEditPage(w http.ResponseWriter, r *http.Request) error {
	h, err := s.hostOf(r)
	if err != nil {
		return err
	}
	if !s.cfg.Secondment.CanEditHost(r.Context(), h) {
		return app.Errorf(app.Forbidden, "您没有修改此接收学校的权限", "You may not edit this host")
	}
	return s.render(w, r, http.StatusOK, "secondment_host_form", "修改接收学校", "programmes", hostFormView{Host: h, Form: secondment.InputOfHost(h)})
}

func (s *Server) hostUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	h, err := s.hostOf(r)
	if err != nil {
		return err
	}
	in, err := hostForm(r)
	if err == nil {
		_, err = s.cfg.Secondment.UpdateHost(r.Context(), h.ID, in)
	}
	if err != nil {
		return s.renderForm(w, r, err, "secondment_host_form", "修改接收学校", "programmes", hostFormView{Host: h, Form: in})
	}
	return redirect(w, r, "/hosts/"+strconv.FormatInt(h.ID, 10), "host_saved")
}

func (s *Server) apiHosts(w http.ResponseWriter, r *http.Request) error {
	v, err := s.hostsView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Hosts)
	return nil
}

func (s *Server) apiHost(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Secondment.Host)
}

func (s *Server) apiCreateHost(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Secondment.CreateHost)
}

func (s *Server) apiUpdateHost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Secondment.Host(r.Context(), id); err != nil {
		return err
	}
	var in secondment.HostInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	h, err := s.cfg.Secondment.UpdateHost(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}
