package evaluation_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// BenchmarkScan520: the daily scan over 520 networks (the national scale:
// each of 350 municipalities and 170 police units in networks), every one
// due, with a coordinator in every partner: 520 evaluations opened and
// 1,040 notifications written per run ("opens"); and the run after, when
// nothing is due ("steady"). go test ./evaluation -run '^$' -bench Scan520
func BenchmarkScan520(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			ts := tenanttest.Service(b, db)
			nat := tenanttest.SeedNational(b, ts, false)
			for _, tn := range append(append(nat.Municipalities[:0:0], nat.Municipalities...), nat.PoliceUnits...) {
				addUser(b, db, tn.ID, "coord-"+tn.Slug, "coordinator")
			}
			nets := &network.Service{DB: db, Tenants: ts}
			for i := range 520 {
				m := nat.Municipalities[i%len(nat.Municipalities)]
				p := nat.PoliceUnits[i%len(nat.PoliceUnits)]
				if _, _, err := nets.Create(ctx, m.ID, network.CreateInput{Input: network.Input{Name: fmt.Sprintf("Netwerk %03d", i), Level: "district"},
					Municipality: m.Slug, PoliceUnits: []string{p.Slug}}); err != nil {
					b.Fatal(err)
				}
			}
			svc := &evaluation.Service{DB: db, Clock: bondgenoten.NewTestClock(time.Now().AddDate(0, 7, 0))}
			reset := func() {
				if _, err := db.Unscoped().NewDelete().Model((*evaluation.Evaluation)(nil)).Where("1 = 1").Exec(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := db.Unscoped().NewDelete().Model((*notify.Notification)(nil)).Where("1 = 1").Exec(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("opens", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					reset()
					b.StartTimer()
					res, err := svc.Scan(ctx)
					if err != nil || res.Opened != 520 {
						b.Fatalf("%+v %v", res, err)
					}
				}
			})
			b.Run("steady", func(b *testing.B) {
				for b.Loop() {
					if res, err := svc.Scan(ctx); err != nil || res.Opened != 0 {
						b.Fatalf("%+v %v", res, err)
					}
				}
			})
		})
	}
}
