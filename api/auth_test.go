package api

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/calendar"
	"github.com/bondgenoten/bondgenoten/demo"
	"github.com/bondgenoten/bondgenoten/devidp"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// demoEnv is the whole product as `serve --demo` wires it: demo tenants,
// the built-in identity provider at /dev-idp, SSO for every tenant.
type demoEnv struct {
	*env
	ids *identity.Service
}

func setupDemo(t *testing.T, db *store.DB) *demoEnv {
	t.Helper()
	srv, s, ids := newDemoServer(t, db)
	e := &env{t: t, db: db, server: s, http: srv}
	e.router = documentRouter(t, srv.URL) // browsers' API responses are checked against the document
	return &demoEnv{env: e, ids: ids}
}

// newDemoServer wires the server as `serve --demo` does, on an httptest
// server whose URL is the public URL.
func newDemoServer(tb testing.TB, db *store.DB) (*httptest.Server, *Server, *identity.Service) {
	tb.Helper()
	ctx := context.Background()
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	tb.Cleanup(srv.Close)
	publicURL, _ := url.Parse(srv.URL)

	tenants := tenanttest.Service(tb, db)
	enforcer, err := authz.New(ctx, db, discardLogger())
	if err != nil {
		tb.Fatal(err)
	}
	keys, _ := secret.ParseKeyring(demo.SecretKey)
	ids := &identity.Service{DB: db, Keys: keys, Tenants: tenants, Policy: enforcer, Logger: discardLogger()}
	tenants.Admins, tenants.Auditor = ids, authz.TenantAudit{Clock: tenants.Clock}
	if err := demo.Seed(ctx, tenants); err != nil {
		tb.Fatal(err)
	}
	networks := &network.Service{DB: db, Tenants: tenants}
	ids.Networks = networks
	if err := demo.SeedNetworks(ctx, networks, tenants); err != nil {
		tb.Fatal(err)
	}
	if err := demo.SeedSSO(ctx, tenants, ids, srv.URL); err != nil {
		tb.Fatal(err)
	}
	idp, err := demo.IdentityProvider(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	s := New(Config{
		DB: db, Tenants: tenants, Health: &health.Service{DB: db}, Identity: ids, Authz: enforcer, Networks: networks,
		Allies: &ally.Service{DB: db, Keys: keys}, Meetings: &meeting.Service{DB: db}, Calendar: &calendar.Service{DB: db},
		Logger: discardLogger(), PublicURL: publicURL, DevIDP: idp, OperatorToken: testToken, Frontend: testFrontend,
		Jobs: jobsUIStand,
	})
	handler = s
	return srv, s, ids
}

// jobsUIStand stands in for River UI behind the guard (the guard is what
// the tests check; River UI itself is River's).
var jobsUIStand = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("river ui " + r.Method))
})

// browser is a person's browser: cookies, redirects followed within our
// server and its built-in identity provider.
type browser struct {
	t      *testing.T
	client *http.Client
	base   string
	env    *env // checks API responses against the OpenAPI document
}

func (d *demoEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: d.t, base: d.http.URL, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}, env: d.env}
}

// login signs in as a demo user through the real OIDC round trip; the
// login_hint makes the demo provider skip its page.
func (b *browser) login(email string) {
	b.t.Helper()
	resp, body := b.get("/auth/" + strings.Split(strings.Split(email, "@")[1], ".")[0] + "/login?return_to=/organisaties&login_hint=" + url.QueryEscape(email))
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/organisaties" {
		b.t.Fatalf("login %s ended at %s with %d: %.200s", email, resp.Request.URL, resp.StatusCode, body)
	}
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	return b.do("GET", path, "", nil)
}

func (b *browser) do(method, path, body string, header map[string]string) (*http.Response, string) {
	b.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, b.base+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	// What a browser sends on a same-origin fetch, unless the test says otherwise.
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if b.env != nil && strings.HasPrefix(resp.Request.URL.Path, "/api/v1/") {
		b.env.checkAgainstDocument(resp.Request, resp, got)
	}
	return resp, string(got)
}

func TestLoginMeAndLogoutThroughTheDemoProvider(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		b := d.browser()
		b.login("coordinator@utrecht.demo")
		resp, body := b.get("/api/v1/me")
		me := decode[struct {
			User        struct{ Email string }
			Tenant      struct{ Slug string }
			Roles       []string
			Permissions map[string][]string
		}](t, []byte(body))
		if resp.StatusCode != 200 || me.User.Email != "coordinator@utrecht.demo" || me.Tenant.Slug != "utrecht" ||
			len(me.Roles) != 1 || me.Roles[0] != "coordinator" || len(me.Permissions["contacts"]) == 0 {
			t.Fatalf("me: %d %s", resp.StatusCode, body)
		}
		if len(me.Permissions["admin"]) != 0 {
			t.Fatalf("a coordinator got admin permissions: %v", me.Permissions)
		}

		// Logout ends the session here and at the identity provider, which
		// sends the browser back to our start page.
		resp, _ = b.do("POST", "/auth/logout", "", nil)
		if resp.StatusCode != 200 || resp.Request.URL.Path != "/" || resp.Request.URL.Host != strings.TrimPrefix(d.http.URL, "http://") {
			t.Fatalf("logout ended at %s (%d)", resp.Request.URL, resp.StatusCode)
		}
		if resp, _ := b.get("/api/v1/me"); resp.StatusCode != 401 {
			t.Fatalf("me after logout: %d; want 401", resp.StatusCode)
		}
	})
}

func TestCookieFlags(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	jar, _ := cookiejar.New(nil)
	client.Jar = jar
	next := d.http.URL + "/auth/zeist/login?login_hint=staff@zeist.demo"
	for range 10 {
		resp, err := client.Get(next)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie && c.Value != "" {
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
					t.Fatalf("session cookie %+v; want HttpOnly, SameSite=Lax, Path=/, not Secure on http loopback", c)
				}
				return
			}
		}
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("no session cookie and no redirect at %s", next)
		}
		next = loc.String()
	}
	t.Fatal("no session cookie was set")
}

func TestCrossSiteRequestsWithCookieAreRefused(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	b := d.browser()
	b.login("tenant-admin@zeist.demo")
	_, body := b.get("/api/v1/me/sessions")
	sessionID := decode[struct{ Items []struct{ ID string } }](t, []byte(body)).Items[0].ID
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Sec-Fetch-Site": "", "Origin": "https://evil.example"},
		{"Sec-Fetch-Site": ""}, // neither header, but a cookie: refused as well
	} {
		resp, body := b.do("DELETE", "/api/v1/me/sessions/"+sessionID, "", h)
		if resp.StatusCode != 403 || decode[problemBody](t, []byte(body)).Code != "forbidden" {
			t.Errorf("cross-site DELETE with %v: %d %s; want 403 problem", h, resp.StatusCode, body)
		}
		resp, _ = b.do("POST", "/auth/logout", "", h)
		if resp.StatusCode != 403 {
			t.Errorf("cross-site logout with %v: %d; want 403", h, resp.StatusCode)
		}
	}
	if resp, _ := b.get("/api/v1/me"); resp.StatusCode != 200 {
		t.Fatalf("session was changed by a refused request: %d", resp.StatusCode)
	}
	resp, _ := b.do("DELETE", "/api/v1/me/sessions/"+sessionID, "", map[string]string{"Sec-Fetch-Site": "", "Origin": d.http.URL})
	if resp.StatusCode != 204 {
		t.Fatalf("same-origin DELETE: %d; want 204", resp.StatusCode)
	}
}

func TestLoginRefusesOffSiteReturnTo(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	b := d.browser()
	for _, rt := range []string{"https://evil.example/", "//evil.example", "/\\evil.example"} {
		resp, body := b.get("/auth/utrecht/login?return_to=" + url.QueryEscape(rt))
		if resp.StatusCode != 400 || !strings.Contains(body, "return_to") {
			t.Errorf("return_to %q: %d %s; want 400 naming return_to", rt, resp.StatusCode, body)
		}
	}
	resp, _ := b.get("/auth/atlantis/login")
	if resp.Request.URL.Path != "/inloggen" || resp.Request.URL.Query().Get("fout") != "unknown_organisation" {
		t.Fatalf("unknown organisation ended at %s", resp.Request.URL)
	}
}

func TestLoginLookupByEmail(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	resp, body := d.do("GET", "/api/v1/login/lookup?email=staff%40Houten.demo", nil)
	if resp.StatusCode != 200 || decode[tenantBody](t, body).Slug != "houten" {
		t.Fatalf("lookup: %d %s", resp.StatusCode, body)
	}
	if resp, _ := d.do("GET", "/api/v1/login/lookup?email=someone%40gmail.com", nil); resp.StatusCode != 404 {
		t.Fatalf("unknown domain: %d", resp.StatusCode)
	}
	if resp, _ := d.do("GET", "/api/v1/login/lookup?email=nope", nil); resp.StatusCode != 400 {
		t.Fatalf("not an email: %d", resp.StatusCode)
	}
}

func TestOperatorSignsInThroughSSO(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	op := d.browser()
	op.login("operator@platform.demo")
	if resp, body := op.get("/api/v1/operator/tenants?limit=5"); resp.StatusCode != 200 {
		t.Fatalf("operator list: %d %s", resp.StatusCode, body)
	}
	// An operator sees no network content of a tenant.
	if resp, _ := op.get("/api/v1/tenants/utrecht/users"); resp.StatusCode != 404 {
		t.Fatalf("operator on tenant users: %d; want 404", resp.StatusCode)
	}
	other := d.browser()
	other.login("tenant-admin@utrecht.demo")
	if resp, _ := other.get("/api/v1/operator/tenants"); resp.StatusCode != 403 {
		t.Fatalf("tenant admin on operator API: %d; want 403", resp.StatusCode)
	}
}

func TestRevokingOversightRemovesReachAtOnce(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		advisor := d.browser()
		advisor.login("bureau-advisor@bureau-rvs.demo")
		if resp, _ := advisor.get("/api/v1/tenants/utrecht/users"); resp.StatusCode != 403 {
			t.Fatalf("overseen tenant before revocation: %d; want 403 (in reach, no admin permission)", resp.StatusCode)
		}
		ctx := context.Background()
		rvs, _ := d.server.cfg.Tenants.GetBySlug(ctx, "bureau-rvs")
		utrecht, _ := d.server.cfg.Tenants.GetBySlug(ctx, "utrecht")
		_, body := d.do("GET", "/api/v1/operator/oversight?bureauId="+rvs.ID.String()+"&tenantId="+utrecht.ID.String(), nil, operator()...)
		rel := decode[struct{ Items []struct{ ID string } }](t, body).Items[0].ID
		today := bondgenoten.Today().String()
		if resp, body := d.do("PATCH", "/api/v1/operator/oversight/"+rel, map[string]string{"endsOn": today}, operator()...); resp.StatusCode != 200 {
			t.Fatalf("revoke: %d %s", resp.StatusCode, body)
		}
		if resp, _ := advisor.get("/api/v1/tenants/utrecht/users"); resp.StatusCode != 404 {
			t.Fatalf("overseen tenant after revocation: %d; want 404 at once", resp.StatusCode)
		}
	})
}

func TestSuspendingATenantSignsItsPeopleOut(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	admin := d.browser()
	admin.login("tenant-admin@zeist.demo")
	zeist, _ := d.server.cfg.Tenants.GetBySlug(context.Background(), "zeist")
	if resp, body := d.do("PATCH", "/api/v1/operator/tenants/"+zeist.ID.String(), map[string]string{"status": "suspended"}, operator()...); resp.StatusCode != 200 {
		t.Fatalf("suspend: %d %s", resp.StatusCode, body)
	}
	if resp, _ := admin.get("/api/v1/me"); resp.StatusCode != 401 {
		t.Fatalf("me in a suspended tenant: %d; want 401", resp.StatusCode)
	}
	user, _ := d.ids.Users(context.Background(), zeist.ID)
	for _, u := range user {
		if d.server.cfg.Authz.Reaches(u.ID, zeist.ID) {
			t.Fatalf("%s still holds roles in a suspended tenant", u.Email)
		}
	}
}

// TestProvisioningANewOrganisation walks the operator's path: create a
// tenant, set up its SSO with the bootstrap token, and its first admin
// signs in with a role from the group mapping.
func TestProvisioningANewOrganisation(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	resp, body := d.do("POST", "/api/v1/operator/tenants", map[string]string{"slug": "woerden", "name": "Gemeente Woerden", "kind": "municipality"}, operator()...)
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, body)
	}
	id := decode[tenantBody](t, body).ID
	idp := d.server.cfg.DevIDP.(*devidp.Provider)
	idp.AddClient(devidp.Client{ID: "woerden-rp", Secret: "w", RedirectURIs: []string{d.http.URL + "/auth/callback"}})
	idp.AddUser(devidp.User{Email: "it@woerden.demo", Name: "Beheerder Woerden", Groups: []string{"gg-beheer"}, TenantSlug: "woerden"})
	if resp, _ := d.do("GET", "/api/v1/operator/tenants/"+id+"/sso", nil, operator()...); resp.StatusCode != 404 {
		t.Fatalf("sso before setup: %d; want 404", resp.StatusCode)
	}
	resp, body = d.do("PUT", "/api/v1/operator/tenants/"+id+"/sso", map[string]any{
		"issuer": d.http.URL + "/dev-idp", "clientId": "woerden-rp", "clientSecret": "w", "provisioning": "jit",
		"emailDomains": []string{"woerden.demo"}, "groupRoles": map[string][]string{"gg-beheer": {"tenant-admin"}},
	}, operator()...)
	if resp.StatusCode != 200 || strings.Contains(string(body), `"w"`) {
		t.Fatalf("sso setup: %d %s", resp.StatusCode, body)
	}
	admin := d.browser()
	admin.login("it@woerden.demo")
	if resp, body := admin.get("/api/v1/tenants/woerden/users"); resp.StatusCode != 200 || !strings.Contains(body, "it@woerden.demo") {
		t.Fatalf("first admin: %d %s", resp.StatusCode, body)
	}
}

func TestLoginMovesToThePublicHost(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", d.http.URL+"/auth/utrecht/login?return_to=/x", nil)
	req.Host = "localhost:8080"
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 302 || loc != d.http.URL+"/auth/utrecht/login?return_to=/x" {
		t.Fatalf("login on another host name: %d → %q", resp.StatusCode, loc)
	}
}

func TestBureauAdminManagesOversight(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		d := setupDemo(t, db)
		admin, advisor := d.browser(), d.browser()
		admin.login("bureau-admin@bureau-rvs.demo")
		advisor.login("bureau-advisor@bureau-rvs.demo")
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/users"); resp.StatusCode != 404 {
			t.Fatalf("veenendaal before: %d; want 404 (not overseen)", resp.StatusCode)
		}
		today := bondgenoten.Today().String()
		if resp, _ := advisor.do("POST", "/api/v1/tenants/bureau-rvs/oversight", `{"tenant":"veenendaal","startsOn":"`+today+`"}`, nil); resp.StatusCode != 403 {
			t.Fatalf("advisor creating oversight: %d; want 403", resp.StatusCode)
		}
		resp, body := admin.do("POST", "/api/v1/tenants/bureau-rvs/oversight", `{"tenant":"veenendaal","startsOn":"`+today+`"}`, nil)
		if resp.StatusCode != 201 || !strings.Contains(body, `"grantedBy":"Beheerder bureau (demo) — bureau-rvs \u003cbureau-admin@bureau-rvs.demo\u003e"`) {
			t.Fatalf("admin creating oversight: %d %s", resp.StatusCode, body)
		}
		rel := decode[struct{ ID string }](t, []byte(body)).ID
		// Asking is not overseeing: nothing is in reach until Veenendaal accepts.
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/users"); resp.StatusCode != 404 {
			t.Fatalf("veenendaal before consent: %d; want 404", resp.StatusCode)
		}
		// The bureau cannot consent for the other side.
		if resp, _ := admin.do("POST", "/api/v1/tenants/bureau-rvs/oversight/"+rel+"/accept", `{"startsOn":"`+today+`","endsOn":null}`, nil); resp.StatusCode != 409 {
			t.Fatalf("bureau accepting its own request: %d; want 409", resp.StatusCode)
		}
		veenendaal := d.browser()
		veenendaal.login("tenant-admin@veenendaal.demo")
		if resp, body := veenendaal.get("/api/v1/tenants/veenendaal/bureaus"); resp.StatusCode != 200 || !strings.Contains(body, `"status":"pending"`) {
			t.Fatalf("veenendaal's admin sees the request: %d %s", resp.StatusCode, body)
		}
		if resp, body := veenendaal.do("POST", "/api/v1/tenants/veenendaal/oversight/"+rel+"/accept", `{"startsOn":"`+today+`","endsOn":null}`, nil); resp.StatusCode != 200 || !strings.Contains(body, `"status":"active"`) {
			t.Fatalf("accepting: %d %s", resp.StatusCode, body)
		}
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/users"); resp.StatusCode != 403 {
			t.Fatalf("veenendaal after: %d; want 403 (in reach, no admin permission)", resp.StatusCode)
		}
		_, body = advisor.get("/api/v1/tenants/bureau-rvs/oversight")
		if !strings.Contains(body, `"slug":"veenendaal"`) {
			t.Fatalf("advisor's list lacks the new relation: %s", body)
		}
		// Another bureau's admin cannot touch it, not even see it exists.
		other := d.browser()
		other.login("bureau-admin@politie-voor-iedereen.demo")
		if resp, _ := other.do("PATCH", "/api/v1/tenants/politie-voor-iedereen/oversight/"+rel, `{"endsOn":"`+today+`"}`, nil); resp.StatusCode != 404 {
			t.Fatalf("other bureau ending the relation: %d; want 404", resp.StatusCode)
		}
		resp, body = admin.do("PATCH", "/api/v1/tenants/bureau-rvs/oversight/"+rel, `{"endsOn":"`+today+`"}`, nil)
		if resp.StatusCode != 200 || !strings.Contains(body, `"active":false`) {
			t.Fatalf("ending: %d %s", resp.StatusCode, body)
		}
		if resp, _ := advisor.get("/api/v1/tenants/veenendaal/users"); resp.StatusCode != 404 {
			t.Fatalf("veenendaal after ending: %d; want 404", resp.StatusCode)
		}
		// Bad input: an unknown organisation, a bureau, a date that is no date.
		for _, bad := range []string{`{"tenant":"atlantis","startsOn":"2026-01-01"}`, `{"tenant":"politie-voor-iedereen","startsOn":"2026-01-01"}`, `{"tenant":"zeist","startsOn":"gisteren"}`} {
			resp, body := admin.do("POST", "/api/v1/tenants/bureau-rvs/oversight", bad, nil)
			if resp.StatusCode != 400 || decode[problemBody](t, []byte(body)).Errors == nil {
				t.Errorf("%s: %d %s; want 400 with field errors", bad, resp.StatusCode, body)
			}
		}
		// A coordinator sees which bureaus follow their municipality.
		coord := d.browser()
		coord.login("coordinator@zeist.demo")
		if resp, body := coord.get("/api/v1/tenants/zeist/oversight"); resp.StatusCode != 200 || !strings.Contains(body, `"slug":"bureau-rvs"`) {
			t.Fatalf("coordinator's view: %d %s", resp.StatusCode, body)
		}
	})
}

func TestSSOTestLoginLeavesTheSessionAlone(t *testing.T) {
	d := setupDemo(t, storetest.Open(t, store.SQLite))
	admin := d.browser()
	admin.login("tenant-admin@zeist.demo")
	resp, _ := admin.get("/auth/zeist/login?test=1&return_to=/beheer/sso&login_hint=staff%40zeist.demo")
	if q := resp.Request.URL.Query(); resp.Request.URL.Path != "/beheer/sso" || q.Get("sso_test") != "ok" || q.Has("email") {
		t.Fatalf("test login ended at %s; want sso_test=ok and no email address in the URL", resp.Request.URL)
	}
	_, body := admin.get("/api/v1/me")
	if !strings.Contains(body, "tenant-admin@zeist.demo") {
		t.Fatalf("the admin's session changed: %s", body)
	}
	users, _ := d.ids.Users(context.Background(), mustTenant(t, d, "zeist"))
	for _, u := range users {
		if u.Email == "staff@zeist.demo" {
			t.Fatal("a test login provisioned a user")
		}
	}
	// A test sign-in is for the organisation's own administrators only.
	for _, who := range []string{"", "staff@zeist.demo", "tenant-admin@utrecht.demo"} {
		b := d.browser()
		if who != "" {
			b.login(who)
		}
		if resp, _ := b.get("/auth/zeist/login?test=1&return_to=/beheer/sso&login_hint=staff%40zeist.demo"); resp.StatusCode != 401 && resp.StatusCode != 403 {
			t.Errorf("test sign-in started by %q: %d at %s; want 401 or 403", who, resp.StatusCode, resp.Request.URL)
		}
	}
	// A failing test comes back to the admin's page with the reason.
	resp, _ = admin.get("/auth/zeist/login?test=1&return_to=/beheer/sso&login_hint=staff%40utrecht.demo")
	if q := resp.Request.URL.Query(); resp.Request.URL.Path != "/beheer/sso" || q.Get("sso_test") != "failed" || q.Get("fout") != "email_domain" {
		t.Fatalf("failed test login ended at %s", resp.Request.URL)
	}
}

func mustTenant(t *testing.T, d *demoEnv, slug string) uuid.UUID {
	t.Helper()
	tn, err := d.server.cfg.Tenants.GetBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return tn.ID
}
