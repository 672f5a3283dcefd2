package web

import (
	"html/template"
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/training"
)

// Subjects offered in the educator filter; any other subject can be typed in the API.
var filterSubjects = []string{"语文", "数学", "英语", "物理", "化学", "生物", "历史", "地理", "道德与法治", "科学",
	"音乐", "体育", "美术", "信息技术", "心理健康", "学前教育", "特殊教育"}

// educatorFilter reads an educator listing's filter from the query.
func educatorFilter(r *http.Request) (people.EducatorFilter, error) {
	f := people.EducatorFilter{
		Q: strings.TrimSpace(r.FormValue("q")), Post: r.FormValue("post"), Subject: strings.TrimSpace(r.FormValue("subject")),
		Backbone: r.FormValue("backbone"), Gender: r.FormValue("gender"), StaffStatus: people.StaffStatus(r.FormValue("staff_status")),
		Sort: r.FormValue("sort"),
	}
	// ?school= takes a school id or a school code.
	if v := strings.TrimSpace(r.FormValue("school")); v != "" {
		if id, err := queryID(r, "school"); err == nil && id > 0 {
			f.SchoolID = id
		} else {
			f.SchoolCode = v
		}
	}
	var err error
	if f.CountyID, err = queryID(r, "county"); err != nil {
		return f, err
	}
	if f.MinAge, err = queryInt(r, "min_age", 0); err != nil {
		return f, err
	}
	if f.MaxAge, err = queryInt(r, "max_age", 0); err != nil {
		return f, err
	}
	switch {
	case f.Post != "" && !people.Posts.Has(f.Post):
		return f, invalidParam("post", f.Post)
	case f.Gender != "" && !people.Genders.Has(f.Gender):
		return f, invalidParam("gender", f.Gender)
	case f.StaffStatus != "" && !people.StaffStatuses.Has(string(f.StaffStatus)):
		return f, invalidParam("staff_status", string(f.StaffStatus))
	case f.Backbone != "" && f.Backbone != "any" && f.Backbone != "none" && !people.Backbones.Has(f.Backbone):
		return f, invalidParam("backbone", f.Backbone)
	case f.MinAge < 0 || f.MinAge > 120:
		return f, invalidParam("min_age", r.FormValue("min_age"))
	case f.MaxAge < 0 || f.MaxAge > 120:
		return f, invalidParam("max_age", r.FormValue("max_age"))
	case f.MinAge > 0 && f.MaxAge > 0 && f.MinAge > f.MaxAge:
		return f, &app.Error{Code: app.Invalid, Message: "最小年龄不能大于最大年龄", English: "The minimum age exceeds the maximum",
			Fields: map[string]string{"min_age": "invalid"}}
	}
	if f.Sort != "" && !people.ValidSort(f.Sort) {
		return f, invalidParam("sort", f.Sort)
	}
	return f, nil
}

type educatorsView struct {
	Educators []*people.Educator
	Schools   []*org.School
	Subjects  []string
	Total     int
	Page      int
	Pages     int
	Filter    people.EducatorFilter
	AgeOn     app.Date
	// ExportURL downloads the listing as filtered.
	ExportURL template.URL
}

// Age is an educator's age in whole years on the listing's date.
func (v educatorsView) Age(e *people.Educator) int { return e.Age }

// limitEducators puts a page into an educator filter.
func limitEducators(f *people.EducatorFilter, offset, n int) { f.Offset, f.Limit = offset, n }

func (s *Server) educatorsPage(w http.ResponseWriter, r *http.Request) error {
	f, l, err := readListing(r, 50, educatorFilter, limitEducators, s.cfg.People.FindEducators)
	if err != nil {
		return err
	}
	v := educatorsView{Educators: l.Items, Subjects: filterSubjects, Total: l.Total, Page: l.Page, Pages: pages(l.Total, l.PerPage), Filter: f,
		AgeOn: app.DateOf(s.cfg.Clock.Now()), ExportURL: linkTo("/educators/export", listingQuery(r.URL.Query()))}
	if schools, _, err := s.cfg.Org.FindSchools(r.Context(), org.SchoolFilter{}); err == nil {
		v.Schools = schools
	} else if app.ErrorCode(err) != app.Forbidden {
		return err
	}
	return s.render(w, r, http.StatusOK, "educators", "教职工", "educators", v)
}

type educatorView struct {
	Educator  *people.Educator
	Career    []*people.CareerEntry
	Age       int
	CanReveal bool
	Revealed  people.IDNumber
	// Rotation is the person's rotation summary, when the actor may see it.
	Rotation *rotation.File
	// Programmes are the programmes the person takes part in; OpenProgramme
	// says which of them the actor may open.
	Programmes    []*programme.Enrolment
	OpenProgramme map[int64]bool
	// Training is the person's training record: hours, the posts' gates.
	Training *training.Record
	// CanEdit says the actor may edit the person's registry fields (班主任).
	CanEdit bool
}

func (s *Server) educatorView(r *http.Request) (educatorView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return educatorView{}, err
	}
	e, err := s.cfg.People.FindEducatorByID(r.Context(), id)
	if err != nil {
		return educatorView{}, err
	}
	career, err := s.cfg.People.FindCareer(r.Context(), id)
	if err != nil {
		return educatorView{}, err
	}
	enrolments, err := s.cfg.Programmes.Enrolments(r.Context(), e)
	if err != nil {
		return educatorView{}, err
	}
	open := map[int64]bool{}
	for _, en := range enrolments {
		open[en.Programme.ID] = auth.Decide(app.ActorOf(r.Context()), auth.ProgrammeRead, en.Programme.Place(), "") == nil
	}
	record, err := s.cfg.Training.Record(r.Context(), e)
	if err != nil {
		return educatorView{}, err
	}
	return educatorView{Educator: e, Career: career, Age: e.Age, CanReveal: people.CanReveal(r.Context(), e),
		Programmes: enrolments, OpenProgramme: open, Training: record, CanEdit: people.CanEdit(r.Context(), e)}, nil
}

func (s *Server) educatorPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.educatorView(r)
	if err != nil {
		return err
	}
	if v.Rotation, err = s.rotationSummary(r, v.Educator.ID); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "educator", v.Educator.Name, "educators", v)
}

func (s *Server) revealSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.educatorView(r)
	if err != nil {
		return err
	}
	if v.Rotation, err = s.rotationSummary(r, v.Educator.ID); err != nil {
		return err
	}
	num, err := s.cfg.People.RevealIDNumber(r.Context(), v.Educator.ID, r.FormValue("reason"))
	if err != nil {
		return s.renderForm(w, r, err, "educator", v.Educator.Name, "educators", v)
	}
	v.Revealed = num
	return s.render(w, r, http.StatusOK, "educator", v.Educator.Name, "educators", v)
}

func (s *Server) apiEducators(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 50, educatorFilter, limitEducators, s.cfg.People.FindEducators)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiEducator(w http.ResponseWriter, r *http.Request) error {
	v, err := s.educatorView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*people.Educator
		Career     []*people.CareerEntry  `json:"career"`
		Programmes []*programme.Enrolment `json:"programmes"`
	}{v.Educator, v.Career, v.Programmes})
	return nil
}

func (s *Server) apiReveal(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	num, err := s.cfg.People.RevealIDNumber(r.Context(), id, in.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"id_number": string(num)})
	return nil
}
