package identity_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// hostileProvider is a real OpenID provider over HTTP — discovery, JWKS,
// authorize and token endpoints — whose ID tokens are forged in one chosen
// way. It shows that every forgery is refused by the relying party.
type hostileProvider struct {
	*httptest.Server
	key, otherKey *rsa.PrivateKey
	forge         string // which rule the next ID token breaks

	mu     sync.Mutex
	nonces map[string]string // code → nonce of its authorize request
}

func newHostileProvider(t *testing.T) *hostileProvider {
	t.Helper()
	h := &hostileProvider{nonces: map[string]string{}}
	var err error
	if h.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if h.otherKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Server = httptest.NewServer(mux)
	t.Cleanup(h.Close)
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{
			"issuer": h.URL, "authorization_endpoint": h.URL + "/authorize", "token_endpoint": h.URL + "/token",
			"jwks_uri": h.URL + "/jwks", "response_types_supported": []string{"code"},
			"subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &h.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := "code-" + q.Get("state")[:8]
		h.mu.Lock()
		h.nonces[code] = q.Get("nonce")
		h.mu.Unlock()
		back, _ := url.Parse(q.Get("redirect_uri"))
		back.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		h.mu.Lock()
		nonce := h.nonces[r.PostForm.Get("code")]
		h.mu.Unlock()
		writeJSON(w, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": h.idToken(t, nonce)})
	})
	return h
}

func (h *hostileProvider) idToken(t *testing.T, nonce string) string {
	claims := map[string]any{
		"iss": h.URL, "sub": "forged-subject", "aud": "rp-hostile", "nonce": nonce,
		"iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix(),
		"email": "staff@utrecht.demo", "name": "Vervalst", "groups": []string{"coordinator"},
	}
	key := h.key
	switch h.forge {
	case "wrong issuer":
		claims["iss"] = "https://another-issuer.example"
	case "wrong audience":
		claims["aud"] = "some-other-client"
	case "expired":
		claims["iat"], claims["exp"] = time.Now().Add(-2*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix()
	case "bad signature":
		key = h.otherKey
	case "unverified email":
		claims["email_verified"] = false
	case "alg none":
		payload, _ := json.Marshal(claims)
		header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
		return header + "." + base64.RawURLEncoding.EncodeToString(payload) + "."
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := obj.CompactSerialize()
	return out
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func TestForgedIDTokensAreRefused(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		h := newHostileProvider(t)
		secretValue := "x"
		if _, _, err := e.ids.PutSettings(ctx, e.tenant("utrecht"), identity.Actor{Name: "test"}, identity.SettingsInput{
			Issuer: h.URL, ClientID: "rp-hostile", ClientSecret: &secretValue, Provisioning: identity.ProvisionJIT,
			EmailDomains: []string{"utrecht.demo"},
			GroupRoles:   map[string][]string{"coordinator": {"coordinator"}},
		}); err != nil {
			t.Fatal(err)
		}
		// The honest token of this provider is accepted: the forgeries below
		// fail for their forgery alone.
		for _, forge := range []string{"", "wrong issuer", "wrong audience", "expired", "bad signature", "alg none", "unverified email"} {
			h.forge = forge
			start, err := e.ids.StartLogin(ctx, identity.LoginRequest{TenantSlug: "utrecht", CallbackURL: callbackURL})
			if err != nil {
				t.Fatal(err)
			}
			back := authorize(t, start.RedirectURL)
			_, err = e.finish(start, back)
			if forge == "" {
				if err != nil {
					t.Fatalf("honest token refused: %v", err)
				}
				continue
			}
			if forge == "unverified email" {
				wantRefused(t, err, identity.ErrLoginDomain)
				continue
			}
			wantRefused(t, err, identity.ErrLoginFailed)
		}
		if n, _ := db.Unscoped().NewSelect().Table("sessions").Count(ctx); n != 1 {
			t.Fatalf("sessions = %d; want only the honest one", n)
		}
	})
}
