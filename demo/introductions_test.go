package demo_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/demo"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/secret"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// TestDemoNewColleagueIsHalfwayOnce: Noor of Amersfoort exists as the demo
// provider's account, started four weeks ago, and is about halfway through
// her introduction; seeding again changes nothing.
func TestDemoNewColleagueIsHalfwayOnce(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenants := tenanttest.Service(t, db)
		networks := &network.Service{DB: db, Tenants: tenants}
		keys, err := secret.ParseKeyring(demo.SecretKey)
		if err != nil {
			t.Fatal(err)
		}
		allies := &ally.Service{DB: db, Keys: keys}
		introductions := &introduction.Service{DB: db}
		if err := demo.Seed(ctx, tenants); err != nil {
			t.Fatal(err)
		}
		const issuer = "http://127.0.0.1:8080/dev-idp"
		for range 2 {
			if err := demo.SeedNetworks(ctx, networks, tenants); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedAllies(ctx, allies, networks, tenants); err != nil {
				t.Fatal(err)
			}
			if err := demo.SeedIntroductions(ctx, introductions, networks, tenants, issuer); err != nil {
				t.Fatal(err)
			}
		}
		var u identity.User
		if err := db.Unscoped().NewSelect().Model(&u).Where("email = ? AND issuer = ? AND subject = ?", demo.NewColleague, issuer, "demo|"+demo.NewColleague).Scan(ctx); err != nil {
			t.Fatal(err)
		}
		mine, err := introductions.Mine(ctx, u.ID)
		if err != nil || len(mine) == 0 {
			t.Fatalf("programmes %v %v", mine, err)
		}
		amersfoort, _ := tenants.GetBySlug(ctx, "amersfoort")
		nets, _ := networks.List(ctx, []uuid.UUID{amersfoort.ID})
		for _, p := range mine {
			if p.NetworkID != nets[0].ID {
				continue
			}
			if p.Progress.Percent < 35 || p.Progress.Percent > 65 || p.Status != introduction.StatusOpen || p.Progress.AlliesMet == 0 {
				t.Fatalf("not halfway: %+v", p.Progress)
			}
			return
		}
		t.Fatal("no programme in the Amersfoort network")
	})
}
