package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/authz"
	"github.com/bondgenoten/bondgenoten/devidp"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Platform is the operators' tenant of demo mode.
var Platform = Tenant{tenant.PlatformSlug, "Platformbeheer", "Landelijk", tenant.KindPlatform}

// SecretKey seals secrets in demo mode when BONDGENOTEN_SECRET_KEY is unset.
// It is public: demo data is fictional.
const SecretKey = "demo:Ym9uZGdlbm90ZW4tZGVtby1rZXktbm90LXNlY3JldCE="

// MailFrom is the sender of the demo's email, caught by the demo mailbox.
const MailFrom = "Bondgenoten (demo) <noreply@bondgenoten.example>"

// clientSecret is the demo identity provider's secret for a tenant's client.
// It is fixed and public on purpose: the demo provider exists only in demo
// mode and knows only fictional people.
func clientSecret(slug string) string { return "demo-secret-" + slug }

// ClientID is the demo identity provider's client of a tenant.
func ClientID(slug string) string { return "demo-" + slug }

// IdentityProvider builds the built-in OpenID provider of demo mode, served
// at publicURL + "/dev-idp", with a client per demo tenant and a user per
// role of each (<role>@<slug>.demo).
func IdentityProvider(publicURL string) (*devidp.Provider, error) {
	all := append([]Tenant{Platform}, Tenants...)
	var demoTenants []devidp.DemoTenant
	var clients []devidp.Client
	for _, d := range all {
		demoTenants = append(demoTenants, devidp.DemoTenant{Slug: d.Slug, Kind: string(d.Kind)})
		clients = append(clients, devidp.Client{
			ID: ClientID(d.Slug), Secret: clientSecret(d.Slug),
			RedirectURIs:           []string{publicURL + "/auth/callback"},
			PostLogoutRedirectURIs: []string{publicURL + "/"},
		})
	}
	return devidp.New(devidp.Config{Issuer: publicURL + "/dev-idp", Users: append(devidp.DemoUsers(demoTenants), devidp.IntroductionUsers()...), Clients: clients})
}

// SeedSSO creates the platform tenant and points every demo tenant that has
// no SSO settings yet at the demo identity provider: each role's group maps
// to that role, people are provisioned at first login, and the tenant owns
// the email domain <slug>.demo. Settings an admin changed are left alone.
func SeedSSO(ctx context.Context, tenants *tenant.Service, ids *identity.Service, publicURL string) error {
	if _, err := tenants.EnsurePlatform(ctx, Platform.Slug, Platform.Name); err != nil {
		return fmt.Errorf("demo platform tenant: %w", err)
	}
	for _, d := range append([]Tenant{Platform}, Tenants...) {
		t, err := tenants.GetBySlug(ctx, d.Slug)
		if err != nil {
			return err
		}
		if _, err := ids.GetSettings(ctx, t.ID); bondgenoten.ErrorCode(err) != bondgenoten.ENOTFOUND {
			if err != nil {
				return err
			}
			continue
		}
		groups := map[string][]string{}
		for _, r := range authz.RolesFor(t.Kind) {
			groups[string(r)] = []string{string(r)}
		}
		secret := clientSecret(d.Slug)
		if _, _, err := ids.PutSettings(ctx, t, identity.Actor{Name: "demo seed"}, identity.SettingsInput{
			Issuer: publicURL + "/dev-idp", ClientID: ClientID(d.Slug), ClientSecret: &secret,
			Scopes: []string{"openid", "email", "profile"}, EmailDomains: []string{strings.ToLower(d.Slug) + ".demo"},
			GroupsClaim: "groups", GroupRoles: groups, Provisioning: identity.ProvisionJIT,
		}); err != nil {
			return fmt.Errorf("demo SSO of %s: %w", d.Slug, err)
		}
	}
	return nil
}
