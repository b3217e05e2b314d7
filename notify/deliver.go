package notify

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/uptrace/bun"

	"github.com/bondgenoten/bondgenoten"
	"github.com/bondgenoten/bondgenoten/mail"
	"github.com/bondgenoten/bondgenoten/store"
)

// Sender hands a finished email to an SMTP server (*mail.Sender).
type Sender interface {
	Send(ctx context.Context, m mail.Message) error
}

// AddressBook reads the addresses of recipients at send time; a recipient
// missing from the answer is not (or no longer) reachable.
type AddressBook interface {
	// Users: active users with an address (identity.AddressesOf).
	Users(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error)
	// Allies: active allies who permit contact and have an address
	// (ally.AddressesOf).
	Allies(ctx context.Context, db bun.IDB, ids []uuid.UUID) (map[uuid.UUID]string, error)
}

// CalendarFiles renders a meeting's invitation or cancellation (.ics) for
// an email (*calendar.Service).
type CalendarFiles interface {
	MeetingFile(ctx context.Context, tenantID, meetingID uuid.UUID, method string) (filename string, data []byte, err error)
}

// Deliverer sends the outbox: it moves pending rows into delivery jobs
// (Relay), sends one row per job (Deliver), and gathers the daily digests
// (Digest). See docs/decisions/0008-notifications-by-email.md for the
// delivery guarantee.
type Deliverer struct {
	DB        *store.DB
	Sender    Sender
	Addresses AddressBook
	Calendar  CalendarFiles // nil: emails go without an .ics
	// PublicURL is the product's address, for the links in emails.
	PublicURL string
	// Domain names the Message-IDs (<outbox-id@Domain>).
	Domain string
	Clock  bondgenoten.Clock
}

// RelayBatch is how many pending rows one relay run moves at most.
const RelayBatch = 500

// Relay moves up to RelayBatch pending outbox rows into delivery jobs: in
// one transaction it marks them queued and calls enqueue with their IDs,
// which inserts one River job each in that same transaction. A crash
// leaves either both or neither. It returns how many rows it moved.
func (d *Deliverer) Relay(ctx context.Context, enqueue func(ctx context.Context, tx *sql.Tx, ids []uuid.UUID) error) (int, error) {
	db := d.DB.For(ctx)
	if d.Sender == nil {
		// Email is off: the inbox is the only channel, and nothing piles up
		// to be sent the day email is switched on.
		_, err := db.NewUpdate().Model((*Mail)(nil)).Set("state = ?", MailSkipped).
			Set("finished_at = ?", bondgenoten.NowOn(d.Clock)).Where("state = ?", MailPending).Exec(ctx)
		return 0, store.MapError(err)
	}
	var moved int
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		q := tx.NewSelect().Model((*Mail)(nil)).Column("id").Where("state = ?", MailPending).
			OrderExpr("created_at, id").Limit(RelayBatch)
		if d.DB.Engine == store.Postgres {
			q = q.For("UPDATE SKIP LOCKED")
		}
		var ids []uuid.UUID
		if err := q.Scan(ctx, &ids); err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		now := bondgenoten.NowOn(d.Clock)
		if _, err := tx.NewUpdate().Model((*Mail)(nil)).Set("state = ?", MailQueued).Set("queued_at = ?", now).
			Where("id IN (?) AND state = ?", bun.In(ids), MailPending).Exec(ctx); err != nil {
			return err
		}
		moved = len(ids)
		return enqueue(ctx, tx.Tx, ids)
	})
	return moved, store.MapError(err)
}

// Outcome of one delivery attempt.
type Outcome string

// Outcomes of Deliver.
const (
	Delivered    Outcome = "delivered"     // the server accepted it now
	AlreadyDone  Outcome = "already_done"  // sent, failed or skipped before: nothing sent
	Unreachable  Outcome = "unreachable"   // no address any more: skipped, nothing sent
	AttemptError Outcome = "attempt_error" // this attempt failed; the job retries
	GaveUp       Outcome = "gave_up"       // the last attempt failed: shown to the administrators
)

// Deliver sends outbox row id. final tells it this is the last attempt, so
// a failure marks the row failed. A row already sent is never sent again;
// see the decision record for the one window in which a crash can repeat
// a message.
func (d *Deliverer) Deliver(ctx context.Context, id uuid.UUID, final bool) (Outcome, error) {
	db := d.DB.For(ctx)
	var row Mail
	var address string
	var outcome Outcome
	// Step 1, committed before the SMTP conversation: the attempt is on
	// record, and the address is read now (not stored in the outbox).
	err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				outcome = AlreadyDone // the tenant or recipient was removed
				return nil
			}
			return err
		}
		switch row.State {
		case MailSent, MailFailed, MailSkipped:
			outcome = AlreadyDone
			return nil
		}
		var err error
		address, err = d.addressOf(ctx, tx, &row)
		if err != nil {
			return err
		}
		now := bondgenoten.NowOn(d.Clock)
		if address == "" {
			outcome = Unreachable
			_, err := tx.NewUpdate().Model((*Mail)(nil)).Set("state = ?", MailSkipped).Set("finished_at = ?", now).
				Where("id = ?", id).Exec(ctx)
			return err
		}
		_, err = tx.NewUpdate().Model((*Mail)(nil)).Set("state = ?", MailSending).Set("sending_at = ?", now).
			Set("attempts = attempts + 1").Where("id = ?", id).Exec(ctx)
		return err
	})
	if err != nil || outcome != "" {
		return outcome, store.MapError(err)
	}

	msg, err := d.compose(ctx, &row, address)
	if err == nil {
		err = d.Sender.Send(ctx, msg)
	}
	reason := ""
	if err != nil {
		// What River records and logs, too: never the server's text.
		reason = describe(err)
		err = errors.New(reason)
	}
	// Step 2: the server's answer is recorded at once. A crash between the
	// server's acceptance and this commit is the only way a message can go
	// twice (with the same Message-ID).
	now := bondgenoten.NowOn(d.Clock)
	upd := db.NewUpdate().Model((*Mail)(nil)).Where("id = ?", id)
	switch {
	case err == nil:
		outcome = Delivered
		upd = upd.Set("state = ?", MailSent).Set("finished_at = ?", now).Set("last_error = ''")
	case final:
		outcome = GaveUp
		upd = upd.Set("state = ?", MailFailed).Set("finished_at = ?", now).Set("last_error = ?", reason)
	default:
		outcome = AttemptError
		upd = upd.Set("state = ?", MailQueued).Set("last_error = ?", reason)
	}
	// The outcome is recorded even when the job's context has ended.
	if _, uerr := upd.Exec(context.WithoutCancel(ctx)); uerr != nil {
		return outcome, errors.Join(err, fmt.Errorf("record delivery: %w", uerr))
	}
	return outcome, err
}

// describe says why a delivery failed, for the administrators' list, in
// words free of addresses and content: the SMTP reply code from package
// mail, or that the email could not be made.
func describe(err error) string {
	var m *mail.Error
	if !errors.As(err, &m) {
		return "the email could not be made"
	}
	return cut(oneLine(m.Text), 300)
}

// cut shortens s to at most n bytes without splitting a character.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func (d *Deliverer) addressOf(ctx context.Context, tx bun.Tx, row *Mail) (string, error) {
	var found map[uuid.UUID]string
	var err error
	var id uuid.UUID
	switch {
	case row.UserID != nil:
		id = *row.UserID
		// Who chose the app only since the email was queued gets none.
		p, err := PreferencesOf(ctx, tx, id)
		if err != nil || p.Email == EmailAppOnly {
			return "", err
		}
		found, err = d.Addresses.Users(ctx, tx, []uuid.UUID{id})
	case row.AllyID != nil:
		id = *row.AllyID
		found, err = d.Addresses.Allies(ctx, tx, []uuid.UUID{id})
	}
	if err != nil {
		return "", err
	}
	return found[id], nil
}

// compose makes the email of row in its recipient's language.
func (d *Deliverer) compose(ctx context.Context, row *Mail, to string) (mail.Message, error) {
	db := d.DB.For(ctx)
	lang := LanguageDutch
	if row.UserID != nil {
		p, err := PreferencesOf(ctx, db, *row.UserID)
		if err != nil {
			return mail.Message{}, err
		}
		lang = p.Language
	}
	c := chrome[lang]
	words := wordsOf(row.Kind, lang, row.Params)
	var lines []string
	if row.Kind == KindDigest {
		words = text{Subject: c.Digest, Body: c.DigestIntro}
		var items []Notification
		if err := db.NewSelect().Model(&items).Where("digest_id = ?", row.ID).OrderExpr("created_at, id").Scan(ctx); err != nil {
			return mail.Message{}, err
		}
		for _, n := range items {
			lines = append(lines, wordsOf(n.Kind, lang, n.Params).Subject)
		}
	}
	link := ""
	if row.Link != "" && row.AllyID == nil { // allies do not sign in
		link = strings.TrimSuffix(d.PublicURL, "/") + row.Link
	}
	footer := c.Why
	settings := strings.TrimSuffix(d.PublicURL, "/") + "/meldingen"
	if row.AllyID != nil {
		footer, settings = c.Ally, ""
	}
	body := words.Body
	if row.MeetingID != nil && d.Calendar != nil {
		body += " " + c.Calendar
	}
	words.Body = body
	var txt strings.Builder
	txt.WriteString(words.Body + "\n\n")
	for _, l := range lines {
		txt.WriteString("- " + l + "\n")
	}
	if len(lines) > 0 {
		txt.WriteString("\n")
	}
	if link != "" {
		txt.WriteString(c.Open + ": " + link + "\n\n")
	}
	txt.WriteString("-- \n" + footer + "\n")
	if settings != "" {
		txt.WriteString(c.Settings + ": " + settings + "\n")
	}
	var html bytes.Buffer
	if err := emailHTML.Execute(&html, map[string]any{
		"Lang": lang, "Subject": words.Subject, "Body": words.Body, "Lines": lines, "Open": c.Open, "Link": link,
		"Footer": footer, "SettingsText": c.Settings, "Settings": settings,
	}); err != nil {
		return mail.Message{}, err
	}
	msg := mail.Message{
		To: to, Subject: words.Subject, Text: txt.String(), HTML: html.String(), Language: lang,
		MessageID: row.ID.String() + "@" + d.Domain,
	}
	if row.MeetingID != nil && d.Calendar != nil {
		name, data, err := d.Calendar.MeetingFile(ctx, row.TenantID, *row.MeetingID, row.CalendarMethod)
		if err != nil {
			return mail.Message{}, fmt.Errorf("calendar file: %w", err)
		}
		msg.Attachments = append(msg.Attachments, mail.Attachment{
			Name: name, ContentType: "text/calendar; method=" + row.CalendarMethod, Data: data,
		})
	}
	return msg, nil
}

var emailHTML = template.Must(template.New("email").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Subject}}</title></head>
<body style="font-family:Arial,sans-serif;color:#1a1a1a;line-height:1.5;margin:0;padding:16px">
<h1 style="font-size:20px">{{.Subject}}</h1>
<p>{{.Body}}</p>
{{if .Lines}}<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{if .Link}}<p><a href="{{.Link}}" style="display:inline-block;background:#0b4f9c;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">{{.Open}}</a></p>{{end}}
<hr><p style="font-size:13px;color:#4a4a4a">{{.Footer}}{{if .Settings}}<br><a href="{{.Settings}}" style="color:#0b4f9c">{{.SettingsText}}</a>{{end}}</p>
</body></html>`))

var errNothingWaiting = errors.New("nothing waiting")

// DigestHour is the hour of the day (Europe/Amsterdam) the daily digest is
// sent: the start of a working day.
const DigestHour = 7

// Digest gathers, per person who reads a daily digest, the notifications
// waiting for it into one outbox row, each person in a transaction of its
// own. Running it twice sends nothing twice: the second run finds nothing
// waiting. It returns how many digests it queued.
func (d *Deliverer) Digest(ctx context.Context) (int, error) {
	db := d.DB.For(ctx)
	var waiting []struct {
		UserID   uuid.UUID `bun:"user_id,type:uuid"`
		TenantID uuid.UUID `bun:"tenant_id,type:uuid"`
	}
	// Those who read a digest now; a notification that waited for someone
	// who has since chosen otherwise stops waiting (SetPreferences clears
	// them too).
	if err := db.NewSelect().TableExpr("notifications AS n").ColumnExpr("DISTINCT n.user_id, n.tenant_id").
		Join("JOIN notification_preferences AS p ON p.user_id = n.user_id AND p.email = ?", EmailDigest).
		Where("n.digest_pending").Scan(ctx, &waiting); err != nil {
		return 0, store.MapError(err)
	}
	queued := 0
	for _, w := range waiting {
		err := db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
			row := newMail(bondgenoten.NowOn(d.Clock), w.TenantID, Message{Kind: KindDigest, Link: "/meldingen"}, &w.UserID, nil)
			if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
				return err
			}
			res, err := tx.NewUpdate().Model((*Notification)(nil)).Set("digest_pending = ?", false).Set("digest_id = ?", row.ID).
				Where("user_id = ? AND digest_pending", w.UserID).Exec(ctx)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errNothingWaiting // another run took them: roll the row back
			}
			queued++
			return nil
		})
		if errors.Is(err, errNothingWaiting) {
			continue
		}
		if err != nil {
			return queued, store.MapError(err)
		}
	}
	return queued, nil
}

// Failure is an email that could not be delivered after every attempt,
// as the tenant's administrators see it: whom (a user by name, or "an
// ally"), what kind, when and why — no content.
type Failure struct {
	ID        uuid.UUID  `json:"id"`
	Kind      string     `json:"kind"`
	Recipient string     `json:"recipient"` // "user" or "ally"
	UserID    *uuid.UUID `json:"userId,omitempty"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"lastError"`
	CreatedAt time.Time  `json:"createdAt"`
	FailedAt  *time.Time `json:"failedAt"`
}

type failurePosition struct {
	At time.Time `json:"at"`
	ID uuid.UUID `json:"id"`
}

// Failures lists a page of tenantID's emails that failed for good, newest
// first, after cursor (the Next of the page before; "" for the first).
func Failures(ctx context.Context, db bun.IDB, tenantID uuid.UUID, limit int, cursor string) (bondgenoten.Page[Failure], error) {
	page := bondgenoten.Page[Failure]{Items: []Failure{}}
	n, err := bondgenoten.PageLimit(limit)
	if err != nil {
		return page, err
	}
	q := db.NewSelect().Model((*Mail)(nil)).Where("tenant_id = ? AND state = ?", tenantID, MailFailed)
	if cursor != "" {
		var after failurePosition
		if err := bondgenoten.DecodeCursor(cursor, &after); err != nil {
			return page, err
		}
		q = q.Where("(finished_at < ? OR (finished_at = ? AND id < ?))", after.At, after.At, after.ID)
	}
	var rows []Mail
	if err := q.OrderExpr("finished_at DESC, id DESC").Limit(int64(n+1)).Scan(ctx, &rows); err != nil {
		return page, store.MapError(err)
	}
	if len(rows) > n {
		last := rows[n-1]
		page.Next = bondgenoten.EncodeCursor(failurePosition{At: *last.FinishedAt, ID: last.ID})
		rows = rows[:n]
	}
	for _, r := range rows {
		f := Failure{ID: r.ID, Kind: r.Kind, Recipient: "user", UserID: r.UserID, Attempts: r.Attempts,
			LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(), FailedAt: r.FinishedAt}
		if r.AllyID != nil {
			f.Recipient = "ally"
		}
		if f.FailedAt != nil {
			t := f.FailedAt.UTC()
			f.FailedAt = &t
		}
		page.Items = append(page.Items, f)
	}
	return page, nil
}

// Retry puts a failed email of tenantID back in the outbox, for an
// administrator who fixed the cause (an address, the mail server).
func Retry(ctx context.Context, db bun.IDB, tenantID, id uuid.UUID) error {
	res, err := db.NewUpdate().Model((*Mail)(nil)).Set("state = ?", MailPending).Set("last_error = ''").
		Set("finished_at = NULL").Set("attempts = 0").
		Where("id = ? AND tenant_id = ? AND state = ?", id, tenantID, MailFailed).Exec(ctx)
	if err != nil {
		return store.MapError(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return bondgenoten.Errorf(bondgenoten.ENOTFOUND, "no such failed email")
	}
	return nil
}

// PreferencesOf returns userID's preferences, or the defaults.
func PreferencesOf(ctx context.Context, db bun.IDB, userID uuid.UUID) (Preferences, error) {
	p := Preferences{}
	err := db.NewSelect().Model(&p).Where("user_id = ?", userID).Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		p = DefaultPreferences
		p.UserID = userID
		return p, nil
	}
	return p, store.MapError(err)
}

// Retention and give-up times of the outbox (Sweep).
const (
	// GiveUpAfter: a row still queued or sending this long after it was
	// queued has lost its job (cancelled or deleted by an operator, or its
	// worker died on the last attempt): it is shown as failed. The retries
	// end about 17 hours after the first attempt.
	GiveUpAfter = 24 * time.Hour
	// KeepDone is how long sent and skipped rows stay; KeepFailed how long
	// failed ones stay for the administrators.
	KeepDone   = 30 * 24 * time.Hour
	KeepFailed = 90 * 24 * time.Hour
)

// Sweep marks rows that lost their delivery job as failed, so no email is
// lost unseen, and removes finished rows past their retention. It returns
// how many it marked failed.
func (d *Deliverer) Sweep(ctx context.Context) (int, error) {
	db := d.DB.For(ctx)
	now := bondgenoten.NowOn(d.Clock)
	res, err := db.NewUpdate().Model((*Mail)(nil)).Set("state = ?", MailFailed).Set("finished_at = ?", now).
		Set("last_error = ?", "delivery stopped before the email was sent").
		Where("state IN (?) AND queued_at < ?", bun.In([]string{MailQueued, MailSending}), now.Add(-GiveUpAfter)).Exec(ctx)
	if err != nil {
		return 0, store.MapError(err)
	}
	stranded, _ := res.RowsAffected()
	if _, err := db.NewDelete().Model((*Mail)(nil)).
		Where("(state IN (?) AND finished_at < ?) OR (state = ? AND finished_at < ?)",
			bun.In([]string{MailSent, MailSkipped}), now.Add(-KeepDone), MailFailed, now.Add(-KeepFailed)).Exec(ctx); err != nil {
		return int(stranded), store.MapError(err)
	}
	return int(stranded), nil
}
