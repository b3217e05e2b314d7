// Package identity signs people in through their own organisation's
// OpenID provider and keeps who they are: per-tenant OIDC settings, users
// keyed by (tenant, issuer, subject), their roles, and server-side sessions.
// What a signed-in user may see is decided by package authz.
package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Status of a user account.
type Status string

const (
	StatusActive      Status = "active"
	StatusPending     Status = "pending" // waiting for a tenant admin's approval
	StatusDeactivated Status = "deactivated"
)

// User is a person of one tenant, known by the subject their identity
// provider gives them. Name and email come from the ID token's claims.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID          uuid.UUID  `bun:"id,pk,type:uuid"`
	TenantID    uuid.UUID  `bun:"tenant_id,type:uuid"`
	Issuer      string     `bun:"issuer"`
	Subject     string     `bun:"subject"`
	Email       string     `bun:"email"`
	Name        string     `bun:"name"`
	Status      Status     `bun:"status"`
	CreatedAt   time.Time  `bun:"created_at"`
	UpdatedAt   time.Time  `bun:"updated_at"`
	LastLoginAt *time.Time `bun:"last_login_at"`
}

// Role sources: from the identity provider's groups, or set by an admin.
const (
	SourceGroup = "group"
	SourceAdmin = "admin"
)

// RoleAssignment gives a user a role in their tenant.
type RoleAssignment struct {
	bun.BaseModel `bun:"table:role_assignments"`

	UserID    uuid.UUID `bun:"user_id,pk,type:uuid"`
	TenantID  uuid.UUID `bun:"tenant_id,type:uuid"`
	Role      string    `bun:"role,pk"`
	Source    string    `bun:"source"`
	CreatedAt time.Time `bun:"created_at"`
}

// PolicyReloader is the authorization enforcer of this replica: after a
// change of roles or user status it reloads at once (other replicas follow
// through the policy version they poll).
type PolicyReloader interface {
	Reload(ctx context.Context) error
}

// Service is identity's entry point.
type Service struct {
	DB      *store.DB
	Keys    *secret.Keyring
	Tenants *tenant.Service
	Policy  PolicyReloader
	Logger  *slog.Logger
	// Networks tells whether a tenant takes part in a network (its SSO is
	// then in use even before anyone signs in); nil counts every tenant in use.
	Networks Participation
	// HTTPClient talks to identity providers (discovery, token endpoint).
	HTTPClient *http.Client
	// SessionIdle ends a session after this long without a request;
	// SessionAbsolute ends it this long after login, whatever happens.
	SessionIdle     time.Duration
	SessionAbsolute time.Duration
	// Clock tells the time (nil is the system clock); tests move it.
	Clock bondgenoten.Clock
	// Jobs inserts the follow-up of a change of roles or status
	// (StaffChangedArgs) in the change's transaction; nil inserts none.
	Jobs store.JobInserter

	providers sync.Map // issuer → *oidc.Provider, one per issuer
}

// Defaults suited to government use: a short idle timeout, a working day at most.
const (
	DefaultSessionIdle     = 30 * time.Minute
	DefaultSessionAbsolute = 12 * time.Hour
	loginAttemptLifetime   = 10 * time.Minute
)

func (s *Service) now() time.Time { return bondgenoten.NowOn(s.Clock) }

func (s *Service) idle() time.Duration {
	if s.SessionIdle > 0 {
		return s.SessionIdle
	}
	return DefaultSessionIdle
}

func (s *Service) absolute() time.Duration {
	if s.SessionAbsolute > 0 {
		return s.SessionAbsolute
	}
	return DefaultSessionAbsolute
}

func (s *Service) reloadPolicy(ctx context.Context) {
	if s.Policy == nil {
		return
	}
	if err := s.Policy.Reload(ctx); err != nil && s.Logger != nil {
		s.Logger.Error("reloading authorization policy failed", "err", err)
	}
}

// randomToken returns 32 random bytes, URL-safe base64: session IDs, state,
// nonces and browser bindings.
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashToken is how secrets handed to browsers are stored: a database leak
// does not yield usable session IDs or states.
func hashToken(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}
