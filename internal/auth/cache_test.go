package auth_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// TestCachedSessionEqualsFresh: after every kind of write to what a
// session's actor is made of, the service that keeps sessions (cache.go)
// gives the same actor, or the same refusal, as a new service that reads
// everything afresh.
func TestCachedSessionEqualsFresh(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		w := storetest.NewWorld(t, db)
		log := audit.NewLog(db, clock)
		svc := storetest.MustAuthService(t, db, log, clock)
		login := func(u *auth.User) string {
			g, err := svc.Login(context.Background(), auth.Attempt{Username: u.Username, Password: storetest.TestPassword, ClientAddr: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			return g.Token
		}
		school, hr := login(w.UserA1), login(w.Actors[auth.RoleCountyHR])
		other := login(w.UserA2)
		check := func(after string) {
			t.Helper()
			fresh := storetest.MustAuthService(t, db, log, clock)
			for _, token := range []string{school, hr, other} {
				for range 2 { // the second from the cache
					kept, keptErr := svc.Authenticate(context.Background(), token, "192.0.2.1")
					now, nowErr := fresh.Authenticate(context.Background(), token, "192.0.2.1")
					if !reflect.DeepEqual(kept, now) || app.ErrorCode(keptErr) != app.ErrorCode(nowErr) {
						t.Fatalf("after %s the kept session differs from a fresh one:\nkept  %+v %v\nfresh %+v %v", after, kept, keptErr, now, nowErr)
					}
				}
			}
		}
		exec := func(q string, args ...any) func() {
			return func() {
				if _, err := db.SQL().Exec(q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
		}
		admin := app.WithActor(context.Background(), &app.Actor{Username: "t-admin", UserID: w.Actors[auth.RoleAdmin].ID,
			Grants: w.Actors[auth.RoleAdmin].Grants})
		writes := []struct {
			name string
			do   func()
		}{
			{"nothing", func() {}},
			{"a minute passes (the session is touched)", func() { clock.Advance(2 * time.Minute) }},
			{"the account is renamed", exec(`UPDATE users SET display_name = '新名字' WHERE id = $1`, w.UserA1.ID)},
			{"a grant is added", func() {
				if _, err := svc.AddGrant(admin, w.UserA1.ID, app.Grant{Role: auth.RoleMentor, ScopeKind: auth.ScopeSchool, ScopeID: w.A1.ID}); err != nil {
					t.Fatal(err)
				}
			}},
			{"a grant changes", exec(`UPDATE grants SET full_id = $1 WHERE user_id = $2`, true, w.UserA1.ID)},
			{"a grant is removed", exec(`DELETE FROM grants WHERE user_id = $1 AND role = $2`, w.UserA1.ID, auth.RoleMentor)},
			{"the school is renamed", exec(`UPDATE schools SET name = '改名小学' WHERE id = $1`, w.A1.ID)},
			{"the school moves county", exec(`UPDATE schools SET county_id = $1 WHERE id = $2`, w.CountyB.ID, w.A1.ID)},
			{"the county moves city", func() {
				c := storetest.MustCreateCity(t, db, "另一市")
				exec(`UPDATE counties SET city_id = $1 WHERE id = $2`, c.ID, w.CountyA.ID)()
			}},
			{"a programme grant is added", func() {
				p := storetest.MustCreateProgramme(t, db, w.City, w.CountyB, "测试挂职", nil, w.EB1)
				exec(`INSERT INTO grants (user_id, role, scope_kind, scope_id, full_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
					w.UserA1.ID, auth.RoleMentor, auth.ScopeProgramme, p.ID, false, clock.Now())()
			}},
			{"a programme gains a participant", exec(`INSERT INTO programme_members (programme_id, educator_id, added_by, added_at)
				SELECT scope_id, $1, 'test', $2 FROM grants WHERE user_id = $3 AND scope_kind = 'programme'`, w.EA2.ID, clock.Now(), w.UserA1.ID)},
			{"a session ends", exec(`DELETE FROM sessions WHERE user_id = $1`, w.UserA2.ID)},
			{"the account is disabled", func() {
				if err := svc.SetDisabled(admin, w.Actors[auth.RoleCountyHR].ID, true); err != nil {
					t.Fatal(err)
				}
			}},
			{"half an hour passes", func() { clock.Advance(31 * time.Minute) }},
		}
		for _, wr := range writes {
			wr.do()
			check(wr.name)
		}
	})
}
