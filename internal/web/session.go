package web

import (
	"net/http"
	"strings"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

type loginView struct {
	Username     string
	Next         string
	DemoAccounts []DemoAccount
	DemoPassword string
}

func (s *Server) loginView(r *http.Request) loginView {
	return loginView{Username: r.FormValue("username"), Next: safeNext(r.FormValue("next")),
		DemoAccounts: s.cfg.DemoAccounts, DemoPassword: s.cfg.DemoPassword}
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if app.ActorOf(r.Context()) != nil {
		return redirect(w, r, safeNext(r.FormValue("next")), "")
	}
	return s.render(w, r, http.StatusOK, "login", "登录", "", s.loginView(r))
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	g, err := s.cfg.Auth.Login(r.Context(), s.attempt(r, r.FormValue("username"), r.FormValue("password")))
	if err != nil {
		code := app.ErrorCode(err)
		if code == app.Unauthenticated || code == app.TooManyRequests {
			return s.renderFormStatus(w, r, err, status(code), "login", "登录", "", s.loginView(r))
		}
		return err
	}
	s.setSession(w, r, g.Token)
	s.setDevice(w, r, g.Device)
	return redirect(w, r, safeNext(r.FormValue("next")), "")
}

// attempt is a sign-in from r, with the device cookie of an earlier one.
func (s *Server) attempt(r *http.Request, username, password string) auth.Attempt {
	at := auth.Attempt{Username: username, Password: password, ClientAddr: s.clientAddr(r), UserAgent: r.UserAgent()}
	if c, err := r.Cookie(deviceCookie); err == nil {
		at.Device = c.Value
	}
	return at
}

// setDevice keeps the device token for a year: the device's correct
// password passes while strangers' attempts on the account are slowed.
func (s *Server) setDevice(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: token, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil})
}

func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.cfg.Auth.Logout(r.Context()); err != nil {
		return err
	}
	s.clearSession(w, r)
	return redirect(w, r, "/login", "logged_out")
}

// langSubmit switches the UI language; it changes only a cookie.
func (s *Server) langSubmit(w http.ResponseWriter, r *http.Request) error {
	lang := r.FormValue("lang")
	if lang != "en" {
		lang = "zh"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	next := safeNext(r.FormValue("next"))
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	a := app.ActorOf(r.Context())
	u, err := s.cfg.Auth.FindUserByID(r.Context(), a.UserID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "account", "我的账号", "account", u)
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) error {
	a := app.ActorOf(r.Context())
	if r.FormValue("password") != r.FormValue("password2") {
		err := &app.Error{Code: app.Invalid, Message: "两次输入的新密码不一致", English: "The two new passwords differ", Fields: map[string]string{"password2": "mismatch"}}
		u, ferr := s.cfg.Auth.FindUserByID(r.Context(), a.UserID)
		if ferr != nil {
			return ferr
		}
		return s.renderForm(w, r, err, "account", "我的账号", "account", u)
	}
	if err := s.cfg.Auth.ChangePassword(r.Context(), r.FormValue("old_password"), r.FormValue("password")); err != nil {
		u, ferr := s.cfg.Auth.FindUserByID(r.Context(), a.UserID)
		if ferr != nil {
			return ferr
		}
		return s.renderForm(w, r, err, "account", "我的账号", "account", u)
	}
	return redirect(w, r, "/account", "password_changed")
}

// meView is the API's view of the signed-in user.
type meView struct {
	ID          int64       `json:"id"`
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	EducatorID  int64       `json:"educator_id,omitempty"`
	Grants      []app.Grant `json:"grants"`
	Permissions []string    `json:"permissions"`
	// CurrentPlacement is a participant's own placement (placement_workspace.go).
	CurrentPlacement *currentPlacement `json:"current_placement,omitempty"`
}

func (s *Server) me(r *http.Request) meView {
	a := app.ActorOf(r.Context())
	v := meView{ID: a.UserID, Username: a.Username, DisplayName: a.DisplayName, EducatorID: a.EducatorID, Grants: a.Grants}
	if v.Grants == nil {
		v.Grants = []app.Grant{}
	}
	for _, p := range auth.Permissions {
		if auth.Can(a, p) == nil {
			v.Permissions = append(v.Permissions, string(p))
		}
	}
	v.CurrentPlacement = s.currentPlacementOf(r)
	return v
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.Username) == "" || in.Password == "" {
		return &app.Error{Code: app.Invalid, Message: "请填写用户名和密码", English: "User name and password are required",
			Fields: map[string]string{"username": "required", "password": "required"}}
	}
	g, err := s.cfg.Auth.Login(r.Context(), s.attempt(r, in.Username, in.Password))
	if err != nil {
		return err
	}
	s.setSession(w, r, g.Token)
	s.setDevice(w, r, g.Device)
	r = r.WithContext(app.WithActor(r.Context(), g.Actor))
	writeJSON(w, http.StatusOK, map[string]any{"user": s.me(r)})
	return nil
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	if err := s.cfg.Auth.Logout(r.Context()); err != nil {
		return err
	}
	s.clearSession(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.me(r))
	return nil
}

func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		OldPassword string `json:"old_password"`
		Password    string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.cfg.Auth.ChangePassword(r.Context(), in.OldPassword, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
	return nil
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if err := s.cfg.Health.Ping(r.Context()); err != nil {
		s.log.Error("readyz: database unreachable", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unreachable", "message": "数据库无法连接"})
		return nil
	}
	ok, err := s.cfg.Health.MigrationsCurrent(r.Context())
	if err != nil || !ok {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "migrations pending", "message": "数据库结构未更新，请执行 jiaoliu migrate"})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	return nil
}
