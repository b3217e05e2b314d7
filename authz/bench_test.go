package authz_test

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// National scale: the tenants of tenanttest.SeedNational (520, with 690
// oversight relations) plus a platform tenant, and this many users.
const (
	benchUsers       = 5000
	usersPerBureau   = 20 // half advisors, half admins: each derives overseer in every tenant its bureau oversees
	benchOperators   = 4
	deactivatedEvery = 50 // every 50th local user is deactivated
)

// member is a seeded user with the role it holds in its home tenant.
type member struct {
	user, home uuid.UUID
	role       authz.Role
	active     bool
}

// nationalUsers spreads benchUsers users with every role over the tenants
// and inserts them in batches.
func nationalUsers(b *testing.B, db *store.DB, nat *tenanttest.National, platform uuid.UUID) []member {
	b.Helper()
	var out []member
	for _, bu := range nat.Bureaus {
		for i := range usersPerBureau {
			r := authz.BureauAdvisor
			if i%2 == 1 {
				r = authz.BureauAdmin
			}
			out = append(out, member{uuid.Must(uuid.NewV7()), bu.ID, r, true})
		}
	}
	for range benchOperators {
		out = append(out, member{uuid.Must(uuid.NewV7()), platform, authz.Operator, true})
	}
	local := append(append([]*tenant.Tenant{}, nat.Municipalities...), nat.PoliceUnits...)
	mix := []authz.Role{authz.Coordinator, authz.Staff, authz.Staff, authz.Staff, authz.CrisisLiaison, authz.TenantAdmin}
	for i := 0; len(out) < benchUsers; i++ {
		out = append(out, member{uuid.Must(uuid.NewV7()), local[i%len(local)].ID, mix[(i/len(local))%len(mix)], i%deactivatedEvery != 0})
	}

	now := time.Now().UTC()
	users := make([]identity.User, len(out))
	assignments := make([]identity.RoleAssignment, len(out))
	for i, m := range out {
		status := identity.StatusActive
		if !m.active {
			status = identity.StatusDeactivated
		}
		users[i] = identity.User{ID: m.user, TenantID: m.home, Issuer: "https://idp.example/" + m.home.String(),
			Subject: m.user.String(), Status: status, CreatedAt: now, UpdatedAt: now}
		assignments[i] = identity.RoleAssignment{UserID: m.user, TenantID: m.home, Role: string(m.role), Source: identity.SourceGroup, CreatedAt: now}
	}
	const batch = 1000
	ctx := context.Background()
	err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		for i := 0; i < len(out); i += batch {
			j := min(i+batch, len(out))
			u, r := users[i:j], assignments[i:j]
			if _, err := tx.NewInsert().Model(&u).Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.NewInsert().Model(&r).Exec(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatalf("insert users: %v", err)
	}
	return out
}

type request struct {
	user, tenant uuid.UUID
	c            authz.Category
	a            authz.Action
}

// requests draws n checks of one kind: "own" (a local or bureau user in its
// home tenant), "overseen" (a bureau user in a tenant its bureau oversees),
// "foreign" (any user in a local tenant neither its own nor overseen by its
// bureau).
func requests(rng *rand.Rand, kind string, n int, members []member, overseen map[uuid.UUID][]uuid.UUID, local []uuid.UUID) []request {
	cats, acts := authz.AllCategories(), authz.AllActions()
	var bureauUsers []member
	for _, m := range members {
		if len(overseen[m.home]) > 0 {
			bureauUsers = append(bureauUsers, m)
		}
	}
	out := make([]request, n)
	for i := range out {
		c, a := cats[rng.IntN(len(cats))], acts[rng.IntN(2)] // mostly plain read/write
		if rng.IntN(4) == 0 {
			a = acts[rng.IntN(len(acts))]
		}
		switch kind {
		case "own":
			m := members[rng.IntN(len(members))]
			out[i] = request{m.user, m.home, c, a}
		case "overseen":
			m := bureauUsers[rng.IntN(len(bureauUsers))]
			ts := overseen[m.home]
			out[i] = request{m.user, ts[rng.IntN(len(ts))], c, a}
		case "foreign":
			m := members[rng.IntN(len(members))]
			t := local[rng.IntN(len(local))]
			for t == m.home || slices.Contains(overseen[m.home], t) {
				t = local[rng.IntN(len(local))]
			}
			out[i] = request{m.user, t, c, a}
		}
	}
	return out
}

// BenchmarkAllowed checks access at national scale: 520 tenants, 690
// oversight relations, 5,000 users with every role. The enforcer is in
// memory, so one dialect (SQLite) suffices. The initial load is logged (-v)
// and timed again as the sub-benchmark "load". "casbin-enforce-mix" asks
// Casbin's own Enforce the same questions, for comparison.
func BenchmarkAllowed(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	v := newEnv(b, db)
	nat := tenanttest.SeedNational(b, v.svc, true)
	platform := v.tenant("platform", tenant.KindPlatform)
	start := time.Now()
	members := nationalUsers(b, db, nat, platform)
	b.Logf("inserted %d users and their role assignments in %s", len(members), time.Since(start).Round(time.Millisecond))

	var logs bytes.Buffer
	start = time.Now()
	e, err := authz.New(context.Background(), db, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("initial load (authz.New) took %s: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(logs.String()))

	// Which tenants each bureau oversees today, from the service itself.
	overseen := map[uuid.UUID][]uuid.UUID{}
	for _, bu := range nat.Bureaus {
		rels, err := v.svc.ListOversight(context.Background(), tenant.OversightFilter{BureauID: bu.ID})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rels {
			if r.EndsOn == nil {
				overseen[bu.ID] = append(overseen[bu.ID], r.TenantID)
			}
		}
	}
	var local []uuid.UUID
	for _, t := range append(append([]*tenant.Tenant{}, nat.Municipalities...), nat.PoliceUnits...) {
		local = append(local, t.ID)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	const n = 1 << 14
	sets := map[string][]request{
		"own":      requests(rng, "own", n, members, overseen, local),
		"overseen": requests(rng, "overseen", n, members, overseen, local),
		"foreign":  requests(rng, "foreign", n, members, overseen, local),
	}
	// The mix: 60 % own tenant, 20 % overseen, 20 % foreign.
	mix := make([]request, n)
	for i := range mix {
		switch p := rng.IntN(10); {
		case p < 6:
			mix[i] = sets["own"][i]
		case p < 8:
			mix[i] = sets["overseen"][i]
		default:
			mix[i] = sets["foreign"][i]
		}
	}
	sets["mix"] = mix

	run := func(name string, reqs []request) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			allowed := 0
			i := 0
			for b.Loop() {
				r := reqs[i&(n-1)]
				if e.Allowed(r.user, r.tenant, r.c, r.a) {
					allowed++
				}
				i++
			}
			b.ReportMetric(float64(allowed)/float64(i), "allowed/op")
		})
	}
	for _, name := range []string{"own", "overseen", "foreign", "mix"} {
		run(name, sets[name])
	}
	b.Run("mix-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := rand.IntN(n)
			for pb.Next() {
				r := mix[i&(n-1)]
				e.Allowed(r.user, r.tenant, r.c, r.a)
				i++
			}
		})
	})
	b.Run("reaches-mix", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := mix[i&(n-1)]
			e.Reaches(r.user, r.tenant)
			i++
		}
	})
	// For comparison: the same mix through Casbin's own Enforce on the
	// same loaded policy (what Allowed would cost without the compiled table).
	b.Run("casbin-enforce-mix", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := mix[i&(n-1)]
			e.CasbinAllowed(r.user, r.tenant, r.c, r.a)
			i++
		}
	})
	// New and Reload share one code path: this is the cost of the initial load.
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := e.Reload(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
