package health_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/network"
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
			o, err := tenants.CreateOversight(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tenants.AcceptOversight(ctx, o.ID, o.TenantID, "t", nil); err != nil {
				t.Fatal(err)
			}
		}
		// A request the municipality has not accepted is not in force either.
		other, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "bureau-b", Name: "Bureau B", Kind: tenant.KindBureau})
		if _, err := tenants.CreateOversight(ctx, tenant.OversightInput{BureauID: other.ID, TenantID: a.ID, StartsOn: day.AddDays(-30), GrantedBy: "t"}); err != nil {
			t.Fatal(err)
		}
		svc := &health.Service{DB: db}
		for range 2 { // the second run replaces the first
			if n, err := svc.Take(ctx, day); err != nil || n != 4 {
				t.Fatalf("Take = %d, %v; want 4 snapshots", n, err)
			}
		}
		want := map[string][2]int{bureau.Slug: {1, 0}, a.Slug: {0, 1}, b.Slug: {0, 0}, other.Slug: {0, 0}}
		for _, tn := range []*tenant.Tenant{bureau, a, b, other} {
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

func TestTakeCountsTheNetworksOfEachPartner(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenants := tenanttest.Service(t, db)
		town, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "stad", Name: "Stad", Kind: tenant.KindMunicipality})
		police, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "basisteam", Name: "Basisteam", Kind: tenant.KindPoliceUnit})
		other, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "dorp", Name: "Dorp", Kind: tenant.KindMunicipality})
		networks := &network.Service{DB: db, Tenants: tenants}
		allies := &ally.Service{DB: db}
		meetings := &meeting.Service{DB: db}
		day := bondgenoten.Date{Year: 2026, Month: 6, Day: 15}
		at := func(d bondgenoten.Date) time.Time {
			return time.Date(d.Year, d.Month, d.Day, 19, 0, 0, 0, bondgenoten.Amsterdam)
		}
		// Stad's network: two active allies and a candidate; meetings held 40
		// and 400 days ago, none planned: overdue; one overdue action.
		overdueNet, _, err := networks.Create(ctx, town.ID, network.CreateInput{Input: network.Input{Name: "Noord", Level: "district"}, Municipality: "stad", PoliceUnits: []string{"basisteam"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []ally.Status{ally.StatusActive, ally.StatusActive, ally.StatusCandidate} {
			if _, err := allies.Create(ctx, overdueNet.ID, ally.Input{Name: "B", Status: st}); err != nil {
				t.Fatal(err)
			}
		}
		for _, ago := range []int{400, 40} {
			m, err := meetings.Plan(ctx, overdueNet.ID, meeting.Input{StartsAt: at(day.AddDays(-ago))})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := meetings.Close(ctx, overdueNet.ID, m.ID, "test"); err != nil {
				t.Fatal(err)
			}
			due := day.AddDays(-1)
			if _, err := meetings.CreateAction(ctx, overdueNet.ID, m.ID, meeting.ActionInput{Title: "A", OwnerParty: meeting.PartyPolice, DueOn: &due, Status: map[int]meeting.ActionStatus{400: meeting.ActionDone, 40: meeting.ActionOpen}[ago]}); err != nil {
				t.Fatal(err)
			}
		}
		// Dorp's network with the same police unit: next meeting planned.
		onTime, _, err := networks.Create(ctx, other.ID, network.CreateInput{Input: network.Input{Name: "Dorp", Level: "municipality"}, Municipality: "dorp", PoliceUnits: []string{"basisteam"}})
		if err != nil {
			t.Fatal(err)
		}
		held, _ := meetings.Plan(ctx, onTime.ID, meeting.Input{StartsAt: at(day.AddDays(-40))})
		if _, err := meetings.Plan(ctx, onTime.ID, meeting.Input{StartsAt: at(day.AddDays(10))}); err != nil {
			t.Fatal(err)
		}
		if _, err := meetings.Close(ctx, onTime.ID, held.ID, ""); err != nil {
			t.Fatal(err)
		}

		svc := &health.Service{DB: db}
		if _, err := svc.Take(ctx, day); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for slug, tn := range map[string]*tenant.Tenant{"stad": town, "basisteam": police, "dorp": other} {
			list, err := svc.List(ctx, tn.ID, 1)
			if err != nil || len(list) != 1 {
				t.Fatalf("%s: %v %d", slug, err, len(list))
			}
			s := list[0]
			got[slug] = fmt.Sprintf("networks=%d allies=%d held=%d overdue=%d actions=%d", s.Networks, s.ActiveAllies, s.MeetingsHeld12m, s.NetworksOverdue, s.ActionsOverdue)
		}
		want := map[string]string{
			"stad":      "networks=1 allies=2 held=1 overdue=1 actions=1",
			"basisteam": "networks=2 allies=2 held=2 overdue=1 actions=1",
			"dorp":      "networks=1 allies=0 held=1 overdue=0 actions=0",
		}
		for slug, w := range want {
			if got[slug] != w {
				t.Errorf("%s: %s; want %s", slug, got[slug], w)
			}
		}
	})
}
