package devidp_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/bondgenoten/bondgenoten/devidp"
)

// testKey is shared by most providers in this file: generating an RSA key per test is slow.
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

var demoTenants = []devidp.DemoTenant{
	{Slug: "bureau-rvs", Kind: "bureau"},
	{Slug: "utrecht", Kind: "municipality"},
	{Slug: "basisteam-utrecht-centrum", Kind: "police_unit"},
}

const (
	confidentialID     = "bondgenoten-confidential"
	confidentialSecret = "geheim-voor-de-demo"
	publicID           = "bondgenoten-spa"
)

// env is one provider on its own test server, mounted under /dev-idp/ like the product does.
type env struct {
	t           *testing.T
	srv         *httptest.Server
	idp         *devidp.Provider
	issuer      string
	redirectURI string // registered for both clients
	otherURI    string // also registered for the confidential client
	logoutURI   string // registered post-logout redirect URI
	ctx         context.Context
	provider    *oidc.Provider
}

func newEnv(t *testing.T, edit ...func(*devidp.Config)) *env {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	e := &env{
		t:           t,
		srv:         srv,
		issuer:      srv.URL + "/dev-idp",
		redirectURI: srv.URL + "/auth/callback",
		otherURI:    srv.URL + "/auth/other-callback",
		logoutURI:   srv.URL + "/goodbye",
		ctx:         t.Context(),
	}
	cfg := devidp.Config{
		Issuer: e.issuer,
		Users:  devidp.DemoUsers(demoTenants),
		Clients: []devidp.Client{
			{ID: confidentialID, Secret: confidentialSecret, RedirectURIs: []string{e.redirectURI, e.otherURI}, PostLogoutRedirectURIs: []string{e.logoutURI}},
			{ID: publicID, RedirectURIs: []string{e.redirectURI}, PostLogoutRedirectURIs: []string{e.logoutURI}},
		},
		Key: testKey(),
	}
	for _, f := range edit {
		f(&cfg)
	}
	e.issuer = cfg.Issuer
	idp, err := devidp.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.idp = idp
	u, _ := url.Parse(cfg.Issuer)
	mount := strings.TrimSuffix(u.Path, "/") + "/"
	mux.Handle(mount, idp)
	// The relying party's own pages: the browser below never reaches them.
	if mount != "/" {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			t.Errorf("unexpected request to the relying party: %s", r.URL)
			http.NotFound(w, r)
		})
	}
	e.provider, err = oidc.NewProvider(e.ctx, e.issuer)
	if err != nil {
		t.Fatalf("oidc.NewProvider: %v", err)
	}
	return e
}

// browser follows redirects within the provider and stops at the first URL outside it
// (the relying party's redirect_uri or post-logout URI), so the test can read it.
func (e *env) browser() *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	issuerURL, _ := url.Parse(e.issuer)
	prefix := strings.TrimSuffix(issuerURL.Path, "/") + "/"
	return &http.Client{
		Jar: jar,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > 10 {
				return errors.New("too many redirects")
			}
			if !strings.HasPrefix(req.URL.Path, prefix) || strings.HasPrefix(req.URL.String(), e.redirectURI) {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
}

func (e *env) oauth2Config(clientID string, style oauth2.AuthStyle) *oauth2.Config {
	c := &oauth2.Config{
		ClientID:    clientID,
		RedirectURL: e.redirectURI,
		Endpoint:    e.provider.Endpoint(),
		Scopes:      []string{oidc.ScopeOpenID, "profile", "email"},
	}
	if clientID == confidentialID {
		c.ClientSecret = confidentialSecret
	}
	c.Endpoint.AuthStyle = style
	return c
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp, readBody(t, resp)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// callback checks that resp redirects to the relying party's redirect_uri and returns its query.
func (e *env) callback(t *testing.T, resp *http.Response) url.Values {
	t.Helper()
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d at %s, want a redirect to the client", resp.StatusCode, resp.Request.URL)
	}
	loc, err := resp.Location()
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != e.redirectURI {
		t.Fatalf("redirected to %s, want %s", loc, e.redirectURI)
	}
	return loc.Query()
}

type flow struct {
	conf     *oauth2.Config
	verifier string
	state    string
	nonce    string
}

func newFlow(conf *oauth2.Config) *flow {
	return &flow{conf: conf, verifier: oauth2.GenerateVerifier(), state: rand.Text(), nonce: rand.Text()}
}

func (f *flow) authURL(extra ...oauth2.AuthCodeOption) string {
	opts := append([]oauth2.AuthCodeOption{oidc.Nonce(f.nonce), oauth2.S256ChallengeOption(f.verifier)}, extra...)
	return f.conf.AuthCodeURL(f.state, opts...)
}

func loginHint(email string) oauth2.AuthCodeOption {
	return oauth2.SetAuthURLParam("login_hint", email)
}

// code runs the authorize step with a login_hint and returns the code.
func (e *env) code(t *testing.T, f *flow, email string) string {
	t.Helper()
	resp, _ := get(t, e.browser(), f.authURL(loginHint(email)))
	q := e.callback(t, resp)
	if q.Get("error") != "" {
		t.Fatalf("authorize error %s: %s", q.Get("error"), q.Get("error_description"))
	}
	if q.Get("state") != f.state {
		t.Fatalf("state %q, want %q", q.Get("state"), f.state)
	}
	if q.Get("code") == "" {
		t.Fatal("no code in the redirect")
	}
	return q.Get("code")
}

type claims struct {
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Name          string   `json:"name"`
	Groups        []string `json:"groups"`
	AuthTime      int64    `json:"auth_time"`
}

// exchange swaps the code and verifies the ID token like the product does.
func (e *env) exchange(t *testing.T, f *flow, code string) (*oauth2.Token, *oidc.IDToken, claims) {
	t.Helper()
	tok, err := f.conf.Exchange(e.ctx, code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		t.Fatalf("Exchange: %v", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		t.Fatal("no id_token in the token response")
	}
	idt, err := e.provider.Verifier(&oidc.Config{ClientID: f.conf.ClientID}).Verify(e.ctx, raw)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if idt.Nonce != f.nonce { // go-oidc does not check the nonce
		t.Fatalf("nonce %q, want %q", idt.Nonce, f.nonce)
	}
	var c claims
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	return tok, idt, c
}

func TestDiscovery(t *testing.T) {
	for _, tc := range []struct{ name, issuerPath string }{
		{"under /dev-idp", "/dev-idp"},
		{"trailing slash", "/dev-idp/"},
		{"nested prefix", "/demo/dev-idp"},
		{"at the root", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *devidp.Config) { c.Issuer = strings.TrimSuffix(c.Issuer, "/dev-idp") + tc.issuerPath })
			// oidc.NewProvider in newEnv already failed unless the issuer matched exactly.
			var meta struct {
				Issuer                string   `json:"issuer"`
				Authorization         string   `json:"authorization_endpoint"`
				Token                 string   `json:"token_endpoint"`
				Userinfo              string   `json:"userinfo_endpoint"`
				JWKS                  string   `json:"jwks_uri"`
				EndSession            string   `json:"end_session_endpoint"`
				Introspection         string   `json:"introspection_endpoint"`
				Revocation            string   `json:"revocation_endpoint"`
				CodeChallengeMethods  []string `json:"code_challenge_methods_supported"`
				TokenAuthMethods      []string `json:"token_endpoint_auth_methods_supported"`
				IDTokenAlgs           []string `json:"id_token_signing_alg_values_supported"`
				ClaimsSupported       []string `json:"claims_supported"`
				ResponseTypeSupported []string `json:"response_types_supported"`
			}
			if err := e.provider.Claims(&meta); err != nil {
				t.Fatal(err)
			}
			if meta.Issuer != e.issuer {
				t.Fatalf("issuer %q, want exactly %q", meta.Issuer, e.issuer)
			}
			base := strings.TrimSuffix(e.issuer, "/")
			for _, ep := range []string{meta.Authorization, meta.Token, meta.Userinfo, meta.JWKS, meta.EndSession, meta.Introspection, meta.Revocation} {
				if !strings.HasPrefix(ep, base+"/") {
					t.Errorf("endpoint %q is not below the issuer", ep)
				}
			}
			if !slices.Equal(meta.CodeChallengeMethods, []string{"S256"}) {
				t.Errorf("code_challenge_methods_supported = %v, want [S256]", meta.CodeChallengeMethods)
			}
			for _, m := range []string{"client_secret_basic", "client_secret_post"} {
				if !slices.Contains(meta.TokenAuthMethods, m) {
					t.Errorf("token_endpoint_auth_methods_supported %v lacks %s", meta.TokenAuthMethods, m)
				}
			}
			if !slices.Equal(meta.IDTokenAlgs, []string{"RS256"}) {
				t.Errorf("id_token_signing_alg_values_supported = %v", meta.IDTokenAlgs)
			}
			if !slices.Contains(meta.ClaimsSupported, "groups") {
				t.Errorf("claims_supported %v lacks groups", meta.ClaimsSupported)
			}

			// The JWKS it advertises is reachable and holds one RSA signing key.
			resp, body := get(t, http.DefaultClient, meta.JWKS)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("JWKS: status %d", resp.StatusCode)
			}
			var jwks struct {
				Keys []struct{ Kty, Alg, Use, Kid string } `json:"keys"`
			}
			if err := json.Unmarshal([]byte(body), &jwks); err != nil {
				t.Fatal(err)
			}
			if len(jwks.Keys) != 1 || jwks.Keys[0].Kty != "RSA" || jwks.Keys[0].Alg != "RS256" || jwks.Keys[0].Use != "sig" || jwks.Keys[0].Kid == "" {
				t.Fatalf("JWKS = %+v", jwks.Keys)
			}
			// And the whole flow works under this prefix.
			f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
			e.exchange(t, f, e.code(t, f, "coordinator@utrecht.demo"))
		})
	}

	t.Run("outside the prefix", func(t *testing.T) {
		idp, err := devidp.New(devidp.Config{Issuer: "http://127.0.0.1:1/dev-idp", Key: testKey()})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/.well-known/openid-configuration", "/dev-idpx/.well-known/openid-configuration"} {
			rec := httptest.NewRecorder()
			idp.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if rec.Code != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", path, rec.Code)
			}
		}
	})
}

func TestCodeFlowWithLoginHint(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name     string
		clientID string
		style    oauth2.AuthStyle
	}{
		{"confidential, client_secret_basic", confidentialID, oauth2.AuthStyleInHeader},
		{"confidential, client_secret_post", confidentialID, oauth2.AuthStyleInParams},
		{"public client", publicID, oauth2.AuthStyleInParams},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFlow(e.oauth2Config(tc.clientID, tc.style))
			code := e.code(t, f, "Coordinator@Utrecht.demo") // login_hint is matched case-insensitively
			tok, idt, c := e.exchange(t, f, code)

			if idt.Issuer != e.issuer || !slices.Equal(idt.Audience, []string{tc.clientID}) {
				t.Errorf("iss %q aud %v", idt.Issuer, idt.Audience)
			}
			if idt.Subject != "demo|coordinator@utrecht.demo" {
				t.Errorf("sub %q", idt.Subject)
			}
			want := claims{Email: "coordinator@utrecht.demo", EmailVerified: true, Name: "Coördinator (demo) — utrecht", Groups: []string{"coordinator"}}
			if c.Email != want.Email || !c.EmailVerified || c.Name != want.Name || !slices.Equal(c.Groups, want.Groups) {
				t.Errorf("claims %+v, want %+v", c, want)
			}
			if tok.AccessToken == "" || tok.TokenType != "Bearer" {
				t.Errorf("access token %q type %q", tok.AccessToken, tok.TokenType)
			}
			if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Errorf("at_hash: %v", err)
			}

			// userinfo with the access token carries the same claims.
			info, err := e.provider.UserInfo(e.ctx, oauth2.StaticTokenSource(tok))
			if err != nil {
				t.Fatalf("UserInfo: %v", err)
			}
			var ic claims
			if err := info.Claims(&ic); err != nil {
				t.Fatal(err)
			}
			if info.Subject != idt.Subject || info.Email != want.Email || !info.EmailVerified || !slices.Equal(ic.Groups, want.Groups) || ic.Name != want.Name {
				t.Errorf("userinfo %+v %+v", info, ic)
			}

			// A code is single use.
			if _, err := f.conf.Exchange(e.ctx, code, oauth2.VerifierOption(f.verifier)); err == nil {
				t.Error("second exchange of the same code succeeded")
			}
		})
	}

	t.Run("wrong client secret", func(t *testing.T) {
		f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
		code := e.code(t, f, "staff@utrecht.demo")
		f.conf.ClientSecret = "fout"
		_, err := f.conf.Exchange(e.ctx, code, oauth2.VerifierOption(f.verifier))
		wantOAuthError(t, err, "invalid_client")
	})

	t.Run("userinfo refuses a made-up token", func(t *testing.T) {
		_, err := e.provider.UserInfo(e.ctx, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "nope", TokenType: "Bearer"}))
		if err == nil {
			t.Fatal("userinfo accepted a made-up token")
		}
	})
}

func TestClockSetsAuthTime(t *testing.T) {
	fixed := time.Now().Add(-10 * time.Minute).Truncate(time.Second)
	e := newEnv(t, func(c *devidp.Config) { c.Now = func() time.Time { return fixed } })
	f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
	_, _, c := e.exchange(t, f, e.code(t, f, "coordinator@utrecht.demo"))
	if c.AuthTime != fixed.Unix() {
		t.Errorf("auth_time %d, want %d from Config.Now", c.AuthTime, fixed.Unix())
	}
}

func wantOAuthError(t *testing.T, err error, code string) {
	t.Helper()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		t.Fatalf("error %v, want an OAuth error %s", err, code)
	}
	if re.ErrorCode != code {
		t.Fatalf("error code %q (%s), want %q", re.ErrorCode, re.ErrorDescription, code)
	}
}

func TestPKCE(t *testing.T) {
	e := newEnv(t)

	t.Run("authorize without code_challenge is refused", func(t *testing.T) {
		for _, clientID := range []string{confidentialID, publicID} {
			f := newFlow(e.oauth2Config(clientID, oauth2.AuthStyleInParams))
			resp, _ := get(t, e.browser(), f.conf.AuthCodeURL(f.state, oidc.Nonce(f.nonce), loginHint("staff@utrecht.demo")))
			q := e.callback(t, resp)
			if q.Get("error") != "invalid_request" || q.Get("code") != "" || q.Get("state") != f.state {
				t.Errorf("%s: redirect query %v, want error=invalid_request and no code", clientID, q)
			}
		}
	})

	t.Run("code_challenge_method plain is refused", func(t *testing.T) {
		f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
		resp, _ := get(t, e.browser(), f.conf.AuthCodeURL(f.state, loginHint("staff@utrecht.demo"),
			oauth2.SetAuthURLParam("code_challenge", f.verifier), oauth2.SetAuthURLParam("code_challenge_method", "plain")))
		if q := e.callback(t, resp); q.Get("error") != "invalid_request" || q.Get("code") != "" {
			t.Errorf("redirect query %v, want error=invalid_request", q)
		}
	})

	for _, clientID := range []string{confidentialID, publicID} {
		t.Run("token exchange checks the verifier, "+clientID, func(t *testing.T) {
			f := newFlow(e.oauth2Config(clientID, oauth2.AuthStyleInParams))
			code := e.code(t, f, "staff@utrecht.demo")

			_, err := f.conf.Exchange(e.ctx, code)
			wantOAuthError(t, err, "invalid_request") // code_verifier required

			_, err = f.conf.Exchange(e.ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
			wantOAuthError(t, err, "invalid_grant") // invalid code_verifier

			// The failed attempts did not hand out tokens; the right verifier still works.
			_, _, c := e.exchange(t, f, code)
			if !slices.Equal(c.Groups, []string{"staff"}) {
				t.Errorf("groups %v", c.Groups)
			}
		})
	}
}

// refused checks that the provider answered the authorize request itself with an error
// and did not redirect anywhere (an unverified redirect_uri must never be used).
func refused(t *testing.T, resp *http.Response, body string) {
	t.Helper()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d at %s, want 400; body %q", resp.StatusCode, resp.Request.URL, body)
	}
	if loc := resp.Header.Get("Location"); loc != "" {
		t.Fatalf("redirected to %s", loc)
	}
}

func TestRedirectURIExactMatch(t *testing.T) {
	e := newEnv(t)
	srvURL, _ := url.Parse(e.srv.URL)
	for _, uri := range []string{
		"https://evil.example/auth/callback",
		e.redirectURI + "/",
		e.redirectURI + "?x=1",
		e.redirectURI + "x",
		strings.TrimSuffix(e.redirectURI, "/callback"),
		"http://localhost:" + srvURL.Port() + "/auth/callback",
		strings.Replace(e.redirectURI, "http://", "https://", 1),
		"",
	} {
		t.Run(uri, func(t *testing.T) {
			for _, clientID := range []string{confidentialID, publicID} {
				conf := e.oauth2Config(clientID, oauth2.AuthStyleInHeader)
				conf.RedirectURL = uri
				f := newFlow(conf)
				resp, body := get(t, e.browser(), f.authURL(loginHint("staff@utrecht.demo")))
				refused(t, resp, body)
			}
		})
	}

	t.Run("token request with another registered redirect_uri", func(t *testing.T) {
		f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
		code := e.code(t, f, "staff@utrecht.demo")
		other := *f.conf
		other.RedirectURL = e.otherURI
		_, err := other.Exchange(e.ctx, code, oauth2.VerifierOption(f.verifier))
		wantOAuthError(t, err, "invalid_grant")
	})
}

var (
	authRequestIDRe = regexp.MustCompile(`name="authRequestID" value="([^"]+)"`)
	formActionRe    = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
	sectionRe       = regexp.MustCompile(`(?s)<section aria-labelledby="[^"]+">\s*<h2 id="[^"]+">([^<]+)</h2>(.*?)</section>`)
	buttonRe        = regexp.MustCompile(`(?s)<button type="submit" name="user" value="([^"]+)">(.*?)</button>`)
	styleRe         = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
)

// loginPage opens the login page for a new auth request (without login_hint).
func (e *env) loginPage(t *testing.T, c *http.Client, f *flow, extra ...oauth2.AuthCodeOption) (*http.Response, string) {
	t.Helper()
	resp, body := get(t, c, f.authURL(extra...))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login page: status %d at %s: %s", resp.StatusCode, resp.Request.URL, body)
	}
	if want := e.issuer + "/login"; !strings.HasPrefix(resp.Request.URL.String(), want+"?") {
		t.Fatalf("login page at %s, want %s", resp.Request.URL, want)
	}
	return resp, body
}

func TestLoginPage(t *testing.T) {
	e := newEnv(t)

	t.Run("lists users per tenant and a POST completes the flow", func(t *testing.T) {
		c := e.browser()
		f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
		resp, body := e.loginPage(t, c, f)

		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		for _, want := range []string{`<html lang="nl">`, "<title>Demo-inlogpagina — Bondgenoten</title>", "<main>", "</main>", "<h1>Demo-inlogpagina</h1>", "fictieve identiteitsprovider", "<code>" + confidentialID + "</code>"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		// Grouped per tenant, in the order of the users, each user a button with name and email.
		users := devidp.DemoUsers(demoTenants)
		sections := sectionRe.FindAllStringSubmatch(body, -1)
		var slugs []string
		seen := 0
		for _, s := range sections {
			slugs = append(slugs, s[1])
			for _, b := range buttonRe.FindAllStringSubmatch(s[2], -1) {
				u := users[seen]
				seen++
				if b[1] != u.Subject || u.TenantSlug != s[1] || !strings.Contains(b[2], u.Email) || !strings.Contains(b[2], u.Name) {
					t.Errorf("button %q in section %s, want user %+v", b[0], s[1], u)
				}
			}
		}
		if want := []string{"bureau-rvs", "utrecht", "basisteam-utrecht-centrum"}; !slices.Equal(slugs, want) {
			t.Errorf("tenant headings %v, want %v", slugs, want)
		}
		if seen != len(users) {
			t.Errorf("%d user buttons, want %d", seen, len(users))
		}

		// The inline style is allowed by the Content-Security-Policy's hash.
		style := styleRe.FindStringSubmatch(body)
		if style == nil {
			t.Fatal("no <style>")
		}
		sum := sha256.Sum256([]byte(style[1]))
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
			t.Errorf("CSP %q does not allow the page's style", csp)
		}

		// Choose a user.
		id := authRequestIDRe.FindStringSubmatch(body)
		action := formActionRe.FindStringSubmatch(body)
		if id == nil || action == nil {
			t.Fatal("no form")
		}
		resp, err := c.PostForm(htmlUnescape(action[1]), url.Values{"authRequestID": {id[1]}, "user": {"demo|crisis-liaison@basisteam-utrecht-centrum.demo"}})
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		q := e.callback(t, resp)
		if q.Get("state") != f.state {
			t.Fatalf("state %q", q.Get("state"))
		}
		_, idt, cl := e.exchange(t, f, q.Get("code"))
		if idt.Subject != "demo|crisis-liaison@basisteam-utrecht-centrum.demo" || !slices.Equal(cl.Groups, []string{"crisis-liaison"}) {
			t.Errorf("sub %q groups %v", idt.Subject, cl.Groups)
		}

		// The auth request is used up: the page and the POST now refuse it.
		resp, body = get(t, c, e.issuer+"/login?authRequestID="+url.QueryEscape(id[1]))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `<html lang="nl">`) {
			t.Errorf("used auth request: status %d", resp.StatusCode)
		}
		resp, err = c.PostForm(e.issuer+"/login", url.Values{"authRequestID": {id[1]}, "user": {"demo|staff@utrecht.demo"}})
		if err != nil {
			t.Fatal(err)
		}
		if readBody(t, resp); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("POST with a used auth request: status %d", resp.StatusCode)
		}
	})

	t.Run("unknown login_hint shows the page with a notice", func(t *testing.T) {
		f := newFlow(e.oauth2Config(publicID, oauth2.AuthStyleInParams))
		_, body := e.loginPage(t, e.browser(), f, loginHint("niemand@nergens.demo"))
		if !strings.Contains(body, `role="status"`) || !strings.Contains(body, "niemand@nergens.demo") {
			t.Error("no notice about the unknown login_hint")
		}
	})

	t.Run("prompt=select_account shows the page despite a known login_hint", func(t *testing.T) {
		f := newFlow(e.oauth2Config(publicID, oauth2.AuthStyleInParams))
		e.loginPage(t, e.browser(), f, loginHint("staff@utrecht.demo"), oauth2.SetAuthURLParam("prompt", "select_account"))
	})

	t.Run("prompt=none without login_hint answers login_required", func(t *testing.T) {
		f := newFlow(e.oauth2Config(publicID, oauth2.AuthStyleInParams))
		resp, _ := get(t, e.browser(), f.authURL(oauth2.SetAuthURLParam("prompt", "none")))
		if q := e.callback(t, resp); q.Get("error") != "login_required" || q.Get("state") != f.state {
			t.Errorf("redirect query %v", q)
		}
	})

	t.Run("English on request", func(t *testing.T) {
		f := newFlow(e.oauth2Config(publicID, oauth2.AuthStyleInParams))
		_, body := e.loginPage(t, e.browser(), f, oauth2.SetAuthURLParam("ui_locales", "en-GB nl"))
		if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "<h1>Demo sign-in page</h1>") || !strings.Contains(body, `hreflang="nl"`) {
			t.Error("page is not in English")
		}
	})

	t.Run("cancel answers access_denied", func(t *testing.T) {
		c := e.browser()
		f := newFlow(e.oauth2Config(publicID, oauth2.AuthStyleInParams))
		_, body := e.loginPage(t, c, f)
		id := authRequestIDRe.FindStringSubmatch(body)
		resp, err := c.PostForm(e.issuer+"/login", url.Values{"authRequestID": {id[1]}, "cancel": {"1"}})
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if q := e.callback(t, resp); q.Get("error") != "access_denied" || q.Get("code") != "" {
			t.Errorf("redirect query %v", q)
		}
	})

	t.Run("cross-origin POST is refused", func(t *testing.T) {
		c := e.browser()
		f := newFlow(e.oauth2Config(publicID, oauth2.AuthStyleInParams))
		_, body := e.loginPage(t, c, f)
		id := authRequestIDRe.FindStringSubmatch(body)
		req, _ := http.NewRequest(http.MethodPost, e.issuer+"/login", strings.NewReader(url.Values{"authRequestID": {id[1]}, "user": {"demo|staff@utrecht.demo"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if readBody(t, resp); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})

	t.Run("unknown auth request", func(t *testing.T) {
		resp, body := get(t, e.browser(), e.issuer+"/login?authRequestID=bestaat-niet")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "<main>") {
			t.Errorf("status %d", resp.StatusCode)
		}
	})
}

func htmlUnescape(s string) string { return strings.ReplaceAll(s, "&amp;", "&") }

func TestLogout(t *testing.T) {
	e := newEnv(t)
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := e.provider.Claims(&meta); err != nil || meta.EndSession == "" {
		t.Fatalf("no end_session_endpoint: %v", err)
	}
	login := func(t *testing.T) (*oauth2.Token, string) {
		f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
		tok, _, _ := e.exchange(t, f, e.code(t, f, "tenant-admin@utrecht.demo"))
		return tok, tok.Extra("id_token").(string)
	}
	endSession := func(params url.Values) string { return meta.EndSession + "?" + params.Encode() }

	t.Run("allowed post_logout_redirect_uri", func(t *testing.T) {
		tok, idToken := login(t)
		resp, _ := get(t, e.browser(), endSession(url.Values{"id_token_hint": {idToken}, "post_logout_redirect_uri": {e.logoutURI}, "state": {"tot-ziens"}}))
		if resp.StatusCode != http.StatusFound {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if loc := resp.Header.Get("Location"); loc != e.logoutURI+"?state=tot-ziens" {
			t.Fatalf("redirected to %q, want %q", loc, e.logoutURI+"?state=tot-ziens")
		}
		// The client's access token is revoked.
		if _, err := e.provider.UserInfo(e.ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Error("access token still valid after logout")
		}
	})

	t.Run("with client_id instead of id_token_hint", func(t *testing.T) {
		resp, _ := get(t, e.browser(), endSession(url.Values{"client_id": {publicID}, "post_logout_redirect_uri": {e.logoutURI}}))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != e.logoutURI {
			t.Fatalf("status %d, redirected to %q", resp.StatusCode, loc)
		}
	})

	for _, uri := range []string{"https://evil.example/goodbye", e.logoutURI + "/", e.redirectURI} {
		t.Run("refuses "+uri, func(t *testing.T) {
			_, idToken := login(t)
			resp, body := get(t, e.browser(), endSession(url.Values{"id_token_hint": {idToken}, "post_logout_redirect_uri": {uri}}))
			refused(t, resp, body)
		})
	}

	t.Run("refuses a forged id_token_hint", func(t *testing.T) {
		other := newEnv(t, func(c *devidp.Config) { c.Key = nil })
		f := newFlow(other.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
		tok, _, _ := other.exchange(t, f, other.code(t, f, "staff@utrecht.demo"))
		resp, body := get(t, e.browser(), endSession(url.Values{"id_token_hint": {tok.Extra("id_token").(string)}, "post_logout_redirect_uri": {e.logoutURI}}))
		refused(t, resp, body)
	})

	t.Run("without post_logout_redirect_uri ends on our own page", func(t *testing.T) {
		_, idToken := login(t)
		resp, body := get(t, e.browser(), endSession(url.Values{"id_token_hint": {idToken}}))
		if resp.StatusCode != http.StatusOK || resp.Request.URL.String() != e.issuer+"/logged-out" {
			t.Fatalf("status %d at %s", resp.StatusCode, resp.Request.URL)
		}
		if !strings.Contains(body, `<html lang="nl">`) || !strings.Contains(body, "<h1>Uitgelogd</h1>") || !strings.Contains(body, "<main>") {
			t.Errorf("logged-out page: %s", body)
		}
	})
}

func TestUnknownClientIsRefused(t *testing.T) {
	e := newEnv(t)
	conf := e.oauth2Config("onbekend", oauth2.AuthStyleInHeader)
	f := newFlow(conf)
	resp, body := get(t, e.browser(), f.authURL(loginHint("staff@utrecht.demo")))
	refused(t, resp, body)

	// At the token endpoint, too: a real code of another client does not help.
	real := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
	code := e.code(t, real, "staff@utrecht.demo")
	conf.ClientSecret = "wat dan ook"
	_, err := conf.Exchange(e.ctx, code, oauth2.VerifierOption(real.verifier))
	wantOAuthError(t, err, "invalid_client")
}

func TestAddClientAndUserConcurrently(t *testing.T) {
	e := newEnv(t, func(c *devidp.Config) { c.Users, c.Clients = nil, nil })
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			slug := fmt.Sprintf("gemeente-%d", i)
			e.idp.AddClient(devidp.Client{ID: "client-" + slug, Secret: "s-" + slug, RedirectURIs: []string{e.redirectURI}})
			for _, u := range devidp.DemoUsers([]devidp.DemoTenant{{Slug: slug, Kind: "municipality"}}) {
				e.idp.AddUser(u)
			}
		})
	}
	wg.Wait()
	for _, i := range []int{0, 7, 19} {
		slug := fmt.Sprintf("gemeente-%d", i)
		conf := e.oauth2Config("client-"+slug, oauth2.AuthStyleInHeader)
		conf.ClientSecret = "s-" + slug
		f := newFlow(conf)
		_, idt, c := e.exchange(t, f, e.code(t, f, "coordinator@"+slug+".demo"))
		if idt.Subject != "demo|coordinator@"+slug+".demo" || !slices.Equal(c.Groups, []string{"coordinator"}) {
			t.Errorf("sub %q groups %v", idt.Subject, c.Groups)
		}
	}

	// AddClient replaces a client with the same ID.
	e.idp.AddClient(devidp.Client{ID: "client-gemeente-0", Secret: "nieuw", RedirectURIs: []string{e.otherURI}})
	conf := e.oauth2Config("client-gemeente-0", oauth2.AuthStyleInHeader)
	resp, body := get(t, e.browser(), newFlow(conf).authURL())
	refused(t, resp, body)
}

func TestProvidersAreIndependent(t *testing.T) {
	a := newEnv(t)
	b := newEnv(t, func(c *devidp.Config) { c.Key = nil }) // generated key
	f := newFlow(a.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
	tok, _, _ := a.exchange(t, f, a.code(t, f, "staff@utrecht.demo"))
	raw := tok.Extra("id_token").(string)
	if _, err := b.provider.Verifier(&oidc.Config{ClientID: confidentialID}).Verify(b.ctx, raw); err == nil {
		t.Fatal("provider b accepted an ID token of provider a")
	}
	// b's own flow works with its generated key.
	g := newFlow(b.oauth2Config(publicID, oauth2.AuthStyleInParams))
	b.exchange(t, g, b.code(t, g, "bureau-advisor@bureau-rvs.demo"))
}

func TestIntrospection(t *testing.T) {
	e := newEnv(t)
	var meta struct {
		Introspection string `json:"introspection_endpoint"`
	}
	if err := e.provider.Claims(&meta); err != nil {
		t.Fatal(err)
	}
	f := newFlow(e.oauth2Config(confidentialID, oauth2.AuthStyleInHeader))
	tok, _, _ := e.exchange(t, f, e.code(t, f, "coordinator@utrecht.demo"))
	req, _ := http.NewRequest(http.MethodPost, meta.Introspection, strings.NewReader(url.Values{"token": {tok.AccessToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(confidentialID, confidentialSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Active   bool     `json:"active"`
		Sub      string   `json:"sub"`
		ClientID string   `json:"client_id"`
		Groups   []string `json:"groups"`
	}
	if err := json.Unmarshal([]byte(readBody(t, resp)), &got); err != nil {
		t.Fatal(err)
	}
	if !got.Active || got.Sub != "demo|coordinator@utrecht.demo" || got.ClientID != confidentialID {
		t.Errorf("introspection %+v", got)
	}
}

func TestDemoUsers(t *testing.T) {
	users := devidp.DemoUsers([]devidp.DemoTenant{
		{Slug: "utrecht", Kind: "municipality"},
		{Slug: "basisteam-heuvelrug", Kind: "police_unit"},
		{Slug: "politie-voor-iedereen", Kind: "bureau"},
		{Slug: "platform", Kind: "platform"},
		{Slug: "raar", Kind: "onbekend"},
	})
	var emails []string
	for _, u := range users {
		emails = append(emails, u.Email)
		role, slug, _ := strings.Cut(strings.TrimSuffix(u.Email, ".demo"), "@")
		if u.Subject != "demo|"+u.Email || !slices.Equal(u.Groups, []string{role}) || u.TenantSlug != slug ||
			!strings.Contains(u.Name, "(demo)") || !strings.HasSuffix(u.Name, " — "+slug) {
			t.Errorf("user %+v", u)
		}
	}
	want := []string{
		"coordinator@utrecht.demo", "staff@utrecht.demo", "crisis-liaison@utrecht.demo", "tenant-admin@utrecht.demo",
		"coordinator@basisteam-heuvelrug.demo", "staff@basisteam-heuvelrug.demo", "crisis-liaison@basisteam-heuvelrug.demo", "tenant-admin@basisteam-heuvelrug.demo",
		"bureau-advisor@politie-voor-iedereen.demo", "bureau-admin@politie-voor-iedereen.demo",
		"operator@platform.demo",
	}
	if !slices.Equal(emails, want) {
		t.Errorf("emails\n%v\nwant\n%v", emails, want)
	}
	if users[0].Name != "Coördinator (demo) — utrecht" {
		t.Errorf("name %q", users[0].Name)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ok := devidp.Config{Issuer: "http://127.0.0.1:8080/dev-idp", Key: testKey()}
	for name, edit := range map[string]func(*devidp.Config){
		"no issuer":          func(c *devidp.Config) { c.Issuer = "" },
		"relative issuer":    func(c *devidp.Config) { c.Issuer = "/dev-idp" },
		"issuer with query":  func(c *devidp.Config) { c.Issuer += "?x=1" },
		"other scheme":       func(c *devidp.Config) { c.Issuer = "ftp://127.0.0.1/dev-idp" },
		"small key":          func(c *devidp.Config) { c.Key = small },
		"user without email": func(c *devidp.Config) { c.Users = []devidp.User{{Name: "Niemand"}} },
		"duplicate user": func(c *devidp.Config) {
			c.Users = []devidp.User{{Email: "a@x.demo"}, {Email: "A@x.demo"}}
		},
		"client without ID":       func(c *devidp.Config) { c.Clients = []devidp.Client{{RedirectURIs: []string{"http://x/cb"}}} },
		"client without redirect": func(c *devidp.Config) { c.Clients = []devidp.Client{{ID: "x"}} },
		"relative redirect":       func(c *devidp.Config) { c.Clients = []devidp.Client{{ID: "x", RedirectURIs: []string{"/cb"}}} },
		"duplicate client": func(c *devidp.Config) {
			c.Clients = []devidp.Client{{ID: "x", RedirectURIs: []string{"http://x/cb"}}, {ID: "x", RedirectURIs: []string{"http://x/cb"}}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := ok
			edit(&cfg)
			if _, err := devidp.New(cfg); err == nil {
				t.Error("New accepted the config")
			}
		})
	}
	if _, err := devidp.New(ok); err != nil {
		t.Fatalf("valid config: %v", err)
	}
	if _, err := devidp.New(devidp.Config{Issuer: "https://idp.example/dev-idp", Key: testKey()}); err != nil {
		t.Fatalf("https issuer: %v", err)
	}
}
