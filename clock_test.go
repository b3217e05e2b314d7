package bondgenoten_test

import (
	"sync"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
)

func TestClocks(t *testing.T) {
	// Half past midnight in Amsterdam in winter is still yesterday in UTC.
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	c := bondgenoten.NewTestClock(at)
	if got := bondgenoten.TodayOn(c); got != (bondgenoten.Date{Year: 2027, Month: 1, Day: 1}) {
		t.Errorf("TodayOn = %s; want 2027-01-01 (Amsterdam, not UTC)", got)
	}
	c.Advance(time.Hour)
	if got := c.Now(); !got.Equal(at.Add(time.Hour)) {
		t.Errorf("after Advance: %v", got)
	}
	// AddDays keeps the time of day across the change to summer time.
	c.Set(time.Date(2026, 3, 28, 9, 0, 0, 0, bondgenoten.Amsterdam))
	c.AddDays(1)
	if got := c.Now().In(bondgenoten.Amsterdam); got.Day() != 29 || got.Hour() != 9 {
		t.Errorf("AddDays across summer time: %v; want 29 March 09:00", got)
	}
	if got := bondgenoten.NowOn(c); got.Location() != time.UTC {
		t.Errorf("NowOn is not in UTC: %v", got)
	}
	// A nil clock is the system clock.
	if got := bondgenoten.NowOn(nil); time.Since(got) > time.Minute || time.Until(got) > time.Minute {
		t.Errorf("NowOn(nil) = %v", got)
	}
	if bondgenoten.TodayOn(nil) != bondgenoten.Today() {
		t.Error("TodayOn(nil) is not Today()") // flaky only at midnight
	}
	d := bondgenoten.Date{Year: 2026, Month: 7, Day: 1}
	if bondgenoten.DateOf(d.Noon()) != d {
		t.Errorf("Noon of %s is on %s", d, bondgenoten.DateOf(d.Noon()))
	}

	// Safe for concurrent use (run with -race).
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				c.Advance(time.Second)
				_ = bondgenoten.TodayOn(c)
			}
		})
	}
	wg.Wait()
}
