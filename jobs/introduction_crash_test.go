package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// The worker process of TestIntroductionsSurviveAKilledWorker (the same
// variables as the evaluation's: crashURL, crashMarker). With a marker it
// stops after the first person's programmes have committed.
func TestIntroductionCrashWorkerProcess(t *testing.T) {
	url := os.Getenv(crashURL)
	if url == "" || os.Getenv("BONDGENOTEN_CRASH_INTRODUCTION") == "" {
		t.Skip("the worker process of TestIntroductionsSurviveAKilledWorker")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	svc := &introduction.Service{DB: db}
	if marker := os.Getenv(crashMarker); marker != "" {
		svc.Progress = func(created int) {
			_ = os.WriteFile(marker, []byte(strconv.Itoa(created)), 0o600)
			select {} // hang mid-reconcile until killed
		}
	}
	client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}, Staff: []jobs.StaffReconciler{svc},
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		JobTimeout: 4 * time.Second, RescueStuckJobsAfter: 5 * time.Second}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	select {}
}

// TestIntroductionsSurviveAKilledWorker kills a worker process with SIGKILL
// while it creates the programmes of a tenant's new colleagues (a tenant's
// follow-up job, every person) and starts another: River rescues the job,
// and every person has exactly one programme per network and one notice
// of each.
func TestIntroductionsSurviveAKilledWorker(t *testing.T) {
	if os.Getenv(crashURL) != "" {
		t.Skip("inside the worker process")
	}
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			url := storetest.URL(t, d)
			ctx := context.Background()
			db, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			const people, networks = 12, 3
			ts := tenanttest.Service(t, db)
			m, err := ts.Create(ctx, tenant.CreateInput{Slug: "gemeente", Name: "Gemeente", Kind: tenant.KindMunicipality})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ts.Create(ctx, tenant.CreateInput{Slug: "basisteam", Name: "Basisteam", Kind: tenant.KindPoliceUnit}); err != nil {
				t.Fatal(err)
			}
			nets := &network.Service{DB: db, Tenants: ts}
			for i := range networks {
				if _, _, err := nets.Create(ctx, m.ID, network.CreateInput{Input: network.Input{Name: "Netwerk " + strconv.Itoa(i), Level: "district"},
					Municipality: "gemeente", PoliceUnits: []string{"basisteam"}}); err != nil {
					t.Fatal(err)
				}
			}
			// New colleagues whose roles were given (their follow-up is the
			// tenant's job below).
			for i := range people {
				now := time.Now().UTC()
				u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: m.ID, Issuer: "test", Subject: strconv.Itoa(i), Email: strconv.Itoa(i) + "@gemeente.demo",
					Name: "Nieuw " + strconv.Itoa(i), Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
				ra := &identity.RoleAssignment{UserID: u.ID, TenantID: m.ID, Role: "staff", Source: identity.SourceGroup, CreatedAt: now}
				if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Unscoped().NewInsert().Model(ra).Exec(ctx); err != nil {
					t.Fatal(err)
				}
			}
			inserter, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
			if err != nil {
				t.Fatal(err)
			}
			job, err := inserter.Insert(ctx, identity.StaffChangedArgs{TenantID: m.ID, UserID: uuid.Nil}, nil)
			if err != nil {
				t.Fatal(err)
			}
			marker := filepath.Join(t.TempDir(), "marker")
			worker := func(withMarker bool) *exec.Cmd {
				cmd := exec.Command(os.Args[0], "-test.run", "^TestIntroductionCrashWorkerProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), crashURL+"="+url, "BONDGENOTEN_CRASH_INTRODUCTION=1")
				if withMarker {
					cmd.Env = append(cmd.Env, crashMarker+"="+marker)
				}
				cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
				return cmd
			}
			count := func() (programmes, told int) {
				n, err := db.Unscoped().NewSelect().Model((*introduction.Programme)(nil)).Count(ctx)
				if err != nil {
					t.Fatal(err)
				}
				k, err := db.Unscoped().NewSelect().Model((*notify.Notification)(nil)).Where("kind = ?", introduction.KindStarted).Count(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return int(n), int(k)
			}

			first := worker(true)
			deadline := time.Now().Add(60 * time.Second)
			for {
				if _, err := os.Stat(marker); err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the worker did not reach the middle of the reconcile")
				}
				time.Sleep(50 * time.Millisecond)
			}
			if err := first.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = first.Wait()
			if n, k := count(); n != networks || k != networks {
				t.Fatalf("at the kill: %d programmes, %d notices; want one person's %d", n, k, networks)
			}
			list, err := inserter.JobList(ctx, river.NewJobListParams().Kinds(identity.StaffChangedArgs{}.Kind()).States(rivertype.JobStateRunning))
			if err != nil || len(list.Jobs) != 1 || list.Jobs[0].ID != job.Job.ID {
				t.Fatalf("running follow-up jobs: %v %v", list, err)
			}

			worker(false)
			deadline = time.Now().Add(3 * time.Minute)
			for {
				j, err := inserter.JobGet(ctx, job.Job.ID)
				if err != nil {
					t.Fatal(err)
				}
				if j.State == rivertype.JobStateCompleted {
					if j.Attempt < 2 {
						t.Fatalf("completed in attempt %d; want a retry", j.Attempt)
					}
					t.Logf("the killed job was rescued and completed in attempt %d", j.Attempt)
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the killed job was not retried: %s, attempt %d", j.State, j.Attempt)
				}
				time.Sleep(200 * time.Millisecond)
			}
			if n, k := count(); n != people*networks || k != people*networks {
				t.Fatalf("after the retry: %d programmes, %d notices; want %d", n, k, people*networks)
			}
			var twice []struct {
				UserID    uuid.UUID `bun:"user_id"`
				NetworkID uuid.UUID `bun:"network_id"`
				N         int       `bun:"n"`
			}
			if err := db.Unscoped().NewSelect().Model((*introduction.Programme)(nil)).ColumnExpr("user_id, network_id, count(*) AS n").
				Group("user_id", "network_id").Having("count(*) <> 1").Scan(ctx, &twice); err != nil {
				t.Fatal(err)
			}
			if len(twice) != 0 {
				t.Fatalf("programmes not exactly once: %v", twice)
			}
		})
	}
}
