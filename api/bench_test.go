package api

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// The benchmarks below serve requests in process (s.ServeHTTP with a
// recorder), so they measure the whole middleware chain, the handler and the
// database, but no sockets. They use b.Loop, which runs each benchmark
// function once and resets the timer on its first call: the seeding before
// the loop is neither repeated nor measured.

// benchEachDialect runs fn as a sub-benchmark per dialect on its own fresh
// database; the PostgreSQL half is skipped when BONDGENOTEN_TEST_POSTGRES is
// unset.
func benchEachDialect(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) { fn(b, storetest.Open(b, d)) })
	}
}

// benchServer builds the server as serve --workers=false does: an
// insert-only River client, so jobs are written but never run.
func benchServer(b *testing.B, db *store.DB) (*Server, *tenant.Service) {
	b.Helper()
	tenants := tenanttest.Service(b, db)
	s := New(Config{
		DB: db, Tenants: tenants, Health: &health.Service{DB: db},
		Logger: discardLogger(), OperatorToken: testToken, Frontend: testFrontend, BodyLimit: "64K",
	})
	return s, tenants
}

// BenchmarkTenantDirectory is the login page's search: the first page of the
// public directory at national scale.
func BenchmarkTenantDirectory(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, db *store.DB) {
		s, tenants := benchServer(b, db)
		tenanttest.SeedNational(b, tenants, false)
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/tenants?limit=100", nil))
			if rec.Code != http.StatusOK {
				b.Fatalf("directory: %d %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkCreateTenant is the operator creating a tenant: validation, the
// insert and the provisioning job in one transaction.
func BenchmarkCreateTenant(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, db *store.DB) {
		s, _ := benchServer(b, db)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			body := fmt.Sprintf(`{"slug":"bench-%d","name":"Gemeente Bank %d","kind":"municipality","region":"Limburg"}`, i, i)
			req := httptest.NewRequest(http.MethodPost, "/api/v1/operator/tenants", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+testToken)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Fatalf("create %d: %d %s", i, rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkProblemResponse is the cost of the middleware chain and a
// problem+json answer alone: an unknown API route touches no database.
func BenchmarkProblemResponse(b *testing.B) {
	s := New(Config{Logger: discardLogger(), OperatorToken: testToken, Frontend: testFrontend})
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/does-not-exist", nil))
		if rec.Code != http.StatusNotFound {
			b.Fatalf("unknown route: %d %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkLoginRoundTrip is one whole sign-in as a browser makes it, over
// HTTP on loopback: our /auth/{tenant}/login, the built-in OpenID provider's
// authorize step (login_hint: no page), our callback with the code exchange,
// ID-token verification, provisioning and a new session, then the landing page.
func BenchmarkLoginRoundTrip(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, db *store.DB) {
		srv, _, _ := newDemoServer(b, db)
		start := srv.URL + "/auth/utrecht/login?return_to=/organisaties&login_hint=coordinator%40utrecht.demo"
		b.ReportAllocs()
		for b.Loop() {
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Jar: jar}
			resp, err := client.Get(start)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/organisaties" {
				b.Fatalf("login ended at %s with %d", resp.Request.URL, resp.StatusCode)
			}
		}
	})
}
