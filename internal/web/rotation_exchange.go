package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// exchangeFilter reads an exchange listing's filter from the query.
func exchangeFilter(r *http.Request) (rotation.ExchangeFilter, error) {
	f := rotation.ExchangeFilter{Status: rotation.ExchangeStatus(r.FormValue("status")), Form: rotation.ExchangeForm(r.FormValue("form"))}
	var err error
	if f.CountyID, f.SchoolID, err = queryCountySchool(r); err != nil {
		return f, err
	}
	if f.EducatorID, err = queryID(r, "educator"); err != nil {
		return f, err
	}
	if f.SchoolYear, err = queryYear(r); err != nil {
		return f, err
	}
	return f, nil
}

type exchangesView struct {
	Exchanges []*rotation.Exchange
	Counties  []*org.County
	Years     []int
	Total     int
	Page      int
	Pages     int
	CanCreate bool
}

// limitExchanges puts a page into an exchange filter.
func limitExchanges(f *rotation.ExchangeFilter, offset, n int) { f.Offset, f.Limit = offset, n }

func (s *Server) exchangesPage(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	_, l, err := readListing(r, 50, exchangeFilter, limitExchanges, rs.FindExchanges)
	if err != nil {
		return err
	}
	xs, total, page, per := l.Items, l.Total, l.Page, l.PerPage
	counties, err := s.cfg.Org.FindCounties(r.Context())
	if err != nil {
		return err
	}
	v := exchangesView{Exchanges: xs, Counties: counties, Total: total, Page: page, Pages: pages(total, per),
		CanCreate: auth.Can(app.ActorOf(r.Context()), auth.RotationManage) == nil}
	this := rotation.SchoolYearOf(rs.Today())
	for y := this + 1; y >= this-6; y-- {
		v.Years = append(v.Years, y)
	}
	return s.render(w, r, http.StatusOK, "rotation_exchanges", "交流记录", "rotation", v)
}

// exchangeNewView is the page that makes an exchange: first the search
// for the person (name, full pinyin or initials), then the form for them.
type exchangeNewView struct {
	Q string
	// Found are the people the search offers; Busy those it leaves out
	// because an exchange of theirs is open.
	Found []*people.Educator
	Busy  []*rotation.Exchange
	// Educator is the person chosen; Open their exchange not yet ended,
	// which leaves no form to fill.
	Educator *people.Educator
	Open     *rotation.Exchange
	// Hosts are the schools of the person's county; Others, for the forms
	// that may leave it, the rest of the city's; CrossLink lists those.
	Hosts     []*org.School
	Others    []*org.School
	CrossLink template.URL
	Form      rotation.ExchangeInput
}

func (s *Server) exchangeNewView(r *http.Request, in rotation.ExchangeInput, q string) (*exchangeNewView, error) {
	rs := s.cfg.Rotation
	ctx := r.Context()
	if err := auth.Can(app.ActorOf(ctx), auth.RotationManage); err != nil {
		return nil, err
	}
	v := &exchangeNewView{Form: in, Q: strings.TrimSpace(q)}
	if in.EducatorID == 0 {
		if v.Q == "" {
			return v, nil
		}
		found, _, err := s.cfg.People.FindEducators(ctx, people.EducatorFilter{Q: v.Q, Limit: 30})
		if err != nil {
			return nil, err
		}
		c, err := rs.ExchangeCandidates(ctx, found)
		if err != nil {
			return nil, err
		}
		v.Found = c.Offered
		for _, e := range found {
			if x := c.Busy[e.ID]; x != nil {
				v.Busy = append(v.Busy, x)
			}
		}
		return v, nil
	}
	e, err := s.cfg.People.FindEducatorByID(ctx, in.EducatorID)
	if err != nil {
		return nil, err
	}
	c, err := rs.ExchangeCandidates(ctx, []*people.Educator{e})
	if err != nil {
		return nil, err
	}
	v.Educator, v.Open = e, c.Busy[e.ID]
	if v.Open != nil {
		return v, nil
	}
	hosts, err := rs.FindHostSchools(ctx, e.CountyID, in.Form)
	if err != nil {
		return nil, err
	}
	for _, h := range hosts {
		if h.CountyID == e.CountyID {
			v.Hosts = append(v.Hosts, h)
		} else {
			v.Others = append(v.Others, h)
		}
	}
	if !rotation.CrossCounty(in.Form) {
		v.CrossLink = template.URL("/rotation/exchanges/new?" + url.Values{"educator": {itoa(e.ID)}, "form": {string(rotation.FormCounterpart)}}.Encode())
	}
	if v.Form.Start.IsZero() {
		v.Form.Start = rotation.YearStart(rotation.SchoolYearOf(rs.Today()) + 1)
		if rs.Today().Before(v.Form.Start.AddYears(-1)) {
			v.Form.Start = v.Form.Start.AddYears(-1)
		}
		v.Form.PlannedEnd = rotation.YearEnd(rotation.SchoolYearOf(v.Form.Start) + 2)
	}
	return v, nil
}

func (s *Server) exchangeNewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := queryID(r, "educator")
	if err != nil {
		return err
	}
	in := rotation.ExchangeInput{EducatorID: id}
	if f := r.FormValue("form"); rotation.Forms.Has(f) {
		in.Form = rotation.ExchangeForm(f)
	}
	v, err := s.exchangeNewView(r, in, r.FormValue("q"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_exchange_new", "安排交流", "rotation", v)
}

// exchangeForm reads a new exchange from a form.
func exchangeForm(r *http.Request) (rotation.ExchangeInput, error) {
	in := rotation.ExchangeInput{Form: rotation.ExchangeForm(r.FormValue("form")), Relation: rotation.Relation(r.FormValue("relation")), HigherGrade: r.FormValue("higher_grade") == "1",
		Allowance: r.FormValue("allowance"), Note: r.FormValue("note")}
	var err error
	if in.EducatorID, err = queryID(r, "educator_id"); err != nil {
		return in, err
	}
	if in.HostSchoolID, err = queryID(r, "host_school_id"); err != nil {
		return in, err
	}
	if in.Start, err = queryDate(r, "start"); err != nil {
		return in, err
	}
	if in.PlannedEnd, err = queryDate(r, "planned_end"); err != nil {
		return in, err
	}
	return in, nil
}

func (s *Server) exchangeCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	in, err := exchangeForm(r)
	var x *rotation.Exchange
	if err == nil {
		x, err = rs.CreateExchange(r.Context(), in)
	}
	if err != nil {
		keep := in
		if app.ErrorCode(err) == app.Invalid && in.EducatorID != 0 {
			if _, ferr := s.cfg.People.FindEducatorByID(r.Context(), in.EducatorID); ferr != nil {
				keep.EducatorID = 0
			}
		}
		v, verr := s.exchangeNewView(r, keep, "")
		if verr != nil {
			return err
		}
		return s.renderForm(w, r, err, "rotation_exchange_new", "安排交流", "rotation", v)
	}
	return redirect(w, r, "/rotation/exchanges/"+itoa(x.ID), "exchange_created")
}

type exchangeView struct {
	*rotation.ExchangeDetail
	Today       app.Date
	Years       []int
	CanConfirm  bool
	AssessError bool
	// CanReadFile: the person's rotation file is in the actor's reach.
	CanReadFile bool
}

func (s *Server) exchangeView(r *http.Request) (*exchangeView, error) {
	rs := s.cfg.Rotation
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	d, err := rs.FindExchangeDetail(r.Context(), id)
	if err != nil {
		return nil, err
	}
	v := &exchangeView{ExchangeDetail: d, Today: rs.Today(), CanConfirm: len(d.Next) > 0 || canManageCounty(r, d.CityID, d.CountyID),
		CanReadFile: rs.CanReadFile(r.Context(), d.EducatorID)}
	if !d.ActualStart.IsZero() {
		last := rotation.SchoolYearOf(rs.Today())
		if !d.ActualEnd.IsZero() {
			last = rotation.SchoolYearOf(d.ActualEnd)
		}
		for y := last; y >= rotation.SchoolYearOf(d.ActualStart); y-- {
			v.Years = append(v.Years, y)
		}
	}
	return v, nil
}

// Can reports whether the actor may take the named action (see ExchangeDetail.Can).
func (v *exchangeView) Can(action string) bool { return containsString(v.ExchangeDetail.Can, action) }

func (s *Server) exchangePage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.exchangeView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "rotation_exchange", translatef(r, "%s的交流", v.EducatorName), "rotation", v)
}

// exchangeAction runs a form action on an exchange and shows it again.
func (s *Server) exchangeAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, func(id int64) string { return "/rotation/exchanges/" + itoa(id) },
		act, func(err error) error { return s.exchangeAgain(w, r, err) })
}

// exchangeAgain shows an exchange again with the error of a form on it.
func (s *Server) exchangeAgain(w http.ResponseWriter, r *http.Request, err error) error {
	v, verr := s.exchangeView(r)
	if verr != nil {
		return verr
	}
	return s.renderForm(w, r, err, "rotation_exchange", translatef(r, "%s的交流", v.EducatorName), "rotation", v)
}

func statusForm(r *http.Request) (rotation.StatusInput, error) {
	in := rotation.StatusInput{Status: rotation.ExchangeStatus(r.FormValue("status")), Reason: r.FormValue("reason")}
	var err error
	in.Date, err = queryDate(r, "date")
	return in, err
}

// exchangeStatusSubmit moves an exchange a step and says whether the step
// wrote the career history.
func (s *Server) exchangeStatusSubmit(w http.ResponseWriter, r *http.Request) error {
	msg := "exchange_status_only"
	again := func(err error) error { return s.exchangeAgain(w, r, err) }
	return formAction(w, r, "", func(id int64) string { return "/rotation/exchanges/" + itoa(id) + "?msg=" + msg },
		func(id int64) error {
			in, err := statusForm(r)
			if err != nil {
				return err
			}
			x, err := s.cfg.Rotation.ChangeExchangeStatus(r.Context(), id, in)
			if err == nil && rotation.StepWritesCareer(x.Status, x.Relation) {
				msg = "exchange_status"
			}
			return err
		}, again)
}

func transferForm(r *http.Request) (rotation.TransferInput, error) {
	in := rotation.TransferInput{Note: r.FormValue("note"), Side: r.FormValue("side")}
	var err error
	in.Date, err = queryDate(r, "date")
	return in, err
}

func (s *Server) exchangeTransferSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.exchangeAction(w, r, "transfer_requested", func(id int64) error {
		in, err := transferForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Rotation.RequestTransfer(r.Context(), id, in)
		return err
	})
}

func (s *Server) exchangeConsentSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.exchangeAction(w, r, "transfer_consented", func(id int64) error {
		in, err := transferForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Rotation.ConsentTransfer(r.Context(), id, in)
		return err
	})
}

func assessmentForm(r *http.Request) (rotation.AssessmentInput, error) {
	in := rotation.AssessmentInput{Grade: r.FormValue("grade"), Comment: r.FormValue("comment")}
	var err error
	in.SchoolYear, err = queryInt(r, "school_year", 0)
	return in, err
}

func (s *Server) assessmentSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.exchangeAction(w, r, "assessment_saved", func(id int64) error {
		in, err := assessmentForm(r)
		if err != nil {
			return err
		}
		_, err = s.cfg.Rotation.EnterAssessment(r.Context(), id, in)
		return err
	})
}

// confirmAssessment confirms the assessment of the {id} of the path.
func (s *Server) confirmAssessment(r *http.Request) (*rotation.Assessment, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.cfg.Rotation.ConfirmAssessment(r.Context(), id)
}

func (s *Server) assessmentConfirmSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.confirmAssessment(r)
	if err != nil {
		return err
	}
	return redirect(w, r, "/rotation/exchanges/"+itoa(a.ExchangeID), "assessment_confirmed")
}

func (s *Server) apiExchanges(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 50, exchangeFilter, limitExchanges, s.cfg.Rotation.FindExchanges)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiCreateExchange(w http.ResponseWriter, r *http.Request) error {
	return apiBody(w, r, http.StatusCreated, s.cfg.Rotation.CreateExchange)
}

func (s *Server) apiExchange(w http.ResponseWriter, r *http.Request) error {
	v, err := s.exchangeView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.ExchangeDetail)
	return nil
}

// apiExchangeStep decodes a step's body and answers with the exchange as it now is.
func apiExchangeStep[T any](s *Server, w http.ResponseWriter, r *http.Request, act func(rs *rotation.Service, id int64, in T) error) error {
	rs := s.cfg.Rotation
	return apiWrite(w, r, http.StatusOK, func(ctx context.Context, id int64, in T) (*rotation.ExchangeDetail, error) {
		if err := act(rs, id, in); err != nil {
			return nil, err
		}
		return rs.FindExchangeDetail(ctx, id)
	})
}

func (s *Server) apiExchangeStatus(w http.ResponseWriter, r *http.Request) error {
	return apiExchangeStep(s, w, r, func(rs *rotation.Service, id int64, in rotation.StatusInput) error {
		_, err := rs.ChangeExchangeStatus(r.Context(), id, in)
		return err
	})
}

func (s *Server) apiExchangeTransfer(w http.ResponseWriter, r *http.Request) error {
	return apiExchangeStep(s, w, r, func(rs *rotation.Service, id int64, in rotation.TransferInput) error {
		_, err := rs.RequestTransfer(r.Context(), id, in)
		return err
	})
}

func (s *Server) apiExchangeConsent(w http.ResponseWriter, r *http.Request) error {
	return apiExchangeStep(s, w, r, func(rs *rotation.Service, id int64, in rotation.TransferInput) error {
		_, err := rs.ConsentTransfer(r.Context(), id, in)
		return err
	})
}

func (s *Server) apiEnterAssessment(w http.ResponseWriter, r *http.Request) error {
	return apiWrite(w, r, http.StatusOK, s.cfg.Rotation.EnterAssessment)
}

func (s *Server) apiConfirmAssessment(w http.ResponseWriter, r *http.Request) error {
	a, err := s.confirmAssessment(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
