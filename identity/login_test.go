package identity_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

func TestLoginJITWithGroupMapping(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		res := e.login("coordinator@utrecht.demo")
		if res.ReturnTo != "/organisaties" || res.SessionToken == "" || res.User.Status != identity.StatusActive {
			t.Fatalf("result = %+v", res)
		}
		sess, user, err := e.ids.Authenticate(ctx, res.SessionToken)
		if err != nil || user.Email != "coordinator@utrecht.demo" || user.Issuer != e.issuer || user.Subject == "" || sess.TenantID != e.tenant("utrecht").ID {
			t.Fatalf("Authenticate = %+v, %+v, %v", sess, user, err)
		}
		if roles := e.authz.Roles(user.ID, user.TenantID); !slices.Equal(roles, []authz.Role{authz.Coordinator}) {
			t.Fatalf("roles = %v; want [coordinator] from the group mapping", roles)
		}
		// A second login is a new session with a new ID; the user stays one.
		again := e.login("coordinator@utrecht.demo")
		if again.SessionToken == res.SessionToken || again.User.ID != res.User.ID {
			t.Fatal("second login reused the session token or made a second user")
		}
	})
}

func TestGroupMappingChangesFollowAtNextLoginAdminRolesStay(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		admin := e.login("tenant-admin@utrecht.demo").User
		u := e.login("staff@utrecht.demo").User
		if _, err := e.ids.SetRoles(ctx, e.tenant("utrecht"), admin, u.ID, []string{"tenant-admin"}); err != nil {
			t.Fatal(err)
		}
		e.configure(identity.ProvisionJIT, map[string][]string{"staff": {"crisis-liaison"}})
		e.login("staff@utrecht.demo")
		roles, _ := e.ids.RolesOf(ctx, u.ID)
		if !slices.Equal(roles, []string{"crisis-liaison", "tenant-admin"}) {
			t.Fatalf("roles after remapping = %v; want crisis-liaison (group) and tenant-admin (admin)", roles)
		}
	})
}

func TestLoginWaitsForApprovalWithoutJIT(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		e.configure(identity.ProvisionApproval, nil)
		start, back := e.start("staff@utrecht.demo")
		_, err := e.finish(start, back)
		wantRefused(t, err, identity.ErrLoginPending)
		users, _ := e.ids.Users(ctx, e.tenant("utrecht").ID)
		if len(users) != 1 || users[0].Status != identity.StatusPending {
			t.Fatalf("users = %+v; want one pending", users)
		}
		if _, err := e.ids.SetStatus(ctx, e.tenant("utrecht").ID, users[0].ID, identity.StatusActive); err != nil {
			t.Fatal(err)
		}
		if res := e.login("staff@utrecht.demo"); res.SessionToken == "" {
			t.Fatal("approved user got no session")
		}
	})
}

func TestDeactivationEndsSessionsAndRefusesLogin(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		res := e.login("coordinator@utrecht.demo")
		second := e.login("coordinator@utrecht.demo")
		if _, err := e.ids.SetStatus(ctx, e.tenant("utrecht").ID, res.User.ID, identity.StatusDeactivated); err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{res.SessionToken, second.SessionToken} {
			if _, _, err := e.ids.Authenticate(ctx, tok); bondgenoten.ErrorCode(err) != bondgenoten.EUNAUTHORIZED {
				t.Fatalf("session after deactivation: %v; want unauthorized", err)
			}
		}
		if e.authz.Reaches(res.User.ID, res.User.TenantID) {
			t.Fatal("deactivated user still holds roles")
		}
		start, back := e.start("coordinator@utrecht.demo")
		_, err := e.finish(start, back)
		wantRefused(t, err, identity.ErrLoginDeactivated)
	})
}

func TestLoginProtocolChecks(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()

		t.Run("state mismatch", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			back.Set("state", "forged-state")
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("replayed state", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			if _, err := e.finish(start, back); err != nil {
				t.Fatal(err)
			}
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("other browser", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			start.BrowserToken = "someone-else"
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("missing PKCE verifier", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			e.tamper("pkce_verifier", "")
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("wrong PKCE verifier", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			e.tamper("pkce_verifier", "a-verifier-that-does-not-match-the-challenge-sent-at-all")
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("nonce mismatch", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			e.tamper("nonce", "another-nonce")
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("expired attempt", func(t *testing.T) {
			start, back := e.start("staff@utrecht.demo")
			e.clock = e.clock.Add(11 * time.Minute)
			defer func() { e.clock = e.clock.Add(-11 * time.Minute) }()
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginFailed)
		})
		t.Run("email outside the tenant's domains", func(t *testing.T) {
			start, back := e.start("buiten@elders.example")
			_, err := e.finish(start, back)
			wantRefused(t, err, identity.ErrLoginDomain)
		})
		t.Run("off-site return_to", func(t *testing.T) {
			for _, rt := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "evil"} {
				_, err := e.ids.StartLogin(ctx, identity.LoginRequest{TenantSlug: "utrecht", ReturnTo: rt, CallbackURL: callbackURL})
				if bondgenoten.ErrorCode(err) != bondgenoten.EINVALID {
					t.Errorf("return_to %q: %v; want invalid", rt, err)
				}
			}
		})
		t.Run("unknown tenant", func(t *testing.T) {
			_, err := e.ids.StartLogin(ctx, identity.LoginRequest{TenantSlug: "atlantis", CallbackURL: callbackURL})
			if bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
				t.Fatalf("unknown tenant: %v", err)
			}
		})
		if n, _ := e.db.Unscoped().NewSelect().Table("sessions").Count(ctx); n != 1 {
			t.Fatalf("sessions = %d; only the one honest login may have made one", n)
		}
	})
}

// tamper changes the one pending login attempt, as an attacker who could
// not complete the protocol would leave it.
func (e *env) tamper(column, value string) {
	e.t.Helper()
	if _, err := e.db.Unscoped().NewUpdate().Table("login_attempts").Set("? = ?", bunIdent(column), value).Where("1 = 1").Exec(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func TestSessionTimeoutsAndOwnSessions(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		a := e.login("coordinator@utrecht.demo")
		b := e.login("coordinator@utrecht.demo")
		sessA, user, err := e.ids.Authenticate(ctx, a.SessionToken)
		if err != nil {
			t.Fatal(err)
		}
		list, err := e.ids.Sessions(ctx, user.ID, sessA)
		if err != nil || len(list) != 2 {
			t.Fatalf("sessions = %d, %v; want 2", len(list), err)
		}
		var other uuid.UUID
		for _, s := range list {
			if !s.Current {
				other = s.ID
			}
		}
		if err := e.ids.EndSession(ctx, user.ID, other); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.ids.Authenticate(ctx, b.SessionToken); err == nil {
			t.Fatal("ended session still works")
		}
		if err := e.ids.EndSession(ctx, uuid.New(), sessA.ID); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("ending another user's session: %v; want not found", err)
		}

		// Idle: 31 minutes without a request ends it.
		e.clock = e.clock.Add(31 * time.Minute)
		if _, _, err := e.ids.Authenticate(ctx, a.SessionToken); bondgenoten.ErrorCode(err) != bondgenoten.EUNAUTHORIZED {
			t.Fatalf("idle session: %v; want unauthorized", err)
		}
		// Absolute: active every 20 minutes, still over after 12 hours.
		c := e.login("coordinator@utrecht.demo")
		for range 40 {
			e.clock = e.clock.Add(20 * time.Minute)
			if _, _, err := e.ids.Authenticate(ctx, c.SessionToken); err != nil {
				break
			}
		}
		if _, _, err := e.ids.Authenticate(ctx, c.SessionToken); bondgenoten.ErrorCode(err) != bondgenoten.EUNAUTHORIZED {
			t.Fatalf("session past its absolute end: %v", err)
		}
		if n, err := e.ids.PurgeExpired(ctx); err != nil || n < 0 {
			t.Fatalf("PurgeExpired = %d, %v", n, err)
		}
	})
}

func TestLogoutOffersRPInitiatedLogout(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		res := e.login("coordinator@utrecht.demo")
		tenantID, hint, err := e.ids.Logout(ctx, res.SessionToken)
		if err != nil || tenantID != e.tenant("utrecht").ID || hint == "" {
			t.Fatalf("Logout = %v, %q, %v; want the tenant and the ID token hint", tenantID, hint, err)
		}
		if _, _, err := e.ids.Authenticate(ctx, res.SessionToken); err == nil {
			t.Fatal("session works after logout")
		}
		u := e.ids.EndSessionURL(ctx, tenantID, hint, "http://127.0.0.1:1/")
		if u == "" || !containsAll(u, e.issuer, "id_token_hint=", "post_logout_redirect_uri=") {
			t.Fatalf("end session URL = %q", u)
		}
	})
}
