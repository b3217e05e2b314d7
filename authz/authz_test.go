package authz_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

func TestCatalogue(t *testing.T) {
	local := []authz.Role{authz.Coordinator, authz.Staff, authz.CrisisLiaison, authz.TenantAdmin}
	for kind, want := range map[tenant.Kind][]authz.Role{
		tenant.KindMunicipality: local,
		tenant.KindPoliceUnit:   local,
		tenant.KindBureau:       {authz.BureauAdvisor, authz.BureauAdmin},
		tenant.KindPlatform:     {authz.Operator},
		tenant.Kind("club"):     nil,
	} {
		if got := authz.RolesFor(kind); !slices.Equal(got, want) {
			t.Errorf("RolesFor(%s) = %v; want %v", kind, got, want)
		}
		for _, r := range want {
			if !authz.Assignable(kind, r) {
				t.Errorf("Assignable(%s, %s) = false", kind, r)
			}
		}
	}
	if authz.Assignable(tenant.KindBureau, authz.Overseer) || authz.Assignable(tenant.KindMunicipality, authz.Overseer) {
		t.Error("overseer is assignable; it must be derived only")
	}
	if authz.Assignable(tenant.KindBureau, authz.Coordinator) || authz.Assignable(tenant.KindMunicipality, authz.Operator) {
		t.Error("a role is assignable in a tenant kind that may not hold it")
	}
	if !authz.Overseer.Derived() || authz.BureauAdvisor.Derived() {
		t.Error("Derived is wrong")
	}
	for _, r := range authz.AllRoles() {
		if !authz.Valid(r) {
			t.Errorf("Valid(%s) = false", r)
		}
		nl, en := r.Label(language.Dutch), r.Label(language.BritishEnglish)
		if nl == "" || en == "" || nl == string(r) || en == string(r) {
			t.Errorf("%s: labels %q / %q", r, nl, en)
		}
		if r.Label(language.French) != nl {
			t.Errorf("%s: French does not fall back to Dutch", r)
		}
	}
	if authz.Valid("superuser") || authz.Valid("") {
		t.Error("Valid accepts an unknown role")
	}
	if got := authz.Coordinator.Label(language.Dutch); got != "Coördinator" {
		t.Errorf("Dutch label of coordinator = %q", got)
	}
	for _, c := range authz.AllCategories() {
		want := c == authz.Contacts || c == authz.Sensitive || c == authz.Signals
		if authz.Audited(c) != want {
			t.Errorf("Audited(%s) = %v; want %v", c, !want, want)
		}
	}
}

func TestUnknownInputsAreDenied(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		u := v.user(muni, "active", authz.Coordinator)
		e := v.enforcer()
		if !e.Allowed(u, muni, authz.Org, authz.Read) {
			t.Fatal("coordinator cannot read org")
		}
		for _, denied := range []bool{
			e.Allowed(u, muni, "everything", authz.Read),
			e.Allowed(u, muni, authz.Org, "*"),
			e.Allowed(uuid.Nil, muni, authz.Org, authz.Read),
			e.Allowed(u, uuid.Nil, authz.Org, authz.Read),
			e.Allowed(uuid.New(), muni, authz.Org, authz.Read),
			e.Reaches(uuid.Nil, uuid.Nil),
		} {
			if denied {
				t.Error("an unknown input was allowed")
			}
		}
	})
}

// TestInactiveUsersHoldNothing: pending and deactivated users hold no role,
// and deactivating a user takes effect on Reload.
func TestInactiveUsersHoldNothing(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		bureau := v.tenant("bureau-rvs", tenant.KindBureau)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		v.oversee(bureau, muni, bondgenoten.Today().AddDays(-1), nil)
		deactivated := v.user(muni, "deactivated", authz.Coordinator, authz.TenantAdmin)
		pending := v.user(muni, "pending", authz.Coordinator)
		deactivatedAdvisor := v.user(bureau, "deactivated", authz.BureauAdvisor)
		active := v.user(bureau, "active", authz.BureauAdmin)
		e := v.enforcer()

		for name, c := range map[string]struct{ user, tenant uuid.UUID }{
			"deactivated coordinator":       {deactivated, muni},
			"pending coordinator":           {pending, muni},
			"deactivated advisor, own":      {deactivatedAdvisor, bureau},
			"deactivated advisor, overseen": {deactivatedAdvisor, muni},
		} {
			if e.Reaches(c.user, c.tenant) {
				t.Errorf("%s reaches the tenant", name)
			}
			if got := allowedAnything(e, c.user, c.tenant); got != "" {
				t.Errorf("%s may %s", name, got)
			}
		}
		if !e.Reaches(active, muni) || !e.Allowed(active, bureau, authz.Oversight, authz.Manage) {
			t.Fatal("active bureau admin lacks reach")
		}

		v.change(func(ctx context.Context, tx bun.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE users SET status = 'deactivated' WHERE id = ?", active.String())
			return err
		})
		v.reload(e)
		if e.Reaches(active, muni) || e.Reaches(active, bureau) || allowedAnything(e, active, bureau) != "" {
			t.Fatal("deactivated bureau admin keeps access after Reload")
		}
	})
}

// TestRevokedOversightEndsReachAtOnce: ending oversight today, with
// BumpVersion and Reload, removes the overseer's reach on this replica.
func TestRevokedOversightEndsReachAtOnce(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		today := bondgenoten.Today()
		bureau := v.tenant("bureau-rvs", tenant.KindBureau)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		rel := v.oversee(bureau, muni, today.AddDays(-100), nil)
		advisor := v.user(bureau, "active", authz.BureauAdvisor)
		e := v.enforcer()
		if !e.Reaches(advisor, muni) || !e.Allowed(advisor, muni, authz.Tension, authz.ReadAggregate) {
			t.Fatal("advisor lacks reach in an overseen tenant")
		}

		if _, err := v.svc.UpdateOversight(v.ctx, rel, tenant.OversightUpdate{
			EndsOn: bondgenoten.Patch[bondgenoten.Date]{Set: true, Value: &today},
		}, "Test"); err != nil {
			t.Fatal(err)
		}
		if err := authz.BumpVersion(v.ctx, db.Unscoped()); err != nil {
			t.Fatal(err)
		}
		v.reload(e)
		if e.Reaches(advisor, muni) || allowedAnything(e, advisor, muni) != "" {
			t.Fatal("advisor still reaches the tenant after the oversight ended today")
		}
		if !e.Allowed(advisor, bureau, authz.Oversight, authz.Read) {
			t.Fatal("advisor lost rights in the own bureau")
		}
	})
}

// TestOversightStartingTomorrow gives no reach today, and reach once the
// day changes: Run reloads on a new calendar day without a version bump.
func TestOversightStartingTomorrow(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		today := bondgenoten.Today()
		bureau := v.tenant("bureau-rvs", tenant.KindBureau)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		v.oversee(bureau, muni, today.AddDays(1), nil)
		advisor := v.user(bureau, "active", authz.BureauAdvisor)
		e := v.enforcer()
		if e.Reaches(advisor, muni) || allowedAnything(e, advisor, muni) != "" {
			t.Fatal("oversight starting tomorrow gives reach today")
		}

		e.SetClock(bondgenoten.NewTestClock(today.AddDays(1).Noon()))
		ctx, cancel := context.WithCancel(v.ctx)
		defer cancel()
		go e.Run(ctx)
		eventually(t, "reach on the day oversight starts", func() bool {
			return e.Allowed(advisor, muni, authz.Org, authz.Read)
		})
	})
}

// TestReplicaPicksUpChangeViaRun: a second Enforcer on the same database
// (another replica) follows a role change through policy_version.
func TestReplicaPicksUpChangeViaRun(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		user := v.user(muni, "active", authz.Staff)
		here, replica := v.enforcer(), v.enforcer()
		ctx, cancel := context.WithCancel(v.ctx)
		defer cancel()
		done := make(chan struct{})
		go func() { replica.Run(ctx); close(done) }()

		v.change(func(ctx context.Context, tx bun.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE role_assignments SET role = ? WHERE user_id = ?",
				string(authz.Coordinator), user.String())
			return err
		})
		v.reload(here)
		if !here.Allowed(user, muni, authz.Sensitive, authz.Read) {
			t.Fatal("this replica: promotion not applied after Reload")
		}
		eventually(t, "replica picks up the promotion", func() bool {
			return replica.Allowed(user, muni, authz.Sensitive, authz.Read)
		})
		if replica.LoadedVersion() != here.LoadedVersion() {
			t.Fatalf("replica at version %d, this one at %d", replica.LoadedVersion(), here.LoadedVersion())
		}
		if got := replica.Roles(user, muni); !slices.Equal(got, []authz.Role{authz.Coordinator}) {
			t.Fatalf("replica Roles = %v", got)
		}

		// And a revocation the same way.
		v.change(func(ctx context.Context, tx bun.Tx) error {
			_, err := tx.ExecContext(ctx, "DELETE FROM role_assignments WHERE user_id = ?", user.String())
			return err
		})
		eventually(t, "replica picks up the revocation", func() bool {
			return !replica.Reaches(user, muni)
		})

		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
	})
}

// TestBumpVersionRollsBackWithItsTransaction: a failed change leaves the
// version as it was, so replicas do not reload for nothing.
func TestBumpVersionRollsBackWithItsTransaction(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		e := v.enforcer()
		before := e.LoadedVersion()
		boom := errors.New("boom")
		err := db.InTx(v.ctx, func(ctx context.Context, tx bun.Tx) error {
			if err := authz.BumpVersion(ctx, tx); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		v.reload(e)
		if e.LoadedVersion() != before {
			t.Fatalf("version %d after rollback; want %d", e.LoadedVersion(), before)
		}
		v.change(func(context.Context, bun.Tx) error { return nil })
		v.reload(e)
		if e.LoadedVersion() != before+1 {
			t.Fatalf("version %d after a bump; want %d", e.LoadedVersion(), before+1)
		}
	})
}

// TestChecksDuringReloads runs checks while policies are swapped; under
// -race it proves the swap is safe, and every answer is one of the two
// policies, never a half-loaded one.
func TestChecksDuringReloads(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		v := newEnv(t, db)
		muni := v.tenant("utrecht", tenant.KindMunicipality)
		var users []uuid.UUID
		for range 50 {
			users = append(users, v.user(muni, "active", authz.Coordinator))
		}
		e := v.enforcer()
		ctx, cancel := context.WithCancel(v.ctx)
		defer cancel()

		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for ctx.Err() == nil {
					for _, u := range users {
						if !e.Allowed(u, muni, authz.Contacts, authz.Write) || !e.Reaches(u, muni) {
							t.Error("a check saw a policy without the coordinators")
							cancel()
							return
						}
						_ = e.Roles(u, muni)
					}
				}
			})
		}
		for range 10 {
			if err := e.Reload(ctx); err != nil && ctx.Err() == nil {
				t.Fatal(err)
			}
		}
		cancel()
		wg.Wait()
	})
}
