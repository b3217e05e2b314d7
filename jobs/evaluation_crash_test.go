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

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/network"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

// The worker process of TestEvaluationScanSurvivesAKilledWorker: this test
// binary, re-executed with these variables, runs the workers on the
// database until it is killed. With a marker file it stops in the middle
// of the evaluation scan, after the first batch has committed, and says so
// by writing the marker.
const (
	crashURL    = "BONDGENOTEN_CRASH_URL"
	crashAt     = "BONDGENOTEN_CRASH_AT"
	crashMarker = "BONDGENOTEN_CRASH_MARKER"
)

func TestEvaluationCrashWorkerProcess(t *testing.T) {
	url := os.Getenv(crashURL)
	if url == "" {
		t.Skip("the worker process of TestEvaluationScanSurvivesAKilledWorker")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, os.Getenv(crashAt))
	if err != nil {
		t.Fatal(err)
	}
	svc := &evaluation.Service{DB: db, Clock: bondgenoten.ClockFunc(func() time.Time { return at })}
	if marker := os.Getenv(crashMarker); marker != "" {
		svc.Progress = func(opened int) {
			_ = os.WriteFile(marker, []byte(strconv.Itoa(opened)), 0o600)
			select {} // hang mid-scan until killed
		}
	}
	client, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}, Evaluations: svc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: svc.Clock,
		JobTimeout: 4 * time.Second, RescueStuckJobsAfter: 5 * time.Second}, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	select {}
}

// TestEvaluationScanSurvivesAKilledWorker kills a worker process with
// SIGKILL in the middle of the evaluation scan and starts another: River
// rescues the stuck job and runs it again, and the scan's effect happens
// exactly once — every network one evaluation, every coordinator one
// notification per network, nothing lost and nothing twice.
func TestEvaluationScanSurvivesAKilledWorker(t *testing.T) {
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
			const networks = 2*evaluation.ScanBatch + 20
			ts := tenanttest.Service(t, db)
			m, err := ts.Create(ctx, tenant.CreateInput{Slug: "gemeente", Name: "Gemeente", Kind: tenant.KindMunicipality})
			if err != nil {
				t.Fatal(err)
			}
			p, err := ts.Create(ctx, tenant.CreateInput{Slug: "basisteam", Name: "Basisteam", Kind: tenant.KindPoliceUnit})
			if err != nil {
				t.Fatal(err)
			}
			var coordinators []uuid.UUID
			for _, tn := range []*tenant.Tenant{m, p} {
				u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tn.ID, Issuer: "test", Subject: tn.Slug, Email: "c@" + tn.Slug + ".demo",
					Name: "Coördinator", Status: identity.StatusActive, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
				ra := &identity.RoleAssignment{UserID: u.ID, TenantID: tn.ID, Role: "coordinator", Source: identity.SourceAdmin, CreatedAt: time.Now().UTC()}
				if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := db.Unscoped().NewInsert().Model(ra).Exec(ctx); err != nil {
					t.Fatal(err)
				}
				coordinators = append(coordinators, u.ID)
			}
			nets := &network.Service{DB: db, Tenants: ts}
			for i := range networks {
				if _, _, err := nets.Create(ctx, m.ID, network.CreateInput{Input: network.Input{Name: "Netwerk " + strconv.Itoa(i), Level: "district"},
					Municipality: "gemeente", PoliceUnits: []string{"basisteam"}}); err != nil {
					t.Fatal(err)
				}
			}
			// Seven months on, every network is due.
			at := time.Now().AddDate(0, 7, 0).UTC().Format(time.RFC3339)
			marker := filepath.Join(t.TempDir(), "marker")
			worker := func(withMarker bool) *exec.Cmd {
				cmd := exec.Command(os.Args[0], "-test.run", "^TestEvaluationCrashWorkerProcess$", "-test.count=1")
				cmd.Env = append(os.Environ(), crashURL+"="+url, crashAt+"="+at)
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
			count := func() (evaluations, told int) {
				n, err := db.Unscoped().NewSelect().Model((*evaluation.Evaluation)(nil)).Count(ctx)
				if err != nil {
					t.Fatal(err)
				}
				k, err := db.Unscoped().NewSelect().Model((*notify.Notification)(nil)).Where("kind = ?", evaluation.KindDue).Count(ctx)
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
					t.Fatal("the worker did not reach the middle of the scan")
				}
				time.Sleep(50 * time.Millisecond)
			}
			if err := first.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = first.Wait()
			if n, k := count(); n != evaluation.ScanBatch || k != evaluation.ScanBatch*len(coordinators) {
				t.Fatalf("at the kill: %d evaluations, %d notifications; want one batch", n, k)
			}
			// The job the killed worker held is still running, as River sees it.
			inserter, err := jobs.NewClient(jobs.Deps{DB: db, Health: &health.Service{DB: db}}, false)
			if err != nil {
				t.Fatal(err)
			}
			list, err := inserter.JobList(ctx, river.NewJobListParams().Kinds(jobs.EvaluationScanArgs{}.Kind()).States(rivertype.JobStateRunning))
			if err != nil || len(list.Jobs) != 1 {
				t.Fatalf("running scan jobs: %v %v", list, err)
			}
			stuck := list.Jobs[0].ID

			worker(false)
			deadline = time.Now().Add(3 * time.Minute)
			for {
				j, err := inserter.JobGet(ctx, stuck)
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
			if n, k := count(); n != networks || k != networks*len(coordinators) {
				t.Fatalf("after the retry: %d evaluations, %d notifications; want %d and %d", n, k, networks, networks*len(coordinators))
			}
			var perNetwork []struct {
				NetworkID uuid.UUID `bun:"network_id"`
				N         int       `bun:"n"`
			}
			if err := db.Unscoped().NewSelect().Model((*evaluation.Evaluation)(nil)).ColumnExpr("network_id, count(*) AS n").
				Group("network_id").Having("count(*) <> 1").Scan(ctx, &perNetwork); err != nil {
				t.Fatal(err)
			}
			if len(perNetwork) != 0 {
				t.Fatalf("networks without exactly one evaluation: %v", perNetwork)
			}
		})
	}
}
