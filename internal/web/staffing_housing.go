package web

import (
	"context"
	"net/http"
	"strconv"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/staffing"
)

// housingView lists the turnover housing in scope with its occupancy.
type housingView struct {
	Units    []*staffing.HousingUnit
	Occupied int
	County   int64
	Counties []*org.County
	// Schools are those where the actor may add a unit (of the chosen county).
	Schools []*org.School
	Form    staffing.HousingInput
}

func (s *Server) housingView(r *http.Request) (*housingView, error) {
	county, school, err := queryCountySchool(r)
	if err != nil {
		return nil, err
	}
	v := &housingView{County: county}
	if v.Units, err = s.cfg.Housing.Find(r.Context(), staffing.HousingFilter{CountyID: county, SchoolID: school}); err != nil {
		return nil, err
	}
	v.Occupied = staffing.Occupied(v.Units)
	if v.Counties, err = s.supplyCounties(r, auth.SupplyRead); err != nil {
		return nil, err
	}
	manage, err := s.supplyCounties(r, auth.SupplyManage)
	if err != nil {
		return nil, err
	}
	for _, c := range manage {
		if county == 0 || c.ID == county {
			if v.Schools, err = s.countySchools(r, c.ID); err != nil {
				return nil, err
			}
			break
		}
	}
	return v, nil
}

func (s *Server) housingPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.housingView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_housing", "周转房", "supply", v)
}

func (s *Server) apiHousing(w http.ResponseWriter, r *http.Request) error {
	v, err := s.housingView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": v.Units, "units": len(v.Units), "occupied": v.Occupied})
	return nil
}

func (s *Server) housingCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in := staffing.HousingInput{Name: r.FormValue("name"), Note: r.FormValue("note")}
	var err error
	if in.SchoolID, err = queryID(r, "school_id"); err == nil {
		in.AreaM2, err = queryInt(r, "area_m2", 0)
	}
	var u *staffing.HousingUnit
	if err == nil {
		u, err = s.cfg.Housing.Create(r.Context(), in)
	}
	if err != nil {
		v, verr := s.housingView(r)
		if verr != nil {
			return verr
		}
		v.Form = in
		return s.renderForm(w, r, err, "staffing_housing", "周转房", "supply", v)
	}
	return redirect(w, r, unitLink(u.ID), "housing_created")
}

func (s *Server) apiCreateHousing(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Housing.Create)
}

func unitLink(id int64) string { return "/housing/" + strconv.FormatInt(id, 10) }

// unitView is a unit's page: its tenancies and, for those who allocate,
// the school's priority list.
type unitView struct {
	Unit       *staffing.HousingUnit
	Tenancies  []*staffing.Tenancy
	Candidates []*staffing.HousingCandidate
	CanManage  bool
	Today      app.Date
}

func (s *Server) unitView(r *http.Request) (*unitView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	u, ts, err := s.cfg.Housing.FindByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &unitView{Unit: u, Tenancies: ts, CanManage: s.cfg.Housing.CanManage(ctx, u), Today: s.cfg.Housing.Today()}
	if v.CanManage {
		list, err := s.cfg.Housing.Priority(ctx, u.CountyID)
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if c.WorkSchoolID == u.SchoolID {
				v.Candidates = append(v.Candidates, c)
			}
		}
	}
	return v, nil
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.unitView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "staffing_housing_unit", v.Unit.SchoolName+" "+v.Unit.Name, "supply", v)
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.unitView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": v.Unit, "tenancies": v.Tenancies})
	return nil
}

func (s *Server) unitAgain(w http.ResponseWriter, r *http.Request, err error) error {
	v, verr := s.unitView(r)
	if verr != nil {
		return verr
	}
	return s.renderForm(w, r, err, "staffing_housing_unit", v.Unit.SchoolName+" "+v.Unit.Name, "supply", v)
}

func (s *Server) moveInSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "moved_in", unitLink, func(id int64) error {
		in := staffing.MoveInInput{Reason: r.FormValue("reason")}
		var err error
		if in.EducatorID, err = queryID(r, "educator_id"); err != nil {
			return err
		}
		if in.MoveIn, err = queryDate(r, "move_in"); err != nil {
			return err
		}
		_, err = s.cfg.Housing.MoveIn(r.Context(), id, in)
		return err
	}, func(err error) error { return s.unitAgain(w, r, err) })
}

func (s *Server) moveOutSubmit(w http.ResponseWriter, r *http.Request) error {
	return formAction(w, r, "moved_out", unitLink, func(id int64) error {
		day, err := queryDate(r, "move_out")
		if err == nil {
			_, err = s.cfg.Housing.MoveOut(r.Context(), id, staffing.MoveOutInput{MoveOut: day})
		}
		return err
	}, func(err error) error { return s.unitAgain(w, r, err) })
}

func (s *Server) apiMoveIn(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusCreated, s.cfg.Housing.MoveIn)
}

func (s *Server) apiMoveOut(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Housing.MoveOut)
}

func (s *Server) apiHousingPriority(w http.ResponseWriter, r *http.Request) error {
	return apiByID(w, r, func(ctx context.Context, id int64) ([]*staffing.HousingCandidate, error) {
		return s.cfg.Housing.Priority(ctx, id)
	})
}
