package main

import (
	"context"
	"fmt"
	"time"

	"jiaoliu/internal/app"
	"jiaoliu/internal/store"
)

// homeRounds is how many times each account's home page is asked, one at
// a time, in each of the two ways homeCost compares.
const homeRounds = 15

// homeCost compares, on the same server and data, the home page of every
// demo account answered from the figures kept under the data versions
// (the overdue deadlines and the bell's count, notify's cache.go) with the
// same page when nothing is kept: the versions "deadlines" and "inbox" are
// bumped before each request, as a write would, so the figures are
// computed afresh as before they were kept. One request at a time, so
// that the figures are the page's own cost and not the queue's. It
// returns the mean time of a page each way.
func homeCost(srv *server, w *world, dsn string) (kept, fresh time.Duration, err error) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, app.SystemClock{})
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	bump := func() error {
		_, err := db.SQL().ExecContext(ctx, `UPDATE data_versions SET n = n + 1 WHERE name IN ('deadlines', 'inbox')`)
		return err
	}
	n := 0
	for _, group := range [][]string{teachers, hr, schools, city, others} {
		for _, u := range group {
			sess := w.by[u][0]
			home := func(took *time.Duration) error {
				start := time.Now()
				_, err := srv.do(sess, "GET", "/", nil, nil)
				*took += time.Since(start)
				return err
			}
			var untimed time.Duration
			if err := home(&untimed); err != nil { // warm
				return 0, 0, err
			}
			for range homeRounds {
				if err := home(&kept); err != nil {
					return 0, 0, err
				}
				if err := bump(); err != nil {
					return 0, 0, fmt.Errorf("bump the data versions: %w", err)
				}
				if err := home(&fresh); err != nil {
					return 0, 0, err
				}
				// The next kept page is computed once more, untimed.
				if err := home(&untimed); err != nil {
					return 0, 0, err
				}
				n++
			}
		}
	}
	return kept / time.Duration(n), fresh / time.Duration(n), nil
}
