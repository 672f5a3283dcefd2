package staffing_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/staffing"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestRuralSpecialAllowance(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 9, 10, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		city := storetest.MustCreateCity(t, db, "榆林市")
		k := storetest.MustCreateCounty(t, db, city, "甲县")
		rural := storetest.MustCreateSchool(t, db, k, "乡村小学", func(s *org.School) { s.Location = "rural" })
		town := storetest.MustCreateSchool(t, db, k, "城区小学")
		backbone := func(e *people.Educator) { e.Backbone = "county_backbone" }
		atRural := storetest.MustCreateEducator(t, db, rural, "甲", backbone)
		atTown := storetest.MustCreateEducator(t, db, town, "乙", backbone)
		plain := storetest.MustCreateEducator(t, db, rural, "丙")
		svc := staffing.NewAllowanceService(db, audit.NewLog(db, clock), clock)
		hr := hrOf(k)
		in := func(ed *people.Educator, amount float64) staffing.AllowanceInput {
			return staffing.AllowanceInput{EducatorID: ed.ID, Kind: staffing.AllowanceRuralSpecial, Amount: amount, TownRate: 300, Payer: "甲县财政局",
				Start: app.NewDate(2026, 1, 1), End: app.NewDate(2026, 12, 31)}
		}
		// Exactly twice the town standard passes; a fen less does not.
		if _, err := svc.Create(hr, in(atRural, 600)); err != nil {
			t.Fatalf("twice the town rate: %v", err)
		}
		if _, err := svc.Create(hr, in(atRural, 599.99)); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("a fen below twice the town rate: %v", err)
		}
		if _, err := svc.Create(hr, in(plain, 800)); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("not a backbone teacher: %v", err)
		}
		if _, err := svc.Create(hr, in(atTown, 800)); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("a backbone teacher in town: %v", err)
		}
		// On exchange to the rural school during the period: entitled.
		if err := db.CreateCareerEntries(context.Background(), []*people.CareerEntry{{EducatorID: atTown.ID, SchoolID: rural.ID,
			Post: people.PostTeacher, Kind: people.CareerExchange, Start: app.NewDate(2025, 9, 1), End: app.NewDate(2028, 8, 31)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Create(hr, in(atTown, 800)); err != nil {
			t.Fatalf("a backbone teacher moved to the rural school: %v", err)
		}
		if _, err := svc.Create(hr, staffing.AllowanceInput{EducatorID: plain.ID, Kind: staffing.AllowanceTransport, Amount: 150.5, Payer: "甲县教育局",
			Start: app.NewDate(2026, 3, 1), End: app.NewDate(2026, 3, 31)}); err != nil {
			t.Fatal(err)
		}
		// Another year's allowance does not count in 2026.
		if _, err := svc.Create(hr, staffing.AllowanceInput{EducatorID: plain.ID, Kind: staffing.AllowanceAward, Amount: 1000, Payer: "甲县教育局",
			Start: app.NewDate(2025, 12, 1), End: app.NewDate(2025, 12, 1)}); err != nil {
			t.Fatal(err)
		}
		sums, err := svc.Sums(hr, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(sums) != 1 || sums[0].Total != 60000+80000+15050 || sums[0].ByKind[0] != 140000 || sums[0].People != 3 {
			t.Fatalf("sums %+v", sums[0])
		}
	})
}

func TestHousingAllocation(t *testing.T) {
	clock := app.NewFixedClock(time.Date(2026, 9, 10, 2, 0, 0, 0, time.UTC))
	storetest.Each(t, clock, func(t *testing.T, db *store.DB) {
		city := storetest.MustCreateCity(t, db, "榆林市")
		k := storetest.MustCreateCounty(t, db, city, "甲县")
		rural := storetest.MustCreateSchool(t, db, k, "乡村小学", func(s *org.School) { s.Location = "rural" })
		town := storetest.MustCreateSchool(t, db, k, "城区小学")
		ctx := context.Background()
		career := func(e *people.Educator, school *org.School, kind string, start, end app.Date) {
			if err := db.CreateCareerEntries(ctx, []*people.CareerEntry{{EducatorID: e.ID, SchoolID: school.ID, Post: people.PostTeacher,
				Kind: kind, Start: start, End: end}}); err != nil {
				t.Fatal(err)
			}
		}
		long := storetest.MustCreateEducator(t, db, rural, "老农")
		career(long, rural, people.CareerAppointment, app.NewDate(2010, 9, 1), app.Date{})
		short := storetest.MustCreateEducator(t, db, rural, "新农")
		career(short, rural, people.CareerAppointment, app.NewDate(2024, 9, 1), app.Date{})
		moved := storetest.MustCreateEducator(t, db, town, "支农")
		career(moved, town, people.CareerAppointment, app.NewDate(2012, 9, 1), app.Date{})
		career(moved, rural, people.CareerExchange, app.NewDate(2026, 9, 1), app.NewDate(2029, 8, 31))
		svc := staffing.NewHousingService(db, audit.NewLog(db, clock), clock)
		hr := hrOf(k)
		list, err := svc.Priority(hr, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].EducatorID != moved.ID || list[1].EducatorID != long.ID || list[0].WorkSchoolID != rural.ID {
			t.Fatalf("priority %+v", list)
		}
		u, err := svc.Create(hr, staffing.HousingInput{SchoolID: rural.ID, Name: "1号楼101", AreaM2: 45})
		if err != nil {
			t.Fatal(err)
		}
		day := app.NewDate(2026, 9, 5)
		// Passing over the first of the list needs a reason; someone not on it is refused.
		if _, err := svc.MoveIn(hr, u.ID, staffing.MoveInInput{EducatorID: long.ID, MoveIn: day}); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("passing over without a reason: %v", err)
		}
		if _, err := svc.MoveIn(hr, u.ID, staffing.MoveInInput{EducatorID: short.ID, MoveIn: day, Reason: "家远"}); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("someone not entitled: %v", err)
		}
		if _, err := svc.MoveIn(hr, u.ID, staffing.MoveInInput{EducatorID: moved.ID, MoveIn: day}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.MoveIn(hr, u.ID, staffing.MoveInInput{EducatorID: long.ID, MoveIn: day}); app.ErrorCode(err) != app.Conflict {
			t.Fatalf("a flat lived in: %v", err)
		}
		units, err := svc.Find(hr, staffing.HousingFilter{CountyID: k.ID})
		if err != nil || len(units) != 1 || units[0].Tenant == nil || units[0].Tenant.EducatorID != moved.ID || staffing.Occupied(units) != 1 {
			t.Fatalf("units %+v, %v", units, err)
		}
		// Housed, 支农 leaves the list; 老农 is first now.
		if list, _ = svc.Priority(hr, k.ID); len(list) != 1 || list[0].EducatorID != long.ID {
			t.Fatalf("priority once housed %+v", list)
		}
		if _, err := svc.MoveOut(hr, u.ID, staffing.MoveOutInput{MoveOut: app.NewDate(2026, 9, 1)}); app.ErrorCode(err) != app.Invalid {
			t.Fatalf("a move-out before the move-in: %v", err)
		}
		if _, err := svc.MoveOut(hr, u.ID, staffing.MoveOutInput{MoveOut: app.NewDate(2026, 9, 9)}); err != nil {
			t.Fatal(err)
		}
		if units, _ = svc.Find(hr, staffing.HousingFilter{CountyID: k.ID}); units[0].Tenant != nil {
			t.Fatalf("still lived in after the move-out: %+v", units[0].Tenant)
		}
	})
}
