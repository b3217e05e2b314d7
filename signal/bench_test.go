package signal_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/signal"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// Run: BONDGENOTEN_TEST_POSTGRES=… go test ./signal -run '^$' -bench Tension -benchtime 2s
// Targets (issue 10): one network over 52 weeks with 10,000 signals under
// 10 ms; a region of 40 municipalities under 50 ms.

// seedSignals writes n signals spread over the last year across the
// national themes into each network, in bulk.
func seedSignals(b *testing.B, db *store.DB, networks []uuid.UUID, tenantID uuid.UUID, n int) {
	b.Helper()
	ctx := context.Background()
	themes := signal.NationalThemeKeys()
	for _, nid := range networks {
		rows := make([]signal.Signal, 0, 500)
		flush := func() {
			if len(rows) == 0 {
				return
			}
			if _, err := db.Unscoped().NewInsert().Model(&rows).Exec(ctx); err != nil {
				b.Fatal(err)
			}
			rows = rows[:0]
		}
		for i := range n {
			at := now.Add(-time.Duration(i%364*24+i%13) * time.Hour)
			status := signal.StatusNew
			if i%3 == 0 {
				status = signal.StatusClosed
			}
			rows = append(rows, signal.Signal{ID: uuid.Must(uuid.NewV7()), NetworkID: nid, ObservedAt: at, ObservedOn: bondgenoten.DateOf(at),
				SourceKind: signal.SourceOwn, Theme: themes[i%len(themes)], Level: 1 + i%5, Evidence: signal.EvidenceExperienced,
				Phase: signal.PhaseSimmering, Description: "Signaal", Urgent: i%17 == 0, Status: status,
				FeedbackDueOn: bondgenoten.DateOf(at).AddDays(14), CreatedByTenant: tenantID, CreatedAt: at, UpdatedAt: at})
			if len(rows) == cap(rows) {
				flush()
			}
		}
		flush()
	}
}

func BenchmarkTensionOneNetwork(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			f := setup(b, db)
			seedSignals(b, db, []uuid.UUID{f.network}, f.municipality, 10_000)
			b.ReportAllocs()
			for b.Loop() {
				p, err := f.signals.Tension(context.Background(), []uuid.UUID{f.network}, language.Dutch)
				if err != nil || len(p.Themes) != len(signal.NationalThemeKeys()) {
					b.Fatalf("%v %d themes", err, len(p.Themes))
				}
			}
		})
	}
}

func BenchmarkTensionRegion(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			ts := tenanttest.Service(b, db)
			networks := &network.Service{DB: db, Tenants: ts}
			unit, err := ts.Create(ctx, tenant.CreateInput{Slug: "eenheid", Name: "Eenheid", Kind: tenant.KindPoliceUnit})
			if err != nil {
				b.Fatal(err)
			}
			region := map[uuid.UUID][]uuid.UUID{}
			var all []uuid.UUID
			for i := range 40 {
				slug := fmt.Sprintf("gemeente-%02d", i)
				mt, err := ts.Create(ctx, tenant.CreateInput{Slug: slug, Name: slug, Kind: tenant.KindMunicipality})
				if err != nil {
					b.Fatal(err)
				}
				n, _, err := networks.Create(ctx, mt.ID, network.CreateInput{Input: network.Input{Name: slug, Level: "municipality"},
					Municipality: slug, PoliceUnits: []string{"eenheid"}})
				if err != nil {
					b.Fatal(err)
				}
				region[mt.ID] = []uuid.UUID{n.ID}
				all = append(all, n.ID)
			}
			seedSignals(b, db, all, unit.ID, 250) // 10,000 in the region
			signals := &signal.Service{DB: db, Clock: bondgenoten.ClockFunc(func() time.Time { return now })}
			b.ReportAllocs()
			for b.Loop() {
				pics, err := signals.RegionTension(ctx, region, language.Dutch)
				if err != nil || len(pics) != 40 {
					b.Fatalf("%v %d", err, len(pics))
				}
			}
		})
	}
}
