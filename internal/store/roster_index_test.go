package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// indexDefs lists the indexes and triggers of the roster's bulk tables as
// the database defines them.
func indexDefs(t *testing.T, db *store.DB) []string {
	t.Helper()
	q := `SELECT name || ': ' || sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND tbl_name IN ('educators', 'career_entries') AND sql IS NOT NULL ORDER BY name`
	if db.Dialect() == store.Postgres {
		q = `SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename IN ('educators', 'career_entries')
			UNION ALL SELECT tgname || ': ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid IN ('educators'::regclass, 'career_entries'::regclass) AND NOT tgisinternal
			ORDER BY 1`
	}
	rows, err := db.SQL().QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var defs []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		defs = append(defs, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return defs
}

// A bulk insert into a small table (SQLite builds its read indexes again
// at commit, rather than row by row) leaves the tables with the indexes
// they had, whether the transaction commits or fails; and a duplicate ID
// number is still refused with its message, in the same transaction.
func TestBulkInsertKeepsIndexes(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		before := indexDefs(t, db)
		count := func() int {
			t.Helper()
			_, n, err := db.FindEducators(ctx, people.EducatorFilter{Within: app.Scope{All: true}})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		had := count()
		_, hadA1, err := db.FindEducators(ctx, people.EducatorFilter{Within: app.Scope{All: true}, SchoolID: w.A1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(before) < 2 {
			t.Fatalf("indexes before: %v", before)
		}
		insert := func(ctx context.Context, from, n int) ([]*people.Educator, error) {
			es, _, err := insertTeachers(ctx, t, db, w.A1.ID, from, n)
			return es, err
		}

		// A failed import: nothing of it stays, the indexes do.
		stop := errors.New("stop")
		err = db.InTx(ctx, func(ctx context.Context) error {
			if _, err := insert(ctx, 0, 50); err != nil {
				return err
			}
			return stop
		})
		if !errors.Is(err, stop) {
			t.Fatalf("failed import: %v", err)
		}
		if got := indexDefs(t, db); !slices.Equal(got, before) {
			t.Fatalf("indexes after a rollback:\n%v\nwant\n%v", got, before)
		}
		if n := count(); n != had {
			t.Fatalf("educators after a rollback: %d, want %d", n, had)
		}

		// A committed import: the indexes are there and serve the reads.
		var es []*people.Educator
		err = db.InTx(ctx, func(ctx context.Context) error {
			var err error
			es, err = insert(ctx, 0, 50)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := indexDefs(t, db); !slices.Equal(got, before) {
			t.Fatalf("indexes after a commit:\n%v\nwant\n%v", got, before)
		}
		found, n, err := db.FindEducators(ctx, people.EducatorFilter{Within: app.Scope{All: true}, SchoolID: w.A1.ID, Sort: "name"})
		if err != nil || n != hadA1+len(es) {
			t.Fatalf("educators of the school: %d %v", n, err)
		}
		for i := 1; i < len(found); i++ {
			if found[i-1].Pinyin > found[i].Pinyin {
				t.Fatalf("not in pinyin order: %s before %s", found[i-1].Pinyin, found[i].Pinyin)
			}
		}

		// A duplicate in a later statement of the same transaction.
		err = db.InTx(ctx, func(ctx context.Context) error {
			if _, err := insert(ctx, 100, 10); err != nil {
				return err
			}
			_, err := insert(ctx, 40, 20)
			return err
		})
		if app.ErrorCode(err) != app.Conflict || !strings.Contains(err.Error(), "身份证号已登记") {
			t.Fatalf("duplicate: %v", err)
		}
		if n := count(); n != had+len(es) {
			t.Fatalf("educators after a refused duplicate: %d, want %d", n, had+len(es))
		}
		if got := indexDefs(t, db); !slices.Equal(got, before) {
			t.Fatalf("indexes after a refused duplicate:\n%v\nwant\n%v", got, before)
		}
	})
}
