package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// TestGainingARoleStartsTheIntroductionThroughRiver: an administrator gives
// a person the staff role; the follow-up job inserted in that transaction
// runs the introduction reconciler on a real River client, and the person
// has their programme. The daily scan runs on start.
func TestGainingARoleStartsTheIntroductionThroughRiver(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := tenanttest.Service(t, db)
		m, err := ts.Create(ctx, tenant.CreateInput{Slug: "gemeente", Name: "Gemeente", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Create(ctx, tenant.CreateInput{Slug: "basisteam", Name: "Basisteam", Kind: tenant.KindPoliceUnit}); err != nil {
			t.Fatal(err)
		}
		nets := &network.Service{DB: db, Tenants: ts}
		n, _, err := nets.Create(ctx, m.ID, network.CreateInput{Input: network.Input{Name: "Netwerk", Level: "municipality"},
			Municipality: "gemeente", PoliceUnits: []string{"basisteam"}})
		if err != nil {
			t.Fatal(err)
		}
		var people []uuid.UUID
		for _, name := range []string{"beheerder", "nieuw"} {
			now := time.Now().UTC()
			u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: m.ID, Issuer: "test", Subject: name, Email: name + "@gemeente.demo",
				Name: name, Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
			if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
				t.Fatal(err)
			}
			people = append(people, u.ID)
		}
		intro := &introduction.Service{DB: db}
		client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}, Introductions: intro,
			Staff: []jobs.StaffReconciler{intro}}, true)
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
		t.Cleanup(cancel)
		if err := client.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = client.Stop(stop)
		})
		waitFor(t, events, jobs.IntroductionScanArgs{}.Kind())

		ids := &identity.Service{DB: db, Jobs: client}
		actor := &identity.User{ID: people[0], TenantID: m.ID, Name: "beheerder"}
		if _, err := ids.SetRoles(ctx, m, actor, people[1], []string{"staff"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, events, identity.StaffChangedArgs{}.Kind())
		mine, err := intro.Mine(ctx, people[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].NetworkID != n.ID || mine[0].Status != introduction.StatusOpen {
			t.Fatalf("programmes after gaining the role: %+v", mine)
		}
	})
}
