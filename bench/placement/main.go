// Command placement measures a programme's progress board (who is behind
// on the requirements, computed from the records) for 500 participants
// with 100 records each (by default) in SQLite, against a plain SELECT of
// those record rows alone. It prints the times and their ratio; it asserts
// nothing.
//
//	go run ./bench/placement [--participants 500] [--records 100] [--runs 5]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"jiaoliu/bench/internal/timing"
	"jiaoliu/internal/app"
	"jiaoliu/internal/audit"
	"jiaoliu/internal/auth"
	"jiaoliu/internal/placement"
	"jiaoliu/internal/programme"
	"jiaoliu/internal/secondment"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func main() {
	n := flag.Int("participants", 500, "participants of the programme")
	records := flag.Int("records", 100, "records of each participant")
	runs := flag.Int("runs", 5, "runs of each measurement")
	flag.Parse()
	if err := run(*n, *records, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench/placement:", err)
		os.Exit(1)
	}
}

func run(n, records, runs int) error {
	dir, err := os.MkdirTemp("", "jiaoliu-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	// A Friday six weeks into the batch.
	clock := app.NewFixedClock(time.Date(2026, 10, 9, 2, 0, 0, 0, time.UTC))
	db, err := store.OpenMigrated(ctx, "sqlite:"+filepath.Join(dir, "bench.db"), clock)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	p, err := load(ctx, db, n, records)
	if err != nil {
		return err
	}
	fmt.Printf("%s: %d participants, %d records each (%d rows); loaded in %s\n", db.Dialect().Name(), n, records, n*records,
		time.Since(start).Round(time.Millisecond))
	log := audit.NewLog(db, clock)
	progs := programme.NewService(db, log, clock)
	svc := placement.New(db, secondment.NewService(db, progs, nil, log, clock), progs, log, clock)
	admin := app.WithActor(ctx, &app.Actor{Username: "admin", Grants: []app.Grant{{Role: auth.RoleAdmin, ScopeKind: auth.ScopeGlobal}}})
	var rows, behind, plainRows int
	board := timing.Best(runs, func() error {
		b, err := svc.Board(admin, p.ID, false)
		if err == nil {
			rows, behind = len(b.Rows), b.Behind
		}
		return err
	})
	plain := timing.Best(runs, func() error {
		var err error
		plainRows, err = plainSelect(ctx, db, p.ID)
		return err
	})
	if board.Err != nil || plain.Err != nil {
		return fmt.Errorf("board: %v; plain: %v", board.Err, plain.Err)
	}
	fmt.Printf("  board: %d participants, %d behind, on %d requirements: %s\n", rows, behind, len(placement.RequirementSets[0].Items), board.D.Round(time.Microsecond))
	fmt.Printf("  plain SELECT of the %d record rows alone: %s\n", plainRows, plain.D.Round(time.Microsecond))
	fmt.Printf("  ratio board / plain SELECT of its rows: %.2f× (target under 2×)\n", float64(board.D)/float64(plain.D))
	return nil
}

// load makes a programme with one batch at one host, n participants placed
// there, seed [001]'s requirements, and records per participant: a plan,
// logs and observations by day, deliverables, and sign-ins besides.
func load(ctx context.Context, db *store.DB, n, records int) (*programme.Programme, error) {
	county, err := storetest.LoadCounty(ctx, db, n)
	if err != nil {
		return nil, err
	}
	now := db.Now()
	p := &programme.Programme{CityID: county.County.CityID, CountyID: county.County.ID, Details: programme.Details{Name: "基准挂职项目",
		Kind: programme.KindSecondment, Organiser: "基准", Start: app.NewDate(2026, 9, 1), End: app.NewDate(2027, 1, 15)}, CreatedBy: "bench", CreatedAt: now, UpdatedAt: now,
		Categories: []programme.Category{{Name: "学科骨干教师", Quota: n}}}
	if err := db.CreateProgramme(ctx, p); err != nil {
		return nil, err
	}
	b := &secondment.Batch{ProgrammeID: p.ID, Name: "第一期", Start: app.NewDate(2026, 9, 1), End: app.NewDate(2027, 1, 15),
		Quotas: []secondment.BatchQuota{{Category: "学科骨干教师", Capacity: n}}}
	if err := db.CreateBatch(ctx, b); err != nil {
		return nil, err
	}
	h := &secondment.Host{HostDetails: secondment.HostDetails{CityID: county.County.CityID, CountyID: county.County.ID,
		Name: "基准接收学校", Level: "middle"}, CreatedBy: "bench",
		CreatedAt: now, UpdatedAt: now}
	if err := db.CreateHost(ctx, h); err != nil {
		return nil, err
	}
	for i, in := range placement.RequirementSets[0].Items {
		r := &placement.Requirement{ProgrammeID: p.ID, Position: i + 1, Name: in.Name, Kind: in.Kind, Counts: in.Counts, Target: in.Target}
		if in.Kind == placement.Deadline {
			r.Due = p.Start.AddDays(placement.PlanDueDays)
		}
		if err := db.CreatePlacementRequirement(ctx, r); err != nil {
			return nil, err
		}
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM educators ORDER BY id LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	var eds []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		eds = append(eds, id)
	}
	rows.Close()
	types := placement.DeliverableTypes
	return p, db.InTx(ctx, func(ctx context.Context) error {
		for i, e := range eds {
			if err := db.CreateMember(ctx, &programme.Member{ProgrammeID: p.ID, EducatorID: e, Category: "学科骨干教师", AddedBy: "bench", AddedAt: now}); err != nil {
				return err
			}
			if err := db.SavePlacement(ctx, &secondment.Placement{ProgrammeID: p.ID, EducatorID: e, BatchID: b.ID,
				HostAssignment: secondment.HostAssignment{HostID: h.ID}, UpdatedBy: "bench", UpdatedAt: now}); err != nil {
				return err
			}
			keys, err := db.FindPlacementKeys(ctx, 0, e)
			if err != nil {
				return err
			}
			id := keys[0].ID
			for j := 0; j < records; j++ {
				r := &placement.Record{PlacementID: id, Date: p.Start.AddDays(j / 3), Version: 1, CreatedBy: "bench", CreatedAt: now, UpdatedBy: "bench", UpdatedAt: now}
				switch {
				case j == 0:
					r.Kind, r.Body = placement.KindPlan, "计划"
				case j%3 == 1 && j/3 < 40:
					r.Kind, r.Body = placement.KindLog, "上午听课，下午教研"
					r.Date = p.Start.AddDays(j/3 + i%2) // one log a day
				case j%10 == 9:
					r.Kind, r.Type, r.Topic, r.Body = placement.KindDeliverable, types[(i+j)%len(types)].Code, "成果", "正文"
					r.Chars = 100 * (j + i%30)
				default:
					r.Kind, r.Subject, r.Teacher = placement.KindObservation, "数学", "周老师"
				}
				if err := db.CreatePlacementRecord(ctx, r); err != nil {
					return fmt.Errorf("record %d of %d: %w", j, i, err)
				}
			}
			for d := 0; d < 25+i%10; d++ {
				if err := db.CreatePlacementSignIn(ctx, &placement.Attendance{PlacementID: id, Date: p.Start.AddDays(d), SignedBy: "bench", SignedAt: now}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// plainSelect reads the programme's record rows as they are, with the
// columns progress needs, unsummed.
func plainSelect(ctx context.Context, db *store.DB, programmeID int64) (int, error) {
	rows, err := db.SQL().QueryContext(ctx, `SELECT placement_id, kind, type, day, chars FROM placement_records
		WHERE placement_id IN (SELECT id FROM placements WHERE programme_id = $1)`, programmeID)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var kind, typ string
		var day app.Date
		var chars int
		if err := rows.Scan(&id, &kind, &typ, &day, &chars); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}
