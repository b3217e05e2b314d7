package api

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func TestOversightAPI(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		create := func(slug, kind string) string {
			resp, body := e.do("POST", "/api/v1/operator/tenants", map[string]string{"slug": slug, "name": slug, "kind": kind}, operator()...)
			if resp.StatusCode != 201 {
				t.Fatalf("create %s: %s", slug, body)
			}
			return decode[tenantBody](t, body).ID
		}
		bureau, town := create("bureau-rvs", "bureau"), create("zeist", "municipality")
		resp, body := e.do("POST", "/api/v1/operator/oversight", map[string]string{
			"bureauId": bureau, "tenantId": town, "startsOn": "2026-01-01", "grantedBy": "Operator (fictief)",
		}, operator()...)
		if resp.StatusCode != 201 {
			t.Fatalf("create oversight: %d %s", resp.StatusCode, body)
		}
		o := decode[struct {
			ID     string
			Active bool
			EndsOn *string
		}](t, body)
		// An operator only asks: the relation waits for the town's consent.
		if o.Active || o.EndsOn != nil || !strings.Contains(string(body), `"status":"pending"`) {
			t.Fatalf("new relation = %s; want pending, open-ended", body)
		}

		bad := []struct {
			name   string
			body   string
			status int
			field  string
		}{
			{"bad date", `{"bureauId":"` + bureau + `","tenantId":"` + town + `","startsOn":"2026-13-01","grantedBy":"x"}`, 400, "startsOn"},
			{"bad uuid", `{"bureauId":"nope","tenantId":"` + town + `","startsOn":"2026-01-01","grantedBy":"x"}`, 400, "bureauId"},
			{"swapped kinds", `{"bureauId":"` + town + `","tenantId":"` + bureau + `","startsOn":"2026-01-01","grantedBy":"x"}`, 400, "bureauId"},
			{"duplicate", `{"bureauId":"` + bureau + `","tenantId":"` + town + `","startsOn":"2026-02-01","grantedBy":"x"}`, 409, "tenantId"},
		}
		for _, c := range bad {
			resp, body := e.do("POST", "/api/v1/operator/oversight", c.body, operator()...)
			if p := decode[problemBody](t, body); resp.StatusCode != c.status || p.Errors[c.field] == "" {
				t.Errorf("%s: %d %s; want %d with a %s error", c.name, resp.StatusCode, body, c.status, c.field)
			}
		}
		if n := e.count("oversight"); n != 1 {
			t.Fatalf("oversight rows = %d; want 1", n)
		}

		resp, body = e.do("PATCH", "/api/v1/operator/oversight/"+o.ID, map[string]string{"endsOn": "2026-01-02"}, operator()...)
		if resp.StatusCode != 200 || strings.Contains(body2s(body), `"active":true`) {
			t.Fatalf("revoke: %d %s", resp.StatusCode, body)
		}
		resp, body = e.do("PATCH", "/api/v1/operator/oversight/"+o.ID, map[string]string{"endsOn": "2025-01-01"}, operator()...)
		if p := decode[problemBody](t, body); resp.StatusCode != 400 || p.Errors["endsOn"] == "" {
			t.Fatalf("end before start: %d %s", resp.StatusCode, body)
		}
		_, body = e.do("GET", "/api/v1/operator/oversight?bureauId="+bureau, nil, operator()...)
		if !strings.Contains(body2s(body), `"endsOn":"2026-01-02"`) {
			t.Fatalf("list: %s", body)
		}
		resp, _ = e.do("GET", "/api/v1/operator/oversight?bureauId=xyz", nil, operator()...)
		if resp.StatusCode != 400 {
			t.Fatalf("bad filter: %d; want 400", resp.StatusCode)
		}
		resp, _ = e.do("GET", "/api/v1/operator/oversight/"+o.ID, nil, operator()...)
		if resp.StatusCode != 200 {
			t.Fatalf("get: %d", resp.StatusCode)
		}
	})
}

func body2s(b []byte) string { return string(b) }

func TestReadyz(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		if resp, body := e.do("GET", "/readyz", nil); resp.StatusCode != 200 {
			t.Fatalf("readyz: %d %s", resp.StatusCode, body)
		}
		if resp, _ := e.do("GET", "/healthz", nil); resp.StatusCode != 200 {
			t.Fatalf("healthz: %d", resp.StatusCode)
		}
		_ = db.Close() // the database is gone
		resp, body := e.do("GET", "/readyz", nil)
		if resp.StatusCode != 503 || decode[problemBody](t, body).Code != "unavailable" {
			t.Fatalf("readyz without database: %d %s; want 503 unavailable", resp.StatusCode, body)
		}
		if resp, _ := e.do("GET", "/healthz", nil); resp.StatusCode != 200 {
			t.Fatalf("healthz must not depend on the database: %d", resp.StatusCode)
		}
	})
}

func TestReadyzWithPendingMigrations(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db, err := store.Open(context.Background(), storetest.URL(t, d))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			s := New(Config{DB: db, Logger: discardLogger()})
			rec := doRaw(s, "GET", "/readyz")
			if rec.StatusCode != 503 {
				t.Fatalf("readyz on an unmigrated database: %d; want 503", rec.StatusCode)
			}
		})
	}
}

func TestWebApp(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	cases := []struct {
		path, wantBody, wantCache string
		status                    int
	}{
		{"/", "<title>Bondgenoten</title>", "no-cache", 200},
		{"/organisaties/utrecht", "<title>Bondgenoten</title>", "no-cache", 200}, // SPA fallback
		{"/assets/index-abc123.js", "console.log", "public, max-age=31536000, immutable", 200},
		{"/favicon.svg", "<svg/>", "public, max-age=3600", 200},
		{"/assets/missing-123.js", "not_found", "", 404},
	}
	for _, c := range cases {
		resp, body := e.do("GET", c.path, nil)
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.wantBody) || resp.Header.Get("Cache-Control") != c.wantCache {
			t.Errorf("GET %s: %d cache %q body %.60s; want %d cache %q containing %q", c.path, resp.StatusCode, resp.Header.Get("Cache-Control"), body, c.status, c.wantCache, c.wantBody)
		}
	}
	if resp, _ := e.do("GET", "/", nil); !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Error("web app served without a Content-Security-Policy")
	}
	// Without demo mode the built-in identity provider does not exist at all.
	for _, p := range []string{"/dev-idp/.well-known/openid-configuration", "/dev-idp/login", "/auth/nope"} {
		if resp, _ := e.do("GET", p, nil); resp.StatusCode != 404 {
			t.Errorf("GET %s without demo mode: %d; want 404", p, resp.StatusCode)
		}
	}
	if resp, _ := e.do("POST", "/organisaties", "{}"); resp.StatusCode != 404 {
		t.Errorf("POST to a page: %d; want 404", resp.StatusCode)
	}
}

func TestWebAppNotBuilt(t *testing.T) {
	s := New(Config{DB: storetest.Open(t, store.SQLite), Logger: discardLogger()})
	resp := doRaw(s, "GET", "/")
	if resp.StatusCode != 200 {
		t.Fatalf("GET / without a build: %d", resp.StatusCode)
	}
}

func TestMetrics(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	e.do("GET", "/api/v1/tenants", nil)
	_, body := e.do("GET", "/metrics", nil)
	for _, want := range []string{`bondgenoten_http_request_duration_seconds_bucket{code="200",host="",method="GET",url="/api/v1/tenants"`, `bondgenoten_http_requests_total`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestGracefulShutdownFinishesInFlightRequest: a request that is running when
// shutdown starts still gets its full answer, and new connections are refused.
func TestGracefulShutdownFinishesInFlightRequest(t *testing.T) {
	s := New(Config{DB: storetest.Open(t, store.SQLite), Logger: discardLogger()})
	started := make(chan struct{})
	s.GET("/api/v1/test/slow", func(c echo.Context) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		return c.String(http.StatusOK, "finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := s.HTTPServer(ln.Addr().String())
	go func() { _ = srv.Serve(ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/api/v1/test/slow")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b := make([]byte, 64)
		n, _ := resp.Body.Read(b)
		done <- result{status: resp.StatusCode, body: string(b[:n])}
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	r := <-done
	if r.err != nil || r.status != 200 || r.body != "finished" {
		t.Fatalf("in-flight request: %+v; want 200 finished", r)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Fatal("server still accepts requests after shutdown")
	}
}
