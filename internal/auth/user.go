package auth

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// User is an account.
type User struct {
	ID           int64       `json:"id"`
	Username     string      `json:"username"`
	DisplayName  string      `json:"display_name"`
	PasswordHash string      `json:"-"`
	Disabled     bool        `json:"disabled"`
	EducatorID   int64       `json:"educator_id,omitempty"`
	CityID       int64       `json:"city_id,omitempty"`
	CountyID     int64       `json:"county_id,omitempty"`
	CountyName   string      `json:"county_name,omitempty"`
	SchoolID     int64       `json:"school_id,omitempty"`
	SchoolName   string      `json:"school_name,omitempty"`
	Grants       []app.Grant `json:"grants"`
	// PasswordChangedAt is when the password was last set.
	PasswordChangedAt time.Time `json:"password_changed_at"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// Place is where the account belongs in the tree: who may manage it.
func (u *User) Place() app.Place {
	return app.Place{CityID: u.CityID, CountyID: u.CountyID, SchoolID: u.SchoolID}
}

// UserFilter selects accounts.
type UserFilter struct {
	Q      string // username or display name, substring
	Role   string
	Offset int
	Limit  int
	Within app.Scope
}

// UserCreate is the input for creating an account.
type UserCreate struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
	// CountyID and SchoolID place the account in the tree; zero for
	// accounts of the whole system or city.
	CountyID   int64 `json:"county_id"`
	SchoolID   int64 `json:"school_id"`
	EducatorID int64 `json:"educator_id"`
}

// Session is a server-side login session. ID is the hash of the token the
// browser holds; the token itself is never stored.
type Session struct {
	ID         string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	ClientAddr string
	UserAgent  string
}

// Store is what package auth needs from the database.
type Store interface {
	audit.Store
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	CreateUser(ctx context.Context, u *User) error
	SetUserDisabled(ctx context.Context, id int64, disabled bool, at time.Time) error
	SetUserPassword(ctx context.Context, id int64, hash string, at time.Time) error
	CreateGrant(ctx context.Context, userID int64, g *app.Grant, at time.Time) error
	DeleteGrant(ctx context.Context, userID, grantID int64) error
	CreateSession(ctx context.Context, s *Session) error
	FindSession(ctx context.Context, id string) (*Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	DeleteSession(ctx context.Context, id string) error
	DeleteUserSessions(ctx context.Context, userID int64, exceptID string) error
	// UpdateLoginCounters lets fn change the counters of keys, locked
	// against concurrent attempts, in one transaction.
	UpdateLoginCounters(ctx context.Context, keys []string, now time.Time, fn func(cs []*LoginCounter) error) error
	DeleteLoginCounter(ctx context.Context, key string) error
	UndoLoginFailure(ctx context.Context, key string) error
	SaveLoginDevice(ctx context.Context, id, username string, at time.Time) error
	HasLoginDevice(ctx context.Context, id, username string) (bool, error)
	// ScopePlace resolves a grant's scope to its place in the tree and its name.
	ScopePlace(ctx context.Context, kind string, id int64) (app.Place, string, error)
	// The counter of what sessions' actors are made of (cache.go).
	app.VersionReader
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// NormalizeUsername lower-cases and trims a user name.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validateUserCreate(in *UserCreate) error {
	in.Username = NormalizeUsername(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	fields := map[string]string{}
	var msgs, en []string
	if !usernamePattern.MatchString(in.Username) {
		fields["username"] = "invalid"
		msgs = append(msgs, "用户名应为2–32位小写字母、数字或 . _ -，以字母或数字开头")
		en = append(en, "The user name must be 2–32 lower-case letters, digits or . _ -, starting with a letter or digit")
	}
	if in.DisplayName == "" {
		fields["display_name"] = "required"
		msgs = append(msgs, "请填写姓名")
		en = append(en, "The display name is required")
	} else if len([]rune(in.DisplayName)) > 64 {
		fields["display_name"] = "too_long"
		msgs = append(msgs, "姓名最多64个字")
		en = append(en, "The display name has at most 64 characters")
	}
	if err := ValidatePassword(in.Username, in.Password); err != nil {
		e := err.(*app.Error)
		fields["password"] = "invalid"
		msgs = append(msgs, e.Message)
		en = append(en, e.English)
	}
	if len(msgs) > 0 {
		return &app.Error{Code: app.Invalid, Message: strings.Join(msgs, "；"), English: strings.Join(en, "; "), Fields: fields}
	}
	return nil
}

// grantSummary describes a grant for audit rows and messages.
func grantSummary(g app.Grant) string {
	s := fmt.Sprintf("%s@%s", Roles.Label(g.Role, "zh"), ScopeKinds.Label(g.ScopeKind, "zh"))
	if g.ScopeName != "" {
		s += ":" + g.ScopeName
	}
	if g.FullID {
		s += "（可查看完整身份证号）"
	}
	return s
}
