package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"

	"jiaoliu/internal/app"
	"jiaoliu/internal/appointment"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/jobs"
	"jiaoliu/internal/notice"
	"jiaoliu/internal/notify"
	"jiaoliu/internal/org"
	"jiaoliu/internal/pairing"
	"jiaoliu/internal/people"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/planning"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/training"
	"jiaoliu/internal/ui"
)

// vocabularies are the enumerations templates can label with `label`.
var vocabularies = map[string]app.Vocab{
	"level":         org.Levels,
	"location":      org.Locations,
	"terrain":       org.Terrains,
	"demonstration": org.Demonstrations,
	"gender":        people.Genders,
	"post":          people.Posts,
	"staff":         people.StaffStatuses,
	"backbone":      people.Backbones,
	"career":        people.CareerKinds,
	"role":          auth.Roles,
	"scope":         auth.ScopeKinds,
	"run":           jobs.Statuses,
	// Rotation.
	"xstatus":    rotation.Statuses,
	"xform":      rotation.Forms,
	"relation":   rotation.Relations,
	"direction":  rotation.Directions,
	"rule":       rotation.Rules,
	"mstatus":    rotation.ExemptionStatuses,
	"mreason":    rotation.ExemptionReasons,
	"grade":      rotation.Grades,
	"astatus":    rotation.AssessmentStatuses,
	"roundstate": rotation.RoundStatuses,
	// Planning.
	"planstatus": planning.Statuses,
	"planmode":   planning.Modes,
	"editkind":   planning.EditKinds,
	"solverstat": solverStatuses,
	"prereq":     rotation.PrerequisiteNames,
	// Programmes.
	"pkind":   programme.Kinds,
	"pstatus": programme.Statuses,
	// Notifications.
	"dstate":  notify.States,
	"channel": notify.Channels,
	// Notices.
	"nkind":   notice.Kinds,
	"nstatus": notice.Statuses,
	"outcome": notice.Outcomes,
	// Secondment.
	"bstatus":  secondment.BatchStatuses,
	"dkind":    secondment.DeptKinds,
	"duty":     secondment.Duties,
	"costitem": secondment.CostItems,
	"payer":    secondment.Payers,
	"glevel":   secondment.GroupLevels,
	"hlevel":   secondment.HostLevels,
	// Training.
	"tmode":     training.Modes,
	"taudience": training.Audiences,
	"tenrol":    training.EnrolWays,
	"tstatus":   training.EnrolmentStatuses,
	"treq":      training.Requirements,
	"qkind":     training.QuestionKinds,
	"attempt":   training.AttemptStatuses,
	"commend":   training.CommendationKinds,
	// Secondment selection.
	"selstage": secondment.SelectionStages,
	"cstatus":  secondment.CandidateStatuses,
	"csource":  secondment.CandidateSources,
	// Principal selection.
	"apstage":  appointment.Stages,
	"appost":   appointment.Posts,
	"vacancy":  appointment.Vacancies,
	"apstatus": appointment.CandidateStatuses,
	"apsource": appointment.Sources,
	"apcond":   appointment.Conditions,
	"apchoice": appointment.Choices,
	"apgrade":  appointment.Grades,
	"apstep":   appointment.Steps,
	// Placement leave.
	"leavekind":   placement.LeaveKinds,
	"leavestatus": placement.LeaveStatuses,
	"assessor":    placement.Assessors,
	"pitem":       placement.Items,
	"pgrade":      placement.Grades,
	"presult":     placement.Results,
	// Mentoring, check-ins and group activities.
	"coachform":  placement.CoachingForms,
	"contactway": placement.ContactWays,
	"gakind":     placement.GroupActivityKinds,
	"gattend":    placement.AttendStatuses,
	// Pairing and consortia.
	"pairkind":    pairing.SchoolKinds,
	"pactivity":   pairing.ActivityKinds,
	"pgoal":       pairing.GoalAreas,
	"pairgrade":   pairing.Grades,
	"pcheck":      pairing.ChecklistItems,
	"ppartner":    pairing.PartnerKinds,
	"consortkind": pairing.ConsortiumKinds,
	// Staffing.
	"postgrade": staffing.Grades,
	"postunit":  staffing.PostUnits,
	// Teacher supply and support, inspections.
	"rstatus":   staffing.RecruitStatuses,
	"rlevel":    staffing.RecruitLevels,
	"allowance": staffing.AllowanceKinds,
	"igrade":    staffing.InspectionGrades,
	"checkitem": staffing.ChecklistItems,
	"fstatus":   staffing.FindingStatuses,
	"scorepart": staffing.ScoreParts,
}

var languages = []string{"zh", "en"}

func funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t": func(zh string) string { return translate(lang, zh) },
		"tf": func(zh string, args ...any) string {
			return fmt.Sprintf(translate(lang, zh), args...)
		},
		"date": func(d app.Date) string { return formatDate(lang, d) },
		// birth shows a birth date, or only its month when the date is withheld.
		"birth": func(d app.Date, month string) string {
			if !d.IsZero() {
				return formatDate(lang, d)
			}
			var y, m int
			if _, err := fmt.Sscanf(month, "%d-%d", &y, &m); err != nil {
				return ""
			}
			if lang == "en" {
				return time.Month(m).String()[:3] + " " + strconv.Itoa(y)
			}
			return fmt.Sprintf("%d年%d月", y, m)
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			t = t.In(app.Shanghai)
			if lang == "en" {
				return t.Format("2 Jan 2006 15:04")
			}
			return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), int(t.Month()), t.Day(), t.Format("15:04"))
		},
		// label takes the code as any string kind: the vocabularies are
		// typed (rotation.ExchangeStatus, …) and a template passes them as they are.
		"label": func(vocab string, code reflect.Value) string {
			for code.Kind() == reflect.Interface || code.Kind() == reflect.Pointer {
				code = code.Elem()
			}
			if code.Kind() != reflect.String || code.String() == "" {
				return ""
			}
			return vocabularies[vocab].Label(code.String(), lang)
		},
		"vocab": func(name string) app.Vocab { return vocabularies[name] },
		"termLabel": func(t app.Term) string {
			if lang == "en" {
				return t.En
			}
			return t.Zh
		},
		"join":  func(items []string) string { return strings.Join(items, "、") },
		"lines": func(items []string) string { return strings.Join(items, "\n") },
		// pick is a text computed in both languages: the English one in
		// English when there is one (records made before it was kept have none).
		"pick": func(zh, en string) string {
			if lang == "en" && en != "" {
				return en
			}
			return zh
		},
		"add":  func(a, b int) int { return a + b },
		"yuan": secondment.Yuan,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"lang": func() string { return lang },
		"pageURL": func(base string, q url.Values, page int) template.URL {
			v := listingQuery(q)
			v.Set("page", strconv.Itoa(page))
			return linkTo(base, v)
		},
		"sortURL": func(base string, q url.Values, key string) template.URL {
			v := listingQuery(q)
			if v.Get("sort") == key {
				key = "-" + key
			}
			v.Set("sort", key)
			return linkTo(base, v)
		},
		"selected": func(a, b any) template.HTMLAttr {
			if fmt.Sprint(a) == fmt.Sprint(b) {
				return "selected"
			}
			return ""
		},
		"checked": func(b bool) template.HTMLAttr {
			if b {
				return "checked"
			}
			return ""
		},
		"deref": func(f *float64) float64 {
			if f == nil {
				return 0
			}
			return *f
		},
		// actor shows who acted, naming the system's own actors in words.
		"actor": func(name string) string { return actorName(lang, name) },
		"float": func(f *float64) string {
			if f == nil {
				return ""
			}
			return strconv.FormatFloat(*f, 'f', 6, 64)
		},
	}
}

// linkTo is the URL of path with the query q, for an href. Links that carry
// a query are built here and not in templates: html/template escapes a query
// string written into an attribute as one value (`?{{.Query.Encode}}` becomes
// `?county%3d1`), and the link silently loses its filters.
func linkTo(path string, q url.Values) template.URL {
	if len(q) == 0 {
		return template.URL(path)
	}
	return template.URL(path + "?" + q.Encode())
}

// listingQuery is a copy of a listing's query without its page and the
// flash message: the filter and order that its exports, other pages and
// other orders keep.
func listingQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, vs := range q {
		if k != "page" && k != "msg" && len(vs) > 0 {
			out[k] = vs
		}
	}
	return out
}

// formatDate writes 2026年9月1日 in Chinese and 1 Sep 2026 in English.
func formatDate(lang string, d app.Date) string {
	if d.IsZero() {
		return ""
	}
	if lang == "en" {
		return d.English()
	}
	return d.Chinese()
}

// loadTemplates parses, for each language, every page with the layout and
// partials around it.
func loadTemplates() (map[string]map[string]*template.Template, error) {
	pages, err := fs.Glob(ui.Templates, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range languages {
		base, err := template.New("").Funcs(funcs(lang)).ParseFS(ui.Templates, "templates/layout/*.html", "templates/partials/*.html")
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		out[lang] = map[string]*template.Template{}
		for _, p := range pages {
			t, err := template.Must(base.Clone()).ParseFS(ui.Templates, p)
			if err != nil {
				return nil, fmt.Errorf("web: template %s: %w", p, err)
			}
			out[lang][strings.TrimSuffix(path.Base(p), ".html")] = t
		}
	}
	return out, nil
}

// page is what every template receives.
type page struct {
	Lang    string
	Title   string
	Nav     string
	Actor   *app.Actor
	Can     map[string]bool
	Path    string
	Query   url.Values
	Flash   string
	Error   string
	Fields  map[string]string
	Version string
	Data    any
	// Unread counts the actor's unread items, for the bell.
	Unread int
}

// langOf returns the request's UI language: the cookie, else Chinese.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// navPermissions says which parts of the menu the actor sees.
func navPermissions(a *app.Actor) map[string]bool {
	can := func(p auth.Permission) bool { return auth.Can(a, p) == nil }
	return map[string]bool{
		"org":        can(auth.OrgRead),
		"educators":  can(auth.EducatorRead),
		"accounts":   can(auth.AccountManage),
		"audit":      can(auth.AuditRead),
		"roster":     canImport(a) == nil,
		"rotation":   can(auth.RotationRead),
		"programmes": can(auth.ProgrammeRead),
		"notices":    can(auth.OrgRead) || can(auth.RotationRead) || can(auth.ProgrammeRead),
		"training":   a != nil,
		// Principal selection: its readers, and educators who may register.
		"appointment": can(auth.AppointmentRead) || a != nil && a.EducatorID != 0,
		"leave":       a != nil && (a.EducatorID != 0 || a.HasRole(auth.RoleMentor)),
		"pairing":     can(auth.PairingRead),
		"staffing":    can(auth.StaffingRead),
		// Teacher supply and support; the city's inspections and scores.
		"supply":      can(auth.SupplyRead),
		"inspections": can(auth.InspectionRead),
	}
}

// render writes the page template name with data.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title, nav string, data any) error {
	lang := langOf(r)
	t := s.pages[lang][name]
	if t == nil {
		return app.Internalf("web.render", "no template %q", name)
	}
	a := app.ActorOf(r.Context())
	p := page{Lang: lang, Title: translate(lang, title), Nav: nav, Actor: a, Can: navPermissions(a), Path: r.URL.Path,
		Query: r.URL.Query(), Version: s.cfg.Version, Data: data, Unread: s.unread(r)}
	if msg := r.URL.Query().Get("msg"); msg != "" {
		p.Flash = flashMessage(lang, msg)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, "base", p); err != nil {
		return app.Wrap("web.render "+name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderForm writes a form page again with the error of a failed submission;
// errors that are not about the input go to the error page.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, err error, name, title, nav string, data any) error {
	code := app.ErrorCode(err)
	if code != app.Invalid && code != app.Conflict && code != app.Forbidden {
		return err
	}
	return s.renderFormStatus(w, r, err, status(code), name, title, nav, data)
}

func (s *Server) renderFormStatus(w http.ResponseWriter, r *http.Request, err error, code int, name, title, nav string, data any) error {
	lang := langOf(r)
	t := s.pages[lang][name]
	a := app.ActorOf(r.Context())
	p := page{Lang: lang, Title: translate(lang, title), Nav: nav, Actor: a, Can: navPermissions(a), Path: r.URL.Path,
		Query: r.URL.Query(), Version: s.cfg.Version, Data: data, Error: app.ErrorMessage(err, lang), Unread: s.unread(r)}
	var e *app.Error
	if errors.As(err, &e) {
		p.Fields = e.Fields
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", p); err != nil {
		return app.Wrap("web.renderForm "+name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, werr := w.Write(buf.Bytes())
	return werr
}

// renderError writes the error page for err.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	s.logInternal(r, err)
	code := app.ErrorCode(err)
	lang := langOf(r)
	title := map[app.Code]string{
		app.NotFound:        "页面不存在",
		app.Forbidden:       "无权访问",
		app.Unauthenticated: "请先登录",
		app.TooManyRequests: "请求过多",
		app.Invalid:         "输入有误",
		app.Conflict:        "操作冲突",
	}[code]
	if title == "" {
		title = "系统错误"
	}
	msg := app.ErrorMessage(err, lang)
	if code == app.NotFound {
		msg = translate(lang, "您要找的内容不存在，或不在您的权限范围内。")
	}
	t := s.pages[lang]["error"]
	a := app.ActorOf(r.Context())
	p := page{Lang: lang, Title: translate(lang, title), Actor: a, Can: navPermissions(a), Path: r.URL.Path, Version: s.cfg.Version,
		Data: map[string]any{"Message": msg, "Code": string(code)}, Unread: s.unread(r)}
	var buf bytes.Buffer
	if t == nil || t.ExecuteTemplate(&buf, "base", p) != nil {
		http.Error(w, msg, status(code))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status(code))
	w.Write(buf.Bytes())
}

// redirect answers a successful form with a 303 to target, carrying a flash message key.
func redirect(w http.ResponseWriter, r *http.Request, target, msg string) error {
	if msg != "" {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + "msg=" + url.QueryEscape(msg)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect on this site: only a local path,
// with no control character or backslash anywhere (browsers drop tabs and
// newlines and read \\ as /, so "/\t/evil.example" would leave), and no
// scheme or host once parsed; anything else goes to the home page.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.ContainsRune(next, '\\') {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || unicode.IsSpace(c) {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") ||
		strings.HasPrefix(u.Path, "//") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}
