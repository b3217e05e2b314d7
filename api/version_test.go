package api

import (
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// semver is MAJOR.MINOR.PATCH with an optional pre-release and build.
var semver = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// TestAPIVersionHeader: every API response, success or error however it is
// written, says API-Version: info.version of the document (NL API Design
// Rules API-57), a semantic version (API-56) whose major is in the URL
// (API-20). Outside /api/ the header is not sent. (Every HTTP test also
// checks it: the document declares the header required on every response.)
func TestAPIVersionHeader(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	want := doc.Info.Version
	if !semver.MatchString(want) {
		t.Fatalf("info.version %q is not a semantic version", want)
	}
	if major := strings.SplitN(want, ".", 2)[0]; documentBase != "/api/v"+major {
		t.Fatalf("server URL %s does not carry major version %s of info.version %s", documentBase, major, want)
	}

	e := setup(t, storetest.Open(t, store.SQLite))
	e.server.GET("/api/v1/test/panic", func(echo.Context) error { panic("test panic") })
	create := map[string]string{"slug": "utrecht", "name": "Gemeente Utrecht", "kind": "municipality", "region": "Midden-Nederland"}
	crossSite := []string{"Cookie", "bg_session=x", "Sec-Fetch-Site", "cross-site"}
	cases := []struct {
		method, path string
		body         any
		header       []string
		status       int
	}{
		{"GET", "/api/v1/openapi.json", nil, nil, 200},
		{"GET", "/api/v1/tenants", nil, nil, 200},
		{"POST", "/api/v1/operator/tenants", create, operator(), 201},
		{"GET", "/api/v1/operator/tenants", nil, operator(), 200},
		{"HEAD", "/api/v1/tenants", nil, nil, 405}, // no body: the header alone
		{"GET", "/api/v1/tenants?limit=abc", nil, nil, 400},
		{"GET", "/api/v1/me", nil, nil, 401},
		{"POST", "/api/v1/networks", map[string]string{}, crossSite, 403},
		{"GET", "/api/v1/operator/tenants/0195c8a0-0000-7000-8000-000000000000", nil, operator(), 404},
		{"GET", "/api/v1/does-not-exist", nil, nil, 404},
		{"GET", "/api/v2/tenants", nil, nil, 404},
		{"DELETE", "/api/v1/tenants", nil, nil, 405},
		{"POST", "/api/v1/operator/tenants", `{"slug":"x","name":"` + strings.Repeat("a", 70_000) + `"}`, operator(), 413},
		{"POST", "/api/v1/operator/tenants", nil, append(operator(), "Content-Type", "text/plain"), 415},
		{"GET", "/api/v1/test/panic", nil, nil, 500},
	}
	for _, c := range cases {
		resp, body := e.do(c.method, c.path, c.body, c.header...)
		if resp.StatusCode != c.status {
			t.Errorf("%s %s → %d; want %d (%.200s)", c.method, c.path, resp.StatusCode, c.status, body)
		}
		if got := resp.Header.Get(headerAPIVersion); got != want {
			t.Errorf("%s %s → %d: API-Version %q; want %q", c.method, c.path, resp.StatusCode, got, want)
		}
	}

	// Refused by the public rate limit (a route middleware).
	limited := limitedEnv(t, storetest.Open(t, store.SQLite), nil)
	status := 0
	for range 20 {
		resp, _ := limited.do("GET", "/api/v1/tenants", nil)
		if status = resp.StatusCode; status == 429 {
			if got := resp.Header.Get(headerAPIVersion); got != want {
				t.Errorf("429: API-Version %q; want %q", got, want)
			}
			break
		}
	}
	if status != 429 {
		t.Errorf("the public rate limit never answered 429 (last %d)", status)
	}

	// Not the API: probes, the web app, sign-in.
	for _, path := range []string{"/healthz", "/", "/organisaties", "/auth/callback?state=x&code=y"} {
		resp, _ := e.do("GET", path, nil)
		if got := resp.Header.Get(headerAPIVersion); got != "" {
			t.Errorf("GET %s → %d: API-Version %q; want none outside /api/", path, resp.StatusCode, got)
		}
	}
}
