package demo_test

import (
	"context"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/demo"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

func TestSeedIsIdempotentAndMatchesTheDemoStory(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenants := tenanttest.Service(t, db)
		for range 2 {
			if err := demo.Seed(ctx, tenants); err != nil {
				t.Fatal(err)
			}
		}
		page, err := tenants.List(ctx, tenant.Filter{})
		if err != nil || len(page.Items) != 11 {
			t.Fatalf("tenants = %d, %v; want 11", len(page.Items), err)
		}
		all, err := tenants.ListOversight(ctx, tenant.OversightFilter{})
		if err != nil || len(all) != 11 {
			t.Fatalf("oversight relations = %d, %v; want 11 (8 for Bureau RVS, 3 for Politie voor Iedereen)", len(all), err)
		}
		today := bondgenoten.Today()
		get := func(slug string) *tenant.Tenant {
			tn, err := tenants.GetBySlug(ctx, slug)
			if err != nil {
				t.Fatalf("%s: %v", slug, err)
			}
			return tn
		}
		rvs, pvi := get("bureau-rvs"), get("politie-voor-iedereen")
		for _, c := range []struct {
			bureau *tenant.Tenant
			slug   string
			want   bool
		}{
			{rvs, "utrecht", true}, {rvs, "houten", true}, {rvs, "basisteam-heuvelrug", true},
			{rvs, "veenendaal", false}, {pvi, "basisteam-amersfoort", true}, {pvi, "utrecht", false},
		} {
			got, err := tenants.ActiveOversight(ctx, c.bureau.ID, get(c.slug).ID, today)
			if err != nil || got != c.want {
				t.Errorf("%s oversees %s = %v, %v; want %v", c.bureau.Slug, c.slug, got, err, c.want)
			}
		}

		// An operator's revocation survives the next start.
		rel, _ := tenants.ListOversight(ctx, tenant.OversightFilter{BureauID: rvs.ID, TenantID: get("zeist").ID})
		if _, err := tenants.UpdateOversight(ctx, rel[0].ID, tenant.OversightUpdate{EndsOn: bondgenoten.Patch[bondgenoten.Date]{Set: true, Value: &today}}, "Test"); err != nil {
			t.Fatal(err)
		}
		if err := demo.Seed(ctx, tenants); err != nil {
			t.Fatal(err)
		}
		if ok, _ := tenants.ActiveOversight(ctx, rvs.ID, get("zeist").ID, today); ok {
			t.Fatal("seeding restored a revoked oversight relation")
		}
	})
}
