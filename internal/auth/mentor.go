package auth

import (
	"context"
	"crypto/rand"
	"fmt"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
)

// CreateProgrammeMentor creates the account of a mentor who often works
// outside the organisation tree (a host school's principal in another
// province) with one grant: mentor over the programme. Whoever manages the
// programme may do it, without the right to manage accounts in general;
// the account's home is the programme's organising unit, whose account
// managers may later reset or disable it. The password is generated and
// returned once; only its Argon2id hash is stored.
func (s *Service) CreateProgrammeMentor(ctx context.Context, programmeID int64, username, displayName string) (*User, string, error) {
	a := app.ActorOf(ctx)
	if err := Can(a, ProgrammeManage); err != nil {
		return nil, "", err
	}
	place, name, err := s.store.ScopePlace(ctx, ScopeProgramme, programmeID)
	if err != nil {
		return nil, "", err
	}
	if err := Decide(a, ProgrammeManage, place, "项目"); err != nil {
		return nil, "", err
	}
	password, err := newPassword()
	if err != nil {
		return nil, "", app.Wrap("auth.CreateProgrammeMentor", err)
	}
	in := UserCreate{Username: username, DisplayName: displayName, Password: password}
	if err := validateUserCreate(&in); err != nil {
		return nil, "", err
	}
	if _, err := s.store.FindUserByUsername(ctx, in.Username); err == nil {
		return nil, "", &app.Error{Code: app.Conflict, Message: "用户名“" + in.Username + "”已被使用",
			English: "The user name " + in.Username + " is taken", Fields: map[string]string{"username": "taken"}}
	} else if app.ErrorCode(err) != app.NotFound {
		return nil, "", err
	}
	hash, err := s.hashPassword(ctx, password)
	if err != nil {
		return nil, "", app.Wrap("auth.CreateProgrammeMentor", err)
	}
	now := s.clock.Now()
	u := &User{Username: in.Username, DisplayName: in.DisplayName, PasswordHash: hash, CityID: place.CityID, CountyID: place.CountyID,
		PasswordChangedAt: now, CreatedAt: now, UpdatedAt: now}
	g := app.Grant{Role: RoleMentor, ScopeKind: ScopeProgramme, ScopeID: programmeID, ScopeName: name, Place: place}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateUser(ctx, u); err != nil {
			return err
		}
		if err := s.store.CreateGrant(ctx, u.ID, &g, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Change{Action: "user.create", Entity: "user", EntityID: u.ID,
			Summary: fmt.Sprintf("为项目“%s”创建导师账号 %s（%s）", name, u.Username, u.DisplayName),
			After:   map[string]any{"username": u.Username, "display_name": u.DisplayName, "grant": grantSummary(g)}})
	})
	if err != nil {
		return nil, "", err
	}
	u.Grants = []app.Grant{g}
	return u, password, nil
}

// passwordAlphabet leaves out the letters and digits people confuse when
// a password is read out or copied by hand (0 O o, 1 l I).
const passwordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// newPassword returns a random 12-character initial password, each
// character drawn uniformly (bytes past the last whole multiple of the
// alphabet are drawn again).
func newPassword() (string, error) {
	limit := 256 - 256%len(passwordAlphabet)
	out := make([]byte, 0, 12)
	buf := make([]byte, 16)
	for len(out) < 12 {
		if _, err := rand.Read(buf); err != nil {
			return "", err
		}
		for _, c := range buf {
			if int(c) < limit && len(out) < 12 {
				out = append(out, passwordAlphabet[int(c)%len(passwordAlphabet)])
			}
		}
	}
	return string(out), nil
}
