package health_test

import (
	"context"
	"testing"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// BenchmarkTakeSnapshot is the nightly job's work at national scale: count
// the relations of every tenant and upsert one snapshot each. After the first
// iteration every write replaces the day's existing row. b.Loop runs the
// seeding once and outside the timer.
func BenchmarkTakeSnapshot(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			tenanttest.SeedNational(b, tenanttest.Service(b, db), true)
			svc := &health.Service{DB: db}
			ctx := context.Background()
			day := bondgenoten.Today()
			b.ReportAllocs()
			for b.Loop() {
				n, err := svc.Take(ctx, day)
				if err != nil {
					b.Fatal(err)
				}
				if n != tenanttest.Tenants {
					b.Fatalf("Take wrote %d snapshots; want %d", n, tenanttest.Tenants)
				}
			}
		})
	}
}
