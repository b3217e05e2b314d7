package jobs_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten/health"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/jobs"
	"github.com/bondgenoten/bondgenoten/mail"
	"github.com/bondgenoten/bondgenoten/mailbox"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

const (
	mailWorkerDBEnv   = "BONDGENOTEN_TEST_MAIL_WORKER_DB"
	mailWorkerSMTPEnv = "BONDGENOTEN_TEST_MAIL_WORKER_SMTP"
)

// outboxFor builds the deliverer the product runs, sending to the local
// SMTP server on port.
func outboxFor(t testing.TB, db *store.DB, port int) *notify.Deliverer {
	t.Helper()
	sender, err := mail.NewSender(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone,
		From: "Bondgenoten <noreply@bondgenoten.test>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &notify.Deliverer{DB: db, Sender: sender, Addresses: jobs.Addresses{},
		PublicURL: "https://bondgenoten.test", Domain: "bondgenoten.test"}
}

// fastMailDeps are the deps of a worker that relays, retries and rescues
// within seconds, so a test need not wait minutes.
func fastMailDeps(db *store.DB, outbox *notify.Deliverer) jobs.Deps {
	return jobs.Deps{DB: db, Health: &health.Service{DB: db}, Outbox: outbox,
		JobTimeout: 2 * time.Second, RescueStuckJobsAfter: 3 * time.Second,
		RelayInterval: 200 * time.Millisecond, MailRetryBase: 100 * time.Millisecond}
}

// someoneToTell makes a tenant with one active user and tells them
// something in a committed transaction; the email waits in the outbox.
func someoneToTell(t testing.TB, db *store.DB, email string) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	u := &identity.User{ID: uuid.Must(uuid.NewV7()), TenantID: tn.ID, Issuer: "test", Subject: email,
		Email: email, Status: identity.StatusActive, CreatedAt: now, UpdatedAt: now}
	if _, err := db.Unscoped().NewInsert().Model(u).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{u.ID},
			notify.Message{Kind: notify.CrisisActivated, Params: map[string]string{"network": "Zeist-Noord"}, Link: "/"})
	}); err != nil {
		t.Fatal(err)
	}
	return tn.ID
}

func outboxRows(t *testing.T, db *store.DB) []notify.Mail {
	t.Helper()
	var rows []notify.Mail
	if err := db.Unscoped().NewSelect().Model(&rows).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestAnEmailTravelsFromTheChangeToTheMailboxOnRiver(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		box, err := mailbox.Start("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer box.Close()
		client, err := jobs.NewClient(fastMailDeps(db, outboxFor(t, db, box.Addr().Port)), true)
		if err != nil {
			t.Fatal(err)
		}
		if err := client.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = client.Stop(ctx)
		}()
		someoneToTell(t, db, "anna@zeist.demo")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		msgs, err := box.Wait(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if msgs[0].Subject != "Crisis geactiveerd in Zeist-Noord" || msgs[0].To[0] != "anna@zeist.demo" {
			t.Fatalf("email = %q to %v", msgs[0].Subject, msgs[0].To)
		}
		deadline := time.Now().Add(10 * time.Second)
		for outboxRows(t, db)[0].State != notify.MailSent {
			if time.Now().After(deadline) {
				t.Fatalf("outbox = %+v; want sent", outboxRows(t, db)[0])
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// TestMailWorkerProcess is the worker process the crash test starts and
// kills; it does nothing in a normal test run.
func TestMailWorkerProcess(t *testing.T) {
	url := os.Getenv(mailWorkerDBEnv)
	if url == "" {
		t.Skip("started by TestAKilledMailDeliveryIsRetriedAndSentOnce only")
	}
	port, _ := strconv.Atoi(os.Getenv(mailWorkerSMTPEnv))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	client, err := jobs.NewClient(fastMailDeps(db, outboxFor(t, db, port)), true)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
}

func startMailWorker(t *testing.T, url string, port int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestMailWorkerProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), mailWorkerDBEnv+"="+url, fmt.Sprintf("%s=%d", mailWorkerSMTPEnv, port))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

// The worker is killed (SIGKILL) while the SMTP server holds its delivery
// in the middle of DATA. Started again, River rescues the job, the email
// is sent once, and nothing is lost.
func TestAKilledMailDeliveryIsRetriedAndSentOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills worker processes")
	}
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel() // each waits for River's leader to expire
			url := storetest.URL(t, d)
			db, err := store.Open(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			box, err := mailbox.Start("127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer box.Close()
			box.Stall()
			someoneToTell(t, db, "anna@zeist.demo")

			first := startMailWorker(t, url, box.Addr().Port)
			waitUntil(t, "the delivery hangs in DATA", func() bool {
				rows := outboxRows(t, db)
				return box.Stalled() > 0 && len(rows) == 1 && rows[0].State == notify.MailSending
			})
			if err := first.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			_ = first.Wait()
			box.Release()
			if n := len(box.Messages()); n != 0 {
				t.Fatalf("mailbox holds %d before the restart; want 0", n)
			}

			startMailWorker(t, url, box.Addr().Port)
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			if _, err := box.Wait(ctx, 1); err != nil {
				t.Fatal(err)
			}
			waitUntil(t, "the outbox row is sent", func() bool { return outboxRows(t, db)[0].State == notify.MailSent })
			// Give a wrongly repeated delivery time to show itself.
			time.Sleep(2 * time.Second)
			if n := len(box.Messages()); n != 1 {
				t.Fatalf("mailbox holds %d; want exactly 1", n)
			}
			if row := outboxRows(t, db)[0]; row.Attempts != 2 {
				t.Fatalf("attempts = %d; want 2 (the killed one and the retry)", row.Attempts)
			}
		})
	}
}

// waitUntil polls cond for up to 90 seconds (a guard against a hang, not
// a speed assertion: River's leader must expire and be re-elected).
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for: %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
