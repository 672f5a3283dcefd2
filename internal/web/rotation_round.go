package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

type roundsView struct {
	Rounds []*rotation.Round
	Total  int
	Page   int
	Pages  int
	// Schools are the schools the actor runs rounds of; Hosts by school.
	Schools []*org.School
	Hosts   map[int64][]*org.School
	Form    rotation.RoundInput
}

func (s *Server) roundsView(r *http.Request, form rotation.RoundInput) (*roundsView, error) {
	rs := s.cfg.Rotation
	ctx := r.Context()
	page, per, err := paging(r, 50)
	if err != nil {
		return nil, err
	}
	status := r.URL.Query().Get("status")
	list, total, err := rs.FindRounds(ctx, rotation.RoundFilter{Status: rotation.RoundStatus(status), Offset: (page - 1) * per, Limit: per})
	if err != nil {
		return nil, err
	}
	v := &roundsView{Rounds: list, Total: total, Page: page, Pages: pages(total, per), Hosts: map[int64][]*org.School{}, Form: form}
	a := app.ActorOf(ctx)
	if auth.Can(a, auth.RotationApply) == nil {
		schools, _, err := s.cfg.Org.FindSchools(ctx, org.SchoolFilter{})
		if err != nil {
			return nil, err
		}
		for _, sc := range schools {
			if !sc.Compulsory() || auth.Decide(a, auth.RotationApply, sc.Place(), "") != nil {
				continue
			}
			hosts, err := rs.FindRoundHosts(ctx, sc.ID)
			if err != nil {
				return nil, err
			}
			if len(hosts) > 0 {
				v.Schools = append(v.Schools, sc)
				v.Hosts[sc.ID] = hosts
			}
		}
	}
	if v.Form.Start.IsZero() {
		start := rotation.YearStart(rotation.SchoolYearOf(rs.Today()) + 1)
		v.Form = rotation.RoundInput{Places: 1, NoticeDays: 5, Start: start, PlannedEnd: rotation.YearEnd(start.Year + 2)}
	}
	return v, nil
}

func (s *Server) roundsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.roundsView(r, rotation.RoundInput{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_rounds", "乡镇内支教选派", "rotation", v)
}

func roundForm(r *http.Request) (rotation.RoundInput, error) {
	in := rotation.RoundInput{Note: r.FormValue("note")}
	var err error
	// The host select carries "school:host" so one list serves every school.
	if pair := r.FormValue("pair"); pair != "" {
		if in.SchoolID, in.HostSchoolID, err = schoolPair(pair); err != nil {
			return in, err
		}
	} else {
		if in.SchoolID, err = queryID(r, "school_id"); err != nil {
			return in, err
		}
		if in.HostSchoolID, err = queryID(r, "host_school_id"); err != nil {
			return in, err
		}
	}
	if in.Places, err = queryInt(r, "places", 0); err != nil {
		return in, err
	}
	if in.NoticeDays, err = queryInt(r, "notice_days", 0); err != nil {
		return in, err
	}
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	in.PlannedEnd, err = queryDate(r, "planned_end")
	return in, err
}

// schoolPair reads the host select's "school:host", both positive ids.
func schoolPair(pair string) (school, host int64, err error) {
	a, b, ok := strings.Cut(pair, ":")
	school, errA := strconv.ParseInt(a, 10, 64)
	host, errB := strconv.ParseInt(b, 10, 64)
	if !ok || errA != nil || errB != nil || school <= 0 || host <= 0 {
		return 0, 0, &app.Error{Code: app.Invalid, Message: "请从列表中选择学校和交流学校", English: "Choose the school and its host from the list",
			Fields: map[string]string{"pair": "invalid"}}
	}
	return school, host, nil
}

func (s *Server) roundCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	in, err := roundForm(r)
	var round *rotation.Round
	if err == nil {
		round, err = rs.CreateRound(r.Context(), in)
	}
	if err != nil {
		v, verr := s.roundsView(r, in)
		if verr != nil {
			return verr
		}
		return s.renderForm(w, r, err, "rotation_rounds", "乡镇内支教选派", "rotation", v)
	}
	return redirect(w, r, "/rotation/rounds/"+itoa(round.ID), "round_created")
}

type roundView struct {
	*rotation.Round
	Today     app.Date
	CanManage bool
	// Self is the actor's own educator record when they may apply.
	Self *people.Educator
	// Teachers are the school's teachers the school may apply for.
	Teachers []*people.Educator
	// Notice is the round's notice (its page), once published.
	Notice int64 `json:"-"`
}

func (s *Server) roundView(r *http.Request) (*roundView, error) {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	round, err := rs.FindRoundByID(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &roundView{Round: round, Today: rs.Today(), CanManage: rotation.CanManageRound(ctx, round)}
	if v.Notice, err = s.noticeOf(r, notice.KindRotationRound, round.ID); err != nil {
		return nil, err
	}
	if round.Status == rotation.RoundOpen {
		a := app.ActorOf(ctx)
		if a.EducatorID != 0 {
			if e, err := s.cfg.People.FindEducatorByID(ctx, a.EducatorID); err == nil && e.SchoolID == round.SchoolID {
				v.Self = e
			}
		}
		if v.CanManage {
			v.Teachers, _, err = s.cfg.People.FindEducators(ctx, people.EducatorFilter{SchoolID: round.SchoolID, StaffStatus: people.StaffEstablished, Sort: "name"})
			if err != nil && app.ErrorCode(err) != app.Forbidden {
				return nil, err
			}
		}
	}
	return v, nil
}

func (s *Server) roundPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.roundView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_round", "乡镇内支教选派", "rotation", v)
}

// roundAction runs a form action on a round and shows it again.
func (s *Server) roundAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, func(id int64) string { return "/rotation/rounds/" + itoa(id) },
		act,
		func(err error) error {
			v, verr := s.roundView(r)
			if verr != nil {
				return verr
			}
			return s.renderForm(w, r, err, "rotation_round", "乡镇内支教选派", "rotation", v)
		})
}

func (s *Server) roundApplySubmit(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, "round_applied", func(id int64) error {
		e, err := queryID(r, "educator_id")
		if err != nil {
			return err
		}
		_, err = s.cfg.Rotation.Apply(r.Context(), id, rotation.ApplicationInput{EducatorID: e, Statement: r.FormValue("statement")})
		return err
	})
}

// scoreForm reads score_<application id> fields (and note_<id>).
func scoreForm(r *http.Request) (rotation.ScoreInput, error) {
	in := rotation.ScoreInput{Scores: map[int64]float64{}, Notes: map[int64]string{}}
	if err := r.ParseForm(); err != nil {
		return in, invalidParam("form", "")
	}
	for k, vs := range r.PostForm {
		key, ok := strings.CutPrefix(k, "score_")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return in, invalidParam(k, vs[0])
		}
		score, err := strconv.ParseFloat(strings.TrimSpace(vs[0]), 64)
		if err != nil {
			return in, &app.Error{Code: app.Invalid, Message: "分数应为数字：" + vs[0], English: "A score must be a number: " + vs[0],
				Fields: map[string]string{k: "invalid"}}
		}
		in.Scores[id] = score
		in.Notes[id] = r.PostFormValue("note_" + key)
	}
	return in, nil
}

func (s *Server) roundScoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, "round_scored", func(id int64) error {
		in, err := scoreForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Rotation.ScoreApplications(r.Context(), id, in)
		return err
	})
}

func (s *Server) roundPublishSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, "round_published", func(id int64) error {
		_, err := s.cfg.Rotation.PublishRound(r.Context(), id)
		return err
	})
}

func (s *Server) roundObjectionSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, "objection_raised", func(id int64) error {
		app, err := queryID(r, "application_id")
		if err != nil {
			return err
		}
		_, err = s.cfg.Rotation.RaiseObjection(r.Context(), id, rotation.ObjectionInput{ApplicationID: app, Text: r.FormValue("text")})
		return err
	})
}

func (s *Server) roundSelectSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, "round_selected", func(id int64) error {
		_, err := s.cfg.Rotation.SelectRound(r.Context(), id)
		return err
	})
}

func (s *Server) roundCancelSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.roundAction(w, r, "round_cancelled", func(id int64) error {
		_, err := s.cfg.Rotation.CancelRound(r.Context(), id, r.FormValue("reason"))
		return err
	})
}

func (s *Server) objectionResolveSubmit(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := rs.ResolveObjection(r.Context(), id, rotation.ResolutionInput{Upheld: r.FormValue("upheld") == "1", Resolution: r.FormValue("resolution")})
	if err != nil {
		return err
	}
	return redirect(w, r, "/rotation/rounds/"+itoa(o.RoundID), "objection_resolved")
}

func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request) error {
	v, err := s.roundsView(r, rotation.RoundInput{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list[*rotation.Round]{Items: v.Rounds, Total: v.Total, Page: v.Page, PerPage: len(v.Rounds)})
	return nil
}

func (s *Server) apiCreateRound(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Rotation.CreateRound)
}

func (s *Server) apiRound(w http.ResponseWriter, r *http.Request) error {
	v, err := s.roundView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Round)
	return nil
}

// apiRoundStep decodes a step's body, runs it, and answers with the round.
func apiRoundStep[T any](s *Server, w http.ResponseWriter, r *http.Request, status int, act func(rs *rotation.Service, id int64, in T) (any, error)) error {
	return apiStep(s.cfg.Rotation, w, r, status, act)
}

type noBody struct{}

func (s *Server) apiRoundApply(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusCreated, func(rs *rotation.Service, id int64, in rotation.ApplicationInput) (any, error) {
		return rs.Apply(r.Context(), id, in)
	})
}

func (s *Server) apiRoundScores(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusOK, func(rs *rotation.Service, id int64, in rotation.ScoreInput) (any, error) {
		return rs.ScoreApplications(r.Context(), id, in)
	})
}

func (s *Server) apiRoundPublish(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusOK, func(rs *rotation.Service, id int64, _ noBody) (any, error) {
		return rs.PublishRound(r.Context(), id)
	})
}

func (s *Server) apiRoundObjection(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusCreated, func(rs *rotation.Service, id int64, in rotation.ObjectionInput) (any, error) {
		return rs.RaiseObjection(r.Context(), id, in)
	})
}

func (s *Server) apiRoundSelect(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusOK, func(rs *rotation.Service, id int64, _ noBody) (any, error) {
		return rs.SelectRound(r.Context(), id)
	})
}

func (s *Server) apiRoundCancel(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusOK, func(rs *rotation.Service, id int64, in struct {
		Reason string `json:"reason"`
	}) (any, error) {
		return rs.CancelRound(r.Context(), id, in.Reason)
	})
}

func (s *Server) apiResolveObjection(w http.ResponseWriter, r *http.Request) error {
	return apiRoundStep(s, w, r, http.StatusOK, func(rs *rotation.Service, id int64, in rotation.ResolutionInput) (any, error) {
		return rs.ResolveObjection(r.Context(), id, in)
	})
}
