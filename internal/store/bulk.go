package store

import (
	"context"
	"strings"

	"jiaoliu/internal/app"
)

// Bulk writes: multi-row statements of a few thousand parameters each, so
// that imports of 100,000 rows take a few statements per thousand rows.

// chunks calls fn for each slice of at most n items of s.
func chunks[T any](s []T, n int, fn func([]T) error) error {
	for len(s) > 0 {
		k := min(n, len(s))
		if err := fn(s[:k]); err != nil {
			return err
		}
		s = s[k:]
	}
	return nil
}

// insertRows runs INSERT INTO table (cols) VALUES (…), (…) for rows in
// batches that stay under both databases' limits on parameters.
func (db *DB) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := 30000 / len(cols)
	for start := 0; start < len(rows); start += per {
		batch := rows[start:min(start+per, len(rows))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
		args := make([]any, 0, len(batch)*len(cols))
		for i, r := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, r[j])
				b.WriteString(db.dialect.bulkMark(len(args)))
			}
			b.WriteByte(')')
		}
		if _, err := db.q(ctx).ExecContext(ctx, b.String(), args...); err != nil {
			return app.Wrap("store.insertRows "+table, err)
		}
	}
	return nil
}
