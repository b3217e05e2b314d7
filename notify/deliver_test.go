package notify_test

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/ally"
	"github.com/bondgenoten/bondgenoten/identity"
	"github.com/bondgenoten/bondgenoten/mail"
	"github.com/bondgenoten/bondgenoten/mailbox"
	"github.com/bondgenoten/bondgenoten/notify"
	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
	"github.com/bondgenoten/bondgenoten/tenant"
	"github.com/bondgenoten/bondgenoten/tenant/tenanttest"
)

type addresses struct{}

func (addresses) Users(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	return identity.AddressesOf(ctx, db, ids)
}

func (addresses) Allies(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	return ally.AddressesOf(ctx, db, ids)
}

// startMailbox runs the real in-process SMTP server for one test.
func startMailbox(t *testing.T) *mailbox.Mailbox {
	t.Helper()
	box, err := mailbox.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = box.Close() })
	return box
}

func senderTo(t *testing.T, port int) *mail.Sender {
	t.Helper()
	s, err := mail.NewSender(mail.Config{Host: "127.0.0.1", Port: port, TLS: mail.TLSNone,
		From: "Bondgenoten <noreply@bondgenoten.test>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func deliverer(db *store.DB, sender notify.Sender) *notify.Deliverer {
	return &notify.Deliverer{DB: db, Sender: sender, Addresses: addresses{},
		PublicURL: "https://bondgenoten.test", Domain: "bondgenoten.test"}
}

// relayed runs one relay and returns the IDs it queued.
func relayed(t *testing.T, d *notify.Deliverer) []uuid.UUID {
	t.Helper()
	var got []uuid.UUID
	if _, err := d.Relay(context.Background(), func(_ context.Context, _ *sql.Tx, ids []uuid.UUID) error {
		got = append(got, ids...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func outboxStates(t *testing.T, db *store.DB) map[string]int {
	t.Helper()
	var rows []notify.Mail
	if err := db.Unscoped().NewSelect().Model(&rows).Scan(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.State]++
	}
	return out
}

func TestEmailsFollowTheChangeAndGoOnce(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		anna := person(t, db, tn.ID, "anna@zeist.demo")
		box := startMailbox(t)
		d := deliverer(db, senderTo(t, box.Addr().Port))
		msg := notify.Message{Kind: notify.SignalUrgent, Params: map[string]string{"network": "Zeist-Noord"}, Link: "/netwerken/x"}

		// Rolled back: no email queued.
		boom := errors.New("rollback")
		_ = db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			if err := notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, msg); err != nil {
				return err
			}
			return boom
		})
		if got := relayed(t, d); len(got) != 0 {
			t.Fatalf("relayed %d after a rollback; want 0", len(got))
		}
		if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, msg)
		}); err != nil {
			t.Fatal(err)
		}
		ids := relayed(t, d)
		if len(ids) != 1 {
			t.Fatalf("relayed %d; want 1", len(ids))
		}
		if again := relayed(t, d); len(again) != 0 {
			t.Fatalf("a second relay queued %d; want 0", len(again))
		}
		out, err := d.Deliver(ctx, ids[0], false)
		if err != nil || out != notify.Delivered {
			t.Fatalf("deliver: %v %v", out, err)
		}
		// A retried job finds it sent and sends nothing.
		if out, err := d.Deliver(ctx, ids[0], false); err != nil || out != notify.AlreadyDone {
			t.Fatalf("second deliver: %v %v; want already done", out, err)
		}
		msgs := box.Messages()
		if len(msgs) != 1 {
			t.Fatalf("mailbox holds %d; want 1", len(msgs))
		}
		m := msgs[0]
		if m.Subject != "Urgent signaal in Zeist-Noord" || m.To[0] != "anna@zeist.demo" ||
			!strings.Contains(m.Text, "https://bondgenoten.test/netwerken/x") || !strings.Contains(m.HTML, `lang="nl"`) ||
			!strings.Contains(m.MessageID, ids[0].String()+"@bondgenoten.test") {
			t.Fatalf("email = %+v", m)
		}
		if outboxStates(t, db)[notify.MailSent] != 1 {
			t.Fatalf("states = %v; want one sent", outboxStates(t, db))
		}
	})
}

func TestPreferencesChooseDigestAppOnlyAndLanguage(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		digest, quiet, english := person(t, db, tn.ID, "d@zeist.demo"), person(t, db, tn.ID, "q@zeist.demo"), person(t, db, tn.ID, "e@zeist.demo")
		svc := &notify.Service{DB: db}
		for user, p := range map[uuid.UUID]notify.Preferences{
			digest: {Email: notify.EmailDigest, Language: notify.LanguageDutch},
			quiet:  {Email: notify.EmailAppOnly, Language: notify.LanguageDutch},
		} {
			if _, err := svc.SetPreferences(ctx, user, p); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.SetPreferences(ctx, english, notify.Preferences{Email: notify.EmailImmediate, Language: notify.LanguageEnglish}); err != nil {
			t.Fatal(err)
		}
		// Changing one's mind is an update, not a second row.
		if _, err := svc.SetPreferences(ctx, english, notify.Preferences{Email: notify.EmailImmediate, Language: notify.LanguageEnglish}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetPreferences(ctx, english, notify.Preferences{Email: "hourly", Language: "fr"}); err == nil {
			t.Fatal("an unknown choice was accepted")
		}
		box := startMailbox(t)
		d := deliverer(db, senderTo(t, box.Addr().Port))
		for _, network := range []string{"Noord", "Zuid"} {
			if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{digest, quiet, english},
					notify.Message{Kind: notify.CrisisActivated, Params: map[string]string{"network": network}, Link: "/"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		ids := relayed(t, d)
		if len(ids) != 2 {
			t.Fatalf("relayed %d at once; want 2 (only the one who wants email at once)", len(ids))
		}
		for _, id := range ids {
			if _, err := d.Deliver(ctx, id, false); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range box.Messages() {
			if m.To[0] != "e@zeist.demo" || !strings.HasPrefix(m.Subject, "Crisis activated in ") || !strings.Contains(m.HTML, `lang="en"`) {
				t.Fatalf("immediate email = %q to %v; want English to e@", m.Subject, m.To)
			}
		}
		// The digest gathers both of the digest reader's notifications
		// into one email, once.
		if n, err := d.Digest(ctx); err != nil || n != 1 {
			t.Fatalf("digests = %d, %v; want 1", n, err)
		}
		if n, err := d.Digest(ctx); err != nil || n != 0 {
			t.Fatalf("second digest run = %d, %v; want 0", n, err)
		}
		ids = relayed(t, d)
		if len(ids) != 1 {
			t.Fatalf("relayed %d digests; want 1", len(ids))
		}
		if _, err := d.Deliver(ctx, ids[0], false); err != nil {
			t.Fatal(err)
		}
		msgs := box.Messages()
		last := msgs[len(msgs)-1]
		if len(msgs) != 3 || last.To[0] != "d@zeist.demo" || !strings.Contains(last.Text, "Crisis geactiveerd in Noord") ||
			!strings.Contains(last.Text, "Crisis geactiveerd in Zuid") {
			t.Fatalf("digest = %q to %v: %s", last.Subject, last.To, last.Text)
		}
		for _, m := range msgs {
			if m.To[0] == "q@zeist.demo" {
				t.Fatal("the person who chose the app only got an email")
			}
		}
	})
}

func TestAFailingEmailIsRetriedThenShownToAdministrators(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		anna := person(t, db, tn.ID, "anna@zeist.demo")
		// A port nobody listens on.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		_ = ln.Close()
		d := deliverer(db, senderTo(t, port))
		if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, notify.Message{Kind: notify.SSOChanged, Link: "/beheer/sso"})
		}); err != nil {
			t.Fatal(err)
		}
		ids := relayed(t, d)
		if out, err := d.Deliver(ctx, ids[0], false); err == nil || out != notify.AttemptError {
			t.Fatalf("first attempt: %v %v; want an attempt error", out, err)
		}
		if f, _ := failuresOf(ctx, db, tn.ID); len(f) != 0 {
			t.Fatalf("failures after one attempt = %d; want 0 (it is retried)", len(f))
		}
		if out, err := d.Deliver(ctx, ids[0], true); err == nil || out != notify.GaveUp {
			t.Fatalf("last attempt: %v %v; want gave up", out, err)
		}
		failures, err := failuresOf(ctx, db, tn.ID)
		if err != nil || len(failures) != 1 || failures[0].Attempts != 2 || failures[0].LastError == "" || failures[0].Recipient != "user" {
			t.Fatalf("failures = %+v, %v", failures, err)
		}
		if strings.Contains(failures[0].LastError, "anna@") {
			t.Fatalf("the error shown holds the address: %q", failures[0].LastError)
		}
		other, _ := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "utrecht", Name: "Utrecht", Kind: tenant.KindMunicipality})
		if err := notify.Retry(ctx, db.Unscoped(), other.ID, failures[0].ID); err == nil {
			t.Fatal("another tenant retried this tenant's email")
		}
		// Fixed and retried: it goes.
		box := startMailbox(t)
		d.Sender = senderTo(t, box.Addr().Port)
		if err := notify.Retry(ctx, db.Unscoped(), tn.ID, failures[0].ID); err != nil {
			t.Fatal(err)
		}
		ids = relayed(t, d)
		if out, err := d.Deliver(ctx, ids[0], false); err != nil || out != notify.Delivered || len(box.Messages()) != 1 {
			t.Fatalf("after retry: %v %v, %d messages", out, err, len(box.Messages()))
		}
	})
}

func TestNoEmailWhenMailIsOffOrNobodyToReach(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		anna := person(t, db, tn.ID, "anna@zeist.demo")
		add := func() {
			if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, notify.Message{Kind: notify.SSOChanged})
			}); err != nil {
				t.Fatal(err)
			}
		}
		add()
		off := deliverer(db, nil)
		if got := relayed(t, off); len(got) != 0 {
			t.Fatalf("mail off relayed %d", len(got))
		}
		if s := outboxStates(t, db); s[notify.MailSkipped] != 1 {
			t.Fatalf("states with mail off = %v; want skipped", s)
		}
		// A deactivated person is not written to.
		add()
		if _, err := db.Unscoped().NewUpdate().Model((*identity.User)(nil)).Set("status = ?", identity.StatusDeactivated).
			Where("id = ?", anna).Exec(ctx); err != nil {
			t.Fatal(err)
		}
		box := startMailbox(t)
		d := deliverer(db, senderTo(t, box.Addr().Port))
		ids := relayed(t, d)
		if out, err := d.Deliver(ctx, ids[0], false); err != nil || out != notify.Unreachable || len(box.Messages()) != 0 {
			t.Fatalf("to a deactivated person: %v %v, %d sent", out, err, len(box.Messages()))
		}
	})
}

// A bounce names the address in the server's reply (and go-mail repeats
// it in its error): neither the administrators' list nor the error River
// records and logs may carry it.
func TestAFailedDeliveryDoesNotKeepTheAddress(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		anna := person(t, db, tn.ID, "anna.geheim@rejected.test")
		box := startMailbox(t)
		box.RejectRecipients("@rejected.test")
		d := deliverer(db, senderTo(t, box.Addr().Port))
		if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, notify.Message{Kind: notify.SSOChanged})
		}); err != nil {
			t.Fatal(err)
		}
		ids := relayed(t, d)
		_, err = d.Deliver(ctx, ids[0], true)
		if err == nil || strings.Contains(err.Error(), "geheim") || !strings.Contains(err.Error(), "550") {
			t.Fatalf("the error returned = %v; want the 550 without the address", err)
		}
		failures, err := failuresOf(ctx, db, tn.ID)
		if err != nil || len(failures) != 1 {
			t.Fatalf("failures = %+v, %v", failures, err)
		}
		if got := failures[0].LastError; strings.Contains(got, "geheim") || !strings.Contains(got, "550 5.1.1") {
			t.Fatalf("the administrators see %q; want the reply code without the address", got)
		}
	})
}

// An email whose job was lost (cancelled by an operator, or its worker
// died on the last attempt) shows as failed a day later, for retrying;
// finished rows go after their retention.
func TestAnEmailThatLostItsJobIsShownAsFailed(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		anna := person(t, db, tn.ID, "anna@zeist.demo")
		box := startMailbox(t)
		d := deliverer(db, senderTo(t, box.Addr().Port))
		for range 2 {
			if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
				return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{anna}, notify.Message{Kind: notify.SSOChanged})
			}); err != nil {
				t.Fatal(err)
			}
		}
		ids := relayed(t, d) // both queued; the first is sent, the second's job is "lost"
		if _, err := d.Deliver(ctx, ids[0], false); err != nil {
			t.Fatal(err)
		}
		if n, err := d.Sweep(ctx); err != nil || n != 0 {
			t.Fatalf("sweep at once = %d, %v; want 0", n, err)
		}
		later := time.Now().Add(notify.GiveUpAfter + time.Hour)
		d.Clock = bondgenoten.ClockFunc(func() time.Time { return later })
		if n, err := d.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep a day later = %d, %v; want 1", n, err)
		}
		failures, _ := failuresOf(ctx, db, tn.ID)
		if len(failures) != 1 || failures[0].ID != ids[1] {
			t.Fatalf("failures = %+v; want the lost one", failures)
		}
		if err := notify.Retry(ctx, db.Unscoped(), tn.ID, ids[1]); err != nil {
			t.Fatal(err)
		}
		// A month on, the sent one is gone; the pending one stays.
		d.Clock = bondgenoten.ClockFunc(func() time.Time { return later.Add(notify.KeepDone) })
		if _, err := d.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if s := outboxStates(t, db); s[notify.MailSent] != 0 || s[notify.MailPending] != 1 {
			t.Fatalf("states after retention = %v", s)
		}
	})
}

// Choosing the app only stops what waits: the digest and an email queued
// but not yet sent. The outbox keeps only what emails use.
func TestAChangeOfMindStopsWaitingEmail(t *testing.T) {
	storetest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenanttest.Service(t, db).Create(ctx, tenant.CreateInput{Slug: "zeist", Name: "Zeist", Kind: tenant.KindMunicipality})
		if err != nil {
			t.Fatal(err)
		}
		digest, quick := person(t, db, tn.ID, "d@zeist.demo"), person(t, db, tn.ID, "q@zeist.demo")
		svc := &notify.Service{DB: db}
		if _, err := svc.SetPreferences(ctx, digest, notify.Preferences{Email: notify.EmailDigest, Language: notify.LanguageDutch}); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, func(ctx context.Context, tx bun.Tx) error {
			return notify.Add(ctx, tx, nil, tn.ID, []uuid.UUID{digest, quick},
				notify.Message{Kind: notify.RolesChanged, Params: map[string]string{"user": "Sanne de Boer", "by": "Beheerder"}})
		}); err != nil {
			t.Fatal(err)
		}
		var rows []notify.Mail
		if err := db.Unscoped().NewSelect().Model(&rows).Scan(ctx); err != nil || len(rows) != 1 {
			t.Fatalf("outbox = %+v, %v", rows, err)
		}
		if len(rows[0].Params) != 0 {
			t.Fatalf("the outbox kept %v; emails use none of these", rows[0].Params)
		}
		for _, u := range []uuid.UUID{digest, quick} {
			if _, err := svc.SetPreferences(ctx, u, notify.Preferences{Email: notify.EmailAppOnly, Language: notify.LanguageDutch}); err != nil {
				t.Fatal(err)
			}
		}
		box := startMailbox(t)
		d := deliverer(db, senderTo(t, box.Addr().Port))
		if n, err := d.Digest(ctx); err != nil || n != 0 {
			t.Fatalf("digests after choosing the app only = %d, %v", n, err)
		}
		ids := relayed(t, d)
		if out, err := d.Deliver(ctx, ids[0], false); err != nil || out != notify.Unreachable || len(box.Messages()) != 0 {
			t.Fatalf("queued email after choosing the app only: %v %v, %d sent", out, err, len(box.Messages()))
		}
	})
}

// failuresOf is the first page of tenantID's failed emails.
func failuresOf(ctx context.Context, db *store.DB, tenantID uuid.UUID) ([]notify.Failure, error) {
	page, err := notify.Failures(ctx, db.Unscoped(), tenantID, 0, "")
	return page.Items, err
}
