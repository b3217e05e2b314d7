package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

type tenantBody struct {
	ID, Slug, Name, Kind, Region, Status string
}

type problemBody struct {
	Type, Title, Code, Detail, RequestID string
	Status                               int
	Errors                               map[string]string
}

func TestRoutesAndDocumentAgree(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("document is OpenAPI %s; want 3.1", doc.OpenAPI)
	}
	if base, err := doc.Servers.BasePath(); err != nil || base != documentBase || len(doc.Servers) != 1 {
		t.Fatalf("servers = %v (base path %q, %v); want the one server %s", doc.Servers, base, err, documentBase)
	}
	documented := map[string]string{} // "GET /x/{id}" → operationId
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[method+" "+path] = op.OperationID
		}
	}
	s := &Server{}
	served := map[string]bool{}
	for _, r := range s.routes() {
		if !strings.HasPrefix(r.path, documentBase+"/") {
			t.Errorf("route %s %s is not under the server URL %s", r.method, r.path, documentBase)
		}
		key := r.method + " " + echoToOpenAPIPath(r.path)
		served[key] = true
		if op, ok := documented[key]; !ok {
			t.Errorf("route %s is served but not in the OpenAPI document", key)
		} else if op != r.operationID {
			t.Errorf("route %s: operationId %q in document, %q in code", key, op, r.operationID)
		}
	}
	for key := range documented {
		if !served[key] {
			t.Errorf("%s is in the OpenAPI document but not served", key)
		}
	}
}

// documentBase is the URL of the document's one server: its paths are
// relative to it (the major version in the URL, NL API Design Rules API-20).
const documentBase = "/api/v1"

// echoToOpenAPIPath turns the route /api/v1/a/:id into the document's path
// /a/{id}.
func echoToOpenAPIPath(p string) string {
	parts := strings.Split(strings.TrimPrefix(p, documentBase), "/")
	for i, part := range parts {
		if strings.HasPrefix(part, ":") {
			parts[i] = "{" + part[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

func TestEveryRouteDeclaresAccess(t *testing.T) {
	for _, r := range (&Server{}).routes() {
		if r.access.scope == scopeNone {
			t.Errorf("%s %s declares no access (scope, category, action)", r.method, r.path)
		}
		if r.access.scope != scopePublic && (r.access.category == "" || r.access.action == "") {
			t.Errorf("%s %s declares a scope but no category and action", r.method, r.path)
		}
	}
}

func TestServedOpenAPIDocument(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	resp, body := e.do("GET", "/api/v1/openapi.json", nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("openapi.json: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if e.checked != 1 {
		t.Fatalf("responses checked against the document = %d; want 1", e.checked)
	}
	doc := decode[map[string]any](t, body)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi = %v", doc["openapi"])
	}
}

func TestProblemDetails(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	e.server.GET("/api/v1/test/panic", func(echo.Context) error { panic("test panic") })

	cases := []struct {
		name, method, path string
		body               any
		header             []string
		status             int
		code, title        string
	}{
		{"bad query", "GET", "/api/v1/tenants?limit=abc", nil, nil, 400, "invalid", "Ongeldige invoer"},
		{"bad query in English", "GET", "/api/v1/tenants?limit=0", nil, []string{"Accept-Language", "en-GB,en;q=0.9"}, 400, "invalid", "Invalid input"},
		{"unknown api route", "GET", "/api/v1/does-not-exist", nil, nil, 404, "not_found", "Niet gevonden"},
		{"unknown api route in English", "GET", "/api/v2/x", nil, []string{"Accept-Language", "en"}, 404, "not_found", "Not found"},
		{"unknown tenant", "GET", "/api/v1/operator/tenants/0195c8a0-0000-7000-8000-000000000000", nil, operator(), 404, "not_found", "Niet gevonden"},
		{"malformed tenant id", "GET", "/api/v1/operator/tenants/not-a-uuid", nil, operator(), 404, "not_found", "Niet gevonden"},
		{"wrong method", "DELETE", "/api/v1/tenants", nil, nil, 405, "method_not_allowed", "Methode niet toegestaan"},
		{"too large", "POST", "/api/v1/operator/tenants", `{"slug":"x","name":"` + strings.Repeat("a", 70_000) + `"}`, operator(), 413, "too_large", "Verzoek te groot"},
		{"not json", "POST", "/api/v1/operator/tenants", nil, append(operator(), "Content-Type", "text/plain"), 415, "unsupported_media_type", "Niet-ondersteund inhoudstype"},
		{"panic", "GET", "/api/v1/test/panic", nil, nil, 500, "internal", "Interne fout"},
		{"french falls back to Dutch", "GET", "/api/v1/nope", nil, []string{"Accept-Language", "fr"}, 404, "not_found", "Niet gevonden"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := e.do(c.method, c.path, c.body, c.header...)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d; want %d (%s)", resp.StatusCode, c.status, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q; want application/problem+json", ct)
			}
			p := decode[problemBody](t, body)
			if p.Code != c.code || p.Title != c.title || p.Status != c.status || p.Type == "" || p.RequestID == "" {
				t.Fatalf("problem = %+v; want code %s, title %q", p, c.code, c.title)
			}
			if p.RequestID != resp.Header.Get("X-Request-Id") {
				t.Fatalf("requestId %q differs from X-Request-Id %q", p.RequestID, resp.Header.Get("X-Request-Id"))
			}
			if c.status == 405 && resp.Header.Get("Allow") != "GET" {
				t.Fatalf("Allow = %q; want GET", resp.Header.Get("Allow"))
			}
			if c.status == 500 && strings.Contains(string(body), "test panic") {
				t.Fatal("500 leaks the panic message")
			}
		})
	}
}

func TestOperatorAPIRequiresToken(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	id := "0195c8a0-0000-7000-8000-000000000000"
	for _, r := range e.server.routes() {
		if r.access.scope != scopePlatform {
			continue
		}
		path := strings.NewReplacer(":tenantId", id, ":oversightId", id).Replace(r.path)
		var body any
		if r.method == "POST" || r.method == "PATCH" {
			body = map[string]string{"slug": "sneaky", "name": "Sneaky", "kind": "municipality"}
		}
		for _, hdr := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", testToken}} {
			resp, got := e.do(r.method, path, body, hdr...)
			if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s with %v: %d %s; want 401 with WWW-Authenticate", r.method, path, hdr, resp.StatusCode, got)
			}
		}
	}
	if n := e.count("tenants"); n != 0 {
		t.Fatalf("tenants = %d after unauthenticated writes; want 0", n)
	}
}

func TestOperatorAPIDisabledWithoutToken(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	e.server.cfg.OperatorToken = ""
	resp, _ := e.do("GET", "/api/v1/operator/tenants", nil, "Authorization", "Bearer ")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("empty token accepted: %d", resp.StatusCode)
	}
}

func TestTenantLifecycle(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		resp, body := e.do("POST", "/api/v1/operator/tenants", map[string]string{
			"slug": "utrecht", "name": "Gemeente Utrecht", "kind": "municipality", "region": "Midden-Nederland",
		}, operator()...)
		if resp.StatusCode != 201 {
			t.Fatalf("create: %d %s", resp.StatusCode, body)
		}
		created := decode[tenantBody](t, body)
		if resp.Header.Get("Location") != "/api/v1/operator/tenants/"+created.ID {
			t.Fatalf("Location = %q", resp.Header.Get("Location"))
		}
		resp, body = e.do("PATCH", "/api/v1/operator/tenants/"+created.ID, map[string]string{"status": "suspended"}, operator()...)
		if resp.StatusCode != 200 || decode[tenantBody](t, body).Status != "suspended" {
			t.Fatalf("patch: %d %s", resp.StatusCode, body)
		}
		resp, body = e.do("GET", "/api/v1/operator/tenants/"+created.ID, nil, operator()...)
		if got := decode[tenantBody](t, body); resp.StatusCode != 200 || got.Status != "suspended" || got.Region != "Midden-Nederland" {
			t.Fatalf("get: %d %s", resp.StatusCode, body)
		}
		// Suspended tenants leave the public directory but stay in the operator list.
		_, body = e.do("GET", "/api/v1/tenants", nil)
		if strings.Contains(string(body), "utrecht") {
			t.Fatalf("directory lists a suspended tenant: %s", body)
		}
		_, body = e.do("GET", "/api/v1/operator/tenants?status=suspended", nil, operator()...)
		if !strings.Contains(string(body), "utrecht") {
			t.Fatalf("operator list misses the tenant: %s", body)
		}
		resp, body = e.do("GET", "/api/v1/operator/tenants/"+created.ID+"/health", nil, operator()...)
		if resp.StatusCode != 200 {
			t.Fatalf("health: %d %s", resp.StatusCode, body)
		}
	})
}

func TestDirectoryShowsOnlyPublicFields(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	for i := range 3 {
		e.do("POST", "/api/v1/operator/tenants", map[string]string{
			"slug": fmt.Sprintf("gemeente-%d", i), "name": fmt.Sprintf("Gemeente %d", i), "kind": "municipality", "region": "Geheim",
		}, operator()...)
	}
	_, body := e.do("GET", "/api/v1/tenants?limit=2", nil)
	page := decode[struct {
		Items []map[string]any
		Next  *string
	}](t, body)
	if len(page.Items) != 2 || page.Next == nil {
		t.Fatalf("first page = %s; want 2 items and a next cursor", body)
	}
	for _, item := range page.Items {
		if len(item) != 3 || item["slug"] == nil || item["name"] == nil || item["kind"] == nil {
			t.Fatalf("directory entry %v; want exactly slug, name, kind", item)
		}
	}
	_, body = e.do("GET", "/api/v1/tenants?limit=2&cursor="+*page.Next, nil)
	last := decode[struct {
		Items []map[string]any
		Next  *string
	}](t, body)
	if len(last.Items) != 1 || last.Next != nil || last.Items[0]["slug"] != "gemeente-2" {
		t.Fatalf("second page = %s", body)
	}
}

func TestCreateTenantBadInputWritesNothing(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		e.do("POST", "/api/v1/operator/tenants", map[string]string{"slug": "zeist", "name": "Zeist", "kind": "municipality"}, operator()...)
		before, jobsBefore := e.count("tenants"), e.count("river_job")
		cases := []struct {
			name   string
			body   any
			status int
			fields []string
		}{
			{"unknown field", `{"slug":"ok-slug","name":"X","kind":"bureau","owner":"me"}`, 400, []string{"owner"}},
			{"wrong types", `{"slug":12,"name":true,"kind":"bureau"}`, 400, []string{"slug", "name"}},
			{"invalid slug", map[string]string{"slug": "Niet Goed!", "name": "X", "kind": "bureau"}, 400, []string{"slug"}},
			{"missing fields", `{}`, 400, []string{"slug", "name", "kind"}},
			{"bad enum", map[string]string{"slug": "ok-slug", "name": "X", "kind": "province", "status": "gone"}, 400, []string{"kind", "status"}},
			{"duplicate slug", map[string]string{"slug": "zeist", "name": "X", "kind": "municipality"}, 409, []string{"slug"}},
			{"malformed json", `{"slug":`, 400, []string{"body"}},
			{"array body", `[1,2]`, 400, []string{"body"}},
			{"trailing data", `{"slug":"a1","name":"X","kind":"bureau"} {}`, 400, []string{"body"}},
			{"case-variant key", `{"Slug":"ok-slug","name":"X","kind":"bureau"}`, 400, []string{"Slug", "slug"}},
			{"too long name", map[string]string{"slug": "ok-slug", "name": strings.Repeat("n", 201), "kind": "bureau"}, 400, []string{"name"}},
		}
		for _, c := range cases {
			resp, body := e.do("POST", "/api/v1/operator/tenants", c.body, operator()...)
			if resp.StatusCode != c.status || resp.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s; want %d problem+json", c.name, resp.StatusCode, body, c.status)
				continue
			}
			p := decode[problemBody](t, body)
			for _, f := range c.fields {
				if p.Errors[f] == "" {
					t.Errorf("%s: errors %v lack field %q", c.name, p.Errors, f)
				}
			}
		}
		// Oversized bodies are refused before they are read.
		resp, _ := e.do("POST", "/api/v1/operator/tenants", map[string]string{"slug": "big", "name": strings.Repeat("x", 100_000), "kind": "bureau"}, operator()...)
		if resp.StatusCode != 413 {
			t.Errorf("oversized: %d; want 413", resp.StatusCode)
		}
		resp, body := e.do("PATCH", "/api/v1/operator/tenants/"+firstTenantID(t, e), `{"slug":"renamed","name":""}`, operator()...)
		if p := decode[problemBody](t, body); resp.StatusCode != 400 || p.Errors["slug"] == "" || p.Errors["name"] == "" {
			t.Errorf("patch slug: %d %s; want 400 with slug and name errors", resp.StatusCode, body)
		}
		if after, jobsAfter := e.count("tenants"), e.count("river_job"); after != before || jobsAfter != jobsBefore {
			t.Fatalf("bad input wrote: tenants %d→%d, jobs %d→%d", before, after, jobsBefore, jobsAfter)
		}
		_, body = e.do("GET", "/api/v1/operator/tenants/"+firstTenantID(t, e), nil, operator()...)
		if decode[tenantBody](t, body).Slug != "zeist" || decode[tenantBody](t, body).Name != "Zeist" {
			t.Fatalf("tenant changed by refused patch: %s", body)
		}
	})
}

func firstTenantID(t *testing.T, e *env) string {
	t.Helper()
	var id string
	if err := e.db.Unscoped().NewSelect().Table("tenants").Column("id").Limit(1).Scan(context.Background(), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestFieldErrorsInEnglish(t *testing.T) {
	e := setup(t, storetest.Open(t, store.SQLite))
	_, body := e.do("POST", "/api/v1/operator/tenants", `{"slug":"x","kind":"bureau"}`, append(operator(), "Accept-Language", "en")...)
	p := decode[problemBody](t, body)
	if p.Errors["slug"] != "At least 2 characters." || p.Errors["name"] != "This field is required." {
		t.Fatalf("errors = %v", p.Errors)
	}
}
