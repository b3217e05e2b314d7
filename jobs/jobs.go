// Package jobs runs background work on River: every worker is registered
// here, in one place, and each calls domain code — the jobs hold no rules of
// their own. The same client inserts jobs in the callers' transactions.
package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/evaluation"
	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/introduction"
	"github.com/bondgenoten/bondgenoten/meeting"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/tenant"
)

// NightlySchedule is when the network health snapshot runs: 02:00 in the
// Netherlands, after the day is over and before anyone looks.
const NightlySchedule = "CRON_TZ=Europe/Amsterdam 0 2 * * *"

// Deps are the domain services the workers call.
type Deps struct {
	DB       *store.DB
	Health   *health.Service
	Identity *identity.Service
	Logger   *slog.Logger
	// Clock tells the day a snapshot is taken for; nil is the system clock.
	Clock       bondgenoten.Clock
	Evaluations *evaluation.Service // the daily evaluation scan; nil runs none
	// Introductions reminds new colleagues of their introduction (daily
	// scan); nil runs none. Add it to Staff too, so programmes are created.
	Introductions *introduction.Service
	// Meetings sends meeting and cadence reminders; nil runs neither.
	Meetings *meeting.Service
	// Outbox delivers notifications by email; nil runs no mail jobs.
	Outbox *notify.Deliverer
	// JobTimeout bounds one job (0: 5 minutes); RescueStuckJobsAfter is
	// when a job whose worker died is run again (0: JobTimeout + 1 minute).
	// Tests that kill workers set both small.
	JobTimeout, RescueStuckJobsAfter time.Duration
	// RelayInterval is how often pending emails are moved into delivery
	// jobs (0: MailRelayInterval); MailRetryBase is the wait after an
	// email's first failed attempt, doubled after each (0: 30 seconds).
	RelayInterval, MailRetryBase time.Duration
	// Staff follow up changes of roles, user status and tenant status:
	// new colleagues' introductions, leavers' handovers.
	Staff []StaffReconciler
}

// Client is River's client on our *sql.Tx.
type Client = river.Client[*sql.Tx]

// NewClient returns a River client. With work=false it only inserts jobs
// (serve --workers=false); with work=true it also runs the workers and the
// periodic schedule once Start is called.
func NewClient(d Deps, work bool) (*Client, error) {
	cfg := &river.Config{
		Logger:               d.Logger,
		JobTimeout:           cmp.Or(d.JobTimeout, 5*time.Minute),
		RescueStuckJobsAfter: d.RescueStuckJobsAfter,
	}
	if cfg.RescueStuckJobsAfter == 0 {
		cfg.RescueStuckJobsAfter = cfg.JobTimeout + time.Minute
	}
	if work {
		workers := river.NewWorkers()
		river.AddWorker(workers, &healthSnapshotWorker{health: d.Health, clock: d.Clock})
		river.AddWorker(workers, &tenantProvisionedWorker{health: d.Health, clock: d.Clock})
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 10}}

		schedule, err := cron.ParseStandard(NightlySchedule)
		if err != nil {
			return nil, fmt.Errorf("health snapshot schedule: %w", err)
		}
		cfg.PeriodicJobs = []*river.PeriodicJob{
			river.NewPeriodicJob(schedule, func() (river.JobArgs, *river.InsertOpts) {
				return HealthSnapshotArgs{}, nil
			}, &river.PeriodicJobOpts{ID: "health.snapshot.nightly", RunOnStart: true}),
		}
		if d.Identity != nil {
			river.AddWorker(workers, &purgeSessionsWorker{identity: d.Identity})
			cfg.PeriodicJobs = append(cfg.PeriodicJobs, river.NewPeriodicJob(river.PeriodicInterval(15*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return PurgeSessionsArgs{}, nil },
				&river.PeriodicJobOpts{ID: "identity.purge-sessions", RunOnStart: true}))
		}
		addEvaluation(cfg, workers, d)
		addIntroduction(cfg, workers, d)
		addStaffWorkers(workers, d)
		if d.Outbox != nil {
			cfg.Queues[MailQueue] = river.QueueConfig{MaxWorkers: MailWorkers, FetchPollInterval: 250 * time.Millisecond, FetchCooldown: 50 * time.Millisecond}
			periodic, err := addMailWorkers(workers, d)
			if err != nil {
				return nil, err
			}
			cfg.PeriodicJobs = append(cfg.PeriodicJobs, periodic...)
		}
		cfg.PeriodicJobs = append(cfg.PeriodicJobs, addMeetingWorkers(workers, d)...)
	}
	return river.NewClient(d.DB.RiverDriver(), cfg)
}

// HealthSnapshotArgs asks for today's health snapshot of every tenant.
type HealthSnapshotArgs struct{}

func (HealthSnapshotArgs) Kind() string { return "health.snapshot" }

type healthSnapshotWorker struct {
	river.WorkerDefaults[HealthSnapshotArgs]
	health *health.Service
	clock  bondgenoten.Clock
}

func (w *healthSnapshotWorker) Work(ctx context.Context, _ *river.Job[HealthSnapshotArgs]) error {
	_, err := w.health.Take(ctx, bondgenoten.TodayOn(w.clock))
	return err
}

// tenantProvisionedWorker does the follow-up of a new tenant: its first
// health snapshot, so bureaus see it the same day.
type tenantProvisionedWorker struct {
	river.WorkerDefaults[tenant.ProvisionedArgs]
	health *health.Service
	clock  bondgenoten.Clock
}

func (w *tenantProvisionedWorker) Work(ctx context.Context, job *river.Job[tenant.ProvisionedArgs]) error {
	_, err := w.health.Take(ctx, bondgenoten.TodayOn(w.clock), job.Args.TenantID)
	return err
}

// PurgeSessionsArgs asks to remove ended sessions and stale login attempts.
type PurgeSessionsArgs struct{}

func (PurgeSessionsArgs) Kind() string { return "identity.purge-sessions" }

type purgeSessionsWorker struct {
	river.WorkerDefaults[PurgeSessionsArgs]
	identity *identity.Service
}

func (w *purgeSessionsWorker) Work(ctx context.Context, _ *river.Job[PurgeSessionsArgs]) error {
	_, err := w.identity.PurgeExpired(ctx)
	return err
}
