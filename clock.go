package bondgenoten

import (
	"sync"
	"time"
)

// Clock tells the time. There is one per process: cmd/bondgenoten makes it
// and hands it to every service, the API server and the authorization
// enforcer, so "now" and "today" mean the same everywhere and a test can
// move all of them at once. A nil Clock is the system clock (see NowOn and
// TodayOn), so a zero-value service keeps working.
type Clock interface {
	Now() time.Time
}

// SystemClock is the computer's clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// ClockFunc adapts a function to a Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

// ClockOr returns c, or the system clock when c is nil.
func ClockOr(c Clock) Clock {
	if c == nil {
		return SystemClock{}
	}
	return c
}

// NowOn is the current instant on c (the system clock when nil) as it is
// stored: in UTC, at microsecond precision (PostgreSQL's).
func NowOn(c Clock) time.Time {
	return ClockOr(c).Now().UTC().Truncate(time.Microsecond)
}

// TodayOn is the current calendar day in Europe/Amsterdam on c (the system
// clock when nil).
func TodayOn(c Clock) Date { return DateOf(ClockOr(c).Now()) }

// TestClock is a clock a test sets and moves. It is safe for concurrent
// use: handlers, workers and the enforcer may read it while the test moves it.
type TestClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewTestClock returns a TestClock standing at t.
func NewTestClock(t time.Time) *TestClock { return &TestClock{now: t} }

// Now returns the time the clock stands at.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set puts the clock at t.
func (c *TestClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Advance moves the clock d forward (backward for d < 0).
func (c *TestClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// AddDays moves the clock n calendar days in Europe/Amsterdam, keeping the
// time of day (also across a change to or from summer time).
func (c *TestClock) AddDays(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	a := c.now.In(Amsterdam)
	c.now = time.Date(a.Year(), a.Month(), a.Day()+n, a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), Amsterdam)
}

// Noon is midday of d in Europe/Amsterdam: a safe instant to set a clock
// to when only the day matters.
func (d Date) Noon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, Amsterdam)
}
