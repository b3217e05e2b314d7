package network_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

type env struct {
	svc     *network.Service
	tenants map[string]*tenant.Tenant
}

func setup(t *testing.T, db *store.DB) *env {
	t.Helper()
	ts := tenanttest.Service(t, db)
	e := &env{svc: &network.Service{DB: db, Tenants: ts}, tenants: map[string]*tenant.Tenant{}}
	for slug, kind := range map[string]tenant.Kind{
		"utrecht": tenant.KindMunicipality, "zeist": tenant.KindMunicipality,
		"bt-centrum": tenant.KindPoliceUnit, "bt-oost": tenant.KindPoliceUnit, "bureau": tenant.KindBureau,
	} {
		tn, err := ts.Create(context.Background(), tenant.CreateInput{Slug: slug, Name: slug, Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		e.tenants[slug] = tn
	}
	return e
}

func TestCreateWithGuideDefaultsAndPartners(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		n, partners, err := e.svc.Create(ctx, e.tenants["utrecht"].ID, network.CreateInput{
			Input:        network.Input{Name: "  Bondgenoten Utrecht-Centrum ", Level: "district", Goals: "Samen de spanning voelen"},
			Municipality: "utrecht", PoliceUnits: []string{"bt-centrum"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if n.Name != "Bondgenoten Utrecht-Centrum" || n.MaxActiveAllies != 15 || n.TargetMeetingsPerYear != 5 || n.PlanNextWithinDays != 14 || n.Phase != "exploring" || len(partners) != 2 {
			t.Fatalf("created = %+v, %d partners", n, len(partners))
		}
		got, ps, err := e.svc.Get(ctx, n.ID)
		if err != nil || got.Goals != "Samen de spanning voelen" || len(ps) != 2 {
			t.Fatalf("Get = %+v, %v, %v", got, ps, err)
		}
		list, err := e.svc.List(ctx, []uuid.UUID{e.tenants["bt-centrum"].ID})
		if err != nil || len(list) != 1 {
			t.Fatalf("List for a police partner = %d, %v", len(list), err)
		}
		if list, _ := e.svc.List(ctx, []uuid.UUID{e.tenants["zeist"].ID}); len(list) != 0 {
			t.Fatal("a non-partner sees the network")
		}
	})
}

func TestCreateRejectsBadPartnersAndInput(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		base := network.Input{Name: "N", Level: "municipality"}
		cases := []struct {
			name    string
			creator string
			in      network.CreateInput
			field   string
		}{
			{"creator not a partner", "zeist", network.CreateInput{Input: base, Municipality: "utrecht", PoliceUnits: []string{"bt-centrum"}}, "municipality"},
			{"police unit as municipality", "bt-centrum", network.CreateInput{Input: base, Municipality: "bt-centrum", PoliceUnits: []string{"bt-oost"}}, "municipality"},
			{"bureau as police unit", "utrecht", network.CreateInput{Input: base, Municipality: "utrecht", PoliceUnits: []string{"bureau"}}, "policeUnits"},
			{"no police unit", "utrecht", network.CreateInput{Input: base, Municipality: "utrecht"}, "policeUnits"},
			{"same unit twice", "utrecht", network.CreateInput{Input: base, Municipality: "utrecht", PoliceUnits: []string{"bt-oost", "bt-oost"}}, "policeUnits"},
			{"unknown unit", "utrecht", network.CreateInput{Input: base, Municipality: "utrecht", PoliceUnits: []string{"nope"}}, "policeUnits"},
			{"too few meetings", "utrecht", network.CreateInput{Input: network.Input{Name: "N", Level: "district", TargetMeetingsPerYear: 3}, Municipality: "utrecht", PoliceUnits: []string{"bt-oost"}}, "targetMeetingsPerYear"},
			{"bad level", "utrecht", network.CreateInput{Input: network.Input{Name: "N", Level: "province"}, Municipality: "utrecht", PoliceUnits: []string{"bt-oost"}}, "level"},
		}
		for _, c := range cases {
			_, _, err := e.svc.Create(ctx, e.tenants[c.creator].ID, c.in)
			if bondgenoten.ErrorCode(err) != bondgenoten.EINVALID || bondgenoten.ErrorFields(err)[c.field].Rule == "" {
				t.Errorf("%s: %v (fields %v); want invalid %s", c.name, err, bondgenoten.ErrorFields(err), c.field)
			}
		}
		if n, _ := db.Unscoped().NewSelect().Table("networks").Count(ctx); n != 0 {
			t.Fatalf("networks = %d after refused input", n)
		}
	})
}

func TestLeavingNeedsTheOtherSide(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		e := setup(t, db)
		ctx := context.Background()
		n, _, err := e.svc.Create(ctx, e.tenants["utrecht"].ID, network.CreateInput{
			Input: network.Input{Name: "N", Level: "municipality"}, Municipality: "utrecht", PoliceUnits: []string{"bt-centrum"},
		})
		if err != nil {
			t.Fatal(err)
		}
		utrecht, centrum, oost := e.tenants["utrecht"].ID, e.tenants["bt-centrum"].ID, e.tenants["bt-oost"].ID
		// The only police unit cannot leave, nor the only municipality.
		if _, err := e.svc.RequestLeave(ctx, n.ID, centrum); bondgenoten.ErrorFields(err)["tenant"].Rule != "last_partner" {
			t.Fatalf("last police unit leaving: %v", err)
		}
		if _, err := e.svc.RequestLeave(ctx, n.ID, utrecht); bondgenoten.ErrorFields(err)["tenant"].Rule != "last_partner" {
			t.Fatalf("only municipality leaving: %v", err)
		}
		if _, err := e.svc.AddPoliceUnit(ctx, n.ID, "bt-oost"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddPoliceUnit(ctx, n.ID, "bt-oost"); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("adding a partner twice: %v", err)
		}
		if _, err := e.svc.AddPoliceUnit(ctx, n.ID, "zeist"); bondgenoten.ErrorFields(err)["tenant"].Rule != "kind" {
			t.Fatalf("adding a municipality as police unit: %v", err)
		}
		if _, err := e.svc.RequestLeave(ctx, n.ID, centrum); err != nil {
			t.Fatal(err)
		}
		// The leaving side, or another police unit, cannot confirm it.
		for _, who := range []uuid.UUID{centrum, oost} {
			if _, err := e.svc.ConfirmLeave(ctx, n.ID, centrum, who); bondgenoten.ErrorCode(err) != bondgenoten.EFORBIDDEN {
				t.Fatalf("confirm by the same side: %v", err)
			}
		}
		partners, err := e.svc.ConfirmLeave(ctx, n.ID, centrum, utrecht)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range partners {
			if p.TenantID == centrum && p.Active() {
				t.Fatal("confirmed leave left the partner active")
			}
		}
		if list, _ := e.svc.List(ctx, []uuid.UUID{centrum}); len(list) != 0 {
			t.Fatal("a partner that left still sees the network")
		}
		// Withdrawing: oost asks, then changes its mind.
		if _, err := e.svc.AddPoliceUnit(ctx, n.ID, "bt-centrum"); err != nil {
			t.Fatalf("a partner that left may come back: %v", err)
		}
		if _, err := e.svc.RequestLeave(ctx, n.ID, oost); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.WithdrawLeave(ctx, n.ID, oost); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ConfirmLeave(ctx, n.ID, oost, utrecht); bondgenoten.ErrorCode(err) != bondgenoten.ECONFLICT {
			t.Fatalf("confirming a withdrawn request: %v", err)
		}
	})
}
