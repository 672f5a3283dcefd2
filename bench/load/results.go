package main

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// series is the latencies and errors of one kind of request.
type series struct {
	times  []time.Duration
	errors int
	sample string // the first error
	sorted bool
}

func (s *series) pct(p float64) time.Duration {
	if len(s.times) == 0 {
		return 0
	}
	if !s.sorted {
		slices.Sort(s.times)
		s.sorted = true
	}
	i := int(float64(len(s.times))*p/100+0.5) - 1
	return s.times[max(0, min(i, len(s.times)-1))]
}

// results gathers the mix's figures from every client.
type results struct {
	mu      sync.Mutex
	kinds   map[string]*series
	overall *series
	elapsed time.Duration
}

func newResults() *results { return &results{kinds: map[string]*series{}, overall: &series{}} }

func (r *results) add(kind string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := r.kinds[kind]
	if k == nil {
		k = &series{}
		r.kinds[kind] = k
	}
	for _, s := range []*series{k, r.overall} {
		s.times = append(s.times, d)
		if err != nil {
			s.errors++
			if s.sample == "" {
				s.sample = err.Error()
			}
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f", float64(d.Microseconds())/1000) }

func (r *results) print(clients int, d time.Duration) {
	secs := r.elapsed.Seconds()
	fmt.Printf("  mix: %d clients for %s: %d requests, %.0f req/s, %d errors\n", clients, d, len(r.overall.times),
		float64(len(r.overall.times))/secs, r.overall.errors)
	fmt.Printf("  %-38s %7s %7s %7s %7s %7s %6s\n", "kind", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors")
	names := make([]string, 0, len(r.kinds))
	for k := range r.kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range append(names, "all") {
		s := r.overall
		if k != "all" {
			s = r.kinds[k]
		}
		fmt.Printf("  %-38s %7d %7.1f %7s %7s %7s %6d\n", k, len(s.times), float64(len(s.times))/secs, ms(s.pct(50)), ms(s.pct(95)),
			ms(s.pct(99)), s.errors)
	}
	for _, k := range names {
		if s := r.kinds[k]; s.sample != "" {
			fmt.Printf("  first error of %s: %s\n", k, s.sample)
		}
	}
}
