package store_test

import (
	"context"
	"testing"
	"time"

	"jiaoliu/internal/org"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store/storetest"
)

// TestMigrationCutsOldMasks: a database written when masks kept the last
// four characters (which, beside the birth date, rebuilt the number) keeps
// only the region after migration 00008.
func TestMigrationCutsOldMasks(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) { testMigrationCutsOldMasks(t, dialect) })
	}
}

func testMigrationCutsOldMasks(t *testing.T, dialect string) {
	ctx := context.Background()
	// The database as it stood before migration 00008.
	db := openAtVersion(t, dialect, 7)
	city := storetest.MustCreateCity(t, db, "市")
	county := storetest.MustCreateCounty(t, db, city, "区")
	// The school as the schema of then holds it (no classes nor pupils yet).
	school := &org.School{Code: "S1", Name: "一中", CountyID: county.ID, CityID: city.ID, Level: "primary", Location: "urban"}
	school.ID = rawInsert(t, db)(`INSERT INTO schools (code, name, county_id, level, location, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, school.Code, school.Name, county.ID, school.Level, school.Location, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	e := storetest.MustCreateEducator(t, db, school, "张三")
	// The row as an earlier version wrote it, and the migration not yet run.
	if _, err := db.SQL().ExecContext(ctx, `UPDATE educators SET id_masked = '110105********002X' WHERE id = $1`, e.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindEducatorByID(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.IDMasked != "110105************" {
		t.Fatalf("after migration the mask is %q", got.IDMasked)
	}
	if got.IDMasked != people.MaskIDNumber("11010519491231002X") {
		t.Fatalf("the migrated mask %q is not the one new rows get", got.IDMasked)
	}
}
