package store_test

import (
	"context"
	"strconv"
	"testing"

	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
	"jiaoliu/internal/store/storetest"
)

// FindEducatorsByLookups finds the educators of the keys it is given and
// only them, past the size of one query's list, whatever characters a key
// holds.
func TestFindEducatorsByLookups(t *testing.T) {
	storetest.Each(t, nil, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := storetest.NewWorld(t, db)
		var es []*people.Educator
		var ids []people.SealedID
		err := db.InTx(ctx, func(ctx context.Context) error {
			var err error
			es, ids, err = insertTeachers(ctx, t, db, w.A1.ID, 0, 3)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Keys that are no one's: many (more than one query's list), and
		// some with quotes, brackets and Chinese in them.
		keys := []string{ids[0].Lookup, `"]`, `a'b`, `[1,2]`, "张三", ids[2].Lookup}
		for i := range 12000 {
			keys = append(keys, "none-"+strconv.Itoa(i))
		}
		got, err := db.FindEducatorsByLookups(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[ids[0].Lookup] == nil || got[ids[2].Lookup] == nil {
			t.Fatalf("found %d: %v", len(got), got)
		}
		if got[ids[0].Lookup].ID != es[0].ID || got[ids[2].Lookup].Name != es[2].Name {
			t.Fatalf("found the wrong educators: %+v %+v", got[ids[0].Lookup], got[ids[2].Lookup])
		}
		if got, err := db.FindEducatorsByLookups(ctx, nil); err != nil || len(got) != 0 {
			t.Fatalf("no keys: %v %v", got, err)
		}
	})
}
