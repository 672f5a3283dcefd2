package web

import (
	"net/http"
	"strconv"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/org"
	"jiaoliu/internal/programme"
)

type usersView struct {
	Users []*auth.User
	Total int
	Page  int
	Pages int
}

// userFilter reads the accounts listing's filter: a name and a role.
func userFilter(r *http.Request) (auth.UserFilter, error) {
	role := r.FormValue("role")
	if role != "" && !auth.Roles.Has(role) {
		return auth.UserFilter{}, invalidParam("role", role)
	}
	return auth.UserFilter{Q: strings.TrimSpace(r.FormValue("q")), Role: role}, nil
}

// limitUsers puts a page into a user filter.
func limitUsers(f *auth.UserFilter, offset, n int) { f.Offset, f.Limit = offset, n }

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 50, userFilter, limitUsers, s.cfg.Auth.FindUsers)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "users", "账号管理", "accounts", usersView{Users: l.Items, Total: l.Total, Page: l.Page, Pages: pages(l.Total, l.PerPage)})
}

// unitsView lists the places an account or a grant can be put: the counties
// and schools in the actor's scope.
type unitsView struct {
	Counties []*org.County
	Schools  []*org.School
}

func (s *Server) units(r *http.Request) (unitsView, error) {
	counties, err := s.cfg.Org.FindCounties(r.Context())
	if err != nil {
		return unitsView{}, err
	}
	schools, _, err := s.cfg.Org.FindSchools(r.Context(), org.SchoolFilter{})
	if err != nil {
		return unitsView{}, err
	}
	return unitsView{Counties: counties, Schools: schools}, nil
}

type userNewView struct {
	Units unitsView
	Form  auth.UserCreate
}

func (s *Server) userNewPage(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.AccountManage); err != nil {
		return err
	}
	u, err := s.units(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user_new", "新建账号", "accounts", userNewView{Units: u})
}

func (s *Server) userCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := auth.Can(app.ActorOf(r.Context()), auth.AccountManage); err != nil {
		return err
	}
	in := auth.UserCreate{Username: r.FormValue("username"), DisplayName: r.FormValue("display_name"), Password: r.FormValue("password")}
	unit := r.FormValue("unit") // "", "county:ID" or "school:ID"
	if kind, id, ok := strings.Cut(unit, ":"); ok {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return invalidParam("unit", unit)
		}
		switch kind {
		case "county":
			in.CountyID = n
		case "school":
			in.SchoolID = n
		default:
			return invalidParam("unit", unit)
		}
	}
	u, err := s.cfg.Auth.CreateUser(r.Context(), in)
	if err != nil {
		units, uerr := s.units(r)
		if uerr != nil {
			return uerr
		}
		in.Password = ""
		return s.renderForm(w, r, err, "user_new", "新建账号", "accounts", userNewView{Units: units, Form: in})
	}
	return redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "user_created")
}

type userView struct {
	Units unitsView
	// Programmes are the programmes a role may be granted over.
	Programmes []*programme.Programme
	User       *auth.User
	Roles      app.Vocab
	Audit      []*audit.Entry
	IsSelf     bool
}

func (s *Server) userView(r *http.Request) (userView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return userView{}, err
	}
	if err := auth.Can(app.ActorOf(r.Context()), auth.AccountManage); err != nil {
		return userView{}, err
	}
	u, err := s.cfg.Auth.FindUserByID(r.Context(), id)
	if err != nil {
		return userView{}, err
	}
	units, err := s.units(r)
	if err != nil {
		return userView{}, err
	}
	v := userView{Units: units, User: u, Roles: auth.Roles, IsSelf: u.ID == app.ActorOf(r.Context()).UserID}
	if v.Programmes, err = s.grantableProgrammes(r); err != nil {
		return userView{}, err
	}
	if auth.Can(app.ActorOf(r.Context()), auth.AuditRead) == nil {
		v.Audit, _, err = s.cfg.Audit.Find(r.Context(), audit.Filter{Entity: "user", EntityID: strconv.FormatInt(id, 10), Limit: 20})
		if err != nil {
			return userView{}, err
		}
	}
	return v, nil
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.userView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "user", v.User.Username, "accounts", v)
}

// userAction runs a form action on an account and shows the account again.
func (s *Server) userAction(w http.ResponseWriter, r *http.Request, msg string, act func(id int64) error) error {
	return formAction(w, r, msg, func(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }, act,
		func(err error) error {
			v, verr := s.userView(r)
			if verr != nil {
				return verr
			}
			return s.renderForm(w, r, err, "user", v.User.Username, "accounts", v)
		})
}

func (s *Server) userDisableSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "user_disabled", func(id int64) error { return s.cfg.Auth.SetDisabled(r.Context(), id, true) })
}

func (s *Server) userEnableSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "user_enabled", func(id int64) error { return s.cfg.Auth.SetDisabled(r.Context(), id, false) })
}

func (s *Server) userPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "password_reset", func(id int64) error {
		return s.cfg.Auth.ResetPassword(r.Context(), id, r.FormValue("password"))
	})
}

// grantableProgrammes are the latest programmes whose accounts the actor manages.
func (s *Server) grantableProgrammes(r *http.Request) ([]*programme.Programme, error) {
	a := app.ActorOf(r.Context())
	if auth.Can(a, auth.ProgrammeRead) != nil {
		return nil, nil
	}
	list, _, err := s.cfg.Programmes.Find(r.Context(), programme.Filter{Limit: 200})
	if err != nil {
		return nil, err
	}
	var out []*programme.Programme
	for _, p := range list {
		if auth.Decide(a, auth.AccountManage, p.Place(), "") == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// grantFromForm reads a grant: role, and scope as "global", "city:ID", "county:ID", "school:ID" or "programme:ID".
func grantFromForm(role, scope string, fullID bool) (app.Grant, error) {
	g := app.Grant{Role: role, FullID: fullID}
	kind, id, _ := strings.Cut(scope, ":")
	g.ScopeKind = kind
	if kind != auth.ScopeGlobal {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || !auth.ScopeKinds.Has(kind) {
			return g, &app.Error{Code: app.Invalid, Message: "请选择授权范围", English: "Choose the scope of the role", Fields: map[string]string{"scope": "invalid"}}
		}
		g.ScopeID = n
	}
	return g, nil
}

func (s *Server) grantCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.userAction(w, r, "grant_added", func(id int64) error {
		g, err := grantFromForm(r.FormValue("role"), r.FormValue("scope"), r.FormValue("full_id") == "1")
		if err != nil {
			return err
		}
		_, err = s.cfg.Auth.AddGrant(r.Context(), id, g)
		return err
	})
}

func (s *Server) grantDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	gid, err := pathID(r, "grant")
	if err != nil {
		return err
	}
	return s.userAction(w, r, "grant_removed", func(id int64) error { return s.cfg.Auth.RemoveGrant(r.Context(), id, gid) })
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	_, l, err := readListing(r, 50, userFilter, limitUsers, s.cfg.Auth.FindUsers)
	if err != nil {
		return err
	}
	if l.Items == nil {
		l.Items = []*auth.User{}
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in auth.UserCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.cfg.Auth.CreateUser(r.Context(), in)
	if err != nil {
		return err
	}
	u, err = s.cfg.Auth.FindUserByID(r.Context(), u.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

// writeUser answers with an account as it now is.
func (s *Server) writeUser(w http.ResponseWriter, id int64, r *http.Request) error {
	u, err := s.cfg.Auth.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := auth.Can(app.ActorOf(r.Context()), auth.AccountManage); err != nil {
		return err
	}
	return s.writeUser(w, id, r)
}

func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Disabled *bool `json:"disabled"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Disabled == nil {
		return &app.Error{Code: app.Invalid, Message: "请给出要修改的字段 disabled", English: "Give the field to change: disabled",
			Fields: map[string]string{"disabled": "required"}}
	}
	if err := s.cfg.Auth.SetDisabled(r.Context(), id, *in.Disabled); err != nil {
		return err
	}
	return s.writeUser(w, id, r)
}

func (s *Server) apiResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	return noContent(w, s.cfg.Auth.ResetPassword(r.Context(), id, in.Password))
}

func (s *Server) apiCreateGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Role      string `json:"role"`
		ScopeKind string `json:"scope_kind"`
		ScopeID   int64  `json:"scope_id"`
		FullID    bool   `json:"full_id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g, err := s.cfg.Auth.AddGrant(r.Context(), id, app.Grant{Role: in.Role, ScopeKind: in.ScopeKind, ScopeID: in.ScopeID, FullID: in.FullID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, g)
	return nil
}

func (s *Server) apiDeleteGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	gid, err := pathID(r, "grant")
	if err != nil {
		return err
	}
	return noContent(w, s.cfg.Auth.RemoveGrant(r.Context(), id, gid))
}

type auditView struct {
	Entries []*auditLine
	Total   int
	Page    int
	Pages   int
	// Actions and Entities are the filter's choices, named in the page's language.
	Actions  []auditChoice
	Entities []auditChoice
}

// auditLine is an audit entry with its codes named for the reader.
type auditLine struct {
	*audit.Entry
	ActionName string
	EntityName string
	ActorName  string
}

// auditChoice is one option of the audit filter.
type auditChoice struct {
	Code, Name string
}

func (s *Server) auditFind(r *http.Request, per int) ([]*audit.Entry, int, int, error) {
	if err := auth.Can(app.ActorOf(r.Context()), auth.AuditRead); err != nil {
		return nil, 0, 0, err
	}
	page, per, err := paging(r, per)
	if err != nil {
		return nil, 0, 0, err
	}
	entries, total, err := s.cfg.Audit.Find(r.Context(), audit.Filter{Entity: r.FormValue("entity"), EntityID: r.FormValue("entity_id"),
		Action: r.FormValue("action"), Offset: (page - 1) * per, Limit: per})
	return entries, total, page, err
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	entries, total, page, err := s.auditFind(r, 100)
	if err != nil {
		return err
	}
	lang := langOf(r)
	v := auditView{Total: total, Page: page, Pages: pages(total, 100)}
	for _, e := range entries {
		name, _ := auditActionName(lang, e.Action)
		v.Entries = append(v.Entries, &auditLine{Entry: e, ActionName: name, EntityName: auditEntityName(lang, e.Entity), ActorName: actorName(lang, e.Actor)})
	}
	for _, a := range auditActions {
		v.Actions = append(v.Actions, auditChoice{Code: a.Code, Name: pickLang(lang, a.Zh, a.En)})
	}
	for _, p := range auditStepCodes() {
		name, _ := auditActionName(lang, p)
		v.Actions = append(v.Actions, auditChoice{Code: p, Name: name})
	}
	for _, e := range auditEntities {
		v.Entities = append(v.Entities, auditChoice{Code: e.Code, Name: pickLang(lang, e.Zh, e.En)})
	}
	return s.render(w, r, http.StatusOK, "audit", "审计日志", "audit", v)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	entries, total, page, err := s.auditFind(r, 100)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []*audit.Entry{}
	}
	writeJSON(w, http.StatusOK, list[*audit.Entry]{Items: entries, Total: total, Page: page, PerPage: 100})
	return nil
}
