package identity_test

import (
	"context"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// TestShortIdleTimeoutKeepsAnActiveSession: with a 5 s idle timeout, a
// request every 2 s keeps the session for as long as it goes on (last-seen
// must be refreshed often enough for any idle setting), and a pause longer
// than the idle timeout still ends it.
func TestShortIdleTimeoutKeepsAnActiveSession(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		e.ids.SessionIdle = 5 * time.Second
		ctx := context.Background()
		res := e.login("coordinator@utrecht.demo")
		for i := range 10 { // 20 s of fake time
			e.clock = e.clock.Add(2 * time.Second)
			if _, _, err := e.ids.Authenticate(ctx, res.SessionToken); err != nil {
				t.Fatalf("request %d, %s after login, with a request every 2 s: %v; want still signed in", i+1, time.Duration(i+1)*2*time.Second, err)
			}
		}
		e.clock = e.clock.Add(5*time.Second + time.Millisecond)
		if _, _, err := e.ids.Authenticate(ctx, res.SessionToken); bondgenoten.ErrorCode(err) != bondgenoten.EUNAUTHORIZED {
			t.Fatalf("after more than 5 s without a request: %v; want unauthorized", err)
		}
	})
}
