package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/calendar"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

const testToken = "test-operator-token"

// env is one running server on a real database, with the OpenAPI document
// every response is checked against.
type env struct {
	t      *testing.T
	db     *store.DB
	server *Server
	http   *httptest.Server
	router routers.Router
	// checked counts responses validated against the document, so a test
	// can prove the check ran.
	checked int
}

// testFrontend stands in for the Vite build: an index and one hashed asset.
var testFrontend = fstest.MapFS{
	"index.html":             {Data: []byte("<!doctype html><title>Bondgenoten</title>")},
	"assets/index-abc123.js": {Data: []byte("console.log('hi')")},
	"favicon.svg":            {Data: []byte("<svg/>")},
}

func setup(t *testing.T, db *store.DB) *env {
	t.Helper()
	tenants := tenanttest.Service(t, db)
	enforcer, err := authz.New(context.Background(), db, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	ids := &identity.Service{DB: db, Tenants: tenants, Policy: enforcer, Logger: discardLogger()}
	tenants.Admins, tenants.Auditor = ids, authz.TenantAudit{Clock: tenants.Clock}
	networks := &network.Service{DB: db, Tenants: tenants}
	ids.Networks = networks
	s := New(Config{
		DB: db, Tenants: tenants, Health: &health.Service{DB: db}, Identity: ids, Authz: enforcer,
		Networks: networks, Allies: &ally.Service{DB: db},
		Meetings: &meeting.Service{DB: db}, Calendar: &calendar.Service{DB: db},
		Logger: discardLogger(), OperatorToken: testToken, Frontend: testFrontend, BodyLimit: "64K",
		Metrics: nil,
	})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)

	return &env{t: t, db: db, server: s, http: srv, router: documentRouter(t, srv.URL)}
}

// documentRouter finds the OpenAPI route of a request to the server at base.
func documentRouter(t *testing.T, base string) routers.Router {
	t.Helper()
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	basePath, err := doc.Servers.BasePath() // /api/v1: the document's paths are relative to it
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = openapi3.Servers{{URL: base + basePath}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

// do sends a request. body may be nil, a string (sent as is) or a value
// (sent as JSON). Every response of a documented route must match the
// OpenAPI document, status code included.
func (e *env) do(method, path string, body any, header ...string) (*http.Response, []byte) {
	e.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.http.URL+path, reader)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	e.checkAgainstDocument(req, resp, got)
	return resp, got
}

func (e *env) checkAgainstDocument(req *http.Request, resp *http.Response, body []byte) {
	e.t.Helper()
	route, params, err := e.router.FindRoute(req)
	if err != nil {
		return // not a documented route (404/405 paths, probes, web app)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	e.checked++
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		e.t.Errorf("%s %s → %d does not match the OpenAPI document: %v\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
}

// operator returns the header pair that authenticates as operator.
func operator() []string { return []string{"Authorization", "Bearer " + testToken} }

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	return v
}

func (e *env) count(table string) int {
	e.t.Helper()
	n, err := e.db.Unscoped().NewSelect().Table(table).Count(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return int(n)
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// doRaw serves one request in process, without the document check.
func doRaw(s *Server, method, path string) *http.Response {
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec.Result()
}

// Files the API answers are checked for status and content type only.
func init() {
	for _, ct := range []string{"text/calendar", "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}
