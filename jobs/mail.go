package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/notify"
)

// MailRelayInterval is how long an email waits at most between the change
// that causes it and its delivery job.
const MailRelayInterval = 5 * time.Second

// DigestSchedule is when the daily digests go out.
var DigestSchedule = fmt.Sprintf("CRON_TZ=Europe/Amsterdam 0 %d * * *", notify.DigestHour)

// MailMaxAttempts bounds the attempts of one email: with MailRetryDelay's
// backoff the last is about 17 hours after the first.
const MailMaxAttempts = 10

// MailRetryDelay is the wait before attempt n+1 after n failed attempts:
// base (30 s by default) doubled each time, at most 6 hours.
func MailRetryDelay(base time.Duration, attempt int) time.Duration {
	d := cmp.Or(base, 30*time.Second) * time.Duration(math.Pow(2, float64(max(attempt, 1)-1)))
	return min(d, 6*time.Hour)
}

// MailRelayArgs moves pending emails into delivery jobs.
type MailRelayArgs struct{}

func (MailRelayArgs) Kind() string { return "mail.relay" }

// MailDeliverArgs delivers one outbox row; it holds only its ID.
type MailDeliverArgs struct {
	OutboxID uuid.UUID `json:"outbox_id" river:"unique"`
}

func (MailDeliverArgs) Kind() string { return "mail.deliver" }

// InsertOpts: at most MailMaxAttempts, one live job per outbox row, on the
// mail queue.
func (MailDeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: MailQueue, MaxAttempts: MailMaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// MailQueue holds the deliveries, so a burst of email (a crisis told to
// everyone) neither waits behind nor holds up the other jobs. MailWorkers
// is how many SMTP conversations run at once.
const (
	MailQueue   = "mail"
	MailWorkers = 20
)

// MailSweepArgs shows emails that lost their job as failed and removes
// finished ones past their retention.
type MailSweepArgs struct{}

func (MailSweepArgs) Kind() string { return "mail.sweep" }

type mailSweepWorker struct {
	river.WorkerDefaults[MailSweepArgs]
	outbox *notify.Deliverer
}

func (w *mailSweepWorker) Work(ctx context.Context, _ *river.Job[MailSweepArgs]) error {
	_, err := w.outbox.Sweep(ctx)
	return err
}

// MailDigestArgs gathers the daily digests.
type MailDigestArgs struct{}

func (MailDigestArgs) Kind() string { return "mail.digest" }

func addMailWorkers(workers *river.Workers, d Deps) ([]*river.PeriodicJob, error) {
	river.AddWorker(workers, &mailRelayWorker{outbox: d.Outbox})
	river.AddWorker(workers, &mailDeliverWorker{outbox: d.Outbox, retryBase: d.MailRetryBase,
		timeout: min(2*time.Minute, cmp.Or(d.JobTimeout, 2*time.Minute))})
	river.AddWorker(workers, &mailDigestWorker{outbox: d.Outbox})
	river.AddWorker(workers, &mailSweepWorker{outbox: d.Outbox})
	digest, err := cron.ParseStandard(DigestSchedule)
	if err != nil {
		return nil, fmt.Errorf("digest schedule: %w", err)
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(cmp.Or(d.RelayInterval, MailRelayInterval)),
			func() (river.JobArgs, *river.InsertOpts) { return MailRelayArgs{}, nil },
			&river.PeriodicJobOpts{ID: "mail.relay", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
			func() (river.JobArgs, *river.InsertOpts) { return MailSweepArgs{}, nil },
			&river.PeriodicJobOpts{ID: "mail.sweep", RunOnStart: true}),
		river.NewPeriodicJob(digest,
			func() (river.JobArgs, *river.InsertOpts) { return MailDigestArgs{}, nil },
			&river.PeriodicJobOpts{ID: "mail.digest"}),
	}, nil
}

type mailRelayWorker struct {
	river.WorkerDefaults[MailRelayArgs]
	outbox *notify.Deliverer
}

func (w *mailRelayWorker) Work(ctx context.Context, _ *river.Job[MailRelayArgs]) error {
	client := river.ClientFromContext[*sql.Tx](ctx)
	for {
		n, err := w.outbox.Relay(ctx, func(ctx context.Context, tx *sql.Tx, ids []uuid.UUID) error {
			params := make([]river.InsertManyParams, len(ids))
			for i, id := range ids {
				params[i] = river.InsertManyParams{Args: MailDeliverArgs{OutboxID: id}}
			}
			_, err := client.InsertManyTx(ctx, tx, params)
			return err
		})
		if err != nil || n < notify.RelayBatch {
			return err
		}
	}
}

type mailDeliverWorker struct {
	river.WorkerDefaults[MailDeliverArgs]
	outbox    *notify.Deliverer
	timeout   time.Duration
	retryBase time.Duration
}

// Timeout: one SMTP conversation (2 minutes), not the default five.
func (w *mailDeliverWorker) Timeout(*river.Job[MailDeliverArgs]) time.Duration { return w.timeout }

func (w *mailDeliverWorker) NextRetry(job *river.Job[MailDeliverArgs]) time.Time {
	return time.Now().Add(MailRetryDelay(w.retryBase, job.Attempt))
}

func (w *mailDeliverWorker) Work(ctx context.Context, job *river.Job[MailDeliverArgs]) error {
	_, err := w.outbox.Deliver(ctx, job.Args.OutboxID, job.Attempt >= job.MaxAttempts)
	return err
}

type mailDigestWorker struct {
	river.WorkerDefaults[MailDigestArgs]
	outbox *notify.Deliverer
}

func (w *mailDigestWorker) Work(ctx context.Context, _ *river.Job[MailDigestArgs]) error {
	_, err := w.outbox.Digest(ctx)
	return err
}

// Addresses reads recipients' addresses from their owners: users from
// identity, allies from ally.
type Addresses struct{}

// Users implements notify.AddressBook.
func (Addresses) Users(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	return identity.AddressesOf(ctx, db, ids)
}

// Allies implements notify.AddressBook.
func (Addresses) Allies(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	return ally.AddressesOf(ctx, db, ids)
}
