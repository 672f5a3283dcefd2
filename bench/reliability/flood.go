package main

import (
	"fmt"
	"sync"
	"time"
)

// flood sends 200 parallel wrong passwords for one account and reports how
// many were evaluated (the audit log's login.failure rows: one per hash
// that failed), the answers, and the server's peak memory.
func (b *bench) flood() {
	const n = 200
	path := b.fresh("flood")
	b.user(path, "victim", "被攻击的账号", "victim-password-1")
	s := b.serve(path)
	defer s.stop()
	idle := s.peakRSS()
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, err := s.login(client(), "victim", "wrong-password")
			if err != nil {
				code = -1
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	peak := s.peakRSS()
	// The real owner, from a browser that signed in before the flood, would
	// still get in; a newcomer with the right password waits.
	newcomer, _ := s.login(client(), "victim", "victim-password-1")
	s.stop()
	evaluated := query(path, `SELECT COUNT(*) FROM audit_log WHERE action = 'login.failure' AND entity_id = 'victim'`)
	fmt.Printf("login flood: %d parallel wrong passwords for one account in %s\n", n, took.Round(time.Millisecond))
	fmt.Printf("  passwords evaluated: %d (free failures 5; then one per doubling delay)\n", evaluated)
	fmt.Printf("  answers: %v; the right password from a new browser right after: %d\n", codes, newcomer)
	fmt.Printf("  server peak RSS: %.0f MiB (idle %.0f MiB)\n", peak, idle)
}
