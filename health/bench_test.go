package health_test

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
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// National scale: every Dutch municipality, every police unit down to the
// basic teams, and three support bureaus.
const (
	benchMunicipalities = 350
	benchPoliceUnits    = 167
	benchBureaus        = 3
	benchTenants        = benchMunicipalities + benchPoliceUnits + benchBureaus
)

// seedNational creates the tenants through the service (each with its
// provisioning job, from an insert-only River client) and the oversight
// relations: bureau 0 follows every municipality, bureau 1 every police unit
// and bureau 2 every third of both, 690 relations in all.
func seedNational(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
	if err != nil {
		b.Fatal(err)
	}
	svc := &tenant.Service{DB: db, Jobs: client}
	create := func(slug, name string, kind tenant.Kind) *tenant.Tenant {
		t, err := svc.Create(ctx, tenant.CreateInput{Slug: slug, Name: name, Kind: kind, Region: "Midden-Nederland"})
		if err != nil {
			b.Fatalf("seed %s: %v", slug, err)
		}
		return t
	}
	var municipalities, police, bureaus []*tenant.Tenant
	for i := range benchMunicipalities {
		municipalities = append(municipalities, create(fmt.Sprintf("gemeente-%03d", i), fmt.Sprintf("Gemeente Proefstad %03d", i), tenant.KindMunicipality))
	}
	for i := range benchPoliceUnits {
		police = append(police, create(fmt.Sprintf("basisteam-%03d", i), fmt.Sprintf("Basisteam Proefwijk %03d", i), tenant.KindPoliceUnit))
	}
	for i := range benchBureaus {
		bureaus = append(bureaus, create(fmt.Sprintf("bureau-%d", i), fmt.Sprintf("Bureau Proefregio %d", i), tenant.KindBureau))
	}

	// Relations started a year ago; a few of bureau 2's have ended, so the
	// active-on-day condition has rows to reject.
	today := bondgenoten.Today()
	noon := time.Date(today.Year, today.Month, today.Day, 12, 0, 0, 0, bondgenoten.Amsterdam)
	startsOn := bondgenoten.DateOf(noon.AddDate(-1, 0, 0))
	endedOn := bondgenoten.DateOf(noon.AddDate(0, -1, 0))
	relations := 0
	oversee := func(bureau, of *tenant.Tenant, ended bool) {
		in := tenant.OversightInput{BureauID: bureau.ID, TenantID: of.ID, StartsOn: startsOn, GrantedBy: "Benchmark"}
		if ended {
			in.EndsOn = &endedOn
		}
		if _, err := svc.CreateOversight(ctx, in); err != nil {
			b.Fatalf("seed oversight %s → %s: %v", bureau.Slug, of.Slug, err)
		}
		relations++
	}
	for _, m := range municipalities {
		oversee(bureaus[0], m, false)
	}
	for _, p := range police {
		oversee(bureaus[1], p, false)
	}
	for i, of := range slices.Concat(municipalities, police) {
		if i%3 == 0 {
			oversee(bureaus[2], of, i%30 == 0)
		}
	}
	b.Logf("seeded %d tenants and %d oversight relations in %s", benchTenants, relations, time.Since(start).Round(time.Millisecond))
}

// BenchmarkTakeSnapshot is the nightly job's work at national scale: count
// the relations of every tenant and upsert one snapshot each. After the first
// iteration every write replaces the day's existing row.
func BenchmarkTakeSnapshot(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			seedNational(b, db)
			svc := &health.Service{DB: db}
			ctx := context.Background()
			day := bondgenoten.Today()
			b.ReportAllocs()
			for b.Loop() {
				n, err := svc.Take(ctx, day)
				if err != nil {
					b.Fatal(err)
				}
				if n != benchTenants {
					b.Fatalf("Take wrote %d snapshots; want %d", n, benchTenants)
				}
			}
		})
	}
}
