package api

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// TestAPIResponsesAreNotStored sends a request to every route of the route
// table — signed in as a coordinator and anonymously, so successes and
// errors alike — plus the sign-in routes, the fallback and the calendar
// feed file: every response must say Cache-Control: no-store, except a
// successful API document.
func TestAPIResponsesAreNotStored(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	base, allies := utrechtNetwork(t, d)
	networkID := strings.TrimPrefix(base, "/api/v1/networks/")
	coord := d.browser()
	coord.login("coordinator@utrecht.demo")
	signedIn := &http.Client{Jar: coord.client.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	anonymous := &http.Client{CheckRedirect: signedIn.CheckRedirect}

	send := func(client *http.Client, method, path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, d.http.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}
	wantNoStore := func(what string, resp *http.Response, body string) {
		t.Helper()
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("%s → %d: Cache-Control %q; want no-store (%.120s)", what, resp.StatusCode, cc, body)
		}
	}

	params := map[string]string{
		":tenant": "utrecht", ":networkId": networkID, ":allyId": allies[0], ":token": "no-such-token",
	}
	fill := func(path string) string {
		parts := strings.Split(path, "/")
		for i, p := range parts {
			if !strings.HasPrefix(p, ":") {
				continue
			}
			if v, ok := params[p]; ok {
				parts[i] = v
			} else {
				parts[i] = uuid.NewString()
			}
		}
		return strings.Join(parts, "/")
	}
	statuses := map[int]int{}
	for _, r := range d.server.routes() {
		path := fill(r.path)
		for _, who := range []struct {
			name   string
			client *http.Client
			header []string
		}{{"signed in", signedIn, nil}, {"anonymous", anonymous, nil}, {"operator", anonymous, operator()}} {
			resp, body := send(who.client, r.method, path, who.header...)
			statuses[resp.StatusCode]++
			what := r.method + " " + r.path + " (" + who.name + ")"
			if r.operationID == "getOpenAPI" {
				if resp.StatusCode != 200 || strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
					t.Errorf("%s → %d, Cache-Control %q; the document is public and may be cached", what, resp.StatusCode, resp.Header.Get("Cache-Control"))
				}
				continue
			}
			wantNoStore(what, resp, body)
		}
	}
	if statuses[200] == 0 || statuses[401] == 0 {
		t.Fatalf("statuses %v: the sweep must include successes and refusals", statuses)
	}

	// The secret-bearing calendar feed file, served for real.
	resp, body := send(signedIn, "POST", "/api/v1/me/calendar-feed")
	feedURL := decode[struct{ URL string }](t, []byte(body)).URL
	resp, body = send(anonymous, "GET", strings.TrimPrefix(feedURL, d.http.URL))
	if resp.StatusCode != 200 {
		t.Fatalf("feed: %d %s", resp.StatusCode, body)
	}
	wantNoStore("calendar feed file", resp, body)

	// Sign-in routes, the API's 404 and 405, and a login redirect.
	for _, c := range []struct {
		client       *http.Client
		method, path string
	}{
		{anonymous, "GET", "/auth/utrecht/login?return_to=/organisaties"},
		{anonymous, "GET", "/auth/callback?state=x&code=y"},
		{signedIn, "POST", "/auth/logout"},
		{anonymous, "GET", "/api/v1/no-such-route"},
		{anonymous, "PATCH", "/api/v1/me"},
	} {
		resp, body := send(c.client, c.method, c.path)
		wantNoStore(c.method+" "+c.path, resp, body)
	}

	// Not the web app: its assets are cached on purpose.
	resp, _ = send(anonymous, "GET", "/assets/index-abc123.js")
	if cc := resp.Header.Get("Cache-Control"); strings.Contains(cc, "no-store") {
		t.Fatalf("web app asset: Cache-Control %q; want it cacheable", cc)
	}
}

// TestHSTSOnlyWithAnHTTPSPublicURL: behind a TLS-terminating load balancer
// the request itself is plain http, so the public URL decides.
func TestHSTSOnlyWithAnHTTPSPublicURL(t *testing.T) {
	for _, c := range []struct {
		publicURL, want string
	}{
		{"https://bondgenoten.example", "max-age=31536000; includeSubDomains"},
		{"http://127.0.0.1:8080", ""},
	} {
		u, _ := url.Parse(c.publicURL)
		s := New(Config{Logger: discardLogger(), PublicURL: u, Frontend: testFrontend})
		for _, path := range []string{"/healthz", "/", "/api/v1/openapi.json", "/api/v1/no-such-route"} {
			if got := doRaw(s, "GET", path).Header.Get("Strict-Transport-Security"); got != c.want {
				t.Errorf("%s %s: Strict-Transport-Security %q; want %q", c.publicURL, path, got, c.want)
			}
		}
	}
}
