package store_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/store/storetest"
)

// Migration 00025 makes the consortia the roster named into managed
// records: each gets its kind from its members (middle when one teaches
// middle school) and, without a lead, its first urban member as lead; the
// schools keep their consortium, which rotation's "within a consortium"
// reads.
func TestMigrationManagesConsortia(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := openAtVersion(t, dialect, 22)
			now := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
			insert := rawInsert(t, db)
			city := insert(`INSERT INTO cities (name, created_at) VALUES ('市', $1)`, now)
			county := insert(`INSERT INTO counties (city_id, code, name, created_at) VALUES ($1, 'X', '甲区', $2)`, city, now)
			primary := insert(`INSERT INTO consortia (county_id, name) VALUES ($1, '东学区')`, county)
			middle := insert(`INSERT INTO consortia (county_id, name) VALUES ($1, '西片区')`, county)
			school := func(code, level, location string, k int64) int64 {
				return insert(`INSERT INTO schools (code, name, county_id, level, location, consortium_id, created_at, updated_at)
					VALUES ($1, $1, $2, $3, $4, $5, $6, $6)`, code, county, level, location, k, now)
			}
			school("P1", "primary", "rural", primary)
			p2 := school("P2", "primary", "urban", primary)
			m1 := school("M1", "junior", "urban", middle)
			school("M2", "primary", "rural", middle)
			if _, err := db.SQL().ExecContext(ctx, `UPDATE consortia SET lead_school_id = $1 WHERE id = $2`, m1, middle); err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for _, want := range []struct {
				id         int64
				kind       string
				lead       int64
				membersMin int
			}{{primary, "primary", p2, 2}, {middle, "middle", m1, 2}} {
				k, err := db.FindConsortiumByID(ctx, want.id)
				if err != nil {
					t.Fatal(err)
				}
				if k.Kind != want.kind || k.LeadSchoolID != want.lead || k.Members != want.membersMin {
					t.Errorf("consortium %s: kind %q lead %d members %d; want %q, %d, %d", k.Name, k.Kind, k.LeadSchoolID, k.Members,
						want.kind, want.lead, want.membersMin)
				}
			}
			sc, err := db.FindSchoolByID(ctx, p2)
			if err != nil || sc.ConsortiumID != primary || sc.Consortium != "东学区" {
				t.Errorf("the school's consortium after the migration: %d %q (%v)", sc.ConsortiumID, sc.Consortium, err)
			}
		})
	}
}
