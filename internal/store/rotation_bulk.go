package store

import (
	"context"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/rotation"
)

// BulkEducator is an educator to insert by BulkCreateEducators, with its
// sealed ID number and its career history.
type BulkEducator struct {
	Educator *people.Educator
	ID       SealedID
	Career   []people.CareerEntry
}

// BulkCreateEducators inserts many educators and their careers in a few
// statements, setting their IDs; for loading the demo city and large test
// and benchmark cities. Career rows name their school by SchoolID.
func (db *DB) BulkCreateEducators(ctx context.Context, es []BulkEducator) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		eds := make([]*people.Educator, len(es))
		ids := make([]SealedID, len(es))
		for i := range es {
			eds[i], ids[i] = es[i].Educator, es[i].ID
		}
		if err := db.CreateEducators(ctx, eds, ids); err != nil {
			return err
		}
		var ks []*people.CareerEntry
		for i := range es {
			for j := range es[i].Career {
				k := &es[i].Career[j]
				k.EducatorID = es[i].Educator.ID
				ks = append(ks, k)
			}
		}
		return db.CreateCareerEntries(ctx, ks)
	})
}

// BulkCreateExchanges inserts many exchanges as they stand (no steps, no
// career rows), for benchmark cities.
func (db *DB) BulkCreateExchanges(ctx context.Context, xs []*rotation.Exchange) error {
	rows := make([][]any, 0, len(xs))
	for _, x := range xs {
		rows = append(rows, []any{x.EducatorID, x.Post, x.Backbone, joinList(x.Subjects), x.Form, x.Relation, x.OriginSchoolID, x.HostSchoolID,
			x.Start, x.PlannedEnd, x.AnnouncedOn, x.ActualStart, x.Status, x.SchoolYear, x.CreatedBy, x.CreatedAt, x.UpdatedAt})
	}
	return db.insertRows(ctx, "rotation_exchanges", []string{"educator_id", "post", "backbone", "subjects", "form", "relation", "origin_school_id",
		"host_school_id", "start_date", "planned_end", "announced_on", "actual_start", "status", "school_year", "created_by", "created_at",
		"updated_at"}, rows)
}

// Analyze refreshes the query planner's statistics after a bulk load.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.db.ExecContext(ctx, "ANALYZE")
	return app.Wrap("store.Analyze", err)
}
