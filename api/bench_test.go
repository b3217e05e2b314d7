package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// The benchmarks below serve requests in process (s.ServeHTTP with a
// recorder), so they measure the whole middleware chain, the handler and the
// database, but no sockets. They use b.Loop, which runs each benchmark
// function once and resets the timer on its first call: the seeding before
// the loop is neither repeated nor measured.

// National scale: every Dutch municipality, every police unit down to the
// basic teams, and a few support bureaus.
const (
	benchMunicipalities = 350
	benchPoliceUnits    = 167
	benchBureaus        = 3
)

// benchRegions are the ten police regions, to spread tenants over regions.
var benchRegions = []string{
	"Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam",
	"Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg",
}

// benchEachDialect runs fn as a sub-benchmark per dialect on its own fresh
// database; the PostgreSQL half is skipped when BONDGENOTEN_TEST_POSTGRES is
// unset.
func benchEachDialect(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) { fn(b, storetest.Open(b, d)) })
	}
}

// benchServer builds the server as serve --workers=false does: an
// insert-only River client, so jobs are written but never run.
func benchServer(b *testing.B, db *store.DB) (*Server, *tenant.Service) {
	b.Helper()
	client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
	if err != nil {
		b.Fatal(err)
	}
	tenants := &tenant.Service{DB: db, Jobs: client}
	s := New(Config{
		DB: db, Tenants: tenants, Health: &health.Service{DB: db},
		Logger: discardLogger(), OperatorToken: testToken, Frontend: testFrontend, BodyLimit: "64K",
	})
	return s, tenants
}

// seedNational creates the national-scale tenants through the service, each
// with its provisioning job, as the operator API would.
func seedNational(b *testing.B, tenants *tenant.Service) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	create := func(slug, name string, kind tenant.Kind, i int) {
		_, err := tenants.Create(ctx, tenant.CreateInput{
			Slug: slug, Name: name, Kind: kind, Region: benchRegions[i%len(benchRegions)],
		})
		if err != nil {
			b.Fatalf("seed %s: %v", slug, err)
		}
	}
	for i := range benchMunicipalities {
		create(fmt.Sprintf("gemeente-%03d", i), fmt.Sprintf("Gemeente Proefstad %03d", i), tenant.KindMunicipality, i)
	}
	for i := range benchPoliceUnits {
		create(fmt.Sprintf("basisteam-%03d", i), fmt.Sprintf("Basisteam Proefwijk %03d", i), tenant.KindPoliceUnit, i)
	}
	for i := range benchBureaus {
		create(fmt.Sprintf("bureau-%d", i), fmt.Sprintf("Bureau Proefregio %d", i), tenant.KindBureau, i)
	}
	b.Logf("seeded %d tenants in %s", benchMunicipalities+benchPoliceUnits+benchBureaus, time.Since(start).Round(time.Millisecond))
}

// BenchmarkTenantDirectory is the login page's search: the first page of the
// public directory at national scale.
func BenchmarkTenantDirectory(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, db *store.DB) {
		s, tenants := benchServer(b, db)
		seedNational(b, tenants)
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/tenants?limit=100", nil))
			if rec.Code != http.StatusOK {
				b.Fatalf("directory: %d %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkCreateTenant is the operator creating a tenant: validation, the
// insert and the provisioning job in one transaction.
func BenchmarkCreateTenant(b *testing.B) {
	benchEachDialect(b, func(b *testing.B, db *store.DB) {
		s, _ := benchServer(b, db)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			body := fmt.Sprintf(`{"slug":"bench-%d","name":"Gemeente Bank %d","kind":"municipality","region":"Limburg"}`, i, i)
			req := httptest.NewRequest(http.MethodPost, "/api/v1/operator/tenants", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+testToken)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusCreated {
				b.Fatalf("create %d: %d %s", i, rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkProblemResponse is the cost of the middleware chain and a
// problem+json answer alone: an unknown API route touches no database.
func BenchmarkProblemResponse(b *testing.B) {
	s := New(Config{Logger: discardLogger(), OperatorToken: testToken, Frontend: testFrontend})
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/does-not-exist", nil))
		if rec.Code != http.StatusNotFound {
			b.Fatalf("unknown route: %d %s", rec.Code, rec.Body)
		}
	}
}
