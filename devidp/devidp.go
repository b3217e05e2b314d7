// Package devidp is the in-process OpenID Connect provider of demo mode and of the
// end-to-end tests: a real OpenID provider built on zitadel's certified oidc/v3 op
// package, with an in-memory store and a password-less login page on which one picks a
// fictional demo user.
//
// It supports the authorization code flow with PKCE (S256, required for every client),
// client_secret_basic and client_secret_post, RS256 ID tokens with the email,
// email_verified, name and groups claims, JWT access tokens, the userinfo, JWKS,
// introspection and revocation endpoints, and RP-initiated logout. It must never be used
// for real people: anyone who can reach it can log in as any of its users.
//
// Mount a Provider under the path of its issuer:
//
//	idp, err := devidp.New(devidp.Config{Issuer: "http://127.0.0.1:8080/dev-idp", ...})
//	mux.Handle("/dev-idp/", idp)
//
// Several Providers can run in one process; there is no global state.
package devidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// User is a demo account. There is no password: whoever reaches the login page can pick it.
type User struct {
	Subject    string   // stable "sub"; derived from the email ("demo|<email>") when empty
	Email      string   // e.g. coordinator@utrecht.demo; also accepted as login_hint
	Name       string   // fictional full name, e.g. "Coördinator (demo) — utrecht"
	Groups     []string // the "groups" claim of the ID token and userinfo, e.g. ["coordinator"]
	TenantSlug string   // groups the users on the login page
}

// Client is a relying party. A client with a Secret is confidential (client_secret_basic
// or client_secret_post); one without is public. Both must use PKCE with S256.
// Redirect URIs and post-logout redirect URIs are matched exactly.
type Client struct {
	ID, Secret             string
	RedirectURIs           []string
	PostLogoutRedirectURIs []string
}

// Config configures a Provider.
type Config struct {
	// Issuer is the exact issuer URL, e.g. "http://127.0.0.1:8080/dev-idp". Its path is
	// the prefix under which the Provider is mounted. Plain http is allowed.
	Issuer  string
	Users   []User
	Clients []Client
	// Key signs ID tokens and access tokens (RS256, at least 2048 bits). Generated when nil.
	Key *rsa.PrivateKey
	// Now is the clock for auth_time and the lifetimes of auth requests, codes and access
	// tokens. Defaults to time.Now. (zitadel's op sets iat/exp of ID tokens from the wall clock.)
	Now func() time.Time
}

// Paths below the issuer that the Provider serves itself; op serves the rest.
const (
	// LoginPath is the login page, relative to the issuer: GET shows it for
	// ?authRequestID=…, POST takes the choice.
	LoginPath = "/login"
	// LoggedOutPath is where logout ends when the client names no post_logout_redirect_uri.
	LoggedOutPath = "/logged-out"
	// callbackPath is op's authorize callback (its authorize endpoint + "/callback").
	callbackPath = "/authorize/callback"
)

// Provider is an OpenID provider. It is an http.Handler for the issuer's path prefix.
type Provider struct {
	issuer string // as configured
	base   string // issuer without a trailing slash
	prefix string // path of the issuer without a trailing slash ("" at the root)
	store  *storage
	op     *op.Provider
	csrf   *http.CrossOriginProtection
}

// New creates a Provider.
func New(cfg Config) (*Provider, error) {
	u, err := url.Parse(cfg.Issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("devidp: issuer %q must be an absolute http(s) URL", cfg.Issuer)
	}
	insecure := u.Scheme == "http"
	if err := op.ValidateIssuer(cfg.Issuer, insecure); err != nil {
		return nil, fmt.Errorf("devidp: issuer %q: %w", cfg.Issuer, err)
	}
	if u.RawPath != "" {
		return nil, fmt.Errorf("devidp: issuer %q: escaped characters in the path are not supported", cfg.Issuer)
	}

	key := cfg.Key
	if key == nil {
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, fmt.Errorf("devidp: generate signing key: %w", err)
		}
	} else {
		if key.N.BitLen() < 2048 {
			return nil, errors.New("devidp: signing key must be an RSA key of at least 2048 bits")
		}
		if err := key.Validate(); err != nil {
			return nil, fmt.Errorf("devidp: signing key: %w", err)
		}
	}
	thumb, err := (&jose.JSONWebKey{Key: &key.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("devidp: key ID: %w", err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}

	p := &Provider{
		issuer: cfg.Issuer,
		base:   strings.TrimSuffix(cfg.Issuer, "/"),
		prefix: strings.TrimSuffix(u.Path, "/"),
		csrf:   http.NewCrossOriginProtection(),
	}
	p.store = newStorage(key, base64.RawURLEncoding.EncodeToString(thumb), now, p.loginURL)

	seenUsers := map[string]bool{}
	for _, usr := range cfg.Users {
		usr, err := normalizeUser(usr)
		if err != nil {
			return nil, err
		}
		if seenUsers[usr.Subject] {
			return nil, fmt.Errorf("devidp: duplicate user subject %q", usr.Subject)
		}
		seenUsers[usr.Subject] = true
		p.store.addUser(usr)
	}
	seenClients := map[string]bool{}
	for _, c := range cfg.Clients {
		if err := validateClient(c); err != nil {
			return nil, err
		}
		if seenClients[c.ID] {
			return nil, fmt.Errorf("devidp: duplicate client ID %q", c.ID)
		}
		seenClients[c.ID] = true
		p.store.addClient(cloneClient(c))
	}

	var cryptoKey [32]byte // encrypts authorization codes (op's AES-256-GCM crypto)
	if _, err := rand.Read(cryptoKey[:]); err != nil {
		return nil, err
	}
	opConfig := &op.Config{
		CryptoKey:                cryptoKey,
		DefaultLogoutRedirectURI: p.base + LoggedOutPath,
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		SupportedUILocales:       []language.Tag{language.Dutch, language.English},
		SupportedScopes:          []string{"openid", "profile", "email", groupsScope},
		SupportedClaims: []string{
			"sub", "aud", "exp", "iat", "iss", "auth_time", "nonce", "at_hash", "c_hash", "azp",
			"name", "preferred_username", "email", "email_verified", "groups",
		},
	}
	var opts []op.Option
	if insecure {
		opts = append(opts, op.WithAllowInsecure())
	}
	p.op, err = op.NewProvider(opConfig, p.store, op.StaticIssuer(cfg.Issuer), opts...)
	if err != nil {
		return nil, fmt.Errorf("devidp: %w", err)
	}
	return p, nil
}

// Issuer returns the issuer URL exactly as configured.
func (p *Provider) Issuer() string { return p.issuer }

// AddUser adds a user, or replaces the user with the same subject. Safe for concurrent use.
// A user with neither Subject nor Email is ignored (and logged).
func (p *Provider) AddUser(u User) {
	u, err := normalizeUser(u)
	if err != nil {
		slog.Warn("devidp: user ignored", slog.String("reason", err.Error()))
		return
	}
	p.store.addUser(u)
}

// AddClient adds a client, or replaces the client with the same ID. Safe for concurrent use.
// A client without an ID or redirect URIs is ignored (and logged).
func (p *Provider) AddClient(c Client) {
	if err := validateClient(c); err != nil {
		slog.Warn("devidp: client ignored", slog.String("reason", err.Error()))
		return
	}
	p.store.addClient(cloneClient(c))
}

// ServeHTTP serves the issuer's path prefix: discovery at
// {Issuer}/.well-known/openid-configuration, the endpoints it advertises, the login page
// at {Issuer}/login and the logged-out page at {Issuer}/logged-out.
func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := stripPrefix(r.URL.Path, p.prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	r2 := new(http.Request)
	*r2 = *r
	r2.URL = new(url.URL)
	*r2.URL = *r.URL
	r2.URL.Path = rest
	if r.URL.RawPath != "" {
		if rawRest, ok := stripPrefix(r.URL.RawPath, p.prefix); ok {
			r2.URL.RawPath = rawRest
		} else {
			r2.URL.RawPath = ""
		}
	}
	switch rest {
	case LoginPath:
		p.serveLogin(w, r2)
	case LoggedOutPath:
		p.serveLoggedOut(w, r2)
	default:
		p.op.ServeHTTP(w, r2)
	}
}

// stripPrefix removes prefix from path when path is the prefix or lies below it.
func stripPrefix(path, prefix string) (string, bool) {
	if prefix == "" {
		return path, true
	}
	if path == prefix {
		return "/", true
	}
	if strings.HasPrefix(path, prefix+"/") {
		return path[len(prefix):], true
	}
	return "", false
}

// loginURL is where op sends the browser after storing an auth request.
func (p *Provider) loginURL(authRequestID string) string {
	return p.base + LoginPath + "?authRequestID=" + url.QueryEscape(authRequestID)
}

// callbackURL is op's authorize callback, which answers the client with a code once the
// auth request is done.
func (p *Provider) callbackURL(authRequestID string) string {
	return p.base + callbackPath + "?id=" + url.QueryEscape(authRequestID)
}

func normalizeUser(u User) (User, error) {
	u.Email = strings.TrimSpace(u.Email)
	if u.Subject == "" {
		if u.Email == "" {
			return User{}, errors.New("devidp: a user needs a Subject or an Email")
		}
		u.Subject = "demo|" + strings.ToLower(u.Email)
	}
	if u.Name == "" {
		u.Name = u.Email
	}
	u.Groups = slices.Clone(u.Groups)
	return u, nil
}

func validateClient(c Client) error {
	if c.ID == "" {
		return errors.New("devidp: a client needs an ID")
	}
	if len(c.RedirectURIs) == 0 {
		return fmt.Errorf("devidp: client %q needs at least one redirect URI", c.ID)
	}
	for _, uri := range slices.Concat(c.RedirectURIs, c.PostLogoutRedirectURIs) {
		u, err := url.Parse(uri)
		if err != nil || !u.IsAbs() || u.Fragment != "" {
			return fmt.Errorf("devidp: client %q: redirect URI %q must be absolute, without fragment", c.ID, uri)
		}
	}
	return nil
}

func cloneClient(c Client) Client {
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	c.PostLogoutRedirectURIs = slices.Clone(c.PostLogoutRedirectURIs)
	return c
}
