package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/pressly/goose/v3"

	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// openAtVersion opens a new database of dialect with the migrations up to
// version applied, as a database written by an earlier jiaoliu stands, so a
// test can write rows the old way and then run the later migrations.
func openAtVersion(t *testing.T, dialect string, version int64) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.DSN(t, dialect), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	gd := goose.DialectSQLite3
	if dialect == "postgres" {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, db.SQL(), os.DirFS("migrations/"+dialect))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		t.Fatal(err)
	}
	return db
}

// rawInsert runs an INSERT on db as an earlier jiaoliu wrote it, bypassing
// the store, and returns the new row's id.
func rawInsert(t *testing.T, db *store.DB) func(query string, args ...any) int64 {
	return func(query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.SQL().QueryRowContext(context.Background(), query+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return id
	}
}
