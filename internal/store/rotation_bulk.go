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

// nextID returns one more than the largest id of a table.
func (db *DB) nextID(ctx context.Context, table string) (int64, error) {
	var id int64
	err := db.q(ctx).QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM `+table).Scan(&id)
	return id, app.Wrap("store.nextID", err)
}

// syncSequence moves a PostgreSQL identity past ids inserted explicitly.
func (db *DB) syncSequence(ctx context.Context, table string) error {
	if db.dialect.name != "postgres" {
		return nil
	}
	_, err := db.q(ctx).ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), (SELECT MAX(id) FROM `+table+`))`)
	return app.Wrap("store.syncSequence", err)
}

// BulkCreateEducators inserts many educators and their careers in a few
// statements, setting their IDs; for loading large test and benchmark
// cities. Career rows name their school by SchoolID.
func (db *DB) BulkCreateEducators(ctx context.Context, es []BulkEducator) error {
	return db.InTx(ctx, func(ctx context.Context) error {
		next, err := db.nextID(ctx, "educators")
		if err != nil {
			return err
		}
		now := db.clock.Now()
		rows := make([][]any, 0, len(es))
		var careers [][]any
		for i := range es {
			e, id := es[i].Educator, es[i].ID
			e.ID, e.CreatedAt, e.UpdatedAt, e.IDMasked = next, now, now, id.Masked
			e.Pinyin = people.SortKey(e.Name)
			next++
			rows = append(rows, []any{e.ID, id.Cipher, id.Lookup, id.Masked, e.Name, people.SearchKeys(e.Name), e.Pinyin, e.Gender, e.BirthDate,
				e.SchoolID, e.Post, joinList(e.Subjects), e.StaffStatus, e.Backbone, e.Title, joinList(e.Honours), e.JoinedSchool, e.PostSince,
				now, now})
			for _, k := range es[i].Career {
				careers = append(careers, []any{e.ID, k.SchoolID, k.Post, k.Kind, k.Start, k.End, k.Note})
			}
		}
		if err := db.insertRows(ctx, "educators", []string{"id", "id_cipher", "id_lookup", "id_masked", "name", "search_keys", "sort_key",
			"gender", "birth_date", "school_id", "post", "subjects", "staff_status", "backbone", "title", "honours", "joined_school", "post_since",
			"created_at", "updated_at"}, rows); err != nil {
			return err
		}
		if err := db.syncSequence(ctx, "educators"); err != nil {
			return err
		}
		return db.insertRows(ctx, "career_entries", []string{"educator_id", "school_id", "post", "kind", "start_date", "end_date", "note"}, careers)
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
