package devidp

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Lifetimes of what the storage keeps in memory.
const (
	authRequestLifetime = 15 * time.Minute // from the authorize request to the code exchange
	codeLifetime        = 2 * time.Minute  // from issuing a code to exchanging it
	accessTokenLifetime = time.Hour
	idTokenLifetime     = time.Hour
)

var (
	errNotFound      = errors.New("devidp: not found")
	errUnknownClient = errors.New("devidp: unknown client")
	errBadSecret     = errors.New("devidp: invalid client secret")
	errNotSupported  = errors.New("devidp: not supported by the demo identity provider")
	errExpired       = errors.New("devidp: expired")
	errNotAuthorized = errors.New("devidp: auth request not completed")
)

const (
	groupsScope        = "groups"
	signatureAlgorithm = jose.RS256
)

// storage is the in-memory op.Storage of one Provider. Everything is guarded by mu;
// values handed to zitadel's op are copies, so op never reads memory we change.
type storage struct {
	now      func() time.Time
	loginURL func(authRequestID string) string

	key   *rsa.PrivateKey
	keyID string

	mu        sync.RWMutex
	users     map[string]User   // by subject
	userOrder []string          // subjects in the order they were added
	byEmail   map[string]string // lower-case email → subject
	clients   map[string]Client // by client ID
	requests  map[string]*authRequest
	codes     map[string]string // code → auth request ID
	tokens    map[string]*accessToken
}

type accessToken struct {
	id        string
	subject   string
	clientID  string
	scopes    []string
	authTime  time.Time
	issuedAt  time.Time
	expiresAt time.Time
}

// authRequest is our op.AuthRequest. It is stored by pointer and handed out as a copy.
type authRequest struct {
	id           string
	createdAt    time.Time
	clientID     string
	redirectURI  string
	scopes       []string
	state        string
	nonce        string
	responseType oidc.ResponseType
	responseMode oidc.ResponseMode
	challenge    *oidc.CodeChallenge
	prompt       []string
	loginHint    string
	uiLocales    []string

	subject      string
	authTime     time.Time
	done         bool
	codeIssuedAt time.Time
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return nil }
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.challenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

func (a *authRequest) copy() *authRequest {
	c := *a
	c.scopes = slices.Clone(a.scopes)
	c.prompt = slices.Clone(a.prompt)
	c.uiLocales = slices.Clone(a.uiLocales)
	if a.challenge != nil {
		ch := *a.challenge
		c.challenge = &ch
	}
	return &c
}

func newStorage(key *rsa.PrivateKey, keyID string, now func() time.Time, loginURL func(string) string) *storage {
	return &storage{
		now:      now,
		loginURL: loginURL,
		key:      key,
		keyID:    keyID,
		users:    map[string]User{},
		byEmail:  map[string]string{},
		clients:  map[string]Client{},
		requests: map[string]*authRequest{},
		codes:    map[string]string{},
		tokens:   map[string]*accessToken{},
	}
}

// randomID returns an unguessable identifier (130 random bits, base32).
func randomID() string {
	return rand.Text()
}

// --- users and clients ---

func (s *storage) addUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.users[u.Subject]; ok {
		delete(s.byEmail, strings.ToLower(old.Email))
	} else {
		s.userOrder = append(s.userOrder, u.Subject)
	}
	s.users[u.Subject] = u
	if u.Email != "" {
		s.byEmail[strings.ToLower(u.Email)] = u.Subject
	}
}

func (s *storage) addClient(c Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c.ID] = c
}

func (s *storage) user(subject string) (User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	u, ok := s.users[subject]
	return u, ok
}

func (s *storage) userByEmail(email string) (User, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sub, ok := s.byEmail[strings.ToLower(strings.TrimSpace(email))]
	if !ok {
		return User{}, false
	}
	return s.users[sub], true
}

// allUsers returns the users in the order they were added.
func (s *storage) allUsers() []User {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]User, 0, len(s.userOrder))
	for _, sub := range s.userOrder {
		out = append(out, s.users[sub])
	}
	return out
}

// --- auth requests ---

// pruneLocked drops expired auth requests, codes and access tokens, so a long-running
// demo server does not grow without bound.
func (s *storage) pruneLocked(now time.Time) {
	for id, r := range s.requests {
		if now.Sub(r.createdAt) > authRequestLifetime {
			delete(s.requests, id)
		}
	}
	for code, id := range s.codes {
		if _, ok := s.requests[id]; !ok {
			delete(s.codes, code)
		}
	}
	for id, t := range s.tokens {
		if now.After(t.expiresAt) {
			delete(s.tokens, id)
		}
	}
}

// CreateAuthRequest stores a validated authorize request. zitadel's op has already checked
// client, redirect_uri (exact match), scopes and response_type. We add our own rule:
// PKCE with S256 for every client, public or confidential.
func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE is required: send a code_challenge with code_challenge_method=S256")
	}
	if req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("code_challenge_method must be S256")
	}
	now := s.now()
	a := &authRequest{
		id:           randomID(),
		createdAt:    now,
		clientID:     req.ClientID,
		redirectURI:  req.RedirectURI,
		scopes:       slices.Clone([]string(req.Scopes)),
		state:        req.State,
		nonce:        req.Nonce,
		responseType: req.ResponseType,
		responseMode: req.ResponseMode,
		challenge:    &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		prompt:       slices.Clone([]string(req.Prompt)),
		loginHint:    req.LoginHint,
	}
	for _, tag := range req.UILocales {
		a.uiLocales = append(a.uiLocales, tag.String())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pruneLocked(now)
	s.requests[a.id] = a
	return a.copy(), nil
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	a, err := s.authRequest(id)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// authRequest returns a copy of a live auth request.
func (s *storage) authRequest(id string) (*authRequest, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.requests[id]
	if !ok {
		return nil, errNotFound
	}
	if s.now().Sub(a.createdAt) > authRequestLifetime {
		return nil, errExpired
	}
	return a.copy(), nil
}

// completeLogin marks the auth request as authenticated by the user with the given subject.
// It fails when the request is unknown, expired or already completed, or the user is unknown.
func (s *storage) completeLogin(id, subject string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok || s.now().Sub(a.createdAt) > authRequestLifetime {
		return errNotFound
	}
	if a.done {
		return errors.New("devidp: auth request already completed")
	}
	if _, ok := s.users[subject]; !ok {
		return errNotFound
	}
	a.subject = subject
	a.authTime = s.now()
	a.done = true
	return nil
}

func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.codes[code]
	if !ok {
		return nil, errNotFound
	}
	a, ok := s.requests[id]
	if !ok {
		return nil, errNotFound
	}
	now := s.now()
	if now.Sub(a.codeIssuedAt) > codeLifetime || now.Sub(a.createdAt) > authRequestLifetime {
		return nil, errExpired
	}
	if !a.done {
		return nil, errNotAuthorized
	}
	return a.copy(), nil
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.requests[id]
	if !ok {
		return errNotFound
	}
	// One code per auth request: a second callback replaces the first code.
	for c, rid := range s.codes {
		if rid == id {
			delete(s.codes, c)
		}
	}
	s.codes[code] = id
	a.codeIssuedAt = s.now()
	return nil
}

// DeleteAuthRequest is called by op after a successful code exchange: the code is single use.
func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for c, rid := range s.codes {
		if rid == id {
			delete(s.codes, c)
		}
	}
	return nil
}

// --- tokens ---

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	a, ok := req.(*authRequest) // only the code flow issues tokens here
	if !ok {
		return "", time.Time{}, errNotSupported
	}
	now := s.now()
	t := &accessToken{
		id:        randomID(),
		subject:   a.subject,
		clientID:  a.clientID,
		scopes:    slices.Clone(a.scopes),
		authTime:  a.authTime,
		issuedAt:  now,
		expiresAt: now.Add(accessTokenLifetime),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[t.id] = t
	return t.id, t.expiresAt, nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errNotSupported
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession is called on RP-initiated logout. There is no login session at this
// provider (every authorize request asks again or uses login_hint), so we revoke the
// access tokens the client holds for the user.
func (s *storage) TerminateSession(_ context.Context, userID, clientID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.tokens {
		if t.subject == userID && t.clientID == clientID {
			delete(s.tokens, id)
		}
	}
	return nil
}

func (s *storage) RevokeToken(_ context.Context, tokenOrTokenID, userID, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[tokenOrTokenID]
	if !ok {
		return nil // RFC 7009: an unknown token is not an error
	}
	if t.clientID != clientID {
		return oidc.ErrInvalidClient().WithDescription("token was not issued to this client")
	}
	delete(s.tokens, tokenOrTokenID)
	return nil
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

// liveToken returns a copy of an unexpired access token.
func (s *storage) liveToken(id string) (accessToken, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.tokens[id]
	if !ok || s.now().After(t.expiresAt) {
		return accessToken{}, false
	}
	return *t, true
}

// --- keys ---

type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return signatureAlgorithm }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

type publicKey struct {
	id  string
	key *rsa.PublicKey
}

func (k publicKey) ID() string                         { return k.id }
func (k publicKey) Algorithm() jose.SignatureAlgorithm { return signatureAlgorithm }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return k.key }

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) {
	return signingKey{id: s.keyID, key: s.key}, nil
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{signatureAlgorithm}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{id: s.keyID, key: &s.key.PublicKey}}, nil
}

// --- clients ---

func (s *storage) GetClientByClientID(_ context.Context, clientID string) (op.Client, error) {
	s.mu.RLock()
	c, ok := s.clients[clientID]
	s.mu.RUnlock()
	if !ok {
		return nil, errUnknownClient
	}
	return &client{c: c, loginURL: s.loginURL}, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, clientID, clientSecret string) error {
	s.mu.RLock()
	c, ok := s.clients[clientID]
	s.mu.RUnlock()
	if !ok {
		return errUnknownClient
	}
	if c.Secret == "" || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(clientSecret)) != 1 {
		return errBadSecret
	}
	return nil
}

// --- claims ---

// setUserinfo fills the standard claims for the scopes, plus "groups" always.
func (s *storage) setUserinfo(info *oidc.UserInfo, subject string, scopes []string) error {
	u, ok := s.user(subject)
	if !ok {
		return errNotFound
	}
	info.Subject = u.Subject
	if slices.Contains(scopes, oidc.ScopeEmail) && u.Email != "" {
		info.Email = u.Email
		info.EmailVerified = true
	}
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = u.Name
		info.PreferredUsername = u.Email
	}
	groups := u.Groups
	if groups == nil {
		groups = []string{}
	}
	info.AppendClaims("groups", slices.Clone(groups))
	return nil
}

// SetUserinfoFromScopes is deprecated in op and intentionally empty; see SetUserinfoFromRequest.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's user claims.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return s.setUserinfo(info, req.GetSubject(), scopes)
}

// SetUserinfoFromToken answers the userinfo endpoint.
func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	t, ok := s.liveToken(tokenID)
	if !ok || t.subject != subject {
		return errors.New("devidp: access token invalid or expired")
	}
	return s.setUserinfo(info, t.subject, t.scopes)
}

func (s *storage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, clientID string) error {
	t, ok := s.liveToken(tokenID)
	if !ok || t.subject != subject {
		return errors.New("devidp: access token invalid or expired")
	}
	info := new(oidc.UserInfo)
	if err := s.setUserinfo(info, t.subject, t.scopes); err != nil {
		return err
	}
	resp.SetUserInfo(info)
	resp.Active = true
	resp.Scope = t.scopes
	resp.ClientID = t.clientID
	resp.Audience = []string{t.clientID}
	resp.Expiration = oidc.FromTime(t.expiresAt)
	resp.IssuedAt = oidc.FromTime(t.issuedAt)
	resp.AuthTime = oidc.FromTime(t.authTime)
	resp.JWTID = t.id
	return nil
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errNotSupported
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errNotSupported
}

func (s *storage) Health(context.Context) error { return nil }

var (
	_ op.Storage                   = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest = (*storage)(nil)
)

// --- op.Client ---

type client struct {
	c        Client
	loginURL func(string) string
}

func (c *client) GetID() string                    { return c.c.ID }
func (c *client) RedirectURIs() []string           { return slices.Clone(c.c.RedirectURIs) }
func (c *client) PostLogoutRedirectURIs() []string { return slices.Clone(c.c.PostLogoutRedirectURIs) }

// ApplicationType: a client with a secret is a confidential web client, one without
// is a public (browser) client.
func (c *client) ApplicationType() op.ApplicationType {
	if c.c.Secret != "" {
		return op.ApplicationTypeWeb
	}
	return op.ApplicationTypeUserAgent
}

func (c *client) AuthMethod() oidc.AuthMethod {
	if c.c.Secret != "" {
		return oidc.AuthMethodBasic // op accepts client_secret_post too (Config.AuthMethodPost)
	}
	return oidc.AuthMethodNone
}

func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string    { return c.loginURL(id) }
func (c *client) AccessTokenType() op.AccessTokenType {
	return op.AccessTokenTypeJWT
}
func (c *client) IDTokenLifetime() time.Duration { return idTokenLifetime }

// DevMode lets public clients use http:// redirect URIs (loopback demo and tests).
// Redirect URIs are still matched exactly: DevMode only relaxes the scheme rule.
func (c *client) DevMode() bool { return true }

func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}

func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(scopes []string) []string { return scopes }
}

func (c *client) IsScopeAllowed(scope string) bool { return scope == groupsScope }

// IDTokenUserinfoClaimsAssertion: put email/name/groups into the ID token even though an
// access token is issued too (op would otherwise strip the profile and email scopes).
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c *client) ClockSkew() time.Duration             { return 0 }
