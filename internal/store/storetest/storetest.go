package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/store"
)

// Dialects are the databases every store test runs on.
var Dialects = []string{"sqlite", "postgres"}

// DSN returns the connection string of a new, empty database of the dialect.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	switch dialect {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "jiaoliu.db")
	case "postgres":
		return PostgresURL(t)
	}
	t.Fatalf("unknown dialect %q", dialect)
	return ""
}

// Open returns a new, migrated database of the dialect, closed at the end of the test.
func Open(t testing.TB, dialect string, clock app.Clock) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, DSN(t, dialect), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// Each runs fn as a subtest on a fresh database of every dialect.
func Each(t *testing.T, clock app.Clock, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, Open(t, d, clock))
		})
	}
}
