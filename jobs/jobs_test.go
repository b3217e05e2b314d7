package jobs_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// startWorkers runs a real River client with all workers on db and returns
// it with a channel of completed jobs.
func startWorkers(t *testing.T, db *store.DB) (*jobs.Client, <-chan *river.Event) {
	t.Helper()
	client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, true)
	if err != nil {
		t.Fatal(err)
	}
	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	t.Cleanup(cancel)
	if err := client.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Stop(ctx)
	})
	return client, events
}

// waitFor returns the next finished job of kind, failing the test on a
// failed job or after a generous deadline (a guard, not a speed assertion).
func waitFor(t *testing.T, events <-chan *river.Event, kind string) *river.Event {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Job.Kind != kind {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("job %s ended as %s: %v", kind, ev.Kind, ev.Job.Errors)
			}
			return ev
		case <-deadline:
			t.Fatalf("job %s did not finish", kind)
		}
	}
}

func snapshots(t *testing.T, db *store.DB) []health.Snapshot {
	t.Helper()
	var out []health.Snapshot
	if err := db.Unscoped().NewSelect().Model(&out).Order("tenant_id").Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestNightlySnapshotRunsOnStartAndIsIdempotent(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		inserter, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
		if err != nil {
			t.Fatal(err)
		}
		tenants := &tenant.Service{DB: db, Jobs: inserter}
		bureau, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "bureau-rvs", Name: "Bureau RVS", Kind: tenant.KindBureau})
		town, _ := tenants.Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		o, err := tenants.CreateOversight(ctx, tenant.OversightInput{
			BureauID: bureau.ID, TenantID: town.ID, StartsOn: bondgenoten.Today().AddDays(-1), GrantedBy: "Test",
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tenants.AcceptOversight(ctx, o.ID, town.ID, "Test", nil); err != nil {
			t.Fatal(err)
		}

		client, events := startWorkers(t, db)
		// RunOnStart: the periodic job runs now, without waiting for 02:00.
		waitFor(t, events, jobs.HealthSnapshotArgs{}.Kind())
		first := snapshots(t, db)
		if len(first) != 2 {
			t.Fatalf("snapshots after start = %d; want 2 (one per tenant)", len(first))
		}
		byTenant := map[string]health.Snapshot{}
		for _, s := range first {
			byTenant[s.TenantID.String()] = s
		}
		if b := byTenant[bureau.ID.String()]; b.OverseenTenants != 1 || b.OverseeingBureaus != 0 || b.Day != bondgenoten.Today() {
			t.Fatalf("bureau snapshot = %+v; want 1 overseen today", b)
		}
		if z := byTenant[town.ID.String()]; z.OverseeingBureaus != 1 {
			t.Fatalf("municipality snapshot = %+v; want 1 overseeing bureau", z)
		}

		// A second run on the same day replaces, never duplicates.
		if _, err := client.Insert(ctx, jobs.HealthSnapshotArgs{}, nil); err != nil {
			t.Fatal(err)
		}
		waitFor(t, events, jobs.HealthSnapshotArgs{}.Kind())
		second := snapshots(t, db)
		if len(second) != 2 {
			t.Fatalf("snapshots after second run = %d; want still 2", len(second))
		}
		if !second[0].TakenAt.After(first[0].TakenAt) && !second[0].TakenAt.Equal(first[0].TakenAt) {
			t.Fatalf("second run did not refresh the snapshot: %v then %v", first[0].TakenAt, second[0].TakenAt)
		}
	})
}

func TestNewTenantGetsItsFirstSnapshot(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		client, events := startWorkers(t, db)
		waitFor(t, events, jobs.HealthSnapshotArgs{}.Kind()) // the run-on-start, on an empty database
		tenants := &tenant.Service{DB: db, Jobs: client}
		tn, err := tenants.Create(ctx, tenant.CreateInput{Slug: "nieuwegein", Name: "Nieuwegein", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, events, tenant.ProvisionedArgs{}.Kind())
		list, err := (&health.Service{DB: db}).List(ctx, tn.ID, 10)
		if err != nil || len(list) != 1 || list[0].Day != bondgenoten.Today() {
			t.Fatalf("snapshots of new tenant = %+v, %v; want one of today", list, err)
		}
	})
}

func TestNightlyScheduleIsTwoAMInAmsterdam(t *testing.T) {
	schedule, err := cron.ParseStandard(jobs.NightlySchedule)
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"2026-11-29T10:00:00Z": "2026-11-30T01:00:00Z", // winter: CET is UTC+1
		"2026-07-01T10:00:00Z": "2026-07-02T00:00:00Z", // summer: CEST is UTC+2
	}
	for from, want := range cases {
		f, _ := time.Parse(time.RFC3339, from)
		if got := schedule.Next(f).UTC().Format(time.RFC3339); got != want {
			t.Errorf("next run after %s = %s; want %s", from, got, want)
		}
	}
}

func TestCollectorCountsJobsByKindAndState(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := client.Insert(ctx, jobs.HealthSnapshotArgs{}, nil); err != nil {
				t.Fatal(err)
			}
		}
		reg := prometheus.NewRegistry()
		reg.MustRegister(jobs.NewCollector(db, slog.New(slog.DiscardHandler)))
		want := `
# HELP bondgenoten_river_jobs River jobs in the queue table, by kind and state.
# TYPE bondgenoten_river_jobs gauge
bondgenoten_river_jobs{kind="health.snapshot",state="available"} 2
`
		if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "bondgenoten_river_jobs"); err != nil {
			t.Fatal(err)
		}
	})
}
