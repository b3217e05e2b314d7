package health_test

import (
	"context"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

func TestTakeCountsOnlyRelationsInForceThatDay(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenants := tenanttest.Service(t, db)
		bureau, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "bureau", Name: "Bureau", Kind: tenant.KindBureau})
		a, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "gemeente-a", Name: "A", Kind: tenant.KindMunicipality})
		b, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "gemeente-b", Name: "B", Kind: tenant.KindMunicipality})
		day := bondgenoten.Date{Year: 2026, Month: 6, Day: 15}
		ended := day // an end date is exclusive: ended on the day itself means not in force
		future := day.AddDays(1)
		for _, in := range []tenant.OversightInput{
			{BureauID: bureau.ID, TenantID: a.ID, StartsOn: day.AddDays(-30), GrantedBy: "t"},
			{BureauID: bureau.ID, TenantID: b.ID, StartsOn: day.AddDays(-30), EndsOn: &ended, GrantedBy: "t"},
			{BureauID: bureau.ID, TenantID: b.ID, StartsOn: future, GrantedBy: "t"},
		} {
			if _, err := tenants.CreateOversight(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		svc := &health.Service{DB: db}
		for range 2 { // the second run replaces the first
			if n, err := svc.Take(ctx, day); err != nil || n != 3 {
				t.Fatalf("Take = %d, %v; want 3 snapshots", n, err)
			}
		}
		want := map[string][2]int{bureau.Slug: {1, 0}, a.Slug: {0, 1}, b.Slug: {0, 0}}
		for _, tn := range []*tenant.Tenant{bureau, a, b} {
			list, err := svc.List(ctx, tn.ID, 10)
			if err != nil || len(list) != 1 {
				t.Fatalf("%s: %d snapshots, %v; want 1", tn.Slug, len(list), err)
			}
			got := [2]int{list[0].OverseenTenants, list[0].OverseeingBureaus}
			if got != want[tn.Slug] || list[0].Day != day {
				t.Errorf("%s on %s: %v; want %v", tn.Slug, list[0].Day, got, want[tn.Slug])
			}
		}
		// A later day is a new row; List returns newest first.
		if _, err := svc.Take(ctx, future, b.ID); err != nil {
			t.Fatal(err)
		}
		list, _ := svc.List(ctx, b.ID, 10)
		if len(list) != 2 || list[0].Day != future || list[0].OverseeingBureaus != 1 {
			t.Fatalf("after a second day: %+v", list)
		}
	})
}
