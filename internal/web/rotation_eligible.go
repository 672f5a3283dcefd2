package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/rotation"
)

// eligibleFilter reads the list's filter from the query.
func eligibleFilter(r *http.Request) (rotation.EligibleFilter, error) {
	f := rotation.EligibleFilter{Rule: r.FormValue("rule"), Exempt: r.FormValue("exempt"), Backbone: r.FormValue("backbone"),
		Q: strings.TrimSpace(r.FormValue("q"))}
	var err error
	if f.AsOf, err = queryDate(r, "as_of"); err != nil {
		return f, err
	}
	if f.CountyID, f.SchoolID, err = queryCountySchool(r); err != nil {
		return f, err
	}
	switch r.FormValue("all") {
	case "", "0", "false":
	case "1", "true":
		f.All = true
	default:
		return f, invalidParam("all", r.FormValue("all"))
	}
	return f, nil
}

type eligibleView struct {
	Rows     []*rotation.Eligibility
	Total    int
	Page     int
	Pages    int
	AsOf     app.Date
	Counties []*org.County
	Filter   rotation.EligibleFilter
	// ExportXLSX and ExportCSV download the list as filtered, on its date.
	ExportXLSX, ExportCSV template.URL
}

func (s *Server) eligiblePage(w http.ResponseWriter, r *http.Request) error {
	rs := s.cfg.Rotation
	f, err := eligibleFilter(r)
	if err != nil {
		return err
	}
	if f.AsOf.IsZero() {
		f.AsOf = rs.DefaultAsOf()
	}
	switch format := r.FormValue("format"); format {
	case "csv", "xlsx":
		rows, _, err := rs.FindEligible(r.Context(), f)
		if err != nil {
			return err
		}
		name := "应交流人员_" + f.AsOf.String()
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", downloadName(name+".csv"))
			// A byte-order mark, so that Excel reads the Chinese.
			if _, err := w.Write([]byte("\uFEFF")); err != nil {
				return err
			}
			return writeEligibleCSV(w, rows, langOf(r))
		}
		b, err := rotation.EligibleWorkbook(rows, f.AsOf)
		if err != nil {
			return err
		}
		return writeXLSX(w, name+".xlsx", b)
	case "":
	default:
		return invalidParam("format", format)
	}
	page, per, err := paging(r, 100)
	if err != nil {
		return err
	}
	f.Offset, f.Limit = (page-1)*per, per
	rows, total, err := rs.FindEligible(r.Context(), f)
	if err != nil {
		return err
	}
	counties, err := s.cfg.Org.FindCounties(r.Context())
	if err != nil {
		return err
	}
	// The county filter offers the counties the actor reads as a whole: a
	// school's staff see its list without one.
	var whole []*org.County
	for _, c := range counties {
		if auth.Decide(app.ActorOf(r.Context()), auth.RotationRead, app.Place{CityID: c.CityID, CountyID: c.ID}, "") == nil {
			whole = append(whole, c)
		}
	}
	v := eligibleView{Rows: rows, Total: total, Page: page, Pages: pages(total, per), AsOf: f.AsOf, Counties: whole, Filter: f}
	export := listingQuery(r.URL.Query())
	export.Set("as_of", f.AsOf.String())
	export.Set("format", "xlsx")
	v.ExportXLSX = linkTo("/rotation/eligible", export)
	export.Set("format", "csv")
	v.ExportCSV = linkTo("/rotation/eligible", export)
	return s.render(w, r, http.StatusOK, "rotation_eligible", "应交流人员", "rotation", v)
}

func (s *Server) apiEligible(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 100, eligibleFilter, func(f *rotation.EligibleFilter, offset, n int) { f.Offset, f.Limit = offset, n },
		s.cfg.Rotation.FindEligible)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// downloadName is a Content-Disposition for a download with a Chinese name.
func downloadName(name string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(name), url.PathEscape(name))
}

func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && r != '"' && r != '\\' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || strings.HasPrefix(b.String(), "_") {
		return "jiaoliu" + b.String()
	}
	return b.String()
}

func writeXLSX(w http.ResponseWriter, name string, b []byte) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", downloadName(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(b)
	return err
}
