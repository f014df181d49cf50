package demo

import (
	"sync"
	"time"

	"github.com/wageguard/wageguard/ledger"
)

// Clock is the simulation's "now": the database the demo loads is opened
// with store.WithClock(clock.Now), so every transaction of a simulated day
// carries that day's instant, exactly as if it had happened then.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the instant the clock stands at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// at moves the clock to hour:00 of day d, Asia/Shanghai.
func (c *Clock) at(d ledger.Date, hour int) {
	t := d.Time()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, ledger.Shanghai)
}
