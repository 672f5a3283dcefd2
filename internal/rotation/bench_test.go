package rotation_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/rotation"
	"jiaoliu/internal/store/storetest"
)

// BenchmarkRotation measures the list of who must rotate and the quota
// dashboard on a city of JIAOLIU_BENCH_EDUCATORS educators (100,000 by
// default), on both databases. The city is loaded once per database.
func BenchmarkRotation(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("JIAOLIU_BENCH_EDUCATORS")); err == nil && v > 0 {
		n = v
	}
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			clock := app.NewFixedClock(time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC))
			db := storetest.Open(b, dialect, clock)
			city, err := storetest.LoadCity(context.Background(), db, n)
			if err != nil {
				b.Fatal(err)
			}
			svc := rotation.NewService(db, audit.NewLog(db, clock), clock)
			ctx := app.WithActor(context.Background(), &app.Actor{Username: "city",
				Grants: []app.Grant{{Role: auth.RoleCity, ScopeKind: auth.ScopeCity, ScopeID: city.City.ID}}})
			b.Run("eligibility", func(b *testing.B) {
				for b.Loop() {
					if _, _, err := svc.FindEligible(ctx, rotation.EligibleFilter{AsOf: app.NewDate(2026, time.September, 1)}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("dashboard", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.FindDashboard(ctx, rotation.DashboardFilter{Year: 2026}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("county-dashboard", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.FindDashboard(ctx, rotation.DashboardFilter{Year: 2026, CountyID: city.Counties[0].ID}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
