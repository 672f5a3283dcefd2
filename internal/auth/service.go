package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// Session limits.
const (
	IdleTimeout     = 30 * time.Minute
	AbsoluteTimeout = 12 * time.Hour
	// touchEvery limits how often a session's last-seen time is written.
	touchEvery = time.Minute
)

// Service is accounts, sessions and grants.
type Service struct {
	store Store
	audit *audit.Log
	clock app.Clock
	argon Argon2Params
	dummy string // a hash to check against when the user is unknown
	// slots bounds the Argon2 hashes computed at once.
	slots chan struct{}
	// evaluated counts the passwords checked, for tests and figures.
	evaluated atomic.Int64
	// sessions keeps the sessions in use with their accounts (cache.go).
	sessions *sessionCache
}

// NewService returns the account service. It hashes the timing equaliser
// (checked when the user is unknown) at once, so parameters that cannot
// hash stop the start rather than every later login.
func NewService(store Store, log *audit.Log, clock app.Clock, argon Argon2Params) (*Service, error) {
	dummy, err := HashPassword("jiaoliu-timing-equaliser", argon)
	if err != nil {
		return nil, fmt.Errorf("auth.NewService: timing equaliser: %w", err)
	}
	return &Service{store: store, audit: log, clock: clock, argon: argon, dummy: dummy, slots: newHashSlots(),
		sessions: newSessionCache()}, nil
}

var (
	errBadLogin = app.Errorf(app.Unauthenticated, "用户名或密码错误", "Wrong user name or password")
	errDisabled = app.Errorf(app.Unauthenticated, "该账号已停用，请联系管理员", "This account is disabled; contact an administrator")
)

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Attempt is one sign-in: the user name and password typed, where it comes
// from, and the device token the client holds from an earlier sign-in.
type Attempt struct {
	Username   string
	Password   string
	ClientAddr string
	UserAgent  string
	Device     string
}

// Granted is a successful sign-in: the session token for the session
// cookie, the device token for the device cookie, and the actor.
type Granted struct {
	Token  string
	Device string
	Actor  *app.Actor
}

// Login checks a user name and password and opens a new session. An unknown
// user and a wrong password answer alike. The attempt is counted before the
// password is hashed (see FreeFailures): on the account and the client
// address, or, for a device that signed in to the account before, on that
// device alone.
func (s *Service) Login(ctx context.Context, at Attempt) (*Granted, error) {
	username := truncate(NormalizeUsername(at.Username), 64)
	now := s.clock.Now()
	ctx = app.WithActor(ctx, &app.Actor{Username: username, ClientAddr: at.ClientAddr})
	keys := []string{"user:" + username, "addr:" + at.ClientAddr}
	if at.Device != "" {
		known, err := s.store.HasLoginDevice(ctx, hashToken(at.Device), username)
		if err != nil {
			return nil, app.Wrap("auth.Login", err)
		}
		if known {
			keys = []string{"device:" + hashToken(at.Device) + ":" + username}
		} else {
			at.Device = ""
		}
	}
	wait, err := s.reserve(ctx, keys, now)
	if err != nil {
		return nil, app.Wrap("auth.Login", err)
	}
	if wait > 0 {
		err := s.audit.Record(ctx, audit.Change{Action: "login.throttled", Entity: "user", EntityID: username,
			Summary: fmt.Sprintf("登录尝试过于频繁，须等待%d秒", int(wait.Seconds()))})
		if err != nil {
			return nil, err
		}
		return nil, errSlowDown(wait)
	}
	u, err := s.store.FindUserByUsername(ctx, username)
	if err != nil && app.ErrorCode(err) != app.NotFound {
		return nil, app.Wrap("auth.Login", err)
	}
	hash := s.dummy // the same work for an unknown user
	if u != nil {
		hash = u.PasswordHash
	}
	ok, err := s.checkPassword(ctx, hash, at.Password)
	if err != nil {
		return nil, err
	}
	if !ok || u == nil {
		// The failure was counted in advance.
		err := s.audit.Record(ctx, audit.Change{Action: "login.failure", Entity: "user", EntityID: username, Summary: "登录失败：用户名或密码错误"})
		if err != nil {
			return nil, app.Wrap("auth.Login", err)
		}
		return nil, errBadLogin
	}
	if u.Disabled {
		err := s.audit.Record(ctx, audit.Change{Action: "login.disabled", Entity: "user", EntityID: u.ID, Summary: "已停用的账号尝试登录"})
		if err != nil {
			return nil, err
		}
		return nil, errDisabled
	}
	return s.openSession(ctx, u, at, keys, now)
}

// openSession opens the session of a successful sign-in, gives back the
// failure counted in advance, and remembers the device.
func (s *Service) openSession(ctx context.Context, u *User, at Attempt, keys []string, now time.Time) (*Granted, error) {
	token, err := newToken()
	if err != nil {
		return nil, app.Wrap("auth.Login", err)
	}
	if at.Device == "" {
		if at.Device, err = newToken(); err != nil {
			return nil, app.Wrap("auth.Login", err)
		}
	}
	sess := &Session{ID: hashToken(token), UserID: u.ID, CreatedAt: now, LastSeenAt: now, ClientAddr: at.ClientAddr,
		UserAgent: truncate(at.UserAgent, 200)}
	actor := actorOf(u, sess)
	ctx = app.WithActor(ctx, actor)
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		for _, k := range keys {
			var err error
			if strings.HasPrefix(k, "addr:") {
				err = s.store.UndoLoginFailure(ctx, k)
			} else {
				err = s.store.DeleteLoginCounter(ctx, k)
			}
			if err != nil {
				return err
			}
		}
		if err := s.store.SaveLoginDevice(ctx, hashToken(at.Device), u.Username, now); err != nil {
			return err
		}
		if err := s.store.CreateSession(ctx, sess); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "login.success", Entity: "user", EntityID: u.ID, Summary: "登录成功"})
	})
	if err != nil {
		return nil, app.Wrap("auth.Login", err)
	}
	return &Granted{Token: token, Device: at.Device, Actor: actor}, nil
}

// truncate cuts s to at most n bytes of valid UTF-8 without NUL, fit for
// either database.
func truncate(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}

func actorOf(u *User, sess *Session) *app.Actor {
	a := &app.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Grants: u.Grants,
		EducatorID: u.EducatorID, CountyID: u.CountyID, SchoolID: u.SchoolID}
	if sess != nil {
		a.SessionID, a.ClientAddr = sess.ID, sess.ClientAddr
	}
	return a
}

// Authenticate returns the actor of the session with token, ending sessions
// that are idle past IdleTimeout, older than AbsoluteTimeout, or whose account
// is disabled.
func (s *Service) Authenticate(ctx context.Context, token, clientAddr string) (*app.Actor, error) {
	if token == "" {
		return nil, errUnauthenticated
	}
	id := hashToken(token)
	sess, u, cached, err := s.findSession(ctx, id)
	if app.ErrorCode(err) == app.NotFound {
		return nil, errUnauthenticated
	} else if err != nil {
		return nil, app.Wrap("auth.Authenticate", err)
	}
	now := s.clock.Now()
	if now.Sub(sess.LastSeenAt) >= IdleTimeout || now.Sub(sess.CreatedAt) >= AbsoluteTimeout {
		if cached {
			// Another process may have seen the session since: ask the database.
			s.sessions.forget(id)
			return s.Authenticate(ctx, token, clientAddr)
		}
		if err := s.store.DeleteSession(ctx, id); err != nil {
			return nil, app.Wrap("auth.Authenticate", err)
		}
		return nil, app.Errorf(app.Unauthenticated, "登录已过期，请重新登录", "Your session has expired; please sign in again")
	}
	if u.Disabled {
		if err := s.store.DeleteUserSessions(ctx, u.ID, ""); err != nil {
			return nil, app.Wrap("auth.Authenticate", err)
		}
		return nil, errDisabled
	}
	if now.Sub(sess.LastSeenAt) > touchEvery {
		if err := s.store.TouchSession(ctx, id, now); err != nil {
			return nil, app.Wrap("auth.Authenticate", err)
		}
		s.sessions.touched(id, now)
	}
	a := actorOf(u, sess)
	a.ClientAddr = clientAddr
	return a, nil
}

// Logout ends the session of the actor in ctx.
func (s *Service) Logout(ctx context.Context) error {
	a := app.ActorOf(ctx)
	if a == nil || a.SessionID == "" {
		return errUnauthenticated
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteSession(ctx, a.SessionID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "logout", Entity: "user", EntityID: a.UserID, Summary: "退出登录"})
	})
}

// ChangePassword changes the actor's own password after checking the old
// one; the actor's other sessions end.
func (s *Service) ChangePassword(ctx context.Context, oldPassword, newPassword string) error {
	a := app.ActorOf(ctx)
	if a == nil || a.UserID == 0 {
		return errUnauthenticated
	}
	u, err := s.store.FindUserByID(ctx, a.UserID)
	if err != nil {
		return app.Wrap("auth.ChangePassword", err)
	}
	ok, err := s.checkPassword(ctx, u.PasswordHash, oldPassword)
	if err != nil {
		return err
	}
	if !ok {
		return &app.Error{Code: app.Invalid, Message: "原密码不正确", English: "The current password is wrong",
			Fields: map[string]string{"old_password": "wrong"}}
	}
	if err := ValidatePassword(u.Username, newPassword); err != nil {
		return err
	}
	if newPassword == oldPassword {
		return &app.Error{Code: app.Invalid, Message: "新密码不能与原密码相同", English: "The new password must differ from the current one",
			Fields: map[string]string{"password": "unchanged"}}
	}
	hash, err := s.hashPassword(ctx, newPassword)
	if err != nil {
		return app.Wrap("auth.ChangePassword", err)
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetUserPassword(ctx, u.ID, hash, s.clock.Now()); err != nil {
			return err
		}
		if err := s.store.DeleteUserSessions(ctx, u.ID, a.SessionID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "user.password_change", Entity: "user", EntityID: u.ID, Summary: "修改本人密码，其他会话已结束"})
	})
}

// FindUsers lists the accounts the actor may manage.
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error) {
	a := app.ActorOf(ctx)
	if err := Can(a, AccountManage); err != nil {
		return nil, 0, err
	}
	f.Within = ScopeOf(a, AccountManage)
	return s.store.FindUsers(ctx, f)
}

// FindUserByID returns an account the actor may manage, or the actor's own.
func (s *Service) FindUserByID(ctx context.Context, id int64) (*User, error) {
	a := app.ActorOf(ctx)
	if a != nil && a.UserID == id && !a.System {
		return s.store.FindUserByID(ctx, id)
	}
	if err := Can(a, AccountManage); err != nil {
		return nil, err
	}
	u, err := s.store.FindUserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.decideManage(a, u); err != nil {
		return nil, err
	}
	return u, nil
}

// decideManage lets a manage u when a's account.manage reaches u's home and
// every grant u holds: a county's HR cannot touch a city-wide account.
func (s *Service) decideManage(a *app.Actor, u *User) error {
	if err := Decide(a, AccountManage, u.Place(), "账号"); err != nil {
		return err
	}
	for _, g := range u.Grants {
		if !s.canGrant(a, g, g.Place) {
			return app.ErrNotFound("账号")
		}
	}
	return nil
}

// canGrant reports whether a may hand out grant g at place p.
func (s *Service) canGrant(a *app.Actor, g app.Grant, p app.Place) bool {
	if a.System {
		return true
	}
	if Decide(a, AccountManage, p, "") != nil {
		return false
	}
	if g.Role == RoleAdmin && Decide(a, AccountManage, app.Place{}, "") != nil {
		return false
	}
	if g.FullID && Decide(a, IDReveal, p, "") != nil {
		return false
	}
	return true
}

// CreateUser creates an account placed in the tree; the actor must manage
// that place.
func (s *Service) CreateUser(ctx context.Context, in UserCreate) (*User, error) {
	a := app.ActorOf(ctx)
	if err := Can(a, AccountManage); err != nil {
		return nil, err
	}
	if err := validateUserCreate(&in); err != nil {
		return nil, err
	}
	u := &User{Username: in.Username, DisplayName: in.DisplayName, CountyID: in.CountyID, SchoolID: in.SchoolID, EducatorID: in.EducatorID}
	switch {
	case in.SchoolID != 0:
		p, _, err := s.store.ScopePlace(ctx, ScopeSchool, in.SchoolID)
		if err != nil {
			return nil, badScope(err)
		}
		u.CityID, u.CountyID = p.CityID, p.CountyID
	case in.CountyID != 0:
		p, _, err := s.store.ScopePlace(ctx, ScopeCounty, in.CountyID)
		if err != nil {
			return nil, badScope(err)
		}
		u.CityID = p.CityID
	}
	if err := Decide(a, AccountManage, u.Place(), "单位"); err != nil {
		return nil, badScope(err)
	}
	hash, err := s.hashPassword(ctx, in.Password)
	if err != nil {
		return nil, app.Wrap("auth.CreateUser", err)
	}
	u.PasswordHash = hash
	now := s.clock.Now()
	u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt = now, now, now
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateUser(ctx, u); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "user.create", Entity: "user", EntityID: u.ID,
			Summary: fmt.Sprintf("创建账号 %s（%s）", u.Username, u.DisplayName),
			After:   map[string]any{"username": u.Username, "display_name": u.DisplayName, "county_id": u.CountyID, "school_id": u.SchoolID}})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

func badScope(err error) error {
	if app.ErrorCode(err) == app.NotFound {
		return &app.Error{Code: app.Invalid, Message: "所选单位不存在或不在您的管理范围内",
			English: "The chosen unit does not exist or is outside your scope", Fields: map[string]string{"scope": "invalid"}}
	}
	return err
}

// SetDisabled disables or enables an account; disabling ends its sessions at once.
func (s *Service) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	a := app.ActorOf(ctx)
	u, err := s.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	if u.ID == a.UserID {
		return app.Errorf(app.Invalid, "不能停用自己的账号", "You cannot disable your own account")
	}
	if err := Can(a, AccountManage); err != nil {
		return err
	}
	if u.Disabled == disabled {
		return nil
	}
	action, summary := "user.enable", "启用账号 "+u.Username
	if disabled {
		action, summary = "user.disable", "停用账号 "+u.Username+"，其会话已结束"
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetUserDisabled(ctx, id, disabled, s.clock.Now()); err != nil {
			return err
		}
		if disabled {
			if err := s.store.DeleteUserSessions(ctx, id, ""); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, audit.Change{Action: action, Entity: "user", EntityID: id, Summary: summary,
			Before: map[string]any{"disabled": u.Disabled}, After: map[string]any{"disabled": disabled}})
	})
}

// ResetPassword sets a new password on an account the actor manages and
// ends that account's sessions.
func (s *Service) ResetPassword(ctx context.Context, id int64, password string) error {
	a := app.ActorOf(ctx)
	if err := Can(a, AccountManage); err != nil {
		return err
	}
	u, err := s.FindUserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := ValidatePassword(u.Username, password); err != nil {
		return err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return app.Wrap("auth.ResetPassword", err)
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetUserPassword(ctx, id, hash, s.clock.Now()); err != nil {
			return err
		}
		if err := s.store.DeleteUserSessions(ctx, id, ""); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "user.password_reset", Entity: "user", EntityID: id,
			Summary: "重置账号 " + u.Username + " 的密码，其会话已结束"})
	})
}

// AddGrant gives an account a role over a scope. The role must fit the scope
// kind, and the actor must manage the scope and hold what it hands out.
func (s *Service) AddGrant(ctx context.Context, userID int64, g app.Grant) (*app.Grant, error) {
	a := app.ActorOf(ctx)
	if err := Can(a, AccountManage); err != nil {
		return nil, err
	}
	u, err := s.FindUserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if !Roles.Has(g.Role) {
		return nil, &app.Error{Code: app.Invalid, Message: "未知角色 " + g.Role, English: "Unknown role " + g.Role, Fields: map[string]string{"role": "invalid"}}
	}
	if !slices.Contains(RoleScopes(g.Role), g.ScopeKind) {
		var zh, en []string
		for _, k := range RoleScopes(g.Role) {
			zh = append(zh, ScopeKinds.Label(k, "zh"))
			en = append(en, ScopeKinds.Label(k, "en"))
		}
		return nil, &app.Error{Code: app.Invalid,
			Message: fmt.Sprintf("角色“%s”的范围只能是：%s", Roles.Label(g.Role, "zh"), strings.Join(zh, "、")),
			English: fmt.Sprintf("The role %s can only be granted over: %s", Roles.Label(g.Role, "en"), strings.Join(en, ", ")),
			Fields:  map[string]string{"scope_kind": "invalid"}}
	}
	if g.ScopeKind == ScopeGlobal {
		g.ScopeID = 0
	}
	p, name, err := s.store.ScopePlace(ctx, g.ScopeKind, g.ScopeID)
	if err != nil {
		return nil, badScope(err)
	}
	g.ScopeName, g.Place = name, p
	if !s.canGrant(a, g, p) {
		return nil, badScope(app.ErrNotFound("单位"))
	}
	for _, have := range u.Grants {
		if have.Role == g.Role && have.ScopeKind == g.ScopeKind && have.ScopeID == g.ScopeID {
			return nil, app.Errorf(app.Conflict, "该账号已有此角色和范围", "The account already holds this role over this scope")
		}
	}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateGrant(ctx, userID, &g, s.clock.Now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "grant.create", Entity: "user", EntityID: userID,
			Summary: fmt.Sprintf("授予账号 %s 角色 %s", u.Username, grantSummary(g)), After: g})
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// RemoveGrant takes a grant away from an account.
func (s *Service) RemoveGrant(ctx context.Context, userID, grantID int64) error {
	a := app.ActorOf(ctx)
	if err := Can(a, AccountManage); err != nil {
		return err
	}
	u, err := s.FindUserByID(ctx, userID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(u.Grants, func(g app.Grant) bool { return g.ID == grantID })
	if i < 0 {
		return app.ErrNotFound("授权")
	}
	g := u.Grants[i]
	if u.ID == a.UserID && g.Role == RoleAdmin {
		return app.Errorf(app.Invalid, "不能撤销自己的系统管理员角色", "You cannot remove your own admin role")
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.DeleteGrant(ctx, userID, grantID); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "grant.delete", Entity: "user", EntityID: userID,
			Summary: fmt.Sprintf("撤销账号 %s 的角色 %s", u.Username, grantSummary(g)), Before: g})
	})
}
