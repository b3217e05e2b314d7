package authz_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// env creates tenants, oversight, users and role assignments for a test.
// Users and role assignments are plain INSERTs: the identity package owns
// those tables.
type env struct {
	tb  testing.TB
	ctx context.Context
	db  *store.DB
	svc *tenant.Service
}

func newEnv(tb testing.TB, db *store.DB) *env {
	tb.Helper()
	return &env{tb: tb, ctx: context.Background(), db: db, svc: tenanttest.Service(tb, db)}
}

// tenant creates a tenant through the tenant service; the platform tenant,
// which the service does not create, with a plain INSERT.
func (v *env) tenant(slug string, kind tenant.Kind) uuid.UUID {
	v.tb.Helper()
	if kind == tenant.KindPlatform {
		id := uuid.Must(uuid.NewV7())
		now := time.Now().UTC()
		v.exec("INSERT INTO tenants (id, slug, name, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			id.String(), slug, "Platform "+slug, string(kind), now, now)
		return id
	}
	t, err := v.svc.Create(v.ctx, tenant.CreateInput{Slug: slug, Name: "Naam " + slug, Kind: kind})
	if err != nil {
		v.tb.Fatalf("create tenant %s: %v", slug, err)
	}
	return t.ID
}

// oversee makes bureau oversee of from startsOn (until endsOn, if not nil).
func (v *env) oversee(bureau, of uuid.UUID, startsOn bondgenoten.Date, endsOn *bondgenoten.Date) uuid.UUID {
	v.tb.Helper()
	o, err := v.svc.CreateOversight(v.ctx, tenant.OversightInput{
		BureauID: bureau, TenantID: of, StartsOn: startsOn, EndsOn: endsOn, GrantedBy: "Test",
	})
	if err != nil {
		v.tb.Fatalf("create oversight: %v", err)
	}
	if _, err := v.svc.AcceptOversight(v.ctx, o.ID, of, "Test", nil); err != nil {
		v.tb.Fatalf("accept oversight: %v", err)
	}
	return o.ID
}

// user inserts a user of tenantID with status and assigns roles in that
// tenant.
func (v *env) user(tenantID uuid.UUID, status string, roles ...authz.Role) uuid.UUID {
	v.tb.Helper()
	id := uuid.Must(uuid.NewV7())
	now := time.Now().UTC()
	v.exec(`INSERT INTO users (id, tenant_id, issuer, subject, email, name, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id.String(), tenantID.String(), "https://idp.example/"+tenantID.String(), id.String(),
		"", "", status, now, now)
	for _, r := range roles {
		v.assign(id, tenantID, r)
	}
	return id
}

// assign inserts one role assignment.
func (v *env) assign(userID, tenantID uuid.UUID, r authz.Role) {
	v.tb.Helper()
	v.exec("INSERT INTO role_assignments (user_id, tenant_id, role, source, created_at) VALUES (?, ?, ?, 'admin', ?)",
		userID.String(), tenantID.String(), string(r), time.Now().UTC())
}

func (v *env) exec(q string, args ...any) {
	v.tb.Helper()
	if _, err := v.db.Unscoped().ExecContext(v.ctx, q, args...); err != nil {
		v.tb.Fatalf("%s: %v", q, err)
	}
}

// change runs fn and BumpVersion in one transaction, as the owners of roles,
// users and oversight do.
func (v *env) change(fn func(ctx context.Context, tx bun.Tx) error) {
	v.tb.Helper()
	err := v.db.InTx(v.ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		return authz.BumpVersion(ctx, tx)
	})
	if err != nil {
		v.tb.Fatalf("change: %v", err)
	}
}

func (v *env) enforcer() *authz.Enforcer {
	v.tb.Helper()
	e, err := authz.New(v.ctx, v.db, nil)
	if err != nil {
		v.tb.Fatalf("authz.New: %v", err)
	}
	return e
}

func (v *env) reload(e *authz.Enforcer) {
	v.tb.Helper()
	if err := e.Reload(v.ctx); err != nil {
		v.tb.Fatalf("Reload: %v", err)
	}
}

// allowedAnything reports the first (category, action) user may do in
// tenantID, or "" when none.
func allowedAnything(e *authz.Enforcer, userID, tenantID uuid.UUID) string {
	for _, c := range authz.AllCategories() {
		for _, a := range authz.AllActions() {
			if e.Allowed(userID, tenantID, c, a) {
				return fmt.Sprintf("%s %s", c, a)
			}
		}
	}
	return ""
}

// eventually waits for cond until a deadline; it asserts that it happens,
// not how fast.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("%s: did not happen within 10 s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
