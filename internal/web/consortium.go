package web

import (
	"net/http"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
)

// Consortia (办学联合体, SPEC §5) as managed records: the list, a
// consortium's page (members, pairs and activities among them), defining
// one, editing it and moving schools between them.

func consortiumPath(id int64) string { return "/consortia/" + itoa(id) }

type consortiaView struct {
	Consortia []*pairing.Consortium
	// Manage are the counties where the actor defines consortia, with
	// their urban schools for the lead.
	Manage []*org.County
	Urban  []*org.School
}

func (s *Server) consortiaData(r *http.Request) (*consortiaView, error) {
	ctx := r.Context()
	county, err := queryID(r, "county")
	if err != nil {
		return nil, err
	}
	v := &consortiaView{}
	if v.Consortia, err = s.cfg.Pairing.Consortia(ctx, county); err != nil {
		return nil, err
	}
	if auth.Can(app.ActorOf(ctx), auth.OrgWrite) != nil {
		return v, nil
	}
	visible, err := s.visibleCounties(r)
	if err != nil {
		return nil, err
	}
	for _, c := range visible {
		if s.cfg.Pairing.CanManageConsortia(ctx, app.Place{CityID: c.CityID, CountyID: c.ID}) {
			v.Manage = append(v.Manage, c)
			list, _, err := s.cfg.Org.FindSchools(ctx, org.SchoolFilter{CountyID: c.ID, Location: "urban"})
			if err != nil {
				return nil, err
			}
			v.Urban = append(v.Urban, list...)
		}
	}
	return v, nil
}

func (s *Server) consortiaPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.consortiaData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "consortia", "办学联合体", "pairing", v)
}

func consortiumForm(r *http.Request) (pairing.ConsortiumInput, error) {
	in := pairing.ConsortiumInput{Name: r.FormValue("name"), Kind: r.FormValue("kind"), Area: r.FormValue("area"), Description: r.FormValue("description")}
	var err error
	if in.CountyID, err = queryID(r, "county_id"); err != nil {
		return in, err
	}
	in.LeadSchoolID, err = queryID(r, "lead_school_id")
	return in, err
}

func (s *Server) consortiumCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := consortiumForm(r)
	var k *pairing.Consortium
	if err == nil {
		k, err = s.cfg.Pairing.CreateConsortium(r.Context(), in)
	}
	if err != nil {
		v, verr := s.consortiaData(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "consortia", "办学联合体", "pairing", v)
	}
	return redirect(w, r, consortiumPath(k.ID), "consortium_created")
}

// consortiumView is a consortium's page; for those who manage it, the
// county's schools to move in and its urban schools to lead.
type consortiumView struct {
	*pairing.ConsortiumView
	Schools []*org.School
	Urban   []*org.School
	// Open are the member schools and pairs the reader may open: a member
	// school's office reads the consortium, not its sister schools.
	OpenSchool, OpenPair map[int64]bool
}

func (s *Server) consortiumData(r *http.Request) (*consortiumView, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	cv, err := s.cfg.Pairing.ConsortiumPage(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &consortiumView{ConsortiumView: cv, OpenSchool: map[int64]bool{}, OpenPair: map[int64]bool{}}
	a := app.ActorOf(ctx)
	for _, sc := range cv.Consortium.Schools {
		v.OpenSchool[sc.ID] = auth.Decide(a, auth.OrgRead, sc.Place(), "") == nil
	}
	for _, p := range cv.Pairs {
		_, err := s.cfg.Pairing.Pair(ctx, p.ID)
		v.OpenPair[p.ID] = err == nil
	}
	if !cv.CanManage {
		return v, nil
	}
	all, _, err := s.cfg.Org.FindSchools(ctx, org.SchoolFilter{CountyID: cv.Consortium.CountyID})
	if err != nil {
		return nil, err
	}
	for _, sc := range all {
		if sc.ConsortiumID != cv.Consortium.ID {
			v.Schools = append(v.Schools, sc)
		}
		if sc.Location == "urban" {
			v.Urban = append(v.Urban, sc)
		}
	}
	return v, nil
}

func (s *Server) consortiumPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.consortiumData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "consortium", v.Consortium.Name, "pairing", v)
}

func (s *Server) consortiumAgain(w http.ResponseWriter, r *http.Request) func(error) error {
	return func(err error) error {
		v, verr := s.consortiumData(r)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "consortium", v.Consortium.Name, "pairing", v)
	}
}

func (s *Server) consortiumUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "consortium_updated", consortiumPath, func(id int64) error {
		in, err := consortiumForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Pairing.UpdateConsortium(r.Context(), id, in)
		return err
	}, s.consortiumAgain(w, r))
}

// consortiumMoveSubmit moves a school into this consortium, or with
// out=1 out of it.
func (s *Server) consortiumMoveSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "school_moved", consortiumPath, func(id int64) error {
		school, err := queryID(r, "school_id")
		if err != nil {
			return err
		}
		if _, err := s.cfg.Pairing.Consortium(r.Context(), id); err != nil {
			return err
		}
		to := id
		if r.FormValue("out") == "1" {
			to = 0
		}
		return s.cfg.Pairing.MoveSchool(r.Context(), school, to)
	}, s.consortiumAgain(w, r))
}

func (s *Server) apiConsortia(w http.ResponseWriter, r *http.Request) error {
	county, err := queryID(r, "county")
	if err != nil {
		return err
	}
	list, err := s.cfg.Pairing.Consortia(r.Context(), county)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"consortia": orEmpty(list)})
	return nil
}

func (s *Server) apiConsortium(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, s.cfg.Pairing.ConsortiumPage)
}

func (s *Server) apiCreateConsortium(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Pairing.CreateConsortium)
}

// apiMoveSchool puts school {school} into consortium {id}.
func (s *Server) apiMoveSchool(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	school, err := pathID(r, "school")
	if err != nil {
		return err
	}
	if _, err := s.cfg.Pairing.Consortium(r.Context(), id); err != nil {
		return err
	}
	if err := s.cfg.Pairing.MoveSchool(r.Context(), school, id); err != nil {
		return err
	}
	return apiByID(w, r, s.cfg.Pairing.Consortium)
}
