package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver jiaoliu uses for PostgreSQL
	_ "modernc.org/sqlite"             // the driver jiaoliu uses for SQLite

	"jiaoliu/internal/app"
	"jiaoliu/internal/people"
	"jiaoliu/internal/store"
)

// listPages is how many pages of 50 the educator list calls spread over.
const listPages = 10

// listThroughput calls the educator list API as county HR (county1's
// sessions) from n callers for d and returns the answers per second.
func listThroughput(srv *server, w *world, n int, d time.Duration) (float64, error) {
	done, err := callers(n, d, 3, func(i int, r *rand.Rand) error {
		sess := w.by["county1"][i%len(w.by["county1"])]
		code, err := srv.do(sess, "GET", fmt.Sprintf("/api/v1/educators?per_page=50&page=%d", 1+r.IntN(listPages)), nil, nil)
		if err == nil && code != 200 {
			err = fmt.Errorf("educator list: %d", code)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	return float64(done) / d.Seconds(), nil
}

// callers calls call from n goroutines, the i-th with its own random source
// seeded (i, seed), again and again until d has passed or its call fails.
// It answers how many calls succeeded, and a failure if any call failed.
func callers(n int, d time.Duration, seed uint64, call func(i int, r *rand.Rand) error) (int64, error) {
	var done atomic.Int64
	var failed atomic.Value
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), seed))
			for time.Now().Before(stop) {
				if err := call(i, r); err != nil {
					failed.Store(err)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if err, ok := failed.Load().(error); ok {
		return done.Load(), err
	}
	return done.Load(), nil
}

// bare is the throughput of the educator list's SQL run bare.
type bare struct {
	driver string
	rate   float64
}

// bareThroughput runs the SQL the educator list runs for county HR of the
// demo's first county (store.EducatorListSQL: the count and the page, every
// column scanned) from n callers for d, with the driver and the connection
// settings jiaoliu uses, and no HTTP, access check or JSON.
func bareThroughput(dsn string, n int, d time.Duration) (bare, error) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, app.SystemClock{})
	if err != nil {
		return bare{}, err
	}
	defer db.Close()
	b := bare{driver: "modernc.org/sqlite"}
	if !strings.HasPrefix(dsn, "sqlite:") {
		b.driver = "pgx"
	}
	var county int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT county_id FROM users WHERE username = 'county1'`).Scan(&county); err != nil {
		return b, fmt.Errorf("county1's county: %w", err)
	}
	done, err := callers(n, d, 5, func(_ int, r *rand.Rand) error {
		f := people.EducatorFilter{Within: app.Scope{CountyIDs: []int64{county}}, Limit: 50, Offset: 50 * r.IntN(listPages)}
		return listBare(ctx, db.SQL(), f)
	})
	if err != nil {
		return b, err
	}
	b.rate = float64(done) / d.Seconds()
	return b, nil
}

// listBare runs the count and the page and scans every column of every row.
func listBare(ctx context.Context, db *sql.DB, f people.EducatorFilter) error {
	count, page, args := store.EducatorListSQL(f)
	var total int
	if err := db.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, page, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}
