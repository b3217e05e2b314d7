package identity_test

import (
	"context"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

func TestSettingsValidationAndSecretHandling(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		utrecht := e.tenant("utrecht")
		zeist, err := e.tenants.Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		bad := []struct {
			name  string
			in    identity.SettingsInput
			code  string
			field string
		}{
			{"plain http off loopback", identity.SettingsInput{Issuer: "http://idp.example", ClientID: "c", Provisioning: "jit"}, bondgenoten.EINVALID, "issuer"},
			{"no openid scope", identity.SettingsInput{Issuer: "https://idp.example", ClientID: "c", Scopes: []string{"email"}, Provisioning: "jit"}, bondgenoten.EINVALID, "scopes"},
			{"bureau role in a municipality", identity.SettingsInput{Issuer: "https://idp.example", ClientID: "c", Provisioning: "jit", GroupRoles: map[string][]string{"g": {"bureau-advisor"}}}, bondgenoten.EINVALID, "groupRoles.g"},
			{"unknown role", identity.SettingsInput{Issuer: "https://idp.example", ClientID: "c", Provisioning: "jit", GroupRoles: map[string][]string{"g": {"superuser"}}}, bondgenoten.EINVALID, "groupRoles.g"},
			{"bad domain", identity.SettingsInput{Issuer: "https://idp.example", ClientID: "c", Provisioning: "jit", EmailDomains: []string{"not a domain"}}, bondgenoten.EINVALID, "emailDomains"},
			{"domain of another tenant", identity.SettingsInput{Issuer: "https://idp.example", ClientID: "c", Provisioning: "jit", EmailDomains: []string{"Utrecht.demo"}}, bondgenoten.ECONFLICT, "emailDomains"},
			{"bad provisioning", identity.SettingsInput{Issuer: "https://idp.example", ClientID: "c", Provisioning: "maybe"}, bondgenoten.EINVALID, "provisioning"},
		}
		for _, c := range bad {
			_, _, err := e.ids.PutSettings(ctx, zeist, identity.Actor{Name: "test"}, c.in)
			if bondgenoten.ErrorCode(err) != c.code || bondgenoten.ErrorFields(err)[c.field].Rule == "" {
				t.Errorf("%s: %v (fields %v); want %s on %s", c.name, err, bondgenoten.ErrorFields(err), c.code, c.field)
			}
		}
		if _, err := e.ids.GetSettings(ctx, zeist.ID); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("refused settings were stored: %v", err)
		}

		// The secret is write-only: kept when left out, never shown.
		v, err := e.ids.GetSettings(ctx, utrecht.ID)
		if err != nil || !v.ClientSecretSet {
			t.Fatalf("GetSettings = %+v, %v", v, err)
		}
		if _, _, err := e.ids.PutSettings(ctx, utrecht, identity.Actor{Name: "test"}, identity.SettingsInput{
			Issuer: e.issuer, ClientID: "rp-utrecht", EmailDomains: []string{"utrecht.demo"}, Provisioning: "jit",
			GroupRoles: map[string][]string{"coordinator": {"coordinator"}},
		}); err != nil {
			t.Fatal(err)
		}
		if res := e.login("coordinator@utrecht.demo"); res.SessionToken == "" {
			t.Fatal("login failed after saving settings without the secret")
		}
		var stored []byte
		if err := db.Unscoped().NewSelect().Table("tenant_oidc").Column("client_secret").Where("tenant_id = ?", utrecht.ID).Scan(ctx, &stored); err != nil {
			t.Fatal(err)
		}
		if len(stored) == 0 || string(stored) == "s3cret" {
			t.Fatal("client secret not sealed at rest")
		}

		got, err := e.ids.TenantForEmail(ctx, "Someone@UTRECHT.demo")
		if err != nil || got.Slug != "utrecht" {
			t.Fatalf("TenantForEmail = %+v, %v", got, err)
		}
		if _, err := e.ids.TenantForEmail(ctx, "x@nowhere.example"); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			t.Fatalf("unknown domain: %v", err)
		}
	})
}
