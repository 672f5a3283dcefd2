package store

import (
	"context"
	"database/sql"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/auth"
)

const userColumns = `u.id, u.username, u.display_name, u.password_hash, u.disabled,
	COALESCE(u.educator_id, 0), COALESCE(c.city_id, 0), COALESCE(u.county_id, 0), COALESCE(c.name, ''),
	COALESCE(u.school_id, 0), COALESCE(s.name, ''), u.password_changed_at, u.created_at, u.updated_at`

const userFrom = ` FROM users u
	LEFT JOIN counties c ON c.id = u.county_id
	LEFT JOIN schools s ON s.id = u.school_id`

func scanUser(sc interface{ Scan(...any) error }) (*auth.User, error) {
	u := &auth.User{}
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.PasswordHash, &u.Disabled,
		&u.EducatorID, &u.CityID, &u.CountyID, &u.CountyName, &u.SchoolID, &u.SchoolName,
		&u.PasswordChangedAt, &u.CreatedAt, &u.UpdatedAt)
	return u, err
}

func (db *DB) findUser(ctx context.Context, cond string, arg any) (*auth.User, error) {
	u, err := scanUser(db.q(ctx).QueryRowContext(ctx, `SELECT `+userColumns+userFrom+` WHERE `+cond, arg))
	if err != nil {
		return nil, notFound(err, "账号")
	}
	gs, err := db.findGrants(ctx, []int64{u.ID})
	if err != nil {
		return nil, err
	}
	u.Grants = gs[u.ID]
	return u, nil
}

// FindUserByUsername returns the account with the (normalised) user name.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*auth.User, error) {
	return db.findUser(ctx, "u.username = $1", username)
}

// FindUserByID returns the account with the id.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*auth.User, error) {
	return db.findUser(ctx, "u.id = $1", id)
}

// findGrants returns the grants of the users, with their scopes resolved.
func (db *DB) findGrants(ctx context.Context, userIDs []int64) (map[int64][]app.Grant, error) {
	var w where
	w.in("g.user_id", userIDs)
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT g.id, g.user_id, g.role, g.scope_kind, g.scope_id, g.full_id,
		COALESCE(ci.id, co.city_id, sco.city_id, pr.city_id, 0), COALESCE(co.id, sc.county_id, pr.county_id, 0), COALESCE(sc.id, 0),
		COALESCE(pr.id, 0), COALESCE(ci.name, co.name, sc.name, pr.name, '')
		FROM grants g
		LEFT JOIN cities ci ON g.scope_kind = 'city' AND ci.id = g.scope_id
		LEFT JOIN counties co ON g.scope_kind = 'county' AND co.id = g.scope_id
		LEFT JOIN schools sc ON g.scope_kind = 'school' AND sc.id = g.scope_id
		LEFT JOIN counties sco ON sco.id = sc.county_id
		LEFT JOIN programmes pr ON g.scope_kind = 'programme' AND pr.id = g.scope_id`+w.sql()+` ORDER BY g.id`, w.args...)
	if err != nil {
		return nil, app.Wrap("store.findGrants", err)
	}
	defer rows.Close()
	out := map[int64][]app.Grant{}
	var programmes []int64
	for rows.Next() {
		var g app.Grant
		var uid int64
		if err := rows.Scan(&g.ID, &uid, &g.Role, &g.ScopeKind, &g.ScopeID, &g.FullID,
			&g.Place.CityID, &g.Place.CountyID, &g.Place.SchoolID, &g.Place.ProgrammeID, &g.ScopeName); err != nil {
			return nil, app.Wrap("store.findGrants", err)
		}
		if g.ScopeKind == auth.ScopeProgramme {
			programmes = append(programmes, g.ScopeID)
		}
		out[uid] = append(out[uid], g)
	}
	if err := rows.Err(); err != nil || len(programmes) == 0 {
		return out, app.Wrap("store.findGrants", err)
	}
	// A programme grant reaches its participants: resolve them now, so
	// that every access decision of the request sees the current list.
	members, err := db.programmeMembers(ctx, programmes)
	if err != nil {
		return nil, err
	}
	for _, gs := range out {
		for i := range gs {
			if gs[i].ScopeKind == auth.ScopeProgramme {
				gs[i].Members = members[gs[i].ScopeID]
			}
		}
	}
	return out, nil
}

// FindUsers lists accounts matching f with their total count. An account is
// within f.Within when its home (county, school) is; global accounts only
// for a scope that admits everything.
func (db *DB) FindUsers(ctx context.Context, f auth.UserFilter) ([]*auth.User, int, error) {
	var w where
	w.scope(f.Within, "c.city_id", "u.county_id", "u.school_id", "")
	if f.Q != "" {
		p := "%" + likeEscape(f.Q) + "%"
		w.add(`(u.username LIKE ? ESCAPE '\' OR u.display_name LIKE ? ESCAPE '\')`, p, p)
	}
	if f.Role != "" {
		w.add("EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id AND g.role = ?)", f.Role)
	}
	var total int
	if err := db.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*)`+userFrom+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, app.Wrap("store.FindUsers", err)
	}
	rows, err := db.q(ctx).QueryContext(ctx, `SELECT `+userColumns+userFrom+w.sql()+` ORDER BY u.username`+limitOffset(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, app.Wrap("store.FindUsers", err)
	}
	defer rows.Close()
	var users []*auth.User
	var ids []int64
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, app.Wrap("store.FindUsers", err)
		}
		users = append(users, u)
		ids = append(ids, u.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, app.Wrap("store.FindUsers", err)
	}
	if len(ids) > 0 {
		gs, err := db.findGrants(ctx, ids)
		if err != nil {
			return nil, 0, err
		}
		for _, u := range users {
			u.Grants = gs[u.ID]
		}
	}
	return users, total, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateUser inserts u and sets its ID. A taken user name is a conflict.
func (db *DB) CreateUser(ctx context.Context, u *auth.User) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO users
		(username, display_name, password_hash, disabled, educator_id, county_id, school_id, password_changed_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		u.Username, u.DisplayName, u.PasswordHash, u.Disabled, nullID(u.EducatorID), nullID(u.CountyID), nullID(u.SchoolID),
		u.PasswordChangedAt, u.CreatedAt, u.UpdatedAt).Scan(&u.ID)
	if isUniqueViolation(err) {
		return &app.Error{Code: app.Conflict, Message: "用户名 " + u.Username + " 已被使用", English: "The user name " + u.Username + " is taken",
			Fields: map[string]string{"username": "taken"}}
	}
	return app.Wrap("store.CreateUser", err)
}

func (db *DB) execOne(ctx context.Context, op, what, query string, args ...any) error {
	res, err := db.q(ctx).ExecContext(ctx, query, args...)
	n, err := changed(res, err, op)
	if err != nil {
		return err
	}
	if n == 0 {
		return app.ErrNotFound(what)
	}
	return nil
}

// SetUserDisabled sets the account's disabled flag.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool, at time.Time) error {
	return db.execOne(ctx, "store.SetUserDisabled", "账号", `UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3`, disabled, at, id)
}

// SetUserPassword stores a new password hash.
func (db *DB) SetUserPassword(ctx context.Context, id int64, hash string, at time.Time) error {
	return db.execOne(ctx, "store.SetUserPassword", "账号",
		`UPDATE users SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3`, hash, at, id)
}

// CreateGrant inserts g for the user and sets its ID.
func (db *DB) CreateGrant(ctx context.Context, userID int64, g *app.Grant, at time.Time) error {
	err := db.q(ctx).QueryRowContext(ctx, `INSERT INTO grants (user_id, role, scope_kind, scope_id, full_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, userID, g.Role, g.ScopeKind, g.ScopeID, g.FullID, at).Scan(&g.ID)
	if isUniqueViolation(err) {
		return app.Errorf(app.Conflict, "该账号已有此角色和范围", "The account already holds this role over this scope")
	}
	return app.Wrap("store.CreateGrant", err)
}

// DeleteGrant removes one grant of the user.
func (db *DB) DeleteGrant(ctx context.Context, userID, grantID int64) error {
	return db.execOne(ctx, "store.DeleteGrant", "授权", `DELETE FROM grants WHERE id = $1 AND user_id = $2`, grantID, userID)
}

// ScopePlace resolves a grant scope to its place in the tree and its name.
func (db *DB) ScopePlace(ctx context.Context, kind string, id int64) (app.Place, string, error) {
	var p app.Place
	var name string
	var err error
	switch kind {
	case auth.ScopeGlobal:
		return p, "", nil
	case auth.ScopeCity:
		err = db.q(ctx).QueryRowContext(ctx, `SELECT id, name FROM cities WHERE id = $1`, id).Scan(&p.CityID, &name)
	case auth.ScopeCounty:
		err = db.q(ctx).QueryRowContext(ctx, `SELECT city_id, id, name FROM counties WHERE id = $1`, id).Scan(&p.CityID, &p.CountyID, &name)
	case auth.ScopeSchool:
		err = db.q(ctx).QueryRowContext(ctx, `SELECT c.city_id, s.county_id, s.id, s.name FROM schools s JOIN counties c ON c.id = s.county_id WHERE s.id = $1`, id).
			Scan(&p.CityID, &p.CountyID, &p.SchoolID, &name)
	case auth.ScopeProgramme:
		err = db.q(ctx).QueryRowContext(ctx, `SELECT city_id, COALESCE(county_id, 0), id, name FROM programmes WHERE id = $1`, id).
			Scan(&p.CityID, &p.CountyID, &p.ProgrammeID, &name)
	default:
		err = sql.ErrNoRows
	}
	if err != nil {
		return p, "", notFound(err, "单位")
	}
	return p, name, nil
}
