package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestAdmitReads: reads beyond the slots wait their turn in order of
// arrival, a write is not queued, and a reader who gives up leaves the queue
// without being served.
func TestAdmitReads(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var served []string
	g := &readGate{slots: make(chan struct{}, 1)}
	h := g.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, r.Method+" "+r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/first" {
			<-release
		}
	}))
	servedOf := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), served...)
	}
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); len(servedOf()) < n; {
			if time.Now().After(deadline) {
				t.Fatalf("served %v, want %d", servedOf(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}

	var wg sync.WaitGroup
	// get sends a read and, when it is to queue, returns once it is queued.
	get := func(ctx context.Context, path string, queued int64) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := httptest.NewRequest(http.MethodGet, path, nil).WithContext(ctx)
			h.ServeHTTP(httptest.NewRecorder(), r)
		}()
		for deadline := time.Now().Add(5 * time.Second); g.waiting.Load() < queued; {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not queue", path)
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(5 * time.Millisecond) // from counted to waiting on the slot
	}
	get(context.Background(), "/first", 0)
	waitFor(1)

	// Queued behind /first: one who gives up, then three in order.
	gone, giveUp := context.WithCancel(context.Background())
	get(gone, "/gone", 1)
	for i, p := range []string{"/a", "/b", "/c"} {
		get(context.Background(), p, int64(i+2))
	}
	giveUp()
	for deadline := time.Now().Add(5 * time.Second); g.waiting.Load() != 3; {
		if time.Now().After(deadline) {
			t.Fatal("the reader who gave up is still queued")
		}
		time.Sleep(time.Millisecond)
	}

	// A write and a probe of health pass the queue while the slot is taken.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/write", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if got := servedOf(); len(got) != 3 || got[1] != "POST /write" || got[2] != "GET /healthz" {
		t.Fatalf("with the slot taken, served %v; want the write and the probe served at once", got)
	}

	close(release)
	wg.Wait()
	want := []string{"GET /first", "POST /write", "GET /healthz", "GET /a", "GET /b", "GET /c"}
	got := servedOf()
	if len(got) != len(want) {
		t.Fatalf("served %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("served %v, want %v", got, want)
		}
	}
}
