package api

import (
	"net"
	"net/http/httptest"
	"testing"

	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// limitedEnv is a server that allows 12 public requests a minute per client
// (bursts of 10) and trusts X-Forwarded-For from trusted.
func limitedEnv(t *testing.T, db *store.DB, trusted []*net.IPNet) *env {
	tenants := tenanttest.Service(t, db)
	s := New(Config{
		DB: db, Tenants: tenants, Health: &health.Service{DB: db}, Identity: &identity.Service{DB: db, Tenants: tenants, Logger: discardLogger()},
		Logger: discardLogger(), Frontend: testFrontend, PublicRateLimit: 12, TrustedProxies: trusted,
	})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, db: db, server: s, http: srv, router: documentRouter(t, srv.URL)}
}

func TestPublicRoutesAreRateLimitedPerClient(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
		e := limitedEnv(t, db, []*net.IPNet{loopback})
		from := func(ip string) []string { return []string{"X-Forwarded-For", ip} }
		for i := range 10 {
			if resp, body := e.do("GET", "/api/v1/login/lookup?email=a%40b.nl", nil, from("203.0.113.5")...); resp.StatusCode == 429 {
				t.Fatalf("request %d of the burst refused: %s", i+1, body)
			}
		}
		resp, body := e.do("GET", "/api/v1/login/lookup?email=a%40b.nl", nil, from("203.0.113.5")...)
		p := decode[Problem](t, body)
		if resp.StatusCode != 429 || p.Code != "too_many_requests" || resp.Header.Get("Retry-After") != "5" {
			t.Fatalf("beyond the burst: %d %s Retry-After=%q", resp.StatusCode, body, resp.Header.Get("Retry-After"))
		}
		// The same client is limited on the other public routes too; another
		// client, and signed-in routes, are not.
		if resp, _ := e.do("GET", "/auth/utrecht/login", nil, from("203.0.113.5")...); resp.StatusCode != 429 {
			t.Fatalf("sign-in start from the limited client: %d", resp.StatusCode)
		}
		if resp, _ := e.do("GET", "/api/v1/tenants", nil, from("198.51.100.7")...); resp.StatusCode != 200 {
			t.Fatalf("another client: %d", resp.StatusCode)
		}
		if resp, _ := e.do("GET", "/api/v1/me", nil, from("203.0.113.5")...); resp.StatusCode != 401 {
			t.Fatalf("a signed-in route is not limited here: %d", resp.StatusCode)
		}
	})
}

func TestForwardedForIsIgnoredWithoutTrustedProxies(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := limitedEnv(t, db, nil)
		// Every request names a new client, but all come from 127.0.0.1.
		limited := 0
		for i := range 12 {
			resp, _ := e.do("GET", "/api/v1/tenants", nil, "X-Forwarded-For", net.IPv4(203, 0, 113, byte(i)).String())
			if resp.StatusCode == 429 {
				limited++
			}
		}
		if limited == 0 {
			t.Fatal("a client escaped the limit by sending X-Forwarded-For")
		}
	})
}
