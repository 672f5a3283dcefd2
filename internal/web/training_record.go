package web

import (
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/training"
)

// An educator's training record, the hours report, certificates and their
// public verification.

// recordView is an educator's training record page.
type recordView struct {
	Record *training.Record
	Name   string
	School string
}

func (s *Server) recordView(r *http.Request) (*recordView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ed, err := s.cfg.People.FindEducatorByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	rec, err := s.cfg.Training.Record(r.Context(), ed)
	if err != nil {
		return nil, err
	}
	return &recordView{Record: rec, Name: ed.Name, School: ed.SchoolName}, nil
}

func (s *Server) trainingRecordPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.recordView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_record", translatef(r, "%s的培训档案", v.Name), "training", v)
}

func (s *Server) apiTrainingRecord(w http.ResponseWriter, r *http.Request) error {
	v, err := s.recordView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Record)
	return nil
}

// reportView is the hours report; the page shows Lines, one page of the
// report's lines, while the export and the API carry them all.
type reportView struct {
	Report   *training.Report
	CountyID int64
	SchoolID int64
	Behind   bool
	Export   string
	Lines    []*training.ReportLine
	Page     int
	Pages    int
}

func (s *Server) reportView(r *http.Request) (*reportView, error) {
	county, school, err := queryCountySchool(r)
	if err != nil {
		return nil, err
	}
	behind := r.FormValue("behind") == "1"
	rep, err := s.cfg.Training.HoursReport(r.Context(), county, school, behind)
	if err != nil {
		return nil, err
	}
	page, per, err := paging(r, 100)
	if err != nil {
		return nil, err
	}
	from := min((page-1)*per, len(rep.Lines))
	return &reportView{Report: rep, CountyID: county, SchoolID: school, Behind: behind,
		Export: string(linkTo("/training/report.xlsx", listingQuery(r.URL.Query()))),
		Lines:  rep.Lines[from:min(from+per, len(rep.Lines))], Page: page, Pages: pages(len(rep.Lines), per)}, nil
}

func (s *Server) trainingReportPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_report", "培训学时统计", "training", v)
}

func (s *Server) trainingReportExport(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportView(r)
	if err != nil {
		return err
	}
	b, err := training.ReportWorkbook(v.Report)
	if err != nil {
		return err
	}
	return writeXLSX(w, exportName("培训学时统计", s.cfg.Clock.Now()), b)
}

func (s *Server) apiTrainingReport(w http.ResponseWriter, r *http.Request) error {
	v, err := s.reportView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Report)
	return nil
}

// certificateView is a certificate to print on A4, with the QR code of its
// public verification page.
type certificateView struct {
	Certificate *training.Certificate
	VerifyURL   string
	QR          *qrImage
}

func (s *Server) certificatePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.cfg.Training.CertificateByID(r.Context(), id, s.cfg.People.FindEducatorByID)
	if err != nil {
		return err
	}
	v := &certificateView{Certificate: c, VerifyURL: publicBase(r) + "/certificates/" + c.Number}
	if v.QR, err = newQR(v.VerifyURL); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_certificate", "培训合格证书", "training", v)
}

// publicBase is the scheme and host the request came to, for links
// printed on paper.
func publicBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// verifyView is the public verification page: only the holder's name,
// the course, its hours and the date.
type verifyView struct {
	Number string   `json:"number"`
	Holder string   `json:"holder"`
	Course string   `json:"course"`
	Hours  int      `json:"hours"`
	Date   app.Date `json:"issued_on"`
}

// certificateVerify is the public page that confirms a certificate by its
// number, in HTML or, asked for JSON, as JSON. A wrong number answers 404
// with nothing more; an address that misses too often answers 429, counted
// on the sign-in counters (auth.Service.Guess), which all processes share.
func (s *Server) certificateVerify(w http.ResponseWriter, r *http.Request) error {
	asJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	fail := func(err error) error {
		if asJSON {
			s.apiFail(w, r, err)
		} else {
			s.renderError(w, r, err)
		}
		return nil
	}
	found, err := s.cfg.Auth.Guess(r.Context(), "certificate:"+s.clientAddr(r))
	if err != nil {
		return fail(err)
	}
	c, err := s.cfg.Training.Verify(r.Context(), r.PathValue("number"))
	if app.ErrorCode(err) == app.NotFound {
		return fail(app.ErrNotFound("证书"))
	} else if err != nil {
		return fail(err)
	}
	if err := found(r.Context()); err != nil {
		return fail(err)
	}
	v := verifyView{Number: c.Number, Holder: c.Holder, Course: c.Course, Hours: c.Hours, Date: c.IssuedOn}
	if asJSON {
		writeJSON(w, http.StatusOK, v)
		return nil
	}
	return s.render(w, r, http.StatusOK, "certificate_verify", "证书查验", "", v)
}
