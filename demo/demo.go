// Package demo seeds the fictional organisations of demo mode. Seeding is
// idempotent: it adds what is missing and leaves everything else alone, so
// `serve --demo` can start any number of times on the same database.
package demo

import (
	"context"
	"fmt"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// Tenant is one demo organisation.
type Tenant struct {
	Slug, Name, Region string
	Kind               tenant.Kind
}

// Tenants are the demo organisations, listed in the README.
var Tenants = []Tenant{
	{"bureau-rvs", "Bureau Regionale Veiligheidsstrategie", "Midden-Nederland", tenant.KindBureau},
	{"politie-voor-iedereen", "Politie voor Iedereen", "Landelijk", tenant.KindBureau},
	{"utrecht", "Gemeente Utrecht", "Midden-Nederland", tenant.KindMunicipality},
	{"amersfoort", "Gemeente Amersfoort", "Midden-Nederland", tenant.KindMunicipality},
	{"nieuwegein", "Gemeente Nieuwegein", "Midden-Nederland", tenant.KindMunicipality},
	{"zeist", "Gemeente Zeist", "Midden-Nederland", tenant.KindMunicipality},
	{"houten", "Gemeente Houten", "Midden-Nederland", tenant.KindMunicipality},
	{"veenendaal", "Gemeente Veenendaal", "Midden-Nederland", tenant.KindMunicipality},
	{"basisteam-utrecht-centrum", "Basisteam Utrecht-Centrum", "Midden-Nederland", tenant.KindPoliceUnit},
	{"basisteam-amersfoort", "Basisteam Amersfoort", "Midden-Nederland", tenant.KindPoliceUnit},
	{"basisteam-heuvelrug", "Basisteam Heuvelrug", "Midden-Nederland", tenant.KindPoliceUnit},
}

// Oversight: Bureau RVS follows every demo municipality and police unit but
// Veenendaal (a municipality that has not asked for support), Politie voor
// Iedereen follows the police units.
var Oversight = map[string][]string{
	"bureau-rvs": {
		"utrecht", "amersfoort", "nieuwegein", "zeist", "houten",
		"basisteam-utrecht-centrum", "basisteam-amersfoort", "basisteam-heuvelrug",
	},
	"politie-voor-iedereen": {"basisteam-utrecht-centrum", "basisteam-amersfoort", "basisteam-heuvelrug"},
}

// grantedBy marks demo relations as such in the audit trail.
const grantedBy = "Demo-operator (fictief)"

// acceptedBy accepts the demo relations on behalf of the overseen organisations.
const acceptedBy = "Demo-beheerder (fictief)"

// Seed adds the demo tenants and oversight relations that are missing.
func Seed(ctx context.Context, tenants *tenant.Service) error {
	ids := map[string]*tenant.Tenant{}
	for _, d := range Tenants {
		t, err := tenants.GetBySlug(ctx, d.Slug)
		if bondgenoten.ErrorCode(err) == bondgenoten.ENOTFOUND {
			t, err = tenants.Create(ctx, tenant.CreateInput{Slug: d.Slug, Name: d.Name, Kind: d.Kind, Region: d.Region})
		}
		if err != nil {
			return fmt.Errorf("demo tenant %s: %w", d.Slug, err)
		}
		ids[d.Slug] = t
	}
	start := bondgenoten.Date{Year: 2026, Month: 1, Day: 1}
	for bureau, overseen := range Oversight {
		for _, slug := range overseen {
			// Any relation, even an ended one, counts: an operator's
			// revocation survives a restart.
			existing, err := tenants.ListOversight(ctx, tenant.OversightFilter{BureauID: ids[bureau].ID, TenantID: ids[slug].ID})
			if err != nil {
				return err
			}
			if len(existing) > 0 {
				continue
			}
			o, err := tenants.CreateOversight(ctx, tenant.OversightInput{
				BureauID: ids[bureau].ID, TenantID: ids[slug].ID, StartsOn: start, GrantedBy: grantedBy,
			})
			if err != nil {
				return fmt.Errorf("demo oversight %s → %s: %w", bureau, slug, err)
			}
			// The demo organisations asked for their bureaus' support.
			if _, err := tenants.AcceptOversight(ctx, o.ID, o.TenantID, acceptedBy, nil); err != nil {
				return fmt.Errorf("demo oversight %s → %s: %w", bureau, slug, err)
			}
		}
	}
	return nil
}
