package auth

import (
	"testing"
	"time"
)

// TestTakeOrder: two sign-ins that read the clock in one order and reach
// the counter in the other are both let through while the key has free
// failures left; past them, the earlier reading waits.
func TestTakeOrder(t *testing.T) {
	t0 := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	c := &LoginCounter{Key: "addr:127.0.0.1"}
	if wait := c.take(t0, FreeAddrFailures); wait != 0 {
		t.Fatalf("first attempt waits %v", wait)
	}
	if wait := c.take(t0.Add(-time.Millisecond), FreeAddrFailures); wait != 0 {
		t.Fatalf("an attempt whose clock read came a moment earlier waits %v", wait)
	}
	slow := &LoginCounter{Key: "user:li", Failures: FreeFailures, NextAt: t0.Add(time.Second)}
	if wait := slow.take(t0, FreeFailures); wait != time.Second {
		t.Fatalf("a key past its free failures waits %v, want 1s", wait)
	}
}
