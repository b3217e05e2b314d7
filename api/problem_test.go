package api

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// pgProxy forwards TCP connections to PostgreSQL until cut, so a test can
// take the database away from a running server the way an outage does:
// open connections break and new ones are refused.
type pgProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	cut    bool
}

func newPGProxy(t *testing.T, target string) *pgProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln, target: target}
	go p.accept()
	t.Cleanup(p.cutOff)
	return p
}

func (p *pgProxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		if p.cut {
			p.mu.Unlock()
			_ = c.Close()
			_ = up.Close()
			return
		}
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); _ = up.Close() }()
		go func() { _, _ = io.Copy(c, up); _ = c.Close() }()
	}
}

// cutOff stops listening (new connections are refused) and breaks every
// open connection.
func (p *pgProxy) cutOff() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = true
	_ = p.ln.Close()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

// TestDatabaseOutageAnswers503 runs the demo server on PostgreSQL through a
// proxy, signs in, then cuts the database off: public and signed-in routes
// must answer 503 unavailable with Retry-After, never 500 internal.
func TestDatabaseOutageAnswers503(t *testing.T) {
	base := os.Getenv(storetest.PostgresEnv)
	if base == "" {
		t.Skip("SKIPPING POSTGRESQL: set " + storetest.PostgresEnv)
	}
	admin := storetest.Open(t, store.Postgres)
	ctx := context.Background()
	var schema string
	if err := admin.Unscoped().QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	if u.Port() == "" {
		target = net.JoinHostPort(u.Hostname(), "5432")
	}
	proxy := newPGProxy(t, target)
	u.Host = proxy.ln.Addr().String()
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })

	d := setupDemo(t, db)
	b := d.browser()
	b.login("coordinator@utrecht.demo")
	if resp, body := b.get("/api/v1/me"); resp.StatusCode != 200 {
		t.Fatalf("me before the outage: %d %s", resp.StatusCode, body)
	}

	proxy.cutOff()

	// Plain requests: the document lists no 503, and this is about the status.
	get := func(path string, withSession bool) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", d.http.URL+path, nil)
		req.Header.Set("Accept-Language", "en")
		client := &http.Client{Timeout: 15 * time.Second}
		if withSession {
			client = b.client
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	for _, c := range []struct {
		path    string
		session bool
	}{
		{"/api/v1/tenants", false},                           // public
		{"/api/v1/login/lookup?email=a@utrecht.demo", false}, // public
		{"/api/v1/me", true},                                 // signed in: the session lookup fails
		{"/api/v1/me/sessions", true},
		{"/readyz", false},
	} {
		resp, body := get(c.path, c.session)
		p := decode[problemBody](t, []byte(body))
		if resp.StatusCode != http.StatusServiceUnavailable || p.Code != "unavailable" {
			t.Errorf("%s during the outage: %d %s; want 503 unavailable", c.path, resp.StatusCode, body)
			continue
		}
		if resp.Header.Get("Retry-After") != "5" {
			t.Errorf("%s: Retry-After = %q; want 5", c.path, resp.Header.Get("Retry-After"))
		}
		if p.Title != "Temporarily unavailable" {
			t.Errorf("%s: title %q", c.path, p.Title)
		}
	}
	// Signing out while the session cannot be ended says so, instead of
	// redirecting as if it had worked and leaving the session usable.
	b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req, _ := http.NewRequest("POST", d.http.URL+"/auth/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("sign-out during the outage: %d; want 503", resp.StatusCode)
	}
}

// TestUnmappedDriverErrorsAreClassified: an error that reaches the error
// handler straight from the driver, without the store's mapping, is still
// recognised as an outage; other raw errors stay 500.
func TestUnmappedDriverErrorsAreClassified(t *testing.T) {
	s := New(Config{Logger: discardLogger()})
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	s.GET("/api/v1/test-outage", func(c echo.Context) error { return refused })
	s.GET("/api/v1/test-bug", func(c echo.Context) error { return errors.New("nil map") })
	if resp := doRaw(s, "GET", "/api/v1/test-outage"); resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "5" {
		t.Fatalf("raw dial error: %d Retry-After=%q; want 503 with Retry-After 5", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp := doRaw(s, "GET", "/api/v1/test-bug")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 500 || resp.Header.Get("Retry-After") != "" || !strings.Contains(string(body), `"internal"`) {
		t.Fatalf("other raw error: %d %s; want 500 internal without Retry-After", resp.StatusCode, body)
	}
}
