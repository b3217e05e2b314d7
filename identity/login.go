package identity

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/oauth2"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// loginAttempt is a login that went to the identity provider and has not
// come back yet. It is used once: the callback deletes it, so a replayed
// state finds nothing.
type loginAttempt struct {
	bun.BaseModel `bun:"table:login_attempts"`

	StateHash    string    `bun:"state_hash,pk"`
	BrowserHash  string    `bun:"browser_hash"`
	TenantID     uuid.UUID `bun:"tenant_id,type:uuid"`
	Nonce        string    `bun:"nonce"`
	PKCEVerifier string    `bun:"pkce_verifier"`
	ReturnTo     string    `bun:"return_to"`
	Purpose      string    `bun:"purpose"`
	CreatedAt    time.Time `bun:"created_at"`
	ExpiresAt    time.Time `bun:"expires_at"`
}

// Purposes of a login: a real one, or an admin's test of the SSO settings
// that checks the round trip without touching anyone's session.
const (
	PurposeLogin = "login"
	PurposeTest  = "test"
)

// LoginRequest starts a login.
type LoginRequest struct {
	TenantSlug  string
	ReturnTo    string // same-origin relative path; anything else becomes "/"
	LoginHint   string // passed on to the identity provider
	CallbackURL string // our /auth/callback, absolute
	Purpose     string
}

// LoginStart is where to send the browser, and the value of the cookie that
// binds the login to this browser.
type LoginStart struct {
	RedirectURL   string
	BrowserToken  string
	AttemptMaxAge time.Duration
}

// SafeReturnTo accepts only same-origin relative paths ("/x?y"): no scheme,
// no host, no "//" or "/\" that browsers would treat as another origin.
func SafeReturnTo(raw string) (string, bool) {
	if raw == "" {
		return "/", true
	}
	if !strings.HasPrefix(raw, "/") || strings.HasPrefix(raw, "//") || strings.HasPrefix(raw, "/\\") ||
		strings.ContainsAny(raw, "\\\r\n\t") || len(raw) > 1000 {
		return "/", false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/", false
	}
	return raw, true
}

// StartLogin records a login attempt and returns the identity provider's
// authorization URL (code flow, PKCE S256, state, nonce).
func (s *Service) StartLogin(ctx context.Context, req LoginRequest) (*LoginStart, error) {
	returnTo, ok := SafeReturnTo(req.ReturnTo)
	if !ok {
		return nil, bondgenoten.Invalid("return_to", RuleReturnTo, "")
	}
	t, err := s.Tenants.GetBySlug(ctx, req.TenantSlug)
	if err != nil {
		return nil, err
	}
	if t.Status != tenant.StatusActive {
		return nil, bondgenoten.Errorf(bondgenoten.ENOTFOUND, "tenant not active")
	}
	st, err := s.settings(ctx, s.DB.For(ctx), t.ID)
	if err != nil {
		return nil, err
	}
	conf, _, err := s.oauthConfig(ctx, st, req.CallbackURL)
	if err != nil {
		return nil, err
	}
	if req.Purpose == "" {
		req.Purpose = PurposeLogin
	}
	state, nonce, browser, verifier := randomToken(), randomToken(), randomToken(), oauth2.GenerateVerifier()
	now := s.now()
	attempt := &loginAttempt{
		StateHash: hashToken(state), BrowserHash: hashToken(browser), TenantID: t.ID, Nonce: nonce,
		PKCEVerifier: verifier, ReturnTo: returnTo, Purpose: req.Purpose, CreatedAt: now, ExpiresAt: now.Add(loginAttemptLifetime),
	}
	if _, err := s.DB.For(ctx).NewInsert().Model(attempt).Exec(ctx); err != nil {
		return nil, store.MapError(err)
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if hint := strings.TrimSpace(req.LoginHint); hint != "" && len(hint) <= 320 {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", hint))
	}
	return &LoginStart{RedirectURL: conf.AuthCodeURL(state, opts...), BrowserToken: browser, AttemptMaxAge: loginAttemptLifetime}, nil
}

// oauthConfig builds the OAuth2 client of a tenant on its (cached) provider.
func (s *Service) oauthConfig(ctx context.Context, st *Settings, callbackURL string) (*oauth2.Config, *oidc.Provider, error) {
	provider, err := s.provider(ctx, st.Issuer)
	if err != nil {
		return nil, nil, err
	}
	var clientSecret string
	if len(st.ClientSecret) > 0 {
		plain, err := s.Keys.Open(st.ClientSecret, st.SecretKeyID, secretPlace(st.TenantID))
		if err != nil {
			return nil, nil, fmt.Errorf("client secret of tenant %s: %w", st.TenantID, err)
		}
		clientSecret = string(plain)
	}
	return &oauth2.Config{
		ClientID: st.ClientID, ClientSecret: clientSecret, Endpoint: provider.Endpoint(),
		RedirectURL: callbackURL, Scopes: strings.Fields(st.Scopes),
	}, provider, nil
}

// provider returns the discovered provider of an issuer, one per issuer for
// the life of the process. The issuer must match discovery exactly.
func (s *Service) provider(ctx context.Context, issuer string) (*oidc.Provider, error) {
	if p, ok := s.providers.Load(issuer); ok {
		return p.(*oidc.Provider), nil
	}
	dctx, cancel := context.WithTimeout(s.clientContext(context.WithoutCancel(ctx)), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, issuer)
	if err != nil {
		return nil, &bondgenoten.Error{Code: bondgenoten.EUNAVAILABLE, Message: "identity provider discovery failed: " + err.Error()}
	}
	actual, _ := s.providers.LoadOrStore(issuer, p)
	return actual.(*oidc.Provider), nil
}

func (s *Service) clientContext(ctx context.Context) context.Context {
	if s.HTTPClient != nil {
		return oidc.ClientContext(ctx, s.HTTPClient)
	}
	return ctx
}

// CallbackRequest is what came back from the identity provider.
type CallbackRequest struct {
	State, Code, Error string
	BrowserToken       string // the cookie set by StartLogin
	CallbackURL        string
	UserAgent          string
}

// LoginResult is a completed login: a new session (empty for a test login),
// where to go next, and who signed in.
type LoginResult struct {
	SessionToken string
	ReturnTo     string
	User         *User
	Purpose      string
	Tenant       *tenant.Tenant
}

// Login refusal reasons, shown to the person on the login page.
var (
	ErrLoginFailed      = errors.New("login_failed")        // anything about the protocol: state, nonce, token
	ErrLoginPending     = errors.New("account_pending")     // waiting for a tenant admin
	ErrLoginDeactivated = errors.New("account_deactivated") // an admin switched the account off
	ErrLoginDomain      = errors.New("email_domain")        // email outside the tenant's domains
)

// LoginError is a refused login: Reason is one of the errors above for the
// person, Cause the detail for the log.
type LoginError struct {
	Reason error
	Cause  error
	// Purpose and ReturnTo are known once the attempt was found: a failed
	// test login goes back to the admin's page with the reason.
	Purpose  string
	ReturnTo string
}

func (e *LoginError) Error() string { return fmt.Sprintf("%v: %v", e.Reason, e.Cause) }
func (e *LoginError) Unwrap() error { return e.Reason }

func refuse(reason error, format string, args ...any) error {
	return &LoginError{Reason: reason, Cause: fmt.Errorf(format, args...)}
}

// FinishLogin checks everything the callback brings — state (single use, this
// browser, not expired), the code exchange with the PKCE verifier, the ID
// token (signature, issuer, audience, expiry via go-oidc) and the nonce,
// which go-oidc leaves to us — then provisions the user and opens a session.
func (s *Service) FinishLogin(ctx context.Context, req CallbackRequest) (res *LoginResult, err error) {
	var attempt *loginAttempt
	defer func() {
		var le *LoginError
		if attempt != nil && errors.As(err, &le) {
			le.Purpose, le.ReturnTo = attempt.Purpose, attempt.ReturnTo
		}
	}()
	if req.State == "" {
		return nil, refuse(ErrLoginFailed, "callback without state")
	}
	found := new(loginAttempt)
	if err := s.DB.For(ctx).NewDelete().Model(found).Where("state_hash = ?", hashToken(req.State)).Returning("*").Scan(ctx); err != nil {
		return nil, refuse(ErrLoginFailed, "unknown or used state: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(found.BrowserHash), []byte(hashToken(req.BrowserToken))) != 1 {
		return nil, refuse(ErrLoginFailed, "state belongs to another browser")
	}
	attempt = found // from here on, refusals may name where the browser came from
	if !s.now().Before(attempt.ExpiresAt) {
		return nil, refuse(ErrLoginFailed, "login attempt expired")
	}
	if req.Error != "" {
		return nil, refuse(ErrLoginFailed, "identity provider answered %q", req.Error)
	}
	t, err := s.Tenants.Get(ctx, attempt.TenantID)
	if err != nil {
		return nil, err
	}
	st, err := s.settings(ctx, s.DB.For(ctx), t.ID)
	if err != nil {
		return nil, err
	}
	conf, provider, err := s.oauthConfig(ctx, st, req.CallbackURL)
	if err != nil {
		return nil, err
	}
	tok, err := conf.Exchange(s.clientContext(ctx), req.Code, oauth2.VerifierOption(attempt.PKCEVerifier))
	if err != nil {
		return nil, refuse(ErrLoginFailed, "code exchange: %v", err)
	}
	rawIDToken, _ := tok.Extra("id_token").(string)
	if rawIDToken == "" {
		return nil, refuse(ErrLoginFailed, "token response without id_token")
	}
	verifier := provider.Verifier(&oidc.Config{ClientID: st.ClientID, Now: s.now})
	idToken, err := verifier.Verify(s.clientContext(ctx), rawIDToken)
	if err != nil {
		return nil, refuse(ErrLoginFailed, "id token: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(attempt.Nonce)) != 1 {
		return nil, refuse(ErrLoginFailed, "nonce mismatch")
	}
	claims, err := readClaims(idToken, st.GroupsClaim)
	if err != nil {
		return nil, refuse(ErrLoginFailed, "claims: %v", err)
	}
	if err := s.checkEmailDomain(ctx, t.ID, claims); err != nil {
		return nil, err
	}
	res = &LoginResult{ReturnTo: attempt.ReturnTo, Purpose: attempt.Purpose, Tenant: t}
	if attempt.Purpose == PurposeTest {
		res.User = &User{Email: claims.Email, Name: claims.Name, Subject: claims.Subject}
		return res, nil
	}
	// The account is written whatever its status, so a pending person shows
	// up for the tenant admin to approve; only active people get a session.
	err = s.DB.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		u, err := s.provision(ctx, tx, t, st, claims)
		if err != nil || u.Status != StatusActive {
			res.User = u
			return err
		}
		res.User = u
		var hint []byte
		if s.Keys != nil && s.Keys.CurrentKeyID() != "" {
			hint = []byte(rawIDToken)
		}
		res.SessionToken, err = s.newSessionWithHint(ctx, tx, u, req.UserAgent, hint)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.reloadPolicy(ctx)
	switch res.User.Status {
	case StatusPending:
		return nil, refuse(ErrLoginPending, "user %s awaits approval", res.User.ID)
	case StatusDeactivated:
		return nil, refuse(ErrLoginDeactivated, "user %s is deactivated", res.User.ID)
	}
	return res, nil
}

// checkEmailDomain refuses an email outside the tenant's domains, and an
// email the provider itself says is unverified (anyone could claim it).
func (s *Service) checkEmailDomain(ctx context.Context, tenantID uuid.UUID, c Claims) error {
	email := c.Email
	var domains []string
	if err := s.DB.For(ctx).NewSelect().Model((*emailDomain)(nil)).Column("domain").Where("tenant_id = ?", tenantID).Scan(ctx, &domains); err != nil {
		return store.MapError(err)
	}
	if len(domains) == 0 {
		return nil
	}
	if c.EmailVerified != nil && !*c.EmailVerified {
		return refuse(ErrLoginDomain, "email not verified by the identity provider")
	}
	_, domain, _ := strings.Cut(strings.ToLower(email), "@")
	for _, d := range domains {
		if d == domain {
			return nil
		}
	}
	return refuse(ErrLoginDomain, "email domain %q not allowed", domain)
}

// readClaims takes subject, email, name and groups from a verified token.
// Groups may come as a list or a single string.
func readClaims(t *oidc.IDToken, groupsClaim string) (Claims, error) {
	var raw map[string]any
	if err := t.Claims(&raw); err != nil {
		return Claims{}, err
	}
	c := Claims{Subject: t.Subject}
	c.Email, _ = raw["email"].(string)
	if v, ok := raw["email_verified"].(bool); ok {
		c.EmailVerified = &v
	}
	c.Name, _ = raw["name"].(string)
	if c.Name == "" {
		c.Name = c.Email
	}
	switch g := raw[groupsClaim].(type) {
	case []any:
		for _, v := range g {
			if s, ok := v.(string); ok {
				c.Groups = append(c.Groups, s)
			}
		}
	case string:
		c.Groups = []string{g}
	}
	if c.Subject == "" {
		return c, errors.New("no subject")
	}
	return c, nil
}

// EndSessionURL is the identity provider's RP-initiated logout URL for a
// tenant, or "" when it offers none.
func (s *Service) EndSessionURL(ctx context.Context, tenantID uuid.UUID, idTokenHint, postLogoutURL string) string {
	st, err := s.settings(ctx, s.DB.For(ctx), tenantID)
	if err != nil {
		return ""
	}
	p, err := s.provider(ctx, st.Issuer)
	if err != nil {
		return ""
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil || meta.EndSession == "" {
		return ""
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	if idTokenHint != "" {
		q.Set("id_token_hint", idTokenHint)
	}
	q.Set("client_id", st.ClientID)
	q.Set("post_logout_redirect_uri", postLogoutURL)
	u.RawQuery = q.Encode()
	return u.String()
}
