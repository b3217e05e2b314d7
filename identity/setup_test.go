package identity_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/devidp"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// callbackURL is where the identity provider sends the browser back; the
// test "browser" stops there and hands state and code to FinishLogin.
const callbackURL = "http://127.0.0.1:1/auth/callback"

type env struct {
	t       *testing.T
	db      *store.DB
	ids     *identity.Service
	authz   *authz.Enforcer
	tenants *tenant.Service
	idp     *httptest.Server
	issuer  string
	clock   time.Time
}

func newKeyring(t *testing.T) *secret.Keyring {
	t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	k, err := secret.ParseKeyring(base64.StdEncoding.EncodeToString(b))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// setup runs the real in-process OpenID provider with the demo users of
// tenant "utrecht" and a client for it, and an identity service whose clock
// the test can move.
func setup(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db, tenants: tenanttest.Service(t, db), clock: time.Now()}
	mux := http.NewServeMux()
	e.idp = httptest.NewServer(mux)
	t.Cleanup(e.idp.Close)
	e.issuer = e.idp.URL + "/dev-idp"
	users := devidp.DemoUsers([]devidp.DemoTenant{{Slug: "utrecht", Kind: "municipality"}})
	users = append(users, devidp.User{Email: "buiten@elders.example", Name: "Buiten Domein", Groups: []string{"staff"}, TenantSlug: "utrecht"})
	p, err := devidp.New(devidp.Config{
		Issuer: e.issuer, Users: users,
		Clients: []devidp.Client{{ID: "rp-utrecht", Secret: "s3cret", RedirectURIs: []string{callbackURL}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/dev-idp/", p)

	e.authz, err = authz.New(ctx, db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	e.ids = &identity.Service{
		DB: db, Keys: newKeyring(t), Tenants: e.tenants, Policy: e.authz, Logger: slog.New(slog.DiscardHandler),
		Clock: bondgenoten.ClockFunc(func() time.Time { return e.clock }),
	}
	if _, err := e.tenants.Create(ctx, tenant.CreateInput{Slug: "utrecht", Name: "Gemeente Utrecht", Kind: tenant.KindMunicipality}); err != nil {
		t.Fatal(err)
	}
	e.configure(identity.ProvisionJIT, nil)
	return e
}

// configure points tenant utrecht at the in-process provider.
func (e *env) configure(provisioning string, groupRoles map[string][]string) {
	e.t.Helper()
	if groupRoles == nil {
		groupRoles = map[string][]string{"coordinator": {"coordinator"}, "staff": {"staff"}, "tenant-admin": {"tenant-admin"}}
	}
	secretValue := "s3cret"
	t := e.tenant("utrecht")
	if _, _, err := e.ids.PutSettings(context.Background(), t, identity.Actor{Name: "test"}, identity.SettingsInput{
		Issuer: e.issuer, ClientID: "rp-utrecht", ClientSecret: &secretValue, EmailDomains: []string{"utrecht.demo"},
		GroupRoles: groupRoles, Provisioning: provisioning,
	}); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) tenant(slug string) *tenant.Tenant {
	e.t.Helper()
	t, err := e.tenants.GetBySlug(context.Background(), slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

// authorize plays the browser: it follows the identity provider's
// redirects (login_hint logs in without a click) until the provider sends it
// back to our callback, and returns the callback's query.
func authorize(t *testing.T, authURL string) url.Values {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	var back *url.URL
	client := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), callbackURL) {
			back = req.URL
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := client.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if back == nil {
		t.Fatalf("identity provider did not come back (status %d): %.300s", resp.StatusCode, body)
	}
	return back.Query()
}

// start begins a login for tenant utrecht as email.
func (e *env) start(email string) (*identity.LoginStart, url.Values) {
	e.t.Helper()
	start, err := e.ids.StartLogin(context.Background(), identity.LoginRequest{
		TenantSlug: "utrecht", ReturnTo: "/organisaties", LoginHint: email, CallbackURL: callbackURL,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return start, authorize(e.t, start.RedirectURL)
}

func (e *env) finish(start *identity.LoginStart, back url.Values) (*identity.LoginResult, error) {
	return e.ids.FinishLogin(context.Background(), identity.CallbackRequest{
		State: back.Get("state"), Code: back.Get("code"), Error: back.Get("error"),
		BrowserToken: start.BrowserToken, CallbackURL: callbackURL, UserAgent: "test",
	})
}

// login runs a whole login and fails the test if it is refused.
func (e *env) login(email string) *identity.LoginResult {
	e.t.Helper()
	start, back := e.start(email)
	res, err := e.finish(start, back)
	if err != nil {
		e.t.Fatalf("login %s: %v", email, err)
	}
	return res
}

func wantRefused(t *testing.T, err error, reason error) {
	t.Helper()
	var le *identity.LoginError
	if !errors.As(err, &le) || !errors.Is(err, reason) {
		t.Fatalf("login error = %v; want %v", err, reason)
	}
}
