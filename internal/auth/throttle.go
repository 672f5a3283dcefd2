package auth

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"time"

	"jiaoliu/internal/app"
)

// Login throttling (issue 16). Every attempt is counted before its password
// is hashed, under a row lock in the database, so parallel attempts and
// several server processes agree. The first FreeFailures failures of a key
// in a row cost nothing; after that each further attempt waits twice as long
// as the one before, up to MaxDelay: attempts slow down, nobody is locked
// out. A client that has signed in to the account before (its device
// cookie) is counted on its own, so strangers hammering an account or an
// address do not keep its owner out.
const (
	// FailureWindow is how long a counter stays quiet after its last delay
	// before it is forgotten.
	FailureWindow = 15 * time.Minute
	// FreeFailures is how many failures a key may have before attempts slow down.
	FreeFailures = 5
	// FreeAddrFailures is higher for a client address: a bureau's whole
	// office may share one.
	FreeAddrFailures = 20
	// MaxDelay is the longest wait between two attempts on one key.
	MaxDelay = 15 * time.Minute
)

// LoginCounter counts the failed sign-ins of one key: an account
// ("user:NAME"), a client address ("addr:IP") or a proven device
// ("device:HASH"). NextAt is the earliest time of the key's next attempt.
type LoginCounter struct {
	Key      string
	Failures int
	NextAt   time.Time
}

// delayAfter is the wait after the n-th failure of a key allowed free failures.
func delayAfter(n, free int) time.Duration {
	if n < free {
		return 0
	}
	if n-free >= 20 {
		return MaxDelay
	}
	return min(time.Second<<(n-free), MaxDelay)
}

// take reserves an attempt on c at now, counting it as a failure in
// advance (a success gives it back). It reports how long the caller must
// wait instead when the key is slowed down.
func (c *LoginCounter) take(now time.Time, free int) time.Duration {
	if !now.Before(c.NextAt.Add(FailureWindow)) {
		c.Failures = 0 // quiet long enough: forgotten
	}
	// Only a key past its free failures waits: below them NextAt is the
	// last attempt, and a concurrent attempt whose clock read came a moment
	// earlier must not be refused for it.
	if c.Failures >= free && now.Before(c.NextAt) {
		return c.NextAt.Sub(now)
	}
	c.Failures++
	c.NextAt = now.Add(delayAfter(c.Failures, free))
	return 0
}

func freeFor(key string) int {
	if strings.HasPrefix(key, "addr:") || strings.HasPrefix(key, GuessPrefix) {
		return FreeAddrFailures
	}
	return FreeFailures
}

// GuessPrefix begins the keys of Guess: lookups of a secret number (a
// certificate's) by a client address, counted like sign-ins.
const GuessPrefix = "guess:"

// Guess counts, in advance, one lookup of a secret by key (a client address,
// prefixed by the kind of secret) on the sign-in counters, so that every
// server process slows the same guesser alike. A key slowed down gets a
// TooManyRequests error naming the wait; otherwise found gives the lookup
// back when it found what it looked for: only misses count.
func (s *Service) Guess(ctx context.Context, key string) (found func(context.Context) error, err error) {
	key = GuessPrefix + truncate(key, 200)
	wait, err := s.reserve(ctx, []string{key}, s.clock.Now())
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		zh, en := waitText(wait)
		return nil, app.Errorf(app.TooManyRequests, "尝试过于频繁，请"+zh+"后再试", "Too many tries; try again in "+en)
	}
	return func(ctx context.Context) error { return s.store.UndoLoginFailure(ctx, key) }, nil
}

// reserve counts one attempt on every key before any password is hashed.
// When a key is slowed down nothing is counted and the wait is returned.
func (s *Service) reserve(ctx context.Context, keys []string, now time.Time) (time.Duration, error) {
	var wait time.Duration
	err := s.store.UpdateLoginCounters(ctx, keys, now, func(cs []*LoginCounter) error {
		wait = 0
		saved := make([]LoginCounter, len(cs))
		for i, c := range cs {
			saved[i] = *c
			wait = max(wait, c.take(now, freeFor(c.Key)))
		}
		if wait > 0 { // counted on none
			for i := range cs {
				*cs[i] = saved[i]
			}
		}
		return nil
	})
	return wait, err
}

// waitText says a wait in whole seconds, or minutes from two minutes on.
func waitText(wait time.Duration) (zh, en string) {
	secs := int((wait + time.Second - 1) / time.Second)
	if secs >= 120 {
		return fmt.Sprintf("%d分钟", (secs+59)/60), fmt.Sprintf("%d minutes", (secs+59)/60)
	}
	return fmt.Sprintf("%d秒", secs), fmt.Sprintf("%d seconds", secs)
}

func errSlowDown(wait time.Duration) error {
	zh, en := waitText(wait)
	return app.Errorf(app.TooManyRequests, "登录失败次数过多，请"+zh+"后再试", "Too many failed sign-ins; try again in "+en)
}

// newHashSlots makes the slots that bound how many Argon2 hashes run at once (each takes its
// memory cost, 46 MiB by default): a flood of attempts queues for a slot
// instead of exhausting the server's memory.
func newHashSlots() chan struct{} { return make(chan struct{}, max(1, runtime.NumCPU())) }

// checkPassword checks password against hash in a hash slot.
func (s *Service) checkPassword(ctx context.Context, hash, password string) (bool, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return false, app.Wrap("auth.checkPassword", ctx.Err())
	}
	defer func() { <-s.slots }()
	s.evaluated.Add(1)
	return CheckPassword(hash, password), nil
}

// hashPassword hashes a new password in a hash slot.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return "", app.Wrap("auth.hashPassword", ctx.Err())
	}
	defer func() { <-s.slots }()
	return HashPassword(password, s.argon)
}
