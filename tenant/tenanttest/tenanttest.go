// Package tenanttest gives tests and benchmarks tenants at national scale:
// every Dutch municipality (350), every police basic team (167) and a few
// support bureaus, with oversight relations as a bureau would hold them.
package tenanttest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// National scale, as docs/design.md §6 puts it.
const (
	Municipalities = 350
	PoliceUnits    = 167
	Bureaus        = 3
	Tenants        = Municipalities + PoliceUnits + Bureaus
)

// regions are the ten police regions, to spread tenants over regions.
var regions = []string{
	"Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam",
	"Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg",
}

// Service returns a tenant service on db whose jobs go to a real,
// insert-only River client: jobs are written, never run.
func Service(tb testing.TB, db *store.DB) *tenant.Service {
	tb.Helper()
	client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
	if err != nil {
		tb.Fatal(err)
	}
	return &tenant.Service{DB: db, Jobs: client}
}

// National holds the seeded tenants by kind.
type National struct {
	Municipalities, PoliceUnits, Bureaus []*tenant.Tenant
	Relations                            int
}

// SeedNational creates the national-scale tenants through svc (each with
// its provisioning job, as the operator API would) and, when withOversight,
// the relations: bureau 0 follows every municipality, bureau 1 every police
// unit and bureau 2 every third of both, some of those already ended so the
// active-on-day condition has rows to reject — 690 relations in all.
func SeedNational(tb testing.TB, svc *tenant.Service, withOversight bool) *National {
	tb.Helper()
	ctx := context.Background()
	start := time.Now()
	n := &National{}
	create := func(slug, name string, kind tenant.Kind, i int) *tenant.Tenant {
		t, err := svc.Create(ctx, tenant.CreateInput{Slug: slug, Name: name, Kind: kind, Region: regions[i%len(regions)]})
		if err != nil {
			tb.Fatalf("seed %s: %v", slug, err)
		}
		return t
	}
	for i := range Municipalities {
		n.Municipalities = append(n.Municipalities, create(fmt.Sprintf("gemeente-%03d", i), fmt.Sprintf("Gemeente Proefstad %03d", i), tenant.KindMunicipality, i))
	}
	for i := range PoliceUnits {
		n.PoliceUnits = append(n.PoliceUnits, create(fmt.Sprintf("basisteam-%03d", i), fmt.Sprintf("Basisteam Proefwijk %03d", i), tenant.KindPoliceUnit, i))
	}
	for i := range Bureaus {
		n.Bureaus = append(n.Bureaus, create(fmt.Sprintf("bureau-%d", i), fmt.Sprintf("Bureau Proefregio %d", i), tenant.KindBureau, i))
	}
	if withOversight {
		seedOversight(tb, svc, n)
	}
	tb.Logf("seeded %d tenants and %d oversight relations in %s", Tenants, n.Relations, time.Since(start).Round(time.Millisecond))
	return n
}

func seedOversight(tb testing.TB, svc *tenant.Service, n *National) {
	tb.Helper()
	today := bondgenoten.Today()
	startsOn, endedOn := today.AddDays(-365), today.AddDays(-30)
	oversee := func(bureau, of *tenant.Tenant, ended bool) {
		in := tenant.OversightInput{BureauID: bureau.ID, TenantID: of.ID, StartsOn: startsOn, GrantedBy: "Benchmark"}
		if ended {
			in.EndsOn = &endedOn
		}
		o, err := svc.CreateOversight(context.Background(), in)
		if err != nil {
			tb.Fatalf("seed oversight %s → %s: %v", bureau.Slug, of.Slug, err)
		}
		if _, err := svc.AcceptOversight(context.Background(), o.ID, o.TenantID, "Benchmark", nil); err != nil {
			tb.Fatalf("accept oversight %s → %s: %v", bureau.Slug, of.Slug, err)
		}
		n.Relations++
	}
	for _, m := range n.Municipalities {
		oversee(n.Bureaus[0], m, false)
	}
	for _, p := range n.PoliceUnits {
		oversee(n.Bureaus[1], p, false)
	}
	for i, of := range slices.Concat(n.Municipalities, n.PoliceUnits) {
		if i%3 == 0 {
			oversee(n.Bureaus[2], of, i%30 == 0)
		}
	}
}
