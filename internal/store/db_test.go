package store_test

import (
	"context"
	"testing"

	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

func TestMigrate(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ok, err := db.MigrationsCurrent(context.Background())
		if err != nil || !ok {
			t.Fatalf("migrations current = %v, %v; want true", ok, err)
		}
		// Migrating again is a no-op.
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
