package web

import (
	"net/http"
	"runtime"
	"sync/atomic"
)

// admitReads lets at most n reads (GET and HEAD) run at once and queues the
// rest in the order they came. On a notice day hundreds of readers arrive
// together; unqueued, each of their database queries waits for a connection
// in no particular order, so a page that asks twenty questions waits twenty
// times while a one-question page waits once, and the slowest pages wait
// seconds. Queued first-come first-served, every read waits about as long as
// the crowd in front of it and then runs without contention. Writes are not
// queued: they are few, and an upload reads its body from the client while it
// runs. A reader who gives up leaves the queue.
func admitReads(n int, next http.Handler) http.Handler {
	g := &readGate{slots: make(chan struct{}, n)}
	return g.wrap(next)
}

// readGate is the queue of admitReads.
type readGate struct {
	slots   chan struct{}
	waiting atomic.Int64 // reads in the queue, for tests
}

func (g *readGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// A probe of health is answered at once, so that a balancer does
		// not take a busy server for a dead one.
		if !isRead(r) || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
			next.ServeHTTP(w, r)
			return
		}
		g.waiting.Add(1)
		select {
		case g.slots <- struct{}{}:
			g.waiting.Add(-1)
		case <-r.Context().Done():
			g.waiting.Add(-1)
			return
		}
		defer func() { <-g.slots }()
		next.ServeHTTP(w, r)
	})
}

// isRead reports whether r only reads (GET or HEAD): the requests the
// crowd makes, which are queued (admitReads) and see the data versions
// once (authenticate).
func isRead(r *http.Request) bool { return r.Method == http.MethodGet || r.Method == http.MethodHead }

// defaultReadSlots is how many reads run at once unless Config.ReadSlots says:
// enough to keep the processors and the database busy while one read waits
// on the other, few enough that the database's connections are not fought
// over. Measured with bench/load on 2 cores: 8 slots gave the best throughput
// and tail on both databases, 4 and 24 less.
func defaultReadSlots() int { return 4 * runtime.GOMAXPROCS(0) }
