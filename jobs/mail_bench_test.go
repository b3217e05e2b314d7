package jobs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/mailbox"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// BenchmarkDeliver1000Notifications: 1,000 people told in one committed
// change, delivered through River (relay, one job each, SMTP) to the local
// SMTP server; one op is all 1,000 accepted by the server.
//
//	BONDGENOTEN_TEST_POSTGRES=… go test -run '^$' -bench Deliver1000 -benchtime 3x ./jobs/
func BenchmarkDeliver1000Notifications(b *testing.B) {
	const people = 1000
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			tn, err := tenanttest.Service(b, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
			if err != nil {
				b.Fatal(err)
			}
			now := time.Now().UTC()
			users := make([]identity.User, people)
			ids := make([]uuid.UUID, people)
			for i := range users {
				email := fmt.Sprintf("persoon%d@zeist.demo", i)
				users[i] = identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tn.ID, Issuer: "test", Subject: email,
					Email: email, Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
				ids[i] = users[i].ID
			}
			if _, err := db.Unscoped().NewInsert().Model(&users).Exec(ctx); err != nil {
				b.Fatal(err)
			}
			box, err := mailbox.Start("127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			defer box.Close()
			deps := fastMailDeps(db, outboxFor(b, db, box.Addr().Port))
			deps.JobTimeout, deps.RescueStuckJobsAfter = 0, 0
			client, err := jobs.NewClient(deps, true)
			if err != nil {
				b.Fatal(err)
			}
			if err := client.Start(ctx); err != nil {
				b.Fatal(err)
			}
			defer func() { _ = client.Stop(context.Background()) }()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
					return notify.Add(ctx, tx, nil, tn.ID, ids, notify.Message{Kind: notify.CrisisActivated,
						Params: map[string]string{"network": "Zeist-Noord"}, Link: "/"})
				}); err != nil {
					b.Fatal(err)
				}
				wait, cancel := context.WithTimeout(ctx, 5*time.Minute)
				_, err := box.Wait(wait, (i+1)*people)
				cancel()
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(people*b.N)/b.Elapsed().Seconds(), "emails/s")
		})
	}
}
