package auth_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestLoginFloodIsCounted: 200 parallel wrong passwords for one account,
// from many addresses, evaluate no more passwords than the account's free
// failures; the rest wait, on both databases.
func TestLoginFloodIsCounted(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		w := storetest.NewWorld(t, db)
		svc := storetest.MustAuthService(t, db, audit.NewLog(db, clock), clock)
		user := w.Actors[auth.RoleCountyHR].Username
		var wg sync.WaitGroup
		codes := make(chan app.Code, 200)
		for i := range 200 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := svc.Login(context.Background(), auth.Attempt{Username: user, Password: "wrong-password",
					ClientAddr: "198.51.100." + strconv.Itoa(i%50)})
				codes <- app.ErrorCode(err)
			}()
		}
		wg.Wait()
		close(codes)
		count := map[app.Code]int{}
		for c := range codes {
			count[c]++
		}
		if got := svc.Evaluated(); got > auth.FreeFailures {
			t.Fatalf("%d passwords evaluated, limit %d (answers %v)", got, auth.FreeFailures, count)
		}
		if count[app.Unauthenticated] != int(svc.Evaluated()) || count[app.TooManyRequests] != 200-count[app.Unauthenticated] {
			t.Fatalf("answers %v, evaluated %d", count, svc.Evaluated())
		}
	})
}

// TestDeviceProvenLogin: while strangers keep an account slowed down, the
// browser that signed in to it before gets in with the right password.
func TestDeviceProvenLogin(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 9, 1, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		w := storetest.NewWorld(t, db)
		svc := storetest.MustAuthService(t, db, audit.NewLog(db, clock), clock)
		user := w.Actors[auth.RoleSchoolAdmin].Username
		ctx := context.Background()
		g, err := svc.Login(ctx, auth.Attempt{Username: user, Password: storetest.TestPassword, ClientAddr: "192.0.2.1"})
		if err != nil || g.Device == "" {
			t.Fatalf("first sign-in: %v", err)
		}
		for range 30 {
			svc.Login(ctx, auth.Attempt{Username: user, Password: "guess-guess", ClientAddr: "203.0.113.9"})
		}
		// A stranger, even with the right password, waits.
		if _, err := svc.Login(ctx, auth.Attempt{Username: user, Password: storetest.TestPassword, ClientAddr: "192.0.2.1"}); app.ErrorCode(err) != app.TooManyRequests {
			t.Fatalf("a client without the device cookie: %v", err)
		}
		// The proven device does not, even from the attacker's address.
		for _, addr := range []string{"192.0.2.1", "203.0.113.9"} {
			g2, err := svc.Login(ctx, auth.Attempt{Username: user, Password: storetest.TestPassword, ClientAddr: addr, Device: g.Device})
			if err != nil || g2.Device != g.Device {
				t.Fatalf("the proven device from %s: %v", addr, err)
			}
		}
		// Its cookie proves it for this account only, and a wrong password
		// from it is still counted.
		other := w.Actors[auth.RoleCountyHR].Username
		for range 30 {
			svc.Login(ctx, auth.Attempt{Username: other, Password: "guess-guess", ClientAddr: "203.0.113.9"})
		}
		if _, err := svc.Login(ctx, auth.Attempt{Username: other, Password: storetest.TestPassword, Device: g.Device, ClientAddr: "192.0.2.1"}); app.ErrorCode(err) != app.TooManyRequests {
			t.Fatalf("the device cookie of another account: %v", err)
		}
		for i := range auth.FreeFailures {
			if _, err := svc.Login(ctx, auth.Attempt{Username: user, Password: "typo-typo", Device: g.Device}); app.ErrorCode(err) != app.Unauthenticated {
				t.Fatalf("typo %d from the device: %v", i, err)
			}
		}
		if _, err := svc.Login(ctx, auth.Attempt{Username: user, Password: storetest.TestPassword, Device: g.Device}); app.ErrorCode(err) != app.TooManyRequests {
			t.Fatalf("the device after its own failures: %v", err)
		}
	})
}

// TestNewServiceRefusesBadParameters: parameters argon2id cannot hash stop
// the start with an error (the timing equaliser's hash is not dropped).
func TestNewServiceRefusesBadParameters(t *testing.T) {
	for _, p := range []auth.Argon2Params{{}, {MemoryKiB: 64, Time: 1}, {MemoryKiB: 64, Threads: 1}, {MemoryKiB: 4, Time: 1, Threads: 1}} {
		if svc, err := auth.NewService(nil, nil, nil, p); err == nil || svc != nil {
			t.Errorf("%+v: service %v, error %v", p, svc, err)
		}
	}
	if _, err := auth.HashPassword("x", storetest.CheapArgon2); err != nil {
		t.Fatal(err)
	}
}
