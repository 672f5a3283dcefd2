// Package timing measures the benchmark commands' repeated calls: the best
// of several runs, so that a cold cache or a busy machine does not count.
package timing

import (
	"slices"
	"time"
)

// Timing is the fastest duration of a measured call, or the error that
// stopped it.
type Timing struct {
	D   time.Duration
	Err error
}

// Best is the fastest of runs calls of f; the first error stops it.
func Best(runs int, f func() error) Timing {
	var ds []time.Duration
	for range runs {
		start := time.Now()
		if err := f(); err != nil {
			return Timing{Err: err}
		}
		ds = append(ds, time.Since(start))
	}
	return Timing{D: slices.Min(ds)}
}
